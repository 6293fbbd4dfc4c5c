/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * import.c: CSV imports (import.h): header mapping, line checks,
 * idempotency keys, and the bounded pool of issuing threads.
 */
#include "app/import.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/sha.h>

#include "app/badge.h"
#include "app/util.h"
#include "core/base64.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/mem.h"
#include "core/recipient.h"

static const char *const field_keys[BL_IMPORT_F_COUNT] = {
    "", "nom_complet", "prenom", "nom", "email", "telephone", "date", "preuve", "commentaire"};
static const char *const field_labels[BL_IMPORT_F_COUNT] = {
    N_("(ignorer)"), N_("Nom complet"), N_("Prénom"), N_("Nom"),        N_("Adresse e-mail"),
    N_("Téléphone"), N_("Date"),        N_("Preuve"), N_("Commentaire")};

/* Header names, lower-cased, accents and separators removed (see squash). */
static const struct {
    const char *name;
    enum bl_import_field f;
} header_names[] = {
    {"prenom", BL_IMPORT_F_FIRST},
    {"firstname", BL_IMPORT_F_FIRST},
    {"givenname", BL_IMPORT_F_FIRST},
    {"nom", BL_IMPORT_F_LAST},
    {"nomdefamille", BL_IMPORT_F_LAST},
    {"lastname", BL_IMPORT_F_LAST},
    {"familyname", BL_IMPORT_F_LAST},
    {"surname", BL_IMPORT_F_LAST},
    {"name", BL_IMPORT_F_NAME},
    {"fullname", BL_IMPORT_F_NAME},
    {"nomcomplet", BL_IMPORT_F_NAME},
    {"prenomnom", BL_IMPORT_F_NAME},
    {"nomprenom", BL_IMPORT_F_NAME},
    {"email", BL_IMPORT_F_EMAIL},
    {"mail", BL_IMPORT_F_EMAIL},
    {"courriel", BL_IMPORT_F_EMAIL},
    {"adresseemail", BL_IMPORT_F_EMAIL},
    {"adressemail", BL_IMPORT_F_EMAIL},
    {"emailaddress", BL_IMPORT_F_EMAIL},
    {"telephone", BL_IMPORT_F_PHONE},
    {"tel", BL_IMPORT_F_PHONE},
    {"portable", BL_IMPORT_F_PHONE},
    {"phone", BL_IMPORT_F_PHONE},
    {"mobile", BL_IMPORT_F_PHONE},
    {"date", BL_IMPORT_F_DATE},
    {"dateobtention", BL_IMPORT_F_DATE},
    {"datedobtention", BL_IMPORT_F_DATE},
    {"issuedon", BL_IMPORT_F_DATE},
    {"preuve", BL_IMPORT_F_EVIDENCE},
    {"preuves", BL_IMPORT_F_EVIDENCE},
    {"evidence", BL_IMPORT_F_EVIDENCE},
    {"commentaire", BL_IMPORT_F_NARRATIVE},
    {"commentaires", BL_IMPORT_F_NARRATIVE},
    {"narrative", BL_IMPORT_F_NARRATIVE},
    {"comment", BL_IMPORT_F_NARRATIVE},
};

/* The pool of issuing threads: a count under a lock, and a stop flag for shutdown. */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_idle = PTHREAD_COND_INITIALIZER;
static unsigned pool_running;
static bool pool_stop;

struct job {
    struct bl_app *app;
    struct bl_actor who;
    char *badge_uid, *uid;
};

const char *bl_import_field_key(enum bl_import_field f)
{
    return f < BL_IMPORT_F_COUNT ? field_keys[f] : "";
}

const char *bl_import_field_label(enum bl_import_field f)
{
    return f < BL_IMPORT_F_COUNT ? field_labels[f] : field_labels[0];
}

enum bl_import_field bl_import_field_parse(const char *key)
{
    for (int f = 0; key && f < BL_IMPORT_F_COUNT; f++)
        if (strcmp(field_keys[f], key) == 0)
            return (enum bl_import_field)f;
    return BL_IMPORT_F_COUNT;
}

/*
 * Lower-case ASCII letters and digits of s, with the French accented
 * letters folded (é -> e) and everything else dropped, into out.
 */
