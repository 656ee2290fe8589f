#!/bin/bash
# Build, install and run bench/growth.sql in a throwaway PostgreSQL 15
# cluster.  ROWS=<rows> for a smaller run (default 10,000,000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
pg_virtualenv -t -v 15 -o shared_buffers=1GB psql -X -q -v rows="${ROWS:-10000000}" -f bench/growth.sql
