/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * opportunity.c: the use cases of opportunities and applications
 * (opportunity.h, docs/internals/opportunity.md): the organisation's side
 * (create, change, list, read applications, answer, record the outcome)
 * and the young person's side (what is open to them, apply, withdraw).
 */
#include <string.h>

#include "app/mail.h"
#include "app/opportunity.h"
#include "app/sms.h"
#include "app/util.h"
#include "core/obdate.h"
#include "core/utf8.h"
#include "core/paris.h"

static const char *const KINDS[] = {"emploi", "entretien", "immersion", "apprentissage",
                                    "formation"};
static const char *const ANSWERS[] = {"seen", "interview", "accepted", "refused"};
static const char *const OUTCOMES[] = {"hired", "not_retained", "no_follow_up"};

/* Set once at start by the pathway engine; read by every evaluation. */
static bl_app_opp_pathway_fn pathway_hook;

static bool in_set(const char *s, const char *const *set, size_t n);
static enum bl_err check_day(const char *field, const char *s, struct bl_errinfo *ei);
static enum bl_err staff_opp(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                             const char *uid, enum bl_role need, struct bl_opp *o,
                             struct bl_errinfo *ei);
static enum bl_err member(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                          const char *kind, const char *uid, struct bl_errinfo *ei);
static enum bl_err evaluate(struct bl_tx *tx, const struct bl_app *app, int64_t holder_id,
                            struct bl_arena *a, const struct bl_award_brief *awards, size_t n,
                            struct bl_app_opp_match *m, struct bl_errinfo *ei);

void bl_app_opp_set_pathway_hook(bl_app_opp_pathway_fn fn)
{
    pathway_hook = fn;
}

bool bl_app_opp_kind_ok(const char *kind)
{
    return in_set(kind, KINDS, sizeof KINDS / sizeof KINDS[0]);
}

void bl_app_opp_day(int64_t t, char out[11])
{
    char full[BL_OBDATE_LEN];
    if (bl_obdate_format(bl_paris_local(t), full, NULL) != BL_OK)
        memcpy(full, "9999-12-31", 11);
    memcpy(out, full, 10);
    out[10] = '\0';
}

/* ---- the organisation's side ---- */

struct save_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const char *uid;
    const struct bl_app_opp_input *in;
    char *out_uid;
};

static enum bl_err save_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct save_ctx *c = cls;
    const struct bl_app_opp_input *in = c->in;
    struct bl_arena *a = bl_tx_arena(tx);
    struct bl_opp o = {0};
    int64_t ids[BL_APP_OPP_REQ_MAX];
    size_t n = 0;
    enum bl_err e = member(tx, c->who, c->org_id, "organisation", "", ei);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e != BL_OK)
        return e;
    for (size_t i = 0; i < in->n_badges; i++) {
        struct bl_badgeclass b;
        e = bl_store_badgeclass_by_uid(tx, in->badge_uids[i], &b, ei);
        if (e == BL_ENOTFOUND)
            return bl_fail(ei, BL_EINVAL, "badges: no badge class %.40s", in->badge_uids[i]);
        if (e != BL_OK)
            return e;
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup = dup || ids[k] == b.id;
        if (!dup)
            ids[n++] = b.id;
    }
    int64_t now = bl_app_now(c->app);
    if (c->uid) {
        e = staff_opp(tx, c->who, c->org_id, c->uid, BL_ROLE_ISSUER, &o, ei);
        if (e != BL_OK)
            return e;
        /* The compare-and-set is the UPDATE's: based on the caller's version if given,
         * else on the one just read (this write transaction is serialised). */
        if (in->version != 0)
            o.version = in->version;
    } else {
        bl_app_uid(c->out_uid);
        o.uid = c->out_uid;
        o.org_id = c->org_id;
        o.created_by = c->who->account_id;
        o.created_at = now;
    }
    /* A pathway named anew is checked here, in the write: one archived since the
     * friendly check before the save is refused all the same. */
    if (in->pathway_id > 0 && in->pathway_id != o.pathway_id)
        e = bl_app__opp_pathway_usable(tx, in->pathway_id, ei);
    if (e != BL_OK)
        return e;
    o.kind = in->kind;
    o.title = in->title;
    o.description = in->description;
    o.place = in->place;
    o.start_date = in->start_date;
    o.end_date = in->end_date;
    o.places = in->places;
    o.status = in->closed ? "closed" : "open";
    o.pathway_id = in->pathway_id;
    o.updated_at = now;
    e = c->uid ? bl_store_opp_update(tx, &o, ei) : bl_store_opp_insert(tx, &o, ei);
    if (e == BL_OK)
        e = bl_store_opp_req_set(tx, o.id, ids, n, ei);
    if (e == BL_OK)
        e = bl_app_audit(
            tx, c->app, c->who, c->org_id, c->uid ? "opportunity.update" : "opportunity.create",
            o.uid, bl_arena_printf(a, "{\"requirements\":%zu,\"status\":\"%s\"}", n, o.status), ei);
    if (e == BL_OK && c->uid)
        memcpy(c->out_uid, o.uid, 23);
    return e;
}

