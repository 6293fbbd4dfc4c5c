/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * util.h: input checks shared by the use cases.  Each names the field in
 * its message so the server can show it next to the form field; the field
 * name is the first word of ei->msg, before ':'.
 */
#ifndef BL_APP_UTIL_H
#define BL_APP_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "app/account.h"
#include "core/err.h"

/* UTF-8 text without control characters (tab and newlines allowed), at most max bytes. */
enum bl_err bl_app_check_text(const char *field, const char *s, bool required, size_t max,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;
/* An absolute http(s) URL without spaces, at most BL_APP_URL_MAX bytes. */
enum bl_err bl_app_check_url(const char *field, const char *s, bool required,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * A sound PNG or SVG of at most BL_APP_IMAGE_MAX bytes, an SVG without
 * scripts, event handlers or javascript: links (core/svgsafe.h); *type is
 * its media type.
 */
enum bl_err bl_app_image_type(const unsigned char *p, size_t n, const char **type,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* 32 random bytes in base64url (BL_APP_TOKEN_LEN characters): links, sessions, tokens. */
void bl_app_secret(char out[BL_APP_TOKEN_LEN + 1]);

#endif