static void squash(const char *s, char *out, size_t max)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < max; p++) {
        unsigned c = *p;
        if (c == 0xC3 && p[1]) { /* Latin-1 supplement letters in UTF-8 */
            unsigned d = p[1] | 0x20;
            p++;
            c = d >= 0xA0 && d <= 0xA6   ? 'a'
                : d == 0xA7              ? 'c'
                : d >= 0xA8 && d <= 0xAB ? 'e'
                : d >= 0xAC && d <= 0xAF ? 'i'
                : d >= 0xB2 && d <= 0xB6 ? 'o'
                : d >= 0xB9 && d <= 0xBC ? 'u'
                                         : 0;
        } else if (c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            c = 0;
        }
        if (c)
            out[n++] = (char)c;
    }
    out[n] = '\0';
}

enum bl_import_field bl_import_field_guess(const char *header)
{
    char k[64];
    squash(header ? header : "", k, sizeof k);
    for (size_t i = 0; i < sizeof header_names / sizeof header_names[0]; i++)
        if (strcmp(k, header_names[i].name) == 0)
            return header_names[i].f;
    return BL_IMPORT_F_IGNORE;
}

/* ---- checking lines ---------------------------------------------------------- */

/* s without leading and trailing blanks, inner runs of blanks as one space (arena copy). */
static const char *tidy(struct bl_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *o = bl_arena_alloc(a, n + 1), *q = o;
    bool space = false;
    for (; *s; s++) {
        bool b = *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n';
        if (b) {
            space = q != o;
            continue;
        }
        if (space)
            *q++ = ' ';
        space = false;
        *q++ = *s;
    }
    *q = '\0';
    return o;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* "JJ/MM/AAAA" (J/M too) or "AAAA-MM-JJ" as unix seconds at 00:00 UTC, and as "AAAA-MM-JJ". */
static bool parse_date(const char *s, int64_t *t, char iso[11])
{
    int y, m, d;
    size_t n = strlen(s);
    const char *p1 = strchr(s, '/');
    if (n == 10 && s[4] == '-' && s[7] == '-' && digits(s, 4) && digits(s + 5, 2) &&
        digits(s + 8, 2)) {
        y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
    } else if (p1 && (p1 - s == 1 || p1 - s == 2) && digits(s, (size_t)(p1 - s))) {
        const char *p2 = strchr(p1 + 1, '/');
        if (!p2 || (p2 - p1 != 2 && p2 - p1 != 3) || !digits(p1 + 1, (size_t)(p2 - p1 - 1)) ||
            strlen(p2 + 1) != 4 || !digits(p2 + 1, 4))
            return false;
        d = num(s, (size_t)(p1 - s)), m = num(p1 + 1, (size_t)(p2 - p1 - 1)), y = num(p2 + 1, 4);
    } else {
        return false;
    }
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
        return false;
    *t = days_from_civil(y, m, d) * 86400;
    for (int i = 3; i >= 0; i--, y /= 10)
        iso[i] = (char)('0' + y % 10);
    iso[4] = '-', iso[5] = (char)('0' + m / 10), iso[6] = (char)('0' + m % 10);
    iso[7] = '-', iso[8] = (char)('0' + d / 10), iso[9] = (char)('0' + d % 10), iso[10] = '\0';
    return true;
}

/* ASCII lower case, for the idempotency key (names differ in case between exports). */
static const char *lower(struct bl_arena *a, const char *s)
{
    char *o = bl_arena_strdup(a, s);
    for (char *p = o; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + ('a' - 'A'));
    return o;
}

/* "csv:" + base64url(SHA-256(badge uid, email, name, date)), NUL-separated parts. */
static const char *idem_key(struct bl_arena *a, const char *badge_uid, const char *email,
                            const char *name, const char *date)
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    struct bl_buf b;
    const char *parts[] = {badge_uid, email, name, date};
    const char *out = NULL;
    bl_buf_init(&b, 4 * BL_APP_TEXT_MAX);
    for (size_t i = 0; i < 4; i++)
        if (bl_buf_append(&b, parts[i], strlen(parts[i]) + 1) != BL_OK)
            goto done;
    SHA256(b.p, b.len, md);
    bl_buf_reset(&b);
    if (bl_buf_puts(&b, "csv:") == BL_OK && bl_base64url_encode(&b, md, sizeof md, NULL) == BL_OK)
        out = bl_arena_strndup(a, (const char *)b.p, b.len);
done:
    bl_buf_free(&b);
    return out;
}

