/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_png.c: PNG baking and extraction.  The images are the conformance
 * fixtures (read from $FIXTURES) and PNGs built here chunk by chunk with
 * zlib's CRC, so the expected bytes never come from the code under test.
 */
#include <string.h>
#include <zlib.h>

#include <jansson.h>

#include "core/limits.h"
#include "core/mem.h"
#include "core/base64.h"
#include "core/png.h"
#include "core/pngsvg.h"
#include "testutil.h"

/* ---- building PNGs by hand ---- */

static void put32(struct bl_buf *b, uint32_t v)
{
    assert_int_equal(bl_buf_be32(b, v), BL_OK);
}

static void chunk(struct bl_buf *b, const char *type, const void *data, size_t n)
{
    uLong crc = crc32(crc32(0, (const Bytef *)type, 4), data, (uInt)n);

    put32(b, (uint32_t)n);
    assert_int_equal(bl_buf_append(b, type, 4), BL_OK);
    assert_int_equal(bl_buf_append(b, data, n), BL_OK);
    put32(b, (uint32_t)crc);
}

static void sig(struct bl_buf *b)
{
    static const unsigned char s[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

    bl_buf_init(b, 64u * 1024 * 1024);
    assert_int_equal(bl_buf_append(b, s, 8), BL_OK);
}

/* A 1x1 grey PNG: signature, IHDR, IDAT, (caller's chunks), IEND. */
static void ihdr_idat(struct bl_buf *b)
{
    static const unsigned char ihdr[13] = {0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0};
    static const unsigned char raw[2] = {0, 0x80};
    unsigned char z[64];
    uLongf zlen = sizeof(z);

    sig(b);
    chunk(b, "IHDR", ihdr, sizeof(ihdr));
    assert_int_equal(compress(z, &zlen, raw, sizeof(raw)), Z_OK);
    chunk(b, "IDAT", z, zlen);
}

static void iend(struct bl_buf *b)
{
    chunk(b, "IEND", "", 0);
}

static void plain_png(struct bl_buf *b)
{
    ihdr_idat(b);
    iend(b);
}

/* iTXt data: keyword NUL flag method lang NUL translated NUL text. */
static void itxt(struct bl_buf *b, const char *kw, int compress_it, const char *text)
{
    struct bl_buf d;

    bl_buf_init(&d, 1u << 24);
    assert_int_equal(bl_buf_append(&d, kw, strlen(kw) + 1), BL_OK);
    assert_int_equal(bl_buf_putc(&d, (unsigned char)compress_it), BL_OK);
    assert_int_equal(bl_buf_append(&d, "\0en\0Badge\0", 10), BL_OK);
    if (compress_it) {
        uLongf zlen = compressBound(strlen(text));
        unsigned char *z = bl_malloc(zlen);

        assert_int_equal(compress(z, &zlen, (const Bytef *)text, strlen(text)), Z_OK);
        assert_int_equal(bl_buf_append(&d, z, zlen), BL_OK);
        bl_free(z);
    } else {
        assert_int_equal(bl_buf_puts(&d, text), BL_OK);
    }
    chunk(b, "iTXt", d.p, d.len);
    bl_buf_free(&d);
}

static void text_chunk(struct bl_buf *b, const char *type, const char *kw, const void *text,
                       size_t n)
{
    struct bl_buf d;

    bl_buf_init(&d, 1u << 24);
    assert_int_equal(bl_buf_append(&d, kw, strlen(kw) + 1), BL_OK);
    assert_int_equal(bl_buf_append(&d, text, n), BL_OK);
    chunk(b, type, d.p, d.len);
    bl_buf_free(&d);
}

/* Count the chunks of a (trusted) PNG, and those of a type. */
static size_t count_chunks(const struct bl_buf *b, const char *type)
{
    size_t pos = 8, n = 0;

    while (pos + 12 <= b->len) {
        uint32_t len = (uint32_t)b->p[pos] << 24 | (uint32_t)b->p[pos + 1] << 16 |
                       (uint32_t)b->p[pos + 2] << 8 | b->p[pos + 3];

        if (type == NULL || memcmp(b->p + pos + 4, type, 4) == 0)
            n++;
        pos += 12 + len;
    }
    return n;
}

static void expect_extract_error(const struct bl_buf *b, enum bl_err want, const char *fragment)
{
    struct bl_png_badge pb;
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    assert_int_equal(bl_png_extract(b->p, b->len, &pb, &ei), want);
    assert_null(pb.text);
    if (fragment != NULL && strstr(ei.msg, fragment) == NULL)
        fail_msg("error message \"%s\" lacks \"%s\"", ei.msg, fragment);
}

/* ---- fixtures ---- */

static void test_fixture_ob20_simple_badge(void **state)
{
    size_t n;
    unsigned char *p = tu_fixture("ob20/simple-badge.png", &n);
    struct bl_png_badge pb;
    json_t *j;

    (void)state;
    assert_int_equal(bl_png_extract(p, n, &pb, NULL), BL_OK);
    assert_int_equal(pb.ver, BL_OB2);
    assert_string_equal(pb.type, "iTXt");
    assert_int_equal(pb.index, 1); /* right after IHDR (MANIFEST) */
    assert_int_equal(pb.offset, 33);
    assert_int_equal(pb.nchunks, 6);
    assert_int_equal(pb.compressed, 0);
    j = json_loadb((const char *)pb.text, pb.text_len, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "id")),
                        "https://example.org/beths-robotics-badge.json");
    json_decref(j);
    bl_png_badge_free(&pb);
    bl_free(p);
}

