/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * badge.c: badge classes, awards and revocation (badge.h).
 */
#include "app/badge.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/docs.h"
#include "app/endorse.h"
#include "app/mail.h"
#include "app/org.h"
#include "app/pathway.h"
#include "app/raster.h"
#include "app/util.h"
#include "core/badgeart.h"
#include "core/base64.h"
#include "core/di.h"
#include "core/json.h"
#include "core/jws.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/ob2.h"
#include "core/ob3.h"
#include "core/obdate.h"
#include "core/paris.h"
#include "core/rand.h"
#include "core/recipient.h"

#define DOC_MAX (256u * 1024u) /* one signed document */

enum { VALID_NONE, VALID_UNTIL, VALID_MONTHS };

enum bl_err bl_app_validity_parse(const char *s, int *kind, int64_t *until, int *months,
                                  struct bl_errinfo *ei)
{
    *kind = VALID_NONE;
    *until = 0;
    *months = 0;
    if (!s || !*s || strcmp(s, "none") == 0)
        return BL_OK;
    if (strncmp(s, "until:", 6) == 0) {
        char buf[32];
        if (strlen(s + 6) != 10)
            return bl_fail(ei, BL_EINVAL, "validity: a date YYYY-MM-DD is expected");
        snprintf(buf, sizeof buf, "%sT23:59:59Z", s + 6);
        if (bl_obdate_parse_tz(buf, until, ei) != BL_OK)
            return bl_fail(ei, BL_EINVAL, "validity: %s is not a date", s + 6);
        *until = bl_paris_utc(*until); /* the end of that day in Paris, as pages show it */
        *kind = VALID_UNTIL;
        return BL_OK;
    }
    if (strncmp(s, "months:", 7) == 0) {
        int m = 0;
        const char *p = s + 7;
        for (; *p >= '0' && *p <= '9' && m <= 1200; p++)
            m = m * 10 + (*p - '0');
        if (*p || p == s + 7 || m < 1 || m > 1200)
            return bl_fail(ei, BL_EINVAL, "validity: between 1 and 1200 months");
        *kind = VALID_MONTHS;
        *months = m;
        return BL_OK;
    }
    return bl_fail(ei, BL_EINVAL, "validity: \"none\", \"until:YYYY-MM-DD\" or \"months:N\"");
}

/* ---- badge classes ---- */

/* A JSON array of at most max items, each checked by kind ('s' strings, 'a' alignments). */
static enum bl_err check_json_array(const char *field, const char *text, char kind,
                                    struct bl_errinfo *ei)
{
    json_t *j = NULL;
    if (!text)
        return BL_OK;
    if (bl_json_parse(text, strlen(text), 65536, 4, &j, ei) != BL_OK || !json_is_array(j) ||
        json_array_size(j) > 50) {
        json_decref(j);
        return bl_fail(ei, BL_EINVAL, "%s: a JSON array of at most 50 items is expected", field);
    }
    size_t i;
    json_t *v;
    enum bl_err e = BL_OK;
    json_array_foreach(j, i, v)
    {
        if (kind == 's' && (!json_is_string(v) || json_string_length(v) > 100))
            e = bl_fail(ei, BL_EINVAL, "%s: item %zu is not a short text", field, i + 1);
        if (kind == 'a') {
            if (!json_is_object(v))
                e = bl_fail(ei, BL_EINVAL, "%s: item %zu is not an object", field, i + 1);
            else if (bl_app_check_text(field, bl_json_str(v, "targetName"), true, 200, ei) !=
                         BL_OK ||
                     bl_app_check_url(field, bl_json_str(v, "targetUrl"), true, ei) != BL_OK)
                e = bl_fail(ei, BL_EINVAL, "%s: item %zu needs targetName and targetUrl", field,
                            i + 1);
        }
        if (e != BL_OK)
            break;
    }
    json_decref(j);
    return e;
}

struct badge_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    struct bl_badgeclass b;
    const struct bl_app_badge_input *in; /* update only */
    bool keep_image;                     /* update only: no new image given */
};

/* The image a badge class stores: uploaded bytes, or the PNG of a generated drawing. */
struct image_prep {
    const unsigned char *p;
    size_t len;
    const char *type;
    const char *art; /* normalised JSON description, NULL for an upload */
    struct bl_buf png, art_buf;
};

