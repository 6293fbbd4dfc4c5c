/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_static.c: GET /static/{file}.  The files of cfg->static_dir (web/static
 * by default) are read once at start and each becomes a prebuilt response
 * with an ETag (a hash of its bytes), so serving one costs no I/O and no
 * copy.  By default the files are those of web/static compiled into the
 * binary (core/embedded.h); a configured static_dir replaces them, for
 * working on the style without rebuilding.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/embedded.h"
#include "core/mem.h"
#include "http.h"
#include "routes.h"

/* Most static files, and the largest one. */
#define BL_STATIC_MAX_FILES 256u
#define BL_STATIC_FILE_MAX  (4u * 1024 * 1024)
#define BL_STATIC_NAME_MAX  128u

struct static_file {
    char *name;
    unsigned char *bytes; /* owned when read from the directory */
    struct bl_static *resp;
};

static struct static_file *files;
static size_t n_files;

static const struct {
    const char *ext, *ctype;
} ctypes[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
};

static const char *ctype_of(const char *name)
{
    size_t n = strlen(name);

    for (size_t i = 0; i < sizeof ctypes / sizeof ctypes[0]; i++) {
        size_t e = strlen(ctypes[i].ext);
        if (n > e && strcmp(name + n - e, ctypes[i].ext) == 0)
            return ctypes[i].ctype;
    }
    return "application/octet-stream";
}

/* Names we serve: [A-Za-z0-9._-], not starting with '.'. */
static bool name_ok(const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n > BL_STATIC_NAME_MAX || name[0] == '.')
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            return false;
    return true;
}

/* FNV-1a 64: an ETag only needs to change when the bytes do. */
static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static void add_file(const char *name, unsigned char *owned, const unsigned char *bytes, size_t len)
{
    char etag[32];

    snprintf(etag, sizeof etag, "%016llx", (unsigned long long)fnv1a(bytes, len));
    files[n_files].name = bl_strdup(name);
    files[n_files].bytes = owned;
    files[n_files].resp =
        bl_static_new(200, ctype_of(name), bytes, len, "public, max-age=3600", etag);
    n_files++;
}

/* Read one regular file of at most BL_STATIC_FILE_MAX bytes. */
static enum bl_err read_file(const char *path, unsigned char **out, size_t *outlen,
                             struct bl_errinfo *ei)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    unsigned char *p = NULL;
    enum bl_err rc = BL_OK;

    if (f == NULL)
        return bl_fail(ei, BL_EIO, "%s: %s", path, strerror(errno));
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = bl_fail(ei, BL_EIO, "%s: not a regular file", path);
        goto out;
    }
    if ((unsigned long long)st.st_size > BL_STATIC_FILE_MAX) {
        rc = bl_fail(ei, BL_ETOOBIG, "%s: over %u bytes", path, BL_STATIC_FILE_MAX);
        goto out;
    }
    p = bl_malloc((size_t)st.st_size + 1);
    if (fread(p, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        rc = bl_fail(ei, BL_EIO, "%s: short read", path);
        goto out;
    }
    p[st.st_size] = '\0';
    *out = p;
    *outlen = (size_t)st.st_size;
    p = NULL;
out:
    bl_free(p);
    fclose(f);
    return rc;
}

BL_EMBEDDED_DECLARE(bl_web_static);

/* Serve a table of compiled-in files (web/static, embedded by the Makefile). */
static void load_table(const struct bl_embedded_file *t, size_t n)
{
    files = bl_calloc(n ? n : 1, sizeof *files);
    for (size_t i = 0; i < n && n_files < BL_STATIC_MAX_FILES; i++)
        if (name_ok(t[i].name))
            add_file(t[i].name, NULL, t[i].bytes, t[i].len);
}

enum bl_err bl_static_files_init(const struct bl_config *cfg, struct bl_errinfo *ei)
{
    DIR *d;
    struct dirent *e;
    enum bl_err rc = BL_OK;

    n_files = 0;
    /* The default: the files compiled into the binary; a directory overrides them. */
    if (cfg->static_dir[0] == '\0') {
        load_table(bl_web_static, bl_web_static_count);
        return BL_OK;
    }
    files = bl_calloc(BL_STATIC_MAX_FILES, sizeof *files);
    d = opendir(cfg->static_dir);
    if (d == NULL) {
        /* Not fatal: the pages lose their style, the API works. */
        fprintf(stderr, "blason: static files: %s: %s; /static/ serves nothing\n", cfg->static_dir,
                strerror(errno));
        return BL_OK;
    }
    while ((e = readdir(d)) != NULL && n_files < BL_STATIC_MAX_FILES) {
        char path[BL_CONFIG_VALUE_MAX + 256 + 2]; /* d_name is at most 255 bytes */
        unsigned char *bytes = NULL;
        size_t len = 0;

        if (!name_ok(e->d_name))
            continue;
        snprintf(path, sizeof path, "%s/%s", cfg->static_dir, e->d_name);
        rc = read_file(path, &bytes, &len, ei);
        if (rc != BL_OK)
            break;
        add_file(e->d_name, bytes, bytes, len);
    }
    closedir(d);
    return rc;
}

void bl_static_files_fini(void)
{
    for (size_t i = 0; i < n_files; i++) {
        bl_static_free(files[i].resp);
        bl_free(files[i].name);
        bl_free(files[i].bytes);
    }
    bl_free(files);
    files = NULL;
    n_files = 0;
}

enum bl_err h_static_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    const char *name = bl_req_param(req, "file");

    for (size_t i = 0; i < n_files; i++) {
        if (strcmp(files[i].name, name) == 0) {
            bl_resp_static(resp, files[i].resp);
            return BL_OK;
        }
    }
    return bl_fail(ei, BL_ENOTFOUND, "no static file named %s", name);
}
