/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * i18n.h: the language of a request and the translations of the po/ catalogues,
 * compiled into the binary and parsed once at start (bl_i18n_init).
 *
 * French unless the person chose another language: the `lang` cookie set
 * by GET /langue, or `?lang=en` on any URL.  Accept-Language is not
 * followed on purpose (the interface is French by default).  Marked C
 * strings (N_) are translated where they reach a page: the title, and every
 * string of the page's context that is a msgid of the C code (bl_i18n_ctx).
 * Design note: docs/internals/i18n.md.
 */
#ifndef BL_SERVER_I18N_H
#define BL_SERVER_I18N_H

#include <jansson.h>

#include "core/i18n.h"
#include "core/po.h"
#include "http.h"

/* The cookie that keeps the chosen language, and how long (one year). */
#define BL_LANG_COOKIE     "lang"
#define BL_LANG_COOKIE_AGE (365L * 24 * 3600)

/* Parse the embedded catalogues (po/en.po and the others); BL_EINVAL names a broken one. */
enum bl_err bl_i18n_init(struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_i18n_fini(void);

/* The catalogue of lang, or NULL for French (the source language) or before bl_i18n_init. */
const struct bl_po *bl_i18n_catalog(enum bl_lang lang);

/* The language of req: ?lang=, then the cookie, then French. */
enum bl_lang bl_req_lang(struct bl_req *req);

/* msgid in lang: its translation, or msgid itself when there is none. */
const char *bl_tr_lang(enum bl_lang lang, const char *msgid) __attribute__((format_arg(2)));

/* msgid in the language of req.  Usable as a printf format: msgfmt --check keeps it compatible. */
const char *bl_tr(struct bl_req *req, const char *msgid) __attribute__((format_arg(2)));

/*
 * A deep copy of ctx in which every string that is a msgid of the C code
 * (N_), or any msgid under a message key (title, error, message, msg,
 * flash, done), is replaced by its translation in lang; NULL when lang is
 * French (use ctx as it is).  The caller owns the copy (json_decref).
 */
json_t *bl_i18n_ctx(enum bl_lang lang, const json_t *ctx);

/* t as a page shows it, the day in Paris: "28 novembre 2026" / "November 28, 2026" (arena); NULL
 * for 0. */
const char *bl_req_date(struct bl_req *req, int64_t t);

/* GET /langue?l=en&retour=/path: set the language cookie, back to retour (a local path). */
enum bl_err h_lang_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* The /langue link that switches req's page to the other language (arena). */
const char *bl_i18n_switch_href(struct bl_req *req, enum bl_lang to);

#endif
