/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * staff.h: the signed-in staff member behind a page of the issuer space
 * (/espace/...): their session, their organisations and the current one.
 * Pages call bl_staff_load first; when nobody is signed in it answers with
 * a redirect to the sign-in page (which comes back here afterwards) and
 * returns false.
 */
#ifndef BL_SERVER_STAFF_H
#define BL_SERVER_STAFF_H

#include <stdbool.h>

#include <jansson.h>

#include "auth.h"
#include "store/store.h"

struct bl_staff {
    struct bl_auth auth; /* actor, session (with its CSRF token), account */
    struct bl_membership *orgs;
    size_t n_orgs;
    const struct bl_membership *current; /* NULL when the account has no organisation */
};

/*
 * Load the staff member; the current organisation is the route's {slug}
 * when the route has one (BL_ENOTFOUND if they are not a member), else
 * their first.  false: resp already holds the redirect to /connexion.
 */
bool bl_staff_load(struct bl_req *req, struct bl_resp *resp, struct bl_staff *out, enum bl_err *err,
                   struct bl_errinfo *ei);

/* Render a page of the issuer space: the layout gets the navigation and the sign-out form. */
enum bl_err bl_staff_page(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                          unsigned status, const char *name, const char *title, json_t *ctx,
                          const char *section, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
