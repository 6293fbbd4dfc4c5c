/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * multipart.c: a strict multipart/form-data parser (multipart.h).  One pass
 * over the body: delimiter, part headers (Content-Disposition and
 * Content-Type are read, other headers skipped), data up to the next
 * delimiter.  Nothing is copied but names and header values.
 */
#include "multipart.h"

#include <stdbool.h>
#include <string.h>

#include "utf8.h"

static bool is_tchar(unsigned char c);
static bool is_bchar(unsigned char c);
static int lower(int c);
static bool ieq(const char *p, size_t n, const char *lit);
static const char *skip_ows(const char *s, const char *end);
static enum bl_err param_value(const char **ps, const char *end, struct bl_arena *a, char **out,
                               struct bl_errinfo *ei);
static enum bl_err check_boundary(const char *b, size_t n, struct bl_errinfo *ei);
static enum bl_err disposition(const char *v, size_t n, struct bl_arena *a,
                               struct bl_multipart_part *part, struct bl_errinfo *ei);
static enum bl_err headers(const unsigned char *p, size_t n, size_t *pos, struct bl_arena *a,
                           struct bl_multipart_part *part, struct bl_errinfo *ei);
static const unsigned char *find_delim(const unsigned char *p, const unsigned char *end,
                                       const char *delim, size_t dlen);

enum bl_err bl_multipart_boundary(const char *content_type, struct bl_arena *a, const char **out,
                                  struct bl_errinfo *ei)
{
    const char *s, *end, *t;
    char *boundary = NULL;
    enum bl_err rc;

    *out = NULL;
    if (content_type == NULL)
        return bl_fail(ei, BL_EUNSUPPORTED, "no Content-Type");
    end = content_type + strlen(content_type);
    s = skip_ows(content_type, end);
    for (t = s; t < end && *t != ';' && *t != ' ' && *t != '\t'; t++)
        ;
    if (!ieq(s, (size_t)(t - s), "multipart/form-data"))
        return bl_fail(ei, BL_EUNSUPPORTED, "Content-Type is not multipart/form-data");
    s = skip_ows(t, end);
    while (s < end) {
        const char *name;
        char *value = NULL;
        size_t nlen;

        if (*s != ';')
            return bl_fail(ei, BL_EINVAL, "Content-Type: ';' expected at offset %zu",
                           (size_t)(s - content_type));
        s = skip_ows(s + 1, end);
        for (name = s; s < end && is_tchar((unsigned char)*s); s++)
            ;
        nlen = (size_t)(s - name);
        if (nlen == 0 || s >= end || *s != '=')
            return bl_fail(ei, BL_EINVAL, "Content-Type: parameter without '=' at offset %zu",
                           (size_t)(s - content_type));
        s++;
        rc = param_value(&s, end, a, &value, ei);
        if (rc != BL_OK)
            return rc;
        if (ieq(name, nlen, "boundary")) {
            if (boundary != NULL)
                return bl_fail(ei, BL_EINVAL, "Content-Type: two boundary parameters");
            boundary = value;
        }
        s = skip_ows(s, end);
    }
    if (boundary == NULL)
        return bl_fail(ei, BL_EINVAL, "Content-Type: no boundary parameter");
    rc = check_boundary(boundary, strlen(boundary), ei);
    if (rc == BL_OK)
        *out = boundary;
    return rc;
}

enum bl_err bl_multipart_parse(const unsigned char *p, size_t n, const char *boundary,
                               struct bl_arena *a, struct bl_multipart *out, struct bl_errinfo *ei)
{
    struct bl_multipart_part *parts = NULL;
    size_t nparts = 0, blen, dlen, pos = 0;
    char delim[BL_MULTIPART_BOUNDARY_MAX + 3];
    enum bl_err rc;

