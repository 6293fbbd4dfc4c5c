/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * page.c: HTML pages from the embedded templates (page.h).  The templates
 * are compiled once at start into an immutable table, so rendering from
 * several threads needs no lock.
 */
#include "page.h"

#include <string.h>

#include "core/buf.h"
#include "core/embedded.h"
#include "core/mem.h"
#include "core/i18n_scan.h"
#include "core/tmpl.h"
#include "i18n.h"

BL_EMBEDDED_DECLARE(bl_web_templates);

#define PAGE_MAX (2u * 1024u * 1024u)

/* Per language, the templates parallel to bl_web_templates (i18n.h). */
static struct bl_tmpl **compiled[BL_LANG_COUNT];

static const struct bl_tmpl *find(enum bl_lang lang, const char *name, size_t n)
{
    for (size_t i = 0; compiled[lang] && i < bl_web_templates_count; i++) {
        const char *t = bl_web_templates[i].name;
        if (strlen(t) == n && memcmp(t, name, n) == 0)
            return compiled[lang][i];
    }
    return NULL;
}

/* Partials: {{> name}} finds web/templates/name.html, in the page's language (cls). */
static const struct bl_tmpl *lookup(void *cls, const char *name, size_t n)
{
    char file[128];
    if (n + 6 > sizeof file)
        return NULL;
    memcpy(file, name, n);
    memcpy(file + n, ".html", 6);
    return find(*(const enum bl_lang *)cls, file, n + 5);
}

/* A template unit's translation (bl_i18n_translate); untranslated units stay French. */
static const char *unit_tr(void *cls, const char *msgid)
{
    return bl_po_get(bl_i18n_catalog(*(const enum bl_lang *)cls), NULL, msgid);
}

enum bl_err bl_pages_init(struct bl_errinfo *ei)
{
    enum bl_err e = bl_i18n_init(ei);
    if (e != BL_OK)
        return e;
    /* Each template is compiled once per language, with its texts already translated. */
    for (enum bl_lang lang = 0; lang < BL_LANG_COUNT; lang++) {
        const struct bl_po *po = bl_i18n_catalog(lang);
        compiled[lang] = bl_calloc(bl_web_templates_count + 1, sizeof *compiled[lang]);
        for (size_t i = 0; i < bl_web_templates_count && e == BL_OK; i++) {
            const struct bl_embedded_file *f = &bl_web_templates[i];
            struct bl_buf src;
            bl_buf_init(&src, 2 * BL_TMPL_MAX_SIZE);
            if (po)
                e = bl_i18n_translate((const char *)f->bytes, f->len, unit_tr, &lang, &src, ei);
            if (e == BL_OK)
                e = po ? bl_tmpl_compile(src.p ? (const char *)src.p : "", src.len,
                                         &compiled[lang][i], ei)
                       : bl_tmpl_compile((const char *)f->bytes, f->len, &compiled[lang][i], ei);
            bl_buf_free(&src);
            if (e != BL_OK) {
                char msg[sizeof ei->msg];
                memcpy(msg, ei->msg, sizeof msg);
                bl_pages_fini();
                return bl_fail(ei, e, "web/templates/%s (%s): %.200s", f->name, bl_lang_code(lang),
                               msg);
            }
        }
    }
    return BL_OK;
}

void bl_pages_fini(void)
{
    for (size_t lang = 0; lang < BL_LANG_COUNT; lang++) {
        for (size_t i = 0; compiled[lang] && i < bl_web_templates_count; i++)
            bl_tmpl_free(compiled[lang][i]);
        bl_free(compiled[lang]);
        compiled[lang] = NULL;
    }
    bl_i18n_fini();
}

