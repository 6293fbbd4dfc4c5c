/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* err.c: names and messages of enum bl_err, and the detail recorder. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static const struct {
    const char *name;
    const char *msg;
} errtab[BL_ERR_COUNT] = {
    [BL_OK] = {"ok", "success"},
    [BL_ENOMEM] = {"no_memory", "out of memory"},
    [BL_EINVAL] = {"invalid", "invalid input"},
    [BL_ETOOBIG] = {"too_big", "input over the configured size limit"},
    [BL_ENOTFOUND] = {"not_found", "not found"},
    [BL_EIO] = {"io", "input/output error"},
    [BL_EFORMAT] = {"unknown_format", "not a PNG or SVG image"},
    [BL_EPNG] = {"png_malformed", "malformed PNG"},
    [BL_EPNG_CRC] = {"png_crc", "PNG chunk CRC mismatch"},
    [BL_ESVG] = {"svg_malformed", "malformed SVG"},
    [BL_ESVG_UNSAFE] = {"svg_unsafe", "SVG construct refused (DOCTYPE or entity)"},
    [BL_EDUPLICATE] = {"duplicate_badge", "more than one badge in the image"},
    [BL_EUTF8] = {"bad_utf8", "text is not valid UTF-8"},
    [BL_EPAYLOAD] = {"bad_payload", "payload is not a URL, a compact JWS nor JSON"},
    [BL_EJSON] = {"bad_json", "malformed JSON"},
    [BL_ECRYPTO] = {"crypto", "cryptographic operation failed"},
    [BL_EUNSUPPORTED] = {"unsupported", "not supported"},
    [BL_EBADSIG] = {"bad_signature", "signature does not verify"},
    [BL_EEXISTS] = {"already_exists", "already exists"},
    [BL_ERETRY] = {"conflict_retry", "transient conflict, try again"},
    [BL_EDB] = {"database", "database error"},
    [BL_EDENIED] = {"denied", "not allowed"},
    [BL_ELIMIT] = {"rate_limited", "too many attempts, try again later"},
    [BL_EUNAUTH] = {"unauthenticated", "authentication needed"},
    [BL_ESTALE] = {"version_mismatch", "changed meanwhile: based on an older version"},
};

const char *bl_strerror(enum bl_err e)
{
    if ((unsigned)e >= BL_ERR_COUNT)
        return "unknown error";
    return errtab[e].msg;
}

const char *bl_err_name(enum bl_err e)
{
    if ((unsigned)e >= BL_ERR_COUNT)
        return "unknown";
    return errtab[e].name;
}

enum bl_err bl_fail(struct bl_errinfo *ei, enum bl_err code, const char *fmt, ...)
{
    va_list ap;

    if (ei == NULL)
        return code;
    ei->code = code;
    va_start(ap, fmt);
    /* Truncation of a diagnostic is harmless; the code is what matters. */
    (void)vsnprintf(ei->msg, sizeof(ei->msg), fmt, ap);
    va_end(ap);
    return code;
}

void bl_errinfo_clear(struct bl_errinfo *ei)
{
    if (ei == NULL)
        return;
    ei->code = BL_OK;
    ei->msg[0] = '\0';
}
