/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * endorse.c: endorsements (endorse.h).  Made like an award (badge.c): read
 * and authorise in a READ transaction, reserve a status index in a short
 * transaction of its own, sign outside any transaction, insert in a WRITE
 * transaction with the audit entry.
 */
#include "app/endorse.h"

#include <string.h>

#include <jansson.h>

#include "app/docs.h"
#include "app/org.h"
#include "app/util.h"
#include "core/di.h"
#include "core/json.h"
#include "core/jws.h"
#include "core/mem.h"
#include "core/ob3.h"
#include "core/obdate.h"

#define DOC_MAX (128u * 1024u) /* one signed endorsement */

const char *bl_endorse_kind_name(enum bl_endorse_subject k)
{
    return k == BL_ENDORSE_BADGE ? "badge" : k == BL_ENDORSE_ORG ? "org" : "award";
}

const char *bl_app_endorsement_url(struct bl_arena *a, const struct bl_app *app, const char *uid)
{
    return bl_arena_printf(a, "%s/endorsements/%s", app->base_url, uid);
}

struct end_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const struct bl_app_endorse_input *in;
    struct bl_arena *arena;
    struct bl_endorsement *out;
    int64_t org_id;
    /* Read by end_prepare_tx: */
    struct bl_org org, subject_org;
    struct bl_orgkey rsa_row, ed_row;
    const char *subject_id3; /* the OB 3.0 id of the subject */
    const char *subject_id2; /* the OB 2.0 id (hosted URL) */
    const char *subject_name;
};

static char *dump(struct bl_arena *a, const json_t *j, struct bl_errinfo *ei)
{
    struct bl_buf b;
    char *s = NULL;
    bl_buf_init(&b, DOC_MAX);
    if (bl_json_dump(j, JSON_COMPACT, &b, ei) == BL_OK)
        s = bl_arena_strndup(a, (const char *)b.p, b.len);
    bl_buf_free(&b);
    return s;
}