enum bl_err bl_app_opp_save(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                            const char *uid, const struct bl_app_opp_input *in, char out_uid[23],
                            struct bl_errinfo *ei)
{
    enum bl_err e;
    out_uid[0] = '\0';
    if (!bl_app_opp_kind_ok(in->kind))
        return bl_fail(ei, BL_EINVAL,
                       "kind: one of emploi, entretien, immersion, apprentissage,"
                       " formation");
    if ((e = bl_app_check_text("title", in->title, true, BL_APP_OPP_TITLE_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("description", in->description, false, BL_APP_TEXT_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_text("place", in->place, false, BL_APP_OPP_PLACE_MAX, ei)) != BL_OK ||
        (e = check_day("start_date", in->start_date, ei)) != BL_OK ||
        (e = check_day("end_date", in->end_date, ei)) != BL_OK)
        return e;
    if (in->start_date && in->end_date && *in->start_date && *in->end_date &&
        strcmp(in->end_date, in->start_date) < 0)
        return bl_fail(ei, BL_EINVAL, "end_date: before the start date");
    if (in->places < 1 || in->places > BL_APP_OPP_PLACES_MAX)
        return bl_fail(ei, BL_EINVAL, "places: between 1 and %d", BL_APP_OPP_PLACES_MAX);
    if (in->n_badges > BL_APP_OPP_REQ_MAX)
        return bl_fail(ei, BL_EINVAL, "badges: %u at most", BL_APP_OPP_REQ_MAX);
    if (in->n_badges == 0 && in->pathway_id <= 0)
        return bl_fail(ei, BL_EINVAL, "badges: required (at least one badge or a pathway)");
    struct save_ctx c = {app, who, org_id, uid, in, out_uid};
    return bl_store_run(app->store, BL_TX_WRITE, save_tx, &c, ei);
}

struct read_ctx {
    const struct bl_actor *who;
    struct bl_app *app;
    struct bl_arena *arena;
    int64_t org_id;
    const char *uid;
    const char *q;
    struct bl_opp *opp;
    struct bl_opp **opps;
    struct bl_opp_req **reqs;
    size_t *n;
    struct bl_app_opp_applicant **apps;
};

static enum bl_err get_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = staff_opp(tx, c->who, c->org_id, c->uid, BL_ROLE_VIEWER, c->opp, ei);
    if (e == BL_OK)
        e = bl_store_opp_req_list(tx, c->opp->id, NULL, c->reqs, c->n, ei);
    return e;
}

enum bl_err bl_app_opp_get(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                           const char *uid, struct bl_arena *arena, struct bl_opp *out,
                           struct bl_opp_req **reqs, size_t *n_reqs, struct bl_errinfo *ei)
{
    struct read_ctx c = {.who = who,
                         .arena = arena,
                         .org_id = org_id,
                         .uid = uid,
                         .opp = out,
                         .reqs = reqs,
                         .n = n_reqs};
    return bl_store_run(app->store, BL_TX_READ, get_tx, &c, ei);
}

static enum bl_err list_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = member(tx, c->who, c->org_id, "organisation", "", ei);
    if (e == BL_OK)
        e = bl_store_opp_list_org(tx, c->org_id, c->opps, c->n, ei);
    return e;
}

enum bl_err bl_app_opp_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                            struct bl_arena *arena, struct bl_opp **rows, size_t *n,
                            struct bl_errinfo *ei)
{
    struct read_ctx c = {.who = who, .arena = arena, .org_id = org_id, .opps = rows, .n = n};
    return bl_store_run(app->store, BL_TX_READ, list_tx, &c, ei);
}

static enum bl_err find_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = member(tx, c->who, c->org_id, "organisation", "", ei);
    if (e == BL_OK)
        e = bl_store_badge_find_network(tx, c->q, BL_APP_OPP_FIND_MAX, c->reqs, c->n, ei);
    return e;
}

