/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * legacy.c: Open Badges 0.5 / 1.0 / 1.1 assertions read and upgraded for
 * display (docs/open-badges.md §3.3): verification pointer, recipient,
 * badge and dates.  No I/O; verify.c decides what can be verified.
 */
#include <string.h>

#include "json.h"
#include "legacy.h"
#include "obdate.h"

/* Largest Unix time accepted for a 1.x date (year 9999). */
#define LEGACY_MAX_SECONDS 253402300799LL

static void read_05(struct bl_ob__ctx *c, const json_t *doc, struct bl_legacy *out);
static void read_1x(struct bl_ob__ctx *c, const json_t *doc, enum bl_obver ver,
                    struct bl_legacy *out);
static void read_date(struct bl_ob__ctx *c, const json_t *doc, const char *key, bool required,
                      char out[BL_OBDATE_LEN]);

enum bl_err bl_legacy_read(const json_t *doc, enum bl_obver ver, struct bl_legacy *out,
                           struct bl_ob_report *r, struct bl_errinfo *ei)
{
    struct bl_ob_report local;
    struct bl_ob__ctx c;
    enum bl_err rc;
    size_t before;

    if (out == NULL || (ver != BL_OB05 && ver != BL_OB10 && ver != BL_OB11))
        return bl_fail(ei, BL_EINVAL, "bl_legacy_read: not a 0.5/1.0/1.1 assertion");
    memset(out, 0, sizeof(*out));
    bl_ob_report_init(&local);
    memset(&c, 0, sizeof(c));
    c.r = r != NULL ? r : &local;
    before = c.r->errors;
    if (!json_is_object(doc))
        bl_ob__add(&c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an object, got %s",
                   bl_json_type_name(doc));
    else if (ver == BL_OB05)
        read_05(&c, doc, out);
    else
        read_1x(&c, doc, ver, out);
    rc = bl_ob__result(c.r, before, "Open Badges 1.x assertion", ei);
    bl_ob_report_free(&local);
    return rc;
}

/* 0.5: recipient a string (email or alg$hash with a top-level salt), badge embedded. */
static void read_05(struct bl_ob__ctx *c, const json_t *doc, struct bl_legacy *out)
{
    const json_t *b;
    size_t save;

    out->recipient = bl_ob__str(c, doc, "recipient", true);
    out->salt = bl_ob__str(c, doc, "salt", false);
    out->hashed = out->recipient != NULL && strchr(out->recipient, '$') != NULL;
    read_date(c, doc, "issued_on", false, out->issued);
    read_date(c, doc, "expires", false, out->expires);
    b = bl_ob__get(c, doc, "badge", true);
    if (b == NULL)
        return;
    save = bl_ob__push(c, "badge");
    if (!json_is_object(b)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an object, got %s",
                   bl_json_type_name(b));
    } else {
        const json_t *iss = bl_ob__get(c, b, "issuer", true);

        out->badge = bl_ob__str(c, b, "name", true);
        if (iss != NULL) {
            size_t s2 = bl_ob__push(c, "issuer");

            if (json_is_object(iss))
                bl_ob__iri(c, iss, "origin", true, false);
            else
                bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an object, got %s",
                           bl_json_type_name(iss));
            bl_ob__pop(c, s2);
        }
    }
    bl_ob__pop(c, save);
}

/*
 * 1.0 / 1.1: recipient {type, identity, hashed, salt}, badge URL, verify
 * {type hosted|signed, url}, issuedOn.  A 1.1 document written with the
 * 2.0 names (id + verification {type hosted}) is hosted at its id.
 */
static void read_1x(struct bl_ob__ctx *c, const json_t *doc, enum bl_obver ver,
                    struct bl_legacy *out)
{
    const json_t *rcp, *v, *h;
    const char *t;
    size_t save;

