/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * verify.c: the verification of any Open Badge, offline core.  Input is
 * sniffed (image, URL, JWS, JSON), unbaked and identified, then the OB 2.0
 * (hosted or signed) or OB 3.0 (Data Integrity or VC-JWT) path runs every
 * check it can and records it in the report; the verdict is derived from
 * the checks at the end.  Remote documents come only through opts->fetch.
 */
#include "verify.h"

#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "bake.h"
#include "base64.h"
#include "di.h"
#include "json.h"
#include "jws.h"
#include "key.h"
#include "legacy.h"
#include "limits.h"
#include "mem.h"
#include "ob2.h"
#include "ob3.h"
#include "obdate.h"
#include "payload.h"
#include "recipient.h"
#include "utf8.h"

/* Largest decompressed status list we accept (the spec minimum is 16 KiB). */
#define STATUS_LIST_MAX (4u * 1024 * 1024)
/* A URL payload may lead to another document once, not more. */
#define MAX_DEPTH 2
/* Each proof costs a canonicalisation: bound the work a hostile badge can ask for. */
#define MAX_ENDORSEMENTS 16
#define MAX_STATUSES     4

/* ---- Messages ---- */

struct msg {
    const char *id;
    const char *fr, *en; /* "{}" is replaced by the argument */
};

static const struct msg msgs[] = {
    {"input.format", "Ce fichier n'est pas un badge reconnu ({}).",
     "This is not a recognised badge ({})."},
    {"input.image", "Badge extrait de l'image {}.", "Badge found in the {} image."},
    {"input.noimage", "L'image ne contient pas de badge.", "The image holds no badge."},
    {"input.fetch", "Impossible de récupérer le document {}.", "Could not fetch {}."},
    {"input.json", "Le badge n'est pas un document JSON valide.", "The badge is not valid JSON."},
    {"input.version", "Version Open Badges {} détectée.", "Open Badges {} detected."},
    {"input.unsupported", "La version Open Badges {} n'est pas prise en charge.",
     "Open Badges {} is not supported."},
    {"legacy.outdated", "Open Badges {} : version ancienne, convertie pour la lecture.",
     "Open Badges {}: outdated version, upgraded for reading."},
    {"legacy.offline",
     "Ce badge Open Badges 1.x ne peut être vérifié qu'en ligne, chez son émetteur ({}).",
     "This Open Badges 1.x badge can only be verified online, at its issuer ({})."},
    {"legacy.partial",
     "Pour un badge Open Badges 1.x, la classe de badge et l'émetteur ne sont pas vérifiés : "
     "son authenticité ne peut pas être établie ({}).",
     "For an Open Badges 1.x badge the BadgeClass and the issuer are not checked: its "
     "authenticity cannot be established ({})."},
    {"legacy.signed", "Les badges signés Open Badges 1.0 ne sont pas encore vérifiés ({}).",
     "Signed Open Badges 1.0 badges are not verified yet ({})."},
    {"legacy.no_verify", "Ce badge ne dit pas où le vérifier (aucune adresse d'hébergement).",
     "This badge does not say where to verify it (no hosted URL)."},
    {"input.offline", "Ce badge ne peut être vérifié qu'en ligne ({}).",
     "This badge can only be verified online ({})."},
    {"structure.ok", "La structure du badge est conforme.", "The badge structure is valid."},
    {"structure.missing", "Le champ obligatoire {} est absent.", "Required field {} is missing."},
    {"structure.type", "Le champ {} n'a pas le type attendu.", "Field {} has the wrong type."},
    {"structure.value", "La valeur du champ {} n'est pas admise.",
     "Field {} has a value that is not allowed."},
    {"structure.format", "Le champ {} n'a pas le format attendu.",
     "Field {} is not in the expected format."},
    {"structure.context", "Le contexte JSON-LD ({}) est absent ou incorrect.",
     "The JSON-LD context ({}) is missing or wrong."},
    {"structure.outdated", "Le badge utilise un ancien modèle de données ({}).",
     "The badge uses an older data model ({})."},
    {"structure.not_badge",
     "Ce document ({}) n'est pas un badge : sa structure n'est pas vérifiée.",
     "This document ({}) is not a badge: its structure is not checked."},
    {"input.guess", "Contexte JSON-LD inconnu : le document est lu comme un badge Open Badges {}.",
     "Unknown JSON-LD context: the document is read as an Open Badges {} badge."},
    {"structure.other", "Problème dans le champ {}.", "Problem in field {}."},
    {"proof.signature", "La signature est valide.", "The signature is valid."},
    {"proof.invalid", "La signature n'est pas valide.", "The signature does not verify."},
    {"proof.missing", "Ce badge ne porte aucune preuve cryptographique.",
     "This badge carries no cryptographic proof."},
    {"proof.unsupported",
     "Ce type de preuve ou de clé n'est pas encore pris en charge : la signature n'a pas pu être "
     "vérifiée.",
     "This kind of proof or key is not supported yet: the signature could not be checked."},
    {"proof.key", "La clé de l'émetteur est introuvable.", "The issuer's key could not be found."},
    {"proof.fetch",
     "La clé de l'émetteur n'a pas pu être récupérée : la signature n'a pas été vérifiée.",
     "The issuer's key could not be fetched: the signature was not checked."},
    {"proof.offline", "La signature n'a pas pu être vérifiée hors ligne.",
     "The signature could not be checked offline."},
    {"proof.key_owner", "La clé de signature est bien déclarée par l'émetteur.",
     "The signing key is listed by the issuer."},
    {"proof.key_not_owner", "La clé de signature n'est pas déclarée par l'émetteur.",
     "The signing key is not listed by the issuer."},
    {"proof.key_bound", "La clé de signature appartient bien à l'émetteur ({}).",
     "The signing key belongs to the issuer ({})."},
    {"proof.key_unbound",
     "Rien ne prouve que la clé de signature appartienne à l'émetteur annoncé ({}).",
     "Nothing shows that the signing key belongs to the stated issuer ({})."},
    {"proof.key_offline",
     "L'appartenance de la clé à l'émetteur ({}) n'a pas été vérifiée (mode hors ligne).",
     "Whether the key belongs to the issuer ({}) was not checked (offline mode)."},
    {"proof.key_given", "La signature a été faite avec la clé fournie pour la vérification.",
     "The signature was made with the key given for verification."},
    {"proof.vcdm11", "Ce badge utilise l'ancien format VC-JWT (VCDM 1.1).",
     "This badge uses the old VC-JWT form (VCDM 1.1)."},
    {"hosted.ok", "L'assertion hébergée chez l'émetteur correspond au badge.",
     "The assertion hosted by the issuer matches the badge."},
    {"hosted.unreachable",
     "L'assertion n'a pas pu être relue à son adresse ; le document fourni a été utilisé.",
     "The assertion could not be fetched from its id; the given document was used."},
    {"hosted.offline",
     "Ce badge est hébergé par son émetteur : il ne peut être vérifié qu'en ligne.",
     "This badge is hosted by its issuer: it can only be verified online."},
    {"hosted.not_hosted", "L'émetteur n'héberge pas cette assertion à son adresse ({}).",
     "The issuer does not host this assertion at its id ({})."},
    {"doc.offline", "Le document {} n'a pas été consulté (mode hors ligne).",
     "Document {} was not fetched (offline mode)."},
    {"doc.id_mismatch", "Le document récupéré à l'adresse {} porte un autre identifiant.",
     "The document fetched from {} has a different id."},
    {"hosted.mismatch", "L'assertion hébergée chez l'émetteur diffère du badge fourni.",
     "The assertion hosted by the issuer differs from the given badge."},
    {"hosted.origin", "L'adresse de l'assertion est autorisée par l'émetteur.",
     "The assertion's address is allowed by the issuer."},
    {"hosted.bad_origin", "L'adresse de l'assertion ({}) n'est pas autorisée par l'émetteur.",
     "The assertion's address ({}) is not allowed by the issuer."},
    {"badge.fetch", "La description du badge ({}) est inaccessible.",
     "The badge description ({}) could not be fetched."},
    {"issuer.fetch", "Le profil de l'émetteur ({}) est inaccessible.",
     "The issuer profile ({}) could not be fetched."},
    {"issuer.non_http", "L'identifiant de l'émetteur ({}) n'est pas une adresse web.",
     "The issuer id ({}) is not a web address."},
    {"status.ok", "Ce badge n'a pas été révoqué.", "This badge has not been revoked."},
    {"status.revoked", "Ce badge a été révoqué par son émetteur.",
     "This badge has been revoked by its issuer."},
    {"status.offline", "La liste de révocation n'a pas été consultée (mode hors ligne).",
     "The revocation list was not checked (offline mode)."},
    {"status.fetch", "La liste de révocation ({}) est inaccessible.",
     "The revocation list ({}) could not be fetched."},
    {"status.bad_list", "La liste de révocation ({}) est illisible ou non authentique.",
     "The revocation list ({}) is unreadable or not authentic."},
    {"status.unsupported", "Le type de statut {} n'est pas pris en charge.",
     "Status type {} is not supported."},
    {"validity.ok", "Le badge est dans sa période de validité.",
     "The badge is within its validity period."},
    {"validity.expired", "Ce badge a expiré le {}.", "This badge expired on {}."},
    {"validity.not_yet", "Ce badge ne sera valide qu'à partir du {}.",
     "This badge is not valid before {}."},
    {"validity.order", "La date d'expiration précède la date d'émission.",
     "The expiry date is before the issue date."},
    {"recipient.ok", "Ce badge a bien été délivré à {}.", "This badge was awarded to {}."},
    {"recipient.mismatch", "Ce badge n'a pas été délivré à {}.",
     "This badge was not awarded to {}."},
    {"refresh.not_followed",
     "Le service de mise à jour du badge ({}) n'a pas été consulté : c'est le badge fourni qui a "
     "été vérifié.",
     "The badge's refresh service ({}) was not used: the badge as given was verified."},
    {"endorsement.ok", "La reconnaissance {} est authentique et valide.",
     "Endorsement {} is authentic and valid."},
    {"endorsement.too_many", "Les reconnaissances au-delà de la seizième n'ont pas été vérifiées.",
     "Endorsements past the sixteenth were not checked."},
    {"endorsement.invalid", "La reconnaissance {} n'est pas authentique (signature invalide).",
     "Endorsement {} is not authentic (bad signature)."},
    {"endorsement.structure", "La reconnaissance {} est mal formée.",
     "Endorsement {} is malformed."},
    {"endorsement.key",
     "La reconnaissance {} est signée par une clé qui n'est pas celle de son auteur.",
     "Endorsement {} is signed with a key that is not its author's."},
    {"endorsement.withdrawn", "La reconnaissance {} a été retirée par son auteur.",
     "Endorsement {} was withdrawn by its author."},
    {"endorsement.expired", "La reconnaissance {} a expiré.", "Endorsement {} has expired."},
    {"endorsement.not_yet", "La reconnaissance {} n'est pas encore valide.",
     "Endorsement {} is not valid yet."},
    {"endorsement.status_unknown", "Le statut de la reconnaissance {} n'a pas pu être vérifié.",
     "The status of endorsement {} could not be checked."},
    {"endorsement.status_offline",
     "La reconnaissance {} est authentique ; son retrait éventuel n'a pas été vérifié (hors "
     "ligne).",
     "Endorsement {} is authentic; whether it was withdrawn was not checked (offline)."},
};

