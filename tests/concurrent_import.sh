#!/bin/bash
# Two sessions loading the same file at the same time cannot double count:
# the import refuses a staging table filled by more than one transaction,
# and one transaction per file (COPY + import) serialises on the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
db=crimestats_concurrency_test
dropdb --if-exists "$db"; createdb "$db"
trap 'dropdb --if-exists "$db"' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
q -c "SET client_min_messages = warning" -c "CREATE EXTENSION crimestats CASCADE"
file=data/2018-09-city-of-london-street.csv

# two autocommit COPYs of the same file, then an import: refused, nothing loaded
q -c "\\copy crimestats.stage_police_uk_street FROM '$file' CSV HEADER" &
q -c "\\copy crimestats.stage_police_uk_street FROM '$file' CSV HEADER" &
wait
if q -c "SELECT * FROM crimestats.import_police_uk_street('city-2018-09')" 2>/tmp/ci_err.$$; then
	echo "import of a doubly staged file was not refused"; exit 1
fi
if ! grep -q "holds rows of more than one load" /tmp/ci_err.$$; then
	echo "import refused for another reason:"; cat /tmp/ci_err.$$; rm -f /tmp/ci_err.$$; exit 1
fi
rm -f /tmp/ci_err.$$
[ "$(q -c "SELECT count(*) FROM crimestats.crime")" = 0 ]
q -c "TRUNCATE crimestats.stage_police_uk_street"

# two sessions, each COPY + import of the same source in one transaction
load() {
	q <<SQL
BEGIN;
\\copy crimestats.stage_police_uk_street FROM '$file' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('city-2018-09');
COMMIT;
SQL
}
load > /tmp/ci_a.$$ 2>&1 & a=$!
load > /tmp/ci_b.$$ 2>&1 & b=$!
wait $a || true; wait $b || true
cat /tmp/ci_a.$$ /tmp/ci_b.$$; rm -f /tmp/ci_a.$$ /tmp/ci_b.$$
rows=$(q -c "SELECT count(*) FROM crimestats.crime WHERE source = 'city-2018-09'")
echo "crime rows for the source: $rows (the file has 663)"
[ "$rows" = 663 ]
