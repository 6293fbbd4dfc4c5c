/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fwfile.c: competency framework files, CSV or JSON, checked line by line
 * (fwfile.h).
 */
#include "fwfile.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "csv.h"
#include "json.h"
#include "limits.h"
#include "utf8.h"

enum col { COL_CODE, COL_LABEL, COL_PARENT, COL_DESC, COL_URL, COL_COUNT };

/* Header names per column, compared after lower-casing ASCII and dropping accents' bytes. */
static const char *const col_names[COL_COUNT][8] = {
    [COL_CODE] = {"code", "identifiant", "id", "code_ogr", "code_competence", "ref", NULL},
    [COL_LABEL] = {"label", "libelle", "libellé", "intitule", "intitulé", "nom", "name", NULL},
    [COL_PARENT] = {"parent", "code_parent", "parent_code", "parent code", "code parent", NULL},
    [COL_DESC] = {"description", "definition", "définition", NULL},
    [COL_URL] = {"url", "lien", "uri", NULL},
};

struct reader {
    struct bl_arena *a;
    struct bl_fw_file *out;
};

static void problem(struct reader *r, size_t line, const char *code, const char *msg)
{
    struct bl_fw_file *f = r->out;
    if (f->n_problems < BL_FW_PROBLEMS_MAX) {
        struct bl_fw_problem *p = &f->problems[f->n_problems++];
        p->line = line;
        p->code = code;
        p->message = msg;
    }
    f->problems_total++;
}

/* s without leading and trailing spaces, in the arena; NULL when nothing is left. */
static const char *trimmed(struct bl_arena *a, const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    if (n == 0)
        return NULL;
    char *c = bl_arena_alloc(a, n + 1);
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static bool has_control(const char *s, bool newlines_ok)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && !(newlines_ok && (*p == '\n' || *p == '\r' || *p == '\t'))) || *p == 0x7f)
            return true;
    return false;
}

/* Check the cells of one entry; false when it has a problem (reported). */
static bool check_entry(struct reader *r, struct bl_fw_entry *e)
{
    bool ok = true;
    if (!e->code) {
        problem(r, e->line, NULL, "Le code est vide.");
        ok = false;
    } else if (strlen(e->code) > BL_FW_CODE_MAX || has_control(e->code, false)) {
        problem(r, e->line, e->code,
                "Le code est trop long ou contient des caractères invisibles.");
        ok = false;
    }
    if (!e->label) {
        problem(r, e->line, e->code, "Le libellé est vide.");
        ok = false;
    } else if (strlen(e->label) > BL_FW_LABEL_MAX || has_control(e->label, false)) {
        problem(r, e->line, e->code, "Le libellé est trop long (500 octets au plus).");
        ok = false;
    }
    if (e->parent && (strlen(e->parent) > BL_FW_CODE_MAX || has_control(e->parent, false))) {
        problem(r, e->line, e->code, "Le code parent est trop long.");
        ok = false;
    }
    if (e->description &&
        (strlen(e->description) > BL_FW_DESC_MAX || has_control(e->description, true))) {
        problem(r, e->line, e->code, "La description est trop longue (4000 octets au plus).");
        ok = false;
    }
    if (e->url && (strlen(e->url) > BL_FW_URL_MAX || has_control(e->url, false) ||
                   (strncmp(e->url, "https://", 8) != 0 && strncmp(e->url, "http://", 7) != 0))) {
        problem(r, e->line, e->code, "L’adresse doit commencer par https:// ou http://.");
        ok = false;
    }
    return ok;
}

/* ---- CSV ---- */

static int header_col(const char *h)
{
    char low[40];
    size_t n = 0;
    for (; h[n] && n < sizeof low - 1; n++)
        low[n] = (h[n] >= 'A' && h[n] <= 'Z') ? (char)(h[n] - 'A' + 'a') : h[n];
    low[n] = '\0';
    if (h[n])
        return -1;
    for (int c = 0; c < COL_COUNT; c++)
        for (size_t k = 0; col_names[c][k]; k++)
            if (strcmp(low, col_names[c][k]) == 0)
                return c;
    return -1;
}

