/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * chart.c: bar charts as SVG text (chart.h).  Geometry in user units of a
 * fixed viewBox; the browser scales the picture to the width of the page.
 */
#include "chart.h"

#include <string.h>

#define WIDTH       640
#define COL_HEIGHT  240
#define COL_TOP     24
#define COL_BOTTOM  36 /* room for the labels under the columns */
#define COL_LEFT    8
#define ROW_HEIGHT  28
#define BAR_LABEL_W 210 /* room for the labels left of the bars */
#define BAR_VALUE_W 56  /* room for the value right of the longest bar */
#define SHORT_CHARS 28  /* characters of a label drawn beside a bar */

static enum bl_err check(const char *id, const struct bl_chart_bar *bars, size_t n,
                         struct bl_errinfo *ei);
static int64_t max_value(const struct bl_chart_bar *bars, size_t n);
static enum bl_err short_label(struct bl_buf *out, const char *s);
static enum bl_err columns(struct bl_buf *o, const struct bl_chart_bar *bars, size_t n,
                           int64_t max);
static enum bl_err bars_h(struct bl_buf *o, const struct bl_chart_bar *bars, size_t n, int64_t max);

enum bl_err bl_chart_svg(struct bl_buf *out, enum bl_chart_kind kind, const char *id,
                         const char *title, const char *desc, const struct bl_chart_bar *bars,
                         size_t n, struct bl_errinfo *ei)
{
    enum bl_err e = check(id, bars, n, ei);
    if (e != BL_OK)
        return e;
    int64_t max = max_value(bars, n);
    int height = kind == BL_CHART_COLUMNS ? COL_HEIGHT : 16 + (int)n * ROW_HEIGHT + 8;
    if (n == 0)
        height = 48;
    size_t mark = out->len;
    e = bl_buf_printf(out,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""
                      " viewBox=\"0 0 %d %d\" aria-labelledby=\"%s-title %s-desc\">"
                      "<title id=\"%s-title\">",
                      WIDTH, height, id, id, id);
    if (e == BL_OK)
        e = bl_chart_escape(out, title ? title : "");
    if (e == BL_OK)
        e = bl_buf_printf(out, "</title><desc id=\"%s-desc\">", id);
    if (e == BL_OK)
        e = bl_chart_escape(out, desc ? desc : "");
    if (e == BL_OK)
        e = bl_buf_puts(out, "</desc>");
    if (e == BL_OK && n == 0)
        e = bl_buf_puts(out, "<text x=\"8\" y=\"28\" class=\"chart-label\">Aucune donnée</text>");
    else if (e == BL_OK)
        e = kind == BL_CHART_COLUMNS ? columns(out, bars, n, max) : bars_h(out, bars, n, max);
    if (e == BL_OK)
        e = bl_buf_puts(out, "</svg>");
    if (e != BL_OK) {
        out->len = mark; /* nothing half-written */
        if (out->p)
            out->p[mark] = '\0';
        return bl_fail(ei, e, "chart %s: the SVG does not fit", id);
    }
    return BL_OK;
}

enum bl_err bl_chart_escape(struct bl_buf *out, const char *s)
{
    enum bl_err e = BL_OK;
    for (; *s && e == BL_OK; s++) {
        switch (*s) {
        case '&':
            e = bl_buf_puts(out, "&amp;");
            break;
        case '<':
            e = bl_buf_puts(out, "&lt;");
            break;
        case '>':
            e = bl_buf_puts(out, "&gt;");
            break;
        case '"':
            e = bl_buf_puts(out, "&quot;");
            break;
        case '\'':
            e = bl_buf_puts(out, "&#39;");
            break;
        default:
            e = bl_buf_putc(out, (unsigned char)*s);
        }
    }
    return e;
}

static enum bl_err check(const char *id, const struct bl_chart_bar *bars, size_t n,
                         struct bl_errinfo *ei)
{
    size_t idn = id ? strlen(id) : 0;
    if (idn == 0 || idn > BL_CHART_ID_MAX ||
        strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != idn)
        return bl_fail(ei, BL_EINVAL, "chart id: [a-z0-9-], 1 to %u characters", BL_CHART_ID_MAX);
    if (n > BL_CHART_BARS_MAX)
        return bl_fail(ei, BL_EINVAL, "chart %s: at most %u bars", id, BL_CHART_BARS_MAX);
    for (size_t i = 0; i < n; i++) {
        if (!bars[i].label || strlen(bars[i].label) > BL_CHART_LABEL_MAX)
            return bl_fail(ei, BL_EINVAL, "chart %s: bar %zu needs a label of at most %u bytes", id,
                           i, BL_CHART_LABEL_MAX);
        if (bars[i].value < 0)
            return bl_fail(ei, BL_EINVAL, "chart %s: bar %zu has a negative value", id, i);
    }
    return BL_OK;
}

static int64_t max_value(const struct bl_chart_bar *bars, size_t n)
{
    int64_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (bars[i].value > m)
            m = bars[i].value;
    return m;
}

