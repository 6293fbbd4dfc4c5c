/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * doccache.c: the public document cache (doccache.h).  One mutex guards an
 * open-addressing table and a FIFO ring of the same entries: lookups copy the
 * bytes out under the lock, so an entry can be evicted at any time without
 * reference counting.  Documents are small (a few KiB; a baked image tens of
 * KiB), so the copy costs less than the database read it saves.
 */
#include "doccache.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"

#define SLOTS (BL_DOCCACHE_ENTRIES * 2u) /* load factor at most 1/2 */

struct entry {
    char *key; /* NULL: empty slot */
    unsigned char *p;
    size_t len;
    char type[64]; /* a copy: the document's type may live in a request's arena */
    char etag[33];
    bool gone, image_svg;
    long long expires_ms;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table; /* SLOTS slots */
static size_t ring[BL_DOCCACHE_ENTRIES];
static size_t ring_head, ring_len, bytes;
static unsigned ttl;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The slot of key, or of the empty slot where it would go. */
static size_t find(const char *key)
{
    size_t i = hash(key) % SLOTS;
    while (table[i].key && strcmp(table[i].key, key) != 0)
        i = (i + 1) % SLOTS;
    return i;
}

static void clear(struct entry *e)
{
    bytes -= e->len;
    bl_free(e->key);
    bl_free(e->p);
    memset(e, 0, sizeof *e);
}

/* Remove slot i and re-insert the cluster after it (linear probing). */
static void remove_slot(size_t i)
{
    clear(&table[i]);
    for (size_t j = (i + 1) % SLOTS; table[j].key; j = (j + 1) % SLOTS) {
        struct entry e = table[j];
        memset(&table[j], 0, sizeof table[j]);
        size_t k = find(e.key);
        table[k] = e;
        /* The ring stores slot numbers: follow the move. */
        for (size_t r = 0; r < ring_len; r++) {
            size_t *slot = &ring[(ring_head + r) % BL_DOCCACHE_ENTRIES];
            if (*slot == j)
                *slot = k;
        }
    }
}

static void evict_oldest(void)
{
    size_t slot = ring[ring_head];
    ring_head = (ring_head + 1) % BL_DOCCACHE_ENTRIES;
    ring_len--;
    if (table[slot].key)
        remove_slot(slot);
}

void bl_doccache_init(unsigned ttl_s)
{
    ttl = ttl_s;
    if (ttl && !table)
        table = bl_calloc(SLOTS, sizeof *table);
}

void bl_doccache_fini(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; table && i < SLOTS; i++)
        if (table[i].key)
            clear(&table[i]);
    bl_free(table);
    table = NULL;
    ring_head = ring_len = bytes = 0;
    pthread_mutex_unlock(&lock);
}

void bl_doccache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; table && i < SLOTS; i++)
        if (table[i].key)
            clear(&table[i]);
    ring_head = ring_len = 0;
    pthread_mutex_unlock(&lock);
}

bool bl_doccache_get(const char *key, struct bl_arena *arena, struct bl_doc *out)
{
    bool hit = false;
    if (!ttl || strlen(key) >= BL_DOCCACHE_KEY_MAX)
        return false;
    pthread_mutex_lock(&lock);
    if (table) {
        struct entry *e = &table[find(key)];
        if (e->key && e->expires_ms > now_ms()) {
            out->p = bl_arena_memdup(arena, e->p, e->len);
            out->len = e->len;
            out->type = bl_arena_strdup(arena, e->type);
            out->etag = bl_arena_strdup(arena, e->etag);
            out->gone = e->gone;
            out->image_svg = e->image_svg;
            hit = true;
        }
    }
    pthread_mutex_unlock(&lock);
    return hit;
}

void bl_doccache_put(const char *key, const struct bl_doc *doc)
{
    if (!ttl || strlen(key) >= BL_DOCCACHE_KEY_MAX || doc->len > BL_DOCCACHE_BYTES / 16)
        return;
    pthread_mutex_lock(&lock);
    if (!table)
        goto out;
    size_t i = find(key);
    if (table[i].key) {
        /* Replace in place: the slot keeps its place in the ring. */
        bytes -= table[i].len;
        bl_free(table[i].p);
    } else {
        while (ring_len == BL_DOCCACHE_ENTRIES || bytes + doc->len > BL_DOCCACHE_BYTES)
            evict_oldest();
        i = find(key);
        table[i].key = bl_strdup(key);
        ring[(ring_head + ring_len) % BL_DOCCACHE_ENTRIES] = i;
        ring_len++;
    }
    struct entry *e = &table[i];
    e->p = bl_malloc(doc->len ? doc->len : 1);
    memcpy(e->p, doc->p, doc->len);
    e->len = doc->len;
    bytes += doc->len;
    snprintf(e->type, sizeof e->type, "%s", doc->type ? doc->type : "application/octet-stream");
    memcpy(e->etag, doc->etag, 32);
    e->etag[32] = '\0';
    e->gone = doc->gone;
    e->image_svg = doc->image_svg;
    e->expires_ms = now_ms() + (long long)ttl * 1000;
out:
    pthread_mutex_unlock(&lock);
}
