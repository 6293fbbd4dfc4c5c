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
#include "core/tmpl.h"

BL_EMBEDDED_DECLARE(bl_web_templates);

#define PAGE_MAX (2u * 1024u * 1024u)

static struct bl_tmpl **compiled; /* parallel to bl_web_templates */

static const struct bl_tmpl *find(const char *name, size_t n)
{
    for (size_t i = 0; compiled && i < bl_web_templates_count; i++) {
        const char *t = bl_web_templates[i].name;
        if (strlen(t) == n && memcmp(t, name, n) == 0)
            return compiled[i];
    }
    return NULL;
}

/* Partials: {{> name}} finds web/templates/name.html. */
static const struct bl_tmpl *lookup(void *cls, const char *name, size_t n)
{
    char file[128];
    (void)cls;
    if (n + 6 > sizeof file)
        return NULL;
    memcpy(file, name, n);
    memcpy(file + n, ".html", 6);
    return find(file, n + 5);
}

enum bl_err bl_pages_init(struct bl_errinfo *ei)
{
    compiled = bl_calloc(bl_web_templates_count + 1, sizeof *compiled);
    for (size_t i = 0; i < bl_web_templates_count; i++) {
        const struct bl_embedded_file *f = &bl_web_templates[i];
        enum bl_err e = bl_tmpl_compile((const char *)f->bytes, f->len, &compiled[i], ei);
        if (e != BL_OK) {
            char msg[sizeof ei->msg];
            memcpy(msg, ei->msg, sizeof msg);
            bl_pages_fini();
            return bl_fail(ei, e, "web/templates/%s: %.200s", f->name, msg);
        }
    }
    return BL_OK;
}

void bl_pages_fini(void)
{
    for (size_t i = 0; compiled && i < bl_web_templates_count; i++)
        bl_tmpl_free(compiled[i]);
    bl_free(compiled);
    compiled = NULL;
}

enum bl_err bl_page_render(struct bl_req *req, struct bl_resp *resp, unsigned status,
                           const char *name, const char *title, const json_t *ctx,
                           struct bl_errinfo *ei)
{
    const struct bl_tmpl *body = find(name, strlen(name)), *layout = find("layout.html", 11);
    struct bl_tmpl_env env = {.lookup = lookup};
    struct bl_buf content, page;
    if (!body || !layout)
        return bl_fail(ei, BL_ENOTFOUND, "template %s is missing", name);
    bl_buf_init(&content, PAGE_MAX);
    bl_buf_init(&page, PAGE_MAX);
    enum bl_err e = bl_tmpl_render(body, ctx, &env, &content, ei);
    if (e == BL_OK) {
        json_t *outer = json_pack("{s:s, s:s%, s:O*}", "title", title, "content",
                                  content.p ? (const char *)content.p : "", content.len, "staff",
                                  json_object_get(ctx, "staff"));
        e = bl_tmpl_render(layout, outer, &env, &page, ei);
        json_decref(outer);
    }
    if (e == BL_OK) {
        void *p =
            bl_arena_memdup(req->arena, page.p ? page.p : (const unsigned char *)"", page.len);
        bl_resp_bytes(resp, status, "text/html; charset=utf-8", p, page.len);
    }
    bl_buf_free(&content);
    bl_buf_free(&page);
    return e;
}

/* The title of an error page, in French (the interface's default language). */
static const char *title_fr(unsigned status, const char *dflt)
{
    switch (status) {
    case 400:
        return "Demande incorrecte";
    case 403:
        return "Accès refusé";
    case 404:
        return "Page introuvable";
    case 405:
        return "Action non permise ici";
    case 409:
        return "Déjà fait";
    case 410:
        return "Retiré";
    case 413:
        return "Envoi trop volumineux";
    case 415:
        return "Format non pris en charge";
    case 429:
        return "Trop de tentatives";
    case 503:
        return "Service momentanément indisponible";
    default:
        return status >= 500 ? "Erreur du serveur" : dflt;
    }
}

enum bl_err bl_page_error(struct bl_req *req, struct bl_resp *resp, unsigned status,
                          const char *code, const char *title, const char *message)
{
    struct bl_errinfo ei;
    title = title_fr(status, title);
    if (status == 414)
        message = "L’adresse demandée est trop longue. Raccourcissez la recherche ou le lien.";
    if (status == 413 && req->cfg) {
        /* The body limit is enforced before routing, in English; people get French. */
        size_t max = req->cfg->max_body;
        message = max % (1024u * 1024) == 0
                      ? bl_arena_printf(req->arena,
                                        "L’envoi dépasse la taille maximale acceptée "
                                        "(%zu Mo). Choisissez un fichier plus petit.",
                                        max / (1024u * 1024))
                      : bl_arena_printf(req->arena,
                                        "L’envoi dépasse la taille maximale acceptée "
                                        "(%zu octets). Choisissez un fichier plus "
                                        "petit.",
                                        max);
    }
    json_t *ctx = json_pack("{s:I, s:s, s:s, s:s}", "status", (json_int_t)status, "code", code,
                            "title", title, "message", message);
    enum bl_err e =
        ctx ? bl_page_render(req, resp, status, "error.html", title, ctx, &ei) : BL_EINVAL;
    json_decref(ctx);
    return e;
}
