/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * ob2.h: Open Badges 2.0 documents (docs/open-badges.md §2): builders for
 * the Profile (Issuer), BadgeClass, Assertion, CryptographicKey and
 * RevocationList, and validators that check every required member, its
 * JSON type and its format and collect every problem in a report.  This
 * header also holds what the OB 3.0 module shares with it: the problem
 * report and the issuer/badge "definition" files (the input of
 * `blason issue`).  No signing here: a SignedBadge's JWS is made by jws.c
 * over the Assertion built here.
 *
 * Ownership: builders hand out new jansson references (json_decref);
 * input structs and json_t arguments are only read (strings are copied).
 * A parsed definition borrows its strings from the json_t it was parsed
 * from.  See docs/internals/ob-documents.md.
 */
#ifndef BL_OB2_H
#define BL_OB2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "limits.h"

#define BL_OB2_CONTEXT "https://w3id.org/openbadges/v2"

/* ---- Problem report (shared with ob3.h) ---- */

enum bl_ob_sev { BL_OB_ERROR, BL_OB_WARNING };

enum bl_ob_code {
    BL_OB_MISSING,       /* a required member is absent */
    BL_OB_TYPE,          /* the member has the wrong JSON type */
    BL_OB_VALUE,         /* wrong value: class `type`, enumeration, unknown key */
    BL_OB_FORMAT,        /* not an IRI, date-time, IdentityHash, email, ... */
    BL_OB_CONTEXT,       /* @context missing or wrong */
    BL_OB_EXPIRED,       /* expires / validUntil is before now */
    BL_OB_NOT_YET_VALID, /* issuedOn / validFrom is after now */
    BL_OB_REVOKED,       /* the document says it is revoked */
    BL_OB_OUTDATED,      /* warning: an older data model or context */
};

/* One problem: where (a path such as "credentialSubject.identifier[0].type") and what. */
struct bl_ob_problem {
    enum bl_ob_sev sev;
    enum bl_ob_code code;
    char path[160];
    char msg[200];
};

/* Every problem found, in document order.  Zero-initialise or bl_ob_report_init. */
struct bl_ob_report {
    struct bl_ob_problem *v;
    size_t n, cap;
    size_t errors, warnings;
    size_t dropped; /* problems past BL_OB_REPORT_MAX, counted only */
};

void bl_ob_report_init(struct bl_ob_report *r);
/* Free the problems and return to the empty state. */
void bl_ob_report_free(struct bl_ob_report *r);
/* Record a problem (r may be NULL: nothing recorded).  Path and message are truncated to fit. */
void bl_ob_report_add(struct bl_ob_report *r, enum bl_ob_sev sev, enum bl_ob_code code,
                      const char *path, const char *fmt, ...) BL_PRINTF(5, 6);
/* The first problem at exactly path with code, or NULL.  Borrowed from r. */
const struct bl_ob_problem *bl_ob_report_find(const struct bl_ob_report *r, const char *path,
                                              enum bl_ob_code code);
