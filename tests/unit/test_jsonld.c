/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_jsonld.c: JSON-LD expansion and toRdf.  Runs the W3C JSON-LD 1.1
 * toRdf test suite (fixtures json-ld-api/, every test: in scope ones must
 * pass, out-of-scope ones are listed with the reason), the negative expand
 * tests, the OB 3.0 specification test vector (canonical N-Quads of the
 * Implementation Guide), safe mode, the compiled-in context store, and the
 * number and canonical JSON forms against values written out by hand from
 * the specifications.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctxstore.h"
#include "core/json.h"
#include "core/jsonld.h"
#include "core/jsonld_rdf.h"
#include "core/mem.h"
#include "core/rdf.h"
#include "core/rdfc.h"
#include "testutil.h"

#define SUITE_BASE "https://w3c.github.io/json-ld-api/tests/"

/* ---- the test-suite loader: suite URLs -> fixture files ------------------- */

struct suite_loader {
    unsigned char *last;
};

static enum bl_err suite_load(void *arg, const char *url, const char **text, size_t *len,
                              struct bl_errinfo *ei)
{
    struct suite_loader *l = arg;
    char rel[1024];
    const char *hash;
    size_t n;

    if (strncmp(url, SUITE_BASE, strlen(SUITE_BASE)) != 0)
        return bl_fail(ei, BL_ENOTFOUND, "JSON-LD: %s is outside the test suite", url);
    hash = strchr(url, '#');
    n = hash ? (size_t)(hash - url) : strlen(url);
    snprintf(rel, sizeof(rel), "json-ld-api/tests/%.*s", (int)(n - strlen(SUITE_BASE)),
             url + strlen(SUITE_BASE));
    bl_free(l->last);
    l->last = tu_read_file(tu_fixture_path(rel), &n);
    if (l->last == NULL)
        return bl_fail(ei, BL_ENOTFOUND, "JSON-LD: no file for %s", url);
    *text = (const char *)l->last;
    *len = n;
    return BL_OK;
}

static json_t *load_json(const char *rel)
{
    size_t n;
    unsigned char *t = tu_read_file(tu_fixture_path(rel), &n);
    json_t *j = NULL;
    struct bl_errinfo ei;

    if (t == NULL)
        return NULL;
    if (bl_json_parse((const char *)t, n, 64u * 1024 * 1024, 1000, &j, &ei) != BL_OK)
        j = NULL;
    bl_free(t);
    return j;
}

/* Why a test is out of scope, or NULL. */
static const char *out_of_scope(const json_t *t)
{
    const json_t *o = json_object_get(t, "option");
    const char *s;

    if ((s = bl_json_str(o, "specVersion")) && strcmp(s, "json-ld-1.0") == 0)
        return "JSON-LD 1.0 only (specVersion json-ld-1.0)";
    if ((s = bl_json_str(o, "processingMode")) && strcmp(s, "json-ld-1.0") == 0)
        return "JSON-LD 1.0 processing mode";
    if (json_is_true(json_object_get(o, "produceGeneralizedRdf")))
        return "generalized RDF (produceGeneralizedRdf)";
    if (bl_json_str(o, "rdfDirection"))
        return "rdfDirection (i18n-datatype / compound-literal)";
    s = bl_json_str(t, "@id");
    if (s && (strcmp(s, "#tnt01") == 0 || strcmp(s, "#tnt03") == 0))
        return "U+0000 in a string: Blason's JSON parser refuses NUL by design";
    return NULL;
}

struct tally {
    int pass, fail, oos, code_mismatch;
};

/* Canonical N-Quads of ds; NULL (with msg) on failure. */
static char *canon_ds(const struct bl_rdf_dataset *ds, char *msg, size_t mn)
{
    struct bl_buf b;
    struct bl_errinfo ei;

    bl_buf_init(&b, 64u * 1024 * 1024);
    if (bl_rdfc_canonicalize(ds, NULL, &b, NULL, NULL, &ei) != BL_OK) {
        snprintf(msg, mn, "canonicalize: %s", ei.msg);
        bl_buf_free(&b);
        return NULL;
    }
    return (char *)bl_buf_detach(&b, NULL);
}

