/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * paris.h: the legal time of Paris (Europe/Paris), computed, not read from
 * the system's time-zone files, so pages show the same dates on every
 * machine and src/core stays free of I/O.
 *
 * France follows the European Union rule (in force since 1996): UTC+1,
 * and UTC+2 from the last Sunday of March at 01:00 UTC to the last Sunday
 * of October at 01:00 UTC.  Dates before 1996 are shown with the same rule,
 * which is at most one hour off for a few weeks of those years.
 */
#ifndef BL_PARIS_H
#define BL_PARIS_H

#include <stdint.h>

/* Seconds to add to UTC time t for Paris time: 3600 or 7200. */
int64_t bl_paris_offset(int64_t t);

/* t (UTC seconds) as Paris wall-clock seconds (for formatting only). */
int64_t bl_paris_local(int64_t t);

/*
 * Paris wall-clock seconds (as bl_paris_local gives them) back to UTC.  In
 * the hour skipped in March or repeated in October, the offset in force an
 * hour earlier is taken.
 */
int64_t bl_paris_utc(int64_t local);

/* The day number (days since 1970-01-01) of t in Paris. */
int64_t bl_paris_day(int64_t t);

#endif
