#!/bin/bash
# Run the benchmarks in a throwaway cluster: bench/run.sh [rows] [script...]
# (default 10M rows; every bench/*.sql but common.sql, then bench/import.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
shift || true
scripts=${*:-$(ls bench/*.sql | grep -v common.sql) bench/import.sh}
scripts/setup.sh
scripts/build.sh
. scripts/pg-env.sh
pg_virtualenv -t -v "$PG_MAJOR" -o shared_buffers=2GB -o max_wal_size=8GB -o autovacuum=off sh -c "
	psql -X -q -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION crimestats CASCADE'
	for f in $scripts; do
		case \$f in
			*.sql) psql -X -q -v rows=$rows -f \$f ;;
			*.sh) bash \$f ;;
		esac
	done"
