/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * config.c: defaults, config file, environment and validation of the
 * settings of blason serve (config.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

enum kind { K_STR, K_UINT, K_SIZE, K_BOOL };

/* The settings, by the name the config file uses. */
static const struct setting {
    const char *key;
    enum kind kind;
    size_t off;
    unsigned long long max; /* K_UINT, K_SIZE */
} settings[] = {
    {"listen", K_STR, offsetof(struct bl_config, listen), 0},
    {"db", K_STR, offsetof(struct bl_config, db), 0},
    {"base_url", K_STR, offsetof(struct bl_config, base_url), 0},
    {"data", K_STR, offsetof(struct bl_config, data_dir), 0},
    {"master_key_file", K_STR, offsetof(struct bl_config, master_key_file), 0},
    {"static_dir", K_STR, offsetof(struct bl_config, static_dir), 0},
    {"access_log", K_STR, offsetof(struct bl_config, access_log), 0},
    {"smtp_url", K_STR, offsetof(struct bl_config, smtp_url), 0},
    {"mail_from", K_STR, offsetof(struct bl_config, mail_from), 0},
    {"mail_retry", K_STR, offsetof(struct bl_config, mail_retry), 0},
    {"sms_url", K_STR, offsetof(struct bl_config, sms_url), 0},
    {"sms_token_file", K_STR, offsetof(struct bl_config, sms_token_file), 0},
    {"sms_from", K_STR, offsetof(struct bl_config, sms_from), 0},
    {"sms_retry", K_STR, offsetof(struct bl_config, sms_retry), 0},
    {"threads", K_UINT, offsetof(struct bl_config, threads), BL_HTTP_THREADS_MAX},
    {"max_body", K_SIZE, offsetof(struct bl_config, max_body), BL_HTTP_MAX_BODY_LIMIT},
    {"connection_limit", K_UINT, offsetof(struct bl_config, conn_limit), 1000000},
    {"timeout", K_UINT, offsetof(struct bl_config, timeout_s), 86400},
    {"cache_ttl", K_UINT, offsetof(struct bl_config, cache_ttl), 3600},
    {"claim_limit", K_UINT, offsetof(struct bl_config, claim_limit), BL_APP_CLAIM_LIMIT_MAX},
    {"test_routes", K_BOOL, offsetof(struct bl_config, test_routes), 0},
    {"verifier_allow_http", K_BOOL, offsetof(struct bl_config, verifier_allow_http), 0},
    {"verifier_allow_private", K_BOOL, offsetof(struct bl_config, verifier_allow_private), 0},
};

static const struct {
    const char *var, *key;
} envs[] = {
    {"BLASON_LISTEN", "listen"},
    {"BLASON_DB", "db"},
    {"BLASON_BASE_URL", "base_url"},
    {"BLASON_DATA", "data"},
    {"BLASON_MASTER_KEY_FILE", "master_key_file"},
    {"BLASON_THREADS", "threads"},
    {"BLASON_CLAIM_LIMIT", "claim_limit"}, /* load tests and fairs behind one address */
};

static bool copy_str(char *dst, const char *src)
{
    size_t n = strlen(src);

    if (n >= BL_CONFIG_VALUE_MAX)
        return false;
    memcpy(dst, src, n + 1);
    return true;
}

/* A decimal number with an optional k/M/G suffix (sizes only), at most max. */
static bool parse_number(const char *s, bool suffixes, unsigned long long max,
                         unsigned long long *out)
{
    unsigned long long v = 0, mult = 1;

    if (*s < '0' || *s > '9')
        return false;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (~0ULL - 9) / 10)
            return false;
        v = v * 10 + (unsigned)(*s - '0');
    }
    if (suffixes && *s) {
        switch (*s++) {
        case 'k':
        case 'K':
            mult = 1024;
            break;
        case 'm':
        case 'M':
            mult = 1024 * 1024;
            break;
        case 'g':
        case 'G':
            mult = 1024 * 1024 * 1024;
            break;
        default:
            return false;
        }
    }
    if (*s || (v && mult > ~0ULL / v) || v * mult > max)
        return false;
    *out = v * mult;
    return true;
}

