/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * ob2.c: Open Badges 2.0 documents: the problem report shared with ob3.c,
 * the definition-file parsers, the OB 2.0 builders and validators.  The
 * validators follow the data model of the OB 2.0 specification (required
 * members in bold in docs/open-badges.md §2.2-2.9) and badgecheck's format
 * rules (IdentityHash, DateTime with timezone, no data: image on an
 * Assertion); they keep going after a problem so one run lists them all.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "mem.h"
#include "ob2.h"
#include "obdate.h"
#include "recipient.h"
#include "utf8.h"

static const char *const t_assertion[] = {"Assertion", NULL};
static const char *const t_badgeclass[] = {"BadgeClass", NULL};
static const char *const t_issuer[] = {"Issuer", "Profile", NULL};

static void vadd(struct bl_ob_report *r, enum bl_ob_sev sev, enum bl_ob_code code, const char *path,
                 const char *key, const char *fmt, va_list ap) BL_PRINTF(6, 0);
static void check_context(struct bl_ob__ctx *c, const json_t *doc);
static void check_assertion(struct bl_ob__ctx *c, const json_t *a);
static void check_badgeclass(struct bl_ob__ctx *c, const json_t *b, bool top);
static void check_issuer(struct bl_ob__ctx *c, const json_t *p, bool top);
static void check_recipient(struct bl_ob__ctx *c, const json_t *rcp);
static void check_image(struct bl_ob__ctx *c, const json_t *obj, bool data_ok);
static void check_evidence(struct bl_ob__ctx *c, const json_t *obj);
static void check_iri_or_iris(struct bl_ob__ctx *c, const json_t *obj, const char *key);
static json_t *alignment_json(const struct bl_ob_alignment *a);
static bool scheme_len(const char *s, size_t *n);

/* ---- report ---- */

void bl_ob_report_init(struct bl_ob_report *r)
{
    memset(r, 0, sizeof(*r));
}

void bl_ob_report_free(struct bl_ob_report *r)
{
    bl_free(r->v);
    memset(r, 0, sizeof(*r));
}

static void vadd(struct bl_ob_report *r, enum bl_ob_sev sev, enum bl_ob_code code, const char *path,
                 const char *key, const char *fmt, va_list ap)
{
    struct bl_ob_problem *p;

    if (r == NULL)
        return;
    if (sev == BL_OB_ERROR)
        r->errors++;
    else
        r->warnings++;
    if (r->n >= BL_OB_REPORT_MAX) {
        r->dropped++;
        return;
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->v = bl_realloc(r->v, r->cap * sizeof(*r->v));
    }
    p = &r->v[r->n++];
    p->sev = sev;
    p->code = code;
    if (key != NULL && *path != '\0')
        snprintf(p->path, sizeof(p->path), "%s.%s", path, key);
    else
        snprintf(p->path, sizeof(p->path), "%s", key != NULL ? key : path);
    vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
}

void bl_ob_report_add(struct bl_ob_report *r, enum bl_ob_sev sev, enum bl_ob_code code,
                      const char *path, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vadd(r, sev, code, path != NULL ? path : "", NULL, fmt, ap);
    va_end(ap);
}

const struct bl_ob_problem *bl_ob_report_find(const struct bl_ob_report *r, const char *path,
                                              enum bl_ob_code code)
{
    size_t i;

    for (i = 0; r != NULL && i < r->n; i++)
        if (r->v[i].code == code && strcmp(r->v[i].path, path) == 0)
            return &r->v[i];
    return NULL;
}

const char *bl_ob_code_name(enum bl_ob_code c)
{
    static const char *const names[] = {"missing", "type",          "value",   "format",  "context",
                                        "expired", "not_yet_valid", "revoked", "outdated"};

    return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "unknown";
}

enum bl_err bl_ob_report_dump(const struct bl_ob_report *r, struct bl_buf *out,
                              struct bl_errinfo *ei)
{
    size_t i, start = out->len;
    enum bl_err rc = BL_OK;

    for (i = 0; i < r->n && rc == BL_OK; i++)
        rc = bl_buf_printf(out, "%s %s %s: %s\n", r->v[i].sev == BL_OB_ERROR ? "error" : "warning",
                           bl_ob_code_name(r->v[i].code),
                           r->v[i].path[0] ? r->v[i].path : "(document)", r->v[i].msg);
    if (rc == BL_OK && r->dropped > 0)
        rc = bl_buf_printf(out, "(%zu more problems not listed)\n", r->dropped);
    if (rc != BL_OK) {
        out->len = start;
        if (out->p != NULL)
            out->p[start] = '\0';
        return bl_fail(ei, rc, "report: output over its cap");
    }
    return BL_OK;
}

/* ---- syntax ---- */

bool bl_ob_is_iri(const char *s)
{
    size_t n, i;

    if (s == NULL || !scheme_len(s, &n) || s[n + 1] == '\0')
        return false;
    for (i = n + 1; s[i] != '\0'; i++)
        if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

bool bl_ob_is_http_iri(const char *s)
{
    size_t k;

    if (!bl_ob_is_iri(s))
        return false;
    if (strncmp(s, "https://", 8) == 0)
        k = 8;
    else if (strncmp(s, "http://", 7) == 0)
        k = 7;
    else
        return false;
    return s[k] != '\0' && s[k] != '/' && s[k] != '?' && s[k] != '#';
}

bool bl_ob_is_data_uri(const char *s)
{
    return s != NULL && strncmp(s, "data:", 5) == 0 && strchr(s + 5, ',') != NULL &&
           bl_ob_is_iri(s);
}

bool bl_ob_is_urn_uuid(const char *s)
{
    static const char pat[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    size_t i;

    if (s == NULL || strncmp(s, "urn:uuid:", 9) != 0)
        return false;
    s += 9;
    for (i = 0; pat[i] != '\0'; i++) {
        char ch = s[i];

        if (pat[i] == '-' ? ch != '-'
                          : !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
                              (ch >= 'A' && ch <= 'F')))
            return false;
    }
    return s[i] == '\0';
}

/* ---- walking helpers (shared with ob3.c) ---- */

size_t bl_ob__push(struct bl_ob__ctx *c, const char *key)
{
    size_t old = c->len;
    int k = snprintf(c->path + c->len, sizeof(c->path) - c->len, "%s%s", c->len ? "." : "", key);

    /* A path too long for the buffer stays truncated; the problem is still reported. */
    if (k > 0)
        c->len += (size_t)k < sizeof(c->path) - c->len ? (size_t)k : sizeof(c->path) - c->len - 1;
    return old;
}

size_t bl_ob__push_index(struct bl_ob__ctx *c, size_t i)
{
    size_t old = c->len;
    int k = snprintf(c->path + c->len, sizeof(c->path) - c->len, "[%zu]", i);

    if (k > 0)
        c->len += (size_t)k < sizeof(c->path) - c->len ? (size_t)k : sizeof(c->path) - c->len - 1;
    return old;
}

void bl_ob__pop(struct bl_ob__ctx *c, size_t len)
{
    c->len = len;
    c->path[len] = '\0';
}

void bl_ob__add(struct bl_ob__ctx *c, enum bl_ob_sev sev, enum bl_ob_code code, const char *key,
                const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vadd(c->r, sev, code, c->path, key, fmt, ap);
    va_end(ap);
}

const json_t *bl_ob__get(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required)
{
    const json_t *v = json_object_get(obj, key);

    if (v == NULL && required)
        bl_ob__add(c, BL_OB_ERROR, BL_OB_MISSING, key, "required member \"%s\" is missing", key);
    return v;
}

const char *bl_ob__str(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required)
{
    const json_t *v = bl_ob__get(c, obj, key, required);

    if (v == NULL)
        return NULL;
    if (!json_is_string(v)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, key, "expected a string, got %s",
                   bl_json_type_name(v));
        return NULL;
    }
    return json_string_value(v);
}

