/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * sms.c: the "outbox only" text message sender, and the delivery of the
 * queued messages to an HTTP SMS gateway (sms.h).
 */
#include "app/sms.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/gsm7.h"

static enum bl_app_outcome gateway_send(const struct bl_app *app, void *cls,
                                        const struct bl_outbox *m, const char *org_name, char *why,
                                        size_t whylen);

static enum bl_err outbox_send(void *cls, struct bl_tx *tx, const struct bl_app *app,
                               const char *to, const char *text, int64_t expires_at,
                               struct bl_errinfo *ei)
{
    char fitted[BL_APP_SMS_MAX + 1];
    size_t n = strlen(text), len;
    int64_t id;
    (void)cls;
    if (n > BL_APP_SMS_MAX)
        return bl_fail(ei, BL_ETOOBIG, "sms: message over %u bytes", BL_APP_SMS_MAX);
    /* Plain quotes and letters when that keeps it GSM-7: 160 characters an SMS, not 70. */
    (void)bl_gsm7_fit(text, n, fitted, &len);
    return bl_store_outbox_enqueue_expiring(tx, "sms", to, "SMS", fitted, "", bl_app_now(app),
                                            expires_at, &id, ei);
}

const struct bl_app_sms_sender bl_app_sms_outbox = {"outbox", outbox_send, NULL};

enum bl_err bl_app_sms_deliver(struct bl_app *app, const struct bl_app_sms_gateway *g, size_t *sent,
                               size_t *failed, struct bl_errinfo *ei)
{
    struct bl_app_outbox_channel ch = {.channel = "sms",
                                       .lease = BL_APP_SMS_LEASE,
                                       .retry = g->retry,
                                       .nretry = g->nretry,
                                       .cancel = g->gw.cancel,
                                       .send = gateway_send,
                                       .cls = (void *)(uintptr_t)g};
    return bl_app_outbox_deliver(app, &ch, sent, failed, ei);
}

/* ---- helpers ---- */

/* One message to the gateway (cls: the gateway); the answer's status decides its fate. */
static enum bl_app_outcome gateway_send(const struct bl_app *app, void *cls,
                                        const struct bl_outbox *m, const char *org_name, char *why,
                                        size_t whylen)
{
    const struct bl_app_sms_gateway *g = cls;
    char key[BL_SMSGW_KEY_MAX];
    struct bl_errinfo ei;
    long status = 0;

    (void)app, (void)org_name;
    /* Stable across attempts, so that the gateway can drop a duplicate. */
    (void)snprintf(key, sizeof key, "bl.sms.%lld.%lld", (long long)m->id, (long long)m->created_at);
    bl_errinfo_clear(&ei);
    if (bl_smsgw_send(&g->gw, m->to_addr, m->body_text, key, &status, &ei) != BL_OK) {
        (void)snprintf(why, whylen, "%s", ei.msg[0] ? ei.msg : bl_strerror(ei.code));
        /* A message we cannot even build will not get better. */
        return ei.code == BL_EINVAL ? BL_APP_GIVE_UP : BL_APP_RETRY;
    }
    if (status >= 200 && status < 300)
        return BL_APP_SENT;
    (void)snprintf(why, whylen, "sms gateway: HTTP %ld", status);
    /* A refusal stays one (a wrong number, a bad token); a timeout or an overload may pass. */
    if (status >= 400 && status < 500 && status != 408 && status != 429)
        return BL_APP_GIVE_UP;
    return BL_APP_RETRY;
}