static enum bl_err end_prepare_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct end_ctx *c = cls;
    struct bl_app *app = c->app;
    struct bl_arena *ar = c->arena;
    const char *key = c->in->subject ? c->in->subject : "";
    enum bl_err e;
    bl_tx_set_arena(tx, ar);
    if ((e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei)) != BL_OK)
        return e;
    if ((e = bl_store_org_get(tx, c->org_id, &c->org, ei)) != BL_OK)
        return e;
    switch (c->in->kind) {
    case BL_ENDORSE_BADGE: {
        struct bl_badgeclass bc;
        if ((e = bl_store_badgeclass_by_uid(tx, key, &bc, ei)) == BL_ENOTFOUND)
            return bl_fail(ei, BL_ENOTFOUND, "no badge class %.40s", key);
        if (e != BL_OK)
            return e;
        c->out->subject_ref = bc.id;
        c->out->subject_org_id = bc.org_id;
        c->subject_id3 = c->subject_id2 = bl_app_badge_url(ar, app, bc.uid);
        c->subject_name = bc.name;
        break;
    }
    case BL_ENDORSE_ORG:
        if ((e = bl_store_org_by_slug(tx, key, &c->subject_org, ei)) == BL_ENOTFOUND)
            return bl_fail(ei, BL_ENOTFOUND, "no organisation %.40s", key);
        if (e != BL_OK)
            return e;
        c->out->subject_ref = c->subject_org.id;
        c->out->subject_org_id = c->subject_org.id;
        c->subject_id3 = c->subject_id2 = bl_app_org_url(ar, app, c->subject_org.slug);
        c->subject_name = c->subject_org.name;
        break;
    case BL_ENDORSE_AWARD: {
        struct bl_award aw;
        if ((e = bl_store_award_by_uid(tx, key, &aw, ei)) == BL_ENOTFOUND)
            return bl_fail(ei, BL_ENOTFOUND, "no award %.40s", key);
        if (e != BL_OK)
            return e;
        if (aw.revoked_at)
            return bl_fail(ei, BL_EINVAL, "the award was revoked");
        c->out->subject_ref = aw.id;
        c->out->subject_org_id = aw.org_id;
        /* The award's credential id (OB 3.0) and its hosted assertion (OB 2.0). */
        c->subject_id3 = bl_app_uid_urn(ar, aw.uid);
        c->subject_id2 = bl_app_award_url(ar, app, aw.uid);
        struct bl_badgeclass bc;
        if ((e = bl_store_badgeclass_get(tx, aw.badgeclass_id, &bc, ei)) != BL_OK)
            return e;
        c->subject_name = bc.name;
        if (c->in->link_hash) {
            /* A recommendation link: for this award, unused, unexpired (used on insert). */
            struct bl_reclink l;
            e = bl_store_reclink_get(tx, c->in->link_hash, &l, ei);
            if (e == BL_OK && (l.award_id != aw.id || l.org_id != c->org_id))
                e = bl_fail(ei, BL_ENOTFOUND, "no such recommendation link");
            if (e == BL_OK && (l.used_at || l.expires_at <= bl_app_now(app)))
                e = bl_fail(ei, BL_ENOTFOUND, "the recommendation link was used or expired");
            if (e != BL_OK)
                return e;
        }
        break;
    }
    }
    /* Endorsing oneself means nothing; a person's recommendation of an award is signed by the
     * awarding org for that person (endorser_name), so it is the one exception. */
    if (c->out->subject_org_id == c->org_id && c->in->kind != BL_ENDORSE_AWARD)
        return bl_fail(ei, BL_EINVAL, "an organisation does not endorse its own badges");
    if (c->in->kind == BL_ENDORSE_AWARD && (!c->in->endorser_name || !*c->in->endorser_name))
        return bl_fail(ei, BL_EINVAL, "endorser_name: an award is recommended by a person");
    if (c->in->request_id) {
        /* The request must be this org's, still pending, about this badge class. */
        struct bl_endreq rq;
        e = bl_store_endreq_get(tx, c->in->request_id, &rq, ei);
        if (e == BL_OK && rq.target_org_id != c->org_id)
            e = bl_fail(ei, BL_ENOTFOUND, "no such endorsement request");
        if (e != BL_OK)
            return e;
        if (strcmp(rq.state, "pending") != 0)
            return bl_fail(ei, BL_EEXISTS, "the request was already answered");
        if (c->in->kind != BL_ENDORSE_BADGE || rq.badgeclass_id != c->out->subject_ref)
            return bl_fail(ei, BL_EINVAL, "the request is about another badge class");
    }
    e = bl_store_key_active(tx, c->org_id, "RS256", &c->rsa_row, ei);
    if (e == BL_OK)
        e = bl_store_key_active(tx, c->org_id, "EdDSA", &c->ed_row, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "the organisation has no active signing key");
    return e;
}

static enum bl_err end_reserve_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct end_ctx *c = cls;
    return bl_store_counter_next(tx, c->org_id, "status_index", &c->out->status_index, ei);
}

static enum bl_err end_insert_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct end_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_endorsement_insert(tx, c->out, ei);
    /* A recommendation link is used once: a concurrent use makes this one fail. */
    if (e == BL_OK && c->in->link_hash)
        e = bl_store_reclink_use(tx, c->in->link_hash, c->out->issued_at, ei);
    /* Answering a request: both or neither (a concurrent answer makes this one fail). */
    if (e == BL_OK && c->in->request_id)
        e = bl_store_endreq_answer(tx, c->in->request_id, "accepted", c->out->issued_at, c->out->id,
                                   ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "endorsement.create", c->out->uid, NULL,
                         ei);
    return e;
}

/* The OB 2.0 hosted Endorsement (claim: the subject and the comment). */
static json_t *ob2_endorsement(struct end_ctx *c, const char *issued, const char *expires)
{
    struct bl_endorsement *d = c->out;
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:{s:s}}", "@context",
                          "https://w3id.org/openbadges/v2", "type", "Endorsement", "id",
                          bl_app_endorsement_url(c->arena, c->app, d->uid), "issuer",
                          bl_app_org_url(c->arena, c->app, c->org.slug), "claim", "id",
                          c->subject_id2, "endorsementComment", d->comment, "issuedOn", issued,
                          "verification", "type", "hosted");
    if (j && expires)
        json_object_set_new(j, "expires", json_string(expires));
    return j;
}

