/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_evtoken.c: the signed event claim tokens (src/core/evtoken.c): the
 * current and previous slot are taken, older and newer ones are refused as
 * expired, any changed byte is refused as forged, posters live until their
 * date; and QR codes (src/core/qr.c) decoded back by zbarimg (zbar-tools),
 * an independent reader, from the PNG we write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/buf.h"
#include "core/evtoken.h"
#include "core/qr.h"
#include "testutil.h"

static const char UID[] = "AbCdEfGhIjKlMnOpQrSt_-";

static void test_rotating(void **state)
{
    unsigned char master[32], key[BL_EVTOKEN_KEY_LEN], key2[BL_EVTOKEN_KEY_LEN];
    char tok[BL_EVTOKEN_LEN], uid[BL_EVTOKEN_UID_LEN + 1];
    struct bl_errinfo ei = {0};
    (void)state;
    memset(master, 7, sizeof master);
    assert_int_equal(bl_evtoken_key(master, sizeof master, key, NULL), BL_OK);
    master[0] ^= 1;
    assert_int_equal(bl_evtoken_key(master, sizeof master, key2, NULL), BL_OK);
    assert_memory_not_equal(key, key2, sizeof key);

    int64_t now = 1780000000, slot = now / 30;
    assert_int_equal(bl_evtoken_make(key, UID, 'r', slot, tok, NULL), BL_OK);
    assert_true(strlen(tok) < 60);
    assert_int_equal(bl_evtoken_check(key, tok, now, 30, uid, NULL), BL_OK);
    assert_string_equal(uid, UID);
    /* Still good during the next slot, expired after; a future slot is refused too. */
    assert_int_equal(bl_evtoken_check(key, tok, now + 30, 30, uid, NULL), BL_OK);
    assert_int_equal(bl_evtoken_check(key, tok, now + 60, 30, uid, &ei), BL_EINVAL);
    assert_string_equal(uid, UID);
    assert_int_equal(bl_evtoken_check(key, tok, now - 30, 30, uid, NULL), BL_EINVAL);
    /* Another key, or any changed character: forged. */
    assert_int_equal(bl_evtoken_check(key2, tok, now, 30, uid, NULL), BL_EBADSIG);
    assert_string_equal(uid, "");
    for (size_t i = 0; i < strlen(tok); i++) {
        char t[BL_EVTOKEN_LEN];
        memcpy(t, tok, sizeof t);
        t[i] = t[i] == 'A' ? 'B' : 'A';
        if (bl_evtoken_check(key, t, now, 30, uid, NULL) != BL_EBADSIG)
            fail_msg("changed byte %zu accepted: %s", i, t);
    }
    /* A longer or shorter token, garbage, leading zeros in the number. */
    char longer[BL_EVTOKEN_LEN + 8];
    snprintf(longer, sizeof longer, "%sA", tok);
    assert_int_equal(bl_evtoken_check(key, longer, now, 30, uid, NULL), BL_EBADSIG);
    assert_int_equal(bl_evtoken_check(key, "", now, 30, uid, NULL), BL_EBADSIG);
    assert_int_equal(bl_evtoken_check(key, "x.r1.y", now, 30, uid, NULL), BL_EBADSIG);
    assert_int_equal(bl_evtoken_make(key, "short", 'r', 1, tok, NULL), BL_EINVAL);
    assert_int_equal(bl_evtoken_make(key, UID, 'x', 1, tok, NULL), BL_EINVAL);
}

static void test_poster(void **state)
{
    unsigned char master[32] = {1}, key[BL_EVTOKEN_KEY_LEN];
    char tok[BL_EVTOKEN_LEN], uid[BL_EVTOKEN_UID_LEN + 1];
    (void)state;
    assert_int_equal(bl_evtoken_key(master, sizeof master, key, NULL), BL_OK);
    assert_int_equal(bl_evtoken_make(key, UID, 'p', 1780003600, tok, NULL), BL_OK);
    assert_int_equal(bl_evtoken_check(key, tok, 1780000000, 30, uid, NULL), BL_OK);
    assert_int_equal(bl_evtoken_check(key, tok, 1780003600, 30, uid, NULL), BL_OK);
    assert_int_equal(bl_evtoken_check(key, tok, 1780003601, 30, uid, NULL), BL_EINVAL);
    assert_true(bl_evtoken_uid(tok, uid));
    assert_string_equal(uid, UID);
}

