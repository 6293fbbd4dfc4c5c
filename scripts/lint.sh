#!/bin/sh
# scripts/lint.sh: the checks a reviewer should not have to make by hand.
#  1. banned C functions (house style C6), raw allocation outside mem.c;
#  2. layering: no I/O, sockets, databases or clocks in src/core;
#  3. formatting: clang-format agrees with every C file.
set -u
cd "$(dirname "$0")/.."
status=0

say() { echo "lint: $*"; status=1; }

csrc=$(git ls-files 'src/*.c' 'src/*.h' 'fuzz/*.c' 'bench/*.c' 2> /dev/null)
[ -n "$csrc" ] || csrc=$(find src fuzz bench -name '*.[ch]')

banned='\b(sprintf|vsprintf|strcpy|strcat|strncpy|strncat|strtok|gets|atoi|atol|atof|strtol|sscanf|system|popen)[[:space:]]*\('
hits=$(grep -nE "$banned" $csrc /dev/null | grep -v 'lint: allow')
[ -z "$hits" ] || say "banned functions:
$hits"

raw='(^|[^_a-z])(malloc|calloc|realloc|free|strdup|strndup)[[:space:]]*\('
hits=$(grep -nE "$raw" $(echo "$csrc" | grep -v '^src/core/mem.c$') /dev/null |
	grep -vE '(bl_|json_|_)(malloc|calloc|realloc|free|strdup|strndup)' | grep -v 'lint: allow')
[ -z "$hits" ] || say "raw allocation outside src/core/mem.c:
$hits"

core=$(ls src/core/*.c src/core/*.h)
io='#include <(sys/socket|netinet/|arpa/|unistd|fcntl|dirent|sqlite3|libpq-fe|curl/)|\b(fopen|fread|fwrite|fprintf|printf|puts|open|read|write|socket|connect|time|clock_gettime|gettimeofday|rand|srand|getenv)[[:space:]]*\('
hits=$(grep -nE "$io" $core | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)' | grep -v 'lint: allow')
[ -z "$hits" ] || say "I/O, clock or environment in src/core (DESIGN.md §2):
$hits"

if command -v clang-format > /dev/null 2>&1; then
	for f in $csrc $(git ls-files 'tests/*.c' 'tests/*.h' 2> /dev/null); do
		if ! clang-format --dry-run -Werror "$f" > /dev/null 2>&1; then
			say "$f is not formatted (make fmt)"
		fi
	done
else
	echo "lint: clang-format not installed, formatting not checked"
fi

[ "$status" -eq 0 ] && echo "lint: clean"
exit "$status"
