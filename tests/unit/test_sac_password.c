/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_sac_password.c: the backpack's optional password (app/backpack.h)
 * on a real SQLite file with a clock the test moves: the rules (length,
 * not the holder's own first name, email or phone), change and removal
 * needing the current password, sign-in by a proven identifier only, and
 * the lock — 15 minutes from the 10th wrong try, even across a window
 * edge — while a code still opens the backpack.
 */
#include "apptest.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/backpack.h"
#include "core/mem.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z, a multiple of the 15-minute window */

static char dir[64];
static struct bl_app *app;
static int64_t now_v = T0;
static char last_code[7];
static int64_t holder;
static struct bl_app_ident phone, email;

static int64_t test_now(void *cls)
{
    (void)cls;
    return now_v;
}

/* An SMS "gateway" that keeps the code of the last message. */
static enum bl_err capture(void *cls, struct bl_tx *tx, const struct bl_app *a, const char *to,
                           const char *text, int64_t expires_at, struct bl_errinfo *ei)
{
    (void)cls, (void)tx, (void)a, (void)to, (void)expires_at, (void)ei;
    const char *p = strstr(text, "code est ");
    memset(last_code, 0, sizeof last_code);
    if (p)
        memcpy(last_code, p + 9, 6);
    return BL_OK;
}
static const struct bl_app_sms_sender sms = {.name = "test", .send = capture};

/* Sign in by a code sent to the phone; the session's holder. */
static int64_t code_signin(void)
{
    struct bl_app_hsession s;
    struct bl_errinfo ei;
    assert_int_equal(bl_app_sac_request(app, &phone, "10.0.0.2", &sms, &ei), BL_OK);
    assert_int_equal(strlen(last_code), 6);
    assert_int_equal(bl_app_sac_verify(app, &phone, last_code, &s, &ei), BL_OK);
    return s.holder_id;
}

static enum bl_err signin(const struct bl_app_ident *id, const char *pw, int64_t *who)
{
    struct bl_app_hsession s;
    struct bl_errinfo ei;
    enum bl_err e = bl_app_sac_password_signin(app, id, pw, "10.0.0.1", &s, &ei);
    if (e == BL_OK) {
        assert_int_equal(strlen(s.token), BL_APP_TOKEN_LEN);
        assert_int_equal(strlen(s.csrf), BL_APP_TOKEN_LEN);
    }
    *who = s.holder_id;
    return e;
}

static int setup(void **state)
{
    (void)state;
    struct bl_errinfo ei;
    struct bl_arena a;
    struct bl_holder h;
    const char *link;
    if (tu_app_open(dir, "sacpw", test_now, &app) != 0)
        return -1;
    /* A claim at a stand: the phone and email unproven; a code proves the phone. */
    bl_arena_init(&a);
    enum bl_err e = bl_app_holder_create(app, "Marie-Christine", "lina@example.org",
                                         "06 12 34 56 78", &a, &h, &link, &ei);
    bl_arena_free(&a);
    if (e != BL_OK || bl_app_ident_parse("0612345678", &phone, &ei) != BL_OK ||
        bl_app_ident_parse("lina@example.org", &email, &ei) != BL_OK)
        return -1;
    holder = h.id;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tu_app_close(app, dir);
}

static void test_rules(void **state)
{
    (void)state;
    struct bl_errinfo ei;
    bool set = true;
    char big[BL_APP_PASSWORD_MAX + 2];
    assert_int_equal(code_signin(), holder);
    assert_int_equal(bl_app_sac_password_is_set(app, holder, &set, &ei), BL_OK);
    assert_false(set);
    assert_int_equal(bl_app_sac_password_set(app, holder, NULL, "court", &ei), BL_EINVAL);
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(bl_app_sac_password_set(app, holder, NULL, big, &ei), BL_ETOOBIG);
    /* Her first name, her email (even unproven), her phone in any form. */
    static const char *const personal[] = {"marie-christine", "LINA@example.org", "06 12 34 56 78",
                                           "+33612345678", "0033612345678"};
    for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++) {
        assert_int_equal(bl_app_sac_password_set(app, holder, NULL, personal[i], &ei), BL_EINVAL);
        assert_non_null(strstr(ei.msg, "password:"));
    }
    assert_int_equal(bl_app_sac_password_is_set(app, holder, &set, &ei), BL_OK);
    assert_false(set);
    assert_int_equal(bl_app_sac_password_set(app, holder, NULL, "une girafe bleue", &ei), BL_OK);
    assert_int_equal(bl_app_sac_password_is_set(app, holder, &set, &ei), BL_OK);
    assert_true(set);
}

static void test_signin(void **state)
{
    (void)state;
    int64_t who = 0;
    static const struct bl_app_ident unknown = {.kind = "email", .value = "nobody@example.org"};
    assert_int_equal(signin(&phone, "une girafe bleue", &who), BL_OK);
    assert_int_equal(who, holder);
    assert_int_equal(signin(&phone, "une girafe rouge", &who), BL_EDENIED);
    assert_int_equal(who, 0);
    assert_int_equal(signin(&unknown, "une girafe bleue", &who), BL_EDENIED);
    /* Her email is not proven: it opens nothing, even with the right password. */
    assert_int_equal(signin(&email, "une girafe bleue", &who), BL_EDENIED);
}

