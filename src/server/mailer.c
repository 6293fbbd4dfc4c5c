/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * mailer.c: the outbox sender thread of blason serve (mailer.h).  The work
 * itself is bl_app_mail_deliver; this file owns the thread, its pace and
 * its stop.
 */
#include "mailer.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/mail.h"
#include "core/mem.h"

struct bl_mailer {
    struct bl_app *app;
    struct bl_app_mail_sender sender;
    char from[BL_CONFIG_VALUE_MAX];
    char url[BL_CONFIG_VALUE_MAX];
    atomic_bool stop;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
};

static void *run(void *arg);
static void default_from(const char *base_url, char *out, size_t cap);

enum bl_err bl_mailer_start(const struct bl_config *cfg, struct bl_app *app, struct bl_mailer **out,
                            struct bl_errinfo *ei)
{
    struct bl_mailer *m;
    pthread_condattr_t ca;
    enum bl_err e;

    *out = NULL;
    if (!cfg->smtp_url[0])
        return BL_OK;
    if ((e = bl_smtp_check_url(cfg->smtp_url, ei)) != BL_OK)
        return e;
    m = bl_calloc(1, sizeof *m);
    m->app = app;
    (void)snprintf(m->url, sizeof m->url, "%s", cfg->smtp_url);
    if (cfg->mail_from[0])
        (void)snprintf(m->from, sizeof m->from, "%s", cfg->mail_from);
    else
        default_from(cfg->base_url, m->from, sizeof m->from);
    if (strlen(m->from) > 254 || !strchr(m->from, '@') || strpbrk(m->from, " <>\"\r\n,;")) {
        bl_free(m);
        return bl_fail(ei, BL_EINVAL, "mail_from: a plain address such as badges@example.org");
    }
    e = bl_app_mail_retry_parse(cfg->mail_retry[0] ? cfg->mail_retry : BL_APP_MAIL_RETRY_DEFAULT,
                                &m->sender, ei);
    if (e != BL_OK) {
        bl_free(m);
        return e;
    }
    m->sender.smtp.url = m->url;
    m->sender.smtp.from = m->from;
    m->sender.smtp.cancel = &m->stop;
    atomic_init(&m->stop, false);
    pthread_mutex_init(&m->lock, NULL);
    /* A monotonic clock for the waits: a clock change neither stalls nor rushes the mailer. */
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&m->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&m->thread, NULL, run, m) != 0) {
        pthread_cond_destroy(&m->wake);
        pthread_mutex_destroy(&m->lock);
        bl_free(m);
        return bl_fail(ei, BL_EIO, "mail: cannot start the sender thread");
    }
    fprintf(stderr, "blason: mail: sending the outbox from %s\n", m->from);
    *out = m;
    return BL_OK;
}

void bl_mailer_stop(struct bl_mailer *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    atomic_store(&m->stop, true);
    pthread_cond_signal(&m->wake);
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    pthread_cond_destroy(&m->wake);
    pthread_mutex_destroy(&m->lock);
    bl_free(m);
}

/* ---- helpers ---- */

static void *run(void *arg)
{
    struct bl_mailer *m = arg;

    while (!atomic_load(&m->stop)) {
        struct bl_errinfo ei;
        size_t sent = 0, failed = 0;
        bl_errinfo_clear(&ei);
        if (bl_app_mail_deliver(m->app, &m->sender, &sent, &failed, &ei) != BL_OK)
            fprintf(stderr, "blason: mail: the outbox is unreachable: %s\n", ei.msg);
        if (failed > 0)
            fprintf(stderr, "blason: mail: %zu sent, %zu failed (retried later)\n", sent, failed);
        /* A full batch: more may be due at once. */
        if (sent + failed == BL_APP_MAIL_BATCH)
            continue;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += BL_MAILER_POLL_S;
        pthread_mutex_lock(&m->lock);
        while (!atomic_load(&m->stop) && pthread_cond_timedwait(&m->wake, &m->lock, &until) == 0)
            ;
        pthread_mutex_unlock(&m->lock);
    }
    return NULL;
}

/* badges@HOST of the base URL; badges@localhost when HOST is not a plain name. */
static void default_from(const char *base_url, char *out, size_t cap)
{
    const char *h = strstr(base_url, "://");
    size_t n = 0;
    h = h ? h + 3 : base_url;
    while (h[n] && h[n] != ':' && h[n] != '/' && h[n] != '[' && h[n] != '@')
        n++;
    if (n == 0 || h[n] == '[' || n > 200)
        (void)snprintf(out, cap, "badges@localhost");
    else
        (void)snprintf(out, cap, "badges@%.*s", (int)n, h);
}
