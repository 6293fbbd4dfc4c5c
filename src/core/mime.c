/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * mime.c: an email message from its parts (mime.h): headers, RFC 2047
 * subject, multipart/alternative of quoted-printable UTF-8 bodies.
 */
#include "mime.h"

#include <stdbool.h>
#include <string.h>

#include "base64.h"
#include "utf8.h"

/*
 * Bytes of UTF-8 per RFC 2047 word: 39 bytes are 52 base64 characters, 64
 * with the wrapper, so "Subject: " and a word fit in 76 columns.
 */
#define WORD_BYTES 39u
/* Largest message: two bodies at three bytes per byte, plus headers. */
#define MESSAGE_MAX (7u * BL_MIME_BODY_MAX + 16384u)

static const char HEX[] = "0123456789ABCDEF";

static bool is_text(const char *s, size_t max, bool one_line);
static bool is_addr(const char *s);
static bool is_token(const char *s);
static enum bl_err put_date(struct bl_buf *out, int64_t t);
static enum bl_err put_word(struct bl_buf *out, const char *s, size_t n, bool phrase);
static const char *fold(const struct bl_buf *b, size_t more);
static enum bl_err put_part(struct bl_buf *out, const char *boundary, const char *type,
                            const char *body);

enum bl_err bl_mime_build(const struct bl_mime_msg *m, struct bl_buf *out, struct bl_errinfo *ei)
{
    char boundary[BL_MIME_TOKEN_MAX + 8];
    enum bl_err e = BL_OK;

    if (!m->from || !is_addr(m->from))
        return bl_fail(ei, BL_EINVAL, "mail: the sender is not a plain address");
    if (!m->to || !is_addr(m->to))
        return bl_fail(ei, BL_EINVAL, "mail: the recipient is not a plain address");
    if (!m->token || !is_token(m->token))
        return bl_fail(ei, BL_EINVAL, "mail: the message token must be 1 to %u of [A-Za-z0-9._-]",
                       BL_MIME_TOKEN_MAX);
    if (!m->subject || !is_text(m->subject, BL_MIME_SUBJECT_MAX, true) ||
        (m->from_name && !is_text(m->from_name, BL_MIME_SUBJECT_MAX, true)))
        return bl_fail(ei, BL_EINVAL,
                       "mail: the subject and sender name must be one line of UTF-8 text of at "
                       "most %u bytes",
                       BL_MIME_SUBJECT_MAX);
    if (!m->text || !is_text(m->text, BL_MIME_BODY_MAX, false) ||
        (m->html && !is_text(m->html, BL_MIME_BODY_MAX, false)))
        return bl_fail(ei, BL_EINVAL, "mail: the bodies must be UTF-8 text of at most %u bytes",
                       BL_MIME_BODY_MAX);
    memcpy(boundary, "=_bl_", 5);
    memcpy(boundary + 5, m->token, strlen(m->token) + 1);

