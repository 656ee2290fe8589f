#!/bin/bash
# Build crimestats and install it into the PostgreSQL 15 found by pg_config.
set -euo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
make -s -j2
make -s install
