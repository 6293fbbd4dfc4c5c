/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_org.c: `blason org add|rotate-keys`, for the operator: create an
 * organisation (issuer profile and signing keys) or rotate its keys.
 */
#include <stdio.h>
#include <string.h>

#include "app/org.h"
#include "cli/cli.h"
#include "cli/cli_site.h"
#include "core/limits.h"
#include "core/mem.h"

static int usage(bool help)
{
    fprintf(help ? stdout : stderr,
            "usage: blason org add --slug SLUG --name NAME --url URL --email EMAIL\n"
            "                      [--description TEXT] [--image FILE.png|svg]\n"
            "       blason org rotate-keys --slug SLUG\n"
            "Site options: --config FILE --db URL --base-url URL --data DIR --master-key FILE\n");
    return help ? CLI_OK : CLI_USAGE;
}

struct find_ctx {
    const char *slug;
    int64_t id;
};

static enum bl_err find_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct find_ctx *c = cls;
    struct bl_arena a;
    struct bl_org org;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = bl_store_org_by_slug(tx, c->slug, &org, ei);
    if (e == BL_OK)
        c->id = org.id;
    else if (e == BL_ENOTFOUND)
        bl_fail(ei, e, "no organisation \"%.60s\"", c->slug);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

/* The id of the organisation with this slug (for the other site verbs too). */
enum bl_err cli_org_id(struct bl_app *app, const char *slug, int64_t *id, struct bl_errinfo *ei);
enum bl_err cli_org_id(struct bl_app *app, const char *slug, int64_t *id, struct bl_errinfo *ei)
{
    struct find_ctx c = {slug ? slug : "", 0};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, find_tx, &c, ei);
    *id = c.id;
    return e;
}

int cmd_org(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "slug",  "name",  "url", "email",
                                          "description", "image", "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    unsigned char *img = NULL;
    size_t nimg = 0;
    enum bl_err e = BL_OK;
    int rc = cli_opts_parse("org", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1)
        return usage(cli_opt(&o, "help") != NULL);
    bool add = strcmp(o.pos[0], "add") == 0;
    if (!add && strcmp(o.pos[0], "rotate-keys") != 0)
        return usage(false);
    bl_errinfo_clear(&ei);
    if (add && cli_opt(&o, "image") &&
        (e = cli_read_file(cli_opt(&o, "image"), BL_IMAGE_MAX_DEFAULT, &img, &nimg, &ei)) != BL_OK)
        return cli_report("org", e, &ei);
    if ((rc = cli_site_open("org", &o, &app)) != CLI_OK)
        goto out;
    int64_t id = 0;
    if (add) {
        struct bl_app_org_input in = {
            .slug = cli_opt(&o, "slug"),
            .name = cli_opt(&o, "name"),
            .url = cli_opt(&o, "url"),
            .email = cli_opt(&o, "email"),
            .description = cli_opt(&o, "description"),
            .image = img,
            .image_len = nimg,
        };
        e = bl_app_org_create(app, &bl_actor_system, &in, &id, &ei);
        if (e == BL_OK)
            printf("%s/o/%s\n", app->base_url, in.slug);
    } else {
        e = cli_org_id(app, cli_opt(&o, "slug"), &id, &ei);
        if (e == BL_OK)
            e = bl_app_org_rotate_keys(app, &bl_actor_system, id, &ei);
        if (e == BL_OK)
            printf("new keys for %s\n", cli_opt(&o, "slug"));
    }
    rc = e == BL_OK ? CLI_OK : cli_report("org", e, &ei);
out:
    bl_app_close(app);
    bl_free(img);
    return rc;
}