static void image_prep_free(struct image_prep *ip)
{
    bl_buf_free(&ip->png);
    bl_buf_free(&ip->art_buf);
}

/* Everything but the image; messages start with the field name (util.h). */
static enum bl_err check_input(const struct bl_app_badge_input *in, struct bl_errinfo *ei)
{
    enum bl_err e;
    int kind, months;
    int64_t until;
    if ((e = bl_app_check_text("name", in->name, true, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("description", in->description, true, BL_APP_TEXT_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_text("description_simple", in->description_simple, false, BL_APP_TEXT_MAX,
                               ei)) != BL_OK ||
        (e = bl_app_check_text("criteria", in->criteria_narrative, false, BL_APP_TEXT_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_url("criteria_url", in->criteria_url, false, ei)) != BL_OK ||
        (e = check_json_array("alignments", in->alignments_json, 'a', ei)) != BL_OK ||
        (e = check_json_array("tags", in->tags_json, 's', ei)) != BL_OK ||
        (e = bl_app_validity_parse(in->validity, &kind, &until, &months, ei)) != BL_OK)
        return e;
    if ((!in->criteria_narrative || !*in->criteria_narrative) &&
        (!in->criteria_url || !*in->criteria_url))
        return bl_fail(ei, BL_EINVAL, "criteria: say how the badge is earned (text or address)");
    return BL_OK;
}

/*
 * The image of in into *ip (which the caller frees): a generated drawing
 * (art_json) is drawn to SVG by core/badgeart.c, then to a 512x512 PNG; an
 * uploaded SVG must be free of active content.  ip->p stays NULL when in
 * has no image and none is required.
 */
static enum bl_err prepare_image(const struct bl_app_badge_input *in, bool required,
                                 struct image_prep *ip, struct bl_errinfo *ei)
{
    enum bl_err e;
    memset(ip, 0, sizeof *ip);
    bl_buf_init(&ip->png, BL_APP_IMAGE_MAX);
    bl_buf_init(&ip->art_buf, BL_BADGEART_JSON_MAX);
    if (in->art_json && *in->art_json) {
        struct bl_badgeart art;
        struct bl_buf svg;
        if ((e = bl_badgeart_parse(in->art_json, strlen(in->art_json), &art, ei)) != BL_OK)
            return e;
        bl_buf_init(&svg, BL_BADGEART_SVG_MAX);
        e = bl_badgeart_svg(&art, &svg, ei);
        if (e == BL_OK)
            e = bl_raster_png(svg.p, svg.len, BL_BADGEART_SIZE, &ip->png, ei);
        bl_buf_free(&svg);
        if (e == BL_OK)
            e = bl_badgeart_json(&art, &ip->art_buf, ei);
        if (e != BL_OK)
            return e;
        ip->p = ip->png.p;
        ip->len = ip->png.len;
        ip->type = "image/png";
        ip->art = (const char *)ip->art_buf.p;
        return BL_OK;
    }
    if (!in->image || in->image_len == 0)
        return required ? bl_fail(ei, BL_EINVAL, "image: required (PNG or SVG)") : BL_OK;
    if ((e = bl_app_image_type(in->image, in->image_len, &ip->type, ei)) != BL_OK)
        return e;
    ip->p = in->image;
    ip->len = in->image_len;
    return BL_OK;
}

/* The fields of in into b (borrowed pointers); the image from ip when it has one. */
static void fill(struct bl_badgeclass *b, const struct bl_app_badge_input *in,
                 const struct image_prep *ip)
{
    b->name = in->name;
    b->description = in->description;
    b->description_simple =
        in->description_simple && *in->description_simple ? in->description_simple : NULL;
    b->criteria_narrative =
        in->criteria_narrative && *in->criteria_narrative ? in->criteria_narrative : NULL;
    b->criteria_url = in->criteria_url && *in->criteria_url ? in->criteria_url : NULL;
    b->alignments_json = in->alignments_json ? in->alignments_json : "[]";
    b->tags_json = in->tags_json ? in->tags_json : "[]";
    b->validity = in->validity && *in->validity ? in->validity : "none";
    b->evidence_required = in->evidence_required;
    if (ip->p) {
        b->image = ip->p;
        b->image_len = ip->len;
        b->image_type = ip->type;
        b->art_json = ip->art;
    }
}

static enum bl_err badge_create_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct badge_ctx *c = cls;
    enum bl_err e = bl_app_authorize(tx, c->who, c->b.org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_badgeclass_insert(tx, &c->b, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->b.org_id, "badge.create", c->b.uid, NULL, ei);
    return e;
}

enum bl_err bl_app_badge_create(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                const struct bl_app_badge_input *in, char uid[23], int64_t *id,
                                struct bl_errinfo *ei)
{
    struct image_prep ip;
    enum bl_err e;
    *id = 0;
    uid[0] = '\0';
    if ((e = check_input(in, ei)) != BL_OK)
        return e;
    if ((e = prepare_image(in, true, &ip, ei)) != BL_OK)
        goto out;
    int64_t now = bl_app_now(app);
    bl_app_uid(uid);
    struct badge_ctx c = {.app = app, .who = who};
    c.b.uid = uid;
    c.b.org_id = org_id;
    fill(&c.b, in, &ip);
    c.b.created_at = c.b.updated_at = now;
    e = bl_store_run(app->store, BL_TX_WRITE, badge_create_tx, &c, ei);
    if (e == BL_OK)
        *id = c.b.id;
out:
    image_prep_free(&ip);
    return e;
}

static enum bl_err badge_update_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct badge_ctx *c = cls;
    struct bl_badgeclass cur;
    struct bl_arena arena;
    bl_arena_init(&arena);
    bl_tx_set_arena(tx, &arena);
    enum bl_err e = bl_store_badgeclass_by_uid(tx, c->b.uid, &cur, ei);
    /* A member of another organisation learns nothing: not found, as for reads. */
    if (e == BL_OK && bl_app_authorize(tx, c->who, cur.org_id, BL_ROLE_VIEWER, ei) != BL_OK)
        e = BL_ENOTFOUND;
    if (e == BL_ENOTFOUND)
        e = bl_fail(ei, BL_ENOTFOUND, "no badge class %.40s", c->b.uid);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, cur.org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK) {
        struct bl_badgeclass b = c->b;
        b.id = cur.id;
        b.org_id = cur.org_id;
        b.created_at = cur.created_at;
        if (c->keep_image) {
            b.image = cur.image;
            b.image_len = cur.image_len;
            b.image_type = cur.image_type;
            b.art_json = cur.art_json;
        }
        e = bl_store_badgeclass_update(tx, &b, ei);
    }
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, cur.org_id, "badge.update", c->b.uid, NULL, ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_badge_update(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                const struct bl_app_badge_input *in, struct bl_errinfo *ei)
{
    struct image_prep ip;
    enum bl_err e;
    if ((e = check_input(in, ei)) != BL_OK)
        return e;
    if ((e = prepare_image(in, false, &ip, ei)) != BL_OK)
        goto out;
    struct badge_ctx c = {.app = app, .who = who, .in = in, .keep_image = ip.p == NULL};
    c.b.uid = uid ? uid : "";
    fill(&c.b, in, &ip);
    c.b.archived = in->archived;
    c.b.updated_at = bl_app_now(app);
    e = bl_store_run(app->store, BL_TX_WRITE, badge_update_tx, &c, ei);
out:
    image_prep_free(&ip);
    return e;
}

/* ---- awards ---- */

const char *bl_app_holder_url(struct bl_arena *a, const struct bl_app *app, const char *uid)
{
    return bl_arena_printf(a, "%s/sac/p/%s", app->base_url, uid);
}

struct award_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const char *badge_uid;
    const struct bl_app_award_input *in;
    const char *email;      /* normalised, or NULL */
    const char *phone;      /* E.164, or NULL */
    const char *holder_url; /* the holder's URL, or NULL */
    struct bl_arena *arena;
    struct bl_award *out;
    bool existed;
    /* Read by award_prepare_tx (rows in arena): */
    struct bl_badgeclass bc;
    struct bl_org org;
    struct bl_orgkey rsa_row, ed_row;
    int kind, months;
    int64_t until;
    /* Milestones of pathways (bl_app__award_tx): several evidence items; the
     * pathway code re-evaluates by itself after issuing one. */
    const struct bl_ob_evidence *ev;
    size_t nev;
    bool from_pathway;
    struct bl_endorsement *endorsements; /* valid endorsements of the class, embedded */
    size_t n_endorsements;
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

/* Sign payload as a compact JWS with k; kid (a URL) in the header. */
static char *jws(struct bl_arena *a, const struct bl_key *k, const char *kid, const char *typ,
                 const char *payload, struct bl_errinfo *ei)
{
    struct bl_buf b;
    char *s = NULL;
    json_t *extra = json_pack("{s:s}", "kid", kid);
    if (typ)
        json_object_set_new(extra, "typ", json_string(typ));
    bl_buf_init(&b, DOC_MAX * 2);
    if (bl_jws_sign(k, bl_jws_alg_for_key(k), extra, payload, strlen(payload), &b, ei) == BL_OK)
        s = bl_arena_strndup(a, (const char *)b.p, b.len);
    json_decref(extra);
    bl_buf_free(&b);
    return s;
}

/*
 * The badge class's valid endorsements, whole and signed, in the
 * Achievement's `endorsement` array (OB 3.0 §5.7): a verifier checks them
 * without fetching anything but their status.
 */
static enum bl_err embed_endorsements(struct award_ctx *c, json_t *cred, struct bl_errinfo *ei)
{
    json_t *ach = json_object_get(json_object_get(cred, "credentialSubject"), "achievement");
    if (c->n_endorsements == 0 || !json_is_object(ach))
        return BL_OK;
    json_t *arr = json_array();
    for (size_t i = 0; i < c->n_endorsements; i++) {
        json_t *en = NULL;
        const char *t = c->endorsements[i].ob3_json;
        enum bl_err e = bl_json_parse(t, strlen(t), DOC_MAX, 32, &en, ei);
        if (e != BL_OK) {
            json_decref(arr);
            return e;
        }
        json_array_append_new(arr, en);
    }
    json_object_set_new(ach, "endorsement", arr);
    return BL_OK;
}

/*
 * Build and sign every document of the award a (uid, salt, dates and
 * status index set) into a's document members.
 */
static enum bl_err sign_documents(struct award_ctx *c, struct bl_award *a, struct bl_errinfo *ei)
{
    struct bl_arena *ar = c->arena;
    const struct bl_org *org = &c->org;
    const struct bl_badgeclass *bc = &c->bc;
    struct bl_key *rsa = NULL, *ed = NULL;
    json_t *hosted = NULL, *signed2 = NULL, *cred = NULL, *cred_di = NULL, *claims = NULL;
    char created[BL_OBDATE_LEN];
    enum bl_err e = bl_app_org_unseal(c->app, &c->rsa_row, &rsa, ei);
    if (e == BL_OK)
        e = bl_app_org_unseal(c->app, &c->ed_row, &ed, ei);
    if (e != BL_OK)
        goto out;
    const char *rsa_url = bl_app_key_url(ar, c->app, org->slug, c->rsa_row.kid);
    const char *ed_url = bl_app_key_url(ar, c->app, org->slug, c->ed_row.kid);
    const char *urn = bl_app_uid_urn(ar, a->uid);

    struct bl_ob_evidence ev = {0};
    size_t nev = 0;
    if (c->in->evidence_url || c->in->evidence_text) {
        ev.id = c->in->evidence_url;
        ev.narrative = c->in->evidence_text;
        nev = 1;
    }
    const struct bl_ob_evidence *evs = c->nev ? c->ev : &ev;
    if (c->nev)
        nev = c->nev;
    /* OB 2.0: hosted, then signed (same content, urn:uuid id, SignedBadge). */
    struct bl_ob2_assertion as = {
        .id = bl_app_award_url(ar, c->app, a->uid),
        .email = c->email,
        .telephone = c->email ? NULL : c->phone,
        .url = c->email || c->phone ? NULL : c->holder_url,
        .salt = a->recipient_salt,
        .badge = bl_app_badge_url(ar, c->app, bc->uid),
        .issued_on = a->issued_at,
        .has_expires = a->expires_at != 0,
        .expires = a->expires_at,
        .narrative = a->narrative,
        .evidence = nev ? evs : NULL,
        .n_evidence = nev,
    };
    if ((e = bl_ob2_assertion_build(&as, &hosted, ei)) != BL_OK)
        goto out;
    as.id = urn;
    as.creator = rsa_url;
    if ((e = bl_ob2_assertion_build(&as, &signed2, ei)) != BL_OK)
        goto out;
    a->ob2_json = dump(ar, hosted, ei);
    const char *signed_text = dump(ar, signed2, ei);
    if (!a->ob2_json || !signed_text) {
        e = ei->code ? ei->code : BL_ETOOBIG;
        goto out;
    }
    if (!(a->ob2_jws = jws(ar, rsa, rsa_url, NULL, signed_text, ei))) {
        e = ei->code;
        goto out;
    }

    /* OB 3.0: the credential, a Data Integrity proof, and a VC-JWT of the unsigned form. */
    struct bl_ob3_profile issuer;
    struct bl_ob3_achievement ach;
    bl_app_ob3_profile(c->app, ar, org, &issuer);
    if ((e = bl_app_ob3_achievement(c->app, ar, bc, &ach, ei)) != BL_OK)
        goto out;
    struct bl_ob3_credential in3 = {
        .id = urn,
        .name = bc->name,
        .description = bc->description,
        .issuer = &issuer,
        .valid_from = a->issued_at,
        .has_valid_until = a->expires_at != 0,
        .valid_until = a->expires_at,
        .achievement = &ach,
        .evidence = nev ? evs : NULL,
        .n_evidence = nev,
        .status = {.kind = BL_OB3_STATUS_BITSTRING,
                   .list_credential =
                       bl_arena_printf(ar, "%s/o/%s/status/1", c->app->base_url, org->slug),
                   .index = (uint64_t)a->status_index},
    };
    in3.subject.id = c->holder_url;
    in3.subject.email = c->email;
    in3.subject.phone = c->phone;
    in3.subject.salt = a->recipient_salt;
    in3.subject.name = a->recipient_name;
    if ((e = bl_ob3_credential_build(&in3, &cred, ei)) != BL_OK)
        goto out;
    if ((e = embed_endorsements(c, cred, ei)) != BL_OK)
        goto out;
    if ((e = bl_obdate_format(a->issued_at, created, ei)) != BL_OK)
        goto out;
    struct bl_jsonld *ld = bl_app_ld_take(c->app);
    e = bl_di_sign(ld, cred, ed, ed_url, created, &cred_di, ei);
    bl_app_ld_give(c->app, ld);
    if (e != BL_OK)
        goto out;
    /* 1EdTech's AchievementCredential schema wants `proof` as an array (a set of one). */
    json_t *proof = json_object_get(cred_di, "proof");
    if (json_is_object(proof))
        json_object_set_new(cred_di, "proof", json_pack("[O]", proof));
    a->ob3_json = dump(ar, cred_di, ei);
    if ((e = bl_ob3_jwt_claims(cred, &claims, ei)) != BL_OK)
        goto out;
    const char *claims_text = dump(ar, claims, ei);
    if (!a->ob3_json || !claims_text) {
        e = ei->code ? ei->code : BL_ETOOBIG;
        goto out;
    }
    if (!(a->ob3_jwt = jws(ar, rsa, rsa_url, "JWT", claims_text, ei)))
        e = ei->code;
out:
    json_decref(hosted);
    json_decref(signed2);
    json_decref(cred);
    json_decref(cred_di);
    json_decref(claims);
    bl_key_free(rsa);
    bl_key_free(ed);
    return e;
}

/*
 * An award is made in three steps so that no transaction is held while
 * signing (two RSA signatures and a Data Integrity proof, about 2 ms):
 *   1. read the badge class, the organisation and its active keys, and
 *      check who asks (award_prepare_tx);
 *   2. reserve a status list index in a short transaction of its own, which
 *      concurrent awards do not conflict on (award_reserve_tx);
 *   3. sign every document, then insert the award with its documents, its
 *      audit entry and its mail in one transaction (award_insert_tx).
 * The award row is written whole or not at all; a crash between the steps
 * only leaves an unused status index (a gap).
 */
static enum bl_err award_prepare_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct award_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_badgeclass_by_uid(tx, c->badge_uid, &c->bc, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "no badge class %.40s", c->badge_uid);
    if (e == BL_OK && c->bc.archived)
        e = bl_fail(ei, BL_EINVAL, "the badge class is archived");
    if (e == BL_OK && c->bc.evidence_required && !c->in->evidence_url && !c->in->evidence_text)
        e = bl_fail(ei, BL_EINVAL,
                    "evidence: this badge class requires evidence (a URL or a text)");
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, c->bc.org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_org_get(tx, c->bc.org_id, &c->org, ei);
    if (e == BL_OK)
        e = bl_store_key_active(tx, c->org.id, "RS256", &c->rsa_row, ei);
    if (e == BL_OK)
        e = bl_store_key_active(tx, c->org.id, "EdDSA", &c->ed_row, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "the organisation has no active signing key");
    if (e == BL_OK)
        e = bl_app_validity_parse(c->bc.validity, &c->kind, &c->until, &c->months, ei);
    if (e == BL_OK)
        e = bl_app_endorsements_valid(tx, c->app, BL_ENDORSE_BADGE, c->bc.id, &c->endorsements,
                                      &c->n_endorsements, ei);
    /* A key seen before: the earlier award, without signing anything again. */
    if (e == BL_OK && c->in->idem_key && *c->in->idem_key) {
        e = bl_store_award_by_idem(tx, c->org.id, c->in->idem_key, c->out, ei);
        c->existed = e == BL_OK;
        if (e == BL_ENOTFOUND)
            e = BL_OK;
    }
    return e;
}

static enum bl_err award_reserve_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct award_ctx *c = cls;
    return bl_store_counter_next(tx, c->org.id, "status_index", &c->out->status_index, ei);
}

