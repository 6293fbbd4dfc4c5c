/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_app.c: the use cases (src/app) on a real SQLite file: organisations
 * and sealed keys, accounts, login throttling, sessions and CSRF, API
 * tokens, authorisation by role, badge classes, awards with every signed
 * document, idempotent re-imports, revocation and the public documents.
 */
#include "apptest.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/account.h"
#include "app/badge.h"
#include "app/docs.h"
#include "app/org.h"
#include "app/public.h"
#include "core/bake.h"
#include "core/json.h"
#include "core/jws.h"
#include "core/mem.h"
#include "core/seal.h"

static char dir[64];

/* Whether needle occurs in p[0..n). */
static bool contains(const unsigned char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(p + i, needle, k) == 0)
            return true;
    return false;
}
static struct bl_app *app;
static unsigned char *svg;
static size_t nsvg;

static int64_t fixed_now(void *cls)
{
    (void)cls;
    return 1767225600; /* 2026-01-01T00:00:00Z */
}

static int setup(void **state)
{
    (void)state;
    if (tu_app_open(dir, "app", fixed_now, &app) != 0)
        return -1;
    svg = tu_read_file("tests/data/demo/badge.svg", &nsvg);
    return svg ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bl_app_close(app);
    bl_free(svg);
    return tu_rmtree(dir) == 0 ? 0 : -1;
}

static int64_t make_org(const char *slug)
{
    struct bl_errinfo ei;
    int64_t id = 0;
    struct bl_app_org_input in = {.slug = slug,
                                  .name = "Mission Locale de Paris",
                                  .url = "https://www.missionlocale.paris",
                                  .email = "Contact@Example.org"};
    assert_int_equal(bl_app_org_create(app, &bl_actor_system, &in, &id, &ei), BL_OK);
    assert_true(id > 0);
    return id;
}

