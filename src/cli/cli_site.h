/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cli_site.h: what the site-administration verbs (db, org, user, badge,
 * award, revoke, token, serve) share: options of the form `--name value`,
 * and opening the application from the configuration (file, environment,
 * flags, in that order of precedence).
 */
#ifndef BL_CLI_SITE_H
#define BL_CLI_SITE_H

#include "app/app.h"
#include "server/config.h"

#define CLI_OPT_MAX 24

struct cli_opts {
    const char *name[CLI_OPT_MAX]; /* without "--" */
    const char *value[CLI_OPT_MAX];
    size_t n;
    const char *pos[CLI_OPT_MAX]; /* positional arguments */
    size_t npos;
};

/*
 * Parse argv[1..argc) against `allowed` (a NULL-terminated list of option
 * names; a name ending in '!' is a flag without value).  Prints the usage
 * error and returns CLI_USAGE on an unknown option or a missing value.
 */
int cli_opts_parse(const char *cmd, int argc, char **argv, const char *const *allowed,
                   struct cli_opts *o);
const char *cli_opt(const struct cli_opts *o, const char *name);

/* Options every site verb takes, for `allowed` lists. */
#define CLI_SITE_OPTS "config", "db", "base-url", "data", "master-key"

/* Load the configuration (file, environment, the flags above). */
int cli_site_config(const char *cmd, const struct cli_opts *o, struct bl_config *cfg);
/* Open the application (migrating the database) from the configuration. */
int cli_site_open(const char *cmd, const struct cli_opts *o, struct bl_app **app);

int cmd_db(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_badge(int argc, char **argv);
int cmd_award(int argc, char **argv);
int cmd_holder(int argc, char **argv);      /* cmd_holder.c */
int cmd_pathway(int argc, char **argv);     /* cmd_pathway.c */
int cmd_opportunity(int argc, char **argv); /* cmd_pathway.c */
int cmd_profile(int argc, char **argv);     /* cmd_pathway.c */
int cmd_revoke(int argc, char **argv);
int cmd_framework(int argc, char **argv);
int cmd_partner(int argc, char **argv);
int cmd_need(int argc, char **argv);

#endif
