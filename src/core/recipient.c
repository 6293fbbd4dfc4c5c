/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * recipient.c: IdentityHash computing and matching, and the IdentityObjects
 * of OB 2.0 and 3.0 built around it.  The digests come from OpenSSL's EVP
 * one-shot interface on the identity and salt bytes as given.
 */
#include <string.h>

#include <openssl/evp.h>

#include "mem.h"
#include "recipient.h"
#include "utf8.h"

static const char *const ob3_types[] = {
    "name",          "sourcedId",    "systemId",        "productId",
    "userName",      "accountId",    "emailAddress",    "nationalIdentityNumber",
    "isbn",          "issn",         "lisSourcedId",    "oneRosterSourcedId",
    "sisSourcedId",  "ltiContextId", "ltiDeploymentId", "ltiToolId",
    "ltiPlatformId", "ltiUserId",    "identifier",
};

static enum bl_err digest(const EVP_MD *md, const char *identity, const char *salt,
                          unsigned char *out, unsigned *outlen, struct bl_errinfo *ei);
static int hexval(int c);

enum bl_err bl_recipient_hash(const char *identity, const char *salt,
                              char out[BL_RECIPIENT_HASH_LEN], struct bl_errinfo *ei)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0, i;
    enum bl_err rc;

    if (identity == NULL || *identity == '\0')
        return bl_fail(ei, BL_EINVAL, "recipient identity: empty");
    rc = digest(EVP_sha256(), identity, salt, md, &n, ei);
    if (rc != BL_OK)
        return rc;
    memcpy(out, "sha256$", 7);
    for (i = 0; i < n; i++) {
        out[7 + 2 * i] = hex[md[i] >> 4];
        out[8 + 2 * i] = hex[md[i] & 15];
    }
    out[7 + 2 * n] = '\0';
    return BL_OK;
}

bool bl_recipient_is_hash(const char *s)
{
    size_t skip, want, i;

    if (s == NULL)
        return false;
    if (strncmp(s, "sha256$", 7) == 0) {
        skip = 7;
        want = 64;
    } else if (strncmp(s, "md5$", 4) == 0) {
        skip = 4;
        want = 32;
    } else {
        return false;
    }
    for (i = 0; i < want; i++)
        if (hexval((unsigned char)s[skip + i]) < 0)
            return false;
    return s[skip + want] == '\0';
}

enum bl_err bl_recipient_match(const char *hash, const char *identity, const char *salt,
                               bool *match, struct bl_errinfo *ei)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    const char *hex;
    unsigned n = 0, i;
    enum bl_err rc;

    if (!bl_recipient_is_hash(hash))
        return bl_fail(ei, BL_EINVAL, "identity \"%.80s\": not sha256$<64 hex> nor md5$<32 hex>",
                       hash != NULL ? hash : "");
    if (identity == NULL)
        return bl_fail(ei, BL_EINVAL, "recipient identity: missing");
    if (hash[0] == 's') {
        rc = digest(EVP_sha256(), identity, salt, md, &n, ei);
        hex = hash + 7;
    } else {
        rc = digest(EVP_md5(), identity, salt, md, &n, ei);
        hex = hash + 4;
    }
    if (rc != BL_OK)
        return rc;
    *match = true;
    for (i = 0; i < n; i++) {
        int hi = hexval((unsigned char)hex[2 * i]), lo = hexval((unsigned char)hex[2 * i + 1]);

        if ((unsigned)(hi << 4 | lo) != md[i])
            *match = false;
    }
    return BL_OK;
}

enum bl_err bl_recipient_email_normalize(const char *email, char **out, struct bl_errinfo *ei)
{
    const char *b, *e, *at;
    char *r;
    size_t i, n;

    if (email == NULL)
        return bl_fail(ei, BL_EINVAL, "email: missing");
    b = email;
    e = email + strlen(email);
    while (b < e &&
           (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n' || *b == '\f' || *b == '\v'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n' ||
                     e[-1] == '\f' || e[-1] == '\v'))
        e--;
    n = (size_t)(e - b);
    at = memchr(b, '@', n);
    if (at == NULL || at == b || at == e - 1)
        return bl_fail(ei, BL_EINVAL, "email \"%.80s\": expected local@domain", email);
    r = bl_strndup(b, n);
    for (i = 0; i < n; i++)
        if (r[i] >= 'A' && r[i] <= 'Z')
            r[i] = (char)(r[i] - 'A' + 'a');
    *out = r;
    return BL_OK;
}

