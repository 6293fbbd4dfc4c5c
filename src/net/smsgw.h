/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * smsgw.h: send one text message through a generic HTTP SMS gateway with
 * libcurl (docs/internals/sms.md).  One POST of a JSON object
 *
 *   {"to": "+33612345678", "from": "Blason", "text": "..."}
 *
 * to the gateway's URL, with `Authorization: Bearer TOKEN` and an
 * `Idempotency-Key` stable across attempts.  https:// only; http:// only to
 * a loopback address (a local relay, tests).  No proxy, no redirect, a time
 * limit, a cap on the answer read, and a cancel flag so a stopping server
 * does not wait for a slow gateway.
 */
#ifndef BL_SMSGW_H
#define BL_SMSGW_H

#include <stdatomic.h>
#include <stddef.h>

#include "core/err.h"

/* Whole exchange with the gateway, and its connection phase. */
#define BL_SMSGW_TIMEOUT_MS         15000L
#define BL_SMSGW_CONNECT_TIMEOUT_MS 5000L
/* Longest gateway URL, bearer token, sender name and idempotency key. */
#define BL_SMSGW_URL_MAX   1024u
#define BL_SMSGW_TOKEN_MAX 1024u
#define BL_SMSGW_FROM_MAX  16u
#define BL_SMSGW_KEY_MAX   64u
/* Bytes of the gateway's answer read at most (the rest is not waited for). */
#define BL_SMSGW_REPLY_MAX (16u * 1024u)
/* Bytes of a message (three SMS segments; app/sms.h queues no more). */
#define BL_SMSGW_TEXT_MAX 480u

struct bl_smsgw_opts {
    const char *url;           /* https://... or http://127.0.0.1... */
    const char *token;         /* the bearer token, never logged */
    const char *from;          /* sender: 1 to 11 letters/digits, or an E.164 number */
    long timeout_ms;           /* 0: BL_SMSGW_TIMEOUT_MS */
    const atomic_bool *cancel; /* may be NULL; when it turns true the exchange is abandoned */
};

/* Check a gateway URL as above without connecting; BL_EINVAL "sms_url: ...". */
enum bl_err bl_smsgw_check_url(const char *url, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Check a sender as above; BL_EINVAL "sms_from: ...". */
enum bl_err bl_smsgw_check_from(const char *from, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * POST the message `text` for `to` (E.164) with idempotency key `key`.
 * BL_OK when the gateway answered, whatever the status: *status is the
 * HTTP status and the caller judges it (2xx sent, 4xx refused, 5xx try
 * again).  BL_EIO when no answer came (refused connection, timeout,
 * cancelled, TLS), with curl's reason in ei; *status is then 0.
 */
enum bl_err bl_smsgw_send(const struct bl_smsgw_opts *o, const char *to, const char *text,
                          const char *key, long *status, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
