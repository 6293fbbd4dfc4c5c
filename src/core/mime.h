/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * mime.h: build an email message (RFC 5322 + MIME) from its parts: a
 * multipart/alternative of a text/plain and a text/html body in UTF-8,
 * both quoted-printable, with the subject encoded as RFC 2047 words when
 * it is not plain ASCII.  Pure: the date and the unique token for the
 * Message-ID and the boundary come from the caller.
 */
#ifndef BL_MIME_H
#define BL_MIME_H

#include <stdint.h>

#include "buf.h"
#include "err.h"

/* Longest address (RFC 5321 path limit). */
#define BL_MIME_ADDR_MAX 254u
/* Longest subject and display name, in bytes. */
#define BL_MIME_SUBJECT_MAX 998u
/* Longest body part, in bytes before encoding. */
#define BL_MIME_BODY_MAX (512u * 1024u)
/* Longest unique token (letters, digits, '-', '_', '.'). */
#define BL_MIME_TOKEN_MAX 56u
/* Longest encoded line of a body (RFC 2045 §6.7). */
#define BL_MIME_LINE_MAX 76u

struct bl_mime_msg {
    const char *from;      /* addr-spec: "badges@example.org" */
    const char *from_name; /* optional display name (UTF-8) */
    const char *to;        /* addr-spec */
    const char *subject;   /* UTF-8 */
    const char *text;      /* UTF-8, required */
    const char *html;      /* UTF-8, NULL: a single text/plain part */
    int64_t date;          /* unix seconds (UTC) */
    const char *token;     /* unique per message: Message-ID <token@from-domain>, boundary */
};

/*
 * Append the whole message (headers, blank line, body; CRLF line ends) to
 * out.  BL_EINVAL when an address is not a plain addr-spec, a header would
 * contain a line break, the token has other characters, or a text is not
 * UTF-8; BL_ETOOBIG over the limits above or out's cap.
 */
enum bl_err bl_mime_build(const struct bl_mime_msg *m, struct bl_buf *out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Append s[0..n) quoted-printable (CRLF line ends, lines of at most 76). */
enum bl_err bl_mime_qp(struct bl_buf *out, const char *s, size_t n) BL_WARN_UNUSED;

/* Append a header value as RFC 2047 "B" words when not printable ASCII, folded. */
enum bl_err bl_mime_word(struct bl_buf *out, const char *s, size_t n) BL_WARN_UNUSED;

#endif