static const struct msg *find_msg(const char *id)
{
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
        if (strcmp(msgs[i].id, id) == 0)
            return &msgs[i];
    return NULL;
}

/* Template t with its "{}" replaced by arg (or "" when NULL); owned by the caller. */
static char *render(const char *t, const char *arg)
{
    struct bl_buf b;
    bl_buf_init(&b, 4096);
    const char *hole = strstr(t, "{}");
    bool ok = true;
    if (!hole) {
        ok = bl_buf_puts(&b, t) == BL_OK;
    } else {
        ok = bl_buf_append(&b, t, (size_t)(hole - t)) == BL_OK &&
             bl_buf_puts(&b, arg ? arg : "") == BL_OK && bl_buf_puts(&b, hole + 2) == BL_OK;
    }
    if (!ok) {
        bl_buf_reset(&b);
        if (bl_buf_puts(&b, t) != BL_OK)
            bl_buf_reset(&b);
    }
    return (char *)bl_buf_detach(&b, NULL);
}

/* ---- Verification state ---- */

struct vctx {
    const struct bl_verify_opts *o;
    struct bl_verify_report *r;
    struct bl_jsonld *ld;
    bool online;
    bool needed_network; /* set by a resolver that refused for lack of network */
    bool unsupported;    /* every proof failed for lack of support (did:web, a cryptosuite) */
    char jwt_key[BL_URL_MAX + 1]; /* VC-JWT: "jwk" for a header key, else the kid used */
    char jwt_iss[BL_URL_MAX + 1]; /* VC-JWT: the issuer id of the (not yet verified) claims */
    bool key_from_issuer;         /* the key was found in the issuer's profile or its JWKS */
    bool fetch_failed;            /* a fetch failed without an HTTP answer (network, refused) */
    int depth;
};

static bool url_host(const char *url, char *out, size_t outlen);

/*
 * Messages quote URLs from the input and details cut at a fixed length:
 * replace each byte that does not start valid UTF-8 with '?' so the JSON
 * report can always carry them.
 */
static void fix_utf8(char *s)
{
    size_t n = strlen(s), off = 0;
    while (off < n) {
        size_t ok = bl_utf8_check((const unsigned char *)s + off, n - off);
        off += ok;
        if (off < n)
            s[off++] = '?';
    }
}

/*
 * Add a check with message msgid (which also names the check unless id is
 * given).  arg fills the template; detail is technical English.
 */
static struct bl_verify_check *add(struct vctx *c, const char *id, const char *msgid,
                                   enum bl_check_status st, const char *arg, const char *detail)
{
    struct bl_verify_report *r = c->r;
    if (r->n == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 16;
        r->checks = bl_realloc(r->checks, ncap * sizeof *r->checks);
        r->cap = ncap;
    }
    struct bl_verify_check *k = &r->checks[r->n++];
    memset(k, 0, sizeof *k);
    const struct msg *m = find_msg(msgid);
    size_t l = strlen(id ? id : msgid);
    if (l >= sizeof k->id)
        l = sizeof k->id - 1;
    memcpy(k->id, id ? id : msgid, l);
    k->status = st;
    k->message = render(m ? (r->en ? m->en : m->fr) : msgid, arg);
    k->detail = bl_strdup(detail ? detail : "");
    fix_utf8(k->message);
    fix_utf8(k->detail);
    return k;
}

static void set_str(char **dst, const char *s)
{
    if (*dst || !s)
        return;
    *dst = bl_strdup(s);
}

/* A date for a message: 15/11/2022 in French, 2022-11-15 in English. */
static void human_date(const struct vctx *c, int64_t t, char out[BL_OBDATE_LEN])
{
    char iso[BL_OBDATE_LEN];
    if (bl_obdate_format(t, iso, NULL) != BL_OK) {
        memcpy(out, "?", 2);
        return;
    }
    if (c->r->en) {
        memcpy(out, iso, 10);
        out[10] = 0;
        return;
    }
    memcpy(out, iso + 8, 2);
    out[2] = '/';
    memcpy(out + 3, iso + 5, 2);
    out[5] = '/';
    memcpy(out + 6, iso, 4);
    out[10] = 0;
}

static bool is_http(const char *s)
{
    return s && (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0);
}

/*
 * Fetch url and parse it as JSON into *out.  BL_ENOTFOUND with *status set
 * for an HTTP error status; BL_EUNSUPPORTED offline.
 */
static enum bl_err fetch_json(struct vctx *c, const char *url, const char *accept, json_t **out,
                              long *status, struct bl_errinfo *ei)
{
    *out = NULL;
    long st = 0;
    if (status)
        *status = 0;
    if (!c->online)
        return bl_fail(ei, BL_EUNSUPPORTED, "%s: offline", url);
    struct bl_buf body;
    bl_buf_init(&body, BL_PAYLOAD_MAX);
    char final_url[BL_URL_MAX + 1];
    final_url[0] = 0;
    enum bl_err e =
        c->o->fetch(c->o->fetch_cls, url, accept, &body, &st, final_url, sizeof final_url, ei);
    if (e != BL_OK) {
        st = 0; /* the callback failed: whatever status it left means nothing */
        c->fetch_failed = true;
    }
    if (status)
        *status = st;
    if (e != BL_OK)
        goto out;
    if (st < 200 || st > 299) {
        e = bl_fail(ei, BL_ENOTFOUND, "%s: HTTP status %ld", url, st);
        goto out;
    }
    e = bl_json_parse(body.p ? (const char *)body.p : "", body.len, BL_JSON_MAX_BYTES,
                      BL_JSON_MAX_DEPTH, out, ei);
out:
    bl_buf_free(&body);
    return e;
}

/* Every problem of a validator report as a check; dates are our own checks. */
static void add_problems(struct vctx *c, const struct bl_ob_report *pr, const char *prefix,
                         bool warn_only)
{
    for (size_t i = 0; i < pr->n; i++) {
        const struct bl_ob_problem *p = &pr->v[i];
        if (p->code == BL_OB_EXPIRED || p->code == BL_OB_NOT_YET_VALID)
            continue;
        const char *mid;
        switch (p->code) {
        case BL_OB_MISSING:
            mid = "structure.missing";
            break;
        case BL_OB_TYPE:
            mid = "structure.type";
            break;
        case BL_OB_VALUE:
            mid = "structure.value";
            break;
        case BL_OB_FORMAT:
            mid = "structure.format";
            break;
        case BL_OB_CONTEXT:
            mid = "structure.context";
            break;
        case BL_OB_OUTDATED:
            mid = "structure.outdated";
            break;
        default:
            mid = "structure.other";
            break;
        }
        char path[200];
        size_t pl = strlen(prefix);
        if (pl + strlen(p->path) + 1 < sizeof path) {
            memcpy(path, prefix, pl);
            memcpy(path + pl, p->path, strlen(p->path) + 1);
        } else {
            memcpy(path, "?", 2);
        }
        enum bl_check_status st =
            p->sev == BL_OB_ERROR && !warn_only ? BL_CHECK_ERROR : BL_CHECK_WARNING;
        add(c, NULL, mid, st, path[0] ? path : c->r->en ? "(root)" : "(racine)", p->msg);
    }
}

/* validFrom/issuedOn and validUntil/expires against now. */
static void check_dates(struct vctx *c, const char *from, const char *until)
{
    int64_t f = 0, u = 0;
    bool hf = from && bl_obdate_parse(from, &f, NULL, NULL) == BL_OK;
    bool hu = until && bl_obdate_parse(until, &u, NULL, NULL) == BL_OK;
    char d[BL_OBDATE_LEN];
    bool bad = false;
    set_str(&c->r->issued, from);
    set_str(&c->r->expires, until);
    if (hf && hu && u < f) {
        add(c, NULL, "validity.order", BL_CHECK_ERROR, NULL, NULL);
        bad = true;
    }
    if (hu && u < c->o->now) {
        human_date(c, u, d);
        add(c, NULL, "validity.expired", BL_CHECK_ERROR, d, until);
        bad = true;
    }
    if (hf && f > c->o->now) {
        human_date(c, f, d);
        add(c, NULL, "validity.not_yet", BL_CHECK_ERROR, d, from);
        bad = true;
    }
    if (!bad)
        add(c, NULL, "validity.ok", BL_CHECK_OK, NULL, NULL);
}

/* Does one IdentityObject-like member set match the wanted identity? */
static bool identity_match(const char *hash_or_plain, bool hashed, const char *salt,
                           const char *want)
{
    if (!hash_or_plain)
        return false;
    if (hashed) {
        bool m = false;
        if (bl_recipient_match(hash_or_plain, want, salt, &m, NULL) != BL_OK)
            return false;
        return m;
    }
    return strcasecmp(hash_or_plain, want) == 0;
}

static void recipient_result(struct vctx *c, bool match)
{
    add(c, NULL, match ? "recipient.ok" : "recipient.mismatch",
        match ? BL_CHECK_OK : BL_CHECK_ERROR, c->o->recipient, NULL);
}

/* ---- Keys through the network ---- */

/*
 * Does a key's id (a JWK kid or a verification method id) name want?  The
 * same string, or want's fragment written alone ("#key-1" or "key-1"), as
 * in a DID document or a JWKS fetched from want's own URL.
 */
static bool id_matches(const char *id, const char *want)
{
    if (!id || !want)
        return false;
    if (strcmp(id, want) == 0)
        return true;
    const char *h = strchr(want, '#');
    return h && h[1] && (strcmp(id, h) == 0 || strcmp(id, h + 1) == 0);
}

static enum bl_err key_from_doc(const json_t *doc, const char *kid, struct bl_key **out,
                                struct bl_errinfo *ei);

/* The entry of the array arr whose id (or kid) matches want (the first when want is NULL). */
static enum bl_err key_in_array(const json_t *arr, const char *want, bool jwk, struct bl_key **out,
                                struct bl_errinfo *ei)
{
    size_t i;
    const json_t *k;
    json_array_foreach(arr, i, k)
    {
        if (!json_is_object(k))
            continue;
        const char *id = bl_json_str(k, jwk ? "kid" : "id");
        if (!want || id_matches(id, want))
            return jwk ? bl_key_from_jwk(k, out, ei) : key_from_doc(k, NULL, out, ei);
    }
    return bl_fail(ei, BL_ENOTFOUND, "key %.80s is not in the key document", want ? want : "(any)");
}

