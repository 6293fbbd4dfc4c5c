/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_verify.c: blason verify, the verdict on any Open Badge (image, JSON,
 * JWS) for a person (French by default, or English) or a script (--json).
 * Documents the badge points to (hosted assertions, keys, issuer profiles,
 * revocation and status lists) are fetched through src/net, HTTPS only and
 * never from private addresses unless allowed; --offline uses only what the
 * badge carries.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/obdate.h"
#include "core/verify.h"
#include "net/fetch.h"

static void help(void)
{
    printf("Usage: blason verify IMAGE|FILE|URL|- [--recipient EMAIL|URL|PHONE] [--lang fr|en]\n"
           "                     [--json] [--offline] [--allow-private-network] [--allow-http]\n"
           "                     [--now DATE] [--max-size SIZE] [--key KEY]\n"
           "                     [--allow-address IP:PORT]\n\n"
           "Say whether an Open Badge is authentic and still valid: a baked PNG or SVG,\n"
           "an OB 2.0 assertion or OB 3.0 credential as JSON, a compact JWS / VC-JWT,\n"
           "or the URL of a hosted assertion.\n"
           "Every check is listed with its result (ok, warning, error, skipped).\n\n"
           "  --recipient R  also check that the badge was issued to R (hashed or not)\n"
           "  --lang L       fr (default) or en\n"
           "  --json         the report as JSON, for scripts\n"
           "  --offline      use only what the badge carries; fetch nothing\n"
           "  --allow-private-network  let fetches reach loopback and private addresses\n"
           "                 (refused by default: a badge must not make Blason probe them)\n"
           "  --allow-address IP:PORT  let fetches reach this one private address (an\n"
           "                 intranet issuer); every other private address stays refused\n"
           "  --allow-http   fetch plain http:// URLs too (https only by default; did:web\n"
           "                 then resolves over http, for tests against a local server)\n"
           "  --key KEY      check a VC-JWT with this public key (PEM, JWK, Multikey or\n"
           "                 did:key) that you know to be the issuer's, whatever its header says\n"
           "  --now DATE     judge validity at DATE (RFC 3339) instead of now\n\n"
           "Exit status: 0 valid, 1 invalid, revoked, expired or not yet valid,\n"
           "2 could not verify (network needed, unsupported) or usage error.\n");
}

static const char *status_word(enum bl_check_status s, bool en)
{
    static const char *const fr[] = {"ok", "attention", "erreur", "non vérifié"};
    static const char *const eng[] = {"ok", "warning", "error", "skipped"};

    return (en ? eng : fr)[s];
}

static void print_human(const struct bl_verify_report *r)
{
    bool en = r->en;

    printf("%s\n", bl_verify_verdict_text(r->verdict, en));
    printf("  %s Open Badges %s, %s\n", en ? "Badge:" : "Badge :",
           r->version == BL_OB3   ? "3.0"
           : r->version == BL_OB2 ? "2.0"
                                  : "?",
           bl_verify_proof_name(r->proof));
    if (r->achievement)
        printf("  %s %s\n", en ? "Achievement:" : "Intitulé :", r->achievement);
    if (r->issuer_name || r->issuer_id)
        printf("  %s %s%s%s%s\n",
               en ? "Issuer:" : "Émetteur :", r->issuer_name ? r->issuer_name : "",
               r->issuer_id ? " (" : "", r->issuer_id ? r->issuer_id : "", r->issuer_id ? ")" : "");
    if (r->recipient)
        printf("  %s %s\n", en ? "Recipient:" : "Titulaire :", r->recipient);
    if (r->issued)
        printf("  %s %s\n", en ? "Issued:" : "Délivré le :", r->issued);
    if (r->expires)
        printf("  %s %s\n", en ? "Expires:" : "Expire le :", r->expires);
    for (size_t i = 0; i < r->n; i++)
        printf("  [%s] %s: %s%s%s%s\n", status_word(r->checks[i].status, en), r->checks[i].id,
               r->checks[i].message, r->checks[i].detail && r->checks[i].detail[0] ? " (" : "",
               r->checks[i].detail ? r->checks[i].detail : "",
               r->checks[i].detail && r->checks[i].detail[0] ? ")" : "");
}

