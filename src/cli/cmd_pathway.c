/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_pathway.c: `blason pathway add`, `blason opportunity add` and
 * `blason profile`, for the operator and the demo data (scripts/demo.sh):
 * the same use cases as the issuer space (app/pathway.h,
 * app/opportunity.h, app/network.h), run as the system.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/network.h"
#include "app/opportunity.h"
#include "app/pathway.h"
#include "cli/cli.h"
#include "cli/cli_site.h"
#include "core/mem.h"

enum bl_err cli_org_id(struct bl_app *app, const char *slug, int64_t *id, struct bl_errinfo *ei);

#define DEF_FILE_MAX (256u * 1024) /* a definition file: the engine's JSON limit */

static int usage(const char *cmd, bool help)
{
    FILE *f = help ? stdout : stderr;
    if (strcmp(cmd, "pathway") == 0)
        fprintf(f, "usage: blason pathway add --org SLUG --name NAME --definition FILE|-\n"
                   "                          [--description TEXT] [--goal BADGE-UID]\n"
                   "FILE is the JSON of docs/internals/pathway.md; prints the pathway's uid.\n");
    else if (strcmp(cmd, "opportunity") == 0)
        fprintf(f,
                "usage: blason opportunity add --org SLUG --kind KIND --title TEXT\n"
                "         [--description TEXT] [--place TEXT] [--start YYYY-MM-DD]\n"
                "         [--end YYYY-MM-DD] [--places N] [--pathway UID] [--badges UID,UID...]\n"
                "KIND: emploi entretien immersion apprentissage formation; prints the uid.\n");
    else
        fprintf(f, "usage: blason profile --org SLUG [--siret DIGITS] [--sector TEXT]\n"
                   "         [--contact NAME] [--contact-email EMAIL]\n"
                   "Changes a partner's profile; the SIRET is checked (format and checksum).\n");
    fprintf(f,
            "Site options: --config FILE --db URL --base-url URL --data DIR --master-key FILE\n");
    return help ? CLI_OK : CLI_USAGE;
}

int cmd_pathway(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "org",  "name",  "definition",
                                          "description", "goal", "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    unsigned char *def = NULL;
    size_t n = 0;
    int64_t org = 0;
    char uid[23];
    int rc = cli_opts_parse("pathway", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1 || strcmp(o.pos[0], "add") != 0)
        return usage("pathway", cli_opt(&o, "help") != NULL);
    if (!cli_opt(&o, "org") || !cli_opt(&o, "definition"))
        return cli_usage_error("pathway", "--org and --definition are needed");
    bl_errinfo_clear(&ei);
    enum bl_err e = cli_read_file(cli_opt(&o, "definition"), DEF_FILE_MAX, &def, &n, &ei);
    if (e != BL_OK)
        return cli_report("pathway", e, &ei);
    if ((rc = cli_site_open("pathway", &o, &app)) != CLI_OK) {
        bl_free(def);
        return rc;
    }
    char *text = bl_strndup((const char *)def, n);
    struct bl_app_pathway_input in = {.name = cli_opt(&o, "name"),
                                      .description = cli_opt(&o, "description"),
                                      .definition_json = text,
                                      .goal_badge_uid = cli_opt(&o, "goal")};
    e = cli_org_id(app, cli_opt(&o, "org"), &org, &ei);
    if (e == BL_OK)
        e = bl_app_pathway_create(app, &bl_actor_system, org, &in, uid, &ei);
    if (e == BL_OK)
        printf("%s\n", uid);
    rc = e == BL_OK ? CLI_OK : cli_report("pathway", e, &ei);
    bl_free(text);
    bl_free(def);
    bl_app_close(app);
    return rc;
}