enum bl_err bl_page_render(struct bl_req *req, struct bl_resp *resp, unsigned status,
                           const char *name, const char *title, const json_t *ctx,
                           struct bl_errinfo *ei)
{
    enum bl_lang lang = bl_req_lang(req);
    const struct bl_tmpl *body = find(lang, name, strlen(name)),
                         *layout = find(lang, "layout.html", 11);
    struct bl_tmpl_env env = {.lookup = lookup, .cls = &lang};
    struct bl_buf content, page;
    if (!body || !layout)
        return bl_fail(ei, BL_ENOTFOUND, "template %s is missing", name);
    /* The N_() strings of the handlers, in the page's language (NULL: French, as they are). */
    json_t *local = bl_i18n_ctx(lang, ctx);
    if (local)
        ctx = local;
    title = bl_tr_lang(lang, title);
    bl_buf_init(&content, PAGE_MAX);
    bl_buf_init(&page, PAGE_MAX);
    enum bl_err e = bl_tmpl_render(body, ctx, &env, &content, ei);
    if (e == BL_OK) {
        enum bl_lang other = lang == BL_LANG_FR ? BL_LANG_EN : BL_LANG_FR;
        json_t *outer = json_pack("{s:s, s:s%, s:O*, s:s, s:b, s:s}", "title", title, "content",
                                  content.p ? (const char *)content.p : "", content.len, "staff",
                                  json_object_get(ctx, "staff"), "lang", bl_lang_code(lang), "en",
                                  lang == BL_LANG_EN, "lang_href", bl_i18n_switch_href(req, other));
        e = bl_tmpl_render(layout, outer, &env, &page, ei);
        json_decref(outer);
    }
    json_decref(local);
    if (e == BL_OK) {
        void *p =
            bl_arena_memdup(req->arena, page.p ? page.p : (const unsigned char *)"", page.len);
        bl_resp_bytes(resp, status, "text/html; charset=utf-8", p, page.len);
        e = bl_resp_header(req, resp, "Content-Language", bl_lang_code(lang));
    }
    bl_buf_free(&content);
    bl_buf_free(&page);
    return e;
}

/* The title of an error page, in French (translated by bl_page_render). */
static const char *title_fr(unsigned status, const char *dflt)
{
    switch (status) {
    case 400:
        return N_("Demande incorrecte");
    case 403:
        return N_("Accès refusé");
    case 404:
        return N_("Page introuvable");
    case 405:
        return N_("Action non permise ici");
    case 409:
        return N_("Déjà fait");
    case 410:
        return N_("Retiré");
    case 413:
        return N_("Envoi trop volumineux");
    case 414:
        return N_("Adresse trop longue");
    case 415:
        return N_("Format non pris en charge");
    case 429:
        return N_("Trop de tentatives");
    case 503:
        return N_("Service momentanément indisponible");
    default:
        return status >= 500 ? N_("Erreur du serveur") : dflt;
    }
}

enum bl_err bl_page_error(struct bl_req *req, struct bl_resp *resp, unsigned status,
                          const char *code, const char *title, const char *message)
{
    struct bl_errinfo ei;
    title = title_fr(status, title);
    if (status == 414)
        message = N_("L’adresse demandée est trop longue. Raccourcissez la recherche ou le lien.");
    if (status == 413 && req->cfg) {
        /* The body limit is enforced before routing, in English; people get French. */
        size_t max = req->cfg->max_body;
        message = max % (1024u * 1024) == 0
                      ? bl_arena_printf(req->arena,
                                        bl_tr(req, N_("L’envoi dépasse la taille maximale "
                                                      "acceptée (%zu Mo). Choisissez un "
                                                      "fichier plus petit.")),
                                        max / (1024u * 1024))
                      : bl_arena_printf(req->arena,
                                        bl_tr(req, N_("L’envoi dépasse la taille maximale "
                                                      "acceptée (%zu octets). Choisissez un "
                                                      "fichier plus petit.")),
                                        max);
    }
    json_t *ctx = json_pack("{s:I, s:s, s:s, s:s}", "status", (json_int_t)status, "code", code,
                            "title", title, "message", message);
    enum bl_err e =
        ctx ? bl_page_render(req, resp, status, "error.html", title, ctx, &ei) : BL_EINVAL;
    json_decref(ctx);
    return e;
}
