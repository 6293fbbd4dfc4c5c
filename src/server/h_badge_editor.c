/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_badge_editor.c: the badge class pages of the issuer space.
 *
 *   GET  /espace/{slug}/badges                  list: ?q= name, ?archives=1, ?page=N
 *   GET  /espace/{slug}/badges/nouveau          empty form (issuer role and up)
 *   POST /espace/{slug}/badges/nouveau          create, then to the detail page
 *   GET  /espace/{slug}/badges/{uid}            detail: preview, public URL, awards count
 *   GET  /espace/{slug}/badges/{uid}/modifier   form with the current values
 *   POST /espace/{slug}/badges/{uid}/modifier   update, then to the detail page
 *   GET  /espace/{slug}/badges/apercu.svg       drawing of ?shape=&colour=&picto=&text= (members)
 *   GET  /badges/{uid}/image.svg                the drawing of a generated image (public)
 *
 * The form is multipart/form-data (it may carry an image file); a form
 * without file (application/x-www-form-urlencoded) is read the same way.
 * The use cases of app/badge.h check everything and name the field in
 * their messages; this file turns those into French next to the field.
 */
#include <string.h>

#include "app/badge.h"
#include "app/docs.h"
#include "app/public.h"
#include "app/framework.h"
#include "app/util.h"
#include "core/badgeart.h"
#include "core/json.h"
#include "core/multipart.h"
#include "core/utf8.h"
#include "h_badge_editor.h"
#include "page.h"
#include "staff.h"
#include "i18n.h"

/* Badge classes per page of the list. */
#define LIST_PAGE 20u
/* Highest page number accepted in ?page=. */
#define LIST_PAGES_MAX 10000u
/* Alignment rows of the form. */
#define ALIGN_ROWS 10u
/* Empty alignment rows offered below the filled ones. */
#define ALIGN_SPARE 3u

/* The submitted form: multipart parts or urlencoded fields. */
struct form_src {
    struct bl_req *req;
    struct bl_multipart m;
    bool multipart;
    bool bad; /* a text field was not UTF-8 or held a NUL */
};

/* A field's French error, keyed by the id of the element it is shown next to. */
struct field_err {
    const char *id;
    const char *msg;
};

struct form_errs {
    struct field_err e[ALIGN_ROWS + 16];
    size_t n;
};

static const char *fv(struct form_src *s, const char *name);
static void add_err(struct form_errs *fe, const char *id, const char *msg);
static enum bl_err read_form(struct bl_req *req, struct form_src *s, struct bl_errinfo *ei);
static void build_input(struct bl_req *req, struct form_src *s, struct bl_app_badge_input *in,
                        bool editing, struct form_errs *fe);
static void app_error(enum bl_err e, const char *msg, struct form_errs *fe);
static json_t *form_ctx_from_post(struct bl_req *req, struct form_src *s, bool editing);
static json_t *form_ctx_from_badge(struct bl_req *req, const struct bl_badgeclass *b);
static enum bl_err render_form(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                               unsigned status, json_t *ctx, const char *uid,
                               const struct form_errs *fe, struct bl_errinfo *ei);
static enum bl_err load_badge(struct bl_req *req, const struct bl_staff *st,
                              struct bl_badgeclass *b, struct bl_errinfo *ei);
static bool can_issue(const struct bl_staff *st);
static const char *validity_fr(struct bl_req *req, const char *v);

/* ---- list ---- */

/* s percent-encoded for a query string (unreserved characters kept). */
static const char *pct(struct bl_arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s), j = 0;
    char *o = bl_arena_alloc(a, 3 * n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            o[j++] = (char)c;
        } else {
            o[j++] = '%';
            o[j++] = hex[c >> 4];
            o[j++] = hex[c & 15];
        }
    }
    o[j] = '\0';
    return o;
}

