#!/bin/sh
# tests/run.sh: run every test layer, each printing TAP, and add them up.
# Ends with one line "N passed, N failed, N skipped"; exits 1 on any failure.
# A layer that exits non-zero without reporting a failure (a crash, a
# sanitizer report) counts as one failure, so nothing fails silently.
set -u

BUILD=${BUILD:-build}
FIXTURES=${FIXTURES:-../shared/fixtures}
export BUILD FIXTURES
export BLASON="$BUILD/blason"
# The test drivers of tests/tools/, for the Node interop tests.
for t in "$BUILD"/tools/*; do
	[ -x "$t" ] || continue
	name=$(basename "$t" | tr '[:lower:]' '[:upper:]')
	export "$name=$t"
done
LOGS="$BUILD/test-logs"
mkdir -p "$LOGS"

# Sanitizers: fail on the first report, leaks included.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}"
# Known one-time allocations of system libraries (tests/lsan.supp).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}"
export CMOCKA_MESSAGE_OUTPUT=TAP

passed=0 failed=0 skipped=0

# layer NAME COMMAND...: run, keep the log, count its TAP lines.
layer() {
	name=$1
	shift
	log="$LOGS/$(echo "$name" | tr / _).tap"
	"$@" > "$log" 2>&1
	status=$?
	# A "# SKIP" directive makes a line a skip, whether cmocka prints it
	# after "ok" or (as version 1.1 does) after "not ok".
	p=$(grep -E '^ok ' "$log" | grep -vic '# skip')
	s=$(grep -E '^(not )?ok ' "$log" | grep -ic '# skip')
	f=$(grep -E '^not ok ' "$log" | grep -vic '# skip')
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $status" >> "$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	printf '%-28s %4d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
	if [ "$f" -ne 0 ]; then
		grep -E '^not ok |^# ' "$log" | head -n 40 | sed 's/^/    /'
		tail -n 15 "$log" | sed 's/^/    | /'
	fi
	grep -iE '^(not )?ok .*# skip' "$log" | head -n 10 | sed 's/^/    /'
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	layer "unit/$(basename "$t")" "$t"
done

for r in "$BUILD"/fuzz/replay_*; do
	[ -x "$r" ] || continue
	name=${r##*/replay_}
	layer "fuzz-replay/$name" "$r" "fuzz/corpus/$name"
done

# Store contract: each script runs the contract on its backends (tests/store/run.sh).
for s in tests/store/*.sh; do
	[ -f "$s" ] || continue
	layer "store/$(basename "$s" .sh)" sh "$s"
done

for s in tests/cli/*.sh; do
	[ -f "$s" ] || continue
	layer "cli/$(basename "$s" .sh)" sh "$s"
done

# HTTP: blason serve started on a free port, real requests with curl.
for s in tests/http/*.sh; do
	[ -f "$s" ] || continue
	layer "http/$(basename "$s" .sh)" sh "$s"
done

if [ -d node_modules ] && ls tests/interop/*.test.js > /dev/null 2>&1; then
	layer "interop/node" node --test --test-reporter=tap tests/interop/
fi

# HTTP API: the JSON API and sessions over real requests (Node's fetch).
if [ -d node_modules ] && ls tests/http/*.test.js > /dev/null 2>&1; then
	layer "http/node" node --test --test-reporter=tap tests/http/
fi

# Browser: headless Debian Chromium (playwright-core), axe-core on every
# page, screenshots in $BUILD/test-artifacts/screens/.
if [ -d node_modules ] && ls tests/browser/*.test.js > /dev/null 2>&1; then
	layer "browser/node" node --test --test-concurrency=1 --test-reporter=tap tests/browser/
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
