/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_framework.c: `blason framework import|list`, for the operator: load a
 * competency framework file (CSV or JSON, docs/frameworks.md) for an
 * organisation after checking every line, or list the frameworks.
 */
#include <stdio.h>
#include <string.h>

#include "app/framework.h"
#include "cli/cli.h"
#include "cli/cli_site.h"
#include "core/mem.h"

enum bl_err cli_org_id(struct bl_app *app, const char *slug, int64_t *id, struct bl_errinfo *ei);

static int usage(bool help)
{
    fprintf(help ? stdout : stderr,
            "usage: blason framework import FILE --org SLUG [--name NAME] [--version V]\n"
            "                        [--source URL] [--check]\n"
            "       blason framework list\n"
            "FILE is CSV (code;label;parent;description;url) or JSON; --check only reports.\n"
            "Site options: --config FILE --db URL --base-url URL --data DIR --master-key FILE\n");
    return help ? CLI_OK : CLI_USAGE;
}

static int list(struct bl_app *app)
{
    struct bl_arena a;
    struct bl_framework *fw = NULL;
    size_t n = 0;
    struct bl_errinfo ei;
    bl_arena_init(&a);
    enum bl_err e = bl_app_framework_list(app, &a, &fw, &n, &ei);
    for (size_t i = 0; e == BL_OK && i < n; i++)
        printf("%s\t%s\t%s\t%lld items\n", fw[i].uid, fw[i].name, fw[i].version,
               (long long)fw[i].n_items);
    bl_arena_free(&a);
    return e == BL_OK ? CLI_OK : cli_report("framework", e, &ei);
}

int cmd_framework(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "org",    "name",  "version",
                                          "source",      "check!", "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    struct bl_arena a;
    struct bl_fw_file f;
    unsigned char *data = NULL;
    size_t n = 0;
    enum bl_err e = BL_OK;
    int rc = cli_opts_parse("framework", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos < 1)
        return usage(cli_opt(&o, "help") != NULL);
    bool import = strcmp(o.pos[0], "import") == 0;
    if (!import && !(strcmp(o.pos[0], "list") == 0 && o.npos == 1))
        return usage(false);
    if (import && (o.npos != 2 || !cli_opt(&o, "org")))
        return usage(false);
    bl_errinfo_clear(&ei);
    bl_arena_init(&a);
    if (import) {
        if ((e = cli_read_file(o.pos[1], BL_FW_FILE_MAX, &data, &n, &ei)) != BL_OK ||
            (e = bl_fw_file_read(data, n, &a, &f, &ei)) != BL_OK) {
            rc = cli_report("framework", e, &ei);
            goto out;
        }
        for (size_t i = 0; i < f.n_problems; i++)
            fprintf(stderr, "%s:%zu: %s%s%s\n", o.pos[1], f.problems[i].line,
                    f.problems[i].code ? f.problems[i].code : "", f.problems[i].code ? ": " : "",
                    f.problems[i].message);
        if (f.problems_total > f.n_problems)
            fprintf(stderr, "%s: %zu more problems\n", o.pos[1], f.problems_total - f.n_problems);
        if (f.problems_total > 0) {
            fprintf(stderr, "blason framework: %zu problems, nothing imported\n", f.problems_total);
            rc = CLI_INVALID;
            goto out;
        }
        if (cli_opt(&o, "check")) {
            printf("%zu items, no problem (%s)\n", f.n_items, f.format);
            goto out;
        }
    }
    if ((rc = cli_site_open("framework", &o, &app)) != CLI_OK)
        goto out;
    if (!import) {
        rc = list(app);
        goto out;
    }
    int64_t org = 0;
    char uid[23];
    struct bl_app_fw_input in = {.name = cli_opt(&o, "name"),
                                 .version = cli_opt(&o, "version"),
                                 .source = cli_opt(&o, "source")};
    if (!in.name && !f.name) {
        /* The file name without folder and extension names a CSV framework. */
        const char *base = strrchr(o.pos[1], '/');
        char *nm = bl_arena_strdup(&a, base ? base + 1 : o.pos[1]);
        char *dot = strrchr(nm, '.');
        if (dot && dot != nm)
            *dot = '\0';
        in.name = nm;
    }
    e = cli_org_id(app, cli_opt(&o, "org"), &org, &ei);
    if (e == BL_OK)
        e = bl_app_framework_import(app, &bl_actor_system, org, &in, &f, uid, &ei);
    if (e == BL_OK)
        printf("%s\t%zu items\n", uid, f.n_items);
    rc = e == BL_OK ? CLI_OK : cli_report("framework", e, &ei);
out:
    bl_app_close(app);
    bl_arena_free(&a);
    bl_free(data);
    return rc;
}