enum bl_err h_badges_list_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *q = bl_req_query(req, "q"), *arch = bl_req_query(req, "archives");
    const char *pg = bl_req_query(req, "page");
    bool archives = arch && strcmp(arch, "1") == 0;
    size_t page = 1;
    if (pg && *pg) {
        size_t v = 0;
        const char *p = pg;
        for (; *p >= '0' && *p <= '9' && v <= LIST_PAGES_MAX; p++)
            v = v * 10 + (size_t)(*p - '0');
        if (!*p && v >= 1 && v <= LIST_PAGES_MAX)
            page = v;
    }
    struct bl_errinfo qei;
    const char *q_error = NULL;
    if (q && bl_app_check_text("q", q, false, BL_APP_NAME_MAX, &qei) != BL_OK) {
        q = NULL; /* shown unfiltered, with a word next to the field */
        q_error = BL_PAGE_SEARCH_REFUSED;
    }
    struct bl_badgeclass *rows = NULL;
    size_t n = 0;
    /* One more than a page says whether there is a next one. */
    e = bl_app_badge_search(req->app, &st.auth.actor, st.current->org_id, q, archives,
                            (page - 1) * LIST_PAGE, LIST_PAGE + 1, req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    const char *slug = st.current->org_slug;
    const char *base = ((struct bl_app *)req->app)->base_url;
    json_t *items = json_array();
    for (size_t i = 0; i < n && i < LIST_PAGE; i++)
        json_array_append_new(
            items,
            json_pack("{s:s, s:s, s:s, s:b}", "name", rows[i].name, "href",
                      bl_arena_printf(req->arena, "/espace/%s/badges/%s", slug, rows[i].uid),
                      "image", bl_arena_printf(req->arena, "%s/badges/%s/image", base, rows[i].uid),
                      "archived", rows[i].archived != 0));
    /* Paging links keep the search: its text percent-encoded here, then HTML-escaped. */
    const char *keep = bl_arena_printf(req->arena, "q=%s%s", pct(req->arena, q ? q : ""),
                                       archives ? "&archives=1" : "");
    json_t *ctx =
        json_pack("{s:o, s:b, s:s, s:b, s:b, s:I, s:I, s:I, s:b, s:b, s:s}", "badges", items,
                  "empty", n == 0, "q", q ? q : "", "archives", archives, "can_create",
                  can_issue(&st), "page", (json_int_t)page, "prev", (json_int_t)(page - 1), "next",
                  (json_int_t)(page + 1), "has_prev", page > 1, "has_next", n > LIST_PAGE, "new",
                  bl_arena_printf(req->arena, "/espace/%s/badges/nouveau", slug));
    json_object_set_new(ctx, "action",
                        json_string(bl_arena_printf(req->arena, "/espace/%s/badges", slug)));
    json_object_set_new(ctx, "keep", json_string(keep));
    if (q_error)
        json_object_set_new(ctx, "q_error", json_string(q_error));
    return bl_staff_page(req, resp, &st, 200, "badges.html", "Badges", ctx, "badges", ei);
}

/* ---- create ---- */

enum bl_err h_badge_new_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (!can_issue(&st))
        return bl_fail(ei, BL_EDENIED, "creating a badge needs the issuer role");
    json_t *ctx = form_ctx_from_badge(req, NULL);
    return render_form(req, resp, &st, 200, ctx, NULL, NULL, ei);
}

enum bl_err h_badge_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct form_src s;
    struct form_errs fe = {0};
    struct bl_app_badge_input in;
    enum bl_err e;
    char uid[23];
    int64_t id;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (!can_issue(&st))
        return bl_fail(ei, BL_EDENIED, "creating a badge needs the issuer role");
    if ((e = read_form(req, &s, ei)) != BL_OK)
        return e;
    build_input(req, &s, &in, false, &fe);
    if (fe.n == 0) {
        struct bl_errinfo aei = {0};
        e = bl_app_badge_create(req->app, &st.auth.actor, st.current->org_id, &in, uid, &id, &aei);
        if (e == BL_OK) {
            bl_resp_redirect(
                req, resp,
                bl_arena_printf(req->arena, "/espace/%s/badges/%s", st.current->org_slug, uid));
            return BL_OK;
        }
        if (e == BL_EDENIED || e == BL_ENOTFOUND || e == BL_EDB || e == BL_ERETRY)
            return bl_fail(ei, e, "%s", aei.msg);
        app_error(e, aei.msg, &fe);
    }
    return render_form(req, resp, &st, 422, form_ctx_from_post(req, &s, false), NULL, &fe, ei);
}

/* ---- edit ---- */

enum bl_err h_badge_edit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_badgeclass b;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = load_badge(req, &st, &b, ei)) != BL_OK)
        return e;
    if (!can_issue(&st))
        return bl_fail(ei, BL_EDENIED, "changing a badge needs the issuer role");
    return render_form(req, resp, &st, 200, form_ctx_from_badge(req, &b), b.uid, NULL, ei);
}