/* Stable word for a code ("missing", "expired", ...). */
const char *bl_ob_code_name(enum bl_ob_code c);
/* Append one line per problem, "error missing issuer: ...\n", to out.  BL_ETOOBIG over its cap. */
enum bl_err bl_ob_report_dump(const struct bl_ob_report *r, struct bl_buf *out,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- Shared syntax checks ---- */

/* An absolute IRI: a scheme (ALPHA *(ALPHA / DIGIT / + - .)), ':', then at least one
 * character, no white space or control characters.  Data URIs pass. */
bool bl_ob_is_iri(const char *s);
/* An http: or https: IRI with a host. */
bool bl_ob_is_http_iri(const char *s);
/* An image data URI: "data:image/...;base64,..." or "data:image/...,...". */
bool bl_ob_is_data_uri(const char *s);
/* "urn:uuid:" and a canonical 8-4-4-4-12 hex UUID. */
bool bl_ob_is_urn_uuid(const char *s);

/* ---- Definition files (input of `blason issue`), shared with ob3.h ---- */

struct bl_ob_alignment {
    const char *target_name, *target_url; /* required */
    const char *target_description, *target_framework, *target_code;
    const char *target_type; /* OB 3.0 only (ceasn:Competency, CFItem, ext:..., ...) */
};

struct bl_ob_evidence {
    const char *id, *narrative, *name, *description, *genre, *audience; /* each may be NULL */
};

/* An issuer definition file; strings borrowed from the parsed json_t. */
struct bl_ob_issuer_def {
    const char *id, *name, *url, *email; /* required */
    const char *description, *image;     /* optional */
};

enum bl_ob_validity { BL_OB_VALID_FOREVER, BL_OB_VALID_UNTIL, BL_OB_VALID_MONTHS };

/* A badge definition file; strings and arrays borrowed from the parsed json_t. */
struct bl_ob_badge_def {
    const char *id, *name, *description;           /* required */
    const char *criteria_narrative, *criteria_url; /* at least one */
    const char *image;                             /* required: an image URL */
    const char *achievement_type;                  /* OB 3.0 achievementType, optional */
    struct bl_ob_alignment *alignment;             /* n_alignment entries, owned by the def */
    size_t n_alignment;
    const char **tags; /* n_tags entries, owned by the def */
    size_t n_tags;
    enum bl_ob_validity validity;
    int64_t until;  /* BL_OB_VALID_UNTIL: UTC seconds */
    int32_t months; /* BL_OB_VALID_MONTHS: 1..1200 */
};

/*
 * Parse an issuer definition (an object with the keys id, name, url, email,
 * description, image; nothing else).  Every problem goes to r (path = the
 * key); BL_EINVAL when there was at least one, with a summary in ei.
 */
enum bl_err bl_ob_issuer_def_parse(const json_t *j, struct bl_ob_issuer_def *out,
                                   struct bl_ob_report *r, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Parse a badge definition (keys id, name, description, criteria
 * {narrative, url}, image, alignments [{targetName, targetUrl,
 * targetDescription, targetFramework, targetCode, targetType}], tags [],
 * achievementType, validity "none" | {"until": date-time} | {"months": N}).
 * As bl_ob_issuer_def_parse.  On BL_OK release the arrays with
 * bl_ob_badge_def_free (also safe after an error).
 */
enum bl_err bl_ob_badge_def_parse(const json_t *j, struct bl_ob_badge_def *out,
                                  struct bl_ob_report *r, struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_ob_badge_def_free(struct bl_ob_badge_def *d);

/*
 * The end of validity of a badge awarded at now: *has is false for
 * BL_OB_VALID_FOREVER.  BL_EINVAL when an "until" date is not after now.
 */
enum bl_err bl_ob_badge_def_expiry(const struct bl_ob_badge_def *d, int64_t now, bool *has,
                                   int64_t *until, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- OB 2.0 builders ---- */

/* Profile used as an issuer; public_key and revocation_list may be NULL. */
struct bl_ob2_issuer {
    const char *id, *name, *url, *email; /* required */
    const char *description, *image, *telephone;
    const char *public_key, *revocation_list;
};

struct bl_ob2_badgeclass {
    const char *id, *name, *description, *image;  /* required; image may be a data: URI */
    const char *criteria_id, *criteria_narrative; /* at least one */
    const char *issuer;                           /* required: the Profile's IRI */
    const struct bl_ob_alignment *alignment;
    size_t n_alignment;
    const char *const *tags;
    size_t n_tags;
};

struct bl_ob2_assertion {
    const char *id;           /* required: hosted URL, or urn:uuid: when signed */
    const char *email, *salt; /* the recipient's email is hashed with salt */
    /* Instead of email, one of (hashed with salt too): an E.164 phone number, a URL. */
    const char *telephone, *url;
    const char *badge;   /* required: the BadgeClass IRI */
    const char *creator; /* NULL: hosted verification; else SignedBadge with this key IRI */
    int64_t issued_on;
    bool has_expires;
    int64_t expires;
    const char *image;     /* optional; data: URIs are refused on an Assertion */
    const char *narrative; /* optional */
    const struct bl_ob_evidence *evidence;
    size_t n_evidence;
};

struct bl_ob2_revoked {
    const char *id;     /* the revoked Assertion's id */
    const char *reason; /* may be NULL */
};

/* Each builder checks its input (required members, IRIs, dates) and fails with
 * BL_EINVAL naming the member; on BL_OK *out is a new reference. */
enum bl_err bl_ob2_issuer_build(const struct bl_ob2_issuer *in, json_t **out,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_ob2_badgeclass_build(const struct bl_ob2_badgeclass *in, json_t **out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_ob2_assertion_build(const struct bl_ob2_assertion *in, json_t **out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* {"@context","type":"CryptographicKey","id","owner","publicKeyPem"}. */
enum bl_err bl_ob2_key_build(const char *id, const char *owner, const char *pem, json_t **out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;
/* {"@context","type":"RevocationList","id","issuer","revokedAssertions":[{id, revocationReason}]}.
 */
enum bl_err bl_ob2_revocation_list_build(const char *id, const char *issuer,
                                         const struct bl_ob2_revoked *v, size_t n, json_t **out,
                                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The hosted OB 2.0 triple for one award, from the definition files:
 * *assertion (badge = the badge definition's id), *badgeclass and *issuer
 * (each may be NULL when not wanted).  creator NULL gives hosted
 * verification, otherwise SignedBadge with that key IRI (also written as
 * the issuer's publicKey).  issuedOn = now; expires from the badge's
 * validity.  Definition problems go to r.  New references on BL_OK.
 */
enum bl_err bl_ob2_assertion_from_defs(const json_t *issuer_def, const json_t *badge_def,
                                       const char *email, const char *salt,
                                       const char *assertion_id, int64_t now, const char *creator,
                                       json_t **assertion, json_t **badgeclass, json_t **issuer,
                                       struct bl_ob_report *r,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- OB 2.0 validators ---- */

/*
 * Check a top-level document (with its @context) and add every problem to
 * r (nullable).  Embedded BadgeClass/Profile objects are checked too (they
 * need no @context); IRIs to other documents are only checked for form.
 * Dates are compared with now (UTC seconds): issuedOn after now is
 * BL_OB_NOT_YET_VALID, expires before now BL_OB_EXPIRED.  Returns BL_OK when
 * no error was found (warnings allowed), BL_EINVAL otherwise, with the count
 * and the first error in ei.
 */
enum bl_err bl_ob2_validate_assertion(const json_t *doc, int64_t now, struct bl_ob_report *r,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_ob2_validate_badgeclass(const json_t *doc, int64_t now, struct bl_ob_report *r,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_ob2_validate_issuer(const json_t *doc, int64_t now, struct bl_ob_report *r,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Internal, shared with ob3.c (h2o's double-underscore convention): the
 * walking state of a validator and its reporting getters.  path is the
 * member being looked at; push/pop append ".key" or "[i]" and restore.
 */
struct bl_ob__ctx {
    struct bl_ob_report *r;
    int64_t now;
    char path[160];
    size_t len;
};
size_t bl_ob__push(struct bl_ob__ctx *c, const char *key);
size_t bl_ob__push_index(struct bl_ob__ctx *c, size_t i);
void bl_ob__pop(struct bl_ob__ctx *c, size_t len);
/* A problem at path + "." + key (key NULL: at path). */
void bl_ob__add(struct bl_ob__ctx *c, enum bl_ob_sev sev, enum bl_ob_code code, const char *key,
                const char *fmt, ...) BL_PRINTF(5, 6);
/* Member key of obj; reports BL_OB_MISSING when required and absent. */
const json_t *bl_ob__get(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required);
/* A string member; reports missing (when required) and wrong type; NULL then. */
const char *bl_ob__str(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required);
/* A string member that must be an IRI (data: URIs allowed only with data_ok). */
const char *bl_ob__iri(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required,
                       bool data_ok);
/* A date-time member (tz required when need_tz) into *t; false when absent or bad. */
bool bl_ob__date(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required,
                 bool need_tz, int64_t *t);
/* `type` as a string or an array of strings holding one of names (NULL-terminated). */
void bl_ob__type(struct bl_ob__ctx *c, const json_t *obj, const char *const *names, bool required);
/* Report a problem for each of keys[] (NULL-terminated) present but not a non-empty string. */
void bl_ob__check_strings(struct bl_ob__ctx *c, const json_t *obj, const char *const *keys);
/* Builders' input checks: v present, non-empty, UTF-8 (need); an IRI when present or required
 * (need_iri). */
enum bl_err bl_ob__need(const char *v, const char *what, struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_ob__need_iri(const char *v, bool required, const char *what,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;
/* o[key] = v when v is not NULL. */
void bl_ob__set_str(json_t *o, const char *key, const char *v);
/*
 * Both definition files for the from_defs builders, problems reported with
 * the paths prefixed "issuer_def." and "badge_def." so a user can tell the
 * files apart.  On BL_OK free *bdef with bl_ob_badge_def_free.
 */
enum bl_err bl_ob__parse_defs(const json_t *issuer_def, const json_t *badge_def,
                              struct bl_ob_issuer_def *idef, struct bl_ob_badge_def *bdef,
                              struct bl_ob_report *r, struct bl_errinfo *ei);
/* The summary return of a validator: BL_OK when r has no more errors than before. */
enum bl_err bl_ob__result(const struct bl_ob_report *r, size_t before, const char *what,
                          struct bl_errinfo *ei);

#endif
