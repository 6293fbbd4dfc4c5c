#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# bench_import.sh: a 10,000-line CSV imported and issued end to end
# (bench_import.c, which issues on every core like the server does), next to
# the machine's raw RS256 signing rate on the same cores, measured in the
# same run.  Each award signs RS256 twice (OB 2.0 JWS, OB 3.0 VC-JWT) plus
# one Ed25519 eddsa-rdfc-2022 proof, so the ceiling is about half the raw
# rate: ratio_import_vs_rs256 near 0.5 means "as fast as the signatures allow".
set -eu
BUILD=${BUILD:-build}
LINES=${IMPORT_LINES:-10000}
CORES=$(nproc)
out=$("$BUILD/bench/bench_import" tests/data/demo/badge.svg "$LINES")
echo "$out"
raw=$(openssl speed -seconds 3 -multi "$CORES" rsa2048 2> /dev/null |
	awk '/^rsa 2048 bits/ { print $(NF-1) }')
echo "openssl_rs256_sign_per_s $raw sign/s ($CORES cores)"
echo "$out" | awk -v raw="$raw" '/^import_awards_per_s/ {
	printf "ratio_import_vs_rs256 %.3f x (ceiling about 0.5: two RS256 signatures per award)\n", $2 / raw
	printf "target.import.half_of_rs256 %s\n", ($2 / raw >= 0.5 ? "met" : "missed")
}'
