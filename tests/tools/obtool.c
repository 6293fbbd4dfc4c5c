/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * obtool.c: a test driver for the Open Badges document builders and
 * validators (src/core/ob2.c, ob3.c).  It prints the documents built from
 * definition files so that independent tools (ajv in
 * tests/interop/schemas.test.js) can check them, and runs the validators on
 * files.  Not installed; the real CLI is `blason issue`.
 *
 *   obtool ob3 ISSUER.json BADGE.json EMAIL NOW [SALT [ID [rl URL | bitstring URL INDEX]]]
 *   obtool ob2 ISSUER.json BADGE.json EMAIL NOW [SALT [ID [CREATOR]]]   (the Assertion)
 *   obtool ob2-badge ISSUER.json BADGE.json NOW                          (the BadgeClass)
 *   obtool ob2-issuer ISSUER.json BADGE.json NOW                         (the Profile)
 *   obtool endorse ISSUER.json SUBJECT_ID COMMENT NOW ID
 *   obtool claims CREDENTIAL.json        (VC-JWT claim set)
 *   obtool from-claims CLAIMS.json       (credential; "vcdm 1.1" on stderr for the vc form)
 *   obtool validate ob2-assertion|ob2-badgeclass|ob2-issuer|ob3|ob3-endorsement FILE NOW
 * Exit status: 0 done / valid, 1 invalid document, 2 usage or input error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/ob2.h"
#include "core/ob3.h"
#include "core/obdate.h"

#define DEFAULT_SALT "obtool-salt"
#define DEFAULT_ID   "urn:uuid:00000000-0000-4000-8000-000000000000"

static json_t *load(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct bl_errinfo ei;
    char *p = NULL;
    size_t len = 0, cap = 0, got;
    json_t *j = NULL;

    if (f == NULL) {
        fprintf(stderr, "obtool: cannot open %s\n", path);
        exit(2);
    }
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            p = bl_realloc(p, cap);
        }
        got = fread(p + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    bl_errinfo_clear(&ei);
    if (bl_json_parse(p, len, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &j, &ei) != BL_OK) {
        fprintf(stderr, "obtool: %s: %s\n", path, ei.msg);
        exit(2);
    }
    bl_free(p);
    return j;
}

static int64_t parse_now(const char *s)
{
    struct bl_errinfo ei;
    int64_t t;

    bl_errinfo_clear(&ei);
    if (bl_obdate_parse_tz(s, &t, &ei) != BL_OK) {
        fprintf(stderr, "obtool: NOW: %s\n", ei.msg);
        exit(2);
    }
    return t;
}

static void print(json_t *j)
{
    struct bl_buf b;

    bl_buf_init(&b, BL_PAYLOAD_MAX * 4);
    if (bl_json_dump(j, JSON_INDENT(2), &b, NULL) != BL_OK) {
        fprintf(stderr, "obtool: cannot serialise\n");
        exit(2);
    }
    fputs((const char *)b.p, stdout);
    fputc('\n', stdout);
    bl_buf_free(&b);
}

static int fail(const char *what, const struct bl_ob_report *r, const struct bl_errinfo *ei)
{
    struct bl_buf b;

    bl_buf_init(&b, 1 << 20);
    fprintf(stderr, "obtool: %s: %s\n", what, ei->msg);
    if (r != NULL && bl_ob_report_dump(r, &b, NULL) == BL_OK && b.len > 0)
        fputs((const char *)b.p, stderr);
    bl_buf_free(&b);
    return 2;
}

static int usage(void)
{
    fprintf(stderr, "usage: obtool ob3|ob2|ob2-badge|ob2-issuer|endorse|claims|from-claims|"
                    "validate ... (see tests/tools/obtool.c)\n");
    return 2;
}

static int cmd_ob3(int argc, char **argv)
{
    struct bl_ob3_status st;
    struct bl_ob_report r;
    struct bl_errinfo ei;
    json_t *iss, *badge, *out = NULL;
    int rc = 0;

    if (argc < 6)
        return usage();
    memset(&st, 0, sizeof(st));
    if (argc == 10 && strcmp(argv[8], "rl") == 0) {
        st.kind = BL_OB3_STATUS_REVOCATION_LIST;
        st.id = argv[9];
    } else if (argc == 11 && strcmp(argv[8], "bitstring") == 0) {
        char *end;

        st.kind = BL_OB3_STATUS_BITSTRING;
        st.list_credential = argv[9];
        st.index = strtoull(argv[10], &end, 10);
    } else if (argc > 8) {
        return usage();
    }
    iss = load(argv[2]);
    badge = load(argv[3]);
    bl_ob_report_init(&r);
    bl_errinfo_clear(&ei);
    if (bl_ob3_credential_from_defs(
            iss, badge, argv[4], argc > 6 ? argv[6] : DEFAULT_SALT, argc > 7 ? argv[7] : DEFAULT_ID,
            parse_now(argv[5]), st.kind != BL_OB3_STATUS_NONE ? &st : NULL, &out, &r, &ei) != BL_OK)
        rc = fail("ob3", &r, &ei);
    else
        print(out);
    json_decref(out);
    json_decref(iss);
    json_decref(badge);
    bl_ob_report_free(&r);
    return rc;
}

