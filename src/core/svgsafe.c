/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * svgsafe.c: refuse SVG documents with active content (svgsafe.h).  One
 * namespace-aware expat pass; names are compared by local name so that a
 * prefix (svg:script) or a default namespace changes nothing.
 */
#include "svgsafe.h"

#include <stdbool.h>
#include <string.h>

#include <expat.h>

#include "buf.h"

#define NS_SEP    ' ' /* expat's URI/local name separator: never inside a URI or a name */
#define DEPTH_MAX 256u

struct ctx {
    XML_Parser p;
    enum bl_err err;
    enum bl_svgsafe_why why;
    char msg[160];
    unsigned depth;
    bool in_style;
    struct bl_buf style;
};

static void refuse(struct ctx *c, enum bl_err code, enum bl_svgsafe_why why, const char *what,
                   const char *name);
static const char *local_name(const char *name);
static bool ieq(const char *a, const char *b);
static size_t squeeze(const char *s, char *out, size_t cap);
static bool has(const char *hay, const char *needle);
static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts);
static void XMLCALL on_end(void *ud, const XML_Char *name);
static void XMLCALL on_text(void *ud, const XML_Char *s, int len);
static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data);
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset);
static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation);

/* Elements that run code or embed another document. */
static const char *const active[] = {"script", "foreignObject", "iframe",  "embed",
                                     "object", "handler",       "listener"};

enum bl_err bl_svgsafe_check(const unsigned char *svg, size_t n, enum bl_svgsafe_why *why,
                             struct bl_errinfo *ei)
{
    struct ctx c;
    enum bl_err rc = BL_OK;
    if (why)
        *why = BL_SVGSAFE_OK;
    if (n > BL_SVGSAFE_MAX)
        return bl_fail(ei, BL_ETOOBIG, "SVG over %u bytes", BL_SVGSAFE_MAX);
    memset(&c, 0, sizeof c);
    bl_buf_init(&c.style, BL_SVGSAFE_STYLE_MAX);
    c.p = XML_ParserCreateNS("UTF-8", NS_SEP);
    if (!c.p)
        return bl_fail(ei, BL_ENOMEM, "SVG: no memory for the XML parser");
    XML_SetUserData(c.p, &c);
    XML_SetElementHandler(c.p, on_start, on_end);
    XML_SetCharacterDataHandler(c.p, on_text);
    XML_SetProcessingInstructionHandler(c.p, on_pi);
    XML_SetStartDoctypeDeclHandler(c.p, on_doctype);
    XML_SetEntityDeclHandler(c.p, on_entity);
    XML_SetParamEntityParsing(c.p, XML_PARAM_ENTITY_PARSING_NEVER);
    if (XML_Parse(c.p, (const char *)svg, (int)n, XML_TRUE) == XML_STATUS_ERROR && !c.err) {
        c.err = BL_ESVG;
        (void)bl_fail(ei, BL_ESVG, "SVG line %lu: %s", (unsigned long)XML_GetCurrentLineNumber(c.p),
                      XML_ErrorString(XML_GetErrorCode(c.p)));
        rc = BL_ESVG;
    } else if (c.err) {
        rc = bl_fail(ei, c.err, "%s", c.msg);
        if (why)
            *why = c.why;
    }
    XML_ParserFree(c.p);
    bl_buf_free(&c.style);
    return rc;
}

/* Record the first refusal and stop the parser. */
static void refuse(struct ctx *c, enum bl_err code, enum bl_svgsafe_why why, const char *what,
                   const char *name)
{
    if (c->err)
        return;
    c->err = code;
    c->why = why;
    size_t k = 0;
    char clip[48];
    /* Only printable ASCII of the name goes into the message. */
    for (const char *s = name ? name : ""; *s && k + 1 < sizeof clip; s++)
        clip[k++] = (*s > 0x20 && *s < 0x7f) ? *s : '?';
    clip[k] = '\0';
    struct bl_buf b;
    bl_buf_init(&b, sizeof c->msg - 1);
    if (bl_buf_printf(&b, "SVG line %lu: %s %s", (unsigned long)XML_GetCurrentLineNumber(c->p),
                      what, clip) == BL_OK)
        memcpy(c->msg, b.p, b.len + 1);
    else
        memcpy(c->msg, "SVG: refused content", sizeof "SVG: refused content");
    bl_buf_free(&b);
    XML_StopParser(c->p, XML_FALSE);
}

static const char *local_name(const char *name)
{
    const char *s = strrchr(name, NS_SEP);
    return s ? s + 1 : name;
}

/* ASCII case-insensitive equality. */
static bool ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/*
 * Lower-case s without the bytes a browser skips in a URL scheme (spaces
 * and control characters), into out[0..cap); returns the length kept.
 */