    out->parts = NULL;
    out->n = 0;
    if (boundary == NULL)
        return bl_fail(ei, BL_EINVAL, "no boundary");
    blen = strlen(boundary);
    rc = check_boundary(boundary, blen, ei);
    if (rc != BL_OK)
        return rc;
    if (n > BL_MULTIPART_MAX_BYTES)
        return bl_fail(ei, BL_ETOOBIG, "multipart body of %zu bytes is over the limit of %u", n,
                       BL_MULTIPART_MAX_BYTES);
    delim[0] = delim[1] = '-';
    memcpy(delim + 2, boundary, blen);
    dlen = blen + 2;
    if (n < dlen || memcmp(p, delim, dlen) != 0)
        return bl_fail(ei, BL_EINVAL, "the body does not start with the boundary");
    parts = bl_arena_zalloc(a, BL_MULTIPART_MAX_PARTS * sizeof *parts);
    for (;;) {
        struct bl_multipart_part *part;
        const unsigned char *next;

        pos += dlen; /* just after a delimiter */
        if (n - pos >= 2 && p[pos] == '-' && p[pos + 1] == '-')
            break; /* close delimiter; the epilogue is ignored */
        while (pos < n && (p[pos] == ' ' || p[pos] == '\t'))
            pos++; /* transport padding */
        if (n - pos < 2 || p[pos] != '\r' || p[pos + 1] != '\n')
            return bl_fail(ei, BL_EINVAL, "boundary not followed by CRLF at offset %zu", pos);
        pos += 2;
        if (nparts == BL_MULTIPART_MAX_PARTS)
            return bl_fail(ei, BL_ETOOBIG, "more than %u parts", BL_MULTIPART_MAX_PARTS);
        part = &parts[nparts];
        rc = headers(p, n, &pos, a, part, ei);
        if (rc != BL_OK)
            return rc;
        next = find_delim(p + pos, p + n, delim, dlen);
        if (next == NULL)
            return bl_fail(ei, BL_EINVAL, "part %zu has no closing boundary", nparts + 1);
        part->data = p + pos;
        part->len = (size_t)(next - (p + pos));
        nparts++;
        pos = (size_t)(next - p) + 2; /* at the delimiter, after its CRLF */
    }
    if (nparts == 0)
        return bl_fail(ei, BL_EINVAL, "no part before the closing boundary");
    out->parts = parts;
    out->n = nparts;
    return BL_OK;
}

const struct bl_multipart_part *bl_multipart_get(const struct bl_multipart *m, const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->parts[i].name, name) == 0)
            return &m->parts[i];
    return NULL;
}

/* RFC 9110 token characters. */
static bool is_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 2046 bchars (space is checked separately: not last). */
static bool is_bchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != 0 && strchr("'()+_,-./:=? ", c) != NULL);
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool ieq(const char *p, size_t n, const char *lit)
{
    if (strlen(lit) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)p[i]) != lit[i])
            return false;
    return true;
}