static enum bl_err award_insert_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct award_ctx *c = cls;
    struct bl_award *a = c->out;
    bl_tx_set_arena(tx, c->arena);
    c->existed = false;
    enum bl_err e = bl_store_award_insert(tx, a, ei);
    if (e == BL_EEXISTS && a->idem_key) {
        c->existed = true; /* *a now holds the earlier award */
        return BL_OK;
    }
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org.id, "award.issue", a->uid, NULL, ei);
    /* Same transaction: the mail is queued if and only if the award is issued. */
    if (e == BL_OK && c->in->notify && a->recipient_email)
        e = bl_app_mail_queue_award(tx, c->app, c->arena, &c->org, &c->bc, a, ei);
    /* The holder it is for owns it from the start: pathways key progress by holder. */
    if (e == BL_OK && c->in->holder_id > 0)
        e = bl_store_award_set_holder(tx, a->id, c->in->holder_id, ei);
    /* Pathways (pathway.c): progress and milestones change in this same transaction. */
    if (e == BL_OK && !c->from_pathway) {
        struct bl_app_pathway_person p = {.holder_id = c->in->holder_id,
                                          .award_id = a->id,
                                          .email = a->recipient_email,
                                          .phone = a->recipient_phone};
        e = bl_app_pathway_on_change(tx, c->app, c->arena, c->org.id, &p, ei);
    }
    return e;
}

