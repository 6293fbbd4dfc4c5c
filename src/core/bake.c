/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bake.c: format dispatch for baking and unbaking (see bake.h).  The Open
 * Badges rules for where a payload goes in an SVG live here, so png.c and
 * svg.c stay about bytes and markup.
 */
#include <string.h>

#include <jansson.h>

#include "bake.h"
#include "json.h"
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
    verify_is_jws = sb.verify != NULL &&
                    bl_payload_kind((const unsigned char *)sb.verify, sb.verify_len) == BL_PAYLOAD_JWS;
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
    if (out->kind != BL_PAYLOAD_UNKNOWN) {
        /* A payload whose JSON is broken is still returned; only its version stays unknown. */
        struct bl_errinfo ignored;

        if (bl_payload_version(p, len, out->kind, &out->payload_ver, &ignored) != BL_OK)
            out->payload_ver = BL_OB_UNKNOWN;
    }
out:
    if (rc != BL_OK) {
        bl_free(out->payload);
        out->payload = NULL;
        out->payload_len = 0;
    }
    return rc;
}

/* For a 2.0-family JSON assertion in SVG: the hosted URL for verify="". */
static char *hosted_url(const unsigned char *p, size_t n)
{
    json_t *obj = NULL;
    const char *url = NULL;
    char *copy = NULL;

    if (bl_json_parse((const char *)p, n, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &obj, NULL) != BL_OK)
        return NULL;
    url = bl_json_str(obj, "id"); /* 2.0: the assertion id is its URL */
    if (url == NULL || bl_payload_kind((const unsigned char *)url, strlen(url)) != BL_PAYLOAD_URL)
        url = bl_json_str(json_object_get(obj, "verify"), "url"); /* 1.x */
    if (url != NULL && bl_payload_kind((const unsigned char *)url, strlen(url)) == BL_PAYLOAD_URL)
        copy = bl_strdup(url);
    json_decref(obj);
    return copy;
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

enum bl_err bl_bake(const unsigned char *img, size_t n, const unsigned char *payload, size_t plen,
                    enum bl_obver ver, struct bl_buf *out, struct bl_errinfo *ei)
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
        return bl_fail(ei, BL_EPAYLOAD, plen == 0 ? "payload is empty"
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
        return bl_png_bake(img, n, ver, payload, plen, out, ei);
    if (fmt == BL_IMG_SVG)
        return bake_svg(img, n, ver, kind, payload, plen, out, ei);
    return bl_fail(ei, BL_EFORMAT, "not a PNG or SVG image");
}
