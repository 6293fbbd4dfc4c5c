/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_json.c: libFuzzer target for bl_json_parse and bl_json_dump.  What
 * parses must serialise, parse again to an equal value and serialise again
 * to the same bytes; failures must carry one of the documented codes.  The
 * typed getters and bl_json_has_string run over the members of an object,
 * and must agree with the member's type.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/limits.h"

/* Serialising can grow a text (1e-7 -> 9.9999999999999995e-08): room for it. */
#define DUMP_CAP (64u * 1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_getters(json_t *obj)
{
    const char *key, *s;
    json_t *v, *o;
    json_int_t i;
    bool b;
    void *it;

    for (it = json_object_iter(obj); it != NULL; it = json_object_iter_next(obj, it)) {
        int t;

        key = json_object_iter_key(it);
        v = json_object_iter_value(it);
        t = json_typeof(v);
        if ((bl_json_get_string(obj, key, &s, NULL) == BL_OK) != (t == JSON_STRING))
            abort();
        if ((bl_json_str(obj, key) != NULL) != (t == JSON_STRING))
            abort();
        if ((bl_json_get_int(obj, key, &i, NULL) == BL_OK) != (t == JSON_INTEGER))
            abort();
        if ((bl_json_get_bool(obj, key, &b, NULL) == BL_OK) != json_is_boolean(v))
            abort();
        if ((bl_json_get_obj(obj, key, &o, NULL) == BL_OK) != (t == JSON_OBJECT))
            abort();
        if ((bl_json_get_arr(obj, key, &o, NULL) == BL_OK) != (t == JSON_ARRAY))
            abort();
        if (t == JSON_STRING && !bl_json_has_string(v, json_string_value(v)))
            abort();
        if (t == JSON_ARRAY && json_array_size(v) > 0 && json_is_string(json_array_get(v, 0)) &&
            !bl_json_has_string(v, json_string_value(json_array_get(v, 0))))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    json_t *j = NULL, *k = NULL, *small = NULL;
    struct bl_buf d1, d2;
    struct bl_errinfo ei;
    enum bl_err rc;

    bl_buf_init(&d1, DUMP_CAP);
    bl_buf_init(&d2, DUMP_CAP);
    rc = bl_json_parse(text, size, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &j, &ei);
    /* A tighter depth limit may refuse more, never accept what the wide one refused. */
    if (size > 0 && bl_json_parse(text, size, size, data[0] % 8, &small, NULL) == BL_OK &&
        (rc != BL_OK || !json_equal(j, small)))
        abort();
    if (rc != BL_OK) {
        if ((rc != BL_EJSON && rc != BL_EUTF8 && rc != BL_ETOOBIG) || ei.code != rc || j != NULL)
            abort();
        goto out;
    }
    if (bl_json_dump(j, JSON_COMPACT | JSON_SORT_KEYS, &d1, NULL) != BL_OK)
        abort();
    if (bl_json_parse((char *)d1.p, d1.len, d1.len, BL_JSON_MAX_DEPTH, &k, &ei) != BL_OK)
        abort();
    if (!json_equal(j, k))
        abort();
    if (bl_json_dump(k, JSON_COMPACT | JSON_SORT_KEYS, &d2, NULL) != BL_OK)
        abort();
    if (d1.len != d2.len || memcmp(d1.p, d2.p, d1.len) != 0)
        abort();
    if (json_is_object(j))
        check_getters(j);
out:
    json_decref(j);
    json_decref(k);
    json_decref(small);
    bl_buf_free(&d1);
    bl_buf_free(&d2);
    return 0;
}
