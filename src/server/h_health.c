/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_health.c: GET /healthz for load balancers and tests.  The answer never
 * changes, so it is one prebuilt response.  With the test_routes setting
 * (tests only), ?sleep=MS (at most BL_HEALTH_SLEEP_MAX_MS) makes it a slow
 * request, for the graceful-shutdown test.
 */
#include <time.h>

#include "core/form.h"
#include "http.h"
#include "routes.h"

#define BL_HEALTH_SLEEP_MAX_MS 2000u

static const char healthz_body[] = "{\"status\":\"ok\"}";
static struct bl_static *healthz;

enum bl_err bl_health_init(const struct bl_config *cfg, struct bl_errinfo *ei)
{
    (void)cfg;
    (void)ei;
    healthz = bl_static_new(200, "application/json", healthz_body, sizeof healthz_body - 1,
                            "no-store", NULL);
    return BL_OK;
}

void bl_health_fini(void)
{
    bl_static_free(healthz);
    healthz = NULL;
}

enum bl_err h_health_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    const char *sleep_ms =
        req->cfg->test_routes && req->query[0] ? bl_req_query(req, "sleep") : NULL;

    if (sleep_ms != NULL) {
        unsigned ms = 0;
        struct timespec ts;

        for (const char *p = sleep_ms; *p; p++) {
            if (*p < '0' || *p > '9' || ms > BL_HEALTH_SLEEP_MAX_MS)
                return bl_fail(ei, BL_EINVAL, "sleep: a number of milliseconds up to %u",
                               BL_HEALTH_SLEEP_MAX_MS);
            ms = ms * 10 + (unsigned)(*p - '0');
        }
        if (ms > BL_HEALTH_SLEEP_MAX_MS)
            return bl_fail(ei, BL_EINVAL, "sleep: at most %u ms", BL_HEALTH_SLEEP_MAX_MS);
        ts.tv_sec = ms / 1000;
        ts.tv_nsec = (long)(ms % 1000) * 1000000L;
        while (nanosleep(&ts, &ts) != 0)
            ;
        bl_resp_text(resp, 200, "application/json", healthz_body);
        return BL_OK;
    }
    bl_resp_static(resp, healthz);
    return BL_OK;
}