static void test_master_key_file(void **state)
{
    (void)state;
    char path[128];
    unsigned char k1[32], k2[32];
    struct bl_errinfo ei;
    snprintf(path, sizeof path, "%s/master.key", dir);
    assert_int_equal(bl_app_master_load(path, false, k1, &ei), BL_OK);
    assert_int_equal(bl_app_master_load(path, true, k2, &ei), BL_OK);
    assert_memory_equal(k1, k2, 32);
    assert_memory_equal(k1, app->master, 32);
    assert_int_equal(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/missing.key", dir);
    assert_int_equal(bl_app_master_load(path, false, k1, &ei), BL_EIO);
}

static void test_org_create_and_keys(void **state)
{
    (void)state;
    struct bl_errinfo ei;
    int64_t id = make_org("ml-paris"), id2 = 0;
    struct bl_app_org_input in = {
        .slug = "ml-paris", .name = "x", .url = "https://x.org", .email = "a@b.org"};
    assert_int_equal(bl_app_org_create(app, &bl_actor_system, &in, &id2, &ei), BL_EEXISTS);
    in.slug = "Bad Slug";
    assert_int_equal(bl_app_org_create(app, &bl_actor_system, &in, &id2, &ei), BL_EINVAL);
    in.slug = "other";
    in.url = "ftp://x.org";
    assert_int_equal(bl_app_org_create(app, &bl_actor_system, &in, &id2, &ei), BL_EINVAL);
    struct bl_actor someone = {.account_id = 1};
    in.url = "https://x.org";
    assert_int_equal(bl_app_org_create(app, &someone, &in, &id2, &ei), BL_EDENIED);

    /* Two keys, both sealed for this org only. */
    struct bl_arena a;
    struct bl_app_blob jwks;
    bl_arena_init(&a);
    assert_int_equal(bl_app_public(app, BL_DOC_JWKS, "ml-paris", NULL, &a, &jwks, &ei), BL_OK);
    json_t *j = NULL;
    assert_int_equal(bl_json_parse((const char *)jwks.p, jwks.len, 1 << 20, 8, &j, &ei), BL_OK);
    assert_int_equal(json_array_size(json_object_get(j, "keys")), 2);
    json_decref(j);
    (void)id;
    bl_arena_free(&a);
}

static void test_accounts_login_sessions(void **state)
{
    (void)state;
    struct bl_errinfo ei;
    int64_t org = make_org("ml-login"), admin = 0, viewer = 0;
    assert_int_equal(bl_app_account_add(app, &bl_actor_system, "Admin@Example.org", "Ada",
                                        "correct horse battery", org, BL_ROLE_ADMIN, &admin, &ei),
                     BL_OK);
    assert_int_equal(bl_app_account_add(app, &bl_actor_system, "admin@example.org", "Dup",
                                        "correct horse battery", org, BL_ROLE_ADMIN, &viewer, &ei),
                     BL_EEXISTS);
    assert_int_equal(bl_app_account_add(app, &bl_actor_system, "v@example.org", "V", "short", org,
                                        BL_ROLE_VIEWER, &viewer, &ei),
                     BL_EINVAL);
    /* An admin adds a viewer; a viewer cannot add anyone. */
    struct bl_actor as_admin = {.account_id = admin};
    assert_int_equal(bl_app_account_add(app, &as_admin, "v@example.org", "Vi",
                                        "another long password", org, BL_ROLE_VIEWER, &viewer, &ei),
                     BL_OK);
    struct bl_actor as_viewer = {.account_id = viewer};
    int64_t x = 0;
    assert_int_equal(bl_app_account_add(app, &as_viewer, "w@example.org", "W",
                                        "another long password", org, BL_ROLE_VIEWER, &x, &ei),
                     BL_EDENIED);

    struct bl_app_session s;
    assert_int_equal(
        bl_app_login(app, "ADMIN@example.org", "correct horse battery", "10.0.0.1", &s, &ei),
        BL_OK);
    assert_int_equal(strlen(s.token), BL_APP_TOKEN_LEN);
    struct bl_arena a;
    struct bl_session sess;
    struct bl_account acc;
    bl_arena_init(&a);
    assert_int_equal(bl_app_session_get(app, s.token, &a, &sess, &acc, &ei), BL_OK);
    assert_int_equal(acc.id, admin);
    assert_true(bl_app_csrf_ok(&sess, s.csrf));
    assert_false(bl_app_csrf_ok(&sess, s.token));
    assert_false(bl_app_csrf_ok(&sess, ""));
    assert_int_equal(bl_app_logout(app, s.token, &ei), BL_OK);
    assert_int_equal(bl_app_session_get(app, s.token, &a, &sess, &acc, &ei), BL_EDENIED);

    /* Wrong password and unknown email answer the same; the 6th attempt is throttled. */
    assert_int_equal(bl_app_login(app, "admin@example.org", "wrong password!", "10.0.0.2", &s, &ei),
                     BL_EDENIED);
    char same[256];
    snprintf(same, sizeof same, "%s", ei.msg);
    assert_int_equal(
        bl_app_login(app, "nobody@example.org", "wrong password!", "10.0.0.2", &s, &ei),
        BL_EDENIED);
    assert_string_equal(same, ei.msg);
    for (int i = 0; i < 4; i++)
        assert_int_equal(
            bl_app_login(app, "admin@example.org", "wrong password!", "10.0.0.3", &s, &ei),
            BL_EDENIED);
    assert_int_equal(
        bl_app_login(app, "admin@example.org", "correct horse battery", "10.0.0.4", &s, &ei),
        BL_ELIMIT);

    /* Successes from one address do not count; 20 failures (any emails) block it. */
    for (int i = 0; i < 25; i++)
        assert_int_equal(
            bl_app_login(app, "v@example.org", "another long password", "10.0.0.9", &s, &ei),
            BL_OK);
    for (int i = 0; i < 20; i++) {
        char email[64];
        snprintf(email, sizeof email, "guess%d@example.org", i);
        assert_int_equal(bl_app_login(app, email, "wrong password!", "10.0.0.9", &s, &ei),
                         BL_EDENIED);
    }
    assert_int_equal(
        bl_app_login(app, "v@example.org", "another long password", "10.0.0.9", &s, &ei),
        BL_ELIMIT);
    assert_int_equal(
        bl_app_login(app, "v@example.org", "another long password", "10.0.0.10", &s, &ei), BL_OK);

    /* API tokens: bound to their organisation. */
    char *tok = NULL;
    struct bl_actor actor;
    assert_int_equal(bl_app_apitoken_create(app, &as_admin, admin, org, "import", &tok, &ei),
                     BL_OK);
    assert_int_equal(strncmp(tok, "blt_", 4), 0);
    assert_int_equal(bl_app_apitoken_actor(app, tok, &actor, &ei), BL_OK);
    assert_int_equal(actor.account_id, admin);
    assert_int_equal(actor.org_id, org);
    tok[10] ^= 1;
    assert_int_equal(bl_app_apitoken_actor(app, tok, &actor, &ei), BL_EDENIED);
    bl_free(tok);
    bl_arena_free(&a);
}

static void test_badge_award_revoke(void **state)
{
    (void)state;
    struct bl_errinfo ei;
    int64_t org = make_org("ml-award"), other = make_org("ml-other"), issuer = 0, outsider = 0;
    assert_int_equal(bl_app_account_add(app, &bl_actor_system, "issuer@example.org", "Iss", NULL,
                                        org, BL_ROLE_ISSUER, &issuer, &ei),
                     BL_OK);
    assert_int_equal(bl_app_account_add(app, &bl_actor_system, "out@example.org", "Out", NULL,
                                        other, BL_ROLE_ADMIN, &outsider, &ei),
                     BL_OK);
    struct bl_actor as_issuer = {.account_id = issuer}, as_outsider = {.account_id = outsider};
    struct bl_app_badge_input in = {.name = "Participation PEJ 2019",
                                    .description = "A participé au salon Paris pour l'Emploi",
                                    .criteria_narrative = "Venir au salon.",
                                    .image = svg,
                                    .image_len = nsvg,
                                    .tags_json = "[\"salon\"]",
                                    .alignments_json =
                                        "[{\"targetName\":\"Communiquer\",\"targetUrl\":"
                                        "\"https://example.org/c/1\",\"targetCode\":\"C1\"}]",
                                    .validity = "months:24"};
    char uid[23];
    int64_t bid = 0;
    assert_int_equal(bl_app_badge_create(app, &as_outsider, org, &in, uid, &bid, &ei), BL_EDENIED);
    /* A right-to-left override would let the name display as another. */
    in.name = "Participation \xe2\x80\xae"
              "9102 JEP";
    assert_int_equal(bl_app_badge_create(app, &as_issuer, org, &in, uid, &bid, &ei), BL_EINVAL);
    in.name = "Participation PEJ 2019";
    in.validity = "months:0";
    assert_int_equal(bl_app_badge_create(app, &as_issuer, org, &in, uid, &bid, &ei), BL_EINVAL);
    in.validity = "months:24";
    in.image_len = 10;
    assert_int_not_equal(bl_app_badge_create(app, &as_issuer, org, &in, uid, &bid, &ei), BL_OK);
    in.image_len = nsvg;
    assert_int_equal(bl_app_badge_create(app, &as_issuer, org, &in, uid, &bid, &ei), BL_OK);

    struct bl_arena a;
    struct bl_award aw, again;
    bool existed = true;
    bl_arena_init(&a);
    struct bl_app_award_input ai = {
        .email = "Jeune@Example.org", .name = "Camille", .idem_key = "csv:line-2"};
    assert_int_equal(bl_app_award(app, &as_outsider, uid, &ai, &a, &aw, &existed, &ei), BL_EDENIED);
    assert_int_equal(bl_app_award(app, &as_issuer, uid, &ai, &a, &aw, &existed, &ei), BL_OK);
    assert_false(existed);
    assert_int_equal(aw.issued_at, 1767225600);
    assert_int_equal(aw.expires_at, 1830297600); /* 24 months later */
    /* Never the email in clear in a signed document. */
    assert_null(strstr(aw.ob2_json, "xample.org\""));
    assert_null(strstr(aw.ob3_json, "jeune@"));
    assert_non_null(strstr(aw.ob3_json, "eddsa-rdfc-2022"));
    assert_non_null(strstr(aw.ob3_json, "BitstringStatusListEntry"));
    assert_int_equal(strncmp(aw.ob2_json, "{\"@context\"", 11), 0);
    /* A re-import with the same key gives the same award. */
    assert_int_equal(bl_app_award(app, &as_issuer, uid, &ai, &a, &again, &existed, &ei), BL_OK);
    assert_true(existed);
    assert_string_equal(again.uid, aw.uid);
    ai.idem_key = NULL;
    assert_int_equal(bl_app_award(app, &as_issuer, uid, &ai, &a, &again, &existed, &ei), BL_OK);
    assert_string_not_equal(again.uid, aw.uid);
    /* The re-import signed nothing and took no index: the next award follows on. */
    assert_int_equal(again.status_index, aw.status_index + 1);

    /* The VC-JWT's header names the RSA key by its URL. */
    json_t *hdr = NULL;
    struct bl_buf pl;
    bl_buf_init(&pl, 1 << 20);
    assert_int_equal(bl_jws_parse(aw.ob3_jwt, strlen(aw.ob3_jwt), &hdr, &pl, &ei), BL_OK);
    assert_int_equal(
        strncmp(bl_json_str(hdr, "kid"), "https://badges.example.org/o/ml-award/keys/", 43), 0);
    json_decref(hdr);
    bl_buf_free(&pl);

    /* The baked image carries the credential. */
    struct bl_app_blob blob;
    struct bl_baked baked;
    assert_int_equal(bl_app_public(app, BL_DOC_BAKED, aw.uid, NULL, &a, &blob, &ei), BL_OK);
    assert_true(blob.image_svg);
    assert_int_equal(bl_unbake(blob.p, blob.len, &baked, &ei), BL_OK);
    assert_int_equal(baked.payload_len, strlen(aw.ob3_json));
    assert_memory_equal(baked.payload, aw.ob3_json, baked.payload_len);
    bl_baked_free(&baked);
    /* PNG of an SVG class needs the rasteriser program, which a unit test has not. */
    assert_int_equal(bl_app_public(app, BL_DOC_BAKED, aw.uid, "png", &a, &blob, &ei), BL_ENOTFOUND);
    assert_int_equal(bl_app_public(app, BL_DOC_BAKED, aw.uid, "gif", &a, &blob, &ei), BL_EINVAL);

    /* Revocation: once; then the hosted assertion is gone and the lists name it. */
    /* To an outsider another organisation's award does not exist. */
    assert_int_equal(bl_app_revoke(app, &as_outsider, aw.uid, "erreur", &ei), BL_ENOTFOUND);
    assert_int_equal(bl_app_revoke(app, &as_issuer, aw.uid, "erreur de saisie", &ei), BL_OK);
    assert_int_equal(bl_app_revoke(app, &as_issuer, aw.uid, NULL, &ei), BL_EEXISTS);
    assert_int_equal(bl_app_public(app, BL_DOC_ASSERTION, aw.uid, NULL, &a, &blob, &ei), BL_OK);
    assert_true(blob.gone);
    assert_int_equal(bl_app_public(app, BL_DOC_REVOCATIONS, "ml-award", NULL, &a, &blob, &ei),
                     BL_OK);
    assert_true(contains(blob.p, blob.len, aw.uid));
    assert_true(contains(blob.p, blob.len, "erreur de saisie"));
    assert_int_equal(bl_app_public(app, BL_DOC_STATUSLIST, "ml-award", NULL, &a, &blob, &ei),
                     BL_OK);
    assert_true(contains(blob.p, blob.len, "\"encodedList\""));
    assert_int_equal(bl_app_public(app, BL_DOC_ASSERTION, "nope", NULL, &a, &blob, &ei),
                     BL_ENOTFOUND);
    bl_arena_free(&a);
}

static void test_key_rotation(void **state)
{
    (void)state;
    struct bl_errinfo ei;
    int64_t org = make_org("ml-rotate");
    struct bl_arena a;
    struct bl_app_blob blob;
    bl_arena_init(&a);
    assert_int_equal(bl_app_org_rotate_keys(app, &bl_actor_system, org, &ei), BL_OK);
    assert_int_equal(bl_app_public(app, BL_DOC_JWKS, "ml-rotate", NULL, &a, &blob, &ei), BL_OK);
    json_t *j = NULL;
    assert_int_equal(bl_json_parse((const char *)blob.p, blob.len, 1 << 20, 8, &j, &ei), BL_OK);
    assert_int_equal(json_array_size(json_object_get(j, "keys")), 4); /* old keys stay */
    json_decref(j);
    struct bl_actor nobody = {.account_id = 999};
    assert_int_equal(bl_app_org_rotate_keys(app, &nobody, org, &ei), BL_EDENIED);
    bl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_master_key_file),
        cmocka_unit_test(test_org_create_and_keys),
        cmocka_unit_test(test_accounts_login_sessions),
        cmocka_unit_test(test_badge_award_revoke),
        cmocka_unit_test(test_key_rotation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
