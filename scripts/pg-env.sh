# Sourced by the other scripts: which PostgreSQL to build, test and demo on.
#
# PG_CONFIG from the environment wins.  Otherwise the newest version this
# distribution supports, as postgresql-common says
# (/usr/share/postgresql-common/supported-versions): 15 on Debian 12, 17 on
# Debian 13, 18 on sid.  Sets and exports PG_CONFIG and PG_MAJOR.
#
# The throwaway clusters of the tests and the demo come from pg_virtualenv,
# which runs the server of /usr/lib/postgresql/$PG_MAJOR (Debian's layout,
# also used by the PostgreSQL project's own apt packages); PG_CONFIG from
# elsewhere still builds with `make PG_CONFIG=...`.
if [ -n "${PG_CONFIG:-}" ]; then
	case $PG_CONFIG in
		/usr/lib/postgresql/*/bin/pg_config)
			PG_MAJOR=${PG_CONFIG#/usr/lib/postgresql/}
			PG_MAJOR=${PG_MAJOR%%/*} ;;
		*)
			PG_MAJOR=$("$PG_CONFIG" --version 2>/dev/null | sed -n 's/^PostgreSQL \([0-9][0-9]*\).*/\1/p') ||
				PG_MAJOR= ;;
	esac
	if [ -z "$PG_MAJOR" ]; then
		echo "PG_CONFIG=$PG_CONFIG: no pg_config there (its --version names no PostgreSQL version)" >&2
		return 1 2>/dev/null || exit 1
	fi
elif [ -x /usr/share/postgresql-common/supported-versions ]; then
	PG_MAJOR=$(/usr/share/postgresql-common/supported-versions | sort -n | tail -n 1)
	PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
else
	echo "postgresql-common is not installed (scripts/setup.sh installs it), or set PG_CONFIG" >&2
	return 1 2>/dev/null || exit 1
fi
export PG_CONFIG PG_MAJOR

# pg_virtualenv can only run a server installed in Debian's layout.
pg_env_require_cluster() {
	if [ "$("$PG_CONFIG" --bindir)" != "/usr/lib/postgresql/$PG_MAJOR/bin" ]; then
		echo "PG_CONFIG=$PG_CONFIG: the throwaway cluster (pg_virtualenv) needs PostgreSQL $PG_MAJOR in" \
			"/usr/lib/postgresql/$PG_MAJOR; build with make PG_CONFIG=... and run make installcheck against your server" >&2
		return 1
	fi
}
