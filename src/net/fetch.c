/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fetch.c: libcurl with an SSRF guard (see fetch.h).  The guard sits in
 * CURLOPT_OPENSOCKETFUNCTION: curl calls it with the resolved address of
 * every connection it opens, first request and redirects alike, so a
 * name that resolves to 127.0.0.1 is refused as surely as the literal.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "core/mem.h"
#include "fetch.h"

#define DEFAULT_TIMEOUT_MS    10000L
#define DEFAULT_MAX_BYTES     (2u * 1024 * 1024)
#define DEFAULT_MAX_REDIRECTS 5L
#define CACHE_MAX             256u

struct cached {
    char *key; /* accept NUL url */
    size_t keylen;
    unsigned char *body;
    size_t len;
    long status;
    char *final_url;
    struct cached *next;
};

struct bl_fetcher {
    struct bl_fetch_opts opts;
    CURL *curl;
    struct cached *cache;
    size_t ncached;
};

/* What one transfer needs in its callbacks. */
struct transfer {
    struct bl_fetcher *f;
    struct bl_buf *body;
    size_t start;
    int too_big;
    char refused[96]; /* the address the guard refused, for the message */
};

static int in4(uint32_t a, uint32_t net, int bits)
{
    uint32_t mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);

    return (a & mask) == (net & mask);
}

static int public_v4(uint32_t a)
{
    static const struct {
        uint32_t net;
        int bits;
    } special[] = {
        {0x00000000, 8},  {0x0a000000, 8},  {0x64400000, 10}, {0x7f000000, 8},  {0xa9fe0000, 16},
        {0xac100000, 12}, {0xc0000000, 24}, {0xc0000200, 24}, {0xc0a80000, 16}, {0xc6120000, 15},
        {0xc6336400, 24}, {0xcb007100, 24}, {0xe0000000, 4},  {0xf0000000, 4},
    };

    for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
        if (in4(a, special[i].net, special[i].bits))
            return 0;
    return 1;
}

int bl_fetch_address_is_public(int family, const void *addr)
{
    const unsigned char *b = addr;
    uint32_t v4;

    if (family == AF_INET) {
        memcpy(&v4, addr, 4);
        return public_v4(ntohl(v4));
    }
    if (family != AF_INET6)
        return 0;
    /* IPv4 inside IPv6 (mapped ::ffff:0:0/96, NAT64 64:ff9b::/96): judge the IPv4. */
    if ((memcmp(b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) ||
        (memcmp(b, "\x00\x64\xff\x9b\0\0\0\0\0\0\0\0", 12) == 0)) {
        memcpy(&v4, b + 12, 4);
        return public_v4(ntohl(v4));
    }
    if (memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15) == 0)
        return 0; /* :: and ::1 */
    if ((b[0] & 0xfe) == 0xfc)
        return 0; /* fc00::/7 unique local */
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        return 0; /* fe80::/10 link-local */
    if (b[0] == 0xff)
        return 0; /* multicast */
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        return 0; /* 2001:db8::/32 documentation */
    return 1;
}

/* Is the socket address a the one address allowed ("IPv4:PORT" or "[IPv6]:PORT")? */
static int is_allowed_address(const char *allowed, const struct curl_sockaddr *a)
{
    char text[INET6_ADDRSTRLEN], want[INET6_ADDRSTRLEN + 16];
    unsigned port;

    if (allowed == NULL)
        return 0;
    if (a->family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)&a->addr;

        inet_ntop(AF_INET, &s4->sin_addr, text, sizeof(text));
        port = ntohs(s4->sin_port);
        snprintf(want, sizeof(want), "%s:%u", text, port);
    } else if (a->family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)&a->addr;

        inet_ntop(AF_INET6, &s6->sin6_addr, text, sizeof(text));
        port = ntohs(s6->sin6_port);
        snprintf(want, sizeof(want), "[%s]:%u", text, port);
    } else {
        return 0;
    }
    return strcmp(allowed, want) == 0;
}

