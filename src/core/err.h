/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * err.h: the one status enum of Blason, and the detail that travels with it.
 *
 * Every fallible function returns enum bl_err (BL_OK == 0).  A function that
 * can say more than the code (which chunk, which offset, which element) fills
 * an optional struct bl_errinfo with a one-line English detail.  The code's
 * name (bl_err_name) is stable: it is what the API and scripts match on.
 */
#ifndef BL_ERR_H
#define BL_ERR_H

#include <stddef.h>

#define BL_WARN_UNUSED  __attribute__((warn_unused_result))
#define BL_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Keep in the same order as the table in err.c. */
enum bl_err {
    BL_OK = 0,
    BL_ENOMEM,       /* out of memory (only from code that may not abort) */
    BL_EINVAL,       /* invalid argument or malformed input */
    BL_ETOOBIG,      /* input over a configured limit */
    BL_ENOTFOUND,    /* the thing looked for is not there (e.g. no badge) */
    BL_EIO,          /* file or stream error (outside src/core only) */
    BL_EFORMAT,      /* not a PNG nor an SVG */
    BL_EPNG,         /* PNG structure broken */
    BL_EPNG_CRC,     /* PNG chunk CRC mismatch */
    BL_ESVG,         /* SVG is not well-formed XML or not an SVG */
    BL_ESVG_UNSAFE,  /* SVG with a DOCTYPE, entity or other refused construct */
    BL_EDUPLICATE,   /* two badges where one is allowed */
    BL_EUTF8,        /* text is not valid UTF-8 */
    BL_EPAYLOAD,     /* payload is neither URL, JWS nor JSON */
    BL_EJSON,        /* JSON syntax error or over the depth limit */
    BL_ECRYPTO,      /* a cryptographic primitive failed */
    BL_EUNSUPPORTED, /* understood but not supported */
    BL_EBADSIG,      /* a signature or proof does not verify */
    BL_EEXISTS,      /* a unique value is already taken (store) */
    BL_ERETRY,       /* transient conflict: busy database, serialization failure */
    BL_EDB,          /* the database failed or is unreachable */
    BL_EDENIED,      /* not allowed: authentication or authorisation failed */
    BL_ELIMIT,       /* too many attempts: rate limited */
    BL_EUNAUTH,      /* nobody is authenticated: no credentials, or unknown/ended ones */
    BL_ESTALE,       /* the change is based on a version that is no longer the current one */
    BL_ERR_COUNT
};

/* The detail of the last error: code plus a one-line message. */
struct bl_errinfo {
    enum bl_err code;
    char msg[256];
};

/* A short English sentence for the code ("PNG chunk CRC mismatch"). */
const char *bl_strerror(enum bl_err e);

/* The stable identifier of the code ("png_crc"), for APIs and scripts. */
const char *bl_err_name(enum bl_err e);

/*
 * Record code and a printf-style detail in ei (which may be NULL) and return
 * the code, so a failing path reads `return bl_fail(ei, BL_EPNG, "...")`.
 */
enum bl_err bl_fail(struct bl_errinfo *ei, enum bl_err code, const char *fmt, ...) BL_PRINTF(3, 4);

/* Clear ei (may be NULL). */
void bl_errinfo_clear(struct bl_errinfo *ei);

#endif
