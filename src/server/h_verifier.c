/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_verifier.c: /verifier, the page where an employer (or anyone) checks a
 * badge: a form (file or pasted text), then the verification report of
 * core/verify.h in plain French.  Documents the badge points to are
 * fetched through src/net with the CLI's default policy (HTTPS only, no
 * private addresses; the verifier_allow_* settings lift it for tests) and
 * a time budget.  The form is anonymous and changes nothing on the server,
 * so it carries no CSRF token (see verifier.html).
 */
#include "h_verifier.h"

#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/bake.h"
#include "core/multipart.h"
#include "core/obdate.h"
#include "core/payload.h"
#include "core/utf8.h"
#include "core/verify.h"
#include "http.h"
#include "i18n.h"
#include "net/fetch.h"
#include "page.h"

#define TITLE_FORM   N_("Vérifier un badge")
#define TITLE_REPORT N_("Résultat de la vérification")

/* What the visitor sent: a file or a text, and what to say about it. */
struct input {
    const unsigned char *p;
    size_t n;
    const char *filename; /* NULL: the text was pasted */
    const char *text;     /* the pasted text as sent (shown again on an error) */
    const char *source;   /* "l’image PNG « a.png »", "le texte collé (adresse)" */
};

/* The fetch callback with a deadline for the whole verification. */
struct budget {
    struct bl_fetcher *fetcher;
    struct timespec deadline;
};

static bool wants_json(const struct bl_req *req);
static const char *max_size(struct bl_req *req);
static enum bl_err form_error(struct bl_req *req, struct bl_resp *resp, unsigned status,
                              const char *field, const char *message, const struct input *in,
                              struct bl_errinfo *ei);
static const char *read_input(struct bl_req *req, struct input *in, const char **field,
                              unsigned *status);
static const char *describe(struct bl_req *req, struct input *in, const char **field);
static enum bl_err budget_fetch(void *cls, const char *url, const char *accept, struct bl_buf *body,
                                long *http_status, char *final_url, size_t final_url_len,
                                struct bl_errinfo *ei);
static enum bl_err render_report(struct bl_req *req, struct bl_resp *resp,
                                 const struct bl_verify_report *r, const struct input *in,
                                 struct bl_errinfo *ei);

enum bl_err h_verifier_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    json_t *ctx = json_pack("{s:s}", "max_size", max_size(req));
    enum bl_err rc = ctx ? bl_page_render(req, resp, 200, "verifier.html", TITLE_FORM, ctx, ei)
                         : bl_fail(ei, BL_EINVAL, "verifier form context");
    json_decref(ctx);
    return rc;
}

enum bl_err h_verifier_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct input in = {0};
    const char *field = NULL, *problem;
    unsigned status = 400;
    struct bl_fetch_opts fopts = {0};
    struct budget budget = {0};
    struct bl_verify_opts opts = {0};
    struct bl_verify_report rep = {0};
    json_t *json = NULL;
    enum bl_err rc;

    problem = read_input(req, &in, &field, &status);
    if (problem == NULL)
        problem = describe(req, &in, &field);
    if (problem != NULL) {
        if (wants_json(req) || status == 415) {
            bl_resp_error(req, resp, status, status == 415 ? "unsupported" : "invalid", problem);
            return BL_OK;
        }
        return form_error(req, resp, status, field, problem, &in, ei);
    }

    fopts.allow_http = req->cfg->verifier_allow_http;
    fopts.allow_private = req->cfg->verifier_allow_private;
    fopts.timeout_ms = BL_VERIFIER_FETCH_MS;
    fopts.max_bytes = BL_VERIFIER_FETCH_MAX;
    rc = bl_fetcher_new(&fopts, &budget.fetcher, ei);
    if (rc != BL_OK)
        return rc;
    clock_gettime(CLOCK_MONOTONIC, &budget.deadline);
    budget.deadline.tv_sec += BL_VERIFIER_BUDGET_MS / 1000;
    budget.deadline.tv_nsec += (long)(BL_VERIFIER_BUDGET_MS % 1000) * 1000000L;
    if (budget.deadline.tv_nsec >= 1000000000L) {
        budget.deadline.tv_sec++;
        budget.deadline.tv_nsec -= 1000000000L;
    }
    opts.now = (int64_t)time(NULL);
    opts.lang = bl_lang_code(bl_req_lang(req));
    opts.fetch = budget_fetch;
    opts.fetch_cls = &budget;
    opts.did_web_http = fopts.allow_http;
    rc = bl_verify_bytes(in.p, in.n, &opts, &rep, ei);
    bl_fetcher_free(budget.fetcher);
    if (rc != BL_OK)
        goto out;
    if (wants_json(req)) {
        rc = bl_verify_report_json(&rep, &json, ei);
        if (rc == BL_OK)
            bl_resp_json(req, resp, 200, json, NULL);
    } else {
        rc = render_report(req, resp, &rep, &in, ei);
    }
    if (rc == BL_OK)
        rc = bl_resp_header(req, resp, "Vary", "Accept");
