#!/bin/bash
# Build the Debian packages postgresql-NN-crimestats, install them, and run
# the regression suite against the installed extension.
#
#   scripts/deb.sh          as root, on Debian 12 (bookworm), 13 (trixie) or sid
#
# Steps:
#  1. installs the packaging tools and the build dependencies (debhelper,
#     postgresql-all, ...) from the distribution's archive;
#  2. copies the committed tree (git archive HEAD; the files as they are
#     when git or the .git directory is missing) into OUTDIR, so that the
#     work tree stays clean;
#  3. writes debian/control for the PostgreSQL versions the distribution
#     supports that debian/pgversions accepts (pg_buildext updatecontrol;
#     PG_SUPPORTED_VERSIONS="15 17" or "installed" picks others, as for any
#     Debian PostgreSQL extension) and builds the binary packages with
#     dpkg-buildpackage -us -uc -b (the build runs the regression suite
#     against the files it built; DEB_BUILD_OPTIONS=nocheck skips that);
#  4. installs them: apt-get install ./postgresql-NN-crimestats_*.deb;
#  5. runs the regression suite against the installed packages, one
#     throwaway cluster per PostgreSQL version (debian/tests/installcheck,
#     which is also the package's autopkgtest);
#  6. runs lintian on the packages: errors fail the script, warnings and
#     notes are printed;
#  7. prints where the .deb files are.
#
# OUTDIR (default: a new directory under /tmp) receives the .deb files, the
# .changes and .buildinfo files, and the source copy they were built from.
# The packages stay installed; apt-get purge postgresql-NN-crimestats
# removes them.  The script shares the PostgreSQL installation with source
# builds (make install writes the same files): on a machine where others
# run the test suite, run it under their lock and rebuild from source
# afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD

if [ "$(id -u)" != 0 ]; then
	echo "deb.sh: run as root (it installs packages)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
start=$SECONDS
step() { printf '\n== %s (%ds)\n' "$*" "$((SECONDS - start))"; }

step "packaging tools"
apt-get update -qq
# Debian's postgresql packages create a default cluster; the tests only use
# throwaway ones (pg_virtualenv), so keep apt from creating it (as
# scripts/setup.sh does).
mkdir -p /etc/postgresql-common
grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf ||
	echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
# postgresql-server-dev-all brings pg_buildext, which writes debian/control
# (the build dependencies are read from it).
apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
	build-essential dpkg-dev debhelper lintian postgresql-server-dev-all >/dev/null

OUTDIR=${OUTDIR:-$(mktemp -d /tmp/crimestats-deb.XXXXXX)}
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
# The build's test server runs as postgres and reads the extension from
# debian/postgresql-NN-crimestats in the copy (mktemp makes OUTDIR 0700).
chmod a+rx "$OUTDIR"
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
upstream=${version%-*}
build=$OUTDIR/crimestats-$upstream
rm -rf "$build"
mkdir "$build"

step "source tree -> $build"
if command -v git >/dev/null && git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
		echo "note: uncommitted changes are not built (the package is built from HEAD)"
	fi
	git -C "$src" archive --format=tar HEAD | tar -x -C "$build"
else
	tar -C "$src" --exclude=./.git -cf - . | tar -x -C "$build"
fi

cd "$build"
step "debian/control for PostgreSQL $(pg_buildext supported-versions | xargs)"
pg_buildext updatecontrol
grep '^Package:' debian/control

step "build dependencies"
apt-get build-dep -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold ./ >/dev/null

step "dpkg-buildpackage -us -uc -b"
dpkg-buildpackage -us -uc -b > "$OUTDIR/build.log" 2>&1 || {
	tail -n 100 "$OUTDIR/build.log"
	echo "deb.sh: the build failed; whole log: $OUTDIR/build.log" >&2
	exit 1
}
grep -E '^(### |test |ok |not ok |# | *All [0-9]+ tests| *[0-9]+ of [0-9]+ tests)' "$OUTDIR/build.log" | grep -v '^# [0-9]*: make' || true
arch=$(dpkg --print-architecture)
debs=$(sed -n 's/^Package: \(.*\)$/\1/p' debian/control | while read -r p; do
	echo "$OUTDIR/${p}_${version}_${arch}.deb"
done)
for d in $debs; do
	[ -f "$d" ] || { echo "deb.sh: $d was not built" >&2; exit 1; }
done

step "apt-get install"
# apt-get wants paths with a slash to take them as files
apt-get install -y -qq --reinstall $debs >/dev/null
dpkg-query -W -f='${Package} ${Version} ${db:Status-Status}\n' $(for d in $debs; do basename "$d" | cut -d_ -f1; done)

step "regression suite against the installed packages"
debian/tests/installcheck

step "lintian"
# --fail-on none: tags never fail lintian itself, so a failure means it did
# not run; errors are counted below.  (It warns that it runs as root.)
if ! lintian_out=$(lintian --fail-on none --display-info $debs 2>&1); then
	echo "$lintian_out"
	echo "deb.sh: lintian failed" >&2
	exit 1
fi
lintian_out=$(grep -v '^running with root privileges is not recommended' <<<"$lintian_out" || true)
if [ -n "$lintian_out" ]; then echo "$lintian_out"; else echo "lintian: no tags"; fi
errors=$(grep -c '^E: ' <<<"$lintian_out" || true)
warnings=$(grep -c '^W: ' <<<"$lintian_out" || true)
echo "lintian: $errors error(s), $warnings warning(s)"

step "done"
for d in $debs; do echo "package: $d"; done
echo "build log: $OUTDIR/build.log"
[ "$errors" -eq 0 ]