int cmd_verify(int argc, char **argv)
{
    const char *arg = NULL, *now_arg = NULL;
    struct bl_verify_opts opts;
    struct bl_verify_report rep;
    size_t max = BL_IMAGE_MAX_DEFAULT, n = 0;
    unsigned char *input = NULL;
    int as_json = 0, status;
    struct bl_fetch_opts fopts;
    struct bl_fetcher *fetcher = NULL;
    struct bl_key *key = NULL;
    const char *keyfile = NULL;
    struct bl_errinfo ei;
    enum bl_err rc;

    memset(&opts, 0, sizeof(opts));
    memset(&rep, 0, sizeof(rep));
    memset(&fopts, 0, sizeof(fopts));
    opts.lang = "fr";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help();
            return CLI_OK;
        } else if (strcmp(a, "--json") == 0) {
            as_json = 1;
        } else if (strcmp(a, "--offline") == 0) {
            opts.offline = true;
        } else if (strcmp(a, "--allow-private-network") == 0) {
            fopts.allow_private = true;
        } else if (strcmp(a, "--allow-address") == 0 && i + 1 < argc) {
            fopts.allow_address = argv[++i];
        } else if (strcmp(a, "--allow-http") == 0) {
            fopts.allow_http = true;
        } else if (strcmp(a, "--key") == 0 && i + 1 < argc) {
            keyfile = argv[++i];
        } else if (strcmp(a, "--recipient") == 0 && i + 1 < argc) {
            opts.recipient = argv[++i];
        } else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            opts.lang = argv[++i];
            if (strcmp(opts.lang, "fr") != 0 && strcmp(opts.lang, "en") != 0)
                return cli_usage_error("verify", "--lang takes fr or en");
        } else if (strcmp(a, "--now") == 0 && i + 1 < argc) {
            now_arg = argv[++i];
        } else if (strcmp(a, "--max-size") == 0 && i + 1 < argc) {
            if (cli_parse_size(argv[++i], &max) != 0 || max == 0)
                return cli_usage_error("verify", "--max-size needs a size such as 16M");
        } else if (arg == NULL && (a[0] != '-' || a[1] == '\0')) {
            arg = a;
        } else {
            return cli_usage_error("verify", "unexpected argument %s", a);
        }
    }
    if (arg == NULL)
        return cli_usage_error("verify", "needs a badge: IMAGE, FILE or -");
    bl_errinfo_clear(&ei);
    opts.now = (int64_t)time(NULL);
    rc = now_arg ? bl_obdate_parse_tz(now_arg, &opts.now, &ei) : BL_OK;
    if (rc == BL_OK && keyfile) {
        rc = cli_load_key(keyfile, &key, &ei);
        opts.key = key;
    }
    opts.did_web_http = fopts.allow_http;
    if (rc == BL_OK && !opts.offline) {
        rc = bl_fetcher_new(&fopts, &fetcher, &ei);
        opts.fetch = bl_fetch;
        opts.fetch_cls = fetcher;
    }
    /* A URL is verified as such (a hosted assertion); anything else is a file. */
    if (rc == BL_OK && (strncmp(arg, "https://", 8) == 0 || strncmp(arg, "http://", 7) == 0)) {
        input = (unsigned char *)bl_strdup(arg);
        n = strlen(arg);
    } else if (rc == BL_OK) {
        rc = cli_read_file(arg, max, &input, &n, &ei);
    }
    if (rc == BL_OK)
        rc = bl_verify_bytes(input, n, &opts, &rep, &ei);
    bl_free(input);
    bl_fetcher_free(fetcher);
    bl_key_free(key);
    if (rc != BL_OK) {
        bl_verify_report_free(&rep);
        status = cli_report("verify", rc, &ei);
        return rc == BL_EIO ? status : CLI_USAGE;
    }
    if (as_json) {
        json_t *o = NULL;
        struct bl_buf out;

        bl_buf_init(&out, 16u * 1024 * 1024);
        rc = bl_verify_report_json(&rep, &o, &ei);
        if (rc == BL_OK)
            rc = bl_json_dump(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &out, &ei);
        if (rc == BL_OK)
            rc = bl_buf_putc(&out, '\n');
        if (rc == BL_OK)
            rc = cli_write_file("-", out.p, out.len, &ei);
        json_decref(o);
        bl_buf_free(&out);
    } else {
        print_human(&rep);
    }
    status = bl_verify_exit_code(rep.verdict);
    bl_verify_report_free(&rep);
    if (rc != BL_OK)
        return cli_report("verify", rc, &ei);
    return fflush(stdout) == 0 ? status : CLI_USAGE;
}
