/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cli_site.c: options and application opening for the site verbs.
 */
#include "cli/cli_site.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

int cli_opts_parse(const char *cmd, int argc, char **argv, const char *const *allowed,
                   struct cli_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (o->npos == CLI_OPT_MAX)
                return cli_usage_error(cmd, "too many arguments");
            o->pos[o->npos++] = a;
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t nl = eq ? (size_t)(eq - name) : strlen(name);
        const char *match = NULL;
        bool flag = false;
        for (const char *const *p = allowed; *p; p++) {
            size_t l = strlen(*p);
            bool f = (*p)[l - 1] == '!';
            if (f)
                l--;
            if (l == nl && strncmp(*p, name, nl) == 0) {
                match = *p;
                flag = f;
            }
        }
        if (!match)
            return cli_usage_error(cmd, "unknown option --%.*s", (int)nl, name);
        if (o->n == CLI_OPT_MAX)
            return cli_usage_error(cmd, "too many options");
        const char *value = "1";
        if (!flag) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return cli_usage_error(cmd, "--%.*s needs a value", (int)nl, name);
        }
        o->name[o->n] = match;
        o->value[o->n++] = value;
    }
    return CLI_OK;
}

const char *cli_opt(const struct cli_opts *o, const char *name)
{
    const char *v = NULL;
    size_t nl = strlen(name);
    for (size_t i = 0; i < o->n; i++)
        if (strncmp(o->name[i], name, nl) == 0 &&
            (o->name[i][nl] == '\0' || (o->name[i][nl] == '!' && o->name[i][nl + 1] == '\0')))
            v = o->value[i]; /* the last one wins */
    return v;
}

int cli_site_config(const char *cmd, const struct cli_opts *o, struct bl_config *cfg)
{
    struct bl_errinfo ei;
    static const char *const flags[][2] = {{"db", "db"},         {"base-url", "base_url"},
                                           {"data", "data"},     {"master-key", "master_key_file"},
                                           {"listen", "listen"}, {"threads", "threads"}};
    bl_errinfo_clear(&ei);
    bl_config_defaults(cfg);
    const char *file = cli_opt(o, "config");
    enum bl_err e = file ? bl_config_load_file(cfg, file, &ei) : BL_OK;
    if (e == BL_OK)
        e = bl_config_load_env(cfg, &ei);
    for (size_t i = 0; e == BL_OK && i < sizeof flags / sizeof flags[0]; i++) {
        const char *v = cli_opt(o, flags[i][0]);
        if (v)
            e = bl_config_set(cfg, flags[i][1], v, &ei);
    }
    if (e == BL_OK)
        e = bl_config_check(cfg, &ei);
    if (e != BL_OK) {
        cli_report(cmd, e, &ei);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_site_open(const char *cmd, const struct cli_opts *o, struct bl_app **app)
{
    struct bl_config cfg;
    struct bl_errinfo ei;
    char master[sizeof cfg.master_key_file + sizeof cfg.data_dir + 16];
    int rc = cli_site_config(cmd, o, &cfg);
    if (rc != CLI_OK)
        return rc;
    bl_errinfo_clear(&ei);
    /* The embedded default keeps the database and the master key in the data dir. */
    mkdir(cfg.data_dir, 0700);
    if (cfg.master_key_file[0])
        snprintf(master, sizeof master, "%s", cfg.master_key_file);
    else
        snprintf(master, sizeof master, "%s/master.key", cfg.data_dir);
    enum bl_err e = bl_app_open(cfg.db, 1, master, true, cfg.base_url, app, &ei);
    if (e != BL_OK)
        return cli_report(cmd, e, &ei);
    return CLI_OK;
}
