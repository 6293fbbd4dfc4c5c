/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * jws.c: compact JWS sign and verify over OpenSSL 3 EVP (see jws.h and
 * docs/internals/jws.md).  ES256 signatures travel as JOSE's fixed-size
 * R||S and are converted here to and from the DER that OpenSSL speaks.
 */
#include <stdint.h>
#include <string.h>

#include "base64.h"
#include "json.h"
#include "jws.h"
#include "mem.h"

#define ES256_HALF 32u
#define ES256_LEN  64u
#define ED_SIG_LEN 64u
/* A DER ECDSA-Sig-Value for P-256: SEQUENCE of two INTEGERs of up to 33 bytes. */
#define ES256_DER_MAX 72u

/* One segment of a compact JWS, as a slice of the caller's text. */
struct seg {
    const char *z;
    size_t n;
};

/* The decoded parts of a compact JWS. */
struct parts {
    struct seg seg[3];
    json_t *header;
    unsigned char sig[BL_JWS_SIG_MAX];
    size_t nsig;
};

static enum bl_err parse(const char *z, size_t n, struct parts *pt, struct bl_buf *payload,
                         struct bl_errinfo *ei);
static enum bl_err check_header(const json_t *h, const struct bl_jws_verify_opts *opts,
                                enum bl_jws_alg *alg, struct bl_errinfo *ei);
static enum bl_err check_key(const struct bl_key *k, enum bl_jws_alg alg, struct bl_errinfo *ei);
static enum bl_err sign_raw(const struct bl_key *k, enum bl_jws_alg alg, const void *tbs,
                            size_t ntbs, unsigned char *sig, size_t *nsig, struct bl_errinfo *ei);
static enum bl_err verify_raw(const struct bl_key *k, enum bl_jws_alg alg, const void *tbs,
                              size_t ntbs, const unsigned char *sig, size_t nsig,
                              struct bl_errinfo *ei);
static size_t der_from_raw(const unsigned char raw[ES256_LEN], unsigned char *der);
static bool raw_from_der(const unsigned char *der, size_t n, unsigned char raw[ES256_LEN]);

const char *bl_jws_alg_name(enum bl_jws_alg alg)
{
    switch (alg) {
    case BL_JWS_RS256:
        return "RS256";
    case BL_JWS_ES256:
        return "ES256";
    case BL_JWS_EDDSA:
        return "EdDSA";
    }
    return "none";
}

enum bl_jws_alg bl_jws_alg_for_key(const struct bl_key *k)
{
    switch (bl_key_type(k)) {
    case BL_KEY_RSA:
        return BL_JWS_RS256;
    case BL_KEY_P256:
        return BL_JWS_ES256;
    case BL_KEY_ED25519:
        break;
    }
    return BL_JWS_EDDSA;
}

enum bl_err bl_jws_sign(const struct bl_key *k, enum bl_jws_alg alg, const json_t *extra,
                        const void *payload, size_t n, struct bl_buf *out, struct bl_errinfo *ei)
{
    unsigned char sig[BL_JWS_SIG_MAX];
    size_t nsig = sizeof(sig), start = out->len;
    json_t *h = NULL;
    struct bl_buf hb;
    enum bl_err rc;
    const char *key;
    json_t *v;

    bl_buf_init(&hb, BL_JWS_HEADER_MAX);
    if (!bl_key_has_private(k))
        return bl_fail(ei, BL_EINVAL, "JWS signing needs a private key");
    rc = check_key(k, alg, ei);
    if (rc != BL_OK)
        return rc;
    if (n > BL_JWS_PAYLOAD_MAX)
        return bl_fail(ei, BL_ETOOBIG, "JWS payload of %zu bytes is over the limit of %u", n,
                       BL_JWS_PAYLOAD_MAX);
    if (extra != NULL && !json_is_object(extra))
        return bl_fail(ei, BL_EINVAL, "extra JWS header members must be a JSON object");
    if (json_object_get(extra, "alg") != NULL)
        return bl_fail(ei, BL_EINVAL, "extra JWS header members may not set \"alg\"");
    if (json_object_size(extra) == 0) {
        /* The common case needs no JSON library: the header is a constant. */
        rc = bl_buf_printf(&hb, "{\"alg\":\"%s\"}", bl_jws_alg_name(alg));
    } else {
        h = json_object();
        json_object_set_new(h, "alg", json_string(bl_jws_alg_name(alg)));
        json_object_foreach((json_t *)(uintptr_t)extra, key, v) json_object_set(h, key, v);
        rc = bl_json_dump(h, JSON_COMPACT, &hb, ei);
    }
    if (rc != BL_OK) {
        rc = bl_fail(ei, rc, "JWS header does not serialise within %u bytes", BL_JWS_HEADER_MAX);
        goto out;
    }
    /* The signing input, built in place: BASE64URL(header) '.' BASE64URL(payload). */
    if ((rc = bl_base64url_encode(out, hb.p, hb.len, ei)) != BL_OK ||
        (rc = bl_buf_putc(out, '.')) != BL_OK ||
        (rc = bl_base64url_encode(out, payload, n, ei)) != BL_OK) {
        rc = bl_fail(ei, BL_ETOOBIG, "JWS does not fit the output buffer");
        goto out;
    }
    rc = sign_raw(k, alg, out->p + start, out->len - start, sig, &nsig, ei);
    if (rc != BL_OK)
        goto out;
    if (bl_buf_putc(out, '.') != BL_OK || bl_base64url_encode(out, sig, nsig, ei) != BL_OK)
        rc = bl_fail(ei, BL_ETOOBIG, "JWS does not fit the output buffer");
out:
    if (rc != BL_OK && out->p != NULL) {
        out->len = start;
        out->p[start] = '\0';
    }
    json_decref(h);
    bl_buf_free(&hb);
    return rc;
}

