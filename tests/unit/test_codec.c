/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_codec.c: base64, base64url, base16, base58btc, multibase and Multikey.
 * Known-answer vectors (RFC 4648 §10, the base58 draft, the multibase test
 * suite, the OB 3.0 spec test vector), every error path with its exact code
 * and message, buffer caps, and randomised round trips checked against a
 * naive reference base58 written here.
 */
#include <string.h>

#include "core/base58.h"
#include "core/base64.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/multibase.h"
#include "testutil.h"

/* The decoders under test, behind one signature. */
enum kind { STD, STD_OPT, STD_NOPAD, URL, HEX, HEX_LOWER, HEX_UPPER, B58, MB };

static enum bl_err decode(enum kind k, struct bl_buf *b, const char *z, size_t n,
                          struct bl_errinfo *ei)
{
    switch (k) {
    case STD:
        return bl_base64_decode(b, z, n, 0, ei);
    case STD_OPT:
        return bl_base64_decode(b, z, n, BL_BASE64_PAD_OPTIONAL, ei);
    case STD_NOPAD:
        return bl_base64_decode(b, z, n, BL_BASE64_NOPAD, ei);
    case URL:
        return bl_base64url_decode(b, z, n, ei);
    case HEX:
        return bl_base16_decode(b, z, n, 0, ei);
    case HEX_LOWER:
        return bl_base16_decode(b, z, n, BL_BASE16_LOWER, ei);
    case HEX_UPPER:
        return bl_base16_decode(b, z, n, BL_BASE16_UPPER, ei);
    case B58:
        return bl_base58_decode(b, z, n, ei);
    case MB:
        return bl_multibase_decode(b, z, n, NULL, ei);
    }
    return BL_EINVAL;
}

/* Decoding z[0..n) fails with code and exactly msg, and appends nothing. */
static void fails_n(enum kind k, const char *z, size_t n, enum bl_err code, const char *msg)
{
    struct bl_buf b;
    struct bl_errinfo ei;

    bl_buf_init(&b, 1 << 20);
    assert_int_equal(bl_buf_puts(&b, "ab"), BL_OK);
    bl_errinfo_clear(&ei);
    assert_int_equal(decode(k, &b, z, n, &ei), code);
    assert_int_equal(ei.code, code);
    assert_string_equal(ei.msg, msg);
    assert_int_equal(b.len, 2);
    assert_string_equal((char *)b.p, "ab");
    bl_buf_free(&b);
}

static void fails(enum kind k, const char *z, enum bl_err code, const char *msg)
{
    fails_n(k, z, strlen(z), code, msg);
}

/* Decoding z gives exactly the n bytes at want, appended after a prefix. */
static void decodes_n(enum kind k, const char *z, const void *want, size_t n)
{
    struct bl_buf b;
    struct bl_errinfo ei;

    bl_buf_init(&b, 1 << 20);
    assert_int_equal(bl_buf_puts(&b, "ab"), BL_OK);
    bl_errinfo_clear(&ei);
    if (decode(k, &b, z, strlen(z), &ei) != BL_OK)
        fail_msg("decoding \"%s\": %s", z, ei.msg);
    assert_int_equal(b.len, n + 2);
    assert_memory_equal(b.p, "ab", 2);
    if (n)
        assert_memory_equal(b.p + 2, want, n);
    assert_int_equal(b.p[b.len], 0);
    bl_buf_free(&b);
}

static void decodes(enum kind k, const char *z, const char *want)
{
    decodes_n(k, z, want, strlen(want));
}

/* Encoders, behind one signature. */
enum ekind { E_STD, E_STD_NOPAD, E_URL, E_HEX, E_HEX_UPPER, E_B58 };

static enum bl_err encode(enum ekind k, struct bl_buf *b, const void *p, size_t n,
                          struct bl_errinfo *ei)
{
    switch (k) {
    case E_STD:
        return bl_base64_encode(b, p, n, 0, ei);
    case E_STD_NOPAD:
        return bl_base64_encode(b, p, n, BL_BASE64_NOPAD, ei);
    case E_URL:
        return bl_base64url_encode(b, p, n, ei);
    case E_HEX:
        return bl_base16_encode(b, p, n, 0, ei);
    case E_HEX_UPPER:
        return bl_base16_encode(b, p, n, BL_BASE16_UPPER, ei);
    case E_B58:
        return bl_base58_encode(b, p, n, ei);
    }
    return BL_EINVAL;
}

static void encodes_n(enum ekind k, const void *p, size_t n, const char *want)
{
    struct bl_buf b;

    bl_buf_init(&b, 1 << 20);
    assert_int_equal(bl_buf_puts(&b, "ab"), BL_OK);
    assert_int_equal(encode(k, &b, p, n, NULL), BL_OK);
    assert_int_equal(b.len, strlen(want) + 2);
    assert_string_equal((char *)b.p + 2, want);
    bl_buf_free(&b);
}

