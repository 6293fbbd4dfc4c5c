/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * mailer.h: the background thread of blason serve that sends the outbox:
 * email (app/mail.h) to the relay of the smtp_url setting, text messages
 * (app/sms.h) to the HTTP gateway of the sms_url setting.  The server
 * starts it when either is set and stops it on SIGTERM before the HTTP
 * grace period: a send in flight is abandoned and its message handed back.
 */
#ifndef BL_MAILER_H
#define BL_MAILER_H

#include "app/app.h"
#include "config.h"
#include "core/err.h"

/* Seconds between two looks at the outbox when it had nothing due. */
#define BL_MAILER_POLL_S 2

struct bl_mailer;

/*
 * Check smtp_url, mail_from and mail_retry, sms_url, sms_token_file (read
 * here, refused when others may read it), sms_from and sms_retry, and start
 * the thread; *out is NULL (and BL_OK) when smtp_url and sms_url are both
 * empty.  BL_EINVAL names the setting.
 */
enum bl_err bl_mailer_start(const struct bl_config *cfg, struct bl_app *app, struct bl_mailer **out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Stop the thread (at most one SMTP step later) and free m; NULL is fine. */
void bl_mailer_stop(struct bl_mailer *m);

#endif
