/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_network.c: partners (app/network.h).
 *
 *   GET  /espace/{slug}/partenaires   the organisations of the network; a
 *                                     network admin's admins get the invite form
 *   POST /espace/{slug}/partenaires   invite a partner (its first admin by email)
 *   GET  /espace/{slug}/profil        the organisation's profile (admins edit it)
 *   POST /espace/{slug}/profil        save it (multipart: the logo is a file)
 *   GET  /partenaires/{slug}          the public page of an organisation
 */
#include <string.h>

#include "app/network.h"
#include "app/opportunity.h"
#include "app/org.h"
#include "core/multipart.h"
#include "core/siret.h"
#include "doccache.h"
#include "h_network.h"
#include "page.h"
#include "staff.h"
#include "i18n.h"

static const char *const KINDS[] = {"employer", "association", "training"};

static json_t *kind_options(const char *selected)
{
    json_t *a = json_array();
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", KINDS[i], "label",
                                           bl_app_partner_kind_fr(KINDS[i]), "selected",
                                           selected && strcmp(selected, KINDS[i]) == 0));
    return a;
}

/* The field an app error names ("email: ...") in the arena; "" when none. */
static const char *err_field(struct bl_arena *a, const struct bl_errinfo *ei)
{
    const char *colon = strchr(ei->msg, ':');
    if (!colon || colon - ei->msg > 20)
        return "";
    char *f = bl_arena_alloc(a, (size_t)(colon - ei->msg) + 1);
    memcpy(f, ei->msg, (size_t)(colon - ei->msg));
    f[colon - ei->msg] = '\0';
    return f;
}

/* What a form brings back after a refusal: one field in error, the values typed. */
struct form_err {
    const char *field, *message;
};

static void add_errors(json_t *ctx, struct bl_arena *a, const char *prefix,
                       const struct form_err *fe, const char *summary)
{
    if (!fe || !fe->field)
        return;
    json_object_set_new(ctx, "failed", json_string(summary));
    json_object_set_new(ctx, "errors",
                        json_pack("[{s:s, s:s}]", "field",
                                  bl_arena_printf(a, "%s%s", prefix, fe->field), "message",
                                  fe->message));
    json_object_set_new(ctx, "e", json_pack("{s:s}", fe->field, fe->message));
}

/* ---- partners list and invitation ---- */

static enum bl_err partners_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                                 unsigned status, const struct form_err *fe, json_t *values,
                                 struct bl_errinfo *ei)
{
    struct bl_partner *p = NULL;
    size_t n = 0;
    bool network = false;
    enum bl_err e = bl_app_partner_list(req->app, req->arena, &p, &n, ei);
    if (e == BL_OK)
        e = bl_app_org_is_network(req->app, st->current->org_id, &network, ei);
    if (e != BL_OK) {
        json_decref(values);
        return e;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:s?, s:b}", "slug", p[i].slug, "name", p[i].name,
                            "kind", bl_app_partner_kind_fr(p[i].profile.kind), "sector",
                            p[i].profile.sector, "current", p[i].org_id == st->current->org_id));
    bool may_invite = network && st->current->role == BL_ROLE_ADMIN;
    json_t *ctx = json_pack(
        "{s:o, s:b, s:s, s:s, s:o}", "partners", rows, "may_invite", may_invite, "action",
        bl_arena_printf(req->arena, "/espace/%s/partenaires", st->current->org_slug), "csrf",
        st->auth.session.csrf, "kinds",
        kind_options(values ? json_string_value(json_object_get(values, "kind")) : "employer"));
    json_object_set_new(ctx, "v", values ? values : json_object());
    const char *done = bl_req_query(req, "invite");
    if (done && bl_app_slug_ok(done))
        json_object_set_new(
            ctx, "done",
            json_pack("{s:s, s:s}", "slug", done, "text",
                      N_("Partenaire créé : son administrateur a reçu une invitation par e-mail "
                         "(lien valable 7 jours).")));
    add_errors(ctx, req->arena, "partner-", fe, N_("Le partenaire n’a pas été invité. Corrigez :"));
    return bl_staff_page(req, resp, st, status, "partners.html", "Partenaires", ctx, "partenaires",
                         ei);
}

