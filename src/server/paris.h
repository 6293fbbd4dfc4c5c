/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * paris.h: the forms' date fields, read and written in Paris wall-clock
 * time (the rule itself is core/paris.h).
 */
#ifndef BL_SERVER_PARIS_H
#define BL_SERVER_PARIS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

/* Paris local time <-> UTC seconds ("YYYY-MM-DDTHH:MM", as <input type="datetime-local">). */
bool bl_paris_parse(const char *s, int64_t *out);
const char *bl_paris_format(struct bl_arena *a, int64_t t, bool human);

/* "YYYY-MM-DD" (an <input type="date">) to the last second of that day in Paris; false when
 * malformed. */
bool bl_paris_day_end(const char *s, int64_t *out);

#endif
