/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_awarding.c: the use cases of src/app/awarding.c on a real SQLite
 * file: bulk revocation (issuer only, all or nothing, one audit entry per
 * award), the audited CSV export (issuer only), searching (viewer; another
 * org's member gets "not found"), and the dashboard's figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/account.h"
#include "app/awarding.h"
#include "app/badge.h"
#include "app/org.h"
#include "core/mem.h"
#include "apptest.h"
#include "testutil.h"

#define NOW 1767225600 /* Thursday 2026-01-01T00:00:00Z */

static char dir[64];
static struct bl_app *app;
static int64_t org, other;
static struct bl_actor issuer, viewer, stranger;
static char badge[23];
static char uids[4][23];

static int64_t fixed_now(void *cls)
{
    (void)cls;
    return NOW;
}

static int64_t add_org(const char *slug)
{
    struct bl_app_org_input in = {
        .slug = slug, .name = slug, .url = "https://example.org", .email = "c@example.org"};
    int64_t id = 0;
    assert_int_equal(bl_app_org_create(app, &bl_actor_system, &in, &id, NULL), BL_OK);
    return id;
}

static struct bl_actor add_account(const char *email, int64_t in_org, enum bl_role role)
{
    int64_t id = 0;
    assert_int_equal(bl_app_account_add(app, &bl_actor_system, email, "N", "un mot de passe long",
                                        in_org, role, &id, NULL),
                     BL_OK);
    return (struct bl_actor){.account_id = id};
}

static int setup(void **state)
{
    struct bl_errinfo ei;
    size_t nsvg;
    (void)state;
    if (tu_app_open(dir, "awarding", fixed_now, &app) != 0)
        return -1;
    org = add_org("ml");
    other = add_org("autre");
    issuer = add_account("issuer@example.org", org, BL_ROLE_ISSUER);
    viewer = add_account("viewer@example.org", org, BL_ROLE_VIEWER);
    stranger = add_account("else@example.org", other, BL_ROLE_ADMIN);
    unsigned char *svg = tu_read_file("tests/data/demo/badge.svg", &nsvg);
    if (!svg)
        return -1;
    struct bl_app_badge_input b = {.name = "Accueil",
                                   .description = "d",
                                   .criteria_narrative = "c",
                                   .image = svg,
                                   .image_len = nsvg};
    int64_t id;
    enum bl_err e = bl_app_badge_create(app, &issuer, org, &b, badge, &id, &ei);
    bl_free(svg);
    if (e != BL_OK)
        return -1;
    struct bl_arena a;
    bl_arena_init(&a);
    for (int i = 0; i < 4; i++) {
        char email[64];
        struct bl_award out;
        bool existed;
        (void)snprintf(email, sizeof email, "jeune%d@example.org", i);
        struct bl_app_award_input in = {.email = email,
                                        .name = i == 3 ? "Zoé" : "Sam",
                                        .issued_at = i == 3 ? NOW - 90 * 86400 : 0};
        if (bl_app_award(app, &issuer, badge, &in, &a, &out, &existed, &ei) != BL_OK)
            return -1;
        memcpy(uids[i], out.uid, 23);
    }
    bl_arena_free(&a);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tu_app_close(app, dir);
}

static int64_t count(const struct bl_actor *who, enum bl_award_state state, const char *search)
{
    struct bl_arena a;
    struct bl_award_brief *rows;
    size_t n;
    int64_t total = -1;
    struct bl_app_award_query q = {.org_id = org, .state = state, .search = search};
    bl_arena_init(&a);
    assert_int_equal(bl_app_award_search(app, who, &q, 0, 50, &a, &rows, &n, &total, NULL), BL_OK);
    assert_int_equal((int64_t)n, total);
    bl_arena_free(&a);
    return total;
}

static size_t audits(const char *action)
{
    struct bl_arena a;
    struct bl_audit *rows;
    size_t n, k = 0;
    bl_arena_init(&a);
    assert_int_equal(bl_app_audit_list(app, &bl_actor_system, org, 0, 500, &a, &rows, &n, NULL),
                     BL_OK);
    for (size_t i = 0; i < n; i++)
        k += strcmp(rows[i].action, action) == 0;
    bl_arena_free(&a);
    return k;
}

static void test_revoke_many(void **state)
{
    struct bl_errinfo ei;
    const char *two[] = {uids[0], uids[1]}, *bad[] = {uids[2], "AAAAAAAAAAAAAAAAAAAAAA"};
    const char *again[] = {uids[2], uids[0]};
    (void)state;
    assert_int_equal(bl_app_revoke_many(app, &viewer, org, two, 2, "x", &ei), BL_EDENIED);
    assert_int_equal(bl_app_revoke_many(app, &stranger, org, two, 2, "x", &ei), BL_ENOTFOUND);
    /* The stranger's own org does not reach our awards. */
    assert_int_equal(bl_app_revoke_many(app, &stranger, other, two, 2, "x", &ei), BL_ENOTFOUND);
    assert_int_equal(bl_app_revoke_many(app, &issuer, org, bad, 2, "x", &ei), BL_ENOTFOUND);
    assert_int_equal(bl_app_revoke_many(app, &issuer, org, two, 0, "x", &ei), BL_EINVAL);
    assert_int_equal(count(&viewer, BL_AWARD_REVOKED, NULL), 0); /* nothing happened */
    assert_int_equal(bl_app_revoke_many(app, &issuer, org, two, 2, "doublon", &ei), BL_OK);
    assert_int_equal(count(&viewer, BL_AWARD_REVOKED, NULL), 2);
    assert_int_equal(audits("award.revoke"), 2);
    /* One already revoked: all or nothing. */
    assert_int_equal(bl_app_revoke_many(app, &issuer, org, again, 2, NULL, &ei), BL_EEXISTS);
    assert_non_null(strstr(ei.msg, uids[0]));
    assert_int_equal(count(&viewer, BL_AWARD_REVOKED, NULL), 2);
    assert_int_equal(audits("award.revoke"), 2);
}

static void test_search_and_export(void **state)
{
    struct bl_arena a;
    struct bl_award_brief *rows;
    size_t n;
    int64_t total;
    struct bl_app_award_query q = {.org_id = org};
    (void)state;
    bl_arena_init(&a);
    assert_int_equal(count(&viewer, BL_AWARD_ANY, NULL), 4);
    assert_int_equal(count(&viewer, BL_AWARD_ANY, "zoé"), 1);
    assert_int_equal(bl_app_award_search(app, &stranger, &q, 0, 50, &a, &rows, &n, &total, NULL),
                     BL_ENOTFOUND);
    q.badge_uid = "AAAAAAAAAAAAAAAAAAAAAA";
    assert_int_equal(bl_app_award_search(app, &viewer, &q, 0, 50, &a, &rows, &n, &total, NULL),
                     BL_ENOTFOUND);
    q.badge_uid = badge;
    assert_int_equal(bl_app_award_export(app, &viewer, &q, &a, &rows, &n, NULL), BL_EDENIED);
    assert_int_equal(audits("award.export"), 0);
    assert_int_equal(bl_app_award_export(app, &issuer, &q, &a, &rows, &n, NULL), BL_OK);
    assert_int_equal(n, 4);
    assert_string_equal(rows[3].recipient_name, "Zoé"); /* the oldest last */
    assert_string_equal(rows[0].badge_name, "Accueil");
    assert_int_equal(audits("award.export"), 1);
    bl_arena_free(&a);
}

static void test_stats(void **state)
{
    struct bl_arena a;
    struct bl_app_award_stats s;
    (void)state;
    bl_arena_init(&a);
    assert_int_equal(bl_app_award_stats(app, &stranger, org, &a, &s, NULL), BL_ENOTFOUND);
    assert_int_equal(bl_app_award_stats(app, &viewer, org, &a, &s, NULL), BL_OK);
    assert_int_equal(s.week_start[BL_APP_STATS_WEEKS - 1], NOW - 3 * 86400); /* Monday 29/12 */
    assert_int_equal(s.week_start[0], NOW - 3 * 86400 - 11 * 604800);
    /* Three awards today; the one 90 days ago is 13 weeks back, outside the chart. */
    assert_int_equal(s.per_week[BL_APP_STATS_WEEKS - 1], 3);
    for (size_t i = 0; i + 1 < BL_APP_STATS_WEEKS; i++)
        assert_int_equal(s.per_week[i], 0);
    assert_int_equal(s.n_classes, 1);
    assert_int_equal(s.classes[0].awards, 4);
    assert_int_equal(s.totals.valid + s.totals.revoked + s.totals.expired, 4);
    assert_int_equal(bl_app_week_start(NOW), NOW - 3 * 86400);
    assert_int_equal(bl_app_week_start(345600), 345600);
    assert_int_equal(bl_app_week_start(345599), 345600 - 604800);
    bl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_and_export),
        cmocka_unit_test(test_revoke_many),
        cmocka_unit_test(test_stats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
