#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# bench_pathway_scan.sh: how long a new pathway takes to scan the awards
# already given (app/pathway_scan.c).  PEOPLE young people (default 10,000)
# each hold the fair, CV and interview badges, and one in four also a soft
# skill, so a quarter of them complete "Prêt pour l'emploi" and receive the
# signed milestone during the scan.  The past awards are written straight
# into a SQLite file (no signatures: the scan does not read them); the
# pathway is then created with `blason pathway add`, which runs the scan.
# Usage: sh bench/bench_pathway_scan.sh [PEOPLE]
set -eu
BUILD=${BUILD:-build}
BL=${BLASON:-$BUILD/blason}
PEOPLE=${1:-10000}
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
site="--db sqlite:$tmp/b.db --data $tmp --base-url http://localhost:1"
img=tests/data/demo/badge.svg
# shellcheck disable=SC2086
"$BL" org add $site --slug ml --name "Mission Locale" --url https://example.org \
	--email contact@example.org > /dev/null
uids=""
for b in forum cv entretien soft pret; do
	# shellcheck disable=SC2086
	u=$("$BL" badge add $site --org ml --name "$b" --description "$b" --criteria "$b" --image "$img")
	uids="$uids ${u##*/}"
done
set -- $uids
cat > "$tmp/def.json" << JSON
{"root": "pret", "steps": [
 {"id": "forum", "badge": "$1"}, {"id": "cv", "badge": "$2"},
 {"id": "entretien", "badge": "$3"}, {"id": "soft", "badge": "$4"},
 {"id": "pret", "steps": ["forum", "cv", "entretien", "soft"]}]}
JSON
goal=$5
sqlite3 "$tmp/b.db" << SQL
WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < $PEOPLE),
     c(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM c WHERE k < 3)
INSERT INTO awards (uid, org_id, badgeclass_id, recipient_email, recipient_salt,
                    issued_at, status_index)
SELECT 'bench-' || i || '-' || k, o.id, b.id, 'jeune' || i || '@example.org', 's',
       1700000000 + i * 10 + k, 1000000 + i * 4 + k
FROM p, c, orgs o, badge_classes b
WHERE o.slug = 'ml' AND b.org_id = o.id
  AND b.name = CASE k WHEN 0 THEN 'forum' WHEN 1 THEN 'cv' WHEN 2 THEN 'entretien' ELSE 'soft' END
  AND (k < 3 OR i % 4 = 0);
SQL
n=$(sqlite3 "$tmp/b.db" "SELECT count(*) FROM awards")
t0=$(date +%s.%N)
# shellcheck disable=SC2086
${PERF:-} "$BL" pathway add $site --org ml --name "Prêt pour l'emploi" --definition "$tmp/def.json" \
	--goal "$goal" > /dev/null
t1=$(date +%s.%N)
rows=$(sqlite3 "$tmp/b.db" "SELECT count(*) FROM pathway_progress")
ms=$(sqlite3 "$tmp/b.db" "SELECT count(*) FROM awards a JOIN badge_classes b ON b.id = a.badgeclass_id WHERE b.name = 'pret'")
echo "pathway_scan_people $PEOPLE (past awards $n)"
echo "pathway_scan_progress_rows $rows"
echo "pathway_scan_milestones $ms"
echo "$t0 $t1" | awk '{ printf "pathway_scan_seconds %.2f s (pathway add, scan included)\n", $2 - $1 }'