/* Build and sign the documents of c->out (uid, dates, status index set). */
static enum bl_err sign_documents(struct end_ctx *c, struct bl_errinfo *ei)
{
    struct bl_arena *ar = c->arena;
    struct bl_endorsement *d = c->out;
    struct bl_key *rsa = NULL, *ed = NULL;
    json_t *cred = NULL, *cred_di = NULL, *claims = NULL, *ob2 = NULL;
    struct bl_buf b;
    char issued[BL_OBDATE_LEN], expires[BL_OBDATE_LEN];
    bl_buf_init(&b, DOC_MAX * 2);
    enum bl_err e = bl_app_org_unseal(c->app, &c->rsa_row, &rsa, ei);
    if (e == BL_OK)
        e = bl_app_org_unseal(c->app, &c->ed_row, &ed, ei);
    if (e == BL_OK)
        e = bl_obdate_format(d->issued_at, issued, ei);
    if (e == BL_OK && d->expires_at)
        e = bl_obdate_format(d->expires_at, expires, ei);
    if (e != BL_OK)
        goto out;
    const char *rsa_url = bl_app_key_url(ar, c->app, c->org.slug, c->rsa_row.kid);
    const char *ed_url = bl_app_key_url(ar, c->app, c->org.slug, c->ed_row.kid);

    struct bl_ob3_profile issuer;
    bl_app_ob3_profile(c->app, ar, &c->org, &issuer);
    if (d->endorser_name) {
        /* A person endorses; the organisation that collected and signs it says so. */
        issuer.name = d->endorser_name;
        issuer.description =
            bl_arena_printf(ar, "Recommandation recueillie et signée par %s", c->org.name);
    }
    struct bl_ob3_endorsement in3 = {
        .id = bl_app_uid_urn(ar, d->uid),
        .name = bl_arena_printf(ar, "Reconnaissance de %s par %s", c->subject_name,
                                d->endorser_name ? d->endorser_name : c->org.name),
        .issuer = &issuer,
        .valid_from = d->issued_at,
        .has_valid_until = d->expires_at != 0,
        .valid_until = d->expires_at,
        .subject_id = c->subject_id3,
        .comment = d->comment,
        .status = {.kind = BL_OB3_STATUS_BITSTRING,
                   .list_credential =
                       bl_arena_printf(ar, "%s/o/%s/status/1", c->app->base_url, c->org.slug),
                   .index = (uint64_t)d->status_index},
    };
    if ((e = bl_ob3_endorsement_build(&in3, &cred, ei)) != BL_OK)
        goto out;
    struct bl_jsonld *ld = bl_app_ld_take(c->app);
    e = bl_di_sign(ld, cred, ed, ed_url, issued, &cred_di, ei);
    bl_app_ld_give(c->app, ld);
    if (e != BL_OK)
        goto out;
    /* As for awards: 1EdTech's schema wants `proof` as an array. */
    json_t *proof = json_object_get(cred_di, "proof");
    if (json_is_object(proof))
        json_object_set_new(cred_di, "proof", json_pack("[O]", proof));
    if ((e = bl_ob3_jwt_claims(cred, &claims, ei)) != BL_OK)
        goto out;
    d->ob3_json = dump(ar, cred_di, ei);
    const char *claims_text = dump(ar, claims, ei);
    if (!(ob2 = ob2_endorsement(c, issued, d->expires_at ? expires : NULL))) {
        e = bl_fail(ei, BL_ENOMEM, "endorsement document");
        goto out;
    }
    d->ob2_json = dump(ar, ob2, ei);
    if (!d->ob3_json || !claims_text || !d->ob2_json) {
        e = ei->code ? ei->code : BL_ETOOBIG;
        goto out;
    }
    json_t *hdr = json_pack("{s:s, s:s}", "kid", rsa_url, "typ", "JWT");
    e = bl_jws_sign(rsa, bl_jws_alg_for_key(rsa), hdr, claims_text, strlen(claims_text), &b, ei);
    json_decref(hdr);
    if (e == BL_OK)
        d->ob3_jwt = bl_arena_strndup(ar, (const char *)b.p, b.len);
out:
    json_decref(cred);
    json_decref(cred_di);
    json_decref(claims);
    json_decref(ob2);
    bl_buf_free(&b);
    bl_key_free(rsa);
    bl_key_free(ed);
    return e;
}