enum bl_err h_partners_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return partners_page(req, resp, &st, 200, NULL, NULL, ei);
}

static const char *invite_french(const char *field)
{
    if (strcmp(field, "name") == 0)
        return N_("Saisissez le nom du partenaire (200 caractères au plus).");
    if (strcmp(field, "slug") == 0)
        return N_("Cette adresse est déjà prise ou n’est pas valable : 2 à 48 lettres minuscules, "
                  "chiffres ou tirets.");
    if (strcmp(field, "email") == 0)
        return N_("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.");
    if (strcmp(field, "url") == 0)
        return "Le site doit commencer par https://.";
    if (strcmp(field, "kind") == 0)
        return N_("Choisissez le type de partenaire.");
    return N_("Ce champ n’est pas valable.");
}

enum bl_err h_partners_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_errinfo pe = {0};
    const char *slug = NULL;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (st.current->role != BL_ROLE_ADMIN)
        return bl_fail(ei, BL_EDENIED, "only an administrator of a network admin invites");
    bool network = false;
    if ((e = bl_app_org_is_network(req->app, st.current->org_id, &network, ei)) != BL_OK)
        return e;
    if (!network)
        return bl_fail(ei, BL_EDENIED, "only a network admin invites partners");
    struct bl_app_partner_invite in = {.name = bl_req_form(req, "name"),
                                       .slug = bl_req_form(req, "slug"),
                                       .kind = bl_req_form(req, "kind"),
                                       .email = bl_req_form(req, "email"),
                                       .contact_name = bl_req_form(req, "contact_name"),
                                       .url = bl_req_form(req, "url")};
    e = bl_app_partner_invite(req->app, &st.auth.actor, st.current->org_id, &in, req->arena, &slug,
                              &pe);
    if (e == BL_OK) {
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "/espace/%s/partenaires?invite=%s",
                                         st.current->org_slug, slug));
        return BL_OK;
    }
    const char *field = err_field(req->arena, &pe);
    if ((e == BL_EINVAL || e == BL_ETOOBIG || e == BL_EEXISTS || e == BL_EUTF8) && *field) {
        struct form_err fe = {field, invite_french(field)};
        json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", in.name ? in.name : "",
                              "slug", in.slug ? in.slug : "", "kind", in.kind ? in.kind : "",
                              "email", in.email ? in.email : "", "contact_name",
                              in.contact_name ? in.contact_name : "", "url", in.url ? in.url : "");
        return partners_page(req, resp, &st, e == BL_EEXISTS ? 409 : 400, &fe, v, ei);
    }
    if (ei)
        *ei = pe;
    return e;
}

/* ---- profile ---- */

static const char *siret_french(enum bl_siret_fault f)
{
    switch (f) {
    case BL_SIRET_FAULT_CHAR:
        return N_("Le SIRET ne contient que des chiffres (les espaces sont acceptés).");
    case BL_SIRET_FAULT_LENGTH:
        return N_("Le SIRET compte 14 chiffres : les 9 du SIREN puis les 5 de l’établissement.");
    case BL_SIRET_FAULT_SIREN:
        return N_("Les 9 premiers chiffres (le SIREN) ne sont pas valides : vérifiez-les sur votre "
                  "extrait Kbis.");
    default:
        return N_("Ce numéro SIRET n’est pas valide (sa clé de contrôle ne correspond pas) : "
                  "vérifiez-le sur votre extrait Kbis.");
    }
}

static const char *profile_french(const char *field)
{
    if (strcmp(field, "name") == 0)
        return N_("Saisissez le nom de l’organisation (200 caractères au plus).");
    if (strcmp(field, "url") == 0)
        return N_("Le site doit être une adresse complète commençant par https://.");
    if (strcmp(field, "contact_email") == 0)
        return N_("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.");
    if (strcmp(field, "contact_phone") == 0)
        return N_("Le numéro de téléphone est trop long (32 caractères au plus).");
    if (strcmp(field, "sector") == 0)
        return N_("Le secteur est trop long (120 caractères au plus).");
    if (strcmp(field, "image") == 0)
        return N_("Le logo doit être une image PNG ou SVG sans script, de 512 Ko au plus.");
    if (strcmp(field, "description") == 0)
        return N_("La présentation est trop longue ou contient des caractères interdits.");
    return N_("Ce champ n’est pas valable.");
}

