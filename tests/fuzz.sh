#!/bin/bash
# Mutation test of the summary types' text input and binary receive
# (tests/fuzz.py): a fixed seed, 6,000 mutated values, a few seconds.
# Run by scripts/test.sh inside the throwaway cluster (PGHOST etc. set);
# FUZZ_SEED and FUZZ_CASES (per type and form) change the run.
set -euo pipefail
cd "$(dirname "$0")/.."
db=crimestats_fuzz_test
drop() { psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db"; }
drop
trap drop EXIT
psql -X -q -d postgres -c "CREATE DATABASE $db"
psql -X -q -d "$db" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION crimestats CASCADE'
PGDATABASE=$db /usr/bin/python3 tests/fuzz.py
