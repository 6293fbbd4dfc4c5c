/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_opportunity.c: the matching rule of app/opportunity.h (which awards
 * of a holder count for which required badge class), on fixed boundary
 * cases and on generated ones checked against a direct count written here.
 */
#include "testutil.h"

#include <string.h>

#include "app/opportunity.h"

static void test_boundaries(void **state)
{
    struct bl_arena a;
    struct bl_opp_req reqs[2] = {{.badgeclass_id = 10, .badge_name = "CV"},
                                 {.badgeclass_id = 20, .badge_name = "Entretien"}};
    struct bl_award_brief aw[] = {
        {.id = 1, .uid = "a1", .badgeclass_id = 10, .revoked_at = 5},    /* revoked */
        {.id = 2, .uid = "a2", .badgeclass_id = 10, .expires_at = 1000}, /* expires now */
        {.id = 3, .uid = "a3", .badgeclass_id = 30},                     /* not required */
        {.id = 4, .uid = "a4", .badgeclass_id = 20, .expires_at = 1001}, /* still valid */
    };
    struct bl_app_opp_match m = {.reqs = reqs, .n_reqs = 2};
    (void)state;
    bl_arena_init(&a);
    bl_app_opp_match_awards(&a, &m, aw, 4, 1000);
    assert_int_equal(m.missing, 1);
    assert_ptr_equal(m.missing_one, &reqs[0]);
    assert_int_equal(m.n_held[0], 0);
    assert_int_equal(m.n_held[1], 1);
    assert_string_equal(m.held[1][0].uid, "a4");
    /* A valid CV award makes both met. */
    aw[1].expires_at = 0;
    bl_app_opp_match_awards(&a, &m, aw, 4, 1000);
    assert_int_equal(m.missing, 0);
    assert_null(m.missing_one);
    assert_int_equal(m.n_held[0], 1);
    assert_string_equal(m.held[0][0].uid, "a2");
    /* No award at all: two missing, so no "one step". */
    bl_app_opp_match_awards(&a, &m, aw, 0, 1000);
    assert_int_equal(m.missing, 2);
    assert_null(m.missing_one);
    bl_arena_free(&a);
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* 5,000 generated holders and requirement sets, against a plain count. */
static void test_generated(void **state)
{
    struct bl_arena a;
    (void)state;
    bl_arena_init(&a);
    for (int round = 0; round < 5000; round++) {
        struct bl_opp_req reqs[6];
        struct bl_award_brief aw[12];
        size_t nr = 1 + next(6), na = next(13);
        int64_t now = 5000;
        for (size_t i = 0; i < nr; i++)
            reqs[i] = (struct bl_opp_req){.badgeclass_id = (int64_t)(i * 7 + 1 + next(2))};
        for (size_t j = 0; j < na; j++)
            aw[j] = (struct bl_award_brief){.id = (int64_t)j + 1,
                                            .uid = "u",
                                            .badgeclass_id = (int64_t)(next(6) * 7 + 1 + next(2)),
                                            .revoked_at = next(4) == 0 ? 100 : 0,
                                            .expires_at = next(3) == 0 ? 4998 + next(5) : 0};
        struct bl_app_opp_match m = {.reqs = reqs, .n_reqs = nr};
        bl_app_opp_match_awards(&a, &m, aw, na, now);
        size_t missing = 0, last = 0;
        for (size_t i = 0; i < nr; i++) {
            size_t valid = 0;
            for (size_t j = 0; j < na; j++)
                if (aw[j].badgeclass_id == reqs[i].badgeclass_id && !aw[j].revoked_at &&
                    (!aw[j].expires_at || aw[j].expires_at > now))
                    valid++;
            assert_int_equal(m.n_held[i], valid);
            for (size_t k = 0; k < m.n_held[i]; k++)
                assert_int_equal(m.held[i][k].badgeclass_id, reqs[i].badgeclass_id);
            if (!valid) {
                missing++;
                last = i;
            }
        }
        assert_int_equal(m.missing, missing);
        if (missing == 1)
            assert_ptr_equal(m.missing_one, &reqs[last]);
        else
            assert_null(m.missing_one);
    }
    bl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_generated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