const char *bl_ob__iri(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required,
                       bool data_ok)
{
    const char *s = bl_ob__str(c, obj, key, required);

    if (s == NULL)
        return NULL;
    /* JSON-LD compaction names unnamed nodes "_:b0" (§2.1): a valid node id, not a URL. */
    if (strcmp(key, "id") == 0 && s[0] == '_' && s[1] == ':' && s[2] != '\0')
        return s;
    if (!bl_ob_is_iri(s)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, key, "\"%.60s\" is not an IRI", s);
        return NULL;
    }
    if (!data_ok && strncmp(s, "data:", 5) == 0) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, key, "a data: URI is not allowed here");
        return NULL;
    }
    return s;
}

bool bl_ob__date(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required,
                 bool need_tz, int64_t *t)
{
    const char *s = bl_ob__str(c, obj, key, required);
    struct bl_errinfo e;
    bool tz = false;

    if (s == NULL)
        return false;
    bl_errinfo_clear(&e);
    if (bl_obdate_parse(s, t, &tz, &e) != BL_OK) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, key, "%s", e.msg);
        return false;
    }
    if (need_tz && !tz) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, key,
                   "\"%.40s\" has no timezone (Z or +hh:mm required)", s);
        return false;
    }
    return true;
}

void bl_ob__type(struct bl_ob__ctx *c, const json_t *obj, const char *const *names, bool required)
{
    const json_t *v = bl_ob__get(c, obj, "type", required);
    size_t i, k;

    if (v == NULL)
        return;
    if (!json_is_string(v) && !json_is_array(v)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "type", "expected a string or an array, got %s",
                   bl_json_type_name(v));
        return;
    }
    if (json_is_array(v))
        for (i = 0; i < json_array_size(v); i++)
            if (!json_is_string(json_array_get(v, i))) {
                bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "type", "entry %zu is %s, not a string", i,
                           bl_json_type_name(json_array_get(v, i)));
                return;
            }
    for (k = 0; names[k] != NULL; k++)
        if (bl_json_has_string(v, names[k]))
            return;
    if (json_is_string(v))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "type", "\"%.60s\" is not %s%s",
                   json_string_value(v), names[0], names[1] != NULL ? " (or an equivalent)" : "");
    else
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "type", "does not include %s", names[0]);
}

enum bl_err bl_ob__result(const struct bl_ob_report *r, size_t before, const char *what,
                          struct bl_errinfo *ei)
{
    size_t i;

    if (r->errors == before)
        return BL_OK;
    for (i = 0; i < r->n; i++)
        if (r->v[i].sev == BL_OB_ERROR)
            break;
    if (i < r->n)
        return bl_fail(ei, BL_EINVAL, "%s: %zu problem(s), first: %s: %s", what, r->errors - before,
                       r->v[i].path[0] ? r->v[i].path : "(document)", r->v[i].msg);
    return bl_fail(ei, BL_EINVAL, "%s: %zu problem(s)", what, r->errors - before);
}

/* ---- OB 2.0 validators ---- */

#define VALIDATE(name, what, body)                                                                 \
    enum bl_err name(const json_t *doc, int64_t now, struct bl_ob_report *r,                       \
                     struct bl_errinfo *ei)                                                        \
    {                                                                                              \
        struct bl_ob_report local;                                                                 \
        struct bl_ob__ctx c;                                                                       \
        size_t before;                                                                             \
        enum bl_err rc;                                                                            \
                                                                                                   \
        bl_ob_report_init(&local);                                                                 \
        memset(&c, 0, sizeof(c));                                                                  \
        c.r = r != NULL ? r : &local;                                                              \
        c.now = now;                                                                               \
        before = c.r->errors;                                                                      \
        if (!json_is_object(doc))                                                                  \
            bl_ob__add(&c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an object, got %s",            \
                       bl_json_type_name(doc));                                                    \
        else                                                                                       \
            body;                                                                                  \
        rc = bl_ob__result(c.r, before, what, ei);                                                 \
        bl_ob_report_free(&local);                                                                 \
        return rc;                                                                                 \
    }

VALIDATE(bl_ob2_validate_assertion, "OB 2.0 Assertion", check_assertion(&c, doc))
VALIDATE(bl_ob2_validate_badgeclass, "OB 2.0 BadgeClass", check_badgeclass(&c, doc, true))
VALIDATE(bl_ob2_validate_issuer, "OB 2.0 Profile", check_issuer(&c, doc, true))

/* §2.1: the v2 context URL, alone or in an array; an inline context is not interpreted. */
static void check_context(struct bl_ob__ctx *c, const json_t *doc)
{
    const json_t *v = json_object_get(doc, "@context");

    if (v == NULL) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_CONTEXT, "@context", "missing; expected \"%s\"",
                   BL_OB2_CONTEXT);
        return;
    }
    if (bl_json_has_string(v, BL_OB2_CONTEXT))
        return;
    if (json_is_object(v) || (json_is_array(v) && json_array_size(v) > 0)) {
        bl_ob__add(c, BL_OB_WARNING, BL_OB_CONTEXT, "@context",
                   "inline or foreign context, not \"%s\": terms not checked", BL_OB2_CONTEXT);
        return;
    }
    if (json_is_string(v))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_CONTEXT, "@context", "\"%.60s\" is not \"%s\"",
                   json_string_value(v), BL_OB2_CONTEXT);
    else
        bl_ob__add(c, BL_OB_ERROR, BL_OB_CONTEXT, "@context", "expected \"%s\", got %s",
                   BL_OB2_CONTEXT, bl_json_type_name(v));
}