enum bl_err bl_app_opp_badge_find(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const char *q, struct bl_arena *arena, struct bl_opp_req **rows,
                                  size_t *n, struct bl_errinfo *ei)
{
    *rows = NULL;
    *n = 0;
    enum bl_err e = bl_app_check_text("q", q, false, BL_APP_NAME_MAX, ei);
    if (e != BL_OK)
        return e;
    struct read_ctx c = {
        .who = who, .arena = arena, .org_id = org_id, .q = q ? q : "", .reqs = rows, .n = n};
    return bl_store_run(app->store, BL_TX_READ, find_tx, &c, ei);
}

static enum bl_err apps_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    struct bl_opp o;
    struct bl_application *rows = NULL;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = staff_opp(tx, c->who, c->org_id, c->uid, BL_ROLE_VIEWER, &o, ei);
    if (e == BL_OK)
        e = bl_store_app_list_opp(tx, o.id, &rows, c->n, ei);
    if (e != BL_OK)
        return e;
    /* Answering staff reading a new application is what "vue" tells the young person. */
    bool may_answer = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, NULL) == BL_OK;
    size_t fresh = 0;
    int64_t now = bl_app_now(c->app);
    *c->apps = bl_arena_zalloc(c->arena, (*c->n ? *c->n : 1) * sizeof **c->apps);
    for (size_t i = 0; e == BL_OK && i < *c->n; i++) {
        struct bl_app_opp_applicant *p = &(*c->apps)[i];
        p->a = rows[i];
        if (may_answer && strcmp(p->a.status, "sent") == 0) {
            p->a.status = "seen";
            p->a.updated_at = now;
            e = bl_store_app_update(tx, &p->a, ei);
            fresh++;
        }
        if (e == BL_OK)
            e = bl_store_app_awards(tx, p->a.id, &p->awards, &p->n_awards, ei);
    }
    if (e == BL_OK && fresh)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "application.read", o.uid,
                         bl_arena_printf(c->arena, "{\"new\":%zu}", fresh), ei);
    return e;
}

enum bl_err bl_app_opp_applications(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    const char *opp_uid, struct bl_arena *arena,
                                    struct bl_app_opp_applicant **rows, size_t *n,
                                    struct bl_errinfo *ei)
{
    struct read_ctx c = {.who = who,
                         .app = app,
                         .arena = arena,
                         .org_id = org_id,
                         .uid = opp_uid,
                         .apps = rows,
                         .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_WRITE, apps_tx, &c, ei);
}

struct answer_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const char *app_uid, *status, *message, *outcome;
};

/* The application app_uid if it is to an opportunity of org_id and the actor a member there. */
static enum bl_err org_application(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                                   const char *app_uid, struct bl_application *a, struct bl_opp *o,
                                   struct bl_errinfo *ei)
{
    enum bl_err e = member(tx, who, org_id, "application", app_uid, ei);
    if (e == BL_OK)
        e = bl_store_app_by_uid(tx, app_uid, a, ei);
    if (e == BL_OK)
        e = bl_store_opp_by_uid(tx, a->opp_uid, o, ei);
    if (e == BL_OK && o->org_id != org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no application %.40s", app_uid);
    return e;
}

static enum bl_err application_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    struct bl_app_opp_applicant *p = *c->apps;
    struct bl_opp o;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = org_application(tx, c->who, c->org_id, c->uid, &p->a, &o, ei);
    if (e == BL_OK)
        e = bl_store_app_awards(tx, p->a.id, &p->awards, &p->n_awards, ei);
    return e;
}

enum bl_err bl_app_opp_application(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                   const char *app_uid, struct bl_arena *arena,
                                   struct bl_app_opp_applicant *out, struct bl_errinfo *ei)
{
    struct read_ctx c = {
        .who = who, .arena = arena, .org_id = org_id, .uid = app_uid, .apps = &out};
    memset(out, 0, sizeof *out);
    return bl_store_run(app->store, BL_TX_READ, application_tx, &c, ei);
}

/* The application app_uid if it is to an opportunity of org_id the actor may answer. */
static enum bl_err staff_application(struct bl_tx *tx, const struct answer_ctx *c,
                                     struct bl_application *a, struct bl_opp *o,
                                     struct bl_errinfo *ei)
{
    enum bl_err e = org_application(tx, c->who, c->org_id, c->app_uid, a, o, ei);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK && strcmp(a->status, "withdrawn") == 0)
        e = bl_fail(ei, BL_EEXISTS, "status: the application was withdrawn");
    return e;
}

