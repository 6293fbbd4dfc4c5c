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

# A document read from the database on every request: the OB 3.0 credential
# of an award (SQLite, made here with the site commands).
P=$(free_port)
SITE="--db sqlite:$D/bench.db --data $D --base-url http://127.0.0.1:$P"
# shellcheck disable=SC2086
"$BUILD/blason" org add --slug bench --name Bench --url https://example.org --email b@example.org $SITE > /dev/null
# shellcheck disable=SC2086
BADGE=$("$BUILD/blason" badge add --org bench --name Bench --description Bench --criteria Bench \
	--image tests/data/demo/badge.svg $SITE)
# shellcheck disable=SC2086
AWARD=$("$BUILD/blason" award --badge "${BADGE##*/}" --email jeune@example.org $SITE)
# shellcheck disable=SC2086
"$BUILD/blason" serve --listen "127.0.0.1:$P" --threads "$CORES" --access-log off $SITE 2> "$D/blason.err" &
SPID=$!
wait_up "http://127.0.0.1:$P/healthz"
CRED_URL="http://127.0.0.1:$P/awards/${AWARD##*/}/credential"
BLDOC=$(rps "$CRED_URL")
mkdir -p "$D/www"
curl -sf -o "$D/www/credential" "$CRED_URL"
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
NGDOC=$(rps "http://127.0.0.1:$NP/credential")

echo "# http: wrk -t2 -c$CONNS -d${SECS}s, $CORES server threads / nginx workers, keep-alive"
echo "http_healthz_rps $BL req/s"
echo "http_healthz_accesslog_rps $BLLOG req/s"
echo "http_static_nginx_rps $NG req/s"
awk -v b="$BL" -v n="$NG" 'BEGIN { if (n > 0) printf "ratio.http_healthz_vs_nginx %.2f x\n", b / n }'
echo "http_credential_rps $BLDOC req/s ($(wc -c < "$D/www/credential") bytes, read from SQLite each time)"
echo "http_credential_nginx_rps $NGDOC req/s"
awk -v b="$BLDOC" -v n="$NGDOC" 'BEGIN { if (n > 0) printf "ratio.http_credential_vs_nginx %.2f x\n", b / n }'