static void run_torfd_test(const json_t *t, struct tally *ta)
{
    const char *id = bl_json_str(t, "@id"), *name = bl_json_str(t, "name");
    const char *input = bl_json_str(t, "input"), *expect = bl_json_str(t, "expect");
    const char *errcode = bl_json_str(t, "expectErrorCode");
    const json_t *types = json_object_get(t, "@type"), *o = json_object_get(t, "option");
    const char *why = out_of_scope(t);
    char base[1024], rel[1024], msg[1400] = "";
    struct suite_loader l = {NULL};
    struct bl_jsonld *p = NULL;
    struct bl_jsonld_opts opts = {0};
    struct bl_rdf_dataset ds;
    struct bl_errinfo ei;
    json_t *doc = NULL, *ectx = NULL;
    enum bl_err e;
    bool negative = bl_json_has_string(types, "jld:NegativeEvaluationTest");
    bool ok = false;
    char *got = NULL, *want = NULL;

    if (why) {
        printf("# toRdf %s OUT-OF-SCOPE (%s) %s\n", id, why, name);
        ta->oos++;
        return;
    }
    bl_rdf_dataset_init(&ds);
    bl_errinfo_clear(&ei);
    snprintf(base, sizeof(base), "%s%s", SUITE_BASE, input);
    snprintf(rel, sizeof(rel), "json-ld-api/tests/%s", input);
    doc = load_json(rel);
    if (doc == NULL) {
        snprintf(msg, sizeof(msg), "input is not JSON");
        ok = negative && errcode && strcmp(errcode, "loading document failed") == 0;
        goto done;
    }
    opts.unsafe = true;
    opts.strict_iri = true;
    opts.base = bl_json_str(o, "base") ? bl_json_str(o, "base") : base;
    if (bl_json_str(o, "expandContext")) {
        snprintf(rel, sizeof(rel), "json-ld-api/tests/%s", bl_json_str(o, "expandContext"));
        ectx = load_json(rel);
        opts.expand_context = ectx;
    }
    if (bl_jsonld_new(suite_load, &l, &p, &ei) != BL_OK)
        fail();
    e = bl_jsonld_to_rdf(p, doc, &opts, &ds, &ei);
    if (negative) {
        const char *code = bl_jsonld_last_code(p);

        ok = e != BL_OK;
        if (!ok)
            snprintf(msg, sizeof(msg), "expected error \"%s\", got success", errcode);
        else if (code == NULL || strcmp(code, errcode) != 0) {
            ta->code_mismatch++;
            snprintf(msg, sizeof(msg), "error code \"%s\" (expected \"%s\"): %s", code ? code : "?",
                     errcode, ei.msg);
        }
        goto done;
    }
    if (e != BL_OK) {
        snprintf(msg, sizeof(msg), "%s", ei.msg);
        goto done;
    }
    if (expect == NULL) { /* PositiveSyntaxTest */
        ok = true;
        goto done;
    }
    got = canon_ds(&ds, msg, sizeof(msg));
    if (got == NULL)
        goto done;
    {
        size_t n;
        unsigned char *exp;
        struct bl_buf b;

        snprintf(rel, sizeof(rel), "json-ld-api/tests/%s", expect);
        exp = tu_read_file(tu_fixture_path(rel), &n);
        if (exp == NULL)
            fail_msg("missing %s", rel);
        bl_buf_init(&b, 64u * 1024 * 1024);
        if (bl_rdfc_canonicalize_nquads((const char *)exp, n, NULL, &b, &ei) != BL_OK) {
            snprintf(msg, sizeof(msg), "expected output: %s", ei.msg);
            bl_buf_free(&b);
            bl_free(exp);
            goto done;
        }
        want = (char *)bl_buf_detach(&b, NULL);
        bl_free(exp);
    }
    ok = strcmp(got, want) == 0;
    if (!ok)
        snprintf(msg, sizeof(msg), "N-Quads differ:\n--- got\n%.600s--- expected\n%.600s", got,
                 want);
done:
    printf("# toRdf %s %s %s%s%s\n", id, ok ? "PASS" : "FAIL", name, msg[0] ? ": " : "", msg);
    if (ok)
        ta->pass++;
    else
        ta->fail++;
    bl_free(got);
    bl_free(want);
    json_decref(doc);
    json_decref(ectx);
    bl_jsonld_free(p);
    bl_free(l.last);
    bl_rdf_dataset_free(&ds);
}

