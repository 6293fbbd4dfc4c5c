/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * network.c: partners and the needs board (network.h).
 */
#include "app/network.h"

#include <stdio.h>
#include <string.h>

#include "app/org.h"
#include "app/reset.h"
#include "app/util.h"
#include "core/mem.h"
#include "core/obdate.h"
#include "core/paris.h"
#include "store/q_event.h"
#include "core/recipient.h"
#include "core/siret.h"
#include "core/i18n.h"

bool bl_app_partner_kind_ok(const char *kind)
{
    return kind && (strcmp(kind, "employer") == 0 || strcmp(kind, "association") == 0 ||
                    strcmp(kind, "training") == 0);
}

const char *bl_app_partner_kind_fr(const char *kind)
{
    if (!kind || strcmp(kind, BL_ORG_KIND_NETWORK) == 0)
        return N_("réseau");
    if (strcmp(kind, "employer") == 0)
        return N_("employeur");
    if (strcmp(kind, "association") == 0)
        return "association";
    if (strcmp(kind, "training") == 0)
        return N_("organisme de formation");
    return kind;
}

enum bl_err bl_app_is_network(struct bl_tx *tx, int64_t org_id, bool *yes, struct bl_errinfo *ei)
{
    struct bl_org_profile p;
    enum bl_err e = bl_store_profile_get(tx, org_id, &p, ei);
    *yes = e == BL_ENOTFOUND || (e == BL_OK && strcmp(p.kind, BL_ORG_KIND_NETWORK) == 0);
    return e == BL_ENOTFOUND ? BL_OK : e;
}

/* An address name from a display name: ASCII letters and digits, '-' between words. */
static const char *slug_from(struct bl_arena *a, const char *name)
{
    size_t n = strlen(name), j = 0;
    char *s = bl_arena_alloc(a, (n < BL_APP_SLUG_MAX ? n : BL_APP_SLUG_MAX) + 1);
    for (size_t i = 0; i < n && j < BL_APP_SLUG_MAX; i++) {
        char c = name[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            s[j++] = c;
        else if ((unsigned char)c < 0x80 && j > 0 && s[j - 1] != '-')
            s[j++] = '-';
        /* Other bytes (accents) are dropped: "Café Léon" -> "caf-lon" is ugly, so staff may choose.
         */
    }
    while (j > 0 && s[j - 1] == '-')
        j--;
    s[j] = '\0';
    return s;
}

/* ---- invitation ---- */

struct invite_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t network_org;
    const struct bl_app_partner_invite *in;
    const char *slug, *email, *url, *contact;
};

static enum bl_err invite_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct invite_ctx *c = cls;
    bool network = false, invited = false;
    enum bl_err e = bl_app_authorize(tx, c->who, c->network_org, BL_ROLE_ADMIN, ei);
    if (e == BL_OK)
        e = bl_app_is_network(tx, c->network_org, &network, ei);
    if (e != BL_OK)
        return e;
    if (!network)
        return bl_fail(ei, BL_EDENIED, "only a network admin invites partners");
    int64_t now = bl_app_now(c->app);
    struct bl_org org = {
        .slug = c->slug, .name = c->in->name, .url = c->url, .email = c->email, .created_at = now};
    e = bl_store_org_insert(tx, &org, ei);
    if (e == BL_EEXISTS)
        return bl_fail(ei, BL_EEXISTS, "slug: the address name \"%s\" is already taken", c->slug);
    struct bl_org_profile p = {.org_id = org.id,
                               .kind = c->in->kind,
                               .contact_name = c->contact,
                               .contact_email = c->email,
                               .invited_by = c->network_org,
                               .updated_at = now};
    if (e == BL_OK)
        e = bl_store_profile_put(tx, &p, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, org.id, "org.create", org.slug, NULL, ei);
    if (e == BL_OK)
        e = bl_app_org_add_key(tx, c->app, c->who, org.id, BL_KEY_ED25519, ei);
    if (e == BL_OK)
        e = bl_app_org_add_key(tx, c->app, c->who, org.id, BL_KEY_RSA, ei);
    /* The new organisation has no admin yet: the invitation is the system's doing. */
    if (e == BL_OK)
        e = bl_app_invite_in(tx, c->app, &bl_actor_system, org.id, c->email, c->contact,
                             BL_ROLE_ADMIN, &invited, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->network_org, "partner.invite", org.slug, NULL, ei);
    return e;
}

