/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_obdoc.c: libFuzzer target for the Open Badges document code on
 * arbitrary JSON: the OB 2.0 and 3.0 validators, the definition parsers,
 * the VC-JWT claim mapping both ways, and the date-time parser on every
 * string member.  Checked: a validator says BL_OK exactly when its report
 * has no error; the report stays within its cap; claims built from a
 * credential read back to the same credential with no disagreement; a
 * parsed date formats and parses back to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/limits.h"
#include "core/ob2.h"
#include "core/ob3.h"
#include "core/obdate.h"

/* 2026-06-01T00:00:00Z */
#define NOW 1780272000LL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_report(const struct bl_ob_report *r, enum bl_err rc)
{
    if ((rc == BL_OK) != (r->errors == 0))
        abort();
    if (r->n > BL_OB_REPORT_MAX || r->n + r->dropped != r->errors + r->warnings)
        abort();
}

typedef enum bl_err (*validator)(const json_t *, int64_t, struct bl_ob_report *,
                                 struct bl_errinfo *);

static void run(validator v, const json_t *doc)
{
    struct bl_ob_report r;
    struct bl_errinfo ei;

    bl_ob_report_init(&r);
    check_report(&r, v(doc, NOW, &r, &ei));
    /* Without a report the verdict is the same. */
    if ((v(doc, NOW, NULL, NULL) == BL_OK) != (r.errors == 0))
        abort();
    bl_ob_report_free(&r);
}

static void dates(const json_t *j, int depth)
{
    const char *key;
    json_t *v;
    size_t i;

    if (depth > 8)
        return;
    if (json_is_string(j)) {
        char out[BL_OBDATE_LEN];
        int64_t t, u;

        if (bl_obdate_parse(json_string_value(j), &t, NULL, NULL) == BL_OK) {
            if (bl_obdate_format(t, out, NULL) == BL_OK) {
                if (bl_obdate_parse_tz(out, &u, NULL) != BL_OK || u != t)
                    abort();
            }
        }
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v) dates(v, depth + 1);
    } else if (json_is_object(j)) {
        json_object_foreach((json_t *)(uintptr_t)j, key, v) dates(v, depth + 1);
    }
}

static bool has_claim_names(const json_t *j)
{
    static const char *const names[] = {"iss", "sub", "aud", "exp", "nbf",
                                        "iat", "jti", "vc",  NULL};
    size_t i;

    for (i = 0; names[i] != NULL; i++)
        if (json_object_get(j, names[i]) != NULL)
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *doc = NULL, *claims = NULL, *back = NULL;
    struct bl_ob_issuer_def idef;
    struct bl_ob_badge_def bdef;
    struct bl_ob_report r;
    bool v11 = false;

    if (bl_json_parse((const char *)data, size, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &doc, NULL) !=
        BL_OK)
        return 0;
    run(bl_ob2_validate_assertion, doc);
    run(bl_ob2_validate_badgeclass, doc);
    run(bl_ob2_validate_issuer, doc);
    run(bl_ob3_validate_credential, doc);
    run(bl_ob3_validate_endorsement, doc);
    dates(doc, 0);

    bl_ob_report_init(&r);
    check_report(&r, bl_ob_issuer_def_parse(doc, &idef, &r, NULL));
    bl_ob_report_free(&r);
    bl_ob_report_init(&r);
    check_report(&r, bl_ob_badge_def_parse(doc, &bdef, &r, NULL));
    bl_ob_badge_def_free(&bdef);
    bl_ob_report_free(&r);

    bl_ob_report_init(&r);
    if (bl_ob3_from_jwt_claims(doc, &back, &v11, &r, NULL) == BL_OK) {
        if (!json_is_object(back) || v11 != (json_object_get(doc, "vc") != NULL))
            abort();
        run(bl_ob3_validate_credential, back);
        json_decref(back);
        back = NULL;
    }
    bl_ob_report_free(&r);

    if (bl_ob3_jwt_claims(doc, &claims, NULL) == BL_OK) {
        bl_ob_report_init(&r);
        if (bl_ob3_from_jwt_claims(claims, &back, &v11, &r, NULL) != BL_OK)
            abort();
        /* A credential that does not use the claim names itself comes back unchanged. */
        if (!has_claim_names(doc) && (v11 || r.errors != 0 || !json_equal(back, doc)))
            abort();
        bl_ob_report_free(&r);
    }
    json_decref(back);
    json_decref(claims);
    json_decref(doc);
    return 0;
}
