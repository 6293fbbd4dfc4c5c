/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_award.c: `blason badge add`, `blason award` and `blason revoke`: the
 * issuing use cases from the command line, acting as the operator.  They
 * write to the same database as `blason serve`, so what they issue is
 * served (and verifiable) at once.
 */
#include <stdio.h>
#include <string.h>

#include "app/badge.h"
#include "app/docs.h"
#include "cli/cli.h"
#include "cli/cli_site.h"
#include "core/limits.h"
#include "core/mem.h"

enum bl_err cli_org_id(struct bl_app *app, const char *slug, int64_t *id, struct bl_errinfo *ei);

int cmd_badge(int argc, char **argv)
{
    static const char *const allowed[] = {
        CLI_SITE_OPTS,        "org",   "name",     "description", "criteria",
        "criteria-url",       "image", "validity", "tags",        "alignments",
        "evidence-required!", "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    unsigned char *img = NULL;
    size_t nimg = 0;
    enum bl_err e = BL_OK;
    int rc = cli_opts_parse("badge", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1 || strcmp(o.pos[0], "add") != 0) {
        fprintf(cli_opt(&o, "help") ? stdout : stderr,
                "usage: blason badge add --org SLUG --name NAME --description TEXT\n"
                "         (--criteria TEXT | --criteria-url URL) --image FILE.png|svg\n"
                "         [--validity none|until:YYYY-MM-DD|months:N] [--tags JSON]\n"
                "         [--alignments JSON] [--evidence-required]\n");
        return cli_opt(&o, "help") ? CLI_OK : CLI_USAGE;
    }
    bl_errinfo_clear(&ei);
    if (!cli_opt(&o, "image"))
        return cli_usage_error("badge", "--image is needed (PNG or SVG)");
    if ((e = cli_read_file(cli_opt(&o, "image"), BL_IMAGE_MAX_DEFAULT, &img, &nimg, &ei)) != BL_OK)
        return cli_report("badge", e, &ei);
    if ((rc = cli_site_open("badge", &o, &app)) != CLI_OK)
        goto out;
    int64_t org_id = 0, id = 0;
    char uid[23];
    struct bl_app_badge_input in = {
        .name = cli_opt(&o, "name"),
        .description = cli_opt(&o, "description"),
        .criteria_narrative = cli_opt(&o, "criteria"),
        .criteria_url = cli_opt(&o, "criteria-url"),
        .image = img,
        .image_len = nimg,
        .alignments_json = cli_opt(&o, "alignments"),
        .tags_json = cli_opt(&o, "tags"),
        .validity = cli_opt(&o, "validity"),
        .evidence_required = cli_opt(&o, "evidence-required") != NULL,
    };
    e = cli_org_id(app, cli_opt(&o, "org"), &org_id, &ei);
    if (e == BL_OK)
        e = bl_app_badge_create(app, &bl_actor_system, org_id, &in, uid, &id, &ei);
    if (e == BL_OK)
        printf("%s/badges/%s\n", app->base_url, uid);
    rc = e == BL_OK ? CLI_OK : cli_report("badge", e, &ei);
out:
    bl_app_close(app);
    bl_free(img);
    return rc;
}

int cmd_award(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "badge",        "email",    "name",
                                          "narrative",   "evidence-url", "evidence", "key",
                                          "notify!",     "help!",        NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    int rc = cli_opts_parse("award", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 0 || !cli_opt(&o, "badge")) {
        fprintf(
            cli_opt(&o, "help") ? stdout : stderr,
            "usage: blason award --badge UID --email EMAIL [--name NAME] [--narrative TEXT]\n"
            "         [--evidence-url URL] [--evidence TEXT] [--key IDEMPOTENCY-KEY] [--notify]\n"
            "Prints the hosted assertion URL; the same --key never issues twice.\n"
            "--notify queues an email to the recipient, sent by `blason serve` when\n"
            "smtp_url is set.\n");
        return cli_opt(&o, "help") ? CLI_OK : CLI_USAGE;
    }
    if ((rc = cli_site_open("award", &o, &app)) != CLI_OK)
        return rc;
    struct bl_app_award_input in = {
        .email = cli_opt(&o, "email"),
        .name = cli_opt(&o, "name"),
        .narrative = cli_opt(&o, "narrative"),
        .evidence_url = cli_opt(&o, "evidence-url"),
        .evidence_text = cli_opt(&o, "evidence"),
        .idem_key = cli_opt(&o, "key"),
        .notify = cli_opt(&o, "notify") != NULL,
    };
    struct bl_arena a;
    struct bl_award aw;
    bool existed = false;
    bl_arena_init(&a);
    bl_errinfo_clear(&ei);
    enum bl_err e =
        bl_app_award(app, &bl_actor_system, cli_opt(&o, "badge"), &in, &a, &aw, &existed, &ei);
    if (e == BL_OK) {
        printf("%s\n", bl_app_award_url(&a, app, aw.uid));
        if (existed)
            fprintf(stderr, "blason award: already issued with this key; nothing new issued\n");
    }
    rc = e == BL_OK ? CLI_OK : cli_report("award", e, &ei);
    bl_arena_free(&a);
    bl_app_close(app);
    return rc;
}

int cmd_revoke(int argc, char **argv)
{
    static const char *const allowed[] = {CLI_SITE_OPTS, "reason", "help!", NULL};
    struct cli_opts o;
    struct bl_app *app = NULL;
    struct bl_errinfo ei;
    int rc = cli_opts_parse("revoke", argc, argv, allowed, &o);
    if (rc != CLI_OK)
        return rc;
    if (cli_opt(&o, "help") || o.npos != 1) {
        fprintf(cli_opt(&o, "help") ? stdout : stderr,
                "usage: blason revoke AWARD-UID [--reason TEXT]\n");
        return cli_opt(&o, "help") ? CLI_OK : CLI_USAGE;
    }
    if ((rc = cli_site_open("revoke", &o, &app)) != CLI_OK)
        return rc;
    /* Accept the award URL as well as its uid. */
    const char *uid = strrchr(o.pos[0], '/') ? strrchr(o.pos[0], '/') + 1 : o.pos[0];
    bl_errinfo_clear(&ei);
    enum bl_err e = bl_app_revoke(app, &bl_actor_system, uid, cli_opt(&o, "reason"), &ei);
    rc = e == BL_OK ? CLI_OK : cli_report("revoke", e, &ei);
    bl_app_close(app);
    return rc;
}
