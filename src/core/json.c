/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * json.c: limits and typed access around jansson.  jansson has no nesting
 * option of its own (only a fixed internal ceiling), so bl_json_parse scans
 * the bytes once before parsing, counting '[' and '{' outside strings; the
 * scan is iterative, so no input can exhaust the stack.  UTF-8 is checked
 * first with bl_utf8_check so the error says BL_EUTF8 and where.
 */
#include <string.h>

#include "json.h"
#include "utf8.h"

/* Where a byte offset falls, for messages: 1-based line and column. */
struct pos {
    size_t line;
    size_t col;
};

struct sink {
    struct bl_buf *b;
    enum bl_err rc;
};

static enum bl_err check_depth(const unsigned char *s, size_t n, size_t max, struct bl_errinfo *ei);
static struct pos pos_of(const unsigned char *s, size_t line_start, size_t line, size_t at);
static enum bl_err nul_byte(const unsigned char *s, size_t line_start, size_t line, size_t at,
                            struct bl_errinfo *ei);
static int emit(const char *p, size_t n, void *data);
static enum bl_err member(const json_t *obj, const char *key, json_type want, const char *wname,
                          json_t **out, struct bl_errinfo *ei);

enum bl_err bl_json_parse(const char *text, size_t n, size_t max_bytes, size_t max_depth,
                          json_t **out, struct bl_errinfo *ei)
{
    const unsigned char *s = (const unsigned char *)(text != NULL ? text : "");
    json_error_t jerr;
    enum bl_err rc;
    size_t bad, i, line = 1, line_start = 0;

    *out = NULL;
    if (n > max_bytes)
        return bl_fail(ei, BL_ETOOBIG, "JSON text of %zu bytes is over the limit of %zu bytes", n,
                       max_bytes);
    bad = bl_utf8_check(s, n);
    if (bad != n) {
        struct pos p;

        for (i = 0; i < bad; i++) {
            if (s[i] == '\n') {
                line++;
                line_start = i + 1;
            }
        }
        p = pos_of(s, line_start, line, bad);
        return bl_fail(ei, BL_EUTF8, "invalid UTF-8 at byte offset %zu (line %zu, column %zu)", bad,
                       p.line, p.col);
    }
    rc = check_depth(s, n, max_depth, ei);
    if (rc != BL_OK)
        return rc;
    *out = json_loadb((const char *)s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (*out == NULL)
        return bl_fail(ei, BL_EJSON, "%s at line %d, column %d", jerr.text, jerr.line, jerr.column);
    return BL_OK;
}

enum bl_err bl_json_dump(const json_t *json, size_t flags, struct bl_buf *out,
                         struct bl_errinfo *ei)
{
    struct sink sk = {out, BL_OK};
    size_t saved = out->len;

    if (json == NULL)
        return bl_fail(ei, BL_EINVAL, "no JSON value to serialise");
    if (json_dump_callback(json, emit, &sk, flags | JSON_ENCODE_ANY) == 0)
        return BL_OK;
    if (out->p != NULL) {
        out->len = saved;
        out->p[saved] = '\0';
    }
    if (sk.rc == BL_ETOOBIG)
        return bl_fail(ei, BL_ETOOBIG, "serialised JSON is over the limit of %zu bytes", out->max);
    return bl_fail(ei, BL_EINVAL, "jansson cannot serialise this %s", bl_json_type_name(json));
}

const char *bl_json_str(const json_t *obj, const char *key)
{
    /* json_object_get and json_string_value return NULL on a wrong type. */
    return json_string_value(json_object_get(obj, key));
}

enum bl_err bl_json_get_string(const json_t *obj, const char *key, const char **out,
                               struct bl_errinfo *ei)
{
    json_t *v;
    enum bl_err rc = member(obj, key, JSON_STRING, "string", &v, ei);

    if (rc == BL_OK)
        *out = json_string_value(v);
    return rc;
}

enum bl_err bl_json_get_int(const json_t *obj, const char *key, json_int_t *out,
                            struct bl_errinfo *ei)
{
    json_t *v;
    enum bl_err rc = member(obj, key, JSON_INTEGER, "integer", &v, ei);

    if (rc == BL_OK)
        *out = json_integer_value(v);
    return rc;
}

enum bl_err bl_json_get_bool(const json_t *obj, const char *key, bool *out, struct bl_errinfo *ei)
{
    json_t *v;
    enum bl_err rc = member(obj, key, JSON_TRUE, "boolean", &v, ei);

    if (rc == BL_OK)
        *out = json_is_true(v);
    return rc;
}

enum bl_err bl_json_get_obj(const json_t *obj, const char *key, json_t **out, struct bl_errinfo *ei)
{
    return member(obj, key, JSON_OBJECT, "object", out, ei);
}

enum bl_err bl_json_get_arr(const json_t *obj, const char *key, json_t **out, struct bl_errinfo *ei)
{
    return member(obj, key, JSON_ARRAY, "array", out, ei);
}

bool bl_json_has_string(const json_t *value, const char *s)
{
    size_t i;
    json_t *e;

    if (json_is_string(value))
        return strcmp(json_string_value(value), s) == 0;
    for (i = 0; i < json_array_size(value); i++) {
        e = json_array_get(value, i);
        if (json_is_string(e) && strcmp(json_string_value(e), s) == 0)
            return true;
    }
    return false;
}

const char *bl_json_type_name(const json_t *v)
{
    if (v == NULL)
        return "nothing";
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return "real";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    case JSON_NULL:
        return "null";
    }
    return "unknown";
}

