/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * app.h: the use cases of Blason, shared by the CLI and the server
 * (DESIGN.md §2).  Each use case is one function that checks who asks
 * (struct bl_actor), runs in one store transaction (bl_store_run), and
 * records an audit entry when it issues, revokes, changes keys or exports.
 *
 * Public identifiers all live under the configured base URL:
 *
 *   {base}/o/{slug}                      issuer profile (OB 2.0 Issuer / OB 3.0 Profile)
 *   {base}/o/{slug}/keys/{kid}           one public key (CryptographicKey or Multikey)
 *   {base}/o/{slug}/jwks.json            the organisation's keys as a JWKS
 *   {base}/o/{slug}/did.json             its did:web document
 *   {base}/o/{slug}/revocations          OB 2.0 RevocationList
 *   {base}/o/{slug}/status/revocations   OB 3.0 1EdTechRevocationList
 *   {base}/o/{slug}/status/1             BitstringStatusListCredential (signed)
 *   {base}/badges/{uid}                  BadgeClass
 *   {base}/awards/{uid}                  hosted OB 2.0 Assertion (+ .jws .json3 .jwt .png .svg)
 */
#ifndef BL_APP_H
#define BL_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/seal.h"
#include "store/store.h"

#define BL_APP_SLUG_MAX     48u
#define BL_APP_NAME_MAX     200u
#define BL_APP_TEXT_MAX     8000u /* descriptions, narratives */
#define BL_APP_URL_MAX      2000u
#define BL_APP_EMAIL_MAX    254u
#define BL_APP_PASSWORD_MIN 10u
#define BL_APP_PASSWORD_MAX 512u
#define BL_APP_IMAGE_MAX    (512u * 1024u)
#define BL_APP_SESSION_TTL  (12 * 3600) /* seconds */
#define BL_APP_LOGIN_WINDOW (15 * 60)   /* seconds */
#define BL_APP_LOGIN_MAX    5           /* failed logins per window and email or address */
#define BL_APP_STATUS_BITS  131072u     /* Bitstring Status List minimum size (16 KiB) */
/* Event claims a rate-limit window from one client address (the claim_limit setting). */
#define BL_APP_CLAIM_LIMIT     300u /* a fair's Wi-Fi is one address */
#define BL_APP_CLAIM_LIMIT_MAX 1000000u

struct bl_app_keys;   /* unsealed private keys, by kid (org.c) */
struct bl_app_ldpool; /* JSON-LD processors to reuse (app.c) */
struct bl_jsonld;

struct bl_app {
    struct bl_store *store;
    struct bl_app_keys *keys;
    struct bl_app_ldpool *ldpool;
    unsigned char master[BL_SEAL_MASTER_LEN];
    char *base_url; /* no trailing slash */
    /* This program, run as `raster` to draw issuers' SVGs (raster_child.h); NULL: none. */
    char *raster_exe;
    /* UTC seconds; tests and the demo may pin it. */
    int64_t (*now)(void *cls);
    void *now_cls;
    unsigned claim_limit; /* BL_APP_CLAIM_LIMIT unless configured (1..BL_APP_CLAIM_LIMIT_MAX) */
};

/* Who asks: an account (id > 0) or the operator at the command line (system). */
struct bl_actor {
    int64_t account_id; /* 0: the operator at the CLI, or a background job */
    bool system;
    int64_t org_id; /* API tokens are bound to one organisation; 0 otherwise */
};

extern const struct bl_actor bl_actor_system;

/*
 * Open the store at db_url, load the master key (hex or raw 32 bytes in
 * master_path; the file is created with mode 0600 and a fresh key when
 * missing and create_master is set), and keep base_url.  The master key
 * may instead come from the environment variable BLASON_MASTER_KEY (64 hex
 * digits), which wins over the file.
 */
enum bl_err bl_app_open(const char *db_url, unsigned pool, const char *master_path,
                        bool create_master, const char *base_url, struct bl_app **out,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_app_close(struct bl_app *app);
int64_t bl_app_now(const struct bl_app *app);

/* Load (or create) a master key file; see bl_app_open. */
enum bl_err bl_app_master_load(const char *path, bool create, unsigned char out[BL_SEAL_MASTER_LEN],
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * A JSON-LD processor for one use (Data Integrity signing), taken from a
 * pool and given back: a new processor parses its contexts again, which is
 * most of the cost of a proof.  A processor is used by one thread at a time.
 */
struct bl_jsonld *bl_app_ld_take(struct bl_app *app);
void bl_app_ld_give(struct bl_app *app, struct bl_jsonld *ld);

/* Random public identifier: 22 base64url characters (128 bits). */
void bl_app_uid(char out[23]);

/* "urn:uuid:..." derived from a 22-character uid (its 128 bits as a version 4 UUID). */
const char *bl_app_uid_urn(struct bl_arena *a, const char *uid);

/* ---- authorisation ---- */

/* BL_OK when the actor holds at least `need` in org_id; BL_EDENIED otherwise. */
enum bl_err bl_app_authorize(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                             enum bl_role need, struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The same for a thing found by its global uid (an award): to an account
 * that is not a member of org_id, or a token of another organisation, the
 * thing does not exist (BL_ENOTFOUND), so its existence is not revealed.
 */
enum bl_err bl_app_authorize_hidden(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                                    enum bl_role need, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* "admin" | "issuer" | "viewer" <-> enum; BL_ROLE_NONE for anything else. */
enum bl_role bl_app_role_parse(const char *s);
const char *bl_app_role_name(enum bl_role r);

/* Append an audit entry in the current transaction. */
enum bl_err bl_app_audit(struct bl_tx *tx, const struct bl_app *app, const struct bl_actor *who,
                         int64_t org_id, const char *action, const char *subject,
                         const char *detail_json, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
