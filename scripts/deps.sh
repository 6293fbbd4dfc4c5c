#!/bin/sh
# scripts/deps.sh: install what Blason needs to build and test on Debian 12.
# Idempotent: asks apt-get only for packages that are missing, and runs
# `npm ci` only when the lock file changed since the last install.
set -eu

cd "$(dirname "$0")/.."

# Build and runtime libraries, then the tools the tests use.
PKGS="build-essential pkg-config
libjansson-dev libexpat1-dev zlib1g-dev libssl-dev
libcmocka-dev libcurl4-openssl-dev
libsqlite3-dev libpq-dev libargon2-dev libmicrohttpd-dev librsvg2-dev
libqrencode-dev
postgresql sqlite3
clang libclang-rt-dev clang-format
pngcheck python3-aiosmtpd chromium zbar-tools"
# `scripts/deps.sh bench` (make bench) adds the load generator and the peer server.
[ "${1:-}" = bench ] && PKGS="$PKGS wrk nginx"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing Debian packages:$missing (run as root to install them)" >&2
		exit 1
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	# RUNLEVEL=1: packages with a service (nginx) are installed, not started.
	RUNLEVEL=1 apt-get install -y -qq --no-install-recommends $missing
fi

# Test-only Node packages (interop peers), pinned by package-lock.json.
if [ -f package-lock.json ]; then
	stamp=node_modules/.blason-lock
	if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
		echo "deps: npm ci"
		npm ci --no-audit --no-fund --loglevel=error
		cp package-lock.json "$stamp"
	fi
fi