enum bl_err bl_app_endorse(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                           const struct bl_app_endorse_input *in, struct bl_arena *arena,
                           struct bl_endorsement *out, struct bl_errinfo *ei)
{
    enum bl_err e;
    memset(out, 0, sizeof *out);
    if ((e = bl_app_check_text("comment", in->comment, true, BL_ENDORSE_COMMENT_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_text("endorser_name", in->endorser_name, false, BL_APP_NAME_MAX, ei)) !=
            BL_OK)
        return e;
    int64_t now = bl_app_now(app);
    if (in->expires_at && in->expires_at <= now)
        return bl_fail(ei, BL_EINVAL, "expires: the end date must be in the future");
    char *uid = bl_arena_alloc(arena, 23);
    bl_app_uid(uid);
    out->uid = uid;
    out->endorser_org_id = org_id;
    out->subject_kind = bl_endorse_kind_name(in->kind);
    out->endorser_name =
        in->endorser_name && *in->endorser_name ? bl_arena_strdup(arena, in->endorser_name) : NULL;
    out->comment = bl_arena_strdup(arena, in->comment);
    out->issued_at = now;
    out->expires_at = in->expires_at;
    /* A recommendation of an award stays hidden until the young person shows it. */
    out->visible = in->kind == BL_ENDORSE_AWARD ? 0 : 1;
    out->created_by = who->account_id;
    struct end_ctx c = {
        .app = app, .who = who, .in = in, .arena = arena, .out = out, .org_id = org_id};
    e = bl_store_run(app->store, BL_TX_READ, end_prepare_tx, &c, ei);
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, end_reserve_tx, &c, ei);
    if (e == BL_OK)
        e = sign_documents(&c, ei);
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, end_insert_tx, &c, ei);
    if (e == BL_OK) {
        out->endorser_org_name = c.org.name;
        out->endorser_org_slug = c.org.slug;
    }
    return e;
}

struct withdraw_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const char *uid;
    int visible; /* -1: withdraw; 0 or 1: set visibility */
};

static enum bl_err withdraw_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct withdraw_ctx *c = cls;
    struct bl_arena arena;
    struct bl_endorsement d;
    bl_arena_init(&arena);
    bl_tx_set_arena(tx, &arena);
    enum bl_err e = bl_store_endorsement_by_uid(tx, c->uid, &d, ei);
    /* Withdrawing is the endorser's; visibility is the subject's (awarding org, or system). */
    int64_t owner = c->visible < 0 ? d.endorser_org_id : d.subject_org_id;
    if (e == BL_OK && bl_app_authorize(tx, c->who, owner, BL_ROLE_VIEWER, ei) != BL_OK)
        e = BL_ENOTFOUND;
    if (e == BL_ENOTFOUND)
        e = bl_fail(ei, BL_ENOTFOUND, "no endorsement %.40s", c->uid);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, owner, BL_ROLE_ISSUER, ei);
    if (e == BL_OK && c->visible < 0) {
        e = bl_store_endorsement_withdraw(tx, d.id, bl_app_now(c->app), ei);
        if (e == BL_EEXISTS)
            e = bl_fail(ei, BL_EEXISTS, "the endorsement was already withdrawn");
    } else if (e == BL_OK && strcmp(d.subject_kind, "award") != 0) {
        /* Only an award's owner chooses; a partner's endorsement is withdrawn, not hidden. */
        e = bl_fail(ei, BL_EINVAL, "only a recommendation of an award is shown or hidden");
    } else if (e == BL_OK) {
        e = bl_store_endorsement_set_visible(tx, d.id, c->visible, ei);
    }
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, owner,
                         c->visible < 0    ? "endorsement.withdraw"
                         : c->visible == 0 ? "endorsement.hide"
                                           : "endorsement.show",
                         c->uid, NULL, ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_endorse_withdraw(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                    struct bl_errinfo *ei)
{
    struct withdraw_ctx c = {app, who, uid ? uid : "", -1};
    return bl_store_run(app->store, BL_TX_WRITE, withdraw_tx, &c, ei);
}

