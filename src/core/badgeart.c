/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * badgeart.c: generated badge images drawn as SVG (badgeart.h).  Pure: no
 * I/O; shapes and pictograms are fixed drawings, the only user input is the
 * text, which is checked and XML-escaped.
 */
#include "badgeart.h"

#include <string.h>

#include <jansson.h>

#include "i18n.h"
#include "json.h"
#include "utf8.h"

/*
 * Shapes fill the 512 square; each has an outer form in the colour and an
 * inner white outline.  "%s" is the colour.
 */
static const struct bl_badgeart_choice shapes[] = {
    {"cercle", N_("Cercle"),
     "<circle cx=\"256\" cy=\"256\" r=\"240\" fill=\"%s\"/>"
     "<circle cx=\"256\" cy=\"256\" r=\"214\" fill=\"none\" stroke=\"#ffffff\" "
     "stroke-width=\"8\"/>"},
    {"hexagone", N_("Hexagone"),
     "<polygon points=\"256,12 467,134 467,378 256,500 45,378 45,134\" fill=\"%s\"/>"
     "<polygon points=\"256,42 441,149 441,363 256,470 71,363 71,149\" fill=\"none\" "
     "stroke=\"#ffffff\" stroke-width=\"8\"/>"},
    {"ecusson", N_("Écusson"),
     "<path d=\"M256 14 L478 78 V240 C478 382 380 462 256 502 C132 462 34 382 34 240 V78 Z\" "
     "fill=\"%s\"/>"
     "<path d=\"M256 44 L450 100 V240 C450 364 364 434 256 470 C148 434 62 364 62 240 V100 Z\" "
     "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"8\"/>"},
};

/* Dark enough for white text at a contrast ratio of 7:1 or more (WCAG AAA). */
static const struct bl_badgeart_choice colours[] = {
    {"bleu", N_("Bleu"), "#1d4f91"},        {"vert", N_("Vert"), "#17663a"},
    {"rouge", N_("Rouge"), "#a4262c"},      {"violet", N_("Violet"), "#5c2d91"},
    {"brun", N_("Brun orangé"), "#8a4b08"}, {"ardoise", N_("Gris ardoise"), "#37474f"},
};