static curl_socket_t guard(void *cls, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct transfer *t = cls;
    const void *ip = NULL;
    char text[INET6_ADDRSTRLEN] = "?";

    (void)purpose;
    if (a->family == AF_INET)
        ip = &((const struct sockaddr_in *)(const void *)&a->addr)->sin_addr;
    else if (a->family == AF_INET6)
        ip = &((const struct sockaddr_in6 *)(const void *)&a->addr)->sin6_addr;
    if (ip == NULL || (!t->f->opts.allow_private && !bl_fetch_address_is_public(a->family, ip) &&
                       !is_allowed_address(t->f->opts.allow_address, a))) {
        if (ip != NULL)
            inet_ntop(a->family, ip, text, sizeof(text));
        snprintf(t->refused, sizeof(t->refused), "%s", text);
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype, a->protocol);
}

static size_t on_data(char *p, size_t size, size_t nmemb, void *cls)
{
    struct transfer *t = cls;
    size_t n = size * nmemb;

    if (t->body->len - t->start + n > t->f->opts.max_bytes ||
        bl_buf_append(t->body, p, n) != BL_OK) {
        t->too_big = 1;
        return 0;
    }
    return n;
}

enum bl_err bl_fetcher_new(const struct bl_fetch_opts *opts, struct bl_fetcher **out,
                           struct bl_errinfo *ei)
{
    struct bl_fetcher *f;

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return bl_fail(ei, BL_EIO, "libcurl cannot start");
    f = bl_calloc(1, sizeof(*f));
    if (opts != NULL)
        f->opts = *opts;
    if (f->opts.timeout_ms <= 0)
        f->opts.timeout_ms = DEFAULT_TIMEOUT_MS;
    if (f->opts.max_bytes == 0)
        f->opts.max_bytes = DEFAULT_MAX_BYTES;
    if (f->opts.max_redirects <= 0)
        f->opts.max_redirects = DEFAULT_MAX_REDIRECTS;
    f->curl = curl_easy_init();
    if (f->curl == NULL) {
        bl_free(f);
        return bl_fail(ei, BL_EIO, "libcurl cannot start");
    }
    *out = f;
    return BL_OK;
}

void bl_fetcher_free(struct bl_fetcher *f)
{
    struct cached *c, *next;

    if (f == NULL)
        return;
    for (c = f->cache; c != NULL; c = next) {
        next = c->next;
        bl_free(c->key);
        bl_free(c->body);
        bl_free(c->final_url);
        bl_free(c);
    }
    curl_easy_cleanup(f->curl);
    bl_free(f);
}

static struct cached *lookup(struct bl_fetcher *f, const char *key, size_t keylen)
{
    for (struct cached *c = f->cache; c != NULL; c = c->next)
        if (c->keylen == keylen && memcmp(c->key, key, keylen) == 0)
            return c;
    return NULL;
}

static void copy_url(char *dst, size_t n, const char *src)
{
    if (dst != NULL && n > 0)
        snprintf(dst, n, "%s", src ? src : "");
}

enum bl_err bl_fetch(void *cls, const char *url, const char *accept, struct bl_buf *body,
                     long *http_status, char *final_url, size_t final_url_len,
                     struct bl_errinfo *ei)
{
    struct bl_fetcher *f = cls;
    struct transfer t = {f, body, body->len, 0, ""};
    struct curl_slist *headers = NULL;
    struct bl_buf key, hdr;
    struct cached *c;
    char errbuf[CURL_ERROR_SIZE] = "";
    const char *protocols = f->opts.allow_http ? "http,https" : "https";
    char *effective = NULL;
    CURLcode cc;
    enum bl_err rc = BL_OK;

