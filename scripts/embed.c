/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * embed.c: build-time tool that compiles the JSON-LD contexts listed in
 * data/contexts.list into a C source (byte arrays plus a URL table read by
 * src/core/ctxstore.c).  Each source file is checked against the SHA-256 in
 * the list; a mismatch, a missing npm file or text that is not JSON stops
 * the build with a message.  Fixture-sourced contexts (not on npm) are
 * skipped with a warning when the fixtures folder is absent.
 *
 *   embed LIST NODE_MODULES_DIR FIXTURES_DIR OUT.c
 *
 * Built from scripts/embed.c and src/core/mem.c only (it runs before the
 * library exists).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "core/mem.h"

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p = NULL;
    size_t cap = 0, got;

    *n = 0;
    if (f == NULL)
        return NULL;
    do {
        if (*n == cap) {
            cap = cap ? cap * 2 : 65536;
            p = bl_realloc(p, cap + 1);
        }
        got = fread(p + *n, 1, cap - *n, f);
        *n += got;
    } while (got > 0);
    fclose(f);
    p[*n] = '\0';
    return p;
}

static void sha256hex(const unsigned char *p, size_t n, char out[65])
{
    unsigned char md[32];
    unsigned int mdn = 0;

    EVP_Digest(p, n, md, &mdn, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/*
 * The object literal of a CommonJS `module.exports = {...}` as JSON:
 * comments dropped, bare identifier keys quoted, trailing commas removed.
 * Strings are copied as they are (the context packages use double quotes).
 */
static char *js_to_json(const char *src, size_t n)
{
    const char *m = strstr(src, "module.exports");
    const char *b, *e;
    char *out, *o;

    if (m == NULL || (b = strchr(m, '{')) == NULL)
        return NULL;
    e = src + n;
    while (e > b && e[-1] != '}')
        e--;
    if (e <= b)
        return NULL;
    out = bl_malloc(2 * (size_t)(e - b) + 1);
    o = out;
    for (const char *p = b; p < e;) {
        if (*p == '"') {
            const char *q = p + 1;
            while (q < e && *q != '"')
                q += (*q == '\\') ? 2 : 1;
            memcpy(o, p, (size_t)(q + 1 - p));
            o += q + 1 - p;
            p = q + 1;
        } else if (p[0] == '/' && p + 1 < e && p[1] == '/') {
            while (p < e && *p != '\n')
                p++;
        } else if (p[0] == '/' && p + 1 < e && p[1] == '*') {
            const char *q = strstr(p + 2, "*/");
            p = q ? q + 2 : e;
        } else if (isalpha((unsigned char)*p) || *p == '_' || *p == '$') {
            const char *q = p, *r;
            while (q < e && (isalnum((unsigned char)*q) || *q == '_' || *q == '$'))
                q++;
            r = q;
            while (r < e && isspace((unsigned char)*r))
                r++;
            if (r < e && *r == ':') {
                *o++ = '"';
                memcpy(o, p, (size_t)(q - p));
                o += q - p;
                *o++ = '"';
            } else {
                memcpy(o, p, (size_t)(q - p));
                o += q - p;
            }
            p = q;
        } else if (*p == ',') {
            const char *r = p + 1;
            while (r < e && isspace((unsigned char)*r))
                r++;
            if (r < e && (*r == '}' || *r == ']'))
                p++;
            else
                *o++ = *p++;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* Copy the next blank-separated word of *p into w (size wn); false if none or too long. */
static int word(const char **p, char *w, size_t wn)
{
    const char *s = *p;
    size_t n = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\r' && s[n] != '\n')
        n++;
    if (n == 0 || n >= wn)
        return 0;
    memcpy(w, s, n);
    w[n] = '\0';
    *p = s + n;
    return 1;
}

/* URL SOURCE SHA256 FORMAT, nothing after. */
static int fields(const char *line, char *a, size_t an, char *b, size_t bn, char *c, size_t cn,
                  char *d, size_t dn)
{
    const char *p = line;

    if (!word(&p, a, an) || !word(&p, b, bn) || !word(&p, c, cn) || !word(&p, d, dn))
        return 0;
    return p[strspn(p, " \t\r\n")] == '\0';
}

int main(int argc, char **argv)
{
    FILE *list, *out;
    char line[2048];
    int lineno = 0, count = 0, rc = 0;

    if (argc != 5) {
        fprintf(stderr, "usage: embed LIST NODE_MODULES_DIR FIXTURES_DIR OUT.c\n");
        return 2;
    }
    list = fopen(argv[1], "r");
    if (list == NULL) {
        fprintf(stderr, "embed: cannot read %s\n", argv[1]);
        return 1;
    }
    out = fopen(argv[4], "w");
    if (out == NULL) {
        fprintf(stderr, "embed: cannot write %s\n", argv[4]);
        fclose(list);
        return 1;
    }
    fprintf(out, "/* Generated by scripts/embed.c from %s: do not edit. */\n", argv[1]);
    fprintf(out, "#include <stddef.h>\n#include \"core/ctxstore.h\"\n\n");
    while (fgets(line, sizeof(line), list)) {
        char url[1024], source[1024], sum[128], fmt[16], path[4096], got[65];
        unsigned char *data;
        char *text;
        size_t n;
        json_t *j;
        json_error_t jerr;

        lineno++;
        if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
            continue;
        if (!fields(line, url, sizeof(url), source, sizeof(source), sum, sizeof(sum), fmt,
                    sizeof(fmt))) {
            fprintf(stderr, "embed: %s:%d: expected URL SOURCE SHA256 FORMAT\n", argv[1], lineno);
            rc = 1;
            break;
        }
        if (strncmp(source, "npm:", 4) == 0) {
            snprintf(path, sizeof(path), "%s/%s", argv[2], source + 4);
        } else if (strncmp(source, "fixture:", 8) == 0) {
            snprintf(path, sizeof(path), "%s/contexts/%s", argv[3], source + 8);
        } else {
            fprintf(stderr, "embed: %s:%d: source must start npm: or fixture:\n", argv[1], lineno);
            rc = 1;
            break;
        }
        data = slurp(path, &n);
        if (data == NULL) {
            if (source[0] == 'f') {
                fprintf(stderr, "embed: warning: %s absent, %s not compiled in\n", path, url);
                continue;
            }
            fprintf(stderr, "embed: %s: cannot read (run npm ci?) for %s\n", path, url);
            rc = 1;
            break;
        }
        sha256hex(data, n, got);
        if (strcmp(got, sum) != 0) {
            fprintf(stderr,
                    "embed: CHECKSUM MISMATCH for %s\n  file %s\n  expected %s\n  got      %s\n",
                    url, path, sum, got);
            bl_free(data);
            rc = 1;
            break;
        }
        if (strcmp(fmt, "js") == 0) {
            text = js_to_json((const char *)data, n);
        } else if (strcmp(fmt, "json") == 0) {
            text = bl_malloc(n + 1);
            memcpy(text, data, n + 1);
        } else {
            fprintf(stderr, "embed: %s:%d: unknown format %s\n", argv[1], lineno, fmt);
            bl_free(data);
            rc = 1;
            break;
        }
        bl_free(data);
        j = text ? json_loads(text, JSON_REJECT_DUPLICATES, &jerr) : NULL;
        if (j == NULL || json_object_get(j, "@context") == NULL) {
            fprintf(stderr, "embed: %s (%s): not a JSON-LD context document: %s\n", path, url,
                    text ? jerr.text : "no module.exports object");
            json_decref(j);
            bl_free(text);
            rc = 1;
            break;
        }
        json_decref(j);
        fprintf(out, "static const char ctx%d[] = {", count);
        n = strlen(text);
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%s%d,", i % 24 ? "" : "\n    ", (signed char)text[i]);
        fprintf(out, "\n    0};\n");
        fprintf(out, "static const char url%d[] = \"%s\";\n", count, url);
        fprintf(out, "static const char src%d[] = \"%s sha256:%s\";\n\n", count, source, sum);
        bl_free(text);
        count++;
    }
    fclose(list);
    if (rc == 0) {
        fprintf(out, "const struct bl_ctxstore_entry bl_ctxstore_table[] = {\n");
        for (int i = 0; i < count; i++)
            fprintf(out, "    {url%d, ctx%d, sizeof(ctx%d) - 1, src%d},\n", i, i, i, i);
        fprintf(out, "    {NULL, NULL, 0, NULL}};\n");
        fprintf(out, "const size_t bl_ctxstore_table_len = %d;\n", count);
    }
    if (fclose(out) != 0)
        rc = 1;
    if (rc != 0)
        remove(argv[4]);
    return rc;
}
