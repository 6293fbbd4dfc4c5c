/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * mail.c: the award email, its queueing and its delivery (mail.h).  The
 * HTML template is web/templates/mail-award.html, embedded in this library
 * (bl_mail_templates) so that the app does not depend on the server.
 */
#include "app/mail.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/backpack.h"
#include "app/docs.h"
#include "core/embedded.h"
#include "core/mem.h"
#include "core/mime.h"
#include "core/tmpl.h"

BL_EMBEDDED_DECLARE(bl_mail_templates);

#define MAIL_TEMPLATE "mail-award.html"
#define RETRY_LONGEST (7 * 86400) /* a week between two attempts at most */
#define MESSAGE_MAX   (4u * BL_APP_MAIL_BODY_MAX)

/* One claimed message and the name of its organisation (the From: display name). */
struct claimed {
    struct bl_outbox m;
    const char *org_name;
};

struct claim_ctx {
    const struct bl_app *app;
    const struct bl_app_outbox_channel *ch;
    struct bl_arena *arena;
    struct claimed *rows;
    size_t n;
};

struct mark_ctx {
    int64_t id, at;
    bool sent;
    const char *error;
    /* Given up because it expired: said in the audit log too. */
    const struct bl_app *app;
    const struct bl_app_outbox_channel *ch;
    const struct bl_outbox *expired;
};

static enum bl_err claim_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei);
static enum bl_err mark_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei);
static enum bl_app_outcome send_one(const struct bl_app *app, void *cls, const struct bl_outbox *m,
                                    const char *org_name, char *why, size_t whylen);
static int64_t next_attempt(const struct bl_app_outbox_channel *ch, const struct bl_outbox *m,
                            int64_t now);

enum bl_err bl_app_mail_award(const struct bl_app *app, struct bl_arena *a,
                              const struct bl_org *org, const struct bl_badgeclass *bc,
                              const struct bl_award *aw, struct bl_app_mail *out,
                              struct bl_errinfo *ei)
{
    const char *award_url = bl_app_award_url(a, app, aw->uid);
    /* PNG whatever the class's format: mail clients show PNG, not SVG (public.h converts). */
    const char *kind = "PNG";
    const char *baked = bl_arena_printf(a, "%s/badge.png", award_url);
    const char *receive = bl_app_receive_url(app, a, aw);
    const char *image = bl_arena_printf(a, "%s/image", bl_app_badge_url(a, app, bc->uid));
    const char *name = aw->recipient_name && *aw->recipient_name ? aw->recipient_name : NULL;
    struct bl_buf t;
    enum bl_err e;