/* What an answer means to the young person, in the message that tells them. */
static const char *answer_label(const char *status)
{
    if (strcmp(status, "interview") == 0)
        return "un entretien vous est proposé";
    if (strcmp(status, "accepted") == 0)
        return "votre candidature est acceptée";
    if (strcmp(status, "refused") == 0)
        return "votre candidature n'est pas retenue";
    return NULL; /* "seen": the page says so, no message */
}

/*
 * Tell the young person that their application moved, in tx: to the
 * contact they gave with it while it is still a proven identifier of
 * theirs, else their first proven email or phone.  A
 * mail goes through the outbox like every mail; a phone through the SMS
 * sender (the outbox again, delivered by the gateway when one is set).
 */
static enum bl_err notify_answer(struct bl_tx *tx, const struct bl_app *app,
                                 const struct bl_application *a, const struct bl_opp *o,
                                 struct bl_errinfo *ei)
{
    struct bl_arena *ar = bl_tx_arena(tx);
    const char *label = answer_label(a->status);
    if (!label)
        return BL_OK;
    const char *to = NULL;
    struct bl_holder_ident *ids = NULL;
    size_t n = 0;
    enum bl_err e = bl_store_holder_ident_list(tx, a->holder_id, &ids, &n, ei);
    if (e != BL_OK)
        return e;
    for (size_t i = 0; a->contact && *a->contact && !to && i < n; i++)
        if (ids[i].verified_at && strcmp(ids[i].value, a->contact) == 0)
            to = ids[i].value;
    for (size_t i = 0; !to && i < n; i++) /* proven first in the list */
        if (ids[i].verified_at)
            to = ids[i].value;
    if (!to)
        return BL_OK; /* nobody to write to: the backpack shows it */
    const char *link = bl_arena_printf(ar, "%s/sac/opportunites/%s", app->base_url, o->uid);
    if (to[0] == '+') /* short, cut on characters, plain quotes (GSM alphabet) */
        return bl_app_sms_outbox.send(
            bl_app_sms_outbox.cls, tx, app, to,
            bl_arena_printf(ar, "Blason : %.*s a répondu à votre candidature \"%.*s\" : %s. %s",
                            (int)bl_utf8_prefix(o->org_name, 60), o->org_name,
                            (int)bl_utf8_prefix(o->title, 60), o->title, label, link),
            bl_app_now(app) + BL_APP_SMS_NOTICE_TTL, ei);
    char *subject = bl_arena_printf(ar, "Réponse à votre candidature « %s »", o->title);
    for (char *p = subject; *p; p++) /* a title may hold a line break; a header not */
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    const char *text = bl_arena_printf(
        ar,
        "Bonjour%s%s,\n\n%s a répondu à votre candidature « %s » : %s.\n\n%s%s%s"
        "Voir dans mon sac à badges :\n%s\n\n-- \nCe message vous est envoyé par Blason parce "
        "que vous avez postulé avec cette adresse.\n",
        a->first_name && *a->first_name ? " " : "", a->first_name ? a->first_name : "", o->org_name,
        o->title, label, a->answer && *a->answer ? "Son message :\n" : "",
        a->answer ? a->answer : "", a->answer && *a->answer ? "\n\n" : "", link);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s}", "subject", subject, "org", o->org_name,
                            "title", o->title, "label", label, "link", link);
    if (!ctx)
        return bl_fail(ei, BL_EINVAL, "mail: the opportunity's text cannot be used");
    if (a->first_name && *a->first_name)
        json_object_set_new(ctx, "name", json_string(a->first_name));
    if (a->answer && *a->answer)
        json_object_set_new(ctx, "answer", json_string(a->answer));
    const char *html = NULL;
    e = bl_app_mail_html("mail-answer.html", ctx, ar, &html, ei);
    json_decref(ctx);
    int64_t id;
    if (e == BL_OK)
        e = bl_store_outbox_enqueue_channel(tx, "email", to, subject, text, html, bl_app_now(app),
                                            &id, ei);
    return e;
}

