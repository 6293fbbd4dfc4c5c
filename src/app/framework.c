/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * framework.c: competency frameworks (framework.h).
 */
#include "app/framework.h"

#include <string.h>

#include "app/util.h"

struct fw_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const struct bl_app_fw_input *in;
    const struct bl_fw_file *f;
    const char *uid, *name, *version, *source, *q;
    int64_t item_id;
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
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "framework.import", c->uid, NULL, ei);
    return e;
}

enum bl_err bl_app_framework_import(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    const struct bl_app_fw_input *in, const struct bl_fw_file *f,
                                    char uid[23], struct bl_errinfo *ei)
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
                       .source = source && *source ? source : NULL};
    return bl_store_run(app->store, BL_TX_WRITE, import_tx, &c, ei);
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
