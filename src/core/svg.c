/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * svg.c: extract and bake Open Badges in SVG documents held in memory.  One
 * namespace-aware expat pass checks the whole document (UTF-8 only, no DTD
 * declarations, no entities, bounded depth, root <svg>) and records what the
 * two entry points need: the badge element's attribute and text for
 * extraction, the byte ranges of the root start tag and of the existing
 * badge element for baking.  Baking then splices bytes so that everything
 * outside those ranges is kept exactly.  See docs/internals/svg.md.
 */
#include <expat.h>
#include <stdarg.h>
#include <stdio.h> /* vsnprintf, for messages only */
#include <string.h>

#include "limits.h"
#include "mem.h"
#include "svg.h"
#include "utf8.h"

/*
 * expat joins a namespace URI and a local name with this byte.  A local name
 * cannot contain it, so the last one in a name is the split point even when
 * the URI holds one (it may, through &#10;).
 */
#define NS_SEP    '\n'
#define NS_SVG    "http://www.w3.org/2000/svg"
#define OB_PREFIX "openbadges"
/* Bytes handed to expat per call: XML_Parse takes an int length. */
#define CHUNK ((size_t)1 << 20)

struct ctx {
    XML_Parser p;
    const unsigned char *in;
    size_t n;
    int bake;              /* record ranges and namespace use, not text */
    enum bl_err code;      /* first error a handler found; BL_OK until then */
    struct bl_errinfo err; /* its message */
    unsigned depth;
    int doctype; /* a (harmless) DOCTYPE was seen: check start tags for refs */
    int ascii;   /* the XML declaration says US-ASCII */
    /* The root element. */
    int root_seen;
    size_t root_start, root_end; /* start tag: [root_start, root_end) */
    char *root_ob;               /* URI the root binds prefix openbadges to */
    /* The badge element. */
    int found;
    enum bl_obver ver;
    unsigned badge_depth; /* its depth while inside it, 0 elsewhere */
    int badge_empty;      /* written as an empty-element tag */
    size_t badge_start, badge_tag_end, badge_end;
    unsigned long line, column;
    char *verify;
    size_t verify_len;
    struct bl_buf body;
    size_t tail_ws; /* XML white space at the end of body */
    /* Baking: a badge namespace is used outside the badge element. */
    int used_ob2, used_ob3;
};

static enum bl_err parse(struct ctx *c, const unsigned char *svg, size_t n, int bake);
static void ctx_free(struct ctx *c);
static enum bl_err check_text(const char *s, size_t n, const char *what, struct bl_errinfo *ei);
static int is_blank(const char *s, size_t n);
static enum bl_err put_element(struct bl_buf *b, enum bl_obver ver, const char *verify,
                               size_t verify_len, const char *body, size_t body_len, int ascii);
static int tag_attr(const unsigned char *t, size_t n, const char *name, size_t *vs, size_t *ve);
static size_t tag_name_len(const unsigned char *t, size_t n);

void bl_svg_badge_free(struct bl_svg_badge *b)
{
    if (b == NULL)
        return;
    bl_free(b->verify);
    bl_free(b->body);
    memset(b, 0, sizeof(*b));
}

enum bl_err bl_svg_extract(const unsigned char *svg, size_t n, struct bl_svg_badge *out,
                           struct bl_errinfo *ei)
{
    struct ctx c;
    enum bl_err rc;
    size_t len;

    bl_errinfo_clear(ei);
    if (out == NULL || (svg == NULL && n > 0))
        return bl_fail(ei, BL_EINVAL, "bl_svg_extract: no input or no output");
    memset(out, 0, sizeof(*out));
    rc = parse(&c, svg, n, 0);
    if (rc != BL_OK) {
        if (ei != NULL)
            *ei = c.err;
        goto out;
    }
    if (!c.found) {
        rc = bl_fail(ei, BL_ENOTFOUND,
                     "SVG has no badge element ({" BL_SVG_NS_OB2 "}" BL_SVG_ELEM_OB2
                     " or {" BL_SVG_NS_OB3 "}" BL_SVG_ELEM_OB3 ")");
        goto out;
    }
    /* Leading white space was never stored; drop the trailing run. */
    len = c.body.len - c.tail_ws;
    if (len > BL_PAYLOAD_MAX) {
        rc = bl_fail(ei, BL_ETOOBIG, "SVG line %lu, column %lu: badge content is over %u bytes",
                     c.line, c.column + 1, BL_PAYLOAD_MAX);
        goto out;
    }
    out->ver = c.ver;
    out->verify = c.verify;
    out->verify_len = c.verify_len;
    c.verify = NULL;
    if (len > 0) {
        out->body = bl_strndup((const char *)c.body.p, len);
        out->body_len = len;
    }
    out->offset = c.badge_start;
    out->line = c.line;
    out->column = c.column;
out:
    ctx_free(&c);
    return rc;
}

