#!/bin/bash
# Random SQL against crimestats: sqlsmith (Debian's package) for a bounded
# time against a throwaway cluster holding the example data, connected as
# a role that is not a superuser (what an analyst can run, crimestats'
# functions on hostile arguments included).  Reports the queries tried, the
# errors by SQLSTATE class, and the crashes: any backend the server log
# says was terminated by a signal.  Exits 1 on a crash.
#
#   scripts/sqlsmith.sh [SECONDS [SEED]]      (default 600 s, seed 1)
#
# Uses the crimestats installed in the PostgreSQL that scripts/pg-env.sh
# picks (run scripts/build.sh first).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
seed=${2:-1}
command -v sqlsmith > /dev/null || { echo "sqlsmith is not installed (apt-get install sqlsmith)" >&2; exit 1; }
. scripts/cluster.sh
out=$(mktemp -d)
# the server log gives each error's SQLSTATE, not the statement
cluster_start -c "log_line_prefix=%e " -c log_min_error_statement=panic || exit 1
trap 'cluster_stop; rm -rf "$out"' EXIT

psql -X -q -v ON_ERROR_STOP=1 > /dev/null <<'SQL' || exit 1
SET client_min_messages = warning;
CREATE DATABASE smith;
\c smith
CREATE EXTENSION crimestats CASCADE;
SELECT crimestats.load_example();
CREATE ROLE smith LOGIN;
GRANT USAGE ON SCHEMA crimestats TO smith;
GRANT SELECT ON ALL TABLES IN SCHEMA crimestats TO smith;
-- a random query may run for ever or eat the machine's memory
ALTER ROLE smith SET statement_timeout = '2s';
ALTER ROLE smith SET work_mem = '16MB';
SQL

# sqlsmith stops at its first broken connection (a crash); start it again
# with the next seed until the time is up.
start=$(date +%s)
tried=0
runs=0
while [ $(( $(date +%s) - start )) -lt "$seconds" ]; do
	left=$(( seconds - ($(date +%s) - start) ))
	timeout -s INT "$left" sqlsmith --target="host=127.0.0.1 port=$PGPORT dbname=smith user=smith" \
		--seed=$((seed + runs)) --exclude-catalog --verbose > "$out/run$runs.out" 2> "$out/run$runs.err"
	# --verbose prints "queries: N" progress lines and the error report
	n=$(grep -aoE 'queries: [0-9]+' "$out/run$runs.err" | tail -n 1 | grep -oE '[0-9]+')
	tried=$((tried + ${n:-0}))
	runs=$((runs + 1))
	"$CLUSTER_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" || sleep 5
done

crashes=$(grep -cE 'was terminated by signal|server process .* was terminated' "$cluster_dir/log")
echo "sqlsmith: $seconds s, $runs run(s) from seed $seed, $tried queries tried, $crashes crash(es)"
echo "errors by SQLSTATE (from the server log), most frequent first:"
grep -aoE '^[0-9A-Z]{5} (ERROR|FATAL|PANIC)' "$cluster_dir/log" | sort | uniq -c | sort -rn | head -n 25
# an internal error (XX000) is a bug too, if a lesser one: show them
if grep -aq '^XX000 ERROR' "$cluster_dir/log"; then
	echo "internal errors (XX000):"
	grep -a -A1 '^XX000 ERROR' "$cluster_dir/log" | grep -av '^--$' | head -n 40
fi
if [ "$crashes" != 0 ]; then
	grep -aE -B2 -A8 'terminated by signal' "$cluster_dir/log"
	exit 1
fi