out:
    json_decref(json);
    bl_verify_report_free(&rep);
    return rc;
}

/*
 * The JSON report only for a client that names a JSON type and prefers it:
 * a browser's form post and curl's bare "*" + "/" + "*" get the page.
 */
static bool wants_json(const struct bl_req *req)
{
    const char *accept = bl_req_header(req, "Accept");

    return accept &&
           (strstr(accept, "application/json") || strstr(accept, "application/ld+json")) &&
           bl_req_accepts(req) == BL_ACCEPT_JSON;
}

/* The request body limit in words ("1 Mo"); the form's few hundred bytes aside. */
static const char *max_size(struct bl_req *req)
{
    size_t max = req->cfg->max_body;

    if (max % (1024u * 1024) == 0)
        return bl_arena_printf(req->arena, "%zu Mo", max / (1024u * 1024));
    if (max >= 1024)
        return bl_arena_printf(req->arena, "%zu Ko", max / 1024);
    return bl_arena_printf(req->arena, "%zu octets", max);
}

/* The form again, with the message next to the field it is about. */
static enum bl_err form_error(struct bl_req *req, struct bl_resp *resp, unsigned status,
                              const char *field, const char *message, const struct input *in,
                              struct bl_errinfo *ei)
{
    bool on_file = field && strcmp(field, "file") == 0;
    json_t *ctx =
        json_pack("{s:s?, s:s?, s:s?, s:s}", on_file ? "file_error" : "text_error", message, "text",
                  in->text, "message", message, "max_size", max_size(req));
    enum bl_err rc = ctx ? bl_page_render(req, resp, status, "verifier.html", TITLE_FORM, ctx, ei)
                         : bl_fail(ei, BL_EINVAL, "verifier form context");
    json_decref(ctx);
    return rc;
}

/*
 * Fill in from the request body.  Returns NULL, or a French message for the
 * visitor with *field ("file" or "text") and *status set.
 */
static const char *read_input(struct bl_req *req, struct input *in, const char **field,
                              unsigned *status)
{
    const char *ct = bl_req_header(req, "Content-Type");
    const struct bl_multipart_part *file = NULL, *text = NULL;
    struct bl_multipart m;
    const char *boundary;
    struct bl_errinfo ei;
    enum bl_err rc;

    *field = "text";
    rc = bl_multipart_boundary(ct, req->arena, &boundary, &ei);
    if (rc == BL_OK) {
        rc = bl_multipart_parse(req->body, req->body_len, boundary, req->arena, &m, &ei);
        if (rc != BL_OK) {
            *field = "file";
            return N_("Le formulaire reçu est incomplet ou mal formé. Réessayez l’envoi.");
        }
        file = bl_multipart_get(&m, "file");
        text = bl_multipart_get(&m, "text");
        if (file && (file->len > 0 || (file->filename && file->filename[0]))) {
            in->p = file->data;
            in->n = file->len;
            in->filename = file->filename ? file->filename : "";
        }
        if (text) {
            if (bl_utf8_check(text->data, text->len) != text->len ||
                memchr(text->data, 0, text->len) != NULL)
                return N_(
                    "Le texte collé contient des caractères illisibles (il doit être en UTF-8).");
            in->text = bl_arena_strndup(req->arena, (const char *)text->data, text->len);
        }
    } else if (rc == BL_EUNSUPPORTED && bl_req_form_status(req) == BL_OK) {
        in->text = bl_req_form(req, "text");
    } else if (rc == BL_EUNSUPPORTED && bl_req_form_status(req) != BL_EUNSUPPORTED) {
        return N_("Le formulaire reçu est mal formé. Réessayez l’envoi.");
    } else if (rc == BL_EUNSUPPORTED) {
        *status = 415;
        return N_("Envoyez le formulaire en multipart/form-data ou "
                  "application/x-www-form-urlencoded.");
    } else {
        *field = "file";
        return N_("Le formulaire reçu est mal formé (séparateur multipart absent ou invalide).");
    }
    if (in->filename == NULL && in->text) {
        const unsigned char *p = (const unsigned char *)in->text;
        size_t n = strlen(in->text);
        bl_payload_trim(&p, &n);
        if (n > 0) {
            in->p = p;
            in->n = n;
        }
    } else if (in->filename && in->text) {
        const unsigned char *p = (const unsigned char *)in->text;
        size_t n = strlen(in->text);
        bl_payload_trim(&p, &n);
        if (n > 0)
            return N_("Donnez soit un fichier, soit un texte collé, pas les deux : videz l’un "
                      "des deux champs.");
    }
    if (in->p == NULL && in->filename == NULL)
        return N_("Le formulaire est vide : déposez l’image du badge ou collez son adresse, "
                  "son JSON ou son JWT.");
    return NULL;
}