enum bl_err h_badge_edit_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_badgeclass b;
    struct form_src s;
    struct form_errs fe = {0};
    struct bl_app_badge_input in;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = load_badge(req, &st, &b, ei)) != BL_OK)
        return e;
    if (!can_issue(&st))
        return bl_fail(ei, BL_EDENIED, "changing a badge needs the issuer role");
    if ((e = read_form(req, &s, ei)) != BL_OK)
        return e;
    build_input(req, &s, &in, true, &fe);
    if (fe.n == 0) {
        struct bl_errinfo aei = {0};
        e = bl_app_badge_update(req->app, &st.auth.actor, b.uid, &in, &aei);
        if (e == BL_OK) {
            bl_resp_redirect(
                req, resp,
                bl_arena_printf(req->arena, "/espace/%s/badges/%s", st.current->org_slug, b.uid));
            return BL_OK;
        }
        if (e == BL_EDENIED || e == BL_ENOTFOUND || e == BL_EDB || e == BL_ERETRY)
            return bl_fail(ei, e, "%s", aei.msg);
        app_error(e, aei.msg, &fe);
    }
    json_t *ctx = form_ctx_from_post(req, &s, true);
    json_object_set_new(ctx, "current_image",
                        json_string(bl_arena_printf(req->arena, "%s/badges/%s/image",
                                                    ((struct bl_app *)req->app)->base_url, b.uid)));
    return render_form(req, resp, &st, 422, ctx, b.uid, &fe, ei);
}

/* ---- detail ---- */

enum bl_err h_badge_detail_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_badgeclass b;
    int64_t count = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = load_badge(req, &st, &b, ei)) != BL_OK)
        return e;
    if ((e = bl_app_badge_award_count(req->app, &st.auth.actor, &b, &count, ei)) != BL_OK)
        return e;
    struct bl_app *app = req->app;
    const char *slug = st.current->org_slug;
    json_t *al = json_loads(b.alignments_json ? b.alignments_json : "[]", 0, NULL);
    json_t *tags = json_loads(b.tags_json ? b.tags_json : "[]", 0, NULL);
    json_t *badge =
        json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s, s:o*, s:o*, s:b, s:b, s:b}", "name", b.name,
                  "description", b.description, "description_simple", b.description_simple,
                  "criteria", b.criteria_narrative, "criteria_url", b.criteria_url, "image",
                  bl_arena_printf(req->arena, "%s/badges/%s/image", app->base_url, b.uid),
                  "alignments", al, "tags", tags, "evidence_required", b.evidence_required != 0,
                  "archived", b.archived != 0, "generated", b.art_json != NULL);
    json_t *ctx = json_pack(
        "{s:o, s:s, s:s, s:s, s:I, s:b, s:b, s:s, s:s, s:s, s:b, s:b}", "badge", badge, "issuer",
        st.current->org_name, "public_url", bl_app_badge_url(req->arena, app, b.uid), "validity",
        validity_fr(req, b.validity), "awards", (json_int_t)count, "awards_plural", count > 1,
        "can_issue", can_issue(&st), "award_href",
        bl_arena_printf(req->arena, "/espace/%s/badges/%s/attribuer", slug, b.uid), "edit_href",
        bl_arena_printf(req->arena, "/espace/%s/badges/%s/modifier", slug, b.uid), "list_href",
        bl_arena_printf(req->arena, "/espace/%s/badges", slug), "has_alignments",
        json_array_size(al) > 0, "has_tags", json_array_size(tags) > 0);
    json_object_set_new(ctx, "endorse_href",
                        json_string(bl_arena_printf(
                            req->arena, "/espace/%s/badges/%s/reconnaissances", slug, b.uid)));
    if (b.art_json)
        json_object_set_new(ctx, "svg_url",
                            json_string(bl_arena_printf(req->arena, "%s/badges/%s/image.svg",
                                                        app->base_url, b.uid)));
    return bl_staff_page(req, resp, &st, 200, "badge-detail.html", b.name, ctx, "badges", ei);
}

/* ---- public SVG of a generated image ---- */

enum bl_err h_badge_image_svg_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_view v;
    struct bl_badgeart art;
    struct bl_buf svg;
    enum bl_err e =
        bl_app_view(req->app, BL_VIEW_BADGE, bl_req_param(req, "uid"), req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    if (!v.badge.art_json)
        return bl_fail(ei, BL_ENOTFOUND, "this badge's image was uploaded: see /badges/%s/image",
                       v.badge.uid);
    if ((e = bl_badgeart_parse(v.badge.art_json, strlen(v.badge.art_json), &art, ei)) != BL_OK)
        return e;
    bl_buf_init(&svg, BL_BADGEART_SVG_MAX);
    e = bl_badgeart_svg(&art, &svg, ei);
    if (e == BL_OK) {
        char *body = bl_arena_strndup(req->arena, (const char *)svg.p, svg.len);
        bl_resp_bytes(resp, 200, "image/svg+xml", body, svg.len);
        bl_resp_cache(resp, "public, max-age=60");
    }
    bl_buf_free(&svg);
    return e;
}

/* ---- preview of a generated image while the form is filled in (badge-editor.js) ---- */

