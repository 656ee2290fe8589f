#!/bin/bash
# The documentation's examples: every ```sql block of README.md and
# docs/*.md runs in a fresh database with the example data, and where an
# ```output block follows it, psql must print exactly that.  The convention
# and the session's settings are described in scripts/doc_examples.py.
# Run by scripts/test.sh inside the throwaway cluster (PGHOST etc. set).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/doc_examples.py "$@"
