/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * framework.c: competency frameworks (framework.h).
 */
#include "app/framework.h"

#include <string.h>

#include "app/util.h"
#include "core/buf.h"
#include "core/json.h"

struct fw_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const struct bl_app_fw_input *in;
    const struct bl_fw_file *f;
    const char *uid, *name, *version, *source, *q;
    int64_t item_id, upload_id;
    struct bl_arena *a;
    struct bl_framework *fw;
    struct bl_framework **fws;
    struct bl_fw_item **items, *item;
    size_t *n;
};

static enum bl_err import_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct fw_ctx *c = cls;
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e != BL_OK)
        return e;
    struct bl_framework fw = {.uid = c->uid,
                              .org_id = c->org_id,
                              .name = c->name,
                              .version = c->version,
                              .source_url = c->source,
                              .created_at = bl_app_now(c->app)};
    e = bl_store_framework_insert(tx, &fw, ei);
    if (e == BL_EEXISTS)
        return bl_fail(ei, BL_EEXISTS, "name: a framework \"%s\" version \"%s\" already exists",
                       c->name, c->version);
    for (size_t i = 0; i < c->f->n_items && e == BL_OK; i++) {
        const struct bl_fw_entry *en = &c->f->items[i];
        struct bl_fw_item it = {.framework_id = fw.id,
                                .code = en->code,
                                .label = en->label,
                                .parent_code = en->parent,
                                .description = en->description,
                                .url = en->url,
                                .depth = en->depth,
                                .position = (int64_t)i};
        e = bl_store_fw_item_insert(tx, &it, ei);
    }
    if (e == BL_OK && c->upload_id)
        e = bl_store_fw_upload_delete(tx, c->upload_id, 0, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "framework.import", c->uid, NULL, ei);
    return e;
}

static enum bl_err import_file(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const struct bl_app_fw_input *in, const struct bl_fw_file *f,
                               int64_t upload_id, char uid[23], struct bl_errinfo *ei)
{
    const char *name = in->name && *in->name ? in->name : f->name;
    const char *version = in->version && *in->version ? in->version : f->version;
    const char *source = in->source && *in->source ? in->source : f->source;
    enum bl_err e;
    if ((e = bl_app_check_text("name", name, true, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("version", version, false, BL_APP_FW_VERSION_MAX, ei)) != BL_OK ||
        (e = bl_app_check_url("source", source, false, ei)) != BL_OK)
        return e;
    if (f->problems_total > 0 || f->n_items == 0)
        return bl_fail(ei, BL_EINVAL, "file: %zu lines have problems", f->problems_total);
    bl_app_uid(uid);
    struct fw_ctx c = {.app = app,
                       .who = who,
                       .org_id = org_id,
                       .in = in,
                       .f = f,
                       .uid = uid,
                       .name = name,
                       .version = version ? version : "",
                       .source = source && *source ? source : NULL,
                       .upload_id = upload_id};
    return bl_store_run(app->store, BL_TX_WRITE, import_tx, &c, ei);
}

enum bl_err bl_app_framework_import(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    const struct bl_app_fw_input *in, const struct bl_fw_file *f,
                                    char uid[23], struct bl_errinfo *ei)
{
    return import_file(app, who, org_id, in, f, 0, uid, ei);
}

static enum bl_err list_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct fw_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    return bl_store_framework_list(tx, c->fws, c->n, ei);
}

enum bl_err bl_app_framework_list(struct bl_app *app, struct bl_arena *a,
                                  struct bl_framework **rows, size_t *n, struct bl_errinfo *ei)
{
    struct fw_ctx c = {.app = app, .a = a, .fws = rows, .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, list_tx, &c, ei);
}

static enum bl_err get_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct fw_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_store_framework_by_uid(tx, c->uid, c->fw, ei);
    return e == BL_OK ? bl_store_fw_items(tx, c->fw->id, c->items, c->n, ei) : e;
}

enum bl_err bl_app_framework_get(struct bl_app *app, const char *uid, struct bl_arena *a,
                                 struct bl_framework *fw, struct bl_fw_item **items, size_t *n,
                                 struct bl_errinfo *ei)
{
    struct fw_ctx c = {.app = app, .uid = uid ? uid : "", .a = a, .fw = fw, .items = items, .n = n};
    *items = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, get_tx, &c, ei);
}