/*
 * A key document: a JWK, a Multikey / JsonWebKey verification method, an
 * OB 2.0 CryptographicKey (publicKeyPem), a JWKS in which kid is looked for
 * (first key when kid is NULL), or a DID / controller document whose
 * verificationMethod list holds kid.
 */
static enum bl_err key_from_doc(const json_t *doc, const char *kid, struct bl_key **out,
                                struct bl_errinfo *ei)
{
    const char *pem = bl_json_str(doc, "publicKeyPem");
    if (pem)
        return bl_key_from_pem(pem, strlen(pem), out, ei);
    const char *mb = bl_json_str(doc, "publicKeyMultibase");
    if (mb)
        return bl_key_from_multikey(mb, strlen(mb), out, ei);
    const json_t *jwk = json_object_get(doc, "publicKeyJwk");
    if (json_is_object(jwk))
        return bl_key_from_jwk(jwk, out, ei);
    if (bl_json_str(doc, "kty"))
        return bl_key_from_jwk(doc, out, ei);
    const json_t *keys = json_object_get(doc, "keys");
    if (json_is_array(keys))
        return key_in_array(keys, kid, true, out, ei);
    const json_t *vms = json_object_get(doc, "verificationMethod");
    if (json_is_array(vms))
        return key_in_array(vms, kid, false, out, ei);
    return bl_fail(ei, BL_ENOTFOUND, "no usable key in the key document");
}

/*
 * The URL of the DID document of did (did:web, no fragment): the
 * method-specific id's colons are path separators, %3A in the host is a
 * port; no path means /.well-known/did.json (W3C did:web method).
 */
static enum bl_err did_web_url(const char *did, bool http, char *out, size_t outlen,
                               struct bl_errinfo *ei)
{
    struct bl_buf b;
    const char *p = did + 8;
    enum bl_err e = BL_OK;
    bl_buf_init(&b, outlen);
    if (!*p || *p == ':')
        return bl_fail(ei, BL_EINVAL, "%.80s: no host", did);
    for (const char *q = p; *q; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
              strchr(".-_:%", *q)))
            return bl_fail(ei, BL_EINVAL, "%.80s: character not allowed in did:web", did);
    e = bl_buf_puts(&b, http ? "http://" : "https://");
    bool host = true, path = false;
    for (; *p && e == BL_OK; p++) {
        if (*p == ':') {
            if (p[1] == ':' || p[1] == 0) {
                e = bl_fail(ei, BL_EINVAL, "%.80s: empty path segment", did);
                break;
            }
            host = false;
            path = true;
            e = bl_buf_putc(&b, '/');
        } else if (*p == '%') {
            /* Only the port separator is percent-encoded in a did:web host. */
            if (!host || (strncmp(p, "%3A", 3) != 0 && strncmp(p, "%3a", 3) != 0)) {
                e = bl_fail(ei, BL_EINVAL, "%.80s: percent-encoding other than %%3A", did);
                break;
            }
            e = bl_buf_putc(&b, ':');
            p += 2;
        } else {
            e = bl_buf_putc(&b, *p);
        }
    }
    if (e == BL_OK)
        e = bl_buf_puts(&b, path ? "/did.json" : "/.well-known/did.json");
    if (e == BL_OK && b.len >= outlen)
        e = bl_fail(ei, BL_ETOOBIG, "%.80s: URL too long", did);
    if (e == BL_OK)
        memcpy(out, b.p, b.len + 1);
    else if (e == BL_ETOOBIG || e == BL_ENOMEM)
        e = bl_fail(ei, BL_ETOOBIG, "%.80s: URL too long", did);
    bl_buf_free(&b);
    return e;
}

/*
 * The key of a did:web verification method (or VC-JWT kid): the DID
 * document is fetched through opts->fetch (so the SSRF rules apply), its id
 * must be the DID, and the method is looked up in its verificationMethod.
 */
static enum bl_err resolve_did_web(struct vctx *c, const char *vm, struct bl_key **out,
                                   struct bl_errinfo *ei)
{
    char did[BL_URL_MAX + 1], url[BL_URL_MAX + 1];
    size_t dl = strcspn(vm, "#");
    if (dl >= sizeof did)
        return bl_fail(ei, BL_ETOOBIG, "did:web method too long");
    memcpy(did, vm, dl);
    did[dl] = 0;
    enum bl_err e = did_web_url(did, c->o->did_web_http, url, sizeof url, ei);
    if (e != BL_OK)
        return e;
    if (!c->online) {
        c->needed_network = true;
        return bl_fail(ei, BL_EUNSUPPORTED, "%.80s needs the network (%.120s)", did, url);
    }
    json_t *doc = NULL;
    e = fetch_json(c, url, "application/did+json, application/json", &doc, NULL, ei);
    if (e == BL_OK && !bl_json_str(doc, "id"))
        e = bl_fail(ei, BL_EINVAL, "%.120s: the DID document has no id", url);
    else if (e == BL_OK && strcmp(bl_json_str(doc, "id"), did) != 0)
        e = bl_fail(ei, BL_EINVAL, "%.120s: the DID document is not that of %.80s", url, did);
    if (e == BL_OK)
        e = key_from_doc(doc, vm[dl] == '#' ? vm : NULL, out, ei);
    json_decref(doc);
    return e;
}

/* di.h resolver: https verification methods through fetch. */
static enum bl_err di_resolve(void *cls, const char *vm, struct bl_key **out, struct bl_errinfo *ei)
{
    struct vctx *c = cls;
    *out = NULL;
    if (strncmp(vm, "did:web:", 8) == 0)
        return resolve_did_web(c, vm, out, ei);
    if (!is_http(vm))
        return bl_fail(ei, BL_EINVAL, "verification method %.80s cannot be resolved", vm);
    if (!c->online) {
        c->needed_network = true;
        return bl_fail(ei, BL_EUNSUPPORTED, "verification method %.80s needs the network", vm);
    }
    json_t *doc = NULL;
    enum bl_err e = fetch_json(c, vm, "application/json, application/ld+json", &doc, NULL, ei);
    if (e == BL_OK)
        e = key_from_doc(doc, NULL, out, ei);
    json_decref(doc);
    return e;
}

/* jws.h resolver for VC-JWT: jwk in the header, did:key kid, or a kid URL fetched. */
static enum bl_err jwt_resolve(void *cls, const json_t *header, struct bl_key **out,
                               struct bl_errinfo *ei)
{
    struct vctx *c = cls;
    *out = NULL;
    const json_t *jwk = json_object_get(header, "jwk");
    if (json_is_object(jwk)) {
        memcpy(c->jwt_key, "jwk", 4);
        return bl_key_from_jwk(jwk, out, ei);
    }
    const char *kid = bl_json_str(header, "kid");
    if (kid && strlen(kid) < sizeof c->jwt_key)
        memcpy(c->jwt_key, kid, strlen(kid) + 1);
    if (!kid)
        return bl_fail(ei, BL_ENOTFOUND, "JWT header has neither jwk nor kid");
    if (strncmp(kid, "did:key:", 8) == 0)
        return bl_key_from_did(kid, strlen(kid), out, ei);
    if (strncmp(kid, "did:web:", 8) == 0)
        return resolve_did_web(c, kid, out, ei);
    if (strncmp(kid, "did:", 4) == 0)
        return bl_fail(ei, BL_EUNSUPPORTED, "kid %.80s: DID method not supported", kid);
    if (!c->online) {
        c->needed_network = true;
        return bl_fail(ei, BL_EUNSUPPORTED, "kid %.80s needs the network", kid);
    }
    json_t *doc = NULL;
    enum bl_err e;
    if (is_http(kid)) {
        /* A key, a verification method, or a JWKS (the kid's fragment names the key). */
        e = fetch_json(c, kid, "application/json, application/jwk-set+json", &doc, NULL, ei);
        if (e == BL_OK)
            e = key_from_doc(doc, kid, out, ei);
        json_decref(doc);
        return e;
    }
    /* A bare kid: look for it in the issuer's profile (jwks, jwks_uri, verificationMethod). */
    if (!is_http(c->jwt_iss))
        return bl_fail(ei, BL_ENOTFOUND, "kid %.80s: no issuer profile to look it up in", kid);
    e = fetch_json(c, c->jwt_iss, "application/ld+json, application/json", &doc, NULL, ei);
    if (e != BL_OK)
        return e;
    const json_t *jwks = json_object_get(doc, "jwks");
    const char *uri = bl_json_str(doc, "jwks_uri");
    if (json_is_object(jwks)) {
        e = key_from_doc(jwks, kid, out, ei);
    } else if (is_http(uri)) {
        json_t *set = NULL;
        e = fetch_json(c, uri, "application/jwk-set+json, application/json", &set, NULL, ei);
        if (e == BL_OK)
            e = key_from_doc(set, kid, out, ei);
        json_decref(set);
    } else {
        e = key_from_doc(doc, kid, out, ei);
    }
    json_decref(doc);
    if (e == BL_OK)
        c->key_from_issuer = true;
    return e;
}

/* The issuer id of the VC-JWT z[0..n) as its (unverified) claims say, into c->jwt_iss. */
static void jwt_issuer(struct vctx *c, const char *z, size_t n)
{
    struct bl_buf pl;
    json_t *claims = NULL;
    bl_buf_init(&pl, BL_JWS_PAYLOAD_MAX);
    c->jwt_iss[0] = 0;
    if (bl_jws_parse(z, n, NULL, &pl, NULL) == BL_OK &&
        bl_json_parse(pl.p ? (const char *)pl.p : "", pl.len, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH,
                      &claims, NULL) == BL_OK) {
        const json_t *vc = json_object_get(claims, "vc");
        const json_t *iss = json_object_get(json_is_object(vc) ? vc : claims, "issuer");
        const char *id = json_is_string(iss) ? json_string_value(iss) : bl_json_str(iss, "id");
        if (!id)
            id = bl_json_str(claims, "iss");
        if (id && strlen(id) < sizeof c->jwt_iss)
            memcpy(c->jwt_iss, id, strlen(id) + 1);
    }
    json_decref(claims);
    bl_buf_free(&pl);
}

/* ---- OB 3.0 ---- */

static enum bl_err need_ld(struct vctx *c, struct bl_errinfo *ei)
{
    if (c->ld)
        return BL_OK;
    if (c->o->ld) {
        c->ld = c->o->ld; /* borrowed: not freed at the end */
        return BL_OK;
    }
    return bl_jsonld_new(NULL, NULL, &c->ld, ei);
}

