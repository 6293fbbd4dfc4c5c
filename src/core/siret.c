/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * siret.c: reading and checking SIRET numbers (siret.h).
 */
#include "siret.h"

#include <stdbool.h>
#include <string.h>

static enum bl_err refuse(enum bl_siret_fault *fault, enum bl_siret_fault why,
                          struct bl_errinfo *ei, const char *msg)
{
    if (fault)
        *fault = why;
    return bl_fail(ei, BL_EINVAL, "siret: %s", msg);
}

int bl_luhn_ok(const char *digits, size_t n)
{
    unsigned sum = 0;
    /* From the right, every second digit doubled (9 taken off past 9). */
    for (size_t i = 0; i < n; i++) {
        char c = digits[n - 1 - i];
        if (c < '0' || c > '9')
            return 0;
        unsigned d = (unsigned)(c - '0');
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return n > 0 && sum % 10 == 0;
}

enum bl_err bl_siret_parse(const char *p, size_t n, char out[BL_SIRET_LEN + 1],
                           enum bl_siret_fault *fault, struct bl_errinfo *ei)
{
    size_t k = 0;
    bool too_long = n > BL_SIRET_INPUT_MAX;
    out[0] = '\0';
    if (fault)
        *fault = BL_SIRET_FAULT_NONE;
    for (size_t i = 0; i < n && !too_long; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= '0' && c <= '9') {
            if (k == BL_SIRET_LEN) {
                too_long = true;
                break;
            }
            out[k++] = (char)c;
        } else if (c == ' ' || c == '\t' || c == '.' || c == '-') {
            continue;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)p[i + 1] == 0xA0) {
            i++; /* U+00A0 no-break space */
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)p[i + 1] == 0x80 &&
                   (unsigned char)p[i + 2] == 0xAF) {
            i += 2; /* U+202F narrow no-break space, the French thousands separator */
        } else {
            out[0] = '\0';
            return refuse(fault, BL_SIRET_FAULT_CHAR, ei, "only digits and spaces are allowed");
        }
    }
    out[k] = '\0';
    if (too_long) {
        out[0] = '\0';
        return refuse(fault, BL_SIRET_FAULT_LENGTH, ei, "a SIRET has 14 digits");
    }
    if (k == 0)
        return refuse(fault, BL_SIRET_FAULT_EMPTY, ei, "empty");
    if (k != BL_SIRET_LEN) {
        out[0] = '\0';
        return refuse(fault, BL_SIRET_FAULT_LENGTH, ei, "a SIRET has 14 digits");
    }
    if (memcmp(out, BL_SIREN_LA_POSTE, BL_SIREN_LEN) == 0) {
        unsigned sum = 0;
        for (size_t i = 0; i < BL_SIRET_LEN; i++)
            sum += (unsigned)(out[i] - '0');
        if (sum % 5 != 0) {
            out[0] = '\0';
            return refuse(fault, BL_SIRET_FAULT_CHECKSUM, ei,
                          "La Poste establishment: digit sum not a multiple of 5");
        }
        return BL_OK;
    }
    if (!bl_luhn_ok(out, BL_SIREN_LEN)) {
        out[0] = '\0';
        return refuse(fault, BL_SIRET_FAULT_SIREN, ei, "the SIREN (first 9 digits) fails its key");
    }
    if (!bl_luhn_ok(out, BL_SIRET_LEN)) {
        out[0] = '\0';
        return refuse(fault, BL_SIRET_FAULT_CHECKSUM, ei, "the 14 digits fail the Luhn key");
    }
    return BL_OK;
}
