/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * docs.c: public documents of an organisation (docs.h).
 */
#include "app/docs.h"

#include <string.h>

#include "app/org.h"
#include "core/di.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/obdate.h"
#include "core/statuslist.h"

#define OB2_CONTEXT      "https://w3id.org/openbadges/v2"
#define MULTIKEY_CONTEXT "https://w3id.org/security/multikey/v1"
#define DID_CONTEXT      "https://www.w3.org/ns/did/v1"

const char *bl_app_badge_url(struct bl_arena *a, const struct bl_app *app, const char *uid)
{
    return bl_arena_printf(a, "%s/badges/%s", app->base_url, uid);
}

const char *bl_app_award_url(struct bl_arena *a, const struct bl_app *app, const char *uid)
{
    return bl_arena_printf(a, "%s/awards/%s", app->base_url, uid);
}

static const char *org_image_url(struct bl_arena *a, const struct bl_app *app,
                                 const struct bl_org *org)
{
    return org->image ? bl_arena_printf(a, "%s/o/%s/image", app->base_url, org->slug) : NULL;
}

enum bl_err bl_app_doc_issuer(const struct bl_app *app, struct bl_arena *a,
                              const struct bl_org *org, const struct bl_orgkey *keys, size_t n,
                              json_t **out, struct bl_errinfo *ei)
{
    struct bl_ob2_issuer in = {
        .id = bl_app_org_url(a, app, org->slug),
        .name = org->name,
        .url = org->url,
        .email = org->email,
        .description = org->description,
        .image = org_image_url(a, app, org),
        .revocation_list = bl_arena_printf(a, "%s/o/%s/revocations", app->base_url, org->slug),
    };
    enum bl_err e = bl_ob2_issuer_build(&in, out, ei);
    if (e != BL_OK)
        return e;
    json_t *pk = json_array(), *am = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *url = bl_app_key_url(a, app, org->slug, keys[i].kid);
        json_array_append_new(pk, json_string(url));
        if (strcmp(keys[i].alg, "EdDSA") == 0)
            json_array_append_new(am, json_string(url));
    }
    json_object_set_new(*out, "publicKey", pk);
    /* A controller document's relation, for Data Integrity verifiers. */
    json_object_set_new(*out, "assertionMethod", am);
    return BL_OK;
}

/* alignments_json / tags_json rows into builder arrays (strings in a). */
static enum bl_err badge_arrays(struct bl_arena *a, const struct bl_badgeclass *b,
                                struct bl_ob_alignment **al, size_t *nal, const char ***tags,
                                size_t *ntags, struct bl_errinfo *ei)
{
    json_t *ja = NULL, *jt = NULL;
    *al = NULL;
    *tags = NULL;
    *nal = *ntags = 0;
    enum bl_err e = bl_json_parse(b->alignments_json ? b->alignments_json : "[]",
                                  strlen(b->alignments_json ? b->alignments_json : "[]"),
                                  BL_JSON_MAX_BYTES, 8, &ja, ei);
    if (e == BL_OK)
        e = bl_json_parse(b->tags_json ? b->tags_json : "[]",
                          strlen(b->tags_json ? b->tags_json : "[]"), BL_JSON_MAX_BYTES, 4, &jt,
                          ei);
    if (e != BL_OK)
        goto out;
    size_t i;
    json_t *v;
    *al = bl_arena_zalloc(a, (json_array_size(ja) + 1) * sizeof **al);
    json_array_foreach(ja, i, v)
    {
        struct bl_ob_alignment *x = &(*al)[(*nal)++];
        x->target_name = bl_arena_strdup(a, bl_json_str(v, "targetName"));
        x->target_url = bl_arena_strdup(a, bl_json_str(v, "targetUrl"));
        x->target_description = bl_arena_strdup(a, bl_json_str(v, "targetDescription"));
        x->target_framework = bl_arena_strdup(a, bl_json_str(v, "targetFramework"));
        x->target_code = bl_arena_strdup(a, bl_json_str(v, "targetCode"));
        x->target_type = bl_arena_strdup(a, bl_json_str(v, "targetType"));
    }
    *tags = bl_arena_zalloc(a, (json_array_size(jt) + 1) * sizeof **tags);
    json_array_foreach(jt, i, v)
    {
        if (json_is_string(v))
            (*tags)[(*ntags)++] = bl_arena_strdup(a, json_string_value(v));
    }
out:
    json_decref(ja);
    json_decref(jt);
    return e;
}

static const char *badge_image_url(struct bl_arena *a, const struct bl_app *app,
                                   const struct bl_badgeclass *b)
{
    return bl_arena_printf(a, "%s/badges/%s/image", app->base_url, b->uid);
}