/* The award's own members (everything but its documents), from the input. */
static enum bl_err award_fill(struct award_ctx *c, struct bl_errinfo *ei)
{
    struct bl_award *a = c->out;
    char *uid = bl_arena_alloc(c->arena, 23);
    unsigned char salt[16];
    bl_app_uid(uid);
    bl_random(salt, sizeof salt);
    struct bl_buf sb;
    bl_buf_init(&sb, 64);
    if (bl_base64url_encode(&sb, salt, sizeof salt, ei) != BL_OK) {
        bl_buf_free(&sb);
        return ei->code;
    }
    a->uid = uid;
    a->org_id = c->org.id;
    a->badgeclass_id = c->bc.id;
    a->recipient_email = c->email;
    a->recipient_phone = c->phone;
    /* *out outlives the caller's input: every string is copied into the arena. */
    a->recipient_name = c->in->name && *c->in->name ? bl_arena_strdup(c->arena, c->in->name) : NULL;
    a->recipient_salt = bl_arena_strndup(c->arena, (const char *)sb.p, sb.len);
    bl_buf_free(&sb);
    a->narrative =
        c->in->narrative && *c->in->narrative ? bl_arena_strdup(c->arena, c->in->narrative) : NULL;
    a->issued_at = c->in->issued_at ? c->in->issued_at : bl_app_now(c->app);
    a->expires_at = 0;
    if (c->kind == VALID_UNTIL) {
        if (c->until <= a->issued_at)
            return bl_fail(ei, BL_EINVAL, "the badge class stopped being valid on its end date");
        a->expires_at = c->until;
    } else if (c->kind == VALID_MONTHS) {
        enum bl_err e = bl_obdate_add_months(a->issued_at, c->months, &a->expires_at, ei);
        if (e != BL_OK)
            return e;
    }
    json_t *evj = json_array();
    if (c->in->evidence_url || c->in->evidence_text) {
        json_t *o = json_object();
        if (c->in->evidence_url)
            json_object_set_new(o, "id", json_string(c->in->evidence_url));
        if (c->in->evidence_text)
            json_object_set_new(o, "narrative", json_string(c->in->evidence_text));
        json_array_append_new(evj, o);
    }
    for (size_t i = 0; i < c->nev; i++)
        json_array_append_new(
            evj, json_pack("{s:s?, s:s?}", "id", c->ev[i].id, "narrative", c->ev[i].narrative));
    a->evidence_json = dump(c->arena, evj, ei);
    json_decref(evj);
    a->idem_key =
        c->in->idem_key && *c->in->idem_key ? bl_arena_strdup(c->arena, c->in->idem_key) : NULL;
    a->created_by = c->who->account_id;
    return a->evidence_json ? BL_OK : ei->code;
}

