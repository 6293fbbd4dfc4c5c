/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * evtoken.h: the signed tokens of event claim QR codes (docs/internals/event.md).
 *
 * A token names an event (its 22-character uid) and a time, and carries a
 * truncated HMAC-SHA-256 of both under a key derived from the master key:
 *   <uid> "." "r" <slot> "." <mac>   rotating: slot = now / rotate_s; the
 *                                    current and the previous slot are taken
 *   <uid> "." "p" <until> "." <mac>  poster: good until `until` (the end of
 *                                    the claim window)
 * mac is base64url of the first BL_EVTOKEN_MAC_BYTES bytes.  Pure: the
 * caller gives the time.
 */
#ifndef BL_EVTOKEN_H
#define BL_EVTOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define BL_EVTOKEN_KEY_LEN   32u
#define BL_EVTOKEN_MAC_BYTES 12u /* 96 bits: a guess per request is hopeless */
#define BL_EVTOKEN_LEN       80u /* room for the longest token and its NUL */
#define BL_EVTOKEN_UID_LEN   22u

/* The token key: HMAC-SHA-256(master, "blason/event-claim/v1"). */
enum bl_err bl_evtoken_key(const unsigned char *master, size_t master_len,
                           unsigned char key[BL_EVTOKEN_KEY_LEN],
                           struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The key of another use of the same token format: HMAC-SHA-256(master,
 * label), so a token made for one use is forged for any other.  The
 * award-mail links use BL_EVTOKEN_LABEL_RECEIVE (kind 'p', n = until).
 */
#define BL_EVTOKEN_LABEL_RECEIVE "blason/award-receive/v1"
enum bl_err bl_evtoken_key_for(const unsigned char *master, size_t master_len, const char *label,
                               unsigned char key[BL_EVTOKEN_KEY_LEN],
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Write a token of kind 'r' (n = slot) or 'p' (n = until) for event uid into out. */
enum bl_err bl_evtoken_make(const unsigned char key[BL_EVTOKEN_KEY_LEN], const char *uid, char kind,
                            int64_t n, char out[BL_EVTOKEN_LEN],
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Check token at time now (rotate_s: the event's rotation period).  On BL_OK
 * uid gets the event.  BL_EBADSIG for a malformed or forged token (nothing
 * is said about which); BL_EINVAL when it was genuine but has expired, and
 * uid is set then too, so the page can name the event.
 */
enum bl_err bl_evtoken_check(const unsigned char key[BL_EVTOKEN_KEY_LEN], const char *token,
                             int64_t now, int64_t rotate_s, char uid[BL_EVTOKEN_UID_LEN + 1],
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The event uid a token names, without checking it (for lookups before the check). */
bool bl_evtoken_uid(const char *token, char uid[BL_EVTOKEN_UID_LEN + 1]);

#endif