    struct bl_buf b;
    bl_buf_init(&b, MESSAGE_MAX);
    if ((e = bl_buf_puts(&b, "Date: ")) != BL_OK || (e = put_date(&b, m->date)) != BL_OK ||
        (e = bl_buf_puts(&b, "\r\nFrom: ")) != BL_OK)
        goto out;
    if (m->from_name && *m->from_name) {
        if ((e = put_word(&b, m->from_name, strlen(m->from_name), true)) != BL_OK ||
            (e = bl_buf_printf(&b, "%s<%s>", fold(&b, strlen(m->from) + 3), m->from)) != BL_OK)
            goto out;
    } else if ((e = bl_buf_puts(&b, m->from)) != BL_OK) {
        goto out;
    }
    if ((e = bl_buf_printf(&b, "\r\nTo: %s\r\nSubject: ", m->to)) != BL_OK ||
        (e = bl_mime_word(&b, m->subject, strlen(m->subject))) != BL_OK ||
        (e = bl_buf_printf(&b, "\r\nMessage-ID: <%s@%s>\r\n", m->token,
                           strchr(m->from, '@') + 1)) != BL_OK ||
        (e = bl_buf_puts(&b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n")) != BL_OK)
        goto out;
    if (!m->html) {
        e = put_part(&b, NULL, "text/plain", m->text);
        goto out;
    }
    if ((e = bl_buf_printf(&b,
                           "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n"
                           "This is a MIME message in two forms: text and HTML.\r\n",
                           boundary)) != BL_OK ||
        (e = put_part(&b, boundary, "text/plain", m->text)) != BL_OK ||
        (e = put_part(&b, boundary, "text/html", m->html)) != BL_OK)
        goto out;
    e = bl_buf_printf(&b, "\r\n--%s--\r\n", boundary);
out:
    if (e == BL_OK)
        e = bl_buf_append(out, b.p, b.len);
    bl_buf_free(&b);
    if (e != BL_OK)
        return bl_fail(ei, e, "mail: the message is over its size limit");
    return BL_OK;
}

enum bl_err bl_mime_qp(struct bl_buf *out, const char *s, size_t n)
{
    size_t col = 0;
    enum bl_err e = BL_OK;

    for (size_t i = 0; i < n && e == BL_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        char tok[3];
        size_t len = 1;
        if (c == '\n' || (c == '\r' && i + 1 < n && s[i + 1] == '\n')) {
            i += c == '\r';
            e = bl_buf_append(out, "\r\n", 2);
            col = 0;
            continue;
        }
        /* Whitespace before a line end or the end would be lost in transport. */
        bool at_end =
            i + 1 == n || s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n');
        bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_end);
        /* A leading dot could be taken for SMTP's end of data by a careless relay. */
        if (c == '.' && col == 0)
            literal = false;
        if (literal) {
            tok[0] = (char)c;
        } else {
            tok[0] = '=';
            tok[1] = HEX[c >> 4];
            tok[2] = HEX[c & 15];
            len = 3;
        }
        /* Room for the soft break's '=' within BL_MIME_LINE_MAX. */
        if (col + len > BL_MIME_LINE_MAX - 1) {
            e = bl_buf_append(out, "=\r\n", 3);
            col = 0;
            if (e == BL_OK && c == '.') {
                tok[0] = '=', tok[1] = '2', tok[2] = 'E';
                len = 3;
            }
        }
        if (e == BL_OK)
            e = bl_buf_append(out, tok, len);
        col += len;
    }
    return e;
}

enum bl_err bl_mime_word(struct bl_buf *out, const char *s, size_t n)
{
    return put_word(out, s, n, false);
}

/* ---- helpers ---- */

/* phrase: a display name, which must also be encoded when it has RFC 5322 specials. */
static enum bl_err put_word(struct bl_buf *out, const char *s, size_t n, bool phrase)
{
    bool plain = true;
    enum bl_err e = BL_OK;

    for (size_t i = 0; i < n && plain; i++)
        plain = s[i] >= 0x20 && s[i] <= 0x7e && (!phrase || !strchr("()<>[]:;@\\,.\"", s[i]));
    for (size_t i = 0; i + 1 < n && plain; i++)
        plain = !(s[i] == '=' && s[i + 1] == '?');
    if (plain)
        return bl_buf_append(out, s, n);
    /* Words of whole UTF-8 characters (RFC 2047 §5: no character split across words). */
    for (size_t i = 0; i < n && e == BL_OK;) {
        size_t len = n - i < WORD_BYTES ? n - i : WORD_BYTES;
        while (len > 1 && i + len < n && ((unsigned char)s[i + len] & 0xc0) == 0x80)
            len--;
        if (i > 0)
            e = bl_buf_append(out, "\r\n ", 3);
        if (e == BL_OK)
            e = bl_buf_puts(out, "=?UTF-8?B?");
        if (e == BL_OK)
            e = bl_base64_encode(out, s + i, len, 0, NULL);
        if (e == BL_OK)
            e = bl_buf_puts(out, "?=");
        i += len;
    }
    return e;
}

static enum bl_err put_part(struct bl_buf *out, const char *boundary, const char *type,
                            const char *body)
{
    enum bl_err e = BL_OK;
    if (boundary)
        e = bl_buf_printf(out, "\r\n--%s\r\n", boundary);
    if (e == BL_OK)
        e = bl_buf_printf(out,
                          "Content-Type: %s; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                          type);
    if (e == BL_OK)
        e = bl_mime_qp(out, body, strlen(body));
    if (e == BL_OK && !boundary)
        e = bl_buf_append(out, "\r\n", 2);
    return e;
}

/* The space before `more` bytes: a folding CRLF too when they would pass 76 columns. */
static const char *fold(const struct bl_buf *b, size_t more)
{
    size_t start = b->len;
    while (start > 0 && b->p[start - 1] != '\n')
        start--;
    return b->len - start + more > BL_MIME_LINE_MAX ? "\r\n " : " ";
}

/* UTF-8 of at most max bytes, without NUL; one_line: no CR, LF or other control either. */
static bool is_text(const char *s, size_t max, bool one_line)
{
    size_t n = strlen(s);
    if (n > max || bl_utf8_check((const unsigned char *)s, n) != n)
        return false;
    for (size_t i = 0; one_line && i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

/* local@domain in printable ASCII, without what would end or quote a header field. */
static bool is_addr(const char *s)
{
    size_t n = strlen(s), at = 0, ats = 0;
    if (n == 0 || n > BL_MIME_ADDR_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || strchr("<>()[]\\,;:\"", c))
            return false;
        if (c == '@')
            at = i, ats++;
    }
    return ats == 1 && at > 0 && at + 1 < n;
}

static bool is_token(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > BL_MIME_TOKEN_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* "Sat, 28 Nov 2026 15:17:58 +0000" (RFC 5322 §3.3), from the civil date of t. */
static enum bl_err put_date(struct bl_buf *out, int64_t t)
{
    static const char *const wd[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0)
        secs += 86400, days--;
    /* Days since 1970-01-01 to year, month, day (proleptic Gregorian, eras of 400 years). */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    int64_t w = days % 7;
    if (w < 0)
        w += 7;
    return bl_buf_printf(out, "%s, %02d %s %04lld %02d:%02d:%02d +0000", wd[w], (int)d, mon[m - 1],
                         (long long)y, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}