static enum bl_err answer_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct answer_ctx *c = cls;
    struct bl_application a;
    struct bl_opp o;
    enum bl_err e = staff_application(tx, c, &a, &o, ei);
    if (e != BL_OK)
        return e;
    /* Places are counted in this transaction (serialised writes): of two
     * accepts racing for the last place, the second reads it taken. */
    if (c->status && strcmp(c->status, "accepted") == 0 && strcmp(a.status, "accepted") != 0 &&
        o.accepted >= o.places)
        return bl_fail(ei, BL_EEXISTS, "places: all %lld places are taken", (long long)o.places);
    int64_t now = bl_app_now(c->app);
    const char *before = a.status;
    a.updated_at = now;
    const char *action;
    if (c->outcome) {
        a.outcome = c->outcome;
        a.outcome_at = now;
        action = "application.outcome";
    } else {
        a.status = c->status;
        a.answer = c->message ? c->message : "";
        a.answered_at = now;
        action = "application.answer";
    }
    e = bl_store_app_update(tx, &a, ei);
    /* Told once per change of status; a message that cannot be made does not undo the answer. */
    if (e == BL_OK && !c->outcome && strcmp(before, a.status) != 0) {
        struct bl_errinfo why = {0};
        enum bl_err n = notify_answer(tx, c->app, &a, &o, &why);
        if (n == BL_EDB || n == BL_ERETRY)
            e = bl_fail(ei, n, "%s", why.msg);
    }
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, action, a.uid,
                         bl_arena_printf(bl_tx_arena(tx),
                                         "{\"opportunity\":\"%s\",\"value\":\"%s\"}", o.uid,
                                         c->outcome ? c->outcome : c->status),
                         ei);
    return e;
}

enum bl_err bl_app_opp_answer(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              const char *app_uid, const char *status, const char *message,
                              struct bl_errinfo *ei)
{
    if (!in_set(status, ANSWERS, sizeof ANSWERS / sizeof ANSWERS[0]))
        return bl_fail(ei, BL_EINVAL, "status: one of seen, interview, accepted, refused");
    enum bl_err e = bl_app_check_text("answer", message, false, BL_APP_OPP_ANSWER_MAX, ei);
    if (e != BL_OK)
        return e;
    struct answer_ctx c = {app, who, org_id, app_uid, status, message, NULL};
    return bl_store_run(app->store, BL_TX_WRITE, answer_tx, &c, ei);
}

enum bl_err bl_app_opp_outcome(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *app_uid, const char *outcome, struct bl_errinfo *ei)
{
    if (!in_set(outcome, OUTCOMES, sizeof OUTCOMES / sizeof OUTCOMES[0]))
        return bl_fail(ei, BL_EINVAL, "outcome: one of hired, not_retained, no_follow_up");
    struct answer_ctx c = {app, who, org_id, app_uid, NULL, NULL, outcome};
    return bl_store_run(app->store, BL_TX_WRITE, answer_tx, &c, ei);
}

/* ---- the young person's side ---- */

void bl_app_opp_match_awards(struct bl_arena *arena, struct bl_app_opp_match *m,
                             const struct bl_award_brief *awards, size_t n, int64_t now)
{
    size_t nr = m->n_reqs ? m->n_reqs : 1;
    m->held = bl_arena_zalloc(arena, nr * sizeof *m->held);
    m->n_held = bl_arena_zalloc(arena, nr * sizeof *m->n_held);
    m->missing = 0;
    m->missing_one = NULL;
    for (size_t i = 0; i < m->n_reqs; i++) {
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            k += awards[j].badgeclass_id == m->reqs[i].badgeclass_id;
        m->held[i] = bl_arena_zalloc(arena, (k ? k : 1) * sizeof **m->held);
        for (size_t j = 0; j < n; j++) {
            const struct bl_award_brief *w = &awards[j];
            if (w->badgeclass_id != m->reqs[i].badgeclass_id || w->revoked_at != 0 ||
                (w->expires_at != 0 && w->expires_at <= now))
                continue;
            m->held[i][m->n_held[i]++] = *w;
        }
        if (m->n_held[i] == 0) {
            m->missing++;
            m->missing_one = &m->reqs[i];
        }
    }
    if (m->missing != 1)
        m->missing_one = NULL;
}

struct holder_ctx {
    struct bl_app *app;
    int64_t holder_id;
    struct bl_arena *arena;
    const char *uid;
    struct bl_app_opp_match *one;
    struct bl_app_opp_match **open, **step;
    size_t *n_open, *n_step;
    const char *const *award_uids;
    size_t n_awards;
    const char *contact, *message;
    char *out_uid;
    struct bl_application **apps;
    size_t *n;
};

