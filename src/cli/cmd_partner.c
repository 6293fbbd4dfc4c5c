/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_partner.c: `blason partner add` and `blason need add|support`, for the
 * operator and the demo data: invite a partner of a network admin (its
 * first admin gets the emailed link, as from the Partenaires page), declare
 * a need with framework item codes, support a need (app/network.h).
 */
#include <stdio.h>
#include <string.h>

#include "app/framework.h"
#include "app/network.h"
#include "cli/cli.h"
#include "cli/cli_site.h"
#include "core/mem.h"

enum bl_err cli_org_id(struct bl_app *app, const char *slug, int64_t *id, struct bl_errinfo *ei);

static int usage(const char *cmd, bool help)
{
    if (strcmp(cmd, "partner") == 0)
        fprintf(help ? stdout : stderr,
                "usage: blason partner add --network SLUG --name NAME --kind employer|association|"
                "training\n"
                "                          --email ADMIN-EMAIL [--slug SLUG] [--contact NAME] "
                "[--url URL]\n");
    else
        fprintf(help ? stdout : stderr,
                "usage: blason need add --org SLUG --title TEXT --description TEXT [--people N]\n"
                "                       [--sector TEXT] [--horizon TEXT] [--items CODE,CODE...]\n"
                "       blason need support --org SLUG --need UID [--comment TEXT]\n");
    fprintf(help ? stdout : stderr,
            "Site options: --config FILE --db URL --base-url URL --data DIR --master-key FILE\n");
    return help ? CLI_OK : CLI_USAGE;
}

int cmd_partner(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "network", "name", "kind",  "email",
                                          "slug",        "contact", "url",  "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    struct bl_arena a;
    int rc = cli_opts_parse("partner", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1 || strcmp(o.pos[0], "add") != 0)
        return usage("partner", cli_opt(&o, "help") != NULL);
    if ((rc = cli_site_open("partner", &o, &app)) != CLI_OK)
        return rc;
    bl_errinfo_clear(&ei);
    bl_arena_init(&a);
    int64_t network = 0;
    const char *slug = NULL;
    struct bl_app_partner_invite in = {.name = cli_opt(&o, "name"),
                                       .slug = cli_opt(&o, "slug"),
                                       .kind = cli_opt(&o, "kind"),
                                       .email = cli_opt(&o, "email"),
                                       .contact_name = cli_opt(&o, "contact"),
                                       .url = cli_opt(&o, "url")};
    enum bl_err e = cli_org_id(app, cli_opt(&o, "network"), &network, &ei);
    if (e == BL_OK)
        e = bl_app_partner_invite(app, &bl_actor_system, network, &in, &a, &slug, &ei);
    if (e == BL_OK)
        printf("%s/partenaires/%s\n", app->base_url, slug);
    rc = e == BL_OK ? CLI_OK : cli_report("partner", e, &ei);
    bl_arena_free(&a);
    bl_app_close(app);
    return rc;
}

/* The ids of comma-separated item codes (each must match one item exactly). */
static enum bl_err item_ids(struct bl_app *app, const char *codes, struct bl_arena *a, int64_t *ids,
                            size_t *n, struct bl_errinfo *ei)
{
    char *list = bl_arena_strdup(a, codes), *save = NULL;
    *n = 0;
    for (char *c = list; c && *c; c = save) {
        save = strchr(c, ',');
        if (save)
            *save++ = '\0';
        struct bl_fw_item *it = NULL;
        size_t k = 0, found = 0;
        if (*n == BL_APP_NEED_ITEMS)
            return bl_fail(ei, BL_ETOOBIG, "items: at most %u", BL_APP_NEED_ITEMS);
        enum bl_err e = bl_app_framework_search(app, c, a, &it, &k, ei);
        if (e != BL_OK)
            return e;
        for (size_t i = 0; i < k; i++)
            if (strcmp(it[i].code, c) == 0) {
                ids[*n] = it[i].id;
                found++;
            }
        if (found != 1)
            return bl_fail(ei, BL_ENOTFOUND, "items: \"%s\" matches %zu framework items", c, found);
        (*n)++;
    }
    return BL_OK;
}

int cmd_need(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "org",     "title",   "description",
                                          "people",      "sector",  "horizon", "items",
                                          "need",        "comment", "help!",   NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    struct bl_arena a;
    int64_t ids[BL_APP_NEED_ITEMS];
    int rc = cli_opts_parse("need", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1)
        return usage("need", cli_opt(&o, "help") != NULL);
    bool add = strcmp(o.pos[0], "add") == 0;
    if (!add && strcmp(o.pos[0], "support") != 0)
        return usage("need", false);
    int64_t people = 0;
    const char *p = cli_opt(&o, "people");
    for (; p && *p; p++) {
        if (*p < '0' || *p > '9' || people > BL_APP_PEOPLE_MAX)
            return cli_usage_error("need", "--people: a number from 0 to %d", BL_APP_PEOPLE_MAX);
        people = people * 10 + (*p - '0');
    }
    if ((rc = cli_site_open("need", &o, &app)) != CLI_OK)
        return rc;
    bl_errinfo_clear(&ei);
    bl_arena_init(&a);
    int64_t org = 0;
    char uid[23];
    enum bl_err e = cli_org_id(app, cli_opt(&o, "org"), &org, &ei);
    if (e == BL_OK && add) {
        struct bl_app_need_input in = {.title = cli_opt(&o, "title"),
                                       .description = cli_opt(&o, "description"),
                                       .sector = cli_opt(&o, "sector"),
                                       .horizon = cli_opt(&o, "horizon"),
                                       .people = people,
                                       .item_ids = ids};
        if (cli_opt(&o, "items"))
            e = item_ids(app, cli_opt(&o, "items"), &a, ids, &in.n_items, &ei);
        if (e == BL_OK)
            e = bl_app_need_create(app, &bl_actor_system, org, &in, uid, &ei);
        if (e == BL_OK)
            printf("%s\n", uid);
    } else if (e == BL_OK) {
        e = bl_app_need_support(app, &bl_actor_system, org, cli_opt(&o, "need"),
                                cli_opt(&o, "comment"), &ei);
    }
    rc = e == BL_OK ? CLI_OK : cli_report("need", e, &ei);
    bl_arena_free(&a);
    bl_app_close(app);
    return rc;
}