static void w3c_torfd(void **state)
{
    json_t *m, *seq, *t;
    size_t i;
    struct tally ta = {0, 0, 0, 0};

    (void)state;
    m = load_json("json-ld-api/tests/toRdf-manifest.jsonld");
    if (m == NULL) {
        tu_fixture("json-ld-api/tests/toRdf-manifest.jsonld", &i); /* skips or fails */
        fail_msg("toRdf manifest is not JSON");
    }
    seq = json_object_get(m, "sequence");
    json_array_foreach(seq, i, t)
    {
        run_torfd_test(t, &ta);
    }
    printf("# toRdf: passed %d of %d in scope; %d out of scope; %d negative tests failed with "
           "another error code\n",
           ta.pass, ta.pass + ta.fail, ta.oos, ta.code_mismatch);
    json_decref(m);
    assert_int_equal(ta.fail, 0);
    assert_true(ta.pass >= 380);
}

/* Negative expand tests: each must fail (the error code is reported). */
static void w3c_expand_negative(void **state)
{
    json_t *m, *seq, *t;
    size_t i;
    int pass = 0, fail = 0, oos = 0, mism = 0;

    (void)state;
    m = load_json("json-ld-api/tests/expand-manifest.jsonld");
    if (m == NULL) {
        tu_fixture("json-ld-api/tests/expand-manifest.jsonld", &i);
        fail_msg("expand manifest is not JSON");
    }
    seq = json_object_get(m, "sequence");
    json_array_foreach(seq, i, t)
    {
        const char *id = bl_json_str(t, "@id"), *errcode = bl_json_str(t, "expectErrorCode");
        const char *why = out_of_scope(t), *code;
        char rel[1024], base[1024];
        struct suite_loader l = {NULL};
        struct bl_jsonld *p = NULL;
        struct bl_jsonld_opts opts = {0};
        struct bl_errinfo ei;
        json_t *doc, *out = NULL, *ectx = NULL, *o = json_object_get(t, "option");
        enum bl_err e;

        if (!bl_json_has_string(json_object_get(t, "@type"), "jld:NegativeEvaluationTest"))
            continue;
        if (why) {
            printf("# expand %s OUT-OF-SCOPE (%s)\n", id, why);
            oos++;
            continue;
        }
        snprintf(rel, sizeof(rel), "json-ld-api/tests/%s", bl_json_str(t, "input"));
        snprintf(base, sizeof(base), "%s%s", SUITE_BASE, bl_json_str(t, "input"));
        doc = load_json(rel);
        if (doc == NULL) {
            printf("# expand %s PASS (input is not JSON)\n", id);
            pass++;
            continue;
        }
        opts.unsafe = true;
        opts.base = bl_json_str(o, "base") ? bl_json_str(o, "base") : base;
        if (bl_json_str(o, "expandContext")) {
            snprintf(rel, sizeof(rel), "json-ld-api/tests/%s", bl_json_str(o, "expandContext"));
            ectx = load_json(rel);
            opts.expand_context = ectx;
        }
        if (bl_jsonld_new(suite_load, &l, &p, &ei) != BL_OK)
            fail();
        e = bl_jsonld_expand(p, doc, &opts, &out, &ei);
        code = bl_jsonld_last_code(p);
        if (e == BL_OK) {
            printf("# expand %s FAIL expected \"%s\", got success\n", id, errcode);
            fail++;
        } else {
            if (code == NULL || strcmp(code, errcode) != 0) {
                mism++;
                printf("# expand %s PASS (error code \"%s\", expected \"%s\")\n", id,
                       code ? code : "?", errcode);
            } else {
                printf("# expand %s PASS\n", id);
            }
            pass++;
        }
        json_decref(out);
        json_decref(doc);
        json_decref(ectx);
        bl_jsonld_free(p);
        bl_free(l.last);
    }
    printf("# expand (negative): passed %d of %d in scope; %d out of scope; %d with another "
           "error code\n",
           pass, pass + fail, oos, mism);
    json_decref(m);
    assert_int_equal(fail, 0);
}