/* Pictograms in a 100 square, white on the colour ("%s", for the details cut out). */
static const struct bl_badgeart_choice pictos[] = {
    {"etoile", N_("Étoile"),
     "<polygon points=\"50,4 61,37 96,37 68,58 79,92 50,72 21,92 32,58 4,37 39,37\" "
     "fill=\"#ffffff\"/>"},
    {"poignee", N_("Poignée de main"),
     "<path d=\"M2 38 L28 24 L50 34 L72 24 L98 38 V58 H78 L56 76 Q50 81 44 76 L22 58 H2 Z\" "
     "fill=\"#ffffff\"/>"
     "<path d=\"M40 46 L56 60 M48 40 L64 54 M56 36 L70 48\" stroke=\"%s\" stroke-width=\"4\" "
     "stroke-linecap=\"round\" fill=\"none\"/>"},
    {"document", N_("Document"),
     "<path d=\"M20 4 H62 L82 24 V96 H20 Z\" fill=\"#ffffff\"/>"
     "<path d=\"M62 4 V24 H82\" fill=\"none\" stroke=\"%s\" stroke-width=\"4\"/>"
     "<path d=\"M32 44 H70 M32 58 H70 M32 72 H58\" stroke=\"%s\" stroke-width=\"6\" "
     "stroke-linecap=\"round\"/>"},
    {"micro", N_("Micro"),
     "<rect x=\"37\" y=\"4\" width=\"26\" height=\"52\" rx=\"13\" fill=\"#ffffff\"/>"
     "<path d=\"M24 44 V50 A26 26 0 0 0 76 50 V44\" fill=\"none\" stroke=\"#ffffff\" "
     "stroke-width=\"7\" stroke-linecap=\"round\"/>"
     "<path d=\"M50 77 V90 M32 93 H68\" stroke=\"#ffffff\" stroke-width=\"7\" "
     "stroke-linecap=\"round\"/>"},
    {"coupe", N_("Coupe"),
     "<path d=\"M28 6 H72 V38 A22 22 0 0 1 28 38 Z\" fill=\"#ffffff\"/>"
     "<path d=\"M28 14 H12 V24 A16 16 0 0 0 28 40 M72 14 H88 V24 A16 16 0 0 1 72 40\" "
     "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"6\"/>"
     "<rect x=\"44\" y=\"58\" width=\"12\" height=\"20\" fill=\"#ffffff\"/>"
     "<rect x=\"28\" y=\"78\" width=\"44\" height=\"14\" rx=\"3\" fill=\"#ffffff\"/>"},
    {"coeur", N_("Cœur"),
     "<path d=\"M50 92 L12 54 A21 21 0 0 1 50 22 A21 21 0 0 1 88 54 Z\" fill=\"#ffffff\"/>"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static enum bl_err find(const struct bl_badgeart_choice *t, size_t n, const char *field,
                        const char *id, unsigned *out, struct bl_errinfo *ei);
static enum bl_err put_tmpl(struct bl_buf *b, const char *tmpl, const char *colour);
static enum bl_err put_escaped(struct bl_buf *b, const char *s);
static size_t code_points(const char *s);

const struct bl_badgeart_choice *bl_badgeart_choices(enum bl_badgeart_kind k, size_t *n)
{
    switch (k) {
    case BL_BADGEART_SHAPE:
        *n = COUNT(shapes);
        return shapes;
    case BL_BADGEART_COLOUR:
        *n = COUNT(colours);
        return colours;
    case BL_BADGEART_PICTO:
        *n = COUNT(pictos);
        return pictos;
    }
    *n = 0;
    return NULL;
}

enum bl_err bl_badgeart_from_fields(const char *shape, const char *colour, const char *picto,
                                    const char *text, struct bl_badgeart *out,
                                    struct bl_errinfo *ei)
{
    enum bl_err e;
    memset(out, 0, sizeof *out);
    if ((e = find(shapes, COUNT(shapes), "shape", shape, &out->shape, ei)) != BL_OK ||
        (e = find(colours, COUNT(colours), "colour", colour, &out->colour, ei)) != BL_OK ||
        (e = find(pictos, COUNT(pictos), "picto", picto, &out->picto, ei)) != BL_OK)
        return e;
    if (!text)
        text = "";
    size_t n = strlen(text);
    if (bl_utf8_check((const unsigned char *)text, n) != n)
        return bl_fail(ei, BL_EUTF8, "text: not UTF-8");
    /* The byte bound first, so that code_points never walks a long string. */
    if (n >= sizeof out->text || code_points(text) > BL_BADGEART_TEXT_MAX)
        return bl_fail(ei, BL_EINVAL, "text: at most %u characters", BL_BADGEART_TEXT_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
            return bl_fail(ei, BL_EINVAL, "text: control character at byte %zu", i);
    memcpy(out->text, text, n + 1);
    return BL_OK;
}

enum bl_err bl_badgeart_parse(const char *p, size_t n, struct bl_badgeart *out,
                              struct bl_errinfo *ei)
{
    json_t *j = NULL;
    const char *key;
    json_t *v;
    enum bl_err e;
    memset(out, 0, sizeof *out);
    if ((e = bl_json_parse(p, n, BL_BADGEART_JSON_MAX, 2, &j, ei)) != BL_OK)
        return e;
    if (!json_is_object(j)) {
        e = bl_fail(ei, BL_EINVAL, "image: a JSON object is expected");
        goto out;
    }
    json_object_foreach(j, key, v)
    {
        if (strcmp(key, "shape") != 0 && strcmp(key, "colour") != 0 && strcmp(key, "picto") != 0 &&
            strcmp(key, "text") != 0) {
            e = bl_fail(ei, BL_EINVAL, "image: unknown member \"%.40s\"", key);
            goto out;
        }
        if (!json_is_string(v)) {
            e = bl_fail(ei, BL_EINVAL, "%s: a string is expected", key);
            goto out;
        }
    }
    e = bl_badgeart_from_fields(bl_json_str(j, "shape"), bl_json_str(j, "colour"),
                                bl_json_str(j, "picto"), bl_json_str(j, "text"), out, ei);
out:
    json_decref(j);
    return e;
}

enum bl_err bl_badgeart_json(const struct bl_badgeart *a, struct bl_buf *out, struct bl_errinfo *ei)
{
    if (a->shape >= COUNT(shapes) || a->colour >= COUNT(colours) || a->picto >= COUNT(pictos))
        return bl_fail(ei, BL_EINVAL, "image: choice out of range");
    json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "shape", shapes[a->shape].id, "colour",
                          colours[a->colour].id, "picto", pictos[a->picto].id, "text", a->text);
    if (!j)
        return bl_fail(ei, BL_EUTF8, "text: not UTF-8");
    enum bl_err e = bl_json_dump(j, JSON_COMPACT, out, ei);
    json_decref(j);
    return e;
}

enum bl_err bl_badgeart_svg(const struct bl_badgeart *a, struct bl_buf *out, struct bl_errinfo *ei)
{
    if (a->shape >= COUNT(shapes) || a->colour >= COUNT(colours) || a->picto >= COUNT(pictos))
        return bl_fail(ei, BL_EINVAL, "image: choice out of range");
    const char *colour = colours[a->colour].value;
    size_t chars = code_points(a->text);
    /* Shorter texts get larger letters; the longest still fits the narrowest shape. */
    unsigned fs = chars <= 6 ? 60 : chars <= 9 ? 44 : 34;
    unsigned py = chars ? 100 : 156; /* the pictogram moves up to leave room for the text */
    struct bl_buf b;
    bl_buf_init(&b, BL_BADGEART_SVG_MAX);
    enum bl_err e = bl_buf_printf(&b,
                                  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
                                  "height=\"%u\" viewBox=\"0 0 512 512\">",
                                  BL_BADGEART_SIZE, BL_BADGEART_SIZE);
    if (e == BL_OK)
        e = put_tmpl(&b, shapes[a->shape].value, colour);
    if (e == BL_OK)
        e = bl_buf_printf(&b, "<g transform=\"translate(156 %u) scale(2)\">", py);
    if (e == BL_OK)
        e = put_tmpl(&b, pictos[a->picto].value, colour);
    if (e == BL_OK)
        e = bl_buf_puts(&b, "</g>");
    if (e == BL_OK && chars) {
        e = bl_buf_printf(&b,
                          "<text x=\"256\" y=\"%u\" text-anchor=\"middle\" "
                          "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"%u\" "
                          "font-weight=\"bold\" fill=\"#ffffff\">",
                          py + 200 + fs + 8, fs);
        if (e == BL_OK)
            e = put_escaped(&b, a->text);
        if (e == BL_OK)
            e = bl_buf_puts(&b, "</text>");
    }
    if (e == BL_OK)
        e = bl_buf_puts(&b, "</svg>\n");
    if (e == BL_OK)
        e = bl_buf_append(out, b.p, b.len);
    bl_buf_free(&b);
    if (e != BL_OK)
        return bl_fail(ei, e, "image: the drawing is over %u bytes", BL_BADGEART_SVG_MAX);
    return BL_OK;
}

static enum bl_err find(const struct bl_badgeart_choice *t, size_t n, const char *field,
                        const char *id, unsigned *out, struct bl_errinfo *ei)
{
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(t[i].id, id) == 0) {
            *out = (unsigned)i;
            return BL_OK;
        }
    return bl_fail(ei, BL_EINVAL, "%s: choose one of the list", field);
}

/* The pictogram template with every "%s" replaced by the colour (no format string from data). */
static enum bl_err put_tmpl(struct bl_buf *b, const char *tmpl, const char *colour)
{
    enum bl_err e = BL_OK;
    const char *p = tmpl, *q;
    while (e == BL_OK && (q = strstr(p, "%s")) != NULL) {
        e = bl_buf_append(b, p, (size_t)(q - p));
        if (e == BL_OK)
            e = bl_buf_puts(b, colour);
        p = q + 2;
    }
    return e == BL_OK ? bl_buf_puts(b, p) : e;
}

static enum bl_err put_escaped(struct bl_buf *b, const char *s)
{
    enum bl_err e = BL_OK;
    for (; e == BL_OK && *s; s++) {
        switch (*s) {
        case '<':
            e = bl_buf_puts(b, "&lt;");
            break;
        case '>':
            e = bl_buf_puts(b, "&gt;");
            break;
        case '&':
            e = bl_buf_puts(b, "&amp;");
            break;
        case '"':
            e = bl_buf_puts(b, "&quot;");
            break;
        case '\'':
            e = bl_buf_puts(b, "&apos;");
            break;
        default:
            e = bl_buf_putc(b, (unsigned char)*s);
        }
    }
    return e;
}

/* Code points of valid UTF-8: the bytes that do not continue a sequence. */
static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}