/* JSON text of j (compact) in arena a. */
static char *dump(struct bl_arena *a, const json_t *j)
{
    size_t n = json_dumpb(j, NULL, 0, JSON_COMPACT);
    char *s = bl_arena_alloc(a, n + 1);
    s[json_dumpb(j, s, n, JSON_COMPACT)] = '\0';
    return s;
}

static void add_problem(struct bl_arena *a, struct bl_import_line *l, const char *what)
{
    l->problem = l->problem ? bl_arena_printf(a, "%s ; %s", l->problem, what) : what;
}

/* The cell of row r for field f ("" when the column is absent or the row short). */
static const char *cell(const struct bl_import_view *v, const struct bl_csv_row *r,
                        enum bl_import_field f)
{
    for (size_t k = 0; k < v->n_cols && k < r->n; k++)
        if (v->mapping[k] == f)
            return r->cells[k];
    return "";
}

static bool mapped(const struct bl_import_view *v, enum bl_import_field f)
{
    for (size_t k = 0; k < v->n_cols; k++)
        if (v->mapping[k] == f)
            return true;
    return false;
}

static void check_line(struct bl_app *app, struct bl_arena *a, struct bl_import_view *v,
                       const struct bl_csv_row *r, struct bl_import_line *l)
{
    struct bl_errinfo ei;
    const char *email_norm = "";
    char iso[11] = "";

    memset(l, 0, sizeof *l);
    l->line = r->line;
    if (mapped(v, BL_IMPORT_F_NAME)) {
        l->name = tidy(a, cell(v, r, BL_IMPORT_F_NAME));
    } else {
        const char *f = tidy(a, cell(v, r, BL_IMPORT_F_FIRST));
        const char *n = tidy(a, cell(v, r, BL_IMPORT_F_LAST));
        l->name = *f && *n ? bl_arena_printf(a, "%s %s", f, n) : *f ? f : n;
    }
    l->email = tidy(a, cell(v, r, BL_IMPORT_F_EMAIL));
    l->phone = tidy(a, cell(v, r, BL_IMPORT_F_PHONE));
    l->date = tidy(a, cell(v, r, BL_IMPORT_F_DATE));
    l->evidence = tidy(a, cell(v, r, BL_IMPORT_F_EVIDENCE));
    l->narrative = cell(v, r, BL_IMPORT_F_NARRATIVE);

    if (!*l->name)
        add_problem(a, l, N_("nom manquant"));
    else if (bl_app_check_text("name", l->name, false, BL_APP_NAME_MAX, &ei) != BL_OK)
        add_problem(a, l, N_("nom trop long ou avec des caractères de contrôle"));
    if (*l->phone) {
        char ph[BL_RECIPIENT_PHONE_LEN];
        if (strlen(l->phone) > BL_APP_PHONE_INPUT_MAX ||
            bl_recipient_phone_normalize(l->phone, ph, &ei) != BL_OK)
            add_problem(a, l, N_("numéro de téléphone invalide"));
        else if (!*l->email) /* a phone-only line: the phone is its identity in the key */
            email_norm = bl_arena_printf(a, "tel:%s", ph);
    }
    if (!*l->email) {
        if (!*l->phone)
            add_problem(a, l, N_("adresse e-mail ou téléphone manquant"));
    } else {
        char *norm = NULL;
        if (strlen(l->email) > BL_APP_EMAIL_MAX ||
            bl_recipient_email_normalize(l->email, &norm, &ei) != BL_OK)
            add_problem(a, l, N_("adresse e-mail invalide"));
        else
            email_norm = bl_arena_strdup(a, norm);
        bl_free(norm);
    }
    if (*l->date) {
        if (!parse_date(l->date, &l->issued_at, iso))
            add_problem(a, l, N_("date invalide (attendu JJ/MM/AAAA ou AAAA-MM-JJ)"));
        else if (l->issued_at > bl_app_now(app))
            add_problem(a, l, N_("date dans le futur"));
    }
    if (!strncmp(l->evidence, "http://", 7) || !strncmp(l->evidence, "https://", 8)) {
        if (bl_app_check_url("evidence_url", l->evidence, false, &ei) != BL_OK)
            add_problem(a, l, N_("preuve : adresse web invalide"));
    } else if (bl_app_check_text("evidence", l->evidence, false, BL_APP_TEXT_MAX, &ei) != BL_OK) {
        add_problem(a, l, N_("preuve trop longue"));
    }
    if (!*l->evidence && v->badge.evidence_required)
        add_problem(a, l, N_("preuve manquante (ce badge demande une preuve)"));
    if (bl_app_check_text("narrative", l->narrative, false, BL_APP_TEXT_MAX, &ei) != BL_OK)
        add_problem(a, l, N_("commentaire trop long"));
    for (size_t k = v->n_cols; k < r->n; k++)
        if (r->cells[k][0]) {
            add_problem(a, l, bl_arena_printf(a, "%zu colonnes au lieu de %zu", r->n, v->n_cols));
            break;
        }
    if (!l->problem)
        l->idem_key = idem_key(a, v->badge.uid, email_norm, lower(a, l->name), iso);
}