static enum bl_err for_holder_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct holder_ctx *c = cls;
    struct bl_arena *a = c->arena;
    struct bl_award_brief *aw = NULL;
    struct bl_opp *opps = NULL;
    struct bl_opp_req *reqs = NULL;
    size_t n_aw = 0, n_opps = 0, n_reqs = 0;
    char today[11];
    bl_tx_set_arena(tx, a);
    bl_app_opp_day(bl_app_now(c->app), today);
    enum bl_err e = bl_store_holder_awards(tx, c->holder_id, &aw, &n_aw, ei);
    if (e == BL_OK)
        e = bl_store_opp_list_open(tx, today, &opps, &n_opps, ei);
    if (e == BL_OK)
        e = bl_store_opp_req_list(tx, 0, today, &reqs, &n_reqs, ei);
    if (e != BL_OK)
        return e;
    *c->open = bl_arena_zalloc(a, (n_opps ? n_opps : 1) * sizeof **c->open);
    *c->step = bl_arena_zalloc(a, (n_opps ? n_opps : 1) * sizeof **c->step);
    *c->n_open = *c->n_step = 0;
    for (size_t i = 0; e == BL_OK && i < n_opps; i++) {
        struct bl_app_opp_match m = {.opp = opps[i]};
        /* Requirements come ordered by opportunity: find this one's run. */
        size_t k = 0;
        while (k < n_reqs && reqs[k].opportunity_id != opps[i].id)
            k++;
        m.reqs = reqs + k;
        while (k + m.n_reqs < n_reqs && reqs[k + m.n_reqs].opportunity_id == opps[i].id)
            m.n_reqs++;
        if (m.n_reqs == 0 && k == n_reqs)
            m.reqs = NULL;
        e = evaluate(tx, c->app, c->holder_id, a, aw, n_aw, &m, ei);
        if (e != BL_OK)
            break;
        if (m.qualifies)
            (*c->open)[(*c->n_open)++] = m;
        else if ((m.missing == 1 && m.pathway_ok) || (m.missing == 0 && m.pathway_one_step))
            (*c->step)[(*c->n_step)++] = m;
    }
    return e;
}

enum bl_err bl_app_opp_for_holder(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                                  struct bl_app_opp_match **open, size_t *n_open,
                                  struct bl_app_opp_match **one_step, size_t *n_one,
                                  struct bl_errinfo *ei)
{
    struct holder_ctx c = {.app = app,
                           .holder_id = holder_id,
                           .arena = arena,
                           .open = open,
                           .step = one_step,
                           .n_open = n_open,
                           .n_step = n_one};
    *open = *one_step = NULL;
    *n_open = *n_one = 0;
    return bl_store_run(app->store, BL_TX_READ, for_holder_tx, &c, ei);
}

/* One opportunity evaluated for the holder, in tx. */
static enum bl_err view_in(struct bl_tx *tx, struct holder_ctx *c, struct bl_errinfo *ei)
{
    struct bl_award_brief *aw = NULL;
    size_t n_aw = 0;
    struct bl_app_opp_match *m = c->one;
    memset(m, 0, sizeof *m);
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_opp_by_uid(tx, c->uid, &m->opp, ei);
    if (e == BL_OK)
        e = bl_store_opp_req_list(tx, m->opp.id, NULL, &m->reqs, &m->n_reqs, ei);
    if (e == BL_OK)
        e = bl_store_holder_awards(tx, c->holder_id, &aw, &n_aw, ei);
    if (e == BL_OK)
        e = evaluate(tx, c->app, c->holder_id, c->arena, aw, n_aw, m, ei);
    if (e != BL_OK)
        return e;
    struct bl_application ap;
    e = bl_store_app_of_holder(tx, m->opp.id, c->holder_id, &ap, NULL);
    if (e == BL_OK) {
        m->applied = bl_arena_alloc(c->arena, sizeof *m->applied);
        *m->applied = ap;
    } else if (e != BL_ENOTFOUND) {
        return bl_fail(ei, e, "reading the application failed");
    }
    return BL_OK;
}

static enum bl_err view_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    return view_in(tx, cls, ei);
}

enum bl_err bl_app_opp_view(struct bl_app *app, int64_t holder_id, const char *opp_uid,
                            struct bl_arena *arena, struct bl_app_opp_match *out,
                            struct bl_errinfo *ei)
{
    struct holder_ctx c = {
        .app = app, .holder_id = holder_id, .arena = arena, .uid = opp_uid, .one = out};
    return bl_store_run(app->store, BL_TX_READ, view_tx, &c, ei);
}

