/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * raster_child.c: the parent side of `blason raster` (raster_child.h).
 * The child is started with posix_spawn (no fork of a threaded server),
 * with an empty signal mask and SIGPIPE back to its default; the parent
 * feeds its standard input and drains its standard output in one poll
 * loop, so neither side can block the other whatever the sizes.
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "app/raster.h"
#include "app/raster_child.h"
#include "core/mem.h"

extern char **environ;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum bl_err spawn(const char *exe, unsigned side, int in[2], int out[2], pid_t *pid,
                         struct bl_errinfo *ei)
{
    char side_s[16];
    snprintf(side_s, sizeof side_s, "%u", side);
    char *argv[] = {(char *)"blason", (char *)BL_RASTER_CHILD_VERB, (char *)"--side", side_s, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none, dfl;
    sigemptyset(&none);
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGPIPE);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_init(&at);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &dfl);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    int rc = posix_spawn(pid, exe, &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (rc != 0)
        return bl_fail(ei, BL_EIO, "image: cannot start the rasteriser: %s", strerror(rc));
    return BL_OK;
}

/*
 * Write svg to the child and read its output until it closes, the cap or
 * the deadline.  *tofd is closed (and set to -1) once everything is sent.
 */
static enum bl_err pump(int *tofd, int from, const unsigned char *svg, size_t n, struct bl_buf *out,
                        struct bl_errinfo *ei)
{
    int64_t deadline = now_ms() + BL_RASTER_CHILD_WALL_MS;
    size_t sent = 0;
    unsigned char chunk[16384];
    int to = *tofd;
    fcntl(to, F_SETFL, fcntl(to, F_GETFL) | O_NONBLOCK);
    for (;;) {
        struct pollfd p[2] = {{.fd = from, .events = POLLIN}, {.fd = to, .events = POLLOUT}};
        nfds_t np = to >= 0 ? 2 : 1;
        int64_t left = deadline - now_ms();
        if (left <= 0)
            return bl_fail(ei, BL_EIO, "image: the rasteriser took over %u s",
                           BL_RASTER_CHILD_WALL_MS / 1000);
        int r = poll(p, np, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return bl_fail(ei, BL_EIO, "image: poll: %s", strerror(errno));
        if (np == 2 && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(to, svg + sent, n - sent);
            if (w < 0 && errno != EAGAIN && errno != EINTR)
                sent = n; /* the child stopped reading: its exit status tells why */
            else if (w > 0)
                sent += (size_t)w;
            if (sent == n) {
                close(to);
                to = *tofd = -1;
            }
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t got = read(from, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                return bl_fail(ei, BL_EIO, "image: reading the rasteriser: %s", strerror(errno));
            if (got == 0)
                break;
            if (bl_buf_append(out, chunk, (size_t)got) != BL_OK)
                return bl_fail(ei, BL_ETOOBIG, "image: the PNG is over %zu bytes", out->max);
        }
    }
    return BL_OK;
}

static enum bl_err run_child(const char *exe, const unsigned char *svg, size_t n, unsigned side,
                             struct bl_buf *out, struct bl_errinfo *ei)
{
    if (!exe)
        return bl_fail(ei, BL_ENOTFOUND, "image: no rasteriser in this process");
    if (side == 0 || side > BL_RASTER_SIDE_MAX)
        return bl_fail(ei, BL_EINVAL, "image: side %u is not in 1..%u", side, BL_RASTER_SIDE_MAX);
    int in[2], res[2];
    if (pipe2(in, O_CLOEXEC) != 0)
        return bl_fail(ei, BL_EIO, "image: pipe: %s", strerror(errno));
    if (pipe2(res, O_CLOEXEC) != 0) {
        close(in[0]);
        close(in[1]);
        return bl_fail(ei, BL_EIO, "image: pipe: %s", strerror(errno));
    }
    pid_t pid;
    size_t mark = out->len;
    enum bl_err e = spawn(exe, side, in, res, &pid, ei);
    close(in[0]);
    close(res[1]);
    if (e != BL_OK) {
        close(in[1]);
        close(res[0]);
        return e;
    }
    int wfd = in[1];
    e = pump(&wfd, res[0], svg, n, out, ei);
    if (wfd >= 0)
        close(wfd);
    close(res[0]);
    if (e != BL_OK)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (e == BL_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        if (WIFSIGNALED(status))
            e = bl_fail(ei, BL_EIO, "image: the rasteriser died (signal %d)", WTERMSIG(status));
        else
            e = bl_fail(ei, BL_EIO, "image: the rasteriser refused the SVG (status %d)",
                        WEXITSTATUS(status));
    }
    if (e != BL_OK) {
        out->len = mark;
        if (out->p)
            out->p[mark] = '\0';
    }
    return e;
}

/*
 * One child at a time, and the last drawings kept: an image is drawn once
 * for all the awards of its badge class, and a burst of downloads cannot
 * start a process each.  Keyed by SHA-256 of the SVG and the side.
 */
struct drawn {
    unsigned char key[32];
    unsigned side;
    unsigned char *png; /* NULL: free slot */
    size_t len;
    uint64_t used; /* for least recently used */
};
static pthread_mutex_t draw_lock = PTHREAD_MUTEX_INITIALIZER;
static struct drawn drawn[BL_RASTER_CACHE_N];
static uint64_t draw_clock;

static struct drawn *cache_find(const unsigned char key[32], unsigned side)
{
    for (size_t i = 0; i < BL_RASTER_CACHE_N; i++)
        if (drawn[i].png && drawn[i].side == side && memcmp(drawn[i].key, key, 32) == 0)
            return &drawn[i];
    return NULL;
}

static void cache_put(const unsigned char key[32], unsigned side, const unsigned char *png,
                      size_t len)
{
    struct drawn *slot = &drawn[0];
    if (len > BL_RASTER_CACHE_ITEM_MAX)
        return;
    for (size_t i = 0; i < BL_RASTER_CACHE_N; i++) {
        if (!drawn[i].png) {
            slot = &drawn[i];
            break;
        }
        if (drawn[i].used < slot->used)
            slot = &drawn[i];
    }
    bl_free(slot->png);
    slot->png = bl_malloc(len);
    memcpy(slot->png, png, len);
    slot->len = len;
    slot->side = side;
    slot->used = ++draw_clock;
    memcpy(slot->key, key, 32);
}

enum bl_err bl_raster_png_isolated(const char *exe, const unsigned char *svg, size_t n,
                                   unsigned side, struct bl_buf *out, struct bl_errinfo *ei)
{
    unsigned char key[32];
    unsigned klen = 0;
    if (!EVP_Digest(svg, n, key, &klen, EVP_sha256(), NULL) || klen != 32)
        return bl_fail(ei, BL_ECRYPTO, "image: SHA-256 failed");
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += BL_RASTER_WAIT_MS / 1000;
    int rc = pthread_mutex_timedlock(&draw_lock, &until);
    if (rc == ETIMEDOUT)
        return bl_fail(ei, BL_ELIMIT, "image: the rasteriser is busy, try again");
    if (rc != 0)
        return bl_fail(ei, BL_EIO, "image: lock: %s", strerror(rc));
    enum bl_err e;
    struct drawn *d = cache_find(key, side);
    if (d) {
        d->used = ++draw_clock;
        e = bl_buf_append(out, d->png, d->len) == BL_OK
                ? BL_OK
                : bl_fail(ei, BL_ETOOBIG, "image: the PNG is over %zu bytes", out->max);
    } else {
        size_t mark = out->len;
        e = run_child(exe, svg, n, side, out, ei);
        if (e == BL_OK)
            cache_put(key, side, out->p + mark, out->len - mark);
    }
    pthread_mutex_unlock(&draw_lock);
    return e;
}

void bl_raster_child_limits(void)
{
    struct rlimit cpu = {BL_RASTER_CHILD_CPU_S, BL_RASTER_CHILD_CPU_S + 1};
    struct rlimit core = {0, 0};
    setrlimit(RLIMIT_CPU, &cpu);
    setrlimit(RLIMIT_CORE, &core);
#if !defined(__SANITIZE_ADDRESS__)
    /* AddressSanitizer reserves terabytes of shadow address space: no RLIMIT_AS under it. */
    struct rlimit as = {BL_RASTER_CHILD_MEMORY, BL_RASTER_CHILD_MEMORY};
    setrlimit(RLIMIT_AS, &as);
#endif
}
