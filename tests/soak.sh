#!/bin/bash
# Concurrency soak: analysts query the story views and functions (pgbench,
# SOAK_CLIENTS clients, SOAK_SECONDS seconds) while three loaders import
# different sources again and again, two of them into recorded_offence
# through different staging tables, with rows that overlap in area, offence
# and quarter.  Asserts:
#   - no error anywhere (queries and imports), no deadlock in the server log;
#   - every import's read = loaded + rejected;
#   - overlapping rows end as rejects naming the other source, never as a
#     failed import;
#   - the final tables (recorded_offence, crime, import_reject) equal a
#     serial load of the same files in the order the imports committed.
# Prints the analysts' throughput.  Runs its own throwaway cluster on
# 127.0.0.1 (scripts/cluster.sh).  See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SOAK_SECONDS:-25}
clients=${SOAK_CLIENTS:-4}
. scripts/cluster.sh
cluster_start -c max_connections=40 -c "log_line_prefix=%m [%p] %e " -c log_lock_waits=on
work=$(mktemp -d)
chmod 755 "$work"
trap 'cluster_stop; rm -rf "$work"' EXIT
pgbench=$CLUSTER_BINDIR/pgbench
[ -x "$pgbench" ] || pgbench=pgbench

setup_db() {
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $1"
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" > /dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION crimestats CASCADE;
SELECT crimestats.load_example();
-- one row per import, numbered in commit order: an import of recorded_offence
-- holds that table's import lock until it commits, and takes its number
-- just before
CREATE SEQUENCE soak_commit;
CREATE TABLE soak_log (seq bigint NOT NULL DEFAULT nextval('soak_commit'), loader text,
	source text, read bigint, loaded bigint, rejected bigint);
SQL
}
setup_db soak

# The sources: force-table rows of 2015/16 (the 2017/18 table relabelled),
# so that they meet the example data in no quarter.
prc() {	# awk condition on force ($3) and quarter ($2) -> file
	awk -F, -v OFS=, "NR == 1 || ($1) { if (NR > 1) \$1 = \"2015/16\"; print }" data/prc-pfa-2017-18.csv > "$work/$2.csv"
}
# loader "force" (stage_prc_force, import_prc_force)
prc '$3 == "Avon and Somerset"' f_avon
prc '$3 == "Bedfordshire"' f_beds
prc '$3 == "Cambridgeshire" && $2 <= 2' f_cambs
# loader "raw" (stage_raw, import_raw): rows of the same forces and quarters
prc '($3 == "Avon and Somerset" && ($2 == 2 || $2 == 3)) || ($3 == "Bedfordshire" && $2 >= 3)' r_mixed1
prc '$3 == "Cambridgeshire" && $2 >= 2' r_mixed2
# loader "street" (stage_police_uk_street): the City's September, and the
# same records as of August
cp data/2018-09-city-of-london-street.csv "$work/s_sep.csv"
sed 's/,2018-09,/,2018-08,/' data/2018-09-city-of-london-street.csv > "$work/s_aug.csv"

# one import, COPY and import in one transaction, logged in the same
# transaction (psql's \gset carries the counts)
import_sql() {	# loader source
	local copy call
	case $1 in
		force) copy="\\copy crimestats.stage_prc_force FROM '$work/$2.csv' CSV HEADER"
			   call="crimestats.import_prc_force('$2')" ;;
		raw) copy="\\copy crimestats.stage_raw FROM '$work/$2.csv' WITH (FORMAT csv, HEADER, DELIMITER E'\\x1f', QUOTE E'\\x1e')"
			 call="crimestats.import_raw('prc_force', '$2')" ;;
		street) copy="\\copy crimestats.stage_police_uk_street FROM '$work/$2.csv' CSV HEADER"
				call="crimestats.import_police_uk_street('$2')" ;;
	esac
	printf '%s\n' "BEGIN;" "$copy" "SELECT read, loaded, rejected FROM $call \\gset" \
		"INSERT INTO soak_log (loader, source, read, loaded, rejected) VALUES ('$1', '$2', :read, :loaded, :rejected);" \
		"COMMIT;"
}

