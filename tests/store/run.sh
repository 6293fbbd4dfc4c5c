#!/bin/sh
# tests/store/run.sh: the store contract (build/tests/store/test_contract)
# against a fresh SQLite file, then against a throw-away PostgreSQL cluster
# started here (initdb in a temporary folder, a free port on 127.0.0.1, trust
# authentication for this cluster only), stopped and deleted at exit.
# PostgreSQL refuses to run as root: then its programs run as `postgres`.
set -u
BUILD=${BUILD:-build}
BIN="$BUILD/tests/store/test_contract"
T=$(mktemp -d)
PGDATA="$T/pg"
as_pg=""

cleanup() {
	if [ -f "$PGDATA/postmaster.pid" ]; then
		$as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop > /dev/null 2>&1
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ ! -x "$BIN" ]; then
	echo "not ok 1 - $BIN is not built"
	exit 1
fi

BLASON_TEST_DB="sqlite:$T/sqlite/blason.db" "$BIN"
status=$?

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
	echo "ok 1 - store/postgresql # SKIP no PostgreSQL (no /usr/lib/postgresql/*/bin/initdb)"
	exit "$status"
fi
if [ "$(id -u)" -eq 0 ]; then
	if ! id postgres > /dev/null 2>&1; then
		echo "not ok 1 - running as root and there is no postgres user to run PostgreSQL"
		exit 1
	fi
	chown postgres "$T"
	as_pg="runuser -u postgres --"
fi

if ! $as_pg "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
	--no-sync > "$T/initdb.log" 2>&1; then
	echo "not ok 1 - initdb failed"
	sed 's/^/# /' "$T/initdb.log" | tail -n 20
	exit 1
fi

# A free port: try random ones until the server binds one.
started=0
for try in 1 2 3 4 5 6 7 8 9 10; do
	port=$((20000 + ($$ * 7 + try * 7919 + $(date +%N | sed 's/^0*//;s/^$/0/')) % 40000))
	if $as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w -t 30 -l "$T/pg.log" \
		-o "-p $port -k $T -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40" \
		start > /dev/null 2>&1; then
		started=1
		break
	fi
done
if [ "$started" -ne 1 ]; then
	echo "not ok 1 - PostgreSQL did not start"
	sed 's/^/# /' "$T/pg.log" | tail -n 20
	exit 1
fi

BLASON_TEST_DB="postgresql://postgres@127.0.0.1:$port/postgres" "$BIN" || status=1

# The platform over HTTP on the same cluster: the JSON API and the public
# Open Badges endpoints, each test file on a database of its own.
if [ -d node_modules ] && [ -x "${BLASON:-$BUILD/blason}" ]; then
	n=0
	for f in tests/http/api.test.js tests/interop/server-docs.test.js tests/http/crash.test.js \
		tests/http/badge-editor.test.js tests/http/awarding.test.js \
		tests/http/import.test.js tests/http/pathways.test.js tests/http/events.test.js \
		tests/http/network.test.js tests/http/opportunities.test.js \
		tests/http/collections.test.js tests/http/api-network.test.js tests/http/backpack-profile.test.js \
		tests/http/sms.test.js tests/http/pathway-archive.test.js; do
		n=$((n + 1))
		if ! $as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE http$n" \
			postgres > "$T/createdb.log" 2>&1; then
			echo "not ok 1 - CREATE DATABASE http$n failed"
			sed 's/^/# /' "$T/createdb.log"
			status=1
			continue
		fi
		BLASON_TEST_DB="postgresql://postgres@127.0.0.1:$port/http$n" \
			node --test --test-reporter=tap "$f" || status=1
	done
fi
exit "$status"