static const char *skip_ows(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

/* A parameter value at *ps: a token or a quoted string (quoted-pairs undone). */
static enum bl_err param_value(const char **ps, const char *end, struct bl_arena *a, char **out,
                               struct bl_errinfo *ei)
{
    const char *s = *ps, *start;
    char *v;
    size_t k = 0;

    if (s < end && *s == '"') {
        v = bl_arena_alloc(a, (size_t)(end - s));
        for (s++; s < end && *s != '"'; s++) {
            if (*s == '\\' && s + 1 < end)
                s++;
            v[k++] = *s;
        }
        if (s >= end)
            return bl_fail(ei, BL_EINVAL, "unterminated quoted string");
        v[k] = '\0';
        *ps = s + 1;
        *out = v;
        return BL_OK;
    }
    for (start = s; s < end && is_tchar((unsigned char)*s); s++)
        ;
    if (s == start)
        return bl_fail(ei, BL_EINVAL, "empty parameter value");
    *out = bl_arena_strndup(a, start, (size_t)(s - start));
    *ps = s;
    return BL_OK;
}

static enum bl_err check_boundary(const char *b, size_t n, struct bl_errinfo *ei)
{
    if (n == 0 || n > BL_MULTIPART_BOUNDARY_MAX)
        return bl_fail(ei, BL_EINVAL, "boundary of %zu characters (1 to %u allowed)", n,
                       BL_MULTIPART_BOUNDARY_MAX);
    for (size_t i = 0; i < n; i++)
        if (!is_bchar((unsigned char)b[i]))
            return bl_fail(ei, BL_EINVAL, "boundary has a character RFC 2046 refuses");
    if (b[n - 1] == ' ')
        return bl_fail(ei, BL_EINVAL, "boundary ends with a space");
    return BL_OK;
}

/* Content-Disposition: form-data; name="x"; filename="y" (RFC 7578 §4.2). */
static enum bl_err disposition(const char *v, size_t n, struct bl_arena *a,
                               struct bl_multipart_part *part, struct bl_errinfo *ei)
{
    const char *s = v, *end = v + n, *t;
    enum bl_err rc;

    for (t = s; t < end && is_tchar((unsigned char)*t); t++)
        ;
    if (!ieq(s, (size_t)(t - s), "form-data"))
        return bl_fail(ei, BL_EINVAL, "Content-Disposition is not form-data");
    s = skip_ows(t, end);
    while (s < end) {
        const char *name;
        char *value = NULL;
        size_t nlen;

        if (*s != ';')
            return bl_fail(ei, BL_EINVAL, "Content-Disposition: ';' expected");
        s = skip_ows(s + 1, end);
        for (name = s; s < end && is_tchar((unsigned char)*s); s++)
            ;
        nlen = (size_t)(s - name);
        s = skip_ows(s, end);
        if (nlen == 0 || s >= end || *s != '=')
            return bl_fail(ei, BL_EINVAL, "Content-Disposition: parameter without '='");
        s = skip_ows(s + 1, end);
        rc = param_value(&s, end, a, &value, ei);
        if (rc != BL_OK)
            return rc;
        if (ieq(name, nlen, "name") || ieq(name, nlen, "filename")) {
            const char **slot =
                lower((unsigned char)name[0]) == 'n' ? &part->name : &part->filename;
            size_t vlen = strlen(value);
            if (*slot != NULL)
                return bl_fail(ei, BL_EINVAL, "Content-Disposition: two %.*s parameters", (int)nlen,
                               name);
            if (bl_utf8_check((const unsigned char *)value, vlen) != vlen)
                return bl_fail(ei, BL_EUTF8, "Content-Disposition: %.*s is not UTF-8", (int)nlen,
                               name);
            *slot = value;
        }
        s = skip_ows(s, end);
    }
    if (part->name == NULL || part->name[0] == '\0')
        return bl_fail(ei, BL_EINVAL, "Content-Disposition without a name");
    return BL_OK;
}

/*
 * The header lines of a part from *pos up to and including the blank line;
 * *pos ends at the first byte of the part's data.
 */
static enum bl_err headers(const unsigned char *p, size_t n, size_t *pos, struct bl_arena *a,
                           struct bl_multipart_part *part, struct bl_errinfo *ei)
{
    size_t start = *pos, i = *pos;
    bool have_disp = false;
    enum bl_err rc;

    for (;;) {
        size_t line = i, colon = 0, vs, ve;

        while (i < n && p[i] != '\r' && p[i] != '\n') {
            if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f)
                return bl_fail(ei, BL_EINVAL, "control character in part headers at offset %zu", i);
            if (colon == 0 && p[i] == ':')
                colon = i;
            if (i - start >= BL_MULTIPART_MAX_HEADER)
                return bl_fail(ei, BL_ETOOBIG, "part headers over %u bytes",
                               BL_MULTIPART_MAX_HEADER);
            i++;
        }
        if (n - i < 2 || p[i] != '\r' || p[i + 1] != '\n')
            return bl_fail(ei, BL_EINVAL, "part header line not ended by CRLF at offset %zu", i);
        if (i + 2 - start > BL_MULTIPART_MAX_HEADER)
            return bl_fail(ei, BL_ETOOBIG, "part headers over %u bytes", BL_MULTIPART_MAX_HEADER);
        if (i == line) { /* the blank line */
            i += 2;
            break;
        }
        if (colon == 0 || colon == line)
            return bl_fail(ei, BL_EINVAL, "part header without a name at offset %zu", line);
        for (size_t k = line; k < colon; k++)
            if (!is_tchar(p[k])) /* also refuses obsolete line folding */
                return bl_fail(ei, BL_EINVAL, "bad part header name at offset %zu", line);
        for (vs = colon + 1; vs < i && (p[vs] == ' ' || p[vs] == '\t'); vs++)
            ;
        for (ve = i; ve > vs && (p[ve - 1] == ' ' || p[ve - 1] == '\t'); ve--)
            ;
        if (ieq((const char *)p + line, colon - line, "content-disposition")) {
            if (have_disp)
                return bl_fail(ei, BL_EINVAL, "two Content-Disposition headers in one part");
            have_disp = true;
            rc = disposition((const char *)p + vs, ve - vs, a, part, ei);
            if (rc != BL_OK)
                return rc;
        } else if (ieq((const char *)p + line, colon - line, "content-type")) {
            if (part->content_type != NULL)
                return bl_fail(ei, BL_EINVAL, "two Content-Type headers in one part");
            if (bl_utf8_check(p + vs, ve - vs) != ve - vs)
                return bl_fail(ei, BL_EUTF8, "part Content-Type is not UTF-8");
            part->content_type = bl_arena_strndup(a, (const char *)p + vs, ve - vs);
        }
        i += 2;
    }
    if (!have_disp)
        return bl_fail(ei, BL_EINVAL, "part without Content-Disposition");
    *pos = i;
    return BL_OK;
}

/* The CRLF that starts the next delimiter "\r\n--boundary", or NULL. */
static const unsigned char *find_delim(const unsigned char *p, const unsigned char *end,
                                       const char *delim, size_t dlen)
{
    while (p < end && (size_t)(end - p) >= dlen + 2) {
        const unsigned char *cr = memchr(p, '\r', (size_t)(end - p) - dlen - 1);
        if (cr == NULL)
            return NULL;
        if (cr[1] == '\n' && memcmp(cr + 2, delim, dlen) == 0)
            return cr;
        p = cr + 1;
    }
    return NULL;
}
