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

#include <stdbool.h>
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
 * is rolled back; BL_ERETRY makes it run again (up to 12 times, with a short
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
    const char *description_simple; /* simple French (FALC), pages only; NULL when none */
    int evidence_required;          /* awards must carry evidence */
    const char *art_json;           /* generated image parameters (core/badgeart.h), or NULL */
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
/* The hits of key in windows that start at or after `since` (0 when none), adding none. */
enum bl_err bl_store_throttle_since(struct bl_tx *tx, const char *key, int64_t since, int64_t *hits,
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
 * Like bl_store_badgeclass_list, keeping only the names that contain q
 * (case-insensitive for ASCII letters on SQLite, for all letters on
 * PostgreSQL; '%' and '_' in q are plain characters).  q NULL or "": all.
 */
enum bl_err bl_store_badgeclass_search(struct bl_tx *tx, int64_t org_id, const char *q,
                                       int with_archived, size_t offset, size_t limit,
                                       struct bl_badgeclass **rows, size_t *n,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
/* How many awards badge class id has (revoked ones included). */
enum bl_err bl_store_badgeclass_award_count(struct bl_tx *tx, int64_t id, int64_t *count,
                                            struct bl_errinfo *ei) BL_WARN_UNUSED;

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
/* The award of an org with this idempotency key; BL_ENOTFOUND when none. */
enum bl_err bl_store_award_by_idem(struct bl_tx *tx, int64_t org_id, const char *idem_key,
                                   struct bl_award *out, struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The next value of a per-organisation counter ("status_index": the status
 * list index of the next award), incremented.  Run it in a transaction of
 * its own, before the one that uses the value: concurrent awards then do
 * not conflict on it (an unused value is a gap, which status lists allow).
 * A new counter starts after the highest status index of the org's awards.
 */
enum bl_err bl_store_counter_next(struct bl_tx *tx, int64_t org_id, const char *name,
                                  int64_t *value, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when missing; BL_EEXISTS when already revoked (left as it was). */
enum bl_err bl_store_award_revoke(struct bl_tx *tx, int64_t id, int64_t at, const char *reason,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Revoked awards of an org (for the status and revocation lists), by status index. */
enum bl_err bl_store_award_revoked(struct bl_tx *tx, int64_t org_id, struct bl_award **rows,
                                   size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- award lists and statistics (q_awardsearch.c) -------------------------- */

/* State of an award at a time `now`: revoked wins over expired. */
enum bl_award_state {
    BL_AWARD_ANY = 0,
    BL_AWARD_ISSUED = 1, /* neither revoked nor expired */
    BL_AWARD_REVOKED = 2,
    BL_AWARD_EXPIRED = 3 /* not revoked, expires_at <= now */
};

struct bl_award_filter {
    int64_t org_id;
    int64_t badgeclass_id;     /* 0: every badge class */
    const char *search;        /* part of the name or email (ASCII case ignored); NULL or "" */
    enum bl_award_state state; /* BL_AWARD_ANY: all */
    int64_t now;               /* what "expired" is measured against */
};

/* An award as lists show it: no signed documents, with its badge class's name. */
struct bl_award_brief {
    int64_t id;
    const char *uid;
    int64_t badgeclass_id;
    const char *badge_uid;
    const char *badge_name;
    const char *recipient_name;
    const char *recipient_email;
    const char *recipient_phone;
    int64_t issued_at;
    int64_t expires_at;
    int64_t revoked_at;
    const char *revocation_reason;
};

/* The awards matching f, newest first, `limit` (capped) from `offset`. */
enum bl_err bl_store_award_search(struct bl_tx *tx, const struct bl_award_filter *f, size_t offset,
                                  size_t limit, struct bl_award_brief **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* How many awards match f. */
enum bl_err bl_store_award_count(struct bl_tx *tx, const struct bl_award_filter *f, int64_t *total,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;

#define BL_STORE_WEEKS_MAX 104u
/*
 * Awards of an org issued in [from, from + weeks * 7 days), per week:
 * counts[i] for the week starting at from + i * 7 days (weeks <= BL_STORE_WEEKS_MAX).
 */
enum bl_err bl_store_award_per_week(struct bl_tx *tx, int64_t org_id, int64_t from, size_t weeks,
                                    int64_t *counts, struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_award_per_class {
    const char *badge_uid;
    const char *badge_name;
    int64_t awards;  /* all awards of the class */
    int64_t revoked; /* of which revoked */
};
/* Every badge class of an org with its counts, most awarded first, then by name. */
enum bl_err bl_store_award_per_class(struct bl_tx *tx, int64_t org_id,
                                     struct bl_award_per_class **rows, size_t *n,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_award_totals {
    int64_t valid, expired, revoked;
};
/* The awards of an org by state at now. */
enum bl_err bl_store_award_totals(struct bl_tx *tx, int64_t org_id, int64_t now,
                                  struct bl_award_totals *out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- audit ---------------------------------------------------------------- */

enum bl_err bl_store_audit_add(struct bl_tx *tx, const struct bl_audit *e,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Audit entries of an org (0: all), newest first. */
enum bl_err bl_store_audit_list(struct bl_tx *tx, int64_t org_id, size_t offset, size_t limit,
                                struct bl_audit **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- outbox (mail, q_outbox.c) -------------------------------------------- */

/* A message waiting to be sent, or sent (sent_at != 0). */
struct bl_outbox {
    int64_t id;
    int64_t org_id;
    int64_t award_id; /* 0: none */
    const char *to_addr;
    const char *subject;
    const char *body_text;
    const char *body_html;
    int64_t created_at;
    int64_t attempts;        /* claims so far (bl_store_outbox_claim counts them) */
    int64_t next_attempt_at; /* due from then; BL_OUTBOX_GIVEN_UP when abandoned */
    int64_t sent_at;         /* 0: not sent */
    const char *last_error;
    int64_t expires_at; /* given up unsent from then on; 0: never (migration 021) */
};

/* next_attempt_at of a message no sender will try again (last_error says why). */
#define BL_OUTBOX_GIVEN_UP (-1)
/* Most messages one claim returns. */
#define BL_OUTBOX_CLAIM_MAX 100u

/* Queue a message (attempts 0, due at m->next_attempt_at, m->expires_at kept); m->id is set. */
enum bl_err bl_store_outbox_enqueue(struct bl_tx *tx, struct bl_outbox *m,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Claim at most `max` unsent messages due at `now` (oldest due first): each
 * gets attempts + 1 and next_attempt_at = lease_until, so that another
 * sender (thread or instance) skips it until then, and is returned in rows.
 * One UPDATE ... WHERE id IN (SELECT ... LIMIT) RETURNING: two claims never
 * return the same message before its lease ends (SQLite serialises writers;
 * PostgreSQL's serializable isolation turns a race into a retry).
 */
enum bl_err bl_store_outbox_claim(struct bl_tx *tx, int64_t now, int64_t lease_until, size_t max,
                                  struct bl_outbox **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Mark a message sent at `at`; BL_ENOTFOUND when missing or already sent. */
enum bl_err bl_store_outbox_sent(struct bl_tx *tx, int64_t id, int64_t at,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Record a failed attempt: keep `error` and make the message due again at
 * retry_at (BL_OUTBOX_GIVEN_UP: never).  BL_ENOTFOUND when missing or sent.
 */
enum bl_err bl_store_outbox_failed(struct bl_tx *tx, int64_t id, int64_t retry_at,
                                   const char *error, struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_outbox_get(struct bl_tx *tx, int64_t id, struct bl_outbox *out,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Messages about one award, oldest first. */
enum bl_err bl_store_outbox_by_award(struct bl_tx *tx, int64_t award_id, struct bl_outbox **rows,
                                     size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- CSV imports (q_import.c, migration 004) ------------------------------------ */

/* An uploaded CSV kept between its preview and its issuing (app/import.h). */
struct bl_import {
    int64_t id;
    const char *uid; /* random, in URLs */
    int64_t org_id;
    int64_t account_id; /* who uploaded it */
    int64_t badgeclass_id;
    const char *filename;
    const unsigned char *data; /* the file as uploaded */
    size_t data_len;
    const char *mapping; /* JSON array: the field of each column ("" when ignored) */
    const char *state;   /* "preview" | "running" | "done" */
    int64_t total, done; /* lines to issue, lines handled (the progress bar) */
    int64_t issued, existing, failed;
    const char *results; /* JSON array of the outcome of each line, once done */
    int64_t created_at;
    int64_t heartbeat_at; /* last progress of the issuing thread */
};

/* im->id is set. */
enum bl_err bl_store_import_insert(struct bl_tx *tx, struct bl_import *im,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when there is no such import (or it was purged). */
enum bl_err bl_store_import_by_uid(struct bl_tx *tx, const char *uid, struct bl_import *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Change the column mapping; BL_EEXISTS once issuing has started. */
enum bl_err bl_store_import_set_mapping(struct bl_tx *tx, int64_t id, const char *mapping,
                                        struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Move to "running" with total lines, counters at zero and heartbeat now:
 * from "preview", or from a "running" whose heartbeat is older than
 * stale_before (its thread died).  BL_EEXISTS otherwise: one issuer at a time.
 */
enum bl_err bl_store_import_claim(struct bl_tx *tx, int64_t id, int64_t total, int64_t now,
                                  int64_t stale_before, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Store im's done/issued/existing/failed counters and beat the heart. */
enum bl_err bl_store_import_progress(struct bl_tx *tx, const struct bl_import *im, int64_t now,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;
/* State "done" with the per-line results (JSON text). */
enum bl_err bl_store_import_finish(struct bl_tx *tx, int64_t id, const char *results, int64_t now,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Delete imports created before `before`; *n counts them. */
enum bl_err bl_store_import_purge(struct bl_tx *tx, int64_t before, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The uid of the award of org_id with this import key, or *uid = NULL. */
enum bl_err bl_store_award_idem_uid(struct bl_tx *tx, int64_t org_id, const char *idem_key,
                                    const char **uid, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- password resets, invitations, staff list (q_reset.c, migration 007) -- */

/* A single-use link to choose a password (reset or invitation). */
struct bl_reset {
    const char *token_hash; /* hex SHA-256 of the secret in the link */
    int64_t account_id;
    int64_t created_at;
    int64_t expires_at;
    int64_t used_at; /* 0: not used yet */
};

/* A member of an organisation, for the staff page. */
struct bl_member {
    int64_t account_id;
    const char *email;
    const char *name;
    enum bl_role role;
    int has_password; /* 0: invited, no password chosen yet */
};

/* BL_EEXISTS when the hash is taken. */
enum bl_err bl_store_reset_insert(struct bl_tx *tx, const struct bl_reset *r,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The link with this hash, used or not, expired or not; BL_ENOTFOUND when none. */
enum bl_err bl_store_reset_get(struct bl_tx *tx, const char *token_hash, struct bl_reset *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Use the link: set used_at = now when unused and not expired at now, and
 * give its account.  BL_ENOTFOUND otherwise (one UPDATE: two concurrent
 * uses cannot both succeed).
 */
enum bl_err bl_store_reset_use(struct bl_tx *tx, const char *token_hash, int64_t now,
                               int64_t *account_id, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Delete links expired before `before`; *n counts them. */
enum bl_err bl_store_reset_purge(struct bl_tx *tx, int64_t before, size_t *n,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* End every session of an account; *n counts them. */
enum bl_err bl_store_session_delete_account(struct bl_tx *tx, int64_t account_id, size_t *n,
                                            struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The members of an organisation, by name then email. */
enum bl_err bl_store_member_list(struct bl_tx *tx, int64_t org_id, struct bl_member **rows,
                                 size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- holders: the young people's backpacks (q_holder.c, migration 008) ---- */

/* A holder as stored; personal fields blank once deleted (deleted_at != 0). */
struct bl_holder_rec {
    int64_t id;
    const char *uid;           /* public random id */
    const char *first_name;    /* "" once deleted */
    int64_t birth_year;        /* 0: unknown */
    const char *link_hash;     /* hex SHA-256 of the personal-link secret, NULL once deleted */
    const char *password_hash; /* Argon2id, NULL for none */
    int minor_public;          /* a minor chose to allow public pages */
    int64_t created_at;
    int64_t deleted_at; /* 0: live */
};

/* An email (lower-cased) or phone (E.164) of a holder, proven or not. */
struct bl_holder_ident {
    int64_t id;
    int64_t holder_id;
    const char *kind; /* "email" | "phone" */
    const char *value;
    int64_t verified_at; /* 0: not proven */
    int64_t created_at;
};

/* h->id is set; BL_EEXISTS when the uid or link hash is taken. */
enum bl_err bl_store_holder_insert(struct bl_tx *tx, struct bl_holder_rec *h,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Deleted holders included (deleted_at says so); BL_ENOTFOUND when none. */
enum bl_err bl_store_holder_get(struct bl_tx *tx, int64_t id, struct bl_holder_rec *out,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_holder_by_uid(struct bl_tx *tx, const char *uid, struct bl_holder_rec *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The live holder of a personal-link hash; BL_ENOTFOUND when none or deleted. */
enum bl_err bl_store_holder_by_link(struct bl_tx *tx, const char *link_hash,
                                    struct bl_holder_rec *out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Add an identifier (i->id is set).  BL_EEXISTS when the holder already
 * has it, or when it is verified (i->verified_at != 0) and proven by another.
 */
enum bl_err bl_store_holder_ident_add(struct bl_tx *tx, struct bl_holder_ident *i,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The identifiers of a holder: verified first, then oldest first. */
enum bl_err bl_store_holder_ident_list(struct bl_tx *tx, int64_t holder_id,
                                       struct bl_holder_ident **rows, size_t *n,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Mark an identifier of a holder proven at `at`.  BL_ENOTFOUND when the
 * holder has no such unproven identifier; BL_EEXISTS when another holder
 * has proven it.
 */
enum bl_err bl_store_holder_ident_verify(struct bl_tx *tx, int64_t holder_id, const char *kind,
                                         const char *value, int64_t at,
                                         struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The live holder who proved this identifier; BL_ENOTFOUND when none. */
enum bl_err bl_store_holder_ident_owner(struct bl_tx *tx, const char *kind, const char *value,
                                        int64_t *holder_id, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Give an award to a holder (a claim); holder_id 0 detaches.  BL_ENOTFOUND when no award. */
enum bl_err bl_store_award_set_holder(struct bl_tx *tx, int64_t award_id, int64_t holder_id,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The awards of a holder, newest first: those claimed by them (holder_id)
 * and those whose recipient email or phone is one of their verified
 * identifiers.
 */
enum bl_err bl_store_holder_awards(struct bl_tx *tx, int64_t holder_id,
                                   struct bl_award_brief **rows, size_t *n,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- backpack: codes, sessions, shares (q_backpack.c, migration 010) ---- */

/* A one-time code sent to an email or phone (sign-in or proving an identifier). */
struct bl_holder_code {
    int64_t id;
    const char *kind;      /* "email" | "phone" */
    const char *value;     /* normalised identifier */
    const char *purpose;   /* "signin" | "add" */
    int64_t holder_id;     /* "add": the backpack it joins; 0 for a sign-in */
    const char *code_hash; /* hex SHA-256 of value ":" code */
    const char *link_hash; /* hex SHA-256 of the link's secret */
    int64_t attempts;
    int64_t created_at, expires_at, used_at;
};

struct bl_holder_session {
    const char *token_hash;
    int64_t holder_id;
    const char *csrf;
    int64_t created_at, expires_at;
};

struct bl_holder_share {
    int64_t id;
    const char *token; /* in the public URL /b/{token} */
    int64_t holder_id, award_id;
    int64_t created_at, withdrawn_at;
};

/* c->id is set. */
enum bl_err bl_store_hcode_insert(struct bl_tx *tx, struct bl_holder_code *c,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The newest unused code for (kind, value, purpose) unexpired at now; BL_ENOTFOUND when none. */
enum bl_err bl_store_hcode_latest(struct bl_tx *tx, const char *kind, const char *value,
                                  const char *purpose, int64_t now, struct bl_holder_code *out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The unused code of a link, unexpired at now; BL_ENOTFOUND otherwise. */
enum bl_err bl_store_hcode_by_link(struct bl_tx *tx, const char *link_hash, int64_t now,
                                   struct bl_holder_code *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Count one wrong attempt; *attempts is the new count. */
enum bl_err bl_store_hcode_attempt(struct bl_tx *tx, int64_t id, int64_t *attempts,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Spend a code (used_at = now); BL_ENOTFOUND when already used (one UPDATE: once only). */
enum bl_err bl_store_hcode_use(struct bl_tx *tx, int64_t id, int64_t now,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

enum bl_err bl_store_hsession_insert(struct bl_tx *tx, const struct bl_holder_session *s,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when missing, expired at now, or its holder deleted. */
enum bl_err bl_store_hsession_get(struct bl_tx *tx, const char *token_hash, int64_t now,
                                  struct bl_holder_session *out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_hsession_delete(struct bl_tx *tx, const char *token_hash,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/* sh->id is set; BL_EEXISTS when the token is taken. */
enum bl_err bl_store_hshare_insert(struct bl_tx *tx, struct bl_holder_share *sh,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* A share that is not withdrawn; BL_ENOTFOUND otherwise. */
enum bl_err bl_store_hshare_by_token(struct bl_tx *tx, const char *token,
                                     struct bl_holder_share *out,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The live share of an award by its holder; BL_ENOTFOUND when none. */
enum bl_err bl_store_hshare_for_award(struct bl_tx *tx, int64_t holder_id, int64_t award_id,
                                      struct bl_holder_share *out,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Withdraw every live share of an award by its holder (award_id 0: all of them); *n counts. */
enum bl_err bl_store_hshare_withdraw(struct bl_tx *tx, int64_t holder_id, int64_t award_id,
                                     int64_t at, size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Queue a message of no organisation on a channel ("email" goes out with
 * the mailer; "sms" waits for a gateway), due now; *id is set.
 */
enum bl_err bl_store_outbox_enqueue_channel(struct bl_tx *tx, const char *channel, const char *to,
                                            const char *subject, const char *text, const char *html,
                                            int64_t now, int64_t *id,
                                            struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * bl_store_outbox_enqueue_channel for a message that stops being worth
 * sending at expires_at (0: never): a sender gives it up unsent from then.
 */
enum bl_err bl_store_outbox_enqueue_expiring(struct bl_tx *tx, const char *channel, const char *to,
                                             const char *subject, const char *text,
                                             const char *html, int64_t now, int64_t expires_at,
                                             int64_t *id, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The newest message to an address on a channel (tests, the "outbox only" SMS sender). */
enum bl_err bl_store_outbox_last_to(struct bl_tx *tx, const char *channel, const char *to,
                                    struct bl_outbox *out, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* bl_store_outbox_claim for the messages of one channel ("email" there, "sms" for a gateway). */
enum bl_err bl_store_outbox_claim_channel(struct bl_tx *tx, const char *channel, int64_t now,
                                          int64_t lease_until, size_t max, struct bl_outbox **rows,
                                          size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The newest live holder with this identifier unproven (a claim); BL_ENOTFOUND when none. */
enum bl_err bl_store_holder_ident_claimant(struct bl_tx *tx, const char *kind, const char *value,
                                           int64_t *holder_id,
                                           struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Whether the holder has proven any identifier (*any), and (kind, value) (*this_one). */
enum bl_err bl_store_holder_proven(struct bl_tx *tx, int64_t holder_id, const char *kind,
                                   const char *value, bool *any, bool *this_one,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Remove the holder's unproven copy of (kind, value), if any. */
enum bl_err bl_store_holder_ident_drop_unproven(struct bl_tx *tx, int64_t holder_id,
                                                const char *kind, const char *value,
                                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* A new personal-link hash for the holder, and every session of it ends. */
enum bl_err bl_store_holder_relink(struct bl_tx *tx, int64_t holder_id, const char *link_hash,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* First name and birth year (0: not said) of a live holder; BL_ENOTFOUND otherwise. */
enum bl_err bl_store_holder_set_profile(struct bl_tx *tx, int64_t id, const char *first_name,
                                        int64_t birth_year, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* A minor allows public pages (1) or not (0). */
enum bl_err bl_store_holder_set_minor_public(struct bl_tx *tx, int64_t id, int allow,
                                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The live holders other than `except` who have this identifier, proven or not. */
enum bl_err bl_store_holder_ident_others(struct bl_tx *tx, const char *kind, const char *value,
                                         int64_t except, int64_t **ids, size_t *n,
                                         struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Merge holder src into dst: src's awards, identifiers (duplicates dropped,
 * a proven one wins over an unproven one), share pages and add-codes go to
 * dst, its sessions end, dst takes its first name when it has none and
 * birth year when unknown; src is marked deleted with merged_into = dst
 * (so its personal link opens dst), as are holders merged into src before.
 */
enum bl_err bl_store_holder_merge(struct bl_tx *tx, int64_t src, int64_t dst, int64_t now,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Set a live holder's optional password (an Argon2id encoded string) or
 * remove it (NULL).  BL_ENOTFOUND when no live holder has this id.
 */
enum bl_err bl_store_holder_set_password(struct bl_tx *tx, int64_t id, const char *password_hash,
                                         struct bl_errinfo *ei) BL_WARN_UNUSED;
/* ---- pathways and progress (q_pathway.c, migration 013) ------------------- */

/* A pathway of an organisation: its definition (core/pathway.h) and goal. */
struct bl_pathway_row {
    int64_t id;
    const char *uid; /* public random id in URLs */
    int64_t org_id;
    const char *name;
    const char *description;
    const char *definition_json;
    int64_t goal_badgeclass_id;  /* milestone badge class, 0 when none */
    int64_t goal_opportunity_id; /* reserved for opportunities, 0 for now */
    int64_t created_at;
    int64_t updated_at;
    int64_t archived; /* 0, or when it was archived (unix seconds): awards after it do not count */
};

/* One person's progress on one pathway. */
struct bl_pathway_progress {
    int64_t pathway_id;
    const char *person_key;     /* normalised recipient email */
    int64_t progress_pm;        /* progress in thousandths */
    int64_t completed_at;       /* 0: not complete now */
    int64_t milestone_award_id; /* the milestone awarded for the current completion, 0 none */
    int64_t milestones_issued;  /* how many milestones this pair has had (idempotency keys) */
    int64_t withdrawn_at;       /* the last time a completion was withdrawn, 0 never */
    int64_t updated_at;
};

/* What a pathway's awards look like for one person (no documents). */
struct bl_person_award {
    int64_t id;
    int64_t badgeclass_id;
    int64_t issued_at;
    int64_t expires_at; /* 0: never */
    int64_t revoked_at; /* 0: not revoked */
    const char *uid;
    /* Filled by the holder and phone queries (q_pathway_holder.c) only. */
    const char *recipient_email, *recipient_phone, *recipient_name;
};

/* The funnel of a pathway: people started, at least half way, complete now. */
struct bl_pathway_funnel {
    int64_t started, halfway, completed, withdrawn;
};

enum bl_err bl_store_pathway_insert(struct bl_tx *tx, struct bl_pathway_row *p,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_pathway_update(struct bl_tx *tx, const struct bl_pathway_row *p,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when there is no pathway with this uid. */
enum bl_err bl_store_pathway_by_uid(struct bl_tx *tx, const char *uid, struct bl_pathway_row *out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The pathways of org_id by name (archived ones too when with_archived). */
enum bl_err bl_store_pathway_list(struct bl_tx *tx, int64_t org_id, int with_archived,
                                  struct bl_pathway_row **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Every award of org_id to this normalised email, by (badge class, issued_at). */
enum bl_err bl_store_person_awards(struct bl_tx *tx, int64_t org_id, const char *email,
                                   struct bl_person_award **rows, size_t *n,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when the person has no progress row on the pathway. */
enum bl_err bl_store_pathway_progress_get(struct bl_tx *tx, int64_t pathway_id,
                                          const char *person_key, struct bl_pathway_progress *out,
                                          struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Insert or replace the row of (pathway_id, person_key). */
enum bl_err bl_store_pathway_progress_put(struct bl_tx *tx, const struct bl_pathway_progress *p,
                                          struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Progress rows of a pathway, most advanced first. */
enum bl_err bl_store_pathway_progress_list(struct bl_tx *tx, int64_t pathway_id, size_t offset,
                                           size_t limit, struct bl_pathway_progress **rows,
                                           size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* A badge class's ids and name, without its image (pathway steps, editors). */
struct bl_badge_ref {
    int64_t id;
    const char *uid;
    const char *name;
    int archived;
};
/* Every badge class of org_id, by name. */
enum bl_err bl_store_badge_refs(struct bl_tx *tx, int64_t org_id, struct bl_badge_ref **rows,
                                size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Started: progress > 0; halfway: >= 500 thousandths; completed: complete now. */
enum bl_err bl_store_pathway_funnel(struct bl_tx *tx, int64_t pathway_id,
                                    struct bl_pathway_funnel *out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* ---- the network: partners, frameworks, needs (q_network.c, q_framework.c, migration 011) -- */

/* Kinds of organisation; one without a profile row is a network admin. */
#define BL_ORG_KIND_NETWORK "network" /* the Mission Locale: invites partners, ranks needs */

/* A partner's profile (the rest — name, website, logo — is its struct bl_org). */
struct bl_org_profile {
    int64_t org_id;
    const char *kind; /* "network" | "employer" | "association" | "training" */
    const char *sector;
    const char *siret; /* 14 digits, checked (core/siret.h), or NULL */
    const char *contact_name;
    const char *contact_email;
    const char *contact_phone;
    int64_t invited_by; /* the org that invited it, 0 when none */
    int64_t updated_at;
};

/* An organisation of the network as the partner lists show it. */
struct bl_partner {
    int64_t org_id;
    const char *slug, *name, *url, *description;
    int has_image;
    struct bl_org_profile profile; /* kind "network" and NULLs when it has no row */
};

/* Insert or replace the profile of p->org_id. */
enum bl_err bl_store_profile_put(struct bl_tx *tx, const struct bl_org_profile *p,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The profile of an org; BL_ENOTFOUND when it has none (a network admin). */
enum bl_err bl_store_profile_get(struct bl_tx *tx, int64_t org_id, struct bl_org_profile *out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Every organisation with its profile (network admins first, then by name). */
enum bl_err bl_store_partner_list(struct bl_tx *tx, struct bl_partner **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_framework {
    int64_t id;
    const char *uid;
    int64_t org_id; /* the publisher in Blason (who imported it) */
    const char *name;
    const char *version; /* "" when none */
    const char *source_url;
    int64_t created_at;
    int64_t n_items; /* filled by the list */
};

struct bl_fw_item {
    int64_t id;
    int64_t framework_id;
    const char *code, *label, *parent_code, *description, *url;
    int64_t depth;    /* 0 for a root */
    int64_t position; /* order in the file (a depth-first order) */
    /* Filled by search and need items: the framework it belongs to. */
    const char *framework_uid, *framework_name, *framework_url;
};

/* fw->id is set; BL_EEXISTS when the org has a framework of that name and version. */
enum bl_err bl_store_framework_insert(struct bl_tx *tx, struct bl_framework *fw,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/* it->id is set; BL_EEXISTS when the code is taken in the framework. */
enum bl_err bl_store_fw_item_insert(struct bl_tx *tx, struct bl_fw_item *it,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Every framework of the network with its item count, by name and version. */
enum bl_err bl_store_framework_list(struct bl_tx *tx, struct bl_framework **rows, size_t *n,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_framework_by_uid(struct bl_tx *tx, const char *uid, struct bl_framework *out,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The items of a framework in file order. */
enum bl_err bl_store_fw_items(struct bl_tx *tx, int64_t framework_id, struct bl_fw_item **rows,
                              size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_fw_item_get(struct bl_tx *tx, int64_t id, struct bl_fw_item *out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Items of every framework whose code or label contains q (case ignored
 * as in bl_store_badgeclass_search), at most limit (capped), framework
 * name then file order.
 */
enum bl_err bl_store_fw_search(struct bl_tx *tx, const char *q, size_t limit,
                               struct bl_fw_item **rows, size_t *n,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_need {
    int64_t id;
    const char *uid;
    int64_t org_id;
    const char *org_slug, *org_name; /* filled by list and get */
    const char *title, *description;
    int64_t people; /* people the partner expects to hire */
    const char *sector, *horizon;
    int64_t created_at, closed_at;
    int64_t supports;          /* count, filled by list and get */
    const char *closed_reason; /* "" open, "filled" (pourvu), "abandoned"; list and get */
    int64_t updated_at;        /* bl_store_need_update */
};

struct bl_need_support {
    int64_t org_id;
    const char *org_slug, *org_name, *comment;
    int64_t created_at;
};

struct bl_need_answer {
    const char *kind; /* "badge" | "event" */
    const char *ref_uid, *label;
    int64_t created_at;
    /* Read only, kind "event" (joined; NULL/0 when the event is gone): */
    const char *event_name, *event_place, *event_org_slug;
    int64_t event_at, event_org_id;
    int64_t need_id; /* read only */
};

/* n->id is set. */
enum bl_err bl_store_need_insert(struct bl_tx *tx, struct bl_need *n,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_need_item_add(struct bl_tx *tx, int64_t need_id, int64_t item_id,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Open needs ranked: most supported, then most people expected, then newest. */
enum bl_err bl_store_need_list(struct bl_tx *tx, struct bl_need **rows, size_t *n,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_need_by_uid(struct bl_tx *tx, const char *uid, struct bl_need *out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The framework items a need names. */
enum bl_err bl_store_need_items(struct bl_tx *tx, int64_t need_id, struct bl_fw_item **rows,
                                size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Support a need (again: the comment is replaced). */
enum bl_err bl_store_need_support(struct bl_tx *tx, int64_t need_id, int64_t org_id,
                                  const char *comment, int64_t at,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_need_supports(struct bl_tx *tx, int64_t need_id, struct bl_need_support **rows,
                                   size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Link an answer; BL_EEXISTS when it is already linked. */
enum bl_err bl_store_need_answer_add(struct bl_tx *tx, int64_t need_id,
                                     const struct bl_need_answer *a,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_need_answers(struct bl_tx *tx, int64_t need_id, struct bl_need_answer **rows,
                                  size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The answers of every open need, by need id then as bl_store_need_answers. */
enum bl_err bl_store_need_answers_open(struct bl_tx *tx, struct bl_need_answer **rows, size_t *n,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The needs an event answers (kind "event", ref event_uid), oldest first. */
enum bl_err bl_store_event_needs(struct bl_tx *tx, const char *event_uid, struct bl_need **rows,
                                 size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A framework file between its preview and its saving. */
struct bl_fw_upload {
    int64_t id;
    const char *uid;
    int64_t org_id, account_id;
    const char *filename;
    const unsigned char *data;
    size_t data_len;
    const char *name, *version, *source_url; /* what the form said, NULL when empty */
    int64_t created_at;
};
/* u->id is set. */
enum bl_err bl_store_fw_upload_insert(struct bl_tx *tx, struct bl_fw_upload *u,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_fw_upload_by_uid(struct bl_tx *tx, const char *uid, struct bl_fw_upload *out,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Delete one upload (saved) and those created before `before`. */
enum bl_err bl_store_fw_upload_delete(struct bl_tx *tx, int64_t id, int64_t before,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/* ---- endorsements (q_endorse.c, migration 012) ------------------------------ */

struct bl_endorsement {
    int64_t id;
    const char *uid; /* public random id: {base}/endorsements/{uid} */
    int64_t endorser_org_id;
    const char *subject_kind;  /* "badge" | "org" | "award" */
    int64_t subject_ref;       /* badge_classes.id | orgs.id | awards.id */
    int64_t subject_org_id;    /* the organisation the subject belongs to */
    const char *endorser_name; /* a person endorsing through the org (tutor); NULL: the org */
    const char *comment;
    int64_t issued_at;
    int64_t expires_at;   /* 0: never */
    int64_t status_index; /* in the endorser's status list (shared with its awards) */
    const char *ob2_json; /* hosted OB 2.0 Endorsement */
    const char *ob3_json; /* EndorsementCredential with its Data Integrity proof */
    const char *ob3_jwt;  /* the same as a VC-JWT */
    int64_t withdrawn_at; /* 0: not withdrawn */
    int visible;          /* shown on public pages (an award's owner decides for theirs) */
    int64_t created_by;
    /* Filled by the reads (join on orgs): */
    const char *endorser_org_name;
    const char *endorser_org_slug;
};

/* e->id is set; BL_EEXISTS when the uid or the status index is taken. */
enum bl_err bl_store_endorsement_insert(struct bl_tx *tx, struct bl_endorsement *e,
                                        struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_endorsement_by_uid(struct bl_tx *tx, const char *uid,
                                        struct bl_endorsement *out,
                                        struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Endorsements of one subject, oldest first.  valid_at > 0 keeps only those
 * not withdrawn, not expired at valid_at and visible; 0 gives them all.
 */
enum bl_err bl_store_endorsement_list(struct bl_tx *tx, const char *subject_kind,
                                      int64_t subject_ref, int64_t valid_at,
                                      struct bl_endorsement **rows, size_t *n,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Endorsements signed by an org, newest first (at most BL_STORE_PAGE_MAX). */
enum bl_err bl_store_endorsement_by_endorser(struct bl_tx *tx, int64_t org_id,
                                             struct bl_endorsement **rows, size_t *n,
                                             struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Withdrawn endorsements signed by an org, by status index (for its status list). */
enum bl_err bl_store_endorsement_withdrawn(struct bl_tx *tx, int64_t org_id,
                                           struct bl_endorsement **rows, size_t *n,
                                           struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when missing; BL_EEXISTS when already withdrawn. */
enum bl_err bl_store_endorsement_withdraw(struct bl_tx *tx, int64_t id, int64_t at,
                                          struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when missing. */
enum bl_err bl_store_endorsement_set_visible(struct bl_tx *tx, int64_t id, int visible,
                                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Endorsement requests (same table family, migration 012). */
struct bl_endreq {
    int64_t id;
    int64_t badgeclass_id;
    int64_t requester_org_id;
    int64_t target_org_id;
    const char *message;
    const char *state; /* "pending" | "accepted" | "declined" */
    int64_t created_at;
    int64_t answered_at;
    int64_t endorsement_id; /* accepted: the endorsement made */
    /* Filled by the reads: */
    const char *badge_uid, *badge_name;
    const char *requester_name, *requester_slug;
    const char *target_name, *target_slug;
};

/* r->id is set; BL_EEXISTS when this badge class was already asked of this org. */
enum bl_err bl_store_endreq_insert(struct bl_tx *tx, struct bl_endreq *r,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_endreq_get(struct bl_tx *tx, int64_t id, struct bl_endreq *out,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Requests made to an org (pending first, then newest), at most BL_STORE_PAGE_MAX. */
enum bl_err bl_store_endreq_received(struct bl_tx *tx, int64_t target_org_id,
                                     struct bl_endreq **rows, size_t *n,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Requests about a badge class, by the asked org's name. */
enum bl_err bl_store_endreq_for_badge(struct bl_tx *tx, int64_t badgeclass_id,
                                      struct bl_endreq **rows, size_t *n,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Answer a pending request: state "accepted" (with the endorsement made) or
 * "declined".  BL_ENOTFOUND when missing, BL_EEXISTS when already answered.
 */
enum bl_err bl_store_endreq_answer(struct bl_tx *tx, int64_t id, const char *state, int64_t at,
                                   int64_t endorsement_id, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Recommendation links (migration 012): single use, hashed token. */
struct bl_reclink {
    const char *token_hash; /* hex SHA-256 of the token */
    int64_t award_id;
    int64_t org_id;
    const char *tutor_name;
    const char *tutor_email;
    int64_t created_at;
    int64_t expires_at;
    int64_t used_at; /* 0: unused */
    int64_t created_by;
};

/* BL_EEXISTS when the hash is taken. */
enum bl_err bl_store_reclink_insert(struct bl_tx *tx, const struct bl_reclink *l,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The link, used or not, expired or not; BL_ENOTFOUND when none. */
enum bl_err bl_store_reclink_get(struct bl_tx *tx, const char *token_hash, struct bl_reclink *out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Mark it used at now when unused and unexpired; BL_ENOTFOUND otherwise (one UPDATE). */
enum bl_err bl_store_reclink_use(struct bl_tx *tx, const char *token_hash, int64_t now,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- opportunities and applications (q_opportunity.c, migration 015) ------- */

/* An opportunity an organisation offers; dates are "YYYY-MM-DD" or "". */
struct bl_opp {
    int64_t id;
    const char *uid; /* public random id in URLs */
    int64_t org_id;
    const char *kind; /* "emploi" | "entretien" | "immersion" | "apprentissage" | "formation" */
    const char *title;
    const char *description;
    const char *place;
    const char *start_date;
    const char *end_date;
    int64_t places;
    const char *status; /* "open" | "closed" */
    int64_t pathway_id; /* 0: none (no foreign key: app/opportunity.h) */
    int64_t created_by; /* account id */
    int64_t created_at;
    int64_t updated_at;
    const char *org_name; /* filled by the list and get queries */
    const char *org_slug;
    int64_t applications; /* bl_store_opp_list_org: applications received */
    int64_t accepted;     /* applications accepted now (places taken), every query */
    int64_t version;      /* 1 when created, one more at every change (migration 020) */
};

/* A required badge class of an opportunity, with what pages show of it. */
struct bl_opp_req {
    int64_t opportunity_id;
    int64_t badgeclass_id;
    const char *badge_uid;
    const char *badge_name;
    const char *org_name; /* the badge class's issuer */
};

/* An application of a holder to an opportunity. */
struct bl_application {
    int64_t id;
    const char *uid;
    int64_t opportunity_id;
    int64_t holder_id;
    const char *contact; /* the email or phone the holder gave, "" for none */
    const char *message; /* the holder's word, "" for none */
    const char *status;  /* "sent" | "seen" | "interview" | "accepted" | "refused" | "withdrawn" */
    const char *answer;  /* the organisation's message */
    const char *outcome; /* "" | "hired" | "not_retained" | "no_follow_up" */
    int64_t created_at;
    int64_t updated_at;
    int64_t answered_at;
    int64_t outcome_at;
    const char *first_name; /* list queries: the holder's first name */
    const char *opp_uid;    /* all but bl_store_app_list_opp: the opportunity's */
    const char *opp_title;
    const char *opp_kind;
    const char *org_name;
};

/* o->id is set; BL_EEXISTS when the uid is taken. */
enum bl_err bl_store_opp_insert(struct bl_tx *tx, struct bl_opp *o,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Every field but uid, org_id, created_*, as a compare-and-set: the row
 * changes only while it is at o->version, which then becomes the new
 * version.  BL_ESTALE (nothing written) when the row is at another version,
 * BL_ENOTFOUND when no such id.
 */
enum bl_err bl_store_opp_update(struct bl_tx *tx, struct bl_opp *o,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* With org_name and org_slug; BL_ENOTFOUND when none. */
enum bl_err bl_store_opp_by_uid(struct bl_tx *tx, const char *uid, struct bl_opp *out,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The opportunities of an org, newest first, with their application counts. */
enum bl_err bl_store_opp_list_org(struct bl_tx *tx, int64_t org_id, struct bl_opp **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
#define BL_STORE_OPP_OPEN_MAX 1000u
/*
 * Open opportunities of every org whose end date is "" or not before
 * `today` ("YYYY-MM-DD"), soonest ending first (at most BL_STORE_OPP_OPEN_MAX).
 */
enum bl_err bl_store_opp_list_open(struct bl_tx *tx, const char *today, struct bl_opp **rows,
                                   size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The same, only those that name pathway_id. */
enum bl_err bl_store_opp_list_open_pathway(struct bl_tx *tx, const char *today, int64_t pathway_id,
                                           struct bl_opp **rows, size_t *n,
                                           struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Replace the required badge classes of an opportunity. */
enum bl_err bl_store_opp_req_set(struct bl_tx *tx, int64_t opp_id, const int64_t *badge_ids,
                                 size_t n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Required badge classes of one opportunity (opp_id > 0) or of every open one
 * ending on or after today (opp_id 0), by opportunity then badge name. */
enum bl_err bl_store_opp_req_list(struct bl_tx *tx, int64_t opp_id, const char *today,
                                  struct bl_opp_req **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The requirement picker: badge classes of every org (not archived) whose
 * name contains q (ASCII case ignored), by name, at most limit (capped);
 * rows have opportunity_id 0.
 */
enum bl_err bl_store_badge_find_network(struct bl_tx *tx, const char *q, size_t limit,
                                        struct bl_opp_req **rows, size_t *n,
                                        struct bl_errinfo *ei) BL_WARN_UNUSED;

/* a->id is set; BL_EEXISTS when the holder already applied (or the uid is taken). */
enum bl_err bl_store_app_insert(struct bl_tx *tx, struct bl_application *a,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_app_award_add(struct bl_tx *tx, int64_t application_id, int64_t award_id,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* With first_name and the opportunity's uid, title, kind, org name; BL_ENOTFOUND when none. */
enum bl_err bl_store_app_by_uid(struct bl_tx *tx, const char *uid, struct bl_application *out,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The application of a holder to an opportunity; BL_ENOTFOUND when none. */
enum bl_err bl_store_app_of_holder(struct bl_tx *tx, int64_t opp_id, int64_t holder_id,
                                   struct bl_application *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Store status, answer, outcome and their times; BL_ENOTFOUND when no such id. */
enum bl_err bl_store_app_update(struct bl_tx *tx, const struct bl_application *a,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Applications to an opportunity, oldest first, with first_name. */
enum bl_err bl_store_app_list_opp(struct bl_tx *tx, int64_t opp_id, struct bl_application **rows,
                                  size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Applications of a holder, newest first, with opp_uid, opp_title, opp_kind, org_name. */
enum bl_err bl_store_app_list_holder(struct bl_tx *tx, int64_t holder_id,
                                     struct bl_application **rows, size_t *n,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * A holder deletes their account: their applications stay for the
 * organisations' records as "withdrawn", without contact, message or shared
 * awards.  To be called in the transaction of the holder's deletion.
 */
enum bl_err bl_store_app_erase_holder(struct bl_tx *tx, int64_t holder_id, int64_t now,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The awards an application shares, by badge name (brief rows: no signed documents). */
enum bl_err bl_store_app_awards(struct bl_tx *tx, int64_t application_id,
                                struct bl_award_brief **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- pathway progress keyed by holder (q_pathway_holder.c) ---- */

/* A holder's awards in org_id (claimed or to a proven identifier), by (badge class, issued_at). */
enum bl_err bl_store_holder_org_awards(struct bl_tx *tx, int64_t org_id, int64_t holder_id,
                                       struct bl_person_award **rows, size_t *n,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Every award of org_id to this E.164 phone, by (badge class, issued_at). */
enum bl_err bl_store_phone_awards(struct bl_tx *tx, int64_t org_id, const char *phone,
                                  struct bl_person_award **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The holder an award was claimed by (0: none); BL_ENOTFOUND when no award. */
enum bl_err bl_store_award_holder(struct bl_tx *tx, int64_t award_id, int64_t *holder_id,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_ENOTFOUND when there is no pathway with this row id. */
enum bl_err bl_store_pathway_by_id(struct bl_tx *tx, int64_t id, struct bl_pathway_row *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Erase a holder (account deletion): the awards that are theirs (claimed
 * or by a verified identifier) get recipient name, email and phone blanked
 * and holder_id cleared (*awards counts them); identifiers, sessions,
 * codes, share pages go; the holder row keeps only uid and dates
 * (deleted_at = now, link and password cleared) for the audit trail.
 */
enum bl_err bl_store_holder_erase(struct bl_tx *tx, int64_t id, int64_t now, size_t *awards,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A badge from elsewhere in a backpack, with the verifier's last verdict. */
struct bl_holder_import {
    int64_t id, holder_id;
    const char *source; /* "file" | "text" */
    const unsigned char *payload;
    size_t payload_len;
    const char *verdict; /* bl_verify_verdict_name(): "valid", "revoked", ... */
    const char *achievement, *issuer;
    const char *report_json;
    int64_t verified_at, created_at;
};

/* im->id is set. */
enum bl_err bl_store_himport_insert(struct bl_tx *tx, struct bl_holder_import *im,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The imports of a holder, newest first, without their payloads. */
enum bl_err bl_store_himport_list(struct bl_tx *tx, int64_t holder_id,
                                  struct bl_holder_import **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* One import of holder_id with its payload; BL_ENOTFOUND when not theirs. */
enum bl_err bl_store_himport_get(struct bl_tx *tx, int64_t holder_id, int64_t id,
                                 struct bl_holder_import *out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Store a new verdict (verdict, achievement, issuer, report_json, verified_at of im). */
enum bl_err bl_store_himport_verdict(struct bl_tx *tx, const struct bl_holder_import *im,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- backpack collections (q_collection.c, migration 016) ---- */

/* A named, ordered set of a holder's awards, shared together on /c/{token}. */
struct bl_holder_coll {
    int64_t id;
    const char *uid; /* public random id in /sac/collections/{uid} */
    int64_t holder_id;
    const char *name, *description;
    int64_t created_at, updated_at;
    const char *share_token; /* the live public page, or NULL (read only) */
    int64_t nitems;          /* read only */
};

/* c->id is set. */
enum bl_err bl_store_hcoll_insert(struct bl_tx *tx, struct bl_holder_coll *c,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The collections of a holder, oldest first. */
enum bl_err bl_store_hcoll_list(struct bl_tx *tx, int64_t holder_id, struct bl_holder_coll **rows,
                                size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Collection uid of holder_id; BL_ENOTFOUND when missing or another holder's. */
enum bl_err bl_store_hcoll_get(struct bl_tx *tx, int64_t holder_id, const char *uid,
                               struct bl_holder_coll *out, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The collection behind a live public page; BL_ENOTFOUND otherwise. */
enum bl_err bl_store_hcoll_by_token(struct bl_tx *tx, const char *token, struct bl_holder_coll *out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Name, description and updated_at of c (by c->id). */
enum bl_err bl_store_hcoll_update(struct bl_tx *tx, const struct bl_holder_coll *c,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Delete a collection with its items and public pages. */
enum bl_err bl_store_hcoll_delete(struct bl_tx *tx, int64_t id,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The award ids of a collection in their order (tx arena). */
enum bl_err bl_store_hcoll_items(struct bl_tx *tx, int64_t id, int64_t **award_ids, size_t *n,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Replace the items of a collection by award_ids, in that order. */
enum bl_err bl_store_hcoll_set_items(struct bl_tx *tx, int64_t id, const int64_t *award_ids,
                                     size_t n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* A new public page for collection id; BL_EEXISTS when the token is taken. */
enum bl_err bl_store_hcoll_share(struct bl_tx *tx, int64_t id, const char *token, int64_t now,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Withdraw the live pages of collection id, or of every collection of holder_id when id is 0. */
enum bl_err bl_store_hcoll_withdraw(struct bl_tx *tx, int64_t holder_id, int64_t id, int64_t at,
                                    size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Who an award is for (pathway scans): its holder, else its email, else its phone. */
struct bl_award_person {
    int64_t id, badgeclass_id;
    int64_t holder_id;         /* 0: not claimed */
    const char *email, *phone; /* NULL when absent */
};

/* The awards of org_id with id > after_id, by id, at most limit. */
enum bl_err bl_store_award_people(struct bl_tx *tx, int64_t org_id, int64_t after_id, size_t limit,
                                  struct bl_award_person **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Closed needs (closed_at <> 0), last closed first, at most limit. */
enum bl_err bl_store_need_list_closed(struct bl_tx *tx, size_t limit, struct bl_need **rows,
                                      size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Title, description, people, sector, horizon and updated_at of x->id; its items are cleared
 * (add them again with bl_store_need_item_add). */
enum bl_err bl_store_need_update(struct bl_tx *tx, const struct bl_need *x,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Close a need (closed_at > 0, reason) or reopen it (0, ""). */
enum bl_err bl_store_need_close(struct bl_tx *tx, int64_t need_id, int64_t closed_at,
                                const char *reason, int64_t at,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- collection order (q_collection.c) ---- */

/*
 * Swap the positions of awards a and b in collection id, in one statement
 * guarded by the positions just read, so the positions stay the set they
 * were (dense and unique).  BL_ENOTFOUND when either is not in it;
 * BL_ERETRY when a concurrent change moved them in between.
 */
enum bl_err bl_store_hcoll_swap(struct bl_tx *tx, int64_t id, int64_t a, int64_t b,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
