/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_verifier.h: the public verifier page, /verifier (h_verifier.c): anyone
 * drops a badge image or pastes a URL, JSON or JWT and reads the verdict in
 * French; Accept: application/json gets the report of blason verify --json.
 */
#ifndef BL_H_VERIFIER_H
#define BL_H_VERIFIER_H

#include "router.h"

/* Whole verification time: no fetch starts after it is spent. */
#define BL_VERIFIER_BUDGET_MS 15000u
/* One fetch (connect, redirects, body). */
#define BL_VERIFIER_FETCH_MS 5000u
/* Largest document fetched (hosted assertion, key, status list). */
#define BL_VERIFIER_FETCH_MAX (2u * 1024 * 1024)

/* GET /verifier: the form. */
enum bl_err h_verifier_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* POST /verifier: multipart/form-data (file, text) or urlencoded (text). */
enum bl_err h_verifier_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
