/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_i18n_scan.c: libFuzzer target for the template text scanner
 * (core/i18n_scan.h).  Units must come in order, inside the input, without
 * overlapping, with a msgid that has no NUL and no blank at either end;
 * translating with no translation must give the input back byte for byte,
 * and translating every unit must give a text the scanner reads again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/i18n_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct state {
    size_t size, end; /* input size, end of the previous unit */
};

static enum bl_err check(void *cls, const struct bl_i18n_unit *u, struct bl_errinfo *ei)
{
    struct state *s = cls;
    (void)ei;
    if (u->off < s->end || u->off + u->len > s->size || u->len == 0 || u->msgid_len == 0 ||
        strlen(u->msgid) != u->msgid_len || u->msgid[0] == ' ' ||
        u->msgid[u->msgid_len - 1] == ' ' || (u->kind != BL_I18N_TEXT && u->kind != BL_I18N_ATTR))
        abort();
    s->end = u->off + u->len;
    return BL_OK;
}

static const char *none(void *cls, const char *msgid)
{
    (void)cls;
    (void)msgid;
    return NULL;
}

static const char *mark(void *cls, const char *msgid)
{
    (void)cls;
    (void)msgid;
    return "EN \"x\" 'y'";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct state s = {.size = size};
    struct bl_errinfo ei;
    struct bl_buf out;

    if (bl_i18n_scan((const char *)data, size, check, &s, &ei) != BL_OK)
        return 0;
    bl_buf_init(&out, size + 1);
    if (bl_i18n_translate((const char *)data, size, none, NULL, &out, &ei) != BL_OK ||
        out.len != size || (size && memcmp(out.p, data, size) != 0))
        abort();
    bl_buf_free(&out);
    bl_buf_init(&out, 16 * size + 64);
    if (bl_i18n_translate((const char *)data, size, mark, NULL, &out, &ei) != BL_OK)
        abort();
    s = (struct state){.size = out.len};
    if (bl_i18n_scan(out.p ? (const char *)out.p : "", out.len, check, &s, &ei) != BL_OK)
        abort();
    bl_buf_free(&out);
    return 0;
}