/* §2.2 */
static void check_assertion(struct bl_ob__ctx *c, const json_t *a)
{
    static const char *const texts[] = {"narrative", "revocationReason", "uid", NULL};
    const json_t *v, *ver;
    int64_t issued = 0, expires = 0;
    bool has_issued, has_expires;
    size_t save;

    check_context(c, a);
    bl_ob__type(c, a, t_assertion, true);
    bl_ob__iri(c, a, "id", true, false);
    v = json_object_get(a, "revoked");
    if (v != NULL && !json_is_boolean(v))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "revoked", "expected a boolean, got %s",
                   bl_json_type_name(v));
    if (json_is_true(v)) {
        /* A revoked hosted Assertion needs only id and revoked (§2.8). */
        bl_ob__add(c, BL_OB_ERROR, BL_OB_REVOKED, "revoked", "the Assertion is revoked%s%.100s",
                   bl_json_str(a, "revocationReason") ? ": " : "",
                   bl_json_str(a, "revocationReason") ? bl_json_str(a, "revocationReason") : "");
        return;
    }
    v = bl_ob__get(c, a, "recipient", true);
    if (v != NULL) {
        save = bl_ob__push(c, "recipient");
        check_recipient(c, v);
        bl_ob__pop(c, save);
    }
    v = bl_ob__get(c, a, "badge", true);
    if (json_is_string(v)) {
        bl_ob__iri(c, a, "badge", true, false);
    } else if (json_is_object(v)) {
        save = bl_ob__push(c, "badge");
        check_badgeclass(c, v, false);
        bl_ob__pop(c, save);
    } else if (v != NULL) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "badge", "expected an IRI or a BadgeClass, got %s",
                   bl_json_type_name(v));
    }
    /* "verify" is the context's alias of "verification". */
    ver = json_object_get(a, "verification");
    if (ver == NULL)
        ver = json_object_get(a, "verify");
    if (ver == NULL) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_MISSING, "verification",
                   "required member \"verification\" is missing");
    } else if (!json_is_object(ver)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "verification", "expected an object, got %s",
                   bl_json_type_name(ver));
    } else {
        static const char *const vt[] = {"hosted", "HostedBadge", "signed", "SignedBadge", NULL};
        const char *t;

        save = bl_ob__push(c, "verification");
        bl_ob__type(c, ver, vt, true);
        t = bl_json_str(ver, "type");
        if (t != NULL && (strcmp(t, "signed") == 0 || strcmp(t, "SignedBadge") == 0))
            bl_ob__iri(c, ver, "creator", false, false);
        bl_ob__pop(c, save);
    }
    has_issued = bl_ob__date(c, a, "issuedOn", true, true, &issued);
    has_expires = bl_ob__date(c, a, "expires", false, true, &expires);
    if (has_issued && issued > c->now)
        bl_ob__add(c, BL_OB_ERROR, BL_OB_NOT_YET_VALID, "issuedOn", "issued in the future (%s)",
                   bl_json_str(a, "issuedOn"));
    if (has_expires && expires < c->now)
        bl_ob__add(c, BL_OB_ERROR, BL_OB_EXPIRED, "expires", "expired on %s",
                   bl_json_str(a, "expires"));
    if (has_issued && has_expires && expires < issued)
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "expires", "expires (%s) before issuedOn (%s)",
                   bl_json_str(a, "expires"), bl_json_str(a, "issuedOn"));
    /* badgecheck refuses data: URIs as the image of an Assertion (it should be the baked image). */
    check_image(c, a, false);
    check_evidence(c, a);
    bl_ob__check_strings(c, a, texts);
}

/* §2.5 and badgecheck's identity_object_property_dependencies. */
static void check_recipient(struct bl_ob__ctx *c, const json_t *rcp)
{
    static const char *const kinds[] = {"email", "url", "telephone", "id", NULL};
    const char *type, *id;
    const json_t *h;
    size_t k;

    if (!json_is_object(rcp)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an IdentityObject, got %s",
                   bl_json_type_name(rcp));
        return;
    }
    type = bl_ob__str(c, rcp, "type", true);
    if (type != NULL) {
        for (k = 0; kinds[k] != NULL && strcmp(kinds[k], type) != 0; k++)
            ;
        if (kinds[k] == NULL)
            bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "type",
                       "\"%.60s\" is not email, url, telephone or id", type);
    }
    h = bl_ob__get(c, rcp, "hashed", true);
    if (h != NULL && !json_is_boolean(h))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "hashed", "expected a boolean, got %s",
                   bl_json_type_name(h));
    bl_ob__str(c, rcp, "salt", false);
    id = bl_ob__str(c, rcp, "identity", true);
    if (id == NULL)
        return;
    if (json_is_true(h) && !bl_recipient_is_hash(id))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, "identity",
                   "hashed identity must be sha256$<64 hex> or md5$<32 hex>");
    if (json_is_false(h) && bl_recipient_is_hash(id))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, "identity",
                   "identity looks hashed but hashed is false");
    if (json_is_false(h) && type != NULL && strcmp(type, "email") == 0) {
        const char *at = strchr(id, '@');

        if (at == NULL || at == id || at[1] == '\0' || strchr(at + 1, '@') != NULL)
            bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, "identity", "not an email address");
    }
}