void bl_config_defaults(struct bl_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    (void)copy_str(cfg->listen, "127.0.0.1:8080");
    (void)copy_str(cfg->db, "sqlite:./var/blason.db");
    (void)copy_str(cfg->base_url, "http://127.0.0.1:8080");
    (void)copy_str(cfg->data_dir, "./var");
    (void)copy_str(cfg->access_log, "-");
    cfg->max_body = BL_HTTP_MAX_BODY_DEFAULT;
    cfg->conn_limit = BL_HTTP_CONN_LIMIT_DEFAULT;
    cfg->timeout_s = BL_HTTP_TIMEOUT_DEFAULT;
    cfg->cache_ttl = 5;
    cfg->claim_limit = BL_APP_CLAIM_LIMIT;
}

enum bl_err bl_config_set(struct bl_config *cfg, const char *key, const char *value,
                          struct bl_errinfo *ei)
{
    const struct setting *s = NULL;
    unsigned long long v;
    char *field;

    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
        if (strcmp(settings[i].key, key) == 0)
            s = &settings[i];
    if (s == NULL)
        return bl_fail(ei, BL_EINVAL, "unknown setting '%s'", key);
    field = (char *)cfg + s->off;
    switch (s->kind) {
    case K_STR:
        if (!copy_str(field, value))
            return bl_fail(ei, BL_EINVAL, "%s: longer than %u bytes", key, BL_CONFIG_VALUE_MAX - 1);
        break;
    case K_UINT:
        if (!parse_number(value, false, s->max, &v))
            return bl_fail(ei, BL_EINVAL, "%s: '%s' is not a number from 0 to %llu", key, value,
                           s->max);
        *(unsigned *)(void *)field = (unsigned)v;
        break;
    case K_SIZE:
        if (!parse_number(value, true, s->max, &v) || v == 0)
            return bl_fail(ei, BL_EINVAL, "%s: '%s' is not a size from 1 to %llu (k, M, G allowed)",
                           key, value, s->max);
        *(size_t *)(void *)field = (size_t)v;
        break;
    case K_BOOL:
        if (strcmp(value, "on") == 0 || strcmp(value, "true") == 0 || strcmp(value, "yes") == 0)
            *(bool *)(void *)field = true;
        else if (strcmp(value, "off") == 0 || strcmp(value, "false") == 0 ||
                 strcmp(value, "no") == 0)
            *(bool *)(void *)field = false;
        else
            return bl_fail(ei, BL_EINVAL, "%s: '%s' is not on/off", key, value);
        break;
    }
    return BL_OK;
}

/* Trim spaces and tabs at both ends of s, in place. */
static char *trim(char *s)
{
    char *e = s + strlen(s);

    while (*s == ' ' || *s == '\t')
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
    *e = '\0';
    return s;
}

enum bl_err bl_config_load_file(struct bl_config *cfg, const char *path, struct bl_errinfo *ei)
{
    FILE *f = fopen(path, "r");
    char line[BL_CONFIG_LINE_MAX];
    unsigned lineno = 0;
    size_t total = 0;
    enum bl_err rc = BL_OK;

    if (f == NULL)
        return bl_fail(ei, BL_EIO, "%s: %s", path, strerror(errno));
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strlen(line);
        char *key, *value, *eq;
        struct bl_errinfo sub;

        lineno++;
        total += len;
        if (total > BL_CONFIG_FILE_MAX) {
            rc = bl_fail(ei, BL_ETOOBIG, "%s: larger than %u bytes", path, BL_CONFIG_FILE_MAX);
            goto out;
        }
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            rc = bl_fail(ei, BL_EINVAL, "%s:%u: line longer than %u bytes", path, lineno,
                         BL_CONFIG_LINE_MAX - 2);
            goto out;
        }
        key = trim(line);
        if (*key == '\0' || *key == '#')
            continue;
        eq = strchr(key, '=');
        if (eq == NULL) {
            rc = bl_fail(ei, BL_EINVAL, "%s:%u: expected 'key = value'", path, lineno);
            goto out;
        }
        *eq = '\0';
        key = trim(key);
        value = trim(eq + 1);
        if (bl_config_set(cfg, key, value, &sub) != BL_OK) {
            rc = bl_fail(ei, sub.code, "%s:%u: %s", path, lineno, sub.msg);
            goto out;
        }
    }
    if (ferror(f))
        rc = bl_fail(ei, BL_EIO, "%s: read error", path);
