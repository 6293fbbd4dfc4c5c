/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * gsm7.c: the GSM 7-bit default alphabet of 3GPP TS 23.038 (formerly
 * GSM 03.38), fitting a UTF-8 text to it and counting SMS segments (gsm7.h).
 *
 * The facts used, from TS 23.038 §6.2.1 (basic table) and §6.2.1.1
 * (extension table), and TS 23.040 §9.2.3.24.1 (concatenation):
 *  - the basic table holds 128 characters, one septet each: printable
 *    ASCII but ` [ \ ] ^ { | } ~, plus LF and CR, and
 *    @ £ $ ¥ è é ù ì ò Ç Ø ø Å å Δ _ Φ Γ Λ Ω Π Ψ Σ Θ Ξ Æ æ ß É ¤ ¡ Ä Ö Ñ Ü § ¿ ä ö ñ ü à;
 *    there is no ê â î ô û ë ï nor lowercase ç (0x09 is the capital Ç);
 *  - the extension table is reached by ESC (0x1B), so each of its
 *    characters takes two septets: form feed ^ { } \ [ ~ ] | €;
 *  - one SMS carries 140 octets: 160 septets, or 70 UCS-2 units; a part of
 *    a concatenated message loses 6 octets to the user data header: 153
 *    septets, or 67 units.  An ESC pair or a UTF-16 surrogate pair is not
 *    split between two parts.
 */
#include "core/gsm7.h"

#include <stdint.h>
#include <string.h>

#include "core/utf8.h"

/* A character outside GSM-7 and what stands for it ("" drops it). */
struct repl {
    uint32_t cp;
    const char *to;
};

static unsigned septets(uint32_t cp);
static size_t next_char(const char *s, size_t n, size_t i, uint32_t *cp);
static const char *replacement(uint32_t cp);

/* The non-ASCII characters of the basic table, by code point. */
static const uint16_t basic_high[] = {
    0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF, 0x00E0, 0x00E4, 0x00E5, 0x00E6,
    0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6, 0x00F8, 0x00F9, 0x00FC, 0x0393,
    0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9,
};

/*
 * Replacements, sorted by code point: the typography of our French texts
 * and the accented letters GSM-7 lacks.  Each is at most as long in UTF-8
 * as what it replaces, so the fitted text never grows.
 */
static const struct repl repls[] = {
    {0x0009, " "},  /* tab */
    {0x0060, "'"},  /* ` */
    {0x00A0, " "},  /* no-break space (before : ; ! ? and inside « ») */
    {0x00AB, "\""}, /* « */
    {0x00AD, ""},   /* soft hyphen */
    {0x00B4, "'"},  /* ´ */
    {0x00B7, "."},  /* · of inclusive writing: commis·e */
    {0x00BB, "\""}, /* » */
    {0x00C0, "A"},  {0x00C1, "A"},  {0x00C2, "A"},        {0x00C3, "A"},  {0x00C8, "E"},
    {0x00CA, "E"},  {0x00CB, "E"},  {0x00CC, "I"},        {0x00CD, "I"},  {0x00CE, "I"},
    {0x00CF, "I"},  {0x00D2, "O"},  {0x00D3, "O"},        {0x00D4, "O"},  {0x00D5, "O"},
    {0x00D9, "U"},  {0x00DA, "U"},  {0x00DB, "U"},        {0x00DD, "Y"},  {0x00E1, "a"},
    {0x00E2, "a"},  {0x00E3, "a"},  {0x00E7, "\xC3\x87"}, /* ç: Ç, as phones show 0x09 */
    {0x00EA, "e"},  {0x00EB, "e"},  {0x00ED, "i"},        {0x00EE, "i"},  {0x00EF, "i"},
    {0x00F3, "o"},  {0x00F4, "o"},  {0x00F5, "o"},        {0x00FA, "u"},  {0x00FB, "u"},
    {0x00FD, "y"},  {0x00FF, "y"},  {0x0152, "OE"},       {0x0153, "oe"}, {0x0178, "Y"},
    {0x2000, " "},  {0x2001, " "},  {0x2002, " "},        {0x2003, " "},  {0x2004, " "},
    {0x2005, " "},  {0x2006, " "},  {0x2007, " "},        {0x2008, " "},  {0x2009, " "},
    {0x200A, " "},  {0x200B, ""},   {0x200C, ""},         {0x200D, ""},   {0x2010, "-"},
    {0x2011, "-"},  {0x2012, "-"},  {0x2013, "-"},        {0x2014, "-"},  {0x2015, "-"},
    {0x2018, "'"},  {0x2019, "'"},  {0x201A, "'"},        {0x201B, "'"},  {0x201C, "\""},
    {0x201D, "\""}, {0x201E, "\""}, {0x201F, "\""},       {0x2022, "-"},  {0x2026, "..."},
    {0x202F, " "}, /* narrow no-break space */
    {0x2032, "'"},  {0x2033, "\""}, {0x2039, "'"},        {0x203A, "'"},  {0x2060, ""},
    {0x2212, "-"},  {0xFEFF, ""},
};