static enum bl_err apply_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct holder_ctx *c = cls;
    struct bl_app_opp_match m;
    struct bl_holder_ident *ids = NULL;
    size_t n_ids = 0;
    int64_t chosen[BL_APP_OPP_REQ_MAX];
    c->one = &m;
    enum bl_err e = view_in(tx, c, ei);
    if (e != BL_OK)
        return e;
    if (m.applied)
        return bl_fail(ei, BL_EEXISTS, "applied: already applied to this opportunity");
    if (strcmp(m.opp.status, "open") != 0)
        return bl_fail(ei, BL_EDENIED, "qualify: the opportunity is closed");
    char today[11];
    bl_app_opp_day(bl_app_now(c->app), today);
    if (*m.opp.end_date && strcmp(m.opp.end_date, today) < 0)
        return bl_fail(ei, BL_EDENIED, "qualify: the opportunity has ended");
    if (m.opp.accepted >= m.opp.places)
        return bl_fail(ei, BL_EDENIED, "full: all %lld places are taken", (long long)m.opp.places);
    if (!m.qualifies)
        return bl_fail(ei, BL_EDENIED, "qualify: %zu required badge(s) missing%s", m.missing,
                       m.pathway_ok ? "" : ", pathway not completed");
    /* Exactly one valid award of the holder per requirement, nothing more. */
    if (c->n_awards != m.n_reqs)
        return bl_fail(ei, BL_EINVAL, "awards: choose one award per required badge (%zu)",
                       m.n_reqs);
    for (size_t i = 0; i < m.n_reqs; i++) {
        chosen[i] = 0;
        for (size_t k = 0; k < c->n_awards && !chosen[i]; k++)
            for (size_t j = 0; j < m.n_held[i]; j++)
                if (strcmp(m.held[i][j].uid, c->award_uids[k]) == 0)
                    chosen[i] = m.held[i][j].id;
        if (!chosen[i])
            return bl_fail(ei, BL_EINVAL, "awards: none of the chosen awards is a valid %s",
                           m.reqs[i].badge_name);
    }
    /* The contact must be one of the holder's own identifiers. */
    if (c->contact && *c->contact) {
        e = bl_store_holder_ident_list(tx, c->holder_id, &ids, &n_ids, ei);
        if (e != BL_OK)
            return e;
        size_t k = 0;
        while (k < n_ids && strcmp(ids[k].value, c->contact) != 0)
            k++;
        if (k == n_ids)
            return bl_fail(ei, BL_EINVAL, "contact: not one of your email addresses or phones");
    }
    int64_t now = bl_app_now(c->app);
    struct bl_application ap = {.opportunity_id = m.opp.id,
                                .holder_id = c->holder_id,
                                .contact = c->contact ? c->contact : "",
                                .message = c->message ? c->message : "",
                                .status = "sent",
                                .created_at = now,
                                .updated_at = now};
    bl_app_uid(c->out_uid);
    ap.uid = c->out_uid;
    e = bl_store_app_insert(tx, &ap, ei);
    for (size_t i = 0; e == BL_OK && i < m.n_reqs; i++)
        e = bl_store_app_award_add(tx, ap.id, chosen[i], ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, &bl_actor_system, m.opp.org_id, "application.create", ap.uid,
                         bl_arena_printf(c->arena, "{\"opportunity\":\"%s\",\"awards\":%zu}",
                                         m.opp.uid, m.n_reqs),
                         ei);
    return e;
}

enum bl_err bl_app_opp_apply(struct bl_app *app, int64_t holder_id, const char *opp_uid,
                             const char *const *award_uids, size_t n_awards, const char *contact,
                             const char *message, char out_uid[23], struct bl_errinfo *ei)
{
    out_uid[0] = '\0';
    enum bl_err e = bl_app_check_text("message", message, false, BL_APP_OPP_ANSWER_MAX, ei);
    if (e != BL_OK)
        return e;
    if (n_awards > BL_APP_OPP_REQ_MAX)
        return bl_fail(ei, BL_EINVAL, "awards: %u at most", BL_APP_OPP_REQ_MAX);
    struct bl_arena arena;
    bl_arena_init(&arena);
    struct holder_ctx c = {.app = app,
                           .holder_id = holder_id,
                           .arena = &arena,
                           .uid = opp_uid,
                           .award_uids = award_uids,
                           .n_awards = n_awards,
                           .contact = contact,
                           .message = message,
                           .out_uid = out_uid};
    e = bl_store_run(app->store, BL_TX_WRITE, apply_tx, &c, ei);
    bl_arena_free(&arena);
    return e;
}

