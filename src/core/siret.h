/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * siret.h: French establishment numbers (SIRET) as people type them.
 *
 * A SIRET is 14 digits: the company's SIREN (9 digits, its own Luhn key)
 * followed by a 5-digit establishment number, and the 14 digits together
 * pass the Luhn check.  The one documented exception is La Poste (SIREN
 * 356 000 000), whose thousands of establishments cannot all satisfy Luhn:
 * for it the sum of the 14 digits must be a multiple of 5 instead.
 * Spaces, dots, dashes and the no-break spaces of French formatting
 * (U+00A0, U+202F) between digits are ignored.  Design: docs/internals/network.md.
 */
#ifndef BL_SIRET_H
#define BL_SIRET_H

#include <stddef.h>

#include "err.h"

#define BL_SIRET_LEN 14u
#define BL_SIREN_LEN 9u
/* Longest text read (digits and separators); longer input is a length fault. */
#define BL_SIRET_INPUT_MAX 64u
/* The SIREN of La Poste, checked by its own rule. */
#define BL_SIREN_LA_POSTE "356000000"

/* Why a number was refused, so the pages can say it in French next to the field. */
enum bl_siret_fault {
    BL_SIRET_FAULT_NONE = 0,
    BL_SIRET_FAULT_EMPTY,    /* nothing but separators */
    BL_SIRET_FAULT_CHAR,     /* a character that is neither a digit nor a separator */
    BL_SIRET_FAULT_LENGTH,   /* not 14 digits */
    BL_SIRET_FAULT_SIREN,    /* the first 9 digits fail the SIREN's Luhn key */
    BL_SIRET_FAULT_CHECKSUM, /* the 14 digits fail Luhn (or La Poste's rule) */
};

/*
 * Read a SIRET from p[0..n) (not NUL-terminated).  On success out holds
 * the 14 digits and a NUL.  BL_EINVAL otherwise, with *fault saying why
 * (fault may be NULL) and ei naming it.
 */
enum bl_err bl_siret_parse(const char *p, size_t n, char out[BL_SIRET_LEN + 1],
                           enum bl_siret_fault *fault, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Luhn check of n ASCII digits (no other character allowed): 1 when it holds. */
int bl_luhn_ok(const char *digits, size_t n);

#endif
