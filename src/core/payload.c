/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* payload.c: classify a baked text and find its Open Badges version (see payload.h). */
#include <string.h>

#include <jansson.h>

#include "base64.h"
#include "buf.h"
#include "jscan.h"
#include "json.h"
#include "limits.h"
#include "payload.h"

/* JSON-LD contexts that name a version (docs/open-badges.md §12.1). */
#define CTX_VC1 "https://www.w3.org/2018/credentials/v1"
#define CTX_VC2 "https://www.w3.org/ns/credentials/v2"
#define CTX_OB2 "https://w3id.org/openbadges/v2"
#define CTX_OB1 "https://w3id.org/openbadges/v1"

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_b64url(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

static int has_prefix_nocase(const unsigned char *p, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);

    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = p[i];

        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)prefix[i])
            return 0;
    }
    return 1;
}

void bl_payload_trim(const unsigned char **p, size_t *n)
{
    while (*n > 0 && is_space((*p)[0])) {
        (*p)++;
        (*n)--;
    }
    while (*n > 0 && is_space((*p)[*n - 1]))
        (*n)--;
}

static int is_url(const unsigned char *p, size_t n)
{
    size_t skip;

    if (has_prefix_nocase(p, n, "https://"))
        skip = 8;
    else if (has_prefix_nocase(p, n, "http://"))
        skip = 7;
    else
        return 0;
    if (n == skip || n > BL_URL_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] <= 0x20 || p[i] == 0x7f)
            return 0;
    return 1;
}

/* OB 3.0 CompactJws pattern: [A-Za-z0-9_-]+ . [A-Za-z0-9_-]* . [A-Za-z0-9_-]+ */
static int is_jws(const unsigned char *p, size_t n)
{
    size_t seg[3] = {0, 0, 0}, k = 0;

    for (size_t i = 0; i < n; i++) {
        if (p[i] == '.') {
            if (++k > 2)
                return 0;
        } else if (is_b64url(p[i])) {
            seg[k]++;
        } else {
            return 0;
        }
    }
    return k == 2 && seg[0] > 0 && seg[2] > 0;
}

enum bl_payload_kind bl_payload_kind(const unsigned char *p, size_t n)
{
    if (n == 0)
        return BL_PAYLOAD_UNKNOWN;
    if (p[0] == '{' && p[n - 1] == '}')
        return BL_PAYLOAD_JSON;
    if (is_url(p, n))
        return BL_PAYLOAD_URL;
    if (is_jws(p, n))
        return BL_PAYLOAD_JWS;
    return BL_PAYLOAD_UNKNOWN;
}

/* What the top-level members of a payload say about its version. */
struct sniff {
    const char *ctx; /* the @context value, raw */
    size_t ctxlen;
    char recipient; /* first byte of "recipient", or 0 */
    char vc;        /* first byte of "vc", or 0 */
};

static int note_member(const char *key, size_t keylen, const char *value, size_t valuelen,
                       void *ctx)
{
    struct sniff *sn = ctx;

    if (keylen == 8 && memcmp(key, "@context", 8) == 0) {
        sn->ctx = value;
        sn->ctxlen = valuelen;
    } else if (keylen == 9 && memcmp(key, "recipient", 9) == 0) {
        sn->recipient = value[0];
    } else if (keylen == 2 && memcmp(key, "vc", 2) == 0) {
        sn->vc = value[0];
    }
    return 0;
}

/* 1 when the @context value (a string or an array of them) names url. */
static int context_has(const struct sniff *sn, const char *url)
{
    json_t *arr;
    int found;

    if (sn->ctx == NULL)
        return 0;
    if (sn->ctx[0] == '"')
        return bl_jscan_string_eq(sn->ctx, sn->ctxlen, url);
    if (sn->ctx[0] != '[')
        return 0;
    /* Arrays are short: decoding this one value is cheap. */
    arr = json_loadb(sn->ctx, sn->ctxlen, 0, NULL);
    found = bl_json_has_string(arr, url);
    json_decref(arr);
    return found;
}

/* Validate JSON text and tell the version it speaks (docs/open-badges.md §12.1). */
static enum bl_err json_version(const unsigned char *p, size_t n, const char *what,
                                enum bl_obver *out, struct bl_errinfo *ei)
{
    struct sniff sn = {NULL, 0, 0, 0};
    enum bl_err rc;

    if (n == 0 || p[0] != '{')
        return bl_fail(ei, BL_EJSON, "%s is not a JSON object", what);
    rc = bl_jscan((const char *)p, n, BL_JSON_MAX_DEPTH, note_member, &sn, ei);
    if (rc != BL_OK)
        return rc;
    if (sn.vc == '{' || context_has(&sn, CTX_VC2) || context_has(&sn, CTX_VC1))
        *out = BL_OB3; /* a VC-JWT in the VCDM 1.1 form carries it in "vc" */
    else if (context_has(&sn, CTX_OB2))
        *out = BL_OB2;
    else if (context_has(&sn, CTX_OB1))
        *out = BL_OB11;
    else if (sn.ctx != NULL)
        *out = BL_OB_UNKNOWN;
    else if (sn.recipient == '{') /* no context: 1.0 has a recipient object */
        *out = BL_OB10;
    else if (sn.recipient == '"') /* and 0.5 a plain string */
        *out = BL_OB05;
    return BL_OK;
}

enum bl_err bl_payload_version(const unsigned char *p, size_t n, enum bl_payload_kind kind,
                               enum bl_obver *out, struct bl_errinfo *ei)
{
    struct bl_buf claims;
    struct bl_errinfo sub;
    const unsigned char *dot1, *dot2;
    enum bl_err rc = BL_OK;

    *out = BL_OB_UNKNOWN;
    switch (kind) {
    case BL_PAYLOAD_JSON:
        return json_version(p, n, "payload", out, ei);
    case BL_PAYLOAD_JWS:
        /* The middle segment holds the claims (an assertion or a credential). */
        bl_buf_init(&claims, BL_JSON_MAX_BYTES);
        dot1 = memchr(p, '.', n);
        dot2 = memchr(dot1 + 1, '.', n - (size_t)(dot1 + 1 - p));
        bl_errinfo_clear(&sub);
        rc = bl_base64url_decode(&claims, (const char *)dot1 + 1, (size_t)(dot2 - dot1 - 1), &sub);
        if (rc != BL_OK)
            rc = bl_fail(ei, BL_EPAYLOAD, "JWS payload segment: %s", sub.msg);
        else
            rc = json_version(claims.p, claims.len, "JWS payload", out, ei);
        bl_buf_free(&claims);
        return rc;
    case BL_PAYLOAD_URL:
        return BL_OK;
    default:
        return bl_fail(ei, BL_EPAYLOAD, "payload is not a URL, a compact JWS nor a JSON object");
    }
}

const char *bl_payload_kind_name(enum bl_payload_kind k)
{
    switch (k) {
    case BL_PAYLOAD_URL:
        return "URL";
    case BL_PAYLOAD_JWS:
        return "JWS";
    case BL_PAYLOAD_JSON:
        return "JSON";
    default:
        return "unknown";
    }
}

const char *bl_obver_name(enum bl_obver v)
{
    switch (v) {
    case BL_OB05:
        return "0.5";
    case BL_OB10:
        return "1.0";
    case BL_OB11:
        return "1.1";
    case BL_OB2:
        return "2.0";
    case BL_OB3:
        return "3.0";
    default:
        return "unknown";
    }
}
