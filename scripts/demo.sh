#!/bin/sh
# scripts/demo.sh: what `make run` shows until the server exists (issue 6):
# the job-fair participation badge baked into a PNG and an SVG, in both
# Open Badges 2.0 and 3.0, then read back.  Files land in var/demo/.
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
printf '\n\nBaked images: %s/participation-ob{2,3}.{png,svg}\n' "$OUT"
echo "Coming next: signatures (OB 2.0 JWS, OB 3.0 VC-JWT and Data Integrity), 'blason verify',"
echo "and 'blason serve', the web platform on http://127.0.0.1:8080 (see README.md)."
