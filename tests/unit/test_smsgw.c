/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_smsgw.c: which SMS gateway URLs and senders the sms_url and
 * sms_from settings take (net/smsgw.h), and that a gateway that is not
 * there is a transport error (retried), not an answer.  The exchange with
 * a real gateway is tests/http/sms.test.js.
 */
#include <string.h>

#include "net/smsgw.h"
#include "testutil.h"

static void test_url(void **state)
{
    static const char *const good[] = {
        "https://sms.example.org/v1/messages",
        "https://sms.example.org:8443/send?account=7",
        "http://127.0.0.1:9000/send",
        "http://127.8.9.10/x",
        "http://[::1]:9000/send",
    };
    static const char *const bad[] = {
        "",
        "ftp://sms.example.org/",
        "sms.example.org/send",
        "http://sms.example.org/send",
        "http://192.168.1.5/send",
        "http://localhost:9000/send",
        "http://[::2]/send",
        "https://user:secret@sms.example.org/",
        "https:///send",
        "https://sms.example.org/a b",
        "https://sms.example.org/\r\nX: y",
    };
    struct bl_errinfo ei;
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (bl_smsgw_check_url(good[i], &ei) != BL_OK)
            fail_msg("refused %s: %s", good[i], ei.msg);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (bl_smsgw_check_url(bad[i], &ei) == BL_OK)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_true(strncmp(ei.msg, "sms_url: ", 9) == 0);
        assert_null(strstr(ei.msg, "secret"));
    }
}

static void test_from(void **state)
{
    static const char *const good[] = {"Blason", "MissionLoc", "ML75", "+33612345678", "A"};
    static const char *const bad[] = {
        "", "Mission Locale", "MissionLocale", "12345", "+0612345678", "+33 6", "Blasön", NULL,
    };
    struct bl_errinfo ei;
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_int_equal(bl_smsgw_check_from(good[i], &ei), BL_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (bl_smsgw_check_from(bad[i], &ei) == BL_OK)
            fail_msg("accepted \"%s\"", bad[i] ? bad[i] : "(null)");
        assert_true(strncmp(ei.msg, "sms_from: ", 10) == 0);
    }
}

/* Nobody listens on port 9 of loopback: no answer, so BL_EIO and no status. */
static void test_no_gateway(void **state)
{
    struct bl_smsgw_opts o = {
        .url = "http://127.0.0.1:9/send", .token = "t0k3n", .from = "Blason", .timeout_ms = 3000};
    struct bl_errinfo ei;
    long status = 7;
    (void)state;
    assert_int_equal(bl_smsgw_send(&o, "+33612345678", "code 123456", "bl.sms.1.2", &status, &ei),
                     BL_EIO);
    assert_int_equal(status, 0);
    assert_true(strncmp(ei.msg, "sms: ", 5) == 0);
    assert_null(strstr(ei.msg, "t0k3n"));
    /* A message over the limit is refused before any connection. */
    char big[BL_SMSGW_TEXT_MAX + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(bl_smsgw_send(&o, "+33612345678", big, "k", &status, &ei), BL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_from),
        cmocka_unit_test(test_no_gateway),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
