#!/bin/bash
# The server dies in the middle of an import: afterwards the target tables
# hold exactly what the previous import of that source loaded, import_reject
# agrees, the (unlogged) staging table is empty, and loading the file again
# completes the import.  Two ways of dying:
#   - data.police.uk street file: the server stops at once
#     (pg_ctl stop -m immediate, as on a power cut), then is started again;
#   - Home Office force table: the importing backend is killed (SIGKILL, as
#     by the kernel's OOM killer), and the server restarts itself.
# Runs its own throwaway cluster (scripts/cluster.sh): the suite's cluster
# must not be crashed.  See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/cluster.sh
cluster_start
work=$(mktemp -d)
trap 'cluster_stop; rm -rf "$work"' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d crash "$@"; }
psql -X -q -c "CREATE DATABASE crash"
q -c "SET client_min_messages = warning" -c "CREATE EXTENSION crimestats CASCADE"

fail=0
check() {	# name expected actual
	if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected $2, got $3"; fail=1; fi
}

# Every row of a source in the target table and in import_reject, as one
# fingerprint, and the whole of both tables (other sources must not move).
fingerprint() {	# table source
	q -c "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-')
			FROM $1 t WHERE t.source = '$2'" \
	  -c "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-')
			FROM crimestats.import_reject t WHERE t.source = '$2'" \
	  -c "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-')
			FROM $1 t" | tr '\n' ' '
}

# One transaction per file, COPY then import, as docs/loading.md says.
load() {	# staging import source file
	q <<SQL
BEGIN;
\\copy crimestats.$1 FROM '$4' CSV HEADER
SELECT * FROM crimestats.$2('$3');
COMMIT;
SQL
}

