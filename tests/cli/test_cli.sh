#!/bin/sh
# tests/cli/test_cli.sh: the blason command as a person or a script uses it:
# exit codes, one-line errors, atomic output, fixtures, pngcheck.  Prints TAP.
set -u
. tests/cli/lib/tap.sh

# The last command's stderr is exactly one line that contains $2.
one_line_error() {
	lines=$(wc -l < "$T/err")
	if [ "$lines" -eq 1 ] && grep -q -- "$2" "$T/err"; then
		ok "$1"
	else
		not_ok "$1" "stderr ($lines lines): $(head -c 300 "$T/err")"
	fi
}

same_file() {
	if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$2 and $3 differ"; fi
}

# A small PNG and SVG of our own, so the tests run without the fixtures too.
printf '\211PNG\r\n\032\n' > "$T/plain.png"
printf '\000\000\000\015IHDR\000\000\000\001\000\000\000\001\010\000\000\000\000\072\176\233\125' >> "$T/plain.png"
printf '\000\000\000\012IDAT\170\234\143\150\000\000\000\202\000\201\167\315\162\266' >> "$T/plain.png"
printf '\000\000\000\000IEND\256\102\140\202' >> "$T/plain.png"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n' > "$T/plain.svg"
if command -v pngcheck > /dev/null 2>&1 && pngcheck -q "$T/plain.png" > /dev/null 2>&1; then
	ok "test image is a valid PNG (pngcheck)"
else
	not_ok "test image is a valid PNG (pngcheck)" "$(pngcheck "$T/plain.png" 2>&1 | head -3)"
fi

# --- help and usage ---
check "blason --help exits 0" 0 "$BLASON" --help
for c in bake unbake inspect; do
	check "blason $c --help exits 0" 0 "$BLASON" $c --help
	if grep -q "^Usage: blason $c" "$T/out"; then ok "blason $c --help prints its usage"; else not_ok "blason $c --help prints its usage"; fi
done
check "unknown command is a usage error" 2 "$BLASON" frobnicate
check "unbake without IMAGE is a usage error" 2 "$BLASON" unbake
check "bake without -o is a usage error" 2 "$BLASON" bake "$T/plain.png" https://example.org/a
check "unknown option is a usage error" 2 "$BLASON" unbake --frob "$T/plain.png"
check "bad --max-size is a usage error" 2 "$BLASON" unbake --max-size 12Q "$T/plain.png"

