/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * json.h: the thin layer Blason puts over jansson.  Parsing enforces a size
 * and a nesting limit, strict UTF-8, no NUL in strings and no duplicate
 * keys, and reports jansson's message with line and column.  Typed getters
 * tell "missing" (BL_ENOTFOUND) from "wrong type" (BL_EINVAL) with the field
 * name in the message.  Serialisation appends to a capped struct bl_buf.
 *
 * Ownership follows jansson: a json_t handed out by bl_json_parse is a new
 * reference (release with json_decref); every pointer a getter returns is
 * borrowed from the object it came from and lives as long as that object.
 * See docs/internals/json.md.
 */
#ifndef BL_JSON_H
#define BL_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"

/*
 * Parse the JSON text text[0..n) (any JSON value, not only an object; it
 * need not be NUL-terminated) into *out, a new reference the caller owns.
 *   BL_ETOOBIG  n > max_bytes;
 *   BL_EUTF8    the text is not valid UTF-8 (offset, line in the message);
 *   BL_EJSON    nesting of arrays/objects deeper than max_depth ("nesting
 *               deeper than N at line L, column C"), or anything jansson
 *               refuses: syntax, duplicate keys, "\u0000", huge numbers
 *               (jansson's text with line and column).
 * *out is NULL on error.  Use BL_JSON_MAX_BYTES and BL_JSON_MAX_DEPTH from
 * limits.h unless a caller has a reason for other limits.
 */
enum bl_err bl_json_parse(const char *text, size_t n, size_t max_bytes, size_t max_depth,
                          json_t **out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append the serialisation of json to out.  flags are jansson's encoding
 * flags (JSON_COMPACT, JSON_SORT_KEYS, JSON_INDENT(n), ...), passed through;
 * JSON_ENCODE_ANY is always added so scalars serialise too.  BL_ETOOBIG
 * when out's cap would be passed, BL_EINVAL when jansson cannot serialise
 * json (NULL, or invalid content built by hand); out is unchanged on error.
 */
enum bl_err bl_json_dump(const json_t *json, size_t flags, struct bl_buf *out,
                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The string value of member key of obj, or NULL when obj is not an object,
 * the member is missing or it is not a string.  Borrowed from obj.
 */
const char *bl_json_str(const json_t *obj, const char *key);

/*
 * Typed member getters.  Each returns BL_OK and sets *out; BL_ENOTFOUND
 * when obj has no member key ("field \"key\": missing"); BL_EINVAL when obj
 * is not an object or the member has another type ("field \"key\": expected
 * string, got integer"; null is a type, not a missing member).  *out is
 * untouched on error.  Strings and json_t pointers are borrowed from obj.
 */
enum bl_err bl_json_get_string(const json_t *obj, const char *key, const char **out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Integer members only: a real such as 1.0 is "expected integer, got real". */
enum bl_err bl_json_get_int(const json_t *obj, const char *key, json_int_t *out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_json_get_bool(const json_t *obj, const char *key, bool *out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_json_get_obj(const json_t *obj, const char *key, json_t **out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_json_get_arr(const json_t *obj, const char *key, json_t **out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * For members that are "a string or an array of strings" (Open Badges
 * `type`, `@context`): true when value is the string s, or an array with
 * the string s among its elements.  Non-string elements are skipped; NULL
 * value gives false.
 */
bool bl_json_has_string(const json_t *value, const char *s);

/* The JSON type of v as a word for messages: "object", "string", "integer",
 * "real", "boolean", "null", "array"; "nothing" for NULL. */
const char *bl_json_type_name(const json_t *v);

#endif
