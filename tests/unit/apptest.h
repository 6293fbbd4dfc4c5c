/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * apptest.h: what the app-layer unit tests share: an app on a fresh SQLite
 * file in a folder of its own, with a master key made there and the test's
 * clock.  Linked from an archive, so only the tests that call it pull in
 * the app layer.
 */
#ifndef BL_APPTEST_H
#define BL_APPTEST_H

#include <stdint.h>

#include "app/app.h"

/* The base URL of the test apps (without a trailing slash). */
#define TU_APP_BASE_URL "https://badges.example.org"

/*
 * Make a folder /tmp/blason-<name>-XXXXXX into dir and open an app on it,
 * its clock set to now (NULL: the real clock).  0 on success; -1 after
 * saying why on stderr.
 */
int tu_app_open(char dir[64], const char *name, int64_t (*now)(void *cls), struct bl_app **out);

/* Close app and remove dir; 0 on success. */
int tu_app_close(struct bl_app *app, const char *dir);

#endif