/* Canonical N-Quads of an expanded document (NULL on failure). */
static char *canon_expanded(const json_t *exp)
{
    struct bl_rdf_dataset ds;
    struct bl_errinfo ei;
    char msg[300], *r = NULL;

    struct bl_jsonld_opts opts = {0};

    opts.unsafe = true;
    bl_rdf_dataset_init(&ds);
    if (bl_jsonld_expanded_to_rdf(exp, &opts, &ds, &ei) == BL_OK)
        r = canon_ds(&ds, msg, sizeof(msg));
    bl_rdf_dataset_free(&ds);
    return r;
}

/*
 * Positive expand tests: the expansion must equal the expected JSON (keys
 * are processed in order, as the suite's expected files assume); where
 * only array order differs, both must give the same canonical RDF.
 */
static void w3c_expand_positive(void **state)
{
    json_t *m, *seq, *t;
    size_t i;
    int exact = 0, rdf = 0, fail = 0, oos = 0;

    (void)state;
    m = load_json("json-ld-api/tests/expand-manifest.jsonld");
    if (m == NULL) {
        tu_fixture("json-ld-api/tests/expand-manifest.jsonld", &i);
        fail_msg("expand manifest is not JSON");
    }
    seq = json_object_get(m, "sequence");
    json_array_foreach(seq, i, t)
    {
        const char *id = bl_json_str(t, "@id"), *why = out_of_scope(t);
        char rel[1024], base[1024];
        struct suite_loader l = {NULL};
        struct bl_jsonld *p = NULL;
        struct bl_jsonld_opts opts = {0};
        struct bl_errinfo ei;
        json_t *doc, *want, *out = NULL, *ectx = NULL, *o = json_object_get(t, "option");

        if (!bl_json_has_string(json_object_get(t, "@type"), "jld:PositiveEvaluationTest"))
            continue;
        if (why) {
            printf("# expand %s OUT-OF-SCOPE (%s)\n", id, why);
            oos++;
            continue;
        }
        snprintf(rel, sizeof(rel), "json-ld-api/tests/%s", bl_json_str(t, "input"));
        snprintf(base, sizeof(base), "%s%s", SUITE_BASE, bl_json_str(t, "input"));
        doc = load_json(rel);
        snprintf(rel, sizeof(rel), "json-ld-api/tests/%s", bl_json_str(t, "expect"));
        want = load_json(rel);
        if (doc == NULL || want == NULL) {
            printf("# expand %s OUT-OF-SCOPE (U+0000 in a string: refused by design)\n", id);
            json_decref(doc);
            json_decref(want);
            oos++;
            continue;
        }
        opts.unsafe = true;
        opts.base = bl_json_str(o, "base") ? bl_json_str(o, "base") : base;
        if (bl_json_str(o, "expandContext")) {
            snprintf(rel, sizeof(rel), "json-ld-api/tests/%s", bl_json_str(o, "expandContext"));
            ectx = load_json(rel);
            opts.expand_context = ectx;
        }
        if (bl_jsonld_new(suite_load, &l, &p, &ei) != BL_OK)
            fail();
        if (bl_jsonld_expand(p, doc, &opts, &out, &ei) != BL_OK) {
            printf("# expand %s FAIL %s\n", id, ei.msg);
            fail++;
        } else if (json_equal(out, want)) {
            printf("# expand %s PASS\n", id);
            exact++;
        } else {
            char *a = canon_expanded(out), *b = canon_expanded(want);

            if (a && b && strcmp(a, b) == 0) {
                printf("# expand %s PASS (same RDF; JSON differs in order)\n", id);
                rdf++;
            } else {
                char *js = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
                printf("# expand %s FAIL got %.500s\n", id, js ? js : "?");
                free(js); /* json_dumps allocates with malloc; lint: allow */
                fail++;
            }
            bl_free(a);
            bl_free(b);
        }
        json_decref(out);
        json_decref(doc);
        json_decref(want);
        json_decref(ectx);
        bl_jsonld_free(p);
        bl_free(l.last);
    }
    printf("# expand (positive): passed %d of %d in scope (%d equal JSON, %d equal RDF only); %d "
           "out of scope\n",
           exact + rdf, exact + rdf + fail, exact, rdf, oos);
    json_decref(m);
    assert_int_equal(fail, 0);
}