enum bl_err bl_app_partner_invite(struct bl_app *app, const struct bl_actor *who,
                                  int64_t network_org, const struct bl_app_partner_invite *in,
                                  struct bl_arena *a, const char **slug, struct bl_errinfo *ei)
{
    char *email = NULL;
    enum bl_err e;
    *slug = NULL;
    if ((e = bl_app_check_text("name", in->name, true, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("contact_name", in->contact_name, false, BL_APP_NAME_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_url("url", in->url, false, ei)) != BL_OK)
        return e;
    if (!bl_app_partner_kind_ok(in->kind))
        return bl_fail(ei, BL_EINVAL, "kind: employer, association or training");
    const char *s = in->slug && *in->slug ? in->slug : slug_from(a, in->name);
    if (!bl_app_slug_ok(s))
        return bl_fail(ei, BL_EINVAL, "slug: 2 to %u lower-case letters, digits or '-'",
                       BL_APP_SLUG_MAX);
    if (!in->email || !*in->email || strlen(in->email) > BL_APP_EMAIL_MAX ||
        bl_recipient_email_normalize(in->email, &email, NULL) != BL_OK)
        return bl_fail(ei, BL_EINVAL, "email: a valid address is required");
    const char *contact = in->contact_name && *in->contact_name ? in->contact_name : NULL;
    if (!contact) {
        char *local = bl_arena_strdup(a, email);
        local[strcspn(local, "@")] = '\0';
        contact = local;
    }
    struct invite_ctx c = {
        .app = app,
        .who = who,
        .network_org = network_org,
        .in = in,
        .slug = s,
        .email = bl_arena_strdup(a, email),
        .url = in->url && *in->url ? in->url
                                   : bl_arena_printf(a, "%s/partenaires/%s", app->base_url, s),
        .contact = contact,
    };
    bl_free(email);
    e = bl_store_run(app->store, BL_TX_WRITE, invite_tx, &c, ei);
    if (e == BL_OK)
        *slug = s;
    return e;
}

/* ---- profile ---- */

struct update_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const struct bl_app_profile_input *in;
    const char *siret, *contact_email, *image_type;
};

static enum bl_err update_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct update_ctx *c = cls;
    struct bl_org org;
    struct bl_org_profile p;
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ADMIN, ei);
    if (e == BL_OK)
        e = bl_store_org_get(tx, c->org_id, &org, ei);
    if (e != BL_OK)
        return e;
    e = bl_store_profile_get(tx, c->org_id, &p, ei);
    if (e == BL_ENOTFOUND) {
        memset(&p, 0, sizeof p);
        p.org_id = c->org_id;
        p.kind = BL_ORG_KIND_NETWORK;
    } else if (e != BL_OK) {
        return e;
    }
    org.name = c->in->name;
    org.url = c->in->url;
    org.description = c->in->description && *c->in->description ? c->in->description : NULL;
    if (c->in->image) {
        org.image = c->in->image;
        org.image_len = c->in->image_len;
        org.image_type = c->image_type;
    }
    p.sector = c->in->sector && *c->in->sector ? c->in->sector : NULL;
    p.siret = c->siret;
    p.contact_name = c->in->contact_name && *c->in->contact_name ? c->in->contact_name : NULL;
    p.contact_email = c->contact_email;
    p.contact_phone = c->in->contact_phone && *c->in->contact_phone ? c->in->contact_phone : NULL;
    p.updated_at = bl_app_now(c->app);
    if ((e = bl_store_org_update(tx, &org, ei)) == BL_OK &&
        (e = bl_store_profile_put(tx, &p, ei)) == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "org.profile", org.slug, NULL, ei);
    return e;
}

