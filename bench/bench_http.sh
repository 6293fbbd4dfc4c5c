#!/bin/sh
# bench/bench_http.sh: GET /healthz of blason serve against nginx serving the
# same 15 bytes (and the same security headers) as a static file, measured
# with wrk in the same run: 64 connections, BENCH_HTTP_SECONDS (5) each, as
# many server threads / nginx workers as cores.  Access logs are off on both
# sides; blason with its JSON access log to a file is measured too.
# Prints "name value unit" lines and the ratio.
set -eu
BUILD=${BUILD:-build}
SECS=${BENCH_HTTP_SECONDS:-5}
CONNS=64
CORES=$(nproc)
for tool in wrk nginx curl python3; do
	if ! command -v "$tool" > /dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
		echo "# bench_http: $tool missing (scripts/deps.sh installs it); skipped"
		exit 0
	fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
D=$(mktemp -d)
chmod 755 "$D"
SPID="" NPID=""
cleanup() {
	[ -n "$SPID" ] && kill -TERM "$SPID" 2> /dev/null && wait "$SPID" 2> /dev/null
	[ -n "$NPID" ] && kill -QUIT "$NPID" 2> /dev/null && wait "$NPID" 2> /dev/null
	[ -n "${KEEP:-}" ] && echo "# kept $D" >&2 || rm -rf "$D"
}
trap cleanup EXIT

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_up() {
	i=0
	while ! curl -sf -o /dev/null "$1"; do
		i=$((i + 1))
		if [ $i -ge 200 ]; then
			echo "# bench_http: $1 did not come up" >&2
			cat "$D"/*.err >&2
			exit 1
		fi
		sleep 0.05
	done
}
# rps URL: requests per second reported by wrk (2 client threads).
rps() {
	wrk -t2 -c$CONNS -d"${SECS}s" "$1" > "$D/wrk.out" 2>&1
	grep -E 'Non-2xx|Socket errors' "$D/wrk.out" >> "$D/errors" || true
	if grep -q 'Non-2xx' "$D/wrk.out"; then
		echo "# bench_http: non-2xx answers from $1" >&2
		cat "$D/wrk.out" >&2
	fi
	awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$D/wrk.out"
}

# blason serve, access log off, then to a file.
P=$(free_port)
"$BUILD/blason" serve --listen "127.0.0.1:$P" --data "$D" --threads "$CORES" --access-log off 2> "$D/blason.err" &
SPID=$!
wait_up "http://127.0.0.1:$P/healthz"
BL=$(rps "http://127.0.0.1:$P/healthz")
kill -TERM "$SPID"
wait "$SPID" || true
P=$(free_port)
"$BUILD/blason" serve --listen "127.0.0.1:$P" --data "$D" --threads "$CORES" --access-log "$D/access.log" 2> "$D/blason.err" &
SPID=$!
wait_up "http://127.0.0.1:$P/healthz"
BLLOG=$(rps "http://127.0.0.1:$P/healthz")
kill -TERM "$SPID"
wait "$SPID" || true
SPID=""

# The two routes verifiers and backpacks hit most, read from the database
# (SQLite, made here with the site commands): the hosted OB 2.0 assertion and
# the baked PNG.  LOAD_SECONDS (30) each, memory read before and after.
LOAD=${BENCH_HTTP_LOAD_SECONDS:-30}
P=$(free_port)
SITE="--db sqlite:$D/bench.db --data $D --base-url http://127.0.0.1:$P"
node scripts/demo-image.js "$D/badge.png" > /dev/null
# shellcheck disable=SC2086
"$BUILD/blason" org add --slug bench --name Bench --url https://example.org --email b@example.org $SITE > /dev/null
# shellcheck disable=SC2086
BADGE=$("$BUILD/blason" badge add --org bench --name Bench --description Bench --criteria Bench \
	--image "$D/badge.png" $SITE)
# shellcheck disable=SC2086
AWARD=$("$BUILD/blason" award --badge "${BADGE##*/}" --email jeune@example.org $SITE)
# shellcheck disable=SC2086
"$BUILD/blason" serve --listen "127.0.0.1:$P" --threads "$CORES" --access-log off $SITE 2> "$D/blason.err" &
SPID=$!
wait_up "http://127.0.0.1:$P/healthz"
mkdir -p "$D/www/awards"
curl -sf -o "$D/www/assertion" "$AWARD"
curl -sf -o "$D/www/badge.png" "$AWARD/badge.png"
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SPID/status"; }
RSS0=$(rss)
SECS_SAVED=$SECS
SECS=$LOAD
BLASSERT=$(rps "$AWARD")
RSS1=$(rss)
BLPNG=$(rps "$AWARD/badge.png")
RSS2=$(rss)
SECS=$SECS_SAVED
ERRS=$(cat "$D/errors" 2> /dev/null | wc -l)
kill -TERM "$SPID"
wait "$SPID" || true
SPID=""