enum bl_err bl_jws_verify(const char *z, size_t n, const struct bl_jws_verify_opts *opts,
                          json_t **header, struct bl_buf *payload, struct bl_errinfo *ei)
{
    struct parts pt;
    struct bl_key *resolved = NULL;
    const struct bl_key *k;
    enum bl_jws_alg alg = BL_JWS_EDDSA;
    size_t start = payload != NULL ? payload->len : 0;
    enum bl_err rc;

    if (header != NULL)
        *header = NULL;
    rc = parse(z, n, &pt, payload, ei);
    if (rc != BL_OK)
        return rc;
    rc = check_header(pt.header, opts, &alg, ei);
    if (rc != BL_OK)
        goto out;
    k = opts->key;
    if (k == NULL) {
        if (opts->resolve == NULL) {
            rc = bl_fail(ei, BL_EINVAL, "JWS verification without a key or a resolver");
            goto out;
        }
        rc = opts->resolve(opts->resolve_cls, pt.header, &resolved, ei);
        if (rc != BL_OK)
            goto out;
        if (resolved == NULL) {
            rc = bl_fail(ei, BL_ENOTFOUND, "no key for this JWS");
            goto out;
        }
        k = resolved;
    }
    rc = check_key(k, alg, ei);
    if (rc != BL_OK)
        goto out;
    /* The signing input is the text up to the second dot (RFC 7515 §5.2 step 8). */
    rc = verify_raw(k, alg, z, pt.seg[0].n + 1 + pt.seg[1].n, pt.sig, pt.nsig, ei);
out:
    bl_key_free(resolved);
    if (rc != BL_OK) {
        json_decref(pt.header);
        if (payload != NULL && payload->p != NULL) {
            payload->len = start;
            payload->p[start] = '\0';
        }
        return rc;
    }
    if (header != NULL)
        *header = pt.header;
    else
        json_decref(pt.header);
    return BL_OK;
}

enum bl_err bl_jws_parse(const char *z, size_t n, json_t **header, struct bl_buf *payload,
                         struct bl_errinfo *ei)
{
    struct parts pt;
    enum bl_err rc;

    if (header != NULL)
        *header = NULL;
    rc = parse(z, n, &pt, payload, ei);
    if (rc != BL_OK)
        return rc;
    if (header != NULL)
        *header = pt.header;
    else
        json_decref(pt.header);
    return BL_OK;
}

/* ---- helpers ------------------------------------------------------------- */

/*
 * Split and decode z[0..n) into pt (pt->header a new reference) and append
 * the payload to payload when not NULL.  On error nothing is left allocated
 * and payload is unchanged.
 */
