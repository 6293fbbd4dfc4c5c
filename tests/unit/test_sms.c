/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_sms.c: the text messages of src/app/sms.c on a real SQLite file,
 * with the app's clock moved by the test: queued GSM-7 (typographic
 * characters fitted) with their own expiry, then delivered to a gateway
 * that refuses connections: a notice is tried again past the schedule and
 * past the former 30-minute horizon until its 72 hours are over, a sign-in
 * code is dropped unsent once the code has expired, and the drop is in the
 * audit log.  The exchange with a real gateway is tests/http/sms.test.js.
 */
#include "apptest.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/backpack.h"
#include "app/sms.h"
#include "core/mem.h"

#define NOTICE_TO "+33600000001"
#define CODE_TO   "+33600000002"

static char dir[64];
static struct bl_app *app;
static int64_t now_value = 1767225600; /* 2026-01-01T00:00:00Z */

static int64_t fixed_now(void *cls)
{
    (void)cls;
    return now_value;
}

static int setup(void **state)
{
    (void)state;
    if (tu_app_open(dir, "sms", fixed_now, &app) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tu_app_close(app, dir);
}

struct queue_ctx {
    const char *to, *text;
    int64_t expires_at;
};

static enum bl_err queue_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct queue_ctx *c = cls;
    return bl_app_sms_outbox.send(bl_app_sms_outbox.cls, tx, app, c->to, c->text, c->expires_at,
                                  ei);
}

struct last_ctx {
    struct bl_arena *a;
    const char *to;
    struct bl_outbox m;
    struct bl_audit *audit;
    size_t naudit;
};

static enum bl_err last_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct last_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    enum bl_err e = bl_store_outbox_last_to(tx, "sms", c->to, &c->m, ei);
    if (e == BL_OK)
        e = bl_store_audit_list(tx, 0, 0, 50, &c->audit, &c->naudit, ei);
    return e;
}

/* The newest text message to `to`, read from the database. */
static struct last_ctx last(struct bl_arena *a, const char *to)
{
    struct last_ctx c = {.a = a, .to = to};
    assert_int_equal(bl_store_run(app->store, BL_TX_READ, last_tx, &c, NULL), BL_OK);
    return c;
}

static void test_queued_gsm7_with_expiry(void **state)
{
    struct bl_arena a;
    struct bl_errinfo ei;
    (void)state;
    bl_arena_init(&a);
    /* « », no-break spaces, ’, – and … as a title may hold them; ê is not GSM-7. */
    struct queue_ctx n = {
        .to = NOTICE_TO,
        .text =
            "Blason : Caf\xc3\xa9 l\xe2\x80\x99\xc3\x89t\xc3\xa9 a r\xc3\xa9pondu \xc3\xa0 votre "
            "candidature \"\xc2\xab\xc2\xa0"
            "Cr\xc3\xaapier \xe2\x80\x93 Paris\xe2\x80\xa6\xc2\xa0"
            "\xc2\xbb\" : votre candidature est accept\xc3\xa9"
            "e.",
        .expires_at = now_value + BL_APP_SMS_NOTICE_TTL};
    struct queue_ctx c = {.to = CODE_TO,
                          .text = "Blason : votre code est 123456 (valable 15 min).",
                          .expires_at = now_value + BL_APP_CODE_TTL};
    assert_int_equal(bl_store_run(app->store, BL_TX_WRITE, queue_tx, &n, &ei), BL_OK);
    assert_int_equal(bl_store_run(app->store, BL_TX_WRITE, queue_tx, &c, &ei), BL_OK);
    struct last_ctx l = last(&a, NOTICE_TO);
    assert_string_equal(l.m.body_text, "Blason : Café l'Été a répondu à votre candidature \"\" "
                                       "Crepier - Paris... \"\" : votre candidature est acceptée.");
    assert_int_equal(l.m.expires_at, now_value + 72 * 3600);
    assert_int_equal(l.m.next_attempt_at, now_value);
    l = last(&a, CODE_TO);
    assert_int_equal(l.m.expires_at, now_value + 15 * 60);
    bl_arena_free(&a);
}

