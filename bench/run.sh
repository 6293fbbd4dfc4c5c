#!/bin/sh
# bench/run.sh: `make bench`.  Blason and its peer (openbadges-bakery, the
# reference Node baker) bake and unbake the same images in the same run;
# the machine's own ceiling (copy + CRC-32 of the image) is measured too.
# Prints "name value unit" lines, then the ratios the issue targets.
set -eu
BUILD=${BUILD:-build}
SECONDS_PER=${BENCH_SECONDS:-1.5}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT

node scripts/gen-bench-images.js "$D" > /dev/null
# The payload goes in as it is in an image: a hosted 2.0 assertion, ~1 KB.
echo "# inputs: $(wc -c < "$D/png10k.png") B PNG, $(wc -c < "$D/png1m.png") B PNG, $(wc -c < "$D/badge.svg") B SVG, $(wc -c < "$D/payload.json") B payload"
echo "# machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

: > "$D/results"
for img in png10k:png10k.png png1m:png1m.png svg:badge.svg; do
	name=${img%%:*}
	file=${img#*:}
	# taskset keeps Blason on one core, as the target says; the peer runs
# unpinned, so Node's own helper threads (GC, libuv) are not held against it.
	taskset -c 0 "$BUILD/bench/bench_bake" "$D/$file" "$D/payload.json" "$name" "$SECONDS_PER" | tee -a "$D/results"
done
node bench/peer_bakery.js --time "$SECONDS_PER" "$D/png10k.png" "$D/png1m.png" "$D/badge.svg" "$D/payload.json" | tee -a "$D/results"

echo "# ratios (Blason / peer; target >= 20 on every line)"
awk '
	{ v[$1] = $2 }
	END {
		split("bake.png10k bake.png1m bake.svg unbake.png10k unbake.png1m unbake.svg", k, " ")
		for (i = 1; i <= 6; i++) {
			b = v["blason." k[i]]; p = v["peer.bakery." k[i]]
			if (p > 0) printf "ratio.%s %.1f x\n", k[i], b / p
		}
		printf "target.unbake.png1m.50k_per_s %s\n", (v["blason.unbake.png1m"] >= 50000 ? "met" : "missed")
	}' "$D/results"

# Signatures (issue 3): Blason, jose and `openssl speed` in the same run.
BUILD=$BUILD sh bench/jws.sh
# The whole issuing path of a VC-JWT badge against raw RS256 signing (target >= 0.70).
taskset -c 0 "$BUILD/bench/bench_issue" tests/data/ob/issuer-mission-locale.json \
	tests/data/ob/badge-pej-participation.json "$D/png10k.png" "$SECONDS_PER"

# Data Integrity eddsa-rdfc-2022 (issue 4): Blason and @digitalbazaar/vc on
# the same OB 3.0 credential, issued here by `blason issue --proof di`.
"$BUILD/blason" keygen --type ed25519 -o "$D/ed.pem"
node scripts/demo-image.js "$D/badge.png"
"$BUILD/blason" issue --proof di --issuer tests/data/ob/issuer-mission-locale.json \
	--badge tests/data/ob/badge-pej-participation.json --recipient jeune@example.org \
	--key "$D/ed.pem" --image "$D/badge.png" -o "$D/di.png" > /dev/null
"$BUILD/blason" unbake "$D/di.png" > "$D/di.json"
echo "# credential: $(wc -c < "$D/di.json") B OB 3.0 JSON with an eddsa-rdfc-2022 proof"
"$BUILD/blason" canon --no-proof "$D/di.json" > "$D/di.nq"
taskset -c 0 "$BUILD/bench/bench_rdfc" "$D/di.nq" "$SECONDS_PER" || true
: > "$D/di-results"
taskset -c 0 "$BUILD/bench/bench_di" "$D/di.json" "$SECONDS_PER" | tee -a "$D/di-results"
node bench/peer_di.js "$D/di.json" "$SECONDS_PER" | tee -a "$D/di-results"
# The OB 3.0 test vector's credential too, when the fixtures are there.
V=${FIXTURES:-../shared/fixtures}/ob30-spec-test-vector/signed-credential.json
if [ -f "$V" ]; then
	taskset -c 0 "$BUILD/bench/bench_di" "$V" "$SECONDS_PER" | sed 's/^blason\.di\./blason.di.vector./'
fi
awk '
	{ v[$1] = $2 }
	END {
		printf "ratio.di.sign %.1f x\n", v["blason.di.sign"] / v["peer.vc.di.sign"]
		printf "ratio.di.verify %.1f x\n", v["blason.di.verify"] / v["peer.vc.di.verify"]
		printf "target.di.canonicalize.20k_per_s %s\n", (v["blason.di.canonicalize"] >= 20000 ? "met" : "missed")
	}' "$D/di-results"

# Templates: a 50-award page rendered by src/core/tmpl.c.
taskset -c 0 "$BUILD/bench/bench_tmpl" "$SECONDS_PER"

# HTTP (blason serve): /healthz against nginx serving the same bytes, wrk, same run.
BUILD=$BUILD sh bench/bench_http.sh

# Verification (issue 5): `blason verify --offline` on baked OB 3.0 PNGs, one
# per proof type, all made here by `blason issue`; Node (jose,
# @digitalbazaar/vc) on the same files.  VC-JWTs are checked with the key
# given (--key); the DI method <issuer id>#<Multikey> resolves offline.
# These badges carry no credentialStatus: no status list is checked.
"$BUILD/blason" keygen --type rsa2048 -o "$D/rs256.pem"
"$BUILD/blason" keygen --type p256 -o "$D/es256.pem"
cp "$D/ed.pem" "$D/eddsa.pem"
for k in rs256 es256 eddsa; do
	"$BUILD/blason" issue --issuer tests/data/ob/issuer-mission-locale.json \
		--badge tests/data/ob/badge-pej-participation.json --recipient jeune@example.org \
		--key "$D/$k.pem" --image "$D/badge.png" --now 2026-11-28T10:00:00Z \
		-o "$D/vcjwt_$k.png" > /dev/null
done
"$BUILD/blason" issue --proof di --issuer tests/data/ob/issuer-mission-locale.json \
	--badge tests/data/ob/badge-pej-participation.json --recipient jeune@example.org \
	--key "$D/eddsa.pem" --image "$D/badge.png" --now 2026-11-28T10:00:00Z \
	-o "$D/di_eddsa_rdfc_2022.png" > /dev/null
VNOW=1795910400 # 2026-11-29T00:00:00Z: inside the badges' validity
set -- vcjwt_rs256 "$D/vcjwt_rs256.png" "$D/rs256.pem" vcjwt_es256 "$D/vcjwt_es256.png" \
	"$D/es256.pem" vcjwt_eddsa "$D/vcjwt_eddsa.png" "$D/eddsa.pem" \
	di_eddsa_rdfc_2022 "$D/di_eddsa_rdfc_2022.png" -
echo "# load before the verification runs: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$D/verify-results"
taskset -c 0 "$BUILD/bench/bench_verify" "$SECONDS_PER" "$VNOW" "$@" | tee -a "$D/verify-results"
node bench/peer_verify.js "$SECONDS_PER" "$VNOW" "$@" | tee -a "$D/verify-results"
echo "# ratios (Blason / Node; target >= 20): wall clock, then per CPU-second"
awk '
	{ v[$1] = $2 }
	END {
		split("vcjwt_rs256 vcjwt_es256 vcjwt_eddsa di_eddsa_rdfc_2022", k, " ")
		for (i = 1; i <= 4; i++) {
			b = v["blason.verify.png." k[i]]; p = v["peer.verify.png." k[i]]
			bc = v["blason.verify.png." k[i] ".cpu"]; pc = v["peer.verify.png." k[i] ".cpu"]
			if (p > 0) printf "ratio.verify.%s %.1f x\n", k[i], b / p
			if (pc > 0) printf "ratio.verify.%s.cpu %.1f x\n", k[i], bc / pc
		}
	}' "$D/verify-results"

# CSV import: 10,000 lines issued end to end, against the raw RS256 rate.
BUILD=$BUILD sh bench/bench_import.sh

# Pathways (issue 9): 100,000 people x 20 pathways re-evaluated after a bulk award.
taskset -c 0 "$BUILD/bench/bench_pathway"

# A new pathway scanning the awards already given (10,000 people; a quarter complete it).
BUILD=$BUILD sh bench/bench_pathway_scan.sh 10000
