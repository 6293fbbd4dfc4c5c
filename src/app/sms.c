/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * sms.c: the "outbox only" text message sender (sms.h).
 */
#include "app/sms.h"

#include <string.h>

static enum bl_err outbox_send(void *cls, struct bl_tx *tx, const struct bl_app *app,
                               const char *to, const char *text, struct bl_errinfo *ei)
{
    int64_t id;
    (void)cls;
    if (strlen(text) > BL_APP_SMS_MAX)
        return bl_fail(ei, BL_ETOOBIG, "sms: message over %u bytes", BL_APP_SMS_MAX);
    return bl_store_outbox_enqueue_channel(tx, "sms", to, "SMS", text, "", bl_app_now(app), &id,
                                           ei);
}

const struct bl_app_sms_sender bl_app_sms_outbox = {"outbox", outbox_send, NULL};
