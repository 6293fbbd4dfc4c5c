/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * apptest.c: an app on a fresh SQLite file for the unit tests (apptest.h).
 */
#include "apptest.h"

#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

int tu_app_open(char dir[64], const char *name, int64_t (*now)(void *cls), struct bl_app **out)
{
    char db[128], key[128];
    struct bl_errinfo ei;
    *out = NULL;
    (void)snprintf(dir, 64, "/tmp/blason-%.20s-XXXXXX", name);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return -1;
    }
    (void)snprintf(db, sizeof db, "sqlite:%s/app.db", dir);
    (void)snprintf(key, sizeof key, "%s/master.key", dir);
    /* The key is the folder's file, whatever the environment says. */
    unsetenv("BLASON_MASTER_KEY");
    if (bl_app_open(db, 2, key, true, TU_APP_BASE_URL, out, &ei) != BL_OK) {
        fprintf(stderr, "app on %s: %s\n", db, ei.msg);
        (void)tu_rmtree(dir);
        return -1;
    }
    if (now)
        (*out)->now = now;
    return 0;
}

int tu_app_close(struct bl_app *app, const char *dir)
{
    bl_app_close(app);
    return tu_rmtree(dir) == 0 ? 0 : -1;
}