static int cmd_ob2(int argc, char **argv, int which)
{
    struct bl_ob_report r;
    struct bl_errinfo ei;
    json_t *iss, *badge, *a = NULL, *b = NULL, *p = NULL;
    const char *email = "nobody@example.org", *salt = DEFAULT_SALT;
    const char *id = "https://example.org/assertions/1", *creator = NULL, *now;
    int rc = 0;

    if (which == 0) {
        if (argc < 6)
            return usage();
        email = argv[4];
        now = argv[5];
        if (argc > 6)
            salt = argv[6];
        if (argc > 7)
            id = argv[7];
        if (argc > 8)
            creator = argv[8];
    } else {
        if (argc < 5)
            return usage();
        now = argv[4];
    }
    iss = load(argv[2]);
    badge = load(argv[3]);
    bl_ob_report_init(&r);
    bl_errinfo_clear(&ei);
    if (bl_ob2_assertion_from_defs(iss, badge, email, salt, id, parse_now(now), creator, &a, &b, &p,
                                   &r, &ei) != BL_OK)
        rc = fail("ob2", &r, &ei);
    else
        print(which == 0 ? a : which == 1 ? b : p);
    json_decref(a);
    json_decref(b);
    json_decref(p);
    json_decref(iss);
    json_decref(badge);
    bl_ob_report_free(&r);
    return rc;
}

static int cmd_endorse(int argc, char **argv)
{
    struct bl_ob_issuer_def d;
    struct bl_ob3_profile prof;
    struct bl_ob3_endorsement e;
    struct bl_ob_report r;
    struct bl_errinfo ei;
    json_t *iss, *out = NULL;
    int rc = 0;

    if (argc < 7)
        return usage();
    iss = load(argv[2]);
    bl_ob_report_init(&r);
    bl_errinfo_clear(&ei);
    if (bl_ob_issuer_def_parse(iss, &d, &r, &ei) != BL_OK) {
        rc = fail("endorse", &r, &ei);
        goto out;
    }
    memset(&prof, 0, sizeof(prof));
    prof.id = d.id;
    prof.name = d.name;
    prof.url = d.url;
    prof.email = d.email;
    prof.description = d.description;
    prof.image = d.image;
    memset(&e, 0, sizeof(e));
    e.id = argv[6];
    e.name = "Endorsement";
    e.issuer = &prof;
    e.valid_from = parse_now(argv[5]);
    e.subject_id = argv[3];
    e.comment = argv[4];
    if (bl_ob3_endorsement_build(&e, &out, &ei) != BL_OK)
        rc = fail("endorse", NULL, &ei);
    else
        print(out);
out:
    json_decref(out);
    json_decref(iss);
    bl_ob_report_free(&r);
    return rc;
}

static int cmd_claims(int argc, char **argv, bool reverse)
{
    struct bl_ob_report r;
    struct bl_errinfo ei;
    json_t *in, *out = NULL;
    bool v11 = false;
    int rc = 0;

    if (argc < 3)
        return usage();
    in = load(argv[2]);
    bl_ob_report_init(&r);
    bl_errinfo_clear(&ei);
    if (!reverse ? bl_ob3_jwt_claims(in, &out, &ei) != BL_OK
                 : bl_ob3_from_jwt_claims(in, &out, &v11, &r, &ei) != BL_OK) {
        rc = fail("claims", NULL, &ei);
    } else {
        print(out);
        if (v11)
            fprintf(stderr, "vcdm 1.1\n");
        if (r.n > 0)
            rc = fail("claims", &r, &(struct bl_errinfo){BL_EINVAL, "claims disagree"});
    }
    json_decref(out);
    json_decref(in);
    bl_ob_report_free(&r);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    struct bl_ob_report r;
    struct bl_errinfo ei;
    struct bl_buf b;
    enum bl_err e;
    int64_t now;
    json_t *doc;

    if (argc < 5)
        return usage();
    doc = load(argv[3]);
    now = parse_now(argv[4]);
    bl_ob_report_init(&r);
    bl_errinfo_clear(&ei);
    if (strcmp(argv[2], "ob2-assertion") == 0)
        e = bl_ob2_validate_assertion(doc, now, &r, &ei);
    else if (strcmp(argv[2], "ob2-badgeclass") == 0)
        e = bl_ob2_validate_badgeclass(doc, now, &r, &ei);
    else if (strcmp(argv[2], "ob2-issuer") == 0)
        e = bl_ob2_validate_issuer(doc, now, &r, &ei);
    else if (strcmp(argv[2], "ob3") == 0)
        e = bl_ob3_validate_credential(doc, now, &r, &ei);
    else if (strcmp(argv[2], "ob3-endorsement") == 0)
        e = bl_ob3_validate_endorsement(doc, now, &r, &ei);
    else
        return usage();
    bl_buf_init(&b, 1 << 20);
    if (bl_ob_report_dump(&r, &b, NULL) == BL_OK && b.len > 0)
        fputs((const char *)b.p, stdout);
    printf("%s\n", e == BL_OK ? "valid" : "invalid");
    bl_buf_free(&b);
    bl_ob_report_free(&r);
    json_decref(doc);
    return e == BL_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "ob3") == 0)
        return cmd_ob3(argc, argv);
    if (strcmp(argv[1], "ob2") == 0)
        return cmd_ob2(argc, argv, 0);
    if (strcmp(argv[1], "ob2-badge") == 0)
        return cmd_ob2(argc, argv, 1);
    if (strcmp(argv[1], "ob2-issuer") == 0)
        return cmd_ob2(argc, argv, 2);
    if (strcmp(argv[1], "endorse") == 0)
        return cmd_endorse(argc, argv);
    if (strcmp(argv[1], "claims") == 0)
        return cmd_claims(argc, argv, false);
    if (strcmp(argv[1], "from-claims") == 0)
        return cmd_claims(argc, argv, true);
    if (strcmp(argv[1], "validate") == 0)
        return cmd_validate(argc, argv);
    return usage();
}
