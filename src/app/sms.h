/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * sms.h: sending a text message (a backpack sign-in code to a phone).
 *
 * A sender is a small table of functions.  The default one, "outbox only",
 * records the message in the outbox with channel 'sms' inside the caller's
 * transaction and sends nothing: the mailer skips that channel, and a
 * gateway (an HTTP SMS provider set in the configuration) can later claim
 * those rows.  The backpack shows the code path for phones either way.
 */
#ifndef BL_APP_SMS_H
#define BL_APP_SMS_H

#include "app/app.h"

#define BL_APP_SMS_MAX 480u /* bytes of one message (three SMS segments) */

struct bl_app_sms_sender {
    const char *name; /* "outbox" */
    /* Queue or send `text` to phone `to` (E.164) within tx. */
    enum bl_err (*send)(void *cls, struct bl_tx *tx, const struct bl_app *app, const char *to,
                        const char *text, struct bl_errinfo *ei);
    void *cls;
};

/* The default sender: the message waits in the outbox (channel 'sms'). */
extern const struct bl_app_sms_sender bl_app_sms_outbox;

#endif
