/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_issue.c: blason issue, the whole offline issuing path: build the Open
 * Badges document from an issuer and a badge definition, sign it, bake it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli.h"
#include "core/bake.h"
#include "core/di.h"
#include "core/base64.h"
#include "core/json.h"
#include "core/jws.h"
#include "core/key.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/ob2.h"
#include "core/ob3.h"
#include "core/obdate.h"
#include "core/rand.h"

static void help(void)
{
    printf("Usage: blason issue --issuer ISSUER.json --badge BADGE.json --recipient EMAIL\n"
           "                    --image IMAGE -o OUT.png|OUT.svg [--ob 2|3]\n"
           "                    [--proof jwt|di|jws|hosted] [--key KEY] [--key-id URL]\n"
           "                    [--kid-only] [--now DATE] [--salt SALT] [--id ID]\n\n"
           "Build an Open Badge for one recipient from an issuer and a badge definition\n"
           "(README.md, 'Definition files'), sign it and bake it into IMAGE.\n\n"
           "  --ob 3 (default)  an OpenBadgeCredential; --proof jwt (default) signs it as a\n"
           "                    VC-JWT with KEY, the public key in the header (\"jwk\"), or\n"
           "                    only its \"kid\" with --kid-only; --proof di adds a Data\n"
           "                    Integrity proof (eddsa-rdfc-2022, Ed25519 KEY) whose\n"
           "                    verificationMethod is --key-id or <issuer id>#<Multikey>\n"
           "  --ob 2            an Assertion; --proof jws (default) signs it with KEY, and\n"
           "                    --key-id names the URL where its CryptographicKey is\n"
           "                    published (verification.creator); --proof hosted bakes\n"
           "                    the assertion for hosted verification, unsigned\n"
           "  --recipient EMAIL stored hashed (sha256 with a random salt, or --salt)\n"
           "  --now DATE        issue date (RFC 3339; default: now)\n"
           "  --id ID           the assertion or credential id (default: a new urn:uuid)\n"
           "The id of the badge is printed on standard output.\n");
}

/* A version 4 UUID from bl_random, as "urn:uuid:...". */
static void new_urn_uuid(char out[BL_URL_MAX + 1])
{
    unsigned char u[16];
    static const char hex[] = "0123456789abcdef";
    size_t o = 9;

    bl_random(u, sizeof(u));
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    memcpy(out, "urn:uuid:", 9);
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[u[i] >> 4];
        out[o++] = hex[u[i] & 15];
    }
    out[o] = '\0';
}

static enum bl_err read_json(const char *path, json_t **out, struct bl_errinfo *ei)
{
    unsigned char *text = NULL;
    size_t n = 0;
    enum bl_err rc = cli_read_file(path, BL_JSON_MAX_BYTES, &text, &n, ei);

    if (rc == BL_OK)
        rc = bl_json_parse((const char *)text, n, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, out, ei);
    if (rc == BL_OK && !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        rc = bl_fail(ei, BL_EINVAL, "%s: not a JSON object", path);
    } else if (rc != BL_OK && ei != NULL && rc != BL_EIO) {
        char why[sizeof(ei->msg)];

        memcpy(why, ei->msg, sizeof(why));
        rc = bl_fail(ei, rc, "%s: %s", path, why);
    }
    bl_free(text);
    return rc;
}

/* Print every problem of a definition report; BL_EINVAL when there are errors. */
static enum bl_err print_report(const struct bl_ob_report *r, struct bl_errinfo *ei)
{
    for (size_t i = 0; i < r->n; i++)
        fprintf(stderr, "blason issue: %s: %s: %s\n",
                r->v[i].sev == BL_OB_ERROR ? "error" : "warning", r->v[i].path, r->v[i].msg);
    if (r->errors > 0)
        return bl_fail(ei, BL_EINVAL, "the definitions have %zu error(s)", r->errors);
    return BL_OK;
}

static enum bl_err dump_compact(const json_t *j, struct bl_buf *out, struct bl_errinfo *ei)
{
    return bl_json_dump(j, JSON_COMPACT | JSON_PRESERVE_ORDER, out, ei);
}

/*
 * Data Integrity (eddsa-rdfc-2022): the verificationMethod is --key-id, or
 * by default "<issuer id>#<Multikey>", which verifiers resolve offline and
 * bind to the issuer (docs/open-badges.md §12.11).
 */
