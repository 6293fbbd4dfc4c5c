#!/bin/sh
# tests/cli/test_po.sh: the translation catalogues (docs/internals/i18n.md).
# po/blason.pot must be what the sources give today (a difference lists the
# texts added or changed since the last `make po`: translate them in
# po/en.po), GNU msgfmt --check must accept every po/*.po, and po/en.po
# must leave no text untranslated.  Prints TAP.
set -u
. tests/cli/lib/tap.sh
BUILD=${BUILD:-build}

if ! command -v msgfmt > /dev/null 2>&1 || ! command -v xgettext > /dev/null 2>&1; then
	skip "catalogues" "GNU gettext not installed (scripts/deps.sh)"
	echo "1..$n"
	exit 0
fi
if BUILD=$BUILD sh scripts/po.sh check > "$T/out" 2>&1; then
	ok "po/blason.pot is up to date and msgfmt --check accepts po/*.po"
else
	not_ok "po/blason.pot is up to date and msgfmt --check accepts po/*.po" \
		"$(grep -v 'translated messages' "$T/out" | head -60)"
fi
for po in po/*.po; do
	check "msgfmt --check $po" 0 msgfmt --check -o /dev/null "$po"
done
# English is complete: no untranslated and no fuzzy entry.
msgfmt --statistics -o /dev/null po/en.po > "$T/stats" 2>&1
case "$(cat "$T/stats")" in
*untranslated* | *fuzzy*) not_ok "po/en.po translates every text" "$(cat "$T/stats")" ;;
*) ok "po/en.po translates every text ($(cat "$T/stats"))" ;;
esac
# A text changed in a template shows up as out of date.
mkdir -p "$T/repo"
cp -r scripts src web po "$T/repo/"
sed -i 's|Aller au contenu|Aller directement au contenu|' "$T/repo/web/templates/layout.html"
case "$BUILD" in /*) abs=$BUILD ;; *) abs=$PWD/$BUILD ;; esac
if (cd "$T/repo" && BUILD="$abs" sh scripts/po.sh check > "$T/out2" 2>&1); then
	not_ok "a new template text makes the check fail" "$(head -20 "$T/out2")"
else
	if grep -q '+msgid "Aller directement au contenu"' "$T/out2"; then
		ok "a new template text makes the check fail and is named"
	else
		not_ok "a new template text makes the check fail and is named" "$(head -20 "$T/out2")"
	fi
fi
echo "1..$n"