static void test_fixture_ob30_json_after_idat(void **state)
{
    size_t n, jn;
    unsigned char *p = tu_fixture("ob30/simple-json.png", &n);
    unsigned char *ref = tu_fixture("ob30/simple.json", &jn);
    struct bl_png_badge pb;
    json_t *j, *r;

    (void)state;
    assert_int_equal(bl_png_extract(p, n, &pb, NULL), BL_OK);
    assert_int_equal(pb.ver, BL_OB3);
    assert_int_equal(pb.offset, 82643); /* after the IDATs, before IEND */
    assert_int_equal(pb.index, 11);
    /* docs/open-badges.md §1.2 [checked]: chunk length 1389 = 24 header bytes + text */
    assert_int_equal(pb.text_len, 1389 - 24);
    j = json_loadb((const char *)pb.text, pb.text_len, 0, NULL);
    r = json_loadb((const char *)ref, jn, 0, NULL);
    assert_non_null(j);
    assert_non_null(r);
    /* Same credential as simple.json except for its proof value. */
    json_object_del(j, "proof");
    json_object_del(r, "proof");
    assert_true(json_equal(j, r));
    json_decref(j);
    json_decref(r);
    bl_png_badge_free(&pb);
    bl_free(p);
    bl_free(ref);
}

static void test_fixture_ob30_jwt(void **state)
{
    static const char *const files[] = {"ob30/simple-jwt.png", "ob30/simple-jwt_v1.png"};
    static const char *const svgs[] = {"ob30/simple-jwt.svg", "ob30/simple-jwt_v1.svg"};

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        size_t n, sn;
        unsigned char *p = tu_fixture(files[i], &n);
        unsigned char *svg = tu_fixture(svgs[i], &sn);
        struct bl_png_badge pb;
        char *attr;

        assert_int_equal(bl_png_extract(p, n, &pb, NULL), BL_OK);
        assert_int_equal(pb.ver, BL_OB3);
        assert_int_equal(strncmp((const char *)pb.text, "eyJ", 3), 0);
        /* A compact JWS: three segments, as in the sibling SVG's verify attribute. */
        attr = strstr((const char *)svg, "verify=\"eyJ");
        assert_non_null(attr);
        assert_non_null(strchr((const char *)pb.text, '.'));
        assert_non_null(strchr(strchr((const char *)pb.text, '.') + 1, '.'));
        assert_null(strchr(strrchr((const char *)pb.text, '.') + 1, '.'));
        bl_png_badge_free(&pb);
        bl_free(p);
        bl_free(svg);
    }
}

