/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_mime.c: the email builder (src/core/mime.c).  Expected encodings were
 * computed with Python's base64, quopri and email.utils, not with our code.
 */
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/mime.h"
#include "testutil.h"

#define SUBJECT "Vous avez reçu le badge « Accueil du public »"

static struct bl_mime_msg sample(void)
{
    return (struct bl_mime_msg){
        .from = "badges@blason.example",
        .from_name = "Mission Locale, Paris",
        .to = "jeune+1@example.org",
        .subject = SUBJECT,
        .text = "Élodie a reçu « Prise de parole » — bravo !\nLien : https://x.example/a\n",
        .html = "<p>Élodie</p>",
        .date = 1795878000, /* Sat, 28 Nov 2026 15:00:00 */
        .token = "42.AbC_d-e",
    };
}

static char *build(const struct bl_mime_msg *m, enum bl_err want)
{
    struct bl_buf b;
    struct bl_errinfo ei = {0};
    bl_buf_init(&b, 1u << 20);
    assert_int_equal(bl_mime_build(m, &b, &ei), want);
    if (want != BL_OK) {
        assert_true(strncmp(ei.msg, "mail: ", 6) == 0);
        bl_buf_free(&b);
        return NULL;
    }
    return (char *)bl_buf_detach(&b, NULL);
}

static void test_headers(void **state)
{
    struct bl_mime_msg m = sample();
    char *msg = build(&m, BL_OK);
    (void)state;
    assert_non_null(strstr(msg, "Date: Sat, 28 Nov 2026 15:00:00 +0000\r\n"));
    assert_non_null(strstr(msg, "\r\nTo: jeune+1@example.org\r\n"));
    assert_non_null(strstr(msg, "\r\nSubject: "
                                "=?UTF-8?B?Vm91cyBhdmV6IHJlw6d1IGxlIGJhZGdlIMKrIEFjY3VlaWwgZHUg?="
                                "\r\n =?UTF-8?B?cHVibGljIMK7?=\r\n"));
    /* A display name with a comma goes as an encoded word, not as two addresses. */
    assert_non_null(strstr(msg, "\r\nFrom: =?UTF-8?B?"));
    assert_non_null(strstr(msg, "?= <badges@blason.example>\r\n"));
    assert_non_null(strstr(msg, "\r\nMessage-ID: <42.AbC_d-e@blason.example>\r\n"));
    assert_non_null(strstr(msg, "\r\nMIME-Version: 1.0\r\n"));
    assert_non_null(
        strstr(msg, "Content-Type: multipart/alternative;\r\n boundary=\"=_bl_42.AbC_d-e\"\r\n"));
    bl_free(msg);
}