/* Check that the input looks like a badge at all; name it for the report. */
static const char *describe(struct bl_req *req, struct input *in, const char **field)
{
    const unsigned char *p = in->p;
    size_t n = in->n;
    enum bl_payload_kind kind;
    enum bl_image_format fmt;

    if (in->filename) {
        *field = "file";
        if (n == 0)
            return N_("Ce fichier est vide.");
        fmt = bl_image_sniff(p, n);
        if (fmt != BL_IMG_UNKNOWN) {
            in->source = bl_arena_printf(req->arena, bl_tr(req, N_("l’image %s « %s »")),
                                         bl_image_format_name(fmt), in->filename);
            return NULL;
        }
        bl_payload_trim(&p, &n);
        kind = bl_payload_kind(p, n);
        if (kind == BL_PAYLOAD_UNKNOWN)
            return N_("Ce fichier n’est ni une image de badge (PNG ou SVG), ni un badge en JSON "
                      "ou en JWT.");
        in->p = p;
        in->n = n;
        in->source = bl_arena_printf(req->arena, bl_tr(req, N_("le fichier %s « %s »")),
                                     bl_payload_kind_name(kind), in->filename);
        return NULL;
    }
    kind = bl_payload_kind(p, n);
    switch (kind) {
    case BL_PAYLOAD_URL:
        in->source = N_("l’adresse collée");
        return NULL;
    case BL_PAYLOAD_JSON:
        in->source = N_("le JSON collé");
        return NULL;
    case BL_PAYLOAD_JWS:
        in->source = N_("le JWT collé");
        return NULL;
    default:
        return N_("Ce texte n’est ni une adresse (https://…), ni un badge en JSON, ni un JWT.");
    }
}

static enum bl_err budget_fetch(void *cls, const char *url, const char *accept, struct bl_buf *body,
                                long *http_status, char *final_url, size_t final_url_len,
                                struct bl_errinfo *ei)
{
    struct budget *b = cls;
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > b->deadline.tv_sec ||
        (now.tv_sec == b->deadline.tv_sec && now.tv_nsec >= b->deadline.tv_nsec))
        return bl_fail(ei, BL_EIO, "the %u ms budget of the verification is spent before %s",
                       BL_VERIFIER_BUDGET_MS, url);
    return bl_fetch(b->fetcher, url, accept, body, http_status, final_url, final_url_len, ei);
}

/* "28 novembre 2026" / "November 28, 2026" from the badge's RFC 3339 date, or the text as is. */
static const char *date_of(struct bl_req *req, const char *s)
{
    char out[BL_I18N_DATE_MAX];
    struct bl_errinfo ei;
    int64_t t;

    if (s == NULL)
        return NULL;
    if (bl_obdate_parse_tz(s, &t, NULL) != BL_OK ||
        bl_i18n_date(bl_req_lang(req), t, false, out, &ei) != BL_OK)
        return s;
    return bl_arena_strdup(req->arena, out);
}

