#!/bin/sh
# bench/jws.sh: compact JWS sign and verify, Blason against its peers in the
# same run: jose (Node) and the machine's ceiling, `openssl speed` for the
# same primitives (RSA-2048, ECDSA P-256, Ed25519), and OpenSSL's EVP API
# called directly on the same signing input (measured inside bench_jws,
# interleaved with Blason).  Blason and openssl run
# pinned to one core.  Prints "name value ops/s" lines (best of
# BENCH_ROUNDS rounds), then the ratios the issue targets: >= 0.85 of
# openssl speed, >= 2 x jose.  openssl speed signs a fixed short digest;
# Blason's figure includes hashing the ~1 KB payload, base64url and JSON.
# Environment: BUILD (default build), BENCH_SECONDS (default 1),
# BENCH_ROUNDS (default 3).
set -eu
BUILD=${BUILD:-build}
SECONDS_PER=${BENCH_SECONDS:-1}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
CPU=$(($(nproc) - 1))

echo "# machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(openssl version)"
# The machine is shared and noisy: run ROUNDS rounds, each tool in turn,
# and keep every tool's best figure per line.
ROUNDS=${BENCH_ROUNDS:-3}
: > "$D/all"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	r=$((r + 1))
	# bench_jws writes its payload out, so jose signs exactly the same bytes.
	taskset -c "$CPU" "$BUILD/bench/bench_jws" "$SECONDS_PER" "$D/payload" >> "$D/all"
	node bench/peer_jose.js --time "$SECONDS_PER" "$D/payload" >> "$D/all"
	# openssl speed: the sign/s and verify/s columns of its summary table.
	taskset -c "$CPU" openssl speed -seconds "$SECONDS_PER" rsa2048 ecdsap256 ed25519 2> /dev/null |
		awk '
			/^rsa 2048 bits/ { print "machine.openssl.sign.RS256", $(NF-1), "ops/s"; print "machine.openssl.verify.RS256", $NF, "ops/s" }
			/ecdsa \(nistp256\)/ { print "machine.openssl.sign.ES256", $(NF-1), "ops/s"; print "machine.openssl.verify.ES256", $NF, "ops/s" }
			/EdDSA \(Ed25519\)/ { print "machine.openssl.sign.EdDSA", $(NF-1), "ops/s"; print "machine.openssl.verify.EdDSA", $NF, "ops/s" }
		' >> "$D/all"
done
grep '^# payload' "$D/all" | head -1
awk '!/^#/ { if (!($1 in v) || $2 > v[$1]) { v[$1] = $2; u[$1] = $3 }; if (!($1 in o)) o[$1] = n++ }
	END { for (k in o) printf "%d %s %.1f %s\n", o[k], k, v[k], u[k] }' "$D/all" |
	sort -n | cut -d" " -f2- | tee "$D/results"

echo "# ratios (targets: vs_openssl >= 0.85, vs_jose >= 2; vs_evp: OpenSSL EVP on the same bytes)"
awk '
	{ v[$1] = $2 }
	END {
		split("sign.RS256 verify.RS256 sign.ES256 verify.ES256 sign.EdDSA verify.EdDSA", k, " ")
		for (i = 1; i <= 6; i++) {
			b = v["blason.jws." k[i]]; o = v["machine.openssl." k[i]]
			e = v["machine.evp." k[i]]; j = v["peer.jose." k[i]]
			if (o > 0) printf "ratio.jws.%s.vs_openssl %.2f\n", k[i], b / o
			if (e > 0) printf "ratio.jws.%s.vs_evp %.2f\n", k[i], b / e
			if (j > 0) printf "ratio.jws.%s.vs_jose %.1f\n", k[i], b / j
		}
	}' "$D/results"