out:
    fclose(f);
    return rc;
}

enum bl_err bl_config_load_env(struct bl_config *cfg, struct bl_errinfo *ei)
{
    for (size_t i = 0; i < sizeof envs / sizeof envs[0]; i++) {
        const char *v = getenv(envs[i].var);
        struct bl_errinfo sub;

        if (v == NULL)
            continue;
        if (bl_config_set(cfg, envs[i].key, v, &sub) != BL_OK)
            return bl_fail(ei, sub.code, "environment variable %s: %s", envs[i].var, sub.msg);
    }
    return BL_OK;
}

/* Split listen into host (brackets removed) and port, checking both. */
static enum bl_err check_listen(struct bl_config *cfg, struct bl_errinfo *ei)
{
    const char *l = cfg->listen, *colon = strrchr(l, ':'), *h = l;
    size_t hlen;
    unsigned long long port;
    unsigned char addr[16];

    if (colon == NULL)
        return bl_fail(ei, BL_EINVAL, "listen: '%s' is not ADDR:PORT", l);
    hlen = (size_t)(colon - l);
    if (hlen >= 2 && l[0] == '[' && l[hlen - 1] == ']') {
        h++;
        hlen -= 2;
    }
    memcpy(cfg->host, h, hlen);
    cfg->host[hlen] = '\0';
    if (!parse_number(colon + 1, false, 65535, &port) || port == 0)
        return bl_fail(ei, BL_EINVAL, "listen: bad port '%s' (1 to 65535)", colon + 1);
    cfg->port = (unsigned)port;
    if (h == l && inet_pton(AF_INET, cfg->host, addr) == 1)
        return BL_OK;
    if (h != l && inet_pton(AF_INET6, cfg->host, addr) == 1)
        return BL_OK;
    return bl_fail(ei, BL_EINVAL,
                   "listen: '%.*s' is not an IPv4 address nor a bracketed IPv6 address "
                   "(e.g. 127.0.0.1:8080, [::1]:8080)",
                   (int)(colon - l), l);
}

enum bl_err bl_config_check(struct bl_config *cfg, struct bl_errinfo *ei)
{
    size_t n = strlen(cfg->base_url);
    enum bl_err rc = check_listen(cfg, ei);

    if (rc != BL_OK)
        return rc;
    while (n > 0 && cfg->base_url[n - 1] == '/')
        cfg->base_url[--n] = '\0';
    if (strncmp(cfg->base_url, "https://", 8) == 0 && n > 8)
        cfg->secure = true;
    else if (strncmp(cfg->base_url, "http://", 7) == 0 && n > 7)
        cfg->secure = false;
    else
        return bl_fail(ei, BL_EINVAL, "base_url: '%s' must start with http:// or https://",
                       cfg->base_url);
    if (strpbrk(cfg->base_url, " \t\r\n\"<>") != NULL)
        return bl_fail(ei, BL_EINVAL, "base_url: '%s' contains a space or a quote", cfg->base_url);
    if (cfg->data_dir[0] == '\0')
        return bl_fail(ei, BL_EINVAL, "data: empty");
    if (cfg->db[0] == '\0')
        return bl_fail(ei, BL_EINVAL, "db: empty");
    if (cfg->conn_limit == 0)
        return bl_fail(ei, BL_EINVAL, "connection_limit: must be at least 1");
    if (cfg->claim_limit == 0)
        return bl_fail(ei, BL_EINVAL, "claim_limit: must be at least 1");
    return BL_OK;
}
