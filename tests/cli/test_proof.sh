#!/bin/sh
# tests/cli/test_proof.sh: blason canon, verify-proof and issue --proof di
# on the 1EdTech fixtures and the OB 3.0 test vector.  Prints TAP.
set -u
. tests/cli/lib/tap.sh

# A credential of our own, signed and checked, then tampered with.
node scripts/demo-image.js "$T/badge.png"
"$BLASON" keygen --type ed25519 -o "$T/ed.pem"
check "issue --proof di" 0 "$BLASON" issue --proof di --issuer tests/data/ob/issuer-mission-locale.json \
	--badge tests/data/ob/badge-pej-participation.json --recipient jeune@example.org \
	--key "$T/ed.pem" --image "$T/badge.png" -o "$T/di.png"
check "verify-proof reads the proof baked in the PNG" 0 "$BLASON" verify-proof "$T/di.png"
if grep -q 'proof 1: DataIntegrityProof eddsa-rdfc-2022: valid' "$T/out"; then ok "it says valid"; else not_ok "it says valid" "$(cat "$T/out")"; fi
"$BLASON" unbake "$T/di.png" | sed 's/Participation/Présence/' > "$T/tampered.json"
check "a changed name is detected" 1 "$BLASON" verify-proof "$T/tampered.json"
if grep -q 'bad_signature' "$T/err"; then ok "as a bad signature"; else not_ok "as a bad signature" "$(cat "$T/err")"; fi
"$BLASON" keygen --type rsa2048 -o "$T/rsa.pem"
check "--proof di refuses an RSA key" 1 "$BLASON" issue --proof di --issuer tests/data/ob/issuer-mission-locale.json \
	--badge tests/data/ob/badge-pej-participation.json --recipient jeune@example.org \
	--key "$T/rsa.pem" --image "$T/badge.png" -o "$T/x.png"
check "verify-proof of an image without badge exits 1" 1 "$BLASON" verify-proof "$T/badge.png"
check "canon of a document that uses an unknown context is refused" 1 sh -c "printf '%s' '{\"@context\":\"https://example.org/ctx\",\"a\":1}' | '$BLASON' canon -"
if grep -q 'example.org/ctx' "$T/err"; then ok "the error names the context"; else not_ok "the error names the context" "$(cat "$T/err")"; fi

if [ -d "$FIXTURES" ]; then
	V="$FIXTURES/ob30-spec-test-vector"
	check "canon --no-proof of the OB 3.0 test vector" 0 "$BLASON" canon --no-proof "$V/signed-credential.json"
	if cmp -s "$T/out" "$V/document-canon.txt"; then ok "equals document-canon.txt byte for byte"; else not_ok "equals document-canon.txt byte for byte"; fi
	for f in simple.json simple-json.png simple-json.svg simple-did-key-method.json simple_v1.json \
		simple-eddsa-2022.json endorsement-valid.json complete.json; do
		check "verify-proof ob30/$f" 0 "$BLASON" verify-proof "$FIXTURES/ob30/$f"
	done
	for f in simple-err-proof-value.json simple-err-proof-method.json simple-multiple-proofs.json \
		simple-noproof.json simple-err-proof-method-unknown-did-method.json; do
		check "verify-proof refuses ob30/$f" 1 "$BLASON" verify-proof "$FIXTURES/ob30/$f"
	done
else
	skip "1EdTech fixtures" "fixtures folder $FIXTURES not found"
fi
echo "1..$n"