enum bl_err h_badge_art_preview_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_badgeart art;
    struct bl_buf svg;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = bl_badgeart_from_fields(bl_req_query(req, "shape"), bl_req_query(req, "colour"),
                                     bl_req_query(req, "picto"), bl_req_query(req, "text"), &art,
                                     ei)) != BL_OK)
        return e;
    bl_buf_init(&svg, BL_BADGEART_SVG_MAX);
    e = bl_badgeart_svg(&art, &svg, ei);
    if (e == BL_OK) {
        char *body = bl_arena_strndup(req->arena, (const char *)svg.p, svg.len);
        bl_resp_bytes(resp, 200, "image/svg+xml", body, svg.len);
        bl_resp_cache(resp, "private, max-age=3600");
    }
    bl_buf_free(&svg);
    return e;
}

/* ---- the form ---- */

static enum bl_err read_form(struct bl_req *req, struct form_src *s, struct bl_errinfo *ei)
{
    const char *boundary;
    memset(s, 0, sizeof *s);
    s->req = req;
    enum bl_err e =
        bl_multipart_boundary(bl_req_header(req, "Content-Type"), req->arena, &boundary, NULL);
    if (e == BL_OK) {
        if (bl_multipart_parse(req->body, req->body_len, boundary, req->arena, &s->m, NULL) !=
            BL_OK)
            return bl_fail(ei, BL_EINVAL,
                           N_("Le formulaire reçu est mal formé. Réessayez l’envoi."));
        s->multipart = true;
        return BL_OK;
    }
    if (bl_req_form_status(req) != BL_OK && bl_req_form_status(req) != BL_EUNSUPPORTED)
        return bl_fail(ei, BL_EINVAL, N_("Le formulaire reçu est mal formé. Réessayez l’envoi."));
    return BL_OK;
}

/* Field name as text (arena), NULL when absent; non-UTF-8 or NUL marks the form bad. */
static const char *fv(struct form_src *s, const char *name)
{
    if (!s->multipart)
        return bl_req_form(s->req, name);
    const struct bl_multipart_part *p = bl_multipart_get(&s->m, name);
    if (!p || p->filename)
        return NULL;
    if (bl_utf8_check(p->data, p->len) != p->len || memchr(p->data, 0, p->len)) {
        s->bad = true;
        return NULL;
    }
    return bl_arena_strndup(s->req->arena, (const char *)p->data, p->len);
}

static const char *fv0(struct form_src *s, const char *name)
{
    const char *v = fv(s, name);
    return v ? v : "";
}

static void add_err(struct form_errs *fe, const char *id, const char *msg)
{
    for (size_t i = 0; i < fe->n; i++)
        if (strcmp(fe->e[i].id, id) == 0)
            return; /* the first message of a field is the one shown */
    if (fe->n < sizeof fe->e / sizeof fe->e[0])
        fe->e[fe->n++] = (struct field_err){id, msg};
}

/* s without the blanks at both ends, in the arena. */
static const char *trim(struct bl_arena *a, const char *s)
{
    if (!s)
        return "";
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return bl_arena_strndup(a, s, n);
}

/*
 * The use case input from the form; what only the form knows (alignment
 * rows, tags, the validity choice, the image choice) is checked here, in
 * French, the rest by the use case.
 */