static enum bl_err search_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct fw_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    return bl_store_fw_search(tx, c->q, BL_APP_FW_SEARCH_MAX, c->items, c->n, ei);
}

enum bl_err bl_app_framework_search(struct bl_app *app, const char *q, struct bl_arena *a,
                                    struct bl_fw_item **rows, size_t *n, struct bl_errinfo *ei)
{
    *rows = NULL;
    *n = 0;
    if (!q || strlen(q) < 2)
        return BL_OK;
    enum bl_err e = bl_app_check_text("q", q, false, BL_APP_NAME_MAX, ei);
    if (e != BL_OK)
        return e;
    struct fw_ctx c = {.app = app, .q = q, .a = a, .items = rows, .n = n};
    return bl_store_run(app->store, BL_TX_READ, search_tx, &c, ei);
}

static enum bl_err item_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct fw_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    return bl_store_fw_item_get(tx, c->item_id, c->item, ei);
}

enum bl_err bl_app_framework_item(struct bl_app *app, int64_t id, struct bl_arena *a,
                                  struct bl_fw_item *out, struct bl_errinfo *ei)
{
    struct fw_ctx c = {.app = app, .item_id = id, .a = a, .item = out};
    return bl_store_run(app->store, BL_TX_READ, item_tx, &c, ei);
}

/* ---- upload, preview, save ---- */

struct up_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    struct bl_fw_upload up;
    struct bl_arena *a;
};

static enum bl_err upload_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct up_ctx *c = cls;
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_fw_upload_delete(tx, 0, c->up.created_at - BL_APP_FW_UPLOAD_TTL, ei);
    if (e == BL_OK)
        e = bl_store_fw_upload_insert(tx, &c->up, ei);
    return e;
}

static const char *opt(const char *s)
{
    return s && *s ? s : NULL;
}

enum bl_err bl_app_framework_upload(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    const char *filename, const unsigned char *data, size_t len,
                                    const struct bl_app_fw_input *in, char uid[23],
                                    struct bl_errinfo *ei)
{
    enum bl_err e;
    if (len == 0)
        return bl_fail(ei, BL_EINVAL, "file: empty");
    if (len > BL_FW_FILE_MAX)
        return bl_fail(ei, BL_ETOOBIG, "file: at most %u bytes", BL_FW_FILE_MAX);
    if ((e = bl_app_check_text("name", in->name, false, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("version", in->version, false, BL_APP_FW_VERSION_MAX, ei)) !=
            BL_OK ||
        (e = bl_app_check_url("source", in->source, false, ei)) != BL_OK)
        return e;
    bl_app_uid(uid);
    struct up_ctx c = {.app = app, .who = who, .org_id = org_id};
    c.up.uid = uid;
    c.up.org_id = org_id;
    c.up.account_id = who->account_id;
    c.up.filename =
        filename && bl_app_check_text("file", filename, false, BL_APP_NAME_MAX, NULL) == BL_OK
            ? filename
            : NULL;
    c.up.data = data;
    c.up.data_len = len;
    c.up.name = opt(in->name);
    c.up.version = opt(in->version);
    c.up.source_url = opt(in->source);
    c.up.created_at = bl_app_now(app);
    return bl_store_run(app->store, BL_TX_WRITE, upload_tx, &c, ei);
}

static enum bl_err get_upload_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct up_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_fw_upload_by_uid(tx, c->up.uid, &c->up, ei);
    if (e == BL_OK && c->up.org_id != c->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no such framework upload");
    return e;
}

enum bl_err bl_app_framework_preview(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                     const char *uid, struct bl_arena *a,
                                     struct bl_app_fw_input *in, struct bl_fw_file *f,
                                     struct bl_errinfo *ei)
{
    struct up_ctx c = {.app = app, .who = who, .org_id = org_id, .a = a};
    c.up.uid = uid ? uid : "";
    memset(in, 0, sizeof *in);
    memset(f, 0, sizeof *f);
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, get_upload_tx, &c, ei);
    if (e != BL_OK)
        return e;
    in->name = c.up.name;
    in->version = c.up.version;
    in->source = c.up.source_url;
    return bl_fw_file_read(c.up.data, c.up.data_len, a, f, ei);
}