/* §2.3 */
static void check_badgeclass(struct bl_ob__ctx *c, const json_t *b, bool top)
{
    static const char *const atexts[] = {"targetDescription", "targetFramework", "targetCode",
                                         NULL};
    const json_t *v, *x;
    size_t save, save2, i;

    if (top)
        check_context(c, b);
    bl_ob__type(c, b, t_badgeclass, true);
    bl_ob__iri(c, b, "id", true, false);
    bl_ob__str(c, b, "name", true);
    bl_ob__str(c, b, "description", true);
    if (bl_ob__get(c, b, "image", true) != NULL)
        check_image(c, b, true);
    v = bl_ob__get(c, b, "criteria", true);
    if (json_is_string(v)) {
        bl_ob__iri(c, b, "criteria", true, false);
    } else if (json_is_object(v)) {
        save = bl_ob__push(c, "criteria");
        bl_ob__iri(c, v, "id", false, false);
        bl_ob__str(c, v, "narrative", false);
        if (json_object_get(v, "id") == NULL && json_object_get(v, "narrative") == NULL)
            bl_ob__add(c, BL_OB_ERROR, BL_OB_MISSING, "narrative",
                       "criteria without id needs a narrative");
        bl_ob__pop(c, save);
    } else if (v != NULL) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "criteria", "expected an IRI or a Criteria, got %s",
                   bl_json_type_name(v));
    }
    v = bl_ob__get(c, b, "issuer", true);
    if (json_is_string(v)) {
        bl_ob__iri(c, b, "issuer", true, false);
    } else if (json_is_object(v)) {
        save = bl_ob__push(c, "issuer");
        check_issuer(c, v, false);
        bl_ob__pop(c, save);
    } else if (v != NULL) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "issuer", "expected an IRI or a Profile, got %s",
                   bl_json_type_name(v));
    }
    v = json_object_get(b, "alignment");
    if (json_is_object(v) || json_is_array(v)) {
        save = bl_ob__push(c, "alignment");
        for (i = 0; i < (json_is_array(v) ? json_array_size(v) : 1); i++) {
            x = json_is_array(v) ? json_array_get(v, i) : v;
            save2 = json_is_array(v) ? bl_ob__push_index(c, i) : c->len;
            if (!json_is_object(x)) {
                bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an AlignmentObject, got %s",
                           bl_json_type_name(x));
            } else {
                bl_ob__str(c, x, "targetName", true);
                bl_ob__iri(c, x, "targetUrl", true, false);
                bl_ob__check_strings(c, x, atexts);
            }
            bl_ob__pop(c, save2);
        }
        bl_ob__pop(c, save);
    } else if (v != NULL) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "alignment", "expected an array, got %s",
                   bl_json_type_name(v));
    }
    v = json_object_get(b, "tags");
    if (v != NULL && !json_is_string(v)) {
        if (!json_is_array(v))
            bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "tags", "expected an array of strings, got %s",
                       bl_json_type_name(v));
        else
            for (i = 0; i < json_array_size(v); i++)
                if (!json_is_string(json_array_get(v, i)))
                    bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "tags", "entry %zu is %s, not a string",
                               i, bl_json_type_name(json_array_get(v, i)));
    }
}

/* §2.4: as an issuer, id, type, name, url and email are required. */
static void check_issuer(struct bl_ob__ctx *c, const json_t *p, bool top)
{
    static const char *const texts[] = {"description", "telephone", NULL};
    const char *id, *email;
    const json_t *v;

    if (top)
        check_context(c, p);
    bl_ob__type(c, p, t_issuer, true);
    id = bl_ob__iri(c, p, "id", true, false);
    if (id != NULL && !bl_ob_is_http_iri(id))
        bl_ob__add(c, BL_OB_WARNING, BL_OB_FORMAT, "id",
                   "issuer Profile %.60s not hosted with an HTTP-based identifier", id);
    bl_ob__str(c, p, "name", true);
    bl_ob__iri(c, p, "url", true, false);
    email = bl_ob__str(c, p, "email", true);
    if (email != NULL && strchr(email, '@') == NULL)
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, "email", "\"%.60s\" is not an email address",
                   email);
    bl_ob__check_strings(c, p, texts);
    if (json_object_get(p, "image") != NULL)
        check_image(c, p, true);
    check_iri_or_iris(c, p, "publicKey");
    bl_ob__iri(c, p, "revocationList", false, false);
    v = json_object_get(p, "verification");
    if (v != NULL && !json_is_object(v))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "verification", "expected an object, got %s",
                   bl_json_type_name(v));
}

/* image: an IRI or an Image object with an id. */
static void check_image(struct bl_ob__ctx *c, const json_t *obj, bool data_ok)
{
    const json_t *v = json_object_get(obj, "image");
    size_t save;

    if (v == NULL)
        return;
    if (json_is_string(v)) {
        bl_ob__iri(c, obj, "image", true, data_ok);
    } else if (json_is_object(v)) {
        save = bl_ob__push(c, "image");
        bl_ob__iri(c, v, "id", true, data_ok);
        bl_ob__pop(c, save);
    } else {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "image", "expected an IRI or an Image, got %s",
                   bl_json_type_name(v));
    }
}

/* evidence: IRI, Evidence object, or an array of those (§2.9). */
static void check_evidence(struct bl_ob__ctx *c, const json_t *obj)
{
    static const char *const texts[] = {"narrative", "name",     "description",
                                        "genre",     "audience", NULL};
    const json_t *v = json_object_get(obj, "evidence"), *x;
    size_t i, n, save, save2;

    if (v == NULL)
        return;
    save = bl_ob__push(c, "evidence");
    n = json_is_array(v) ? json_array_size(v) : 1;
    for (i = 0; i < n; i++) {
        x = json_is_array(v) ? json_array_get(v, i) : v;
        save2 = json_is_array(v) ? bl_ob__push_index(c, i) : c->len;
        if (json_is_string(x)) {
            if (!bl_ob_is_iri(json_string_value(x)))
                bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, NULL, "\"%.60s\" is not an IRI",
                           json_string_value(x));
        } else if (json_is_object(x)) {
            bl_ob__iri(c, x, "id", false, true);
            bl_ob__check_strings(c, x, texts);
        } else {
            bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an IRI or an Evidence, got %s",
                       bl_json_type_name(x));
        }
        bl_ob__pop(c, save2);
    }
    bl_ob__pop(c, save);
}

/* Optional members that must be strings when present. */
void bl_ob__check_strings(struct bl_ob__ctx *c, const json_t *obj, const char *const *keys)
{
    size_t i;

    for (i = 0; keys[i] != NULL; i++)
        bl_ob__str(c, obj, keys[i], false);
}

static void check_iri_or_iris(struct bl_ob__ctx *c, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    size_t i;

    if (v == NULL || json_is_string(v)) {
        bl_ob__iri(c, obj, key, false, false);
        return;
    }
    if (!json_is_array(v)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, key, "expected an IRI or an array, got %s",
                   bl_json_type_name(v));
        return;
    }
    for (i = 0; i < json_array_size(v); i++) {
        const char *s = json_string_value(json_array_get(v, i));

        if (!bl_ob_is_iri(s))
            bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, key, "entry %zu is not an IRI", i);
    }
}

