/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_keygen.c: blason keygen (a new private key) and blason pubkey (the
 * public forms of a key: PEM, JWK with kid, Multikey, did:key, JWKS).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "core/base64.h"
#include "core/json.h"
#include "core/key.h"
#include "core/mem.h"
#include "core/multibase.h"

static void keygen_help(void)
{
    printf("Usage: blason keygen --type ed25519|rsa2048|rsa3072|p256 [--format pem|jwk|multikey]\n"
           "                     [-o FILE]\n\n"
           "Generate a signing key and write the private key (standard output by default;\n"
           "a file is created with mode 0600, atomically).\n\n"
           "  --type T        ed25519 (EdDSA, Data Integrity), rsa2048 or rsa3072 (RS256,\n"
           "                  what Open Badges 2.0 and most 3.0 verifiers expect), p256 (ES256)\n"
           "  --format F      pem: PKCS#8 (default); jwk: a private JWK with its kid;\n"
           "                  multikey: {publicKeyMultibase, secretKeyMultibase} (Ed25519 only)\n"
           "  -o, --output F  where to write the key\n\n"
           "'blason pubkey FILE' prints the public forms of a key.\n");
}

static void pubkey_help(void)
{
    printf("Usage: blason pubkey KEY [--format pem|jwk|multikey|did|jwks]\n\n"
           "Print the public key of KEY (PEM, JWK, Multikey pair, Multikey or did:key):\n"
           "  pem        SubjectPublicKeyInfo (default)\n"
           "  jwk        public JWK with kid (RFC 7638 thumbprint), alg and use\n"
           "  multikey   z6Mk... (Ed25519) or zDn... (P-256)\n"
           "  did        did:key:... (Ed25519, P-256)\n"
           "  jwks       a JWKS document {\"keys\": [...]} to publish\n");
}

/* The public or private JWK of k with kid, alg and use, as text. */
static enum bl_err jwk_text(const struct bl_key *k, bool priv, struct bl_buf *out,
                            struct bl_errinfo *ei)
{
    json_t *jwks = NULL, *jwk = NULL, *entry;
    const struct bl_key *keys[1] = {k};
    enum bl_err rc;

    /* The JWKS entry has kid, alg and use; add the private members if asked. */
    rc = bl_key_jwks(keys, 1, &jwks, ei);
    if (rc != BL_OK)
        return rc;
    entry = json_array_get(json_object_get(jwks, "keys"), 0);
    if (priv) {
        rc = bl_key_to_jwk(k, true, &jwk, ei);
        if (rc == BL_OK)
            json_object_update_missing(entry, jwk);
    }
    if (rc == BL_OK)
        rc = bl_json_dump(entry, JSON_INDENT(2) | JSON_PRESERVE_ORDER, out, ei);
    if (rc == BL_OK)
        rc = bl_buf_putc(out, '\n');
    json_decref(jwk);
    json_decref(jwks);
    return rc;
}

/* {"type": "Multikey", "publicKeyMultibase", "secretKeyMultibase"} for Ed25519. */
static enum bl_err multikey_pair(const struct bl_key *k, struct bl_buf *out, struct bl_errinfo *ei)
{
    json_t *jwk = NULL;
    struct bl_buf pub, seed, sec;
    const char *d;
    enum bl_err rc;

    bl_buf_init(&pub, 256);
    bl_buf_init(&seed, 64);
    bl_buf_init(&sec, 256);
    if (bl_key_type(k) != BL_KEY_ED25519)
        return bl_fail(ei, BL_EUNSUPPORTED, "--format multikey is for Ed25519 keys");
    rc = bl_key_to_multikey(k, &pub, ei);
    if (rc == BL_OK)
        rc = bl_key_to_jwk(k, true, &jwk, ei);
    /* The JWK's "d" is the 32-byte seed that the secret Multikey carries. */
    if (rc == BL_OK && (d = json_string_value(json_object_get(jwk, "d"))) != NULL)
        rc = bl_base64url_decode(&seed, d, strlen(d), ei);
    if (rc == BL_OK)
        rc = bl_multikey_encode(&sec, BL_MULTIKEY_ED25519_PRIV, seed.p, seed.len, ei);
    if (rc == BL_OK)
        rc = bl_buf_printf(out,
                           "{\n  \"type\": \"Multikey\",\n  \"publicKeyMultibase\": \"%s\",\n"
                           "  \"secretKeyMultibase\": \"%s\"\n}\n",
                           (char *)pub.p, (char *)sec.p);
    if (seed.p)
        bl_wipe(seed.p, seed.cap);
    if (sec.p)
        bl_wipe(sec.p, sec.cap);
    json_decref(jwk);
    bl_buf_free(&pub);
    bl_buf_free(&seed);
    bl_buf_free(&sec);
    return rc;
}