enum bl_err bl_svg_bake(const unsigned char *svg, size_t n, enum bl_obver ver, const char *verify,
                        size_t verify_len, const char *body, size_t body_len, struct bl_buf *out,
                        struct bl_errinfo *ei)
{
    struct ctx c;
    struct bl_buf tmp;
    enum bl_err rc;
    const char *ns, *other;
    int used_other, add_xmlns = 0, rewrite = 0, selfclose;
    size_t vs = 0, ve = 0, close_at, pos;

    bl_errinfo_clear(ei);
    memset(&c, 0, sizeof(c));
    bl_buf_init(&tmp, 0);
    if (out == NULL || (svg == NULL && n > 0) || (verify == NULL && verify_len > 0) ||
        (body == NULL && body_len > 0))
        return bl_fail(ei, BL_EINVAL, "bl_svg_bake: missing input or output");
    if (ver != BL_OB2 && ver != BL_OB3)
        return bl_fail(ei, BL_EINVAL, "SVG baking needs Open Badges 2.0 or 3.0");
    /* A blank body would read back as no body: treat it as none. */
    if (body != NULL && is_blank(body, body_len)) {
        body = NULL;
        body_len = 0;
    }
    if (verify == NULL && body == NULL)
        return bl_fail(ei, BL_EINVAL, "nothing to bake: no verify value and no body");
    if (verify_len > BL_PAYLOAD_MAX || body_len > BL_PAYLOAD_MAX)
        return bl_fail(ei, BL_ETOOBIG, "badge payload is over %u bytes", BL_PAYLOAD_MAX);
    rc = check_text(verify, verify_len, "verify value", ei);
    if (rc == BL_OK)
        rc = check_text(body, body_len, "badge body", ei);
    if (rc != BL_OK)
        return rc;

    rc = parse(&c, svg, n, 1);
    if (rc != BL_OK) {
        if (ei != NULL)
            *ei = c.err;
        goto out;
    }
    ns = ver == BL_OB2 ? BL_SVG_NS_OB2 : BL_SVG_NS_OB3;
    other = ver == BL_OB2 ? BL_SVG_NS_OB3 : BL_SVG_NS_OB2;
    used_other = ver == BL_OB2 ? c.used_ob3 : c.used_ob2;
    if (c.root_ob == NULL) {
        add_xmlns = 1;
    } else if (strcmp(c.root_ob, other) == 0 && !used_other) {
        /*
         * Re-baking 2.0 as 3.0 (or back): the root binds the prefix to the
         * other badge namespace, which only the element being replaced used,
         * so the declaration can be switched in place.
         */
        rewrite = 1;
    } else if (strcmp(c.root_ob, ns) != 0) {
        char u[80];
        size_t k;

        /* Keep the message on one line whatever the URI holds. */
        for (k = 0; c.root_ob[k] != '\0' && k + 1 < sizeof(u); k++)
            u[k] = (unsigned char)c.root_ob[k] < 0x20 ? '?' : c.root_ob[k];
        u[k] = '\0';
        rc = bl_fail(ei, BL_ESVG,
                     "SVG root element binds prefix " OB_PREFIX
                     " to \"%s\", not %s: cannot add the badge element",
                     u, ns);
        goto out;
    }