static void encodes(enum ekind k, const char *p, const char *want)
{
    encodes_n(k, p, strlen(p), want);
}

/* A small deterministic generator for the randomised round trips. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static unsigned rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state >> 32);
}

/* RFC 4648 §10, base64 and base16. */
static const char *const rfc_plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
static const char *const rfc_b64[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                      "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
static const char *const rfc_b16[] = {"",         "66",         "666F",        "666F6F",
                                      "666F6F62", "666F6F6261", "666F6F626172"};

static void test_base64_rfc4648(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(rfc_plain) / sizeof(rfc_plain[0]); i++) {
        encodes(E_STD, rfc_plain[i], rfc_b64[i]);
        decodes(STD, rfc_b64[i], rfc_plain[i]);
        decodes(STD_OPT, rfc_b64[i], rfc_plain[i]);
    }
}

static void test_base64_unpadded(void **state)
{
    (void)state;
    encodes(E_STD_NOPAD, "f", "Zg");
    encodes(E_STD_NOPAD, "fo", "Zm8");
    encodes(E_STD_NOPAD, "foo", "Zm9v");
    encodes(E_URL, "f", "Zg");
    encodes(E_URL, "fooba", "Zm9vYmE");
    decodes(STD_OPT, "Zg", "f");
    decodes(STD_OPT, "Zm8", "fo");
    decodes(STD_NOPAD, "Zm9vYmE", "fooba");
    decodes(URL, "Zm9vYmFy", "foobar");
    decodes(URL, "", "");
}

