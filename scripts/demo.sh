#!/bin/bash
# The demo: installs what it needs, builds and installs crimestats, starts a
# throwaway PostgreSQL 15 cluster, loads the example dataset and prints the
# story's figures through the shipped views.  Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
pg_virtualenv -t -v 15 sh -c '
	set -e
	psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "CREATE EXTENSION crimestats CASCADE" -c "SELECT crimestats.load_example()" >/dev/null
	for f in examples/story_rates.sql examples/story_growth.sql examples/story_outcomes.sql; do
		if [ -f "$f" ]; then psql -X -q -v ON_ERROR_STOP=1 -f "$f"; fi
	done
' 2>&1 | grep -v -e '^Creating new PostgreSQL cluster' -e '^Dropping cluster' -e '^Ver Cluster' -e '^15  regress' -e '^$'