    bl_buf_init(&key, 16384);
    bl_buf_init(&hdr, 1024);
    if (bl_buf_puts(&key, accept ? accept : "") != BL_OK || bl_buf_putc(&key, 0) != BL_OK ||
        bl_buf_puts(&key, url) != BL_OK) {
        bl_buf_free(&key);
        return bl_fail(ei, BL_ETOOBIG, "URL too long");
    }
    if ((c = lookup(f, (char *)key.p, key.len)) != NULL) {
        bl_buf_free(&key);
        if (bl_buf_append(body, c->body, c->len) != BL_OK)
            return bl_fail(ei, BL_ETOOBIG, "%s: response over the limit", url);
        *http_status = c->status;
        copy_url(final_url, final_url_len, c->final_url);
        return BL_OK;
    }
    if (strncmp(url, "https://", 8) != 0 &&
        !(f->opts.allow_http && strncmp(url, "http://", 7) == 0)) {
        bl_buf_free(&key);
        return bl_fail(ei, BL_EIO, "%.200s: only https:// URLs are fetched", url);
    }
    curl_easy_reset(f->curl);
    curl_easy_setopt(f->curl, CURLOPT_URL, url);
    curl_easy_setopt(f->curl, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(f->curl, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
    curl_easy_setopt(f->curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(f->curl, CURLOPT_MAXREDIRS, f->opts.max_redirects);
    curl_easy_setopt(f->curl, CURLOPT_TIMEOUT_MS, f->opts.timeout_ms);
    curl_easy_setopt(f->curl, CURLOPT_CONNECTTIMEOUT_MS, f->opts.timeout_ms);
    curl_easy_setopt(f->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->opts.max_bytes);
    curl_easy_setopt(f->curl, CURLOPT_PROXY,
                     ""); /* never through a proxy: the guard must see the peer */
    curl_easy_setopt(f->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(f->curl, CURLOPT_USERAGENT, "Blason (Open Badges verifier)");
    curl_easy_setopt(f->curl, CURLOPT_OPENSOCKETFUNCTION, guard);
    curl_easy_setopt(f->curl, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(f->curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(f->curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(f->curl, CURLOPT_ERRORBUFFER, errbuf);
    if (accept != NULL && bl_buf_printf(&hdr, "Accept: %s", accept) == BL_OK) {
        headers = curl_slist_append(NULL, (char *)hdr.p);
        curl_easy_setopt(f->curl, CURLOPT_HTTPHEADER, headers);
    }
    cc = curl_easy_perform(f->curl);
    if (t.refused[0] != '\0') {
        rc = bl_fail(ei, BL_EIO,
                     "%.200s: refused to connect to %s, a private, loopback or special address "
                     "(--allow-private-network permits it)",
                     url, t.refused);
    } else if (t.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        rc = bl_fail(ei, BL_ETOOBIG, "%.200s: response over %zu bytes", url, f->opts.max_bytes);
    } else if (cc == CURLE_TOO_MANY_REDIRECTS) {
        rc = bl_fail(ei, BL_EIO, "%.200s: more than %ld redirects", url, f->opts.max_redirects);
    } else if (cc != CURLE_OK) {
        rc = bl_fail(ei, BL_EIO, "%.200s: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(cc));
    }
    if (rc == BL_OK) {
        curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, http_status);
        curl_easy_getinfo(f->curl, CURLINFO_EFFECTIVE_URL, &effective);
        copy_url(final_url, final_url_len, effective);
        if (f->ncached < CACHE_MAX) {
            c = bl_calloc(1, sizeof(*c));
            c->key = (char *)bl_buf_detach(&key, &c->keylen);
            c->len = body->len - t.start;
            c->body = bl_malloc(c->len ? c->len : 1);
            if (c->len)
                memcpy(c->body, body->p + t.start, c->len);
            c->status = *http_status;
            c->final_url = bl_strdup(effective ? effective : url);
            c->next = f->cache;
            f->cache = c;
            f->ncached++;
        }
    } else {
        body->len = t.start; /* nothing half-written */
        if (body->p != NULL)
            body->p[body->len] = '\0';
    }
    curl_slist_free_all(headers);
    bl_buf_free(&key);
    bl_buf_free(&hdr);
    return rc;
}
