/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * backpack.h: the young person's backpack, /sac (docs/internals/backpack.md):
 * passwordless sign-in by a one-time code sent to an email or a phone,
 * holder sessions, the holder's awards, and public share links.
 *
 * A code is 6 digits with a link carrying 32 random bytes; both are valid
 * BL_APP_CODE_TTL, kept only as SHA-256, spent on first use, and a code
 * allows BL_APP_CODE_TRIES wrong guesses.  Requests are rate limited per
 * identifier and per client address.  Proving an identifier by a code
 * opens the backpack of the holder who proved it before, else of the
 * newest holder who has it unproven (a claim), else of a new holder.
 */
#ifndef BL_APP_BACKPACK_H
#define BL_APP_BACKPACK_H

#include "app/holder.h"
#include "app/sms.h"

#define BL_APP_CODE_TTL        (15 * 60)    /* seconds a code and its link are valid */
#define BL_APP_CODE_TRIES      5            /* wrong codes before it is spent */
#define BL_APP_CODE_WINDOW     (15 * 60)    /* rate-limit window, seconds */
#define BL_APP_CODE_ID_MAX     5            /* codes per window and identifier */
#define BL_APP_CODE_CLIENT_MAX 30           /* codes per window and address */
#define BL_APP_HSESSION_TTL    (30 * 86400) /* seconds a backpack session lasts */
#define BL_APP_SAC_CODE_PATH   "/sac/code"  /* the code's link: base_url + path + "/" + token */
#define BL_APP_SHARE_PATH      "/b"         /* public page: base_url + path + "/" + token */
#define BL_APP_MINOR_AGE       18           /* under it: no public page unless allowed */

/* A backpack session: the cookie value and its CSRF token. */
struct bl_app_hsession {
    char token[BL_APP_TOKEN_LEN + 1];
    char csrf[BL_APP_TOKEN_LEN + 1];
    int64_t holder_id;
    int64_t expires_at;
};

/* An email or a phone as typed, normalised: kind "email" | "phone". */
struct bl_app_ident {
    const char *kind;
    char value[BL_APP_EMAIL_MAX + 1];
};