static void build_input(struct bl_req *req, struct form_src *s, struct bl_app_badge_input *in,
                        bool editing, struct form_errs *fe)
{
    struct bl_arena *a = req->arena;
    memset(in, 0, sizeof *in);
    in->name = trim(a, fv(s, "name"));
    in->description = trim(a, fv(s, "description"));
    in->description_simple = trim(a, fv(s, "description_simple"));
    in->criteria_narrative = trim(a, fv(s, "criteria"));
    in->criteria_url = trim(a, fv(s, "criteria_url"));
    in->evidence_required = strcmp(fv0(s, "evidence_required"), "1") == 0;
    in->archived = editing && strcmp(fv0(s, "archived"), "1") == 0;

    /* Alignments: rows with something in them need a name and an https:// address. */
    json_t *al = json_array();
    for (unsigned i = 1; i <= ALIGN_ROWS; i++) {
        const char *fw = trim(a, fv(s, bl_arena_printf(a, "align_framework_%u", i)));
        const char *code = trim(a, fv(s, bl_arena_printf(a, "align_code_%u", i)));
        const char *nm = trim(a, fv(s, bl_arena_printf(a, "align_name_%u", i)));
        const char *url = trim(a, fv(s, bl_arena_printf(a, "align_url_%u", i)));
        /* Filled by the framework picker (hidden): kept so a re-save does not lose them. */
        const char *desc = trim(a, fv(s, bl_arena_printf(a, "align_description_%u", i)));
        const char *ttype = trim(a, fv(s, bl_arena_printf(a, "align_type_%u", i)));
        if (!*fw && !*code && !*nm && !*url)
            continue;
        if (!*nm || !*url || bl_app_check_url("url", url, true, NULL) != BL_OK) {
            add_err(
                fe, bl_arena_printf(a, "align_%u", i),
                bl_arena_printf(a,
                                bl_tr(req, N_("Compétence %u : indiquez son nom et une adresse qui "
                                              "commence par https://.")),
                                i));
            continue;
        }
        json_t *o = json_pack("{s:s, s:s}", "targetName", nm, "targetUrl", url);
        if (*fw)
            json_object_set_new(o, "targetFramework", json_string(fw));
        if (*code)
            json_object_set_new(o, "targetCode", json_string(code));
        if (*desc && strlen(desc) <= 4000)
            json_object_set_new(o, "targetDescription", json_string(desc));
        if (bl_app_target_type_ok(ttype))
            json_object_set_new(o, "targetType", json_string(ttype));
        json_array_append_new(al, o);
    }
    {
        struct bl_buf b;
        struct bl_errinfo jei = {0};
        bl_buf_init(&b, 65536);
        if (bl_json_dump(al, JSON_COMPACT, &b, &jei) == BL_OK)
            in->alignments_json = bl_arena_strndup(a, (const char *)b.p, b.len);
        else
            add_err(fe, "alignments", N_("Les compétences sont trop longues."));
        bl_buf_free(&b);
    }
    json_decref(al);

    /* Tags: comma-separated, blanks dropped. */
    json_t *tags = json_array();
    const char *t = fv0(s, "tags");
    while (*t) {
        const char *c = strchr(t, ',');
        size_t n = c ? (size_t)(c - t) : strlen(t);
        const char *one = trim(a, bl_arena_strndup(a, t, n));
        if (*one) {
            if (strlen(one) > 100 || json_array_size(tags) >= 50)
                add_err(fe, "tags",
                        N_("Les mots-clés : 50 au plus, de 100 caractères au plus chacun."));
            else
                json_array_append_new(tags, json_string(one));
        }
        t += n + (c ? 1 : 0);
    }
    {
        struct bl_buf b;
        struct bl_errinfo jei = {0};
        bl_buf_init(&b, 65536);
        if (bl_json_dump(tags, JSON_COMPACT, &b, &jei) == BL_OK)
            in->tags_json = bl_arena_strndup(a, (const char *)b.p, b.len);
        bl_buf_free(&b);
    }
    json_decref(tags);

    /* Validity. */
    const char *vk = fv0(s, "validity");
    if (strcmp(vk, "until") == 0)
        in->validity = bl_arena_printf(a, "until:%s", trim(a, fv(s, "validity_until")));
    else if (strcmp(vk, "months") == 0)
        in->validity = bl_arena_printf(a, "months:%s", trim(a, fv(s, "validity_months")));
    else
        in->validity = "none";

    /* Image: an upload, a generated drawing, or (editing) the current one. */
    const char *mode = fv0(s, "image_mode");
    if (strcmp(mode, "generate") == 0) {
        json_t *art = json_pack("{s:s, s:s, s:s, s:s}", "shape", fv0(s, "art_shape"), "colour",
                                fv0(s, "art_colour"), "picto", fv0(s, "art_picto"), "text",
                                trim(a, fv(s, "art_text")));
        struct bl_buf b;
        struct bl_errinfo jei = {0};
        bl_buf_init(&b, BL_BADGEART_JSON_MAX * 2);
        if (art && bl_json_dump(art, JSON_COMPACT, &b, &jei) == BL_OK)
            in->art_json = bl_arena_strndup(a, (const char *)b.p, b.len);
        else
            add_err(fe, "art_text", N_("Le texte de l’image doit faire 12 caractères au plus."));
        bl_buf_free(&b);
        json_decref(art);
    } else if (strcmp(mode, "upload") == 0 || !editing) {
        const struct bl_multipart_part *f = s->multipart ? bl_multipart_get(&s->m, "image") : NULL;
        if (!f || f->len == 0)
            add_err(fe, "image",
                    N_("Choisissez un fichier image (PNG ou SVG), ou créez une image ci-dessous."));
        else {
            in->image = f->data;
            in->image_len = f->len;
        }
    }
    if (s->bad)
        add_err(fe, "name",
                N_("Le formulaire contient des caractères illisibles (UTF-8 attendu)."));
}