static void test_base64_alphabets(void **state)
{
    static const unsigned char hi[] = {0xfb, 0xff, 0xbf};
    unsigned char all[256];
    struct bl_buf b;
    size_t i;

    (void)state;
    encodes_n(E_STD, hi, 2, "+/8=");
    encodes_n(E_URL, hi, 2, "-_8");
    encodes_n(E_STD, hi, 3, "+/+/");
    encodes_n(E_URL, hi, 3, "-_-_");
    decodes_n(STD, "+/8=", hi, 2);
    decodes_n(URL, "-_8", hi, 2);
    decodes_n(URL, "-_-_", hi, 3);
    /* Every byte value through both alphabets. */
    for (i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    bl_buf_init(&b, 1 << 20);
    assert_int_equal(bl_base64_encode(&b, all, 256, 0, NULL), BL_OK);
    assert_int_equal(b.len, 344);
    assert_string_equal((char *)b.p + 340, "/w==");
    decodes_n(STD, (char *)b.p, all, 256);
    bl_buf_reset(&b);
    assert_int_equal(bl_base64url_encode(&b, all, 256, NULL), BL_OK);
    assert_int_equal(b.len, 342);
    assert_string_equal((char *)b.p + 340, "_w");
    decodes_n(URL, (char *)b.p, all, 256);
    bl_buf_free(&b);
}

static void test_base64_bad_chars(void **state)
{
    (void)state;
    fails(STD, "Zm9v*mFy", BL_EINVAL, "base64: invalid character '*' at offset 4");
    fails(STD, "Zm9vYm\nF", BL_EINVAL, "base64: invalid character 0x0a at offset 6");
    fails(STD, "Zm9v YmF", BL_EINVAL, "base64: invalid character 0x20 at offset 4");
    fails_n(STD, "Zm\0v", 4, BL_EINVAL, "base64: invalid character 0x00 at offset 2");
    fails(STD, "Zm9\xc3", BL_EINVAL, "base64: invalid character 0xc3 at offset 3");
    fails(STD, "Zm9v-_8=", BL_EINVAL, "base64: '-' at offset 4 belongs to the other alphabet");
    fails(URL, "+/8", BL_EINVAL, "base64url: '+' at offset 0 belongs to the other alphabet");
    fails(URL, "ab/8", BL_EINVAL, "base64url: '/' at offset 2 belongs to the other alphabet");
    /* In the final partial group too. */
    fails(URL, "Zm9vY*", BL_EINVAL, "base64url: invalid character '*' at offset 5");
    fails(STD_OPT, "Zm9vY.", BL_EINVAL, "base64: invalid character '.' at offset 5");
}

static void test_base64_bad_length(void **state)
{
    (void)state;
    fails(STD, "Zm9", BL_EINVAL, "base64: length 3 is not a multiple of 4");
    fails(STD, "Zg", BL_EINVAL, "base64: length 2 is not a multiple of 4");
    fails(STD, "Zg=", BL_EINVAL, "base64: length 3 is not a multiple of 4");
    fails(STD_OPT, "Zm9vY", BL_EINVAL, "base64: bad length 5 (a final group of one character)");
    fails(URL, "Z", BL_EINVAL, "base64url: bad length 1 (a final group of one character)");
    fails(STD, "Zm9vY===", BL_EINVAL, "base64: padding in the wrong place at offset 5");
}

static void test_base64_bad_padding(void **state)
{
    (void)state;
    fails(STD, "Zg=a", BL_EINVAL, "base64: padding in the wrong place at offset 2");
    fails(STD, "Zg==Zg==", BL_EINVAL, "base64: padding in the wrong place at offset 2");
    fails(STD, "====", BL_EINVAL, "base64: padding in the wrong place at offset 0");
    fails(STD, "Z===", BL_EINVAL, "base64: padding in the wrong place at offset 1");
    fails(STD_OPT, "Zg=", BL_EINVAL, "base64: 1 '=' do not pad 2 characters to a multiple of 4");
    fails(STD_OPT, "Zm9v=", BL_EINVAL, "base64: 1 '=' do not pad 4 characters to a multiple of 4");
    fails(STD_NOPAD, "Zg==", BL_EINVAL, "base64: padding '=' not allowed (offset 2)");
    fails(URL, "Zg==", BL_EINVAL, "base64url: padding '=' not allowed (offset 2)");
    fails(URL, "Zm8=", BL_EINVAL, "base64url: padding '=' not allowed (offset 3)");
    fails(URL, "Zg=a", BL_EINVAL, "base64url: padding in the wrong place at offset 2");
}

static void test_base64_trailing_bits(void **state)
{
    (void)state;
    /* 'h' = 0b100001: its low four bits would be a fractional byte. */
    fails(STD, "Zh==", BL_EINVAL, "base64: non-zero trailing bits at offset 1");
    fails(STD, "Zm9=", BL_EINVAL, "base64: non-zero trailing bits at offset 2");
    fails(URL, "Zh", BL_EINVAL, "base64url: non-zero trailing bits at offset 1");
    fails(URL, "Zm9vZm9", BL_EINVAL, "base64url: non-zero trailing bits at offset 6");
    fails(STD_OPT, "Zm9vZh", BL_EINVAL, "base64: non-zero trailing bits at offset 5");
    decodes(URL, "Zm8", "fo");
}

static void test_base64_cap(void **state)
{
    struct bl_buf b;
    struct bl_errinfo ei;

    (void)state;
    bl_buf_init(&b, 5);
    bl_errinfo_clear(&ei);
    assert_int_equal(bl_base64_decode(&b, "Zm9vYmFy", 8, 0, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "decoded base64 of 6 bytes is over the limit of 5 bytes");
    assert_int_equal(b.len, 0);
    /* Exactly at the cap: the padding must not count against it. */
    assert_int_equal(bl_base64_decode(&b, "Zm9vYmE=", 8, 0, &ei), BL_OK);
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.p, "fooba", 5);
    bl_buf_free(&b);

    bl_buf_init(&b, 7);
    assert_int_equal(bl_base64_encode(&b, "fooba", 5, 0, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "base64 of 5 bytes is over the limit of 7 bytes");
    assert_int_equal(b.len, 0);
    assert_int_equal(bl_base64url_encode(&b, "fooba", 5, &ei), BL_OK);
    assert_string_equal((char *)b.p, "Zm9vYmE");
    assert_int_equal(bl_base64url_encode(&b, "f", 1, &ei), BL_ETOOBIG);
    assert_string_equal((char *)b.p, "Zm9vYmE");
    assert_int_equal(bl_base64url_decode(&b, "Zg", 2, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "decoded base64url of 1 bytes is over the limit of 7 bytes");
    assert_int_equal(b.len, 7);
    assert_string_equal((char *)b.p, "Zm9vYmE");
    bl_buf_free(&b);
}

static void test_base64_lengths(void **state)
{
    (void)state;
    assert_int_equal(bl_base64_encoded_len(0, 1), 0);
    assert_int_equal(bl_base64_encoded_len(1, 1), 4);
    assert_int_equal(bl_base64_encoded_len(1, 0), 2);
    assert_int_equal(bl_base64_encoded_len(2, 0), 3);
    assert_int_equal(bl_base64_encoded_len(3, 0), 4);
    assert_int_equal(bl_base64_encoded_len(64, 1), 88);
    assert_int_equal(bl_base64_encoded_len(64, 0), 86);
    assert_true(bl_base64_encoded_len(SIZE_MAX, 1) == SIZE_MAX);
    assert_true(bl_base64_encoded_len(SIZE_MAX / 4 * 3, 0) == SIZE_MAX);
    assert_int_equal(bl_base64_decoded_max(0), 0);
    assert_int_equal(bl_base64_decoded_max(2), 1);
    assert_int_equal(bl_base64_decoded_max(3), 2);
    assert_int_equal(bl_base64_decoded_max(4), 3);
    assert_int_equal(bl_base64_decoded_max(86), 64);
    assert_int_equal(bl_base64_decoded_max(88), 66);
}

static void test_base16(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(rfc_plain) / sizeof(rfc_plain[0]); i++) {
        encodes(E_HEX_UPPER, rfc_plain[i], rfc_b16[i]);
        decodes(HEX, rfc_b16[i], rfc_plain[i]);
        decodes(HEX_UPPER, rfc_b16[i], rfc_plain[i]);
    }
    encodes(E_HEX, "foobar", "666f6f626172");
    encodes_n(E_HEX, "\x00\xff\x10", 3, "00ff10");
    decodes(HEX, "666f6F", "foo");
    decodes(HEX_LOWER, "666f6f", "foo");
    fails(HEX, "666", BL_EINVAL, "base16: odd length 3");
    fails(HEX, "66g6", BL_EINVAL, "base16: invalid character 'g' at offset 2");
    fails(HEX, "6 66", BL_EINVAL, "base16: invalid character 0x20 at offset 1");
    fails(HEX_LOWER, "666F", BL_EINVAL, "base16: upper-case digit 'F' at offset 3");
    fails(HEX_UPPER, "6f66", BL_EINVAL, "base16: lower-case digit 'f' at offset 1");
    fails(HEX_LOWER, "6x6F", BL_EINVAL, "base16: invalid character 'x' at offset 1");
}

static void test_base16_cap(void **state)
{
    struct bl_buf b;
    struct bl_errinfo ei;

    (void)state;
    bl_buf_init(&b, 3);
    assert_int_equal(bl_base16_encode(&b, "ab", 2, 0, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "base16 of 2 bytes is over the limit of 3 bytes");
    assert_int_equal(bl_base16_decode(&b, "61626364", 8, 0, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "decoded base16 of 4 bytes is over the limit of 3 bytes");
    assert_int_equal(b.len, 0);
    assert_int_equal(bl_base16_decode(&b, "616263", 6, 0, &ei), BL_OK);
    assert_string_equal((char *)b.p, "abc");
    bl_buf_free(&b);
}

/* Every length 0..200 of random bytes round-trips through every codec. */
static void test_roundtrip_random(void **state)
{
    unsigned char in[200];
    struct bl_buf e, d;
    enum ekind ek[] = {E_STD, E_STD_NOPAD, E_URL, E_HEX, E_HEX_UPPER, E_B58};
    enum kind dk[] = {STD, STD_NOPAD, URL, HEX, HEX_UPPER, B58};
    size_t n, i, j;

    (void)state;
    bl_buf_init(&e, 1 << 20);
    bl_buf_init(&d, 1 << 20);
    for (n = 0; n <= sizeof(in); n++) {
        for (i = 0; i < n; i++)
            in[i] = (unsigned char)rnd();
        /* Leading zeros matter to base58. */
        for (i = 0; i < n && i < n % 5; i++)
            in[i] = 0;
        for (j = 0; j < sizeof(ek) / sizeof(ek[0]); j++) {
            bl_buf_reset(&e);
            bl_buf_reset(&d);
            assert_int_equal(encode(ek[j], &e, in, n, NULL), BL_OK);
            assert_int_equal(decode(dk[j], &d, (char *)e.p, e.len, NULL), BL_OK);
            assert_int_equal(d.len, n);
            if (n)
                assert_memory_equal(d.p, in, n);
        }
    }
    bl_buf_free(&e);
    bl_buf_free(&d);
}

/* base58btc vectors of the draft-msporny-base58 and of the task brief. */
static void test_base58_vectors(void **state)
{
    static const unsigned char zeros[] = {0, 0, 0x28, 0x7f, 0xb4, 0xcd};

    (void)state;
    encodes(E_B58, "", "");
    decodes(B58, "", "");
    encodes_n(E_B58, "\0", 1, "1");
    decodes_n(B58, "1", "\0", 1);
    encodes_n(E_B58, "\0\0\0", 3, "111");
    decodes_n(B58, "111", "\0\0\0", 3);
    encodes(E_B58, "Hello World!", "2NEpo7TZRRrLZSi2U");
    decodes(B58, "2NEpo7TZRRrLZSi2U", "Hello World!");
    encodes_n(E_B58, zeros, sizeof(zeros), "11233QC4");
    decodes_n(B58, "11233QC4", zeros, sizeof(zeros));
    encodes(E_B58, "The quick brown fox jumps over the lazy dog",
            "7DdiPPYtxLjCD3wA1po2rvZHTDYjkZYiEtazrfiwJcwnKCizhGFhBGHeRdx");
    decodes(B58, "7DdiPPYtxLjCD3wA1po2rvZHTDYjkZYiEtazrfiwJcwnKCizhGFhBGHeRdx",
            "The quick brown fox jumps over the lazy dog");
    encodes_n(E_B58, "\x39", 1, "z");
    encodes_n(E_B58, "\x3a", 1, "21");
    decodes_n(B58, "z", "\x39", 1);
    decodes_n(B58, "21", "\x3a", 1);
}

/* Reference base58: one digit at a time over a byte array, no limbs. */
static size_t ref_b58(const unsigned char *in, size_t n, char *out)
{
    static const char a[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    unsigned char num[300];
    char rev[500];
    size_t zeros = 0, len = 0, i, start;

    memcpy(num, in, n);
    while (zeros < n && in[zeros] == 0)
        zeros++;
    for (start = zeros; start < n;) {
        unsigned rem = 0;

        for (i = start; i < n; i++) {
            unsigned v = rem * 256 + num[i];

            num[i] = (unsigned char)(v / 58);
            rem = v % 58;
        }
        rev[len++] = a[rem];
        while (start < n && num[start] == 0)
            start++;
    }
    for (i = 0; i < zeros; i++)
        out[i] = '1';
    for (i = 0; i < len; i++)
        out[zeros + i] = rev[len - 1 - i];
    out[zeros + len] = '\0';
    return zeros + len;
}

static void test_base58_reference(void **state)
{
    unsigned char in[300];
    char want[500];
    size_t n, i, round;

    (void)state;
    for (round = 0; round < 400; round++) {
        n = rnd() % sizeof(in);
        for (i = 0; i < n; i++)
            in[i] = (unsigned char)(round % 3 == 0 ? 0xff : rnd());
        for (i = 0; i < n && i < round % 4; i++)
            in[i] = 0;
        ref_b58(in, n, want);
        encodes_n(E_B58, in, n, want);
        decodes_n(B58, want, in, n);
    }
}

static void test_base58_errors(void **state)
{
    (void)state;
    fails(B58, "2NEpo0TZ", BL_EINVAL, "base58: invalid character '0' at offset 5");
    fails(B58, "O", BL_EINVAL, "base58: invalid character 'O' at offset 0");
    fails(B58, "1I", BL_EINVAL, "base58: invalid character 'I' at offset 1");
    fails(B58, "abcl", BL_EINVAL, "base58: invalid character 'l' at offset 3");
    fails(B58, "abc+", BL_EINVAL, "base58: invalid character '+' at offset 3");
    fails(B58, "ab c", BL_EINVAL, "base58: invalid character 0x20 at offset 2");
    fails(B58, "ab\xc3\xa9", BL_EINVAL, "base58: invalid character 0xc3 at offset 2");
    fails_n(B58, "a\0", 2, BL_EINVAL, "base58: invalid character 0x00 at offset 1");
}

static void test_base58_limits(void **state)
{
    char text[BL_BASE58_MAX_CHARS + 2];
    unsigned char bytes[BL_BASE58_MAX_CHARS + 2];
    struct bl_buf b;
    struct bl_errinfo ei;

    (void)state;
    bl_buf_init(&b, 1 << 20);
    /* At the limit: 1024 '1's are 1024 zero bytes, and back. */
    memset(text, '1', sizeof(text));
    assert_int_equal(bl_base58_decode(&b, text, BL_BASE58_MAX_CHARS, &ei), BL_OK);
    assert_int_equal(b.len, BL_BASE58_MAX_CHARS);
    memset(bytes, 0, sizeof(bytes));
    assert_memory_equal(b.p, bytes, BL_BASE58_MAX_CHARS);
    bl_buf_reset(&b);
    assert_int_equal(bl_base58_encode(&b, bytes, BL_BASE58_MAX_CHARS, &ei), BL_OK);
    assert_int_equal(b.len, BL_BASE58_MAX_CHARS);
    /* One past it, both ways. */
    bl_buf_reset(&b);
    assert_int_equal(bl_base58_decode(&b, text, BL_BASE58_MAX_CHARS + 1, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "base58 text of 1025 characters is over the limit of 1024");
    assert_int_equal(bl_base58_encode(&b, bytes, BL_BASE58_MAX_CHARS + 1, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "base58 of 1025 bytes is over the limit of 1024 characters");
    /* 750 bytes of 0xff need 1025 digits (found by the exact count)... */
    memset(bytes, 0xff, sizeof(bytes));
    assert_int_equal(bl_base58_encode(&b, bytes, 750, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "base58 of 750 bytes is over the limit of 1024 characters");
    /* ...751 are refused before any work, 749 fit in 1023. */
    assert_int_equal(bl_base58_encode(&b, bytes, 751, &ei), BL_ETOOBIG);
    assert_int_equal(b.len, 0);
    assert_int_equal(bl_base58_encode(&b, bytes, 749, &ei), BL_OK);
    assert_int_equal(b.len, 1023);
    memcpy(text, b.p, b.len);
    bl_buf_reset(&b);
    assert_int_equal(bl_base58_decode(&b, text, 1023, &ei), BL_OK);
    assert_int_equal(b.len, 749);
    assert_memory_equal(b.p, bytes, 749);
    bl_buf_free(&b);

    /* The buffer's cap. */
    bl_buf_init(&b, 11);
    assert_int_equal(bl_base58_decode(&b, "2NEpo7TZRRrLZSi2U", 17, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "decoded base58 of 12 bytes is over the limit of 11 bytes");
    assert_int_equal(bl_base58_encode(&b, "Hello World!", 12, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "base58 text of 17 characters is over the limit of 11");
    assert_int_equal(b.len, 0);
    assert_int_equal(bl_base58_encode(&b, "Hello", 5, &ei), BL_OK);
    assert_string_equal((char *)b.p, "9Ajdvzr");
    bl_buf_free(&b);
}

/* The multibase test suite's "yes mani !" in every supported base. */
static void test_multibase_vectors(void **state)
{
    static const char *const enc[] = {"f796573206d616e692021", "F796573206D616E692021",
                                      "z7paNL19xttacUY", "meWVzIG1hbmkgIQ", "ueWVzIG1hbmkgIQ"};
    struct bl_buf b;
    size_t i;
    char base = 0;

    (void)state;
    bl_buf_init(&b, 1 << 10);
    for (i = 0; i < sizeof(enc) / sizeof(enc[0]); i++) {
        bl_buf_reset(&b);
        assert_int_equal(bl_multibase_encode(&b, enc[i][0], "yes mani !", 10, NULL), BL_OK);
        assert_string_equal((char *)b.p, enc[i]);
        bl_buf_reset(&b);
        assert_int_equal(bl_multibase_decode(&b, enc[i], strlen(enc[i]), &base, NULL), BL_OK);
        assert_int_equal(base, enc[i][0]);
        assert_int_equal(b.len, 10);
        assert_memory_equal(b.p, "yes mani !", 10);
    }
    bl_buf_free(&b);
}

static void test_multibase_errors(void **state)
{
    struct bl_buf b;
    struct bl_errinfo ei;

    (void)state;
    fails(MB, "", BL_EINVAL, "empty multibase string");
    fails(MB, "Qabc", BL_EUNSUPPORTED, "multibase prefix 'Q' is not supported");
    fails(MB, "MZg==", BL_EUNSUPPORTED, "multibase prefix 'M' is not supported");
    fails(MB,
          "\x01"
          "abc",
          BL_EUNSUPPORTED, "multibase prefix 0x01 is not supported");
    fails(MB, "z0", BL_EINVAL, "multibase 'z' body: base58: invalid character '0' at offset 0");
    fails(MB, "mZg==", BL_EINVAL, "multibase 'm' body: base64: padding '=' not allowed (offset 2)");
    fails(MB, "u+w", BL_EINVAL,
          "multibase 'u' body: base64url: '+' at offset 0 belongs to the other alphabet");
    fails(MB, "f6F6", BL_EINVAL, "multibase 'f' body: base16: odd length 3");
    fails(MB, "f6F6f", BL_EINVAL, "multibase 'f' body: base16: upper-case digit 'F' at offset 1");
    fails(MB, "F6f", BL_EINVAL, "multibase 'F' body: base16: lower-case digit 'f' at offset 1");
    fails(MB, "uZh", BL_EINVAL,
          "multibase 'u' body: base64url: non-zero trailing bits at offset 1");

    bl_buf_init(&b, 4);
    bl_errinfo_clear(&ei);
    assert_int_equal(bl_multibase_encode(&b, 'b', "x", 1, &ei), BL_EUNSUPPORTED);
    assert_string_equal(ei.msg, "multibase prefix 0x62 is not supported");
    assert_int_equal(bl_multibase_encode(&b, 'u', "abcd", 4, &ei), BL_ETOOBIG);
    assert_int_equal(b.len, 0);
    assert_int_equal(bl_multibase_encode(&b, 'u', "ab", 2, &ei), BL_OK);
    assert_string_equal((char *)b.p, "uYWI");
    assert_int_equal(bl_multibase_encode(&b, 'z', "", 0, &ei), BL_ETOOBIG);
    assert_string_equal((char *)b.p, "uYWI");
    bl_buf_free(&b);
}

/* hex -> bytes with the code under test (it passed its own vectors above). */
static size_t unhex(const char *hex, unsigned char *out, size_t cap)
{
    struct bl_buf b;
    size_t n;

    bl_buf_init(&b, cap);
    assert_int_equal(bl_base16_decode(&b, hex, strlen(hex), BL_BASE16_LOWER, NULL), BL_OK);
    n = b.len;
    memcpy(out, b.p, n);
    bl_buf_free(&b);
    return n;
}

/* OB 3.0 Implementation Guide, "Linked Data Proof Test Vector". */
static void test_multikey_ob30_vector(void **state)
{
    size_t n;
    unsigned char *text = tu_fixture("ob30-spec-test-vector/keypair.json", &n);
    json_t *kp = NULL;
    const char *pub, *sec, *pubhex, *seedhex, *sighex, *proof;
    unsigned char want[64];
    struct bl_multikey k;
    struct bl_buf b;
    struct bl_errinfo ei;

    (void)state;
    assert_int_equal(bl_json_parse((char *)text, n, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &kp, &ei),
                     BL_OK);
    pub = bl_json_str(kp, "publicKeyMultibase");
    sec = bl_json_str(kp, "secretKeyMultibase");
    pubhex = bl_json_str(kp, "publicKeyHex");
    seedhex = bl_json_str(kp, "privateKeyHex_seed_plus_public");
    sighex = bl_json_str(kp, "signatureHex");
    proof = bl_json_str(kp, "proofValue");
    assert_non_null(pub);
    assert_non_null(sec);
    assert_non_null(pubhex);
    assert_non_null(seedhex);
    assert_non_null(sighex);
    assert_non_null(proof);
    assert_string_equal(pub, "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi");

    /* Public key: 32 bytes, equal to publicKeyHex, and back to the same text. */
    assert_int_equal(bl_multikey_decode(pub, strlen(pub), &k, &ei), BL_OK);
    assert_int_equal(k.type, BL_MULTIKEY_ED25519_PUB);
    assert_int_equal(k.len, 32);
    assert_int_equal(unhex(pubhex, want, sizeof(want)), 32);
    assert_memory_equal(k.key, want, 32);
    bl_buf_init(&b, 1024);
    assert_int_equal(bl_multikey_encode(&b, k.type, k.key, k.len, &ei), BL_OK);
    assert_string_equal((char *)b.p, pub);

    /* Secret key: ed25519-priv with seed + public key, 64 bytes. */
    assert_int_equal(bl_multikey_decode(sec, strlen(sec), &k, &ei), BL_OK);
    assert_int_equal(k.type, BL_MULTIKEY_ED25519_PRIV);
    assert_int_equal(k.len, 64);
    assert_int_equal(unhex(seedhex, want, sizeof(want)), 64);
    assert_memory_equal(k.key, want, 64);
    bl_buf_reset(&b);
    assert_int_equal(bl_multikey_encode(&b, k.type, k.key, k.len, &ei), BL_OK);
    assert_string_equal((char *)b.p, sec);
    bl_wipe(&k, sizeof(k));

    /* proofValue is multibase base58btc of the 64-byte signature. */
    bl_buf_reset(&b);
    assert_int_equal(unhex(sighex, want, sizeof(want)), 64);
    assert_int_equal(bl_multibase_encode(&b, 'z', want, 64, &ei), BL_OK);
    assert_string_equal((char *)b.p, proof);
    bl_buf_reset(&b);
    assert_int_equal(bl_multibase_decode(&b, proof, strlen(proof), NULL, &ei), BL_OK);
    assert_int_equal(b.len, 64);
    assert_memory_equal(b.p, want, 64);

    bl_buf_free(&b);
    json_decref(kp);
    bl_free(text);
}

static void mk_fails(const char *z, enum bl_err code, const char *msg)
{
    struct bl_multikey k;
    struct bl_errinfo ei;

    memset(&k, 0x5a, sizeof(k));
    bl_errinfo_clear(&ei);
    assert_int_equal(bl_multikey_decode(z, strlen(z), &k, &ei), code);
    assert_string_equal(ei.msg, msg);
    assert_int_equal(k.len, 0);
    assert_int_equal(k.type, 0);
}

static void test_multikey(void **state)
{
    unsigned char pt[33];
    struct bl_multikey k;
    struct bl_buf b;
    struct bl_errinfo ei;
    size_t i;

    (void)state;
    pt[0] = 0x02;
    for (i = 1; i < 33; i++)
        pt[i] = (unsigned char)i;
    bl_buf_init(&b, 1024);
    assert_int_equal(bl_multikey_encode(&b, BL_MULTIKEY_P256_PUB, pt, 33, &ei), BL_OK);
    assert_string_equal((char *)b.p, "zDnaeQVuEURtDUXbSTyTUdJpYzELcVW3bTUyvU2rzNRQWuQEb");
    assert_int_equal(bl_multikey_decode((char *)b.p, b.len, &k, &ei), BL_OK);
    assert_int_equal(k.type, BL_MULTIKEY_P256_PUB);
    assert_int_equal(k.len, 33);
    assert_memory_equal(k.key, pt, 33);

    /* A bare 32-byte Ed25519 seed. */
    bl_buf_reset(&b);
    for (i = 0; i < 32; i++)
        pt[i] = (unsigned char)i;
    assert_int_equal(bl_multikey_encode(&b, BL_MULTIKEY_ED25519_PRIV, pt, 32, &ei), BL_OK);
    assert_string_equal((char *)b.p, "z3u2RDpgFe6Voz19gxWsBkueKj6XiuC9w1bSBT4FTowsWk6A");
    assert_int_equal(bl_multikey_decode((char *)b.p, b.len, &k, &ei), BL_OK);
    assert_int_equal(k.type, BL_MULTIKEY_ED25519_PRIV);
    assert_int_equal(k.len, 32);

    /* Encoding refuses keys of the wrong shape, and leaves out alone. */
    bl_buf_reset(&b);
    assert_int_equal(bl_multikey_encode(&b, BL_MULTIKEY_ED25519_PUB, pt, 31, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "Ed25519 public key must be 32 bytes, not 31");
    assert_int_equal(bl_multikey_encode(&b, BL_MULTIKEY_ED25519_PRIV, pt, 33, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "Ed25519 private key must be 32 or 64 bytes, not 33");
    assert_int_equal(bl_multikey_encode(&b, BL_MULTIKEY_P256_PUB, pt, 32, &ei), BL_EINVAL);
    assert_string_equal(ei.msg,
                        "P-256 public key must be a 33-byte compressed point, not 32 bytes");
    pt[0] = 0x04;
    assert_int_equal(bl_multikey_encode(&b, BL_MULTIKEY_P256_PUB, pt, 33, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "P-256 public key: compressed point starts with 0x04");
    assert_int_equal(bl_multikey_encode(&b, (enum bl_multikey_type)99, pt, 32, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "unknown Multikey type 99");
    assert_int_equal(b.len, 0);
    bl_buf_free(&b);

    assert_string_equal(bl_multikey_type_name(BL_MULTIKEY_ED25519_PUB), "Ed25519 public key");
    assert_string_equal(bl_multikey_type_name(BL_MULTIKEY_P256_PUB), "P-256 public key");
    assert_string_equal(bl_multikey_type_name(BL_MULTIKEY_ED25519_PRIV), "Ed25519 private key");
    assert_string_equal(bl_multikey_type_name((enum bl_multikey_type)0), "unknown");
}

static void test_multikey_errors(void **state)
{
    (void)state;
    mk_fails("", BL_EINVAL, "a Multikey must be base58btc (prefix 'z')");
    mk_fails("u7QE", BL_EINVAL, "a Multikey must be base58btc (prefix 'z')");
    mk_fails("z", BL_EINVAL, "multicodec varint is truncated");
    mk_fails("z56", BL_EINVAL, "multicodec varint is truncated");
    mk_fails("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hw0", BL_EINVAL,
             "multibase 'z' body: base58: invalid character '0' at offset 46");
    /* secp256k1-pub (0xe7): a real key type, not one Blason handles. */
    mk_fails("zQ3shMUiwgYY24hGs5upF8sbE9WHp6T7RyfWKT7KM6wVik73D", BL_EUNSUPPORTED,
             "multicodec 0xe7 is not a supported key type");
    /* ed 81 00: 0xed written in three bytes. */
    mk_fails("zQhVUSQB8r3ACLXMQ8ZQ5LScK2FJMWTHMWfePRsSFou3J3afZ", BL_EINVAL,
             "multicodec varint is not minimal");
    /* 31-byte Ed25519 key. */
    mk_fails("z2DQUyFHStG42FqbEhyM6LhkEqqV45NGGqKCwNxVWWu7Yzj", BL_EINVAL,
             "Ed25519 public key must be 32 bytes, not 31");
    /* Ten continuation bytes. */
    mk_fails("z8DjJushjDiKKjM", BL_EINVAL, "multicodec varint longer than 9 bytes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64_rfc4648),       cmocka_unit_test(test_base64_unpadded),
        cmocka_unit_test(test_base64_alphabets),     cmocka_unit_test(test_base64_bad_chars),
        cmocka_unit_test(test_base64_bad_length),    cmocka_unit_test(test_base64_bad_padding),
        cmocka_unit_test(test_base64_trailing_bits), cmocka_unit_test(test_base64_cap),
        cmocka_unit_test(test_base64_lengths),       cmocka_unit_test(test_base16),
        cmocka_unit_test(test_base16_cap),           cmocka_unit_test(test_roundtrip_random),
        cmocka_unit_test(test_base58_vectors),       cmocka_unit_test(test_base58_reference),
        cmocka_unit_test(test_base58_errors),        cmocka_unit_test(test_base58_limits),
        cmocka_unit_test(test_multibase_vectors),    cmocka_unit_test(test_multibase_errors),
        cmocka_unit_test(test_multikey_ob30_vector), cmocka_unit_test(test_multikey),
        cmocka_unit_test(test_multikey_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
