/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_verify_endorse.c: the verifier's checks of the endorsements embedded
 * in an OB 3.0 credential.  An EndorsementCredential is built and signed
 * here (did:key endorser, a BitstringStatusListEntry served by the fetch
 * callback as a signed list), embedded in a credential signed by another
 * did:key issuer, then: a good one is reported ok naming its endorser; one
 * with its comment changed after signing, one withdrawn (its bit set), one
 * expired and one signed with a stranger's key are each reported, and
 * none of them makes the badge itself invalid.
 */
#include <string.h>

#include <jansson.h>

#include "core/di.h"
#include "core/json.h"
#include "core/key.h"
#include "core/mem.h"
#include "core/ob3.h"
#include "core/statuslist.h"
#include "core/verify.h"
#include "testutil.h"

/* 2026-11-28T12:00:00Z */
#define NOW         1795867200
#define STATUS_URL  "https://endorser.example/status/1"
#define STATUS_IDX  5
#define ACHIEVEMENT "https://example.org/achievements/robotics"

struct world {
    struct bl_key *endorser, *issuer, *stranger;
    char endorser_did[256], endorser_vm[512], issuer_did[256], issuer_vm[512], stranger_vm[512];
    char *status_list; /* the signed list the fetch callback serves */
};

static void did_of(struct bl_key *k, char *did, char *vm)
{
    struct bl_buf b;
    bl_buf_init(&b, 4096);
    assert_int_equal(bl_key_to_did(k, &b, NULL), BL_OK);
    memcpy(did, b.p, b.len);
    did[b.len] = 0;
    bl_buf_reset(&b);
    assert_int_equal(bl_key_to_did_vm(k, &b, NULL), BL_OK);
    memcpy(vm, b.p, b.len);
    vm[b.len] = 0;
    bl_buf_free(&b);
}

static char *dump(const json_t *j)
{
    struct bl_buf b;
    bl_buf_init(&b, 1u << 20);
    assert_int_equal(bl_json_dump(j, JSON_COMPACT, &b, NULL), BL_OK);
    return (char *)bl_buf_detach(&b, NULL);
}

/* The endorser's status list with the given bit set or not, signed by the endorser. */
static void make_status_list(struct world *w, bool withdrawn)
{
    uint64_t idx = STATUS_IDX;
    struct bl_buf enc;
    json_t *doc, *signed_doc = NULL;
    bl_buf_init(&enc, 1u << 20);
    assert_int_equal(bl_statuslist_encode(&idx, withdrawn ? 1 : 0, 131072, &enc, NULL), BL_OK);
    doc = json_pack("{s:[s], s:s, s:[s,s], s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "@context",
                    BL_OB3_CONTEXT_VC2, "id", STATUS_URL, "type", "VerifiableCredential",
                    "BitstringStatusListCredential", "issuer", w->endorser_did, "validFrom",
                    "2026-01-01T00:00:00Z", "credentialSubject", "id", STATUS_URL "#list", "type",
                    "BitstringStatusList", "statusPurpose", "revocation", "encodedList",
                    (const char *)enc.p);
    assert_int_equal(bl_di_sign(NULL, doc, w->endorser, w->endorser_vm, "2026-01-01T00:00:00Z",
                                &signed_doc, NULL),
                     BL_OK);
    bl_free(w->status_list);
    w->status_list = dump(signed_doc);
    json_decref(doc);
    json_decref(signed_doc);
    bl_buf_free(&enc);
}

static enum bl_err fetch(void *cls, const char *url, const char *accept, struct bl_buf *body,
                         long *status, char *final_url, size_t flen, struct bl_errinfo *ei)
{
    struct world *w = cls;
    (void)accept;
    (void)ei;
    if (flen)
        final_url[0] = 0;
    *status = 404;
    if (strcmp(url, STATUS_URL) == 0 && w->status_list) {
        *status = 200;
        return bl_buf_puts(body, w->status_list);
    }
    return BL_OK;
}

/* A signed endorsement of ACHIEVEMENT by the endorser (signed with key/vm). */
static json_t *endorsement(struct world *w, int64_t until, struct bl_key *key, const char *vm)
{
    struct bl_ob3_profile p = {.id = w->endorser_did, .name = "Boulangerie Dupain"};
    struct bl_ob3_endorsement in = {
        .id = "urn:uuid:2f1b8d1e-9a0c-4d1e-8b7a-5c3e2d1f0a9b",
        .name = "Reconnaissance",
        .issuer = &p,
        .valid_from = NOW - 86400,
        .has_valid_until = until != 0,
        .valid_until = until,
        .subject_id = ACHIEVEMENT,
        .comment = "Utile pour nos recrutements",
        .status = {.kind = BL_OB3_STATUS_BITSTRING,
                   .list_credential = STATUS_URL,
                   .index = STATUS_IDX},
    };
    json_t *e = NULL, *s = NULL;
    assert_int_equal(bl_ob3_endorsement_build(&in, &e, NULL), BL_OK);
    assert_int_equal(bl_di_sign(NULL, e, key, vm, "2026-11-27T12:00:00Z", &s, NULL), BL_OK);
    json_decref(e);
    return s;
}