int cmd_opportunity(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "org",   "kind", "title",  "description",
                                          "place",       "start", "end",  "places", "pathway",
                                          "badges",      "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    struct bl_arena a;
    const char *uids[BL_APP_OPP_REQ_MAX];
    size_t nb = 0;
    int64_t org = 0;
    char uid[23];
    int rc = cli_opts_parse("opportunity", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1 || strcmp(o.pos[0], "add") != 0)
        return usage("opportunity", cli_opt(&o, "help") != NULL);
    if (!cli_opt(&o, "org"))
        return cli_usage_error("opportunity", "--org is needed");
    const char *places = cli_opt(&o, "places");
    char *end = NULL;
    long long np = places ? strtoll(places, &end, 10) : 1;
    if (places && (!*places || *end || np < 1 || np > BL_APP_OPP_PLACES_MAX))
        return cli_usage_error("opportunity", "--places: a number from 1 to %d",
                               BL_APP_OPP_PLACES_MAX);
    bl_errinfo_clear(&ei);
    if ((rc = cli_site_open("opportunity", &o, &app)) != CLI_OK)
        return rc;
    bl_arena_init(&a);
    /* --badges: a comma-separated list of badge class uids. */
    char *list = bl_arena_strdup(&a, cli_opt(&o, "badges") ? cli_opt(&o, "badges") : "");
    for (char *p = list; *p && nb < BL_APP_OPP_REQ_MAX;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (*p)
            uids[nb++] = p;
        p = comma ? comma + 1 : p + strlen(p);
    }
    struct bl_app_opp_input in = {.kind = cli_opt(&o, "kind") ? cli_opt(&o, "kind") : "",
                                  .title = cli_opt(&o, "title"),
                                  .description = cli_opt(&o, "description"),
                                  .place = cli_opt(&o, "place"),
                                  .start_date = cli_opt(&o, "start") ? cli_opt(&o, "start") : "",
                                  .end_date = cli_opt(&o, "end") ? cli_opt(&o, "end") : "",
                                  .places = np,
                                  .badge_uids = uids,
                                  .n_badges = nb};
    enum bl_err e = cli_org_id(app, cli_opt(&o, "org"), &org, &ei);
    if (e == BL_OK && cli_opt(&o, "pathway")) {
        struct bl_app_pathway_view v;
        e = bl_app_pathway_get(app, &bl_actor_system, cli_opt(&o, "pathway"), &a, &v, &ei);
        in.pathway_id = v.row.id;
    }
    if (e == BL_OK)
        e = bl_app_opp_save(app, &bl_actor_system, org, NULL, &in, uid, &ei);
    if (e == BL_OK)
        printf("%s\n", uid);
    rc = e == BL_OK ? CLI_OK : cli_report("opportunity", e, &ei);
    bl_arena_free(&a);
    bl_app_close(app);
    return rc;
}

int cmd_profile(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "org",           "siret", "sector",
                                          "contact",     "contact-email", "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    struct bl_arena a;
    struct bl_app_partner_view v;
    int rc = cli_opts_parse("profile", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 0 || !cli_opt(&o, "org"))
        return usage("profile", cli_opt(&o, "help") != NULL);
    bl_errinfo_clear(&ei);
    if ((rc = cli_site_open("profile", &o, &app)) != CLI_OK)
        return rc;
    bl_arena_init(&a);
    /* What is not given stays as it is. */
    enum bl_err e = bl_app_partner_by_slug(app, cli_opt(&o, "org"), &a, &v, &ei);
    if (e == BL_OK) {
#define KEEP(opt, old) (cli_opt(&o, opt) ? cli_opt(&o, opt) : (old))
        struct bl_app_profile_input in = {.name = v.org.name,
                                          .url = v.org.url,
                                          .description = v.org.description,
                                          .sector = KEEP("sector", v.profile.sector),
                                          .siret = KEEP("siret", v.profile.siret),
                                          .contact_name = KEEP("contact", v.profile.contact_name),
                                          .contact_email =
                                              KEEP("contact-email", v.profile.contact_email),
                                          .contact_phone = v.profile.contact_phone};
#undef KEEP
        e = bl_app_partner_update(app, &bl_actor_system, v.org.id, &in, &ei);
    }
    rc = e == BL_OK ? CLI_OK : cli_report("profile", e, &ei);
    bl_arena_free(&a);
    bl_app_close(app);
    return rc;
}
