#!/bin/sh
# scripts/po.sh: the translation catalogues of po/ (docs/internals/i18n.md).
#   po.sh update   regenerate po/blason.pot from the sources (the texts of
#                  web/templates and the N_("...") strings of src/) and merge
#                  it into every po/*.po with msgmerge
#   po.sh check    fail when po/blason.pot is not what the sources give (it
#                  prints the difference: the texts to add to po/en.po), or
#                  when msgfmt --check refuses a catalogue
#   po.sh todo     list the lines of src/server and src/app with a French
#                  string that is not marked N_() yet (a rough guide: accented
#                  letters or an apostrophe; logs and technical errors stay English)
# Needs GNU gettext (xgettext, msgcat, msgmerge, msgfmt) and build/tools/potgen.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The mail templates are rendered in French for now (docs/internals/i18n.md).
templates=$(ls web/templates/*.html | grep -v '/mail-' | LC_ALL=C sort)
csrc=$(find src -name '*.c' | LC_ALL=C sort)

gen() {
	"$BUILD/tools/potgen" "$tmp/templates.pot" $templates
	xgettext --from-code=UTF-8 --language=C --keyword=N_ --add-location=file \
		--package-name=blason -o "$tmp/code.pot" $csrc
	if [ -f "$tmp/code.pot" ]; then
		sed -i 's/charset=CHARSET/charset=UTF-8/' "$tmp/code.pot"
		# A text found in both keeps both references; the header is the templates' alone.
		msgcat --add-location=file -o "$tmp/all.pot" "$tmp/templates.pot" "$tmp/code.pot"
		{
			sed -n '1,/^$/p' "$tmp/templates.pot"
			sed '1,/^$/d' "$tmp/all.pot"
		} > "$1"
	else
		msgcat --add-location=file -o "$1" "$tmp/templates.pot"
	fi
	# The creation date changes at every run: it is left out so the file only changes with the texts.
	sed -i '/^"POT-Creation-Date: /d' "$1"
}

case "${1:-}" in
update)
	gen po/blason.pot
	for po in po/*.po; do
		[ -f "$po" ] || continue
		msgmerge --quiet --update --backup=none --add-location=file "$po" po/blason.pot
	done
	;;
check)
	gen "$tmp/blason.pot"
	status=0
	if ! diff -u po/blason.pot "$tmp/blason.pot" > "$tmp/diff"; then
		echo "po: po/blason.pot is out of date: run make po, then translate the new texts in po/en.po" >&2
		cat "$tmp/diff" >&2
		status=1
	fi
	for po in po/*.po; do
		[ -f "$po" ] || continue
		msgfmt --check --statistics -o /dev/null "$po" || status=1
	done
	exit $status
	;;
todo)
	# Skip the continuation lines of an N_("..." "...") and comments.
	awk 'FNR == 1 { open = 0 }
	open && /^[[:space:]]*"/ { if ($0 ~ /"\)/) open = 0; next }
	{ open = 0 }
	/N_\(/ { if ($0 !~ /N_\("[^"]*"\)/) open = 1; next }
	/^[[:space:]]*(\/?\*|\/\/)/ || /\/\*.*"/ { next }
	/"[^"]*([àâçéèêëîïôùûüÿœÀÉÈÊÎÔÙ’]|« )[^"]*"/ { print FILENAME ":" FNR ": " $0 }' \
		src/server/*.c src/app/*.c
	;;
*)
	echo "usage: po.sh update|check|todo" >&2
	exit 2
	;;
esac