enum bl_err bl_app_partner_update(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const struct bl_app_profile_input *in, struct bl_errinfo *ei)
{
    char siret[BL_SIRET_LEN + 1];
    char *email = NULL;
    const char *type = NULL;
    enum bl_err e;
    if ((e = bl_app_check_text("name", in->name, true, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_url("url", in->url, true, ei)) != BL_OK ||
        (e = bl_app_check_text("description", in->description, false, BL_APP_TEXT_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_text("sector", in->sector, false, BL_APP_SECTOR_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("contact_name", in->contact_name, false, BL_APP_NAME_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_text("contact_phone", in->contact_phone, false, BL_APP_PHONE_MAX, ei)) !=
            BL_OK)
        return e;
    if (in->siret && *in->siret &&
        bl_siret_parse(in->siret, strlen(in->siret), siret, NULL, ei) != BL_OK)
        return BL_EINVAL; /* ei: "siret: ..." */
    if (in->contact_email && *in->contact_email &&
        (strlen(in->contact_email) > BL_APP_EMAIL_MAX ||
         bl_recipient_email_normalize(in->contact_email, &email, NULL) != BL_OK))
        return bl_fail(ei, BL_EINVAL, "contact_email: a valid address is expected");
    if (in->image && (e = bl_app_image_type(in->image, in->image_len, &type, ei)) != BL_OK)
        goto out;
    struct update_ctx c = {.app = app,
                           .who = who,
                           .org_id = org_id,
                           .in = in,
                           .siret = in->siret && *in->siret ? siret : NULL,
                           .contact_email = email,
                           .image_type = type};
    e = bl_store_run(app->store, BL_TX_WRITE, update_tx, &c, ei);
out:
    bl_free(email);
    return e;
}

/* ---- public reads ---- */

struct view_ctx {
    const char *slug;
    int64_t org_id;
    struct bl_arena *a;
    struct bl_app_partner_view *out;
    struct bl_partner **rows;
    size_t *n;
};

static enum bl_err view_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct view_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_store_org_by_slug(tx, c->slug, &c->out->org, ei);
    if (e != BL_OK)
        return e;
    e = bl_store_profile_get(tx, c->out->org.id, &c->out->profile, ei);
    if (e == BL_ENOTFOUND) {
        memset(&c->out->profile, 0, sizeof c->out->profile);
        c->out->profile.org_id = c->out->org.id;
        c->out->profile.kind = BL_ORG_KIND_NETWORK;
        e = BL_OK;
    }
    c->out->network = strcmp(c->out->profile.kind, BL_ORG_KIND_NETWORK) == 0;
    return e;
}

enum bl_err bl_app_partner_by_slug(struct bl_app *app, const char *slug, struct bl_arena *a,
                                   struct bl_app_partner_view *out, struct bl_errinfo *ei)
{
    struct view_ctx c = {.slug = slug ? slug : "", .a = a, .out = out};
    memset(out, 0, sizeof *out);
    return bl_store_run(app->store, BL_TX_READ, view_tx, &c, ei);
}

static enum bl_err list_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct view_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    return bl_store_partner_list(tx, c->rows, c->n, ei);
}

enum bl_err bl_app_partner_list(struct bl_app *app, struct bl_arena *a, struct bl_partner **rows,
                                size_t *n, struct bl_errinfo *ei)
{
    struct view_ctx c = {.a = a, .rows = rows, .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, list_tx, &c, ei);
}

struct endorsed_ctx {
    struct bl_app *app;
    int64_t org_id;
    struct bl_arena *a;
    struct bl_app_endorsed *rows;
    size_t n;
};

/* The badge classes the org endorses now: signed by it, visible, not withdrawn, not expired. */
static enum bl_err endorsed_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct endorsed_ctx *c = cls;
    struct bl_endorsement *en = NULL;
    size_t ne = 0;
    int64_t now = bl_app_now(c->app);
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_store_endorsement_by_endorser(tx, c->org_id, &en, &ne, ei);
    c->n = 0;
    c->rows = bl_arena_zalloc(c->a, (ne ? ne : 1) * sizeof *c->rows);
    for (size_t i = 0; e == BL_OK && i < ne; i++) {
        struct bl_badgeclass b;
        struct bl_org issuer;
        if (en[i].withdrawn_at || (en[i].expires_at && en[i].expires_at <= now) || !en[i].visible ||
            strcmp(en[i].subject_kind, "badge") != 0)
            continue;
        e = bl_store_badgeclass_get(tx, en[i].subject_ref, &b, ei);
        if (e == BL_OK)
            e = bl_store_org_get(tx, b.org_id, &issuer, ei);
        if (e == BL_OK)
            c->rows[c->n++] = (struct bl_app_endorsed){
                .badge_uid = b.uid, .badge_name = b.name, .issuer_name = issuer.name};
    }
    return e;
}

enum bl_err bl_app_partner_endorsed(struct bl_app *app, int64_t org_id, struct bl_arena *a,
                                    struct bl_app_endorsed **rows, size_t *n, struct bl_errinfo *ei)
{
    struct endorsed_ctx c = {.app = app, .org_id = org_id, .a = a};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, endorsed_tx, &c, ei);
    *rows = e == BL_OK ? c.rows : NULL;
    *n = e == BL_OK ? c.n : 0;
    return e;
}