static int by_key(const void *x, const void *y)
{
    const struct bl_import_line *const *a = x, *const *b = y;
    int c = strcmp((*a)->idem_key, (*b)->idem_key);
    return c ? c : ((*a)->line > (*b)->line) - ((*a)->line < (*b)->line);
}

/* Lines with the same key as an earlier line of the file are duplicates. */
static void mark_duplicates(struct bl_arena *a, struct bl_import_view *v)
{
    struct bl_import_line **s = bl_malloc((v->n_lines + 1) * sizeof *s);
    size_t n = 0;
    for (size_t i = 0; i < v->n_lines; i++)
        if (v->lines[i].idem_key)
            s[n++] = &v->lines[i];
    qsort(s, n, sizeof *s, by_key);
    for (size_t i = 1; i < n; i++)
        if (strcmp(s[i]->idem_key, s[i - 1]->idem_key) == 0) {
            size_t first = s[i - 1]->problem ? 0 : s[i - 1]->line;
            for (size_t j = i; j > 0 && !first; j--) /* the first line with this key */
                if (!s[j - 1]->problem)
                    first = s[j - 1]->line;
            add_problem(a, s[i], bl_arena_printf(a, "doublon de la ligne %zu", first));
        }
    bl_free(s);
}

/* ---- the view, in one read transaction ---------------------------------------- */

struct view_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const char *badge_uid, *uid; /* uid NULL: only the permission check */
    struct bl_arena *arena;
    bool full; /* check the lines even once issuing has started */
    struct bl_import_view *v;
};

static enum bl_err load_mapping(struct bl_import_view *v, struct bl_arena *a)
{
    json_t *m = json_loads(v->im.mapping ? v->im.mapping : "[]", 0, NULL);
    v->n_cols = v->csv.rows[0].n;
    v->mapping = bl_arena_zalloc(a, (v->n_cols + 1) * sizeof *v->mapping);
    for (size_t k = 0; k < v->n_cols; k++) {
        enum bl_import_field f = bl_import_field_parse(json_string_value(json_array_get(m, k)));
        v->mapping[k] = f == BL_IMPORT_F_COUNT ? BL_IMPORT_F_IGNORE : f;
    }
    json_decref(m);
    return BL_OK;
}

