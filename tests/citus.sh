#!/bin/bash
# crimestats.distribute() on Citus: a coordinator and two workers on
# 127.0.0.1 (initdb in a temporary directory, shared_preload_libraries =
# citus), the shipped schema distributed by one command, the example data
# and the real files of data/ loaded through the import functions; every
# view and every aggregate must give exactly what a single-node database of
# the same data gives, and a query of one area must be answered by one
# worker.  Citus is not in Debian's archive: where it is not installed the
# test prints one line saying so and passes.  Run by scripts/test.sh
# inside the throwaway cluster (PGHOST etc. set, as a superuser), which
# holds the single-node database; the Citus clusters are stopped however
# the test ends.  With CRIMESTATS_CITUS_KEEP=1 they are left running.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg-env.sh
bindir=$("$PG_CONFIG" --bindir)
if [ ! -f "$("$PG_CONFIG" --sharedir)/extension/citus.control" ] ||
	[ ! -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ]; then
	echo "skipped: Citus is not installed"
	exit 0
fi

single=crimestats_citus_single
work=$(mktemp -d)
clusters=()

# initdb refuses to run as root; the clusters belong to postgres then.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

cleanup() {
	if [ -n "${CRIMESTATS_CITUS_KEEP:-}" ]; then
		echo "citus: kept clusters in $work (ports ${ports[*]:-}) and database $single"
		return
	fi
	for d in "${clusters[@]}"; do
		as_owner "$bindir/pg_ctl" -D "$d" -m immediate stop > /dev/null 2>&1 || true
	done
	dropdb --if-exists "$single" 2> /dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres: "$work"

# Starts a cluster in $work/$1 on a free port, which it prints.  A port
# another server took between the check and the start makes pg_ctl fail:
# the next port is tried.
start_cluster() {
	local dir=$work/$1 port
	as_owner "$bindir/initdb" -D "$dir" -A trust -U postgres -E UTF8 --no-locale --no-sync > "$work/$1.initdb.log" 2>&1 ||
		{ cat "$work/$1.initdb.log" >&2; return 1; }
	for port in $(shuf -i 20000-39999 -n 20); do
		"$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" && continue
		if as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
			-o "-p $port -c listen_addresses=127.0.0.1 -k $work -c fsync=off -c shared_preload_libraries=citus -c max_connections=60 -c shared_buffers=32MB -c max_worker_processes=8 -c citus.enable_statistics_collection=off" \
			start > /dev/null 2>&1; then
			echo "$port"
			return 0
		fi
	done
	cat "$dir/server.log" >&2
	return 1
}
ports=()
for n in coordinator worker1 worker2; do
	port=$(start_cluster "$n") || { echo "citus: could not start $n"; exit 1; }
	clusters+=("$work/$n")
	ports+=("$port")
	psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
		-c 'SET client_min_messages = warning' -c 'CREATE EXTENSION citus'
done
c() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${ports[0]}" -U postgres -d postgres "$@"; }
c -c "SELECT citus_set_coordinator_host('127.0.0.1', ${ports[0]})" \
	-c "SELECT citus_add_node('127.0.0.1', ${ports[1]})" \
	-c "SELECT citus_add_node('127.0.0.1', ${ports[2]})" > /dev/null
c -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION crimestats CASCADE'

[ -n "${CRIMESTATS_CITUS_SETUP_ONLY:-}" ] && exit 0

fail=0
check() {
	if [ "$2" = ok ]; then
		echo "citus: $1 ... ok"
	else
		echo "citus: $1 ... FAILED"
		[ -n "${3:-}" ] && echo "$3"
		fail=1
	fi
}
s() { psql -X -q -v ON_ERROR_STOP=1 -d "$single" "$@"; }
dropdb --if-exists "$single"
createdb "$single"
s -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION crimestats CASCADE'

# Distributed with data already loaded (the example data), then loaded
# through the import functions: both orders are used.
c -c 'SELECT crimestats.load_example()' > /dev/null
s -c 'SELECT crimestats.load_example()' > /dev/null
report=$(c -At -c 'SELECT crimestats.distribute()' 2>&1) || true
echo "$report" | sed 's/^/citus: distribute(): /'
tables=$(c -At -c "SELECT string_agg(logicalrelid::text || ':' || partmethod::text || coalesce(':' || column_to_column_name(logicalrelid, partkey), ''), ' ' ORDER BY logicalrelid::text)
	FROM pg_dist_partition WHERE logicalrelid::text LIKE 'crimestats.%'")
want="crimestats.area:n crimestats.area_alias:n crimestats.area_population:n crimestats.classification_break:n crimestats.crime:h:area_code crimestats.crime_outcome:h:area_code crimestats.offence:n crimestats.offence_outcome:h:area_code crimestats.outcome_type:n crimestats.police_uk_crime_type:n crimestats.police_uk_outcome_category:n crimestats.recorded_offence:h:area_code"
check "reference and distributed tables" "$([ "$tables" = "$want" ] && echo ok)" "$tables"
colocated=$(c -At -c "SELECT count(DISTINCT colocationid) FROM pg_dist_partition WHERE partmethod = 'h' AND logicalrelid::text LIKE 'crimestats.%'")
check "fact tables in one co-location group" "$([ "$colocated" = 1 ] && echo ok)"
# (the coordinator also holds the shards of the reference tables)
fks=$(c -At -c "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN (SELECT logicalrelid FROM pg_dist_partition)")
fks_single=$(s -At -c "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'crimestats'::regnamespace")
check "foreign keys kept ($fks)" "$([ "$fks" = "$fks_single" ] && echo ok)"
# the statement triggers of one node (src/integrity.sql) give way to
# declared constraints: the foreign keys' own triggers, the exclusion
# constraints
integrity=$(c -At -c "SELECT (SELECT count(*) FROM pg_trigger t
							 WHERE t.tgrelid IN (SELECT logicalrelid FROM pg_dist_partition) AND NOT t.tgisinternal)
						  || ' ' || (SELECT count(*) FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint
									 WHERE c.conrelid IN (SELECT logicalrelid FROM pg_dist_partition) AND t.tgenabled = 'D')
						  || ' ' || (SELECT count(*) FROM pg_constraint
									 WHERE contype = 'x' AND conrelid IN (SELECT logicalrelid FROM pg_dist_partition))")
check "no statement triggers, no disabled foreign key triggers, two exclusion constraints ($integrity)" \
	"$([ "$integrity" = '0 0 2' ] && echo ok)"
# On a worker (crimestats is there, propagated by the coordinator), it
# refuses: 55000.
err=$(psql -X -q -h 127.0.0.1 -p "${ports[1]}" -U postgres -d postgres \
	-c '\set VERBOSITY sqlstate' -c 'SELECT crimestats.distribute()' 2>&1 || true)
check "distribute() on a worker: $err" "$([ "$err" = 'ERROR:  55000' ] && echo ok)"
again=$(c -At -c 'SELECT crimestats.distribute()')
check "a second distribute() does nothing" "$([ "$again" = 'crimestats is already distributed: nothing to do' ] && echo ok)" "$again"

# The constraints hold on the shards: an unknown area (foreign key to a
# reference table), an overlapping period (exclusion constraint).
err=$(c -c "INSERT INTO crimestats.recorded_offence VALUES ('E99999999', '8Q', '[2018-01-01,2018-02-01)', 1, 'x')" 2>&1 || true)
check "foreign key to a reference table holds" "$(grep -q 'violates foreign key constraint' <<<"$err" && echo ok)" "$err"
err=$(c -c "INSERT INTO crimestats.recorded_offence SELECT area_code, offence_code, period, 1, 'x' FROM crimestats.recorded_offence LIMIT 1" 2>&1 || true)
check "exclusion constraint holds" "$(grep -q 'exclusion constraint' <<<"$err" && echo ok)" "$err"

# Every file of data/ through the import functions (test/upgrade/load.sql
# prints what the imports report and store), then every function,
# aggregate and view (test/upgrade/functions.sql): the outputs must be
# equal.
for node in c s; do
	$node -At -f test/upgrade/load.sql > "$work/load.$node" 2> "$work/load.$node.err" || true
	# (Citus warns that the temporary views it reads through stay local)
	PGOPTIONS='-c extra_float_digits=3 -c client_min_messages=error' $node -At -f test/upgrade/functions.sql > "$work/functions.$node" 2> "$work/functions.$node.err" || true
done
check "imports on Citus report and store what one node does ($(wc -l < "$work/load.s") lines)" \
	"$(cmp -s "$work/load.c" "$work/load.s" && [ ! -s "$work/load.c.err" ] && [ -s "$work/load.s" ] && echo ok)" \
	"$(cat "$work/load.c.err"; diff "$work/load.s" "$work/load.c" | head -40)"
check "every function, aggregate and view equals one node's ($(wc -l < "$work/functions.s") lines)" \
	"$(cmp -s "$work/functions.c" "$work/functions.s" && [ ! -s "$work/functions.c.err" ] && [ -s "$work/functions.s" ] && echo ok)" \
	"$(cat "$work/functions.c.err"; diff "$work/functions.s" "$work/functions.c" | head -40)"

# Every view, whole, and every aggregate by a column that is not the
# distribution column and by the area, with rows sorted.
views=$(s -At -c "SELECT string_agg(viewname, ' ' ORDER BY viewname) FROM pg_views WHERE schemaname = 'crimestats'")
for v in $views; do
	got=$(c -At -c 'SET extra_float_digits = 3' -c "SELECT * FROM crimestats.$v" | LC_ALL=C sort)
	exp=$(s -At -c 'SET extra_float_digits = 3' -c "SELECT * FROM crimestats.$v" | LC_ALL=C sort)
	check "view $v ($(wc -l <<<"$exp") rows)" "$([ "$got" = "$exp" ] && [ -n "$exp" ] && echo ok)" \
		"$(diff <(echo "$exp") <(echo "$got") | head -20)"
done

aggs=(
	"crimestats.rate_summary(offences, period)|recorded_offence"
	"crimestats.per_day_rate(offences, period)|recorded_offence WHERE offences >= 0"
	"crimestats.per_day_rate_ci(offences, period, 0.9)|recorded_offence WHERE offences >= 0"
	"crimestats.per_day_rate_ci(offences, period, 0.95, 'byar')|recorded_offence WHERE offences >= 0"
	"crimestats.series_summary(offences::float8, lower(period))|recorded_offence"
	"crimestats.series_summary(offences::float8, extract(year FROM lower(period))::integer)|recorded_offence"
	"crimestats.growth_factor(offences::float8, lower(period))|recorded_offence WHERE offences > 0"
	"crimestats.growth_factor(offences::float8, extract(year FROM lower(period))::integer)|recorded_offence WHERE offences > 0"
	"crimestats.pct_change(offences::float8, lower(period))|recorded_offence WHERE offences > 0"
	"crimestats.pct_change(offences::float8, extract(year FROM lower(period))::integer)|recorded_offence WHERE offences > 0"
	"crimestats.cagr(offences::float8, lower(period))|recorded_offence WHERE offences > 0"
	"crimestats.cagr(offences::float8, extract(year FROM lower(period))::integer)|recorded_offence WHERE offences > 0"
	"crimestats.trend_growth(offences::float8, lower(period))|recorded_offence WHERE offences > 0"
	"crimestats.trend_growth(offences::float8, extract(year FROM lower(period))::integer)|recorded_offence WHERE offences > 0"
	"crimestats.sparkline(offences::float8, lower(period))|recorded_offence WHERE offences >= 0"
	"crimestats.sparkline(offences::float8, extract(year FROM lower(period))::integer)|recorded_offence WHERE offences >= 0"
	"crimestats.ratio_summary(outcome_code = 1)|offence_outcome WHERE outcome_code <> 0"
	"crimestats.ratio_summary(CASE WHEN outcome_code = 1 THEN offences ELSE 0 END, offences)|offence_outcome WHERE outcome_code <> 0 AND offences >= 0"
	"crimestats.outcome_ratio(outcome_code = 1)|offence_outcome WHERE outcome_code <> 0"
	"crimestats.outcome_ratio(CASE WHEN outcome_code = 1 THEN offences ELSE 0 END, offences)|offence_outcome WHERE outcome_code <> 0 AND offences >= 0"
	"crimestats.outcome_ratio_ci(outcome_code = 1, 0.9)|offence_outcome WHERE outcome_code <> 0"
	"crimestats.outcome_ratio_ci(CASE WHEN outcome_code = 1 THEN offences ELSE 0 END, offences, 0.9)|offence_outcome WHERE outcome_code <> 0 AND offences >= 0"
)
# the forgiving forms (src/overloads.sql): counts as numeric and double
# precision, the growth family's at as numeric, double precision, timestamp
# and timestamp with time zone
hits="CASE WHEN outcome_code = 1 THEN offences ELSE 0 END"
for t in numeric float8; do
	aggs+=(
		"crimestats.rate_summary(offences::$t, period)|recorded_offence"
		"crimestats.per_day_rate(offences::$t, period)|recorded_offence WHERE offences >= 0"
		"crimestats.per_day_rate_ci(offences::$t, period, 0.9)|recorded_offence WHERE offences >= 0"
		"crimestats.per_day_rate_ci(offences::$t, period, 0.95, 'byar')|recorded_offence WHERE offences >= 0"
		"crimestats.ratio_summary(($hits)::$t, offences::$t)|offence_outcome WHERE outcome_code <> 0 AND offences >= 0"
		"crimestats.outcome_ratio(($hits)::$t, offences::$t)|offence_outcome WHERE outcome_code <> 0 AND offences >= 0"
		"crimestats.outcome_ratio_ci(($hits)::$t, offences::$t, 0.9)|offence_outcome WHERE outcome_code <> 0 AND offences >= 0"
	)
done
for f in series_summary growth_factor pct_change cagr trend_growth sparkline; do
	case $f in
	series_summary) where= ;;
	sparkline) where=" WHERE offences >= 0" ;;
	*) where=" WHERE offences > 0" ;;
	esac
	for at in "extract(year FROM lower(period))" "extract(year FROM lower(period))::float8" \
		"lower(period)::timestamp" "lower(period)::timestamptz"; do
		aggs+=("crimestats.$f(offences::float8, $at)|recorded_offence$where")
	done