/* ---- definitions ---- */

static bool only_keys(struct bl_ob__ctx *c, const json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *v;
    bool ok = true;
    size_t i;

    json_object_foreach((json_t *)(uintptr_t)obj, key, v)
    {
        for (i = 0; allowed[i] != NULL && strcmp(allowed[i], key) != 0; i++)
            ;
        if (allowed[i] == NULL) {
            bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, key, "unknown key (a typo?)");
            ok = false;
        }
    }
    return ok;
}

static const char *def_text(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required)
{
    const char *s = bl_ob__str(c, obj, key, required);

    if (s != NULL && *s == '\0') {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, key, "must not be empty");
        return NULL;
    }
    return s;
}

static const char *def_url(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required)
{
    const char *s = bl_ob__str(c, obj, key, required);

    if (s != NULL && !bl_ob_is_http_iri(s)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, key, "\"%.60s\" is not an http(s) URL", s);
        return NULL;
    }
    return s;
}

enum bl_err bl_ob_issuer_def_parse(const json_t *j, struct bl_ob_issuer_def *out,
                                   struct bl_ob_report *r, struct bl_errinfo *ei)
{
    static const char *const keys[] = {"id", "name", "url", "email", "description", "image", NULL};
    struct bl_ob_report local;
    struct bl_ob__ctx c;
    enum bl_err rc;
    size_t before;

    bl_ob_report_init(&local);
    memset(&c, 0, sizeof(c));
    memset(out, 0, sizeof(*out));
    c.r = r != NULL ? r : &local;
    before = c.r->errors;
    if (!json_is_object(j)) {
        bl_ob__add(&c, BL_OB_ERROR, BL_OB_TYPE, NULL, "an issuer definition is a JSON object");
    } else {
        only_keys(&c, j, keys);
        out->id = def_url(&c, j, "id", true);
        out->name = def_text(&c, j, "name", true);
        out->url = def_url(&c, j, "url", true);
        out->email = def_text(&c, j, "email", true);
        if (out->email != NULL && strchr(out->email, '@') == NULL) {
            bl_ob__add(&c, BL_OB_ERROR, BL_OB_FORMAT, "email", "\"%.60s\" is not an email address",
                       out->email);
            out->email = NULL;
        }
        out->description = def_text(&c, j, "description", false);
        out->image = def_url(&c, j, "image", false);
    }
    rc = bl_ob__result(c.r, before, "issuer definition", ei);
    bl_ob_report_free(&local);
    return rc;
}

static void def_alignments(struct bl_ob__ctx *c, const json_t *v, struct bl_ob_badge_def *d)
{
    static const char *const keys[] = {
        "targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode",
        "targetType", NULL};
    size_t i, n, save, save2;

    if (!json_is_array(v)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "alignments", "expected an array, got %s",
                   bl_json_type_name(v));
        return;
    }
    n = json_array_size(v);
    d->alignment = bl_calloc(n ? n : 1, sizeof(*d->alignment));
    save = bl_ob__push(c, "alignments");
    for (i = 0; i < n; i++) {
        const json_t *x = json_array_get(v, i);
        struct bl_ob_alignment *a = &d->alignment[d->n_alignment];

        save2 = bl_ob__push_index(c, i);
        if (!json_is_object(x)) {
            bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an object, got %s",
                       bl_json_type_name(x));
        } else {
            only_keys(c, x, keys);
            a->target_name = def_text(c, x, "targetName", true);
            a->target_url = def_url(c, x, "targetUrl", true);
            a->target_description = def_text(c, x, "targetDescription", false);
            a->target_framework = def_text(c, x, "targetFramework", false);
            a->target_code = def_text(c, x, "targetCode", false);
            a->target_type = def_text(c, x, "targetType", false);
            d->n_alignment++;
        }
        bl_ob__pop(c, save2);
    }
    bl_ob__pop(c, save);
}

static void def_validity(struct bl_ob__ctx *c, const json_t *v, struct bl_ob_badge_def *d)
{
    static const char *const keys[] = {"until", "months", NULL};
    const json_t *m;
    size_t save;

    if (json_is_string(v) && strcmp(json_string_value(v), "none") == 0)
        return;
    if (!json_is_object(v)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "validity",
                   "expected \"none\", {\"until\": date-time} or {\"months\": N}");
        return;
    }
    save = bl_ob__push(c, "validity");
    only_keys(c, v, keys);
    m = json_object_get(v, "months");
    if (json_object_size(v) != 1 || (json_object_get(v, "until") == NULL && m == NULL)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, NULL,
                   "give exactly one of \"until\" and \"months\"");
    } else if (m != NULL) {
        if (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 1200)
            bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "months", "expected an integer 1..1200");
        else {
            d->validity = BL_OB_VALID_MONTHS;
            d->months = (int32_t)json_integer_value(m);
        }
    } else if (bl_ob__date(c, v, "until", true, true, &d->until)) {
        d->validity = BL_OB_VALID_UNTIL;
    }
    bl_ob__pop(c, save);
}

enum bl_err bl_ob_badge_def_parse(const json_t *j, struct bl_ob_badge_def *out,
                                  struct bl_ob_report *r, struct bl_errinfo *ei)
{
    static const char *const keys[] = {
        "id",         "name", "description", "criteria",        "image",
        "alignments", "tags", "validity",    "achievementType", NULL};
    static const char *const ckeys[] = {"narrative", "url", NULL};
    struct bl_ob_report local;
    struct bl_ob__ctx c;
    const json_t *v;
    enum bl_err rc;
    size_t before, i, save;

