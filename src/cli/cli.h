/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cli.h: what the blason subcommands share: exit codes, error printing,
 * whole-file reads with a size cap and atomic writes.
 */
#ifndef BL_CLI_H
#define BL_CLI_H

#include <stddef.h>

#include "core/err.h"

/* Exit codes: 0 ok; 1 no badge, or an image or payload that is not acceptable; 2 usage or I/O. */
enum {
    CLI_OK = 0,
    CLI_INVALID = 1,
    CLI_USAGE = 2,
};

/* Options every subcommand that reads an image accepts. */
struct cli_common {
    size_t max_size; /* --max-size, bytes */
};

/* Print "blason CMD: detail (code)" on stderr and return the exit code for rc. */
int cli_report(const char *cmd, enum bl_err rc, const struct bl_errinfo *ei);

/* Print a usage error for cmd and return CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) BL_PRINTF(2, 3);

/*
 * Parse a size such as 16777216, 16M or 512k into *out.  Returns 0, or -1
 * for anything else (no sign, no overflow, suffixes k/K, m/M, g/G only).
 */
int cli_parse_size(const char *s, size_t *out);

/*
 * Read a whole file ("-" is standard input) of at most max bytes.  Returns
 * BL_OK with *out (free with bl_free, NUL-terminated) and *outlen, BL_ETOOBIG
 * past max, BL_EIO on a read error; ei names the file.
 */
enum bl_err cli_read_file(const char *path, size_t max, unsigned char **out, size_t *outlen,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Write p[0..n) to path atomically: a temporary file in the same folder,
 * flushed to disk, then renamed over path; on failure path is untouched and
 * the temporary file removed.  "-" writes to standard output.
 */
enum bl_err cli_write_file(const char *path, const void *p, size_t n,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The same for an output made of ranges (core/iov.h), written with writev. */
struct bl_iovec;
enum bl_err cli_write_iov(const char *path, const struct bl_iovec *vec,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Like cli_write_file, but the file is created with mode 0600 (private keys). */
enum bl_err cli_write_secret(const char *path, const void *p, size_t n,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Like cli_write_file; on a terminal ("-" and a tty) a newline follows. */
enum bl_err cli_write_text(const char *path, const void *p, size_t n,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Read a key file: PEM, a JWK, a Multikey pair document
 * ({"publicKeyMultibase", "secretKeyMultibase"}), a public Multikey or a
 * did:key.  *out is the caller's (bl_key_free).
 */
struct bl_key;
enum bl_err cli_load_key(const char *path, struct bl_key **out,
                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The payload argument convention: "@FILE" reads FILE, "-" standard input,
 * anything else is the text itself.  *out is the caller's (bl_free).
 */
enum bl_err cli_payload_arg(const char *arg, size_t max, unsigned char **out, size_t *outlen,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Read IMAGE (at most max bytes) and unbake it into *out (bl_baked_free).
 * Returns CLI_OK, or the exit code after reporting the error for cmd.
 */
struct bl_baked;
int cli_unbake_file(const char *cmd, const char *image, size_t max, struct bl_baked *out,
                    size_t *image_len);

int cmd_bake(int argc, char **argv);
int cmd_unbake(int argc, char **argv);
int cmd_raster(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_issue(int argc, char **argv);
int cmd_pubkey(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_jws(int argc, char **argv);
int cmd_canon(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_verify_proof(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_endorse(int argc, char **argv);

#endif