loader() {	# name sources...
	local name=$1 n=0
	shift
	while [ ! -e "$work/stop" ]; do
		for src in "$@"; do
			if ! import_sql "$name" "$src" | psql -X -q -v ON_ERROR_STOP=1 -d soak >> "$work/loader-$name.out" 2>&1; then
				echo "import of $src failed" >> "$work/loader-$name.out"
			fi
			n=$((n + 1))
		done
	done
}

# the analysts: story queries, over the example data and over what the
# loaders load
mkdir "$work/q"
cat > "$work/q/year_ending.sql" <<'SQL'
SELECT y.period_end, y.offences, y.per_day, y.per_day_lower, y.per_day_upper, y.per_1000 FROM crimestats.year_ending y WHERE y.area_code = 'E22000210' AND y.offence_subgroup = 'Stalking and harassment' AND y.period_end = '2018-09-30';
SQL
cat > "$work/q/growth.sql" <<'SQL'
SELECT g.growth_factor, g.pct_change, g.cagr, g.trend_growth, g.sparkline FROM crimestats.offence_growth g WHERE g.area_code = 'E22000210' AND g.offence_subgroup = 'Stalking and harassment';
SQL
cat > "$work/q/share.sql" <<'SQL'
SELECT s.offence_code, s.share_of_subgroup, s.share_of_subgroup_lower, s.share_of_subgroup_upper FROM crimestats.offence_share s WHERE s.area_code = 'E23000001' AND s.period_end = DATE '2018-09-30';
SQL
cat > "$work/q/outcomes.sql" <<'SQL'
SELECT r.outcome_group, r.ratio, r.lower, r.upper FROM crimestats.outcome_rates r WHERE r.area_code = 'E23000001' AND r.period_end = DATE '2018-09-30';
SQL
cat > "$work/q/loaded_forces.sql" <<'SQL'
SELECT y.area_code, y.offence_subgroup, y.offences, y.per_day FROM crimestats.year_ending y WHERE y.area_code IN ('E23000036', 'E23000026', 'E23000023') AND y.period_end = '2016-03-31';
SQL
cat > "$work/q/forces_rate.sql" <<'SQL'
SELECT r.area_code, (crimestats.per_day_rate_ci(r.offences, r.period, 0.95)).* FROM crimestats.recorded_offence r WHERE r.area_code IN ('E23000036', 'E23000026', 'E23000023') GROUP BY r.area_code;
SQL
cat > "$work/q/street.sql" <<'SQL'
SELECT m.force_name, m.month, crimestats.per_day_rate(m.crimes, m.period) FROM crimestats.police_uk_monthly m GROUP BY m.force_name, m.month;
SQL
nqueries=$(ls "$work/q" | wc -l)

