/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * jsonld.c: JSON-LD 1.1 context processing, IRI expansion and expansion,
 * written from the W3C JSON-LD 1.1 Processing Algorithms and API
 * recommendation (sections 4.1, 4.2, 5.1, 5.2, 5.3; step numbers in the
 * comments refer to it).  Active contexts are immutable once built and hold
 * their terms in an open-addressing hash map; contexts derived only from
 * remote documents are cached in the processor (see jsonld.h).
 */
#include "jsonld.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "ctxstore.h"
#include "json.h"
#include "jsonld_int.h"
#include "limits.h"
#include "mem.h"

/* jansson takes json_t * even to read: drop const without a cast warning. */
static json_t *mut(const json_t *j)
{
    union {
        const json_t *c;
        json_t *m;
    } u;

    u.c = j;
    return u.m;
}

/* ---- small string helpers ---------------------------------------------- */

static char *dupn(const char *s)
{
    return s ? bl_strdup(s) : NULL;
}

static bool streq(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

static char *concat(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *r = bl_malloc(na + nb + 1);

    memcpy(r, a, na);
    memcpy(r + na, b, nb + 1);
    return r;
}

static const char *const KEYWORDS[] = {
    "@base",      "@container", "@context",    "@default", "@direction",   "@embed",  "@explicit",
    "@first",     "@graph",     "@id",         "@import",  "@included",    "@index",  "@json",
    "@language",  "@list",      "@nest",       "@none",    "@omitDefault", "@prefix", "@preserve",
    "@propagate", "@protected", "@requireAll", "@reverse", "@set",         "@type",   "@value",
    "@version",   "@vocab",     NULL};

bool bl_jsonld_is_keyword(const char *s)
{
    if (s == NULL || s[0] != '@')
        return false;
    /* KEYWORDS is sorted: only scan the entries with the same second byte */
    for (size_t i = 0; KEYWORDS[i]; i++) {
        if (KEYWORDS[i][1] < s[1])
            continue;
        if (KEYWORDS[i][1] > s[1])
            return false;
        if (strcmp(s, KEYWORDS[i]) == 0)
            return true;
    }
    return false;
}

/* "@" followed by one or more ALPHA: reserved for future keywords. */
static bool keyword_form(const char *s)
{
    if (s[0] != '@' || s[1] == '\0')
        return false;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
            return false;
    return true;
}

bool bl_jsonld_is_absolute_iri(const char *s)
{
    const char *p = s;

    if (s == NULL || !isalpha((unsigned char)*p))
        return false;
    for (p++; *p && *p != ':'; p++)
        if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
            return false;
    if (*p != ':')
        return false;
    /* no white space anywhere, as jsonld.js requires */
    for (; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
            return false;
    return true;
}

/* An IRI (absolute) or a blank node identifier: what JSON-LD accepts as IRI. */
static bool is_iri_or_bnode(const char *s)
{
    return s && (bl_jsonld_is_absolute_iri(s) || (s[0] == '_' && s[1] == ':'));
}

/* ---- RFC 3986 reference resolution -------------------------------------- */

struct uri {
    const char *scheme, *auth, *path, *query, *frag;
    size_t nscheme, nauth, npath, nquery, nfrag;
    bool has_scheme, has_auth, has_query, has_frag;
};

static void uri_split(const char *s, struct uri *u)
{
    const char *p = s, *e;

    memset(u, 0, sizeof(*u));
    if (bl_jsonld_is_absolute_iri(s)) {
        e = strchr(s, ':');
        u->has_scheme = true;
        u->scheme = s;
        u->nscheme = (size_t)(e - s);
        p = e + 1;
    }
    if (p[0] == '/' && p[1] == '/') {
        p += 2;
        e = p + strcspn(p, "/?#");
        u->has_auth = true;
        u->auth = p;
        u->nauth = (size_t)(e - p);
        p = e;
    }
    e = p + strcspn(p, "?#");
    u->path = p;
    u->npath = (size_t)(e - p);
    p = e;
    if (*p == '?') {
        p++;
        e = p + strcspn(p, "#");
        u->has_query = true;
        u->query = p;
        u->nquery = (size_t)(e - p);
        p = e;
    }
    if (*p == '#') {
        u->has_frag = true;
        u->frag = p + 1;
        u->nfrag = strlen(p + 1);
    }
}

/* Remove dot segments (RFC 3986 §5.2.4) from in[0..n) into out (NUL-ended). */
static void remove_dots(const char *in, size_t n, char *out)
{
    size_t o = 0, i = 0;

    while (i < n) {
        if (n - i >= 3 && memcmp(in + i, "../", 3) == 0) {
            i += 3;
        } else if (n - i >= 2 && memcmp(in + i, "./", 2) == 0) {
            i += 2;
        } else if (n - i >= 3 && memcmp(in + i, "/./", 3) == 0) {
            i += 2;
        } else if (n - i == 2 && memcmp(in + i, "/.", 2) == 0) {
            i += 1;
            in = "/";
            n = 1;
            i = 0;
        } else if ((n - i >= 4 && memcmp(in + i, "/../", 4) == 0) ||
                   (n - i == 3 && memcmp(in + i, "/..", 3) == 0)) {
            if (n - i == 3) {
                in = "/";
                n = 1;
                i = 0;
            } else {
                i += 3;
            }
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
        } else if ((n - i == 1 && in[i] == '.') || (n - i == 2 && memcmp(in + i, "..", 2) == 0)) {
            i = n;
        } else {
            size_t j = i + 1;

            if (in[i] != '/')
                j = i;
            while (j < n && in[j] != '/')
                j++;
            memcpy(out + o, in + i, j - i);
            o += j - i;
            i = j;
        }
    }
    out[o] = '\0';
}

char *bl_jsonld_resolve_iri(const char *base, const char *ref)
{
    struct uri b, r;
    size_t cap;
    char *out, *merged, *path;
    size_t o = 0;

    if (base == NULL)
        return bl_strdup(ref);
    uri_split(ref, &r);
    if (r.has_scheme)
        return bl_strdup(ref); /* dot removal on absolute refs is left to the source */
    uri_split(base, &b);
    cap = strlen(base) + strlen(ref) + 8;
    out = bl_malloc(cap);
    merged = bl_malloc(cap);
    path = bl_malloc(cap);
    merged[0] = '\0';
    if (r.has_auth) {
        remove_dots(r.path, r.npath, path);
    } else if (r.npath == 0) {
        memcpy(path, b.path, b.npath);
        path[b.npath] = '\0';
        if (!r.has_query) {
            r.has_query = b.has_query;
            r.query = b.query;
            r.nquery = b.nquery;
        }
    } else if (r.path[0] == '/') {
        remove_dots(r.path, r.npath, path);
    } else {
        size_t m = 0;

        if (b.has_auth && b.npath == 0) {
            merged[m++] = '/';
        } else {
            const char *slash = NULL;

            for (size_t i = 0; i < b.npath; i++)
                if (b.path[i] == '/')
                    slash = b.path + i;
            if (slash) {
                m = (size_t)(slash - b.path) + 1;
                memcpy(merged, b.path, m);
            }
        }
        memcpy(merged + m, r.path, r.npath);
        m += r.npath;
        remove_dots(merged, m, path);
    }
    if (b.has_scheme) {
        memcpy(out + o, b.scheme, b.nscheme);
        o += b.nscheme;
        out[o++] = ':';
    }
    if (r.has_auth || b.has_auth) {
        const char *a = r.has_auth ? r.auth : b.auth;
        size_t na = r.has_auth ? r.nauth : b.nauth;

        out[o++] = '/';
        out[o++] = '/';
        memcpy(out + o, a, na);
        o += na;
    }
    memcpy(out + o, path, strlen(path));
    o += strlen(path);
    if (r.has_query) {
        out[o++] = '?';
        memcpy(out + o, r.query, r.nquery);
        o += r.nquery;
    }
    if (r.has_frag) {
        out[o++] = '#';
        memcpy(out + o, r.frag, r.nfrag);
        o += r.nfrag;
    }
    out[o] = '\0';
    bl_free(merged);
    bl_free(path);
    return out;
}

/* ---- term map ----------------------------------------------------------- */

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

/* A removed entry: keeps probe chains intact (open addressing). */
static struct tdef tomb;

static struct tdef *tmap_get(const struct tmap *m, const char *term)
{
    size_t i;

    if (m->cap == 0)
        return NULL;
    for (i = hash_str(term) & (m->cap - 1); m->slots[i]; i = (i + 1) & (m->cap - 1))
        if (m->slots[i] != &tomb && strcmp(m->slots[i]->term, term) == 0)
            return m->slots[i];
    return NULL;
}

static void tmap_put(struct tmap *m, struct tdef *d);

/* Rehash into a table of cap slots, dropping tombstones. */
static void tmap_rehash(struct tmap *m, size_t cap)
{
    struct tdef **old = m->slots;
    size_t ocap = m->cap;

    m->cap = cap;
    m->slots = bl_calloc(m->cap, sizeof(*m->slots));
    m->n = 0;
    m->used = 0;
    for (size_t i = 0; i < ocap; i++)
        if (old[i] && old[i] != &tomb)
            tmap_put(m, old[i]);
    bl_free(old);
}

static void tmap_put(struct tmap *m, struct tdef *d)
{
    size_t i, free_slot = SIZE_MAX;

    if ((m->used + 1) * 4 > m->cap * 3)
        tmap_rehash(m, m->n * 2 >= m->cap / 2 ? (m->cap ? m->cap * 2 : 64) : m->cap);
    for (i = hash_str(d->term) & (m->cap - 1); m->slots[i]; i = (i + 1) & (m->cap - 1)) {
        if (m->slots[i] == &tomb) {
            if (free_slot == SIZE_MAX)
                free_slot = i;
        } else if (strcmp(m->slots[i]->term, d->term) == 0) {
            m->slots[i] = d;
            return;
        }
    }
    if (free_slot == SIZE_MAX) {
        free_slot = i;
        m->used++;
    }
    m->slots[free_slot] = d;
    m->n++;
}

static void tmap_del(struct tmap *m, const char *term)
{
    size_t i;

    if (m->cap == 0)
        return;
    for (i = hash_str(term) & (m->cap - 1); m->slots[i]; i = (i + 1) & (m->cap - 1))
        if (m->slots[i] != &tomb && strcmp(m->slots[i]->term, term) == 0) {
            m->slots[i] = &tomb;
            m->n--;
            return;
        }
}

/* ---- ownership ---------------------------------------------------------- */

static void tdef_free(struct tdef *d)
{
    bl_free(d->term);
    bl_free(d->iri);
    bl_free(d->type);
    bl_free(d->lang);
    bl_free(d->dir);
    bl_free(d->index);
    bl_free(d->nest);
    bl_free(d->ctx_base);
    json_decref(d->ctx);
    bl_free(d);
}

static void actx_free(struct actx *a)
{
    bl_free(a->terms.slots);
    bl_free(a->base);
    bl_free(a->vocab);
    bl_free(a->lang);
    bl_free(a->dir);
    bl_free(a);
}

static struct tdef *tdef_new(struct bl_jsonld *p, bool perm, const char *term)
{
    struct tdef *d = bl_calloc(1, sizeof(*d));

    d->term = bl_strdup(term);
    d->perm = perm;
    if (perm) {
        d->next = p->perm_td;
        p->perm_td = d;
    } else {
        d->next = p->doc_td;
        p->doc_td = d;
    }
    return d;
}

static struct actx *actx_new(struct bl_jsonld *p, bool perm)
{
    struct actx *a = bl_calloc(1, sizeof(*a));

    /* A full cache stops caching: what follows lives as long as the document. */
    if (perm && p->nperm >= BL_JSONLD_MAX_CACHED)
        perm = false;
    a->perm = perm;
    if (perm) {
        p->nperm++;
        a->next = p->perm_ctx;
        p->perm_ctx = a;
    } else {
        a->next = p->doc_ctx;
        p->doc_ctx = a;
    }
    return a;
}

static struct actx *actx_clone(struct bl_jsonld *p, const struct actx *src, bool perm)
{
    struct actx *a = actx_new(p, perm);

    if (src->terms.cap) {
        a->terms.cap = src->terms.cap;
        a->terms.n = src->terms.n;
        a->terms.used = src->terms.used;
        a->terms.slots = bl_malloc(src->terms.cap * sizeof(*a->terms.slots));
        memcpy(a->terms.slots, src->terms.slots, src->terms.cap * sizeof(*a->terms.slots));
    }
    a->base = dupn(src->base);
    a->base_set = src->base_set;
    a->vocab = dupn(src->vocab);
    a->lang = dupn(src->lang);
    a->dir = dupn(src->dir);
    a->prev = src->prev;
    a->has_protected = src->has_protected;
    a->v10 = src->v10;
    return a;
}

static void doc_release(struct bl_jsonld *p)
{
    if (p->dmemo.n) {
        memset(p->dmemo.e, 0, p->dmemo.cap * sizeof(*p->dmemo.e));
        p->dmemo.n = 0;
    }
    while (p->doc_ctx) {
        struct actx *n = p->doc_ctx->next;
        actx_free(p->doc_ctx);
        p->doc_ctx = n;
    }
    while (p->doc_td) {
        struct tdef *n = p->doc_td->next;
        tdef_free(p->doc_td);
        p->doc_td = n;
    }
}

void bl_jsonld_free(struct bl_jsonld *p)
{
    if (p == NULL)
        return;
    doc_release(p);
    while (p->perm_ctx) {
        struct actx *n = p->perm_ctx->next;
        actx_free(p->perm_ctx);
        p->perm_ctx = n;
    }
    while (p->perm_td) {
        struct tdef *n = p->perm_td->next;
        tdef_free(p->perm_td);
        p->perm_td = n;
    }
    for (size_t i = 0; i < p->ndocs; i++) {
        bl_free(p->docs[i].url);
        json_decref(p->docs[i].doc);
    }
    bl_free(p->docs);
    bl_free(p->pmemo.e);
    bl_free(p->dmemo.e);
    bl_free(p);
}

enum bl_err bl_jsonld_new(bl_jsonld_load_fn load, void *arg, struct bl_jsonld **out,
                          struct bl_errinfo *ei)
{
    struct bl_jsonld *p;

    (void)ei;
    p = bl_calloc(1, sizeof(*p));
    p->load = load ? load : bl_ctxstore_load;
    p->load_arg = load ? arg : NULL;
    p->initial = actx_new(p, true);
    p->initial10 = actx_new(p, true);
    p->initial10->v10 = true;
    *out = p;
    return BL_OK;
}

const char *bl_jsonld_last_code(const struct bl_jsonld *p)
{
    return p ? p->last_code : NULL;
}

/* ---- errors ------------------------------------------------------------- */

static enum bl_err BL_PRINTF(3, 4) jfail(struct ex *x, const char *code, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    x->p->last_code = code;
    return bl_fail(x->ei, BL_EINVAL, "JSON-LD: %s: %s", code, msg);
}

/* The JSON pointer of the key being expanded, for safe-mode messages. */
static size_t path_push(struct ex *x, const char *seg)
{
    size_t mark = x->plen;

    if (x->plen + 1 < sizeof(x->path))
        x->path[x->plen++] = '/';
    for (; *seg && x->plen + 2 < sizeof(x->path); seg++) {
        if (*seg == '~' || *seg == '/') {
            x->path[x->plen++] = '~';
            x->path[x->plen++] = *seg == '~' ? '0' : '1';
        } else {
            x->path[x->plen++] = *seg;
        }
    }
    x->path[x->plen] = '\0';
    return mark;
}

static size_t path_push_index(struct ex *x, size_t i)
{
    char num[24];

    snprintf(num, sizeof(num), "%zu", i);
    return path_push(x, num);
}

static void path_pop(struct ex *x, size_t mark)
{
    x->plen = mark;
    x->path[mark] = '\0';
}

/* ---- remote documents ---------------------------------------------------- */

static enum bl_err load_doc(struct ex *x, const char *url, json_t **out)
{
    struct bl_jsonld *p = x->p;
    const char *text = NULL;
    size_t len = 0;
    json_t *doc = NULL;
    enum bl_err e;

    for (size_t i = 0; i < p->ndocs; i++)
        if (strcmp(p->docs[i].url, url) == 0) {
            *out = p->docs[i].doc;
            return BL_OK;
        }
    e = p->load(p->load_arg, url, &text, &len, x->ei);
    if (e != BL_OK) {
        p->last_code = "loading remote context failed";
        return e;
    }
    e = bl_json_parse(text, len, BL_JSONLD_MAX_CONTEXT_BYTES, BL_JSON_MAX_DEPTH, &doc, x->ei);
    if (e != BL_OK) {
        p->last_code = "loading remote context failed";
        return e;
    }
    if (p->ndocs == p->cdocs) {
        p->cdocs = p->cdocs ? p->cdocs * 2 : 16;
        p->docs = bl_realloc(p->docs, p->cdocs * sizeof(*p->docs));
    }
    p->docs[p->ndocs].url = bl_strdup(url);
    p->docs[p->ndocs].doc = doc;
    p->ndocs++;
    *out = doc;
    return BL_OK;
}

/* ---- memo of (active context, context value) -> active context ---------- */

/*
 * Two tables: p->pmemo for contexts derived only from loaded contexts (kept
 * as long as the processor), p->dmemo for the rest (cleared when the
 * document is done, since its keys point into the document).  The second
 * one keeps a scoped context used on every node of a document from being
 * processed again for each node.
 */
static size_t memo_slot(const struct mtab *t, const void *a, const void *b, unsigned f)
{
    uintptr_t h = ((uintptr_t)a * 31u) ^ ((uintptr_t)b * 131u) ^ f;

    h ^= h >> 17;
    h *= 0x9E3779B1u;
    return (size_t)(h ^ (h >> 13)) & (t->cap - 1);
}

static struct actx *mtab_get(const struct mtab *t, const void *a, const void *b, unsigned f)
{
    if (t->cap == 0)
        return NULL;
    for (size_t i = memo_slot(t, a, b, f);; i = (i + 1) & (t->cap - 1)) {
        const struct memo *m = &t->e[i];
        if (m->r == NULL)
            return NULL;
        if (m->a == a && m->b == b && m->f == f)
            return m->r;
    }
}

static void mtab_put(struct mtab *t, const void *a, const void *b, unsigned f, struct actx *r)
{
    if ((t->n + 1) * 2 > t->cap) {
        struct memo *old = t->e;
        size_t ocap = t->cap;

        t->cap = ocap ? ocap * 2 : 64;
        t->e = bl_calloc(t->cap, sizeof(*t->e));
        t->n = 0;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].r)
                mtab_put(t, old[i].a, old[i].b, old[i].f, old[i].r);
        bl_free(old);
    }
    for (size_t i = memo_slot(t, a, b, f);; i = (i + 1) & (t->cap - 1)) {
        struct memo *m = &t->e[i];
        if (m->r == NULL) {
            m->a = a;
            m->b = b;
            m->f = f;
            m->r = r;
            t->n++;
            return;
        }
        if (m->a == a && m->b == b && m->f == f)
            return;
    }
}