/* ---- OB 3.0 ------------------------------------------------------------- */

static bool have_contexts(void)
{
    if (bl_ctxstore_count() == 0) {
        printf("# contexts not compiled in (build/gen/contexts.c not linked): skipped\n");
        return false;
    }
    return true;
}

static char *canon_doc(json_t *doc, enum bl_err *err, struct bl_errinfo *ei)
{
    struct bl_jsonld *p = NULL;
    struct bl_rdf_dataset ds;
    struct bl_buf b;
    char *r = NULL;

    bl_rdf_dataset_init(&ds);
    bl_buf_init(&b, 1u << 24);
    assert_int_equal(bl_jsonld_new(NULL, NULL, &p, ei), BL_OK);
    *err = bl_jsonld_to_rdf(p, doc, NULL, &ds, ei);
    if (*err == BL_OK)
        *err = bl_rdfc_canonicalize(&ds, NULL, &b, NULL, NULL, ei);
    if (*err == BL_OK)
        r = (char *)bl_buf_detach(&b, NULL);
    bl_buf_free(&b);
    bl_rdf_dataset_free(&ds);
    bl_jsonld_free(p);
    return r;
}

static void ob30_spec_vector(void **state)
{
    size_t n;
    unsigned char *want;
    json_t *doc;
    char *got;
    enum bl_err e;
    struct bl_errinfo ei;

    (void)state;
    if (!have_contexts())
        skip();
    want = tu_fixture("ob30-spec-test-vector/document-canon.txt", &n);
    doc = load_json("ob30-spec-test-vector/signed-credential.json");
    assert_non_null(doc);
    json_object_del(doc, "proof");
    got = canon_doc(doc, &e, &ei);
    if (e != BL_OK)
        fail_msg("%s", ei.msg);
    assert_string_equal(got, (const char *)want);
    bl_free(got);
    bl_free(want);
    json_decref(doc);
}

/* ob30/simple.json has the same content as the vector but another issuer;
 * its canonical form must be the vector's with those IRIs (and url) changed. */