echo "soak: $clients analysts for $seconds s ($nqueries queries), loaders force, raw and street"
loader force f_avon f_beds f_cambs & l1=$!
loader raw r_mixed1 r_mixed2 & l2=$!
loader street s_sep s_aug & l3=$!
bench_rc=0
"$pgbench" -n -d soak -c "$clients" -j 2 -T "$seconds" -r $(for f in "$work"/q/*.sql; do printf ' -f %s' "$f"; done) \
	> "$work/pgbench.out" 2>&1 || bench_rc=$?
touch "$work/stop"
wait $l1 $l2 $l3

fail=0
check() {	# name expected actual
	if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected $2, got $3"; fail=1; fi
}
q() { psql -X -At -v ON_ERROR_STOP=1 -d "${db:-soak}" -c "$1"; }

grep -E '^(number of transactions actually processed|number of failed|latency average|tps)' "$work/pgbench.out" || true
check "pgbench exit status" 0 "$bench_rc"
check "analysts' queries aborted" 0 "$(grep -c 'aborted' "$work/pgbench.out" || true)"
[ "$bench_rc" = 0 ] || cat "$work/pgbench.out"
for l in force raw street; do
	check "loader $l: failed imports" 0 "$(grep -c 'failed' "$work/loader-$l.out" || true)"
	grep -E '^(ERROR|DETAIL|import of)' "$work/loader-$l.out" | head -n 9 || true
done
check "deadlocks in the server log" 0 "$(grep -c 'deadlock detected' "$cluster_dir/log" || true)"
# The one error expected: an import waiting for an autovacuum of its table
# cancels the autovacuum (PostgreSQL's rule for autovacuum in the way).
errors() { grep -E ' (ERROR|FATAL|PANIC): ' "$cluster_dir/log" | grep -v 'canceling autovacuum task' || true; }
check "errors in the server log" 0 "$(errors | wc -l)"
errors | head -n 10
echo "autovacuums cancelled by an import: $(grep -c 'canceling autovacuum task' "$cluster_dir/log" || true)"
echo "imports: $(q "SELECT string_agg(loader || ' ' || n, ', ' ORDER BY loader) FROM (SELECT loader, count(*) AS n FROM soak_log GROUP BY loader) s")"
echo "lock waits longer than 1 s (log_lock_waits): $(grep -c 'still waiting for' "$cluster_dir/log" || true)"
check "every loader imported twice at least" 3 "$(q "SELECT count(*) FROM (SELECT loader FROM soak_log GROUP BY loader HAVING count(*) >= 2) s")"
check "read = loaded + rejected for every import" 0 "$(q "SELECT count(*) FROM soak_log WHERE read <> loaded + rejected")"
overlaps=$(q "SELECT count(*) FROM soak_log l WHERE l.loader <> 'street' AND l.rejected > 0")
echo "imports that rejected overlapping rows: $overlaps"
[ "$overlaps" -gt 0 ] || { echo "FAIL no import met an overlap"; fail=1; }
# every overlap reject in the final state names another source loaded now
check "overlap rejects naming a source not loaded, or their own" 0 "$(q "
	SELECT count(*) FROM crimestats.import_reject j
	 WHERE j.reason LIKE 'overlaps offences already loaded from source %'
	   AND (j.reason = 'overlaps offences already loaded from source ' || quote_literal(j.source)
			OR NOT EXISTS (SELECT FROM crimestats.recorded_offence r
							WHERE j.reason = 'overlaps offences already loaded from source ' || quote_literal(r.source)))")"

# the same imports, one after the other, in commit order
setup_db serial
q "SELECT loader || ' ' || source FROM soak_log ORDER BY seq" | while read -r l s; do import_sql "$l" "$s"; done \
	> "$work/serial.sql"
psql -X -q -v ON_ERROR_STOP=1 -d serial -f "$work/serial.sql" > /dev/null
fingerprints="
	SELECT 'recorded_offence ' || count(*) || ' ' || md5(string_agg(t::text, E'\n' ORDER BY t::text)) FROM crimestats.recorded_offence t;
	SELECT 'crime ' || count(*) || ' ' || md5(string_agg(t::text, E'\n' ORDER BY t::text)) FROM crimestats.crime t;
	SELECT 'import_reject ' || count(*) || ' ' || md5(string_agg((t.source, t.format, t.line, t.reason, t.raw)::text, E'\n'
		ORDER BY (t.source, t.format, t.line, t.reason, t.raw)::text)) FROM crimestats.import_reject t;
	SELECT 'imports ' || string_agg(concat_ws(' ', seq, source, read, loaded, rejected), ', ' ORDER BY seq) FROM soak_log;"
check "final tables = the serial load in commit order" "$(db=serial q "$fingerprints")" "$(db=soak q "$fingerprints")"
tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench.out")
echo "throughput under load: ${tps%.*} queries/s ($clients clients, $(nproc) CPUs)"
exit $fail
