/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * rdfc.c: RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation), on a
 * struct bl_rdf_dataset.  Every quad's non-blank terms are serialised once;
 * quads are indexed by blank node; a line is built by copying those pieces
 * around blank-node labels, and lines are sorted by memcmp.  Identifier
 * issuers are arrays indexed by blank node.  See docs/internals/rdfc.md for
 * the algorithm's map to the spec's steps and for the work bound.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "mem.h"
#include "rdfc.h"

#define NONE UINT32_MAX
/* Longest hex digest (SHA-384) plus a NUL. */
#define HEX_MAX 97

/*
 * A quad as its canonical line with holes for blank-node labels: the line
 * is seg[0], label of lbn[0], seg[1], ..., seg[nlbn] (segments in cz.ser).
 * bn[] gives the blank node at each position (s, p, o, g) for the index and
 * for Hash N-Degree Quads, which also needs the predicate's text.
 */
struct cquad {
    size_t seg[4];
    uint32_t seglen[4];
    uint32_t lbn[3];
    uint32_t nlbn;
    uint32_t bn[4]; /* blank node id, or NONE */
    size_t pred;    /* the predicate "<...>" in cz.ser */
    uint32_t pred_len;
};

/*
 * A temporary identifier issuer ("b" prefix): order[i] is the blank node
 * that got number i; table is an open-addressing index of order (entries
 * i + 1, 0 empty), tcap a power of two over twice count.  One allocation,
 * sized by what it holds, so a copy costs what was issued, not the number
 * of blank nodes in the dataset.
 */
struct issuer {
    uint32_t count;
    uint32_t tcap;
    uint32_t *table; /* tcap entries */
    uint32_t *order; /* tcap / 2 entries */
};

/* The canonical issuer ("c14n" prefix), indexed by blank node. */
struct canon {
    uint32_t count;
    uint32_t *map; /* nb entries, NONE when not issued */
};

/* A piece of text to sort. */
struct span {
    const unsigned char *p;
    size_t n;
};

/* An entry of Hash N-Degree Quads' "hash to related blank nodes" map. */
struct rel {
    char h[HEX_MAX];
    uint32_t b;
    uint32_t seq;
};

/* A hash and the issuer that produced it, for a group of alike blank nodes. */
struct hpath {
    char h[HEX_MAX];
    uint32_t seq;
    struct issuer *iss;
};

/* The canonicalization state. */
struct cz {
    const struct bl_rdf_dataset *ds;
    size_t nb;
    struct cquad *q;
    struct bl_buf ser; /* canonical forms of non-blank terms */
    size_t *bq_start;  /* quads of blank node b: bq[bq_start[b] .. bq_start[b + 1]) */
    uint32_t *bq;
    char *fdh; /* first-degree hash of b at fdh + b * HEX_MAX, NUL-ended */
    struct canon canon;
    EVP_MD *md; /* borrowed from digests[] */
    EVP_MD_CTX *mdc;
    size_t hexlen;
    uint64_t work, max_work;
    unsigned depth, max_depth;
    struct bl_buf line; /* scratch for lines */
    char (*clabel)[24]; /* "_:c14nN" of each issued blank node */
    uint8_t *clabel_len;
    struct span *sp;
    struct span *sp2; /* merge sort's other half */
    size_t spcap;
    struct bl_buf cat; /* sorted lines joined, to hash in one update */
    struct bl_errinfo *ei;
};

static enum bl_err hnd(struct cz *z, uint32_t id, struct issuer *iss, char *hex,
                       struct issuer **iss_out);

/*
 * The fetched digests, by enum bl_rdfc_hash.  Fetching costs microseconds
 * (more than canonicalizing a small credential takes), so each is fetched
 * once and kept for the life of the process; the atomic swap makes the
 * first use safe from several threads.
 */
static _Atomic(EVP_MD *) digests[2];

static EVP_MD *digest(enum bl_rdfc_hash alg)
{
    EVP_MD *md = atomic_load(&digests[alg]), *expected = NULL;

    if (md != NULL)
        return md;
    md = EVP_MD_fetch(NULL, alg == BL_RDFC_SHA384 ? "SHA384" : "SHA256", NULL);
    if (md == NULL)
        return NULL;
    if (!atomic_compare_exchange_strong(&digests[alg], &expected, md)) {
        EVP_MD_free(md);
        md = expected;
    }
    return md;
}

