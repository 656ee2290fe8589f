#!/bin/bash
# The whole test suite: installs what it needs, builds, runs every suite in
# a throwaway cluster and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
scripts/build.sh || exit 1
. scripts/pg-env.sh || exit 1
pg_env_require_cluster || exit 1
echo "$("$PG_CONFIG" --version), $PG_CONFIG"

# Our SQL and data files are UTF-8, whatever the caller's locale: psql reads
# them and measures what it prints (sparklines) as UTF-8.  The cluster
# itself keeps the caller's locale, messages and number formats included.
export PGCLIENTENCODING=UTF8
log=$(mktemp -d)
# pg_virtualenv runs as root; the cluster's server runs as postgres and must
# be able to read nothing of ours, but pg_regress writes results/ here.
pg_virtualenv -t -v "$PG_MAJOR" -o max_worker_processes=16 sh -c '
	make -s installcheck > "$0/regress.out" 2>&1; echo $? > "$0/regress.rc"
	for t in tests/*.sh; do
		[ -e "$t" ] || continue
		if bash "$t" > "$0/$(basename "$t").out" 2>&1; then
			echo "$t" >> "$0/shell.passed"
		else
			echo "$t" >> "$0/shell.failed"
		fi
	done
' "$log"

passed=0
failed=0
cat "$log/regress.out" 2>/dev/null
if grep -qE 'All [0-9]+ tests passed' "$log/regress.out" 2>/dev/null; then
	passed=$(grep -oE 'All [0-9]+ tests passed' "$log/regress.out" | grep -oE '[0-9]+')
elif grep -qE '[0-9]+ of [0-9]+ tests failed' "$log/regress.out" 2>/dev/null; then
	read -r f n < <(grep -oE '[0-9]+ of [0-9]+ tests failed' "$log/regress.out" | grep -oE '[0-9]+' | tr '\n' ' ')
	failed=$f
	passed=$((n - f))
	[ -f regression.diffs ] && head -200 regression.diffs
else
	echo "pg_regress did not run"
	failed=$((failed + 1))
fi
if [ "$failed" = 0 ] && [ "$(cat "$log/regress.rc" 2>/dev/null)" != 0 ]; then
	echo "make installcheck failed after its tests passed"
	failed=$((failed + 1))
fi
for t in tests/*.sh; do
	[ -e "$t" ] || continue
	grep -qxF "$t" "$log/shell.passed" "$log/shell.failed" 2>/dev/null && continue
	echo "test $t ... did not run"
	failed=$((failed + 1))
done
for t in $(cat "$log/shell.passed" 2>/dev/null); do
	echo "test $t ... ok"
	passed=$((passed + 1))
done
for t in $(cat "$log/shell.failed" 2>/dev/null); do
	echo "test $t ... FAILED"
	cat "$log/$(basename "$t").out"
	failed=$((failed + 1))
done
rm -rf "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
