/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_user.c: `blason user add`, `blason user role` and `blason user token`,
 * for the operator: the first administrator of an organisation, roles, and
 * API tokens for automation.  The password is read from a file or stdin,
 * never from the command line (it would show in `ps`).
 */
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "cli/cli.h"
#include "cli/cli_site.h"
#include "core/mem.h"

enum bl_err cli_org_id(struct bl_app *app, const char *slug, int64_t *id, struct bl_errinfo *ei);

static int usage(bool help)
{
    fprintf(help ? stdout : stderr,
            "usage: blason user add --email EMAIL --name NAME [--password-file FILE|-]\n"
            "                       [--org SLUG --role admin|issuer|viewer]\n"
            "       blason user role --email EMAIL --org SLUG --role admin|issuer|viewer|none\n"
            "       blason user token --email EMAIL --org SLUG --name LABEL\n"
            "Site options: --config FILE --db URL --base-url URL --data DIR --master-key FILE\n");
    return help ? CLI_OK : CLI_USAGE;
}

/* The first line of a file ("-": stdin), without its newline. */
static enum bl_err read_password(const char *path, char **out, struct bl_errinfo *ei)
{
    char line[BL_APP_PASSWORD_MAX + 2];
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    *out = NULL;
    if (!f)
        return bl_fail(ei, BL_EIO, "%s: cannot open", path);
    char *got = fgets(line, sizeof line, f);
    if (f != stdin)
        fclose(f);
    if (!got)
        return bl_fail(ei, BL_EINVAL, "%s: no password", path);
    line[strcspn(line, "\r\n")] = '\0';
    *out = bl_strdup(line);
    bl_wipe(line, sizeof line);
    return BL_OK;
}

int cmd_user(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "email", "name",  "password-file",
                                          "org",         "role",  "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    char *password = NULL;
    enum bl_err e = BL_OK;
    int rc = cli_opts_parse("user", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1)
        return usage(cli_opt(&o, "help") != NULL);
    const char *verb = o.pos[0], *org = cli_opt(&o, "org"), *role_s = cli_opt(&o, "role");
    if (strcmp(verb, "add") != 0 && strcmp(verb, "role") != 0 && strcmp(verb, "token") != 0)
        return usage(false);
    enum bl_role role = bl_app_role_parse(role_s);
    if (role_s && role == BL_ROLE_NONE && strcmp(role_s, "none") != 0)
        return cli_usage_error("user", "--role is admin, issuer, viewer or none");
    if ((strcmp(verb, "add") != 0 || role_s) && !org)
        return cli_usage_error("user", "--org is needed");
    bl_errinfo_clear(&ei);
    if (cli_opt(&o, "password-file") &&
        (e = read_password(cli_opt(&o, "password-file"), &password, &ei)) != BL_OK)
        return cli_report("user", e, &ei);
    if ((rc = cli_site_open("user", &o, &app)) != CLI_OK)
        goto out;
    int64_t org_id = 0, id = 0;
    if (org)
        e = cli_org_id(app, org, &org_id, &ei);
    if (e == BL_OK && strcmp(verb, "add") == 0) {
        e = bl_app_account_add(app, &bl_actor_system, cli_opt(&o, "email"), cli_opt(&o, "name"),
                               password, org_id, role, &id, &ei);
        if (e == BL_OK)
            printf("account %lld: %s\n", (long long)id, cli_opt(&o, "email"));
    } else if (e == BL_OK && strcmp(verb, "role") == 0) {
        e = bl_app_member_set(app, &bl_actor_system, org_id, cli_opt(&o, "email"), role, &ei);
    } else if (e == BL_OK) {
        char *token = NULL;
        int64_t account = 0;
        e = bl_app_account_id(app, cli_opt(&o, "email"), &account, &ei);
        if (e == BL_OK)
            e = bl_app_apitoken_create(app, &bl_actor_system, account, org_id, cli_opt(&o, "name"),
                                       &token, &ei);
        if (e == BL_OK)
            printf("%s\n", token);
        bl_free(token);
    }
    rc = e == BL_OK ? CLI_OK : cli_report("user", e, &ei);
out:
    if (password)
        bl_wipe(password, strlen(password));
    bl_free(password);
    bl_app_close(app);
    return rc;
}
