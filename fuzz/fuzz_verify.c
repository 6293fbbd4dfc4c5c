/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_verify.c: libFuzzer target for the whole verification entry point,
 * bl_verify_bytes, on arbitrary bytes: offline in French, then online in
 * English with a fetch callback that answers every URL with the input
 * itself (so the hosted, key, BadgeClass, Issuer and status-list paths see
 * hostile documents too), with a recipient.  Checked: the call succeeds;
 * the verdict agrees with the checks (valid, with or without warnings,
 * exactly when no check is an error); every check has an id, a message
 * and a detail; the exit code is 0..2; the JSON report builds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/verify.h"

/* 2026-11-28T12:00:00Z */
#define NOW 1795867200

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct echo {
    const uint8_t *p;
    size_t n;
    unsigned calls;
};

static enum bl_err echo_fetch(void *cls, const char *url, const char *accept, struct bl_buf *body,
                              long *status, char *final_url, size_t flen, struct bl_errinfo *ei)
{
    struct echo *e = cls;

    (void)url;
    (void)accept;
    if (flen)
        final_url[0] = '\0';
    /* Every third call fails and every other answers 404, to reach the error paths. */
    if (++e->calls % 3 == 0)
        return bl_fail(ei, BL_EIO, "fuzz: network down");
    *status = e->calls % 2 ? 200 : 404;
    return bl_buf_append(body, e->p, e->n);
}

static void check(const struct bl_verify_report *r)
{
    const struct bl_verify_check *fe = bl_verify_first_error(r);

    if (fe && r->verdict <= BL_VERIFY_VALID_WITH_WARNINGS)
        abort();
    if (!fe && r->verdict != BL_VERIFY_VALID && r->verdict != BL_VERIFY_VALID_WITH_WARNINGS)
        abort();
    if (r->n == 0)
        abort();
    for (size_t i = 0; i < r->n; i++)
        if (!r->checks[i].message || !r->checks[i].detail || !r->checks[i].id[0])
            abort();
    int code = bl_verify_exit_code(r->verdict);
    if (code < 0 || code > 2)
        abort();
    json_t *j = NULL;
    if (bl_verify_report_json(r, &j, NULL) != BL_OK || !json_is_object(j))
        abort();
    /* Messages quote the input: they must still be valid UTF-8 in the JSON. */
    const json_t *checks = json_object_get(j, "checks");
    if (json_array_size(checks) != r->n)
        abort();
    for (size_t i = 0; i < r->n; i++) {
        const json_t *k = json_array_get(checks, i);
        if (!json_is_string(json_object_get(k, "message")) ||
            !json_is_string(json_object_get(k, "detail")))
            abort();
    }
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_verify_report r;
    struct bl_errinfo ei;
    struct bl_verify_opts o = {.now = NOW, .offline = true};

    if (size > (1u << 20))
        return 0;
    if (bl_verify_bytes(data, size, &o, &r, &ei) != BL_OK)
        abort();
    check(&r);
    bl_verify_report_free(&r);

    struct echo e = {.p = data, .n = size};
    o.offline = false;
    o.fetch = echo_fetch;
    o.fetch_cls = &e;
    o.lang = "en";
    o.recipient = "nobody@example.org";
    if (bl_verify_bytes(data, size, &o, &r, &ei) != BL_OK)
        abort();
    check(&r);
    bl_verify_report_free(&r);
    return 0;
}
