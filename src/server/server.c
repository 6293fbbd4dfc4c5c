/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * server.c: start the HTTP daemon with the route table, wait for a signal
 * in the main thread, stop gracefully (server.h).
 */
#include "server.h"

#include <pthread.h>
#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "core/mem.h"

#include "http.h"
#include "mailer.h"
#include "page.h"
#include "routes.h"

enum bl_err bl_server_start(const struct bl_config *cfg, struct bl_errinfo *ei)
{
    char master[sizeof cfg->master_key_file + sizeof cfg->data_dir + 16];
    struct bl_app *app = NULL;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    /* One database connection per worker thread, plus one for background work. */
    unsigned pool = (cfg->threads ? cfg->threads : (unsigned)(cores > 0 ? cores : 1)) + 1;

    /* The embedded default keeps its database and master key in the data dir. */
    if (mkdir(cfg->data_dir, 0700) != 0 && errno != EEXIST)
        return bl_fail(ei, BL_EIO, "%s: cannot create the data directory: %s", cfg->data_dir,
                       strerror(errno));
    if (cfg->master_key_file[0])
        snprintf(master, sizeof master, "%s", cfg->master_key_file);
    else
        snprintf(master, sizeof master, "%s/master.key", cfg->data_dir);
    enum bl_err rc = bl_app_open(cfg->db, pool, master, true, cfg->base_url, &app, ei);
    if (rc != BL_OK)
        return rc;
    /* Issuers' SVGs are drawn by this same program in a child (app/raster_child.h). */
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len > 0) {
        self[len] = '\0';
        app->raster_exe = bl_strdup(self);
    }
    app->claim_limit = cfg->claim_limit;
    rc = bl_server_run(cfg, app, ei);
    bl_app_close(app);
    return rc;
}

enum bl_err bl_server_run(const struct bl_config *cfg, void *app, struct bl_errinfo *ei)
{
    struct bl_http_opts opts = {
        .cfg = cfg,
        .routes = bl_routes,
        .n_routes = bl_routes_count,
        .app = app,
        .error_page = bl_page_error, /* error.html in the layout */
    };
    struct bl_http *h = NULL;
    struct bl_mailer *mailer = NULL;
    sigset_t set, old;
    int sig = 0;
    enum bl_err rc;

    /* Block the signals before any thread starts, so that every MHD thread
     * inherits the mask and only sigwait below receives them. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    signal(SIGPIPE, SIG_IGN);
    rc = bl_routes_init(cfg, ei);
    if (rc != BL_OK)
        goto out;
    rc = bl_http_start(&opts, &h, ei);
    if (rc != BL_OK)
        goto out;
    /* The outbox sender, when smtp_url is set (after the signal mask: it inherits it). */
    if (app && (rc = bl_mailer_start(cfg, app, &mailer, ei)) != BL_OK) {
        bl_http_stop(h, 0);
        goto out;
    }
    fprintf(stderr, "blason: serving http://%s/ (base URL %s)%s\n", cfg->listen, cfg->base_url,
            cfg->test_routes ? ", with the test routes" : "");
    while (sigwait(&set, &sig) != 0)
        ;
    fprintf(stderr, "blason: %s received, finishing the requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    bl_mailer_stop(mailer); /* first: a send in flight is abandoned, not waited for */
    bl_http_stop(h, BL_HTTP_GRACE_S);
    fprintf(stderr, "blason: stopped\n");
out:
    bl_routes_fini();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}
