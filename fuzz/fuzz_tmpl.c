/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_tmpl.c: libFuzzer target for the template engine.  The input is
 * compiled as a template and, when it compiles, rendered twice against a
 * fixed context with itself available as the partials "self" and "p" (so
 * recursion and the depth limit are reached).  Errors must carry one of the
 * documented codes, rendering is deterministic, and the output stays under
 * the cap given to the buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tmpl.h"

#define OUT_CAP   (256u * 1024)
#define MAX_STEPS 100000ul

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char context_json[] =
    "{\"name\": \"Ana <b>&amp;\", \"n\": 42, \"r\": 1.5, \"t\": true, \"f\": false, \"z\": null,"
    " \"e\": \"\", \"empty\": [], \"self\": \"self\","
    " \"awards\": [{\"name\": \"Accueil\", \"year\": 2025, \"tags\": [\"a\", \"b\"]},"
    "              {\"name\": \"\\\"quoted\\\"\", \"year\": 2026, \"tags\": []}],"
    " \"a\": {\"b\": {\"c\": \"deep\"}, \"list\": [1, 2, 3]}}";

static const struct bl_tmpl *lookup(void *cls, const char *name, size_t n)
{
    if ((n == 4 && memcmp(name, "self", 4) == 0) || (n == 1 && name[0] == 'p'))
        return cls;
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static json_t *ctx;
    struct bl_tmpl *t = NULL;
    struct bl_tmpl_env env;
    struct bl_buf a, b;
    struct bl_errinfo ei;
    enum bl_err rc, rc2;

    if (ctx == NULL && (ctx = json_loads(context_json, 0, NULL)) == NULL)
        abort();
    rc = bl_tmpl_compile((const char *)data, size, &t, &ei);
    if (rc != BL_OK) {
        if ((rc != BL_EINVAL && rc != BL_ETOOBIG) || ei.code != rc || t != NULL)
            abort();
        return 0;
    }
    env.lookup = lookup;
    env.cls = t;
    env.max_steps = MAX_STEPS;
    bl_buf_init(&a, OUT_CAP);
    bl_buf_init(&b, OUT_CAP);
    rc = bl_tmpl_render(t, ctx, &env, &a, &ei);
    if (rc != BL_OK && (rc != BL_ETOOBIG || ei.code != rc))
        abort();
    rc2 = bl_tmpl_render(t, ctx, &env, &b, NULL);
    if (rc2 != rc || a.len > OUT_CAP || b.len > OUT_CAP)
        abort();
    if (rc == BL_OK && (a.len != b.len || (a.len > 0 && memcmp(a.p, b.p, a.len) != 0)))
        abort();
    bl_buf_free(&a);
    bl_buf_free(&b);
    bl_tmpl_free(t);
    return 0;
}
