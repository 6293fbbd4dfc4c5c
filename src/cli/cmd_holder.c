/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_holder.c: `blason holder create` and `blason holder claim`, for the
 * operator and the tests: a young person's backpack (app/holder.h) with
 * its personal link, and giving it an award as a claim would.
 */
#include <stdio.h>
#include <string.h>

#include "app/holder.h"
#include "cli/cli.h"
#include "cli/cli_site.h"

static int usage(bool help)
{
    fprintf(help ? stdout : stderr,
            "usage: blason holder create --first-name NAME [--email EMAIL] [--phone PHONE]\n"
            "       blason holder claim --holder-link TOKEN --award UID\n"
            "create prints the holder's uid and personal link (BASE/sac/l/TOKEN).\n"
            "Site options: --config FILE --db URL --base-url URL --data DIR --master-key FILE\n");
    return help ? CLI_OK : CLI_USAGE;
}

int cmd_holder(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "first-name", "email", "phone",
                                          "holder-link", "award",      "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    struct bl_arena a;
    struct bl_holder h;
    enum bl_err e;
    int rc = cli_opts_parse("holder", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1)
        return usage(cli_opt(&o, "help") != NULL);
    const char *verb = o.pos[0];
    if (strcmp(verb, "create") != 0 && strcmp(verb, "claim") != 0)
        return usage(false);
    if (strcmp(verb, "claim") == 0 && (!cli_opt(&o, "holder-link") || !cli_opt(&o, "award")))
        return cli_usage_error("holder", "--holder-link and --award are needed");
    bl_errinfo_clear(&ei);
    if ((rc = cli_site_open("holder", &o, &app)) != CLI_OK)
        return rc;
    bl_arena_init(&a);
    if (strcmp(verb, "create") == 0) {
        const char *token = NULL;
        e = bl_app_holder_create(app, cli_opt(&o, "first-name"), cli_opt(&o, "email"),
                                 cli_opt(&o, "phone"), &a, &h, &token, &ei);
        if (e == BL_OK)
            printf("holder %s\n%s%s/%s\n", h.uid, app->base_url, BL_APP_HOLDER_LINK_PATH, token);
    } else {
        e = bl_app_holder_by_link(app, cli_opt(&o, "holder-link"), &a, &h, &ei);
        if (e == BL_OK)
            e = bl_app_holder_claim(app, h.id, cli_opt(&o, "award"), &ei);
        if (e == BL_OK)
            printf("award %s claimed by holder %s\n", cli_opt(&o, "award"), h.uid);
    }
    rc = e == BL_OK ? CLI_OK : cli_report("holder", e, &ei);
    bl_arena_free(&a);
    bl_app_close(app);
    return rc;
}
