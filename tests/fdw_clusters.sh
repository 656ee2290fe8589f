#!/bin/bash
# postgres_fdw across real servers: two more PostgreSQL clusters (initdb in
# a temporary directory, their own ports on 127.0.0.1) each hold a shard of
# recorded offences and offence outcomes, hash-partitioned by area under
# foreign tables in a coordinator database of the test's cluster.  Checks
# that the two-step form (rate_summary, series_summary, ratio_summary built
# on each shard, rollup on the coordinator) is what postgres_fdw ships, in
# the Remote SQL of EXPLAIN VERBOSE, and that it gives exactly the results
# of the same data on one node.  Run by scripts/test.sh inside the
# throwaway cluster (PGHOST etc. set, as a superuser); the shard clusters
# are stopped however the test ends.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
. scripts/pg-env.sh
bindir=$("$PG_CONFIG" --bindir)
db=crimestats_fdw_test
work=$(mktemp -d)
clusters=()

# initdb refuses to run as root; the shard clusters belong to postgres then.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

cleanup() {
	for d in "${clusters[@]}"; do
		as_owner "$bindir/pg_ctl" -D "$d" -m immediate stop > /dev/null 2>&1 || true
	done
	dropdb --if-exists "$db" 2> /dev/null || true
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
		if as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
			-o "-p $port -c listen_addresses=127.0.0.1 -k $work -c fsync=off -c max_parallel_workers_per_gather=0" \
			start > /dev/null 2>&1; then
			echo "$port"
			return 0
		fi
	done
	cat "$dir/server.log" >&2
	return 1
}
ports=()
for s in shard0 shard1; do
	port=$(start_cluster "$s") || { echo "fdw_clusters: could not start $s"; exit 1; }
	clusters+=("$work/$s")
	ports+=("$port")
	psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
		-c 'SET client_min_messages = warning' -c 'CREATE EXTENSION crimestats CASCADE'
done

dropdb --if-exists "$db"
createdb "$db"
q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

# One node: the example data, the real 2017/18 force file, the outcomes
# fixture.
q -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION crimestats CASCADE' -c 'CREATE EXTENSION postgres_fdw' \
	-c 'SELECT crimestats.load_example()' > /dev/null
q > /dev/null <<EOF
BEGIN;
\copy crimestats.stage_prc_force FROM '$repo/data/prc-pfa-2017-18.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_force('prc-pfa-2017-18.csv');
COMMIT;
BEGIN;
\copy crimestats.stage_prc_outcomes FROM '$repo/data/prc-outcomes-fixture.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_outcomes('prc-outcomes-fixture.csv');
COMMIT;
EOF

# The coordinator: tables partitioned by hash of the area, each partition a
# foreign table on a shard's own crimestats tables.
q > /dev/null <<EOF
CREATE SERVER shard0 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '127.0.0.1', port '${ports[0]}', dbname 'postgres', extensions 'crimestats', batch_size '1000', fetch_size '10000');
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '127.0.0.1', port '${ports[1]}', dbname 'postgres', extensions 'crimestats', batch_size '1000', fetch_size '10000');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard0 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user 'postgres');
CREATE TABLE sharded_offence (area_code text NOT NULL, offence_code text NOT NULL, period daterange NOT NULL,
                              offences bigint NOT NULL, source text)
  PARTITION BY HASH (area_code);
CREATE FOREIGN TABLE sharded_offence_0 PARTITION OF sharded_offence FOR VALUES WITH (MODULUS 2, REMAINDER 0)
  SERVER shard0 OPTIONS (schema_name 'crimestats', table_name 'recorded_offence');
CREATE FOREIGN TABLE sharded_offence_1 PARTITION OF sharded_offence FOR VALUES WITH (MODULUS 2, REMAINDER 1)
  SERVER shard1 OPTIONS (schema_name 'crimestats', table_name 'recorded_offence');
CREATE TABLE sharded_outcome (area_code text NOT NULL, offence_code text NOT NULL, period daterange NOT NULL,
                              outcome_code integer NOT NULL, offences bigint NOT NULL, investigations_closed bigint, source text)
  PARTITION BY HASH (area_code);
CREATE FOREIGN TABLE sharded_outcome_0 PARTITION OF sharded_outcome FOR VALUES WITH (MODULUS 2, REMAINDER 0)
  SERVER shard0 OPTIONS (schema_name 'crimestats', table_name 'offence_outcome');
CREATE FOREIGN TABLE sharded_outcome_1 PARTITION OF sharded_outcome FOR VALUES WITH (MODULUS 2, REMAINDER 1)
  SERVER shard1 OPTIONS (schema_name 'crimestats', table_name 'offence_outcome');
INSERT INTO sharded_offence SELECT * FROM crimestats.recorded_offence;
INSERT INTO sharded_outcome SELECT * FROM crimestats.offence_outcome;
EOF

