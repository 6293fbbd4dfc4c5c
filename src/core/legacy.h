/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * legacy.h: reading Open Badges 0.5 / 1.0 / 1.1 assertions, "upgraded for
 * reading" (docs/open-badges.md §3.2 step 4, §3.3, §12.1): where the
 * assertion says it is verified (1.x `verify` {type, url}, 1.1 `id` with a
 * hosted `verification`), who received it, which badge, and its dates
 * normalised to RFC 3339 UTC (1.x allows YYYY-MM-DD and Unix seconds).
 * Verification itself is verify.c's; see docs/internals/verify.md.
 */
#ifndef BL_LEGACY_H
#define BL_LEGACY_H
#include <stdbool.h>

#include <jansson.h>

#include "badge.h"
#include "err.h"
#include "ob2.h"
#include "obdate.h"

enum bl_legacy_how {
    BL_LEGACY_NONE = 0, /* nothing says where to verify it (0.5) */
    BL_LEGACY_HOSTED,   /* url is the hosted assertion */
    BL_LEGACY_SIGNED,   /* url is the issuer's public key (1.0 signed) */
};

/* What a legacy assertion says.  Pointers are borrowed from the document. */
struct bl_legacy {
    enum bl_legacy_how how;
    const char *url;       /* hosted assertion or public key URL, NULL when none */
    const char *recipient; /* identity: plain or alg$hash, NULL when missing */
    const char *salt;      /* NULL when none */
    bool hashed;
    const char *badge;           /* the BadgeClass URL (1.x) or the embedded badge's name (0.5) */
    char issued[BL_OBDATE_LEN];  /* "" when missing or unreadable */
    char expires[BL_OBDATE_LEN]; /* "" when none */
};

/*
 * Read doc as an assertion of version ver (BL_OB05, BL_OB10 or BL_OB11) into
 * *out.  Every problem goes to r (nullable) with its path, as the OB 2.0 and
 * 3.0 validators do: missing or mistyped members are errors, a 1.0
 * recipient without `type` a warning (email is assumed).  BL_OK when no
 * error was found, BL_EINVAL otherwise (*out is filled as far as possible
 * either way); BL_EINVAL also for a ver that is not a legacy one.
 */
enum bl_err bl_legacy_read(const json_t *doc, enum bl_obver ver, struct bl_legacy *out,
                           struct bl_ob_report *r, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
