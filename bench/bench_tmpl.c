/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_tmpl.c: template rendering throughput on one core, for a realistic
 * page: a list of 50 awards (name, badge, issuer, date, tags, a link) inside
 * a layout given as a partial, with values that need escaping.  The
 * template is compiled once; every operation is one bl_tmpl_render into a
 * reused buffer, as a server thread would do it.
 * Usage: bench_tmpl [SECONDS]
 * Prints "blason.tmpl.render.awards50 1234.5 renders/s" and the page size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"
#include "core/tmpl.h"

#define AWARDS 50

static const char page_src[] =
    "{{<layout}}{{$main}}\n"
    "<h1>Badges de {{earner.name}}</h1>\n"
    "<p>{{count}} badges, mis à jour le {{updated}}.</p>\n"
    "<ul class=\"awards\">\n"
    "  {{#awards}}\n"
    "  <li class=\"award{{#revoked}} revoked{{/revoked}}\">\n"
    "    <img src=\"{{image}}\" alt=\"\" width=\"64\" height=\"64\">\n"
    "    <a href=\"/awards/{{id}}\">{{badge.name}}</a>\n"
    "    <span class=\"issuer\">{{issuer.name}}</span>\n"
    "    <time datetime=\"{{issuedOn}}\">{{issuedOn}}</time>\n"
    "    {{#tags}}<span class=\"tag\">{{.}}</span>{{/tags}}\n"
    "    {{^revoked}}<a class=\"share\" href=\"/awards/{{id}}/share\">Partager</a>{{/revoked}}\n"
    "  </li>\n"
    "  {{/awards}}\n"
    "</ul>\n"
    "{{/main}}{{/layout}}\n";

static const char layout_src[] =
    "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>{{title}} · Blason</title>\n<link rel=\"stylesheet\" href=\"/static/blason.css\">\n"
    "</head>\n<body>\n<header class=\"site\"><a class=\"brand\" href=\"/\">Blason</a></header>\n"
    "<main id=\"contenu\">\n{{$main}}{{/main}}\n</main>\n"
    "<footer class=\"site\"><p>Blason</p></footer>\n</body>\n</html>\n";

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct bl_tmpl *lookup(void *cls, const char *name, size_t n)
{
    return n == 6 && memcmp(name, "layout", 6) == 0 ? cls : NULL;
}

static json_t *context(void)
{
    json_t *awards = json_array();

    for (int i = 0; i < AWARDS; i++) {
        char id[64], name[96];

        snprintf(id, sizeof(id), "3f1c2b9e-8d7a-4c55-9e1f-%012d", i);
        snprintf(name, sizeof(name), "Compétence n°%d : accueil & relation client <niveau %d>", i,
                 i % 3 + 1);
        json_array_append_new(
            awards, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:s, s:b, s:[s,s]}", "id", id, "image",
                              "https://badges.example.org/badges/accueil/image.png", "badge",
                              "name", name, "issuer", "name", "Mission Locale de Paris", "issuedOn",
                              "2026-11-28T12:00:00Z", "revoked", i % 10 == 9, "tags", "savoir-être",
                              "\"relation client\""));
    }
    return json_pack("{s:s, s:{s:s}, s:i, s:s, s:o}", "title", "Mes badges", "earner", "name",
                     "Ana O'Brien", "count", AWARDS, "updated", "28/11/2026", "awards", awards);
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? strtod(argv[1], NULL) : 1.0, t0, t;
    struct bl_tmpl *page = NULL, *layout = NULL;
    struct bl_tmpl_env env;
    struct bl_errinfo ei;
    struct bl_buf out;
    unsigned long n = 0;
    json_t *ctx = context();

    if (bl_tmpl_compile(page_src, sizeof(page_src) - 1, &page, &ei) != BL_OK ||
        bl_tmpl_compile(layout_src, sizeof(layout_src) - 1, &layout, &ei) != BL_OK) {
        fprintf(stderr, "bench_tmpl: %s\n", ei.msg);
        return 1;
    }
    env.lookup = lookup;
    env.cls = layout;
    env.max_steps = 0;
    bl_buf_init(&out, 1u << 20);
    t0 = now();
    do {
        bl_buf_reset(&out);
        if (bl_tmpl_render(page, ctx, &env, &out, &ei) != BL_OK) {
            fprintf(stderr, "bench_tmpl: %s\n", ei.msg);
            return 1;
        }
        n++;
        t = now();
    } while (t - t0 < seconds);
    printf("blason.tmpl.render.awards50 %.1f renders/s\n", (double)n / (t - t0));
    printf("blason.tmpl.render.awards50.size %zu bytes\n", out.len);
    printf("blason.tmpl.render.awards50.throughput %.1f MB/s\n",
           (double)n * (double)out.len / (t - t0) / 1e6);
    if (getenv("BENCH_TMPL_DUMP") != NULL)
        fwrite(out.p, 1, out.len, stdout);
    bl_buf_free(&out);
    bl_tmpl_free(page);
    bl_tmpl_free(layout);
    json_decref(ctx);
    return 0;
}
