#!/bin/bash
# The outcomes benchmark alone: SCALE=<rows> for a smaller run (default 10,000,000).
exec "$(dirname "$0")/run.sh" "${SCALE:-10000000}" bench/outcomes.sql