static void test_fixture_legacy(void **state)
{
    size_t n;
    unsigned char *p = tu_fixture("legacy-ob1x/baked_heart.png", &n);
    struct bl_png_badge pb;

    (void)state;
    assert_int_equal(bl_png_extract(p, n, &pb, NULL), BL_OK);
    assert_int_equal(pb.ver, BL_OB2);
    assert_int_equal(pb.text_len, 201);
    assert_memory_equal(pb.text, "{\"uid\":\"123\"", 12);
    bl_png_badge_free(&pb);
    bl_free(p);

    p = tu_fixture("legacy-ob1x/public_domain_heart.png", &n);
    assert_int_equal(bl_png_extract(p, n, &pb, NULL), BL_ENOTFOUND);
    assert_int_equal(pb.nchunks, 5); /* walked to IEND */
    bl_free(p);
    /* A tEXt "Software" chunk is skipped, not taken for a badge. */
    p = tu_fixture("legacy-ob1x/mozilla-bakery-unbaked.png", &n);
    assert_int_equal(bl_png_extract(p, n, &pb, NULL), BL_ENOTFOUND);
    bl_free(p);
}

/* ---- baking ---- */

static void test_bake_roundtrip_both_versions(void **state)
{
    static const char *const texts[] = {"https://example.org/a.json", "{\"a\": \"é\"}", "x.y.z"};
    struct bl_buf in, out;
    struct bl_png_badge pb;

    (void)state;
    plain_png(&in);
    for (int v = 0; v < 2; v++) {
        for (size_t i = 0; i < 3; i++) {
            enum bl_obver ver = v ? BL_OB3 : BL_OB2;

            bl_buf_init(&out, 1u << 20);
            assert_int_equal(bl_png_bake(in.p, in.len, ver, (const unsigned char *)texts[i],
                                         strlen(texts[i]), &out, NULL),
                             BL_OK);
            assert_int_equal(bl_png_extract(out.p, out.len, &pb, NULL), BL_OK);
            assert_int_equal(pb.ver, ver);
            assert_int_equal(pb.index, 1);
            assert_int_equal(pb.offset, 33);
            assert_int_equal(pb.text_len, strlen(texts[i]));
            assert_memory_equal(pb.text, texts[i], pb.text_len);
            /* The chunk bytes are exactly keyword + five NULs + text. */
            assert_memory_equal(out.p + 41,
                                ver == BL_OB3 ? "openbadgecredential\0\0\0\0\0"
                                              : "openbadges\0\0\0\0\0",
                                ver == BL_OB3 ? 24 : 15);
            bl_png_badge_free(&pb);
            bl_buf_free(&out);
        }
    }
    bl_buf_free(&in);
}

static void test_bake_keeps_other_chunks(void **state)
{
    struct bl_buf in, out;
    size_t off_in, off_out;

    (void)state;
    ihdr_idat(&in);
    text_chunk(&in, "tEXt", "Software", "GIMP", 4);
    iend(&in);
    assert_int_equal(bl_buf_append(&in, "trailing", 8), BL_OK);
    bl_buf_init(&out, 1u << 20);
    assert_int_equal(
        bl_png_bake(in.p, in.len, BL_OB2, (const unsigned char *)"https://e.org/1", 15, &out, NULL),
        BL_OK);
    /* signature + IHDR unchanged, then our chunk, then the rest unchanged */
    assert_memory_equal(out.p, in.p, 33);
    off_in = 33;
    off_out = 33 + 12 + 15 + 15;
    assert_int_equal(out.len - off_out, in.len - off_in);
    assert_memory_equal(out.p + off_out, in.p + off_in, in.len - off_in);
    bl_buf_free(&in);
    bl_buf_free(&out);
}

static void test_rebake_replaces_every_badge(void **state)
{
    struct bl_buf in, out, again;
    struct bl_png_badge pb;

    (void)state;
    ihdr_idat(&in);
    text_chunk(&in, "tEXt", "openbadges", "https://old.example/a", 21);
    itxt(&in, "openbadgecredential", 0, "{\"old\":1}");
    iend(&in);
    bl_buf_init(&out, 1u << 20);
    assert_int_equal(
        bl_png_bake(in.p, in.len, BL_OB2, (const unsigned char *)"{\"new\":2}", 9, &out, NULL),
        BL_OK);
    assert_int_equal(count_chunks(&out, "iTXt"), 1);
    assert_int_equal(count_chunks(&out, "tEXt"), 0);
    assert_int_equal(bl_png_extract(out.p, out.len, &pb, NULL), BL_OK);
    assert_memory_equal(pb.text, "{\"new\":2}", 9);
    bl_png_badge_free(&pb);
    /* Baking twice gives the same bytes as baking once. */
    bl_buf_init(&again, 1u << 20);
    assert_int_equal(
        bl_png_bake(out.p, out.len, BL_OB2, (const unsigned char *)"{\"new\":2}", 9, &again, NULL),
        BL_OK);
    assert_int_equal(again.len, out.len);
    assert_memory_equal(again.p, out.p, out.len);
    bl_buf_free(&in);
    bl_buf_free(&out);
    bl_buf_free(&again);
}