    memset(out, 0, sizeof *out);
    char *subject = bl_arena_printf(a, "Vous avez reçu le badge « %s »", bc->name);
    /* A name may hold line breaks; a header may not. */
    for (char *p = subject; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    out->subject = subject;
    /* The award page shows and offers the badge; the receive link puts it in the backpack. */
    bl_buf_init(&t, BL_APP_MAIL_BODY_MAX);
    e = bl_buf_printf(&t,
                      "Bonjour%s%s,\n\n"
                      "%s vous a remis le badge « %s ». Bravo !\n\n",
                      name ? " " : "", name ? name : "", org->name, bc->name);
    if (e == BL_OK && bc->description && *bc->description)
        e = bl_buf_printf(&t, "%s\n\n", bc->description);
    if (e == BL_OK)
        e = bl_buf_printf(&t,
                          "Ce badge montre ce que vous savez faire. Vous pouvez le garder, le "
                          "montrer à un employeur, l'ajouter à votre CV ou à votre profil "
                          "LinkedIn. Tout le monde peut vérifier qu'il est vrai.\n\n"
                          "Voir mon badge :\n%s\n\n"
                          "%s%s%s"
                          "Télécharger l'image du badge (%s ; la preuve est cachée dedans, "
                          "gardez-la telle quelle) :\n%s\n\n"
                          "Image du badge : %s\n\n"
                          "-- \nCe message vous est envoyé par %s avec Blason, parce qu'un badge "
                          "vous a été remis à cette adresse. Vous n'avez rien à répondre.\n",
                          award_url,
                          receive ? "Le garder dans mon sac à badges (gratuit, sans mot de "
                                    "passe), avec tous mes badges :\n"
                                  : "",
                          receive ? receive : "", receive ? "\n\n" : "", kind, baked, image,
                          org->name);
    if (e != BL_OK) {
        bl_buf_free(&t);
        return bl_fail(ei, e, "mail: the message text is over %u bytes", BL_APP_MAIL_BODY_MAX);
    }
    out->text = bl_arena_strndup(a, (const char *)t.p, t.len);
    bl_buf_free(&t);

    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "badge", bc->name, "issuer",
                            org->name, "award_url", award_url, "baked_url", baked, "baked_kind",
                            kind, "image_url", image);
    if (!ctx)
        return bl_fail(ei, BL_EINVAL, "mail: the badge or issuer name cannot be used");
    if (name)
        json_object_set_new(ctx, "name", json_string(name));
    if (bc->description && *bc->description)
        json_object_set_new(ctx, "description", json_string(bc->description));
    if (receive)
        json_object_set_new(ctx, "receive_url", json_string(receive));
    e = bl_app_mail_html(MAIL_TEMPLATE, ctx, a, &out->html, ei);
    json_decref(ctx);
    return e;
}

enum bl_err bl_app_mail_queue_award(struct bl_tx *tx, const struct bl_app *app, struct bl_arena *a,
                                    const struct bl_org *org, const struct bl_badgeclass *bc,
                                    const struct bl_award *aw, struct bl_errinfo *ei)
{
    struct bl_app_mail mail;
    enum bl_err e = bl_app_mail_award(app, a, org, bc, aw, &mail, ei);
    if (e != BL_OK)
        return e;
    int64_t now = bl_app_now(app);
    struct bl_outbox m = {.org_id = org->id,
                          .award_id = aw->id,
                          .to_addr = aw->recipient_email,
                          .subject = mail.subject,
                          .body_text = mail.text,
                          .body_html = mail.html,
                          .created_at = now,
                          .next_attempt_at = now};
    return bl_store_outbox_enqueue(tx, &m, ei);
}

enum bl_err bl_app_mail_retry_parse(const char *text, struct bl_app_mail_sender *s,
                                    struct bl_errinfo *ei)
{
    return bl_app_retry_parse("mail_retry", text, s->retry, &s->nretry, ei);
}

enum bl_err bl_app_retry_parse(const char *setting, const char *text,
                               int64_t retry[BL_APP_MAIL_RETRY_MAX], size_t *nretry,
                               struct bl_errinfo *ei)
{
    const char *p = text ? text : "";
    *nretry = 0;
    while (*p) {
        int64_t v = 0;
        const char *start = p;
        for (; *p >= '0' && *p <= '9' && v <= RETRY_LONGEST; p++)
            v = v * 10 + (*p - '0');
        if (p == start || v < 1 || v > RETRY_LONGEST || (*p && *p != ',') ||
            *nretry == BL_APP_MAIL_RETRY_MAX)
            return bl_fail(ei, BL_EINVAL,
                           "%s: 1 to %u delays in seconds (1..%d) separated by commas", setting,
                           BL_APP_MAIL_RETRY_MAX, RETRY_LONGEST);
        retry[(*nretry)++] = v;
        if (*p == ',' && *++p == '\0')
            return bl_fail(ei, BL_EINVAL, "%s: a delay is missing after the last comma", setting);
    }
    if (*nretry == 0)
        return bl_fail(ei, BL_EINVAL, "%s: at least one delay is expected", setting);
    return BL_OK;
}