    selfclose = svg[c.root_end - 2] == '/';
    close_at = c.root_end - (selfclose ? 2 : 1);
    if (rewrite &&
        !tag_attr(svg + c.root_start, c.root_end - c.root_start, "xmlns:" OB_PREFIX, &vs, &ve)) {
        rc = bl_fail(ei, BL_ESVG, "SVG root start tag: cannot locate xmlns:" OB_PREFIX);
        goto out;
    }
    /* Build aside, so that out is untouched on any error. */
    bl_buf_init(&tmp, out->len < out->max ? out->max - out->len : 0);
    if (rewrite) {
        vs += c.root_start;
        ve += c.root_start;
        rc = bl_buf_append(&tmp, svg, vs);
        if (rc == BL_OK)
            rc = bl_buf_puts(&tmp, ns);
        if (rc == BL_OK)
            rc = bl_buf_append(&tmp, svg + ve, close_at - ve);
    } else {
        rc = bl_buf_append(&tmp, svg, close_at);
    }
    if (rc == BL_OK && add_xmlns)
        rc = bl_buf_printf(&tmp, " xmlns:" OB_PREFIX "=\"%s\"", ns);
    if (rc == BL_OK)
        rc = bl_buf_putc(&tmp, '>');
    if (rc == BL_OK)
        rc = put_element(&tmp, ver, verify, verify_len, body, body_len, c.ascii);
    if (rc == BL_OK && selfclose) {
        /* <svg .../> becomes <svg ...>badge</svg>, with the root's own name. */
        rc = bl_buf_puts(&tmp, "</");
        if (rc == BL_OK)
            rc = bl_buf_append(&tmp, svg + c.root_start + 1,
                               tag_name_len(svg + c.root_start, c.root_end - c.root_start));
        if (rc == BL_OK)
            rc = bl_buf_putc(&tmp, '>');
    }
    pos = c.root_end;
    if (rc == BL_OK && c.found) {
        rc = bl_buf_append(&tmp, svg + pos, c.badge_start - pos);
        pos = c.badge_end;
    }
    if (rc == BL_OK)
        rc = bl_buf_append(&tmp, svg + pos, n - pos);
    if (rc != BL_OK) {
        rc = bl_fail(ei, rc, "baked SVG would be over the output limit of %zu bytes", out->max);
        goto out;
    }
    rc = bl_buf_append(out, tmp.p, tmp.len);
out:
    bl_buf_free(&tmp);
    ctx_free(&c);
    return rc;
}

/* ---- expat pass ---- */

