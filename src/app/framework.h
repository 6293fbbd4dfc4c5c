/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * framework.h: competency frameworks as data (issue 9): import a file read
 * by core/fwfile.h after its preview, list, show and search the items for
 * the badge class alignment picker and the needs board.
 * Format: docs/frameworks.md; design: docs/internals/network.md.
 */
#ifndef BL_APP_FRAMEWORK_H
#define BL_APP_FRAMEWORK_H

#include <jansson.h>

#include "app/app.h"
#include "core/fwfile.h"

#define BL_APP_FW_VERSION_MAX 40u /* bytes of a framework version */
#define BL_APP_FW_SEARCH_MAX  50u /* items a search shows */

struct bl_app_fw_input {
    const char *name;    /* required, unless the JSON file names it */
    const char *version; /* optional */
    const char *source;  /* optional http(s) URL of the official source */
};

/*
 * An issuer or admin of org_id saves a file read without problems (BL_EINVAL
 * "file: ..." otherwise): the framework and every item in one transaction.
 * uid (22 chars + NUL) names it.  BL_EEXISTS when the org already has a
 * framework of that name and version.
 */
enum bl_err bl_app_framework_import(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    const struct bl_app_fw_input *in, const struct bl_fw_file *f,
                                    char uid[23], struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Every framework of the network (read by any signed-in staff member). */
enum bl_err bl_app_framework_list(struct bl_app *app, struct bl_arena *a,
                                  struct bl_framework **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* One framework and its items in tree order. */
enum bl_err bl_app_framework_get(struct bl_app *app, const char *uid, struct bl_arena *a,
                                 struct bl_framework *fw, struct bl_fw_item **items, size_t *n,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Items whose code or label contains q (at least 2 bytes), at most BL_APP_FW_SEARCH_MAX. */
enum bl_err bl_app_framework_search(struct bl_app *app, const char *q, struct bl_arena *a,
                                    struct bl_fw_item **rows, size_t *n,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* One item by id (the picker's choice), with its framework. */
enum bl_err bl_app_framework_item(struct bl_app *app, int64_t id, struct bl_arena *a,
                                  struct bl_fw_item *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- upload, preview, save (the issuer space) ---- */

#define BL_APP_FW_UPLOAD_TTL 86400 /* seconds an unsaved upload is kept */

/*
 * An issuer or admin of org_id uploads a framework file (at most
 * BL_FW_FILE_MAX bytes) with the names typed in the form; nothing is
 * checked but the size and the form's fields.  uid names the upload.
 */
enum bl_err bl_app_framework_upload(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    const char *filename, const unsigned char *data, size_t len,
                                    const struct bl_app_fw_input *in, char uid[23],
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The upload uid of org_id read into *f (arena a) with its problems, and
 * the names typed (*in).  BL_ENOTFOUND for another org's upload; the
 * errors of bl_fw_file_read for an unreadable file.
 */
enum bl_err bl_app_framework_preview(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                     const char *uid, struct bl_arena *a,
                                     struct bl_app_fw_input *in, struct bl_fw_file *f,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Save the upload (no problem allowed) as a framework and forget the upload; fw_uid names it. */
enum bl_err bl_app_framework_save(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const char *uid, char fw_uid[23],
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- alignments (badge classes) ---- */

/* The OB 3.0 targetType Blason gives framework items ("ext:" + a name, as the spec allows). */
#define BL_APP_FW_TARGET_TYPE "ext:FrameworkItem"

/*
 * A targetType an alignment may carry: one of OB 3.0's AlignmentTargetType
 * values, or "ext:" followed by letters, digits, '.', '-' or '_'.
 */
bool bl_app_target_type_ok(const char *t);
/*
 * The alignment of a framework item, as badge classes store it
 * (alignments_json): targetName, targetUrl (the item's URL, else its place
 * on the framework's public page {base}/referentiels/{uid}#c{id}),
 * targetFramework (name and version), targetCode, targetDescription,
 * targetType.  New reference; the caller decrefs.
 */
json_t *bl_app_fw_alignment(const struct bl_app *app, struct bl_arena *a,
                            const struct bl_fw_item *it);
/*
 * An issuer of the badge class's organisation aligns it to a framework
 * item (appended, once: an item already there is BL_EEXISTS; 50 at most).
 */
enum bl_err bl_app_badge_align(struct bl_app *app, const struct bl_actor *who,
                               const char *badge_uid, int64_t item_id,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
