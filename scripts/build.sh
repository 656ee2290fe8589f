#!/bin/bash
# Build crimestats and install it into the PostgreSQL that scripts/pg-env.sh
# picks (PG_CONFIG, or the newest version the distribution supports).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg-env.sh
# Objects built for another PostgreSQL version must not be linked into this
# one: start from scratch when PG_CONFIG or its version changed.
stamp=.built-for-pg
want="$PG_CONFIG $("$PG_CONFIG" --version)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	make -s clean
	rm -f "$stamp"
fi
make -s -j2
echo "$want" > "$stamp"
make -s install