/* Verify the Data Integrity proof set of doc; BL_OK when every proof verifies. */
static enum bl_err di_check(struct vctx *c, const json_t *doc, struct bl_errinfo *ei)
{
    enum bl_err e = need_ld(c, ei);
    if (e != BL_OK)
        return e;
    struct bl_di_report dr;
    memset(&dr, 0, sizeof dr);
    e = bl_di_verify(c->ld, doc, di_resolve, c, &dr, ei);
    /*
     * Standard cryptosuites Blason does not implement yet: when no proof
     * verified and every one uses such a suite (or did:web, flagged by the
     * resolver), the badge could not be checked; it is not shown invalid.
     */
    static const char *const known[] = {"ecdsa-sd-2023", "ecdsa-rdfc-2019", "ecdsa-jcs-2019",
                                        "eddsa-jcs-2022", "bbs-2023"};
    bool unsupported = e != BL_OK && dr.n > 0 && dr.valid == 0;
    for (size_t i = 0; unsupported && i < dr.n && i < BL_DI_MAX_PROOFS; i++) {
        bool k = false;
        for (size_t j = 0; j < sizeof known / sizeof known[0]; j++)
            if (strcmp(dr.v[i].suite, known[j]) == 0)
                k = true;
        if (!k)
            unsupported = false;
    }
    if (unsupported)
        c->unsupported = true;
    return e;
}

/* The bit at index (MSB first) of the gzip-compressed, multibase base64url list enc. */
static enum bl_err bitstring_bit(const char *enc, uint64_t index, bool *set, struct bl_errinfo *ei)
{
    struct bl_buf gz, raw;
    bl_buf_init(&gz, BL_PAYLOAD_MAX);
    bl_buf_init(&raw, STATUS_LIST_MAX);
    enum bl_err e;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    bool zinit = false;
    if (enc[0] == 'u')
        enc++; /* multibase base64url prefix; older lists omit it */
    e = bl_base64url_decode(&gz, enc, strlen(enc), ei);
    if (e != BL_OK)
        goto out;
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        e = bl_fail(ei, BL_ENOMEM, "inflateInit2 failed");
        goto out;
    }
    zinit = true;
    zs.next_in = gz.p;
    zs.avail_in = (uInt)gz.len;
    for (;;) {
        unsigned char chunk[16384];
        zs.next_out = chunk;
        zs.avail_out = sizeof chunk;
        int zr = inflate(&zs, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END) {
            e = bl_fail(ei, BL_EINVAL, "encodedList is not gzip data");
            goto out;
        }
        e = bl_buf_append(&raw, chunk, sizeof chunk - zs.avail_out);
        if (e != BL_OK) {
            e = bl_fail(ei, BL_ETOOBIG, "status list larger than %u bytes", STATUS_LIST_MAX);
            goto out;
        }
        if (zr == Z_STREAM_END)
            break;
        if (zs.avail_in == 0 && zs.avail_out != 0) {
            e = bl_fail(ei, BL_EINVAL, "encodedList: truncated gzip data");
            goto out;
        }
    }
    if (index / 8 >= raw.len) {
        e = bl_fail(ei, BL_EINVAL, "statusListIndex %llu beyond the list of %zu bits",
                    (unsigned long long)index, raw.len * 8);
        goto out;
    }
    *set = (raw.p[index / 8] >> (7 - index % 8)) & 1;
    e = BL_OK;
out:
    if (zinit)
        inflateEnd(&zs);
    bl_buf_free(&gz);
    bl_buf_free(&raw);
    return e;
}

/* statusListIndex is a string of digits in the spec, a number in some issuers' lists. */
static bool status_index(const json_t *st, uint64_t *out)
{
    const json_t *v = json_object_get(st, "statusListIndex");
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = (uint64_t)json_integer_value(v);
        return true;
    }
    const char *s = json_string_value(v);
    if (!s || !*s || strlen(s) > 18)
        return false;
    uint64_t n = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        n = n * 10 + (uint64_t)(*s - '0');
    }
    *out = n;
    return true;
}

/* What a credentialStatus entry says, and why (msgid, arg, detail for the report). */
enum status_state { ST_OK, ST_REVOKED, ST_ERROR, ST_UNVERIFIABLE, ST_SKIPPED, ST_UNSUPPORTED };

struct status_out {
    enum status_state state;
    const char *msgid;
    const char *arg;
    char detail[256];
};

static void status_set(struct status_out *o, enum status_state s, const char *msgid,
                       const char *arg, const char *detail)
{
    size_t n = detail ? strlen(detail) : 0;
    o->state = s;
    o->msgid = msgid;
    o->arg = arg;
    if (n >= sizeof o->detail)
        n = sizeof o->detail - 1;
    if (n)
        memcpy(o->detail, detail, n);
    o->detail[n] = 0;
}

/* Look st up (fetching its list) without adding to the report: o says what was found. */
static void status_lookup(struct vctx *c, const json_t *st, const char *cred_id,
                          struct status_out *o)
{
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    const char *type = bl_json_str(st, "type");
    if (!type) {
        status_set(o, ST_UNSUPPORTED, "status.unsupported", "?", "credentialStatus has no type");
        return;
    }
    bool rl = strcmp(type, "1EdTechRevocationList") == 0;
    bool bs = strcmp(type, "BitstringStatusListEntry") == 0;
    if (!rl && !bs) {
        status_set(o, ST_UNSUPPORTED, "status.unsupported", type, NULL);
        return;
    }
    const char *url = bl_json_str(st, rl ? "id" : "statusListCredential");
    if (!is_http(url)) {
        status_set(o, ST_ERROR, "status.bad_list", url ? url : "?", "no list URL");
        return;
    }
    if (!c->online) {
        status_set(o, ST_SKIPPED, "status.offline", NULL, url);
        return;
    }
    json_t *list = NULL;
    if (fetch_json(c, url, "application/json, application/ld+json", &list, NULL, &e2) != BL_OK) {
        status_set(o, ST_UNVERIFIABLE, "status.fetch", url, e2.msg);
        return;
    }
    bool revoked = false;
    if (rl) {
        const json_t *v = json_object_get(list, "revokedCredential");
        size_t i;
        const json_t *it;
        json_array_foreach(v, i, it)
        {
            const char *id = json_is_string(it) ? json_string_value(it) : bl_json_str(it, "id");
            if (id && cred_id && strcmp(id, cred_id) == 0)
                revoked = true;
        }
    } else {
        uint64_t idx = 0;
        const json_t *sub = json_object_get(list, "credentialSubject");
        const char *enc = bl_json_str(sub, "encodedList");
        const char *purpose = bl_json_str(st, "statusPurpose");
        if (!status_index(st, &idx) || !enc) {
            status_set(o, ST_ERROR, "status.bad_list", url, "no index or encodedList");
            goto out;
        }
        if (di_check(c, list, &e2) != BL_OK) {
            status_set(o, ST_ERROR, "status.bad_list", url, e2.msg);
            goto out;
        }
        if (bitstring_bit(enc, idx, &revoked, &e2) != BL_OK) {
            status_set(o, ST_ERROR, "status.bad_list", url, e2.msg);
            goto out;
        }
        if (purpose && strcmp(purpose, "revocation") != 0 && strcmp(purpose, "suspension") != 0)
            revoked = false; /* "message" and others do not invalidate */
    }
    if (revoked)
        status_set(o, ST_REVOKED, "status.revoked", NULL, url);
    else
        status_set(o, ST_OK, "status.ok", NULL, url);
out:
    json_decref(list);
}

static void check_one_status(struct vctx *c, const json_t *st, const char *cred_id)
{
    struct status_out o;
    status_lookup(c, st, cred_id, &o);
    static const enum bl_check_status level[] = {
        [ST_OK] = BL_CHECK_OK,           [ST_REVOKED] = BL_CHECK_ERROR,
        [ST_ERROR] = BL_CHECK_ERROR,     [ST_UNVERIFIABLE] = BL_CHECK_ERROR,
        [ST_SKIPPED] = BL_CHECK_SKIPPED, [ST_UNSUPPORTED] = BL_CHECK_WARNING};
    struct bl_verify_check *k = add(c, NULL, o.msgid, level[o.state], o.arg, o.detail);
    if (o.state == ST_UNVERIFIABLE)
        k->unverifiable = true;
}

static void check_status(struct vctx *c, const json_t *cred)
{
    const json_t *st = json_object_get(cred, "credentialStatus");
    const char *id = bl_json_str(cred, "id");
    if (json_is_object(st)) {
        check_one_status(c, st, id);
    } else if (json_is_array(st)) {
        size_t i;
        const json_t *it;
        json_array_foreach(st, i, it)
        {
            if (i == MAX_STATUSES)
                break;
            check_one_status(c, it, id);
        }
    }
}

static void ob3_recipient(struct vctx *c, const json_t *cred)
{
    const json_t *sub = json_object_get(cred, "credentialSubject");
    const char *want = c->o->recipient;
    bool match = false;
    const char *sid = bl_json_str(sub, "id");
    if (sid && strcasecmp(sid, want) == 0)
        match = true;
    const json_t *ids = json_object_get(sub, "identifier");
    size_t i;
    const json_t *it;
    json_array_foreach(ids, i, it)
    {
        const json_t *h = json_object_get(it, "hashed");
        if (identity_match(bl_json_str(it, "identityHash"), json_is_true(h),
                           bl_json_str(it, "salt"), want))
            match = true;
    }
    recipient_result(c, match);
}

static const char *name_of(const json_t *v)
{
    const char *s = json_string_value(v);
    if (s)
        return s;
    s = bl_json_str(v, "name");
    if (s)
        return s;
    /* a language map */
    const json_t *n = json_object_get(v, "name");
    if (json_is_object(n)) {
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)(uintptr_t)n, k, x)
        {
            (void)k;
            if (json_is_string(x))
                return json_string_value(x);
        }
    }
    return NULL;
}

/* Is the string s anywhere in v (member values, array elements, nested)? */
static bool json_mentions(const json_t *v, const char *s, int depth)
{
    if (depth > 8)
        return false;
    if (json_is_string(v))
        return strcmp(json_string_value(v), s) == 0;
    const json_t *x;
    size_t i;
    if (json_is_array(v)) {
        json_array_foreach(v, i, x) if (json_mentions(x, s, depth + 1)) return true;
        return false;
    }
    const char *k;
    json_object_foreach((json_t *)(uintptr_t)v, k, x)
    {
        (void)k;
        if (json_mentions(x, s, depth + 1))
            return true;
    }
    return false;
}

/*
 * Key provenance: a signature only means something if the key is the
 * issuer's.  A did:key is the issuer's when it is the issuer id; a key in
 * a "<issuer id>#<Multikey>" fragment, a URL kid or a header jwk is
 * self-asserted until the issuer's profile (fetched online) lists it.
 */
