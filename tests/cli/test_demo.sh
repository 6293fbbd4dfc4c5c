#!/bin/sh
# tests/cli/test_demo.sh: the demo data of `make run` (scripts/demo.sh
# --data-only, in a temporary folder), then a real `blason serve` on it:
# the job-fair story of issue 9 is there (the pathway and its funnel, the
# milestone awarded by itself to the young person who finished, the
# endorsements on the workshop badges, the partner employer's SIRET and
# job dating, the needs board), and the milestone verifies.  Prints TAP.
set -u
. tests/cli/lib/tap.sh

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
check "scripts/demo.sh --data-only creates the demo" 0 env DEMO_VAR="$T/var" BASE_URL="$BASE" BLASON="$BLASON" \
	sh scripts/demo.sh --data-only
SITE="--db sqlite:$T/var/blason.db --data $T/var --base-url $BASE"
# shellcheck disable=SC2086
TOKEN=$("$BLASON" user token --email admin@example.org --org mission-locale-paris --name test $SITE)
# shellcheck disable=SC2086
"$BLASON" serve --listen "127.0.0.1:$PORT" $SITE > "$T/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$T"' EXIT
i=0
until curl -fs "$BASE/" > /dev/null 2>&1 || [ $i -ge 50 ]; do sleep 0.2; i=$((i + 1)); done

api() { curl -fs -H "Authorization: Bearer $TOKEN" "$BASE$1"; }
jq_() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

pw=$(api /api/v1/orgs/mission-locale-paris/pathways)
same "one pathway, named Prêt pour l'emploi" "$(printf '%s' "$pw" | jq_ "len(d['items']), d['items'][0]['name']")" "1 Prêt pour l'emploi"
same "its funnel: three young people started, three halfway, one completed" \
	"$(printf '%s' "$pw" | jq_ "d['items'][0]['funnel']['started'], d['items'][0]['funnel']['halfway'], d['items'][0]['funnel']['completed']")" "3 3 1"
goal=$(printf '%s' "$pw" | jq_ "d['items'][0]['goal']['badge']")
steps=$(printf '%s' "$pw" | jq_ "len(d['items'][0]['definition']['steps'])")
same "the definition: fair, two workshops, three soft skills, a group and the root" "$steps" 8
ms=$(api "/api/v1/orgs/mission-locale-paris/awards?badge=$goal&limit=50")
same "the milestone was awarded by itself, once, to Camille" \
	"$(printf '%s' "$ms" | jq_ "[(a['recipient']['email'], a['status']) for a in d['items']]")" "[('camille@example.org', 'issued')]"
muid=$(printf '%s' "$ms" | jq_ "d['items'][0]['uid']")
check "blason verify accepts the milestone" 0 "$BLASON" verify --allow-http --allow-private-network "$BASE/awards/$muid"

# The workshops are endorsed by the three partners.
badges=$(api /api/v1/orgs/mission-locale-paris/badges)
cv=$(printf '%s' "$badges" | jq_ "[b['uid'] for b in d['items'] if b['name'] == 'Atelier CV'][0]")
page=$(curl -fs -H 'Accept: text/html' "$BASE/badges/$cv")
if printf '%s' "$page" | grep -q "Reconnu par 3 partenaires"; then ok "the CV workshop page: reconnu par 3 partenaires"; else not_ok "the CV workshop page: reconnu par 3 partenaires" "$(printf '%s' "$page" | grep -i reconnu)"; fi
softs=$(printf '%s' "$badges" | jq_ "sorted(b['name'] for b in d['items'] if b['name'] in ('Ponctualité', 'Travail en équipe', 'Communication'))")
same "three soft-skill badges" "$softs" "['Communication', 'Ponctualité', 'Travail en équipe']"

# The partner employer: valid SIRET shown on its public page, and its job dating.
leon=$(curl -fs "$BASE/partenaires/boulangerie-leon" || curl -fs "$BASE/o/boulangerie-leon")
if printf '%s' "$leon" | grep -q "732 829 320 00074\|73282932000074"; then ok "the employer's page shows its SIRET"; else not_ok "the employer's page shows its SIRET"; fi
same "one opportunity, by the partner employer, requiring the pathway" \
	"$(sqlite3 "$T/var/blason.db" "SELECT o.slug, p.name FROM opportunities x JOIN orgs o ON o.id = x.org_id JOIN pathways p ON p.id = x.pathway_id" 2>&1)" \
	"boulangerie-leon|Prêt pour l'emploi"
same "three needs on the board, one supported twice" \
	"$(sqlite3 "$T/var/blason.db" "SELECT COUNT(*), (SELECT COUNT(*) FROM need_supports) FROM needs" 2>&1)" "3|2"

kill $SERVER
wait $SERVER 2>/dev/null
if grep -q "ERROR: AddressSanitizer\|runtime error" "$T/serve.log"; then not_ok "the server stopped cleanly" "$(head -c 500 "$T/serve.log")"; else ok "the server stopped cleanly"; fi
echo "1..$n"
