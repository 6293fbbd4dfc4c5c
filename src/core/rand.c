/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* rand.c: bl_random over OpenSSL's RAND_bytes, with a test hook (see rand.h). */
#include <limits.h>
#include <stdlib.h>

#include <openssl/rand.h>

#include "rand.h"

/* NULL means OpenSSL; only tests change it. */
static bl_random_fn source;

void bl_random(void *p, size_t n)
{
    unsigned char *q = p;

    if (source != NULL) {
        source(p, n);
        return;
    }
    /* RAND_bytes takes an int: feed large requests in slices. */
    while (n > 0) {
        int chunk = n > INT_MAX ? INT_MAX : (int)n;

        if (RAND_bytes(q, chunk) != 1)
            abort();
        q += chunk;
        n -= (size_t)chunk;
    }
}

void bl_random_set_source(bl_random_fn fn)
{
    source = fn;
}