static void check_key_binding(struct vctx *c, const char *vm, const char *issuer_id)
{
    char h1[256], h2[256];
    if (vm && strcmp(vm, "given") == 0) {
        add(c, NULL, "proof.key_given", BL_CHECK_OK, NULL, NULL);
        return;
    }
    if (vm && c->key_from_issuer && issuer_id && strcmp(c->jwt_iss, issuer_id) == 0) {
        add(c, NULL, "proof.key_bound", BL_CHECK_OK, issuer_id, vm);
        return;
    }
    if (!vm || !issuer_id) {
        add(c, NULL, "proof.key_unbound", BL_CHECK_WARNING, issuer_id ? issuer_id : "?", vm);
        return;
    }
    size_t il = strlen(issuer_id);
    if (strncmp(vm, "did:", 4) == 0 && strncmp(vm, issuer_id, il) == 0 &&
        (vm[il] == 0 || vm[il] == '#')) {
        add(c, NULL, "proof.key_bound", BL_CHECK_OK, issuer_id, vm);
        return;
    }
    if (strcmp(vm, "jwk") != 0 && is_http(vm) && is_http(issuer_id)) {
        const char *frag = strchr(vm, '#');
        if (!c->online) {
            add(c, NULL, "proof.key_offline", BL_CHECK_SKIPPED, issuer_id, vm);
            return;
        }
        if (url_host(vm, h1, sizeof h1) && url_host(issuer_id, h2, sizeof h2) &&
            strcmp(h1, h2) == 0) {
            /* The profile must list the key (its id or its Multikey). */
            json_t *prof = NULL;
            bool listed = false;
            if (fetch_json(c, issuer_id, "application/ld+json, application/json", &prof, NULL,
                           NULL) == BL_OK)
                listed = json_mentions(prof, vm, 0) || (frag && json_mentions(prof, frag + 1, 0));
            if (!listed && frag && (size_t)(frag - vm) < sizeof h1) {
                /* A JWKS or controller document the profile names (jwks_uri, ...). */
                memcpy(h1, vm, (size_t)(frag - vm));
                h1[frag - vm] = 0;
                listed = strcmp(h1, issuer_id) != 0 && json_mentions(prof, h1, 0);
            }
            json_decref(prof);
            if (listed) {
                add(c, NULL, "proof.key_bound", BL_CHECK_OK, issuer_id, vm);
                return;
            }
        }
    }
    add(c, NULL, "proof.key_unbound", BL_CHECK_WARNING, issuer_id, vm);
}

/* The verificationMethod of the first proof of doc. */
static const char *first_vm(const json_t *doc)
{
    const json_t *p = json_object_get(doc, "proof");
    if (json_is_array(p))
        p = json_array_get(p, 0);
    return bl_json_str(p, "verificationMethod");
}

static const char *issuer_id_of(const json_t *cred)
{
    const json_t *iss = json_object_get(cred, "issuer");
    return json_is_string(iss) ? json_string_value(iss) : bl_json_str(iss, "id");
}

/* Same host (or same DID) for a verification method and an issuer id. */
static bool same_origin(const char *vm, const char *issuer_id)
{
    char h1[256], h2[256];
    if (!vm || !issuer_id)
        return false;
    size_t il = strlen(issuer_id);
    if (strncmp(vm, "did:", 4) == 0)
        return strncmp(vm, issuer_id, il) == 0 && (vm[il] == 0 || vm[il] == '#');
    return is_http(vm) && is_http(issuer_id) && url_host(vm, h1, sizeof h1) &&
           url_host(issuer_id, h2, sizeof h2) && strcmp(h1, h2) == 0;
}

/*
 * Check one embedded endorsement: structure, Data Integrity proof, key on
 * its author's host, validity window and status.  The first problem found
 * is reported as a warning (an endorsement does not taint the badge); all
 * good is one ok line naming the endorser.
 */
static void check_one_endorsement(struct vctx *c, const json_t *en)
{
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    const char *id = bl_json_str(en, "id");
    const json_t *iss = json_object_get(en, "issuer");
    const char *iss_id = issuer_id_of(en);
    const char *iss_name = bl_json_str(iss, "name");
    char who[512];
    struct bl_buf wb;
    bl_buf_init(&wb, sizeof who - 1);
    if (bl_buf_printf(&wb, "%s%s (%s)", c->r->en ? "by " : "de ",
                      iss_name ? iss_name : (iss_id ? iss_id : "?"), id ? id : "?") != BL_OK)
        bl_buf_reset(&wb);
    memcpy(who, wb.p ? (const char *)wb.p : "", wb.len);
    who[wb.len] = 0;
    bl_buf_free(&wb);

    /* Structure at the endorsement's own start date: its window is judged below. */
    int64_t from = c->o->now, until = 0;
    const char *f = bl_json_str(en, "validFrom");
    const char *u = bl_json_str(en, "validUntil");
    if (f && bl_obdate_parse_tz(f, &from, NULL) != BL_OK)
        from = c->o->now;
    if (u && bl_obdate_parse_tz(u, &until, NULL) != BL_OK)
        until = 0;
    if (bl_ob3_validate_endorsement(en, from, NULL, &e2) != BL_OK) {
        add(c, NULL, "endorsement.structure", BL_CHECK_WARNING, who, e2.msg);
        return;
    }
    if (di_check(c, en, &e2) != BL_OK) {
        add(c, NULL, "endorsement.invalid", BL_CHECK_WARNING, who, e2.msg);
        return;
    }
    if (!same_origin(first_vm(en), iss_id)) {
        add(c, NULL, "endorsement.key", BL_CHECK_WARNING, who, first_vm(en));
        return;
    }
    if (from > c->o->now) {
        add(c, NULL, "endorsement.not_yet", BL_CHECK_WARNING, who, f);
        return;
    }
    if (until && until < c->o->now) {
        add(c, NULL, "endorsement.expired", BL_CHECK_WARNING, who, u);
        return;
    }
    const json_t *st = json_object_get(en, "credentialStatus");
    if (json_is_array(st))
        st = json_array_get(st, 0);
    if (json_is_object(st)) {
        struct status_out o;
        status_lookup(c, st, id, &o);
        if (o.state == ST_REVOKED) {
            add(c, NULL, "endorsement.withdrawn", BL_CHECK_WARNING, who, o.detail);
            return;
        }
        if (o.state == ST_SKIPPED) {
            add(c, NULL, "endorsement.status_offline", BL_CHECK_SKIPPED, who, o.detail);
            return;
        }
        if (o.state != ST_OK) {
            add(c, NULL, "endorsement.status_unknown", BL_CHECK_WARNING, who, o.detail);
            return;
        }
    }
    add(c, NULL, "endorsement.ok", BL_CHECK_OK, who, NULL);
}

/* Verify the embedded endorsements (a failure is a warning: it does not taint the badge). */
static void check_endorsements_in(struct vctx *c, const json_t *holder)
{
    const json_t *arr = json_object_get(holder, "endorsement");
    size_t i;
    const json_t *en;
    json_array_foreach(arr, i, en)
    {
        if (i == MAX_ENDORSEMENTS) {
            add(c, NULL, "endorsement.too_many", BL_CHECK_SKIPPED, NULL, NULL);
            break;
        }
        if (json_is_object(en))
            check_one_endorsement(c, en);
    }
}

/* The checks shared by both OB 3.0 proof forms, on the credential. */
static void ob3_common(struct vctx *c, const json_t *cred)
{
    struct bl_ob_report pr;
    bl_ob_report_init(&pr);
    const json_t *type = json_object_get(cred, "type");
    enum bl_err ve = BL_OK;
    if (bl_json_has_string(type, "EndorsementCredential")) {
        ve = bl_ob3_validate_endorsement(cred, c->o->now, &pr, NULL);
    } else if (bl_json_has_string(type, "BitstringStatusListCredential")) {
        /* A status list read as a badge: no OB structure to check, proof and dates only. */
        add(c, NULL, "structure.not_badge", BL_CHECK_SKIPPED, "BitstringStatusListCredential",
            NULL);
        ve = BL_EINVAL;
    } else {
        ve = bl_ob3_validate_credential(cred, c->o->now, &pr, NULL);
    }
    if (ve == BL_OK && pr.n == 0)
        add(c, NULL, "structure.ok", BL_CHECK_OK, NULL, NULL);
    add_problems(c, &pr, "", false);
    bl_ob_report_free(&pr);

    const json_t *iss = json_object_get(cred, "issuer");
    set_str(&c->r->issuer_id,
            json_is_string(iss) ? json_string_value(iss) : bl_json_str(iss, "id"));
    set_str(&c->r->issuer_name, bl_json_str(iss, "name"));
    const json_t *sub = json_object_get(cred, "credentialSubject");
    set_str(&c->r->achievement, name_of(json_object_get(sub, "achievement")));
    const json_t *ident = json_array_get(json_object_get(sub, "identifier"), 0);
    set_str(&c->r->recipient, bl_json_str(sub, "id"));
    set_str(&c->r->recipient, bl_json_str(ident, "identityHash"));

    const char *from = bl_json_str(cred, "validFrom");
    if (!from)
        from = bl_json_str(cred, "issuanceDate");
    const char *until = bl_json_str(cred, "validUntil");
    if (!until)
        until = bl_json_str(cred, "expirationDate");
    check_dates(c, from, until);
    if (c->o->recipient)
        ob3_recipient(c, cred);
    check_status(c, cred);
    /*
     * A refreshed credential would replace the one given: not followed (see
     * docs/internals/verify.md), and said so.
     */
    const json_t *rs = json_object_get(cred, "refreshService");
    if (json_is_array(rs))
        rs = json_array_get(rs, 0);
    if (rs)
        add(c, NULL, "refresh.not_followed", BL_CHECK_SKIPPED,
            bl_json_str(rs, "id") ? bl_json_str(rs, "id") : "?", bl_json_str(rs, "type"));
    check_endorsements_in(c, cred);
    check_endorsements_in(c, json_object_get(sub, "achievement"));
}

static void ob3_json(struct vctx *c, const json_t *cred)
{
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    if (!json_object_get(cred, "proof")) {
        add(c, NULL, "proof.missing", BL_CHECK_ERROR, NULL, NULL);
    } else {
        c->r->proof = BL_VPROOF_DI;
        c->needed_network = false;
        c->unsupported = false;
        c->fetch_failed = false;
        enum bl_err e = di_check(c, cred, &e2);
        if (e == BL_OK) {
            add(c, "proof.signature", "proof.signature", BL_CHECK_OK, NULL, NULL);
            check_key_binding(c, first_vm(cred), issuer_id_of(cred));
        } else if (c->needed_network) {
            add(c, "proof.signature", "proof.offline", BL_CHECK_ERROR, NULL, e2.msg)->unverifiable =
                true;
        } else if (c->unsupported) {
            add(c, "proof.signature", "proof.unsupported", BL_CHECK_ERROR, NULL, e2.msg)
                ->unverifiable = true;
        } else if (c->fetch_failed) {
            add(c, "proof.signature", "proof.fetch", BL_CHECK_ERROR, NULL, e2.msg)->unverifiable =
                true;
        } else {
            add(c, "proof.signature", "proof.invalid", BL_CHECK_ERROR, NULL, e2.msg);
        }
    }
    ob3_common(c, cred);
}

