#!/bin/sh
# tests/cli/test_verify.sh: blason verify as an employer or a script runs it,
# offline, on badges Blason issues and on the 1EdTech fixtures.  Prints TAP.
set -u
. tests/cli/lib/tap.sh

node scripts/demo-image.js "$T/badge.png"
"$BLASON" keygen --type rsa2048 -o "$T/rsa.pem"
"$BLASON" keygen --type ed25519 -o "$T/ed.pem"
for proof in jwt di; do
	key=$T/rsa.pem
	[ "$proof" = di ] && key=$T/ed.pem
	"$BLASON" issue --proof $proof --issuer tests/data/ob/issuer-mission-locale.json \
		--badge tests/data/ob/badge-pej-participation.json --recipient jeune@example.org \
		--key "$key" --image "$T/badge.png" -o "$T/$proof.png" > /dev/null
	check "a $proof badge Blason issued verifies offline" 0 "$BLASON" verify --offline "$T/$proof.png"
	if grep -q "Ce badge est valide" "$T/out"; then ok "the $proof verdict is in French by default"; else not_ok "the $proof verdict is in French by default" "$(head -3 "$T/out")"; fi
	check "--recipient with the right email" 0 "$BLASON" verify --offline --recipient jeune@example.org "$T/$proof.png"
	check "--recipient with another email fails" 1 "$BLASON" verify --offline --recipient autre@example.org "$T/$proof.png"
	check "after its validity (24 months) it is expired" 1 "$BLASON" verify --offline --now 2031-01-01T00:00:00Z --json "$T/$proof.png"
	if grep -q '"verdict": "expired"' "$T/out"; then ok "--json says expired"; else not_ok "--json says expired" "$(head -c 300 "$T/out")"; fi
done
"$BLASON" unbake "$T/di.png" | sed 's/Participation/Présence/' > "$T/tampered.json"
check "a changed DI credential is invalid" 1 "$BLASON" verify --offline --lang en "$T/tampered.json"
if grep -q "not valid" "$T/out"; then ok "the English verdict says so"; else not_ok "the English verdict says so" "$(head -3 "$T/out")"; fi
check "an image without badge is refused" 1 "$BLASON" verify --offline "$T/badge.png"

if [ -d "$FIXTURES" ]; then
	for f in ob30/simple.json ob30/simple-json.png ob30/simple-json.svg ob30/simple-jwt.png ob30/endorsement-valid.json; do
		check "fixture $f is valid offline" 0 "$BLASON" verify --offline "$FIXTURES/$f"
	done
	for f in ob30/simple-err-expired.json ob30/simple-err-issued.json ob30/simple-err-proof-value.json ob30/simple-noproof.json ob30/simple-err-type.json; do
		check "fixture $f is refused" 1 "$BLASON" verify --offline "$FIXTURES/$f"
	done
	check "an OB 2.0 signed badge needs its issuer's key: could not verify offline" 2 "$BLASON" verify --offline "$FIXTURES/ob20/simple.jwt"
else
	skip "1EdTech fixtures" "fixtures folder $FIXTURES not found"
fi
echo "1..$n"
