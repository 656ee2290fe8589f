#!/bin/bash
# Install what building, testing and the demo need, from Debian's archive.
# Idempotent: does nothing when everything is already there.
set -euo pipefail

PACKAGES="postgresql-15 postgresql-server-dev-15 postgresql-common build-essential python3 python3-psycopg"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "setup: need root to install:$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# Debian's postgresql package creates a default cluster; we only ever use
	# throwaway ones (pg_virtualenv), so keep apt from creating it.
	mkdir -p /etc/postgresql-common
	grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf ||
		echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
	# keep our createcluster.conf if postgresql-common arrives with its own
	apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing >/dev/null
fi