static void test_bake_refuses_bad_payload(void **state)
{
    struct bl_buf in, out;
    struct bl_errinfo ei;

    (void)state;
    plain_png(&in);
    bl_buf_init(&out, 1u << 20);
    assert_int_equal(
        bl_png_bake(in.p, in.len, BL_OB2, (const unsigned char *)"a\xc3(b", 4, &out, &ei),
        BL_EUTF8);
    assert_int_equal(bl_png_bake(in.p, in.len, BL_OB2, (const unsigned char *)"a\0b", 3, &out, &ei),
                     BL_EPAYLOAD);
    assert_int_equal(out.len, 0);
    /* An output cap too small: refused, nothing appended. */
    assert_int_equal(bl_buf_append(&out, "keep", 4), BL_OK);
    out.max = in.len;
    assert_int_equal(
        bl_png_bake(in.p, in.len, BL_OB2, (const unsigned char *)"https://e.org/", 14, &out, &ei),
        BL_ETOOBIG);
    assert_int_equal(out.len, 4);
    assert_memory_equal(out.p, "keep", 5);
    bl_buf_free(&in);
    bl_buf_free(&out);
}

static void test_bake_reads_only_what_it_needs(void **state)
{
    struct bl_buf in, out;
    struct bl_iovec vec;
    struct bl_png_scratch scratch;
    struct bl_png_badge pb;
    struct bl_errinfo ei;
    size_t idat_off = 33, idat_len;

    (void)state;
    plain_png(&in);
    idat_len = in.len - idat_off - 12; /* IDAT with its header and CRC */
    in.p[in.len - 12 - 1] ^= 1;        /* last byte of the IDAT CRC */
    /* Pixels are not read: a bad IDAT CRC is neither seen nor repaired. */
    assert_int_equal(bl_png_extract(in.p, in.len, &pb, NULL), BL_ENOTFOUND);
    bl_iovec_init(&vec);
    assert_int_equal(bl_png_bake_iov(in.p, in.len, BL_OB2, (const unsigned char *)"https://e.org/",
                                     14, &vec, &scratch, &ei),
                     BL_OK);
    /* ... nor copied: the last range points into the input, IDAT and IEND included. */
    assert_ptr_equal(vec.v[vec.n - 1].p, in.p + idat_off);
    assert_int_equal(vec.v[vec.n - 1].n, idat_len + 12);
    assert_int_equal(vec.total, in.len + 12 + 15 + 14);
    bl_buf_init(&out, 1u << 20);
    assert_int_equal(bl_iovec_flatten(&vec, &out), BL_OK);
    assert_memory_equal(out.p + out.len - idat_len - 12, in.p + idat_off, idat_len + 12);
    bl_iovec_free(&vec);
    bl_buf_free(&out);

    /* What is read is checked: IHDR's CRC. */
    in.p[8 + 8 + 13] ^= 0xff;
    bl_buf_init(&out, 1u << 20);
    assert_int_equal(
        bl_png_bake(in.p, in.len, BL_OB2, (const unsigned char *)"https://e.org/", 14, &out, &ei),
        BL_EPNG_CRC);
    assert_non_null(strstr(ei.msg, "IHDR"));
    assert_int_equal(out.len, 0);
    bl_buf_free(&in);
    bl_buf_free(&out);
}

/* ---- reading variants ---- */

