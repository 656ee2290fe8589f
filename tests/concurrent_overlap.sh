#!/bin/bash
# Two imports of different sources whose rows overlap (same force, offence
# and quarter), through different staging tables, at the same time: the
# first holds its transaction open; the second waits for it, then rejects
# the overlapping rows naming the first source, and loads the rest.  It
# must not fail on the exclusion constraint (it did before import_begin
# locked the target table).  tests/soak.sh does the same at random, under
# load; this is the deterministic case.  Run by scripts/test.sh inside the
# throwaway cluster (PGHOST etc. set).
set -euo pipefail
cd "$(dirname "$0")/.."
db=crimestats_overlap_test
drop() { psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db"; }
drop
work=$(mktemp -d)
trap 'drop; rm -rf "$work"' EXIT
psql -X -q -d postgres -c "CREATE DATABASE $db"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
q -c "SET client_min_messages = warning" -c "CREATE EXTENSION crimestats CASCADE"

# Avon and Somerset, 2017/18: all four quarters in A; quarters 3 and 4 and
# Bedfordshire's year in B (the overlap: Avon's quarters 3 and 4)
awk -F, 'NR == 1 || $3 == "Avon and Somerset"' data/prc-pfa-2017-18.csv > "$work/a.csv"
awk -F, 'NR == 1 || ($3 == "Avon and Somerset" && $2 >= 3) || $3 == "Bedfordshire"' data/prc-pfa-2017-18.csv > "$work/b.csv"
overlap=$(awk -F, '$3 == "Avon and Somerset" && $2 >= 3' data/prc-pfa-2017-18.csv | wc -l)
total_b=$(($(wc -l < "$work/b.csv") - 1))

fail=0
check() {	# name expected actual
	if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected $2, got $3"; fail=1; fi
}

for path in raw etl; do
	q -c "TRUNCATE crimestats.recorded_offence, crimestats.import_reject"
	# A: the force-table path, committed 3 s after its import
	q > "$work/a.out" 2>&1 <<SQL &
BEGIN;
\\copy crimestats.stage_prc_force FROM '$work/a.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_force('A');
SELECT pg_sleep(3);
COMMIT;
SQL
	a=$!
	# B starts once A has imported (A's rows are in, not committed)
	for _ in $(seq 100); do
		[ "$(q -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND query LIKE 'SELECT pg_sleep(3)%'")" = 1 ] && break
		sleep 0.1
	done
	if [ $path = raw ]; then
		# B: the raw path (stage_raw)
		b_out=$(q 2>&1 <<SQL
BEGIN;
\\copy crimestats.stage_raw FROM '$work/b.csv' WITH (FORMAT csv, HEADER, DELIMITER E'\\x1f', QUOTE E'\\x1e')
SELECT * FROM crimestats.import_raw('prc_force', 'B');
COMMIT;
SQL
		) || true
	else
		# B: ETL code importing rows it holds in a table of its own (not
		# LIKE stage_prc_force: A's import holds that table's lock)
		b_out=$(q 2>&1 <<SQL
BEGIN;
CREATE TEMP TABLE b_rows (financial_year text, financial_quarter text, force_name text,
	offence_description text, offence_group text, offence_subgroup text, offence_code text,
	offence_count text) ON COMMIT DROP;
\\copy b_rows FROM '$work/b.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_rows('prc_force', 'B',
	'SELECT row_number() OVER () + 1 AS line, * FROM pg_temp.b_rows');
COMMIT;
SQL
		) || true
	fi
	wait $a
	check "$path: B's import" "$total_b|$((total_b - overlap))|$overlap" "$b_out"
	check "$path: B's rejects name A" "$overlap" \
		"$(q -c "SELECT count(*) FROM crimestats.import_reject WHERE source = 'B' AND reason = 'overlaps offences already loaded from source ''A'''")"
	check "$path: A's import" "$(($(wc -l < "$work/a.csv") - 1))|$(($(wc -l < "$work/a.csv") - 1))|0" "$(head -n 1 "$work/a.out")"
done
exit $fail