done
rollups=(
	"crimestats.rate_summary(offences, period)|recorded_offence"
	"crimestats.series_summary(offences::float8, lower(period))|recorded_offence"
	"crimestats.ratio_summary(outcome_code = 1)|offence_outcome WHERE outcome_code <> 0"
)
compare_agg() {
	local name=$1 q=$2 plan got exp
	# an error is output to compare, not the end of the test
	got=$(c -At -c 'SET extra_float_digits = 3' -c "$q" 2>&1 | LC_ALL=C sort || true)
	exp=$(s -At -c 'SET extra_float_digits = 3' -c "$q" 2>&1 | LC_ALL=C sort || true)
	check "$name" "$([ "$got" = "$exp" ] && [ -n "$exp" ] && echo ok)" "$(diff <(echo "$exp") <(echo "$got") | head -10)"
}
n_aggs=0
for entry in "${aggs[@]}"; do
	agg=${entry%%|*}
	from=crimestats.${entry#*|}
	compare_agg "$agg by offence_code" "SELECT offence_code, $agg FROM $from GROUP BY offence_code"
	compare_agg "$agg by area_code" "SELECT area_code, $agg FROM $from GROUP BY area_code"
	compare_agg "$agg over all rows" "SELECT $agg FROM $from"
	plan=$(c -At -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT offence_code, $agg FROM $from GROUP BY offence_code" 2>&1 || true)
	check "$agg: partial aggregates on the workers" "$(grep -q 'worker_partial_agg' <<<"$plan" && grep -q 'coord_combine_agg' <<<"$plan" && echo ok)" "$plan"
	n_aggs=$((n_aggs + 1))
done
for entry in "${rollups[@]}"; do
	agg=${entry%%|*}
	from=crimestats.${entry#*|}
	compare_agg "rollup of $agg" "SELECT offence_code, crimestats.rollup(s) FROM (SELECT area_code, offence_code, $agg AS s FROM $from GROUP BY 1, 2) AS per_area GROUP BY offence_code"
	n_aggs=$((n_aggs + 1))
done
total=$(s -At -c "SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.pronamespace = 'crimestats'::regnamespace AND a.aggkind = 'n'")
check "every aggregate compared ($n_aggs of $total)" "$([ "$n_aggs" = "$total" ] && echo ok)"

# A story query of one area is answered by one worker.  The views call
# their per-area function (PL/pgSQL on Citus, or C) once per row of the
# reference table area: the view's own plan is one task, and the function's
# query, with the area's code in it, must be a router plan too: one task, no
# subplan on the coordinator.  year_ending_rows and offence_share_rows run
# the query ROWS_QUERY of src/year_ending.c and src/offence_share.c (and
# ones of reference tables).
for v in year_ending offence_growth offence_share outcome_rates; do
	plan=$(c -At -c "EXPLAIN (COSTS OFF) SELECT * FROM crimestats.$v WHERE area_code = 'E22000210'")
	if [ "$v" = year_ending ]; then
		body="SELECT o.offence_subgroup, r.period, r.offences
				FROM crimestats.recorded_offence AS r
				JOIN crimestats.offence AS o ON o.code OPERATOR(pg_catalog.=) r.offence_code
			   WHERE r.area_code OPERATOR(pg_catalog.=) 'E22000210'"
	elif [ "$v" = offence_share ]; then
		body="SELECT r.offence_code, r.period, r.offences
				FROM crimestats.recorded_offence AS r
			   WHERE r.area_code OPERATOR(pg_catalog.=) 'E22000210'"
	else
		body=$(c -At -c "SELECT replace(p.prosrc, '${v}_rows.area_code', quote_literal('E22000210'))
						   FROM pg_proc p WHERE p.oid = 'crimestats_internal.${v}_rows(text)'::regprocedure")
		body=${body#*RETURN QUERY}
		body=${body%;*END;*}
	fi
	fplan=$(c -At -c "EXPLAIN (COSTS OFF) $body")
	check "$v of one area runs on one worker" \
		"$(grep -q 'Task Count: 1$' <<<"$plan" && ! grep -q 'Distributed Subplan' <<<"$plan" &&
		   grep -q 'Task Count: 1$' <<<"$fplan" && ! grep -q 'Distributed Subplan' <<<"$fplan" && echo ok)" "$plan
$fplan"
done
newham=$(c -At -c "SELECT offences FROM crimestats.year_ending WHERE area_code = 'E22000210' AND offence_subgroup = 'Stalking and harassment' AND period_end = '2018-09-30'")
check "year_ending: Newham, year ending September 2018: $newham" "$([ "$newham" = 1821 ] && echo ok)"

exit $fail