enum bl_err bl_app_award(struct bl_app *app, const struct bl_actor *who, const char *badge_uid,
                         const struct bl_app_award_input *in, struct bl_arena *arena,
                         struct bl_award *out, bool *existed, struct bl_errinfo *ei)
{
    char *email = NULL;
    char phone[BL_RECIPIENT_PHONE_LEN];
    bool has_email = in->email && *in->email, has_phone = in->phone && *in->phone;
    enum bl_err e;
    memset(out, 0, sizeof *out);
    *existed = false;
    if (!has_email && !has_phone && in->holder_id <= 0)
        return bl_fail(ei, BL_EINVAL, "email: an email or a phone number is required");
    if (has_email && (strlen(in->email) > BL_APP_EMAIL_MAX ||
                      bl_recipient_email_normalize(in->email, &email, ei) != BL_OK))
        return bl_fail(ei, BL_EINVAL, "email: not a valid address");
    if (has_phone && (strlen(in->phone) > BL_APP_PHONE_INPUT_MAX ||
                      bl_recipient_phone_normalize(in->phone, phone, ei) != BL_OK)) {
        bl_free(email);
        return bl_fail(ei, BL_EINVAL, "phone: not a valid phone number");
    }
    if (in->holder_id > 0 && (!in->holder_uid || !*in->holder_uid)) {
        bl_free(email);
        return bl_fail(ei, BL_EINVAL, "holder: its uid is missing");
    }
    if ((e = bl_app_check_text("name", in->name, false, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("narrative", in->narrative, false, BL_APP_TEXT_MAX, ei)) != BL_OK ||
        (e = bl_app_check_url("evidence_url", in->evidence_url, false, ei)) != BL_OK ||
        (e = bl_app_check_text("evidence_text", in->evidence_text, false, BL_APP_TEXT_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_text("idem_key", in->idem_key, false, 200, ei)) != BL_OK)
        goto out;
    struct award_ctx c = {
        .app = app,
        .who = who,
        .badge_uid = badge_uid ? badge_uid : "",
        .in = in,
        .email = email ? bl_arena_strdup(arena, email) : NULL,
        .phone = has_phone ? bl_arena_strdup(arena, phone) : NULL,
        .holder_url = in->holder_id > 0 ? bl_app_holder_url(arena, app, in->holder_uid) : NULL,
        .arena = arena,
        .out = out};
    e = bl_store_run(app->store, BL_TX_READ, award_prepare_tx, &c, ei);
    if (e == BL_OK && c.existed) {
        *existed = true;
        goto out;
    }
    if (e == BL_OK)
        e = award_fill(&c, ei);
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, award_reserve_tx, &c, ei);
    if (e == BL_OK)
        e = sign_documents(&c, out, ei);
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, award_insert_tx, &c, ei);
    *existed = c.existed;
out:
    bl_free(email);
    return e;
}