static enum bl_err view_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct view_ctx *c = cls;
    struct bl_import_view *v = c->v;
    bl_tx_set_arena(tx, c->arena);
    memset(v, 0, sizeof *v);
    enum bl_err e = bl_store_badgeclass_by_uid(tx, c->badge_uid, &v->badge, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "no badge class %.40s", c->badge_uid);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, v->badge.org_id, BL_ROLE_ISSUER, ei);
    if (e != BL_OK || !c->uid)
        return e;
    e = bl_store_import_by_uid(tx, c->uid, &v->im, ei);
    if (e == BL_OK && v->im.badgeclass_id != v->badge.id)
        e = bl_fail(ei, BL_ENOTFOUND, "no import %.40s for this badge class", c->uid);
    if (e == BL_OK)
        e = bl_csv_parse(v->im.data, v->im.data_len, NULL, c->arena, &v->csv, ei);
    if (e != BL_OK || (!c->full && strcmp(v->im.state, "preview") != 0))
        return e;
    load_mapping(v, c->arena);
    v->n_lines = v->csv.n_rows - 1;
    v->lines = bl_arena_zalloc(c->arena, (v->n_lines + 1) * sizeof *v->lines);
    for (size_t i = 0; i < v->n_lines; i++)
        check_line(c->app, c->arena, v, &v->csv.rows[i + 1], &v->lines[i]);
    mark_duplicates(c->arena, v);
    for (size_t i = 0; i < v->n_lines && e == BL_OK; i++) {
        struct bl_import_line *l = &v->lines[i];
        if (l->problem) {
            v->n_bad++;
            continue;
        }
        e = bl_store_award_idem_uid(tx, v->badge.org_id, l->idem_key, &l->existing_uid, ei);
        if (l->existing_uid)
            v->n_existing++;
        else
            v->n_good++;
    }
    return e;
}

enum bl_err bl_app_import_view(struct bl_app *app, const struct bl_actor *who,
                               const char *badge_uid, const char *uid, struct bl_arena *arena,
                               struct bl_import_view *out, struct bl_errinfo *ei)
{
    struct view_ctx c = {app, who, badge_uid ? badge_uid : "", uid ? uid : "", arena, false, out};
    return bl_store_run(app->store, BL_TX_READ, view_tx, &c, ei);
}

/* The view with every line checked, whatever the state (for issuing). */
static enum bl_err full_view(struct bl_app *app, const struct bl_actor *who, const char *badge_uid,
                             const char *uid, struct bl_arena *arena, struct bl_import_view *out,
                             struct bl_errinfo *ei)
{
    struct view_ctx c = {app, who, badge_uid ? badge_uid : "", uid ? uid : "", arena, true, out};
    return bl_store_run(app->store, BL_TX_READ, view_tx, &c, ei);
}

enum bl_err bl_app_import_allowed(struct bl_app *app, const struct bl_actor *who,
                                  const char *badge_uid, struct bl_errinfo *ei)
{
    struct bl_arena a;
    struct bl_import_view v;
    struct view_ctx c = {app, who, badge_uid ? badge_uid : "", NULL, &a, false, &v};
    bl_arena_init(&a);
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, view_tx, &c, ei);
    bl_arena_free(&a);
    return e;
}

/* ---- creating and mapping ----------------------------------------------------- */

struct create_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const char *badge_uid;
    struct bl_import *im;
};

static enum bl_err create_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct create_ctx *c = cls;
    struct bl_badgeclass bc;
    size_t purged;
    enum bl_err e = bl_store_badgeclass_by_uid(tx, c->badge_uid, &bc, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "no badge class %.40s", c->badge_uid);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, bc.org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_import_purge(tx, c->im->created_at - BL_IMPORT_TTL, &purged, ei);
    if (e != BL_OK)
        return e;
    c->im->org_id = bc.org_id;
    c->im->badgeclass_id = bc.id;
    e = bl_store_import_insert(tx, c->im, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, bc.org_id, "import.create", c->im->uid, NULL, ei);
    return e;
}