# Waits until the import statement has run for a while (the COPY is done,
# rows are being moved), prints the backend's pid.
wait_for_import() {	# import function
	local pid
	for _ in $(seq 300); do
		pid=$(psql -X -At -d postgres -c "SELECT pid FROM pg_stat_activity
			WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%crimestats.$1(%'
			  AND now() - query_start > interval '0.3 s'" 2>/dev/null || true)
		[ -n "$pid" ] && { echo "$pid"; return 0; }
		sleep 0.05
	done
	echo "the import never started" >&2
	return 1
}

# A street file of 199,000 records: the City of London's September 2018,
# once for each month of 2000-2024, plus three records with a bad month
# (so that the import has rejects too).
awk -F, 'NR == 1 { print; next }
	{ row[++n] = $0 }
	END {
		for (k = 0; k < 300; k++)
			for (i = 1; i <= n; i++) {
				$0 = row[i]
				sub(/,2018-09,/, sprintf(",%04d-%02d,", 2000 + int(k / 12), 1 + k % 12))
				print
			}
		for (i = 1; i <= 3; i++) {
			$0 = row[i]
			sub(/,2018-09,/, ",2018-13,")
			print
		}
	}' data/2018-09-city-of-london-street.csv > "$work/street.csv"
# the previous import of the same source: the first 5,000 records and the
# three bad ones
{ head -n 5001 "$work/street.csv"; tail -n 3 "$work/street.csv"; } > "$work/street-before.csv"
total_street=$(($(wc -l < "$work/street.csv") - 1))
good_street=$((total_street - 3))

# another source, which nothing below may disturb
load stage_police_uk_street import_police_uk_street other data/2018-09-city-of-london-street.csv > /dev/null
load stage_police_uk_street import_police_uk_street street "$work/street-before.csv" > /dev/null
before=$(fingerprint crimestats.crime street)
check "previous street import" "5000 3" "$(q -c "SELECT (SELECT count(*) FROM crimestats.crime WHERE source = 'street') || ' ' || (SELECT count(*) FROM crimestats.import_reject WHERE source = 'street')")"

# rows staged and committed but not imported yet: an unlogged table's
# rows do not survive a crash
q -c "\\copy crimestats.stage_police_uk_outcomes FROM 'data/2018-09-city-of-london-outcomes.head40.csv' CSV HEADER"
check "committed staged rows before the crash" 40 "$(q -c "SELECT count(*) FROM crimestats.stage_police_uk_outcomes")"

echo "street import of $total_street records, server stopped (immediate) during the import"
load stage_police_uk_street import_police_uk_street street "$work/street.csv" > "$work/load.out" 2>&1 & loader=$!
wait_for_import import_police_uk_street > /dev/null
cluster_as_owner "$CLUSTER_BINDIR/pg_ctl" -D "$cluster_dir/data" -m immediate -w stop > /dev/null
if wait $loader; then
	echo "FAIL the import completed before the server stopped (make the file bigger)"; exit 1
fi
cluster_restart
check "street: source as before the crash" "$before" "$(fingerprint crimestats.crime street)"
check "street: staging table emptied by the crash" 0 "$(q -c "SELECT count(*) FROM crimestats.stage_police_uk_street")"
check "committed staged rows lost in the crash" 0 "$(q -c "SELECT count(*) FROM crimestats.stage_police_uk_outcomes")"
check "street: reloaded" "$total_street $good_street 3 / 0 $good_street 3" \
	"$(load stage_police_uk_street import_police_uk_street street "$work/street.csv" | tr '|\n' '  ')/ $(q -c "SELECT (SELECT count(*) FROM crimestats.stage_police_uk_street) || ' ' || (SELECT count(*) FROM crimestats.crime WHERE source = 'street') || ' ' || (SELECT count(*) FROM crimestats.import_reject WHERE source = 'street')")"
check "street: other source untouched" 663 "$(q -c "SELECT count(*) FROM crimestats.crime WHERE source = 'other'")"

# The Home Office force table, first 12,000 rows, as ten years (2017/18
# first, then 2016/17 back to 2008/09: 120,000 rows, a few seconds to
# import); previously imported: its first 3,000 rows and one bad one.  The
# rows of a composite offence code (Homicide) are summed into one, so 3,000
# rows make 2,931 rows of recorded_offence, and each year's 12,000 make
# 11,724.
head -n 12001 data/prc-pfa-2017-18.csv |
	awk 'NR == 1 { print; next }
		{ row[++n] = $0 }
		END {
			for (y = 2017; y >= 2008; y--)
				for (i = 1; i <= n; i++) {
					r = row[i]
					sub(/^2017\/18/, y "/" sprintf("%02d", (y + 1) % 100), r)
					print r
				}
		}' > "$work/prc.csv"
echo '2017/18,1,Nowhere,x,x,x,8Q, 1 ' >> "$work/prc.csv"
{ head -n 3001 "$work/prc.csv"; tail -n 1 "$work/prc.csv"; } > "$work/prc-before.csv"
total_prc=$(($(wc -l < "$work/prc.csv") - 1))
load stage_prc_force import_prc_force prc "$work/prc-before.csv" > /dev/null
before=$(fingerprint crimestats.recorded_offence prc)
check "previous force-table import" "2931 1" "$(q -c "SELECT (SELECT count(*) FROM crimestats.recorded_offence WHERE source = 'prc') || ' ' || (SELECT count(*) FROM crimestats.import_reject WHERE source = 'prc')")"

q -c "\\copy crimestats.stage_police_uk_outcomes FROM 'data/2018-09-city-of-london-outcomes.head40.csv' CSV HEADER"

echo "force-table import of $total_prc rows, importing backend killed (SIGKILL) during the import"
load stage_prc_force import_prc_force prc "$work/prc.csv" > "$work/load.out" 2>&1 & loader=$!
pid=$(wait_for_import import_prc_force)
kill -KILL "$pid"
if wait $loader; then
	echo "FAIL the import completed before the backend was killed (make the file bigger)"; exit 1
fi
# the postmaster reinitialises after a backend's crash: wait until it
# accepts connections again
for _ in $(seq 300); do
	psql -X -At -d crash -c "SELECT 1" > /dev/null 2>&1 && break
	sleep 0.2
done
grep -q "was terminated by signal 9" "$cluster_dir/log" || { echo "FAIL the server log does not show the kill"; fail=1; }
check "committed staged rows lost when the server reinitialised" 0 "$(q -c "SELECT count(*) FROM crimestats.stage_police_uk_outcomes")"
check "force table: source as before the crash" "$before" "$(fingerprint crimestats.recorded_offence prc)"
check "force table: staging table emptied by the crash" 0 "$(q -c "SELECT count(*) FROM crimestats.stage_prc_force")"
check "force table: reloaded" "$total_prc $((total_prc - 1)) 1 / 0 117240 1" \
	"$(load stage_prc_force import_prc_force prc "$work/prc.csv" | tr '|\n' '  ')/ $(q -c "SELECT (SELECT count(*) FROM crimestats.stage_prc_force) || ' ' || (SELECT count(*) FROM crimestats.recorded_offence WHERE source = 'prc') || ' ' || (SELECT count(*) FROM crimestats.import_reject WHERE source = 'prc')")"
check "street data untouched by the second crash" "$good_street 3" \
	"$(q -c "SELECT (SELECT count(*) FROM crimestats.crime WHERE source = 'street') || ' ' || (SELECT count(*) FROM crimestats.import_reject WHERE source = 'street')")"
# the indexes survived both crashes (btree and BRIN lookups agree with a scan)
check "indexes agree with the heap" "t" "$(q -c "SET enable_seqscan = off" -c "SELECT (SELECT count(*) FROM crimestats.crime WHERE source = 'street') = $good_street")"
exit $fail
