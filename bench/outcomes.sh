#!/bin/bash
# Build, install and run bench/outcomes.sql in a throwaway PostgreSQL 15
# cluster.  SCALE=<rows> for a smaller run (default 10,000,000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
pg_virtualenv -t -v 15 psql -X -v scale="${SCALE:-10000000}" -f bench/outcomes.sql