enum bl_err bl_app_import_create(struct bl_app *app, const struct bl_actor *who,
                                 const char *badge_uid, const char *filename,
                                 const unsigned char *data, size_t n, size_t max_bytes,
                                 char uid[23], struct bl_errinfo *ei)
{
    struct bl_arena a;
    struct bl_csv csv;
    struct bl_csv_opts o = {.max_bytes = max_bytes};
    bl_arena_init(&a);
    enum bl_err e = bl_csv_parse(data, n, &o, &a, &csv, ei);
    if (e == BL_OK && csv.n_rows < 2)
        e = bl_fail(ei, BL_EINVAL, "the file has a header line but no data line");
    if (e != BL_OK)
        goto out;
    json_t *m = json_array();
    for (size_t k = 0; k < csv.rows[0].n; k++)
        json_array_append_new(
            m, json_string(bl_import_field_key(bl_import_field_guess(csv.rows[0].cells[k]))));
    char *mapping = dump(&a, m);
    json_decref(m);
    bl_app_uid(uid);
    struct bl_import im = {.uid = uid,
                           .account_id = who->account_id,
                           .filename = filename && *filename ? filename : "import.csv",
                           .data = data,
                           .data_len = n,
                           .mapping = mapping,
                           .created_at = bl_app_now(app)};
    struct create_ctx c = {app, who, badge_uid ? badge_uid : "", &im};
    if (strlen(im.filename) > 200)
        im.filename = "import.csv";
    e = bl_store_run(app->store, BL_TX_WRITE, create_tx, &c, ei);
out:
    bl_arena_free(&a);
    return e;
}

struct map_ctx {
    struct view_ctx vc;
    const char *mapping;
};

static enum bl_err map_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct map_ctx *c = cls;
    struct bl_badgeclass bc;
    struct bl_import im;
    bl_tx_set_arena(tx, c->vc.arena);
    enum bl_err e = bl_store_badgeclass_by_uid(tx, c->vc.badge_uid, &bc, ei);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->vc.who, bc.org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_import_by_uid(tx, c->vc.uid, &im, ei);
    if (e == BL_OK && im.badgeclass_id != bc.id)
        e = bl_fail(ei, BL_ENOTFOUND, "no import %.40s for this badge class", c->vc.uid);
    if (e == BL_OK)
        e = bl_store_import_set_mapping(tx, im.id, c->mapping, ei);
    return e;
}

enum bl_err bl_app_import_map(struct bl_app *app, const struct bl_actor *who, const char *badge_uid,
                              const char *uid, const enum bl_import_field *fields, size_t n,
                              struct bl_errinfo *ei)
{
    struct bl_arena a;
    bl_arena_init(&a);
    json_t *m = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(m, json_string(bl_import_field_key(fields[k])));
    char *mapping = dump(&a, m);
    json_decref(m);
    struct map_ctx c = {{app, who, badge_uid ? badge_uid : "", uid ? uid : "", &a, false, NULL},
                        mapping};
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, map_tx, &c, ei);
    bl_arena_free(&a);
    return e;
}

/* ---- issuing -------------------------------------------------------------------- */

struct claim_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const struct bl_import_view *v;
};

static enum bl_err claim_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct claim_ctx *c = cls;
    int64_t now = bl_app_now(c->app);
    int64_t total = (int64_t)(c->v->n_good + c->v->n_existing);
    enum bl_err e = bl_app_authorize(tx, c->who, c->v->badge.org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = bl_store_import_claim(tx, c->v->im.id, total, now, now - BL_IMPORT_STALE_S, ei);
    if (e == BL_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"lines\":%lld}", (long long)total);
        e = bl_app_audit(tx, c->app, c->who, c->v->badge.org_id, "import.issue", c->v->im.uid,
                         detail, ei);
    }
    return e;
}

static enum bl_err progress_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct claim_ctx *c = cls;
    return bl_store_import_progress(tx, &c->v->im, bl_app_now(c->app), ei);
}

struct finish_ctx {
    struct bl_app *app;
    int64_t id;
    const char *results;
};

static enum bl_err finish_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct finish_ctx *c = cls;
    return bl_store_import_finish(tx, c->id, c->results, bl_app_now(c->app), ei);
}

static bool stopping(void)
{
    pthread_mutex_lock(&pool_lock);
    bool s = pool_stop;
    pthread_mutex_unlock(&pool_lock);
    return s;
}

static json_t *outcome(const struct bl_import_line *l, const char *status, const char *reason,
                       const char *uid)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?}", "line", (json_int_t)l->line, "name",
                     l->name, "email", l->email, "phone", l->phone, "status", status, "reason",
                     reason, "uid", uid);
}