enum bl_err bl_recipient_ob2(const char *email, const char *salt, json_t **out,
                             struct bl_errinfo *ei)
{
    char h[BL_RECIPIENT_HASH_LEN];
    enum bl_err rc;
    json_t *o;

    if (email == NULL || strchr(email, '@') == NULL)
        return bl_fail(ei, BL_EINVAL, "recipient email \"%.80s\": expected local@domain",
                       email != NULL ? email : "");
    rc = bl_recipient_hash(email, salt, h, ei);
    if (rc != BL_OK)
        return rc;
    if (salt != NULL && bl_utf8_check((const unsigned char *)salt, strlen(salt)) != strlen(salt))
        return bl_fail(ei, BL_EUTF8, "recipient salt: not valid UTF-8");
    o = json_object();
    json_object_set_new(o, "type", json_string("email"));
    json_object_set_new(o, "hashed", json_true());
    if (salt != NULL && *salt != '\0')
        json_object_set_new(o, "salt", json_string(salt));
    json_object_set_new(o, "identity", json_string(h));
    *out = o;
    return BL_OK;
}

enum bl_err bl_recipient_ob3(const char *identity, const char *type, bool hashed, const char *salt,
                             json_t **out, struct bl_errinfo *ei)
{
    char h[BL_RECIPIENT_HASH_LEN];
    enum bl_err rc;
    json_t *o, *idv;

    if (identity == NULL || *identity == '\0')
        return bl_fail(ei, BL_EINVAL, "recipient identity: empty");
    if (!bl_recipient_ob3_type_ok(type))
        return bl_fail(ei, BL_EINVAL, "identityType \"%.60s\": not an IdentifierTypeEnum value",
                       type != NULL ? type : "");
    if (!hashed && strcmp(type, "emailAddress") == 0)
        return bl_fail(ei, BL_EINVAL,
                       "identityType emailAddress: an email is never written in "
                       "clear, hash it");
    if (!hashed && salt != NULL)
        return bl_fail(ei, BL_EINVAL, "recipient: a salt without hashing");
    if (hashed) {
        rc = bl_recipient_hash(identity, salt, h, ei);
        if (rc != BL_OK)
            return rc;
    }
    idv = json_string(hashed ? h : identity);
    if (idv == NULL)
        return bl_fail(ei, BL_EUTF8, "recipient identity: not valid UTF-8");
    o = json_object();
    json_object_set_new(o, "type", json_string("IdentityObject"));
    json_object_set_new(o, "identityHash", idv);
    json_object_set_new(o, "identityType", json_string(type));
    json_object_set_new(o, "hashed", json_boolean(hashed));
    if (hashed && salt != NULL && *salt != '\0')
        json_object_set_new(o, "salt", json_string(salt));
    *out = o;
    return BL_OK;
}

bool bl_recipient_ob3_type_ok(const char *s)
{
    size_t i;

    if (s == NULL)
        return false;
    if (strncmp(s, "ext:", 4) == 0) {
        /* The schema's pattern (ext:)[a-z|A-Z|0-9|.|-|_]+, read as the character class it means. */
        if (s[4] == '\0')
            return false;
        for (i = 4; s[i] != '\0'; i++) {
            char c = s[i];

            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '-' || c == '_' || c == '|'))
                return false;
        }
        return true;
    }
    for (i = 0; i < sizeof(ob3_types) / sizeof(ob3_types[0]); i++)
        if (strcmp(s, ob3_types[i]) == 0)
            return true;
    return false;
}

static enum bl_err digest(const EVP_MD *md, const char *identity, const char *salt,
                          unsigned char *out, unsigned *outlen, struct bl_errinfo *ei)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    enum bl_err rc = BL_OK;

    if (c == NULL || md == NULL || EVP_DigestInit_ex(c, md, NULL) != 1 ||
        EVP_DigestUpdate(c, identity, strlen(identity)) != 1 ||
        (salt != NULL && EVP_DigestUpdate(c, salt, strlen(salt)) != 1) ||
        EVP_DigestFinal_ex(c, out, outlen) != 1)
        rc = bl_fail(ei, BL_ECRYPTO, "recipient hash: digest failed");
    EVP_MD_CTX_free(c);
    return rc;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
