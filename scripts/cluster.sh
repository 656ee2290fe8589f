# Sourced by the tests and scripts that need a cluster of their own, one
# they may crash, restart or run under valgrind (pg_virtualenv's cluster
# is shared by the whole suite and must survive it):
#
#   . scripts/cluster.sh
#   cluster_start [postgres -c options ...]   # initdb + start; exports PG*
#   cluster_restart                           # after a crash
#   cluster_stop                              # also run on EXIT
#
# The server is the one scripts/pg-env.sh picks (its bindir), or
# CLUSTER_BINDIR's.  It listens on 127.0.0.1 only, on a free port, with
# trust authentication, its data and socket in a fresh temporary directory.
# initdb refuses to run as root: as root, the server runs as the postgres
# user (Debian's packages create it) and the directory is handed to it.
# CLUSTER_WRAPPER, when set, is put before postgres (valgrind ...).

. "$(dirname "${BASH_SOURCE[0]}")/pg-env.sh" || exit 1
CLUSTER_BINDIR=${CLUSTER_BINDIR:-$("$PG_CONFIG" --bindir)}
cluster_dir=
cluster_pid=

cluster_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

cluster_free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 40000))
		(echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
	done
	echo "cluster: no free port found" >&2
	return 1
}

# Starts the server and waits until it accepts connections; the options
# are kept for cluster_restart.
cluster_run() {
	local i
	if [ -n "${CLUSTER_WRAPPER:-}" ]; then
		# pg_ctl cannot put a wrapper before postgres: start it ourselves
		cluster_as_owner sh -c 'exec "$@" >> "$0/log" 2>&1 < /dev/null &
			echo $! > "$0/wrapper.pid"' "$cluster_dir" $CLUSTER_WRAPPER \
			"$CLUSTER_BINDIR/postgres" -D "$cluster_dir/data" "${cluster_opts[@]}"
	else
		cluster_as_owner "$CLUSTER_BINDIR/pg_ctl" -D "$cluster_dir/data" -l "$cluster_dir/log" \
			-o "$(printf "%q " "${cluster_opts[@]}")" -w -t 120 start > /dev/null
	fi
	for i in $(seq 600); do
		"$CLUSTER_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" && return 0
		sleep 0.2
	done
	echo "cluster: the server did not start; its log:" >&2
	tail -n 30 "$cluster_dir/log" >&2
	return 1
}

cluster_start() {
	cluster_dir=$(mktemp -d /tmp/crimestats-cluster.XXXXXX)
	chmod 755 "$cluster_dir"
	[ "$(id -u)" = 0 ] && chown postgres "$cluster_dir"
	trap cluster_stop EXIT
	cluster_as_owner "$CLUSTER_BINDIR/initdb" -D "$cluster_dir/data" -U postgres -A trust \
		-E UTF8 --no-locale > "$cluster_dir/initdb.log" 2>&1 || {
		cat "$cluster_dir/initdb.log" >&2
		return 1
	}
	export PGHOST=127.0.0.1 PGPORT PGUSER=postgres PGDATABASE=postgres
	PGPORT=$(cluster_free_port) || return 1
	unset PGPASSWORD PGSERVICE PGSSLMODE
	cluster_opts=(-c "port=$PGPORT" -c listen_addresses=127.0.0.1
		-c "unix_socket_directories=$cluster_dir" -c fsync=on "$@")
	cluster_run
}

cluster_restart() {
	cluster_run
}

# Stops the server, fast, whatever state it is in, and removes everything.
cluster_stop() {
	[ -n "$cluster_dir" ] || return 0
	if [ -f "$cluster_dir/data/postmaster.pid" ]; then
		cluster_as_owner "$CLUSTER_BINDIR/pg_ctl" -D "$cluster_dir/data" -m immediate -w stop \
			> /dev/null 2>&1 || true
	fi
	if [ -f "$cluster_dir/wrapper.pid" ]; then
		kill "$(cat "$cluster_dir/wrapper.pid")" 2>/dev/null || true
	fi
	[ -n "${CLUSTER_KEEP_LOG:-}" ] && cp "$cluster_dir/log" "$CLUSTER_KEEP_LOG" 2>/dev/null
	rm -rf "$cluster_dir"
	cluster_dir=
}