struct revoke_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const char *uid, *reason;
};

static enum bl_err revoke_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct revoke_ctx *c = cls;
    struct bl_arena arena;
    struct bl_award a;
    bl_arena_init(&arena);
    bl_tx_set_arena(tx, &arena);
    enum bl_err e = bl_store_award_by_uid(tx, c->uid, &a, ei);
    if (e == BL_ENOTFOUND)
        e = bl_fail(ei, BL_ENOTFOUND, "no award %.40s", c->uid);
    if (e == BL_OK)
        e = bl_app_authorize_hidden(tx, c->who, a.org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_award_revoke(tx, a.id, bl_app_now(c->app), c->reason, ei);
    if (e == BL_EEXISTS)
        e = bl_fail(ei, BL_EEXISTS, "the award was already revoked");
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, a.org_id, "award.revoke", c->uid, NULL, ei);
    /* Pathways (pathway.c): a broken completion is withdrawn in this same transaction. */
    if (e == BL_OK) {
        struct bl_app_pathway_person p = {
            .award_id = a.id, .email = a.recipient_email, .phone = a.recipient_phone};
        e = bl_app_pathway_on_change(tx, c->app, &arena, a.org_id, &p, ei);
    }
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_revoke(struct bl_app *app, const struct bl_actor *who, const char *award_uid,
                          const char *reason, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_check_text("reason", reason, false, 500, ei);
    if (e != BL_OK)
        return e;
    struct revoke_ctx c = {app, who, award_uid ? award_uid : "", reason && *reason ? reason : NULL};
    return bl_store_run(app->store, BL_TX_WRITE, revoke_tx, &c, ei);
}