enum bl_err bl_app_mail_deliver(struct bl_app *app, const struct bl_app_mail_sender *s,
                                size_t *sent, size_t *failed, struct bl_errinfo *ei)
{
    struct bl_app_outbox_channel ch = {.channel = "email",
                                       .lease = BL_APP_MAIL_LEASE,
                                       .retry = s->retry,
                                       .nretry = s->nretry,
                                       .cancel = s->smtp.cancel,
                                       .send = send_one,
                                       .cls = (void *)(uintptr_t)s};
    return bl_app_outbox_deliver(app, &ch, sent, failed, ei);
}

enum bl_err bl_app_outbox_deliver(struct bl_app *app, const struct bl_app_outbox_channel *ch,
                                  size_t *sent, size_t *failed, struct bl_errinfo *ei)
{
    struct bl_arena arena;
    struct claim_ctx c = {.app = app, .ch = ch, .arena = &arena};
    enum bl_err e;

    *sent = *failed = 0;
    bl_arena_init(&arena);
    e = bl_store_run(app->store, BL_TX_WRITE, claim_tx, &c, ei);
    for (size_t i = 0; e == BL_OK && i < c.n; i++) {
        const struct bl_outbox *m = &c.rows[i].m;
        struct mark_ctx mk = {.id = m->id, .app = app, .ch = ch};
        char why[BL_APP_MAIL_ERROR_MAX] = "";
        enum bl_app_outcome o;
        if (ch->cancel && atomic_load(ch->cancel)) {
            /* Stopping: hand it back, due at once for the next sender. */
            mk.at = bl_app_now(app);
            mk.error = "interrupted: the server stopped before sending";
        } else if (m->expires_at > 0 && bl_app_now(app) >= m->expires_at) {
            /* Worth nothing now (a sign-in code past its validity): dropped unsent. */
            mk.at = BL_OUTBOX_GIVEN_UP;
            mk.error = "expired: not sent";
            mk.expired = m;
            (*failed)++;
        } else if ((o = ch->send(app, ch->cls, m, c.rows[i].org_name, why, sizeof why)) ==
                   BL_APP_SENT) {
            mk.sent = true;
            mk.at = bl_app_now(app);
            (*sent)++;
        } else {
            mk.error = why;
            mk.at = o == BL_APP_RETRY ? next_attempt(ch, m, bl_app_now(app)) : BL_OUTBOX_GIVEN_UP;
            (*failed)++;
        }
        e = bl_store_run(app->store, BL_TX_WRITE, mark_tx, &mk, ei);
    }
    bl_arena_free(&arena);
    return e;
}

/* ---- helpers ---- */

enum bl_err bl_app_mail_html(const char *name, json_t *ctx, struct bl_arena *a, const char **out,
                             struct bl_errinfo *ei)
{
    const struct bl_embedded_file *f = NULL;
    struct bl_tmpl *t = NULL;
    struct bl_buf b;
    enum bl_err e;

    for (size_t i = 0; i < bl_mail_templates_count && !f; i++)
        if (strcmp(bl_mail_templates[i].name, name) == 0)
            f = &bl_mail_templates[i];
    if (!f)
        return bl_fail(ei, BL_ENOTFOUND, "mail: web/templates/%s is not embedded", name);
    /* Compiled per message: mails are rare next to the cost of signing an award. */
    if ((e = bl_tmpl_compile((const char *)f->bytes, f->len, &t, ei)) != BL_OK)
        return e;
    bl_buf_init(&b, BL_APP_MAIL_BODY_MAX);
    e = bl_tmpl_render(t, ctx, NULL, &b, ei);
    if (e == BL_OK)
        *out = bl_arena_strndup(a, (const char *)b.p, b.len);
    bl_buf_free(&b);
    bl_tmpl_free(t);
    return e;
}