static enum bl_err profile_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                                unsigned status, const struct form_err *fe, json_t *values,
                                struct bl_errinfo *ei)
{
    struct bl_app_partner_view v;
    enum bl_err e = bl_app_partner_by_slug(req->app, st->current->org_slug, req->arena, &v, ei);
    if (e != BL_OK) {
        json_decref(values);
        return e;
    }
    if (!values)
        values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", v.org.name, "url",
                           v.org.url, "description", v.org.description ? v.org.description : "",
                           "sector", v.profile.sector ? v.profile.sector : "", "siret",
                           v.profile.siret ? v.profile.siret : "", "contact_name",
                           v.profile.contact_name ? v.profile.contact_name : "", "contact_email",
                           v.profile.contact_email ? v.profile.contact_email : "", "contact_phone",
                           v.profile.contact_phone ? v.profile.contact_phone : "");
    json_t *ctx = json_pack(
        "{s:o, s:b, s:s, s:s, s:s, s:s, s:b, s:s}", "v", values, "admin",
        st->current->role == BL_ROLE_ADMIN, "kind", bl_app_partner_kind_fr(v.profile.kind),
        "action", bl_arena_printf(req->arena, "/espace/%s/profil", st->current->org_slug), "csrf",
        st->auth.session.csrf, "public", bl_arena_printf(req->arena, "/partenaires/%s", v.org.slug),
        "has_image", v.org.image != NULL, "slug", v.org.slug);
    if (bl_req_query(req, "fait"))
        json_object_set_new(ctx, "done", json_string(N_("Profil enregistré.")));
    add_errors(ctx, req->arena, "profile-", fe, N_("Le profil n’a pas été enregistré. Corrigez :"));
    return bl_staff_page(req, resp, st, status, "profile.html", N_("Profil de l’organisation"), ctx,
                         "profil", ei);
}

enum bl_err h_profile_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return profile_page(req, resp, &st, 200, NULL, NULL, ei);
}

/* A text field of a multipart form, NUL-terminated in the arena ("" when absent). */
static const char *mp_text(struct bl_arena *a, const struct bl_multipart *m, const char *name)
{
    const struct bl_multipart_part *p = bl_multipart_get(m, name);
    if (!p || p->filename)
        return "";
    char *s = bl_arena_alloc(a, p->len + 1);
    memcpy(s, p->data, p->len);
    s[p->len] = '\0';
    return strlen(s) == p->len ? s : ""; /* a NUL inside: treated as nothing typed */
}