/* ---- needs ---- */

struct need_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const struct bl_app_need_input *in;
    const char *uid, *comment, *badge_uid;
    const char *event_uid; /* answer_tx: link this event instead of badge_uid */
    struct bl_need_answer **answers;
    size_t *n_answers;
    struct bl_arena *a;
    struct bl_need **rows;
    size_t *n;
    struct bl_app_need_detail *detail;
};

/* The framework items of c->in, added to need_id. */
static enum bl_err add_items(struct bl_tx *tx, const struct need_ctx *c, int64_t need_id,
                             struct bl_errinfo *ei)
{
    struct bl_fw_item it;
    enum bl_err e = BL_OK;
    for (size_t i = 0; i < c->in->n_items && e == BL_OK; i++) {
        e = bl_store_fw_item_get(tx, c->in->item_ids[i], &it, ei);
        if (e == BL_ENOTFOUND)
            return bl_fail(ei, BL_EINVAL, "items: unknown framework item %lld",
                           (long long)c->in->item_ids[i]);
        if (e == BL_OK)
            e = bl_store_need_item_add(tx, need_id, it.id, ei);
    }
    return e;
}

static enum bl_err create_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct need_ctx *c = cls;
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e != BL_OK)
        return e;
    struct bl_need n = {.uid = c->uid,
                        .org_id = c->org_id,
                        .title = c->in->title,
                        .description = c->in->description,
                        .people = c->in->people,
                        .sector = c->in->sector && *c->in->sector ? c->in->sector : NULL,
                        .horizon = c->in->horizon && *c->in->horizon ? c->in->horizon : NULL,
                        .created_at = bl_app_now(c->app)};
    if ((e = bl_store_need_insert(tx, &n, ei)) != BL_OK)
        return e;
    e = add_items(tx, c, n.id, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "need.create", c->uid, NULL, ei);
    return e;
}

