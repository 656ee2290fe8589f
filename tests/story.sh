#!/bin/bash
# The demo's figures: a fresh database, the example data, the story scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
db=crimestats_story_test
dropdb --if-exists "$db"
createdb "$db"
trap 'dropdb --if-exists "$db"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION crimestats CASCADE" -c "SELECT crimestats.load_example()" >/dev/null
out=$(for f in examples/story_*.sql; do psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$f"; done)
echo "$out"
grep -q "Newham, year ending September 2018: 1,821 stalking and harassment offences, 4.99 a day (95% CI 4.76–5.22)" <<<"$out"
