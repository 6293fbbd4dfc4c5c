/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * config.h: the settings of `blason serve`.
 *
 * Four sources, each overriding the one before: built-in defaults (the
 * embedded case: 127.0.0.1:8080, SQLite under ./var), a config file of
 * `key = value` lines, the BLASON_* environment variables, then command-line
 * flags.  Every setting goes through bl_config_set, so the file, the
 * environment and the flags accept exactly the same values; bl_config_check
 * then validates the whole (listen address, base URL, limits).
 */
#ifndef BL_CONFIG_H
#define BL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Longest value of one setting (paths, URLs). */
#define BL_CONFIG_VALUE_MAX 1024u
/* Longest line of a config file. */
#define BL_CONFIG_LINE_MAX 4096u
/* Largest config file. */
#define BL_CONFIG_FILE_MAX (256u * 1024)
/* Request body limit by default, and the most it may be set to. */
#define BL_HTTP_MAX_BODY_DEFAULT (1u * 1024 * 1024)
#define BL_HTTP_MAX_BODY_LIMIT   (64u * 1024 * 1024)
/* Connections served at once, and seconds an idle connection is kept. */
#define BL_HTTP_CONN_LIMIT_DEFAULT 1024u
#define BL_HTTP_TIMEOUT_DEFAULT    30u
/* Most worker threads (0 means one per core). */
#define BL_HTTP_THREADS_MAX 256u

struct bl_config {
    char listen[BL_CONFIG_VALUE_MAX];   /* "127.0.0.1:8080", "[::1]:8080" */
    char db[BL_CONFIG_VALUE_MAX];       /* "sqlite:./var/blason.db", "postgresql://..." */
    char base_url[BL_CONFIG_VALUE_MAX]; /* public URL, no trailing slash */
    char data_dir[BL_CONFIG_VALUE_MAX];
    char master_key_file[BL_CONFIG_VALUE_MAX]; /* "" means DATA/master.key */
    char static_dir[BL_CONFIG_VALUE_MAX];      /* "": the embedded web/static; else a directory */
    char access_log[BL_CONFIG_VALUE_MAX];      /* "-" stderr, "off", or a file appended to */
    char smtp_url[BL_CONFIG_VALUE_MAX];        /* "": no mail; else the relay (net/smtp.h) */
    char mail_from[BL_CONFIG_VALUE_MAX];       /* sender address; "": badges@<base_url host> */
    char mail_retry[BL_CONFIG_VALUE_MAX];      /* "": "60,300,1800,7200" (app/mail.h) */
    char sms_url[BL_CONFIG_VALUE_MAX]; /* "": text messages wait; else the gateway (net/smsgw.h) */
    char sms_token_file[BL_CONFIG_VALUE_MAX]; /* file holding the gateway's bearer token (mode 0600)
                                               */
    char sms_from[BL_CONFIG_VALUE_MAX];       /* sender name or number; "": "Blason" */
    char sms_retry[BL_CONFIG_VALUE_MAX];      /* "": "20,60,180,400" (app/sms.h) */
    unsigned threads;                         /* 0: one per core */
    size_t max_body;                          /* request body limit, bytes */
    unsigned conn_limit;
    unsigned timeout_s;
    unsigned cache_ttl;   /* seconds public documents stay in memory (doccache.h); 0: off */
    unsigned claim_limit; /* event claims per client address per window (app.h), >= 1 */
    bool test_routes;     /* test-only routes (slow requests); never in production */
    /*
     * The public verifier page (/verifier) fetches what a badge points to
     * through src/net: HTTPS only, never loopback or private addresses, as
     * blason verify does by default.  These lift that for tests against a
     * local server (or an intranet issuer); both off by default.
     */
    bool verifier_allow_http;    /* plain http:// fetches too; did:web over http */
    bool verifier_allow_private; /* fetches may reach loopback and private addresses */

    /* Filled by bl_config_check from listen: */
    char host[BL_CONFIG_VALUE_MAX]; /* "127.0.0.1", "::1" (no brackets) */
    unsigned port;
    bool secure; /* base_url is https: cookies get Secure */
};

/* The built-in defaults. */
void bl_config_defaults(struct bl_config *cfg);

/*
 * Set key (the config file's name: listen, db, base_url, data, master_key_file,
 * threads, max_body, access_log, smtp_url, mail_from, mail_retry, sms_url, sms_token_file,
 * sms_from, sms_retry, static_dir, connection_limit,
 * timeout, cache_ttl, claim_limit, test_routes, verifier_allow_http, verifier_allow_private) to
 * value.  BL_EINVAL for an unknown key or a value that is not of the key's kind; ei
 * names both.
 */
enum bl_err bl_config_set(struct bl_config *cfg, const char *key, const char *value,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Read a config file: `key = value` lines, blank lines and '#' comments.
 * An unknown key or a bad line is BL_EINVAL with "FILE:LINE: ..." in ei;
 * an unreadable file BL_EIO.
 */
enum bl_err bl_config_load_file(struct bl_config *cfg, const char *path,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Apply BLASON_LISTEN, BLASON_DB, BLASON_BASE_URL, BLASON_DATA,
 * BLASON_MASTER_KEY_FILE, BLASON_THREADS and BLASON_CLAIM_LIMIT when set; ei names the variable
 * whose value is refused.
 */
enum bl_err bl_config_load_env(struct bl_config *cfg, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Validate the whole and fill host, port and secure: listen must be
 * ADDR:PORT with an IPv4 or bracketed IPv6 literal and a port in 1..65535,
 * base_url http:// or https:// (a trailing '/' is dropped), data not empty.
 */
enum bl_err bl_config_check(struct bl_config *cfg, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
