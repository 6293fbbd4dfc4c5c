/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * mail.h: email to the recipient of an award (docs/internals/mail.md).
 *
 * bl_app_award queues the message in the award's own transaction (table
 * outbox), so a badge is never issued without its mail nor the reverse;
 * a sender (the server's mailer thread) later calls bl_app_mail_deliver,
 * which claims due messages, sends them over SMTP and records the result,
 * retrying with a growing delay and giving up after the last one.
 */
#ifndef BL_APP_MAIL_H
#define BL_APP_MAIL_H

#include <stdatomic.h>

#include <jansson.h>

#include "app/app.h"
#include "net/smtp.h"

/* Delays before attempts 2, 3, 4 and 5; after the fifth failure the message is given up. */
#define BL_APP_MAIL_RETRY_DEFAULT "60,300,1800,7200"
#define BL_APP_MAIL_RETRY_MAX     16u
/* Messages claimed at once, and how long a claim keeps others off them (seconds). */
#define BL_APP_MAIL_BATCH 10u
#define BL_APP_MAIL_LEASE (BL_APP_MAIL_BATCH * (BL_SMTP_TIMEOUT_MS / 1000) + 60)
/* Largest rendered HTML or text body. */
#define BL_APP_MAIL_BODY_MAX (256u * 1024u)
/* Longest error kept in outbox.last_error. */
#define BL_APP_MAIL_ERROR_MAX 500u

/* The parts of a message, strings in the caller's arena. */
struct bl_app_mail {
    const char *subject, *text, *html;
};

/*
 * Compose the French message for award aw of badge class bc issued by org:
 * subject "Vous avez reçu le badge « NAME »", a text and an HTML body
 * (web/templates/mail-award.html) with the badge image and the links to
 * the award page and the baked PNG and SVG.
 */
enum bl_err bl_app_mail_award(const struct bl_app *app, struct bl_arena *a,
                              const struct bl_org *org, const struct bl_badgeclass *bc,
                              const struct bl_award *aw, struct bl_app_mail *out,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Compose and queue that message in tx, due now (bl_app_award calls it). */
enum bl_err bl_app_mail_queue_award(struct bl_tx *tx, const struct bl_app *app, struct bl_arena *a,
                                    const struct bl_org *org, const struct bl_badgeclass *bc,
                                    const struct bl_award *aw,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/* How a sender works. */
/* Render the embedded mail template web/templates/name with ctx into *out (in a). */
enum bl_err bl_app_mail_html(const char *name, json_t *ctx, struct bl_arena *a, const char **out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_app_mail_sender {
    struct bl_smtp_opts smtp;             /* relay URL, envelope sender, cancel flag */
    const char *from;                     /* From: address (smtp.from when NULL) */
    int64_t retry[BL_APP_MAIL_RETRY_MAX]; /* seconds before attempt 2, 3, ... */
    size_t nretry;                        /* attempts = nretry + 1 */
};

/*
 * Parse a retry schedule "S1,S2,..." (seconds, 1 to BL_APP_MAIL_RETRY_MAX
 * numbers of 1..604800) into s->retry; BL_EINVAL naming the setting.
 */
enum bl_err bl_app_mail_retry_parse(const char *text, struct bl_app_mail_sender *s,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Claim the messages due now (BL_APP_MAIL_BATCH at most), send each, mark
 * it sent or failed (next attempt after the schedule's delay, or given up
 * with its last error kept).  Stops early when the cancel flag is set,
 * handing the unsent ones back.  *sent and *failed count this round.
 * Errors are the store's; a refused message is not an error here.
 */
enum bl_err bl_app_mail_deliver(struct bl_app *app, const struct bl_app_mail_sender *s,
                                size_t *sent, size_t *failed, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- the outbox, whatever the channel (email here, text messages in sms.c) ---- */

/* What became of one message. */
enum bl_app_outcome {
    BL_APP_SENT,
    BL_APP_RETRY,   /* try again after the schedule's next delay */
    BL_APP_GIVE_UP, /* refused for good: never tried again */
};

/* How the messages of one channel are delivered. */
struct bl_app_outbox_channel {
    const char *channel;       /* outbox.channel: "email", "sms" */
    int64_t lease;             /* seconds a claim keeps other senders off a message */
    const int64_t *retry;      /* seconds before attempt 2, 3, ... */
    size_t nretry;             /* attempts = nretry + 1 */
    const atomic_bool *cancel; /* may be NULL: the server is stopping */
    /* Send m (org_name may be NULL); on failure the reason goes into why. */
    enum bl_app_outcome (*send)(const struct bl_app *app, void *cls, const struct bl_outbox *m,
                                const char *org_name, char *why, size_t whylen);
    void *cls;
};

/*
 * bl_app_mail_deliver for any channel: claim the channel's messages due
 * now (BL_APP_MAIL_BATCH at most), send each and record the outcome
 * (sent; failed and due again after the schedule's delay; or given up).
 * A message past its expires_at is given up unsent ("expired: not sent",
 * audit "outbox.expired"); one that expires is retried past the schedule,
 * after its last delay, until then.
 */
enum bl_err bl_app_outbox_deliver(struct bl_app *app, const struct bl_app_outbox_channel *ch,
                                  size_t *sent, size_t *failed,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Parse a retry schedule "S1,S2,..." as bl_app_mail_retry_parse does, for
 * the setting named `setting` (named in the error).
 */
enum bl_err bl_app_retry_parse(const char *setting, const char *text,
                               int64_t retry[BL_APP_MAIL_RETRY_MAX], size_t *nretry,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
