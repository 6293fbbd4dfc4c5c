/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * smsgw.c: one text message through an HTTP SMS gateway with libcurl
 * (smsgw.h).
 */
#include "smsgw.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/mem.h"

/* Room for the request body: the text escaped as JSON at worst 6 bytes a byte. */
#define BODY_MAX (BL_SMSGW_TEXT_MAX * 6u + 256u)

/* What the answer's callback needs. */
struct answer {
    size_t total;
    bool too_big;
};

static bool loopback_host(const char *host, size_t n);
static size_t on_write(char *p, size_t size, size_t nmemb, void *cls);
static int on_progress(void *cls, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow);

enum bl_err bl_smsgw_check_url(const char *url, struct bl_errinfo *ei)
{
    size_t n = url ? strlen(url) : 0, hn = 0;
    bool https;
    const char *host;

    if (n == 0 || n >= BL_SMSGW_URL_MAX)
        return bl_fail(ei, BL_EINVAL, "sms_url: empty or longer than %u bytes",
                       BL_SMSGW_URL_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
            return bl_fail(ei, BL_EINVAL, "sms_url: spaces and control characters are refused");
    if (strncmp(url, "https://", 8) == 0)
        https = true;
    else if (strncmp(url, "http://", 7) == 0)
        https = false;
    else
        return bl_fail(ei, BL_EINVAL, "sms_url: https:// is expected");
    host = url + (https ? 8 : 7);
    if (host[0] == '[') {
        const char *close = strchr(host, ']');
        hn = close ? (size_t)(close - host) + 1 : 0;
    } else {
        while (host[hn] && !strchr(":/?#@", host[hn]))
            hn++;
    }
    /* The token travels in a header; credentials in the URL would end up in logs. */
    if (hn == 0 || host[hn] == '@' || memchr(url, '@', n))
        return bl_fail(ei, BL_EINVAL, "sms_url: a host is expected, without user or password");
    if (!https && !loopback_host(host, hn))
        return bl_fail(ei, BL_EINVAL,
                       "sms_url: http:// only to a loopback address (127.0.0.1, [::1]); "
                       "https:// otherwise");
    return BL_OK;
}

enum bl_err bl_smsgw_check_from(const char *from, struct bl_errinfo *ei)
{
    size_t n = from ? strlen(from) : 0, letters = 0;

    if (n > 0 && from[0] == '+') {
        for (size_t i = 1; i < n; i++)
            if (from[i] < '0' || from[i] > '9')
                n = 0;
        if (n >= 9 && n <= 16 && from[1] != '0')
            return BL_OK;
    } else {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)from[i];
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
                n = 0;
            else if (c > '9')
                letters++;
        }
        /* An alphanumeric sender ID: at most 11 characters, not all digits. */
        if (n >= 1 && n <= 11 && letters > 0)
            return BL_OK;
    }
    return bl_fail(ei, BL_EINVAL,
                   "sms_from: 1 to 11 letters and digits (\"Blason\") or a number in E.164");
}

enum bl_err bl_smsgw_send(const struct bl_smsgw_opts *o, const char *to, const char *text,
                          const char *key, long *status, struct bl_errinfo *ei)
{
    char auth[BL_SMSGW_TOKEN_MAX + 32], idem[BL_SMSGW_KEY_MAX + 32], errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *hdr = NULL;
    struct answer ans = {0, false};
    struct bl_buf body;
    json_t *j = NULL;
    CURL *c = NULL;
    enum bl_err e;

    *status = 0;
    bl_buf_init(&body, BODY_MAX);
    if ((e = bl_smsgw_check_url(o->url, ei)) != BL_OK ||
        (e = bl_smsgw_check_from(o->from, ei)) != BL_OK)
        goto out;
    if (!o->token || !*o->token || strlen(o->token) > BL_SMSGW_TOKEN_MAX ||
        strpbrk(o->token, "\r\n") || !key || strlen(key) > BL_SMSGW_KEY_MAX ||
        strpbrk(key, "\r\n") || !to || !text || strlen(text) > BL_SMSGW_TEXT_MAX) {
        e = bl_fail(ei, BL_EINVAL, "sms: token, key, recipient or text missing or too long");
        goto out;
    }
    j = json_pack("{s:s, s:s, s:s}", "to", to, "from", o->from, "text", text);
    if (!j) {
        e = bl_fail(ei, BL_EINVAL, "sms: the text is not UTF-8");
        goto out;
    }
    if ((e = bl_json_dump(j, JSON_COMPACT, &body, ei)) != BL_OK)
        goto out;
    (void)snprintf(auth, sizeof auth, "Authorization: Bearer %s", o->token);
    (void)snprintf(idem, sizeof idem, "Idempotency-Key: %s", key);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(c = curl_easy_init())) {
        e = bl_fail(ei, BL_EIO, "sms: libcurl cannot start");
        goto out;
    }
    struct curl_slist *h1 = curl_slist_append(NULL, "Content-Type: application/json");
    struct curl_slist *h2 = h1 ? curl_slist_append(h1, "Accept: application/json") : NULL;
    struct curl_slist *h3 = h2 ? curl_slist_append(h2, idem) : NULL;
    hdr = h3 ? curl_slist_append(h3, auth) : NULL;
    if (!hdr) {
        curl_slist_free_all(h3 ? h3 : h2 ? h2 : h1);
        e = bl_fail(ei, BL_EIO, "sms: out of memory");
        goto out;
    }
    curl_easy_setopt(c, CURLOPT_URL, o->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                     o->timeout_ms > 0 ? o->timeout_ms : BL_SMSGW_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, BL_SMSGW_CONNECT_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)body.p);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body.len);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &ans);
    if (o->cancel) {
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)(uintptr_t)o->cancel);
    }
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    /* An answer too long to read still has its status: the gateway did answer. */
    if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && ans.too_big && code >= 200)) {
        *status = code;
    } else {
        /* curl's messages name the host, never the Authorization header. */
        e = bl_fail(ei, BL_EIO, "sms: %s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    }
out:
    bl_wipe(auth, sizeof auth);
    curl_slist_free_all(hdr);
    if (c)
        curl_easy_cleanup(c);
    json_decref(j);
    bl_buf_free(&body);
    return e;
}

/* ---- helpers ---- */

/* A literal loopback address: 127.0.0.0/8 or [::1]; names are not trusted to resolve there. */
static bool loopback_host(const char *host, size_t n)
{
    char lit[48];
    unsigned char a[16];

    if (n < 3 || n >= sizeof lit)
        return false;
    if (host[0] == '[') {
        memcpy(lit, host + 1, n - 2);
        lit[n - 2] = '\0';
        return inet_pton(AF_INET6, lit, a) == 1 &&
               memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0;
    }
    memcpy(lit, host, n);
    lit[n] = '\0';
    return inet_pton(AF_INET, lit, a) == 1 && a[0] == 127;
}

static size_t on_write(char *p, size_t size, size_t nmemb, void *cls)
{
    struct answer *ans = cls;
    size_t n = size * nmemb;
    (void)p;
    ans->total += n;
    if (ans->total > BL_SMSGW_REPLY_MAX) {
        ans->too_big = true;
        return 0; /* stops the transfer */
    }
    return n;
}

static int on_progress(void *cls, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    const atomic_bool *cancel = cls;
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return atomic_load(cancel) ? 1 : 0;
}