int cmd_keygen(int argc, char **argv)
{
    const char *type = NULL, *format = "pem", *output = "-";
    enum bl_key_type kt;
    unsigned bits = 0;
    struct bl_key *k = NULL;
    struct bl_buf out;
    struct bl_errinfo ei;
    enum bl_err rc;

    bl_errinfo_clear(&ei);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            keygen_help();
            return CLI_OK;
        } else if (strcmp(a, "--type") == 0 && i + 1 < argc) {
            type = argv[++i];
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            format = argv[++i];
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            output = argv[++i];
        } else {
            return cli_usage_error("keygen", "unexpected argument %s", a);
        }
    }
    if (type == NULL)
        return cli_usage_error("keygen", "needs --type ed25519|rsa2048|rsa3072|p256");
    if (strcmp(type, "ed25519") == 0)
        kt = BL_KEY_ED25519;
    else if (strcmp(type, "rsa2048") == 0 || strcmp(type, "rsa3072") == 0)
        kt = BL_KEY_RSA, bits = type[4] == '2' ? 2048 : 3072;
    else if (strcmp(type, "p256") == 0)
        kt = BL_KEY_P256;
    else
        return cli_usage_error("keygen", "unknown key type %s", type);
    if (strcmp(format, "pem") != 0 && strcmp(format, "jwk") != 0 && strcmp(format, "multikey") != 0)
        return cli_usage_error("keygen", "unknown format %s", format);

    rc = bl_key_generate(kt, bits, &k, &ei);
    bl_buf_init(&out, 64 * 1024);
    if (rc == BL_OK && format[0] == 'p')
        rc = bl_key_to_pem(k, true, &out, &ei);
    else if (rc == BL_OK && format[0] == 'j')
        rc = jwk_text(k, true, &out, &ei);
    else if (rc == BL_OK)
        rc = multikey_pair(k, &out, &ei);
    if (rc == BL_OK)
        rc = cli_write_secret(output, out.p, out.len, &ei);
    if (out.p)
        bl_wipe(out.p, out.cap);
    bl_buf_free(&out);
    bl_key_free(k);
    return rc == BL_OK ? CLI_OK : cli_report("keygen", rc, &ei);
}

int cmd_pubkey(int argc, char **argv)
{
    const char *path = NULL, *format = "pem";
    struct bl_key *k = NULL;
    struct bl_buf out;
    struct bl_errinfo ei;
    enum bl_err rc;

    bl_errinfo_clear(&ei);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            pubkey_help();
            return CLI_OK;
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            format = argv[++i];
        } else if (path == NULL && (a[0] != '-' || a[1] == '\0')) {
            path = a;
        } else {
            return cli_usage_error("pubkey", "unexpected argument %s", a);
        }
    }
    if (path == NULL)
        return cli_usage_error("pubkey", "needs a KEY file");
    rc = cli_load_key(path, &k, &ei);
    if (rc != BL_OK)
        return cli_report("pubkey", rc, &ei);
    bl_buf_init(&out, 64 * 1024);
    if (strcmp(format, "pem") == 0) {
        rc = bl_key_to_pem(k, false, &out, &ei);
    } else if (strcmp(format, "jwk") == 0) {
        rc = jwk_text(k, false, &out, &ei);
    } else if (strcmp(format, "multikey") == 0 || strcmp(format, "did") == 0) {
        rc = format[0] == 'm' ? bl_key_to_multikey(k, &out, &ei) : bl_key_to_did(k, &out, &ei);
        if (rc == BL_OK)
            rc = bl_buf_putc(&out, '\n');
    } else if (strcmp(format, "jwks") == 0) {
        const struct bl_key *keys[1] = {k};
        json_t *jwks = NULL;

        rc = bl_key_jwks(keys, 1, &jwks, &ei);
        if (rc == BL_OK)
            rc = bl_json_dump(jwks, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &out, &ei);
        if (rc == BL_OK)
            rc = bl_buf_putc(&out, '\n');
        json_decref(jwks);
    } else {
        bl_key_free(k);
        bl_buf_free(&out);
        return cli_usage_error("pubkey", "unknown format %s", format);
    }
    if (rc == BL_OK)
        rc = cli_write_file("-", out.p, out.len, &ei);
    bl_buf_free(&out);
    bl_key_free(k);
    return rc == BL_OK ? CLI_OK : cli_report("pubkey", rc, &ei);
}