static int is_ws(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int is_blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!is_ws((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Record the first error with the parser's position, and stop it. */
BL_PRINTF(3, 4)
static void stop(struct ctx *c, enum bl_err code, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    if (c->code != BL_OK)
        return;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->code = bl_fail(&c->err, code, "SVG line %lu, column %lu: %s",
                      (unsigned long)XML_GetCurrentLineNumber(c->p),
                      (unsigned long)XML_GetCurrentColumnNumber(c->p) + 1, msg);
    XML_StopParser(c->p, XML_FALSE);
}

/* Copy s into dst for a message: at most cap - 1 bytes, no control bytes. */
static const char *clip(char *dst, size_t cap, const char *s, size_t n)
{
    size_t k;

    for (k = 0; k < n && k + 1 < cap; k++)
        dst[k] = (unsigned char)s[k] < 0x20 || s[k] == 0x7f ? '?' : s[k];
    dst[k] = '\0';
    return dst;
}

/* Split an expat name into URI (NULL when none) and local name. */
static const char *split(const char *name, size_t *urilen)
{
    const char *sep = strrchr(name, NS_SEP);

    if (sep == NULL) {
        *urilen = 0;
        return name;
    }
    *urilen = (size_t)(sep - name);
    return sep + 1;
}

static int ns_is(const char *name, size_t urilen, const char *uri)
{
    return urilen == strlen(uri) && memcmp(name, uri, urilen) == 0;
}

static enum bl_obver badge_ver(const char *name)
{
    size_t ul;
    const char *local = split(name, &ul);

    if (ns_is(name, ul, BL_SVG_NS_OB2) && strcmp(local, BL_SVG_ELEM_OB2) == 0)
        return BL_OB2;
    if (ns_is(name, ul, BL_SVG_NS_OB3) && strcmp(local, BL_SVG_ELEM_OB3) == 0)
        return BL_OB3;
    return BL_OB_UNKNOWN;
}

static void note_ns(struct ctx *c, const char *name)
{
    size_t ul;

    (void)split(name, &ul);
    if (ns_is(name, ul, BL_SVG_NS_OB2))
        c->used_ob2 = 1;
    else if (ns_is(name, ul, BL_SVG_NS_OB3))
        c->used_ob3 = 1;
}

/*
 * With a DOCTYPE that has an external identifier, expat silently drops a
 * reference to an undeclared entity inside an attribute value.  Refuse it
 * instead: in a start tag '&' can only begin a reference in a value.
 */
static int has_entity_ref(const unsigned char *t, size_t n)
{
    static const char *const predef[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
    size_t i, k;

    for (i = 0; i < n; i++) {
        int ok = 0;

        if (t[i] != '&' || (i + 1 < n && t[i + 1] == '#'))
            continue;
        for (k = 0; k < sizeof(predef) / sizeof(predef[0]); k++) {
            size_t l = strlen(predef[k]);

            if (n - i - 1 >= l && memcmp(t + i + 1, predef[k], l) == 0)
                ok = 1;
        }
        if (!ok)
            return 1;
    }
    return 0;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ctx *c = ud;
    XML_Index ix = XML_GetCurrentByteIndex(c->p);
    int cnt = XML_GetCurrentByteCount(c->p);
    size_t pos, end, ul;
    const char *local;
    enum bl_obver ver;
    char a[64], b[80];
    int i;

    if (c->code != BL_OK)
        return;
    c->depth++;
    if (c->depth > BL_SVG_MAX_DEPTH) {
        stop(c, BL_ETOOBIG, "elements nested deeper than %u", BL_SVG_MAX_DEPTH);
        return;
    }
    if (ix < 0 || cnt < 2 || (size_t)ix > c->n || (size_t)cnt > c->n - (size_t)ix) {
        stop(c, BL_ESVG, "cannot locate the start tag");
        return;
    }
    pos = (size_t)ix;
    end = pos + (size_t)cnt;
    if (c->doctype && has_entity_ref(c->in + pos, end - pos)) {
        stop(c, BL_ESVG_UNSAFE, "entity reference in an attribute value refused");
        return;
    }
    local = split(name, &ul);
    if (!c->root_seen) {
        if (strcmp(local, "svg") != 0) {
            stop(c, BL_ESVG, "root element is <%s>, not <svg>",
                 clip(a, sizeof(a), local, strlen(local)));
            return;
        }
        if (ul != 0 && !ns_is(name, ul, NS_SVG)) {
            stop(c, BL_ESVG, "root element <svg> is in namespace \"%s\", not " NS_SVG,
                 clip(b, sizeof(b), name, ul));
            return;
        }
        c->root_seen = 1;
        c->root_start = pos;
        c->root_end = end;
    }
    ver = badge_ver(name);
    if (ver != BL_OB_UNKNOWN) {
        if (c->found) {
            stop(c, BL_EDUPLICATE, "second badge element; the first is at line %lu", c->line);
            return;
        }
        c->found = 1;
        c->ver = ver;
        c->badge_depth = c->depth;
        c->badge_start = pos;
        c->badge_tag_end = end;
        c->badge_empty = c->in[end - 2] == '/';
        c->line = (unsigned long)XML_GetCurrentLineNumber(c->p);
        c->column = (unsigned long)XML_GetCurrentColumnNumber(c->p);
        for (i = 0; !c->bake && atts[i] != NULL; i += 2) {
            size_t vl;

            if (strcmp(atts[i], "verify") != 0)
                continue;
            vl = strlen(atts[i + 1]);
            if (vl > BL_PAYLOAD_MAX) {
                stop(c, BL_ETOOBIG, "verify attribute is over %u bytes", BL_PAYLOAD_MAX);
                return;
            }
            c->verify = bl_strndup(atts[i + 1], vl);
            c->verify_len = vl;
        }
    }
    if (c->bake && c->badge_depth == 0) {
        note_ns(c, name);
        for (i = 0; atts[i] != NULL; i += 2)
            note_ns(c, atts[i]);
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct ctx *c = ud;

    (void)name;
    if (c->code != BL_OK)
        return;
    if (c->badge_depth != 0 && c->badge_depth == c->depth) {
        XML_Index ix = XML_GetCurrentByteIndex(c->p);
        int cnt = XML_GetCurrentByteCount(c->p);

        if (c->badge_empty) {
            c->badge_end = c->badge_tag_end;
        } else if (ix < 0 || cnt < 0 || (size_t)ix < c->badge_tag_end || (size_t)ix > c->n ||
                   (size_t)cnt > c->n - (size_t)ix) {
            stop(c, BL_ESVG, "cannot locate the badge end tag");
            return;
        } else {
            c->badge_end = (size_t)ix + (size_t)cnt;
        }
        c->badge_depth = 0;
    }
    c->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct ctx *c = ud;
    size_t n = len > 0 ? (size_t)len : 0, i = 0, t;

    if (c->code != BL_OK || c->bake || c->badge_depth == 0)
        return;
    /* Leading white space is never stored; the trailing run is counted. */
    if (c->body.len == 0)
        while (i < n && is_ws((unsigned char)s[i]))
            i++;
    if (i == n)
        return;
    for (t = 0; t < n - i && is_ws((unsigned char)s[n - 1 - t]); t++)
        ;
    /* No cap of its own: the text is never longer than the input. */
    if (bl_buf_append(&c->body, s + i, n - i) != BL_OK) {
        stop(c, BL_ETOOBIG, "badge content is too big");
        return;
    }
    c->tail_ws = t == n - i ? c->tail_ws + t : t;
    if (c->body.len - c->tail_ws > BL_PAYLOAD_MAX)
        stop(c, BL_ETOOBIG, "badge content is over %u bytes", BL_PAYLOAD_MAX);
}

static void XMLCALL on_ns(void *ud, const XML_Char *prefix, const XML_Char *uri)
{
    struct ctx *c = ud;

    /* Declarations reported before the root's start tag are the root's. */
    if (c->code != BL_OK || c->root_seen || prefix == NULL || strcmp(prefix, OB_PREFIX) != 0)
        return;
    bl_free(c->root_ob);
    c->root_ob = bl_strdup(uri != NULL ? uri : "");
}

/* ASCII case-insensitive equality, for encoding names. */
static int same_ci(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;

        if (x != y)
            return 0;
    }
    return *a == *b;
}

static void XMLCALL on_xmldecl(void *ud, const XML_Char *version, const XML_Char *encoding,
                               int standalone)
{
    struct ctx *c = ud;
    char e[40];

    (void)version;
    (void)standalone;
    if (c->code != BL_OK || encoding == NULL || same_ci(encoding, "UTF-8"))
        return;
    if (same_ci(encoding, "US-ASCII")) {
        c->ascii = 1;
        return;
    }
    /* Baking inserts UTF-8 bytes at byte offsets: only UTF-8 is safe. */
    stop(c, BL_EUTF8, "encoding \"%s\" refused: only UTF-8 SVG is accepted",
         clip(e, sizeof(e), encoding, strlen(encoding)));
}

static int starts_with(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    struct ctx *c = ud;
    char s[80];

    (void)name;
    (void)pubid;
    if (c->code != BL_OK)
        return;
    /*
     * Entities and other declarations can only come from an internal subset
     * (the external one is never read), so a DOCTYPE without one is inert.
     * Editors write the W3C SVG DOCTYPE; a system identifier elsewhere is
     * refused, lest a laxer reader downstream fetch it.
     */
    if (has_internal_subset) {
        stop(c, BL_ESVG_UNSAFE,
             "DOCTYPE with an internal subset refused (no DTD declarations "
             "or entities are allowed)");
        return;
    }
    if (sysid != NULL && !starts_with(sysid, "http://www.w3.org/") &&
        !starts_with(sysid, "https://www.w3.org/")) {
        stop(c, BL_ESVG_UNSAFE, "DOCTYPE with system identifier \"%s\" refused",
             clip(s, sizeof(s), sysid, strlen(sysid)));
        return;
    }
    c->doctype = 1;
}

static void XMLCALL on_entity(void *ud, const XML_Char *entityName, int is_parameter_entity,
                              const XML_Char *value, int value_length, const XML_Char *base,
                              const XML_Char *systemId, const XML_Char *publicId,
                              const XML_Char *notationName)
{
    (void)entityName;
    (void)is_parameter_entity;
    (void)value;
    (void)value_length;
    (void)base;
    (void)systemId;
    (void)publicId;
    (void)notationName;
    stop(ud, BL_ESVG_UNSAFE, "entity declaration refused");
}

static void XMLCALL on_unparsed(void *ud, const XML_Char *entityName, const XML_Char *base,
                                const XML_Char *systemId, const XML_Char *publicId,
                                const XML_Char *notationName)
{
    (void)entityName;
    (void)base;
    (void)systemId;
    (void)publicId;
    (void)notationName;
    stop(ud, BL_ESVG_UNSAFE, "unparsed entity declaration refused");
}

static void XMLCALL on_notation(void *ud, const XML_Char *notationName, const XML_Char *base,
                                const XML_Char *systemId, const XML_Char *publicId)
{
    (void)notationName;
    (void)base;
    (void)systemId;
    (void)publicId;
    stop(ud, BL_ESVG_UNSAFE, "notation declaration refused");
}

static void XMLCALL on_skipped(void *ud, const XML_Char *entityName, int is_parameter_entity)
{
    char e[40];

    (void)is_parameter_entity;
    stop(ud, BL_ESVG_UNSAFE, "reference to undeclared entity &%s; refused",
         clip(e, sizeof(e), entityName, strlen(entityName)));
}

static int XMLCALL on_extref(XML_Parser p, const XML_Char *context, const XML_Char *base,
                             const XML_Char *systemId, const XML_Char *publicId)
{
    struct ctx *c = XML_GetUserData(p);

    (void)context;
    (void)base;
    (void)systemId;
    (void)publicId;
    if (c->code == BL_OK)
        c->code = bl_fail(&c->err, BL_ESVG_UNSAFE,
                          "SVG line %lu, column %lu: external entity reference refused",
                          (unsigned long)XML_GetCurrentLineNumber(p),
                          (unsigned long)XML_GetCurrentColumnNumber(p) + 1);
    return XML_STATUS_ERROR;
}

/* Line and column (1-based) of byte off, counting like expat. */
static void locate(const unsigned char *s, size_t off, unsigned long *line, unsigned long *col)
{
    size_t i;

    *line = 1;
    *col = 1;
    for (i = 0; i < off; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n'))) {
            (*line)++;
            *col = 1;
        } else if ((s[i] & 0xc0) != 0x80 && s[i] != '\r') {
            (*col)++;
        }
    }
}

static enum bl_err map_error(enum XML_Error e)
{
    switch (e) {
    case XML_ERROR_NO_MEMORY:
        return BL_ENOMEM;
    case XML_ERROR_UNKNOWN_ENCODING:
    case XML_ERROR_INCORRECT_ENCODING:
        return BL_EUTF8;
    case XML_ERROR_UNDEFINED_ENTITY:
    case XML_ERROR_RECURSIVE_ENTITY_REF:
    case XML_ERROR_BINARY_ENTITY_REF:
    case XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF:
    case XML_ERROR_EXTERNAL_ENTITY_HANDLING:
    case XML_ERROR_ENTITY_DECLARED_IN_PE:
    case XML_ERROR_PARAM_ENTITY_REF:
    case XML_ERROR_NOT_STANDALONE:
    case XML_ERROR_AMPLIFICATION_LIMIT_BREACH:
        return BL_ESVG_UNSAFE;
    default:
        return BL_ESVG;
    }
}

/*
 * Check and parse svg[0..n) into c (which the caller frees with ctx_free
 * whatever the result).  On error c->err has the message.
 */
static enum bl_err parse(struct ctx *c, const unsigned char *svg, size_t n, int bake)
{
    static const XML_Memory_Handling_Suite mem = {bl_malloc, bl_realloc, bl_free};
    static const XML_Char sep[] = {NS_SEP, '\0'};
    size_t off = 0, bad;
    unsigned long line, col;

    memset(c, 0, sizeof(*c));
    bl_buf_init(&c->body, SIZE_MAX);
    c->in = svg;
    c->n = n;
    c->bake = bake;
    if (n >= 2 && ((svg[0] == 0xfe && svg[1] == 0xff) || (svg[0] == 0xff && svg[1] == 0xfe)))
        return c->code = bl_fail(&c->err, BL_EUTF8,
                                 "SVG line 1, column 1: UTF-16 byte order mark: only UTF-8 SVG "
                                 "is accepted");
    if (n >= 2 && (svg[0] == 0 || svg[1] == 0))
        return c->code = bl_fail(&c->err, BL_EUTF8,
                                 "SVG line 1, column 1: NUL byte, as in UTF-16 or UTF-32: only "
                                 "UTF-8 SVG is accepted");
    bad = bl_utf8_check(svg, n);
    if (bad != n) {
        locate(svg, bad, &line, &col);
        return c->code = bl_fail(&c->err, BL_EUTF8,
                                 "SVG line %lu, column %lu: byte 0x%02x is not valid UTF-8 (only "
                                 "UTF-8 SVG is accepted)",
                                 line, col, svg[bad]);
    }

    c->p = XML_ParserCreate_MM(NULL, &mem, sep);
    if (c->p == NULL)
        return c->code = bl_fail(&c->err, BL_ENOMEM, "cannot create the XML parser");
    XML_SetUserData(c->p, c);
    XML_SetElementHandler(c->p, on_start, on_end);
    XML_SetCharacterDataHandler(c->p, on_text);
    XML_SetStartNamespaceDeclHandler(c->p, on_ns);
    XML_SetXmlDeclHandler(c->p, on_xmldecl);
    XML_SetStartDoctypeDeclHandler(c->p, on_doctype);
    XML_SetEntityDeclHandler(c->p, on_entity);
    XML_SetUnparsedEntityDeclHandler(c->p, on_unparsed);
    XML_SetNotationDeclHandler(c->p, on_notation);
    XML_SetSkippedEntityHandler(c->p, on_skipped);
    XML_SetExternalEntityRefHandler(c->p, on_extref);
    /* The default, said out loud: never read an external DTD. */
    XML_SetParamEntityParsing(c->p, XML_PARAM_ENTITY_PARSING_NEVER);

    do {
        size_t len = n - off < CHUNK ? n - off : CHUNK;
        int last = off + len == n;
        /* svg may be NULL when n is 0: no arithmetic on it then. */
        const char *at = len > 0 ? (const char *)svg + off : "";

        if (XML_Parse(c->p, at, (int)len, last) != XML_STATUS_OK) {
            enum XML_Error e = XML_GetErrorCode(c->p);

            if (c->code != BL_OK)
                return c->code;
            return c->code = bl_fail(&c->err, map_error(e), "SVG line %lu, column %lu: %s",
                                     (unsigned long)XML_GetCurrentLineNumber(c->p),
                                     (unsigned long)XML_GetCurrentColumnNumber(c->p) + 1,
                                     XML_ErrorString(e));
        }
        off += len;
    } while (off < n);
    if (c->code != BL_OK)
        return c->code;
    /* Unreachable for a well-formed document; kept so bake can rely on it. */
    if (!c->root_seen || c->root_end - c->root_start < 2 || svg[c->root_start] != '<' ||
        svg[c->root_end - 1] != '>' || (c->found && c->badge_end < c->badge_start))
        return c->code = bl_fail(&c->err, BL_ESVG, "SVG structure could not be located");
    return BL_OK;
}

static void ctx_free(struct ctx *c)
{
    if (c->p != NULL)
        XML_ParserFree(c->p);
    bl_free(c->root_ob);
    bl_free(c->verify);
    bl_buf_free(&c->body);
    memset(c, 0, sizeof(*c));
}

/* ---- writing ---- */

/* Decode the code point at s[*i] (valid UTF-8) and step past it. */
static unsigned long next_cp(const unsigned char *s, size_t *i)
{
    unsigned char c = s[*i];
    unsigned long cp;
    size_t k, more;

    if (c < 0x80) {
        (*i)++;
        return c;
    }
    more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
    cp = c & (0x3f >> more);
    for (k = 1; k <= more; k++)
        cp = (cp << 6) | (s[*i + k] & 0x3f);
    *i += more + 1;
    return cp;
}

/* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
static enum bl_err check_text(const char *s, size_t n, const char *what, struct bl_errinfo *ei)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, at;

    if (s == NULL)
        return BL_OK;
    at = bl_utf8_check(u, n);
    if (at != n)
        return bl_fail(ei, BL_EINVAL, "%s is not valid UTF-8 (byte %zu)", what, at);
    while (i < n) {
        unsigned long cp;

        at = i;
        cp = next_cp(u, &i);
        if ((cp < 0x20 && cp != 0x9 && cp != 0xa && cp != 0xd) || cp == 0xfffe || cp == 0xffff)
            return bl_fail(ei, BL_EINVAL, "%s: character U+%04lX at byte %zu is not allowed in XML",
                           what, cp, at);
    }
    return BL_OK;
}

static enum bl_err put_attr(struct bl_buf *b, const char *s, size_t n, int ascii)
{
    const unsigned char *u = (const unsigned char *)s;
    enum bl_err rc = BL_OK;
    size_t i = 0, run = 0;

    while (rc == BL_OK && i < n) {
        unsigned char c = u[i];
        const char *rep = NULL;

        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        /* Attribute-value normalisation would turn these into spaces. */
        case '\t':
            rep = "&#9;";
            break;
        case '\n':
            rep = "&#10;";
            break;
        case '\r':
            rep = "&#13;";
            break;
        default:
            break;
        }
        if (rep == NULL && !(ascii && c >= 0x80)) {
            i++;
            continue;
        }
        rc = bl_buf_append(b, u + run, i - run);
        if (rc != BL_OK)
            break;
        if (rep != NULL) {
            rc = bl_buf_puts(b, rep);
            i++;
        } else {
            rc = bl_buf_printf(b, "&#x%lX;", next_cp(u, &i));
        }
        run = i;
    }
    if (rc == BL_OK)
        rc = bl_buf_append(b, u + run, n - run);
    return rc;
}

