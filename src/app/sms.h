/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * sms.h: sending a text message (a backpack sign-in code to a phone).
 *
 * A sender is a small table of functions.  The default one, "outbox only",
 * records the message in the outbox with channel 'sms' inside the caller's
 * transaction and sends nothing by itself.  When the sms_url setting names
 * an HTTP SMS gateway, the server's outbox thread delivers those rows with
 * bl_app_sms_deliver (docs/internals/sms.md); without it they only wait.
 * The backpack shows the code path for phones either way.
 */
#ifndef BL_APP_SMS_H
#define BL_APP_SMS_H

#include "app/app.h"
#include "app/mail.h"
#include "net/smsgw.h"

#define BL_APP_SMS_MAX 480u /* bytes of one message (three SMS segments) */

struct bl_app_sms_sender {
    const char *name; /* "outbox" */
    /*
     * Queue or send `text` to phone `to` (E.164) within tx; from expires_at
     * (unix seconds) on it is not worth sending any more and is dropped.
     */
    enum bl_err (*send)(void *cls, struct bl_tx *tx, const struct bl_app *app, const char *to,
                        const char *text, int64_t expires_at, struct bl_errinfo *ei);
    void *cls;
};

/* The default sender: the message waits in the outbox (channel 'sms'). */
extern const struct bl_app_sms_sender bl_app_sms_outbox;

/*
 * Delays before attempts 2, 3, 4 and 5: a sign-in code is good for 15
 * minutes.  A message that expires later is tried again after the last
 * delay until it expires.
 */
#define BL_APP_SMS_RETRY_DEFAULT "20,60,180,400"
/*
 * How long a notice (an answer to an application) is worth sending, in
 * seconds: a gateway down for a night still delivers it.  A sign-in code's
 * message expires with the code (BL_APP_CODE_TTL, backpack.h).
 */
#define BL_APP_SMS_NOTICE_TTL (72 * 3600)
/* How long a claim keeps other senders off a message (seconds). */
#define BL_APP_SMS_LEASE (BL_APP_MAIL_BATCH * (BL_SMSGW_TIMEOUT_MS / 1000) + 60)

/* How the outbox's text messages reach the gateway. */
struct bl_app_sms_gateway {
    struct bl_smsgw_opts gw;              /* URL, bearer token, sender, cancel flag */
    int64_t retry[BL_APP_MAIL_RETRY_MAX]; /* seconds before attempt 2, 3, ... */
    size_t nretry;                        /* attempts = nretry + 1 */
};

/*
 * Claim the text messages due now (BL_APP_MAIL_BATCH at most) and POST each
 * to the gateway: a 2xx answer marks it sent; 408, 429, 5xx, a timeout or
 * no answer make it due again after the schedule's delay (given up after
 * the last, or when it expires: bl_app_outbox_deliver); any other 4xx
 * gives it up at once with the status in last_error.  An expired message
 * is dropped unsent.  *sent and *failed count this round; errors are the
 * store's.
 */
enum bl_err bl_app_sms_deliver(struct bl_app *app, const struct bl_app_sms_gateway *g, size_t *sent,
                               size_t *failed, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