# nginx: the same bytes as static files, the same headers.
NP=$(free_port)
printf '{"status":"ok"}' > "$D/www/healthz"
chmod -R a+rX "$D/www"
cat > "$D/nginx.conf" << CONF
worker_processes $CORES;
daemon off;
pid $D/nginx.pid;
error_log $D/nginx.err;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $D/tmp-body;
    proxy_temp_path $D/tmp-proxy;
    fastcgi_temp_path $D/tmp-fcgi;
    uwsgi_temp_path $D/tmp-uwsgi;
    scgi_temp_path $D/tmp-scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NP;
        root $D/www;
        default_type application/json;
        add_header Content-Security-Policy "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        add_header X-Content-Type-Options nosniff;
        add_header Referrer-Policy strict-origin-when-cross-origin;
        add_header X-Frame-Options DENY;
        add_header Cache-Control no-store;
    }
}
CONF
"$NGINX" -c "$D/nginx.conf" -e "$D/nginx.err" 2> "$D/nginx.stderr" &
NPID=$!
wait_up "http://127.0.0.1:$NP/healthz"
NG=$(rps "http://127.0.0.1:$NP/healthz")
SECS=$LOAD
NGASSERT=$(rps "http://127.0.0.1:$NP/assertion")
NGPNG=$(rps "http://127.0.0.1:$NP/badge.png")
SECS=$SECS_SAVED

echo "# http: wrk -t2 -c$CONNS -d${SECS}s, $CORES server threads / nginx workers, keep-alive"
echo "http_healthz_rps $BL req/s"
echo "http_healthz_accesslog_rps $BLLOG req/s"
echo "http_static_nginx_rps $NG req/s"
awk -v b="$BL" -v n="$NG" 'BEGIN { if (n > 0) printf "ratio.http_healthz_vs_nginx %.2f x\n", b / n }'
echo "# load: wrk -t2 -c$CONNS -d${LOAD}s per route; blason builds each document from SQLite and keeps it 5 s (cache_ttl)"
echo "http_assertion_rps $BLASSERT req/s ($(wc -c < "$D/www/assertion") bytes)"
echo "http_assertion_nginx_rps $NGASSERT req/s"
awk -v b="$BLASSERT" -v n="$NGASSERT" 'BEGIN { if (n > 0) printf "ratio.http_assertion_vs_nginx %.2f x\n", b / n }'
echo "http_badge_png_rps $BLPNG req/s ($(wc -c < "$D/www/badge.png") bytes, baked on demand)"
echo "http_badge_png_nginx_rps $NGPNG req/s"
awk -v b="$BLPNG" -v n="$NGPNG" 'BEGIN { if (n > 0) printf "ratio.http_badge_png_vs_nginx %.2f x\n", b / n }'
echo "http_rss_kib start $RSS0 after_assertion $RSS1 after_png $RSS2"
echo "http_error_reports $ERRS (wrk runs reporting non-2xx answers or socket errors)"
