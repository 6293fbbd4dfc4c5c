/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * app.c: opening the application (store + master key + base URL), the
 * clock, public identifiers, authorisation and the audit log.
 */
#include "app/app.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/base64.h"
#include "core/buf.h"
#include "core/jsonld.h"
#include "core/mem.h"
#include "core/rand.h"
#include "app/org.h"
#include "app/pathway.h"

#define LD_POOL_MAX 16u /* about one per worker thread */

struct bl_app_ldpool {
    pthread_mutex_t lock;
    struct bl_jsonld *free[LD_POOL_MAX];
    size_t n;
};

struct bl_jsonld *bl_app_ld_take(struct bl_app *app)
{
    struct bl_jsonld *ld = NULL;
    struct bl_app_ldpool *p = app->ldpool;
    pthread_mutex_lock(&p->lock);
    if (p->n > 0)
        ld = p->free[--p->n];
    pthread_mutex_unlock(&p->lock);
    /* NULL when the processor cannot be made: bl_di_sign then makes its own. */
    if (!ld && bl_jsonld_new(NULL, NULL, &ld, NULL) != BL_OK)
        ld = NULL;
    return ld;
}

void bl_app_ld_give(struct bl_app *app, struct bl_jsonld *ld)
{
    struct bl_app_ldpool *p = app->ldpool;
    if (!ld)
        return;
    pthread_mutex_lock(&p->lock);
    if (p->n < LD_POOL_MAX) {
        p->free[p->n++] = ld;
        ld = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    bl_jsonld_free(ld);
}

const struct bl_actor bl_actor_system = {.account_id = 0, .system = true, .org_id = 0};

static int64_t wall_clock(void *cls)
{
    (void)cls;
    return (int64_t)time(NULL);
}

int64_t bl_app_now(const struct bl_app *app)
{
    return app->now(app->now_cls);
}

void bl_app_uid(char out[23])
{
    unsigned char raw[16];
    struct bl_buf b;
    struct bl_errinfo ei;
    bl_random(raw, sizeof raw);
    bl_buf_init(&b, 64);
    if (bl_base64url_encode(&b, raw, sizeof raw, &ei) != BL_OK || b.len != 22)
        abort(); /* 16 bytes always encode to 22 characters */
    memcpy(out, b.p, 23);
    bl_buf_free(&b);
}

const char *bl_app_uid_urn(struct bl_arena *a, const char *uid)
{
    struct bl_buf b;
    struct bl_errinfo ei;
    unsigned char u[16] = {0};
    bl_buf_init(&b, 32);
    if (uid && bl_base64url_decode(&b, uid, strlen(uid), &ei) == BL_OK && b.len == 16)
        memcpy(u, b.p, 16);
    bl_buf_free(&b);
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40); /* version 4 */
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    return bl_arena_printf(a,
                           "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                           "%02x%02x%02x%02x%02x%02x",
                           u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
                           u[12], u[13], u[14], u[15]);
}

/* 64 hex digits (with optional trailing newline) or 32 raw bytes. */
static enum bl_err master_parse(const unsigned char *p, size_t n,
                                unsigned char out[BL_SEAL_MASTER_LEN], const char *what,
                                struct bl_errinfo *ei)
{
    while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    if (n == BL_SEAL_MASTER_LEN * 2) {
        struct bl_buf b;
        bl_buf_init(&b, BL_SEAL_MASTER_LEN);
        enum bl_err e = bl_base16_decode(&b, (const char *)p, n, 0, ei);
        if (e == BL_OK)
            memcpy(out, b.p, BL_SEAL_MASTER_LEN);
        bl_wipe(b.p, b.len);
        bl_buf_free(&b);
        if (e != BL_OK)
            return bl_fail(ei, BL_EINVAL, "%s: the master key is not 64 hex digits", what);
        return BL_OK;
    }
    if (n == BL_SEAL_MASTER_LEN) {
        memcpy(out, p, BL_SEAL_MASTER_LEN);
        return BL_OK;
    }
    return bl_fail(ei, BL_EINVAL, "%s: a master key is 64 hex digits or 32 bytes, not %zu bytes",
                   what, n);
}

enum bl_err bl_app_master_load(const char *path, bool create, unsigned char out[BL_SEAL_MASTER_LEN],
                               struct bl_errinfo *ei)
{
    const char *env = getenv("BLASON_MASTER_KEY");
    if (env && *env)
        return master_parse((const unsigned char *)env, strlen(env), out, "BLASON_MASTER_KEY", ei);
    if (!path || !*path)
        return bl_fail(ei, BL_EINVAL, "no master key: give a key file or BLASON_MASTER_KEY");

    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        /* First run of the embedded default: a fresh key, readable by us only. */
        unsigned char key[BL_SEAL_MASTER_LEN];
        static const char hex[] = "0123456789abcdef";
        char text[BL_SEAL_MASTER_LEN * 2 + 1];
        bl_random(key, sizeof key);
        for (size_t i = 0; i < sizeof key; i++) {
            text[2 * i] = hex[key[i] >> 4];
            text[2 * i + 1] = hex[key[i] & 15];
        }
        text[sizeof text - 1] = '\n';
        int wfd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        enum bl_err e = BL_OK;
        if (wfd < 0 || write(wfd, text, sizeof text) != (ssize_t)sizeof text || fsync(wfd) != 0)
            e = bl_fail(ei, BL_EIO, "%s: cannot create the master key: %s", path, strerror(errno));
        if (wfd >= 0)
            close(wfd);
        if (e == BL_OK)
            memcpy(out, key, sizeof key);
        bl_wipe(key, sizeof key);
        bl_wipe(text, sizeof text);
        return e;
    }
    if (fd < 0)
        return bl_fail(ei, BL_EIO, "%s: cannot read the master key: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) {
        close(fd);
        return bl_fail(ei, BL_EINVAL,
                       "%s: the master key file must not be readable by others "
                       "(chmod 600)",
                       path);
    }
    unsigned char raw[BL_SEAL_MASTER_LEN * 2 + 4];
    ssize_t got = read(fd, raw, sizeof raw);
    close(fd);
    if (got < 0)
        return bl_fail(ei, BL_EIO, "%s: %s", path, strerror(errno));
    enum bl_err e = master_parse(raw, (size_t)got, out, path, ei);
    bl_wipe(raw, sizeof raw);
    return e;
}

