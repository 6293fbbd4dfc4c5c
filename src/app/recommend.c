/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * recommend.c: recommendation links for tutors (recommend.h).  The link's
 * token is 32 random bytes; the store keeps its SHA-256 only.  The
 * endorsement itself is made by bl_app_endorse, which uses the link in the
 * transaction that stores the endorsement, so a link serves once.
 */
#include "app/recommend.h"

#include <string.h>

#include <jansson.h>

#include "app/docs.h"
#include "app/endorse.h"
#include "app/mail.h"
#include "app/util.h"
#include "core/mem.h"
#include "core/recipient.h"

#define MAIL_TEMPLATE "mail-recommend.html"

/* A line of a header holds no control character (a name could). */
static char *one_line(struct bl_arena *a, const char *s)
{
    char *o = bl_arena_strdup(a, s);
    for (char *p = o; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    return o;
}

struct invite_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const char *award_uid, *email, *name;
    char *token;
};

static enum bl_err invite_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct invite_ctx *c = cls;
    struct bl_arena arena;
    struct bl_award aw;
    struct bl_badgeclass bc;
    struct bl_org org;
    char h[65];
    bl_arena_init(&arena);
    bl_tx_set_arena(tx, &arena);
    enum bl_err e = bl_store_award_by_uid(tx, c->award_uid, &aw, ei);
    if (e == BL_OK && bl_app_authorize(tx, c->who, aw.org_id, BL_ROLE_VIEWER, ei) != BL_OK)
        e = BL_ENOTFOUND;
    if (e == BL_ENOTFOUND)
        e = bl_fail(ei, BL_ENOTFOUND, "no award %.40s", c->award_uid);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, aw.org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK && aw.revoked_at)
        e = bl_fail(ei, BL_EINVAL, "the award was revoked");
    if (e == BL_OK)
        e = bl_store_badgeclass_get(tx, aw.badgeclass_id, &bc, ei);
    if (e == BL_OK)
        e = bl_store_org_get(tx, aw.org_id, &org, ei);
    if (e != BL_OK)
        goto out;
    bl_app_secret(c->token);
    bl_app_secret_hash(c->token, h);
    int64_t now = bl_app_now(c->app);
    struct bl_reclink l = {.token_hash = h,
                           .award_id = aw.id,
                           .org_id = aw.org_id,
                           .tutor_name = c->name,
                           .tutor_email = c->email,
                           .created_at = now,
                           .expires_at = now + BL_RECOMMEND_TTL,
                           .created_by = c->who->account_id};
    if ((e = bl_store_reclink_insert(tx, &l, ei)) != BL_OK)
        goto out;
    /* The mail: the young person's first name only if the award has a name. */
    const char *link =
        bl_arena_printf(&arena, "%s%s/%s", c->app->base_url, BL_RECOMMEND_PATH, c->token);
    const char *who = aw.recipient_name ? aw.recipient_name : "la personne accompagnée";
    const char *subject = one_line(
        &arena, bl_arena_printf(&arena, "Recommander %s pour le badge « %s »", who, bc.name));
    const char *text = bl_arena_printf(
        &arena,
        "Bonjour %s,\n\n%s vous propose de recommander %s pour le badge « %s », par exemple "
        "après une immersion ou un stage chez vous. Quelques mots suffisent ; ils seront signés "
        "par %s en votre nom.\n\nÉcrire ma recommandation :\n%s\n\nCe lien est valable 30 jours "
        "et ne sert qu'une fois. Pas besoin de compte.\n",
        c->name, org.name, who, bc.name, org.name, link);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "subject", subject, "name", c->name,
                            "org", org.name, "who", who, "badge", bc.name, "link", link);
    const char *html = NULL;
    e = ctx ? bl_app_mail_html(MAIL_TEMPLATE, ctx, &arena, &html, ei)
            : bl_fail(ei, BL_EINVAL, "mail: a name cannot be used in the message");
    json_decref(ctx);
    struct bl_outbox m = {.org_id = aw.org_id,
                          .to_addr = c->email,
                          .subject = subject,
                          .body_text = text,
                          .body_html = html,
                          .created_at = now,
                          .next_attempt_at = now};
    if (e == BL_OK)
        e = bl_store_outbox_enqueue(tx, &m, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, aw.org_id, "endorsement.invite", aw.uid, NULL, ei);
