/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * smtp.h: send one ready-made message (core/mime.h) to one recipient with
 * libcurl's SMTP client.  The server is a URL:
 *
 *   smtp://host[:port]                 plain SMTP (a local relay, tests)
 *   smtp://host:587?starttls           STARTTLS required before MAIL FROM
 *   smtps://host[:port]                TLS from the first byte (port 465)
 *   smtp[s]://user:password@host...    AUTH with these credentials
 *
 * The query (only `starttls` is known) is removed before curl sees the
 * URL.  No proxy, no other protocol, a time limit, and a cancel flag so a
 * stopping server does not wait for a slow relay.
 */
#ifndef BL_SMTP_H
#define BL_SMTP_H

#include <stdatomic.h>
#include <stddef.h>

#include "core/err.h"

/* Whole exchange with the relay, and its connection phase, by default. */
#define BL_SMTP_TIMEOUT_MS         30000L
#define BL_SMTP_CONNECT_TIMEOUT_MS 10000L
/* Longest server URL (with credentials). */
#define BL_SMTP_URL_MAX 1024u

struct bl_smtp_opts {
    const char *url;           /* as above */
    const char *from;          /* envelope sender (MAIL FROM), an addr-spec */
    long timeout_ms;           /* 0: BL_SMTP_TIMEOUT_MS */
    const atomic_bool *cancel; /* may be NULL; when it turns true the exchange is abandoned */
};

/*
 * Check an SMTP URL as above without connecting: BL_EINVAL naming what is
 * wrong (never echoing a password).
 */
enum bl_err bl_smtp_check_url(const char *url, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Send msg (n bytes, CRLF line ends) to `to`.  BL_EIO when the relay could
 * not be reached or refused the message; ei then holds curl's reason and
 * the last SMTP reply code ("smtp: ... (reply 550)"), never the password.
 * *reply (may be NULL) receives that code, 0 when there was none.
 */
enum bl_err bl_smtp_send(const struct bl_smtp_opts *o, const char *to, const char *msg, size_t n,
                         long *reply, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