static enum bl_err read_csv(struct reader *r, const unsigned char *p, size_t n,
                            struct bl_errinfo *ei)
{
    struct bl_csv_opts o = {.max_bytes = BL_FW_FILE_MAX, .max_rows = BL_FW_ITEMS_MAX};
    struct bl_csv csv;
    int at[COL_COUNT];
    /* Comment lines ("# ...") before the header say where the data comes from. */
    size_t skip = 0, skipped_lines = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        skip = 3;
    while (skip < n && p[skip] == '#') {
        const unsigned char *nl = memchr(p + skip, '\n', n - skip);
        skip = nl ? (size_t)(nl - p) + 1 : n;
        skipped_lines++;
    }
    enum bl_err e = bl_csv_parse(p + skip, n - skip, &o, r->a, &csv, ei);
    if (e != BL_OK)
        return e;
    for (int c = 0; c < COL_COUNT; c++)
        at[c] = -1;
    const struct bl_csv_row *h = &csv.rows[0];
    for (size_t k = 0; k < h->n; k++) {
        const char *name = trimmed(r->a, h->cells[k]);
        int c = name ? header_col(name) : -1;
        if (c >= 0 && at[c] < 0)
            at[c] = (int)k;
    }
    if (at[COL_CODE] < 0 || at[COL_LABEL] < 0)
        return bl_fail(ei, BL_EINVAL,
                       "framework CSV: the first line must name a \"code\" and a \"label\" column");
    r->out->format = csv.encoding == BL_CSV_CP1252 ? "CSV (Windows-1252)" : "CSV (UTF-8)";
    r->out->items = bl_arena_zalloc(r->a, (csv.n_rows ? csv.n_rows : 1) * sizeof *r->out->items);
    for (size_t i = 1; i < csv.n_rows; i++) {
        const struct bl_csv_row *row = &csv.rows[i];
        struct bl_fw_entry *en = &r->out->items[r->out->n_items++];
        const char *cell[COL_COUNT];
        for (int c = 0; c < COL_COUNT; c++)
            cell[c] =
                at[c] >= 0 && (size_t)at[c] < row->n ? trimmed(r->a, row->cells[at[c]]) : NULL;
        en->line = row->line + skipped_lines;
        en->code = cell[COL_CODE];
        en->label = cell[COL_LABEL];
        en->parent = cell[COL_PARENT];
        en->description = cell[COL_DESC];
        en->url = cell[COL_URL];
    }
    return BL_OK;
}

/* ---- JSON ---- */

static const char *jstr(struct bl_arena *a, const json_t *o, const char *k1, const char *k2)
{
    const char *s = bl_json_str(o, k1);
    if (!s && k2)
        s = bl_json_str(o, k2);
    return trimmed(a, s);
}

static enum bl_err read_json(struct reader *r, const unsigned char *p, size_t n,
                             struct bl_errinfo *ei)
{
    json_t *doc = NULL, *items;
    enum bl_err e = bl_json_parse((const char *)p, n, BL_FW_FILE_MAX, 8, &doc, ei);
    if (e != BL_OK)
        return e;
    items = json_is_array(doc) ? doc : json_object_get(doc, "items");
    if (!json_is_array(items)) {
        json_decref(doc);
        return bl_fail(ei, BL_EINVAL, "framework JSON: an \"items\" array is required");
    }
    if (json_array_size(items) > BL_FW_ITEMS_MAX) {
        json_decref(doc);
        return bl_fail(ei, BL_ETOOBIG, "framework JSON: more than %u items", BL_FW_ITEMS_MAX);
    }
    struct bl_fw_file *f = r->out;
    f->format = "JSON";
    if (json_is_object(doc)) {
        f->name = jstr(r->a, doc, "name", NULL);
        f->version = jstr(r->a, doc, "version", NULL);
        f->source = jstr(r->a, doc, "source", "url");
    }
    size_t count = json_array_size(items);
    f->items = bl_arena_zalloc(r->a, (count ? count : 1) * sizeof *f->items);
    for (size_t i = 0; i < count; i++) {
        const json_t *it = json_array_get(items, i);
        struct bl_fw_entry *en = &f->items[f->n_items++];
        en->line = i + 1;
        if (!json_is_object(it)) {
            problem(r, en->line, NULL, "Cet élément n’est pas un objet JSON.");
            continue;
        }
        en->code = jstr(r->a, it, "code", "targetCode");
        en->label = jstr(r->a, it, "label", "name");
        en->parent = jstr(r->a, it, "parent", "parentCode");
        en->description = jstr(r->a, it, "description", NULL);
        en->url = jstr(r->a, it, "url", NULL);
    }
    json_decref(doc);
    return BL_OK;
}

/* ---- structure ---- */

static int by_code(const void *x, const void *y)
{
    const struct bl_fw_entry *const *a = x, *const *b = y;
    int c = strcmp((*a)->code, (*b)->code);
    return c ? c : ((*a)->line < (*b)->line ? -1 : (*a)->line > (*b)->line);
}