static enum bl_err sign_di(const json_t *doc, const struct bl_key *k, const char *key_id,
                           int64_t now, struct bl_buf *payload, struct bl_errinfo *ei)
{
    struct bl_buf vm;
    char created[BL_OBDATE_LEN];
    json_t *signed_doc = NULL;
    enum bl_err rc;

    bl_buf_init(&vm, BL_URL_MAX + 128);
    if (key_id != NULL) {
        rc = bl_buf_puts(&vm, key_id);
    } else {
        rc = bl_buf_printf(
            &vm, "%s#", json_string_value(json_object_get(json_object_get(doc, "issuer"), "id")));
        if (rc == BL_OK)
            rc = bl_key_to_multikey(k, &vm, ei);
    }
    if (rc == BL_OK)
        rc = bl_obdate_format(now, created, ei);
    if (rc == BL_OK)
        rc = bl_di_sign(NULL, doc, k, (char *)vm.p, created, &signed_doc, ei);
    if (rc == BL_OK)
        rc = dump_compact(signed_doc, payload, ei);
    json_decref(signed_doc);
    bl_buf_free(&vm);
    return rc;
}

int cmd_issue(int argc, char **argv)
{
    const char *issuer_path = NULL, *badge_path = NULL, *email = NULL, *image = NULL;
    const char *output = NULL, *keyfile = NULL, *key_id = NULL, *proof = NULL, *now_arg = NULL;
    const char *salt_arg = NULL, *id_arg = NULL;
    int ob = 3, kid_only = 0;
    json_t *idef = NULL, *bdef = NULL, *doc = NULL, *claims = NULL, *extra = NULL, *jwk = NULL;
    struct bl_key *k = NULL;
    struct bl_ob_report report;
    struct bl_buf payload, thumb;
    struct bl_bake_out baked;
    unsigned char *img = NULL;
    size_t img_len = 0;
    char salt[33], id[BL_URL_MAX + 1];
    int64_t now = (int64_t)time(NULL);
    struct bl_errinfo ei;
    enum bl_err rc = BL_OK;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help();
            return CLI_OK;
        }
        if (strcmp(a, "--kid-only") == 0) {
            kid_only = 1;
            continue;
        }
        if (v == NULL)
            return cli_usage_error("issue", "unexpected argument %s", a);
        i++;
        if (strcmp(a, "--issuer") == 0)
            issuer_path = v;
        else if (strcmp(a, "--badge") == 0)
            badge_path = v;
        else if (strcmp(a, "--recipient") == 0)
            email = v;
        else if (strcmp(a, "--image") == 0)
            image = v;
        else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
            output = v;
        else if (strcmp(a, "--key") == 0)
            keyfile = v;
        else if (strcmp(a, "--key-id") == 0)
            key_id = v;
        else if (strcmp(a, "--proof") == 0)
            proof = v;
        else if (strcmp(a, "--now") == 0)
            now_arg = v;
        else if (strcmp(a, "--salt") == 0)
            salt_arg = v;
        else if (strcmp(a, "--id") == 0)
            id_arg = v;
        else if (strcmp(a, "--ob") == 0 && (strcmp(v, "2") == 0 || strcmp(v, "3") == 0))
            ob = v[0] - '0';
        else
            return cli_usage_error("issue", "unexpected argument %s %s", a, v);
    }
    if (issuer_path == NULL || badge_path == NULL || email == NULL || image == NULL ||
        output == NULL)
        return cli_usage_error("issue", "needs --issuer, --badge, --recipient, --image and -o");
    if (proof == NULL)
        proof = ob == 3 ? "jwt" : "jws";
    if (ob == 3 && strcmp(proof, "jwt") != 0 && strcmp(proof, "di") != 0)
        return cli_usage_error("issue", "Open Badges 3.0 takes --proof jwt or --proof di");
    if (ob == 2 && strcmp(proof, "jws") != 0 && strcmp(proof, "hosted") != 0)
        return cli_usage_error("issue", "Open Badges 2.0 takes --proof jws or --proof hosted");
    if (strcmp(proof, "hosted") != 0 && keyfile == NULL)
        return cli_usage_error("issue", "--proof %s needs --key KEY", proof);
    if (ob == 2 && strcmp(proof, "jws") == 0 && key_id == NULL)
        return cli_usage_error("issue", "a signed 2.0 assertion needs --key-id URL, where its "
                                        "CryptographicKey is published");

    bl_errinfo_clear(&ei);
    bl_ob_report_init(&report);
    bl_buf_init(&payload, BL_PAYLOAD_MAX);
    bl_buf_init(&thumb, 128);
    bl_bake_out_init(&baked, BL_IMAGE_MAX_DEFAULT + 2 * BL_PAYLOAD_MAX);
    if (now_arg != NULL)
        rc = bl_obdate_parse_tz(now_arg, &now, &ei);
    if (salt_arg != NULL) {
        if (strlen(salt_arg) >= sizeof(salt))
            rc = bl_fail(&ei, BL_EINVAL, "--salt is longer than %zu characters", sizeof(salt) - 1);
        else
            memcpy(salt, salt_arg, strlen(salt_arg) + 1);
    } else {
        unsigned char r[16];
        static const char hex[] = "0123456789abcdef";

        bl_random(r, sizeof(r));
        for (size_t i = 0; i < sizeof(r); i++) {
            salt[2 * i] = hex[r[i] >> 4];
            salt[2 * i + 1] = hex[r[i] & 15];
        }
        salt[32] = '\0';
    }
    if (id_arg != NULL && strlen(id_arg) < sizeof(id))
        memcpy(id, id_arg, strlen(id_arg) + 1);
    else if (id_arg != NULL)
        rc = bl_fail(&ei, BL_EINVAL, "--id is too long");
    else
        new_urn_uuid(id);
    if (rc == BL_OK)
        rc = read_json(issuer_path, &idef, &ei);
    if (rc == BL_OK)
        rc = read_json(badge_path, &bdef, &ei);
    if (rc == BL_OK && keyfile != NULL)
        rc = cli_load_key(keyfile, &k, &ei);
    if (rc == BL_OK && ob == 3)
        rc =
            bl_ob3_credential_from_defs(idef, bdef, email, salt, id, now, NULL, &doc, &report, &ei);
    else if (rc == BL_OK)
        rc = bl_ob2_assertion_from_defs(idef, bdef, email, salt, id, now,
                                        strcmp(proof, "jws") == 0 ? key_id : NULL, &doc, NULL, NULL,
                                        &report, &ei);
    if (rc == BL_OK || report.n > 0) {
        enum bl_err rrc = print_report(&report, &ei);

        if (rc == BL_OK)
            rc = rrc;
    }
    if (rc != BL_OK)
        goto out;

    if (strcmp(proof, "hosted") == 0) {
        rc = dump_compact(doc, &payload, &ei);
    } else if (strcmp(proof, "di") == 0) {
        rc = sign_di(doc, k, key_id, now, &payload, &ei);
    } else {
        extra = json_object();
        if (ob == 3) {
            /* VC-JWT header: alg, then kid or jwk, then typ (docs/open-badges.md §6.1). */
            if (kid_only) {
                rc = bl_key_thumbprint(k, &thumb, &ei);
                if (rc == BL_OK)
                    json_object_set_new(extra, "kid", json_string((char *)thumb.p));
            } else {
                rc = bl_key_to_jwk(k, false, &jwk, &ei);
                if (rc == BL_OK)
                    json_object_set(extra, "jwk", jwk);
            }
            json_object_set_new(extra, "typ", json_string("JWT"));
            if (rc == BL_OK)
                rc = bl_ob3_jwt_claims(doc, &claims, &ei);
        }
        if (rc == BL_OK) {
            struct bl_buf body;

            bl_buf_init(&body, BL_JWS_PAYLOAD_MAX);
            rc = dump_compact(ob == 3 ? claims : doc, &body, &ei);
            if (rc == BL_OK)
                rc = bl_jws_sign(k, bl_jws_alg_for_key(k), extra, body.p, body.len, &payload, &ei);
            bl_buf_free(&body);
        }
    }
    if (rc == BL_OK)
        rc = cli_read_file(image, BL_IMAGE_MAX_DEFAULT, &img, &img_len, &ei);
    if (rc == BL_OK)
        rc = bl_bake_iov(img, img_len, payload.p, payload.len, ob == 3 ? BL_OB3 : BL_OB2, &baked,
                         &ei);
    if (rc == BL_OK)
        rc = cli_write_iov(output, &baked.iov, &ei);
    if (rc == BL_OK)
        printf("%s\n", id);
out:
    bl_ob_report_free(&report);
    bl_bake_out_free(&baked);
    bl_buf_free(&payload);
    bl_buf_free(&thumb);
    bl_free(img);
    json_decref(idef);
    json_decref(bdef);
    json_decref(doc);
    json_decref(claims);
    json_decref(extra);
    json_decref(jwk);
    bl_key_free(k);
    return rc == BL_OK ? CLI_OK : cli_report("issue", rc, &ei);
}
