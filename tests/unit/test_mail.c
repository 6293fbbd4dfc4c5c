/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_mail.c: the award email in src/app/mail.c on a real SQLite file:
 * queued in the award's transaction (once, only when asked), composed in
 * French, and retried on the schedule then given up against a relay that
 * refuses connections.  Delivery to a real SMTP server is tests/http/mail.test.js.
 */
#include "apptest.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/badge.h"
#include "app/mail.h"
#include "app/org.h"
#include "core/mem.h"

static char dir[64];
static struct bl_app *app;
static int64_t now_value = 1767225600; /* 2026-01-01T00:00:00Z */
static char badge_uid[23];

static int64_t fixed_now(void *cls)
{
    (void)cls;
    return now_value;
}

static int setup(void **state)
{
    struct bl_errinfo ei;
    size_t nsvg = 0;
    int64_t org = 0, bid = 0;
    (void)state;
    if (tu_app_open(dir, "mail", fixed_now, &app) != 0)
        return -1;
    struct bl_app_org_input oi = {.slug = "ml",
                                  .name = "Mission Locale de Paris",
                                  .url = "https://www.missionlocale.paris",
                                  .email = "contact@example.org"};
    unsigned char *svg = tu_read_file("tests/data/demo/badge.svg", &nsvg);
    if (!svg || bl_app_org_create(app, &bl_actor_system, &oi, &org, &ei) != BL_OK)
        return -1;
    struct bl_app_badge_input bi = {.name = "Accueil du public",
                                    .description = "Accueillir et orienter le public.",
                                    .criteria_narrative = "Un atelier de deux heures.",
                                    .image = svg,
                                    .image_len = nsvg};
    enum bl_err e = bl_app_badge_create(app, &bl_actor_system, org, &bi, badge_uid, &bid, &ei);
    bl_free(svg);
    return e == BL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tu_app_close(app, dir);
}

struct rows_ctx {
    struct bl_arena *a;
    int64_t award_id;
    struct bl_outbox *rows;
    size_t n;
};

static enum bl_err tx_rows(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct rows_ctx *c = cls;
    bl_tx_set_arena(tx, c->a);
    return bl_store_outbox_by_award(tx, c->award_id, &c->rows, &c->n, ei);
}

static size_t outbox_of(struct bl_arena *a, int64_t award_id, struct bl_outbox **rows)
{
    struct rows_ctx c = {.a = a, .award_id = award_id};
    assert_int_equal(bl_store_run(app->store, BL_TX_READ, tx_rows, &c, NULL), BL_OK);
    *rows = c.rows;
    return c.n;
}

static void test_queued_with_the_award(void **state)
{
    struct bl_arena a;
    struct bl_award aw, again, quiet;
    struct bl_outbox *rows = NULL;
    struct bl_errinfo ei;
    bool existed = false;
    (void)state;
    bl_arena_init(&a);
    struct bl_app_award_input in = {
        .email = "Camille.Durand@Example.org", .name = "Camille", .idem_key = "k1", .notify = true};
    assert_int_equal(bl_app_award(app, &bl_actor_system, badge_uid, &in, &a, &aw, &existed, &ei),
                     BL_OK);
    assert_int_equal(outbox_of(&a, aw.id, &rows), 1);
    assert_string_equal(rows[0].to_addr, "camille.durand@example.org");
    assert_string_equal(rows[0].subject, "Vous avez reçu le badge « Accueil du public »");
    assert_int_equal(rows[0].next_attempt_at, now_value); /* due at once */
    assert_int_equal(rows[0].attempts, 0);
    const char *url = "https://badges.example.org/awards/";
    assert_non_null(strstr(rows[0].body_text, "Bonjour Camille,"));
    assert_non_null(strstr(rows[0].body_text, "Mission Locale de Paris vous a remis le badge « "
                                              "Accueil du public »"));
    assert_non_null(strstr(rows[0].body_text, url));
    /* PNG for mail clients, though the class's image is SVG; and the link into the backpack. */
    assert_non_null(strstr(rows[0].body_text, "/badge.png"));
    assert_null(strstr(rows[0].body_text, "/badge.svg"));
    assert_non_null(strstr(rows[0].body_text, "https://badges.example.org/sac/recevoir/"));
    assert_non_null(strstr(rows[0].body_html, "<html lang=\"fr\">"));
    assert_non_null(strstr(rows[0].body_html, "Image du badge « Accueil du public »"));
    /* The same import key issues nothing and queues nothing more. */
    assert_int_equal(bl_app_award(app, &bl_actor_system, badge_uid, &in, &a, &again, &existed, &ei),
                     BL_OK);
    assert_true(existed);
    assert_int_equal(outbox_of(&a, aw.id, &rows), 1);
    /* Without notify, no message. */
    in.idem_key = NULL;
    in.notify = false;
    assert_int_equal(bl_app_award(app, &bl_actor_system, badge_uid, &in, &a, &quiet, &existed, &ei),
                     BL_OK);
    assert_int_equal(outbox_of(&a, quiet.id, &rows), 0);
    bl_arena_free(&a);
}