void bl_gsm7_cost(const char *s, size_t n, struct bl_gsm7_cost *out)
{
    uint32_t cp;
    size_t i, len, single, part, used = 0;

    out->gsm7 = true;
    out->units = 0;
    for (i = 0; i < n && out->gsm7; i += len) {
        len = next_char(s, n, i, &cp);
        out->gsm7 = len > 0 && septets(cp) > 0;
        if (len == 0)
            len = 1;
    }
    single = out->gsm7 ? BL_GSM7_SINGLE : BL_UCS2_SINGLE;
    part = out->gsm7 ? BL_GSM7_PART : BL_UCS2_PART;
    out->segments = 1;
    /* Fill parts of `part` units; the count alone decides when it fits one SMS. */
    for (i = 0; i < n; i += len) {
        size_t w;
        len = next_char(s, n, i, &cp);
        if (len == 0) {
            len = 1;
            w = 1; /* not UTF-8: one unit, as a replacement character */
        } else {
            w = out->gsm7 ? septets(cp) : (cp > 0xFFFF ? 2 : 1);
        }
        out->units += w;
        if (used + w > part) {
            out->segments++;
            used = 0;
        }
        used += w;
    }
    if (out->units <= single)
        out->segments = 1;
}

bool bl_gsm7_fit(const char *s, size_t n, char *out, size_t *outlen)
{
    size_t i, len, o = 0;
    uint32_t cp;
    bool ok = true;

    for (i = 0; i < n && ok; i += len) {
        const char *r;
        len = next_char(s, n, i, &cp);
        if (len > 0 && septets(cp) > 0) {
            memcpy(out + o, s + i, len);
            o += len;
        } else if (len > 0 && (r = replacement(cp)) != NULL) {
            size_t rl = strlen(r);
            memcpy(out + o, r, rl);
            o += rl;
        } else {
            ok = false;
        }
    }
    if (!ok) {
        /* Something stays UCS-2: the text goes as it was written. */
        memcpy(out, s, n);
        o = n;
    }
    out[o] = '\0';
    *outlen = o;
    return ok;
}

/* ---- helpers ---- */

/* Septets cp takes in GSM-7: 1 (basic table), 2 (extension table) or 0 (not there). */
static unsigned septets(uint32_t cp)
{
    if (cp == '\n' || cp == '\r')
        return 1;
    if (cp >= 0x20 && cp < 0x7F) {
        if (strchr("^{}\\[~]|", (int)cp))
            return 2;
        return cp == '`' ? 0 : 1;
    }
    if (cp == 0x0C || cp == 0x20AC) /* form feed, € */
        return 2;
    size_t lo = 0, hi = sizeof basic_high / sizeof basic_high[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (basic_high[mid] == cp)
            return 1;
        if (basic_high[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Decode the character at s[i]: its length in bytes, 0 when s[i] does not start valid UTF-8. */
static size_t next_char(const char *s, size_t n, size_t i, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s + i;
    size_t len = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    if (len > n - i || bl_utf8_check(p, len) != len)
        return 0;
    if (len == 1)
        *cp = p[0];
    else if (len == 2)
        *cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    else if (len == 3)
        *cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    else
        *cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
              (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
    return len;
}

/* What stands for cp in GSM-7, or NULL when nothing does. */
static const char *replacement(uint32_t cp)
{
    size_t lo = 0, hi = sizeof repls / sizeof repls[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (repls[mid].cp == cp)
            return repls[mid].to;
        if (repls[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
