/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * store.h: the only door to the database (DESIGN.md §2).
 *
 * Two layers:
 *
 *  1. A backend (sqlite.c, postgres.c) is a table of primitive operations,
 *     struct bl_store_ops: open a connection, begin / commit / roll back, run
 *     one SQL statement with parameters and collect its rows.  SQL text is
 *     written once, portable between SQLite 3.35+ and PostgreSQL 12+:
 *     `$1..$n` placeholders, `RETURNING`, `ON CONFLICT`, integers as unix
 *     seconds, BLOBs as bytea.
 *
 *  2. The typed operations below (bl_store_org_insert, ...) are written once
 *     on top of the primitives, in src/store/q_<table>.c.
 *
 * Every use case runs in one transaction through bl_store_run, which retries
 * the whole function when the backend reports a transient conflict
 * (SQLITE_BUSY, PostgreSQL 40001 / 40P01): the one place where retries live.
 *
 * Rows come back as structs whose strings and blobs live in the caller's
 * arena.  A NULL column is a NULL pointer or 0.  Unique violations are
 * BL_EEXISTS, a missing row BL_ENOTFOUND, anything else from the database
 * BL_EDB with the backend's message.
 */
#ifndef BL_STORE_H
#define BL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

struct bl_store;
struct bl_tx;

/* ---- opening ---------------------------------------------------------- */

/*
 * Open a store from a URL: "sqlite:PATH" (the file is created), or
 * "postgresql://..." / "postgres://..." (a libpq connection string).
 * `pool` is the number of connections kept (at least 1; the server passes
 * its worker count).  Applies pending migrations when `migrate` is set.
 */
