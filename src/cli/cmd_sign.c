/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_sign.c: blason sign (a compact JWS over any payload) and blason jws
 * verify|show (check one, or decode one without trusting it).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "core/json.h"
#include "core/jws.h"
#include "core/key.h"
#include "core/limits.h"
#include "core/mem.h"

static void sign_help(void)
{
    printf("Usage: blason sign --key KEY [--alg RS256|ES256|EdDSA] [--typ TYP] [--no-kid]\n"
           "                   [--jwk] PAYLOAD|@FILE|-\n\n"
           "Sign PAYLOAD as a compact JWS (RFC 7515) and print it.  The algorithm follows\n"
           "the key (RSA: RS256, P-256: ES256, Ed25519: EdDSA).  The protected header\n"
           "carries \"kid\", the key's RFC 7638 thumbprint, unless --no-kid; --jwk adds\n"
           "the public key itself, as VC-JWT allows; --typ sets \"typ\" (e.g. JWT).\n");
}

static void jws_help(void)
{
    printf("Usage: blason jws verify (--key KEY | --embedded-jwk) [--alg ALG] [--header]\n"
           "                         JWS|@FILE|-\n"
           "       blason jws show JWS|@FILE|-\n\n"
           "verify checks the signature and prints the payload (--header: the protected\n"
           "header instead).  --embedded-jwk takes the key from the header's \"jwk\": that\n"
           "proves the payload was not changed, not who signed it.  Exit status 0 when the\n"
           "signature verifies, 1 when it does not or the JWS is refused, 2 on usage errors.\n"
           "show decodes header and payload WITHOUT verifying anything.\n");
}

static int parse_alg(const char *s, enum bl_jws_alg *out)
{
    if (strcmp(s, "RS256") == 0)
        *out = BL_JWS_RS256;
    else if (strcmp(s, "ES256") == 0)
        *out = BL_JWS_ES256;
    else if (strcmp(s, "EdDSA") == 0)
        *out = BL_JWS_EDDSA;
    else
        return -1;
    return 0;
}

int cmd_sign(int argc, char **argv)
{
    const char *keyfile = NULL, *typ = NULL, *arg = NULL;
    int kid = 1, jwk = 0, alg_given = 0;
    enum bl_jws_alg alg = BL_JWS_RS256;
    struct bl_key *k = NULL;
    json_t *extra = json_object(), *pub = NULL;
    unsigned char *payload = NULL;
    size_t plen = 0;
    struct bl_buf out, thumb;
    struct bl_errinfo ei;
    enum bl_err rc;

    bl_errinfo_clear(&ei);
    bl_buf_init(&out, BL_JWS_MAX);
    bl_buf_init(&thumb, 128);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            sign_help();
            json_decref(extra);
            return CLI_OK;
        } else if (strcmp(a, "--key") == 0 && i + 1 < argc) {
            keyfile = argv[++i];
        } else if (strcmp(a, "--alg") == 0 && i + 1 < argc) {
            if (parse_alg(argv[++i], &alg) != 0) {
                json_decref(extra);
                return cli_usage_error("sign", "unknown --alg %s", argv[i]);
            }
            alg_given = 1;
        } else if (strcmp(a, "--typ") == 0 && i + 1 < argc) {
            typ = argv[++i];
        } else if (strcmp(a, "--no-kid") == 0) {
            kid = 0;
        } else if (strcmp(a, "--jwk") == 0) {
            jwk = 1;
        } else if (arg == NULL && (a[0] != '-' || a[1] == '\0')) {
            arg = a;
        } else {
            json_decref(extra);
            return cli_usage_error("sign", "unexpected argument %s", a);
        }
    }
    if (keyfile == NULL || arg == NULL) {
        json_decref(extra);
        return cli_usage_error("sign", "needs --key KEY and a PAYLOAD");
    }
    rc = cli_load_key(keyfile, &k, &ei);
    if (rc == BL_OK && !alg_given)
        alg = bl_jws_alg_for_key(k);
    if (rc == BL_OK && kid) {
        rc = bl_key_thumbprint(k, &thumb, &ei);
        if (rc == BL_OK)
            json_object_set_new(extra, "kid", json_string((char *)thumb.p));
    }
    if (rc == BL_OK && jwk) {
        rc = bl_key_to_jwk(k, false, &pub, &ei);
        if (rc == BL_OK)
            json_object_set(extra, "jwk", pub);
    }
    if (rc == BL_OK && typ != NULL)
        json_object_set_new(extra, "typ", json_string(typ));
    if (rc == BL_OK)
        rc = cli_payload_arg(arg, BL_JWS_PAYLOAD_MAX, &payload, &plen, &ei);
    if (rc == BL_OK)
        rc = bl_jws_sign(k, alg, extra, payload, plen, &out, &ei);
    if (rc == BL_OK)
        rc = cli_write_text("-", out.p, out.len, &ei);
    json_decref(pub);
    json_decref(extra);
    bl_free(payload);
    bl_buf_free(&out);
    bl_buf_free(&thumb);
    bl_key_free(k);
    return rc == BL_OK ? CLI_OK : cli_report("sign", rc, &ei);
}