enum bl_err bl_app_doc_badgeclass(const struct bl_app *app, struct bl_arena *a,
                                  const struct bl_org *org, const struct bl_badgeclass *b,
                                  json_t **out, struct bl_errinfo *ei)
{
    struct bl_ob2_badgeclass in = {
        .id = bl_app_badge_url(a, app, b->uid),
        .name = b->name,
        .description = b->description,
        .image = badge_image_url(a, app, b),
        .criteria_id = b->criteria_url,
        .criteria_narrative = b->criteria_narrative,
        .issuer = bl_app_org_url(a, app, org->slug),
    };
    struct bl_ob_alignment *al;
    const char **tags;
    enum bl_err e = badge_arrays(a, b, &al, &in.n_alignment, &tags, &in.n_tags, ei);
    if (e != BL_OK)
        return e;
    in.alignment = al;
    in.tags = tags;
    return bl_ob2_badgeclass_build(&in, out, ei);
}

void bl_app_ob3_profile(const struct bl_app *app, struct bl_arena *a, const struct bl_org *org,
                        struct bl_ob3_profile *out)
{
    memset(out, 0, sizeof *out);
    out->id = bl_app_org_url(a, app, org->slug);
    out->name = org->name;
    out->url = org->url;
    out->email = org->email;
    out->description = org->description;
    out->image = org_image_url(a, app, org);
}

enum bl_err bl_app_ob3_achievement(const struct bl_app *app, struct bl_arena *a,
                                   const struct bl_badgeclass *b, struct bl_ob3_achievement *out,
                                   struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    out->id = bl_app_badge_url(a, app, b->uid);
    out->name = b->name;
    out->description = b->description;
    out->criteria_id = b->criteria_url;
    out->criteria_narrative = b->criteria_narrative;
    out->image = badge_image_url(a, app, b);
    out->achievement_type = "Badge";
    struct bl_ob_alignment *al;
    const char **tags;
    enum bl_err e = badge_arrays(a, b, &al, &out->n_alignment, &tags, &out->n_tags, ei);
    out->alignment = al;
    out->tags = tags;
    return e;
}

static enum bl_err load_key(const struct bl_orgkey *k, struct bl_key **out, struct bl_errinfo *ei)
{
    return bl_key_from_jwk_text(k->public_jwk, strlen(k->public_jwk), out, ei);
}

enum bl_err bl_app_doc_key(const struct bl_app *app, struct bl_arena *a, const struct bl_org *org,
                           const struct bl_orgkey *k, json_t **out, struct bl_errinfo *ei)
{
    struct bl_key *key = NULL;
    struct bl_buf b;
    bl_buf_init(&b, 16384);
    const char *url = bl_app_key_url(a, app, org->slug, k->kid);
    const char *owner = bl_app_org_url(a, app, org->slug);
    enum bl_err e = load_key(k, &key, ei);
    if (e == BL_OK && strcmp(k->alg, "RS256") == 0) {
        e = bl_key_to_pem(key, false, &b, ei);
        if (e == BL_OK)
            e = bl_ob2_key_build(url, owner, (const char *)b.p, out, ei);
    } else if (e == BL_OK) {
        e = bl_key_to_multikey(key, &b, ei);
        if (e == BL_OK) {
            *out = json_pack("{s:s, s:s, s:s, s:s, s:s}", "@context", MULTIKEY_CONTEXT, "id", url,
                             "type", "Multikey", "controller", owner, "publicKeyMultibase",
                             (const char *)b.p);
        }
    }
    if (e == BL_OK && k->retired_at) {
        char when[BL_OBDATE_LEN];
        if (bl_obdate_format(k->retired_at, when, ei) == BL_OK)
            json_object_set_new(*out, "revoked", json_string(when));
    }
    bl_key_free(key);
    bl_buf_free(&b);
    return e;
}

enum bl_err bl_app_doc_jwks(const struct bl_app *app, struct bl_arena *a, const struct bl_org *org,
                            const struct bl_orgkey *keys, size_t n, json_t **out,
                            struct bl_errinfo *ei)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *jwk = NULL;
        enum bl_err e =
            bl_json_parse(keys[i].public_jwk, strlen(keys[i].public_jwk), 65536, 4, &jwk, ei);
        if (e != BL_OK) {
            json_decref(arr);
            return e;
        }
        json_object_set_new(jwk, "kid",
                            json_string(bl_app_key_url(a, app, org->slug, keys[i].kid)));
        json_object_set_new(jwk, "alg", json_string(keys[i].alg));
        json_object_set_new(jwk, "use", json_string("sig"));
        json_array_append_new(arr, jwk);
    }
    *out = json_pack("{s:o}", "keys", arr);
    return BL_OK;
}