static enum bl_err check_need(const struct bl_app_need_input *in, struct bl_errinfo *ei)
{
    enum bl_err e;
    if ((e = bl_app_check_text("title", in->title, true, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("description", in->description, true, BL_APP_TEXT_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_text("sector", in->sector, false, BL_APP_SECTOR_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("horizon", in->horizon, false, BL_APP_HORIZON_MAX, ei)) != BL_OK)
        return e;
    if (in->people < 0 || in->people > BL_APP_PEOPLE_MAX)
        return bl_fail(ei, BL_EINVAL, "people: a number from 0 to %d", BL_APP_PEOPLE_MAX);
    if (in->n_items > BL_APP_NEED_ITEMS)
        return bl_fail(ei, BL_ETOOBIG, "items: at most %u competencies", BL_APP_NEED_ITEMS);
    return BL_OK;
}

enum bl_err bl_app_need_create(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const struct bl_app_need_input *in, char uid[23],
                               struct bl_errinfo *ei)
{
    enum bl_err e = check_need(in, ei);
    if (e != BL_OK)
        return e;
    bl_app_uid(uid);
    struct need_ctx c = {.app = app, .who = who, .org_id = org_id, .in = in, .uid = uid};
    return bl_store_run(app->store, BL_TX_WRITE, create_tx, &c, ei);
}

static enum bl_err needs_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct need_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_VIEWER, ei);
    return e == BL_OK ? bl_store_need_list(tx, c->rows, c->n, ei) : e;
}

enum bl_err bl_app_need_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                             struct bl_arena *a, struct bl_need **rows, size_t *n,
                             struct bl_errinfo *ei)
{
    struct need_ctx c = {.app = app, .who = who, .org_id = org_id, .a = a, .rows = rows, .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, needs_tx, &c, ei);
}

static enum bl_err open_answers_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct need_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_VIEWER, ei);
    return e == BL_OK ? bl_store_need_answers_open(tx, c->answers, c->n_answers, ei) : e;
}

enum bl_err bl_app_need_answers_open(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                     struct bl_arena *a, struct bl_need_answer **rows, size_t *n,
                                     struct bl_errinfo *ei)
{
    struct need_ctx c = {
        .app = app, .who = who, .org_id = org_id, .a = a, .answers = rows, .n_answers = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, open_answers_tx, &c, ei);
}

static enum bl_err get_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct need_ctx *c = cls;
    struct bl_app_need_detail *d = c->detail;
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_VIEWER, ei);
    if (e == BL_OK)
        e = bl_store_need_by_uid(tx, c->uid, &d->need, ei);
    if (e == BL_OK)
        e = bl_store_need_items(tx, d->need.id, &d->items, &d->n_items, ei);
    if (e == BL_OK)
        e = bl_store_need_supports(tx, d->need.id, &d->supports, &d->n_supports, ei);
    if (e == BL_OK)
        e = bl_store_need_answers(tx, d->need.id, &d->answers, &d->n_answers, ei);
    return e;
}

enum bl_err bl_app_need_get(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                            const char *uid, struct bl_arena *a, struct bl_app_need_detail *out,
                            struct bl_errinfo *ei)
{
    struct need_ctx c = {
        .app = app, .who = who, .org_id = org_id, .uid = uid ? uid : "", .a = a, .detail = out};
    memset(out, 0, sizeof *out);
    return bl_store_run(app->store, BL_TX_READ, get_tx, &c, ei);
}

static enum bl_err support_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct need_ctx *c = cls;
    struct bl_need n;
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_need_by_uid(tx, c->uid, &n, ei);
    if (e != BL_OK)
        return e;
    if (n.org_id == c->org_id)
        return bl_fail(ei, BL_EINVAL, "need: an organisation does not support its own need");
    if (n.closed_at != 0)
        return bl_fail(ei, BL_EINVAL, "need: closed needs take no support");
    e = bl_store_need_support(tx, n.id, c->org_id, c->comment, bl_app_now(c->app), ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "need.support", c->uid, NULL, ei);
    return e;
}

enum bl_err bl_app_need_support(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                const char *uid, const char *comment, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_check_text("comment", comment, false, BL_APP_TEXT_MAX, ei);
    if (e != BL_OK)
        return e;
    struct need_ctx c = {.app = app,
                         .who = who,
                         .org_id = org_id,
                         .uid = uid ? uid : "",
                         .comment = comment && *comment ? comment : NULL};
    return bl_store_run(app->store, BL_TX_WRITE, support_tx, &c, ei);
}