static void test_notice_outlives_code(void **state)
{
    char url[64];
    struct bl_app_sms_gateway g = {0};
    struct bl_errinfo ei;
    struct bl_arena a;
    size_t sent = 9, failed = 9;
    const int64_t t0 = now_value;
    (void)state;
    bl_arena_init(&a);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/send", tu_closed_port());
    g.gw.url = url;
    g.gw.token = "t0k3n";
    g.gw.from = "Blason";
    g.gw.timeout_ms = 3000;
    assert_int_equal(bl_app_retry_parse("sms_retry", "20,60", g.retry, &g.nretry, &ei), BL_OK);
    /* Attempts 1, 2 and 3 on the schedule: refused connections, tried again. */
    static const int64_t at[] = {0, 20, 80};
    for (size_t i = 0; i < 3; i++) {
        now_value = t0 + at[i];
        assert_int_equal(bl_app_sms_deliver(app, &g, &sent, &failed, &ei), BL_OK);
        assert_int_equal(sent, 0);
        assert_int_equal(failed, 2);
    }
    /* Past the schedule, both are tried again after its last delay: neither has expired. */
    struct last_ctx l = last(&a, NOTICE_TO);
    assert_int_equal(l.m.attempts, 3);
    assert_int_equal(l.m.next_attempt_at, t0 + 80 + 60);
    assert_non_null(strstr(l.m.last_error, "sms: "));
    assert_int_equal(last(&a, CODE_TO).m.next_attempt_at, t0 + 80 + 60);
    /* Two hours later, far past the former 30-minute horizon: the notice is tried again, the
     * code (valid 15 minutes) is dropped unsent, and the audit log says so without the number. */
    now_value = t0 + 2 * 3600;
    assert_int_equal(bl_app_sms_deliver(app, &g, &sent, &failed, &ei), BL_OK);
    assert_int_equal(failed, 2);
    l = last(&a, NOTICE_TO);
    assert_int_equal(l.m.attempts, 4);
    assert_int_equal(l.m.next_attempt_at, now_value + 60);
    assert_non_null(strstr(l.m.last_error, "sms: "));
    l = last(&a, CODE_TO);
    assert_int_equal(l.m.attempts, 4);
    assert_int_equal(l.m.next_attempt_at, BL_OUTBOX_GIVEN_UP);
    assert_int_equal(l.m.sent_at, 0);
    assert_string_equal(l.m.last_error, "expired: not sent");
    size_t drops = 0;
    char subject[64];
    snprintf(subject, sizeof subject, "outbox/%lld", (long long)l.m.id);
    for (size_t i = 0; i < l.naudit; i++)
        if (strcmp(l.audit[i].action, "outbox.expired") == 0) {
            drops++;
            assert_string_equal(l.audit[i].subject, subject);
            assert_non_null(strstr(l.audit[i].detail_json, "\"channel\":\"sms\""));
            assert_null(strstr(l.audit[i].detail_json, CODE_TO));
        }
    assert_int_equal(drops, 1);
    /* Never claimed again. */
    now_value += 3600;
    assert_int_equal(bl_app_sms_deliver(app, &g, &sent, &failed, &ei), BL_OK);
    assert_int_equal(failed, 1);
    assert_int_equal(last(&a, CODE_TO).m.attempts, 4);
    /* The notice's last retry that still lands before its 72 hours, then it expires too. */
    now_value = t0 + BL_APP_SMS_NOTICE_TTL - 30;
    assert_int_equal(bl_app_sms_deliver(app, &g, &sent, &failed, &ei), BL_OK);
    assert_int_equal(last(&a, NOTICE_TO).m.next_attempt_at, BL_OUTBOX_GIVEN_UP);
    assert_non_null(strstr(last(&a, NOTICE_TO).m.last_error, "sms: "));
    bl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queued_gsm7_with_expiry),
        cmocka_unit_test(test_notice_outlives_code),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