/* The verdict in the page's words, and its visual state (blason.css .verdict-*). */
static void verdict_fr(enum bl_verify_verdict v, const char **sentence, const char **state)
{
    switch (v) {
    case BL_VERIFY_VALID:
        *sentence = N_("Ce badge est valide : il est authentique, intact et toujours en vigueur.");
        *state = "ok";
        return;
    case BL_VERIFY_VALID_WITH_WARNINGS:
        *sentence = N_("Ce badge est valide, avec des réserves : lisez les points signalés.");
        *state = "warn";
        return;
    case BL_VERIFY_INVALID:
        *sentence = N_("Ce badge n’est pas valide : il a été modifié ou ne peut pas être "
                       "authentifié.");
        *state = "bad";
        return;
    case BL_VERIFY_REVOKED:
        *sentence = N_("Ce badge a été retiré par son émetteur : il n’est plus valide.");
        *state = "bad";
        return;
    case BL_VERIFY_EXPIRED:
        *sentence = N_("Ce badge a expiré : il n’est plus valide.");
        *state = "bad";
        return;
    case BL_VERIFY_NOT_YET_VALID:
        *sentence = N_("Ce badge n’est pas encore valide.");
        *state = "warn";
        return;
    case BL_VERIFY_ERROR:
    default:
        *sentence = N_("Ce badge n’a pas pu être vérifié : une information nécessaire est "
                       "inaccessible ou le format n’est pas pris en charge.");
        *state = "unknown";
        return;
    }
}

static const char *proof_fr(enum bl_verify_proof p)
{
    switch (p) {
    case BL_VPROOF_HOSTED:
        return N_("assertion hébergée chez l’émetteur (Open Badges 2.0)");
    case BL_VPROOF_OB2_JWS:
        return N_("signature JWS (Open Badges 2.0)");
    case BL_VPROOF_VC_JWT:
        return N_("attestation signée VC-JWT (Open Badges 3.0)");
    case BL_VPROOF_DI:
        return N_("preuve Data Integrity eddsa-rdfc-2022 (Open Badges 3.0)");
    case BL_VPROOF_NONE:
    default:
        return NULL;
    }
}

static enum bl_err render_report(struct bl_req *req, struct bl_resp *resp,
                                 const struct bl_verify_report *r, const struct input *in,
                                 struct bl_errinfo *ei)
{
    static const char *const labels[] = {N_("réussi"), N_("attention"), N_("échec"),
                                         N_("non vérifié")};
    static const char *const states[] = {"ok", "warn", "bad", "skip"};
    const struct bl_verify_check *first = bl_verify_first_error(r);
    const char *sentence, *state;
    json_t *checks = json_array(), *ctx;
    bool issuer_link = r->issuer_id && strncmp(r->issuer_id, "https://", 8) == 0;
    enum bl_err rc;

    verdict_fr(r->verdict, &sentence, &state);
    for (size_t i = 0; i < r->n; i++) {
        const struct bl_verify_check *c = &r->checks[i];
        json_array_append_new(checks, json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "id", c->id, "label",
                                                labels[c->status], "state", states[c->status],
                                                "message", c->message, "detail",
                                                c->detail && c->detail[0] ? c->detail : NULL));
    }
    ctx = json_pack(
        "{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:b, s:s?, s:b, s:s?, s:s?, s:s?, s:s?, "
        "s:s?, s:o}",
        "verdict", bl_verify_verdict_name(r->verdict), "state", state, "sentence", sentence,
        "reason", first && r->verdict != BL_VERIFY_VALID ? first->message : NULL, "source",
        in->source, "issuer_name", r->issuer_name, "issuer_id", r->issuer_id, "issuer_link",
        issuer_link, "recipient", r->recipient, "recipient_hashed",
        r->recipient && strncmp(r->recipient, "sha256$", 7) == 0, "achievement", r->achievement,
        "issued", date_of(req, r->issued), "expires", date_of(req, r->expires), "version",
        r->version == BL_OB3   ? "3.0"
        : r->version == BL_OB2 ? "2.0"
                               : NULL,
        "proof", proof_fr(r->proof), "checks", checks);
    rc = ctx ? bl_page_render(req, resp, 200, "verify-report.html", TITLE_REPORT, ctx, ei)
             : bl_fail(ei, BL_EINVAL, "verifier report context");
    json_decref(ctx);
    return rc;
}