/* The use case's message ("field: detail") as a French message next to the field. */
static void app_error(enum bl_err e, const char *msg, struct form_errs *fe)
{
    size_t k = strcspn(msg, ":");
    char field[32];
    if (k >= sizeof field)
        k = 0;
    memcpy(field, msg, k);
    field[k] = '\0';
    bool required = strstr(msg, "required") != NULL;
    if (strcmp(field, "name") == 0)
        add_err(fe, "name",
                required
                    ? N_("Donnez un nom au badge.")
                    : N_("Le nom doit faire 200 caractères au plus, sans caractère invisible."));
    else if (strcmp(field, "description") == 0)
        add_err(fe, "description",
                required ? N_("Décrivez ce que le badge reconnaît.")
                         : N_("La description doit faire 8000 caractères au plus."));
    else if (strcmp(field, "description_simple") == 0)
        add_err(fe, "description_simple",
                N_("La version facile à lire doit faire 8000 caractères au plus."));
    else if (strcmp(field, "criteria") == 0)
        add_err(fe, "criteria",
                strstr(msg, "earned")
                    ? N_("Dites comment le badge s’obtient : un texte, une adresse, ou les deux.")
                    : N_("Les critères doivent faire 8000 caractères au plus."));
    else if (strcmp(field, "criteria_url") == 0)
        add_err(
            fe, "criteria_url",
            N_("L’adresse des critères doit commencer par https:// et ne pas contenir d’espace."));
    else if (strcmp(field, "alignments") == 0)
        add_err(
            fe, "alignments",
            N_("Chaque compétence doit avoir un nom et une adresse qui commence par https://."));
    else if (strcmp(field, "tags") == 0)
        add_err(fe, "tags", N_("Les mots-clés : 50 au plus, de 100 caractères au plus chacun."));
    else if (strcmp(field, "validity") == 0)
        add_err(
            fe, "validity",
            N_("Indiquez une date au format AAAA-MM-JJ, ou un nombre de mois entre 1 et 1200."));
    else if (strcmp(field, "shape") == 0 || strcmp(field, "colour") == 0 ||
             strcmp(field, "picto") == 0)
        add_err(fe, "art",
                N_("Choisissez une forme, une couleur et un pictogramme dans les listes."));
    else if (strcmp(field, "text") == 0)
        add_err(fe, "art_text",
                N_("Le texte de l’image doit faire 12 caractères au plus, sur une seule ligne."));
    else if (e == BL_ESVG_UNSAFE)
        add_err(fe, "image",
                N_("Cette image SVG contient du code actif (script, attribut « on… », lien "
                   "« javascript: » ou contenu externe) : elle est refusée. Enregistrez-la sans "
                   "script ou envoyez un PNG."));
    else if (e == BL_ETOOBIG && strcmp(field, "image") == 0)
        add_err(fe, "image", N_("L’image est trop lourde : 512 Kio au plus."));
    else if (strcmp(field, "image") == 0)
        add_err(fe, "image",
                required ? N_("Choisissez une image PNG ou SVG, ou créez-en une.")
                         : N_("Le fichier doit être une image PNG ou SVG valide."));
    else
        add_err(fe, "name", N_("Le badge n’a pas pu être enregistré : vérifiez les champs."));
}

static json_t *choices(enum bl_badgeart_kind k, const char *selected)
{
    size_t n;
    const struct bl_badgeart_choice *c = bl_badgeart_choices(k, &n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "id", c[i].id, "label", c[i].label,
                                           "selected", selected && strcmp(selected, c[i].id) == 0));
    return a;
}

/* The common part of the form context: fields f, image choices, validity choice. */
static json_t *form_ctx(const char *validity_kind, const char *shape, const char *colour,
                        const char *picto, const char *mode)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "shapes", choices(BL_BADGEART_SHAPE, shape ? shape : "cercle"));
    json_object_set_new(ctx, "colours", choices(BL_BADGEART_COLOUR, colour ? colour : "bleu"));
    json_object_set_new(ctx, "pictos", choices(BL_BADGEART_PICTO, picto ? picto : "etoile"));
    json_object_set_new(ctx, "v_none", json_boolean(strcmp(validity_kind, "none") == 0));
    json_object_set_new(ctx, "v_until", json_boolean(strcmp(validity_kind, "until") == 0));
    json_object_set_new(ctx, "v_months", json_boolean(strcmp(validity_kind, "months") == 0));
    json_object_set_new(ctx, "m_upload", json_boolean(strcmp(mode, "upload") == 0));
    json_object_set_new(ctx, "m_generate", json_boolean(strcmp(mode, "generate") == 0));
    json_object_set_new(ctx, "m_keep", json_boolean(strcmp(mode, "keep") == 0));
    return ctx;
}

static const char *str_or_empty(const json_t *o, const char *key)
{
    const char *v = o ? bl_json_str(o, key) : NULL;
    return v ? v : "";
}