enum bl_err bl_store_open(const char *url, unsigned pool, int migrate, struct bl_store **out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Close every connection; in-flight transactions must have ended. */
void bl_store_close(struct bl_store *s);
/* "sqlite" or "postgresql". */
const char *bl_store_backend(const struct bl_store *s);

/* Apply the embedded migrations not yet applied; *applied counts them. */
enum bl_err bl_store_migrate(struct bl_store *s, unsigned *applied,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Highest migration number applied, and the highest embedded. */
enum bl_err bl_store_version(struct bl_store *s, int *current, int *latest,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- transactions ------------------------------------------------------ */

enum bl_tx_mode { BL_TX_READ, BL_TX_WRITE };

typedef enum bl_err (*bl_store_fn)(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei);

/*
 * Run fn in one transaction on a pooled connection: BEGIN (IMMEDIATE on
 * SQLite for writes), fn, COMMIT.  When fn or COMMIT fails the transaction
 * is rolled back; BL_ERETRY makes it run again (up to 8 times, with a short
 * growing pause), so fn must not have side effects outside the database
 * other than filling ctx.  Returns fn's error otherwise.
 */
enum bl_err bl_store_run(struct bl_store *s, enum bl_tx_mode mode, bl_store_fn fn, void *ctx,
                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The arena rows are allocated in during this transaction: the caller's,
 * set by fn with bl_tx_set_arena; otherwise one owned by the attempt, freed
 * when the attempt ends (so rows must then be copied out before fn returns).
 */
struct bl_arena *bl_tx_arena(struct bl_tx *tx);
void bl_tx_set_arena(struct bl_tx *tx, struct bl_arena *a);

/* Counters since bl_store_open, for tests and metrics (read without locking). */
struct bl_store_stats {
    uint64_t transactions; /* bl_store_run calls that ended (any result) */
    uint64_t retries;      /* attempts run again after BL_ERETRY */
    uint64_t pool_waits;   /* times a run waited for a free connection */
};
void bl_store_stats(const struct bl_store *s, struct bl_store_stats *out);

/* ---- records ------------------------------------------------------------ */

enum bl_role { BL_ROLE_NONE = 0, BL_ROLE_VIEWER = 1, BL_ROLE_ISSUER = 2, BL_ROLE_ADMIN = 3 };

struct bl_org {
    int64_t id;
    const char *slug; /* url-safe, unique: /o/{slug} */
    const char *name;
    const char *url;
    const char *email;
    const char *description;
    const unsigned char *image; /* PNG or SVG bytes, may be NULL */
    size_t image_len;
    const char *image_type; /* "image/png" | "image/svg+xml" */
    int64_t created_at;
};

struct bl_orgkey {
    int64_t id;
    int64_t org_id;
    const char *kid;        /* unique fragment-free key id, e.g. "k1-ed25519" */
    const char *alg;        /* "EdDSA" | "RS256" */
    const char *public_jwk; /* JSON text */
    const char *sealed;     /* base64 text of the sealed PKCS#8 (seal.h) */
    int64_t created_at;
    int64_t retired_at; /* 0 while the key signs; retired keys stay published */
};

struct bl_account {
    int64_t id;
    const char *email; /* lower-cased, unique */
    const char *name;
    const char *password_hash; /* Argon2id encoded string, NULL for none */
    int64_t created_at;
    int disabled;
};

struct bl_membership {
    int64_t org_id;
    int64_t account_id;
    enum bl_role role;
    const char *org_slug; /* filled by bl_store_membership_list */
    const char *org_name;
};

struct bl_session {
    const char *token_hash; /* hex SHA-256 of the cookie value */
    int64_t account_id;
    const char *csrf; /* per-session CSRF token */
    int64_t created_at;
    int64_t expires_at;
};

struct bl_apitoken {
    int64_t id;
    const char *token_hash; /* hex SHA-256 of the token */
    int64_t account_id;
    int64_t org_id;
    const char *name;
    int64_t created_at;
    int64_t last_used_at;
    int64_t revoked_at;
};

struct bl_badgeclass {
    int64_t id;
    const char *uid; /* public random id in URLs */
    int64_t org_id;
    const char *name;
    const char *description;
    const char *criteria_narrative;
    const char *criteria_url;
    const unsigned char *image;
    size_t image_len;
    const char *image_type;
    const char *alignments_json; /* JSON array text, "[]" when none */
    const char *tags_json;       /* JSON array text */
    const char *validity;        /* "none" | "until:YYYY-MM-DD" | "months:N" */
    int64_t created_at;
    int64_t updated_at;
    int archived;
};

struct bl_award {
    int64_t id;
    const char *uid; /* public random id in URLs */
    int64_t org_id;
    int64_t badgeclass_id;
    const char *recipient_email; /* private: never in a signed document in clear */
    const char *recipient_phone;
    const char *recipient_name;
    const char *recipient_salt;
    const char *evidence_json; /* JSON array text */
    const char *narrative;
    int64_t issued_at;
    int64_t expires_at;   /* 0: never */
    int64_t status_index; /* position in the org's status lists, unique per org */
    const char *ob2_json; /* hosted OB 2.0 assertion */
    const char *ob2_jws;  /* signed OB 2.0 assertion */
    const char *ob3_json; /* OB 3.0 credential (with its Data Integrity proof when any) */
    const char *ob3_jwt;  /* OB 3.0 VC-JWT */
    const char *idem_key; /* unique per org when set: re-imports do not issue twice */
    int64_t revoked_at;   /* 0: not revoked */
    const char *revocation_reason;
    int64_t created_by; /* account id, 0 for the system */
};

struct bl_audit {
    int64_t id;
    int64_t at;
    int64_t account_id; /* 0 for the system / CLI */
    int64_t org_id;     /* 0 when none */
    const char *action; /* "award.issue", "award.revoke", "key.create", ... */
    const char *subject;
    const char *detail_json;
};

/* A page of results: rows[0..n), and more != 0 when the next page has rows. */
#define BL_STORE_PAGE_MAX 500u

/* ---- organisations and keys ---------------------------------------------- */

/* o->id is set; BL_EEXISTS when the slug is taken. */
enum bl_err bl_store_org_insert(struct bl_tx *tx, struct bl_org *o,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_org_update(struct bl_tx *tx, const struct bl_org *o,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_org_get(struct bl_tx *tx, int64_t id, struct bl_org *out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_org_by_slug(struct bl_tx *tx, const char *slug, struct bl_org *out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_org_list(struct bl_tx *tx, struct bl_org **rows, size_t *n,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* k->id is set; BL_EEXISTS when the kid is taken. */
enum bl_err bl_store_key_insert(struct bl_tx *tx, struct bl_orgkey *k,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Set retired_at on every active key of the org with this alg. */
enum bl_err bl_store_key_retire(struct bl_tx *tx, int64_t org_id, const char *alg, int64_t at,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* All keys of an org, active first then newest first. */
enum bl_err bl_store_key_list(struct bl_tx *tx, int64_t org_id, struct bl_orgkey **rows, size_t *n,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The active key of an org for an alg; BL_ENOTFOUND when none. */
enum bl_err bl_store_key_active(struct bl_tx *tx, int64_t org_id, const char *alg,
                                struct bl_orgkey *out, struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_key_by_kid(struct bl_tx *tx, const char *kid, struct bl_orgkey *out,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- accounts, memberships, sessions, tokens ------------------------------ */

enum bl_err bl_store_account_insert(struct bl_tx *tx, struct bl_account *a,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_account_get(struct bl_tx *tx, int64_t id, struct bl_account *out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_account_by_email(struct bl_tx *tx, const char *email, struct bl_account *out,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_account_set_password(struct bl_tx *tx, int64_t id, const char *password_hash,
                                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Insert or change the role of a member (role BL_ROLE_NONE removes). */
enum bl_err bl_store_membership_set(struct bl_tx *tx, int64_t org_id, int64_t account_id,
                                    enum bl_role role, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The role of an account in an org, BL_ROLE_NONE when not a member. */
enum bl_err bl_store_membership_role(struct bl_tx *tx, int64_t org_id, int64_t account_id,
                                     enum bl_role *role, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Every org of an account, by org name. */
enum bl_err bl_store_membership_list(struct bl_tx *tx, int64_t account_id,
                                     struct bl_membership **rows, size_t *n,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

enum bl_err bl_store_session_insert(struct bl_tx *tx, const struct bl_session *s,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when missing or expired at `now`. */
enum bl_err bl_store_session_get(struct bl_tx *tx, const char *token_hash, int64_t now,
                                 struct bl_session *out, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when there was no such session. */
enum bl_err bl_store_session_delete(struct bl_tx *tx, const char *token_hash,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Delete sessions expired before `now`; *n counts them. */
enum bl_err bl_store_session_purge(struct bl_tx *tx, int64_t now, size_t *n,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

enum bl_err bl_store_apitoken_insert(struct bl_tx *tx, struct bl_apitoken *t,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;
/* An unrevoked token by hash; sets last_used_at to now. */
enum bl_err bl_store_apitoken_use(struct bl_tx *tx, const char *token_hash, int64_t now,
                                  struct bl_apitoken *out, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when missing; BL_EEXISTS when already revoked. */
enum bl_err bl_store_apitoken_revoke(struct bl_tx *tx, int64_t id, int64_t at,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Rate limiting in fixed windows: add one hit to `key` for the window that
 * starts at `window_start` and return the hits counted in it (this one
 * included).  Old windows of the key are dropped.
 */
enum bl_err bl_store_throttle_hit(struct bl_tx *tx, const char *key, int64_t window_start,
                                  int64_t *hits, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The hits of key in the window that starts at window_start (0 when none), adding none. */
enum bl_err bl_store_throttle_count(struct bl_tx *tx, const char *key, int64_t window_start,
                                    int64_t *hits, struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_throttle_clear(struct bl_tx *tx, const char *key,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- badge classes and awards -------------------------------------------- */

enum bl_err bl_store_badgeclass_insert(struct bl_tx *tx, struct bl_badgeclass *b,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_badgeclass_update(struct bl_tx *tx, const struct bl_badgeclass *b,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_badgeclass_get(struct bl_tx *tx, int64_t id, struct bl_badgeclass *out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_badgeclass_by_uid(struct bl_tx *tx, const char *uid, struct bl_badgeclass *out,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Badge classes of an org by name, `limit` rows from `offset`; archived ones when asked. */
enum bl_err bl_store_badgeclass_list(struct bl_tx *tx, int64_t org_id, int with_archived,
                                     size_t offset, size_t limit, struct bl_badgeclass **rows,
                                     size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Insert an award.  a->id is set.  When a->idem_key is set and an award of
 * the same org already has it, BL_EEXISTS and *a is filled with the
 * existing row (so a re-import reports what it found).
 */
enum bl_err bl_store_award_insert(struct bl_tx *tx, struct bl_award *a,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Store the signed documents of an award created before signing. */
enum bl_err bl_store_award_set_documents(struct bl_tx *tx, const struct bl_award *a,
                                         struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_award_get(struct bl_tx *tx, int64_t id, struct bl_award *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_award_by_uid(struct bl_tx *tx, const char *uid, struct bl_award *out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Awards of an org (badgeclass_id 0: all), newest first. */
enum bl_err bl_store_award_list(struct bl_tx *tx, int64_t org_id, int64_t badgeclass_id,
                                size_t offset, size_t limit, struct bl_award **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The next free status index of an org (max + 1, 0 for the first). */
enum bl_err bl_store_award_next_index(struct bl_tx *tx, int64_t org_id, int64_t *index,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when missing; BL_EEXISTS when already revoked (left as it was). */
enum bl_err bl_store_award_revoke(struct bl_tx *tx, int64_t id, int64_t at, const char *reason,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Revoked awards of an org (for the status and revocation lists), by status index. */
enum bl_err bl_store_award_revoked(struct bl_tx *tx, int64_t org_id, struct bl_award **rows,
                                   size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- audit ---------------------------------------------------------------- */

enum bl_err bl_store_audit_add(struct bl_tx *tx, const struct bl_audit *e,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Audit entries of an org (0: all), newest first. */
enum bl_err bl_store_audit_list(struct bl_tx *tx, int64_t org_id, size_t offset, size_t limit,
                                struct bl_audit **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