static void ob3_jwt(struct vctx *c, const char *z, size_t n)
{
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    struct bl_buf pl;
    bl_buf_init(&pl, BL_JWS_PAYLOAD_MAX);
    json_t *claims = NULL, *cred = NULL;
    c->r->proof = BL_VPROOF_VC_JWT;
    struct bl_jws_verify_opts jo = {.resolve = jwt_resolve, .resolve_cls = c};
    c->needed_network = false;
    c->key_from_issuer = false;
    c->fetch_failed = false;
    c->jwt_key[0] = 0;
    jwt_issuer(c, z, n);
    if (c->o->key) {
        jo.key = c->o->key;
        memcpy(c->jwt_key, "given", 6);
    }
    enum bl_err e = bl_jws_verify(z, n, &jo, NULL, &pl, &e2);
    bool sig_ok = e == BL_OK;
    if (e == BL_OK) {
        add(c, "proof.signature", "proof.signature", BL_CHECK_OK, NULL, NULL);
    } else {
        if (c->needed_network)
            add(c, "proof.signature", "proof.offline", BL_CHECK_ERROR, NULL, e2.msg)->unverifiable =
                true;
        else if (c->fetch_failed)
            add(c, "proof.signature", "proof.fetch", BL_CHECK_ERROR, NULL, e2.msg)->unverifiable =
                true;
        else if (e == BL_ENOTFOUND)
            add(c, "proof.signature", "proof.key", BL_CHECK_ERROR, NULL, e2.msg);
        else
            add(c, "proof.signature", "proof.invalid", BL_CHECK_ERROR, NULL, e2.msg);
        /* Read the claims anyway so the rest of the report is useful. */
        bl_buf_reset(&pl);
        if (bl_jws_parse(z, n, NULL, &pl, NULL) != BL_OK)
            goto out;
    }
    if (bl_json_parse(pl.p ? (const char *)pl.p : "", pl.len, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH,
                      &claims, &e2) != BL_OK) {
        add(c, NULL, "input.json", BL_CHECK_ERROR, NULL, e2.msg);
        goto out;
    }
    struct bl_ob_report pr;
    bl_ob_report_init(&pr);
    bool v11 = false;
    e = bl_ob3_from_jwt_claims(claims, &cred, &v11, &pr, &e2);
    add_problems(c, &pr, "", false);
    bl_ob_report_free(&pr);
    if (e != BL_OK) {
        add(c, NULL, "input.json", BL_CHECK_ERROR, NULL, e2.msg);
        goto out;
    }
    if (v11)
        add(c, NULL, "proof.vcdm11", BL_CHECK_WARNING, NULL, NULL);
    if (sig_ok)
        check_key_binding(c, c->jwt_key[0] ? c->jwt_key : NULL, issuer_id_of(cred));
    ob3_common(c, cred);
out:
    json_decref(claims);
    json_decref(cred);
    bl_buf_free(&pl);
}

/* ---- OB 2.0 ---- */

