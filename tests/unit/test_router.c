/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* test_router.c: route pattern matching, HEAD as GET, 404 and 405 with Allow. */
#include <string.h>

#include "server/router.h"
#include "testutil.h"

static enum bl_err h_a(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    (void)req;
    (void)resp;
    (void)ei;
    return BL_OK;
}
static enum bl_err h_b(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    (void)req;
    (void)resp;
    (void)ei;
    return BL_OK;
}

static const struct bl_route table[] = {
    {.method = "GET", .pattern = "/", .fn = h_a},
    {.method = "GET", .pattern = "/healthz", .fn = h_a},
    {.method = "GET", .pattern = "/o/{slug}/badges/new", .fn = h_b},
    {.method = "GET", .pattern = "/o/{slug}/badges/{uid}", .fn = h_a},
    {.method = "POST", .pattern = "/o/{slug}/badges/{uid}", .fn = h_b},
    {.method = "DELETE", .pattern = "/o/{slug}/badges/{uid}", .fn = h_b},
    {.method = "PUT", .pattern = "/a/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}", .fn = h_a},
};
#define N (sizeof table / sizeof table[0])

static enum bl_route_result match(const char *method, const char *path, struct bl_route_match *m)
{
    return bl_router_match(table, N, method, path, strlen(path), m);
}

static void assert_param(const struct bl_route_match *m, size_t i, const char *name,
                         const char *value)
{
    assert_true(i < m->n_params);
    assert_int_equal(m->params[i].name_len, strlen(name));
    assert_memory_equal(m->params[i].name, name, strlen(name));
    assert_int_equal(m->params[i].value_len, strlen(value));
    assert_memory_equal(m->params[i].value, value, strlen(value));
}

static void test_literals(void **state)
{
    struct bl_route_match m;

    (void)state;
    assert_int_equal(match("GET", "/", &m), BL_ROUTE_FOUND);
    assert_ptr_equal(m.route, &table[0]);
    assert_int_equal(match("GET", "/healthz", &m), BL_ROUTE_FOUND);
    assert_ptr_equal(m.route, &table[1]);
    assert_int_equal(m.n_params, 0);
    assert_int_equal(match("GET", "/healthz/", &m), BL_ROUTE_NOT_FOUND);
    assert_int_equal(match("GET", "/healthzz", &m), BL_ROUTE_NOT_FOUND);
    assert_int_equal(match("GET", "/health", &m), BL_ROUTE_NOT_FOUND);
    assert_int_equal(match("GET", "//healthz", &m), BL_ROUTE_NOT_FOUND);
    assert_int_equal(match("GET", "", &m), BL_ROUTE_NOT_FOUND);
    assert_null(m.route);
}

static void test_captures(void **state)
{
    struct bl_route_match m;

    (void)state;
    assert_int_equal(match("GET", "/o/mission-locale/badges/b42", &m), BL_ROUTE_FOUND);
    assert_ptr_equal(m.route, &table[3]);
    assert_int_equal(m.n_params, 2);
    assert_param(&m, 0, "slug", "mission-locale");
    assert_param(&m, 1, "uid", "b42");
    /* A literal route listed first wins over the capture. */
    assert_int_equal(match("GET", "/o/ml/badges/new", &m), BL_ROUTE_FOUND);
    assert_ptr_equal(m.route, &table[2]);
    assert_param(&m, 0, "slug", "ml");
    /* Captures are whole, non-empty segments. */
    assert_int_equal(match("GET", "/o//badges/b42", &m), BL_ROUTE_NOT_FOUND);
    assert_int_equal(match("GET", "/o/ml/badges/", &m), BL_ROUTE_NOT_FOUND);
    assert_int_equal(match("GET", "/o/ml/badges/b42/x", &m), BL_ROUTE_NOT_FOUND);
    assert_int_equal(match("GET", "/o/ml/badge/b42", &m), BL_ROUTE_NOT_FOUND);
    /* Decoded text (spaces, UTF-8) is captured as it is. */
    assert_int_equal(match("GET", "/o/caf\xc3\xa9 ml/badges/a b", &m), BL_ROUTE_FOUND);
    assert_param(&m, 0, "slug", "caf\xc3\xa9 ml");
    assert_param(&m, 1, "uid", "a b");
    /* Only path[0..len) is looked at. */
    assert_int_equal(bl_router_match(table, N, "GET", "/healthz/more", 8, &m), BL_ROUTE_FOUND);
    assert_ptr_equal(m.route, &table[1]);
}

static void test_methods(void **state)
{
    struct bl_route_match m;

    (void)state;
    assert_int_equal(match("POST", "/o/ml/badges/b1", &m), BL_ROUTE_FOUND);
    assert_ptr_equal(m.route, &table[4]);
    assert_int_equal(match("HEAD", "/o/ml/badges/b1", &m), BL_ROUTE_FOUND);
    assert_ptr_equal(m.route, &table[3]);
    assert_int_equal(match("PATCH", "/o/ml/badges/b1", &m), BL_ROUTE_BAD_METHOD);
    assert_null(m.route);
    assert_string_equal(m.allow, "GET, HEAD, POST, DELETE");
    assert_int_equal(match("POST", "/healthz", &m), BL_ROUTE_BAD_METHOD);
    assert_string_equal(m.allow, "GET, HEAD");
    /* "new" matches the literal GET and the capturing POST/DELETE: all listed once. */
    assert_int_equal(match("PUT", "/o/ml/badges/new", &m), BL_ROUTE_BAD_METHOD);
    assert_string_equal(m.allow, "GET, HEAD, POST, DELETE");
    /* Methods are case-sensitive (RFC 9110 §9.1). */
    assert_int_equal(match("get", "/healthz", &m), BL_ROUTE_BAD_METHOD);
}

static void test_param_limit(void **state)
{
    struct bl_route_match m;

    (void)state;
    /* Nine captures: one more than BL_ROUTE_MAX_PARAMS, so the route cannot match. */
    assert_int_equal(match("PUT", "/a/1/2/3/4/5/6/7/8/9", &m), BL_ROUTE_NOT_FOUND);
    assert_true(m.n_params <= BL_ROUTE_MAX_PARAMS);
}

/* The real table: every pattern well formed, no duplicate method+pattern. */
static void test_real_table(void **state)
{
    struct bl_route_match m;

    (void)state;
    assert_true(bl_routes_count >= 2);
    for (size_t i = 0; i < bl_routes_count; i++) {
        assert_int_equal(bl_routes[i].pattern[0], '/');
        assert_non_null(bl_routes[i].fn);
        for (size_t j = i + 1; j < bl_routes_count; j++)
            assert_false(strcmp(bl_routes[i].method, bl_routes[j].method) == 0 &&
                         strcmp(bl_routes[i].pattern, bl_routes[j].pattern) == 0);
    }
    assert_int_equal(
        bl_router_match(bl_routes, bl_routes_count, "GET", "/static/blason.css", 18, &m),
        BL_ROUTE_FOUND);
    assert_param(&m, 0, "file", "blason.css");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals),   cmocka_unit_test(test_captures),
        cmocka_unit_test(test_methods),    cmocka_unit_test(test_param_limit),
        cmocka_unit_test(test_real_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