enum bl_err h_profile_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    static const char *const fields[] = {"name",  "url",          "description",   "sector",
                                         "siret", "contact_name", "contact_email", "contact_phone"};
    struct bl_staff st;
    struct bl_multipart m;
    struct bl_errinfo pe = {0};
    const char *boundary = NULL;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (st.current->role != BL_ROLE_ADMIN)
        return bl_fail(ei, BL_EDENIED, "only an administrator changes the profile");
    if (bl_multipart_boundary(bl_req_header(req, "Content-Type"), req->arena, &boundary, &pe) !=
            BL_OK ||
        bl_multipart_parse(req->body ? req->body : (const unsigned char *)"", req->body_len,
                           boundary, req->arena, &m, &pe) != BL_OK)
        return bl_fail(ei, BL_EINVAL, "profile: a multipart/form-data form is expected");
    json_t *v = json_object();
    const char *val[sizeof fields / sizeof fields[0]];
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        val[i] = mp_text(req->arena, &m, fields[i]);
        /* Not UTF-8: kept out of the page (jansson refuses it), refused by the use case. */
        json_t *js = json_string(val[i]);
        json_object_set_new(v, fields[i], js ? js : json_string(""));
    }
    const struct bl_multipart_part *logo = bl_multipart_get(&m, "logo");
    struct bl_app_profile_input in = {.name = val[0],
                                      .url = val[1],
                                      .description = val[2],
                                      .sector = val[3],
                                      .siret = val[4],
                                      .contact_name = val[5],
                                      .contact_email = val[6],
                                      .contact_phone = val[7],
                                      .image = logo && logo->len ? logo->data : NULL,
                                      .image_len = logo ? logo->len : 0};
    /* The SIRET's French message says what is wrong with it. */
    if (*in.siret) {
        char digits[BL_SIRET_LEN + 1];
        enum bl_siret_fault f;
        if (bl_siret_parse(in.siret, strlen(in.siret), digits, &f, NULL) != BL_OK) {
            struct form_err fe = {"siret", siret_french(f)};
            return profile_page(req, resp, &st, 400, &fe, v, ei);
        }
    }
    e = bl_app_partner_update(req->app, &st.auth.actor, st.current->org_id, &in, &pe);
    if (e == BL_OK) {
        bl_doccache_clear(); /* the issuer profile and its image change at once */
        json_decref(v);
        bl_resp_redirect(
            req, resp,
            bl_arena_printf(req->arena, "/espace/%s/profil?fait=1", st.current->org_slug));
        return BL_OK;
    }
    const char *field = err_field(req->arena, &pe);
    if (e != BL_EDB && e != BL_EDENIED && e != BL_ENOTFOUND && *field) {
        struct form_err fe = {field, profile_french(field)};
        return profile_page(req, resp, &st, e == BL_ETOOBIG ? 413 : 400, &fe, v, ei);
    }
    json_decref(v);
    if (ei)
        *ei = pe;
    return e;
}

/* ---- public page ---- */

enum bl_err h_partner_public_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_partner_view v;
    struct bl_app_endorsed *en = NULL;
    size_t nen = 0;
    enum bl_err e = bl_app_partner_by_slug(req->app, bl_req_param(req, "slug"), req->arena, &v, ei);
    if (e == BL_OK)
        e = bl_app_partner_endorsed(req->app, v.org.id, req->arena, &en, &nen, ei);
    if (e != BL_OK)
        return e;
    json_t *endorsed = json_array();
    for (size_t i = 0; i < nen; i++)
        json_array_append_new(endorsed, json_pack("{s:s, s:s, s:s}", "uid", en[i].badge_uid, "name",
                                                  en[i].badge_name, "issuer", en[i].issuer_name));
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:b, s:o, s:b}",
                            "name", v.org.name, "slug", v.org.slug, "url", v.org.url, "description",
                            v.org.description, "sector", v.profile.sector, "siret", v.profile.siret,
                            "contact_name", v.profile.contact_name, "contact_email",
                            v.profile.contact_email, "has_image", v.org.image != NULL, "network",
                            v.network, "endorsed", endorsed, "has_endorsed", nen > 0);
    json_object_set_new(ctx, "kind", json_string(bl_app_partner_kind_fr(v.profile.kind)));
    /* The open opportunities it offers (app/opportunity.h); applying happens in the backpack. */
    struct bl_opp *opps = NULL;
    size_t nopp = 0;
    e = bl_app_opp_list(req->app, &bl_actor_system, v.org.id, req->arena, &opps, &nopp, ei);
    if (e != BL_OK) {
        json_decref(ctx);
        return e;
    }
    json_t *open = json_array();
    for (size_t i = 0; i < nopp; i++)
        if (opps[i].status && strcmp(opps[i].status, "open") == 0)
            json_array_append_new(open, json_pack("{s:s, s:s, s:s?, s:s?}", "title", opps[i].title,
                                                  "kind", opps[i].kind, "place", opps[i].place,
                                                  "end", opps[i].end_date));
    json_object_set_new(ctx, "has_opportunities", json_boolean(json_array_size(open) > 0));
    json_object_set_new(ctx, "opportunities", open);
    e = bl_page_render(req, resp, 200, "partner.html", v.org.name, ctx, ei);
    json_decref(ctx);
    return e;
}
