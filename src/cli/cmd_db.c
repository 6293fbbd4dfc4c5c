/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_db.c: `blason db migrate|version`: apply the embedded migrations, or
 * say which schema version the database has.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_site.h"
#include "store/store.h"

int cmd_db(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "help!", NULL};
    struct cli_opts o;
    struct bl_config cfg;
    struct bl_errinfo ei;
    struct bl_store *s = NULL;
    int rc = cli_opts_parse("db", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1 ||
        (strcmp(o.pos[0], "migrate") != 0 && strcmp(o.pos[0], "version") != 0)) {
        fprintf(cli_opt(&o, "help") ? stdout : stderr,
                "usage: blason db migrate|version [--db URL] [--config FILE]\n"
                "  migrate   apply the schema migrations the database lacks\n"
                "  version   print the schema version of the database and of this binary\n");
        return cli_opt(&o, "help") ? CLI_OK : CLI_USAGE;
    }
    if ((rc = cli_site_config("db", &o, &cfg)) != CLI_OK)
        return rc;
    bl_errinfo_clear(&ei);
    enum bl_err e = bl_store_open(cfg.db, 1, 0, &s, &ei);
    if (e == BL_OK && strcmp(o.pos[0], "migrate") == 0) {
        unsigned applied = 0;
        e = bl_store_migrate(s, &applied, &ei);
        if (e == BL_OK)
            printf("%u migration%s applied\n", applied, applied == 1 ? "" : "s");
    } else if (e == BL_OK) {
        int cur = 0, latest = 0;
        e = bl_store_version(s, &cur, &latest, &ei);
        if (e == BL_OK)
            printf("%s schema %d (this binary knows %d)\n", bl_store_backend(s), cur, latest);
    }
    bl_store_close(s);
    return e == BL_OK ? CLI_OK : cli_report("db", e, &ei);
}
