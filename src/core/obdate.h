/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * obdate.h: the date-times of Open Badges.  OB 2.0 `issuedOn`/`expires` and
 * OB 3.0 `validFrom`/`validUntil` are RFC 3339 / ISO 8601 date-times that
 * must carry a timezone; OB 3.0 `activityStartDate` and friends may omit
 * it.  Times are seconds since 1970-01-01T00:00:00Z in an int64_t, so no
 * clock and no libc time zone is involved: callers pass `now` in.  See
 * docs/internals/ob-documents.md.
 */
#ifndef BL_OBDATE_H
#define BL_OBDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

/* Room for "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define BL_OBDATE_LEN 21

/*
 * Parse the date-time s into *out (UTC seconds).  Accepted:
 * YYYY-MM-DD, 'T' (or 't' or one space), hh:mm:ss, an optional fraction
 * (ignored: OB times are whole seconds), then 'Z'/'z', "+hh:mm", "+hhmm" or
 * "+hh" (or '-'), or nothing.  *has_tz (may be NULL) tells whether a zone
 * was given; without one the time is read as UTC.  Second 60 (a leap
 * second) is read as 59.  Years 0001..9999.  BL_EINVAL with the reason.
 */
enum bl_err bl_obdate_parse(const char *s, int64_t *out, bool *has_tz,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Like bl_obdate_parse, but a missing timezone is an error: the DateTimeZ
 * of OB 3.0 and the DateTime of OB 2.0.
 */
enum bl_err bl_obdate_parse_tz(const char *s, int64_t *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Write t as "YYYY-MM-DDTHH:MM:SSZ" into out (BL_OBDATE_LEN bytes, NUL
 * terminated).  BL_EINVAL when t is outside years 0001..9999.
 */
enum bl_err bl_obdate_format(int64_t t, char out[BL_OBDATE_LEN],
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * *out = t plus months calendar months (months may be negative), keeping
 * the time of day; a day past the end of the target month is clamped to
 * its last day (Jan 31 + 1 month = Feb 28/29).  BL_EINVAL out of range.
 */
enum bl_err bl_obdate_add_months(int64_t t, int32_t months, int64_t *out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
