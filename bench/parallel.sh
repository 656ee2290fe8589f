#!/bin/bash
# The parallel speed-up benchmark alone: ROWS=<rows> for a smaller run
# (default 10,000,000).
exec "$(dirname "$0")/run.sh" "${ROWS:-10000000}" bench/parallel.sql