static json_t *rows_json(struct bl_req *req, json_t *filled)
{
    json_t *rows = json_array();
    size_t n = json_array_size(filled);
    for (size_t i = 0; i < ALIGN_ROWS && i < n + ALIGN_SPARE; i++) {
        json_t *o = json_array_get(filled, i);
        json_array_append_new(
            rows,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "n", (json_int_t)(i + 1),
                      "framework", str_or_empty(o, "targetFramework"), "code",
                      str_or_empty(o, "targetCode"), "name", str_or_empty(o, "targetName"), "url",
                      str_or_empty(o, "targetUrl"), "id",
                      bl_arena_printf(req->arena, "align_%zu", i + 1), "description",
                      str_or_empty(o, "targetDescription"), "type", str_or_empty(o, "targetType")));
    }
    return rows;
}

static json_t *form_ctx_from_badge(struct bl_req *req, const struct bl_badgeclass *b)
{
    struct bl_badgeart art;
    const char *vk = "none", *until = "", *months = "";
    const char *shape = NULL, *colour = NULL, *picto = NULL, *text = "";
    if (b && b->validity && strncmp(b->validity, "until:", 6) == 0) {
        vk = "until";
        until = b->validity + 6;
    } else if (b && b->validity && strncmp(b->validity, "months:", 7) == 0) {
        vk = "months";
        months = b->validity + 7;
    }
    if (b && b->art_json &&
        bl_badgeart_parse(b->art_json, strlen(b->art_json), &art, NULL) == BL_OK) {
        size_t n;
        shape = bl_badgeart_choices(BL_BADGEART_SHAPE, &n)[art.shape].id;
        colour = bl_badgeart_choices(BL_BADGEART_COLOUR, &n)[art.colour].id;
        picto = bl_badgeart_choices(BL_BADGEART_PICTO, &n)[art.picto].id;
        text = bl_arena_strdup(req->arena, art.text);
    }
    json_t *ctx = form_ctx(vk, shape, colour, picto, b ? "keep" : "generate");
    json_t *al = json_loads(b && b->alignments_json ? b->alignments_json : "[]", 0, NULL);
    json_t *tags = json_loads(b && b->tags_json ? b->tags_json : "[]", 0, NULL);
    /* Tags back to the comma-separated text of the form. */
    struct bl_buf tb;
    bl_buf_init(&tb, 65536);
    for (size_t i = 0; i < json_array_size(tags); i++)
        if (json_is_string(json_array_get(tags, i)) &&
            (bl_buf_puts(&tb, i ? ", " : "") != BL_OK ||
             bl_buf_puts(&tb, json_string_value(json_array_get(tags, i))) != BL_OK))
            break;
    json_object_set_new(
        ctx, "f",
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "name",
                  b ? b->name : "", "description", b ? b->description : "", "description_simple",
                  b && b->description_simple ? b->description_simple : "", "criteria",
                  b && b->criteria_narrative ? b->criteria_narrative : "", "criteria_url",
                  b && b->criteria_url ? b->criteria_url : "", "tags",
                  tb.p ? (const char *)tb.p : "", "validity_until", until, "validity_months",
                  months, "art_text", text, "evidence_required", b && b->evidence_required,
                  "archived", b && b->archived));
    json_object_set_new(ctx, "rows", rows_json(req, json_is_array(al) ? al : NULL));
    if (b)
        json_object_set_new(
            ctx, "current_image",
            json_string(bl_arena_printf(req->arena, "%s/badges/%s/image",
                                        ((struct bl_app *)req->app)->base_url, b->uid)));
    bl_buf_free(&tb);
    json_decref(al);
    json_decref(tags);
    return ctx;
}

static json_t *form_ctx_from_post(struct bl_req *req, struct form_src *s, bool editing)
{
    struct bl_arena *a = req->arena;
    const char *mode = fv0(s, "image_mode");
    if (strcmp(mode, "generate") != 0 && strcmp(mode, "upload") != 0)
        mode = editing ? "keep" : "upload";
    const char *vk = fv0(s, "validity");
    if (strcmp(vk, "until") != 0 && strcmp(vk, "months") != 0)
        vk = "none";
    json_t *ctx = form_ctx(vk, fv(s, "art_shape"), fv(s, "art_colour"), fv(s, "art_picto"), mode);
    json_object_set_new(
        ctx, "f",
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "name", fv0(s, "name"),
                  "description", fv0(s, "description"), "description_simple",
                  fv0(s, "description_simple"), "criteria", fv0(s, "criteria"), "criteria_url",
                  fv0(s, "criteria_url"), "tags", fv0(s, "tags"), "validity_until",
                  fv0(s, "validity_until"), "validity_months", fv0(s, "validity_months"),
                  "art_text", fv0(s, "art_text"), "evidence_required",
                  strcmp(fv0(s, "evidence_required"), "1") == 0, "archived",
                  strcmp(fv0(s, "archived"), "1") == 0));
    json_t *filled = json_array();
    size_t last = 0;
    for (unsigned i = 1; i <= ALIGN_ROWS; i++) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "targetFramework",
                              fv0(s, bl_arena_printf(a, "align_framework_%u", i)), "targetCode",
                              fv0(s, bl_arena_printf(a, "align_code_%u", i)), "targetName",
                              fv0(s, bl_arena_printf(a, "align_name_%u", i)), "targetUrl",
                              fv0(s, bl_arena_printf(a, "align_url_%u", i)));
        json_object_set_new(o, "targetDescription",
                            json_string(fv0(s, bl_arena_printf(a, "align_description_%u", i))));
        json_object_set_new(o, "targetType",
                            json_string(fv0(s, bl_arena_printf(a, "align_type_%u", i))));
        const char *k;
        json_t *v;
        json_object_foreach(o, k, v)
        {
            if (*json_string_value(v))
                last = i;
        }
        json_array_append_new(filled, o);
    }
    /* Keep the rows up to the last one filled in, at their positions. */
    while (json_array_size(filled) > last)
        json_array_remove(filled, json_array_size(filled) - 1);
    json_object_set_new(ctx, "rows", rows_json(req, filled));
    json_decref(filled);
    return ctx;
}

