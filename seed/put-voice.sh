#!/bin/sh
# Puts a territory's voice menu and routing rules into DirectoryTable, as the functions read them
# (README: "Where the menu and routing rules live"): pk TERRITORY#<territory>, sk MENU / ROUTING,
# document = the JSON text of the territory file's "menu" and "routing" parts (README: "Territory file").
# Callers get the new menu within 60 s.
#
#   seed/put-voice.sh TABLE TERRITORY [aws options…]
#   TERRITORY_FILE=moselle/territory.json seed/put-voice.sh "$DIRECTORY_TABLE" moselle
#   seed/put-voice.sh DirectoryTable demo --endpoint-url http://127.0.0.1:8000 --region eu-central-1   # local runner
#
# Needs the aws CLI and jq. jq refuses a file that is not JSON or has no menu or routing; the menu format itself is
# checked by `mvn -q -pl functions/domain test` (TerritoryFormatTest) for the seed, and by every function that reads it.
set -eu
if [ "$#" -lt 2 ]; then
    echo "usage: $0 TABLE TERRITORY [aws options…]" >&2
    exit 2
fi
table=$1
territory=$2
shift 2
file=${TERRITORY_FILE:-$(dirname "$0")/demo-territory.json}
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for entry in "MENU menu" "ROUTING routing"; do
    sk=${entry%% *}
    part=${entry#* }
    document=$(jq -e ".$part" "$file")
    aws dynamodb put-item --table-name "$table" "$@" --item "$(jq -n --arg pk "TERRITORY#$territory" --arg sk "$sk" \
        --arg at "$now" --arg document "$document" \
        '{pk: {S: $pk}, sk: {S: $sk}, document: {S: $document}, updatedAt: {S: $at}}')"
    echo "$table TERRITORY#$territory $sk: $file ($part)"
done