# --- bake, unbake, inspect ---
URL=https://example.org/assertions/1
check "bake a URL into a PNG" 0 "$BLASON" bake "$T/plain.png" "$URL" -o "$T/url.png"
check "unbake it" 0 "$BLASON" unbake "$T/url.png"
if [ "$(cat "$T/out")" = "$URL" ] && [ "$(wc -c < "$T/out")" -eq ${#URL} ]; then ok "unbake prints the URL, byte for byte"; else not_ok "unbake prints the URL, byte for byte" "got: $(cat "$T/out")"; fi
if command -v pngcheck > /dev/null 2>&1; then
	check "baked PNG passes pngcheck" 0 pngcheck -q "$T/url.png"
else
	skip "baked PNG passes pngcheck" "pngcheck not installed"
fi

cat > "$T/vc.json" << 'JSON'
{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"type":["VerifiableCredential","OpenBadgeCredential"],"name":"Participation – Paris pour l'Emploi des Jeunes ]]> ok"}
JSON
for fmt in png svg; do
	check "bake a 3.0 credential from @FILE into $fmt" 0 "$BLASON" bake "$T/plain.$fmt" "@$T/vc.json" -o "$T/vc.$fmt"
	check "unbake the $fmt" 0 "$BLASON" unbake "$T/vc.$fmt"
	# The file ends with a newline; the payload is trimmed.
	head -c -1 "$T/vc.json" > "$T/vc.trim"
	same_file "the $fmt gives back the credential byte for byte" "$T/out" "$T/vc.trim"
	check "inspect --json the $fmt" 0 "$BLASON" inspect --json "$T/vc.$fmt"
	if grep -q '"version": "3.0"' "$T/out" && grep -q '"kind": "JSON"' "$T/out"; then ok "inspect says 3.0 JSON for the $fmt"; else not_ok "inspect says 3.0 JSON for the $fmt" "$(cat "$T/out")"; fi
	check "re-bake the $fmt with a 2.0 URL" 0 "$BLASON" bake "$T/vc.$fmt" "$URL" -o "$T/rebaked.$fmt"
	check "unbake the re-baked $fmt" 0 "$BLASON" unbake "$T/rebaked.$fmt"
	if [ "$(cat "$T/out")" = "$URL" ]; then ok "re-baking replaced the badge in the $fmt"; else not_ok "re-baking replaced the badge in the $fmt"; fi
done
if command -v pngcheck > /dev/null 2>&1; then
	check "3.0 baked PNG passes pngcheck" 0 pngcheck -q "$T/vc.png"
else
	skip "3.0 baked PNG passes pngcheck" "pngcheck not installed"
fi
grep -c 'openbadges:' "$T/rebaked.svg" > "$T/count"
if [ "$(cat "$T/count")" -eq 1 ]; then ok "re-baked SVG holds one badge element"; else not_ok "re-baked SVG holds one badge element" "$(cat "$T/rebaked.svg")"; fi

check "bake reads the payload from standard input" 0 sh -c "printf '%s' '$URL' | '$BLASON' bake '$T/plain.svg' - -o '$T/stdin.svg'"
check "unbake reads the image from standard input" 0 sh -c "'$BLASON' unbake - < '$T/stdin.svg'"
if [ "$(cat "$T/out")" = "$URL" ]; then ok "stdin round trip"; else not_ok "stdin round trip"; fi
check "--ob3 with a URL is refused" 1 "$BLASON" bake "$T/plain.png" "$URL" --ob3 -o "$T/x.png"
one_line_error "--ob3 with a URL: one clear line" "not a URL"
check "--ob2 with a 3.0 credential is refused" 1 "$BLASON" bake "$T/plain.png" "@$T/vc.json" --ob2 -o "$T/x.png"
if [ -e "$T/x.png" ]; then not_ok "a refused bake writes nothing"; else ok "a refused bake writes nothing"; fi

# --- errors: clear, one line, nothing written ---
check "unbake an image without badge exits 1" 1 "$BLASON" unbake "$T/plain.png"
one_line_error "no badge: one clear line" "no Open Badges chunk"
check "unbake a missing file exits 2" 2 "$BLASON" unbake "$T/nope.png"
one_line_error "missing file: one clear line" "cannot open"
printf 'GIF89a not a badge' > "$T/x.gif"
check "unbake a GIF exits 1" 1 "$BLASON" unbake "$T/x.gif"
one_line_error "GIF: one clear line" "unknown_format"
head -c 40 "$T/url.png" > "$T/trunc.png"
check "unbake a truncated PNG exits 1" 1 "$BLASON" unbake "$T/trunc.png"
one_line_error "truncated PNG: one clear line" "truncated"
cp "$T/url.png" "$T/badcrc.png"
printf 'X' | dd of="$T/badcrc.png" bs=1 seek=50 conv=notrunc 2> /dev/null
check "unbake a PNG with a bad CRC exits 1" 1 "$BLASON" unbake "$T/badcrc.png"
one_line_error "bad CRC: one clear line" "bad CRC"
truncate -s 100M "$T/huge.png"
check "a 100 MB image is refused" 1 "$BLASON" unbake "$T/huge.png"
one_line_error "100 MB image: one clear line naming the limit" "over the limit"
check "a 100 MB image passes a raised --max-size, then fails as not a PNG" 1 "$BLASON" unbake --max-size 128M "$T/huge.png"
one_line_error "raised limit: the next problem is named" "not a PNG"
printf '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>\n' > "$T/bomb.svg"
check "an entity bomb SVG is refused" 1 "$BLASON" unbake "$T/bomb.svg"
one_line_error "entity bomb: one clear line" "svg_unsafe"
printf '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>' > "$T/broken.svg"
check "malformed SVG is refused" 1 "$BLASON" unbake "$T/broken.svg"
one_line_error "malformed SVG: one clear line with the position" "line 1"
printf '{"a": "\377"}' > "$T/badutf8.json"
check "a payload with invalid UTF-8 is refused" 1 "$BLASON" bake "$T/plain.png" "@$T/badutf8.json" -o "$T/y.png"
one_line_error "invalid UTF-8: one clear line" "UTF-8"

# Atomic output: a failing bake leaves an existing output file untouched.
cp "$T/url.png" "$T/keep.png"
check "bake onto an existing file with a bad payload fails" 1 "$BLASON" bake "$T/plain.png" "not a payload" -o "$T/keep.png"
same_file "the existing output file is untouched" "$T/keep.png" "$T/url.png"
if ls "$T" | grep -q 'tmp-'; then not_ok "no temporary file is left behind"; else ok "no temporary file is left behind"; fi
check "bake into a folder that does not exist exits 2" 2 "$BLASON" bake "$T/plain.png" "$URL" -o "$T/no/such/dir/out.png"

# --- the conformance fixtures ---
if [ -d "$FIXTURES" ]; then
	for f in ob20/simple-badge.png legacy-ob1x/baked_heart.png legacy-ob1x/baked_example.svg \
		legacy-ob1x/mozilla-bakery-baked.svg ob30/simple-json.png ob30/simple-json.svg \
		ob30/simple-jwt.png ob30/simple-jwt.svg ob30/simple-jwt_v1.png ob30/simple-jwt_v1.svg; do
		check "unbake fixture $f" 0 "$BLASON" unbake "$FIXTURES/$f"
	done
	for f in legacy-ob1x/public_domain_heart.png legacy-ob1x/mozilla-bakery-unbaked.png \
		legacy-ob1x/unbaked_example.svg legacy-ob1x/mozilla-bakery-unbaked.svg; do
		check "fixture $f holds no badge (exit 1)" 1 "$BLASON" unbake "$FIXTURES/$f"
	done
	# The SVG verify attribute, read with sed, is what unbake prints.
	"$BLASON" unbake "$FIXTURES/ob30/simple-jwt.svg" > "$T/jwt"
	sed -n 's/.*verify="\([^"]*\)".*/\1/p' "$FIXTURES/ob30/simple-jwt.svg" | head -n 1 | tr -d '\n' > "$T/jwt.sed"
	same_file "simple-jwt.svg: unbake prints the verify attribute" "$T/jwt" "$T/jwt.sed"
	check "inspect fixture ob30/simple-json.png" 0 "$BLASON" inspect "$FIXTURES/ob30/simple-json.png"
	if grep -q 'chunk 11 of 13 at offset 82643' "$T/out"; then ok "inspect names the chunk position"; else not_ok "inspect names the chunk position" "$(cat "$T/out")"; fi
else
	skip "conformance fixtures" "fixtures folder $FIXTURES not found"
fi

echo "1..$n"