/*
 * The body as CDATA.  A "]]>" is split across two sections; a CR (which a
 * parser turns into LF even in CDATA) and, in a US-ASCII document, any
 * non-ASCII character go between sections as character references, so the
 * text reads back byte for byte.
 */
static enum bl_err put_body(struct bl_buf *b, const char *s, size_t n, int ascii)
{
    const unsigned char *u = (const unsigned char *)s;
    enum bl_err rc = BL_OK;
    size_t i = 0, run = 0;
    int open = 0;

    while (rc == BL_OK && i < n) {
        unsigned char c = u[i];
        int split = c == ']' && n - i >= 3 && u[i + 1] == ']' && u[i + 2] == '>';
        int ref = c == '\r' || (ascii && c >= 0x80);

        if (!split && !ref) {
            if (!open)
                rc = bl_buf_puts(b, "<![CDATA[");
            open = 1;
            i++;
            continue;
        }
        rc = bl_buf_append(b, u + run, i - run);
        if (rc != BL_OK)
            break;
        if (split) {
            rc = bl_buf_puts(b, open ? "]]]]><![CDATA[>" : "<![CDATA[]]]]><![CDATA[>");
            open = 1;
            i += 3;
        } else {
            if (open)
                rc = bl_buf_puts(b, "]]>");
            open = 0;
            if (rc == BL_OK)
                rc = bl_buf_printf(b, "&#x%lX;", next_cp(u, &i));
        }
        run = i;
    }
    if (rc == BL_OK)
        rc = bl_buf_append(b, u + run, n - run);
    if (rc == BL_OK && open)
        rc = bl_buf_puts(b, "]]>");
    return rc;
}

