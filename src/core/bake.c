/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bake.c: format dispatch for baking and unbaking (see bake.h).  The Open
 * Badges rules for where a payload goes in an SVG live here, so png.c and
 * svg.c stay about bytes and markup.
 */
#include <string.h>

#include <jansson.h>

#include "bake.h"
#include "jscan.h"
#include "limits.h"
#include "mem.h"
#include "payload.h"
#include "png.h"
#include "svg.h"

enum bl_image_format bl_image_sniff(const unsigned char *p, size_t n)
{
    size_t i = 0;

    if (bl_png_is_png(p, n))
        return BL_IMG_PNG;
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i < n && p[i] == '<')
        return BL_IMG_SVG;
    return BL_IMG_UNKNOWN;
}

const char *bl_image_format_name(enum bl_image_format f)
{
    return f == BL_IMG_PNG ? "PNG" : f == BL_IMG_SVG ? "SVG" : "unknown";
}

void bl_baked_free(struct bl_baked *b)
{
    bl_free(b->payload);
    memset(b, 0, sizeof(*b));
}

static enum bl_err unbake_png(const unsigned char *img, size_t n, struct bl_baked *out,
                              struct bl_errinfo *ei)
{
    struct bl_png_badge pb;
    enum bl_err rc = bl_png_extract(img, n, &pb, ei);

    out->png_nchunks = pb.nchunks;
    if (rc != BL_OK)
        return rc;
    out->container_ver = pb.ver;
    memcpy(out->png_type, pb.type, sizeof(out->png_type));
    out->png_index = pb.index;
    out->png_offset = pb.offset;
    out->png_compressed = pb.compressed;
    out->payload = pb.text;
    out->payload_len = pb.text_len;
    pb.text = NULL;
    bl_png_badge_free(&pb);
    return BL_OK;
}

static enum bl_err unbake_svg(const unsigned char *img, size_t n, struct bl_baked *out,
                              struct bl_errinfo *ei)
{
    struct bl_svg_badge sb;
    enum bl_err rc = bl_svg_extract(img, n, &sb, ei);
    int verify_is_jws;

    if (rc != BL_OK)
        return rc;
    out->container_ver = sb.ver;
    out->svg_offset = sb.offset;
    out->svg_line = sb.line;
    out->svg_column = sb.column;
    out->svg_has_verify = sb.verify != NULL;
    out->svg_has_body = sb.body != NULL;
    verify_is_jws = sb.verify != NULL && bl_payload_kind((const unsigned char *)sb.verify,
                                                         sb.verify_len) == BL_PAYLOAD_JWS;
    if (sb.verify != NULL && (verify_is_jws || sb.body == NULL)) {
        out->payload = (unsigned char *)sb.verify;
        out->payload_len = sb.verify_len;
        sb.verify = NULL;
    } else if (sb.body != NULL) {
        out->payload = (unsigned char *)sb.body;
        out->payload_len = sb.body_len;
        sb.body = NULL;
    } else {
        rc = bl_fail(ei, BL_EPAYLOAD, "SVG line %lu: the badge element is empty", sb.line);
    }
    bl_svg_badge_free(&sb);
    return rc;
}

enum bl_err bl_unbake(const unsigned char *img, size_t n, struct bl_baked *out,
                      struct bl_errinfo *ei)
{
    const unsigned char *p;
    size_t len;
    enum bl_err rc;

    memset(out, 0, sizeof(*out));
    out->format = bl_image_sniff(img, n);
    if (out->format == BL_IMG_PNG)
        rc = unbake_png(img, n, out, ei);
    else if (out->format == BL_IMG_SVG)
        rc = unbake_svg(img, n, out, ei);
    else
        return bl_fail(ei, BL_EFORMAT, "not a PNG or SVG image");
    if (rc != BL_OK)
        goto out;
    /* Classification works on the trimmed text; the payload stays as baked. */
    p = out->payload;
    len = out->payload_len;
    bl_payload_trim(&p, &len);
    out->kind = bl_payload_kind(p, len);
out:
    if (rc != BL_OK) {
        bl_free(out->payload);
        out->payload = NULL;
        out->payload_len = 0;
    }
    return rc;
}

void bl_baked_identify(struct bl_baked *b)
{
    const unsigned char *p = b->payload;
    size_t len = b->payload_len;
    struct bl_errinfo ignored;

    b->payload_ver = BL_OB_UNKNOWN;
    if (p == NULL || b->kind == BL_PAYLOAD_UNKNOWN)
        return;
    bl_payload_trim(&p, &len);
    if (bl_payload_version(p, len, b->kind, &b->payload_ver, &ignored) != BL_OK)
        b->payload_ver = BL_OB_UNKNOWN;
}

struct spans {
    const char *id, *verify, *url;
    size_t idlen, verifylen, urllen;
};

static int note_member(const char *key, size_t keylen, const char *value, size_t valuelen,
                       void *ctx)
{
    struct spans *sp = ctx;

    if (keylen == 2 && memcmp(key, "id", 2) == 0) {
        sp->id = value;
        sp->idlen = valuelen;
    } else if (keylen == 6 && memcmp(key, "verify", 6) == 0) {
        sp->verify = value;
        sp->verifylen = valuelen;
    } else if (keylen == 3 && memcmp(key, "url", 3) == 0) {
        sp->url = value;
        sp->urllen = valuelen;
    }
    return 0;
}

