/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * i18n.c: the language of a request and the embedded catalogues (i18n.h).
 * The catalogues are parsed once at start and never written again, so
 * every thread reads them without a lock.
 */
#include "i18n.h"

#include <string.h>

#include "core/embedded.h"
#include "core/mem.h"

BL_EMBEDDED_DECLARE(bl_po_files);

static struct bl_po *catalogs[BL_LANG_COUNT]; /* [BL_LANG_FR] stays NULL */

enum bl_err bl_i18n_init(struct bl_errinfo *ei)
{
    for (size_t i = 0; i < bl_po_files_count; i++) {
        const struct bl_embedded_file *f = &bl_po_files[i];
        char code[3] = {0};
        enum bl_lang lang;
        /* po/<lang>.po; fr.po has no translations (French is the source). */
        if (strlen(f->name) != 5 || strcmp(f->name + 2, ".po") != 0)
            continue;
        memcpy(code, f->name, 2);
        if (!bl_lang_parse(code, &lang) || lang == BL_LANG_FR)
            continue;
        struct bl_po *po = NULL;
        enum bl_err e = bl_po_parse((const char *)f->bytes, f->len, &po, ei);
        if (e != BL_OK) {
            char msg[sizeof ei->msg];
            memcpy(msg, ei->msg, sizeof msg);
            bl_i18n_fini();
            return bl_fail(ei, e, "po/%s: %.200s", f->name, msg);
        }
        bl_po_free(catalogs[lang]);
        catalogs[lang] = po;
    }
    return BL_OK;
}

void bl_i18n_fini(void)
{
    for (size_t i = 0; i < BL_LANG_COUNT; i++) {
        bl_po_free(catalogs[i]);
        catalogs[i] = NULL;
    }
}

const struct bl_po *bl_i18n_catalog(enum bl_lang lang)
{
    return lang < BL_LANG_COUNT ? catalogs[lang] : NULL;
}

enum bl_lang bl_req_lang(struct bl_req *req)
{
    enum bl_lang lang;
    if (!req->conn) /* a request built in a test, without a connection */
        return BL_LANG_FR;
    if (bl_lang_parse(bl_req_query(req, "lang"), &lang))
        return lang;
    if (bl_lang_parse(bl_req_cookie(req, BL_LANG_COOKIE), &lang))
        return lang;
    return BL_LANG_FR;
}

const char *bl_tr_lang(enum bl_lang lang, const char *msgid)
{
    const char *t = msgid ? bl_po_get(bl_i18n_catalog(lang), NULL, msgid) : NULL;
    return t ? t : msgid;
}

const char *bl_tr(struct bl_req *req, const char *msgid)
{
    return bl_tr_lang(bl_req_lang(req), msgid);
}

/*
 * Keys whose string is interface text by convention (a page title, a
 * message): translated when it is any msgid, also one only the templates
 * have ("Créer un badge").  Elsewhere only msgids of the C code are, so that
 * people's data (a badge called "Image") is left alone.
 */
static bool message_key(const char *key)
{
    static const char *const keys[] = {"title", "error", "message", "msg", "flash", "done"};
    for (size_t i = 0; key && i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

/* Translate, in place, the strings of v (found under key) that are msgids. */
static void translate(const struct bl_po *po, const char *key, json_t *v)
{
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            translate(po, k, x);
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            translate(po, key, json_array_get(v, i));
    } else if (json_is_string(v)) {
        const struct bl_po_entry *e = bl_po_find(po, NULL, json_string_value(v));
        if (e && ((e->flags & BL_PO_CODE) || message_key(key)) && e->str[0] && e->str[0][0])
            json_string_set(v, e->str[0]);
    }
}

json_t *bl_i18n_ctx(enum bl_lang lang, const json_t *ctx)
{
    const struct bl_po *po = bl_i18n_catalog(lang);
    if (!po || !ctx)
        return NULL;
    json_t *copy = json_deep_copy(ctx);
    translate(po, NULL, copy);
    return copy;
}

/* A path of our own: no scheme, no host, no "//" or "/\" (both mean another site). */
static bool local_path(const char *p)
{
    return p && p[0] == '/' && p[1] != '/' && p[1] != '\\' && !strpbrk(p, "\r\n\\");
}

enum bl_err h_lang_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    enum bl_lang lang;
    const char *back = bl_req_query(req, "retour");
    if (!bl_lang_parse(bl_req_query(req, "l"), &lang))
        return bl_fail(ei, BL_EINVAL, "l must be one of the languages (fr, en)");
    enum bl_err e = lang == BL_LANG_FR ? bl_resp_set_cookie(req, resp, BL_LANG_COOKIE, "", 0)
                                       : bl_resp_set_cookie(req, resp, BL_LANG_COOKIE,
                                                            bl_lang_code(lang), BL_LANG_COOKIE_AGE);
    if (e != BL_OK)
        return bl_fail(ei, e, "language cookie");
    bl_resp_redirect(req, resp, local_path(back) ? back : "/");
    return BL_OK;
}

const char *bl_i18n_switch_href(struct bl_req *req, enum bl_lang to)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *path = req->path ? req->path : "/";
    size_t n = strlen(path), q = req->query ? strlen(req->query) : 0;
    if (q && strstr(req->query, "lang="))
        q = 0; /* the page's own ?lang= would undo the switch */
    char *enc = bl_arena_alloc(req->arena, 3 * (n + q + 1) + 1), *o = enc;
    /* The page itself, its query string included, percent-encoded as one value. */
    for (size_t i = 0; i < n + (q ? q + 1 : 0); i++) {
        unsigned char c = (unsigned char)(i < n ? path[i] : i == n ? '?' : req->query[i - n - 1]);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return bl_arena_printf(req->arena, "/langue?l=%s&retour=%s", bl_lang_code(to), enc);
}

const char *bl_req_date(struct bl_req *req, int64_t t)
{
    char out[BL_I18N_DATE_MAX];
    struct bl_errinfo ei;
    if (!t || bl_i18n_date(bl_req_lang(req), t, false, out, &ei) != BL_OK)
        return NULL;
    return bl_arena_strdup(req->arena, out);
}
