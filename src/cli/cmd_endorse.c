/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_endorse.c: `blason endorse` (an organisation endorses a badge class,
 * an issuer or an award) and `blason endorse withdraw`, as the operator.
 */
#include <stdio.h>
#include <string.h>

#include "app/endorse.h"
#include "app/recommend.h"
#include "cli/cli.h"
#include "cli/cli_site.h"
#include "core/obdate.h"

enum bl_err cli_org_id(struct bl_app *app, const char *slug, int64_t *id, struct bl_errinfo *ei);

/* The last path segment of a URL, or s itself: URLs and ids are both accepted. */
static const char *last_segment(const char *s)
{
    const char *p = s ? strrchr(s, '/') : NULL;
    return p ? p + 1 : s;
}

static int usage(bool help)
{
    fprintf(help ? stdout : stderr,
            "usage: blason endorse --org SLUG --comment TEXT\n"
            "         (--badge UID | --issuer SLUG | --award UID --endorser-name NAME)\n"
            "         [--expires DATE]\n"
            "       blason endorse withdraw ENDORSEMENT-UID\n"
            "       blason endorse show|hide ENDORSEMENT-UID\n"
            "       blason endorse recommend --award UID --tutor-name NAME --tutor-email EMAIL\n"
            "The organisation SLUG signs with its own keys; prints the endorsement URL.\n"
            "DATE is RFC 3339 (2027-06-30T23:59:59Z).  An award's recommendation\n"
            "(--award) is hidden until shown.  `recommend` mails a tutor a single-use\n"
            "link (30 days) to recommend an award, and prints it.\n");
    return help ? CLI_OK : CLI_USAGE;
}

int cmd_endorse(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "org",         "comment", "badge",
                                          "issuer",      "award",       "expires", "endorser-name",
                                          "tutor-name",  "tutor-email", "help!",   NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    int rc = cli_opts_parse("endorse", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    bool help = cli_opt(&o, "help") != NULL;
    bool action = o.npos == 2 && (strcmp(o.pos[0], "withdraw") == 0 ||
                                  strcmp(o.pos[0], "show") == 0 || strcmp(o.pos[0], "hide") == 0);
    bool recommend = o.npos == 1 && strcmp(o.pos[0], "recommend") == 0;
    if (help || (o.npos != 0 && !action && !recommend))
        return usage(help);
    bl_errinfo_clear(&ei);
    if (recommend) {
        char token[BL_APP_TOKEN_LEN + 1];
        if (!cli_opt(&o, "award"))
            return usage(false);
        if ((rc = cli_site_open("endorse", &o, &app)) != CLI_OK)
            return rc;
        enum bl_err e = bl_app_recommend_invite(
            app, &bl_actor_system, last_segment(cli_opt(&o, "award")), cli_opt(&o, "tutor-email"),
            cli_opt(&o, "tutor-name"), token, &ei);
        if (e == BL_OK)
            printf("%s%s/%s\n", app->base_url, BL_RECOMMEND_PATH, token);
        rc = e == BL_OK ? CLI_OK : cli_report("endorse", e, &ei);
        bl_app_close(app);
        return rc;
    }
    if (action) {
        if ((rc = cli_site_open("endorse", &o, &app)) != CLI_OK)
            return rc;
        const char *uid = last_segment(o.pos[1]);
        enum bl_err e = strcmp(o.pos[0], "withdraw") == 0
                            ? bl_app_endorse_withdraw(app, &bl_actor_system, uid, &ei)
                            : bl_app_endorse_set_visible(app, &bl_actor_system, uid,
                                                         strcmp(o.pos[0], "show") == 0, &ei);
        rc = e == BL_OK ? CLI_OK : cli_report("endorse", e, &ei);
        bl_app_close(app);
        return rc;
    }
    struct bl_app_endorse_input in = {.comment = cli_opt(&o, "comment"),
                                      .endorser_name = cli_opt(&o, "endorser-name")};
    int nsub = 0;
    if (cli_opt(&o, "badge")) {
        in.kind = BL_ENDORSE_BADGE;
        in.subject = last_segment(cli_opt(&o, "badge"));
        nsub++;
    }
    if (cli_opt(&o, "issuer")) {
        in.kind = BL_ENDORSE_ORG;
        in.subject = last_segment(cli_opt(&o, "issuer"));
        nsub++;
    }
    if (cli_opt(&o, "award")) {
        in.kind = BL_ENDORSE_AWARD;
        in.subject = last_segment(cli_opt(&o, "award"));
        nsub++;
    }
    if (nsub != 1 || !cli_opt(&o, "org"))
        return usage(false);
    if (cli_opt(&o, "expires") &&
        bl_obdate_parse_tz(cli_opt(&o, "expires"), &in.expires_at, &ei) != BL_OK)
        return cli_usage_error("endorse", "--expires: an RFC 3339 date is expected");
    if ((rc = cli_site_open("endorse", &o, &app)) != CLI_OK)
        return rc;
    struct bl_arena a;
    struct bl_endorsement out;
    int64_t org_id = 0;
    bl_arena_init(&a);
    enum bl_err e = cli_org_id(app, cli_opt(&o, "org"), &org_id, &ei);
    if (e == BL_OK)
        e = bl_app_endorse(app, &bl_actor_system, org_id, &in, &a, &out, &ei);
    if (e == BL_OK)
        printf("%s\n", bl_app_endorsement_url(&a, app, out.uid));
    rc = e == BL_OK ? CLI_OK : cli_report("endorse", e, &ei);
    bl_arena_free(&a);
    bl_app_close(app);
    return rc;
}