/*
 * The issuing of one import, shared by its workers: each takes the next line
 * under the lock, issues it without the lock (signing is the slow part and
 * bl_app_award is safe from several threads), then files the outcome in the
 * line's own slot so the results keep the file's order.
 */
struct issuing {
    struct bl_app *app;
    const struct bl_actor *who;
    const char *badge_uid;
    struct bl_import_view *v;
    json_t **outcomes; /* one per line */
    pthread_mutex_t lock;
    size_t next;
    bool halted; /* shutdown, or the progress could not be stored */
    enum bl_err err;
    struct bl_errinfo ei;
};

static json_t *issue_line(struct issuing *is, const struct bl_import_line *l, int *kind)
{
    struct bl_arena la;
    struct bl_award aw;
    struct bl_errinfo lei = {0};
    bool existed = false;
    bool url = !strncmp(l->evidence, "http://", 7) || !strncmp(l->evidence, "https://", 8);
    struct bl_app_award_input in = {
        .email = *l->email ? l->email : NULL,
        .phone = *l->phone ? l->phone : NULL,
        .name = l->name,
        .narrative = *l->narrative ? l->narrative : NULL,
        .evidence_url = url ? l->evidence : NULL,
        .evidence_text = !url && *l->evidence ? l->evidence : NULL,
        .idem_key = l->idem_key,
        .issued_at = l->issued_at,
    };
    bl_arena_init(&la);
    enum bl_err le = bl_app_award(is->app, is->who, is->badge_uid, &in, &la, &aw, &existed, &lei);
    *kind = le != BL_OK ? 2 : existed ? 1 : 0;
    json_t *o = le != BL_OK ? outcome(l, "failed", lei.msg, NULL)
                            : outcome(l, existed ? "existing" : "issued", NULL, aw.uid);
    bl_arena_free(&la);
    return o;
}

static void *issue_worker(void *arg)
{
    struct issuing *is = arg;
    struct bl_import_view *v = is->v;
    struct claim_ctx pc = {is->app, is->who, v};
    for (;;) {
        pthread_mutex_lock(&is->lock);
        bool go = !is->halted && is->next < v->n_lines && !stopping();
        if (!go)
            is->halted = is->halted || is->next < v->n_lines;
        size_t i = is->next++;
        pthread_mutex_unlock(&is->lock);
        if (!go)
            return NULL;
        const struct bl_import_line *l = &v->lines[i];
        int kind = 1;
        json_t *o = l->problem        ? outcome(l, "skipped", l->problem, NULL)
                    : l->existing_uid ? outcome(l, "existing", NULL, l->existing_uid)
                                      : issue_line(is, l, &kind);
        pthread_mutex_lock(&is->lock);
        is->outcomes[i] = o;
        if (!l->problem) {
            v->im.issued += kind == 0;
            v->im.existing += kind == 1;
            v->im.failed += kind == 2;
            v->im.done++;
            /* Progress is stored under the lock so the counters it reads are stable. */
            if (v->im.done % BL_IMPORT_PROGRESS_EVERY == 0 && !is->halted) {
                enum bl_err e =
                    bl_store_run(is->app->store, BL_TX_WRITE, progress_tx, &pc, &is->ei);
                if (e != BL_OK) {
                    is->err = e;
                    is->halted = true;
                }
            }
        }
        pthread_mutex_unlock(&is->lock);
    }
}

/* How many threads issue one import: the cores, within BL_IMPORT_WORKERS_MAX. */
static unsigned issue_workers(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > (long)BL_IMPORT_WORKERS_MAX ? BL_IMPORT_WORKERS_MAX : (unsigned)n;
}

