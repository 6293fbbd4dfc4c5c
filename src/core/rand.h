/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * rand.h: the one source of randomness in src/core (DESIGN.md §2).  Key
 * generation, nonces, salts and ids all come through bl_random, which reads
 * OpenSSL's CSPRNG.  Tests may swap in a deterministic source so that sealed
 * blobs and other random-looking outputs can be checked byte for byte.
 */
#ifndef BL_RAND_H
#define BL_RAND_H

#include <stddef.h>

/* A replacement source: fill p[0..n) with bytes.  It must not fail. */
typedef void (*bl_random_fn)(void *p, size_t n);

/*
 * Fill p[0..n) with cryptographically strong random bytes.  Aborts the
 * process if OpenSSL's generator fails (as for out-of-memory: there is no
 * safe way to go on without randomness).
 */
void bl_random(void *p, size_t n);

/*
 * Tests only: make bl_random call fn instead of OpenSSL; NULL restores
 * OpenSSL.  Not thread-safe: set it before any thread uses bl_random.
 * Key generation inside OpenSSL (bl_key_generate) does not go through this
 * hook; only bytes Blason draws itself (nonces, salts, ids) do.
 */
void bl_random_set_source(bl_random_fn fn);

#endif