enum bl_err bl_app_open(const char *db_url, unsigned pool, const char *master_path,
                        bool create_master, const char *base_url, struct bl_app **out,
                        struct bl_errinfo *ei)
{
    *out = NULL;
    size_t bl = base_url ? strlen(base_url) : 0;
    while (bl > 0 && base_url[bl - 1] == '/')
        bl--;
    if (bl == 0 || bl > BL_APP_URL_MAX ||
        (strncmp(base_url, "https://", 8) != 0 && strncmp(base_url, "http://", 7) != 0))
        return bl_fail(ei, BL_EINVAL, "base URL must start with https:// or http://");
    struct bl_app *app = bl_calloc(1, sizeof *app);
    app->now = wall_clock;
    app->claim_limit = BL_APP_CLAIM_LIMIT;
    bl_app_pathway_install(); /* opportunities that require a pathway ask the engine */
    app->base_url = bl_strndup(base_url, bl);
    app->keys = bl_app_keys_new();
    app->ldpool = bl_calloc(1, sizeof *app->ldpool);
    pthread_mutex_init(&app->ldpool->lock, NULL);
    enum bl_err e = bl_app_master_load(master_path, create_master, app->master, ei);
    if (e == BL_OK)
        e = bl_store_open(db_url, pool, 1, &app->store, ei);
    if (e != BL_OK) {
        bl_app_close(app);
        return e;
    }
    *out = app;
    return BL_OK;
}

void bl_app_close(struct bl_app *app)
{
    if (!app)
        return;
    if (app->store)
        bl_store_close(app->store);
    bl_app_keys_free(app->keys);
    if (app->ldpool) {
        for (size_t i = 0; i < app->ldpool->n; i++)
            bl_jsonld_free(app->ldpool->free[i]);
        pthread_mutex_destroy(&app->ldpool->lock);
        bl_free(app->ldpool);
    }
    bl_wipe(app->master, sizeof app->master);
    bl_free(app->base_url);
    bl_free(app->raster_exe);
    bl_free(app);
}

enum bl_role bl_app_role_parse(const char *s)
{
    if (!s)
        return BL_ROLE_NONE;
    if (strcmp(s, "admin") == 0)
        return BL_ROLE_ADMIN;
    if (strcmp(s, "issuer") == 0)
        return BL_ROLE_ISSUER;
    if (strcmp(s, "viewer") == 0)
        return BL_ROLE_VIEWER;
    return BL_ROLE_NONE;
}

const char *bl_app_role_name(enum bl_role r)
{
    switch (r) {
    case BL_ROLE_ADMIN:
        return "admin";
    case BL_ROLE_ISSUER:
        return "issuer";
    case BL_ROLE_VIEWER:
        return "viewer";
    default:
        return "none";
    }
}

enum bl_err bl_app_authorize(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                             enum bl_role need, struct bl_errinfo *ei)
{
    if (who->system)
        return BL_OK;
    if (who->account_id <= 0)
        return bl_fail(ei, BL_EDENIED, "sign in first");
    if (who->org_id != 0 && who->org_id != org_id)
        return bl_fail(ei, BL_EDENIED, "this token is for another organisation");
    enum bl_role role = BL_ROLE_NONE;
    enum bl_err e = bl_store_membership_role(tx, org_id, who->account_id, &role, ei);
    if (e != BL_OK)
        return e;
    if (role < need)
        return bl_fail(ei, BL_EDENIED, "the %s role is needed in this organisation",
                       bl_app_role_name(need));
    return BL_OK;
}

enum bl_err bl_app_authorize_hidden(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                                    enum bl_role need, struct bl_errinfo *ei)
{
    if (!who->system && who->account_id > 0) {
        bool other_token = who->org_id != 0 && who->org_id != org_id;
        enum bl_role role = BL_ROLE_NONE;
        enum bl_err e =
            other_token ? BL_OK : bl_store_membership_role(tx, org_id, who->account_id, &role, ei);
        if (e != BL_OK)
            return e;
        if (other_token || role == BL_ROLE_NONE)
            return bl_fail(ei, BL_ENOTFOUND, "not found");
    }
    return bl_app_authorize(tx, who, org_id, need, ei);
}

enum bl_err bl_app_audit(struct bl_tx *tx, const struct bl_app *app, const struct bl_actor *who,
                         int64_t org_id, const char *action, const char *subject,
                         const char *detail_json, struct bl_errinfo *ei)
{
    struct bl_audit a = {
        .at = bl_app_now(app),
        .account_id = who->account_id,
        .org_id = org_id,
        .action = action,
        .subject = subject,
        .detail_json = detail_json,
    };
    return bl_store_audit_add(tx, &a, ei);
}