/* ---- awards made inside a caller's transaction (pathway milestones) ---- */

enum bl_err bl_app__award_tx(struct bl_tx *tx, struct bl_app *app, int64_t badgeclass_id,
                             const struct bl_app_award_input *to, const struct bl_ob_evidence *ev,
                             size_t nev, const char *idem_key, struct bl_arena *arena,
                             struct bl_award *out, bool *existed, struct bl_errinfo *ei)
{
    struct bl_app_award_input in = *to;
    in.idem_key = idem_key;
    in.notify = true;
    struct award_ctx c = {.app = app,
                          .who = &bl_actor_system,
                          .in = &in,
                          .email = to->email && *to->email ? to->email : NULL,
                          .phone = to->phone && *to->phone ? to->phone : NULL,
                          .holder_url = to->holder_id > 0 && to->holder_uid
                                            ? bl_app_holder_url(arena, app, to->holder_uid)
                                            : NULL,
                          .arena = arena,
                          .out = out,
                          .ev = ev,
                          .nev = nev,
                          .from_pathway = true};
    memset(out, 0, sizeof *out);
    *existed = false;
    bl_tx_set_arena(tx, arena);
    enum bl_err e = bl_store_badgeclass_get(tx, badgeclass_id, &c.bc, ei);
    if (e == BL_OK)
        c.badge_uid = c.bc.uid;
    if (e == BL_OK)
        e = bl_store_org_get(tx, c.bc.org_id, &c.org, ei);
    if (e == BL_OK)
        e = bl_store_key_active(tx, c.org.id, "RS256", &c.rsa_row, ei);
    if (e == BL_OK)
        e = bl_store_key_active(tx, c.org.id, "EdDSA", &c.ed_row, ei);
    if (e == BL_OK)
        e = bl_app_validity_parse(c.bc.validity, &c.kind, &c.until, &c.months, ei);
    if (e == BL_OK) {
        e = bl_store_award_by_idem(tx, c.org.id, idem_key, out, ei);
        if (e == BL_OK) {
            *existed = true;
            return BL_OK;
        }
        if (e == BL_ENOTFOUND)
            e = BL_OK;
    }
    if (e == BL_OK)
        e = award_fill(&c, ei);
    if (e == BL_OK)
        e = bl_store_counter_next(tx, c.org.id, "status_index", &out->status_index, ei);
    if (e == BL_OK)
        e = sign_documents(&c, out, ei);
    if (e == BL_OK)
        e = award_insert_tx(tx, &c, ei);
    if (e == BL_OK)
        *existed = c.existed;
    return e;
}