/* perm_src: b belongs to a loaded (processor-lifetime) context. */
static struct actx *memo_get(struct bl_jsonld *p, const struct actx *a, const void *b, unsigned f,
                             bool perm_src)
{
    if (a->open)
        return NULL;
    return mtab_get(perm_src && a->perm ? &p->pmemo : &p->dmemo, a, b, f);
}

static void memo_put(struct bl_jsonld *p, const struct actx *a, const void *b, unsigned f,
                     struct actx *r, bool perm_src)
{
    if (a->open || r->open)
        return;
    mtab_put(perm_src && a->perm && r->perm ? &p->pmemo : &p->dmemo, a, b, f, r);
}

/* ---- IRI expansion (§5.2) ---------------------------------------------- */

/* The result of IRI expansion: s, which own may hold (free own). */
struct istr {
    const char *s;
    char *own;
};

static void istr_free(struct istr *r)
{
    bl_free(r->own);
    r->own = NULL;
    r->s = NULL;
}

static enum bl_err create_term(struct ex *x, struct actx *active, const json_t *local,
                               const char *term, json_t *defined, const char *base_url, bool prot,
                               bool override_prot, bool perm, int nremote);
static bool bcp47(const char *s);
static enum bl_err BL_PRINTF(2, 0) unsafe(struct ex *x, const char *fmt, const char *what);