static enum bl_err claim_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct claim_ctx *c = cls;
    struct bl_outbox *rows = NULL;
    size_t n = 0;
    int64_t now = bl_app_now(c->app);
    bl_tx_set_arena(tx, c->arena);
    c->n = 0;
    enum bl_err e = bl_store_outbox_claim_channel(tx, c->ch->channel, now, now + c->ch->lease,
                                                  BL_APP_MAIL_BATCH, &rows, &n, ei);
    if (e != BL_OK || n == 0)
        return e;
    c->rows = bl_arena_alloc(c->arena, n * sizeof *c->rows);
    for (size_t i = 0; i < n && e == BL_OK; i++) {
        struct bl_org org;
        c->rows[i].m = rows[i];
        /* backpack sign-in codes belong to no organisation (migration 010) */
        e = rows[i].org_id ? bl_store_org_get(tx, rows[i].org_id, &org, ei) : BL_OK;
        c->rows[i].org_name = e == BL_OK && rows[i].org_id ? org.name : NULL;
    }
    if (e == BL_OK)
        c->n = n;
    return e;
}

static enum bl_err mark_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct mark_ctx *m = cls;
    enum bl_err e = m->sent ? bl_store_outbox_sent(tx, m->id, m->at, ei)
                            : bl_store_outbox_failed(tx, m->id, m->at, m->error, ei);
    /* Another sender finished it after our lease ran out: nothing to record. */
    if (e == BL_ENOTFOUND)
        return BL_OK;
    /* No address in the log: the message's id and channel say which one. */
    if (e == BL_OK && m->expired)
        e = bl_app_audit(tx, m->app, &bl_actor_system, m->expired->org_id, "outbox.expired",
                         bl_arena_printf(bl_tx_arena(tx), "outbox/%lld", (long long)m->id),
                         bl_arena_printf(bl_tx_arena(tx),
                                         "{\"channel\":\"%s\",\"expires_at\":%lld,"
                                         "\"attempts\":%lld}",
                                         m->ch->channel, (long long)m->expired->expires_at,
                                         (long long)m->expired->attempts),
                         ei);
    return e;
}

/*
 * When a message that failed is tried again: after the schedule's next
 * delay; past the schedule, a message that expires is tried again after
 * the last delay until it expires (a notice outlives a gateway's night
 * off); otherwise never.
 */
static int64_t next_attempt(const struct bl_app_outbox_channel *ch, const struct bl_outbox *m,
                            int64_t now)
{
    if (m->attempts >= 1 && (size_t)m->attempts <= ch->nretry)
        return now + ch->retry[m->attempts - 1];
    if (m->expires_at > 0 && ch->nretry > 0 && now + ch->retry[ch->nretry - 1] < m->expires_at)
        return now + ch->retry[ch->nretry - 1];
    return BL_OUTBOX_GIVEN_UP;
}

/* Build the MIME message and send it over SMTP (cls: the mail sender); a refusal is retried. */
static enum bl_app_outcome send_one(const struct bl_app *app, void *cls, const struct bl_outbox *m,
                                    const char *org_name, char *why, size_t whylen)
{
    const struct bl_app_mail_sender *s = cls;
    char token[BL_MIME_TOKEN_MAX + 1];
    struct bl_errinfo ei;
    struct bl_buf msg;
    bool ok = false;

    bl_errinfo_clear(&ei);
    /* Stable across attempts, so a relay or reader can spot a duplicate. */
    (void)snprintf(token, sizeof token, "bl.%lld.%lld", (long long)m->id, (long long)m->created_at);
    struct bl_mime_msg mm = {.from = s->from ? s->from : s->smtp.from,
                             .from_name = org_name,
                             .to = m->to_addr,
                             .subject = m->subject,
                             .text = m->body_text,
                             .html = m->body_html,
                             .date = bl_app_now(app),
                             .token = token};
    bl_buf_init(&msg, MESSAGE_MAX);
    if (bl_mime_build(&mm, &msg, &ei) == BL_OK &&
        bl_smtp_send(&s->smtp, m->to_addr, (const char *)msg.p, msg.len, NULL, &ei) == BL_OK)
        ok = true;
    if (!ok)
        (void)snprintf(why, whylen, "%s", ei.msg[0] ? ei.msg : bl_strerror(ei.code));
    bl_buf_free(&msg);
    return ok ? BL_APP_SENT : BL_APP_RETRY;
}