/* ---- issuers ------------------------------------------------------------ */

static struct issuer *iss_alloc(uint32_t tcap)
{
    struct issuer *s = bl_malloc(sizeof(*s) + (size_t)tcap * sizeof(uint32_t) * 3 / 2);

    s->count = 0;
    s->tcap = tcap;
    s->table = (uint32_t *)(s + 1);
    s->order = s->table + tcap;
    memset(s->table, 0, (size_t)tcap * sizeof(uint32_t));
    return s;
}

static struct issuer *iss_new(void)
{
    return iss_alloc(8);
}

static struct issuer *iss_clone(const struct issuer *src)
{
    struct issuer *s = bl_malloc(sizeof(*s) + (size_t)src->tcap * sizeof(uint32_t) * 3 / 2);

    s->count = src->count;
    s->tcap = src->tcap;
    s->table = (uint32_t *)(s + 1);
    s->order = s->table + s->tcap;
    memcpy(s->table, src->table, (size_t)s->tcap * sizeof(uint32_t));
    memcpy(s->order, src->order, (size_t)s->count * sizeof(uint32_t));
    return s;
}

static uint32_t slot_of(uint32_t b, uint32_t tcap)
{
    return (b * 0x9E3779B1u) & (tcap - 1);
}

/* The number issued to b, or NONE. */
static uint32_t iss_get(const struct issuer *s, uint32_t b)
{
    uint32_t j, e;

    for (j = slot_of(b, s->tcap); (e = s->table[j]) != 0; j = (j + 1) & (s->tcap - 1))
        if (s->order[e - 1] == b)
            return e - 1;
    return NONE;
}

/*
 * Issue a number to b (or find the one it has) into *id.  The issuer may be
 * reallocated to grow: use the returned pointer from then on.
 */
static struct issuer *iss_issue(struct issuer *s, uint32_t b, uint32_t *id)
{
    struct issuer *g;
    uint32_t j, i;

    if ((*id = iss_get(s, b)) != NONE)
        return s;
    if ((s->count + 1) * 2 > s->tcap) {
        g = iss_alloc(s->tcap * 2);
        for (i = 0; i < s->count; i++) {
            g->order[i] = s->order[i];
            for (j = slot_of(s->order[i], g->tcap); g->table[j] != 0; j = (j + 1) & (g->tcap - 1))
                ;
            g->table[j] = i + 1;
        }
        g->count = s->count;
        bl_free(s);
        s = g;
    }
    for (j = slot_of(b, s->tcap); s->table[j] != 0; j = (j + 1) & (s->tcap - 1))
        ;
    s->order[s->count] = b;
    s->table[j] = ++s->count;
    *id = s->count - 1;
    return s;
}

static void canon_issue(struct canon *c, uint32_t b)
{
    if (c->map[b] == NONE)
        c->map[b] = c->count++;
}

/* ---- small helpers ------------------------------------------------------ */

static int span_cmp(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);

    if (c != 0)
        return c;
    return x->n < y->n ? -1 : x->n > y->n;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

