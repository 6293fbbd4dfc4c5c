/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_pathway.c: libFuzzer target for pathway definitions (core/pathway.h).
 * Whatever compiles must be a DAG in topological order with sane groups,
 * must survive a JSON round trip unchanged, and must evaluate a few awards
 * derived from the input without error and with a progress in [0, 1].
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/mem.h"
#include "core/pathway.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_pathway *pw = NULL, *again = NULL;
    struct bl_errinfo ei;
    enum bl_err rc = bl_pathway_parse((const char *)data, size, &pw, &ei);

    if (rc != BL_OK) {
        if (pw || (rc != BL_EINVAL && rc != BL_ETOOBIG && rc != BL_EJSON && rc != BL_EUTF8 &&
                   rc != BL_EUNSUPPORTED))
            abort();
        return 0;
    }
    if (pw->n_steps == 0 || pw->root != pw->n_steps - 1)
        abort();
    for (uint32_t s = 0; s < pw->n_steps; s++) {
        const struct bl_pathway_step *st = &pw->steps[s];
        if (st->kind == BL_PATHWAY_GROUP) {
            if (st->k < 1 || st->k > st->n || st->n > BL_PATHWAY_MAX_CHILDREN)
                abort();
            for (uint32_t j = 0; j < st->n; j++)
                if (st->child[j] >= s) /* children come first */
                    abort();
        } else if (st->badge_ix >= pw->n_badges) {
            abort();
        }
    }
    json_t *j = bl_pathway_to_json(pw);
    struct bl_buf text;
    bl_buf_init(&text, 4u * BL_PATHWAY_JSON_MAX);
    if (bl_json_dump(j, JSON_COMPACT, &text, NULL) != BL_OK ||
        bl_pathway_parse((const char *)text.p, text.len, &again, NULL) != BL_OK)
        abort();
    json_t *j2 = bl_pathway_to_json(again);
    if (!json_equal(j, j2))
        abort();
    json_decref(j);
    json_decref(j2);
    bl_buf_free(&text);

    /* Awards from the input bytes: badge index and time. */
    struct bl_pathway_award aw[32];
    size_t n = 0;
    for (size_t i = 0; i + 1 < size && n < 32; i += 2) {
        if (pw->n_badges == 0)
            break;
        bl_pathway_bind(pw, data[i] % pw->n_badges, data[i] % pw->n_badges + 1);
        aw[n++] = (struct bl_pathway_award){.badge = data[i] % pw->n_badges + 1,
                                            .at = data[i + 1] % 64,
                                            .invalid = (data[i + 1] & 0x80) != 0};
    }
    for (uint32_t b = 0; b < pw->n_badges; b++)
        bl_pathway_bind(pw, b, (int64_t)b + 1);
    bl_pathway_sort_awards(aw, n);
    struct bl_pathway_ws *ws = bl_pathway_ws_new(pw->n_steps);
    struct bl_pathway_result r;
    if (bl_pathway_eval(pw, aw, n, ws, &r, NULL) != BL_OK)
        abort();
    if (!(r.progress >= 0.0 && r.progress <= 1.0) || r.complete != (r.progress == 1.0))
        abort();
    bl_pathway_ws_free(ws);
    bl_pathway_free(pw);
    bl_pathway_free(again);
    return 0;
}
