/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * gsm7.h: fitting a text message to the GSM 7-bit default alphabet
 * (3GPP TS 23.038, "GSM 03.38") and counting the SMS segments it takes.
 *
 * A text that holds one character outside that alphabet travels as UCS-2:
 * 70 characters in one SMS instead of 160, so a French sentence with
 * typographic quotes or a non-breaking space costs three or four messages
 * on a young person's prepaid phone.  bl_gsm7_fit replaces the typographic
 * characters by their plain equivalents, and the accented letters that
 * GSM-7 lacks by the closest one it has, when that makes the whole text
 * GSM-7; otherwise the text is left as it is (it goes as UCS-2 anyway, and
 * UCS-2 carries it faithfully).  Texts are UTF-8 before and after: the
 * gateway does the 7-bit packing.  docs/internals/sms.md.
 */
#ifndef BL_GSM7_H
#define BL_GSM7_H

#include <stdbool.h>
#include <stddef.h>

/* Septets in one SMS alone, and in each part of a concatenated one (the UDH takes 7). */
#define BL_GSM7_SINGLE 160u
#define BL_GSM7_PART   153u
/* UCS-2 code units in one SMS alone, and in each part of a concatenated one. */
#define BL_UCS2_SINGLE 70u
#define BL_UCS2_PART   67u

/* What a text costs as SMS. */
struct bl_gsm7_cost {
    bool gsm7;       /* every character is in the GSM-7 basic or extension table */
    size_t units;    /* septets (extension characters count 2) or UTF-16 code units */
    size_t segments; /* SMS sent: 1 for a text that fits one (the empty text too) */
};

/*
 * The cost of the UTF-8 text s[0..n): GSM-7 when every character is in
 * the basic table or the extension table, UCS-2 otherwise (a byte that is
 * not valid UTF-8 counts as one UCS-2 unit).  Parts are filled as a phone
 * does: an escape pair or a surrogate pair is never split between two.
 */
void bl_gsm7_cost(const char *s, size_t n, struct bl_gsm7_cost *out);

/*
 * Write to out the text s[0..n) made GSM-7 when the table of replacements
 * can do it (« » to ", ’ to ', … to ..., no-break spaces to a space, œ to
 * oe, ê to e, ç to Ç...), else s unchanged.  out has room for n + 1 bytes
 * (a replacement is never longer than what it replaces) and is
 * NUL-terminated; *outlen is its length.  Returns whether out is GSM-7.
 * Pure: same input, same output; fitting a fitted text changes nothing.
 */
bool bl_gsm7_fit(const char *s, size_t n, char *out, size_t *outlen);

#endif