enum bl_err bl_app_endorse_set_visible(struct bl_app *app, const struct bl_actor *who,
                                       const char *uid, bool visible, struct bl_errinfo *ei)
{
    struct withdraw_ctx c = {app, who, uid ? uid : "", visible ? 1 : 0};
    return bl_store_run(app->store, BL_TX_WRITE, withdraw_tx, &c, ei);
}

enum bl_err bl_app_endorsements_valid(struct bl_tx *tx, const struct bl_app *app,
                                      enum bl_endorse_subject kind, int64_t ref,
                                      struct bl_endorsement **rows, size_t *n,
                                      struct bl_errinfo *ei)
{
    enum bl_err e = bl_store_endorsement_list(tx, bl_endorse_kind_name(kind), ref, bl_app_now(app),
                                              rows, n, ei);
    if (e == BL_OK && *n > BL_ENDORSE_LIST_MAX)
        *n = BL_ENDORSE_LIST_MAX;
    return e;
}

/* ---- requests ---- */

struct ask_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const char *badge_uid;
    const char *const *slugs;
    size_t n;
    const char *message;
    size_t asked;
};

static enum bl_err ask_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct ask_ctx *c = cls;
    struct bl_arena arena;
    struct bl_badgeclass bc;
    bl_arena_init(&arena);
    bl_tx_set_arena(tx, &arena);
    c->asked = 0;
    enum bl_err e = bl_store_badgeclass_by_uid(tx, c->badge_uid, &bc, ei);
    if (e == BL_OK && bl_app_authorize(tx, c->who, bc.org_id, BL_ROLE_VIEWER, ei) != BL_OK)
        e = BL_ENOTFOUND;
    if (e == BL_ENOTFOUND)
        e = bl_fail(ei, BL_ENOTFOUND, "no badge class %.40s", c->badge_uid);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, bc.org_id, BL_ROLE_ISSUER, ei);
    for (size_t i = 0; e == BL_OK && i < c->n; i++) {
        struct bl_org o;
        e = bl_store_org_by_slug(tx, c->slugs[i] ? c->slugs[i] : "", &o, ei);
        if (e == BL_ENOTFOUND) {
            e = bl_fail(ei, BL_EINVAL, "orgs: no organisation %.40s", c->slugs[i]);
            break;
        }
        if (e != BL_OK || o.id == bc.org_id)
            continue;
        struct bl_endreq rq = {.badgeclass_id = bc.id,
                               .requester_org_id = bc.org_id,
                               .target_org_id = o.id,
                               .message = c->message,
                               .created_at = bl_app_now(c->app)};
        e = bl_store_endreq_insert(tx, &rq, ei);
        if (e == BL_EEXISTS) {
            e = BL_OK; /* asked before: once is enough */
            continue;
        }
        if (e == BL_OK) {
            c->asked++;
            e = bl_app_audit(tx, c->app, c->who, bc.org_id, "endorsement.ask", c->badge_uid, NULL,
                             ei);
        }
    }
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_endorse_ask(struct bl_app *app, const struct bl_actor *who,
                               const char *badge_uid, const char *const *slugs, size_t n,
                               const char *message, size_t *asked, struct bl_errinfo *ei)
{
    *asked = 0;
    enum bl_err e = bl_app_check_text("message", message, false, BL_ENDORSE_COMMENT_MAX, ei);
    if (e != BL_OK)
        return e;
    if (n == 0)
        return bl_fail(ei, BL_EINVAL, "orgs: choose at least one organisation");
    if (n > BL_STORE_PAGE_MAX)
        return bl_fail(ei, BL_EINVAL, "orgs: at most %u organisations at once", BL_STORE_PAGE_MAX);
    struct ask_ctx c = {
        app, who, badge_uid ? badge_uid : "", slugs, n, message && *message ? message : NULL, 0};
    e = bl_store_run(app->store, BL_TX_WRITE, ask_tx, &c, ei);
    *asked = c.asked;
    return e;
}

struct decline_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id, request_id;
};