/* The credential of fixtures ob30/simple.json, issued by w->issuer, embedding en (stolen). */
static char *credential_with(struct world *w, json_t *en)
{
    json_t *cred = json_load_file(tu_fixture_path("ob30/simple.json"), 0, NULL), *s = NULL;
    assert_non_null(cred);
    json_object_del(cred, "proof");
    json_object_set_new(json_object_get(cred, "issuer"), "id", json_string(w->issuer_did));
    json_t *ach = json_object_get(json_object_get(cred, "credentialSubject"), "achievement");
    json_object_set_new(ach, "endorsement", json_pack("[o]", en));
    assert_int_equal(
        bl_di_sign(NULL, cred, w->issuer, w->issuer_vm, "2026-11-27T12:00:00Z", &s, NULL), BL_OK);
    char *text = dump(s);
    json_decref(s);
    json_decref(cred);
    return text;
}

/* Verify text; the badge stays valid; the endorsement check is want (with its status). */
static void expect(struct world *w, const char *text, const char *want, enum bl_check_status st)
{
    struct bl_verify_opts o = {.now = NOW, .fetch = fetch, .fetch_cls = w};
    struct bl_verify_report r;
    struct bl_errinfo ei;
    const struct bl_verify_check *k = NULL;
    assert_int_equal(bl_verify_bytes((const unsigned char *)text, strlen(text), &o, &r, &ei),
                     BL_OK);
    for (size_t i = 0; i < r.n; i++)
        if (strncmp(r.checks[i].id, "endorsement", 11) == 0)
            k = &r.checks[i];
    if (!k || strcmp(k->id, want) != 0 || k->status != st) {
        for (size_t i = 0; i < r.n; i++)
            print_message("# %s %s [%s]\n", r.checks[i].id, r.checks[i].message,
                          r.checks[i].detail);
    }
    assert_non_null(k);
    assert_string_equal(k->id, want);
    assert_int_equal(k->status, st);
    /* The endorser is named in the message. */
    assert_non_null(strstr(k->message, "Boulangerie Dupain"));
    /* An endorsement's problem is a warning: the badge itself is still authentic. */
    assert_true(r.verdict == BL_VERIFY_VALID || r.verdict == BL_VERIFY_VALID_WITH_WARNINGS);
    assert_int_equal(r.verdict,
                     st == BL_CHECK_OK ? BL_VERIFY_VALID : BL_VERIFY_VALID_WITH_WARNINGS);
    bl_verify_report_free(&r);
}

static void test_embedded(void **state)
{
    struct world w;
    (void)state;
    memset(&w, 0, sizeof w);
    assert_int_equal(bl_key_generate(BL_KEY_ED25519, 0, &w.endorser, NULL), BL_OK);
    assert_int_equal(bl_key_generate(BL_KEY_ED25519, 0, &w.issuer, NULL), BL_OK);
    assert_int_equal(bl_key_generate(BL_KEY_ED25519, 0, &w.stranger, NULL), BL_OK);
    did_of(w.endorser, w.endorser_did, w.endorser_vm);
    did_of(w.issuer, w.issuer_did, w.issuer_vm);
    char stranger_did[256];
    did_of(w.stranger, stranger_did, w.stranger_vm);
    make_status_list(&w, false);

    /* Good. */
    json_t *en = endorsement(&w, NOW + 86400 * 365, w.endorser, w.endorser_vm);
    char *text = credential_with(&w, json_incref(en));
    expect(&w, text, "endorsement.ok", BL_CHECK_OK);
    bl_free(text);

    /* The comment changed after the endorser signed (the outer credential re-signed). */
    json_t *bad = json_deep_copy(en);
    json_object_set_new(json_object_get(bad, "credentialSubject"), "endorsementComment",
                        json_string("Le meilleur candidat du monde"));
    text = credential_with(&w, bad);
    expect(&w, text, "endorsement.invalid", BL_CHECK_WARNING);
    bl_free(text);

    /* Withdrawn: its bit set in the endorser's list. */
    make_status_list(&w, true);
    text = credential_with(&w, json_incref(en));
    expect(&w, text, "endorsement.withdrawn", BL_CHECK_WARNING);
    bl_free(text);
    make_status_list(&w, false);

    /* Expired yesterday. */
    json_t *old = endorsement(&w, NOW - 3600, w.endorser, w.endorser_vm);
    text = credential_with(&w, old);
    expect(&w, text, "endorsement.expired", BL_CHECK_WARNING);
    bl_free(text);

    /* Signed by someone else's key while claiming to be the endorser. */
    json_t *forged = endorsement(&w, NOW + 86400, w.stranger, w.stranger_vm);
    text = credential_with(&w, forged);
    expect(&w, text, "endorsement.key", BL_CHECK_WARNING);
    bl_free(text);

    json_decref(en);
    bl_free(w.status_list);
    bl_key_free(w.endorser);
    bl_key_free(w.issuer);
    bl_key_free(w.stranger);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_embedded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
