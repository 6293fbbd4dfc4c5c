/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_jsonld.c: libFuzzer target for JSON-LD expansion and toRdf.  The
 * first byte picks safe or unsafe mode and which compiled-in contexts are
 * put in front of the document's own @context (none, VC 2.0 + OB 3.0.3,
 * VC 1.1 + OB 3.0, OB 2.0); the rest is the JSON document, which may carry
 * inline contexts of its own.  One processor lives across inputs, so the
 * context cache is exercised too.  Must never crash, leak or hang.
 */
#include <stdint.h>
#include <string.h>

#include "core/json.h"
#include "core/jsonld.h"
#include "core/jsonld_rdf.h"
#include "core/rdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct bl_jsonld *proc;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const sets[][3] = {
        {NULL, NULL, NULL},
        {"https://www.w3.org/ns/credentials/v2",
         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", NULL},
        {"https://www.w3.org/2018/credentials/v1",
         "https://purl.imsglobal.org/spec/ob/v3p0/context.json", NULL},
        {"https://w3id.org/openbadges/v2", NULL, NULL},
    };
    struct bl_jsonld_opts opts = {0};
    struct bl_errinfo ei;
    struct bl_rdf_dataset ds;
    struct bl_buf out;
    json_t *doc = NULL;
    enum bl_err e;
    unsigned sel;

    if (size < 1)
        return 0;
    sel = data[0];
    if (proc == NULL && bl_jsonld_new(NULL, NULL, &proc, &ei) != BL_OK)
        return 0;
    if (bl_json_parse((const char *)data + 1, size - 1, 65536, 64, &doc, &ei) != BL_OK)
        return 0;
    opts.unsafe = (sel & 1) != 0;
    if (sel & 2)
        opts.base = "https://example.org/base/doc.json";
    if (json_is_object(doc) && (sel >> 2) % 4 != 0) {
        const char *const *set = sets[(sel >> 2) % 4];
        json_t *ctx = json_array(), *own = json_object_get(doc, "@context");

        for (int i = 0; i < 3 && set[i]; i++)
            json_array_append_new(ctx, json_string(set[i]));
        if (own)
            json_array_append(ctx, own);
        json_object_set_new(doc, "@context", ctx);
    }
    bl_rdf_dataset_init(&ds);
    ds.max_quads = 100000;
    bl_buf_init(&out, 1u << 22);
    e = bl_jsonld_to_rdf(proc, doc, &opts, &ds, &ei);
    if (e == BL_OK)
        e = bl_rdf_write_nquads(&out, &ds);
    (void)e; /* errors are fine; crashes are not */
    bl_buf_free(&out);
    bl_rdf_dataset_free(&ds);
    json_decref(doc);
    return 0;
}
