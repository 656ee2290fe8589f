#!/bin/bash
# scripts/matrix.sh [-l LOCALE] [-c COMMAND] [SUITE...]
#
# Runs the README's test command (scripts/test.sh) on fresh Debian roots,
# one suite after another (default: bookworm trixie sid, i.e. PostgreSQL 15,
# 17 and 18), and prints one line per suite:
#
#   bookworm (PostgreSQL 15): 19 passed, 0 failed (4m12s)
#
# Exit status 0 when every suite passed.  Needs root and Debian's archive.
#
# Each suite gets a pristine minimal root (debootstrap --variant=minbase,
# built once from the mirror of this machine's apt sources and cached in
# /var/cache/crimestats-matrix), a clone of this checkout's HEAD (committed
# files only) in /root/crimestats, and runs the command as root with a clean
# environment: no LANG, HOME=/root, a standard PATH.  All mounts live in a
# private mount namespace; afterwards every process left in the root is
# killed and the root removed.  Full output: the log directory printed at
# the end.
#
#   -l LOCALE    run with LANG=LOCALE instead (generated in the root first
#                with Debian's locales package unless it is C or C.UTF-8)
#   -c COMMAND   run COMMAND instead of scripts/test.sh (e.g. scripts/demo.sh)
#
# Environment: MATRIX_MIRROR=URL overrides the mirror; MATRIX_REBUILD=1
# rebuilds the cached roots.
set -uo pipefail

CACHE=/var/cache/crimestats-matrix
ARGS=("$@")
LOCALE=
COMMAND=scripts/test.sh
while getopts l:c:h opt; do
	case $opt in
		l) LOCALE=$OPTARG ;;
		c) COMMAND=$OPTARG ;;
		*) sed -n '2,/^set -uo/{/^set -uo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(bookworm trixie sid)

die() { echo "matrix: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "must run as root"
REPO=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel) || die "not in a git checkout"

# Everything below mounts things: do it in a private mount namespace, so
# that nothing is ever left mounted on this machine.
if [ -z "${MATRIX_IN_NAMESPACE:-}" ]; then
	MATRIX_IN_NAMESPACE=1 exec unshare --mount --propagation private -- /bin/bash "$0" "${ARGS[@]}"
fi

# The mirror of this machine's apt sources for its own suite, and the
# security archive if it uses one.  Both one-line (.list) and deb822
# (.sources) files.
apt_entries() {	# prints "URI SUITE" per enabled deb entry
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && awk '{ sub(/#.*/, "") } $1 == "deb" {
			i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
			print $i, $(i + 1) }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && awk '
			function flush() { if (types ~ /(^| )deb( |$)/ && enabled != "no")
				for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++) print U[a], S[b]
				types = ""; enabled = ""; nu = ns = 0 }
			/^#/ { next }
			/^[ \t]*$/ { flush(); next }
			{ k = tolower($1); v = $0; sub(/^[^:]*:[ \t]*/, "", v) }
			k == "types:" { types = v }
			k == "enabled:" { enabled = tolower(v) }
			k == "uris:" { nu = split(v, U, " ") }
			k == "suites:" { ns = split(v, S, " ") }
			END { flush() }' "$f"
	done
}
HOST_SUITE=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
MIRROR=${MATRIX_MIRROR:-$(apt_entries | awk -v s="$HOST_SUITE" '$2 == s { print $1; exit }')}
SECURITY=$(apt_entries | awk -v s="$HOST_SUITE-security" '$2 == s { print $1; exit }')
MIRROR=${MIRROR%/}
SECURITY=${SECURITY%/}
[ -n "$MIRROR" ] || die "no $HOST_SUITE entry in this machine's apt sources; set MATRIX_MIRROR"

mkdir -p "$CACHE" || die "cannot create $CACHE"
LOGS=$(mktemp -d /tmp/crimestats-matrix.XXXXXX)

if ! command -v debootstrap >/dev/null; then
	echo "matrix: installing debootstrap"
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get install -y -qq debootstrap || { apt-get update -qq && apt-get install -y -qq debootstrap; }; } \
		> "$LOGS/debootstrap-install.log" 2>&1 || die "cannot install debootstrap, see $LOGS/debootstrap-install.log"
fi
RUN=	# the root of the suite being run

