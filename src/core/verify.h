/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * verify.h: verify any Open Badge (docs/open-badges.md §12): a baked PNG or
 * SVG, an OB 2.0 assertion or OB 3.0 credential as JSON, a compact JWS /
 * VC-JWT, or a URL.  The core does no I/O: every remote document (hosted
 * assertion, BadgeClass, Issuer, CryptographicKey, revocation and status
 * lists, verification methods) comes through a fetch callback that the
 * caller provides, and the clock is opts->now.  The result is a report of
 * every check (ok / warning / error / skipped) with a message in French
 * (default) or English, and a verdict.  See docs/internals/verify.md.
 */
#ifndef BL_VERIFY_H
#define BL_VERIFY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "badge.h"
#include "buf.h"
#include "err.h"
#include "key.h"

/*
 * Fetch url (an http(s) URL) asking for the media types in accept.  On
 * BL_OK the response body is appended to body (whose cap the verifier
 * sets), *http_status is the final HTTP status (200, 404, 410, ...) and
 * final_url (final_url_len bytes, may be left "" when unknown) the URL
 * after redirects.  An HTTP error status is not a failure of the callback:
 * return BL_OK with the status.  Any error return means "could not fetch"
 * (network, refused destination, too big).
 */
typedef enum bl_err (*bl_verify_fetch_fn)(void *cls, const char *url, const char *accept,
                                          struct bl_buf *body, long *http_status, char *final_url,
                                          size_t final_url_len, struct bl_errinfo *ei);

struct bl_jsonld;

struct bl_verify_opts {
    int64_t now;              /* UTC seconds: the verification date */
    const char *recipient;    /* email, URL or phone to check the badge against, or NULL */
    bool offline;             /* true: never call fetch */
    bl_verify_fetch_fn fetch; /* NULL behaves as offline */
    void *fetch_cls;
    const char *lang; /* "fr" (default, also for NULL) or "en" */
    /*
     * OB 2.0 hosted assertion given as JSON whose id answers an HTTP error:
     * false (default) fails the check, true uses the given JSON with a
     * warning as the 1EdTech validator's tests do (fixtures only: a forged
     * assertion with an unreachable id would otherwise pass).
     */
    bool hosted_fallback;
    /*
     * A key the verifier trusts as the issuer's (blason verify --key): a
     * VC-JWT is checked with it, whatever its header says.  Borrowed; NULL:
     * the key comes from the badge (header jwk, kid, verification method).
     */
    const struct bl_key *key;
    /* did:web resolves to http:// instead of https:// (tests against a local server). */
    bool did_web_http;
    /*
     * A JSON-LD processor to reuse (its parsed contexts are the costly part
     * of a Data Integrity check), borrowed: one per thread, since a processor
     * is not shared between threads.  NULL: a new one for this call.
     */
    struct bl_jsonld *ld;
};

enum bl_verify_verdict {
    BL_VERIFY_VALID = 0,
    BL_VERIFY_VALID_WITH_WARNINGS,
    BL_VERIFY_INVALID,
    BL_VERIFY_REVOKED,
    BL_VERIFY_EXPIRED,
    BL_VERIFY_NOT_YET_VALID,
    BL_VERIFY_ERROR, /* could not verify: network needed, unsupported */
};

enum bl_verify_proof {
    BL_VPROOF_NONE = 0,
    BL_VPROOF_HOSTED,  /* OB 2.0 hosted verification */
    BL_VPROOF_OB2_JWS, /* OB 2.0 SignedBadge (RS256 JWS) */
    BL_VPROOF_VC_JWT,  /* OB 3.0 VC-JWT */
    BL_VPROOF_DI,      /* OB 3.0 Data Integrity */
};

enum bl_check_status { BL_CHECK_OK = 0, BL_CHECK_WARNING, BL_CHECK_ERROR, BL_CHECK_SKIPPED };

struct bl_verify_check {
    char id[48]; /* stable code, e.g. "proof.signature" */
    enum bl_check_status status;
    bool unverifiable; /* an error that means "could not verify", not "invalid" */
    char *message;     /* in the report's language, owned */
    char *detail;      /* technical detail in English, owned, may be "" */
};

struct bl_verify_report {
    enum bl_verify_verdict verdict;
    enum bl_obver version;
    enum bl_verify_proof proof;
    bool en; /* messages are in English */
    /* Summary, each owned and NULL when unknown. */
    char *issuer_id, *issuer_name, *recipient, *achievement;
    char *issued, *expires; /* "YYYY-MM-DDTHH:MM:SSZ" as in the badge */
    struct bl_verify_check *checks;
    size_t n, cap;
};

/*
 * Verify the badge in p[0..n) (image, JSON, JWS or URL) and fill *rep
 * (zeroed here; free with bl_verify_report_free, also after an error).
 * Problems of the badge are checks in the report, not errors: BL_OK means
 * the report is complete and rep->verdict says what was found.  Errors
 * are for the caller's mistakes (NULL arguments: BL_EINVAL).
 */
enum bl_err bl_verify_bytes(const unsigned char *p, size_t n, const struct bl_verify_opts *opts,
                            struct bl_verify_report *rep, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Free what the report owns and zero it.  NULL is fine. */
void bl_verify_report_free(struct bl_verify_report *rep);

/* The first check with status error, or NULL.  Borrowed from rep. */
const struct bl_verify_check *bl_verify_first_error(const struct bl_verify_report *rep);

/* Stable name of a verdict ("valid", "valid_with_warnings", "invalid", "revoked", "expired",
 * "not_yet_valid", "error"). */
const char *bl_verify_verdict_name(enum bl_verify_verdict v);

/* A sentence for the verdict in the report's language. */
const char *bl_verify_verdict_text(enum bl_verify_verdict v, bool en);

/* "ok", "warning", "error", "skipped". */
const char *bl_check_status_name(enum bl_check_status s);

/* "none", "hosted", "ob2-jws", "vc-jwt", "data-integrity". */
const char *bl_verify_proof_name(enum bl_verify_proof p);

/*
 * The report as a new JSON object in *out (caller decrefs): verdict,
 * version, proof, issuer {id, name}, recipient, achievement, issued,
 * expires, checks [{id, status, message, detail}].
 */
enum bl_err bl_verify_report_json(const struct bl_verify_report *rep, json_t **out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Process exit code for a verdict: 0 valid (with or without warnings), 1 invalid, revoked,
 * expired or not yet valid, 2 could not verify. */
int bl_verify_exit_code(enum bl_verify_verdict v);

#endif