    bl_ob_report_init(&local);
    memset(&c, 0, sizeof(c));
    memset(out, 0, sizeof(*out));
    c.r = r != NULL ? r : &local;
    before = c.r->errors;
    if (!json_is_object(j)) {
        bl_ob__add(&c, BL_OB_ERROR, BL_OB_TYPE, NULL, "a badge definition is a JSON object");
        goto done;
    }
    only_keys(&c, j, keys);
    out->id = def_url(&c, j, "id", true);
    out->name = def_text(&c, j, "name", true);
    out->description = def_text(&c, j, "description", true);
    out->image = def_url(&c, j, "image", true);
    out->achievement_type = def_text(&c, j, "achievementType", false);
    v = bl_ob__get(&c, j, "criteria", true);
    if (json_is_object(v)) {
        save = bl_ob__push(&c, "criteria");
        only_keys(&c, v, ckeys);
        out->criteria_narrative = def_text(&c, v, "narrative", false);
        out->criteria_url = def_url(&c, v, "url", false);
        if (json_object_get(v, "narrative") == NULL && json_object_get(v, "url") == NULL)
            bl_ob__add(&c, BL_OB_ERROR, BL_OB_MISSING, NULL, "give a narrative, a url or both");
        bl_ob__pop(&c, save);
    } else if (v != NULL) {
        bl_ob__add(&c, BL_OB_ERROR, BL_OB_TYPE, "criteria",
                   "expected an object {\"narrative\": ..., \"url\": ...}, got %s",
                   bl_json_type_name(v));
    }
    v = json_object_get(j, "alignments");
    if (v != NULL)
        def_alignments(&c, v, out);
    v = json_object_get(j, "tags");
    if (json_is_array(v)) {
        out->tags = bl_calloc(json_array_size(v) ? json_array_size(v) : 1, sizeof(*out->tags));
        for (i = 0; i < json_array_size(v); i++) {
            const char *s = json_string_value(json_array_get(v, i));

            if (s == NULL || *s == '\0')
                bl_ob__add(&c, BL_OB_ERROR, BL_OB_TYPE, "tags",
                           "entry %zu is not a non-empty string", i);
            else
                out->tags[out->n_tags++] = s;
        }
    } else if (v != NULL) {
        bl_ob__add(&c, BL_OB_ERROR, BL_OB_TYPE, "tags", "expected an array of strings, got %s",
                   bl_json_type_name(v));
    }
    v = json_object_get(j, "validity");
    if (v != NULL)
        def_validity(&c, v, out);
done:
    rc = bl_ob__result(c.r, before, "badge definition", ei);
    bl_ob_report_free(&local);
    if (rc != BL_OK)
        bl_ob_badge_def_free(out);
    return rc;
}

void bl_ob_badge_def_free(struct bl_ob_badge_def *d)
{
    bl_free(d->alignment);
    bl_free((void *)(uintptr_t)d->tags);
    d->alignment = NULL;
    d->tags = NULL;
    d->n_alignment = d->n_tags = 0;
}

/* Copy the problems of src into dst with prefix before each path. */
static void merge(struct bl_ob_report *dst, const struct bl_ob_report *src, const char *prefix)
{
    struct bl_ob__ctx c;
    size_t i;

    memset(&c, 0, sizeof(c));
    c.r = dst;
    bl_ob__push(&c, prefix);
    for (i = 0; i < src->n; i++)
        bl_ob__add(&c, src->v[i].sev, src->v[i].code, src->v[i].path[0] ? src->v[i].path : NULL,
                   "%s", src->v[i].msg);
}

enum bl_err bl_ob__parse_defs(const json_t *issuer_def, const json_t *badge_def,
                              struct bl_ob_issuer_def *idef, struct bl_ob_badge_def *bdef,
                              struct bl_ob_report *r, struct bl_errinfo *ei)
{
    struct bl_ob_report ri, rb;
    enum bl_err rc, rc2;

    bl_ob_report_init(&ri);
    bl_ob_report_init(&rb);
    rc = bl_ob_issuer_def_parse(issuer_def, idef, &ri, ei);
    rc2 = bl_ob_badge_def_parse(badge_def, bdef, &rb, rc == BL_OK ? ei : NULL);
    if (rc == BL_OK)
        rc = rc2;
    else if (rc2 == BL_OK)
        bl_ob_badge_def_free(bdef);
    if (r != NULL) {
        merge(r, &ri, "issuer_def");
        merge(r, &rb, "badge_def");
    }
    bl_ob_report_free(&ri);
    bl_ob_report_free(&rb);
    return rc;
}

enum bl_err bl_ob_badge_def_expiry(const struct bl_ob_badge_def *d, int64_t now, bool *has,
                                   int64_t *until, struct bl_errinfo *ei)
{
    char a[BL_OBDATE_LEN];

    *has = false;
    switch (d->validity) {
    case BL_OB_VALID_FOREVER:
        return BL_OK;
    case BL_OB_VALID_UNTIL:
        if (d->until <= now) {
            if (bl_obdate_format(d->until, a, NULL) != BL_OK)
                a[0] = '\0';
            return bl_fail(ei, BL_EINVAL, "badge definition: validity.until %s is not after now",
                           a);
        }
        *has = true;
        *until = d->until;
        return BL_OK;
    case BL_OB_VALID_MONTHS:
        *has = true;
        return bl_obdate_add_months(now, d->months, until, ei);
    }
    return bl_fail(ei, BL_EINVAL, "badge definition: unknown validity");
}

/* ---- OB 2.0 builders ---- */

enum bl_err bl_ob2_issuer_build(const struct bl_ob2_issuer *in, json_t **out, struct bl_errinfo *ei)
{
    enum bl_err rc;
    json_t *o;

    if ((rc = bl_ob__need_iri(in->id, true, "issuer id", ei)) != BL_OK ||
        (rc = bl_ob__need(in->name, "issuer name", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->url, true, "issuer url", ei)) != BL_OK ||
        (rc = bl_ob__need(in->email, "issuer email", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->image, false, "issuer image", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->public_key, false, "issuer publicKey", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->revocation_list, false, "issuer revocationList", ei)) != BL_OK)
        return rc;
    if (strchr(in->email, '@') == NULL)
        return bl_fail(ei, BL_EINVAL, "issuer email \"%.60s\": not an email address", in->email);
    o = json_object();
    bl_ob__set_str(o, "@context", BL_OB2_CONTEXT);
    bl_ob__set_str(o, "type", "Profile");
    bl_ob__set_str(o, "id", in->id);
    bl_ob__set_str(o, "name", in->name);
    bl_ob__set_str(o, "url", in->url);
    bl_ob__set_str(o, "email", in->email);
    bl_ob__set_str(o, "description", in->description);
    bl_ob__set_str(o, "image", in->image);
    bl_ob__set_str(o, "telephone", in->telephone);
    bl_ob__set_str(o, "publicKey", in->public_key);
    bl_ob__set_str(o, "revocationList", in->revocation_list);
    *out = o;
    return BL_OK;
}

