/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_proof.c: blason canon (canonical N-Quads of a JSON-LD document) and
 * blason verify-proof (the Data Integrity proofs of a credential, in a JSON
 * file or baked in an image).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "core/bake.h"
#include "core/di.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/payload.h"

static void canon_help(void)
{
    printf("Usage: blason canon [--no-proof] FILE.json|-\n\n"
           "Print the canonical N-Quads of a JSON-LD document: JSON-LD 1.1 toRdf in safe\n"
           "mode, with only the contexts compiled into Blason (nothing is fetched), then\n"
           "RDF Dataset Canonicalization (RDFC-1.0).  --no-proof leaves out the \"proof\"\n"
           "member, which is what a Data Integrity proof signs.\n");
}

static void verify_help(void)
{
    printf("Usage: blason verify-proof FILE.json|IMAGE|-\n\n"
           "Verify every Data Integrity proof of an Open Badges 3.0 credential, given as\n"
           "JSON or baked in a PNG or SVG: eddsa-rdfc-2022 (and the older eddsa-2022 and\n"
           "Ed25519Signature2020).  Keys come from the verificationMethod: did:key, or\n"
           "<issuer id>#<Multikey> whose controller must be the credential's issuer.\n"
           "One line per proof; exit status 0 when every proof verifies, 1 otherwise.\n"
           "This checks the proofs only: 'blason verify' (to come) checks the rest.\n");
}

/* Read a JSON document, or the JSON credential baked in an image. */
static enum bl_err read_doc(const char *arg, json_t **out, struct bl_errinfo *ei)
{
    unsigned char *p = NULL;
    size_t n = 0;
    struct bl_baked b;
    enum bl_err rc = cli_read_file(arg, BL_IMAGE_MAX_DEFAULT, &p, &n, ei);

    memset(&b, 0, sizeof(b));
    if (rc == BL_OK && bl_image_sniff(p, n) == BL_IMG_PNG) {
        rc = bl_unbake(p, n, &b, ei);
    } else if (rc == BL_OK && bl_image_sniff(p, n) == BL_IMG_SVG) {
        rc = bl_unbake(p, n, &b, ei);
        if (rc == BL_ESVG || rc == BL_ENOTFOUND)
            rc = bl_fail(ei, rc, "%s is neither JSON nor a badge image", arg);
    }
    if (rc == BL_OK && b.payload != NULL && b.kind != BL_PAYLOAD_JSON)
        rc = bl_fail(ei, BL_EUNSUPPORTED,
                     "the badge in %s is a %s, not a credential with an embedded proof", arg,
                     bl_payload_kind_name(b.kind));
    if (rc == BL_OK) {
        const unsigned char *text = b.payload ? b.payload : p;
        size_t len = b.payload ? b.payload_len : n;

        rc = bl_json_parse((const char *)text, len, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, out, ei);
        if (rc == BL_OK && !json_is_object(*out)) {
            json_decref(*out);
            *out = NULL;
            rc = bl_fail(ei, BL_EJSON, "%s is not a JSON object", arg);
        }
    }
    bl_baked_free(&b);
    bl_free(p);
    return rc;
}

int cmd_canon(int argc, char **argv)
{
    const char *arg = NULL;
    int no_proof = 0;
    json_t *doc = NULL;
    struct bl_buf out;
    struct bl_errinfo ei;
    enum bl_err rc;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            canon_help();
            return CLI_OK;
        } else if (strcmp(argv[i], "--no-proof") == 0) {
            no_proof = 1;
        } else if (arg == NULL && (argv[i][0] != '-' || argv[i][1] == '\0')) {
            arg = argv[i];
        } else {
            return cli_usage_error("canon", "unexpected argument %s", argv[i]);
        }
    }
    if (arg == NULL)
        return cli_usage_error("canon", "needs a FILE.json");
    bl_errinfo_clear(&ei);
    bl_buf_init(&out, 64u * 1024 * 1024);
    rc = read_doc(arg, &doc, &ei);
    if (rc == BL_OK && no_proof)
        json_object_del(doc, "proof");
    if (rc == BL_OK)
        rc = bl_di_canonicalize(NULL, doc, &out, &ei);
    if (rc == BL_OK)
        rc = cli_write_file("-", out.p, out.len, &ei);
    json_decref(doc);
    bl_buf_free(&out);
    return rc == BL_OK ? CLI_OK : cli_report("canon", rc, &ei);
}

int cmd_verify_proof(int argc, char **argv)
{
    const char *arg = NULL;
    json_t *doc = NULL;
    struct bl_di_report r;
    struct bl_errinfo ei;
    enum bl_err rc;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            verify_help();
            return CLI_OK;
        } else if (arg == NULL && (argv[i][0] != '-' || argv[i][1] == '\0')) {
            arg = argv[i];
        } else {
            return cli_usage_error("verify-proof", "unexpected argument %s", argv[i]);
        }
    }
    if (arg == NULL)
        return cli_usage_error("verify-proof", "needs a FILE.json or an IMAGE");
    bl_errinfo_clear(&ei);
    rc = read_doc(arg, &doc, &ei);
    if (rc != BL_OK)
        return cli_report("verify-proof", rc, &ei);
    rc = bl_di_verify(NULL, doc, NULL, NULL, &r, &ei);
    for (size_t i = 0; i < r.n; i++)
        printf("proof %zu: %s%s%s: %s%s%s\n", i + 1, r.v[i].type, r.v[i].suite[0] ? " " : "",
               r.v[i].suite, r.v[i].status == BL_OK ? "valid" : "INVALID",
               r.v[i].status == BL_OK ? "" : " - ", r.v[i].msg);
    json_decref(doc);
    if (fflush(stdout) != 0)
        return CLI_USAGE;
    return rc == BL_OK ? CLI_OK : cli_report("verify-proof", rc, &ei);
}