static void test_lock(void **state)
{
    (void)state;
    int64_t who = 0;
    now_v = T0 + 3600;
    for (int i = 0; i < BL_APP_SAC_PW_LOCK_TRIES; i++)
        assert_int_equal(signin(&phone, "pas le bon mot", &who), BL_EDENIED);
    assert_int_equal(signin(&phone, "une girafe bleue", &who), BL_ELIMIT);
    /* The code path is not locked. */
    assert_int_equal(code_signin(), holder);
    now_v += BL_APP_SAC_PW_LOCK - 1;
    assert_int_equal(signin(&phone, "une girafe bleue", &who), BL_ELIMIT);
    now_v += 1; /* 15 minutes after the 10th wrong try */
    assert_int_equal(signin(&phone, "une girafe bleue", &who), BL_OK);
    assert_int_equal(who, holder);

    /* Five wrong tries just before a window edge and five after still lock. */
    now_v = T0 + 7200 - 5;
    for (int i = 0; i < 5; i++)
        assert_int_equal(signin(&phone, "pas le bon mot", &who), BL_EDENIED);
    now_v = T0 + 7200 + 5;
    for (int i = 0; i < 4; i++)
        assert_int_equal(signin(&phone, "pas le bon mot", &who), BL_EDENIED);
    assert_int_equal(signin(&phone, "une girafe bleue", &who), BL_OK); /* 9: not yet; clears */
    for (int i = 0; i < BL_APP_SAC_PW_LOCK_TRIES - 1; i++)
        assert_int_equal(signin(&phone, "pas le bon mot", &who), BL_EDENIED);
    assert_int_equal(signin(&phone, "une girafe bleue", &who), BL_OK); /* a success resets */
    now_v = T0 + 8100 - 5;
    for (int i = 0; i < 5; i++)
        assert_int_equal(signin(&phone, "pas le bon mot", &who), BL_EDENIED);
    now_v = T0 + 8100 + 5;
    for (int i = 0; i < 5; i++)
        assert_int_equal(signin(&phone, "pas le bon mot", &who), BL_EDENIED);
    assert_int_equal(signin(&phone, "une girafe bleue", &who), BL_ELIMIT);
}

static void test_change_remove(void **state)
{
    (void)state;
    struct bl_errinfo ei;
    int64_t who = 0;
    now_v = T0 + 86400;
    assert_int_equal(bl_app_sac_password_set(app, holder, NULL, "un autre chemin", &ei),
                     BL_EDENIED);
    assert_int_equal(bl_app_sac_password_set(app, holder, "pas le bon mot", "un autre chemin", &ei),
                     BL_EDENIED);
    assert_int_equal(
        bl_app_sac_password_set(app, holder, "une girafe bleue", "un autre chemin", &ei), BL_OK);
    assert_int_equal(signin(&phone, "une girafe bleue", &who), BL_EDENIED);
    assert_int_equal(signin(&phone, "un autre chemin", &who), BL_OK);
    assert_int_equal(bl_app_sac_password_remove(app, holder, "une girafe bleue", &ei), BL_EDENIED);
    assert_int_equal(bl_app_sac_password_remove(app, holder, "un autre chemin", &ei), BL_OK);
    assert_int_equal(bl_app_sac_password_remove(app, holder, "un autre chemin", &ei), BL_ENOTFOUND);
    assert_int_equal(signin(&phone, "un autre chemin", &who), BL_EDENIED);
}

static void test_forget(void **state)
{
    (void)state;
    struct bl_errinfo ei;
    int64_t who = 0;
    bool set = false;
    now_v = T0 + 2 * 86400;
    assert_int_equal(bl_app_sac_password_set(app, holder, NULL, "une girafe bleue", &ei), BL_OK);
    /* A code for her unproven email does not count. */
    assert_int_equal(bl_app_sac_ident_request(app, holder, &phone, "10.0.0.3", &sms, &ei), BL_OK);
    assert_int_equal(bl_app_sac_password_forget(app, holder, &email, last_code, &ei), BL_EDENIED);
    const char *wrong = strcmp(last_code, "000000") == 0 ? "111111" : "000000";
    assert_int_equal(bl_app_sac_password_forget(app, holder, &phone, wrong, &ei), BL_EDENIED);
    assert_int_equal(bl_app_sac_password_is_set(app, holder, &set, &ei), BL_OK);
    assert_true(set);
    assert_int_equal(bl_app_sac_password_forget(app, holder, &phone, last_code, &ei), BL_OK);
    assert_int_equal(bl_app_sac_password_is_set(app, holder, &set, &ei), BL_OK);
    assert_false(set);
    assert_int_equal(signin(&phone, "une girafe bleue", &who), BL_EDENIED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),  cmocka_unit_test(test_signin),
        cmocka_unit_test(test_lock),   cmocka_unit_test(test_change_remove),
        cmocka_unit_test(test_forget),
    };
    return cmocka_run_group_tests_name("sac_password", tests, setup, teardown);
}