enum bl_err bl_ob2_badgeclass_build(const struct bl_ob2_badgeclass *in, json_t **out,
                                    struct bl_errinfo *ei)
{
    enum bl_err rc;
    json_t *o, *crit, *arr;
    size_t i;

    if ((rc = bl_ob__need_iri(in->id, true, "badge id", ei)) != BL_OK ||
        (rc = bl_ob__need(in->name, "badge name", ei)) != BL_OK ||
        (rc = bl_ob__need(in->description, "badge description", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->image, true, "badge image", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->criteria_id, false, "criteria id", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->issuer, true, "badge issuer", ei)) != BL_OK)
        return rc;
    if (in->criteria_id == NULL && in->criteria_narrative == NULL)
        return bl_fail(ei, BL_EINVAL, "badge criteria: give an id, a narrative or both");
    for (i = 0; i < in->n_alignment; i++)
        if ((rc = bl_ob__need(in->alignment[i].target_name, "alignment targetName", ei)) != BL_OK ||
            (rc = bl_ob__need_iri(in->alignment[i].target_url, true, "alignment targetUrl", ei)) !=
                BL_OK)
            return rc;
    for (i = 0; i < in->n_tags; i++)
        if ((rc = bl_ob__need(in->tags[i], "tag", ei)) != BL_OK)
            return rc;
    o = json_object();
    bl_ob__set_str(o, "@context", BL_OB2_CONTEXT);
    bl_ob__set_str(o, "type", "BadgeClass");
    bl_ob__set_str(o, "id", in->id);
    bl_ob__set_str(o, "name", in->name);
    bl_ob__set_str(o, "description", in->description);
    bl_ob__set_str(o, "image", in->image);
    crit = json_object();
    bl_ob__set_str(crit, "id", in->criteria_id);
    bl_ob__set_str(crit, "narrative", in->criteria_narrative);
    json_object_set_new(o, "criteria", crit);
    bl_ob__set_str(o, "issuer", in->issuer);
    if (in->n_alignment > 0) {
        arr = json_array();
        for (i = 0; i < in->n_alignment; i++)
            json_array_append_new(arr, alignment_json(&in->alignment[i]));
        json_object_set_new(o, "alignment", arr);
    }
    if (in->n_tags > 0) {
        arr = json_array();
        for (i = 0; i < in->n_tags; i++)
            json_array_append_new(arr, json_string(in->tags[i]));
        json_object_set_new(o, "tags", arr);
    }
    *out = o;
    return BL_OK;
}

enum bl_err bl_ob2_assertion_build(const struct bl_ob2_assertion *in, json_t **out,
                                   struct bl_errinfo *ei)
{
    char d1[BL_OBDATE_LEN], d2[BL_OBDATE_LEN];
    json_t *o = NULL, *rcp = NULL, *ver, *arr;
    enum bl_err rc;
    size_t i;

    if ((rc = bl_ob__need_iri(in->id, true, "assertion id", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->badge, true, "assertion badge", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->creator, false, "verification creator", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->image, false, "assertion image", ei)) != BL_OK ||
        (rc = bl_obdate_format(in->issued_on, d1, ei)) != BL_OK ||
        (in->has_expires && (rc = bl_obdate_format(in->expires, d2, ei)) != BL_OK))
        return rc;
    if (in->image != NULL && strncmp(in->image, "data:", 5) == 0)
        return bl_fail(ei, BL_EINVAL,
                       "assertion image: a data: URI is not allowed on an "
                       "Assertion (use the baked image URL)");
    if (in->has_expires && in->expires <= in->issued_on)
        return bl_fail(ei, BL_EINVAL, "assertion expires %s: not after issuedOn %s", d2, d1);
    for (i = 0; i < in->n_evidence; i++)
        if ((rc = bl_ob__need_iri(in->evidence[i].id, false, "evidence id", ei)) != BL_OK)
            return rc;
    if ((in->email != NULL) + (in->telephone != NULL) + (in->url != NULL) != 1)
        return bl_fail(ei, BL_EINVAL, "assertion recipient: one of email, telephone or url");
    if ((rc = bl_recipient_ob2_typed(in->email       ? "email"
                                     : in->telephone ? "telephone"
                                                     : "url",
                                     in->email       ? in->email
                                     : in->telephone ? in->telephone
                                                     : in->url,
                                     in->salt, &rcp, ei)) != BL_OK)
        return rc;
    o = json_object();
    bl_ob__set_str(o, "@context", BL_OB2_CONTEXT);
    bl_ob__set_str(o, "type", "Assertion");
    bl_ob__set_str(o, "id", in->id);
    json_object_set_new(o, "recipient", rcp);
    bl_ob__set_str(o, "badge", in->badge);
    ver = json_object();
    if (in->creator != NULL) {
        bl_ob__set_str(ver, "type", "SignedBadge");
        bl_ob__set_str(ver, "creator", in->creator);
    } else {
        bl_ob__set_str(ver, "type", "HostedBadge");
    }
    json_object_set_new(o, "verification", ver);
    bl_ob__set_str(o, "issuedOn", d1);
    if (in->has_expires)
        bl_ob__set_str(o, "expires", d2);
    bl_ob__set_str(o, "image", in->image);
    bl_ob__set_str(o, "narrative", in->narrative);
    if (in->n_evidence > 0) {
        arr = json_array();
        for (i = 0; i < in->n_evidence; i++) {
            const struct bl_ob_evidence *e = &in->evidence[i];
            json_t *x = json_object();

            bl_ob__set_str(x, "id", e->id);
            bl_ob__set_str(x, "narrative", e->narrative);
            bl_ob__set_str(x, "name", e->name);
            bl_ob__set_str(x, "description", e->description);
            bl_ob__set_str(x, "genre", e->genre);
            bl_ob__set_str(x, "audience", e->audience);
            json_array_append_new(arr, x);
        }
        json_object_set_new(o, "evidence", arr);
    }
    *out = o;
    return BL_OK;
}

enum bl_err bl_ob2_key_build(const char *id, const char *owner, const char *pem, json_t **out,
                             struct bl_errinfo *ei)
{
    enum bl_err rc;
    json_t *o;