fail=0
check() {
	if [ "$2" = ok ]; then
		echo "fdw_clusters: $1 ... ok"
	else
		echo "fdw_clusters: $1 ... FAILED"
		[ -n "${3:-}" ] && echo "$3"
		fail=1
	fi
}

# Both shards hold rows, and the partitions split the areas between them.
counts=$(q -At -c "SELECT (SELECT count(*) FROM sharded_offence_0) > 0 AND (SELECT count(*) FROM sharded_offence_1) > 0
	AND (SELECT count(*) FROM sharded_offence) = (SELECT count(*) FROM crimestats.recorded_offence)
	AND (SELECT count(*) FROM sharded_outcome) = (SELECT count(*) FROM crimestats.offence_outcome)
	AND (SELECT count(*) FROM sharded_outcome) > 0")
check "rows on both shards" "$([ "$counts" = t ] && echo ok)"

# Each query's {T} is the table: sharded_* on the coordinator,
# crimestats.* on one node.  The inner query groups by the partition key,
# so each shard can build its summaries whole; the outer one rolls them up.
queries=(
	"rate_summary|SELECT offence_code, crimestats.rollup(s) AS s, crimestats.per_day(crimestats.rollup(s)) AS per_day
	 FROM (SELECT area_code, offence_code, crimestats.rate_summary(offences, period) AS s
	       FROM {T}offence GROUP BY area_code, offence_code) AS per_area
	 GROUP BY offence_code ORDER BY offence_code"
	"series_summary|SELECT offence_code, crimestats.rollup(s) AS s, crimestats.growth_factor(crimestats.rollup(s)) AS growth
	 FROM (SELECT area_code, offence_code, crimestats.series_summary(offences::float8, lower(period)) AS s
	       FROM {T}offence GROUP BY area_code, offence_code) AS per_area
	 GROUP BY offence_code ORDER BY offence_code"
	"ratio_summary|SELECT offence_code, crimestats.rollup(s) AS s, crimestats.ratio(crimestats.rollup(s)) AS ratio
	 FROM (SELECT area_code, offence_code,
	              crimestats.ratio_summary(CASE WHEN outcome_code = 1 THEN offences ELSE 0 END, offences) AS s
	       FROM {T}outcome WHERE outcome_code <> 0 AND offences >= 0 GROUP BY area_code, offence_code) AS per_area
	 GROUP BY offence_code ORDER BY offence_code"
)
for entry in "${queries[@]}"; do
	agg=${entry%%|*}
	query=${entry#*|}
	sharded=${query//\{T\}/sharded_}
	local_q=${query//\{T\}/crimestats.recorded_}
	[ "$agg" = ratio_summary ] && local_q=${query//\{T\}outcome/crimestats.offence_outcome}

	plan=$(q -At -c 'SET enable_partitionwise_aggregate = on' -c "EXPLAIN (VERBOSE, COSTS OFF) $sharded")
	shipped=$(grep -c "Remote SQL: SELECT .*crimestats\.$agg(.* GROUP BY" <<<"$plan" || true)
	check "$agg built on each shard (Remote SQL)" "$([ "$shipped" = 2 ] && echo ok)" "$plan"
	if grep -q 'Partial Aggregate\|Finalize Aggregate' <<<"$plan"; then
		check "$agg not split on the coordinator" no "$plan"
	fi

	got=$(q -A -c 'SET extra_float_digits = 3' -c 'SET enable_partitionwise_aggregate = on' -c "$sharded")
	want=$(q -A -c 'SET extra_float_digits = 3' -c "$local_q")
	rows=$(wc -l <<<"$want")
	check "$agg results equal one node's ($((rows - 2)) rows)" \
		"$([ "$got" = "$want" ] && [ "$rows" -gt 3 ] && echo ok)" "$(diff <(echo "$want") <(echo "$got") || true)"
done

# The same total straight from the rows, on one node, as the one-step
# aggregates give it: the two-step form loses nothing.
onestep=$(q -At -c 'SET extra_float_digits = 3' -c "
	SELECT bool_and(a.per_day = b.per_day)
	FROM (SELECT offence_code, crimestats.per_day(crimestats.rollup(s)) AS per_day
	      FROM (SELECT area_code, offence_code, crimestats.rate_summary(offences, period) AS s
	            FROM sharded_offence GROUP BY area_code, offence_code) AS per_area
	      GROUP BY offence_code) AS a
	JOIN (SELECT offence_code, crimestats.per_day_rate(offences, period) AS per_day
	      FROM crimestats.recorded_offence GROUP BY offence_code) AS b USING (offence_code)")
check "rolled-up shards equal per_day_rate over all rows" "$([ "$onestep" = t ] && echo ok)"

exit $fail