enum bl_err bl_app_doc_did(const struct bl_app *app, struct bl_arena *a, const struct bl_org *org,
                           const struct bl_orgkey *keys, size_t n, json_t **out,
                           struct bl_errinfo *ei)
{
    const char *did = bl_app_org_did(a, app, org->slug);
    json_t *vms = json_array(), *am = json_array();
    enum bl_err e = BL_OK;
    for (size_t i = 0; i < n && e == BL_OK; i++) {
        const char *id = bl_arena_printf(a, "%s#%s", did, keys[i].kid);
        json_t *vm = NULL;
        if (strcmp(keys[i].alg, "EdDSA") == 0) {
            struct bl_key *key = NULL;
            struct bl_buf b;
            bl_buf_init(&b, 256);
            e = load_key(&keys[i], &key, ei);
            if (e == BL_OK)
                e = bl_key_to_multikey(key, &b, ei);
            if (e == BL_OK)
                vm = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "type", "Multikey", "controller",
                               did, "publicKeyMultibase", (const char *)b.p);
            bl_key_free(key);
            bl_buf_free(&b);
        } else {
            json_t *jwk = NULL;
            e = bl_json_parse(keys[i].public_jwk, strlen(keys[i].public_jwk), 65536, 4, &jwk, ei);
            if (e == BL_OK)
                vm = json_pack("{s:s, s:s, s:s, s:o}", "id", id, "type", "JsonWebKey", "controller",
                               did, "publicKeyJwk", jwk);
        }
        if (vm) {
            json_array_append_new(vms, vm);
            if (!keys[i].retired_at)
                json_array_append_new(am, json_string(id));
        }
    }
    if (e != BL_OK) {
        json_decref(vms);
        json_decref(am);
        return e;
    }
    *out = json_pack("{s:[s,s], s:s, s:[s], s:o, s:o}", "@context", DID_CONTEXT, MULTIKEY_CONTEXT,
                     "id", did, "alsoKnownAs", bl_app_org_url(a, app, org->slug),
                     "verificationMethod", vms, "assertionMethod", am);
    return BL_OK;
}

enum bl_err bl_app_doc_revocations(const struct bl_app *app, struct bl_arena *a,
                                   const struct bl_org *org, const struct bl_award *revoked,
                                   size_t n, bool ob3, json_t **out, struct bl_errinfo *ei)
{
    const char *issuer = bl_app_org_url(a, app, org->slug);
    if (ob3) {
        /* Both ids of each award: the credential's urn:uuid. */
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *it = json_pack("{s:s}", "id", bl_app_uid_urn(a, revoked[i].uid));
            if (revoked[i].revocation_reason)
                json_object_set_new(it, "revocationReason",
                                    json_string(revoked[i].revocation_reason));
            json_array_append_new(arr, it);
        }
        *out =
            json_pack("{s:s, s:s, s:s, s:o}", "id",
                      bl_arena_printf(a, "%s/o/%s/status/revocations", app->base_url, org->slug),
                      "type", "1EdTechRevocationList", "issuer", issuer, "revokedCredential", arr);
        return BL_OK;
    }
    /* OB 2.0: the hosted id and the signed assertion's urn:uuid of each award. */
    struct bl_ob2_revoked *v = bl_arena_zalloc(a, (2 * n + 1) * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        v[2 * i].id = bl_app_award_url(a, app, revoked[i].uid);
        v[2 * i].reason = revoked[i].revocation_reason;
        v[2 * i + 1].id = bl_app_uid_urn(a, revoked[i].uid);
        v[2 * i + 1].reason = revoked[i].revocation_reason;
    }
    return bl_ob2_revocation_list_build(
        bl_arena_printf(a, "%s/o/%s/revocations", app->base_url, org->slug), issuer, v, 2 * n, out,
        ei);
}

enum bl_err bl_app_doc_statuslist(const struct bl_app *app, struct bl_arena *a,
                                  const struct bl_org *org, const struct bl_award *revoked,
                                  size_t n, const struct bl_orgkey *krow, const struct bl_key *key,
                                  int64_t now, json_t **out, struct bl_errinfo *ei)
{
    uint64_t *idx = bl_arena_zalloc(a, (n + 1) * sizeof *idx);
    uint64_t bits = BL_STATUSLIST_MIN_BITS;
    for (size_t i = 0; i < n; i++) {
        idx[i] = (uint64_t)revoked[i].status_index;
        if (idx[i] >= bits)
            bits = (idx[i] / BL_STATUSLIST_MIN_BITS + 1) * BL_STATUSLIST_MIN_BITS;
    }
    struct bl_buf enc;
    bl_buf_init(&enc, BL_PAYLOAD_MAX);
    char valid_from[BL_OBDATE_LEN];
    const char *url = bl_arena_printf(a, "%s/o/%s/status/1", app->base_url, org->slug);
    json_t *doc = NULL;
    enum bl_err e = bl_statuslist_encode(idx, n, bits, &enc, ei);
    if (e == BL_OK)
        e = bl_obdate_format(now, valid_from, ei);
    if (e == BL_OK) {
        doc =
            json_pack("{s:[s], s:s, s:[s,s], s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "@context",
                      BL_OB3_CONTEXT_VC2, "id", url, "type", "VerifiableCredential",
                      "BitstringStatusListCredential", "issuer", bl_app_org_url(a, app, org->slug),
                      "validFrom", valid_from, "credentialSubject", "id",
                      bl_arena_printf(a, "%s#list", url), "type", "BitstringStatusList",
                      "statusPurpose", "revocation", "encodedList", (const char *)enc.p);
        e = bl_di_sign(NULL, doc, key, bl_app_key_url(a, app, org->slug, krow->kid), valid_from,
                       out, ei);
    }
    json_decref(doc);
    bl_buf_free(&enc);
    return e;
}
