/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * testutil.h: what the cmocka unit tests share.  Tests may do I/O (src/core
 * may not): they read fixtures from $FIXTURES (default ../shared/fixtures)
 * and skip, saying so, when the fixtures are not there.
 */
#ifndef BL_TESTUTIL_H
#define BL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>

#include <jansson.h>

/* Read a whole file; NULL when it cannot be read. Free with bl_free. */
unsigned char *tu_read_file(const char *path, size_t *outlen);

/*
 * Read FIXTURES/rel.  When the fixtures folder is missing the test is
 * skipped with a message; when the folder exists but the file does not,
 * the test fails.
 */
unsigned char *tu_fixture(const char *rel, size_t *outlen);

/*
 * Parse a JSON file with Blason's limits: FIXTURES/path when fixture is
 * true (skipping as tu_fixture does), path itself otherwise.  Fails the
 * test when it cannot be read or parsed.  The caller decrefs.
 */
json_t *tu_load_json(const char *path, bool fixture);

/* The path of FIXTURES/rel in a static buffer (valid until the next call). */
const char *tu_fixture_path(const char *rel);

/* Remove a folder and everything in it (a test's own temporary folder); 0 on success. */
int tu_rmtree(const char *dir);

/*
 * Run argv[0] (looked up in PATH) with argv, without a shell; its standard
 * output, and its errors when with_stderr, in out (NUL-terminated, cut at
 * cap - 1).  Its exit status; 127 when it could not be run, -1 when it did
 * not exit normally.
 */
int tu_run(char *const argv[], bool with_stderr, char *out, size_t cap);

/* A loopback TCP port where nothing listens: connections to it are refused at once. */
int tu_closed_port(void);

#endif