static enum bl_err withdraw_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct holder_ctx *c = cls;
    struct bl_application a;
    struct bl_opp o;
    enum bl_err e = bl_store_app_by_uid(tx, c->uid, &a, ei);
    if (e == BL_OK && a.holder_id != c->holder_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no application %.40s", c->uid);
    if (e != BL_OK)
        return e;
    if (strcmp(a.status, "withdrawn") == 0)
        return BL_OK;
    a.status = "withdrawn";
    a.updated_at = bl_app_now(c->app);
    e = bl_store_app_update(tx, &a, ei);
    if (e == BL_OK)
        e = bl_store_opp_by_uid(tx, a.opp_uid, &o, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, &bl_actor_system, o.org_id, "application.withdraw", a.uid,
                         NULL, ei);
    return e;
}

enum bl_err bl_app_opp_withdraw(struct bl_app *app, int64_t holder_id, const char *app_uid,
                                struct bl_errinfo *ei)
{
    struct holder_ctx c = {.app = app, .holder_id = holder_id, .uid = app_uid};
    return bl_store_run(app->store, BL_TX_WRITE, withdraw_tx, &c, ei);
}

static enum bl_err mine_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct holder_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    return bl_store_app_list_holder(tx, c->holder_id, c->apps, c->n, ei);
}

enum bl_err bl_app_opp_my_applications(struct bl_app *app, int64_t holder_id,
                                       struct bl_arena *arena, struct bl_application **rows,
                                       size_t *n, struct bl_errinfo *ei)
{
    struct holder_ctx c = {
        .app = app, .holder_id = holder_id, .arena = arena, .apps = rows, .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, mine_tx, &c, ei);
}

/* ---- helpers ---- */

static bool in_set(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, set[i]) == 0)
            return true;
    return false;
}

/* "" or a real calendar day written YYYY-MM-DD. */
static enum bl_err check_day(const char *field, const char *s, struct bl_errinfo *ei)
{
    int64_t t;
    char back[BL_OBDATE_LEN];
    if (!s || !*s)
        return BL_OK;
    char full[32];
    if (strlen(s) != 10)
        return bl_fail(ei, BL_EINVAL, "%s: a date YYYY-MM-DD", field);
    memcpy(full, s, 10);
    memcpy(full + 10, "T00:00:00Z", 11);
    if (bl_obdate_parse(full, &t, NULL, NULL) != BL_OK ||
        bl_obdate_format(t, back, NULL) != BL_OK || memcmp(back, s, 10) != 0)
        return bl_fail(ei, BL_EINVAL, "%s: a date YYYY-MM-DD", field);
    return BL_OK;
}

/* A member of org_id goes on; anyone else is told "no <kind> <uid>": not found, not denied. */
static enum bl_err member(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                          const char *kind, const char *uid, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_authorize(tx, who, org_id, BL_ROLE_VIEWER, ei);
    return e == BL_EDENIED ? bl_fail(ei, BL_ENOTFOUND, "no %s %.40s", kind, uid) : e;
}

/* The opportunity uid if it belongs to org_id and the actor holds `need` there. */
static enum bl_err staff_opp(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                             const char *uid, enum bl_role need, struct bl_opp *o,
                             struct bl_errinfo *ei)
{
    enum bl_err e = member(tx, who, org_id, "opportunity", uid, ei);
    if (e == BL_OK)
        e = bl_store_opp_by_uid(tx, uid, o, ei);
    if (e == BL_OK && o->org_id != org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no opportunity %.40s", uid);
    if (e == BL_OK && need > BL_ROLE_VIEWER)
        e = bl_app_authorize(tx, who, org_id, need, ei);
    return e;
}

/* Requirements met and pathway hook asked: fills m's match fields. */
static enum bl_err evaluate(struct bl_tx *tx, const struct bl_app *app, int64_t holder_id,
                            struct bl_arena *a, const struct bl_award_brief *awards, size_t n,
                            struct bl_app_opp_match *m, struct bl_errinfo *ei)
{
    bl_app_opp_match_awards(a, m, awards, n, bl_app_now(app));
    m->pathway_ok = true;
    if (m->opp.pathway_id > 0) {
        m->pathway_ok = false;
        if (pathway_hook) {
            enum bl_err e = pathway_hook(tx, app, m->opp.pathway_id, holder_id, &m->pathway_ok,
                                         &m->pathway_one_step, ei);
            if (e != BL_OK)
                return e;
        }
    }
    m->qualifies = m->missing == 0 && m->pathway_ok;
    return BL_OK;
}