# Processes whose root directory is $1.
pids_in() {
	local want p
	want=$(stat -c %d:%i "$1" 2>/dev/null) || return 0
	for p in /proc/[0-9]*; do
		[ "$(stat -Lc %d:%i "$p/root" 2>/dev/null)" = "$want" ] && echo "${p#/proc/}"
	done
}
teardown() {	# kill what runs in root $1, unmount under it, remove it
	local root=$1 pids i m
	[ -n "$root" ] && [ -d "$root" ] || return 0
	for i in 1 2 3 4 5 6 7 8 9 10; do
		pids=$(pids_in "$root")
		[ -n "$pids" ] || break
		if [ "$i" -lt 10 ]; then kill -TERM $pids 2>/dev/null; else kill -KILL $pids 2>/dev/null; fi
		sleep 1
	done
	for i in 1 2 3; do
		m=$(findmnt -rn -o TARGET | awk -v d="$root" 'index($0, d "/") == 1' | sort -r)
		[ -n "$m" ] || break
		for m in $m; do umount "$m" 2>/dev/null || umount -l "$m"; done
	done
	if findmnt -rn -o TARGET | grep -q "^$root/"; then
		echo "matrix: still mounted under $root, left in place" >&2
		return 1
	fi
	rm -rf --one-file-system "$(dirname "$root")"
}
# Long steps run as a background session, so that a signal ends the matrix
# at once (bash defers traps while a foreground command runs), and the
# session is stopped with it; teardown then stops what still runs in the root.
BG=
bg() {
	local rc
	setsid "$@" & BG=$!
	wait "$BG"; rc=$?
	BG=
	return $rc
}
trap '[ -z "$BG" ] || kill -TERM -- "-$BG" 2>/dev/null; teardown "$RUN"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# TARBALL: the pristine root of suite $1, built once.
pristine() {
	local suite=$1 build
	TARBALL=$CACHE/$suite-$(dpkg --print-architecture)-$(echo "$MIRROR" | md5sum | cut -c1-8).tar.gz
	exec 9>"$CACHE/.lock"
	flock 9
	if [ "${MATRIX_REBUILD:-}" = 1 ] || [ ! -s "$TARBALL" ]; then
		echo "matrix: debootstrap $suite from $MIRROR (once; cached in $TARBALL)"
		build=$(mktemp -d /tmp/crimestats-matrix-build.XXXXXX)
		RUN=$build/root
		if ! bg debootstrap --variant=minbase "$suite" "$RUN" "$MIRROR" > "$LOGS/debootstrap-$suite.log" 2>&1; then
			echo "matrix: debootstrap failed, see $LOGS/debootstrap-$suite.log" >&2
			teardown "$RUN"; RUN=
			exec 9>&-
			return 1
		fi
		# as a fresh installation has it: no package lists, no downloaded packages
		rm -rf "$RUN"/var/lib/apt/lists/* "$RUN"/var/cache/apt/archives/*.deb "$RUN"/etc/resolv.conf
		mkdir -p "$RUN/var/lib/apt/lists/partial"
		tar --numeric-owner -C "$RUN" -czf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
		teardown "$RUN"; RUN=
	fi
	exec 9>&-
	[ -s "$TARBALL" ]
}

# Run $COMMAND in a fresh root of suite $1; the output goes to $LOGS/$1.log.
run_suite() {
	local suite=$1 dir m env
	pristine "$suite" || return 1
	dir=$(mktemp -d /tmp/crimestats-matrix-root.XXXXXX)
	RUN=$dir/root
	mkdir "$RUN"
	tar --numeric-owner -C "$RUN" -xzf "$TARBALL" || return 1
	{
		echo "deb $MIRROR $suite main"
		case $suite in sid|unstable) ;; *)
			echo "deb $MIRROR $suite-updates main"
			[ -n "$SECURITY" ] && echo "deb $SECURITY $suite-security main" ;;
		esac
	} > "$RUN/etc/apt/sources.list"
	# what apt here needs to use that mirror (a proxy; no expiry check of a
	# mirror that is a snapshot)
	apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|Max-FutureTime|https?::Proxy) ' \
		> "$RUN/etc/apt/apt.conf.d/99host"
	cp -L /etc/resolv.conf "$RUN/etc/resolv.conf"
	git clone -q --no-checkout "$REPO" "$RUN/root/crimestats" &&
		git -C "$RUN/root/crimestats" checkout -q "$(git -C "$REPO" rev-parse HEAD)" || return 1
	for m in proc sys dev dev/pts dev/shm; do
		mkdir -p "$RUN/$m" && mount --bind "/$m" "$RUN/$m" || return 1
	done
	env=(HOME=/root USER=root LOGNAME=root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
	for m in http_proxy https_proxy no_proxy; do
		[ -n "${!m:-}" ] && env+=("$m=${!m}")
	done
	if [ -n "$LOCALE" ]; then
		case $LOCALE in C|POSIX|C.UTF-8|C.utf8) ;; *)
			bg chroot "$RUN" /usr/bin/env -i "${env[@]}" /bin/sh -c "
				apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq locales >/dev/null &&
				echo '$LOCALE ${LOCALE#*.}' > /etc/locale.gen && locale-gen >/dev/null" \
				> "$LOGS/locale-$suite.log" 2>&1 || return 1 ;;
		esac
		env+=("LANG=$LOCALE")
	fi
	bg chroot "$RUN" /usr/bin/env -i "${env[@]}" /bin/bash -c "cd /root/crimestats && $COMMAND" \
		< /dev/null > "$LOGS/$suite.log" 2>&1
}

fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

echo "matrix: $COMMAND at $(git -C "$REPO" rev-parse --short HEAD), $([ -n "$LOCALE" ] && echo "LANG=$LOCALE" || echo "LANG unset")"
[ -z "$(git -C "$REPO" status --porcelain --untracked-files=no)" ] ||
	echo "matrix: uncommitted changes are not tested"
status=0
for suite in "${SUITES[@]}"; do
	start=$SECONDS
	run_suite "$suite"
	rc=$?
	pg=$(ls "$RUN/usr/lib/postgresql" 2>/dev/null | sort -n | tail -n 1)
	teardown "$RUN" || status=1
	RUN=
	result=$(tail -n 1 "$LOGS/$suite.log" 2>/dev/null | grep -E '^[0-9]+ passed, [0-9]+ failed$')
	[ -n "$result" ] || result="exit status $rc"
	echo "$suite (PostgreSQL ${pg:-none}): $result ($(fmt_time $((SECONDS - start))))"
	if [ "$rc" != 0 ]; then
		status=1
		tail -n 40 "$LOGS/$suite.log" 2>/dev/null | sed 's/^/    /'
	fi
done
echo "matrix: logs in $LOGS; $([ "$status" = 0 ] && echo "all passed" || echo "FAILED")"
exit $status