/* Issue every good line of the import (claimed before), then store the results. */
static enum bl_err run(struct bl_app *app, const struct bl_actor *who, const char *badge_uid,
                       const char *uid, struct bl_errinfo *ei)
{
    struct bl_arena a;
    struct bl_import_view v;
    pthread_t extra[BL_IMPORT_WORKERS_MAX];
    unsigned started = 0;
    bl_arena_init(&a);
    enum bl_err e = full_view(app, who, badge_uid, uid, &a, &v, ei);
    if (e != BL_OK)
        goto out;
    struct issuing is = {.app = app, .who = who, .badge_uid = badge_uid, .v = &v};
    is.outcomes = bl_arena_zalloc(&a, (v.n_lines ? v.n_lines : 1) * sizeof *is.outcomes);
    pthread_mutex_init(&is.lock, NULL);
    v.im.done = v.im.issued = v.im.existing = v.im.failed = 0;
    for (unsigned w = 1; w < issue_workers(); w++)
        if (pthread_create(&extra[started], NULL, issue_worker, &is) == 0)
            started++;
    issue_worker(&is); /* this thread is a worker too */
    for (unsigned w = 0; w < started; w++)
        pthread_join(extra[w], NULL);
    pthread_mutex_destroy(&is.lock);

    json_t *results = json_array();
    for (size_t i = 0; i < v.n_lines; i++)
        if (is.outcomes[i])
            json_array_append_new(results, is.outcomes[i]);
    if (is.halted) { /* shutdown or a store failure: left "running", it goes stale, may resume */
        json_decref(results);
        e = is.err != BL_OK ? bl_fail(ei, is.err, "%s", is.ei.msg) : BL_OK;
        goto out;
    }
    struct claim_ctx pc = {app, who, &v};
    e = bl_store_run(app->store, BL_TX_WRITE, progress_tx, &pc, ei);
    char *text = dump(&a, results);
    json_decref(results);
    struct finish_ctx fc = {app, v.im.id, text};
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, finish_tx, &fc, ei);
out:
    bl_arena_free(&a);
    return e;
}

static void *job_main(void *arg)
{
    struct job *j = arg;
    struct bl_errinfo ei = {0};
    (void)run(j->app, &j->who, j->badge_uid, j->uid, &ei);
    bl_free(j->badge_uid);
    bl_free(j->uid);
    bl_free(j);
    pthread_mutex_lock(&pool_lock);
    pool_running--;
    pthread_cond_broadcast(&pool_idle);
    pthread_mutex_unlock(&pool_lock);
    return NULL;
}

enum bl_err bl_app_import_issue(struct bl_app *app, const struct bl_actor *who,
                                const char *badge_uid, const char *uid, bool background,
                                struct bl_errinfo *ei)
{
    struct bl_arena a;
    struct bl_import_view v;
    bool slot = false;
    bl_arena_init(&a);
    enum bl_err e = full_view(app, who, badge_uid, uid, &a, &v, ei);
    if (e == BL_OK && background) {
        pthread_mutex_lock(&pool_lock);
        if (pool_running < BL_IMPORT_MAX_RUNNING && !pool_stop) {
            pool_running++;
            slot = true;
        }
        pthread_mutex_unlock(&pool_lock);
        if (!slot)
            e = bl_fail(ei, BL_ELIMIT, "%u imports are issuing already", BL_IMPORT_MAX_RUNNING);
    }
    struct claim_ctx cc = {app, who, &v};
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, claim_tx, &cc, ei);
    if (e == BL_OK && !background)
        e = run(app, who, badge_uid, uid, ei);
    if (e == BL_OK && background) {
        struct job *j = bl_malloc(sizeof *j);
        pthread_t t;
        pthread_attr_t at;
        *j = (struct job){app, *who, bl_strdup(badge_uid), bl_strdup(uid)};
        pthread_attr_init(&at);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &at, job_main, j) != 0) {
            bl_free(j->badge_uid);
            bl_free(j->uid);
            bl_free(j);
            e = bl_fail(ei, BL_EIO, "cannot start the issuing thread");
        } else {
            slot = false; /* the thread gives it back */
        }
        pthread_attr_destroy(&at);
    }
    if (slot) {
        pthread_mutex_lock(&pool_lock);
        pool_running--;
        pthread_cond_broadcast(&pool_idle);
        pthread_mutex_unlock(&pool_lock);
    }
    bl_arena_free(&a);
    return e;
}

void bl_app_import_drain(void)
{
    pthread_mutex_lock(&pool_lock);
    pool_stop = true;
    while (pool_running > 0)
        pthread_cond_wait(&pool_idle, &pool_lock);
    pool_stop = false;
    pthread_mutex_unlock(&pool_lock);
}