static void test_retry_then_give_up(void **state)
{
    char url[64];
    struct bl_app_mail_sender s = {0};
    struct bl_errinfo ei;
    struct bl_arena a;
    struct bl_award aw;
    struct bl_outbox *rows = NULL;
    size_t sent = 9, failed = 9;
    bool existed;
    (void)state;
    bl_arena_init(&a);
    struct bl_app_award_input in = {.email = "sam@example.org", .idem_key = "k2", .notify = true};
    assert_int_equal(bl_app_award(app, &bl_actor_system, badge_uid, &in, &a, &aw, &existed, &ei),
                     BL_OK);
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", tu_closed_port());
    s.smtp.url = url;
    s.smtp.from = "badges@example.org";
    assert_int_equal(bl_app_mail_retry_parse("30", &s, &ei), BL_OK);
    /* Everything due fails (the message of the first test too): retried 30 s later. */
    assert_int_equal(bl_app_mail_deliver(app, &s, &sent, &failed, &ei), BL_OK);
    assert_int_equal(sent, 0);
    assert_int_equal(failed, 2);
    assert_int_equal(outbox_of(&a, aw.id, &rows), 1);
    assert_int_equal(rows[0].attempts, 1);
    assert_int_equal(rows[0].next_attempt_at, now_value + 30);
    assert_non_null(strstr(rows[0].last_error, "smtp: "));
    /* Not due yet. */
    now_value += 29;
    assert_int_equal(bl_app_mail_deliver(app, &s, &sent, &failed, &ei), BL_OK);
    assert_int_equal(sent + failed, 0);
    /* Second and last attempt: given up, the error kept. */
    now_value += 1;
    assert_int_equal(bl_app_mail_deliver(app, &s, &sent, &failed, &ei), BL_OK);
    assert_int_equal(failed, 2);
    assert_int_equal(outbox_of(&a, aw.id, &rows), 1);
    assert_int_equal(rows[0].attempts, 2);
    assert_int_equal(rows[0].next_attempt_at, BL_OUTBOX_GIVEN_UP);
    assert_int_equal(rows[0].sent_at, 0);
    assert_non_null(strstr(rows[0].last_error, "smtp: "));
    now_value += 86400;
    assert_int_equal(bl_app_mail_deliver(app, &s, &sent, &failed, &ei), BL_OK);
    assert_int_equal(sent + failed, 0);
    bl_arena_free(&a);
}

static void test_retry_parse(void **state)
{
    static const char *const bad[] = {"", ",", "60,", "0", "x", "60,,300", "-1", "999999999"};
    struct bl_app_mail_sender s = {0};
    struct bl_errinfo ei;
    (void)state;
    assert_int_equal(bl_app_mail_retry_parse(BL_APP_MAIL_RETRY_DEFAULT, &s, &ei), BL_OK);
    assert_int_equal(s.nretry, 4);
    assert_int_equal(s.retry[0], 60);
    assert_int_equal(s.retry[3], 7200);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(bl_app_mail_retry_parse(bad[i], &s, &ei), BL_EINVAL);
        assert_non_null(strstr(ei.msg, "mail_retry"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queued_with_the_award),
        cmocka_unit_test(test_retry_then_give_up),
        cmocka_unit_test(test_retry_parse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
