#!/bin/sh
# tests/cli/test_keys.sh: keygen, pubkey, sign, jws verify|show as a user
# runs them: RFC known answers, the 1EdTech signed fixtures, every key type
# and format, tampering.  Prints TAP.
set -u
. tests/cli/lib/tap.sh

# RFC 8037 Appendix A.1 key and A.4 JWS: Ed25519 signatures are deterministic.
printf '%s' '{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}' > "$T/rfc8037.jwk"
RFC8037_JWS=eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg
check "sign with the RFC 8037 key" 0 "$BLASON" sign --no-kid --key "$T/rfc8037.jwk" "Example of Ed25519 signing"
same "the JWS is RFC 8037 A.4, byte for byte" "$(cat "$T/out")" "$RFC8037_JWS"
check "verify the RFC 8037 JWS" 0 "$BLASON" jws verify --key "$T/rfc8037.jwk" "$RFC8037_JWS"
same "verify prints the payload" "$(cat "$T/out")" "Example of Ed25519 signing"
# RFC 7638 §3.1: the thumbprint of the RFC's RSA key.
printf '%s' '{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}' > "$T/rfc7638.jwk"
check "pubkey --format jwk of the RFC 7638 key" 0 "$BLASON" pubkey --format jwk "$T/rfc7638.jwk"
if grep -q '"kid": "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"' "$T/out"; then ok "kid is the RFC 7638 thumbprint"; else not_ok "kid is the RFC 7638 thumbprint" "$(cat "$T/out")"; fi

# Every key type and format: generate, derive, sign, verify, tamper.
for type in ed25519 p256 rsa2048 rsa3072; do
	for fmt in pem jwk multikey; do
		if [ "$fmt" = multikey ] && [ "$type" != ed25519 ]; then
			check "keygen $type --format multikey is refused" 1 "$BLASON" keygen --type $type --format multikey -o "$T/x"
			continue
		fi
		k="$T/$type.$fmt"
		check "keygen --type $type --format $fmt" 0 "$BLASON" keygen --type $type --format $fmt -o "$k"
		mode=$(stat -c %a "$k")
		same "the $type $fmt key file is private (0600)" "$mode" 600
		check "sign with the $type $fmt key" 0 "$BLASON" sign --key "$k" --typ JWT '{"sub":"jeune"}'
		jws=$(cat "$T/out")
		"$BLASON" pubkey --format pem "$k" > "$T/pub.pem"
		check "verify with the public PEM of the $type $fmt key" 0 "$BLASON" jws verify --key "$T/pub.pem" "$jws"
		same "the $type payload comes back" "$(cat "$T/out")" '{"sub":"jeune"}'
		# Change one character of the signature (not the last, whose low bits may be padding).
		bad=$(printf '%s' "$jws" | sed 's/\(.*\.\)\(.\)\(.*\)$/\1\2X\3/' | sed 's/\.\([^.]*\)$/.A\1/')
		check "a tampered $type signature is refused" 1 "$BLASON" jws verify --key "$T/pub.pem" "$bad"
		badp=$(printf '%s' "$jws" | awk -F. '{print $1 ".eyJzdWIiOiJhdXRyZSJ9." $3}')
		check "a tampered $type payload is refused" 1 "$BLASON" jws verify --key "$T/pub.pem" "$badp"
	done
done
"$BLASON" keygen --type ed25519 -o "$T/ed.pem"
check "pubkey --format did" 0 "$BLASON" pubkey --format did "$T/ed.pem"
did=$(cat "$T/out")
printf '%s' "$did" > "$T/did.txt"
"$BLASON" sign --key "$T/ed.pem" hello > "$T/hello.jws"
check "a did:key verifies what its key signed" 0 "$BLASON" jws verify --key "$T/did.txt" @"$T/hello.jws"
"$BLASON" keygen --type p256 -o "$T/p.pem"
check "an ES256 JWS does not verify with an Ed25519 key" 1 "$BLASON" jws verify --key "$T/did.txt" "$("$BLASON" sign --key "$T/p.pem" x)"
check "--alg restricts what verify accepts" 1 "$BLASON" jws verify --alg RS256 --key "$T/did.txt" @"$T/hello.jws"
check "alg none is refused" 1 "$BLASON" jws verify --key "$T/did.txt" "eyJhbGciOiJub25lIn0.aGVsbG8."
check "jws show decodes without a key" 0 "$BLASON" jws show @"$T/hello.jws"
if grep -q 'NOT verified' "$T/out"; then ok "jws show says it verified nothing"; else not_ok "jws show says it verified nothing"; fi
check "keygen without --type is a usage error" 2 "$BLASON" keygen
check "a file that is no key is refused" 1 "$BLASON" sign --key "$T/hello.jws" x

# The 1EdTech fixtures: OB 2.0 signed assertions and baked VC-JWTs.
if [ -d "$FIXTURES" ]; then
	for i in 1 2 3; do
		sed -n 's/.*"publicKeyPem": *"\(.*\)".*/\1/p' "$FIXTURES/ob20/assets/key$i.json" | sed 's/\\n/\n/g' > "$T/key$i.pem"
	done
	check "ob20/simple.jwt verifies with key1" 0 "$BLASON" jws verify --key "$T/key1.pem" @"$FIXTURES/ob20/simple.jwt"
	if grep -q '"type":"Assertion"' "$T/out"; then ok "its payload is the Assertion"; else not_ok "its payload is the Assertion" "$(head -c 200 "$T/out")"; fi
	check "ob20/simple-not-revoked.jwt verifies with key2" 0 "$BLASON" jws verify --key "$T/key2.pem" @"$FIXTURES/ob20/simple-not-revoked.jwt"
	check "ob20/simple-revoked.jwt verifies with key3" 0 "$BLASON" jws verify --key "$T/key3.pem" @"$FIXTURES/ob20/simple-revoked.jwt"
	check "ob20/simple.jwt does not verify with key2" 1 "$BLASON" jws verify --key "$T/key2.pem" @"$FIXTURES/ob20/simple.jwt"
	for f in simple-jwt.png simple-jwt.svg simple-jwt_v1.png simple-jwt_v1.svg; do
		"$BLASON" unbake "$FIXTURES/ob30/$f" > "$T/vcjwt"
		check "ob30/$f unbakes to a VC-JWT that verifies with its header jwk" 0 "$BLASON" jws verify --embedded-jwk @"$T/vcjwt"
	done
	check "the OB 3.0 test vector's key pair loads" 0 "$BLASON" pubkey --format multikey "$FIXTURES/ob30-spec-test-vector/keypair.json"
	same "its public Multikey is the vector's" "$(cat "$T/out")" "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
else
	skip "1EdTech signed fixtures" "fixtures folder $FIXTURES not found"
fi

echo "1..$n"