static enum bl_err put_element(struct bl_buf *b, enum bl_obver ver, const char *verify,
                               size_t verify_len, const char *body, size_t body_len, int ascii)
{
    const char *local = ver == BL_OB2 ? BL_SVG_ELEM_OB2 : BL_SVG_ELEM_OB3;
    enum bl_err rc;

    rc = bl_buf_printf(b, "<" OB_PREFIX ":%s", local);
    if (rc == BL_OK && verify != NULL) {
        rc = bl_buf_puts(b, " verify=\"");
        if (rc == BL_OK)
            rc = put_attr(b, verify, verify_len, ascii);
        if (rc == BL_OK)
            rc = bl_buf_putc(b, '"');
    }
    if (rc != BL_OK)
        return rc;
    if (body == NULL)
        return bl_buf_puts(b, "/>");
    rc = bl_buf_putc(b, '>');
    if (rc == BL_OK)
        rc = put_body(b, body, body_len, ascii);
    if (rc == BL_OK)
        rc = bl_buf_printf(b, "</" OB_PREFIX ":%s>", local);
    return rc;
}

/* Length of the element name of the start tag t[0..n) (t[0] is '<'). */
static size_t tag_name_len(const unsigned char *t, size_t n)
{
    size_t i = 1;

    while (i < n && !is_ws(t[i]) && t[i] != '/' && t[i] != '>')
        i++;
    return i - 1;
}

/*
 * Find attribute `name` in the start tag t[0..n), which expat has already
 * found well-formed; [*vs, *ve) gets its raw value.  Returns 1 when found.
 */
static int tag_attr(const unsigned char *t, size_t n, const char *name, size_t *vs, size_t *ve)
{
    size_t i = 1 + tag_name_len(t, n), k, nl = strlen(name);

    for (;;) {
        int match;
        unsigned char q;

        while (i < n && is_ws(t[i]))
            i++;
        if (i >= n || t[i] == '/' || t[i] == '>')
            return 0;
        k = i;
        while (i < n && t[i] != '=' && !is_ws(t[i]))
            i++;
        match = i - k == nl && memcmp(t + k, name, nl) == 0;
        while (i < n && is_ws(t[i]))
            i++;
        if (i >= n || t[i] != '=')
            return 0;
        i++;
        while (i < n && is_ws(t[i]))
            i++;
        if (i >= n || (t[i] != '"' && t[i] != '\''))
            return 0;
        q = t[i++];
        k = i;
        while (i < n && t[i] != q)
            i++;
        if (i >= n)
            return 0;
        if (match) {
            *vs = k;
            *ve = i;
            return 1;
        }
        i++;
    }
}