/* Index of the entry with this code in sorted[0..n) (codes unique), or -1. */
static long find_code(struct bl_fw_entry **sorted, size_t n, const char *code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sorted[mid]->code, code);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void structure(struct reader *r)
{
    struct bl_fw_file *f = r->out;
    size_t n = f->n_items;
    if (n == 0) {
        problem(r, 1, NULL, "Le fichier ne contient aucun élément.");
        return;
    }
    struct bl_fw_entry **sorted = bl_arena_alloc(r->a, n * sizeof *sorted);
    size_t ns = 0;
    for (size_t i = 0; i < n; i++)
        if (f->items[i].code)
            sorted[ns++] = &f->items[i];
    qsort(sorted, ns, sizeof *sorted, by_code);
    /* A code seen twice: the later lines are the problem. */
    size_t nu = 0;
    for (size_t i = 0; i < ns; i++) {
        if (nu > 0 && strcmp(sorted[nu - 1]->code, sorted[i]->code) == 0) {
            problem(r, sorted[i]->line, sorted[i]->code,
                    bl_arena_printf(r->a, "Le code est déjà utilisé à la ligne %zu.",
                                    sorted[nu - 1]->line));
            continue;
        }
        sorted[nu++] = sorted[i];
    }
    /* parent[i]: index into items of i's parent, -1 for a root, -2 when unknown. */
    long *parent = bl_arena_alloc(r->a, n * sizeof *parent);
    for (size_t i = 0; i < n; i++) {
        const struct bl_fw_entry *e = &f->items[i];
        parent[i] = -1;
        if (!e->parent)
            continue;
        long k = find_code(sorted, nu, e->parent);
        if (k < 0) {
            parent[i] = -2;
            problem(r, e->line, e->code,
                    bl_arena_printf(r->a, "Le parent « %s » n’est le code d’aucun élément.",
                                    e->parent));
        } else {
            parent[i] = sorted[k] - f->items;
        }
    }
    /* Depths by walking up; state 1 = on the current walk (a cycle when met again). */
    unsigned char *state = bl_arena_zalloc(r->a, n);
    size_t *walk = bl_arena_alloc(r->a, n * sizeof *walk);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        long j = (long)i;
        while (j >= 0 && state[j] == 0) {
            state[j] = 1;
            walk[len++] = (size_t)j;
            j = parent[j];
        }
        bool cycle = j >= 0 && state[j] == 1;
        unsigned base = j >= 0 && state[j] == 2 ? f->items[j].depth + 1 : 0;
        if (cycle) {
            /* Every item of the loop gets the problem; those below it are not reported again. */
            size_t from = 0;
            while (walk[from] != (size_t)j)
                from++;
            for (size_t k = from; k < len; k++)
                problem(r, f->items[walk[k]].line, f->items[walk[k]].code,
                        "Les parents de cet élément forment une boucle (cycle).");
            for (size_t k = 0; k < len; k++) {
                state[walk[k]] = 2;
                f->items[walk[k]].depth = BL_FW_DEPTH_MAX + 1;
            }
            continue;
        }
        for (size_t k = len; k-- > 0;) {
            struct bl_fw_entry *e = &f->items[walk[k]];
            e->depth = base;
            if (base == BL_FW_DEPTH_MAX)
                problem(r, e->line, e->code,
                        bl_arena_printf(r->a, "L’élément est trop profond (%u niveaux au plus).",
                                        BL_FW_DEPTH_MAX));
            base++;
            state[walk[k]] = 2;
        }
    }
    if (f->problems_total > 0)
        return;
    /* Depth-first order: children by file order after their parent. */
    size_t *first = bl_arena_alloc(r->a, n * sizeof *first);
    size_t *next = bl_arena_alloc(r->a, n * sizeof *next);
    size_t *last = bl_arena_alloc(r->a, n * sizeof *last);
    const size_t NONE = (size_t)-1;
    size_t root_first = NONE, root_last = NONE;
    for (size_t i = 0; i < n; i++)
        first[i] = next[i] = last[i] = NONE;
    for (size_t i = 0; i < n; i++) {
        size_t *head = parent[i] < 0 ? &root_first : &first[parent[i]];
        size_t *tail = parent[i] < 0 ? &root_last : &last[parent[i]];
        if (*head == NONE)
            *head = i;
        else
            next[*tail] = i;
        *tail = i;
    }
    struct bl_fw_entry *ordered = bl_arena_alloc(r->a, n * sizeof *ordered);
    size_t *stack = bl_arena_alloc(r->a, n * sizeof *stack), top = 0, k = 0;
    for (size_t root = root_first; root != NONE; root = next[root]) {
        stack[top++] = root;
        while (top > 0) {
            size_t i = stack[--top];
            ordered[k++] = f->items[i];
            /* Push children in reverse so the first comes out first. */
            size_t cnt = 0;
            for (size_t c = first[i]; c != NONE; c = next[c])
                cnt++;
            size_t base = top;
            top += cnt;
            for (size_t c = first[i], m = 0; c != NONE; c = next[c], m++)
                stack[base + cnt - 1 - m] = c;
        }
    }
    f->items = ordered;
}

enum bl_err bl_fw_file_read(const unsigned char *p, size_t n, struct bl_arena *a,
                            struct bl_fw_file *out, struct bl_errinfo *ei)
{
    struct reader r = {a, out};
    memset(out, 0, sizeof *out);
    if (n > BL_FW_FILE_MAX)
        return bl_fail(ei, BL_ETOOBIG, "framework file over %u bytes", BL_FW_FILE_MAX);
    out->problems = bl_arena_zalloc(a, BL_FW_PROBLEMS_MAX * sizeof *out->problems);
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    bool json = i < n && (p[i] == '{' || p[i] == '[');
    enum bl_err e = json ? read_json(&r, p + i, n - i, ei) : read_csv(&r, p, n, ei);
    if (e != BL_OK)
        return e;
    for (size_t k = 0; k < out->n_items; k++)
        if (out->items[k].line)
            (void)check_entry(&r, &out->items[k]);
    structure(&r);
    return BL_OK;
}
