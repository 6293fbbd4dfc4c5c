/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cli_key.c: read a key file whatever its form: PEM (PKCS#8, SPKI and the
 * traditional forms), a JWK, a Multikey key pair document (the form of the
 * Open Badges 3.0 test vector: publicKeyMultibase / secretKeyMultibase), a
 * public Multikey or a did:key.
 */
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "core/json.h"
#include "core/key.h"
#include "core/mem.h"
#include "core/multibase.h"

/* A JSON key file: a JWK, or a Multikey pair document. */
static enum bl_err from_json(const char *z, size_t n, struct bl_key **out, struct bl_errinfo *ei)
{
    json_t *doc = NULL;
    const char *mb;
    enum bl_err rc;

    rc = bl_json_parse(z, n, BL_KEY_TEXT_MAX, 16, &doc, ei);
    if (rc != BL_OK)
        return rc;
    if ((mb = bl_json_str(doc, "secretKeyMultibase")) != NULL) {
        struct bl_multikey mk;

        rc = bl_multikey_decode(mb, strlen(mb), &mk, ei);
        if (rc == BL_OK && mk.type != BL_MULTIKEY_ED25519_PRIV)
            rc = bl_fail(ei, BL_EUNSUPPORTED, "secretKeyMultibase is not an Ed25519 secret key");
        if (rc == BL_OK)
            rc = bl_key_from_ed25519_raw(mk.key, 32, true, out, ei);
        bl_wipe(&mk, sizeof(mk));
    } else if ((mb = bl_json_str(doc, "publicKeyMultibase")) != NULL) {
        rc = bl_key_from_multikey(mb, strlen(mb), out, ei);
    } else {
        rc = bl_key_from_jwk(doc, out, ei);
    }
    json_decref(doc);
    return rc;
}

enum bl_err cli_load_key(const char *path, struct bl_key **out, struct bl_errinfo *ei)
{
    unsigned char *text = NULL;
    const char *z;
    size_t n = 0, len;
    enum bl_err rc;

    rc = cli_read_file(path, BL_KEY_TEXT_MAX, &text, &n, ei);
    if (rc != BL_OK)
        return rc;
    len = n;
    z = (const char *)text;
    while (n > 0 && (z[n - 1] == '\n' || z[n - 1] == '\r' || z[n - 1] == ' '))
        n--;
    while (n > 0 && (*z == '\n' || *z == '\r' || *z == ' ' || *z == '\t'))
        z++, n--;
    if (n >= 5 && memcmp(z, "-----", 5) == 0)
        rc = bl_key_from_pem(z, n, out, ei);
    else if (n > 0 && z[0] == '{')
        rc = from_json(z, n, out, ei);
    else if (n > 8 && memcmp(z, "did:key:", 8) == 0)
        rc = bl_key_from_did(z, n, out, ei);
    else if (n > 0 && z[0] == 'z')
        rc = bl_key_from_multikey(z, n, out, ei);
    else
        rc = bl_fail(ei, BL_EINVAL, "%s: not a key (expected PEM, a JWK, a Multikey or a did:key)",
                     path);
    bl_wipe(text, len); /* it may hold a private key */
    bl_free(text);
    return rc;
}
