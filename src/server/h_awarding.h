/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_awarding.h: awarding from the issuer space and the award lists.
 *
 *   GET/POST /espace/{slug}/badges/{uid}/attribuer   award to one person
 *   GET      /espace/{slug}/attributions             search, filters, paging
 *   GET      /espace/{slug}/attributions.csv         the same list as CSV
 *   POST     /espace/{slug}/attributions/revocation  confirm, then revoke one or many
 *   GET      /espace/{slug}/attributions/{uid}       one award, for staff
 *
 * and the dashboard's charts, which h_space_get adds to its page.
 */
#ifndef BL_SERVER_H_AWARDING_H
#define BL_SERVER_H_AWARDING_H

#include <jansson.h>

#include "http.h"
#include "staff.h"

enum bl_err h_award_form_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_award_form_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_awards_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_awards_csv_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_awards_revoke_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_award_staff_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* Add the dashboard's charts ("charts": [...]) of st's organisation to ctx. */
enum bl_err bl_awarding_dashboard(struct bl_req *req, const struct bl_staff *st, json_t *ctx,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