static enum bl_err expand_iri(struct ex *x, struct actx *active, const char *value, bool docrel,
                              bool vocab, const json_t *local, json_t *defined, bool perm,
                              const char *base_url, struct istr *out)
{
    const struct tdef *d;
    const char *colon;
    enum bl_err e;

    out->s = NULL;
    out->own = NULL;
    if (value == NULL || bl_jsonld_is_keyword(value)) {
        out->s = value;
        return BL_OK;
    }
    if (keyword_form(value))
        return BL_OK;
    if (local && json_object_get(local, value)) {
        json_t *st = json_object_get(defined, value);
        if (st == NULL || !json_is_true(st)) {
            e = create_term(x, active, local, value, defined, base_url, false, false, perm, 0);
            if (e != BL_OK)
                return e;
        }
    }
    d = tmap_get(&active->terms, value);
    if (d && d->iri && bl_jsonld_is_keyword(d->iri)) {
        out->s = d->iri;
        return BL_OK;
    }
    if (vocab && d) {
        out->s = d->iri;
        return BL_OK;
    }
    colon = strchr(value, ':');
    if (colon && colon != value) {
        size_t np = (size_t)(colon - value);
        char prefix[256];
        const struct tdef *pd;

        if ((np == 1 && value[0] == '_') || (colon[1] == '/' && colon[2] == '/')) {
            out->s = value;
            return BL_OK;
        }
        if (np < sizeof(prefix)) {
            memcpy(prefix, value, np);
            prefix[np] = '\0';
            if (local && json_object_get(local, prefix)) {
                json_t *st = json_object_get(defined, prefix);
                if (st == NULL || !json_is_true(st)) {
                    e = create_term(x, active, local, prefix, defined, base_url, false, false, perm,
                                    0);
                    if (e != BL_OK)
                        return e;
                }
            }
            pd = tmap_get(&active->terms, prefix);
            if (pd && pd->iri && pd->prefix) {
                out->own = concat(pd->iri, colon + 1);
                out->s = out->own;
                return BL_OK;
            }
        }
        if (bl_jsonld_is_absolute_iri(value)) {
            out->s = value;
            return BL_OK;
        }
    }
    if (vocab && active->vocab) {
        out->own = concat(active->vocab, value);
        out->s = out->own;
        return BL_OK;
    }
    if (docrel && active->base) {
        out->own = bl_jsonld_resolve_iri(active->base, value);
        out->s = out->own;
        return BL_OK;
    }
    if (docrel && !active->base_set && x->base) {
        out->own = bl_jsonld_resolve_iri(x->base, value);
        out->s = out->own;
        return BL_OK;
    }
    out->s = value;
    return BL_OK;
}

/* ---- context processing (§4.1) ------------------------------------------ */

static enum bl_err ctx_process(struct ex *x, struct actx *active, const json_t *local,
                               const char *base_url, bool perm_src, bool override_prot,
                               bool propagate, bool validate, int nremote, struct actx **out);

static bool gen_delim_end(const char *iri)
{
    size_t n = strlen(iri);

    return n > 0 && strchr(":/?#[]@", iri[n - 1]) != NULL;
}

static bool tdef_same(const struct tdef *a, const struct tdef *b)
{
    return streq(a->iri, b->iri) && a->prefix == b->prefix && a->reverse == b->reverse &&
           streq(a->type, b->type) && a->has_lang == b->has_lang && streq(a->lang, b->lang) &&
           a->has_dir == b->has_dir && streq(a->dir, b->dir) && streq(a->index, b->index) &&
           streq(a->nest, b->nest) && a->container == b->container && a->has_ctx == b->has_ctx &&
           (!a->has_ctx || json_equal(a->ctx, b->ctx));
}