static void test_parts(void **state)
{
    struct bl_mime_msg m = sample();
    char *msg = build(&m, BL_OK);
    (void)state;
    char *text = strstr(msg, "\r\n--=_bl_42.AbC_d-e\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                             "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    char *html = strstr(msg, "\r\n--=_bl_42.AbC_d-e\r\nContent-Type: text/html; charset=UTF-8\r\n"
                             "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    assert_non_null(text);
    assert_non_null(html);
    assert_true(text < html);
    assert_non_null(strstr(text, "=C3=89lodie a re=C3=A7u =C2=AB Prise de parole =C2=BB =E2=80=94 "
                                 "bravo !\r\nLien : https://x.example/a\r\n"));
    assert_non_null(strstr(html, "<p>=C3=89lodie</p>\r\n--=_bl_42.AbC_d-e--\r\n"));
    /* Every line ends with CRLF and is at most 78 characters. */
    size_t len = strlen(msg), start = 0;
    for (size_t i = 0; i < len; i++) {
        if (msg[i] == '\n') {
            assert_true(i > 0 && msg[i - 1] == '\r');
            assert_true(i - start <= 79);
            start = i + 1;
        }
        assert_true(msg[i] != '\r' || msg[i + 1] == '\n');
        assert_true((unsigned char)msg[i] < 0x80); /* 7 bit */
    }
    bl_free(msg);
}

static void test_qp(void **state)
{
    struct bl_buf b;
    char line[200];
    (void)state;
    bl_buf_init(&b, 4096);
    /* Trailing space encoded, '=' encoded, leading dot encoded, lone CR encoded. */
    assert_int_equal(bl_mime_qp(&b, "a = b \n.x\rz\t", 12), BL_OK);
    assert_string_equal((char *)b.p, "a =3D b=20\r\n=2Ex=0Dz=09");
    bl_buf_reset(&b);
    /* A long line breaks softly at 76 columns ('=' included). */
    memset(line, 'x', 100);
    assert_int_equal(bl_mime_qp(&b, line, 100), BL_OK);
    assert_int_equal(b.len, 75 + 3 + 25);
    assert_int_equal(((char *)b.p)[75], '=');
    assert_int_equal(((char *)b.p)[76], '\r');
    bl_buf_reset(&b);
    /* An escape is never split by a soft break. */
    memset(line, 'x', 74);
    memcpy(line + 74, "é", 2);
    assert_int_equal(bl_mime_qp(&b, line, 76), BL_OK);
    assert_non_null(strstr((char *)b.p, "x=\r\n=C3=A9"));
    bl_buf_free(&b);
}

static void test_plain_ascii_subject(void **state)
{
    struct bl_buf b;
    (void)state;
    bl_buf_init(&b, 4096);
    assert_int_equal(bl_mime_word(&b, "Hello", 5), BL_OK);
    assert_string_equal((char *)b.p, "Hello");
    bl_buf_reset(&b);
    /* Text that looks like an encoded word is encoded. */
    assert_int_equal(bl_mime_word(&b, "=?x?=", 5), BL_OK);
    assert_string_equal((char *)b.p, "=?UTF-8?B?PT94Pz0=?=");
    bl_buf_free(&b);
}

static void test_text_only(void **state)
{
    struct bl_mime_msg m = sample();
    m.html = NULL;
    m.from_name = NULL;
    char *msg = build(&m, BL_OK);
    (void)state;
    assert_null(strstr(msg, "multipart"));
    assert_non_null(strstr(msg, "\r\nFrom: badges@blason.example\r\n"));
    assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"));
    bl_free(msg);
}

static void test_dates(void **state)
{
    struct bl_mime_msg m = sample();
    (void)state;
    m.date = 0;
    char *msg = build(&m, BL_OK);
    assert_non_null(strstr(msg, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
    bl_free(msg);
    m.date = 951782400;
    msg = build(&m, BL_OK);
    assert_non_null(strstr(msg, "Date: Tue, 29 Feb 2000 00:00:00 +0000\r\n"));
    bl_free(msg);
}

/* Header injection and bad input are refused before anything is written. */
static void test_refused(void **state)
{
    static const char *const bad_addrs[] = {"a@b\r\nBcc: x@y", "no-at", "a@",  "@b", "a@b@c",
                                            "Name <a@b>",      "a b@c", "é@b", ""};
    struct bl_mime_msg m;
    char big[BL_MIME_SUBJECT_MAX + 2];
    (void)state;
    for (size_t i = 0; i < sizeof bad_addrs / sizeof bad_addrs[0]; i++) {
        m = sample();
        m.to = bad_addrs[i];
        assert_null(build(&m, BL_EINVAL));
        m = sample();
        m.from = bad_addrs[i];
        assert_null(build(&m, BL_EINVAL));
    }
    m = sample();
    m.subject = "Badge\r\nBcc: victim@example.org";
    assert_null(build(&m, BL_EINVAL));
    m = sample();
    m.from_name = "x\ny";
    assert_null(build(&m, BL_EINVAL));
    m = sample();
    m.text = "\xc3\x28";
    assert_null(build(&m, BL_EINVAL));
    m = sample();
    m.token = "a/b";
    assert_null(build(&m, BL_EINVAL));
    m = sample();
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    m.subject = big;
    assert_null(build(&m, BL_EINVAL));
    /* The output cap is honoured. */
    struct bl_buf b;
    struct bl_errinfo ei = {0};
    m = sample();
    bl_buf_init(&b, 100);
    assert_int_equal(bl_mime_build(&m, &b, &ei), BL_ETOOBIG);
    assert_int_equal(b.len, 0);
    bl_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers),   cmocka_unit_test(test_parts),
        cmocka_unit_test(test_qp),        cmocka_unit_test(test_plain_ascii_subject),
        cmocka_unit_test(test_text_only), cmocka_unit_test(test_dates),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
