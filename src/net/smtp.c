/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * smtp.c: one message to one recipient through libcurl's SMTP (smtp.h).
 */
#include "smtp.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

/* Where curl reads the message from. */
struct upload {
    const char *p;
    size_t left;
};

static enum bl_err split_url(const char *url, char *base, size_t cap, bool *starttls,
                             struct bl_errinfo *ei);
static size_t on_read(char *buf, size_t size, size_t nitems, void *cls);
static int on_progress(void *cls, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow);

enum bl_err bl_smtp_check_url(const char *url, struct bl_errinfo *ei)
{
    char base[BL_SMTP_URL_MAX];
    bool starttls;
    return split_url(url, base, sizeof base, &starttls, ei);
}

enum bl_err bl_smtp_send(const struct bl_smtp_opts *o, const char *to, const char *msg, size_t n,
                         long *reply, struct bl_errinfo *ei)
{
    char base[BL_SMTP_URL_MAX], from[300], errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *rcpt = NULL;
    struct upload up = {msg, n};
    CURL *c = NULL;
    bool starttls = false;
    long code = 0;
    enum bl_err e;

    if (reply)
        *reply = 0;
    if ((e = split_url(o->url, base, sizeof base, &starttls, ei)) != BL_OK)
        return e;
    if (!o->from || !*o->from || strlen(o->from) + 3 > sizeof from || !to || !*to ||
        strpbrk(to, "<>\r\n") || strpbrk(o->from, "<>\r\n"))
        return bl_fail(ei, BL_EINVAL, "smtp: the sender and the recipient must be plain addresses");
    (void)snprintf(from, sizeof from, "<%s>", o->from);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(c = curl_easy_init()))
        return bl_fail(ei, BL_EIO, "smtp: libcurl cannot start");
    rcpt = curl_slist_append(NULL, to);
    if (!rcpt) {
        e = bl_fail(ei, BL_EIO, "smtp: out of memory");
        goto out;
    }
    curl_easy_setopt(c, CURLOPT_URL, base);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : BL_SMTP_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, BL_SMTP_CONNECT_TIMEOUT_MS);
    if (starttls)
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)n);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    if (o->cancel) {
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)(uintptr_t)o->cancel);
    }
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (reply)
        *reply = code;
    if (rc != CURLE_OK)
        /* curl's messages name the host and the reply, never the URL's password. */
        e = bl_fail(ei, BL_EIO, "smtp: %s (reply %ld)", errbuf[0] ? errbuf : curl_easy_strerror(rc),
                    code);
out:
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    return e;
}

/* ---- helpers ---- */

/* The URL handed to curl, without the query, and whether STARTTLS is required. */
static enum bl_err split_url(const char *url, char *base, size_t cap, bool *starttls,
                             struct bl_errinfo *ei)
{
    size_t n;
    const char *q;
    *starttls = false;
    if (!url || (n = strlen(url)) == 0 || n >= cap)
        return bl_fail(ei, BL_EINVAL, "smtp_url: empty or longer than %zu bytes", cap - 1);
    if (strncmp(url, "smtp://", 7) != 0 && strncmp(url, "smtps://", 8) != 0)
        return bl_fail(ei, BL_EINVAL, "smtp_url: smtp:// or smtps:// is expected");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
            return bl_fail(ei, BL_EINVAL, "smtp_url: spaces and control characters are refused");
    const char *host = url + (url[4] == 's' ? 8 : 7);
    const char *at = strchr(host, '@'), *slash = strchr(host, '/');
    if (at && (!slash || at < slash))
        host = at + 1;
    if (*host == '\0' || *host == '/' || *host == '?' || *host == ':')
        return bl_fail(ei, BL_EINVAL, "smtp_url: a host is expected");
    q = strchr(url, '?');
    n = q ? (size_t)(q - url) : n;
    if (q && strcmp(q, "?starttls") != 0 && strcmp(q, "?starttls=1") != 0 &&
        strcmp(q, "?starttls=required") != 0)
        return bl_fail(ei, BL_EINVAL, "smtp_url: the only option is ?starttls");
    *starttls = q != NULL;
    if (*starttls && url[4] == 's')
        return bl_fail(ei, BL_EINVAL,
                       "smtp_url: smtps:// is TLS already; ?starttls is for smtp://");
    memcpy(base, url, n);
    base[n] = '\0';
    return BL_OK;
}

static size_t on_read(char *buf, size_t size, size_t nitems, void *cls)
{
    struct upload *up = cls;
    size_t n = size * nitems;
    if (n > up->left)
        n = up->left;
    memcpy(buf, up->p, n);
    up->p += n;
    up->left -= n;
    return n;
}

static int on_progress(void *cls, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    const atomic_bool *cancel = cls;
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return atomic_load(cancel) ? 1 : 0;
}