static size_t squeeze(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    for (; *s && k + 1 < cap; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch <= 0x20 || ch == 0x7f)
            continue;
        out[k++] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : (char)ch;
    }
    out[k] = '\0';
    return k;
}

static bool has(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* Is the squeezed value v a data: URL of a raster image (which runs nothing)? */
static bool raster_data(const char *v)
{
    static const char *const ok[] = {"data:image/png", "data:image/jpeg", "data:image/gif",
                                     "data:image/webp"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strncmp(v, ok[i], strlen(ok[i])) == 0)
            return true;
    return false;
}

static void check_attr(struct ctx *c, const char *name, const char *value)
{
    const char *ln = local_name(name);
    if ((ln[0] == 'o' || ln[0] == 'O') && (ln[1] == 'n' || ln[1] == 'N')) {
        refuse(c, BL_ESVG_UNSAFE, BL_SVGSAFE_HANDLER, "event handler attribute", ln);
        return;
    }
    struct bl_buf sq;
    size_t len = strlen(value);
    bl_buf_init(&sq, len + 1);
    if (bl_buf_reserve(&sq, len + 1) != BL_OK) {
        refuse(c, BL_ETOOBIG, BL_SVGSAFE_OTHER, "attribute too long:", ln);
        return;
    }
    char *v = (char *)sq.p;
    squeeze(value, v, len + 1);
    if (has(v, "javascript:") || has(v, "vbscript:"))
        refuse(c, BL_ESVG_UNSAFE, BL_SVGSAFE_URL, "script URL in attribute", ln);
    else if ((ieq(ln, "href") || ieq(ln, "src")) && strncmp(v, "data:", 5) == 0 && !raster_data(v))
        refuse(c, BL_ESVG_UNSAFE, BL_SVGSAFE_URL, "data: link that is not an image in", ln);
    /* <set attributeName="onclick" to="..."> adds a handler when it runs. */
    else if (ieq(ln, "attributeName") && strncmp(v, "on", 2) == 0)
        refuse(c, BL_ESVG_UNSAFE, BL_SVGSAFE_HANDLER, "animation of a handler attribute", v);
    bl_buf_free(&sq);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ctx *c = ud;
    const char *ln = local_name(name);
    if (c->err)
        return;
    if (++c->depth > DEPTH_MAX) {
        refuse(c, BL_ETOOBIG, BL_SVGSAFE_OTHER, "elements nested too deep at", ln);
        return;
    }
    for (size_t i = 0; i < sizeof active / sizeof active[0]; i++)
        if (ieq(ln, active[i])) {
            refuse(c, BL_ESVG_UNSAFE, BL_SVGSAFE_SCRIPT, "active element", ln);
            return;
        }
    for (size_t i = 0; atts[i] && !c->err; i += 2)
        check_attr(c, atts[i], atts[i + 1]);
    if (ieq(ln, "style")) {
        c->in_style = true;
        bl_buf_reset(&c->style);
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct ctx *c = ud;
    if (c->err)
        return;
    c->depth--;
    if (c->in_style && ieq(local_name(name), "style")) {
        c->in_style = false;
        /* Squeezed so that "@ import" or "java script:" split by blanks are caught too. */
        struct bl_buf sq;
        bl_buf_init(&sq, BL_SVGSAFE_STYLE_MAX + 1);
        if (c->style.len && bl_buf_reserve(&sq, c->style.len + 1) == BL_OK) {
            squeeze((const char *)c->style.p, (char *)sq.p, c->style.len + 1);
            if (has((char *)sq.p, "javascript:") || has((char *)sq.p, "vbscript:") ||
                has((char *)sq.p, "@import") || has((char *)sq.p, "expression("))
                refuse(c, BL_ESVG_UNSAFE, BL_SVGSAFE_OTHER, "style sheet that loads or runs",
                       "code");
        }
        bl_buf_free(&sq);
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct ctx *c = ud;
    if (c->err || !c->in_style || len <= 0)
        return;
    /* A NUL inside would hide the rest from the checks: count it as a blank. */
    for (int i = 0; i < len && !c->err; i++)
        if (bl_buf_putc(&c->style, s[i] ? (unsigned char)s[i] : ' ') != BL_OK)
            refuse(c, BL_ETOOBIG, BL_SVGSAFE_OTHER, "style sheet over the limit in", "style");
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data)
{
    (void)data;
    refuse(ud, BL_ESVG_UNSAFE, BL_SVGSAFE_OTHER, "processing instruction", target);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    refuse(ud, BL_ESVG_UNSAFE, BL_SVGSAFE_OTHER, "DOCTYPE", name);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    (void)is_param;
    (void)value;
    (void)value_len;
    (void)base;
    (void)sysid;
    (void)pubid;
    (void)notation;
    refuse(ud, BL_ESVG_UNSAFE, BL_SVGSAFE_OTHER, "entity declaration", name);
}
