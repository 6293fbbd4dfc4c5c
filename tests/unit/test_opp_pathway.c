/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_opp_pathway.c: the pathway rule of an opportunity's save, on a real
 * SQLite file.  The save is called with a pathway row id directly, as it is
 * after the friendly check (bl_app_opp_pathway_pick) when the pathway is
 * archived in between: the save's own write transaction must refuse a
 * pathway named anew that is archived or unknown, and keep the one the
 * opportunity already names.  Also the list of open opportunities naming a
 * pathway (bl_app_opp_naming_pathway), as the pathway page shows it.
 */
#include "apptest.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/badge.h"
#include "app/opportunity.h"
#include "app/org.h"
#include "app/pathway.h"
#include "core/mem.h"

static char dir[64];
static struct bl_app *app;

static int64_t fixed_now(void *cls)
{
    (void)cls;
    return 1767225600; /* 2026-01-01T00:00:00Z */
}

static int setup(void **state)
{
    (void)state;
    if (tu_app_open(dir, "opppw", fixed_now, &app) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tu_app_close(app, dir);
}

static int64_t make_org(const char *slug, const char *name)
{
    struct bl_errinfo ei;
    int64_t id = 0;
    struct bl_app_org_input in = {
        .slug = slug, .name = name, .url = "https://example.org", .email = "c@example.org"};
    assert_int_equal(bl_app_org_create(app, &bl_actor_system, &in, &id, &ei), BL_OK);
    return id;
}

/* Save an opportunity of org (uid NULL: a new one) naming pathway_id; its uid into out. */
static enum bl_err save(int64_t org, const char *uid, int64_t pathway_id, const char *badge,
                        char out[23], struct bl_errinfo *ei)
{
    const char *badges[] = {badge};
    struct bl_app_opp_input in = {.kind = "immersion",
                                  .title = "Immersion cuisine",
                                  .places = 1,
                                  .pathway_id = pathway_id,
                                  .badge_uids = badges,
                                  .n_badges = badge ? 1 : 0};
    return bl_app_opp_save(app, &bl_actor_system, org, uid, &in, out, ei);
}

static void test_save_refuses_archived_named_anew(void **state)
{
    (void)state;
    struct bl_errinfo ei;
    struct bl_arena a;
    size_t nsvg;
    unsigned char *svg = tu_read_file("tests/data/demo/badge.svg", &nsvg);
    assert_non_null(svg);
    bl_arena_init(&a);
    int64_t org = make_org("ml", "Mission Locale"), partner = make_org("asso", "Asso");
    struct bl_app_badge_input bin = {.name = "Atelier CV",
                                     .description = "d",
                                     .criteria_narrative = "c",
                                     .image = svg,
                                     .image_len = nsvg};
    char badge[23], pw[23], opp[23], other[23], x[23];
    int64_t bid;
    assert_int_equal(bl_app_badge_create(app, &bl_actor_system, org, &bin, badge, &bid, &ei),
                     BL_OK);
    char *def = bl_arena_printf(
        &a,
        "{\"root\":\"all\",\"steps\":[{\"id\":\"cv\",\"badge\":\"%s\"},{\"id\":\"all\","
        "\"steps\":[\"cv\"]}]}",
        badge);
    struct bl_app_pathway_input pin = {.name = "Cycle", .definition_json = def};
    assert_int_equal(bl_app_pathway_create(app, &bl_actor_system, org, &pin, pw, &ei), BL_OK);
    struct bl_app_pathway_view v;
    assert_int_equal(bl_app_pathway_get(app, &bl_actor_system, pw, &a, &v, &ei), BL_OK);
    int64_t pid = v.row.id;

    /* Active: named by an opportunity of its organisation and by a partner's. */
    assert_int_equal(save(org, NULL, pid, NULL, opp, &ei), BL_OK);
    assert_int_equal(save(partner, NULL, pid, NULL, x, &ei), BL_OK);
    assert_int_equal(save(org, NULL, 0, badge, other, &ei), BL_OK);
    assert_int_equal(bl_app_pathway_archive(app, &bl_actor_system, pw, true, &ei), BL_OK);

    /* Archived since the friendly check: a new opportunity naming it is refused. */
    assert_int_equal(save(org, NULL, pid, NULL, x, &ei), BL_EINVAL);
    assert_true(strncmp(ei.msg, "pathway: the pathway ", 21) == 0);
    assert_non_null(strstr(ei.msg, "is archived"));
    /* ... and so is a change to it; an unknown id is refused too. */
    assert_int_equal(save(org, other, pid, badge, x, &ei), BL_EINVAL);
    assert_true(strncmp(ei.msg, "pathway: ", 9) == 0);
    assert_int_equal(save(org, other, pid + 1000, badge, x, &ei), BL_EINVAL);
    assert_string_equal(ei.msg,
                        bl_arena_printf(&a, "pathway: no pathway %lld", (long long)pid + 1000));
    /* The one it already names is kept when the opportunity is saved again. */
    assert_int_equal(save(org, opp, pid, NULL, x, &ei), BL_OK);
    assert_string_equal(x, opp);

    /* The open opportunities still naming it: both organisations', ours marked. */
    struct bl_app_opp_naming *rows;
    size_t n;
    struct bl_actor nobody = {.account_id = 424242};
    assert_int_equal(bl_app_opp_naming_pathway(app, &bl_actor_system, pid, &a, &rows, &n, &ei),
                     BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(bl_app_opp_naming_pathway(app, &nobody, pid, &a, &rows, &n, &ei),
                     BL_ENOTFOUND);
    assert_int_equal(n, 0);

    /* Restored: it may be named again. */
    assert_int_equal(bl_app_pathway_archive(app, &bl_actor_system, pw, false, &ei), BL_OK);
    assert_int_equal(save(org, other, pid, badge, x, &ei), BL_OK);
    bl_arena_free(&a);
    bl_free(svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_save_refuses_archived_named_anew),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
