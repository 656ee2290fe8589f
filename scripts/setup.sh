#!/bin/bash
# Install what building, testing and the demo need, from the distribution's
# archive: the newest PostgreSQL server it supports with its server headers
# (or, when PG_CONFIG is set, only what that installation lacks), and the
# build and test tools.  Idempotent: does nothing when everything is already
# there.
set -euo pipefail
cd "$(dirname "$0")/.."

# dpkg packages of $* that are not installed
missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf ' %s' "$p"
	done
}

updated=
install() {
	if [ "$(id -u)" != 0 ]; then
		echo "setup: need root to install:$*" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	if [ -z "$updated" ]; then
		apt-get update -qq
		updated=1
	fi
	# Debian's postgresql package creates a default cluster; we only ever use
	# throwaway ones (pg_virtualenv), so keep apt from creating it.
	mkdir -p /etc/postgresql-common
	grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf ||
		echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
	# keep our createcluster.conf if postgresql-common arrives with its own;
	# apt's chatter (debconf notes) only when it fails
	local out
	if ! out=$(apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" 2>&1); then
		printf '%s\n' "$out" >&2
		exit 1
	fi
}

# postgresql-common first: it says which PostgreSQL versions this
# distribution supports, and brings pg_virtualenv.  (From Debian 13 on, the
# supported-versions script is in postgresql-common-dev, which postgresql-common
# no longer always pulls in.)
m=$(missing postgresql-common build-essential python3 python3-psycopg)
[ -z "$m" ] || install $m
[ -x /usr/share/postgresql-common/supported-versions ] || [ -n "${PG_CONFIG:-}" ] ||
	install postgresql-common-dev

. scripts/pg-env.sh
case $PG_CONFIG in
	/usr/lib/postgresql/"$PG_MAJOR"/bin/pg_config)
		m=$(missing "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR")
		[ -z "$m" ] || install $m ;;
	*)
		if ! command -v "$PG_CONFIG" >/dev/null; then
			echo "setup: PG_CONFIG=$PG_CONFIG is not an executable" >&2
			exit 1
		fi ;;
esac