static void test_compressed_and_legacy_chunks(void **state)
{
    struct bl_buf b;
    struct bl_png_badge pb;
    static const unsigned char latin1[] = "https://example.org/caf\xe9";

    (void)state;
    ihdr_idat(&b);
    itxt(&b, "openbadges", 1, "{\"compressed\": true}");
    iend(&b);
    assert_int_equal(bl_png_extract(b.p, b.len, &pb, NULL), BL_OK);
    assert_int_equal(pb.compressed, 1);
    assert_string_equal((char *)pb.text, "{\"compressed\": true}");
    bl_png_badge_free(&pb);
    bl_buf_free(&b);

    /* tEXt is Latin-1: é (0xe9) comes out as UTF-8 c3 a9. */
    ihdr_idat(&b);
    text_chunk(&b, "tEXt", "openbadges", latin1, sizeof(latin1) - 1);
    iend(&b);
    assert_int_equal(bl_png_extract(b.p, b.len, &pb, NULL), BL_OK);
    assert_string_equal(pb.type, "tEXt");
    assert_string_equal((char *)pb.text, "https://example.org/caf\xc3\xa9");
    bl_png_badge_free(&pb);
    bl_buf_free(&b);

    /* zTXt: keyword NUL method(0) zlib data. */
    {
        unsigned char z[128], d[160];
        uLongf zlen = sizeof(z);
        const char *url = "https://example.org/ztxt";

        assert_int_equal(compress(z, &zlen, (const Bytef *)url, strlen(url)), Z_OK);
        memcpy(d, "openbadges\0\0", 12);
        memcpy(d + 12, z, zlen);
        ihdr_idat(&b);
        chunk(&b, "zTXt", d, 12 + zlen);
        iend(&b);
        assert_int_equal(bl_png_extract(b.p, b.len, &pb, NULL), BL_OK);
        assert_string_equal((char *)pb.text, url);
        assert_int_equal(pb.compressed, 1);
        bl_png_badge_free(&pb);
        bl_buf_free(&b);
    }

    /* An iTXt wins over a legacy tEXt that comes first. */
    ihdr_idat(&b);
    text_chunk(&b, "tEXt", "openbadges", "https://old.example/", 20);
    itxt(&b, "openbadges", 0, "{\"new\": 1}");
    iend(&b);
    assert_int_equal(bl_png_extract(b.p, b.len, &pb, NULL), BL_OK);
    assert_string_equal(pb.type, "iTXt");
    bl_png_badge_free(&pb);
    bl_buf_free(&b);
}

static void test_inflate_bomb_is_capped(void **state)
{
    size_t big = BL_PNG_MAX_INFLATE + 1;
    char *text = bl_malloc(big + 1);
    struct bl_buf b;

    (void)state;
    memset(text, 'a', big);
    text[big] = '\0';
    ihdr_idat(&b);
    itxt(&b, "openbadges", 1, text); /* ~1 KB compressed, 1 MB + 1 inflated */
    iend(&b);
    assert_true(b.len < 8192);
    expect_extract_error(&b, BL_ETOOBIG, "inflates past");
    bl_free(text);
    bl_buf_free(&b);
}

/* ---- broken files ---- */

static void test_not_png(void **state)
{
    struct bl_buf b;

    (void)state;
    bl_buf_init(&b, 100);
    assert_int_equal(bl_buf_puts(&b, "GIF89a...."), BL_OK);
    expect_extract_error(&b, BL_EFORMAT, "signature");
    b.len = 0;
    expect_extract_error(&b, BL_EFORMAT, NULL);
    bl_buf_free(&b);
}

static void test_every_truncation_is_an_error(void **state)
{
    struct bl_buf b;
    struct bl_png_badge pb;

    (void)state;
    ihdr_idat(&b);
    itxt(&b, "openbadges", 0, "https://example.org/t");
    iend(&b);
    for (size_t n = 0; n < b.len; n++) {
        enum bl_err rc = bl_png_extract(b.p, n, &pb, NULL);

        if (rc != BL_EPNG && rc != BL_EFORMAT)
            fail_msg("prefix of %zu bytes: got %s", n, bl_err_name(rc));
    }
    bl_buf_free(&b);
}