enum bl_err bl_app_framework_save(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const char *uid, char fw_uid[23], struct bl_errinfo *ei)
{
    struct bl_arena a;
    struct bl_app_fw_input in;
    struct bl_fw_file f;
    struct up_ctx c = {.app = app, .who = who, .org_id = org_id, .a = &a};
    bl_arena_init(&a);
    c.up.uid = uid ? uid : "";
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, get_upload_tx, &c, ei);
    if (e == BL_OK)
        e = bl_fw_file_read(c.up.data, c.up.data_len, &a, &f, ei);
    if (e == BL_OK) {
        in = (struct bl_app_fw_input){
            .name = c.up.name, .version = c.up.version, .source = c.up.source_url};
        e = import_file(app, who, org_id, &in, &f, c.up.id, fw_uid, ei);
    }
    bl_arena_free(&a);
    return e;
}

/* ---- alignments ---- */

bool bl_app_target_type_ok(const char *t)
{
    static const char *const known[] = {
        "ceasn:Competency",  "ceterms:Credential",     "CFItem", "CFRubric",
        "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL",   NULL};
    if (!t || !*t)
        return false;
    for (size_t i = 0; known[i]; i++)
        if (strcmp(t, known[i]) == 0)
            return true;
    if (strncmp(t, "ext:", 4) != 0 || !t[4] || strlen(t) > 64)
        return false;
    for (const char *p = t + 4; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-' || *p == '_'))
            return false;
    return true;
}

json_t *bl_app_fw_alignment(const struct bl_app *app, struct bl_arena *a,
                            const struct bl_fw_item *it)
{
    const char *url = it->url && *it->url
                          ? it->url
                          : bl_arena_printf(a, "%s/referentiels/%s#c%lld", app->base_url,
                                            it->framework_uid, (long long)it->id);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "targetName", it->label, "targetUrl", url,
                          "targetFramework", it->framework_name ? it->framework_name : "",
                          "targetCode", it->code, "targetType", BL_APP_FW_TARGET_TYPE);
    if (o && it->description && *it->description)
        json_object_set_new(o, "targetDescription", json_string(it->description));
    return o;
}

struct align_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const char *badge_uid;
    int64_t item_id;
};

static enum bl_err align_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct align_ctx *c = cls;
    struct bl_badgeclass b;
    struct bl_fw_item it;
    json_t *al = NULL, *o = NULL;
    struct bl_buf out;
    bl_buf_init(&out, 65536);
    enum bl_err e = bl_store_badgeclass_by_uid(tx, c->badge_uid, &b, ei);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, b.org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_EDENIED)
        e = bl_fail(ei, BL_ENOTFOUND, "no such badge class"); /* another org's: not found */
    if (e == BL_OK)
        e = bl_store_fw_item_get(tx, c->item_id, &it, ei);
    if (e == BL_OK)
        e = bl_json_parse(b.alignments_json ? b.alignments_json : "[]",
                          strlen(b.alignments_json ? b.alignments_json : "[]"), 65536, 4, &al, ei);
    if (e != BL_OK)
        goto out;
    if (!json_is_array(al) || json_array_size(al) >= 50) {
        e = bl_fail(ei, BL_ETOOBIG, "alignments: at most 50");
        goto out;
    }
    o = bl_app_fw_alignment(c->app, bl_tx_arena(tx), &it);
    size_t i;
    json_t *v;
    json_array_foreach(al, i, v)
    {
        const char *fw = bl_json_str(v, "targetFramework"), *code = bl_json_str(v, "targetCode");
        if (fw && code && strcmp(fw, it.framework_name) == 0 && strcmp(code, it.code) == 0) {
            e = bl_fail(ei, BL_EEXISTS, "alignments: %s is already there", it.code);
            goto out;
        }
    }
    json_array_append(al, o);
    if ((e = bl_json_dump(al, JSON_COMPACT, &out, ei)) != BL_OK)
        goto out;
    b.alignments_json = (const char *)out.p;
    b.updated_at = bl_app_now(c->app);
    e = bl_store_badgeclass_update(tx, &b, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, b.org_id, "badge.align", b.uid, NULL, ei);
out:
    json_decref(o);
    json_decref(al);
    bl_buf_free(&out);
    return e;
}

enum bl_err bl_app_badge_align(struct bl_app *app, const struct bl_actor *who,
                               const char *badge_uid, int64_t item_id, struct bl_errinfo *ei)
{
    struct align_ctx c = {app, who, badge_uid ? badge_uid : "", item_id};
    return bl_store_run(app->store, BL_TX_WRITE, align_tx, &c, ei);
}