static enum bl_err parse(const char *z, size_t n, struct parts *pt, struct bl_buf *payload,
                         struct bl_errinfo *ei)
{
    static const char *const names[] = {"header", "payload", "signature"};
    const size_t caps[] = {BL_JWS_HEADER_MAX, bl_base64_encoded_len(BL_JWS_PAYLOAD_MAX, 0),
                           bl_base64_encoded_len(BL_JWS_SIG_MAX, 0)};
    struct bl_errinfo sub;
    struct bl_buf hb, sb;
    size_t i, nseg = 1, start = payload != NULL ? payload->len : 0;
    const char *p, *end = z + n, *dot;
    enum bl_err rc = BL_OK;

    pt->header = NULL;
    pt->nsig = 0;
    bl_buf_init(&hb, BL_JWS_HEADER_MAX);
    bl_buf_init(&sb, BL_JWS_SIG_MAX);
    if (n > BL_JWS_MAX)
        return bl_fail(ei, BL_ETOOBIG, "JWS of %zu bytes is over the limit of %u", n,
                       (unsigned)BL_JWS_MAX);
    for (p = z; p < end; p++)
        nseg += *p == '.';
    if (nseg != 3)
        return bl_fail(ei, BL_EINVAL, "compact JWS has %zu segments, expected 3", nseg);
    for (p = z, i = 0; i < 3; i++) {
        dot = i < 2 ? memchr(p, '.', (size_t)(end - p)) : end;
        pt->seg[i].z = p;
        pt->seg[i].n = (size_t)(dot - p);
        if (pt->seg[i].n > caps[i])
            return bl_fail(ei, BL_ETOOBIG, "JWS %s of %zu characters is over the limit of %zu",
                           names[i], pt->seg[i].n, caps[i]);
        p = dot + 1;
    }
    if (pt->seg[0].n == 0)
        return bl_fail(ei, BL_EINVAL, "JWS header is empty");
    if (pt->seg[2].n == 0)
        return bl_fail(ei, BL_EINVAL, "JWS signature is empty");
    if (bl_base64url_decode(&hb, pt->seg[0].z, pt->seg[0].n, &sub) != BL_OK) {
        rc = bl_fail(ei, BL_EINVAL, "JWS header is not base64url: %s", sub.msg);
        goto out;
    }
    if (bl_base64url_decode(&sb, pt->seg[2].z, pt->seg[2].n, &sub) != BL_OK) {
        rc = bl_fail(ei, BL_EINVAL, "JWS signature is not base64url: %s", sub.msg);
        goto out;
    }
    if (payload != NULL) {
        rc = bl_base64url_decode(payload, pt->seg[1].z, pt->seg[1].n, &sub);
        if (rc != BL_OK) {
            rc =
                bl_fail(ei, rc, "JWS payload %s: %s",
                        rc == BL_ETOOBIG ? "does not fit the buffer" : "is not base64url", sub.msg);
            goto out;
        }
    } else {
        struct bl_buf tmp;

        /* Still check the payload's encoding when the caller does not want it. */
        bl_buf_init(&tmp, BL_JWS_PAYLOAD_MAX);
        rc = bl_base64url_decode(&tmp, pt->seg[1].z, pt->seg[1].n, &sub);
        bl_buf_free(&tmp);
        if (rc != BL_OK) {
            rc = bl_fail(ei, BL_EINVAL, "JWS payload is not base64url: %s", sub.msg);
            goto out;
        }
    }
    rc = bl_json_parse((const char *)hb.p, hb.len, BL_JWS_HEADER_MAX, BL_JWS_HEADER_DEPTH,
                       &pt->header, &sub);
    if (rc != BL_OK) {
        rc = bl_fail(ei, rc, "JWS header: %s", sub.msg);
        goto out;
    }
    if (!json_is_object(pt->header)) {
        rc = bl_fail(ei, BL_EINVAL, "JWS header is a JSON %s, not an object",
                     bl_json_type_name(pt->header));
        goto out;
    }
    memcpy(pt->sig, sb.p, sb.len);
    pt->nsig = sb.len;
out:
    if (rc != BL_OK) {
        json_decref(pt->header);
        pt->header = NULL;
        if (payload != NULL && payload->p != NULL) {
            payload->len = start;
            payload->p[start] = '\0';
        }
    }
    bl_buf_free(&hb);
    bl_buf_free(&sb);
    return rc;
}