/* A JSON string value (quotes included) decoded, if it is an http(s) URL. */
static char *url_value(const char *value, size_t len)
{
    json_t *s;
    char *url = NULL;

    if (value == NULL || value[0] != '"')
        return NULL;
    s = json_loadb(value, len, JSON_DECODE_ANY, NULL);
    if (json_is_string(s) && bl_payload_kind((const unsigned char *)json_string_value(s),
                                             json_string_length(s)) == BL_PAYLOAD_URL)
        url = bl_strdup(json_string_value(s));
    json_decref(s);
    return url;
}

/* For a 2.0-family JSON assertion in SVG: the hosted URL for verify="". */
static char *hosted_url(const unsigned char *p, size_t n)
{
    struct spans top = {0}, inner = {0};
    char *url;

    if (bl_jscan((const char *)p, n, BL_JSON_MAX_DEPTH, note_member, &top, NULL) != BL_OK)
        return NULL;
    url = url_value(top.id, top.idlen); /* 2.0: the assertion id is its URL */
    if (url == NULL && top.verify != NULL && top.verify[0] == '{' &&
        bl_jscan(top.verify, top.verifylen, BL_JSON_MAX_DEPTH, note_member, &inner, NULL) == BL_OK)
        url = url_value(inner.url, inner.urllen); /* 1.x: verify.url */
    return url;
}

static enum bl_err bake_svg(const unsigned char *img, size_t n, enum bl_obver ver,
                            enum bl_payload_kind kind, const unsigned char *p, size_t len,
                            struct bl_buf *out, struct bl_errinfo *ei)
{
    char *url = NULL;
    enum bl_err rc;

    if (kind != BL_PAYLOAD_JSON)
        return bl_svg_bake(img, n, ver, (const char *)p, len, NULL, 0, out, ei);
    /* Hosted 2.0 JSON: verify names the assertion URL, the body carries it. */
    if (ver != BL_OB3)
        url = hosted_url(p, len);
    rc = bl_svg_bake(img, n, ver, url, url ? strlen(url) : 0, (const char *)p, len, out, ei);
    bl_free(url);
    return rc;
}

void bl_bake_out_init(struct bl_bake_out *o, size_t max)
{
    bl_iovec_init(&o->iov);
    bl_buf_init(&o->own, max);
}

void bl_bake_out_free(struct bl_bake_out *o)
{
    bl_iovec_free(&o->iov);
    bl_buf_free(&o->own);
}

enum bl_err bl_bake_iov(const unsigned char *img, size_t n, const unsigned char *payload,
                        size_t plen, enum bl_obver ver, struct bl_bake_out *out,
                        struct bl_errinfo *ei)
{
    enum bl_payload_kind kind;
    enum bl_obver pver;
    enum bl_image_format fmt = bl_image_sniff(img, n);
    enum bl_err rc;

    bl_payload_trim(&payload, &plen);
    if (plen > BL_PAYLOAD_MAX)
        return bl_fail(ei, BL_ETOOBIG, "payload of %zu bytes is over the %u-byte limit", plen,
                       BL_PAYLOAD_MAX);
    kind = bl_payload_kind(payload, plen);
    if (kind == BL_PAYLOAD_UNKNOWN)
        return bl_fail(ei, BL_EPAYLOAD,
                       plen == 0 ? "payload is empty"
                                 : "payload is not a URL, a compact JWS nor a JSON object");
    rc = bl_payload_version(payload, plen, kind, &pver, ei);
    if (rc != BL_OK)
        return rc;
    if (ver == BL_OB_UNKNOWN)
        ver = pver == BL_OB3 ? BL_OB3 : BL_OB2;
    else if (ver == BL_OB3 && pver != BL_OB_UNKNOWN && pver != BL_OB3)
        return bl_fail(ei, BL_EINVAL, "payload is an Open Badges %s document, not a 3.0 credential",
                       bl_obver_name(pver));
    else if (ver != BL_OB3 && pver == BL_OB3)
        return bl_fail(ei, BL_EINVAL, "payload is an Open Badges 3.0 credential; bake it as 3.0");
    if (ver == BL_OB3 && kind == BL_PAYLOAD_URL)
        return bl_fail(ei, BL_EINVAL, "Open Badges 3.0 images carry the credential, not a URL");
    if (fmt == BL_IMG_PNG)
        return bl_png_bake_iov(img, n, ver, payload, plen, &out->iov, &out->png, ei);
    if (fmt != BL_IMG_SVG)
        return bl_fail(ei, BL_EFORMAT, "not a PNG or SVG image");
    rc = bake_svg(img, n, ver, kind, payload, plen, &out->own, ei);
    if (rc == BL_OK)
        bl_iovec_add(&out->iov, out->own.p, out->own.len);
    return rc;
}

enum bl_err bl_bake(const unsigned char *img, size_t n, const unsigned char *payload, size_t plen,
                    enum bl_obver ver, struct bl_buf *out, struct bl_errinfo *ei)
{
    struct bl_bake_out o;
    enum bl_err rc;

    bl_bake_out_init(&o, out->max);
    rc = bl_bake_iov(img, n, payload, plen, ver, &o, ei);
    if (rc == BL_OK && bl_iovec_flatten(&o.iov, out) != BL_OK)
        rc = bl_fail(ei, BL_ETOOBIG, "baked image of %zu bytes would be over the %zu-byte limit",
                     o.iov.total, out->max);
    bl_bake_out_free(&o);
    return rc;
}