/* A bar's length in tenths of a unit: value / max of span, 0 when max is 0. */
static long scaled(int64_t value, int64_t max, long span)
{
    if (max <= 0)
        return 0;
    return (long)((double)value * (double)span * 10.0 / (double)max + 0.5);
}

/* One bar: a rect whose tooltip repeats label and value. */
static enum bl_err rect(struct bl_buf *o, long x10, long y10, long w10, long h10,
                        const struct bl_chart_bar *b)
{
    enum bl_err e = bl_buf_printf(o,
                                  "<rect class=\"chart-bar\" x=\"%ld.%ld\" y=\"%ld.%ld\""
                                  " width=\"%ld.%ld\" height=\"%ld.%ld\"><title>",
                                  x10 / 10, x10 % 10, y10 / 10, y10 % 10, w10 / 10, w10 % 10,
                                  h10 / 10, h10 % 10);
    if (e == BL_OK)
        e = bl_chart_escape(o, b->label);
    if (e == BL_OK)
        e = bl_buf_printf(o, " : %lld</title></rect>", (long long)b->value);
    return e;
}

static enum bl_err columns(struct bl_buf *o, const struct bl_chart_bar *bars, size_t n, int64_t max)
{
    long plot_h = COL_HEIGHT - COL_TOP - COL_BOTTOM, slot10 = (WIDTH - 2 * COL_LEFT) * 10 / (long)n;
    long base10 = (COL_HEIGHT - COL_BOTTOM) * 10;
    enum bl_err e =
        bl_buf_printf(o,
                      "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\""
                      " y2=\"%d\"/>",
                      COL_LEFT, COL_HEIGHT - COL_BOTTOM, WIDTH - COL_LEFT, COL_HEIGHT - COL_BOTTOM);
    for (size_t i = 0; i < n && e == BL_OK; i++) {
        long h10 = scaled(bars[i].value, max, plot_h);
        long x10 = COL_LEFT * 10 + (long)i * slot10 + slot10 / 8, w10 = slot10 * 3 / 4;
        long mid10 = x10 + w10 / 2;
        e = rect(o, x10, base10 - h10, w10, h10, &bars[i]);
        if (e == BL_OK)
            e = bl_buf_printf(o,
                              "<text class=\"chart-value\" x=\"%ld.%ld\" y=\"%ld.%ld\""
                              " text-anchor=\"middle\">%lld</text>"
                              "<text class=\"chart-label\" x=\"%ld.%ld\" y=\"%d\""
                              " text-anchor=\"middle\">",
                              mid10 / 10, mid10 % 10, (base10 - h10 - 40) / 10,
                              (base10 - h10 - 40) % 10, (long long)bars[i].value, mid10 / 10,
                              mid10 % 10, COL_HEIGHT - COL_BOTTOM + 18);
        if (e == BL_OK)
            e = short_label(o, bars[i].label);
        if (e == BL_OK)
            e = bl_buf_puts(o, "</text>");
    }
    return e;
}

static enum bl_err bars_h(struct bl_buf *o, const struct bl_chart_bar *bars, size_t n, int64_t max)
{
    long span = WIDTH - BAR_LABEL_W - BAR_VALUE_W;
    enum bl_err e = BL_OK;
    for (size_t i = 0; i < n && e == BL_OK; i++) {
        long w10 = scaled(bars[i].value, max, span);
        long y = 16 + (long)i * ROW_HEIGHT;
        e = bl_buf_printf(o, "<text class=\"chart-label\" x=\"%d\" y=\"%ld\" text-anchor=\"end\">",
                          BAR_LABEL_W - 8, y + 14);
        if (e == BL_OK)
            e = short_label(o, bars[i].label);
        if (e == BL_OK)
            e = bl_buf_puts(o, "</text>");
        if (e == BL_OK)
            e = rect(o, BAR_LABEL_W * 10, y * 10, w10, (ROW_HEIGHT - 8) * 10, &bars[i]);
        if (e == BL_OK)
            e = bl_buf_printf(o, "<text class=\"chart-value\" x=\"%ld.%ld\" y=\"%ld\">%lld</text>",
                              (BAR_LABEL_W * 10 + w10 + 60) / 10,
                              (BAR_LABEL_W * 10 + w10 + 60) % 10, y + 14, (long long)bars[i].value);
    }
    return e;
}

/* The label, cut after SHORT_CHARS characters (never inside one) with an ellipsis. */
static enum bl_err short_label(struct bl_buf *out, const char *s)
{
    size_t chars = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == SHORT_CHARS)
            break;
    }
    if (!s[i])
        return bl_chart_escape(out, s);
    char cut[BL_CHART_LABEL_MAX + 1];
    memcpy(cut, s, i);
    cut[i] = '\0';
    enum bl_err e = bl_chart_escape(out, cut);
    return e == BL_OK ? bl_buf_puts(out, "…") : e;
}