static void test_structure_errors(void **state)
{
    struct bl_buf b;

    (void)state;
    /* Bad CRC on IHDR. */
    plain_png(&b);
    b.p[8 + 8 + 13] ^= 0xff;
    expect_extract_error(&b, BL_EPNG_CRC, "IHDR");
    bl_buf_free(&b);

    /* Bad CRC on a badge chunk. */
    ihdr_idat(&b);
    itxt(&b, "openbadges", 0, "https://example.org/x");
    iend(&b);
    b.p[b.len - 12 - 1] ^= 1;
    expect_extract_error(&b, BL_EPNG_CRC, "iTXt");
    bl_buf_free(&b);

    /* A chunk longer than the file. */
    plain_png(&b);
    b.p[33 + 2] = 0x10;
    expect_extract_error(&b, BL_EPNG, "remain");
    /* An absurd length (over 2^31 - 1). */
    b.p[33] = 0x80;
    expect_extract_error(&b, BL_EPNG, "PNG limit");
    bl_buf_free(&b);

    /* A type that is not four letters. */
    plain_png(&b);
    b.p[33 + 4] = '1';
    expect_extract_error(&b, BL_EPNG, "invalid type");
    bl_buf_free(&b);

    /* IHDR not first. */
    sig(&b);
    chunk(&b, "IEND", "", 0);
    expect_extract_error(&b, BL_EPNG, "IHDR");
    bl_buf_free(&b);

    /* No IEND. */
    ihdr_idat(&b);
    expect_extract_error(&b, BL_EPNG, "IEND");
    bl_buf_free(&b);

    /* A malformed chunk that claims our keyword. */
    ihdr_idat(&b);
    chunk(&b, "iTXt", "openbadges\0\x07", 12);
    iend(&b);
    expect_extract_error(&b, BL_EPNG, "malformed badge");
    bl_buf_free(&b);
}

static void test_duplicates_and_bad_text(void **state)
{
    struct bl_buf b;

    (void)state;
    ihdr_idat(&b);
    itxt(&b, "openbadges", 0, "https://example.org/1");
    itxt(&b, "openbadgecredential", 0, "{}");
    iend(&b);
    expect_extract_error(&b, BL_EDUPLICATE, "two badge chunks");
    bl_buf_free(&b);

    ihdr_idat(&b);
    itxt(&b, "openbadges", 0, "{\"bad\": \"\xff\"}");
    iend(&b);
    expect_extract_error(&b, BL_EUTF8, "byte 9");
    bl_buf_free(&b);
}

static void test_many_chunks(void **state)
{
    struct bl_buf b;
    struct bl_png_badge pb;

    (void)state;
    /* Thousands of chunks are fine: the badge is found after them. */
    ihdr_idat(&b);
    for (int i = 0; i < 5000; i++)
        chunk(&b, "tEXt", "Comment\0x", 9);
    itxt(&b, "openbadges", 0, "https://example.org/late");
    iend(&b);
    assert_int_equal(bl_png_extract(b.p, b.len, &pb, NULL), BL_OK);
    assert_int_equal(pb.index, 5002);
    bl_png_badge_free(&pb);
    bl_buf_free(&b);

    /* Past BL_PNG_MAX_CHUNKS the walk stops with a clear error. */
    ihdr_idat(&b);
    for (unsigned i = 0; i < BL_PNG_MAX_CHUNKS; i++)
        chunk(&b, "abCd", "", 0);
    iend(&b);
    expect_extract_error(&b, BL_ETOOBIG, "chunks");
    bl_buf_free(&b);
}

/* The size comes from IHDR; a zero side or a bad CRC is refused. */
static void test_size_from_ihdr(void **state)
{
    (void)state;
    static const unsigned char wide[13] = {0, 0, 0x01, 0x2c, 0, 0, 0, 0x30, 8, 0, 0, 0, 0};
    static const unsigned char zero[13] = {0, 0, 0, 0, 0, 0, 0, 0x30, 8, 0, 0, 0, 0};
    struct bl_buf b;
    uint32_t w = 0, h = 0;

    sig(&b);
    chunk(&b, "IHDR", wide, sizeof(wide));
    iend(&b);
    assert_int_equal(bl_png_size(b.p, b.len, &w, &h, NULL), BL_OK);
    assert_int_equal(w, 300);
    assert_int_equal(h, 48);
    b.p[8 + 8 + 12] ^= 1; /* last byte of the IHDR data, under the CRC */
    assert_int_equal(bl_png_size(b.p, b.len, &w, &h, NULL), BL_EPNG_CRC);
    bl_buf_free(&b);

    sig(&b);
    chunk(&b, "IHDR", zero, sizeof(zero));
    iend(&b);
    assert_int_equal(bl_png_size(b.p, b.len, &w, &h, NULL), BL_EPNG);
    bl_buf_free(&b);
    assert_int_equal(bl_png_size((const unsigned char *)"GIF89a", 6, &w, &h, NULL), BL_EFORMAT);
}

