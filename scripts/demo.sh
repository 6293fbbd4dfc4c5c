#!/bin/sh
# scripts/demo.sh: what `make run` shows until the server exists (issue 6):
# the job-fair participation badge baked into a PNG and an SVG, in both
# Open Badges 2.0 and 3.0, read back, then issued, signed (VC-JWT and Data
# Integrity) and verified.  Files land in var/demo/.
set -eu
BLASON=${BLASON:-build/blason}
OUT=var/demo
mkdir -p "$OUT"
node scripts/demo-image.js "$OUT/badge.png"
cp tests/data/demo/badge.svg "$OUT/badge.svg"

step() { printf '\n$ %s\n' "$*"; "$@"; }

for fmt in png svg; do
	step "$BLASON" bake "$OUT/badge.$fmt" @tests/data/demo/participation-ob2.json -o "$OUT/participation-ob2.$fmt"
	step "$BLASON" bake "$OUT/badge.$fmt" @tests/data/demo/participation-ob3.json -o "$OUT/participation-ob3.$fmt"
	step "$BLASON" inspect "$OUT/participation-ob3.$fmt"
done
printf '\n$ %s unbake %s | head -c 300\n' "$BLASON" "$OUT/participation-ob2.png"
"$BLASON" unbake "$OUT/participation-ob2.png" | head -c 300
printf '\n'
[ -f "$OUT/issuer-rsa.pem" ] || "$BLASON" keygen --type rsa2048 -o "$OUT/issuer-rsa.pem"
[ -f "$OUT/issuer-ed25519.pem" ] || "$BLASON" keygen --type ed25519 -o "$OUT/issuer-ed25519.pem"
step "$BLASON" issue --issuer tests/data/ob/issuer-mission-locale.json \
	--badge tests/data/ob/badge-pej-participation.json --recipient jeune@example.org \
	--key "$OUT/issuer-rsa.pem" --image "$OUT/badge.png" -o "$OUT/jeune-vcjwt.png"
step "$BLASON" issue --proof di --issuer tests/data/ob/issuer-mission-locale.json \
	--badge tests/data/ob/badge-pej-participation.json --recipient jeune@example.org \
	--key "$OUT/issuer-ed25519.pem" --image "$OUT/badge.svg" -o "$OUT/jeune-di.svg"
step "$BLASON" verify --offline --recipient jeune@example.org "$OUT/jeune-vcjwt.png" || true
step "$BLASON" verify --offline "$OUT/jeune-di.svg" || true
printf '\nBadges: %s/participation-ob{2,3}.{png,svg}, %s/jeune-vcjwt.png, %s/jeune-di.svg\n' "$OUT" "$OUT" "$OUT"
echo "Coming next: 'blason serve', the web platform on http://127.0.0.1:8080 (see README.md)."