    rcp = bl_ob__get(c, doc, "recipient", true);
    if (rcp != NULL) {
        save = bl_ob__push(c, "recipient");
        if (!json_is_object(rcp)) {
            bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an IdentityObject, got %s",
                       bl_json_type_name(rcp));
        } else {
            out->recipient = bl_ob__str(c, rcp, "identity", true);
            out->salt = bl_ob__str(c, rcp, "salt", false);
            if (json_object_get(rcp, "type") == NULL)
                bl_ob__add(c, BL_OB_WARNING, BL_OB_MISSING, "type",
                           "recipient type missing: email assumed");
            else
                bl_ob__str(c, rcp, "type", false);
            h = bl_ob__get(c, rcp, "hashed", true);
            if (h != NULL && !json_is_boolean(h))
                bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "hashed", "expected a boolean, got %s",
                           bl_json_type_name(h));
            out->hashed = json_is_true(h);
        }
        bl_ob__pop(c, save);
    }
    out->badge = bl_ob__iri(c, doc, "badge", true, false);
    read_date(c, doc, "issuedOn", true, out->issued);
    read_date(c, doc, "expires", false, out->expires);
    v = json_object_get(doc, "verify");
    if (v == NULL && ver == BL_OB11) {
        v = bl_ob__get(c, doc, "verification", true);
        t = json_is_object(v) ? bl_json_str(v, "type") : NULL;
        if (t != NULL && (strcmp(t, "hosted") == 0 || strcmp(t, "HostedBadge") == 0)) {
            out->how = BL_LEGACY_HOSTED;
            out->url = bl_ob__iri(c, doc, "id", true, false);
        } else if (v != NULL) {
            bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "verification",
                       "only hosted verification is defined without a verify member");
        }
        return;
    }
    if (v == NULL) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_MISSING, "verify",
                   "required member \"verify\" is missing");
        return;
    }
    save = bl_ob__push(c, "verify");
    if (!json_is_object(v)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an object, got %s",
                   bl_json_type_name(v));
    } else {
        /* Early bakers wrote only {"url": ...}: a hosted pointer (§3.2 step 2). */
        if (json_object_get(v, "type") == NULL)
            bl_ob__add(c, BL_OB_WARNING, BL_OB_MISSING, "type",
                       "verify type missing: hosted assumed");
        t = json_object_get(v, "type") == NULL ? "hosted" : bl_ob__str(c, v, "type", true);
        out->url = bl_ob__iri(c, v, "url", true, false);
        if (t != NULL && strcmp(t, "hosted") == 0)
            out->how = BL_LEGACY_HOSTED;
        else if (t != NULL && strcmp(t, "signed") == 0)
            out->how = BL_LEGACY_SIGNED;
        else if (t != NULL)
            bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "type", "\"%.40s\" is not hosted or signed", t);
        if (out->how == BL_LEGACY_NONE)
            out->url = NULL;
    }
    bl_ob__pop(c, save);
}

/* A 1.x date: RFC 3339 (UTC assumed without offset), YYYY-MM-DD, or Unix seconds. */
static void read_date(struct bl_ob__ctx *c, const json_t *doc, const char *key, bool required,
                      char out[BL_OBDATE_LEN])
{
    const json_t *v = bl_ob__get(c, doc, key, required);
    const char *s = json_string_value(v);
    char buf[32];
    int64_t t = 0;
    size_t n, i;
    bool ok = false;

    out[0] = '\0';
    if (v == NULL)
        return;
    if (json_is_integer(v)) {
        t = json_integer_value(v);
        ok = t >= 0 && t <= LEGACY_MAX_SECONDS;
    } else if (s != NULL) {
        n = strlen(s);
        /* Only the first 12 digits count (Unix seconds): more would overflow t. */
        for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            if (i < 12)
                t = t * 10 + (s[i] - '0');
        if (n > 0 && n <= 12 && i == n) {
            ok = t <= LEGACY_MAX_SECONDS;
        } else if (n == 10) {
            memcpy(buf, s, 10);
            memcpy(buf + 10, "T00:00:00Z", 11);
            ok = bl_obdate_parse(buf, &t, NULL, NULL) == BL_OK;
        } else {
            ok = bl_obdate_parse(s, &t, NULL, NULL) == BL_OK;
        }
    }
    if (!ok || bl_obdate_format(t, out, NULL) != BL_OK) {
        out[0] = '\0';
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, key,
                   "not a date (YYYY-MM-DD, date-time or Unix seconds)");
    }
}