/* Parse what someone typed: an '@' makes it an email, else a phone; BL_EINVAL "identifier: ...". */
enum bl_err bl_app_ident_parse(const char *typed, struct bl_app_ident *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Send a sign-in code to id (by email through the outbox and mailer, by
 * text message through sms).  BL_ELIMIT when the identifier or the client
 * asked too often; BL_OK otherwise, whether a backpack exists or not.
 */
enum bl_err bl_app_sac_request(struct bl_app *app, const struct bl_app_ident *id,
                               const char *client, const struct bl_app_sms_sender *sms,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Check the code typed for id and open a session.  BL_EDENIED for a wrong,
 * expired or missing code; BL_ELIMIT once BL_APP_CODE_TRIES were wrong.
 */
enum bl_err bl_app_sac_verify(struct bl_app *app, const struct bl_app_ident *id, const char *code,
                              struct bl_app_hsession *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Holder holder_id adds an email or phone: a code is sent to it (limits as
 * for a sign-in).  Then bl_app_sac_ident_verify with the code proves it:
 * the identifier joins the backpack (awards to it appear), and any other
 * holder who had it (a claim on that phone, another backpack) is merged
 * into this one in the same transaction, audited "holder.merge"; *merged
 * counts them.  BL_EDENIED / BL_ELIMIT as bl_app_sac_verify.
 */
enum bl_err bl_app_sac_ident_request(struct bl_app *app, int64_t holder_id,
                                     const struct bl_app_ident *id, const char *client,
                                     const struct bl_app_sms_sender *sms,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_app_sac_ident_verify(struct bl_app *app, int64_t holder_id,
                                    const struct bl_app_ident *id, const char *code, size_t *merged,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The emails and phones of a holder, proven first. */
enum bl_err bl_app_sac_idents(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                              struct bl_holder_ident **rows, size_t *n,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Open a session from the link of a code; BL_ENOTFOUND when unknown, used or expired. */
enum bl_err bl_app_sac_code_link(struct bl_app *app, const char *link_token,
                                 struct bl_app_hsession *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Open a session from a personal link (holder.h); BL_ENOTFOUND otherwise. */
enum bl_err bl_app_sac_personal_link(struct bl_app *app, const char *link_token,
                                     struct bl_app_hsession *out,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The session of a cookie and its holder; BL_EDENIED when unknown, expired or deleted. */
enum bl_err bl_app_sac_session(struct bl_app *app, const char *token, struct bl_arena *arena,
                               struct bl_holder_session *s, struct bl_holder *h,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_app_sac_logout(struct bl_app *app, const char *token,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The award mail's "Ranger dans mon sac" link (backpack_receive.c): base_url
 * + BL_APP_RECEIVE_PATH + "/" + token, the token a signed (award uid, until)
 * in the event-token format under its own key.  Opening it proves the
 * award's email: the award goes into the backpack of that email (made if
 * none) and a session opens.  It serves until the award is in a backpack,
 * for BL_APP_RECEIVE_TTL after the mail is written.
 */
#define BL_APP_RECEIVE_PATH "/sac/recevoir"
#define BL_APP_RECEIVE_TTL  (180 * 86400)

/* The link for aw (in a), or NULL when aw has no email. */
const char *bl_app_receive_url(const struct bl_app *app, struct bl_arena *a,
                               const struct bl_award *aw);

/*
 * Open the link: on BL_OK *award_uid (arena) is in the holder's backpack
 * and out holds the session.  into: the backpack of a young person already
 * signed in, which the award and the address join (out is left empty, the
 * session goes on); 0: the backpack of that address.  BL_ENOTFOUND for a forged link or a deleted
 * award, BL_EINVAL for an expired one, BL_EEXISTS when the award is in a
 * backpack already (sign in instead).  The TTL runs from the mail, not
 * from the award's date, which an import may set in the past.
 */
enum bl_err bl_app_sac_receive(struct bl_app *app, const char *token, int64_t into,
                               struct bl_arena *arena, const char **award_uid,
                               struct bl_app_hsession *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Constant-time check of a submitted CSRF token against the session's. */
bool bl_app_sac_csrf_ok(const struct bl_holder_session *s, const char *submitted);

/* The awards of a holder, newest first. */
enum bl_err bl_app_sac_awards(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                              struct bl_award_brief **rows, size_t *n,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* One award of the backpack with what its page shows. */
struct bl_app_sac_item {
    struct bl_award award;
    struct bl_badgeclass badge;
    struct bl_org org;
    const char *share_token; /* live public page, or NULL */
    bool minor;              /* the holder is under BL_APP_MINOR_AGE and did not allow sharing */
};

/* Award award_uid of holder_id; BL_ENOTFOUND when it is not theirs. */
enum bl_err bl_app_sac_item(struct bl_app *app, int64_t holder_id, const char *award_uid,
                            struct bl_arena *arena, struct bl_app_sac_item *out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Make the public page of an award (on) or withdraw it (off), audited.
 * BL_EDENIED for a minor who did not allow public pages; BL_ENOTFOUND when
 * the award is not theirs.  *token (arena) is the page's token when on.
 */
enum bl_err bl_app_sac_share(struct bl_app *app, int64_t holder_id, const char *award_uid, bool on,
                             struct bl_arena *arena, const char **token,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A minor allows (or no longer allows) public pages; turning it off withdraws them all. */
enum bl_err bl_app_sac_minor_public(struct bl_app *app, int64_t holder_id, bool allow,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The award behind a live public page, with the holder's first name; BL_ENOTFOUND otherwise. */
enum bl_err bl_app_sac_public(struct bl_app *app, const char *token, struct bl_arena *arena,
                              struct bl_app_sac_item *out, const char **first_name,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Everything of a holder as a ZIP (backpack_account.c): account.json (the
 * identifiers, awards, public pages), and for each award under
 * badges/{uid}/ its baked image, OB 3.0 credential (JSON and JWT) and
 * OB 2.0 assertion.  *zip is in the arena.
 */
enum bl_err bl_app_sac_export(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                              const unsigned char **zip, size_t *len,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Delete a holder's account in one transaction: identifiers, sessions,
 * codes and share pages go; the first name and birth year are blanked;
 * the awards stay for the issuers' records, detached from the holder,
 * with the recipient's name, email and phone blanked (the signed
 * credentials keep only the salted hash of the email, which nobody can
 * read back).  Audited "holder.delete"; *awards counts the awards blanked.
 */
enum bl_err bl_app_sac_delete(struct bl_app *app, int64_t holder_id, size_t *awards,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- badges from elsewhere (backpack_import.c) ---- */

#define BL_APP_IMPORT_MAX      (2u << 20) /* bytes of an imported badge (image, JSON, JWT) */
#define BL_APP_IMPORT_FETCH_MS 10000      /* per fetch while verifying */

/* How the verifier may reach the network (the server's verifier settings). */
struct bl_app_import_opts {
    bool allow_http;    /* plain http:// URLs (tests) */
    bool allow_private; /* loopback and private addresses (tests) */
};

/*
 * Import a badge (source "file": an image; "text": a URL, JSON or JWT):
 * verified now with core/verify.h (fetching what it needs), then stored
 * with the verdict, achievement, issuer and report, whatever the verdict.
 * *id is set.  BL_EINVAL empty, BL_ETOOBIG over BL_APP_IMPORT_MAX.
 */
enum bl_err bl_app_sac_import(struct bl_app *app, int64_t holder_id, const char *source,
                              const unsigned char *p, size_t n, const struct bl_app_import_opts *o,
                              int64_t *id, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The imports of a holder, newest first (no payloads). */
enum bl_err bl_app_sac_imports(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                               struct bl_holder_import **rows, size_t *n,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Verify import id of holder_id again and store the new verdict; BL_ENOTFOUND when not theirs. */
enum bl_err bl_app_sac_reverify(struct bl_app *app, int64_t holder_id, int64_t id,
                                const struct bl_app_import_opts *o,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- the optional password (backpack_password.c) ---- */

#define BL_APP_SAC_PW_LOCK_TRIES 10        /* wrong passwords that lock the password path */
#define BL_APP_SAC_PW_LOCK       (15 * 60) /* seconds the password path stays locked */
#define BL_APP_SAC_PW_WINDOW     (15 * 60) /* seconds: rate-limit window */
#define BL_APP_SAC_PW_ID_MAX     30        /* password sign-ins per window and identifier */
#define BL_APP_SAC_PW_CLIENT_MAX 30        /* wrong passwords per window and address */

/* Whether holder_id has a password (*set). */
enum bl_err bl_app_sac_password_is_set(struct bl_app *app, int64_t holder_id, bool *set,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Set (no password yet) or change the password of holder_id.  Changing
 * needs the current one (BL_EDENIED "current password is wrong").  The new
 * one follows the staff rule (bl_app_password_hash: BL_EINVAL too short,
 * BL_ETOOBIG too long) and must not be the holder's first name, email or
 * phone (BL_EINVAL "password: ...").  Stored as Argon2id; audited
 * "holder.password.set" or "holder.password.change".
 */
enum bl_err bl_app_sac_password_set(struct bl_app *app, int64_t holder_id, const char *current,
                                    const char *password, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Remove the password (back to codes only); needs the current one, so a
 * stolen session cannot swap it.  BL_ENOTFOUND when there is none;
 * audited "holder.password.remove".
 */
enum bl_err bl_app_sac_password_remove(struct bl_app *app, int64_t holder_id, const char *current,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Forgotten password: with a code sent by bl_app_sac_ident_request to id,
 * a proven identifier of holder_id, the password is removed (the holder
 * may then choose a new one).  BL_EDENIED for a wrong or expired code or an
 * identifier that is not theirs and proven; BL_ELIMIT as
 * bl_app_sac_ident_verify.  Audited "holder.password.remove" {"by":"code"}.
 */
enum bl_err bl_app_sac_password_forget(struct bl_app *app, int64_t holder_id,
                                       const struct bl_app_ident *id, const char *code,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Sign in with a proven identifier and its backpack's password: the same
 * session as a code.  Every failure (unknown identifier, no password,
 * wrong password) is BL_EDENIED "identifier or password is wrong" after an
 * Argon2id check of the same cost.  BL_ELIMIT for BL_APP_SAC_PW_LOCK
 * seconds after the BL_APP_SAC_PW_LOCK_TRIES-th wrong password of the
 * identifier (counted over this window and the last), after too many tries
 * on it, or too many failures from the address.  The code path is never
 * locked by this.
 */
enum bl_err bl_app_sac_password_signin(struct bl_app *app, const struct bl_app_ident *id,
                                       const char *password, const char *client,
                                       struct bl_app_hsession *out,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- shared with collection.c ---- */

/* The holder is under BL_APP_MINOR_AGE and did not allow public pages. */
bool bl_app__sac_minor(const struct bl_app *app, const struct bl_holder_rec *h);
/* Award award_id with its badge class and organisation (tx arena); share_token, minor untouched. */
enum bl_err bl_app__sac_item_load(struct bl_tx *tx, int64_t award_id, struct bl_app_sac_item *o,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The holder changes their first name (required, at most
 * BL_APP_HOLDER_NAME_MAX bytes) and birth year (0: not said; else
 * BL_APP_BIRTH_YEAR_MIN to this year minus BL_APP_BIRTH_AGE_MIN).  Saying a
 * year that makes them a minor, without having allowed public pages,
 * withdraws those pages at once (badges and collections), as the minor rule
 * asks.  BL_EINVAL "first_name: ..." or "birth_year: ...".  Audited
 * "holder.profile".
 */
#define BL_APP_BIRTH_YEAR_MIN 1900
#define BL_APP_BIRTH_AGE_MIN  10
enum bl_err bl_app_sac_profile(struct bl_app *app, int64_t holder_id, const char *first_name,
                               int64_t birth_year, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The year in Paris at unix time t, for the minor rule. */
int64_t bl_app_year_of(int64_t t);

#endif
