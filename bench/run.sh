#!/bin/bash
# Run the benchmarks in a throwaway cluster: bench/run.sh [rows] [script...]
# (default 10M rows, every bench/*.sql but common.sql).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
shift || true
scripts=${*:-$(ls bench/*.sql | grep -v common.sql)}
scripts/setup.sh
scripts/build.sh
pg_virtualenv -t -v 15 -o shared_buffers=2GB -o max_wal_size=8GB sh -c "
	for f in $scripts; do psql -X -q -v rows=$rows -f \$f; done"