static int rel_cmp(const void *a, const void *b)
{
    const struct rel *x = a, *y = b;
    int c = strcmp(x->h, y->h);

    if (c != 0)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int hpath_cmp(const void *a, const void *b)
{
    const struct hpath *x = a, *y = b;
    int c = strcmp(x->h, y->h);

    if (c != 0)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Sort v[0..n) by span_cmp; tmp has room for n.  Insertion sort for short
 * runs, merging above: lines are few and qsort's indirect calls dominate.
 */
static void sort_spans(struct span *v, struct span *tmp, size_t n)
{
    size_t i, j, h, a, b, k;
    struct span x;

    if (n <= 8) {
        for (i = 1; i < n; i++) {
            x = v[i];
            for (j = i; j > 0 && span_cmp(&v[j - 1], &x) > 0; j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
        return;
    }
    h = n / 2;
    sort_spans(v, tmp, h);
    sort_spans(v + h, tmp, n - h);
    if (span_cmp(&v[h - 1], &v[h]) <= 0)
        return;
    memcpy(tmp, v, h * sizeof(*v));
    for (a = 0, b = h, k = 0; a < h && b < n;)
        v[k++] = span_cmp(&v[b], &tmp[a]) < 0 ? v[b++] : tmp[a++];
    while (a < h)
        v[k++] = tmp[a++];
}

/* Compare two paths (ASCII) in code point order. */
static int buf_cmp(const struct bl_buf *a, const struct bl_buf *b)
{
    struct span x = {a->p, a->len}, y = {b->p, b->len};

    if (a->len == 0 || b->len == 0)
        return a->len < b->len ? -1 : a->len > b->len;
    return span_cmp(&x, &y);
}

/* Append "_:<prefix><n>". */
static enum bl_err put_label(struct bl_buf *b, const char *prefix, size_t plen, uint32_t n)
{
    char d[16];
    size_t k = sizeof(d);
    enum bl_err rc;

    do {
        d[--k] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    if ((rc = bl_buf_append(b, "_:", 2)) != BL_OK || (rc = bl_buf_append(b, prefix, plen)) != BL_OK)
        return rc;
    return bl_buf_append(b, d + k, sizeof(d) - k);
}

/* Write "_:c14n<n>" at d (at most 16 bytes); returns its length. */
static size_t c14n_label(char *d, uint32_t n)
{
    char t[12];
    size_t k = sizeof(t), len;

    do {
        t[--k] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    memcpy(d, "_:c14n", 6);
    len = sizeof(t) - k;
    memcpy(d + 6, t + k, len);
    return 6 + len;
}

static enum bl_err too_much(struct cz *z, const char *what)
{
    return bl_fail(z->ei, BL_ETOOBIG, "canonicalization needs too much work (%s)", what);
}

static void to_hex(const unsigned char *d, size_t n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * n] = '\0';
}

/* Hash the concatenation of v[0..n) into hex (hexlen digits and a NUL). */
static enum bl_err hash_spans(struct cz *z, const struct span *v, size_t n, char *hex)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    size_t i;

    if (EVP_DigestInit_ex2(z->mdc, z->md, NULL) != 1)
        goto fail;
    for (i = 0; i < n; i++)
        if (EVP_DigestUpdate(z->mdc, v[i].p, v[i].n) != 1)
            goto fail;
    if (EVP_DigestFinal_ex(z->mdc, d, &dlen) != 1 || 2 * (size_t)dlen != z->hexlen)
        goto fail;
    to_hex(d, dlen, hex);
    return BL_OK;
fail:
    return bl_fail(z->ei, BL_ECRYPTO, "canonicalization: hashing failed");
}

static enum bl_err hash_buf(struct cz *z, const struct bl_buf *b, char *hex)
{
    struct span s = {b->p != NULL ? b->p : (const unsigned char *)"", b->len};

    return hash_spans(z, &s, 1, hex);
}

static void sp_reserve(struct cz *z, size_t n)
{
    if (n > z->spcap) {
        z->spcap = n < 16 ? 16 : n * 2;
        z->sp = bl_realloc(z->sp, z->spcap * sizeof(*z->sp));
        z->sp2 = bl_realloc(z->sp2, z->spcap * sizeof(*z->sp2));
    }
}

/*
 * The length of quad qi's line: blank nodes written as "_:a" for ref and
 * "_:z" for the others (ref != NONE: Hash First Degree Quads), or by their
 * canonical label (ref == NONE).
 */
static size_t line_len(const struct cz *z, uint32_t qi, uint32_t ref)
{
    const struct cquad *q = &z->q[qi];
    size_t n = 0;
    uint32_t k;

    for (k = 0; k <= q->nlbn; k++)
        n += q->seglen[k];
    for (k = 0; k < q->nlbn; k++)
        n += ref != NONE ? 3 : z->clabel_len[q->lbn[k]];
    return n;
}

/* Write the line of quad qi at d (line_len bytes); returns the end. */
static unsigned char *put_line(const struct cz *z, unsigned char *d, uint32_t qi, uint32_t ref)
{
    const struct cquad *q = &z->q[qi];
    uint32_t k;

    for (k = 0;; k++) {
        memcpy(d, z->ser.p + q->seg[k], q->seglen[k]);
        d += q->seglen[k];
        if (k == q->nlbn)
            return d;
        if (ref != NONE) {
            memcpy(d, q->lbn[k] == ref ? "_:a" : "_:z", 3);
            d += 3;
        } else {
            memcpy(d, z->clabel[q->lbn[k]], z->clabel_len[q->lbn[k]]);
            d += z->clabel_len[q->lbn[k]];
        }
    }
}

/*
 * The lines of quads list[0..n) (all quads when list is NULL) as z->sp[0..n),
 * sorted.  A line without blank nodes is used where it lies in z->ser; the
 * others are built in z->line, reserved in full first so pointers into it
 * stay valid.
 */
static enum bl_err sorted_lines(struct cz *z, const uint32_t *list, size_t n, uint32_t ref)
{
    size_t i, need = 0;
    uint32_t qi;
    unsigned char *d;
    enum bl_err rc;

    sp_reserve(z, n + 1);
    for (i = 0; i < n; i++) {
        qi = list != NULL ? list[i] : (uint32_t)i;
        if (z->q[qi].nlbn != 0)
            need += line_len(z, qi, ref);
    }
    bl_buf_reset(&z->line);
    if ((rc = bl_buf_reserve(&z->line, need)) != BL_OK)
        return rc;
    d = z->line.p;
    for (i = 0; i < n; i++) {
        qi = list != NULL ? list[i] : (uint32_t)i;
        if (z->q[qi].nlbn == 0) {
            z->sp[i].p = z->ser.p + z->q[qi].seg[0];
            z->sp[i].n = z->q[qi].seglen[0];
        } else {
            z->sp[i].p = d;
            d = put_line(z, d, qi, ref);
            z->sp[i].n = (size_t)(d - z->sp[i].p);
        }
    }
    z->line.len = need;
    sort_spans(z->sp, z->sp2, n);
    return BL_OK;
}

/* ---- the algorithm ------------------------------------------------------- */

/* Hash First Degree Quads of blank node b into z->fdh. */
static enum bl_err first_degree(struct cz *z, uint32_t b)
{
    size_t n = z->bq_start[b + 1] - z->bq_start[b];
    enum bl_err rc;

    size_t i;

    if ((rc = sorted_lines(z, z->bq + z->bq_start[b], n, b)) != BL_OK)
        return rc;
    /* One update of the joined lines costs less than one per line. */
    bl_buf_reset(&z->cat);
    if ((rc = bl_buf_reserve(&z->cat, z->line.len)) != BL_OK) /* every line has b */
        return rc;
    for (i = 0; i < n; i++) {
        memcpy(z->cat.p + z->cat.len, z->sp[i].p, z->sp[i].n);
        z->cat.len += z->sp[i].n;
    }
    return hash_buf(z, &z->cat, z->fdh + (size_t)b * HEX_MAX);
}

/* Hash Related Blank Node: position pos of quad qi holds related. */
static enum bl_err hash_related(struct cz *z, uint32_t related, uint32_t qi,
                                const struct issuer *iss, char pos, struct bl_buf *tmp, char *hex)
{
    const struct cquad *q = &z->q[qi];
    enum bl_err rc;

    bl_buf_reset(tmp);
    if ((rc = bl_buf_putc(tmp, (unsigned char)pos)) != BL_OK)
        return rc;
    if (pos != 'g' && (rc = bl_buf_append(tmp, z->ser.p + q->pred, q->pred_len)) != BL_OK)
        return rc;
    uint32_t id;

    if (z->canon.map[related] != NONE)
        rc = put_label(tmp, "c14n", 4, z->canon.map[related]);
    else if ((id = iss_get(iss, related)) != NONE)
        rc = put_label(tmp, "b", 1, id);
    else
        rc = bl_buf_append(tmp, z->fdh + (size_t)related * HEX_MAX, z->hexlen);
    if (rc != BL_OK)
        return rc;
    return hash_buf(z, tmp, hex);
}

/* Next permutation of v[0..n) in lexicographic order; 0 after the last. */
static int next_perm(uint32_t *v, size_t n)
{
    size_t i, j;
    uint32_t t;

    if (n < 2)
        return 0;
    i = n - 1;
    while (i > 0 && v[i - 1] >= v[i])
        i--;
    if (i == 0)
        return 0;
    j = n - 1;
    while (v[j] <= v[i - 1])
        j--;
    t = v[i - 1];
    v[i - 1] = v[j];
    v[j] = t;
    for (j = n - 1; i < j; i++, j--) {
        t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
    return 1;
}

/*
 * Try every permutation of the related blank nodes perm[0..k) starting from issuer cur; set *chosen
 * to the issuer of the smallest path (caller owns it) and append that path to dth.
 */
static enum bl_err permute(struct cz *z, uint32_t *perm, size_t k, const struct issuer *cur,
                           struct bl_buf *dth, struct issuer **chosen)
{
    struct bl_buf path, best;
    struct issuer *copy = NULL;
    uint32_t *rl = bl_malloc((k + 1) * sizeof(uint32_t));
    size_t nrl, i;
    uint32_t r, idn;
    char rhex[HEX_MAX];
    enum bl_err rc = BL_OK;
    int skip;

    bl_buf_init(&path, SIZE_MAX / 2);
    bl_buf_init(&best, SIZE_MAX / 2);
    *chosen = NULL;
    qsort(perm, k, sizeof(*perm), u32_cmp);
    do {
        if (++z->work > z->max_work) {
            rc = too_much(z, "more than the allowed permutations and Hash N-Degree Quads calls");
            goto out;
        }
        copy = iss_clone(cur);
        bl_buf_reset(&path);
        nrl = 0;
        skip = 0;
        for (i = 0; i < k && !skip; i++) {
            r = perm[i];
            if (z->canon.map[r] != NONE) {
                rc = put_label(&path, "c14n", 4, z->canon.map[r]);
            } else {
                if (iss_get(copy, r) == NONE)
                    rl[nrl++] = r;
                copy = iss_issue(copy, r, &idn);
                rc = put_label(&path, "b", 1, idn);
            }
            if (rc != BL_OK)
                goto out;
            skip = *chosen != NULL && path.len >= best.len && buf_cmp(&path, &best) > 0;
        }
        for (i = 0; i < nrl && !skip; i++) {
            r = rl[i];
            idn = iss_get(copy, r);
            rc = hnd(z, r, copy, rhex, &copy);
            if (rc != BL_OK)
                goto out;
            if ((rc = put_label(&path, "b", 1, idn)) != BL_OK ||
                (rc = bl_buf_putc(&path, '<')) != BL_OK ||
                (rc = bl_buf_append(&path, rhex, z->hexlen)) != BL_OK ||
                (rc = bl_buf_putc(&path, '>')) != BL_OK)
                goto out;
            skip = *chosen != NULL && path.len >= best.len && buf_cmp(&path, &best) > 0;
        }
        if (!skip && (*chosen == NULL || buf_cmp(&path, &best) < 0)) {
            struct bl_buf t = best;

            best = path;
            path = t;
            bl_free(*chosen);
            *chosen = copy;
            copy = NULL;
        }
        bl_free(copy);
        copy = NULL;
    } while (next_perm(perm, k));
    rc = bl_buf_append(dth, best.p, best.len);
out:
    if (rc != BL_OK) {
        bl_free(*chosen);
        *chosen = NULL;
    }
    bl_free(copy);
    bl_free(rl);
    bl_buf_free(&path);
    bl_buf_free(&best);
    return rc;
}

/*
 * Hash N-Degree Quads of blank node id.  Takes ownership of iss
 * (freed or handed back); on success *iss_out is the resulting issuer (the
 * caller owns it) and hex the hash.  On error iss is freed and *iss_out set
 * to NULL.
 */
static enum bl_err hnd(struct cz *z, uint32_t id, struct issuer *iss, char *hex,
                       struct issuer **iss_out)
{
    size_t nq = z->bq_start[id + 1] - z->bq_start[id], i, j, nrel = 0, g;
    struct rel *rels = NULL;
    uint32_t *perm = NULL;
    struct bl_buf dth, tmp;
    struct issuer *chosen = NULL;
    enum bl_err rc = BL_OK;
    static const char posc[4] = {'s', 'p', 'o', 'g'};
    uint32_t qi;
    int k;

    *iss_out = NULL;
    bl_buf_init(&dth, SIZE_MAX / 2);
    bl_buf_init(&tmp, SIZE_MAX / 2);
    if (++z->work > z->max_work) {
        rc = too_much(z, "more than the allowed permutations and Hash N-Degree Quads calls");
        goto out;
    }
    if (++z->depth > z->max_depth) {
        rc = too_much(z, "Hash N-Degree Quads recursion too deep");
        goto out;
    }
    rels = bl_malloc((3 * nq + 1) * sizeof(*rels));
    for (i = 0; i < nq; i++) {
        qi = z->bq[z->bq_start[id] + i];
        for (k = 0; k < 4; k++) {
            if (k == 1 || z->q[qi].bn[k] == NONE || z->q[qi].bn[k] == id)
                continue;
            rc = hash_related(z, z->q[qi].bn[k], qi, iss, posc[k], &tmp, rels[nrel].h);
            if (rc != BL_OK)
                goto out;
            rels[nrel].b = z->q[qi].bn[k];
            rels[nrel].seq = (uint32_t)nrel;
            nrel++;
        }
    }
    qsort(rels, nrel, sizeof(*rels), rel_cmp);
    perm = bl_malloc((nrel + 1) * sizeof(*perm));
    for (i = 0; i < nrel; i = j) {
        for (j = i; j < nrel && strcmp(rels[j].h, rels[i].h) == 0; j++)
            perm[j - i] = rels[j].b;
        if ((rc = bl_buf_append(&dth, rels[i].h, z->hexlen)) != BL_OK)
            goto out;
        g = j - i;
        if ((rc = permute(z, perm, g, iss, &dth, &chosen)) != BL_OK)
            goto out;
        bl_free(iss);
        iss = chosen;
        chosen = NULL;
    }
    if ((rc = hash_buf(z, &dth, hex)) != BL_OK)
        goto out;
    *iss_out = iss;
    iss = NULL;
out:
    z->depth--;
    bl_free(iss);
    bl_free(rels);
    bl_free(perm);
    bl_buf_free(&dth);
    bl_buf_free(&tmp);
    return rc;
}

/* Serialise non-blank terms once and index quads by blank node. */
static enum bl_err prepare(struct cz *z)
{
    const struct bl_rdf_dataset *ds = z->ds;
    const struct bl_rdf_term *t;
    size_t i, nb = z->nb, total = 0;
    uint32_t *fill = NULL, b;
    unsigned char *d;
    enum bl_err rc = BL_OK;
    int k, m;

    z->q = bl_malloc((ds->nquads + 1) * sizeof(*z->q));
    z->bq_start = bl_calloc(nb + 2, sizeof(*z->bq_start));
    /* The exact size of every line, so the buffer is reserved once. */
    for (i = 0; i < ds->nquads; i++) {
        const struct bl_rdf_quad *dq = &ds->quads[i];

        total += bl_rdf_term_size(&dq->s) + bl_rdf_term_size(&dq->p) + bl_rdf_term_size(&dq->o) +
                 bl_rdf_term_size(&dq->g) + 6;
    }
    if ((rc = bl_buf_reserve(&z->ser, total)) != BL_OK)
        goto out;
    total = 0;
    d = z->ser.p;
    for (i = 0; i < ds->nquads; i++) {
        struct cquad *q = &z->q[i];
        const struct bl_rdf_term *ts[4] = {&ds->quads[i].s, &ds->quads[i].p, &ds->quads[i].o,
                                           &ds->quads[i].g};
        unsigned char *start = d;

        q->nlbn = 0;
        q->seg[0] = (size_t)(d - z->ser.p);
        for (k = 0; k < 4; k++) {
            t = ts[k];
            q->bn[k] = NONE;
            if (t->kind == BL_RDF_DEFAULT)
                continue;
            if (k > 0)
                *d++ = ' ';
            if (t->kind == BL_RDF_BNODE) {
                q->bn[k] = t->bnode;
                q->seglen[q->nlbn] = (uint32_t)(d - start);
                q->lbn[q->nlbn++] = t->bnode;
                start = d;
                q->seg[q->nlbn] = (size_t)(d - z->ser.p);
                continue;
            }
            if (k == 1)
                q->pred = (size_t)(d - z->ser.p);
            d = bl_rdf_term_put(d, t);
            if (k == 1)
                q->pred_len = (uint32_t)(d - z->ser.p - q->pred);
        }
        memcpy(d, " .\n", 3);
        d += 3;
        if ((size_t)(d - z->ser.p) - q->seg[0] > UINT32_MAX) {
            rc = bl_fail(z->ei, BL_ETOOBIG, "canonicalization: a quad over 4 GiB");
            goto out;
        }
        q->seglen[q->nlbn] = (uint32_t)(d - start);
        /* Count each blank node once per quad. */
        for (k = 0; k < 4; k++) {
            if ((b = q->bn[k]) == NONE)
                continue;
            for (m = 0; m < k && q->bn[m] != b; m++)
                ;
            if (m == k) {
                z->bq_start[b + 1]++;
                total++;
            }
        }
    }
    if (z->ser.p != NULL) {
        z->ser.len = (size_t)(d - z->ser.p);
        z->ser.p[z->ser.len] = '\0';
    }
    for (i = 0; i < nb; i++)
        z->bq_start[i + 1] += z->bq_start[i];
    z->bq = bl_malloc((total + 1) * sizeof(*z->bq));
    fill = bl_calloc(nb + 1, sizeof(*fill));
    for (i = 0; i < ds->nquads; i++) {
        const struct cquad *q = &z->q[i];

        for (k = 0; k < 4; k++) {
            if ((b = q->bn[k]) == NONE)
                continue;
            for (m = 0; m < k && q->bn[m] != b; m++)
                ;
            if (m == k)
                z->bq[z->bq_start[b] + fill[b]++] = (uint32_t)i;
        }
    }
out:
    bl_free(fill);
    return rc;
}

/* A blank node and its first-degree hash, to sort by hash. */
struct bh {
    const char *h;
    uint32_t b;
};

/* By hash, then by first appearance (the spec's map iteration order). */
static int bh_cmp(const void *a, const void *b)
{
    const struct bh *x = a, *y = b;
    int c = strcmp(x->h, y->h);

    if (c != 0)
        return c;
    return x->b < y->b ? -1 : x->b > y->b;
}

/* The canonicalization algorithm proper: issue the canonical identifiers. */
static enum bl_err issue_all(struct cz *z)
{
    struct bh *order = bl_malloc((z->nb + 1) * sizeof(*order));
    struct hpath *hp = NULL;
    size_t i, j, m, nhp, c;
    enum bl_err rc = BL_OK;
    struct issuer *tmp;
    uint32_t id;

    for (i = 0; i < z->nb; i++) {
        if ((rc = first_degree(z, (uint32_t)i)) != BL_OK)
            goto out;
        order[i].h = z->fdh + i * HEX_MAX;
        order[i].b = (uint32_t)i;
    }
    qsort(order, z->nb, sizeof(*order), bh_cmp);
    /* First the blank nodes with a unique first-degree hash, in hash order. */
    for (i = 0; i < z->nb; i = j) {
        for (j = i + 1; j < z->nb && strcmp(order[i].h, order[j].h) == 0; j++)
            ;
        if (j - i == 1)
            canon_issue(&z->canon, order[i].b);
    }
    /* Then the others, group by group, through Hash N-Degree Quads. */
    hp = bl_malloc((z->nb + 1) * sizeof(*hp));
    for (i = 0; i < z->nb; i = j) {
        for (j = i + 1; j < z->nb && strcmp(order[i].h, order[j].h) == 0; j++)
            ;
        if (j - i == 1)
            continue;
        nhp = 0;
        for (m = i; m < j; m++) {
            if (z->canon.map[order[m].b] != NONE)
                continue;
            tmp = iss_issue(iss_new(), order[m].b, &id);
            rc = hnd(z, order[m].b, tmp, hp[nhp].h, &hp[nhp].iss);
            if (rc != BL_OK)
                break;
            hp[nhp].seq = (uint32_t)nhp;
            nhp++;
        }
        if (rc == BL_OK) {
            qsort(hp, nhp, sizeof(*hp), hpath_cmp);
            for (m = 0; m < nhp; m++)
                for (c = 0; c < hp[m].iss->count; c++)
                    canon_issue(&z->canon, hp[m].iss->order[c]);
        }
        for (m = 0; m < nhp; m++)
            bl_free(hp[m].iss);
        if (rc != BL_OK)
            goto out;
    }
out:
    bl_free(hp);
    bl_free(order);
    return rc;
}

enum bl_err bl_rdfc_canonicalize(const struct bl_rdf_dataset *ds, const struct bl_rdfc_opts *opts,
                                 struct bl_buf *out, uint32_t *issued, uint64_t *work_out,
                                 struct bl_errinfo *ei)
{
    struct cz z;
    enum bl_err rc = BL_OK;
    enum bl_rdfc_hash alg = opts != NULL ? opts->hash : BL_RDFC_SHA256;
    size_t i, total;

    memset(&z, 0, sizeof(z));
    if (alg != BL_RDFC_SHA256 && alg != BL_RDFC_SHA384)
        return bl_fail(ei, BL_EINVAL, "canonicalization: unknown hash algorithm %d", (int)alg);
    z.ds = ds;
    z.nb = ds->nbnodes;
    z.ei = ei;
    z.max_work = opts != NULL && opts->max_work != 0
                     ? opts->max_work
                     : BL_RDFC_MAX_WORK_DEFAULT + (uint64_t)BL_RDFC_WORK_PER_BNODE * z.nb;
    z.max_depth =
        opts != NULL && opts->max_depth != 0 ? opts->max_depth : BL_RDFC_MAX_DEPTH_DEFAULT;
    z.hexlen = alg == BL_RDFC_SHA384 ? 96 : 64;
    bl_buf_init(&z.ser, SIZE_MAX / 2);
    bl_buf_init(&z.line, SIZE_MAX / 2);
    bl_buf_init(&z.cat, SIZE_MAX / 2);
    z.md = digest(alg);
    z.mdc = EVP_MD_CTX_new();
    if (z.md == NULL || z.mdc == NULL) {
        rc = bl_fail(ei, BL_ECRYPTO, "canonicalization: no %s digest",
                     alg == BL_RDFC_SHA384 ? "SHA-384" : "SHA-256");
        goto out;
    }
    if ((rc = prepare(&z)) != BL_OK)
        goto out;
    z.canon.map = bl_malloc((z.nb + 1) * sizeof(uint32_t));
    memset(z.canon.map, 0xff, z.nb * sizeof(uint32_t));
    z.fdh = bl_malloc(z.nb * HEX_MAX + 1);
    z.clabel = bl_malloc((z.nb + 1) * sizeof(*z.clabel));
    z.clabel_len = bl_malloc(z.nb + 1);
    if ((rc = issue_all(&z)) != BL_OK)
        goto out;
    for (i = 0; i < z.nb; i++)
        z.clabel_len[i] = (uint8_t)c14n_label(z.clabel[i], z.canon.map[i]);
    if ((rc = sorted_lines(&z, NULL, ds->nquads, NONE)) != BL_OK)
        goto out;
    total = 0;
    for (i = 0; i < ds->nquads; i++)
        total += z.sp[i].n;
    if (bl_buf_reserve(out, total) != BL_OK) {
        rc = bl_fail(ei, BL_ETOOBIG, "canonical N-Quads exceed the output limit");
        goto out;
    }
    for (i = 0; i < ds->nquads; i++) {
        memcpy(out->p + out->len, z.sp[i].p, z.sp[i].n);
        out->len += z.sp[i].n;
    }
    if (out->p != NULL)
        out->p[out->len] = '\0';
    if (issued != NULL)
        memcpy(issued, z.canon.map, z.nb * sizeof(*issued));
out:
    if (work_out != NULL)
        *work_out = z.work;
    EVP_MD_CTX_free(z.mdc);
    bl_free(z.q);
    bl_free(z.bq_start);
    bl_free(z.bq);
    bl_free(z.fdh);
    bl_free(z.canon.map);
    bl_free(z.sp);
    bl_free(z.sp2);
    bl_buf_free(&z.cat);
    bl_free(z.clabel);
    bl_free(z.clabel_len);
    bl_buf_free(&z.ser);
    bl_buf_free(&z.line);
    return rc;
}

enum bl_err bl_rdfc_canonicalize_nquads(const char *text, size_t n, const struct bl_rdfc_opts *opts,
                                        struct bl_buf *out, struct bl_errinfo *ei)
{
    struct bl_rdf_dataset ds;
    enum bl_err rc;

    bl_rdf_dataset_init(&ds);
    rc = bl_rdf_parse_nquads(&ds, text, n, ei);
    if (rc == BL_OK)
        rc = bl_rdfc_canonicalize(&ds, opts, out, NULL, NULL, ei);
    bl_rdf_dataset_free(&ds);
    return rc;
}