static enum bl_err decline_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct decline_ctx *c = cls;
    struct bl_arena arena;
    struct bl_endreq rq;
    bl_arena_init(&arena);
    bl_tx_set_arena(tx, &arena);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_endreq_get(tx, c->request_id, &rq, ei);
    if (e == BL_OK && rq.target_org_id != c->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no such endorsement request");
    if (e == BL_OK)
        e = bl_store_endreq_answer(tx, rq.id, "declined", bl_app_now(c->app), 0, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "endorsement.decline", rq.badge_uid, NULL,
                         ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_endorse_decline(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                   int64_t request_id, struct bl_errinfo *ei)
{
    struct decline_ctx c = {app, who, org_id, request_id};
    return bl_store_run(app->store, BL_TX_WRITE, decline_tx, &c, ei);
}

struct req_badge_ctx {
    int64_t request_id, org_id;
    struct bl_arena *arena;
    struct bl_endreq rq;
};

static enum bl_err req_badge_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct req_badge_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_endreq_get(tx, c->request_id, &c->rq, ei);
    if (e == BL_OK && c->rq.target_org_id != c->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no such endorsement request");
    return e;
}

enum bl_err bl_app_endorse_accept(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  int64_t request_id, const char *comment, int64_t expires_at,
                                  struct bl_arena *arena, struct bl_endorsement *out,
                                  struct bl_errinfo *ei)
{
    /* The badge class of the request, then an endorsement that answers it (endorse checks
     * again, in its own transactions, that the request is this org's and pending). */
    struct req_badge_ctx c = {.request_id = request_id, .org_id = org_id, .arena = arena};
    memset(out, 0, sizeof *out);
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, req_badge_tx, &c, ei);
    if (e != BL_OK)
        return e;
    struct bl_app_endorse_input in = {.kind = BL_ENDORSE_BADGE,
                                      .subject = c.rq.badge_uid,
                                      .comment = comment,
                                      .expires_at = expires_at,
                                      .request_id = request_id};
    return bl_app_endorse(app, who, org_id, &in, arena, out, ei);
}

struct view_ctx {
    const struct bl_actor *who;
    int64_t org_id;
    const char *badge_uid; /* NULL: the org view */
    struct bl_arena *arena;
    struct bl_app_endorse_view *out;
};

static enum bl_err view_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct view_ctx *c = cls;
    struct bl_app_endorse_view *v = c->out;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_VIEWER, ei);
    if (e != BL_OK)
        return e;
    if (!c->badge_uid) {
        e = bl_store_endreq_received(tx, c->org_id, &v->received, &v->n_received, ei);
        if (e == BL_OK)
            e = bl_store_endorsement_by_endorser(tx, c->org_id, &v->given, &v->n_given, ei);
        return e;
    }
    e = bl_store_badgeclass_by_uid(tx, c->badge_uid, &v->badge, ei);
    if (e == BL_OK && v->badge.org_id != c->org_id)
        e = BL_ENOTFOUND;
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "no badge class %.40s", c->badge_uid);
    if (e == BL_OK)
        e = bl_store_endreq_for_badge(tx, v->badge.id, &v->asked, &v->n_asked, ei);
    if (e == BL_OK)
        e = bl_store_endorsement_list(tx, "badge", v->badge.id, 0, &v->of_badge, &v->n_of_badge,
                                      ei);
    struct bl_org *all = NULL;
    size_t n = 0;
    if (e == BL_OK)
        e = bl_store_org_list(tx, &all, &n, ei);
    if (e == BL_OK && n) {
        v->orgs = bl_arena_alloc(c->arena, n * sizeof *v->orgs);
        for (size_t i = 0; i < n; i++)
            if (all[i].id != c->org_id)
                v->orgs[v->n_orgs++] = all[i];
    }
    return e;
}

enum bl_err bl_app_endorse_org_view(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    struct bl_arena *arena, struct bl_app_endorse_view *out,
                                    struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    struct view_ctx c = {who, org_id, NULL, arena, out};
    return bl_store_run(app->store, BL_TX_READ, view_tx, &c, ei);
}

enum bl_err bl_app_endorse_badge_view(struct bl_app *app, const struct bl_actor *who,
                                      int64_t org_id, const char *badge_uid, struct bl_arena *arena,
                                      struct bl_app_endorse_view *out, struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    struct view_ctx c = {who, org_id, badge_uid ? badge_uid : "", arena, out};
    return bl_store_run(app->store, BL_TX_READ, view_tx, &c, ei);
}
