/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * chart.h: small bar charts as SVG text, for the dashboard of the issuer
 * space.  Pure: numbers and labels in, SVG out; every label is XML-escaped,
 * so the SVG may be put into an HTML page as is.  No script, no style
 * attribute (the CSP forbids inline style): bars carry the class
 * "chart-bar" and are coloured by the stylesheet.  Each chart has a <title>
 * and a <desc> that the <svg role="img"> is labelled by; the page adds the
 * data as a table for people who do not see the picture.
 */
#ifndef BL_CHART_H
#define BL_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define BL_CHART_BARS_MAX  64u  /* bars in one chart */
#define BL_CHART_LABEL_MAX 200u /* bytes of a label (longer ones are refused) */
#define BL_CHART_ID_MAX    32u  /* [a-z0-9-] */
#define BL_CHART_SVG_MAX   65536u

enum bl_chart_kind {
    BL_CHART_COLUMNS, /* vertical bars, labels under them (a time series) */
    BL_CHART_BARS     /* horizontal bars, labels on their left (categories) */
};

struct bl_chart_bar {
    const char *label; /* UTF-8 */
    int64_t value;     /* >= 0 */
};

/*
 * Append the SVG of a chart to out.  id prefixes the ids of the title and
 * description (unique in the page).  BL_EINVAL for a bad id, a negative
 * value, a missing or too long label, more than BL_CHART_BARS_MAX bars;
 * BL_ETOOBIG when out is full.
 */
enum bl_err bl_chart_svg(struct bl_buf *out, enum bl_chart_kind kind, const char *id,
                         const char *title, const char *desc, const struct bl_chart_bar *bars,
                         size_t n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Append s XML-escaped (& < > " ') to out. */
enum bl_err bl_chart_escape(struct bl_buf *out, const char *s) BL_WARN_UNUSED;

#endif