static unsigned container_bit(const char *s)
{
    static const char *const names[] = {"@list", "@set",  "@index", "@language",
                                        "@id",   "@type", "@graph", NULL};
    for (unsigned i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return 1u << i;
    return 0;
}

static bool container_valid(unsigned c)
{
    unsigned rest;

    if (c == 0)
        return false;
    /* a single keyword */
    if ((c & (c - 1)) == 0)
        return true;
    rest = c & ~(unsigned)C_SET;
    if ((c & C_SET) && (rest & (rest - 1)) == 0 && !(rest & C_LIST))
        return true;
    if (c & C_GRAPH) {
        rest = c & ~(unsigned)(C_GRAPH | C_SET);
        if (rest == 0 || rest == C_ID || rest == C_INDEX)
            return true;
    }
    return false;
}

static void lower(char *s)
{
    for (; s && *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static enum bl_err create_term(struct ex *x, struct actx *active, const json_t *local,
                               const char *term, json_t *defined, const char *base_url, bool prot,
                               bool override_prot, bool perm, int nremote)
{
    json_t *st = json_object_get(defined, term), *value, *v;
    struct tdef *prev, *d;
    bool simple = false;
    const char *key;
    enum bl_err e = BL_OK;
    struct istr r = {0};
    bool v10 = active->v10;

    if (st)
        return json_is_true(st)
                   ? BL_OK
                   : jfail(x, "cyclic IRI mapping", "term \"%s\" refers to itself", term);
    if (term[0] == '\0')
        return jfail(x, "invalid term definition", "empty term");
    json_object_set_new_nocheck(defined, term, json_false());
    value = json_object_get(local, term);
    if (strcmp(term, "@type") == 0 && !v10 && json_is_object(value) && json_object_size(value)) {
        json_object_foreach(value, key, v)
        {
            if (strcmp(key, "@container") == 0 && json_is_string(v) &&
                strcmp(json_string_value(v), "@set") == 0)
                continue;
            if (strcmp(key, "@protected") == 0)
                continue;
            return jfail(x, "keyword redefinition", "@type");
        }
    } else if (bl_jsonld_is_keyword(term)) {
        return jfail(x, "keyword redefinition", "%s", term);
    } else if (keyword_form(term)) {
        if (x->safe)
            return unsafe(x, "context term \"%s\" (at %s) looks like a keyword", term);
        json_object_set_new_nocheck(defined, term, json_true());
        return BL_OK;
    }
    prev = tmap_get(&active->terms, term);
    tmap_del(&active->terms, term);
    if (json_is_null(value)) {
        value = NULL;
    } else if (json_is_string(value)) {
        simple = true;
    } else if (!json_is_object(value)) {
        return jfail(x, "invalid term definition", "term \"%s\"", term);
    }
    d = tdef_new(x->p, perm && active->perm, term);
    /* 11 */
    v = value && !simple ? json_object_get(value, "@protected") : NULL;
    if (v) {
        if (v10)
            return jfail(x, "invalid term definition", "@protected in 1.0 mode");
        if (!json_is_boolean(v))
            return jfail(x, "invalid @protected value", "term \"%s\"", term);
        d->prot = json_is_true(v);
    } else {
        d->prot = prot;
    }
    /* 12 */
    v = value && !simple ? json_object_get(value, "@type") : NULL;
    if (v) {
        if (!json_is_string(v))
            return jfail(x, "invalid type mapping", "term \"%s\"", term);
        e = expand_iri(x, active, json_string_value(v), false, true, local, defined, perm, base_url,
                       &r);
        if (e != BL_OK)
            return e;
        if (r.s == NULL || ((strcmp(r.s, "@json") == 0 || strcmp(r.s, "@none") == 0)
                                ? v10
                                : !(strcmp(r.s, "@id") == 0 || strcmp(r.s, "@vocab") == 0 ||
                                    bl_jsonld_is_absolute_iri(r.s)))) {
            istr_free(&r);
            return jfail(x, "invalid type mapping", "term \"%s\"", term);
        }
        d->type = bl_strdup(r.s);
        istr_free(&r);
    }
    /* 13 */
    v = value && !simple ? json_object_get(value, "@reverse") : NULL;
    if (v) {
        json_t *c;

        if (json_object_get(value, "@id") || json_object_get(value, "@nest"))
            return jfail(x, "invalid reverse property", "term \"%s\"", term);
        if (!json_is_string(v))
            return jfail(x, "invalid IRI mapping", "term \"%s\"", term);
        if (keyword_form(json_string_value(v))) {
            if (x->safe)
                return unsafe(x, "@reverse \"%s\" (at %s) looks like a keyword",
                              json_string_value(v));
            json_object_set_new_nocheck(defined, term, json_true());
            return BL_OK;
        }
        e = expand_iri(x, active, json_string_value(v), false, true, local, defined, perm, base_url,
                       &r);
        if (e != BL_OK)
            return e;
        if (r.s == NULL || strchr(r.s, ':') == NULL) {
            istr_free(&r);
            return jfail(x, "invalid IRI mapping", "term \"%s\"", term);
        }
        d->iri = bl_strdup(r.s);
        istr_free(&r);
        c = json_object_get(value, "@container");
        if (c) {
            if (json_is_null(c)) {
                /* no container */
            } else if (json_is_string(c) && (strcmp(json_string_value(c), "@set") == 0 ||
                                             strcmp(json_string_value(c), "@index") == 0)) {
                d->container = container_bit(json_string_value(c));
            } else {
                return jfail(x, "invalid reverse property", "term \"%s\"", term);
            }
        }
        d->reverse = true;
        /* an @index on a reverse @index container, as jsonld.js (expand #t0131) */
        c = json_object_get(value, "@index");
        if (c && (d->container & C_INDEX)) {
            if (!json_is_string(c) || bl_jsonld_is_keyword(json_string_value(c)))
                return jfail(x, "invalid term definition", "term \"%s\": @index", term);
            d->index = bl_strdup(json_string_value(c));
        }
        goto store;
    }
    /* 15 */
    v = NULL;
    if (simple)
        v = value;
    else if (value)
        v = json_object_get(value, "@id");
    else
        v = json_null();
    if (v && !(json_is_string(v) && strcmp(json_string_value(v), term) == 0)) {
        if (json_is_null(v)) {
            d->iri = NULL;
        } else {
            if (!json_is_string(v))
                return jfail(x, "invalid IRI mapping", "term \"%s\"", term);
            if (!bl_jsonld_is_keyword(json_string_value(v)) && keyword_form(json_string_value(v))) {
                if (x->safe)
                    return unsafe(x, "@id \"%s\" (at %s) looks like a keyword",
                                  json_string_value(v));
                json_object_set_new_nocheck(defined, term, json_true());
                return BL_OK;
            }
            e = expand_iri(x, active, json_string_value(v), false, true, local, defined, perm,
                           base_url, &r);
            if (e != BL_OK)
                return e;
            if (r.s == NULL || (!bl_jsonld_is_keyword(r.s) && strchr(r.s, ':') == NULL)) {
                istr_free(&r);
                return jfail(x, "invalid IRI mapping", "term \"%s\"", term);
            }
            if (strcmp(r.s, "@context") == 0) {
                istr_free(&r);
                return jfail(x, "invalid keyword alias", "term \"%s\"", term);
            }
            d->iri = bl_strdup(r.s);
            istr_free(&r);
            {
                const char *c = strchr(term + 1, ':');
                size_t tl = strlen(term);

                if ((c && c != term + tl - 1) || strchr(term, '/')) {
                    json_object_set_new_nocheck(defined, term, json_true());
                    e = expand_iri(x, active, term, false, true, local, defined, perm, base_url,
                                   &r);
                    if (e != BL_OK)
                        return e;
                    if (!streq(r.s, d->iri)) {
                        istr_free(&r);
                        return jfail(x, "invalid IRI mapping", "term \"%s\"", term);
                    }
                    istr_free(&r);
                } else if (simple && !strchr(term, ':') &&
                           (gen_delim_end(d->iri) || strncmp(d->iri, "_:", 2) == 0)) {
                    d->prefix = true;
                }
            }
        }
    } else if (strchr(term + 1, ':')) {
        /* 16: compact IRI or absolute IRI as a term */
        const char *colon = strchr(term + 1, ':');
        size_t np = (size_t)(colon - term);
        char *prefix = bl_strndup(term, np);
        const struct tdef *pd;

        if (json_object_get(local, prefix)) {
            e = create_term(x, active, local, prefix, defined, base_url, false, false, perm,
                            nremote);
            if (e != BL_OK) {
                bl_free(prefix);
                return e;
            }
        }
        pd = tmap_get(&active->terms, prefix);
        if (pd && pd->iri)
            d->iri = concat(pd->iri, colon + 1);
        else
            d->iri = bl_strdup(term);
        bl_free(prefix);
    } else if (strchr(term, '/')) {
        /* without the local context: the term itself is being defined */
        e = expand_iri(x, active, term, false, true, NULL, NULL, perm, base_url, &r);
        if (e != BL_OK)
            return e;
        if (r.s == NULL || !bl_jsonld_is_absolute_iri(r.s)) {
            istr_free(&r);
            return jfail(x, "invalid IRI mapping", "term \"%s\"", term);
        }
        d->iri = bl_strdup(r.s);
        istr_free(&r);
    } else if (strcmp(term, "@type") == 0) {
        d->iri = bl_strdup("@type");
    } else if (active->vocab) {
        d->iri = concat(active->vocab, term);
    } else {
        return jfail(x, "invalid IRI mapping", "term \"%s\" has no IRI", term);
    }
    /* 20 */
    v = value && !simple ? json_object_get(value, "@container") : NULL;
    if (v) {
        unsigned c = 0;

        if (json_is_string(v)) {
            c = container_bit(json_string_value(v));
            if (c == 0)
                return jfail(x, "invalid container mapping", "term \"%s\"", term);
        } else if (json_is_array(v) && !v10) {
            size_t i;
            json_t *it;

            json_array_foreach(v, i, it)
            {
                unsigned b = json_is_string(it) ? container_bit(json_string_value(it)) : 0;
                if (b == 0)
                    return jfail(x, "invalid container mapping", "term \"%s\"", term);
                c |= b;
            }
        } else if (!json_is_null(v)) {
            return jfail(x, "invalid container mapping", "term \"%s\"", term);
        }
        if (!json_is_null(v) && !container_valid(c))
            return jfail(x, "invalid container mapping", "term \"%s\"", term);
        if (v10 && (c & (C_GRAPH | C_ID | C_TYPE)))
            return jfail(x, "invalid container mapping", "term \"%s\"", term);
        d->container = c;
        if (c & C_TYPE) {
            if (d->type == NULL)
                d->type = bl_strdup("@id");
            else if (strcmp(d->type, "@id") != 0 && strcmp(d->type, "@vocab") != 0)
                return jfail(x, "invalid type mapping", "term \"%s\"", term);
        }
    }
    /* 21 */
    v = value && !simple ? json_object_get(value, "@index") : NULL;
    if (v) {
        if (v10 || !(d->container & C_INDEX))
            return jfail(x, "invalid term definition", "term \"%s\": @index", term);
        if (!json_is_string(v) || bl_jsonld_is_keyword(json_string_value(v)))
            return jfail(x, "invalid term definition", "term \"%s\": @index", term);
        e = expand_iri(x, active, json_string_value(v), false, true, local, defined, perm, base_url,
                       &r);
        if (e != BL_OK)
            return e;
        if (r.s == NULL || !bl_jsonld_is_absolute_iri(r.s)) {
            istr_free(&r);
            return jfail(x, "invalid term definition", "term \"%s\": @index", term);
        }
        istr_free(&r);
        d->index = bl_strdup(json_string_value(v));
    }
    /* 22 */
    v = value && !simple ? json_object_get(value, "@context") : NULL;
    if (v) {
        struct actx *tmp;

        if (v10)
            return jfail(x, "invalid term definition", "term \"%s\": @context", term);
        e = ctx_process(x, active, v, base_url, perm, true, true, false, nremote, &tmp);
        if (e != BL_OK) {
            if (e == BL_EINVAL && x->p->last_code &&
                strcmp(x->p->last_code, "loading remote context failed") != 0)
                return jfail(x, "invalid scoped context", "term \"%s\"", term);
            return e;
        }
        d->has_ctx = true;
        d->ctx = json_incref(v);
        d->ctx_base = dupn(base_url);
    }
    /* 23, 24 */
    v = value && !simple ? json_object_get(value, "@language") : NULL;
    if (v && !json_object_get(value, "@type")) {
        if (!json_is_string(v) && !json_is_null(v))
            return jfail(x, "invalid language mapping", "term \"%s\"", term);
        d->has_lang = true;
        if (x->safe && json_is_string(v) && !bcp47(json_string_value(v)))
            return unsafe(x, "language tag \"%s\" in a context (at %s) is not BCP 47",
                          json_string_value(v));
        d->lang = json_is_string(v) ? bl_strdup(json_string_value(v)) : NULL;
        lower(d->lang);
    }
    v = value && !simple ? json_object_get(value, "@direction") : NULL;
    if (v && !json_object_get(value, "@type")) {
        if (!json_is_null(v) && !(json_is_string(v) && (strcmp(json_string_value(v), "ltr") == 0 ||
                                                        strcmp(json_string_value(v), "rtl") == 0)))
            return jfail(x, "invalid base direction", "term \"%s\"", term);
        d->has_dir = true;
        d->dir = json_is_string(v) ? bl_strdup(json_string_value(v)) : NULL;
    }
    /* 25 */
    v = value && !simple ? json_object_get(value, "@nest") : NULL;
    if (v) {
        if (v10)
            return jfail(x, "invalid term definition", "term \"%s\": @nest", term);
        if (!json_is_string(v) || (bl_jsonld_is_keyword(json_string_value(v)) &&
                                   strcmp(json_string_value(v), "@nest") != 0))
            return jfail(x, "invalid @nest value", "term \"%s\"", term);
        d->nest = bl_strdup(json_string_value(v));
    }
    /* 26 */
    v = value && !simple ? json_object_get(value, "@prefix") : NULL;
    if (v) {
        if (v10 || strchr(term, ':') || strchr(term, '/'))
            return jfail(x, "invalid term definition", "term \"%s\": @prefix", term);
        if (!json_is_boolean(v))
            return jfail(x, "invalid @prefix value", "term \"%s\"", term);
        d->prefix = json_is_true(v);
        if (d->prefix && d->iri && bl_jsonld_is_keyword(d->iri))
            return jfail(x, "invalid term definition", "term \"%s\": @prefix", term);
    }
    /* 27 */
    if (value && !simple) {
        json_object_foreach(value, key, v)
        {
            static const char *const ok[] = {"@id",        "@reverse",   "@container", "@context",
                                             "@direction", "@index",     "@language",  "@nest",
                                             "@prefix",    "@protected", "@type",      NULL};
            size_t i;

            for (i = 0; ok[i]; i++)
                if (strcmp(key, ok[i]) == 0)
                    break;
            if (ok[i] == NULL)
                return jfail(x, "invalid term definition", "term \"%s\": entry \"%s\"", term, key);
        }
    }
store:
    /* 28 */
    if (!override_prot && prev && prev->prot) {
        if (!tdef_same(prev, d))
            return jfail(x, "protected term redefinition", "term \"%s\"", term);
        d = prev;
    }
    if (d->prot)
        active->has_protected = true;
    tmap_put(&active->terms, d);
    json_object_set_new_nocheck(defined, term, json_true());
    return e;
}

/* The memo flags of a context-processing call (callers add 8: whole value,
 * 16: safe mode, since safe mode can refuse what unsafe mode accepted). */
static unsigned ctx_flags(bool override_prot, bool propagate, bool validate)
{
    return (override_prot ? 1u : 0u) | (propagate ? 2u : 0u) | (validate ? 4u : 0u);
}

static enum bl_err ctx_one(struct ex *x, struct actx **resultp, struct actx **fresh,
                           const json_t *ctx, const char *base_url, bool perm_src,
                           bool override_prot, bool propagate, bool validate, int nremote)
{
    struct actx *result = *resultp;
    enum bl_err e;
    json_t *v, *defined = NULL, *merged = NULL;
    const char *key;
    bool perm = perm_src && result->perm;

    if (json_is_null(ctx)) {
        if (!override_prot && result->has_protected)
            return jfail(x, "invalid context nullification", "protected terms");
        {
            struct actx *n = actx_new(x->p, result->perm);
            const struct actx *init = result->v10 ? x->p->initial10 : x->init;

            n->base = dupn(init->base);
            n->base_set = init->base_set;
            n->v10 = result->v10;
            if (!propagate)
                n->prev = result;
            *resultp = n;
        }
        return BL_OK;
    }
    if (json_is_string(ctx)) {
        char *url = bl_jsonld_resolve_iri(base_url, json_string_value(ctx));
        json_t *doc, *rctx;
        struct actx *cached, *out;
        unsigned f = ctx_flags(false, true, validate) | (x->safe ? 16u : 0u);

        if (!validate && x->nremote_seen > 0) {
            /* a scoped context that names a context being processed: skip */
            for (int i = 0; i < x->nremote_seen; i++)
                if (strcmp(x->remote_seen[i], url) == 0) {
                    bl_free(url);
                    return BL_OK;
                }
        }
        if (nremote >= (int)BL_JSONLD_MAX_REMOTE) {
            bl_free(url);
            return jfail(x, "context overflow", "more than %u remote contexts",
                         BL_JSONLD_MAX_REMOTE);
        }
        e = load_doc(x, url, &doc);
        if (e != BL_OK) {
            bl_free(url);
            return e;
        }
        rctx = json_is_object(doc) ? json_object_get(doc, "@context") : NULL;
        if (rctx == NULL) {
            bl_free(url);
            return jfail(x, "invalid remote context", "%s has no @context", json_string_value(ctx));
        }
        cached = memo_get(x->p, result, rctx, f, true);
        if (cached) {
            *resultp = cached;
            bl_free(url);
            return BL_OK;
        }
        if (x->nremote_seen < (int)(sizeof(x->remote_seen) / sizeof(x->remote_seen[0])))
            x->remote_seen[x->nremote_seen++] = url;
        e = ctx_process(x, result, rctx, url, true, false, true, validate, nremote + 1, &out);
        if (x->nremote_seen > 0 && x->remote_seen[x->nremote_seen - 1] == url)
            x->nremote_seen--;
        bl_free(url);
        if (e != BL_OK)
            return e;
        memo_put(x->p, result, rctx, f, out, true);
        *resultp = out;
        return BL_OK;
    }
    if (!json_is_object(ctx))
        return jfail(x, "invalid local context", "a context must be an object, a string or null");
    /* Contexts handed out are immutable: change a copy made in this call. */
    if (result != *fresh || (result->perm && !perm)) {
        result = actx_clone(x->p, result, perm);
        result->open = true;
        *resultp = result;
        *fresh = result;
    }
    perm = perm && result->perm;
    v = json_object_get(ctx, "@version");
    if (v) {
        if (!json_is_number(v) || json_number_value(v) != 1.1)
            return jfail(x, "invalid @version value", "only 1.1");
        if (result->v10)
            return jfail(x, "processing mode conflict", "@version 1.1 in 1.0 mode");
    }
    v = json_object_get(ctx, "@import");
    if (v) {
        char *url;
        json_t *doc, *ictx;

        if (result->v10)
            return jfail(x, "invalid context entry", "@import in 1.0 mode");
        if (!json_is_string(v))
            return jfail(x, "invalid @import value", "not a string");
        url = bl_jsonld_resolve_iri(base_url, json_string_value(v));
        e = load_doc(x, url, &doc);
        bl_free(url);
        if (e != BL_OK)
            return e;
        ictx = json_is_object(doc) ? json_object_get(doc, "@context") : NULL;
        if (!json_is_object(ictx))
            return jfail(x, "invalid remote context", "@import");
        if (json_object_get(ictx, "@import"))
            return jfail(x, "invalid context entry", "@import inside @import");
        merged = json_deep_copy(ictx);
        json_object_foreach(mut(ctx), key, v)
        {
            json_object_set_nocheck(merged, key, v);
        }
        ctx = merged;
        /* the merged object lives only as long as this document */
        perm = false;
        if (result->perm) {
            result = actx_clone(x->p, result, false);
            result->open = true;
            *resultp = result;
            *fresh = result;
        }
        json_array_append_new(x->keep, merged);
    }
    v = json_object_get(ctx, "@base");
    if (v && nremote == 0) {
        if (json_is_null(v)) {
            bl_free(result->base);
            result->base = NULL;
            result->base_set = true;
        } else if (json_is_string(v)) {
            char *nb;

            if (bl_jsonld_is_absolute_iri(json_string_value(v))) {
                nb = bl_strdup(json_string_value(v));
            } else {
                const char *cur = result->base_set ? result->base : x->base;
                if (cur == NULL)
                    return jfail(x, "invalid base IRI", "relative @base without a base");
                nb = bl_jsonld_resolve_iri(cur, json_string_value(v));
            }
            bl_free(result->base);
            result->base = nb;
            result->base_set = true;
        } else {
            return jfail(x, "invalid base IRI", "@base must be a string or null");
        }
    }
    v = json_object_get(ctx, "@vocab");
    if (v) {
        if (json_is_null(v)) {
            bl_free(result->vocab);
            result->vocab = NULL;
        } else if (json_is_string(v)) {
            struct istr r;
            const char *s = json_string_value(v);

            if (result->v10 && !is_iri_or_bnode(s))
                return jfail(x, "invalid vocab mapping", "1.0 needs an absolute IRI");
            e = expand_iri(x, result, s, true, true, NULL, NULL, perm, base_url, &r);
            if (e != BL_OK)
                return e;
            if (r.s == NULL || (!strchr(r.s, ':') && !(s[0] == '\0' && !x->base))) {
                istr_free(&r);
                return jfail(x, "invalid vocab mapping", "\"%s\"", s);
            }
            if (x->safe && !is_iri_or_bnode(r.s)) {
                istr_free(&r);
                return unsafe(x, "relative @vocab \"%s\" (at %s)", s);
            }
            bl_free(result->vocab);
            result->vocab = bl_strdup(r.s);
            istr_free(&r);
        } else {
            return jfail(x, "invalid vocab mapping", "not a string");
        }
    }
    v = json_object_get(ctx, "@language");
    if (v) {
        if (json_is_null(v)) {
            bl_free(result->lang);
            result->lang = NULL;
        } else if (json_is_string(v)) {
            if (x->safe && !bcp47(json_string_value(v)))
                return unsafe(x, "language tag \"%s\" in a context (at %s) is not BCP 47",
                              json_string_value(v));
            bl_free(result->lang);
            result->lang = bl_strdup(json_string_value(v));
            lower(result->lang);
        } else {
            return jfail(x, "invalid default language", "not a string");
        }
    }
    v = json_object_get(ctx, "@direction");
    if (v) {
        if (result->v10)
            return jfail(x, "invalid context entry", "@direction in 1.0 mode");
        if (json_is_null(v)) {
            bl_free(result->dir);
            result->dir = NULL;
        } else if (json_is_string(v) && (strcmp(json_string_value(v), "ltr") == 0 ||
                                         strcmp(json_string_value(v), "rtl") == 0)) {
            bl_free(result->dir);
            result->dir = bl_strdup(json_string_value(v));
        } else {
            return jfail(x, "invalid base direction", "\"%s\"", json_string_value(v));
        }
    }
    v = json_object_get(ctx, "@propagate");
    if (v) {
        if (result->v10)
            return jfail(x, "invalid context entry", "@propagate in 1.0 mode");
        if (!json_is_boolean(v))
            return jfail(x, "invalid @propagate value", "not a boolean");
    }
    defined = json_object();
    {
        json_t *pv = json_object_get(ctx, "@protected");
        bool prot = pv && json_is_true(pv);

        json_object_foreach(mut(ctx), key, v)
        {
            if (strcmp(key, "@base") == 0 || strcmp(key, "@direction") == 0 ||
                strcmp(key, "@import") == 0 || strcmp(key, "@language") == 0 ||
                strcmp(key, "@propagate") == 0 || strcmp(key, "@protected") == 0 ||
                strcmp(key, "@version") == 0 || strcmp(key, "@vocab") == 0)
                continue;
            e = create_term(x, result, ctx, key, defined, base_url, prot, override_prot, perm,
                            nremote);
            if (e != BL_OK)
                break;
        }
    }
    json_decref(defined);
    return e;
}

static enum bl_err ctx_process(struct ex *x, struct actx *active, const json_t *local,
                               const char *base_url, bool perm_src, bool override_prot,
                               bool propagate, bool validate, int nremote, struct actx **out)
{
    struct actx *result = active, *fresh = NULL;
    enum bl_err e;
    unsigned f;
    json_t *pv;

    if (++x->depth > (int)BL_JSONLD_MAX_DEPTH) {
        x->depth--;
        return bl_fail(x->ei, BL_ETOOBIG, "JSON-LD: contexts nested deeper than %u",
                       BL_JSONLD_MAX_DEPTH);
    }
    if (json_is_object(local) && (pv = json_object_get(local, "@propagate")) != NULL) {
        if (!json_is_boolean(pv)) {
            x->depth--;
            return jfail(x, "invalid @propagate value", "not a boolean");
        }
        propagate = json_is_true(pv);
    }
    f = ctx_flags(override_prot, propagate, validate) | 8u | (x->safe ? 16u : 0u);
    {
        struct actx *c = memo_get(x->p, active, local, f, perm_src);
        if (c) {
            *out = c;
            x->depth--;
            return BL_OK;
        }
    }
    if (json_is_array(local)) {
        size_t i;
        json_t *it;

        json_array_foreach(local, i, it)
        {
            e = ctx_one(x, &result, &fresh, it, base_url, perm_src, override_prot, propagate,
                        validate, nremote);
            if (e != BL_OK)
                goto fail;
        }
    } else {
        e = ctx_one(x, &result, &fresh, local, base_url, perm_src, override_prot, propagate,
                    validate, nremote);
        if (e != BL_OK)
            goto fail;
    }
    if (!propagate && result->prev == NULL) {
        if (result != fresh) {
            result = actx_clone(x->p, result, result->perm && active->perm);
            fresh = result;
        }
        result->prev = active;
    }
    if (fresh)
        fresh->open = false;
    memo_put(x->p, active, local, f, result, perm_src);
    *out = result;
    x->depth--;
    return BL_OK;
fail:
    x->depth--;
    return e;
}

/* ---- expansion (§5.1, §5.3) -------------------------------------------- */

static json_t *as_array(json_t *v)
{
    json_t *a;

    if (json_is_array(v))
        return v;
    a = json_array();
    if (v)
        json_array_append_new(a, v);
    return a;
}

/* Append v (stolen; array items are spread) to obj[key] as an array. */
static void add_value(json_t *obj, const char *key, json_t *v)
{
    json_t *arr = json_object_get(obj, key);

    if (arr == NULL) {
        arr = json_array();
        json_object_set_new_nocheck(obj, key, arr);
    } else if (!json_is_array(arr)) {
        json_t *n = json_array();
        json_array_append(n, arr);
        json_object_set_new_nocheck(obj, key, n);
        arr = n;
    }
    if (json_is_array(v)) {
        json_array_extend(arr, v);
        json_decref(v);
    } else {
        json_array_append_new(arr, v);
    }
}

static bool is_scalar(const json_t *v)
{
    return json_is_string(v) || json_is_number(v) || json_is_boolean(v);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of obj, sorted (free with bl_free). */
static const char **sorted_keys(const json_t *obj, size_t *n)
{
    size_t cnt = json_object_size(obj), i = 0;
    const char **keys = bl_malloc((cnt ? cnt : 1) * sizeof(*keys));
    const char *k;
    json_t *v;

    json_object_foreach(mut(obj), k, v)
    {
        (void)v;
        keys[i++] = k;
    }
    qsort(keys, cnt, sizeof(*keys), cmp_str);
    *n = cnt;
    return keys;
}

static enum bl_err value_expand(struct ex *x, struct actx *active, const char *prop, json_t *value,
                                json_t **out)
{
    const struct tdef *d = prop ? tmap_get(&active->terms, prop) : NULL;
    const char *type = d ? d->type : NULL;
    json_t *r;
    enum bl_err e;

    if (type && json_is_string(value) &&
        (strcmp(type, "@id") == 0 || strcmp(type, "@vocab") == 0)) {
        struct istr s;

        e = expand_iri(x, active, json_string_value(value), true, strcmp(type, "@vocab") == 0, NULL,
                       NULL, false, NULL, &s);
        if (e != BL_OK)
            return e;
        if (x->safe && (s.s == NULL || !is_iri_or_bnode(s.s))) {
            istr_free(&s);
            return unsafe(x, "IRI \"%s\" at %s is not absolute", json_string_value(value));
        }
        r = json_object();
        json_object_set_new_nocheck(r, "@id", s.s ? json_string_nocheck(s.s) : json_null());
        istr_free(&s);
        *out = r;
        return BL_OK;
    }
    r = json_object();
    json_object_set_nocheck(r, "@value", value);
    if (type && strcmp(type, "@id") != 0 && strcmp(type, "@vocab") != 0 &&
        strcmp(type, "@none") != 0) {
        json_object_set_new_nocheck(r, "@type", json_string_nocheck(type));
    } else if (json_is_string(value)) {
        const char *lang = d && d->has_lang ? d->lang : active->lang;
        const char *dir = d && d->has_dir ? d->dir : active->dir;

        if (lang)
            json_object_set_new_nocheck(r, "@language", json_string_nocheck(lang));
        if (dir)
            json_object_set_new_nocheck(r, "@direction", json_string_nocheck(dir));
    }
    *out = r;
    return BL_OK;
}

static enum bl_err expand(struct ex *x, struct actx *active, const char *prop, json_t *elem,
                          const char *base_url, bool from_map, json_t **out);

static bool is_value_obj(const json_t *v)
{
    return json_is_object(v) && json_object_get(v, "@value") != NULL;
}

static bool is_list_obj(const json_t *v)
{
    return json_is_object(v) && json_object_get(v, "@list") != NULL;
}

static bool is_graph_obj(const json_t *v)
{
    const char *k;
    json_t *it;

    if (!json_is_object(v) || json_object_get(v, "@graph") == NULL)
        return false;
    json_object_foreach(mut(v), k, it)
    {
        (void)it;
        if (strcmp(k, "@graph") != 0 && strcmp(k, "@id") != 0 && strcmp(k, "@index") != 0 &&
            strcmp(k, "@context") != 0)
            return false;
    }
    return true;
}

static enum bl_err undefined_term(struct ex *x, const char *what, const char *term)
{
    x->p->last_code = "safe mode";
    return bl_fail(x->ei, BL_EINVAL, "JSON-LD: %s \"%s\" at %s is not defined", what, term,
                   x->path[0] ? x->path : "/");
}

/* A safe-mode refusal: fmt has one %s for the value, then one for the path. */
static enum bl_err BL_PRINTF(2, 0) unsafe(struct ex *x, const char *fmt, const char *what)
{
    char msg[400], w[64], path[128];

    x->p->last_code = "safe mode";
    snprintf(w, sizeof(w), "%.63s", what);
    snprintf(path, sizeof(path), "%.127s", x->path[0] ? x->path : "/");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(msg, sizeof(msg), fmt, w, path);
#pragma GCC diagnostic pop
    return bl_fail(x->ei, BL_EINVAL, "JSON-LD: %s", msg);
}

/* BCP 47 shape, as jsonld.js checks it: ALPHA{1,8} ("-" ALPHANUM{1,8})*. */
static bool bcp47(const char *s)
{
    size_t n = 0;
    const char *p = s;

    while (isalpha((unsigned char)*p)) {
        p++;
        n++;
    }
    if (n == 0 || n > 8)
        return false;
    while (*p == '-') {
        p++;
        n = 0;
        while (isalnum((unsigned char)*p)) {
            p++;
            n++;
        }
        if (n == 0 || n > 8)
            return false;
    }
    return *p == '\0';
}

struct entries {
    struct actx *active;
    struct actx *type_scoped;
    const char *prop;
    const char *input_type;
    const char *base_url;
    json_t *result;
    json_t *nests; /* object used as a set of nesting keys */
};

static enum bl_err expand_entries(struct ex *x, struct entries *en, json_t *elem);

static enum bl_err expand_keyword(struct ex *x, struct entries *en, const char *key, const char *ep,
                                  json_t *value)
{
    struct actx *active = en->active;
    json_t *result = en->result, *ev = NULL;
    enum bl_err e = BL_OK;

    if (en->prop && strcmp(en->prop, "@reverse") == 0)
        return jfail(x, "invalid reverse property map", "keyword %s", ep);
    if (json_object_get(result, ep) && strcmp(ep, "@included") != 0 && strcmp(ep, "@type") != 0)
        return jfail(x, "colliding keywords", "%s", ep);
    if (strcmp(ep, "@id") == 0) {
        struct istr s;

        if (!json_is_string(value))
            return jfail(x, "invalid @id value", "not a string");
        e = expand_iri(x, active, json_string_value(value), true, false, NULL, NULL, false, NULL,
                       &s);
        if (e != BL_OK)
            return e;
        if (x->safe && (s.s == NULL || !is_iri_or_bnode(s.s))) {
            istr_free(&s);
            return unsafe(x, "@id \"%s\" at %s is not an absolute IRI", json_string_value(value));
        }
        ev = s.s ? json_string_nocheck(s.s) : json_null();
        istr_free(&s);
    } else if (strcmp(ep, "@type") == 0) {
        json_t *arr = json_is_array(value) ? value : NULL;
        size_t i, n = arr ? json_array_size(arr) : 1;

        if (!json_is_string(value) && !json_is_array(value))
            return jfail(x, "invalid type value", "not a string or an array");
        ev = json_array();
        for (i = 0; i < n; i++) {
            json_t *it = arr ? json_array_get(arr, i) : value;
            struct istr s;

            if (!json_is_string(it)) {
                json_decref(ev);
                return jfail(x, "invalid type value", "not a string");
            }
            e = expand_iri(x, en->type_scoped, json_string_value(it), true, true, NULL, NULL, false,
                           NULL, &s);
            if (e != BL_OK) {
                json_decref(ev);
                return e;
            }
            if (x->safe && (s.s == NULL || (!is_iri_or_bnode(s.s) && strcmp(s.s, "@json") != 0))) {
                istr_free(&s);
                json_decref(ev);
                return undefined_term(x, "type", json_string_value(it));
            }
            json_array_append_new(ev, s.s ? json_string_nocheck(s.s) : json_null());
            istr_free(&s);
        }
        if (!arr) {
            json_t *one = json_incref(json_array_get(ev, 0));
            json_decref(ev);
            ev = one;
        }
        if (json_object_get(result, "@type")) {
            json_t *m = as_array(json_incref(json_object_get(result, "@type")));
            if (json_is_array(ev)) {
                json_array_extend(m, ev);
                json_decref(ev);
            } else {
                json_array_append_new(m, ev);
            }
            ev = m;
        }
    } else if (strcmp(ep, "@graph") == 0) {
        e = expand(x, active, "@graph", value, en->base_url, false, &ev);
        if (e != BL_OK)
            return e;
        ev = as_array(ev);
    } else if (strcmp(ep, "@included") == 0) {
        size_t i;
        json_t *it;

        if (active->v10)
            return BL_OK;
        /* "@included" as active property keeps scalars, so they are refused below */
        e = expand(x, active, "@included", value, en->base_url, false, &ev);
        if (e != BL_OK)
            return e;
        ev = as_array(ev);
        json_array_foreach(ev, i, it)
        {
            if (!json_is_object(it) || is_value_obj(it) || is_list_obj(it)) {
                json_decref(ev);
                return jfail(x, "invalid @included value", "not a node object");
            }
        }
        if (json_object_get(result, "@included")) {
            add_value(result, "@included", ev);
            return BL_OK;
        }
    } else if (strcmp(ep, "@value") == 0) {
        if (en->input_type && strcmp(en->input_type, "@json") == 0) {
            if (active->v10)
                return jfail(x, "invalid value object value", "@json in 1.0 mode");
            ev = json_incref(value);
        } else if (!is_scalar(value) && !json_is_null(value)) {
            return jfail(x, "invalid value object value", "not a scalar");
        } else {
            ev = json_incref(value);
        }
        json_object_set_new_nocheck(result, "@value", ev);
        return BL_OK;
    } else if (strcmp(ep, "@language") == 0) {
        if (!json_is_string(value))
            return jfail(x, "invalid language-tagged string", "not a string");
        if (x->safe && !bcp47(json_string_value(value)))
            return unsafe(x, "language tag \"%s\" at %s is not BCP 47", json_string_value(value));
        ev = json_incref(value);
    } else if (strcmp(ep, "@direction") == 0) {
        if (active->v10)
            return BL_OK;
        if (!json_is_string(value) || (strcmp(json_string_value(value), "ltr") != 0 &&
                                       strcmp(json_string_value(value), "rtl") != 0))
            return jfail(x, "invalid base direction", "@direction");
        ev = json_incref(value);
    } else if (strcmp(ep, "@index") == 0) {
        if (!json_is_string(value))
            return jfail(x, "invalid @index value", "not a string");
        ev = json_incref(value);
    } else if (strcmp(ep, "@list") == 0) {
        if (en->prop == NULL || strcmp(en->prop, "@graph") == 0)
            return BL_OK;
        e = expand(x, active, en->prop, value, en->base_url, false, &ev);
        if (e != BL_OK)
            return e;
        ev = as_array(ev);
    } else if (strcmp(ep, "@set") == 0) {
        e = expand(x, active, en->prop, value, en->base_url, false, &ev);
        if (e != BL_OK)
            return e;
    } else if (strcmp(ep, "@reverse") == 0) {
        json_t *rv;
        const char *k;
        json_t *v;

        if (!json_is_object(value))
            return jfail(x, "invalid @reverse value", "not an object");
        e = expand(x, active, "@reverse", value, en->base_url, false, &ev);
        if (e != BL_OK)
            return e;
        if (!json_is_object(ev)) {
            json_decref(ev);
            return BL_OK;
        }
        rv = json_object_get(ev, "@reverse");
        if (rv) {
            json_object_foreach(rv, k, v)
            {
                add_value(result, k, json_incref(v));
            }
        }
        json_object_foreach(ev, k, v)
        {
            size_t i;
            json_t *it, *rmap;

            if (strcmp(k, "@reverse") == 0)
                continue;
            rmap = json_object_get(result, "@reverse");
            if (rmap == NULL) {
                rmap = json_object();
                json_object_set_new_nocheck(result, "@reverse", rmap);
            }
            json_array_foreach(v, i, it)
            {
                if (is_value_obj(it) || is_list_obj(it)) {
                    e = jfail(x, "invalid reverse property value", "%s", k);
                    json_decref(ev);
                    return e;
                }
                add_value(rmap, k, json_incref(it));
            }
        }
        json_decref(ev);
        return BL_OK;
    } else if (strcmp(ep, "@nest") == 0) {
        json_object_set_new_nocheck(en->nests, key, json_true());
        return BL_OK;
    } else {
        /* @context is skipped by the caller; other framing keywords are ignored */
        return BL_OK;
    }
    if (ev == NULL)
        return BL_OK;
    json_object_set_new_nocheck(result, ep, ev);
    return BL_OK;
}

static enum bl_err expand_map_container(struct ex *x, struct entries *en, const char *key,
                                        const struct tdef *d, json_t *value, json_t **out)
{
    struct actx *active = en->active;
    unsigned c = d->container;
    const char *index_key = d->index ? d->index : "@index";
    json_t *res = json_array();
    size_t n, k;
    const char **keys = sorted_keys(value, &n);
    enum bl_err e = BL_OK;

    for (k = 0; k < n; k++) {
        const char *index = keys[k];
        json_t *iv = json_object_get(value, index), *ev = NULL, *item;
        struct actx *map_ctx = active;
        struct istr ei_ = {0};
        size_t i, mark;
        bool none;

        if (c & (C_ID | C_TYPE))
            map_ctx = active->prev ? active->prev : active;
        if (c & C_TYPE) {
            const struct tdef *td = tmap_get(&map_ctx->terms, index);
            if (td && td->has_ctx) {
                e = ctx_process(x, map_ctx, td->ctx, td->ctx_base, td->perm, false, true, true, 0,
                                &map_ctx);
                if (e != BL_OK)
                    goto out;
            }
        } else {
            map_ctx = active;
        }
        e = expand_iri(x, active, index, false, true, NULL, NULL, false, NULL, &ei_);
        if (e != BL_OK)
            goto out;
        none = ei_.s && strcmp(ei_.s, "@none") == 0;
        mark = path_push(x, index);
        iv = as_array(json_incref(iv));
        e = expand(x, map_ctx, key, iv, en->base_url, true, &ev);
        json_decref(iv);
        path_pop(x, mark);
        if (e != BL_OK) {
            istr_free(&ei_);
            goto out;
        }
        ev = as_array(ev);
        json_array_foreach(ev, i, item)
        {
            if ((c & C_GRAPH) && !is_graph_obj(item)) {
                json_t *g = json_object();
                json_object_set_new_nocheck(g, "@graph", as_array(json_incref(item)));
                json_array_set_new(ev, i, g);
                item = g;
            }
            if ((c & C_INDEX) && strcmp(index_key, "@index") != 0 && !none) {
                json_t *re = NULL, *vals;
                struct istr ik;
                json_t *idx = json_string_nocheck(index);

                e = value_expand(x, active, index_key, idx, &re);
                json_decref(idx);
                if (e != BL_OK)
                    break;
                e = expand_iri(x, active, index_key, false, true, NULL, NULL, false, NULL, &ik);
                if (e != BL_OK) {
                    json_decref(re);
                    break;
                }
                vals = json_array();
                json_array_append_new(vals, re);
                if (json_object_get(item, ik.s)) {
                    json_t *old = as_array(json_incref(json_object_get(item, ik.s)));
                    json_array_extend(vals, old);
                    json_decref(old);
                }
                json_object_set_new_nocheck(item, ik.s, vals);
                istr_free(&ik);
                if (is_value_obj(item) && json_object_size(item) > 1) {
                    e = jfail(x, "invalid value object", "property-valued index on a value");
                    break;
                }
            } else if ((c & C_INDEX) && !json_object_get(item, "@index") && !none) {
                json_object_set_new_nocheck(item, "@index", json_string_nocheck(index));
            } else if ((c & C_ID) && !json_object_get(item, "@id") && !none) {
                struct istr s;
                e = expand_iri(x, active, index, true, false, NULL, NULL, false, NULL, &s);
                if (e != BL_OK)
                    break;
                json_object_set_new_nocheck(item, "@id", json_string_nocheck(s.s));
                istr_free(&s);
            } else if ((c & C_TYPE) && !none) {
                json_t *types = json_array();
                json_t *old = json_object_get(item, "@type");

                json_array_append_new(types, json_string_nocheck(ei_.s));
                if (old) {
                    old = as_array(json_incref(old));
                    json_array_extend(types, old);
                    json_decref(old);
                }
                json_object_set_new_nocheck(item, "@type", types);
            }
        }
        istr_free(&ei_);
        if (e != BL_OK) {
            json_decref(ev);
            goto out;
        }
        json_array_extend(res, ev);
        json_decref(ev);
    }
out:
    bl_free(keys);
    if (e != BL_OK) {
        json_decref(res);
        return e;
    }
    *out = res;
    return BL_OK;
}

static enum bl_err expand_entries(struct ex *x, struct entries *en, json_t *elem)
{
    size_t n, k;
    const char **keys = sorted_keys(elem, &n);
    enum bl_err e = BL_OK;
    struct actx *active = en->active;
    json_t *result = en->result;

    for (k = 0; k < n && e == BL_OK; k++) {
        const char *key = keys[k];
        json_t *value = json_object_get(elem, key), *ev = NULL;
        struct istr ep = {0};
        const struct tdef *d;
        size_t mark;

        if (strcmp(key, "@context") == 0)
            continue;
        mark = path_push(x, key);
        e = expand_iri(x, active, key, false, true, NULL, NULL, false, NULL, &ep);
        if (e != BL_OK)
            goto next;
        if (ep.s == NULL || (!strchr(ep.s, ':') && !bl_jsonld_is_keyword(ep.s))) {
            if (x->safe)
                e = undefined_term(x, "term", key);
            goto next;
        }
        if (x->safe && !bl_jsonld_is_keyword(ep.s) && !is_iri_or_bnode(ep.s)) {
            e = undefined_term(x, "term", key);
            goto next;
        }
        if (bl_jsonld_is_keyword(ep.s)) {
            e = expand_keyword(x, en, key, ep.s, value);
            goto next;
        }
        d = tmap_get(&active->terms, key);
        if (d && d->type && strcmp(d->type, "@json") == 0) {
            ev = json_object();
            json_object_set_nocheck(ev, "@value", value);
            json_object_set_new_nocheck(ev, "@type", json_string_nocheck("@json"));
        } else if (d && (d->container & C_LANGUAGE) && json_is_object(value)) {
            size_t nl, l;
            const char **langs = sorted_keys(value, &nl);
            const char *dir = d->has_dir ? d->dir : active->dir;

            ev = json_array();
            for (l = 0; l < nl && e == BL_OK; l++) {
                json_t *lv = json_object_get(value, langs[l]), *it;
                size_t i, cnt = json_is_array(lv) ? json_array_size(lv) : 1;
                struct istr le;

                e = expand_iri(x, active, langs[l], false, true, NULL, NULL, false, NULL, &le);
                if (e != BL_OK)
                    break;
                for (i = 0; i < cnt; i++) {
                    json_t *o;

                    it = json_is_array(lv) ? json_array_get(lv, i) : lv;
                    if (json_is_null(it))
                        continue;
                    if (!json_is_string(it)) {
                        e = jfail(x, "invalid language map value", "\"%s\"", langs[l]);
                        break;
                    }
                    if (x->safe && strcmp(langs[l], "@none") != 0 && !bcp47(langs[l])) {
                        e = unsafe(x, "language tag \"%s\" at %s is not BCP 47", langs[l]);
                        break;
                    }
                    o = json_object();
                    json_object_set_nocheck(o, "@value", it);
                    if (strcmp(langs[l], "@none") != 0 && !(le.s && strcmp(le.s, "@none") == 0))
                        json_object_set_new_nocheck(o, "@language", json_string_nocheck(langs[l]));
                    if (dir)
                        json_object_set_new_nocheck(o, "@direction", json_string_nocheck(dir));
                    json_array_append_new(ev, o);
                }
                istr_free(&le);
            }
            bl_free(langs);
            if (e != BL_OK) {
                json_decref(ev);
                goto next;
            }
        } else if (d && (d->container & (C_INDEX | C_TYPE | C_ID)) && json_is_object(value)) {
            e = expand_map_container(x, en, key, d, value, &ev);
            if (e != BL_OK)
                goto next;
        } else {
            e = expand(x, active, key, value, en->base_url, false, &ev);
            if (e != BL_OK)
                goto next;
        }
        if (ev == NULL)
            goto next;
        if (d && (d->container & C_LIST) && !is_list_obj(ev)) {
            json_t *l = json_object();
            json_object_set_new_nocheck(l, "@list", as_array(ev));
            ev = l;
        }
        if (d && (d->container & C_GRAPH) && !(d->container & (C_ID | C_INDEX))) {
            size_t i;
            json_t *it, *arr = as_array(ev);

            json_array_foreach(arr, i, it)
            {
                json_t *g = json_object();
                json_object_set_new_nocheck(g, "@graph", as_array(json_incref(it)));
                json_array_set_new(arr, i, g);
            }
            ev = arr;
        }
        if (d && d->reverse) {
            json_t *rmap = json_object_get(result, "@reverse"), *arr;
            size_t i;
            json_t *it;

            if (rmap == NULL) {
                rmap = json_object();
                json_object_set_new_nocheck(result, "@reverse", rmap);
            }
            arr = as_array(ev);
            json_array_foreach(arr, i, it)
            {
                if (is_value_obj(it) || is_list_obj(it)) {
                    json_decref(arr);
                    e = jfail(x, "invalid reverse property value", "%s", key);
                    goto next;
                }
            }
            add_value(rmap, ep.s, arr);
        } else {
            add_value(result, ep.s, ev);
        }
    next:
        istr_free(&ep);
        path_pop(x, mark);
    }
    bl_free(keys);
    return e;
}

/* Steps 14: nested properties, after the element's own entries. */
static enum bl_err expand_nests(struct ex *x, struct entries *en, json_t *elem)
{
    size_t n, k;
    const char **keys;
    enum bl_err e = BL_OK;

    if (json_object_size(en->nests) == 0)
        return BL_OK;
    keys = sorted_keys(en->nests, &n);
    for (k = 0; k < n && e == BL_OK; k++) {
        json_t *nv = json_object_get(elem, keys[k]);
        size_t i, cnt = json_is_array(nv) ? json_array_size(nv) : 1;

        for (i = 0; i < cnt && e == BL_OK; i++) {
            json_t *it = json_is_array(nv) ? json_array_get(nv, i) : nv;
            const char *kk;
            json_t *vv;
            struct entries sub = *en;

            if (!json_is_object(it))
                e = jfail(x, "invalid @nest value", "not an object");
            if (e != BL_OK)
                break;
            json_object_foreach(it, kk, vv)
            {
                struct istr s;
                (void)vv;
                e = expand_iri(x, en->active, kk, false, true, NULL, NULL, false, NULL, &s);
                if (e == BL_OK && s.s && strcmp(s.s, "@value") == 0)
                    e = jfail(x, "invalid @nest value", "@value inside @nest");
                istr_free(&s);
                if (e != BL_OK)
                    break;
            }
            if (e != BL_OK)
                break;
            {
                const struct tdef *nd = tmap_get(&en->active->terms, keys[k]);
                if (nd && nd->has_ctx) {
                    e = ctx_process(x, en->active, nd->ctx, nd->ctx_base, nd->perm, true, true,
                                    true, 0, &sub.active);
                    if (e != BL_OK)
                        break;
                }
            }
            sub.nests = json_object();
            e = expand_entries(x, &sub, it);
            if (e == BL_OK)
                e = expand_nests(x, &sub, it);
            json_decref(sub.nests);
        }
    }
    bl_free(keys);
    return e;
}

/*
 * The keyword key expands to (itself or through an alias), else NULL: the
 * same answer as IRI expansion for keywords, without building any IRI.
 */
static const char *keyword_of(const struct actx *active, const char *key)
{
    const struct tdef *d;

    if (key[0] == '@')
        return bl_jsonld_is_keyword(key) ? key : NULL;
    d = tmap_get(&active->terms, key);
    return d && d->iri && d->iri[0] == '@' && bl_jsonld_is_keyword(d->iri) ? d->iri : NULL;
}

static enum bl_err expand_object(struct ex *x, struct actx *active, const char *prop, json_t *elem,
                                 const char *base_url, bool from_map, const struct tdef *pdef,
                                 json_t **out)
{
    struct entries en;
    enum bl_err e = BL_OK;
    json_t *result = NULL, *ctxv, *v;
    size_t n, k;
    const char **keys = NULL;
    char *input_type = NULL;

    *out = NULL;
    /* 7: a non-propagated context does not reach new node objects */
    if (active->prev && !from_map) {
        bool revert = true;
        const char *kk;
        json_t *vv;
        size_t cnt = 0;
        bool only_id = false;

        json_object_foreach(elem, kk, vv)
        {
            const char *kw = keyword_of(active, kk);
            (void)vv;
            if (kw && strcmp(kw, "@value") == 0)
                revert = false;
            if (kw && strcmp(kw, "@id") == 0)
                only_id = true;
            cnt++;
        }
        if (cnt == 1 && only_id)
            revert = false;
        if (revert)
            active = active->prev;
    }
    if (pdef && pdef->has_ctx) {
        e = ctx_process(x, active, pdef->ctx, pdef->ctx_base, pdef->perm, true, true, true, 0,
                        &active);
        if (e != BL_OK)
            return e;
    }
    ctxv = json_object_get(elem, "@context");
    if (ctxv) {
        e = ctx_process(x, active, ctxv, base_url, false, false, true, true, 0, &active);
        if (e != BL_OK)
            return e;
    }
    en.type_scoped = active;
    /* 11: type-scoped contexts, from the types in lexicographic order */
    keys = sorted_keys(elem, &n);
    for (k = 0; k < n; k++) {
        struct istr s;
        const char **types;
        size_t nt, t;
        json_t *tv;

        const char *kw = keyword_of(active, keys[k]);

        if (!(kw && strcmp(kw, "@type") == 0))
            continue;
        tv = json_object_get(elem, keys[k]);
        nt = json_is_array(tv) ? json_array_size(tv) : 1;
        types = bl_malloc((nt ? nt : 1) * sizeof(*types));
        for (t = 0; t < nt; t++) {
            json_t *it = json_is_array(tv) ? json_array_get(tv, t) : tv;
            types[t] = json_is_string(it) ? json_string_value(it) : "";
        }
        qsort(types, nt, sizeof(*types), cmp_str);
        for (t = 0; t < nt; t++) {
            const struct tdef *td = tmap_get(&en.type_scoped->terms, types[t]);
            if (td && td->has_ctx) {
                e = ctx_process(x, active, td->ctx, td->ctx_base, td->perm, false, false, true, 0,
                                &active);
                if (e != BL_OK) {
                    bl_free(types);
                    goto out;
                }
            }
        }
        if (nt > 0 && input_type == NULL) {
            e = expand_iri(x, active, types[nt - 1], true, true, NULL, NULL, false, NULL, &s);
            if (e != BL_OK) {
                bl_free(types);
                goto out;
            }
            input_type = s.s ? bl_strdup(s.s) : NULL;
            istr_free(&s);
        }
        bl_free(types);
    }
    result = json_object();
    en.active = active;
    en.prop = prop;
    en.input_type = input_type;
    en.base_url = base_url;
    en.result = result;
    en.nests = json_object();
    e = expand_entries(x, &en, elem);
    if (e == BL_OK)
        e = expand_nests(x, &en, elem);
    json_decref(en.nests);
    if (e != BL_OK)
        goto out;
    /* 15-19 */
    v = json_object_get(result, "@value");
    if (v) {
        const char *kk;
        json_t *vv, *t = json_object_get(result, "@type");

        json_object_foreach(result, kk, vv)
        {
            (void)vv;
            if (strcmp(kk, "@direction") != 0 && strcmp(kk, "@index") != 0 &&
                strcmp(kk, "@language") != 0 && strcmp(kk, "@type") != 0 &&
                strcmp(kk, "@value") != 0) {
                e = jfail(x, "invalid value object", "entry %s", kk);
                goto out;
            }
        }
        if (t && (json_object_get(result, "@language") || json_object_get(result, "@direction"))) {
            e = jfail(x, "invalid value object", "@type with @language");
            goto out;
        }
        if (t && json_is_string(t) && strcmp(json_string_value(t), "@json") == 0) {
            /* any JSON value */
        } else if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)) {
            if (x->safe) {
                e = unsafe(x, "%s@value null at %s", "");
                goto out;
            }
            json_decref(result);
            result = NULL;
            goto out;
        } else if (!json_is_string(v) && json_object_get(result, "@language")) {
            e = jfail(x, "invalid language-tagged value", "not a string");
            goto out;
        } else if (t && (!json_is_string(t) || !bl_jsonld_is_absolute_iri(json_string_value(t)))) {
            e = jfail(x, "invalid typed value", "@type must be an IRI");
            goto out;
        }
    } else if (json_object_get(result, "@type") &&
               !json_is_array(json_object_get(result, "@type"))) {
        json_object_set_new_nocheck(result, "@type",
                                    as_array(json_incref(json_object_get(result, "@type"))));
    } else if (json_object_get(result, "@set") || json_object_get(result, "@list")) {
        size_t cnt = json_object_size(result);

        if (cnt > 2 || (cnt == 2 && !json_object_get(result, "@index"))) {
            e = jfail(x, "invalid set or list object", "extra entries");
            goto out;
        }
        if (json_object_get(result, "@set")) {
            json_t *s = json_incref(json_object_get(result, "@set"));
            json_decref(result);
            result = s;
        }
    }
    if (json_is_object(result) && json_object_size(result) == 1 &&
        json_object_get(result, "@language")) {
        if (x->safe) {
            e = unsafe(x, "%sobject with only @language at %s", "");
            goto out;
        }
        json_decref(result);
        result = NULL;
    }
    if (result && (prop == NULL || strcmp(prop, "@graph") == 0) && json_is_object(result)) {
        if (json_object_size(result) == 0 || json_object_get(result, "@value") ||
            json_object_get(result, "@list") ||
            (json_object_size(result) == 1 && json_object_get(result, "@id"))) {
            if (x->safe) {
                e = unsafe(x, "%sfree-floating object at %s would be dropped", "");
                goto out;
            }
            json_decref(result);
            result = NULL;
        }
    }
out:
    bl_free(keys);
    bl_free(input_type);
    if (e != BL_OK) {
        json_decref(result);
        return e;
    }
    *out = result;
    return BL_OK;
}

static enum bl_err expand(struct ex *x, struct actx *active, const char *prop, json_t *elem,
                          const char *base_url, bool from_map, json_t **out)
{
    const struct tdef *pdef = prop ? tmap_get(&active->terms, prop) : NULL;
    enum bl_err e = BL_OK;

    *out = NULL;
    if (elem == NULL || json_is_null(elem))
        return BL_OK;
    if (++x->depth > (int)BL_JSONLD_MAX_DEPTH) {
        x->depth--;
        return bl_fail(x->ei, BL_ETOOBIG, "JSON-LD: nesting deeper than %u", BL_JSONLD_MAX_DEPTH);
    }
    if (is_scalar(elem)) {
        if (prop == NULL || strcmp(prop, "@graph") == 0) {
            if (x->safe)
                e = unsafe(x, "%sfree-floating value at %s would be dropped", "");
            goto done;
        }
        if (pdef && pdef->has_ctx) {
            e = ctx_process(x, active, pdef->ctx, pdef->ctx_base, pdef->perm, true, true, true, 0,
                            &active);
            if (e != BL_OK)
                goto done;
        }
        e = value_expand(x, active, prop, elem, out);
    } else if (json_is_array(elem)) {
        json_t *res = json_array(), *it;
        size_t i;
        bool list = pdef && (pdef->container & C_LIST);

        json_array_foreach(elem, i, it)
        {
            json_t *ev = NULL;
            size_t mark = path_push_index(x, i);

            e = expand(x, active, prop, it, base_url, from_map, &ev);
            path_pop(x, mark);
            if (e != BL_OK) {
                json_decref(res);
                goto done;
            }
            if (ev == NULL)
                continue;
            if (list && json_is_array(ev)) {
                json_t *l = json_object();
                json_object_set_new_nocheck(l, "@list", ev);
                ev = l;
            }
            if (json_is_array(ev)) {
                json_array_extend(res, ev);
                json_decref(ev);
            } else {
                json_array_append_new(res, ev);
            }
        }
        *out = res;
    } else {
        e = expand_object(x, active, prop, elem, base_url, from_map, pdef, out);
    }
done:
    x->depth--;
    return e;
}

/* Expansion proper; the caller releases the document's contexts. */
static enum bl_err expand_doc(struct bl_jsonld *p, const json_t *doc,
                              const struct bl_jsonld_opts *opts, json_t **out,
                              struct bl_errinfo *ei)
{
    struct ex x;
    struct actx *active;
    json_t *res = NULL;
    enum bl_err e;
    static const struct bl_jsonld_opts none;

    if (opts == NULL)
        opts = &none;
    *out = NULL;
    memset(&x, 0, sizeof(x));
    x.p = p;
    x.ei = ei;
    x.safe = !opts->unsafe;
    x.base = opts->base;
    x.keep = json_array();
    p->last_code = NULL;
    active = opts->json_ld_10 ? p->initial10 : p->initial;
    if (opts->base) {
        /* the base is per document: build a throw-away initial context */
        active = actx_clone(p, active, false);
        active->base = bl_strdup(opts->base);
        active->base_set = true;
    }
    x.init = active;
    if (opts->expand_context) {
        const json_t *ec = opts->expand_context;
        if (json_is_object(ec) && json_object_get(ec, "@context"))
            ec = json_object_get(ec, "@context");
        e = ctx_process(&x, active, ec, opts->base, false, false, true, true, 0, &active);
        if (e != BL_OK)
            goto out;
    }
    e = expand(&x, active, NULL, mut(doc), opts->base, false, &res);
    if (e != BL_OK)
        goto out;
    if (json_is_object(res) && json_object_size(res) == 1 && json_object_get(res, "@graph")) {
        json_t *g = json_incref(json_object_get(res, "@graph"));
        json_decref(res);
        res = g;
    }
    if (res == NULL)
        res = json_array();
    res = as_array(res);
    *out = res;
    res = NULL;
out:
    json_decref(res);
    json_decref(x.keep);
    return e;
}

enum bl_err bl_jsonld_expand(struct bl_jsonld *p, const json_t *doc,
                             const struct bl_jsonld_opts *opts, json_t **out, struct bl_errinfo *ei)
{
    enum bl_err e = expand_doc(p, doc, opts, out, ei);

    doc_release(p);
    return e;
}