/*
 * One pass over the bytes, skipping strings (with their escapes) and
 * counting open brackets.  Unbalanced or otherwise broken text is left to
 * jansson; this scan only has to stop a document that nests too deep, and
 * names a raw NUL byte (never valid JSON) better than jansson does.
 */
static enum bl_err check_depth(const unsigned char *s, size_t n, size_t max, struct bl_errinfo *ei)
{
    size_t depth = 0, line = 1, line_start = 0, i;

    for (i = 0; i < n; i++) {
        switch (s[i]) {
        case '"':
            for (i++; i < n && s[i] != '"'; i++) {
                if (s[i] == '\\' && i + 1 < n && s[i + 1] != '\0') {
                    i++;
                } else if (s[i] == '\0') {
                    return nul_byte(s, line_start, line, i, ei);
                } else if (s[i] == '\n') {
                    line++;
                    line_start = i + 1;
                }
            }
            break;
        case '\0':
            return nul_byte(s, line_start, line, i, ei);
        case '[':
        case '{':
            if (++depth > max) {
                struct pos p = pos_of(s, line_start, line, i);

                return bl_fail(ei, BL_EJSON, "nesting deeper than %zu at line %zu, column %zu", max,
                               p.line, p.col);
            }
            break;
        case ']':
        case '}':
            if (depth > 0)
                depth--;
            break;
        case '\n':
            line++;
            line_start = i + 1;
            break;
        default:
            break;
        }
    }
    return BL_OK;
}

/* Columns count characters, not bytes, as jansson's do. */
static struct pos pos_of(const unsigned char *s, size_t line_start, size_t line, size_t at)
{
    struct pos p = {line, 1};
    size_t i;

    for (i = line_start; i < at; i++) {
        if ((s[i] & 0xc0) != 0x80)
            p.col++;
    }
    return p;
}

/* jansson's own message for a raw NUL ("end of file expected near end of file") misleads. */
static enum bl_err nul_byte(const unsigned char *s, size_t line_start, size_t line, size_t at,
                            struct bl_errinfo *ei)
{
    struct pos p = pos_of(s, line_start, line, at);

    return bl_fail(ei, BL_EJSON, "NUL byte at offset %zu (line %zu, column %zu)", at, p.line,
                   p.col);
}

static int emit(const char *p, size_t n, void *data)
{
    struct sink *sk = data;

    sk->rc = bl_buf_append(sk->b, p, n);
    return sk->rc == BL_OK ? 0 : -1;
}

/* Look up obj[key] and check its type (JSON_TRUE stands for either boolean). */
static enum bl_err member(const json_t *obj, const char *key, json_type want, const char *wname,
                          json_t **out, struct bl_errinfo *ei)
{
    json_t *v;
    int ok;

    if (!json_is_object(obj))
        return bl_fail(ei, BL_EINVAL, "field \"%s\": looked up in %s, not in an object", key,
                       bl_json_type_name(obj));
    v = json_object_get(obj, key);
    if (v == NULL)
        return bl_fail(ei, BL_ENOTFOUND, "field \"%s\": missing", key);
    ok = want == JSON_TRUE ? json_is_boolean(v) : json_typeof(v) == want;
    if (!ok)
        return bl_fail(ei, BL_EINVAL, "field \"%s\": expected %s, got %s", key, wname,
                       bl_json_type_name(v));
    *out = v;
    return BL_OK;
}
