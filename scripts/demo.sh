#!/bin/bash
# The demo: installs what it needs, builds and installs crimestats, starts a
# throwaway cluster of the PostgreSQL that scripts/pg-env.sh picks, loads the
# example dataset and prints the story's figures through the shipped views.
# Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
. scripts/pg-env.sh
pg_env_require_cluster
# The story scripts are UTF-8 and print UTF-8 (dashes, sparklines), whatever
# the caller's locale.
export PGCLIENTENCODING=UTF8
pg_virtualenv -t -v "$PG_MAJOR" sh -c '
	set -e
	psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "CREATE EXTENSION crimestats CASCADE" -c "SELECT crimestats.load_example()" >/dev/null
	for f in examples/story_rates.sql examples/story_growth.sql examples/story_outcomes.sql; do
		if [ -f "$f" ]; then psql -X -q -v ON_ERROR_STOP=1 -f "$f"; fi
	done
' 2>&1 | grep -v -e '^Creating new PostgreSQL cluster' -e '^Dropping cluster' -e '^Ver Cluster' -e "^$PG_MAJOR  *regress " -e '^$'