out:
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_recommend_invite(struct bl_app *app, const struct bl_actor *who,
                                    const char *award_uid, const char *tutor_email,
                                    const char *tutor_name, char token[BL_APP_TOKEN_LEN + 1],
                                    struct bl_errinfo *ei)
{
    char *email = NULL;
    char tok[BL_APP_TOKEN_LEN + 1];
    enum bl_err e = bl_app_check_text("name", tutor_name, true, BL_APP_NAME_MAX, ei);
    if (e != BL_OK)
        return e;
    if (!tutor_email || strlen(tutor_email) > BL_APP_EMAIL_MAX ||
        bl_recipient_email_normalize(tutor_email, &email, ei) != BL_OK)
        return bl_fail(ei, BL_EINVAL, "email: not a valid address");
    struct invite_ctx c = {app, who, award_uid ? award_uid : "", email, tutor_name, tok};
    e = bl_store_run(app->store, BL_TX_WRITE, invite_tx, &c, ei);
    if (e == BL_OK && token)
        memcpy(token, tok, sizeof tok);
    bl_wipe(tok, sizeof tok);
    bl_free(email);
    return e;
}

struct check_ctx {
    struct bl_app *app;
    const char *hash;
    struct bl_arena *arena;
    struct bl_app_recommend_view *out;
};

static enum bl_err check_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct check_ctx *c = cls;
    struct bl_reclink l;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_reclink_get(tx, c->hash, &l, ei);
    if (e == BL_OK && l.expires_at <= bl_app_now(c->app))
        e = bl_fail(ei, BL_ENOTFOUND, "the recommendation link expired");
    if (e == BL_OK)
        e = bl_store_award_get(tx, l.award_id, &c->out->award, ei);
    if (e == BL_OK)
        e = bl_store_badgeclass_get(tx, c->out->award.badgeclass_id, &c->out->badge, ei);
    if (e == BL_OK)
        e = bl_store_org_get(tx, l.org_id, &c->out->org, ei);
    if (e == BL_OK) {
        c->out->tutor_name = l.tutor_name;
        c->out->expires_at = l.expires_at;
        c->out->used = l.used_at != 0;
    }
    return e;
}

enum bl_err bl_app_recommend_check(struct bl_app *app, const char *token, struct bl_arena *arena,
                                   struct bl_app_recommend_view *out, struct bl_errinfo *ei)
{
    char h[65];
    memset(out, 0, sizeof *out);
    if (!token || strlen(token) != BL_APP_TOKEN_LEN)
        return bl_fail(ei, BL_ENOTFOUND, "no such recommendation link");
    bl_app_secret_hash(token, h);
    struct check_ctx c = {app, h, arena, out};
    return bl_store_run(app->store, BL_TX_READ, check_tx, &c, ei);
}

enum bl_err bl_app_recommend_submit(struct bl_app *app, const char *token, const char *comment,
                                    struct bl_arena *arena, struct bl_endorsement *out,
                                    struct bl_errinfo *ei)
{
    struct bl_app_recommend_view v;
    memset(out, 0, sizeof *out);
    enum bl_err e = bl_app_recommend_check(app, token, arena, &v, ei);
    if (e != BL_OK)
        return e;
    if (v.used)
        return bl_fail(ei, BL_ENOTFOUND, "the recommendation link was already used");
    char *h = bl_arena_alloc(arena, 65);
    bl_app_secret_hash(token, h);
    /* The link is the authority here: the system acts, for the awarding org, naming the tutor. */
    struct bl_app_endorse_input in = {.kind = BL_ENDORSE_AWARD,
                                      .subject = v.award.uid,
                                      .comment = comment,
                                      .endorser_name = v.tutor_name,
                                      .link_hash = h};
    return bl_app_endorse(app, &bl_actor_system, v.award.org_id, &in, arena, out, ei);
}