/* zbarimg's reading of a PNG, or "" when it is not installed (the test then only checks shape). */
static int zbar_read(const unsigned char *p, size_t n, char *text, size_t cap)
{
    char path[] = "/tmp/blason-qr-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, p, n), (ssize_t)n);
    close(fd);
    char *argv[] = {"zbarimg", "-q", "--raw", path, NULL};
    int rc = tu_run(argv, false, text, cap);
    size_t got = strlen(text);
    unlink(path);
    while (got > 0 && text[got - 1] == '\n')
        text[--got] = '\0';
    return rc;
}

/* A key per use: HMAC-SHA-256(master, label), computed here with OpenSSL; no token crosses uses. */
static void test_key_per_use(void **state)
{
    unsigned char master[32], ev[BL_EVTOKEN_KEY_LEN], rc[BL_EVTOKEN_KEY_LEN], want[32];
    unsigned len = 0;
    char tok[BL_EVTOKEN_LEN], uid[BL_EVTOKEN_UID_LEN + 1];
    (void)state;
    memset(master, 9, sizeof master);
    assert_int_equal(bl_evtoken_key(master, sizeof master, ev, NULL), BL_OK);
    assert_int_equal(bl_evtoken_key_for(master, sizeof master, BL_EVTOKEN_LABEL_RECEIVE, rc, NULL),
                     BL_OK);
    assert_non_null(HMAC(EVP_sha256(), master, sizeof master,
                         (const unsigned char *)"blason/award-receive/v1", 23, want, &len));
    assert_int_equal(len, 32);
    assert_memory_equal(rc, want, 32);
    assert_non_null(HMAC(EVP_sha256(), master, sizeof master,
                         (const unsigned char *)"blason/event-claim/v1", 21, want, &len));
    assert_memory_equal(ev, want, 32);
    assert_int_equal(bl_evtoken_make(rc, UID, 'p', 1780000000, tok, NULL), BL_OK);
    assert_int_equal(bl_evtoken_check(rc, tok, 1770000000, 1, uid, NULL), BL_OK);
    assert_int_equal(bl_evtoken_check(ev, tok, 1770000000, 1, uid, NULL), BL_EBADSIG);
}

static void test_qr(void **state)
{
    struct bl_buf svg, png;
    const char *url =
        "https://blason.example.org/r/AbCdEfGhIjKlMnOpQrSt_-.r59333333.xyzxyzxyzxyzxyzx";
    (void)state;
    bl_buf_init(&svg, BL_QR_SVG_MAX);
    bl_buf_init(&png, BL_QR_PNG_MAX);
    assert_int_equal(bl_qr_svg_titled(url, "Code <à scanner>", &svg, NULL), BL_OK);
    assert_int_equal(bl_buf_append(&svg, "", 1), BL_OK);
    assert_non_null(strstr((char *)svg.p, "<title>Code &lt;à scanner&gt;</title>"));
    assert_non_null(strstr((char *)svg.p, "<path fill=\"#000\" d=\"M4 4h7v1h-7z"));
    assert_int_equal(bl_qr_png(url, 4, &png, NULL), BL_OK);
    assert_memory_equal(png.p, "\x89PNG\r\n\x1a\n", 8);
    char text[512];
    char *version[] = {"zbarimg", "--version", NULL};
    if (tu_run(version, false, text, sizeof text) != 127) { /* zbarimg is there */
        assert_int_equal(zbar_read(png.p, png.len, text, sizeof text), 0);
        assert_string_equal(text, url);
    }
    assert_int_equal(bl_qr_png(url, 0, &png, NULL), BL_EINVAL);
    assert_int_equal(bl_qr_svg_titled("", NULL, &svg, NULL), BL_EINVAL);
    bl_buf_free(&svg);
    bl_buf_free(&png);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rotating),
        cmocka_unit_test(test_poster),
        cmocka_unit_test(test_key_per_use),
        cmocka_unit_test(test_qr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