/* Resolver for --embedded-jwk: the key is the header's "jwk". */
static enum bl_err from_header_jwk(void *cls, const json_t *header, struct bl_key **out,
                                   struct bl_errinfo *ei)
{
    const json_t *jwk = json_object_get(header, "jwk");

    (void)cls;
    if (!json_is_object(jwk))
        return bl_fail(ei, BL_EINVAL, "the JWS header has no \"jwk\" to verify with");
    return bl_key_from_jwk(jwk, out, ei);
}

static int jws_show(const char *arg)
{
    unsigned char *text = NULL;
    size_t n = 0;
    json_t *header = NULL;
    struct bl_buf payload, out;
    struct bl_errinfo ei;
    enum bl_err rc;

    bl_errinfo_clear(&ei);
    bl_buf_init(&payload, BL_JWS_PAYLOAD_MAX);
    bl_buf_init(&out, 2 * BL_JWS_MAX);
    rc = cli_payload_arg(arg, BL_JWS_MAX, &text, &n, &ei);
    while (rc == BL_OK && n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        n--;
    if (rc == BL_OK)
        rc = bl_jws_parse((const char *)text, n, &header, &payload, &ei);
    if (rc == BL_OK)
        rc = bl_buf_puts(&out, "header (NOT verified):\n");
    if (rc == BL_OK)
        rc = bl_json_dump(header, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &out, &ei);
    if (rc == BL_OK)
        rc = bl_buf_puts(&out, "\npayload (NOT verified):\n");
    if (rc == BL_OK)
        rc = bl_buf_append(&out, payload.p, payload.len);
    if (rc == BL_OK)
        rc = bl_buf_putc(&out, '\n');
    if (rc == BL_OK)
        rc = cli_write_file("-", out.p, out.len, &ei);
    json_decref(header);
    bl_free(text);
    bl_buf_free(&payload);
    bl_buf_free(&out);
    return rc == BL_OK ? CLI_OK : cli_report("jws show", rc, &ei);
}

int cmd_jws(int argc, char **argv)
{
    const char *keyfile = NULL, *arg = NULL;
    int embedded = 0, want_header = 0;
    enum bl_jws_alg alg;
    struct bl_jws_verify_opts opts = {0};
    struct bl_key *k = NULL;
    unsigned char *text = NULL;
    size_t n = 0;
    json_t *header = NULL;
    struct bl_buf payload;
    struct bl_errinfo ei;
    enum bl_err rc;

    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        jws_help();
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strcmp(argv[1], "show") == 0) {
        if (argc != 3)
            return cli_usage_error("jws show", "needs one JWS");
        return jws_show(argv[2]);
    }
    if (strcmp(argv[1], "verify") != 0)
        return cli_usage_error("jws", "unknown subcommand %s", argv[1]);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--key") == 0 && i + 1 < argc) {
            keyfile = argv[++i];
        } else if (strcmp(a, "--embedded-jwk") == 0) {
            embedded = 1;
        } else if (strcmp(a, "--header") == 0) {
            want_header = 1;
        } else if (strcmp(a, "--alg") == 0 && i + 1 < argc) {
            if (parse_alg(argv[++i], &alg) != 0)
                return cli_usage_error("jws verify", "unknown --alg %s", argv[i]);
            opts.algs |= BL_JWS_ALG_BIT(alg);
        } else if (arg == NULL && (a[0] != '-' || a[1] == '\0')) {
            arg = a;
        } else {
            return cli_usage_error("jws verify", "unexpected argument %s", a);
        }
    }
    if (arg == NULL || (keyfile == NULL) == (embedded == 0))
        return cli_usage_error("jws verify", "needs a JWS and one of --key KEY, --embedded-jwk");

    bl_errinfo_clear(&ei);
    bl_buf_init(&payload, BL_JWS_PAYLOAD_MAX);
    rc = embedded ? BL_OK : cli_load_key(keyfile, &k, &ei);
    opts.key = k;
    opts.resolve = embedded ? from_header_jwk : NULL;
    if (rc == BL_OK)
        rc = cli_payload_arg(arg, BL_JWS_MAX, &text, &n, &ei);
    while (rc == BL_OK && n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        n--;
    if (rc == BL_OK)
        rc = bl_jws_verify((const char *)text, n, &opts, &header, &payload, &ei);
    if (rc == BL_OK && want_header) {
        struct bl_buf h;

        bl_buf_init(&h, BL_JWS_MAX);
        rc = bl_json_dump(header, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &h, &ei);
        if (rc == BL_OK)
            rc = cli_write_text("-", h.p, h.len, &ei);
        bl_buf_free(&h);
    } else if (rc == BL_OK) {
        rc = cli_write_text("-", payload.p, payload.len, &ei);
    }
    json_decref(header);
    bl_free(text);
    bl_buf_free(&payload);
    bl_key_free(k);
    return rc == BL_OK ? CLI_OK : cli_report("jws verify", rc, &ei);
}
