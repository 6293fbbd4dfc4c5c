/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * recipient.c: IdentityHash computing and matching, and the IdentityObjects
 * of OB 2.0 and 3.0 built around it.  The digests come from OpenSSL's EVP
 * one-shot interface on the identity and salt bytes as given.
 */
#include <stdbool.h>
#include <stdio.h>
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
    return bl_recipient_ob2_typed("email", email, salt, out, ei);
}

enum bl_err bl_recipient_ob2_typed(const char *type, const char *identity, const char *salt,
                                   json_t **out, struct bl_errinfo *ei)
{
    char h[BL_RECIPIENT_HASH_LEN];
    enum bl_err rc;
    json_t *o;

    if (type == NULL ||
        (strcmp(type, "email") != 0 && strcmp(type, "telephone") != 0 && strcmp(type, "url") != 0))
        return bl_fail(ei, BL_EINVAL, "recipient type \"%.20s\": email, telephone or url",
                       type != NULL ? type : "");
    if (strcmp(type, "email") == 0 && (identity == NULL || strchr(identity, '@') == NULL))
        return bl_fail(ei, BL_EINVAL, "recipient email \"%.80s\": expected local@domain",
                       identity != NULL ? identity : "");
    if (strcmp(type, "telephone") == 0 && !bl_recipient_is_e164(identity))
        return bl_fail(ei, BL_EINVAL, "recipient telephone \"%.40s\": expected +<8 to 15 digits>",
                       identity != NULL ? identity : "");
    rc = bl_recipient_hash(identity, salt, h, ei);
    if (rc != BL_OK)
        return rc;
    if (salt != NULL && bl_utf8_check((const unsigned char *)salt, strlen(salt)) != strlen(salt))
        return bl_fail(ei, BL_EUTF8, "recipient salt: not valid UTF-8");
    o = json_object();
    json_object_set_new(o, "type", json_string(type));
    json_object_set_new(o, "hashed", json_true());
    if (salt != NULL && *salt != '\0')
        json_object_set_new(o, "salt", json_string(salt));
    json_object_set_new(o, "identity", json_string(h));
    *out = o;
    return BL_OK;
}

bool bl_recipient_is_e164(const char *s)
{
    size_t n = 0;

    if (s == NULL || *s++ != '+' || *s < '1' || *s > '9')
        return false;
    for (; *s >= '0' && *s <= '9'; s++)
        n++;
    return *s == '\0' && n >= 8 && n <= 15;
}

/*
 * Digits only, after the separators people type: spaces, dots, dashes,
 * slashes and parentheses; "(0)" after a country code is the trunk prefix
 * some write out ("+33 (0)6 ...") and is dropped.  The one normaliser of
 * phone numbers: awards, claims, the backpack and pathways all use it.
 */
enum bl_err bl_recipient_phone_normalize(const char *phone, char out[BL_RECIPIENT_PHONE_LEN],
                                         struct bl_errinfo *ei)
{
    char d[BL_RECIPIENT_PHONE_LEN + 8];
    size_t n = 0;
    bool plus = false;
    const char *p = phone;

    if (phone == NULL)
        return bl_fail(ei, BL_EINVAL, "phone: missing");
    for (; *p; p++) {
        if (*p == '+' && n == 0 && !plus) {
            /* Only before the first digit, after separators too: "(+33) 6 ...". */
            plus = true;
        } else if (*p >= '0' && *p <= '9') {
            if (n + 1 >= sizeof d)
                return bl_fail(ei, BL_EINVAL, "phone: too many digits");
            d[n++] = *p;
        } else if (p[0] == '(' && p[1] == '0' && p[2] == ')' && n > 0) {
            p += 2;
        } else if (*p != ' ' && *p != '.' && *p != '-' && *p != '/' && *p != '(' && *p != ')' &&
                   *p != '\t') {
            return bl_fail(ei, BL_EINVAL, "phone \"%.40s\": only digits, spaces, dots and dashes",
                           phone);
        }
    }
    d[n] = '\0';
    if (!plus && n > 10 && d[0] == '0' && d[1] == '0') { /* 0033..., the international prefix */
        memmove(d, d + 2, n - 1);
        n -= 2;
        plus = true;
    }
    if (!plus) {
        /* A French national number: 0 and nine digits, the first of them 1 to 9. */
        if (n != 10 || d[0] != '0' || d[1] == '0')
            return bl_fail(ei, BL_EINVAL,
                           "phone \"%.40s\": ten digits starting with 0, or +country code", phone);
        if (snprintf(out, BL_RECIPIENT_PHONE_LEN, "+33%s", d + 1) >= BL_RECIPIENT_PHONE_LEN)
            return bl_fail(ei, BL_EINVAL, "phone: too long");
        return BL_OK;
    }
    /* +33 followed by the national number written with its 0 ("+33 06 ..."). */
    if (n == 12 && d[0] == '3' && d[1] == '3' && d[2] == '0') {
        memmove(d + 2, d + 3, n - 2);
        n--;
    }
    if (n == 11 && d[0] == '3' && d[1] == '3' && d[2] == '0')
        return bl_fail(ei, BL_EINVAL, "phone \"%.40s\": not a French number", phone);
    if (n < 8 || n > 15 || d[0] == '0' || (d[0] == '3' && d[1] == '3' && n != 11))
        return bl_fail(ei, BL_EINVAL, "phone \"%.40s\": not an international number", phone);
    if (snprintf(out, BL_RECIPIENT_PHONE_LEN, "+%s", d) >= BL_RECIPIENT_PHONE_LEN)
        return bl_fail(ei, BL_EINVAL, "phone: too long");
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
