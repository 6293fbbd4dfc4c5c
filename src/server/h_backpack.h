/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_backpack.h: the young person's backpack /sac and public share pages /b (h_backpack.c). */
#ifndef BL_H_BACKPACK_H
#define BL_H_BACKPACK_H

#include <jansson.h>

#include "app/backpack.h"
#include "router.h"

#define BL_SAC_COOKIE "sac" /* backpack session, separate from staff sessions */

enum bl_err h_sac_signin_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_signin_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_code_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_code_link_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_code_link_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_personal_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_receive_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_receive_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_signout_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_home_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_badge_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_share_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_minor_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_certificate_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_idents_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_idents_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_ident_code_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_profile_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_account_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_export_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_delete_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_imports_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_imports_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_import_check_post(struct bl_req *req, struct bl_resp *resp,
                                    struct bl_errinfo *ei);
enum bl_err h_share_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
/* collections (h_collections.c) */
enum bl_err h_sac_colls_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_colls_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_coll_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_coll_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_coll_share_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_coll_delete_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_coll_move_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_coll_public_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
/* tests/http only (test_routes): the newest outbox message to ?to= on ?channel=, as JSON. */
enum bl_err h_test_sac_outbox(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* ---- the optional password (h_sac_password.c) ---- */
enum bl_err h_sac_password_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_password_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_password_remove_post(struct bl_req *req, struct bl_resp *resp,
                                       struct bl_errinfo *ei);
enum bl_err h_sac_password_forget_post(struct bl_req *req, struct bl_resp *resp,
                                       struct bl_errinfo *ei);
enum bl_err h_sac_password_forget_code_post(struct bl_req *req, struct bl_resp *resp,
                                            struct bl_errinfo *ei);
enum bl_err h_sac_pw_signin_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_pw_signin_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* Helpers of h_backpack.c shared with the other /sac handlers. */
/* A form without a session (sign-in) comes from the site itself. */
bool h_sac_same_origin(struct bl_req *req);
/* Set the session cookie of s (then wiped) and redirect to /sac. */
enum bl_err h_sac_open(struct bl_req *req, struct bl_resp *resp, struct bl_app_hsession *s);
/* The "code" field of a form without its spaces ("123 456"), cut to BL_SAC_CODE_BUF - 1. */
#define BL_SAC_CODE_BUF 8
void h_sac_code_digits(struct bl_req *req, char out[BL_SAC_CODE_BUF]);
/* Render a page with no-store; takes ctx. */
enum bl_err h_sac_render(struct bl_req *req, struct bl_resp *resp, unsigned status,
                         const char *name, const char *title, json_t *ctx, struct bl_errinfo *ei);

/* ---- shared with h_collections.c ---- */

/* The signed-in holder and their session. */
struct h_sac {
    struct bl_holder_session s;
    struct bl_holder h;
};

/* The signed-in holder (CSRF checked on POST); false: resp holds a redirect or *err is set. */
bool h_sac_load(struct bl_req *req, struct bl_resp *resp, struct h_sac *st, enum bl_err *err,
                struct bl_errinfo *ei);
/* "valide" | "expiré" | "révoqué" (to translate) and its CSS modifier. */
const char *h_sac_state(const struct bl_app *app, int64_t expires_at, int64_t revoked_at,
                        const char **cls);
/* {first_name, email, phone, csrf} of the signed-in holder. */
json_t *h_sac_holder_json(const struct h_sac *st);
/* What the badge page and the public pages show of an award. */
json_t *h_sac_item_json(struct bl_req *req, const struct bl_app_sac_item *it);

#endif