/* The SVG wrapper carries the PNG byte for byte, at its size, with an escaped title. */
static void test_wrap_in_svg(void **state)
{
    (void)state;
    struct bl_buf png, svg, back;
    ihdr_idat(&png);
    iend(&png);
    bl_buf_init(&svg, 1u << 20);
    assert_int_equal(bl_buf_puts(&svg, "kept:"), BL_OK);
    assert_int_equal(bl_pngsvg_wrap(png.p, png.len, "CV & <entretien>", &svg, NULL), BL_OK);
    const char *s = (const char *)svg.p;
    assert_non_null(strstr(s, "kept:<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(s, "width=\"1\" height=\"1\" viewBox=\"0 0 1 1\""));
    assert_non_null(strstr(s, "<title>CV &amp; &lt;entretien&gt;</title>"));
    /* Both hrefs hold the same data: URL, which decodes to the PNG. */
    const char *h1 = strstr(s, " href=\"data:image/png;base64,");
    const char *h2 = strstr(s, "xlink:href=\"data:image/png;base64,");
    assert_non_null(h1);
    assert_non_null(h2);
    h1 += strlen(" href=\"data:image/png;base64,");
    h2 += strlen("xlink:href=\"data:image/png;base64,");
    size_t n1 = (size_t)(strchr(h1, '"') - h1), n2 = (size_t)(strchr(h2, '"') - h2);
    assert_int_equal(n1, n2);
    assert_memory_equal(h1, h2, n1);
    bl_buf_init(&back, 1u << 20);
    assert_int_equal(bl_base64_decode(&back, h1, n1, 0, NULL), BL_OK);
    assert_int_equal(back.len, png.len);
    assert_memory_equal(back.p, png.p, png.len);
    bl_buf_free(&back);

    /* A broken PNG appends nothing; neither does one past the cap. */
    size_t before = svg.len;
    assert_int_equal(bl_pngsvg_wrap(png.p, 20, "x", &svg, NULL), BL_EPNG);
    assert_int_equal(svg.len, before);
    struct bl_buf small;
    bl_buf_init(&small, 120);
    assert_int_equal(bl_pngsvg_wrap(png.p, png.len, NULL, &small, NULL), BL_ETOOBIG);
    assert_int_equal(small.len, 0);
    bl_buf_free(&small);
    bl_buf_free(&svg);
    bl_buf_free(&png);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_ob20_simple_badge),
        cmocka_unit_test(test_fixture_ob30_json_after_idat),
        cmocka_unit_test(test_fixture_ob30_jwt),
        cmocka_unit_test(test_fixture_legacy),
        cmocka_unit_test(test_bake_roundtrip_both_versions),
        cmocka_unit_test(test_bake_keeps_other_chunks),
        cmocka_unit_test(test_rebake_replaces_every_badge),
        cmocka_unit_test(test_bake_refuses_bad_payload),
        cmocka_unit_test(test_bake_reads_only_what_it_needs),
        cmocka_unit_test(test_compressed_and_legacy_chunks),
        cmocka_unit_test(test_inflate_bomb_is_capped),
        cmocka_unit_test(test_not_png),
        cmocka_unit_test(test_every_truncation_is_an_error),
        cmocka_unit_test(test_structure_errors),
        cmocka_unit_test(test_duplicates_and_bad_text),
        cmocka_unit_test(test_many_chunks),
        cmocka_unit_test(test_size_from_ihdr),
        cmocka_unit_test(test_wrap_in_svg),
    };

    return cmocka_run_group_tests_name("png", tests, NULL, NULL);
}
