/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_import.h: awarding a badge class from a CSV file (h_import.c,
 * app/import.h, docs/internals/import.md).
 */
#ifndef BL_SERVER_H_IMPORT_H
#define BL_SERVER_H_IMPORT_H

#include "router.h"

/* GET /espace/{slug}/badges/{uid}/importer: the upload form. */
enum bl_err h_import_form_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
/* POST the same (multipart: csrf, fichier): keep the file, then to its preview. */
enum bl_err h_import_upload_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
/* GET .../importer/{id}: the preview, or the progress and summary once issuing. */
enum bl_err h_import_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
/* POST .../importer/{id}/colonnes: change the column mapping (col0, col1, ...). */
enum bl_err h_import_map_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
/* POST .../importer/{id}/emettre: start issuing the good lines. */
enum bl_err h_import_issue_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
/* GET .../importer/{id}/etat: {"state","done","total"} for web/static/import.js. */
enum bl_err h_import_state_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* Stop the issuing threads (server shutdown). */
void bl_import_fini(void);

#endif