/*
 * The answer c names, owned by c->org_id (another org's is "not found"):
 * a badge class, or an event labelled "<name>, le DD/MM/YYYY" in Paris time.
 */
static enum bl_err answer_ref(struct bl_tx *tx, const struct need_ctx *c, struct bl_need_answer *a,
                              struct bl_errinfo *ei)
{
    struct bl_badgeclass b;
    struct bl_event ev;
    char d[BL_OBDATE_LEN];
    enum bl_err e;
    if (!c->event_uid) {
        e = bl_store_badgeclass_by_uid(tx, c->badge_uid, &b, ei);
        if (e == BL_OK && b.org_id != c->org_id)
            e = bl_fail(ei, BL_ENOTFOUND, "badge: no such badge class");
        if (e == BL_OK)
            *a = (struct bl_need_answer){.kind = "badge", .ref_uid = b.uid, .label = b.name};
        return e;
    }
    e = bl_store_event_by_uid(tx, c->event_uid, &ev, ei);
    if (e == BL_OK && ev.org_id != c->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "event: no such event");
    if (e == BL_OK)
        e = bl_obdate_format(bl_paris_local(ev.starts_at), d, ei);
    if (e == BL_OK)
        *a = (struct bl_need_answer){.kind = "event",
                                     .ref_uid = ev.uid,
                                     .label =
                                         bl_arena_printf(bl_tx_arena(tx), "%s, le %.2s/%.2s/%.4s",
                                                         ev.name, d + 8, d + 5, d)};
    return e;
}

static enum bl_err answer_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct need_ctx *c = cls;
    struct bl_need n;
    struct bl_need_answer a;
    bool network = false;
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_app_is_network(tx, c->org_id, &network, ei);
    if (e == BL_OK && !network)
        e = bl_fail(ei, BL_EDENIED, "only a network admin links answers to needs");
    if (e == BL_OK)
        e = bl_store_need_by_uid(tx, c->uid, &n, ei);
    if (e == BL_OK)
        e = answer_ref(tx, c, &a, ei);
    if (e != BL_OK)
        return e;
    a.created_at = bl_app_now(c->app);
    e = bl_store_need_answer_add(tx, n.id, &a, ei);
    if (e == BL_OK)
        e = bl_app_audit(
            tx, c->app, c->who, c->org_id, "need.answer", c->uid,
            bl_arena_printf(c->a, "{\"kind\":\"%s\",\"ref\":\"%s\"}", a.kind, a.ref_uid), ei);
    return e;
}

/* Both kinds of answer run answer_tx, with an arena for the event's label. */
static enum bl_err run_answer(struct need_ctx *c, struct bl_errinfo *ei)
{
    struct bl_arena arena;
    bl_arena_init(&arena);
    c->a = &arena;
    enum bl_err e = bl_store_run(c->app->store, BL_TX_WRITE, answer_tx, c, ei);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_need_answer(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *uid, const char *badge_uid, struct bl_errinfo *ei)
{
    struct need_ctx c = {.app = app,
                         .who = who,
                         .org_id = org_id,
                         .uid = uid ? uid : "",
                         .badge_uid = badge_uid ? badge_uid : ""};
    return run_answer(&c, ei);
}

enum bl_err bl_app_need_answer_event(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                     const char *uid, const char *event_uid, struct bl_errinfo *ei)
{
    struct need_ctx c = {.app = app,
                         .who = who,
                         .org_id = org_id,
                         .uid = uid ? uid : "",
                         .event_uid = event_uid ? event_uid : ""};
    return run_answer(&c, ei);
}

/* The need c->uid if c->org_id declared it and c->who may change it there. */
static enum bl_err own_need(struct bl_tx *tx, const struct need_ctx *c, struct bl_need *n,
                            struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_need_by_uid(tx, c->uid, n, ei);
    if (e == BL_OK && n->org_id != c->org_id) /* another partner's need: not theirs to change */
        e = bl_fail(ei, BL_ENOTFOUND, "no such need");
    return e;
}

static enum bl_err need_update_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct need_ctx *c = cls;
    struct bl_need n;
    enum bl_err e = own_need(tx, c, &n, ei);
    if (e != BL_OK)
        return e;
    n.title = c->in->title;
    n.description = c->in->description;
    n.people = c->in->people;
    n.sector = c->in->sector && *c->in->sector ? c->in->sector : NULL;
    n.horizon = c->in->horizon && *c->in->horizon ? c->in->horizon : NULL;
    n.updated_at = bl_app_now(c->app);
    e = bl_store_need_update(tx, &n, ei);
    if (e == BL_OK)
        e = add_items(tx, c, n.id, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "need.update", c->uid, NULL, ei);
    return e;
}