    if ((rc = bl_ob__need_iri(id, true, "key id", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(owner, true, "key owner", ei)) != BL_OK ||
        (rc = bl_ob__need(pem, "key publicKeyPem", ei)) != BL_OK)
        return rc;
    if (strncmp(pem, "-----BEGIN PUBLIC KEY-----", 26) != 0)
        return bl_fail(ei, BL_EINVAL, "key publicKeyPem: expected -----BEGIN PUBLIC KEY-----");
    o = json_object();
    bl_ob__set_str(o, "@context", BL_OB2_CONTEXT);
    bl_ob__set_str(o, "type", "CryptographicKey");
    bl_ob__set_str(o, "id", id);
    bl_ob__set_str(o, "owner", owner);
    bl_ob__set_str(o, "publicKeyPem", pem);
    *out = o;
    return BL_OK;
}

enum bl_err bl_ob2_revocation_list_build(const char *id, const char *issuer,
                                         const struct bl_ob2_revoked *v, size_t n, json_t **out,
                                         struct bl_errinfo *ei)
{
    enum bl_err rc;
    json_t *o, *arr;
    size_t i;

    if ((rc = bl_ob__need_iri(id, true, "revocation list id", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(issuer, true, "revocation list issuer", ei)) != BL_OK)
        return rc;
    for (i = 0; i < n; i++)
        if ((rc = bl_ob__need_iri(v[i].id, true, "revoked assertion id", ei)) != BL_OK)
            return rc;
    o = json_object();
    bl_ob__set_str(o, "@context", BL_OB2_CONTEXT);
    bl_ob__set_str(o, "type", "RevocationList");
    bl_ob__set_str(o, "id", id);
    bl_ob__set_str(o, "issuer", issuer);
    arr = json_array();
    for (i = 0; i < n; i++) {
        json_t *x = json_object();

        bl_ob__set_str(x, "id", v[i].id);
        bl_ob__set_str(x, "revocationReason", v[i].reason);
        json_array_append_new(arr, x);
    }
    json_object_set_new(o, "revokedAssertions", arr);
    *out = o;
    return BL_OK;
}

enum bl_err bl_ob2_assertion_from_defs(const json_t *issuer_def, const json_t *badge_def,
                                       const char *email, const char *salt,
                                       const char *assertion_id, int64_t now, const char *creator,
                                       json_t **assertion, json_t **badgeclass, json_t **issuer,
                                       struct bl_ob_report *r, struct bl_errinfo *ei)
{
    struct bl_ob_issuer_def idef;
    struct bl_ob_badge_def bdef;
    struct bl_ob2_issuer pi;
    struct bl_ob2_badgeclass bc;
    struct bl_ob2_assertion as;
    json_t *a = NULL, *b = NULL, *p = NULL;
    enum bl_err rc;

    memset(&bdef, 0, sizeof(bdef));
    if ((rc = bl_ob__parse_defs(issuer_def, badge_def, &idef, &bdef, r, ei)) != BL_OK)
        goto out;
    memset(&as, 0, sizeof(as));
    as.id = assertion_id;
    as.email = email;
    as.salt = salt;
    as.badge = bdef.id;
    as.creator = creator;
    as.issued_on = now;
    if ((rc = bl_ob_badge_def_expiry(&bdef, now, &as.has_expires, &as.expires, ei)) != BL_OK ||
        (rc = bl_ob2_assertion_build(&as, &a, ei)) != BL_OK)
        goto out;
    memset(&bc, 0, sizeof(bc));
    bc.id = bdef.id;
    bc.name = bdef.name;
    bc.description = bdef.description;
    bc.image = bdef.image;
    bc.criteria_id = bdef.criteria_url;
    bc.criteria_narrative = bdef.criteria_narrative;
    bc.issuer = idef.id;
    bc.alignment = bdef.alignment;
    bc.n_alignment = bdef.n_alignment;
    bc.tags = bdef.tags;
    bc.n_tags = bdef.n_tags;
    if ((rc = bl_ob2_badgeclass_build(&bc, &b, ei)) != BL_OK)
        goto out;
    memset(&pi, 0, sizeof(pi));
    pi.id = idef.id;
    pi.name = idef.name;
    pi.url = idef.url;
    pi.email = idef.email;
    pi.description = idef.description;
    pi.image = idef.image;
    pi.public_key = creator;
    if ((rc = bl_ob2_issuer_build(&pi, &p, ei)) != BL_OK)
        goto out;
    if (assertion != NULL) {
        *assertion = a;
        a = NULL;
    }
    if (badgeclass != NULL) {
        *badgeclass = b;
        b = NULL;
    }
    if (issuer != NULL) {
        *issuer = p;
        p = NULL;
    }
out:
    json_decref(a);
    json_decref(b);
    json_decref(p);
    bl_ob_badge_def_free(&bdef);
    return rc;
}

/* ---- static helpers ---- */

/* Set key to a copy of v; NULL v leaves the member out (null values are never emitted). */
void bl_ob__set_str(json_t *o, const char *key, const char *v)
{
    if (v != NULL)
        json_object_set_new(o, key, json_string(v));
}

enum bl_err bl_ob__need(const char *v, const char *what, struct bl_errinfo *ei)
{
    if (v == NULL || *v == '\0')
        return bl_fail(ei, BL_EINVAL, "%s: missing", what);
    if (bl_utf8_check((const unsigned char *)v, strlen(v)) != strlen(v))
        return bl_fail(ei, BL_EUTF8, "%s: not valid UTF-8", what);
    return BL_OK;
}

enum bl_err bl_ob__need_iri(const char *v, bool required, const char *what, struct bl_errinfo *ei)
{
    if (v == NULL && !required)
        return BL_OK;
    if (v == NULL || *v == '\0')
        return bl_fail(ei, BL_EINVAL, "%s: missing", what);
    if (!bl_ob_is_iri(v))
        return bl_fail(ei, BL_EINVAL, "%s \"%.60s\": not an IRI", what, v);
    return BL_OK;
}

/* OB 2.0 AlignmentObject: no type, no targetType (an OB 3.0 addition). */
static json_t *alignment_json(const struct bl_ob_alignment *a)
{
    json_t *x = json_object();

    bl_ob__set_str(x, "targetName", a->target_name);
    bl_ob__set_str(x, "targetUrl", a->target_url);
    bl_ob__set_str(x, "targetDescription", a->target_description);
    bl_ob__set_str(x, "targetFramework", a->target_framework);
    bl_ob__set_str(x, "targetCode", a->target_code);
    return x;
}

/* RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ':'. *n = its length. */
static bool scheme_len(const char *s, size_t *n)
{
    size_t i;

    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (i = 1; s[i] != '\0' && s[i] != ':'; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.'))
            return false;
    if (s[i] != ':')
        return false;
    *n = i;
    return true;
}