static enum bl_err render_form(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                               unsigned status, json_t *ctx, const char *uid,
                               const struct form_errs *fe, struct bl_errinfo *ei)
{
    const char *slug = st->current->org_slug;
    json_t *errs = json_array(), *err = json_object();
    for (size_t i = 0; fe && i < fe->n; i++) {
        json_array_append_new(errs,
                              json_pack("{s:s, s:s}", "id", fe->e[i].id, "msg", fe->e[i].msg));
        json_object_set_new(err, fe->e[i].id, json_string(fe->e[i].msg));
    }
    /* Each alignment row finds its own error. */
    json_t *rows = json_object_get(ctx, "rows");
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *r = json_array_get(rows, i);
        json_t *m = json_object_get(err, bl_json_str(r, "id"));
        if (m)
            json_object_set(r, "error", m);
    }
    json_object_set_new(ctx, "errors", errs);
    json_object_set_new(ctx, "has_errors", json_boolean(fe && fe->n > 0));
    json_object_set_new(ctx, "err", err);
    json_object_set_new(ctx, "editing", json_boolean(uid != NULL));
    json_object_set_new(
        ctx, "action",
        json_string(uid ? bl_arena_printf(req->arena, "/espace/%s/badges/%s/modifier", slug, uid)
                        : bl_arena_printf(req->arena, "/espace/%s/badges/nouveau", slug)));
    json_object_set_new(
        ctx, "cancel",
        json_string(uid ? bl_arena_printf(req->arena, "/espace/%s/badges/%s", slug, uid)
                        : bl_arena_printf(req->arena, "/espace/%s/badges", slug)));
    json_object_set_new(
        ctx, "preview",
        json_string(bl_arena_printf(req->arena, "/espace/%s/badges/apercu.svg", slug)));
    const char *title = uid ? "Modifier le badge" : N_("Créer un badge");
    json_object_set_new(ctx, "title", json_string(title));
    /* The competency picker (h_framework.c, web/static/picker.js). */
    json_object_set_new(
        ctx, "picker",
        json_string(uid ? bl_arena_printf(req->arena, "/espace/%s/referentiels/recherche?badge=%s",
                                          slug, uid)
                        : bl_arena_printf(req->arena, "/espace/%s/referentiels/recherche", slug)));
    return bl_staff_page(req, resp, st, status, "badge-form.html", title, ctx, "badges", ei);
}

/* The badge class of the route's {uid}, if it belongs to the route's organisation. */
static enum bl_err load_badge(struct bl_req *req, const struct bl_staff *st,
                              struct bl_badgeclass *b, struct bl_errinfo *ei)
{
    enum bl_err e =
        bl_app_badge_get(req->app, &st->auth.actor, bl_req_param(req, "uid"), req->arena, b, ei);
    if (e == BL_OK && b->org_id != st->current->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no badge class %.40s here", bl_req_param(req, "uid"));
    return e;
}

static bool can_issue(const struct bl_staff *st)
{
    return st->current && st->current->role >= BL_ROLE_ISSUER;
}

static const char *validity_fr(struct bl_req *req, const char *v)
{
    if (v && strncmp(v, "until:", 6) == 0 && strlen(v) == 16)
        return bl_arena_printf(req->arena, bl_tr(req, N_("jusqu’au %.2s/%.2s/%.4s")), v + 14,
                               v + 11, v + 6);
    if (v && strncmp(v, "months:", 7) == 0)
        return bl_arena_printf(req->arena, bl_tr(req, N_("%s mois après l’attribution")), v + 7);
    return N_("sans limite de durée");
}
