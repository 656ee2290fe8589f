#!/bin/bash
# The regression suite (or some of its tests) against a server running
# under valgrind's memcheck, and optionally the mutation test
# (tests/fuzz.py) too; reports the valgrind errors, and those with a
# crimestats frame.  Exits 1 when a report has a crimestats frame.
#
#   scripts/valgrind.sh [TEST ...]     (default: every test of sql/)
#   FUZZ_CASES=N scripts/valgrind.sh   also N fuzz cases per type and form
#
# Slow: a backend under valgrind runs 20 to 50 times slower.  Uses the
# crimestats installed in the PostgreSQL that scripts/pg-env.sh picks (run
# scripts/build.sh first).  See docs/reliability.md for what a run on a
# PostgreSQL built without USE_VALGRIND (Debian's) can and cannot find.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=($(cd sql && ls *.sql | sed 's/\.sql$//'))

logs=$(mktemp -d /tmp/crimestats-valgrind.XXXXXX)
chmod 755 "$logs"
cp scripts/valgrind.supp "$logs/"
[ "$(id -u)" = 0 ] && chown postgres "$logs"
# The options the PostgreSQL project documents for a server under valgrind:
# no leak check (memory contexts free in bulk), follow the forked backends,
# one log per process, markers around each report.
export CLUSTER_WRAPPER="valgrind --quiet --leak-check=no --trace-children=yes --num-callers=40
	--read-var-info=yes --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END
	--suppressions=$logs/valgrind.supp --log-file=$logs/%p.log"
. scripts/cluster.sh
# JIT would run LLVM under valgrind too, for nothing of ours
cluster_start -c jit=off -c autovacuum=off -c shared_buffers=32MB -c max_parallel_workers_per_gather=2 || exit 1
trap 'cluster_stop' EXIT
# the distributed test writes a user mapping with the password psql has
# (trust authentication ignores it)
export PGPASSWORD=unused

start=$(date +%s)
export PGCLIENTENCODING=UTF8
make -s installcheck REGRESS="${tests[*]}" > "$logs/regress.out" 2>&1
regress_rc=$?
grep -E '^(ok|not ok|test|     )|tests (passed|failed)|^# ' "$logs/regress.out" | tail -n 40
if [ -n "${FUZZ_CASES:-}" ]; then
	psql -X -q -c "CREATE DATABASE fuzz" &&
		psql -X -q -d fuzz -c "SET client_min_messages = warning" -c "CREATE EXTENSION crimestats CASCADE" &&
		PGDATABASE=fuzz /usr/bin/python3 tests/fuzz.py | tail -n 7
fi
cluster_stop
trap - EXIT

# one report per VALGRINDERROR-BEGIN ... END block
awk -v out="$logs/reports" '
	/VALGRINDERROR-BEGIN/ { n++; inblock = 1; block = ""; next }
	/VALGRINDERROR-END/ { inblock = 0; print block "\n----" > out; next }
	inblock { block = block "\n" $0 }
	END { print n + 0 }' "$logs"/*.log > "$logs/count"
reports=$(cat "$logs/count")
ours=0
if [ -s "$logs/reports" ]; then
	ours=$(awk 'BEGIN { RS = "\n----\n" }
		/crimestats\.so|\((common|distributions|poisson_trend|rates|rates_dayset|growth|growth_window|outcomes|significance|significance_window)\.c:/ { n++ }
		END { print n + 0 }' "$logs/reports")
fi
echo "valgrind: ${#tests[@]} regression test(s)${FUZZ_CASES:+ and $((FUZZ_CASES * 6)) fuzz cases} in $(( $(date +%s) - start )) s (make installcheck exit status $regress_rc); $reports report(s), $ours with a crimestats frame"
if [ "$reports" != 0 ]; then
	echo "reports kept in $logs/reports"
	head -n 60 "$logs/reports"
else
	rm -rf "$logs"
fi
[ "$ours" = 0 ]
