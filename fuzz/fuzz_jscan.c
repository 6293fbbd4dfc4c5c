/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_jscan.c: libFuzzer target for the allocation-free JSON scanner, run
 * against jansson as the reference: on every input both must agree on
 * whether it is JSON, except where the scanner is documented to differ
 * (integers too large for jansson, nesting past the scanner's limit, text
 * after a NUL byte, which jansson ignores).  The
 * payload sniffer built on the scanner runs on the same input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/jscan.h"
#include "core/payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_members(const char *key, size_t keylen, const char *value, size_t valuelen,
                         void *ctx)
{
    size_t *n = ctx;

    /* Spans must lie inside the input and a string value keeps its quotes. */
    if (keylen > 0 && key[-1] != '"')
        abort();
    if (valuelen == 0 || value[0] == ' ')
        abort();
    (*n)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *j;
    size_t members = 0;
    enum bl_err rc;
    enum bl_obver ver;

    rc = bl_jscan((const char *)data, size, 64, count_members, &members, NULL);
    j = json_loadb((const char *)data, size, JSON_DECODE_ANY, &jerr);
    if (rc == BL_OK && j == NULL) {
        /* jansson refuses integers it cannot hold and reals that overflow. */
        if (strstr(jerr.text, "too big") == NULL && strstr(jerr.text, "overflow") == NULL)
            abort();
    } else if (rc != BL_OK && j != NULL) {
        /* The scanner stops at 64 levels; jansson goes deeper, and takes a
         * NUL byte for the end of its input where the scanner sees garbage. */
        if (rc != BL_ETOOBIG && memchr(data, 0, size) == NULL)
            abort();
    } else if (rc == BL_OK && json_is_object(j) && members < json_object_size(j)) {
        abort(); /* every distinct member was reported (duplicates only add) */
    }
    json_decref(j);

    /* The sniffer built on the scanner: any answer, but no crash. */
    if (bl_payload_kind(data, size) != BL_PAYLOAD_UNKNOWN &&
        bl_payload_version(data, size, bl_payload_kind(data, size), &ver, NULL) == BL_OK &&
        ver > BL_OB3)
        abort();
    return 0;
}
