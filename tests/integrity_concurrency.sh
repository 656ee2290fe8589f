#!/bin/bash
# The fact tables' statement triggers (src/integrity.sql) are as strong as
# the exclusion constraint and the foreign keys they replace when two
# sessions write at once.  Session A writes and holds its transaction open
# for 2 s; session B, started meanwhile, writes what conflicts with it:
#  * overlap: A and B insert overlapping rows of one area and offence by
#    hand (INSERT, no import lock);
#  * area deleted under an insert: A inserts a row of a test area, B
#    deletes the area;
#  * insert under an area deletion: A deletes the test area, B inserts a
#    row of it.
# In READ COMMITTED B waits for A (the write token), then fails on what A
# committed (23P01, 23503); in REPEATABLE READ and SERIALIZABLE it waits,
# then fails 40001.  When A rolls back instead, B succeeds.  Whatever
# happens, the table ends without overlaps and without rows of a missing
# area.  Run by scripts/test.sh inside the throwaway cluster (PGHOST etc.
# set).
set -euo pipefail
cd "$(dirname "$0")/.."
db=crimestats_integrity_test
drop() { psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db"; }
drop
work=$(mktemp -d)
trap 'drop; rm -rf "$work"' EXIT
psql -X -q -d postgres -c "CREATE DATABASE $db"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
q -c "SET client_min_messages = warning" -c "CREATE EXTENSION crimestats CASCADE"

fail=0
check() {	# name expected actual
	if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected $2, got $3"; fail=1; fi
}

row() {	# area period source: an INSERT of one row of offence 8Q
	echo "INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source) VALUES ('$1', '8Q', '$2', 1, '$3');"
}

# A runs STATEMENT, then sleeps 2 s and ends with END_A (COMMIT or
# ROLLBACK); B runs B_STATEMENT at ISOLATION once A has written.  Prints
# B's outcome (the SQLSTATE of its error, or ok) and whether it waited
# (B took over 1 s).
race() {	# a_statement end_a isolation b_statement
	q > "$work/a.out" 2>&1 <<SQL &
BEGIN;
$1
SELECT pg_sleep(2);
$2;
SQL
	local a=$! t0 t1 out
	for _ in $(seq 100); do
		[ "$(q -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND query LIKE 'SELECT pg_sleep(2)%'")" = 1 ] && break
		sleep 0.1
	done
	t0=$(date +%s%N)
	out=$(psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -d "$db" 2>&1 <<SQL
\set VERBOSITY sqlstate
BEGIN ISOLATION LEVEL $3;
$4
COMMIT;
SQL
	) && out=ok
	t1=$(date +%s%N)
	wait $a || { echo "session A failed:"; cat "$work/a.out"; fail=1; }
	out=$(printf '%s\n' "$out" | sed -n 's/^ERROR:  //p; /^ok$/p' | head -n 1)
	if [ $(( (t1 - t0) / 1000000 )) -gt 1000 ]; then echo "$out waited"; else echo "$out at once"; fi
}

# the invariants: no two rows of a key overlap, every row's area exists
invariants() {
	q -c "SELECT (SELECT count(*) FROM crimestats.recorded_offence a JOIN crimestats.recorded_offence b
					ON a.area_code = b.area_code AND a.offence_code = b.offence_code
				   AND a.ctid < b.ctid AND a.period && b.period)
			  || ' ' ||
			  (SELECT count(*) FROM crimestats.recorded_offence r
				WHERE NOT EXISTS (SELECT 1 FROM crimestats.area a WHERE a.code = r.area_code))"
}

reset() {
	q -c "DELETE FROM crimestats.recorded_offence" \
	  -c "DELETE FROM crimestats.area WHERE code = 'X99000001'" \
	  -c "INSERT INTO crimestats.area (code, name, kind) VALUES ('X99000001', 'Test area', 'local_authority')"
}

for level in 'READ COMMITTED' 'REPEATABLE READ' 'SERIALIZABLE'; do
	if [ "$level" = 'READ COMMITTED' ]; then
		overlap=23P01 reference=23503
	else
		overlap=40001 reference=40001
	fi

	reset
	check "$level: B's overlapping INSERT waits for A, then fails" "$overlap waited" \
		"$(race "$(row E23000001 '[2017-04-01,2017-07-01)' A)" COMMIT "$level" \
				"$(row E23000001 '[2017-06-01,2017-07-01)' B)")"
	check "$level: one row stays" "1 0 0" "$(q -c "SELECT count(*) FROM crimestats.recorded_offence") $(invariants)"

	reset
	check "$level: B's overlapping INSERT waits for A, which rolls back, then succeeds" "ok waited" \
		"$(race "$(row E23000001 '[2017-04-01,2017-07-01)' A)" ROLLBACK "$level" \
				"$(row E23000001 '[2017-06-01,2017-07-01)' B)")"
	check "$level: B's row stays" "B 0 0" "$(q -c "SELECT string_agg(source, ',') FROM crimestats.recorded_offence") $(invariants)"

	reset
	check "$level: B's DELETE of the area A inserts a row of waits, then fails" "$reference waited" \
		"$(race "$(row X99000001 '[2017-04-01,2017-07-01)' A)" COMMIT "$level" \
				"DELETE FROM crimestats.area WHERE code = 'X99000001';")"
	check "$level: the area and A's row stay" "1 1 0 0" \
		"$(q -c "SELECT (SELECT count(*) FROM crimestats.area WHERE code = 'X99000001') || ' ' || count(*) FROM crimestats.recorded_offence") $(invariants)"

	reset
	check "$level: B's INSERT of a row of the area A deletes waits, then fails" "$reference waited" \
		"$(race "DELETE FROM crimestats.area WHERE code = 'X99000001';" COMMIT "$level" \
				"$(row X99000001 '[2017-04-01,2017-07-01)' B)")"
	check "$level: neither the area nor B's row stays" "0 0 0 0" \
		"$(q -c "SELECT (SELECT count(*) FROM crimestats.area WHERE code = 'X99000001') || ' ' || count(*) FROM crimestats.recorded_offence") $(invariants)"
done

# writers of different keys still wait for each other (one token per fact
# table), readers do not
reset
q > "$work/a.out" 2>&1 <<SQL &
BEGIN;
$(row E23000001 '[2017-04-01,2017-07-01)' A)
SELECT pg_sleep(2);
COMMIT;
SQL
a=$!
for _ in $(seq 100); do
	[ "$(q -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND query LIKE 'SELECT pg_sleep(2)%'")" = 1 ] && break
	sleep 0.1
done
t0=$(date +%s%N)
q -c "SELECT count(*) FROM crimestats.recorded_offence" > /dev/null
t1=$(date +%s%N)
wait $a
check "a reader does not wait for a writer" "yes" "$([ $(( (t1 - t0) / 1000000 )) -lt 1000 ] && echo yes || echo no)"

exit $fail
