/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * page.h: HTML pages from the templates of web/templates (compiled into the
 * binary, compiled once at start).  A page is its template rendered with a
 * JSON context, then put into layout.html; every {{value}} is escaped.
 */
#ifndef BL_SERVER_PAGE_H
#define BL_SERVER_PAGE_H

#include <jansson.h>

#include "http.h"

enum bl_err bl_pages_init(struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_pages_fini(void);

/*
 * Render template `name` (e.g. "award.html") with ctx into resp with
 * status, in the layout, titled `title`.  ctx is borrowed.
 */
enum bl_err bl_page_render(struct bl_req *req, struct bl_resp *resp, unsigned status,
                           const char *name, const char *title, const json_t *ctx,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The error page hook of http.h (error.html in the layout). */
enum bl_err bl_page_error(struct bl_req *req, struct bl_resp *resp, unsigned status,
                          const char *code, const char *title, const char *message);

/* Said next to a search field when the search cannot be run as typed. */
#define BL_PAGE_SEARCH_REFUSED                                                                        \
    "Recherche ignorée : elle est trop longue ou contient des caractères invisibles (contrôle ou " \
    "changement du sens d’écriture). Retapez-la."

#endif
