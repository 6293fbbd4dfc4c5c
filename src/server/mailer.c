/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * mailer.c: the outbox sender thread of blason serve (mailer.h).  The work
 * itself is bl_app_mail_deliver (email) and bl_app_sms_deliver (text
 * messages); this file owns the thread, its pace, its stop and the
 * gateway's token.
 */
#include "mailer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/mail.h"
#include "app/sms.h"
#include "core/mem.h"

#define SMS_FROM_DEFAULT "Blason"

struct bl_mailer {
    struct bl_app *app;
    struct bl_app_mail_sender sender;
    char from[BL_CONFIG_VALUE_MAX];
    char url[BL_CONFIG_VALUE_MAX];
    bool mail_on, sms_on; /* smtp_url set; sms_url set */
    struct bl_app_sms_gateway sms;
    char sms_url[BL_CONFIG_VALUE_MAX], sms_from[BL_CONFIG_VALUE_MAX];
    char sms_token[BL_SMSGW_TOKEN_MAX + 1]; /* wiped on stop */
    atomic_bool stop;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
};

static void *run(void *arg);
static enum bl_err mail_setup(const struct bl_config *cfg, struct bl_mailer *m,
                              struct bl_errinfo *ei);
static enum bl_err sms_setup(const struct bl_config *cfg, struct bl_mailer *m,
                             struct bl_errinfo *ei);
static enum bl_err read_token(const char *path, char *out, size_t cap, struct bl_errinfo *ei);
static void default_from(const char *base_url, char *out, size_t cap);

enum bl_err bl_mailer_start(const struct bl_config *cfg, struct bl_app *app, struct bl_mailer **out,
                            struct bl_errinfo *ei)
{
    struct bl_mailer *m;
    pthread_condattr_t ca;
    enum bl_err e;

    *out = NULL;
    if (!cfg->smtp_url[0] && !cfg->sms_url[0])
        return BL_OK;
    m = bl_calloc(1, sizeof *m);
    m->app = app;
    if ((e = mail_setup(cfg, m, ei)) != BL_OK || (e = sms_setup(cfg, m, ei)) != BL_OK) {
        bl_wipe(m->sms_token, sizeof m->sms_token);
        bl_free(m);
        return e;
    }
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
        bl_wipe(m->sms_token, sizeof m->sms_token);
        bl_free(m);
        return bl_fail(ei, BL_EIO, "mail: cannot start the sender thread");
    }
    if (m->mail_on)
        fprintf(stderr, "blason: mail: sending the outbox from %s\n", m->from);
    if (m->sms_on)
        fprintf(stderr, "blason: sms: sending text messages as %s through the gateway\n",
                m->sms_from);
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
    bl_wipe(m->sms_token, sizeof m->sms_token);
    bl_free(m);
}

/* ---- helpers ---- */