/* Header names RFC 7515 §4.1 defines, which "crit" may not list (§4.1.11). */
static bool registered(const char *name)
{
    static const char *const names[] = {"alg", "jku",      "jwk", "kid", "x5u", "x5c",
                                        "x5t", "x5t#S256", "typ", "cty", "crit"};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static bool understood(const struct bl_jws_verify_opts *opts, const char *name)
{
    const char *const *c;

    for (c = opts->crit; c != NULL && *c != NULL; c++)
        if (strcmp(*c, name) == 0)
            return true;
    return false;
}

static enum bl_err check_header(const json_t *h, const struct bl_jws_verify_opts *opts,
                                enum bl_jws_alg *alg, struct bl_errinfo *ei)
{
    static const enum bl_jws_alg algs[] = {BL_JWS_RS256, BL_JWS_ES256, BL_JWS_EDDSA};
    unsigned allowed = opts->algs != 0 ? opts->algs : ~0u;
    const json_t *v = json_object_get(h, "alg"), *crit, *c;
    const char *name;
    size_t i;

    if (v == NULL)
        return bl_fail(ei, BL_EINVAL, "JWS header has no \"alg\"");
    if (!json_is_string(v))
        return bl_fail(ei, BL_EINVAL, "JWS header \"alg\" is a %s, not a string",
                       bl_json_type_name(v));
    name = json_string_value(v);
    if (strcmp(name, "none") == 0)
        return bl_fail(ei, BL_EUNSUPPORTED, "JWS alg \"none\" (unsigned) is refused");
    for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
        if (strcmp(name, bl_jws_alg_name(algs[i])) == 0)
            break;
    if (i == sizeof(algs) / sizeof(algs[0]))
        return bl_fail(ei, BL_EUNSUPPORTED, "JWS alg \"%.40s\" is not supported", name);
    if ((allowed & BL_JWS_ALG_BIT(algs[i])) == 0)
        return bl_fail(ei, BL_EUNSUPPORTED, "JWS alg \"%s\" is not allowed here", name);
    *alg = algs[i];
    /* RFC 7797: an unencoded payload changes the signing input; refuse it. */
    v = json_object_get(h, "b64");
    if (v != NULL && !json_is_true(v))
        return bl_fail(ei, BL_EUNSUPPORTED, "JWS with \"b64\": false (RFC 7797) is refused");
    crit = json_object_get(h, "crit");
    if (crit == NULL)
        return BL_OK;
    if (!json_is_array(crit) || json_array_size(crit) == 0)
        return bl_fail(ei, BL_EINVAL, "JWS header \"crit\" is not a non-empty array");
    json_array_foreach(crit, i, c)
    {
        if (!json_is_string(c))
            return bl_fail(ei, BL_EINVAL, "JWS header \"crit\" holds a %s, not a string",
                           bl_json_type_name(c));
        name = json_string_value(c);
        if (registered(name))
            return bl_fail(ei, BL_EINVAL,
                           "JWS header \"crit\" lists \"%s\", a name RFC 7515 "
                           "defines",
                           name);
        if (!understood(opts, name))
            return bl_fail(ei, BL_EUNSUPPORTED,
                           "JWS critical extension \"%.40s\" is not "
                           "understood",
                           name);
        if (json_object_get(h, name) == NULL)
            return bl_fail(ei, BL_EINVAL,
                           "JWS header \"crit\" lists \"%.40s\", which is "
                           "absent",
                           name);
    }
    return BL_OK;
}

/* The key type and size alg needs (RFC 7518 §3.3: RSA of 2048 bits or more). */
static enum bl_err check_key(const struct bl_key *k, enum bl_jws_alg alg, struct bl_errinfo *ei)
{
    enum bl_key_type want;

    switch (alg) {
    case BL_JWS_RS256:
        want = BL_KEY_RSA;
        break;
    case BL_JWS_ES256:
        want = BL_KEY_P256;
        break;
    case BL_JWS_EDDSA:
        want = BL_KEY_ED25519;
        break;
    default:
        return bl_fail(ei, BL_EINVAL, "unknown JWS alg %d", (int)alg);
    }
    if (bl_key_type(k) != want)
        return bl_fail(ei, BL_EINVAL, "JWS alg %s needs an %s key, not %s", bl_jws_alg_name(alg),
                       bl_key_type_name(want), bl_key_type_name(bl_key_type(k)));
    if (want == BL_KEY_RSA && bl_key_bits(k) < BL_KEY_RSA_MIN_BITS)
        return bl_fail(ei, BL_EINVAL, "RSA key of %u bits is below the %u bits RS256 needs",
                       bl_key_bits(k), BL_KEY_RSA_MIN_BITS);
    return BL_OK;
}

static enum bl_err sign_raw(const struct bl_key *k, enum bl_jws_alg alg, const void *tbs,
                            size_t ntbs, unsigned char *sig, size_t *nsig, struct bl_errinfo *ei)
{
    unsigned char der[ES256_DER_MAX];
    size_t len = sizeof(der);
    enum bl_err rc;

    if (alg != BL_JWS_ES256)
        return bl_key__sign(k, tbs, ntbs, sig, nsig, ei);
    rc = bl_key__sign(k, tbs, ntbs, der, &len, ei);
    if (rc != BL_OK)
        return rc;
    if (*nsig < ES256_LEN || !raw_from_der(der, len, sig))
        return bl_fail(ei, BL_ECRYPTO, "ES256 signing produced an unexpected DER signature");
    *nsig = ES256_LEN;
    return BL_OK;
}

static enum bl_err verify_raw(const struct bl_key *k, enum bl_jws_alg alg, const void *tbs,
                              size_t ntbs, const unsigned char *sig, size_t nsig,
                              struct bl_errinfo *ei)
{
    unsigned char der[ES256_DER_MAX];
    size_t want = 0;

    switch (alg) {
    case BL_JWS_RS256:
        want = (bl_key_bits(k) + 7) / 8;
        break;
    case BL_JWS_ES256:
        want = ES256_LEN;
        break;
    case BL_JWS_EDDSA:
        want = ED_SIG_LEN;
        break;
    }
    /* A DER ES256 signature is 70 to 72 bytes: refused here by its length. */
    if (nsig != want)
        return bl_fail(ei, BL_EINVAL, "%s signature is %zu bytes, expected %zu",
                       bl_jws_alg_name(alg), nsig, want);
    if (alg == BL_JWS_ES256) {
        nsig = der_from_raw(sig, der);
        sig = der;
    }
    return bl_key__verify(k, tbs, ntbs, sig, nsig, ei);
}

/* Append the DER INTEGER for the 32-byte unsigned big-endian v; returns its length. */
static size_t der_int(const unsigned char *v, unsigned char *out)
{
    size_t skip = 0, len, i = 0;

    while (skip < ES256_HALF - 1 && v[skip] == 0)
        skip++;
    len = ES256_HALF - skip;
    out[i++] = 0x02;
    if (v[skip] & 0x80) {
        out[i++] = (unsigned char)(len + 1);
        out[i++] = 0x00;
    } else {
        out[i++] = (unsigned char)len;
    }
    memcpy(out + i, v + skip, len);
    return i + len;
}

/* RFC 7518 §3.4: JOSE R||S to the ECDSA-Sig-Value DER OpenSSL verifies. */
static size_t der_from_raw(const unsigned char raw[ES256_LEN], unsigned char *der)
{
    size_t n = 2;

    n += der_int(raw, der + n);
    n += der_int(raw + ES256_HALF, der + n);
    der[0] = 0x30;
    der[1] = (unsigned char)(n - 2);
    return n;
}

/* Read one DER INTEGER (positive, at most 32 significant bytes) at *p into 32 bytes. */
static bool der_read_int(const unsigned char **p, const unsigned char *end,
                         unsigned char v[ES256_HALF])
{
    const unsigned char *q = *p;
    size_t len;

    if (end - q < 2 || q[0] != 0x02)
        return false;
    len = q[1];
    q += 2;
    if (len == 0 || len > (size_t)(end - q) || len > ES256_HALF + 1 || (q[0] & 0x80))
        return false;
    if (len == ES256_HALF + 1) {
        if (q[0] != 0)
            return false;
        q++;
        len--;
    }
    memset(v, 0, ES256_HALF);
    memcpy(v + ES256_HALF - len, q, len);
    *p = q + len;
    return true;
}

/* OpenSSL's DER ECDSA signature to JOSE R||S; false if it is not one. */
static bool raw_from_der(const unsigned char *der, size_t n, unsigned char raw[ES256_LEN])
{
    const unsigned char *p = der + 2, *end = der + n;

    if (n < 8 || der[0] != 0x30 || der[1] != n - 2)
        return false;
    return der_read_int(&p, end, raw) && der_read_int(&p, end, raw + ES256_HALF) && p == end;
}