static void ob30_simple(void **state)
{
    json_t *doc;
    char *got;
    enum bl_err e;
    struct bl_errinfo ei;

    (void)state;
    if (!have_contexts())
        skip();
    doc = load_json("ob30/simple.json");
    if (doc == NULL)
        skip();
    json_object_del(doc, "proof");
    got = canon_doc(doc, &e, &ei);
    if (e != BL_OK)
        fail_msg("%s", ei.msg);
    assert_non_null(strstr(got, "<http://example.com/credentials/3527> "
                                "<https://www.w3.org/2018/credentials#issuer> "
                                "<https://example.com/issuers/876543> .\n"));
    assert_non_null(strstr(got, "<https://example.com/issuers/876543> "
                                "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                                "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile> .\n"));
    assert_non_null(strstr(got, "<http://example.com/credentials/3527> "
                                "<https://www.w3.org/2018/credentials#validFrom> "
                                "\"2010-01-01T00:00:00Z\"^^"
                                "<http://www.w3.org/2001/XMLSchema#dateTime> .\n"));
    bl_free(got);
    json_decref(doc);
}

static void safe_mode(void **state)
{
    json_t *doc;
    char *got;
    enum bl_err e;
    struct bl_errinfo ei;

    (void)state;
    if (!have_contexts())
        skip();
    doc = load_json("ob30/simple.json");
    if (doc == NULL)
        skip();
    json_object_set_new(json_object_get(doc, "credentialSubject"), "foo", json_string("x"));
    got = canon_doc(doc, &e, &ei);
    assert_null(got);
    assert_int_equal(e, BL_EINVAL);
    assert_string_equal(ei.msg, "JSON-LD: term \"foo\" at /credentialSubject/foo is not defined");
    json_decref(doc);

    doc = load_json("ob30/simple-err-type.json");
    assert_non_null(doc);
    got = canon_doc(doc, &e, &ei);
    assert_null(got);
    assert_string_equal(ei.msg, "JSON-LD: type \"OtherCredential\" at /type is not defined");
    json_decref(doc);
}

/*
 * One processor across documents (the cached contexts): a refused document
 * in between, and an unsafe one, change nothing for the next ones.
 */
static void cache_reuse(void **state)
{
    struct bl_jsonld *p = NULL;
    struct bl_errinfo ei;
    struct bl_jsonld_opts unsafe_opts = {0};
    json_t *good, *bad;
    char *first = NULL;
    size_t n;
    unsigned char *want;

    (void)state;
    if (!have_contexts())
        skip();
    want = tu_fixture("ob30-spec-test-vector/document-canon.txt", &n);
    good = load_json("ob30-spec-test-vector/signed-credential.json");
    assert_non_null(good);
    json_object_del(good, "proof");
    bad = json_deep_copy(good);
    json_object_set_new(json_object_get(bad, "credentialSubject"), "foo", json_string("x"));
    unsafe_opts.unsafe = true;
    assert_int_equal(bl_jsonld_new(NULL, NULL, &p, &ei), BL_OK);
    for (int round = 0; round < 4; round++) {
        struct bl_rdf_dataset ds;
        struct bl_buf b;

        bl_rdf_dataset_init(&ds);
        bl_buf_init(&b, 1u << 20);
        assert_int_equal(bl_jsonld_to_rdf(p, good, NULL, &ds, &ei), BL_OK);
        assert_int_equal(bl_rdfc_canonicalize(&ds, NULL, &b, NULL, NULL, &ei), BL_OK);
        assert_string_equal((const char *)b.p, (const char *)want);
        if (first == NULL)
            first = (char *)bl_buf_detach(&b, NULL);
        bl_buf_free(&b);
        bl_rdf_dataset_reset(&ds);
        assert_int_equal(bl_jsonld_to_rdf(p, bad, NULL, &ds, &ei), BL_EINVAL);
        assert_string_equal(ei.msg,
                            "JSON-LD: term \"foo\" at /credentialSubject/foo is not defined");
        bl_rdf_dataset_reset(&ds);
        /* unsafe: the undefined term is dropped, so the vector's quads come out */
        assert_int_equal(bl_jsonld_to_rdf(p, bad, &unsafe_opts, &ds, &ei), BL_OK);
        assert_int_equal(bl_rdfc_canonicalize(&ds, NULL, &b, NULL, NULL, &ei), BL_OK);
        assert_string_equal((const char *)b.p, (const char *)want);
        bl_buf_free(&b);
        bl_rdf_dataset_free(&ds);
    }
    bl_free(first);
    bl_free(want);
    json_decref(good);
    json_decref(bad);
    bl_jsonld_free(p);
}

static void remote_refused(void **state)
{
    struct bl_jsonld *p = NULL;
    struct bl_errinfo ei;
    json_t *doc =
               json_pack("{s:s, s:s}", "@context", "https://example.org/evil.jsonld", "name", "x"),
           *out = NULL;

    (void)state;
    assert_int_equal(bl_jsonld_new(NULL, NULL, &p, &ei), BL_OK);
    assert_int_equal(bl_jsonld_expand(p, doc, NULL, &out, &ei), BL_ENOTFOUND);
    assert_string_equal(ei.msg, "JSON-LD: context https://example.org/evil.jsonld is not "
                                "compiled in");
    assert_null(out);
    json_decref(doc);
    bl_jsonld_free(p);
}

/* Every compiled-in context is JSON with an @context, and the OB/VC set is there. */
static void ctxstore(void **state)
{
    static const char *const must[] = {"https://www.w3.org/2018/credentials/v1",
                                       "https://www.w3.org/ns/credentials/v2",
                                       "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
                                       "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
                                       "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
                                       "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                                       "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
                                       "https://w3id.org/security/data-integrity/v1",
                                       "https://w3id.org/security/data-integrity/v2",
                                       "https://w3id.org/security/multikey/v1",
                                       "https://w3id.org/security/suites/ed25519-2020/v1",
                                       "https://w3id.org/vc/status-list/2021/v1",
                                       NULL};
    static const char *const fixture_of[][2] = {
        {"https://www.w3.org/2018/credentials/v1", "credentials-v1.jsonld"},
        {"https://www.w3.org/ns/credentials/v2", "credentials-v2.jsonld"},
        {"https://purl.imsglobal.org/spec/ob/v3p0/context.json", "ob-v3p0-context.json"},
        {"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
         "ob-v3p0-context-3.0.1.json"},
        {"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
         "ob-v3p0-context-3.0.2.json"},
        {"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
         "ob-v3p0-context-3.0.3.json"},
        {"https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", "ob-v3p0-extensions.json"},
        {"https://w3id.org/security/data-integrity/v1", "data-integrity-v1.jsonld"},
        {"https://w3id.org/security/data-integrity/v2", "data-integrity-v2.jsonld"},
        {"https://w3id.org/security/multikey/v1", "multikey-v1.jsonld"},
        {"https://w3id.org/security/suites/ed25519-2020/v1",
         "security-suites-ed25519-2020-v1.jsonld"},
        {"https://w3id.org/openbadges/v2", "openbadges-v2-context.json"},
        {NULL, NULL}};
    struct bl_errinfo ei;

    (void)state;
    if (!have_contexts())
        skip();
    for (size_t i = 0; i < bl_ctxstore_count(); i++) {
        const struct bl_ctxstore_entry *c = bl_ctxstore_at(i);
        json_t *j = NULL;

        assert_int_equal(bl_json_parse(c->text, c->len, 1u << 20, 64, &j, &ei), BL_OK);
        assert_non_null(json_object_get(j, "@context"));
        json_decref(j);
    }
    for (size_t i = 0; must[i]; i++) {
        const char *t;
        size_t n;
        assert_int_equal(bl_ctxstore_load(NULL, must[i], &t, &n, &ei), BL_OK);
    }
    /* every compiled-in context is JSON-equal to the copy in the fixtures */
    for (size_t i = 0; fixture_of[i][0]; i++) {
        const char *t;
        size_t n, fn;
        json_t *a = NULL, *b = NULL;
        char rel[256];
        unsigned char *f;

        snprintf(rel, sizeof(rel), "contexts/%s", fixture_of[i][1]);
        f = tu_fixture(rel, &fn);
        assert_int_equal(bl_ctxstore_load(NULL, fixture_of[i][0], &t, &n, &ei), BL_OK);
        assert_int_equal(bl_json_parse(t, n, 1u << 20, 64, &a, &ei), BL_OK);
        assert_int_equal(bl_json_parse((const char *)f, fn, 1u << 20, 64, &b, &ei), BL_OK);
        if (!json_equal(a, b))
            fail_msg("%s differs from fixtures/%s", fixture_of[i][0], rel);
        json_decref(a);
        json_decref(b);
        bl_free(f);
    }
    assert_null(bl_ctxstore_at(bl_ctxstore_count()));
}

/* ---- lexical forms ------------------------------------------------------- */

static void doubles(void **state)
{
    char b[48];

    (void)state;
    /* JSON-LD 1.1 API §8.6 and its tests (toRdf #t0022, js07...) */
    bl_jsonld_double_lexical(5.3, b, sizeof(b));
    assert_string_equal(b, "5.3E0");
    bl_jsonld_double_lexical(1.1e21, b, sizeof(b));
    assert_string_equal(b, "1.1E21");
    bl_jsonld_double_lexical(-0.5, b, sizeof(b));
    assert_string_equal(b, "-5.0E-1");
    bl_jsonld_double_lexical(1.0, b, sizeof(b));
    assert_string_equal(b, "1.0E0");
    bl_jsonld_double_lexical(123456.789, b, sizeof(b));
    assert_string_equal(b, "1.23456789E5");
}

static void canonical_json(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        /* RFC 8785 §3.2.3 ordering (UTF-16 code units) and number forms */
        {"{\"b\":1,\"a\":[true,null,\"x\"]}", "{\"a\":[true,null,\"x\"],\"b\":1}"},
        {"{\"\\u20ac\":1,\"\\r\":2,\"\\ud83d\\ude00\":3,\"\\u00f6\":4,\"1\":5}",
         "{\"\\r\":2,\"1\":5,\"\xc3\xb6\":4,\"\xe2\x82\xac\":1,\"\xf0\x9f\x98\x80\":3}"},
        {"[1.0,1e21,1e-7,0.000001,-0.0,123.456,1e300]", "[1,1e+21,1e-7,0.000001,0,123.456,1e+300]"},
        {"\"\\u0001\\n\\\"\"", "\"\\u0001\\n\\\"\""},
        {NULL, NULL}};
    struct bl_errinfo ei;

    (void)state;
    for (size_t i = 0; cases[i].in; i++) {
        json_t *j = NULL;
        struct bl_buf b;

        assert_int_equal(bl_json_parse(cases[i].in, strlen(cases[i].in), 4096, 16, &j, &ei), BL_OK);
        bl_buf_init(&b, 4096);
        assert_int_equal(bl_jsonld_canonical_json(j, &b), BL_OK);
        assert_string_equal((const char *)b.p, cases[i].out);
        bl_buf_free(&b);
        json_decref(j);
    }
}

static void resolve(void **state)
{
    /* RFC 3986 §5.4.1 normal examples */
    static const char *const ex[][2] = {{"g:h", "g:h"},
                                        {"g", "http://a/b/c/g"},
                                        {"./g", "http://a/b/c/g"},
                                        {"g/", "http://a/b/c/g/"},
                                        {"/g", "http://a/g"},
                                        {"//g", "http://g"},
                                        {"?y", "http://a/b/c/d;p?y"},
                                        {"g?y", "http://a/b/c/g?y"},
                                        {"#s", "http://a/b/c/d;p?q#s"},
                                        {"g#s", "http://a/b/c/g#s"},
                                        {"", "http://a/b/c/d;p?q"},
                                        {".", "http://a/b/c/"},
                                        {"./", "http://a/b/c/"},
                                        {"..", "http://a/b/"},
                                        {"../", "http://a/b/"},
                                        {"../g", "http://a/b/g"},
                                        {"../..", "http://a/"},
                                        {"../../g", "http://a/g"},
                                        {"../../../g", "http://a/g"},
                                        {"/./g", "http://a/g"},
                                        {"g.", "http://a/b/c/g."},
                                        {"./../g", "http://a/b/g"},
                                        {"g/./h", "http://a/b/c/g/h"},
                                        {"g/../h", "http://a/b/c/h"},
                                        {NULL, NULL}};

    (void)state;
    for (size_t i = 0; ex[i][0]; i++) {
        char *r = bl_jsonld_resolve_iri("http://a/b/c/d;p?q", ex[i][0]);
        if (strcmp(r, ex[i][1]) != 0)
            fail_msg("resolve \"%s\": got %s, expected %s", ex[i][0], r, ex[i][1]);
        bl_free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(doubles),
        cmocka_unit_test(canonical_json),
        cmocka_unit_test(resolve),
        cmocka_unit_test(remote_refused),
        cmocka_unit_test(ctxstore),
        cmocka_unit_test(ob30_spec_vector),
        cmocka_unit_test(ob30_simple),
        cmocka_unit_test(safe_mode),
        cmocka_unit_test(cache_reuse),
        cmocka_unit_test(w3c_torfd),
        cmocka_unit_test(w3c_expand_negative),
        cmocka_unit_test(w3c_expand_positive),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
