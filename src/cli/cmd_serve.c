/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_serve.c: blason serve.  Settings come from the defaults, then
 * --config FILE, then BLASON_* variables, then the other flags (server/config.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "server/config.h"
#include "server/server.h"

static void serve_help(void)
{
    printf(
        "Usage: blason serve [--listen ADDR:PORT] [--db URL] [--base-url URL] [--data DIR]\n"
        "                    [--config FILE] [--master-key FILE] [--threads N]\n"
        "                    [--access-log FILE|-|off]\n\n"
        "Serve Blason over HTTP until SIGTERM or SIGINT (requests in flight finish).\n\n"
        "  --listen A:P     address and port (127.0.0.1:8080; [::1]:8080 for IPv6)\n"
        "  --db URL         sqlite:PATH or postgresql://... (sqlite:./var/blason.db)\n"
        "  --base-url URL   public http(s) URL of this server (http://127.0.0.1:8080)\n"
        "  --data DIR       data folder: database, master key (./var)\n"
        "  --master-key F   the master key sealing private keys (DATA/master.key)\n"
        "  --config FILE    'key = value' lines: listen, db, base_url, data,\n"
        "                   master_key_file, threads, max_body, access_log, static_dir,\n"
        "                   connection_limit, timeout, smtp_url, mail_from, mail_retry\n"
        "  --threads N      worker threads (0, the default: one per core)\n"
        "  --access-log F   JSON lines to F, '-' standard error (default), 'off'\n\n"
        "Environment: BLASON_LISTEN BLASON_DB BLASON_BASE_URL BLASON_DATA\n"
        "BLASON_MASTER_KEY_FILE BLASON_THREADS (flags win over them, they win over the file).\n");
}

/* The flags that map to a setting, by the setting's name. */
static const struct {
    const char *flag, *key;
} flags[] = {
    {"--listen", "listen"},
    {"--db", "db"},
    {"--base-url", "base_url"},
    {"--data", "data"},
    {"--threads", "threads"},
    {"--access-log", "access_log"},
    {"--master-key", "master_key_file"},
};

int cmd_serve(int argc, char **argv)
{
    struct bl_config cfg;
    struct bl_errinfo ei;
    const char *config_file = NULL;
    enum bl_err rc;

    bl_errinfo_clear(&ei);
    /* First pass: help, unknown flags, and the config file to read first. */
    for (int i = 1; i < argc; i++) {
        bool known = false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            serve_help();
            return CLI_OK;
        }
        if (strcmp(argv[i], "--config") == 0)
            known = true;
        for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
            known |= strcmp(argv[i], flags[k].flag) == 0;
        if (!known)
            return cli_usage_error("serve", "unknown argument '%s'", argv[i]);
        if (i + 1 == argc)
            return cli_usage_error("serve", "%s needs a value", argv[i]);
        if (strcmp(argv[i], "--config") == 0)
            config_file = argv[i + 1];
        i++;
    }
    bl_config_defaults(&cfg);
    if (config_file != NULL && bl_config_load_file(&cfg, config_file, &ei) != BL_OK)
        goto bad;
    if (bl_config_load_env(&cfg, &ei) != BL_OK)
        goto bad;
    for (int i = 1; i + 1 < argc; i += 2) {
        for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++) {
            struct bl_errinfo sub;
            if (strcmp(argv[i], flags[k].flag) != 0)
                continue;
            if (bl_config_set(&cfg, flags[k].key, argv[i + 1], &sub) != BL_OK) {
                bl_fail(&ei, sub.code, "%s: %s", argv[i], sub.msg);
                goto bad;
            }
        }
    }
    if (bl_config_check(&cfg, &ei) != BL_OK)
        goto bad;
    rc = bl_server_start(&cfg, &ei);
    if (rc != BL_OK) {
        fprintf(stderr, "blason serve: %s (%s)\n", ei.msg[0] ? ei.msg : bl_strerror(rc),
                bl_err_name(rc));
        return CLI_USAGE;
    }
    return CLI_OK;
bad:
    fprintf(stderr, "blason serve: configuration: %s\n", ei.msg);
    return CLI_USAGE;
}