static void *run(void *arg)
{
    struct bl_mailer *m = arg;

    while (!atomic_load(&m->stop)) {
        struct bl_errinfo ei;
        size_t sent = 0, failed = 0, sms_sent = 0, sms_failed = 0;
        bl_errinfo_clear(&ei);
        if (m->mail_on && bl_app_mail_deliver(m->app, &m->sender, &sent, &failed, &ei) != BL_OK)
            fprintf(stderr, "blason: mail: the outbox is unreachable: %s\n", ei.msg);
        if (failed > 0)
            fprintf(stderr, "blason: mail: %zu sent, %zu failed (retried later)\n", sent, failed);
        if (m->sms_on && !atomic_load(&m->stop) &&
            bl_app_sms_deliver(m->app, &m->sms, &sms_sent, &sms_failed, &ei) != BL_OK)
            fprintf(stderr, "blason: sms: the outbox is unreachable: %s\n", ei.msg);
        if (sms_failed > 0)
            fprintf(stderr, "blason: sms: %zu sent, %zu failed (see outbox.last_error)\n", sms_sent,
                    sms_failed);
        /* A full batch: more may be due at once. */
        if (sent + failed == BL_APP_MAIL_BATCH || sms_sent + sms_failed == BL_APP_MAIL_BATCH)
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

/* smtp_url, mail_from and mail_retry; nothing to do without smtp_url. */
static enum bl_err mail_setup(const struct bl_config *cfg, struct bl_mailer *m,
                              struct bl_errinfo *ei)
{
    enum bl_err e;

    if (!cfg->smtp_url[0])
        return BL_OK;
    if ((e = bl_smtp_check_url(cfg->smtp_url, ei)) != BL_OK)
        return e;
    (void)snprintf(m->url, sizeof m->url, "%s", cfg->smtp_url);
    if (cfg->mail_from[0])
        (void)snprintf(m->from, sizeof m->from, "%s", cfg->mail_from);
    else
        default_from(cfg->base_url, m->from, sizeof m->from);
    if (strlen(m->from) > 254 || !strchr(m->from, '@') || strpbrk(m->from, " <>\"\r\n,;"))
        return bl_fail(ei, BL_EINVAL, "mail_from: a plain address such as badges@example.org");
    e = bl_app_mail_retry_parse(cfg->mail_retry[0] ? cfg->mail_retry : BL_APP_MAIL_RETRY_DEFAULT,
                                &m->sender, ei);
    if (e != BL_OK)
        return e;
    m->sender.smtp.url = m->url;
    m->sender.smtp.from = m->from;
    m->sender.smtp.cancel = &m->stop;
    m->mail_on = true;
    return BL_OK;
}

/* sms_url, sms_token_file, sms_from and sms_retry; nothing to do without sms_url. */
static enum bl_err sms_setup(const struct bl_config *cfg, struct bl_mailer *m,
                             struct bl_errinfo *ei)
{
    enum bl_err e;

    if (!cfg->sms_url[0])
        return BL_OK;
    if ((e = bl_smsgw_check_url(cfg->sms_url, ei)) != BL_OK)
        return e;
    (void)snprintf(m->sms_url, sizeof m->sms_url, "%s", cfg->sms_url);
    (void)snprintf(m->sms_from, sizeof m->sms_from, "%s",
                   cfg->sms_from[0] ? cfg->sms_from : SMS_FROM_DEFAULT);
    if ((e = bl_smsgw_check_from(m->sms_from, ei)) != BL_OK)
        return e;
    if (!cfg->sms_token_file[0])
        return bl_fail(ei, BL_EINVAL,
                       "sms_token_file: required with sms_url (a file holding the gateway's "
                       "bearer token, mode 0600)");
    if ((e = read_token(cfg->sms_token_file, m->sms_token, sizeof m->sms_token, ei)) != BL_OK)
        return e;
    e = bl_app_retry_parse("sms_retry",
                           cfg->sms_retry[0] ? cfg->sms_retry : BL_APP_SMS_RETRY_DEFAULT,
                           m->sms.retry, &m->sms.nretry, ei);
    if (e != BL_OK)
        return e;
    m->sms.gw.url = m->sms_url;
    m->sms.gw.token = m->sms_token;
    m->sms.gw.from = m->sms_from;
    m->sms.gw.cancel = &m->stop;
    m->sms_on = true;
    return BL_OK;
}

/*
 * The gateway's token from its file: readable by us only, as the master
 * key (chmod 600); one line, surrounding blanks dropped.
 */
static enum bl_err read_token(const char *path, char *out, size_t cap, struct bl_errinfo *ei)
{
    struct stat st;
    ssize_t got;
    size_t n, start = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return bl_fail(ei, BL_EIO, "sms_token_file: %s: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
        close(fd);
        return bl_fail(ei, BL_EINVAL,
                       "sms_token_file: %s must not be readable by others (chmod 600)", path);
    }
    got = read(fd, out, cap - 1);
    close(fd);
    if (got < 0)
        return bl_fail(ei, BL_EIO, "sms_token_file: %s: %s", path, strerror(errno));
    if ((size_t)got == cap - 1)
        return bl_fail(ei, BL_ETOOBIG, "sms_token_file: %s: longer than %zu bytes", path, cap - 2);
    n = (size_t)got;
    while (n > 0 &&
           (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' ' || out[n - 1] == '\t'))
        n--;
    while (start < n && (out[start] == ' ' || out[start] == '\t'))
        start++;
    memmove(out, out + start, n - start);
    out[n - start] = '\0';
    for (size_t i = 0; i < n - start; i++)
        if ((unsigned char)out[i] < 0x21 || (unsigned char)out[i] > 0x7e)
            out[0] = '\0'; /* one printable word, or refused below */
    if (!out[0])
        return bl_fail(ei, BL_EINVAL, "sms_token_file: %s: one token on one line is expected",
                       path);
    return BL_OK;
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
