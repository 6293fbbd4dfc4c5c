/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * badgeart.h: generated badge images.  A badge image is described by four
 * choices (a shape, a colour of a small palette that keeps white text
 * readable, a built-in pictogram, a short text) and drawn as an SVG by a
 * pure function: the same choices always give the same bytes.  The choices
 * travel as a small JSON object, which is what the store keeps
 * (docs/internals/badgeart.md).
 */
#ifndef BL_BADGEART_H
#define BL_BADGEART_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Most characters (code points) of the text. */
#define BL_BADGEART_TEXT_MAX 12u
/* Largest JSON description parsed. */
#define BL_BADGEART_JSON_MAX 1024u
/* Width and height of the drawing, in pixels. */
#define BL_BADGEART_SIZE 512u
/* Largest SVG drawn (the longest pictogram and text fit well within). */
#define BL_BADGEART_SVG_MAX (16u * 1024u)

enum bl_badgeart_kind { BL_BADGEART_SHAPE, BL_BADGEART_COLOUR, BL_BADGEART_PICTO };

/* One choice: its identifier (ASCII, kept in JSON), its French label, and its value. */
struct bl_badgeart_choice {
    const char *id;
    const char *label;
    const char *value; /* colour: "#rrggbb"; shape and pictogram: SVG drawing */
};

struct bl_badgeart {
    unsigned shape, colour, picto;           /* indexes into the choices */
    char text[BL_BADGEART_TEXT_MAX * 4 + 1]; /* UTF-8, may be empty */
};

/* The choices of kind k (static table) and how many there are in *n. */
const struct bl_badgeart_choice *bl_badgeart_choices(enum bl_badgeart_kind k, size_t *n);

/*
 * Fill *out from choice identifiers and a text (NULL means "").  BL_EINVAL
 * for an unknown identifier (the message starts with the field: "shape:",
 * "colour:", "picto:"), for a text over BL_BADGEART_TEXT_MAX characters or
 * with control characters ("text:"); BL_EUTF8 when text is not UTF-8.
 */
enum bl_err bl_badgeart_from_fields(const char *shape, const char *colour, const char *picto,
                                    const char *text, struct bl_badgeart *out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Parse the JSON description p[0..n): an object with the string members
 * "shape", "colour", "picto" and optionally "text"; other members are
 * refused.  Errors as bl_badgeart_from_fields, BL_EJSON / BL_ETOOBIG for the
 * JSON itself.
 */
enum bl_err bl_badgeart_parse(const char *p, size_t n, struct bl_badgeart *out,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Append the JSON description of a (compact, members in a fixed order) to out. */
enum bl_err bl_badgeart_json(const struct bl_badgeart *a, struct bl_buf *out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Append the SVG drawing of a (BL_BADGEART_SIZE square, text XML-escaped) to out. */
enum bl_err bl_badgeart_svg(const struct bl_badgeart *a, struct bl_buf *out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
