# tests/cli/lib/tap.sh: what the shell test files share (sourced, not run).
# Sets BLASON, FIXTURES and a temporary folder T removed at exit; prints TAP
# through ok, not_ok, skip, check (exit status) and same (two strings).
BLASON=${BLASON:-build/blason}
FIXTURES=${FIXTURES:-../shared/fixtures}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "# $l"; done
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# check DESC EXPECTED-STATUS CMD...: run, keep stdout in $T/out and stderr in $T/err.
check() {
	desc=$1 want=$2
	shift 2
	"$@" > "$T/out" 2> "$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$desc"
	else
		not_ok "$desc" "exit status $got, wanted $want" "stderr: $(head -c 300 "$T/err")"
	fi
}

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}