/* The host part of an http(s) URL into out (lower case); false when there is none. */
static bool url_host(const char *url, char *out, size_t outlen)
{
    const char *p = strstr(url ? url : "", "://");
    if (!p)
        return false;
    p += 3;
    const char *at = NULL;
    size_t i = 0;
    const char *q = p;
    while (*q && *q != '/' && *q != '?' && *q != '#') {
        if (*q == '@')
            at = q;
        q++;
    }
    if (at)
        p = at + 1;
    for (; p < q && *p != ':' && i + 1 < outlen; p++)
        out[i++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
    out[i] = 0;
    return i > 0;
}

/* Does v (string or array of strings) hold s, or an object whose id is s? */
static bool lists(const json_t *v, const char *s)
{
    if (json_is_string(v))
        return strcmp(json_string_value(v), s) == 0;
    if (json_is_object(v)) {
        const char *id = bl_json_str(v, "id");
        return id && strcmp(id, s) == 0;
    }
    size_t i;
    const json_t *it;
    json_array_foreach(v, i, it) if (lists(it, s)) return true;
    return false;
}

/* Origin rules of docs/open-badges.md §3: allowedOrigins, startsWith, else same host. */
static bool origin_ok(const json_t *issuer, const char *issuer_id, const char *aid)
{
    const json_t *ver = json_object_get(issuer, "verification");
    const json_t *sw = json_object_get(ver, "startsWith");
    const json_t *ao = json_object_get(ver, "allowedOrigins");
    char h[256], ih[256];
    if (!url_host(aid, h, sizeof h))
        return false;
    if (sw || ao) {
        bool ok = true;
        if (sw) {
            bool any = false;
            size_t i;
            const json_t *it;
            if (json_is_string(sw))
                any = strncmp(aid, json_string_value(sw), strlen(json_string_value(sw))) == 0;
            json_array_foreach(sw, i, it)
            {
                const char *pre = json_string_value(it);
                if (pre && strncmp(aid, pre, strlen(pre)) == 0)
                    any = true;
            }
            ok = ok && any;
        }
        if (ao) {
            bool any = false;
            size_t i;
            const json_t *it;
            if (json_is_string(ao))
                any = strcasecmp(json_string_value(ao), h) == 0;
            json_array_foreach(ao, i, it)
            {
                const char *o = json_string_value(it);
                if (o && strcasecmp(o, h) == 0)
                    any = true;
            }
            ok = ok && any;
        }
        return ok;
    }
    return url_host(issuer_id, ih, sizeof ih) && strcmp(h, ih) == 0;
}

/* A referenced or embedded document: embedded objects are borrowed (new reference). */
static json_t *get_doc(struct vctx *c, const json_t *ref, const char *msgid, const char *prefix,
                       bool badgeclass)
{
    if (json_is_object(ref))
        return json_incref((json_t *)(uintptr_t)ref);
    const char *url = json_string_value(ref);
    if (!url)
        return NULL;
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    json_t *doc = NULL;
    if (!c->online) {
        add(c, NULL, "doc.offline", BL_CHECK_SKIPPED, url, NULL);
        return NULL;
    }
    long st = 0;
    if (fetch_json(c, url, "application/ld+json, application/json", &doc, &st, &e2) != BL_OK) {
        /* No HTTP status: the network failed, which says nothing about the badge. */
        add(c, NULL, msgid, BL_CHECK_ERROR, url, e2.msg)->unverifiable = st == 0;
        json_decref(doc);
        return NULL;
    }
    const char *did = bl_json_str(doc, "id");
    if (did && strcmp(did, url) != 0)
        add(c, NULL, "doc.id_mismatch", BL_CHECK_WARNING, url, did);
    struct bl_ob_report pr;
    bl_ob_report_init(&pr);
    enum bl_err e = badgeclass ? bl_ob2_validate_badgeclass(doc, c->o->now, &pr, NULL)
                               : bl_ob2_validate_issuer(doc, c->o->now, &pr, NULL);
    (void)e;
    add_problems(c, &pr, prefix, false);
    bl_ob_report_free(&pr);
    return doc;
}

static void ob2_recipient(struct vctx *c, const json_t *a)
{
    const json_t *rc = json_object_get(a, "recipient");
    bool hashed = json_is_true(json_object_get(rc, "hashed"));
    recipient_result(c, identity_match(bl_json_str(rc, "identity"), hashed, bl_json_str(rc, "salt"),
                                       c->o->recipient));
}

/*
 * The OB 2.0 checks after the proof: structure, dates, BadgeClass, Issuer,
 * key ownership (signed) or origin (hosted), revocation list (signed).
 */
static void ob2_common(struct vctx *c, const json_t *a, const char *creator)
{
    struct bl_ob_report pr;
    bl_ob_report_init(&pr);
    if (bl_ob2_validate_assertion(a, c->o->now, &pr, NULL) == BL_OK && pr.n == 0)
        add(c, NULL, "structure.ok", BL_CHECK_OK, NULL, NULL);
    add_problems(c, &pr, "", false);
    bl_ob_report_free(&pr);
    const char *aid = bl_json_str(a, "id");
    const json_t *rc = json_object_get(a, "recipient");
    set_str(&c->r->recipient, bl_json_str(rc, "identity"));
    check_dates(c, bl_json_str(a, "issuedOn"), bl_json_str(a, "expires"));
    if (c->o->recipient)
        ob2_recipient(c, a);

    json_t *bc = get_doc(c, json_object_get(a, "badge"), "badge.fetch", "badge.", true);
    json_t *iss = NULL;
    if (bc) {
        set_str(&c->r->achievement, bl_json_str(bc, "name"));
        iss = get_doc(c, json_object_get(bc, "issuer"), "issuer.fetch", "badge.issuer.", false);
    }
    if (iss) {
        const char *iid = bl_json_str(iss, "id");
        set_str(&c->r->issuer_id, iid);
        set_str(&c->r->issuer_name, bl_json_str(iss, "name"));
        if (iid && !is_http(iid))
            add(c, NULL, "issuer.non_http", BL_CHECK_WARNING, iid, NULL);
        if (creator) {
            bool own = lists(json_object_get(iss, "publicKey"), creator);
            add(c, "proof.key_owner", own ? "proof.key_owner" : "proof.key_not_owner",
                own ? BL_CHECK_OK : BL_CHECK_ERROR, NULL, creator);
            const char *rl = bl_json_str(iss, "revocationList");
            if (rl) {
                json_t *list = NULL;
                struct bl_errinfo e2;
                bl_errinfo_clear(&e2);
                if (fetch_json(c, rl, "application/ld+json, application/json", &list, NULL, &e2) !=
                    BL_OK) {
                    add(c, NULL, "status.fetch", BL_CHECK_ERROR, rl, e2.msg)->unverifiable = true;
                } else {
                    bool rev = aid && lists(json_object_get(list, "revokedAssertions"), aid);
                    add(c, NULL, rev ? "status.revoked" : "status.ok",
                        rev ? BL_CHECK_ERROR : BL_CHECK_OK, NULL, rl);
                }
                json_decref(list);
            }
        } else if (aid && (is_http(iid) || json_object_get(iss, "verification"))) {
            bool ok = origin_ok(iss, iid, aid);
            add(c, "hosted.origin", ok ? "hosted.origin" : "hosted.bad_origin",
                ok ? BL_CHECK_OK : BL_CHECK_ERROR, aid, NULL);
        }
    }
    json_decref(bc);
    json_decref(iss);
}

static void ob2_hosted(struct vctx *c, const json_t *a)
{
    const char *aid = bl_json_str(a, "id");
    c->r->proof = BL_VPROOF_HOSTED;
    if (!c->online) {
        add(c, NULL, "hosted.offline", BL_CHECK_ERROR, NULL, aid)->unverifiable = true;
        ob2_common(c, a, NULL);
        return;
    }
    if (!is_http(aid)) {
        add(c, NULL, "proof.missing", BL_CHECK_ERROR, NULL, "hosted assertion id is not a URL");
        ob2_common(c, a, NULL);
        return;
    }
    if (json_is_true(json_object_get(a, "revoked")))
        add(c, NULL, "status.revoked", BL_CHECK_ERROR, NULL, "revoked: true");
    json_t *live = NULL;
    long st = 0;
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    enum bl_err e = fetch_json(c, aid, "application/ld+json, application/json", &live, &st, &e2);
    if (st == 410 || (e == BL_OK && json_is_true(json_object_get(live, "revoked")))) {
        add(c, NULL, "status.revoked", BL_CHECK_ERROR, NULL, aid);
    } else if (e != BL_OK && st != 0 && c->o->hosted_fallback) {
        /* The fixtures' assertions have no document at their id: use the given one. */
        add(c, NULL, "hosted.unreachable", BL_CHECK_WARNING, NULL, e2.msg);
    } else if (e != BL_OK && st != 0) {
        /* The issuer answers but does not host it: the badge is not (or no longer) theirs. */
        add(c, NULL, "hosted.not_hosted", BL_CHECK_ERROR, aid, e2.msg);
    } else if (e != BL_OK) {
        add(c, NULL, "input.fetch", BL_CHECK_ERROR, aid, e2.msg)->unverifiable = true;
    } else if (!json_equal(live, (json_t *)(uintptr_t)a)) {
        add(c, NULL, "hosted.mismatch", BL_CHECK_ERROR, NULL, aid);
    } else {
        add(c, NULL, "hosted.ok", BL_CHECK_OK, NULL, aid);
    }
    /* The hosted copy is the authority when it could be read. */
    ob2_common(c, live && e == BL_OK ? live : a, NULL);
    json_decref(live);
}

/*
 * OB 0.5 / 1.0 / 1.1 (docs/open-badges.md §3.2 step 4, §3.3): read and
 * upgraded for display.  A hosted one is re-fetched from its verify.url
 * (the local copy is only a pointer, so its problems are warnings): 410 or
 * `revoked: true` is revoked, another HTTP error "not hosted", a different
 * document a mismatch (the 1.x "deep-equal" rule).  Its BadgeClass, issuer
 * and origin are not checked, so the best verdict is "could not verify".
 */
static void legacy_json(struct vctx *c, const json_t *doc, enum bl_obver ver)
{
    struct bl_legacy lg, lv;
    struct bl_ob_report pr;
    json_t *live = NULL;
    long st = 0;
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    bl_ob_report_init(&pr);
    /* A plain-string recipient with a 1.0 verify object is a faulty 1.0 badge, not 0.5. */
    if (ver == BL_OB05 && json_is_object(json_object_get(doc, "verify")))
        ver = BL_OB10;
    add(c, NULL, "legacy.outdated", BL_CHECK_WARNING, bl_obver_name(ver), "upgraded to 2.0 terms");
    /* Problems are in pr; an error return with none there would be a bad ver. */
    if (bl_legacy_read(doc, ver, &lg, &pr, NULL) != BL_OK && pr.errors == 0)
        lg.how = BL_LEGACY_NONE;
    add_problems(c, &pr, "", lg.how == BL_LEGACY_HOSTED);
    bl_ob_report_free(&pr);
    set_str(&c->r->recipient, lg.recipient);
    set_str(&c->r->achievement, lg.badge);
    if (lg.how == BL_LEGACY_SIGNED) {
        add(c, NULL, "legacy.signed", BL_CHECK_ERROR, lg.url, NULL)->unverifiable = true;
        goto dates;
    }
    if (lg.how != BL_LEGACY_HOSTED || !is_http(lg.url)) {
        add(c, NULL, "legacy.no_verify", BL_CHECK_ERROR, NULL, lg.url)->unverifiable = true;
        goto dates;
    }
    c->r->proof = BL_VPROOF_HOSTED;
    if (!c->online) {
        add(c, NULL, "legacy.offline", BL_CHECK_ERROR, lg.url, NULL)->unverifiable = true;
        goto dates;
    }
    enum bl_err e = fetch_json(c, lg.url, "application/json", &live, &st, &e2);
    if (st == 410 || (e == BL_OK && json_is_true(json_object_get(live, "revoked")))) {
        add(c, NULL, "status.revoked", BL_CHECK_ERROR, NULL, lg.url);
        goto dates;
    }
    if (e != BL_OK && st != 0) {
        add(c, NULL, "hosted.not_hosted", BL_CHECK_ERROR, lg.url, e2.msg);
        goto dates;
    }
    if (e != BL_OK) {
        add(c, NULL, "input.fetch", BL_CHECK_ERROR, lg.url, e2.msg)->unverifiable = true;
        goto dates;
    }
    /* A baked pointer ({"verify": {"url": ...}} alone) is not a copy to compare. */
    if (json_object_get(doc, "recipient") && !json_equal(live, (json_t *)(uintptr_t)doc)) {
        add(c, NULL, "hosted.mismatch", BL_CHECK_ERROR, NULL, lg.url);
        goto dates;
    }
    add(c, NULL, "hosted.ok", BL_CHECK_OK, NULL, lg.url);
    bl_ob_report_init(&pr);
    enum bl_obver lver = json_object_get(live, "@context")                    ? BL_OB11
                         : json_is_string(json_object_get(live, "recipient")) ? BL_OB05
                                                                              : BL_OB10;
    if (bl_legacy_read(live, lver, &lv, &pr, NULL) != BL_OK && pr.errors == 0)
        lv.how = BL_LEGACY_NONE;
    add_problems(c, &pr, "", false);
    bl_ob_report_free(&pr);
    set_str(&c->r->recipient, lv.recipient);
    set_str(&c->r->achievement, lv.badge);
    check_dates(c, lv.issued[0] ? lv.issued : NULL, lv.expires[0] ? lv.expires : NULL);
    add(c, NULL, "legacy.partial", BL_CHECK_ERROR, lg.url, NULL)->unverifiable = true;
    json_decref(live);
    return;
dates:
    if (lg.issued[0] || lg.expires[0])
        check_dates(c, lg.issued[0] ? lg.issued : NULL, lg.expires[0] ? lg.expires : NULL);
    json_decref(live);
}

static void ob2_signed(struct vctx *c, const char *z, size_t n)
{
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    struct bl_buf pl;
    bl_buf_init(&pl, BL_JWS_PAYLOAD_MAX);
    json_t *a = NULL, *kdoc = NULL;
    struct bl_key *key = NULL;
    long kst = 0;
    c->r->proof = BL_VPROOF_OB2_JWS;
    if (bl_jws_parse(z, n, NULL, &pl, &e2) != BL_OK ||
        bl_json_parse(pl.p ? (const char *)pl.p : "", pl.len, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH,
                      &a, &e2) != BL_OK) {
        add(c, NULL, "input.json", BL_CHECK_ERROR, NULL, e2.msg);
        goto out;
    }
    const char *creator = bl_json_str(json_object_get(a, "verification"), "creator");
    if (!is_http(creator)) {
        add(c, "proof.signature", "proof.key", BL_CHECK_ERROR, NULL,
            "verification.creator is not an http(s) URL");
    } else if (!c->online) {
        add(c, "proof.signature", "proof.offline", BL_CHECK_ERROR, NULL, creator)->unverifiable =
            true;
    } else if (fetch_json(c, creator, "application/ld+json, application/json", &kdoc, &kst, &e2) !=
                   BL_OK ||
               key_from_doc(kdoc, NULL, &key, &e2) != BL_OK) {
        /* No HTTP status: the network failed, which says nothing about the badge. */
        add(c, "proof.signature", "proof.key", BL_CHECK_ERROR, NULL, e2.msg)->unverifiable =
            kst == 0;
    } else {
        struct bl_jws_verify_opts jo = {.key = key, .algs = BL_JWS_ALG_BIT(BL_JWS_RS256)};
        bl_buf_reset(&pl);
        if (bl_jws_verify(z, n, &jo, NULL, NULL, &e2) == BL_OK)
            add(c, "proof.signature", "proof.signature", BL_CHECK_OK, NULL, creator);
        else
            add(c, "proof.signature", "proof.invalid", BL_CHECK_ERROR, NULL, e2.msg);
    }
    ob2_common(c, a, creator ? creator : "");
out:
    bl_key_free(key);
    json_decref(kdoc);
    json_decref(a);
    bl_buf_free(&pl);
}

/* ---- Dispatch ---- */

static void verify_text(struct vctx *c, const unsigned char *p, size_t n);

static void verify_url(struct vctx *c, const char *url)
{
    if (!c->online) {
        add(c, NULL, "input.offline", BL_CHECK_ERROR, url, NULL)->unverifiable = true;
        return;
    }
    if (c->depth >= MAX_DEPTH) {
        add(c, NULL, "input.format", BL_CHECK_ERROR, "URL", "too many levels of URLs");
        return;
    }
    struct bl_buf body;
    bl_buf_init(&body, BL_PAYLOAD_MAX);
    char final_url[BL_URL_MAX + 1];
    final_url[0] = 0;
    long st = 0;
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    enum bl_err e = c->o->fetch(c->o->fetch_cls, url, "application/ld+json, application/json",
                                &body, &st, final_url, sizeof final_url, &e2);
    if (e != BL_OK) {
        add(c, NULL, "input.fetch", BL_CHECK_ERROR, url, e2.msg)->unverifiable = true;
    } else if (st == 410) {
        add(c, NULL, "status.revoked", BL_CHECK_ERROR, NULL, url);
    } else if (st < 200 || st > 299) {
        add(c, NULL, "input.fetch", BL_CHECK_ERROR, url, "HTTP error status")->unverifiable = true;
    } else {
        c->depth++;
        verify_text(c, body.p ? body.p : (const unsigned char *)"", body.len);
        c->depth--;
    }
    bl_buf_free(&body);
}

/*
 * A JSON document whose @context names no known version: its type decides,
 * so that a badge with a broken context is judged (and its context reported)
 * rather than turned away as unsupported.
 */
static enum bl_obver guess_version(const unsigned char *p, size_t n)
{
    static const char *const vc[] = {"VerifiableCredential", "OpenBadgeCredential",
                                     "AchievementCredential", "EndorsementCredential"};
    json_t *doc = NULL;
    enum bl_obver v = BL_OB_UNKNOWN;
    if (bl_json_parse((const char *)p, n, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &doc, NULL) !=
        BL_OK)
        return v;
    const json_t *type = json_object_get(doc, "type");
    for (size_t i = 0; i < sizeof vc / sizeof vc[0]; i++)
        if (bl_json_has_string(type, vc[i]))
            v = BL_OB3;
    /* An old baked pointer: no context, only 1.x "verify": {"url": ...} (§3.2 step 2). */
    if (v == BL_OB_UNKNOWN && !json_object_get(doc, "@context") &&
        bl_json_str(json_object_get(doc, "verify"), "url"))
        v = BL_OB10;
    if (v == BL_OB_UNKNOWN && json_object_get(doc, "@context") &&
        (bl_json_has_string(type, "Assertion") ||
         (json_object_get(doc, "recipient") && json_object_get(doc, "badge"))))
        v = BL_OB2;
    json_decref(doc);
    return v;
}

static void verify_text(struct vctx *c, const unsigned char *p, size_t n)
{
    struct bl_errinfo e2;
    bl_errinfo_clear(&e2);
    bl_payload_trim(&p, &n);
    enum bl_payload_kind kind = bl_payload_kind(p, n);
    if (kind == BL_PAYLOAD_UNKNOWN) {
        add(c, NULL, "input.format", BL_CHECK_ERROR, "?", "neither image, URL, JWS nor JSON");
        return;
    }
    if (kind == BL_PAYLOAD_URL) {
        char *url = bl_strndup((const char *)p, n);
        verify_url(c, url);
        bl_free(url);
        return;
    }
    enum bl_obver ver = BL_OB_UNKNOWN;
    if (bl_payload_version(p, n, kind, &ver, &e2) != BL_OK) {
        add(c, NULL, "input.json", BL_CHECK_ERROR, NULL, e2.msg);
        return;
    }
    if (ver == BL_OB_UNKNOWN && kind == BL_PAYLOAD_JSON) {
        ver = guess_version(p, n);
        if (ver != BL_OB_UNKNOWN)
            add(c, NULL, "input.guess", BL_CHECK_WARNING, bl_obver_name(ver), NULL);
    }
    c->r->version = ver;
    if (ver == BL_OB3 || ver == BL_OB2)
        add(c, NULL, "input.version", BL_CHECK_OK, bl_obver_name(ver), bl_payload_kind_name(kind));
    if (ver == BL_OB3 && kind == BL_PAYLOAD_JWS) {
        ob3_jwt(c, (const char *)p, n);
        return;
    }
    if (ver == BL_OB2 && kind == BL_PAYLOAD_JWS) {
        ob2_signed(c, (const char *)p, n);
        return;
    }
    bool legacy = ver == BL_OB05 || ver == BL_OB10 || ver == BL_OB11;
    if (legacy && kind == BL_PAYLOAD_JWS) {
        add(c, NULL, "legacy.outdated", BL_CHECK_WARNING, bl_obver_name(ver), "JWS");
        add(c, NULL, "legacy.signed", BL_CHECK_ERROR, NULL, NULL)->unverifiable = true;
        return;
    }
    if (ver != BL_OB3 && ver != BL_OB2 && !legacy) {
        add(c, NULL, "input.unsupported", BL_CHECK_ERROR, bl_obver_name(ver), NULL)->unverifiable =
            true;
        return;
    }
    json_t *doc = NULL;
    if (bl_json_parse((const char *)p, n, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &doc, &e2) !=
        BL_OK) {
        add(c, NULL, "input.json", BL_CHECK_ERROR, NULL, e2.msg);
        return;
    }
    if (ver == BL_OB3)
        ob3_json(c, doc);
    else if (legacy)
        legacy_json(c, doc, ver);
    else
        ob2_hosted(c, doc);
    json_decref(doc);
}

static bool has_check(const struct bl_verify_report *r, const char *msgprefix, bool err_only)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->checks[i].id, msgprefix) == 0 &&
            (!err_only || r->checks[i].status == BL_CHECK_ERROR))
            return true;
    return false;
}

