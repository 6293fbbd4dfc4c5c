/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * router.c: segment-by-segment matching of a path against the route
 * patterns (router.h).  Linear in the table: a few dozen routes cost less
 * than one hash of the path would.
 */
#include "router.h"

#include <stdbool.h>
#include <string.h>

/* Does pattern match path?  Fills m->params when it does. */
static bool pattern_match(const char *pat, const char *path, size_t path_len,
                          struct bl_route_match *m)
{
    const char *pe = pat + strlen(pat), *p = path, *end = path + path_len;

    m->n_params = 0;
    while (pat < pe && p < end) {
        const char *pseg, *seg;
        size_t plen, slen;

        if (*pat != '/' || *p != '/')
            return false;
        pat++;
        p++;
        pseg = pat;
        while (pat < pe && *pat != '/')
            pat++;
        seg = p;
        while (p < end && *p != '/')
            p++;
        plen = (size_t)(pat - pseg);
        slen = (size_t)(p - seg);
        if (plen >= 2 && pseg[0] == '{' && pseg[plen - 1] == '}') {
            if (slen == 0 || m->n_params == BL_ROUTE_MAX_PARAMS)
                return false;
            m->params[m->n_params].name = pseg + 1;
            m->params[m->n_params].name_len = plen - 2;
            m->params[m->n_params].value = seg;
            m->params[m->n_params].value_len = slen;
            m->n_params++;
        } else if (plen != slen || memcmp(pseg, seg, slen) != 0) {
            return false;
        }
    }
    return pat == pe && p == end;
}

/* Add method to the comma-separated allow list unless it is there. */
static void allow_add(char *allow, const char *method)
{
    size_t have = strlen(allow), mlen = strlen(method);
    const char *s = allow;

    while (*s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (len == mlen && memcmp(s, method, mlen) == 0)
            return;
        s += len;
        while (*s == ',' || *s == ' ')
            s++;
    }
    if (have + mlen + 3 > BL_ROUTE_ALLOW_MAX)
        return;
    if (have) {
        memcpy(allow + have, ", ", 2);
        have += 2;
    }
    memcpy(allow + have, method, mlen + 1);
}

enum bl_route_result bl_router_match(const struct bl_route *table, size_t n, const char *method,
                                     const char *path, size_t path_len, struct bl_route_match *m)
{
    bool path_seen = false;
    bool head = strcmp(method, "HEAD") == 0;

    m->route = NULL;
    m->n_params = 0;
    m->allow[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const struct bl_route *r = &table[i];
        if (!pattern_match(r->pattern, path, path_len, m))
            continue;
        if (strcmp(r->method, method) == 0 || (head && strcmp(r->method, "GET") == 0)) {
            m->route = r;
            return BL_ROUTE_FOUND;
        }
        path_seen = true;
    }
    if (!path_seen) {
        m->n_params = 0;
        return BL_ROUTE_NOT_FOUND;
    }
    /* Second pass for the Allow list, only on the rare 405. */
    for (size_t i = 0; i < n; i++) {
        struct bl_route_match scratch;
        if (!pattern_match(table[i].pattern, path, path_len, &scratch))
            continue;
        allow_add(m->allow, table[i].method);
        if (strcmp(table[i].method, "GET") == 0)
            allow_add(m->allow, "HEAD");
    }
    m->n_params = 0;
    return BL_ROUTE_BAD_METHOD;
}
