/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fetch.h: outbound HTTP(S) for verifying foreign badges, with the limits a
 * public verifier needs: HTTPS only unless plain HTTP is allowed, a total
 * time limit, a size limit, a redirect limit, no proxies, and a guard that
 * refuses to connect to loopback, private, link-local, multicast and other
 * special-purpose addresses unless allowed.  The guard runs on the address
 * curl is about to connect to, so it covers DNS names that resolve there
 * and redirects that lead there.  Responses are cached for the fetcher's
 * life (one verification run).
 */
#ifndef BL_FETCH_H
#define BL_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct bl_fetch_opts {
    bool allow_private; /* connect to loopback and private addresses (tests) */
    bool allow_http;    /* plain http:// as well as https:// */
    long timeout_ms;    /* whole transfer; 0: 10 s */
    size_t max_bytes;   /* largest body; 0: 2 MiB */
    long max_redirects; /* 0: 5 */
    /*
     * One address that may be reached although it is private, as
     * "IPv4:PORT" or "[IPv6]:PORT" (an intranet issuer; a test server, so
     * that a redirect from an allowed first hop to a private one can be
     * tested).  Every other private address stays refused.  NULL: none.
     */
    const char *allow_address;
};

struct bl_fetcher;

/* A fetcher with these options (NULL: the defaults).  Free with bl_fetcher_free. */
enum bl_err bl_fetcher_new(const struct bl_fetch_opts *opts, struct bl_fetcher **out,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_fetcher_free(struct bl_fetcher *f);

/*
 * GET url with the given Accept header (NULL: any) through fetcher cls (a
 * struct bl_fetcher *, so that this function can be a verifier's fetch
 * callback).  The body is appended to body, *http_status is the final
 * status and final_url the URL after redirects.  Transport failures are
 * BL_EIO with the reason (refused destination, timeout, too large, TLS);
 * an HTTP error status is not an error here: the caller judges it.
 */
enum bl_err bl_fetch(void *cls, const char *url, const char *accept, struct bl_buf *body,
                     long *http_status, char *final_url, size_t final_url_len,
                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/* 1 when the address (IPv4 or IPv6, binary, network order) may be reached without allow_private. */
int bl_fetch_address_is_public(int family, const void *addr);

#endif