enum bl_err bl_app_need_update(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *uid, const struct bl_app_need_input *in,
                               struct bl_errinfo *ei)
{
    enum bl_err e = check_need(in, ei);
    if (e != BL_OK)
        return e;
    struct need_ctx c = {.app = app, .who = who, .org_id = org_id, .in = in, .uid = uid ? uid : ""};
    return bl_store_run(app->store, BL_TX_WRITE, need_update_tx, &c, ei);
}

static enum bl_err need_state_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct need_ctx *c = cls;
    struct bl_need n;
    const char *reason = c->comment; /* "filled" | "abandoned" | "" (reopen) */
    enum bl_err e = own_need(tx, c, &n, ei);
    if (e != BL_OK)
        return e;
    int64_t now = bl_app_now(c->app);
    e = bl_store_need_close(tx, n.id, *reason ? now : 0, reason, now, ei);
    if (e == BL_OK)
        e = bl_app_audit(
            tx, c->app, c->who, c->org_id, *reason ? "need.close" : "need.reopen", c->uid,
            *reason ? bl_arena_printf(bl_tx_arena(tx), "{\"reason\":\"%s\"}", reason) : NULL, ei);
    return e;
}

enum bl_err bl_app_need_set_state(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const char *uid, const char *state, struct bl_errinfo *ei)
{
    static const char *const STATES[] = {"filled", "abandoned", "open"};
    size_t k = 0;
    while (k < 3 && (!state || strcmp(state, STATES[k]) != 0))
        k++;
    if (k == 3)
        return bl_fail(ei, BL_EINVAL, "state: one of filled, abandoned, open");
    struct bl_arena arena;
    bl_arena_init(&arena);
    struct need_ctx c = {.app = app,
                         .who = who,
                         .org_id = org_id,
                         .uid = uid ? uid : "",
                         .comment = k == 2 ? "" : STATES[k],
                         .a = &arena};
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, need_state_tx, &c, ei);
    bl_arena_free(&arena);
    return e;
}

static enum bl_err need_closed_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct need_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_VIEWER, ei);
    return e == BL_OK ? bl_store_need_list_closed(tx, BL_APP_NEEDS_CLOSED_MAX, c->rows, c->n, ei)
                      : e;
}

enum bl_err bl_app_need_list_closed(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    struct bl_arena *a, struct bl_need **rows, size_t *n,
                                    struct bl_errinfo *ei)
{
    struct need_ctx c = {.app = app, .who = who, .org_id = org_id, .a = a, .rows = rows, .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, need_closed_tx, &c, ei);
}

struct isnet_ctx {
    int64_t org_id;
    bool yes;
};

static enum bl_err isnet_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct isnet_ctx *c = cls;
    return bl_app_is_network(tx, c->org_id, &c->yes, ei);
}

enum bl_err bl_app_org_is_network(struct bl_app *app, int64_t org_id, bool *yes,
                                  struct bl_errinfo *ei)
{
    struct isnet_ctx c = {org_id, false};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, isnet_tx, &c, ei);
    *yes = c.yes;
    return e;
}