static enum bl_verify_verdict verdict(const struct bl_verify_report *r)
{
    bool other = false, unverif = false, warn = false;
    for (size_t i = 0; i < r->n; i++) {
        const struct bl_verify_check *k = &r->checks[i];
        if (k->status == BL_CHECK_WARNING || k->status == BL_CHECK_SKIPPED)
            warn = true;
        if (k->status != BL_CHECK_ERROR)
            continue;
        if (k->unverifiable)
            unverif = true;
        else if (strcmp(k->id, "status.revoked") != 0 && strcmp(k->id, "validity.expired") != 0 &&
                 strcmp(k->id, "validity.not_yet") != 0)
            other = true;
    }
    if (has_check(r, "status.revoked", true))
        return BL_VERIFY_REVOKED;
    if (other)
        return BL_VERIFY_INVALID;
    if (has_check(r, "validity.expired", true))
        return BL_VERIFY_EXPIRED;
    if (has_check(r, "validity.not_yet", true))
        return BL_VERIFY_NOT_YET_VALID;
    if (unverif)
        return BL_VERIFY_ERROR;
    return warn ? BL_VERIFY_VALID_WITH_WARNINGS : BL_VERIFY_VALID;
}

enum bl_err bl_verify_bytes(const unsigned char *p, size_t n, const struct bl_verify_opts *opts,
                            struct bl_verify_report *rep, struct bl_errinfo *ei)
{
    if (!rep || !opts || (!p && n))
        return bl_fail(ei, BL_EINVAL, "bl_verify_bytes: NULL argument");
    memset(rep, 0, sizeof *rep);
    rep->en = opts->lang && strcmp(opts->lang, "en") == 0;
    struct vctx c = {.o = opts, .r = rep, .online = !opts->offline && opts->fetch};
    if (!p)
        p = (const unsigned char *)"";
    if (bl_image_sniff(p, n) != BL_IMG_UNKNOWN) {
        struct bl_baked bk;
        struct bl_errinfo e2;
        bl_errinfo_clear(&e2);
        enum bl_err e = bl_unbake(p, n, &bk, &e2);
        if (e == BL_OK) {
            add(&c, NULL, "input.image", BL_CHECK_OK, bl_image_format_name(bk.format), NULL);
            verify_text(&c, bk.payload, bk.payload_len);
            bl_baked_free(&bk);
        } else if (e == BL_ENOTFOUND) {
            add(&c, NULL, "input.noimage", BL_CHECK_ERROR, NULL, e2.msg);
        } else {
            add(&c, NULL, "input.format", BL_CHECK_ERROR, bl_err_name(e), e2.msg);
        }
    } else {
        verify_text(&c, p, n);
    }
    if (c.ld != opts->ld)
        bl_jsonld_free(c.ld);
    rep->verdict = verdict(rep);
    return BL_OK;
}

void bl_verify_report_free(struct bl_verify_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n; i++) {
        bl_free(rep->checks[i].message);
        bl_free(rep->checks[i].detail);
    }
    bl_free(rep->checks);
    bl_free(rep->issuer_id);
    bl_free(rep->issuer_name);
    bl_free(rep->recipient);
    bl_free(rep->achievement);
    bl_free(rep->issued);
    bl_free(rep->expires);
    memset(rep, 0, sizeof *rep);
}

const struct bl_verify_check *bl_verify_first_error(const struct bl_verify_report *rep)
{
    for (size_t i = 0; rep && i < rep->n; i++)
        if (rep->checks[i].status == BL_CHECK_ERROR)
            return &rep->checks[i];
    return NULL;
}

const char *bl_verify_verdict_name(enum bl_verify_verdict v)
{
    switch (v) {
    case BL_VERIFY_VALID:
        return "valid";
    case BL_VERIFY_VALID_WITH_WARNINGS:
        return "valid_with_warnings";
    case BL_VERIFY_INVALID:
        return "invalid";
    case BL_VERIFY_REVOKED:
        return "revoked";
    case BL_VERIFY_EXPIRED:
        return "expired";
    case BL_VERIFY_NOT_YET_VALID:
        return "not_yet_valid";
    case BL_VERIFY_ERROR:
        return "error";
    }
    return "error";
}

const char *bl_verify_verdict_text(enum bl_verify_verdict v, bool en)
{
    switch (v) {
    case BL_VERIFY_VALID:
        return en ? "This badge is valid." : "Ce badge est valide.";
    case BL_VERIFY_VALID_WITH_WARNINGS:
        return en ? "This badge is valid, with warnings."
                  : "Ce badge est valide, avec des réserves.";
    case BL_VERIFY_INVALID:
        return en ? "This badge is not valid." : "Ce badge n'est pas valide.";
    case BL_VERIFY_REVOKED:
        return en ? "This badge has been revoked." : "Ce badge a été révoqué.";
    case BL_VERIFY_EXPIRED:
        return en ? "This badge has expired." : "Ce badge a expiré.";
    case BL_VERIFY_NOT_YET_VALID:
        return en ? "This badge is not valid yet." : "Ce badge n'est pas encore valide.";
    case BL_VERIFY_ERROR:
        return en ? "This badge could not be verified." : "Ce badge n'a pas pu être vérifié.";
    }
    return "?";
}

const char *bl_check_status_name(enum bl_check_status s)
{
    switch (s) {
    case BL_CHECK_OK:
        return "ok";
    case BL_CHECK_WARNING:
        return "warning";
    case BL_CHECK_ERROR:
        return "error";
    case BL_CHECK_SKIPPED:
        return "skipped";
    }
    return "error";
}

const char *bl_verify_proof_name(enum bl_verify_proof p)
{
    switch (p) {
    case BL_VPROOF_NONE:
        return "none";
    case BL_VPROOF_HOSTED:
        return "hosted";
    case BL_VPROOF_OB2_JWS:
        return "ob2-jws";
    case BL_VPROOF_VC_JWT:
        return "vc-jwt";
    case BL_VPROOF_DI:
        return "data-integrity";
    }
    return "none";
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

enum bl_err bl_verify_report_json(const struct bl_verify_report *rep, json_t **out,
                                  struct bl_errinfo *ei)
{
    if (!rep || !out)
        return bl_fail(ei, BL_EINVAL, "bl_verify_report_json: NULL argument");
    json_t *o = json_object();
    json_object_set_new(o, "verdict", json_string(bl_verify_verdict_name(rep->verdict)));
    json_object_set_new(o, "version", json_string(bl_obver_name(rep->version)));
    json_object_set_new(o, "proof", json_string(bl_verify_proof_name(rep->proof)));
    json_t *iss = json_object();
    json_object_set_new(iss, "id", str_or_null(rep->issuer_id));
    json_object_set_new(iss, "name", str_or_null(rep->issuer_name));
    json_object_set_new(o, "issuer", iss);
    json_object_set_new(o, "recipient", str_or_null(rep->recipient));
    json_object_set_new(o, "achievement", str_or_null(rep->achievement));
    json_object_set_new(o, "issued", str_or_null(rep->issued));
    json_object_set_new(o, "expires", str_or_null(rep->expires));
    json_t *arr = json_array();
    for (size_t i = 0; i < rep->n; i++) {
        const struct bl_verify_check *k = &rep->checks[i];
        json_t *j = json_object();
        json_object_set_new(j, "id", json_string(k->id));
        json_object_set_new(j, "status", json_string(bl_check_status_name(k->status)));
        /* Strings copied from untrusted JSON are valid UTF-8 (jansson checked them). */
        json_object_set_new(j, "message", str_or_null(k->message));
        json_object_set_new(j, "detail", str_or_null(k->detail));
        json_array_append_new(arr, j);
    }
    json_object_set_new(o, "checks", arr);
    *out = o;
    return BL_OK;
}

int bl_verify_exit_code(enum bl_verify_verdict v)
{
    switch (v) {
    case BL_VERIFY_VALID:
    case BL_VERIFY_VALID_WITH_WARNINGS:
        return 0;
    case BL_VERIFY_ERROR:
        return 2;
    default:
        return 1;
    }
}
