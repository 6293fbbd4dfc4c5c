#!/bin/sh
# scripts/demo.sh: what `make run` does.  On first run it creates the
# embedded SQLite database var/blason.db with the job-fair scenario of the
# Mission Locale de Paris ("Paris pour l'Emploi des Jeunes", February 2019):
# the organisation and its keys, an administrator, four badge classes and a
# few awards.  Then it serves the platform on http://127.0.0.1:8080.
# The administrator's password is written to var/demo/admin-password.txt.
# `scripts/demo.sh --data-only` creates the data and does not serve;
# DEMO_VAR=DIR puts the database and files in DIR instead of var (tests).
set -eu
VAR=${DEMO_VAR:-var}
MODE=${1:-serve}
BLASON=${BLASON:-build/blason}
LISTEN=${LISTEN:-127.0.0.1:8080}
BASE=${BASE_URL:-http://$LISTEN}
SITE="--db sqlite:$VAR/blason.db --data $VAR --base-url $BASE"
OUT=$VAR/demo
mkdir -p "$OUT"
chmod 700 "$VAR"

if [ ! -f "$VAR/blason.db" ]; then
	echo "demo: creating $VAR/blason.db with the job-fair scenario"
	# shellcheck disable=SC2086
	$BLASON org add --slug mission-locale-paris --name "Mission Locale de Paris" \
		--url https://www.missionlocale.paris --email contact@example.org \
		--description "Accompagner les jeunes de 16 à 25 ans vers l'emploi et la formation." $SITE
	umask 077
	head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$OUT/admin-password.txt"
	# shellcheck disable=SC2086
	$BLASON user add --email admin@example.org --name "Conseillère démo" \
		--org mission-locale-paris --role admin --password-file "$OUT/admin-password.txt" $SITE
	node scripts/demo-image.js "$OUT/badge.png"
	criteria="Venir au salon Paris pour l'Emploi des Jeunes et rencontrer au moins trois employeurs."
	# shellcheck disable=SC2086
	pej=$($BLASON badge add --org mission-locale-paris --name "Participation Paris pour l'Emploi des Jeunes 2019" \
		--description "A participé au salon de recrutement Paris pour l'Emploi des Jeunes (février 2019)." \
		--criteria "$criteria" --image tests/data/demo/badge.svg \
		--tags '["salon","participation"]' $SITE)
	# shellcheck disable=SC2086
	$BLASON badge add --org mission-locale-paris --name "Défi sportif" \
		--description "A relevé le défi sportif du salon en équipe." \
		--criteria "Terminer le parcours du défi sportif en équipe." --image "$OUT/badge.png" \
		--alignments '[{"targetName":"Travailler en équipe","targetUrl":"https://example.org/competences/equipe","targetCode":"SE-1"}]' \
		$SITE > /dev/null
	# shellcheck disable=SC2086
	cv=$($BLASON badge add --org mission-locale-paris --name "Atelier CV" \
		--description "A construit son CV avec un conseiller lors de l'atelier." \
		--criteria "Participer à l'atelier CV et repartir avec un CV à jour." --image "$OUT/badge.png" \
		--alignments '[{"targetName":"Rédiger un CV clair","targetCode":"DEMO-B1.1","targetFramework":"Compétences de démonstration","targetUrl":"https://example.org/competences/DEMO-B1.1"}]' \
		--validity months:24 $SITE)
	# shellcheck disable=SC2086
	entretien=$($BLASON badge add --org mission-locale-paris --name "Préparation à l'entretien" \
		--description "S'est entraîné à l'entretien d'embauche avec un recruteur." \
		--criteria "Passer un entretien blanc et en faire le bilan." --image tests/data/demo/badge.svg \
		--alignments '[{"targetName":"Répondre aux questions d'"'"'un recruteur","targetCode":"DEMO-B2.2","targetFramework":"Compétences de démonstration","targetUrl":"https://example.org/competences/DEMO-B2.2"}]' \
		--validity months:24 $SITE)
	for who in "Camille:camille@example.org" "Yanis:yanis@example.org" "Awa:awa@example.org"; do
		# shellcheck disable=SC2086
		$BLASON award --badge "${pej##*/}" --name "${who%%:*}" --email "${who#*:}" \
			--key "demo:${who#*:}" $SITE
	done
	# The network (issue 9): the demo framework, three partners, their needs.
	# shellcheck disable=SC2086
	$BLASON framework import data/frameworks/demo-competences.csv --org mission-locale-paris \
		--name "Compétences de démonstration" --version 1 $SITE > /dev/null
	for p in "boulangerie-leon:employer:Boulangerie Léon:leon@example.org" \
		"relais-emploi:association:Relais Emploi 19e:relais@example.org" \
		"institut-metiers:training:Institut des métiers:institut@example.org"; do
		slug=${p%%:*}; rest=${p#*:}; kind=${rest%%:*}; rest=${rest#*:}
		# shellcheck disable=SC2086
		$BLASON partner add --network mission-locale-paris --slug "$slug" --kind "$kind" \
			--name "${rest%%:*}" --email "${rest#*:}" $SITE > /dev/null
	done
	# shellcheck disable=SC2086
	n1=$($BLASON need add --org boulangerie-leon --title "Vendeurs et vendeuses en boulangerie" \
		--description "Deux postes à la rentrée : accueil des clients dès 6 h 30, encaissement." \
		--people 2 --sector Commerce --horizon "d'ici 3 mois" --items DEMO-A1.1,DEMO-A2.2 $SITE)
	# shellcheck disable=SC2086
	$BLASON need add --org relais-emploi --title "Animateurs de quartier" \
		--description "Des jeunes pour animer les ateliers du samedi, en équipe." \
		--people 5 --sector Animation --items DEMO-A2.1,DEMO-A3.1 $SITE > /dev/null
	# shellcheck disable=SC2086
	$BLASON need add --org institut-metiers --title "Apprentis en maintenance" \
		--description "Des apprentis sérieux et attentifs à la sécurité." \
		--people 8 --sector Industrie --horizon "septembre" --items DEMO-C3.1,DEMO-A1.2 $SITE > /dev/null
	for o in relais-emploi institut-metiers; do
		# shellcheck disable=SC2086
		$BLASON need support --org "$o" --need "$n1" --comment "Même besoin chez nous." $SITE
	done
	# The pathway "Prêt pour l'emploi" (issue 9): the fair, both workshops and
	# any one of three soft skills, aligned to the demo framework.
	soft=""
	for b in "Ponctualité:DEMO-A1.1:Être ponctuel et assidu" \
		"Travail en équipe:DEMO-A2.1:Travailler en équipe" \
		"Communication:DEMO-A2.2:Communiquer avec respect"; do
		name=${b%%:*}; rest=${b#*:}; code=${rest%%:*}
		al='[{"targetName":"'"${rest#*:}"'","targetCode":"'"$code"'","targetFramework":"Compétences de démonstration","targetUrl":"https://example.org/competences/'"$code"'"}]'
		# shellcheck disable=SC2086
		u=$($BLASON badge add --org mission-locale-paris --name "$name" \
			--description "Savoir-être reconnu par un conseiller ou un employeur : $name." \
			--criteria "Montrer « $name » pendant un atelier ou une immersion, constaté par un professionnel." \
			--image "$OUT/badge.png" --alignments "$al" $SITE)
		soft="$soft ${u##*/}"
	done
	set -- $soft
	# shellcheck disable=SC2086
	pret=$($BLASON badge add --org mission-locale-paris --name "Prêt pour l'emploi" \
		--description "A suivi le parcours Prêt pour l'emploi : salon, atelier CV, préparation à l'entretien et un savoir-être." \
		--criteria "Terminer le parcours Prêt pour l'emploi de la Mission Locale." --image tests/data/demo/badge.svg $SITE)
	cat > "$OUT/pret-pour-l-emploi.json" <<JSON
{"root": "pret", "steps": [
 {"id": "salon", "title": "Salon Paris pour l'Emploi des Jeunes", "badge": "${pej##*/}"},
 {"id": "cv", "title": "Atelier CV", "badge": "${cv##*/}"},
 {"id": "entretien", "title": "Préparation à l'entretien", "badge": "${entretien##*/}"},
 {"id": "ponctualite", "badge": "$1"}, {"id": "equipe", "badge": "$2"}, {"id": "communication", "badge": "$3"},
 {"id": "savoir-etre", "title": "Un savoir-être", "need": 1, "steps": ["ponctualite", "equipe", "communication"]},
 {"id": "pret", "steps": ["salon", "cv", "entretien", "savoir-etre"]}]}
JSON
	# shellcheck disable=SC2086
	pw=$($BLASON pathway add --org mission-locale-paris --name "Prêt pour l'emploi" \
		--description "Le salon, les deux ateliers et un savoir-être : un entretien d'embauche vous attend." \
		--definition "$OUT/pret-pour-l-emploi.json" --goal "${pret##*/}" $SITE)
	# The partner employer (a valid SIRET) offers a job dating to those who finish it.
	# shellcheck disable=SC2086
	$BLASON profile --org boulangerie-leon --siret 73282932000074 --sector Commerce \
		--contact "Léon Martin" --contact-email leon@example.org $SITE
	# shellcheck disable=SC2086
	$BLASON opportunity add --org boulangerie-leon --kind entretien --title "Job dating : vendeur ou vendeuse" \
		--description "Un entretien de 20 minutes pour un poste de vente en boulangerie, Paris 19e." \
		--place "Paris 19e" --places 6 --pathway "$pw" $SITE > /dev/null
	# Three partners endorse the two workshops.
	for o in boulangerie-leon relais-emploi institut-metiers; do
		for b in "$cv" "$entretien"; do
			# shellcheck disable=SC2086
			$BLASON endorse --org "$o" --badge "${b##*/}" \
				--comment "Nous reconnaissons cet atelier dans nos recrutements." $SITE > /dev/null
		done
	done
	# Young people on the way: Camille finishes (the milestone comes by itself), Yanis is one step away.
	for step in "${cv##*/}:Camille:camille@example.org" "${entretien##*/}:Camille:camille@example.org" \
		"$2:Camille:camille@example.org" "${cv##*/}:Yanis:yanis@example.org" \
		"${entretien##*/}:Yanis:yanis@example.org" "${cv##*/}:Awa:awa@example.org"; do
		badge=${step%%:*}; rest=${step#*:}
		# shellcheck disable=SC2086
		$BLASON award --badge "$badge" --name "${rest%%:*}" --email "${rest#*:}" \
			--key "demo:$badge:${rest#*:}" $SITE > /dev/null
	done
fi

if [ "$MODE" = "--data-only" ]; then
	exit 0
fi

echo "demo: sign in as admin@example.org with the password $(cat "$OUT/admin-password.txt")"
echo "      (kept in $OUT/admin-password.txt)"
echo "demo: try $BASE/o/mission-locale-paris (HTML in a browser, JSON-LD for machines)"
# shellcheck disable=SC2086
exec $BLASON serve --listen "$LISTEN" $SITE
