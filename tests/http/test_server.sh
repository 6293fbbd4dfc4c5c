#!/bin/sh
# tests/http/test_server.sh: blason serve over real HTTP (curl): health,
# security headers, problem bodies, negotiation, 404/405/413, keep-alive,
# HEAD, paths, ETags, configuration sources, graceful SIGTERM, access log.
# TAP.  Each server runs on a free 127.0.0.1 port with a temporary data dir.
. "$(dirname "$0")/../cli/lib/tap.sh"

if ! command -v curl > /dev/null 2>&1 || ! command -v python3 > /dev/null 2>&1; then
	echo "1..0 # SKIP curl and python3 are needed"
	exit 0
fi

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server LOGNAME ARGS...: start blason serve, wait for /healthz; sets PID, URL.
start_server() {
	name=$1
	shift
	"$BLASON" serve "$@" > "$T/$name.out" 2> "$T/$name.err" &
	PID=$!
	i=0
	while [ $i -lt 100 ]; do
		curl -sf -o /dev/null "$URL/healthz" && return 0
		kill -0 "$PID" 2> /dev/null || return 1
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# stop_server NAME: SIGTERM, and the exit status must be 0 (sanitizer reports are not).
stop_server() {
	kill -TERM "$PID" 2> /dev/null
	wait "$PID"
	same "server $1 exits 0 on SIGTERM" "$?" "0"
}

# has FILE REGEX DESC: ok when the file has a line matching (grep -E, case-insensitive).
has() {
	if grep -qiE "$2" "$1"; then ok "$3"; else not_ok "$3" "no line matching $2 in:" "$(head -c 600 "$1")"; fi
}
hasnt() {
	if grep -qiE "$2" "$1"; then not_ok "$3" "unexpected $2 in:" "$(head -c 600 "$1")"; else ok "$3"; fi
}

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
mkdir -p "$T/data" "$T/static"
printf 'body { color: #123; }\n' > "$T/static/site.css"
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' > "$T/static/logo.svg"
cat > "$T/blason.conf" << CONF
# test configuration
listen = 127.0.0.1:$PORT
data = $T/data
db = sqlite:$T/data/blason.db
static_dir = $T/static
access_log = $T/access.log
max_body = 1k
test_routes = on
CONF

if start_server main --config "$T/blason.conf"; then ok "serve starts on 127.0.0.1:$PORT"; else
	not_ok "serve starts" "$(cat "$T/main.err")"
	exit 1
fi

curl -s -D "$T/h" -o "$T/b" "$URL/healthz"
has "$T/h" '^HTTP/1.1 200' "/healthz is 200"
has "$T/h" '^Content-Type: application/json' "/healthz is JSON"
same "/healthz body" "$(cat "$T/b")" '{"status":"ok"}'
has "$T/h" "^Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" "CSP header"
has "$T/h" '^X-Content-Type-Options: nosniff' "nosniff header"
has "$T/h" '^Referrer-Policy: strict-origin-when-cross-origin' "Referrer-Policy header"
has "$T/h" '^X-Frame-Options: DENY' "X-Frame-Options header"

curl -s -D "$T/h" -o "$T/b" "$URL/no/such/page"
has "$T/h" '^HTTP/1.1 404' "unknown path is 404"
has "$T/h" '^Content-Type: application/problem\+json' "404 is application/problem+json"
has "$T/h" '^X-Frame-Options: DENY' "404 has the security headers too"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["status"]==404 and d["code"]=="not_found" and d["title"]=="Not Found" and d["type"] and "/no/such/page" in d["detail"]' "$T/b" 2> "$T/py"; then
	ok "404 problem body has type, title, status, detail, code"
else
	not_ok "404 problem body" "$(cat "$T/b")" "$(cat "$T/py")"
fi

curl -s -D "$T/h" -o "$T/b" -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8' "$URL/<script>alert(1)</script>"
has "$T/h" '^Content-Type: text/html' "a browser gets an HTML 404"
has "$T/b" '&lt;script&gt;alert\(1\)&lt;/script&gt;' "the path is escaped in the HTML page"
hasnt "$T/b" '<script>' "no raw <script> in the HTML page"
curl -s -D "$T/h" -o "$T/b" -H 'Accept: text/html;q=0.5, application/ld+json' "$URL/nope"
has "$T/h" '^Content-Type: application/problem\+json' "q-values: JSON-LD preferred gets JSON"

curl -s -D "$T/h" -o "$T/b" -X DELETE "$URL/healthz"
has "$T/h" '^HTTP/1.1 405' "DELETE /healthz is 405"
has "$T/h" '^Allow: GET, HEAD' "405 names the allowed methods"
has "$T/b" '"code":"method_not_allowed"' "405 problem code"

head -c 2000 /dev/zero | tr '\0' a > "$T/big"
curl -s -D "$T/h" -o "$T/b" --data-binary @"$T/big" "$URL/healthz"
has "$T/h" '^HTTP/1.1 413' "a 2000-byte body over max_body = 1k is 413"
has "$T/h" '^X-Max-Body-Size: 1024' "413 names the limit in a header"
has "$T/b" '"code":"too_big"' "413 problem code"
curl -s -D "$T/h" -o "$T/b" -H 'Transfer-Encoding: chunked' --data-binary @"$T/big" "$URL/healthz"
has "$T/h" '^HTTP/1.1 413' "a chunked body over the limit is 413 too"
head -c 500 /dev/zero | tr '\0' a > "$T/small"
curl -s -D "$T/h" -o "$T/b" --data-binary @"$T/small" "$URL/healthz"
has "$T/h" '^HTTP/1.1 405' "a body under the limit reaches routing (405)"

curl -sv -o /dev/null -o /dev/null "$URL/healthz" "$URL/healthz" 2> "$T/v"
has "$T/v" 'Re-using existing connection' "keep-alive: the second request reuses the connection"
hasnt "$T/v" '< Connection: close' "no Connection: close on /healthz"

curl -s -I -o "$T/h" "$URL/healthz" -D "$T/h"
has "$T/h" '^HTTP/1.1 200' "HEAD /healthz is 200"
has "$T/h" '^Content-Length: 15' "HEAD gives the GET length"
# A raw HEAD with Connection: close: everything after the headers would be a body.
python3 - "$PORT" > "$T/b" << 'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"HEAD /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
print(len(data.split(b"\r\n\r\n", 1)[1]))
PY
same "HEAD sends no body" "$(cat "$T/b")" "0"

curl -s -D "$T/h" -o "$T/b" "$URL/static/%73ite.css"
has "$T/h" '^HTTP/1.1 200' "percent-decoded path finds /static/site.css"
same "static body" "$(cat "$T/b")" 'body { color: #123; }'
has "$T/h" '^Content-Type: text/css' "CSS content type"
etag=$(grep -i '^ETag:' "$T/h" | cut -d' ' -f2 | tr -d '\r')
if [ -n "$etag" ]; then ok "static file has an ETag ($etag)"; else not_ok "static file has an ETag"; fi
curl -s -D "$T/h" -o "$T/b" -H "If-None-Match: $etag" "$URL/static/site.css"
has "$T/h" '^HTTP/1.1 304' "If-None-Match with the ETag gives 304"
curl -s -D "$T/h" -o "$T/b" -H 'If-None-Match: "other"' "$URL/static/site.css"
has "$T/h" '^HTTP/1.1 200' "another ETag gives 200"
curl -s -D "$T/h" -o "$T/b" "$URL/static/logo.svg"
has "$T/h" "^Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox" "SVG gets the sandbox CSP"
curl -s -D "$T/h" -o "$T/b" "$URL/static/missing.css"
has "$T/h" '^HTTP/1.1 404' "missing static file is 404"
for p in '/static/../blason.conf' '/static/%2e%2e/blason.conf' '/static/./site.css' '/static/a%2Fb' '/static/%zz' '/static/%00'; do
	curl -s --path-as-is -D "$T/h" -o "$T/b" "$URL$p"
	has "$T/h" '^HTTP/1.1 400' "$p is refused with 400"
done

# The request API and the response helpers, through the test routes.
curl -s -D "$T/h" -o "$T/b" -b 'c=cookie-value; other=x' \
	--data 'field=caf%C3%A9+au+lait&tag=a&tag=b&tag=c%26d' "$URL/test/echo/n%C3%A9e?q=a+b%2Bc&z"
has "$T/h" '^HTTP/1.1 200' "POST /test/echo is 200"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d=={"name":"n\u00e9e","field":"caf\u00e9 au lait","q":"a b+c","cookie":"cookie-value","tags":["a","b","c&d"],"accepts":"json","remote":"127.0.0.1","body_len":45}, d' "$T/b" 2> "$T/py"; then
	ok "form, query, cookie, capture and remote address decoded"
else
	not_ok "form, query, cookie, capture decoded" "$(cat "$T/b")" "$(cat "$T/py")"
fi
has "$T/h" '^Set-Cookie: seen=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=60' "Set-Cookie with HttpOnly, SameSite=Lax, Max-Age"
hasnt "$T/h" '^Set-Cookie:.*Secure' "no Secure on an http base URL"
has "$T/h" '^X-Request-Id: [0-9a-f]{16}' "dynamic responses carry X-Request-Id"
curl -s -D "$T/h" -o "$T/b" --data 'field=%zz' "$URL/test/echo/x"
has "$T/h" '^HTTP/1.1 400' "a malformed form is 400"
curl -s -D "$T/h" -o "$T/b" -H 'Content-Type: application/json' --data '{"field":1}' "$URL/test/echo/x"
has "$T/b" '"field":null' "a JSON body is not read as a form"
curl -s -o "$T/b" -H 'Accept: text/html' --data '' "$URL/test/echo/x"
has "$T/b" '"accepts":"html"' "Accept: text/html negotiates HTML"
curl -s -o "$T/b" -H 'Accept: */*' --data '' "$URL/test/echo/x"
has "$T/b" '"accepts":"json"' "Accept: */* negotiates JSON"
curl -s -o "$T/b" -H 'Accept: application/json;q=0.9, text/html' --data '' "$URL/test/echo/x"
has "$T/b" '"accepts":"html"' "a higher q for text/html negotiates HTML"
curl -s -D "$T/h" -o "$T/b" "$URL/test/redirect"
has "$T/h" '^HTTP/1.1 303' "redirect is 303"
has "$T/h" '^Location: /healthz' "... to its Location"
curl -s -D "$T/h" -o "$T/b" -H 'If-None-Match: "v0", "v1"' "$URL/test/etag"
has "$T/h" '^HTTP/1.1 304' "a dynamic ETag in an If-None-Match list gives 304"
has "$T/h" '^Cache-Control: private, max-age=0' "... with its Cache-Control"
curl -s -D "$T/h" -o "$T/b" -H 'If-None-Match: W/"v1"' "$URL/test/etag"
has "$T/h" '^HTTP/1.1 304' "weak comparison for If-None-Match"
curl -s -D "$T/h" -o "$T/b" "$URL/test/fail"
has "$T/h" '^HTTP/1.1 500' "a store failure in a handler is 500"
has "$T/b" '"code":"database"' "... with the stable code"
hasnt "$T/b" 'secret' "... and without the internal detail"
has "$T/main.err" 'secret database detail' "the detail goes to the server log"

# Graceful shutdown: a 1.5 s request in flight when SIGTERM arrives completes.
curl -s -o "$T/slow" -w '%{http_code}' "$URL/healthz?sleep=1500" > "$T/slowcode" &
CURL=$!
sleep 0.4
kill -TERM "$PID"
wait "$CURL"
same "the request in flight at SIGTERM completes with 200" "$(cat "$T/slowcode")" "200"
same "... and its body" "$(cat "$T/slow")" '{"status":"ok"}'
wait "$PID"
same "serve exits 0 after SIGTERM" "$?" "0"
if curl -s -o /dev/null --max-time 1 "$URL/healthz"; then not_ok "nothing listens after exit"; else ok "nothing listens after exit"; fi

if python3 - "$T/access.log" > "$T/py" 2>&1 << 'PY'; then
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    for k in ("time", "id", "remote", "method", "path", "status", "bytes", "us", "ua"):
        assert k in d, k
    assert d["time"].endswith("Z") and d["time"][10] == "T", d["time"]
    assert d["remote"] == "127.0.0.1"
    n += 1
assert n >= 20, n
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert len(set(ids)) == len(ids), "request ids repeat"
PY
	ok "access log: $(wc -l < "$T/access.log") lines, each valid JSON with every field"
else
	not_ok "access log lines are JSON" "$(cat "$T/py")" "$(head -3 "$T/access.log")"
fi
has "$T/access.log" '"path":"/<script>alert\(1\)</script>"' "access log has the raw path"
has "$T/access.log" '"method":"DELETE","path":"/healthz","status":405' "access log has method and status"
has "$T/access.log" '"path":"/healthz","status":200,"bytes":15,"us":[0-9]+,"ua":"curl/' "access log has bytes, duration and user agent"

# Configuration sources and errors.
printf 'listen = 127.0.0.1:%s\n# comment\n\nnot_a_key = 1\n' "$PORT" > "$T/bad.conf"
check "unknown key in the config file: exit 2" 2 "$BLASON" serve --config "$T/bad.conf"
has "$T/err" "bad.conf:4: unknown setting 'not_a_key'" "the message names the file, line 4 and the key"
printf 'listen 127.0.0.1\n' > "$T/bad2.conf"
check "a line without '=': exit 2" 2 "$BLASON" serve --config "$T/bad2.conf"
has "$T/err" "bad2.conf:1: expected 'key = value'" "... with the line number"
check "bad port: exit 2" 2 "$BLASON" serve --listen 127.0.0.1:99999
has "$T/err" "bad port '99999'" "... names the port"
check "listen without a port: exit 2" 2 "$BLASON" serve --listen localhost
check "a host name is not an address: exit 2" 2 "$BLASON" serve --listen localhost:8080
check "base URL not http(s): exit 2" 2 "$BLASON" serve --base-url ftp://example.org
has "$T/err" "base_url: 'ftp://example.org' must start with http:// or https://" "... says why"
check "bad BLASON_THREADS: exit 2" 2 env BLASON_THREADS=many "$BLASON" serve
has "$T/err" "BLASON_THREADS" "... names the variable"
check "missing config file: exit 2" 2 "$BLASON" serve --config "$T/nope.conf"
check "unknown flag: exit 2" 2 "$BLASON" serve --bogus 1

# The environment beats the file, a flag beats the environment.
PORT2=$(free_port)
URL="http://127.0.0.1:$PORT2"
if BLASON_LISTEN=127.0.0.1:$PORT2 BLASON_BASE_URL=https://badges.example.org/ start_server env --config "$T/blason.conf" --access-log off; then
	ok "BLASON_LISTEN overrides the config file's listen"
	curl -s -D "$T/h" -o "$T/b" --data '' "$URL/test/echo/x"
	has "$T/h" '^Set-Cookie: seen=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure' "BLASON_BASE_URL=https://... makes cookies Secure"
else
	not_ok "BLASON_LISTEN overrides the config file" "$(cat "$T/env.err")"
fi
# Port taken: a second server on the same port refuses to start.
check "a second server on a taken port: exit 2" 2 "$BLASON" serve --listen "127.0.0.1:$PORT2" --access-log off
has "$T/err" "cannot listen on 127.0.0.1:$PORT2: Address already in use" "... says the address is in use"
stop_server env
PORT3=$(free_port)
URL="http://127.0.0.1:$PORT3"
if BLASON_LISTEN=127.0.0.1:$PORT2 start_server flag --listen "127.0.0.1:$PORT3" --access-log off; then
	ok "--listen overrides BLASON_LISTEN"
	curl -s -o "$T/b" -w '%{http_code}' "$URL/test/fail" > "$T/code"
	same "test routes are 404 without test_routes" "$(cat "$T/code")" "404"
	stop_server flag
else
	not_ok "--listen overrides BLASON_LISTEN" "$(cat "$T/flag.err")"
fi

# IPv6 literal, when the machine has ::1.
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2> /dev/null; then
	PORT6=$(free_port)
	URL="http://[::1]:$PORT6"
	if start_server v6 --listen "[::1]:$PORT6" --access-log off; then
		ok "serve listens on [::1]:$PORT6"
		stop_server v6
	else
		not_ok "serve listens on [::1]" "$(cat "$T/v6.err")"
	fi
else
	skip "serve listens on [::1]" "no IPv6 loopback here"
fi

# No sanitizer report in any server's standard error.
if grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T"/*.err > /dev/null 2>&1; then
	not_ok "no sanitizer report from the servers" "$(grep -hE -A5 'Sanitizer|runtime error' "$T"/*.err | head -20)"
else
	ok "no sanitizer report from the servers"
fi

echo "1..$n"
