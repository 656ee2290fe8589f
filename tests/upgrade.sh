#!/bin/bash
# ALTER EXTENSION crimestats UPDATE from 1.0 keeps what users stored, and
# gives the same extension as a fresh install of the default version.  Run
# by scripts/test.sh inside the throwaway cluster (PGHOST etc. set, as a
# superuser); prints one line per check and fails if any fails.
#
# Two databases: $old is created at 1.0, whose frozen SQL then runs on the
# current shared library (what a database sees after a package upgrade,
# before ALTER EXTENSION UPDATE); $new is a fresh install of the default
# version.
#  1. The import functions give the same results in both
#     (test/upgrade/load.sql); then, on the same data (the 1.0 database's,
#     copied over), every 1.0 function, aggregate and view, and the story
#     scripts, give the same output in both (test/upgrade/functions.sql);
#     and those files name every 1.0 function.
#  2. $old stores summaries (test/upgrade/store.sql: the 1.0 fixtures as
#     on-disk bytes, text and binary COPY; summaries built by the
#     aggregates; a view and a materialized view), reads them, and exports
#     them as text and binary COPY files.
#  3. ALTER EXTENSION crimestats UPDATE.  Every stored summary reads as
#     before (and the fixtures as 1.0 read them: accessors-1.0.txt), the
#     exports load back, the views return the same rows, the queries and
#     load_example() give the same output as in $new.
#  4. Everything the extension owns in $old, definitions included, equals
#     $new (test/upgrade/catalog.sql); a unified diff shows what differs.
# With CRIMESTATS_UPGRADE_KEEP=1 the databases and the compared files stay.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
fx=$repo/test/upgrade
old=crimestats_upgrade_old
new=crimestats_upgrade_new
work=$(mktemp -d)
cleanup() {
	if [ -n "${CRIMESTATS_UPGRADE_KEEP:-}" ]; then
		echo "upgrade: kept databases $old, $new and directory $work"
		return
	fi
	dropdb --if-exists "$old" 2> /dev/null
	dropdb --if-exists "$new" 2> /dev/null
	rm -rf "$work"
}
trap cleanup EXIT
# as capture-1.0.sql wrote accessors-1.0.txt: floats exact
export PGOPTIONS='-c extra_float_digits=3'
export PGCLIENTENCODING=UTF8

failures=0
pass() { echo "upgrade: $1 ... ok"; }
fail() {
	echo "upgrade: $1 ... FAILED"
	failures=$((failures + 1))
}
# a step the rest depends on
fatal() {
	echo "upgrade: $1 ... FAILED"
	cat "$work/err" 2>/dev/null
	exit 1
}
# psql on database $1: unaligned output, stop at the first error
q() {
	local db=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"
}
# differ LABEL1 FILE1 LABEL2 FILE2: silent when the files are equal, else
# their unified diff (cut at 150 lines) and status 1
differ() {
	diff -u --label "$1" --label "$3" "$2" "$4" > "$work/diff" && return 0
	head -n 150 "$work/diff"
	[ "$(wc -l < "$work/diff")" -le 150 ] || echo "(diff cut at 150 lines)"
	return 1
}
# same NAME LABEL1 FILE1 LABEL2 FILE2: one check, passed when the files are equal
same() {
	local name=$1
	shift
	if differ "$@" > "$work/same"; then
		pass "$name"
	else
		fail "$name"
		cat "$work/same"
		return 1
	fi
}
extversion() { q "$1" -c "SELECT extversion FROM pg_extension WHERE extname = 'crimestats'"; }

# --- 1. Install 1.0 and the default version side by side -------------------
default=$(q postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'crimestats'" 2> "$work/err")
[ -n "$default" ] || fatal "crimestats is installed"
for db in "$old" "$new"; do
	dropdb --if-exists "$db" 2> /dev/null
	# UTF-8 and the C locale whatever the cluster's: sparklines are UTF-8
	createdb -T template0 -E UTF8 --locale=C "$db" 2> "$work/err" || fatal "create database $db"
done
q "$old" -c "CREATE EXTENSION crimestats VERSION '1.0' CASCADE" 2> "$work/err" ||
	fatal "CREATE EXTENSION crimestats VERSION '1.0'"
q "$new" -c "CREATE EXTENSION crimestats CASCADE" 2> "$work/err" ||
	fatal "CREATE EXTENSION crimestats (default version $default)"
v_old=$(extversion "$old")
v_new=$(extversion "$new")
if [ "$v_old" = 1.0 ] && [ "$v_new" = "$default" ] && [ "$default" != 1.0 ]; then
	pass "installed 1.0 and $default (the default) side by side"
else
	fatal "installed 1.0 and the default version (got $v_old and $v_new, default $default)"
fi

# The same loading in both, at the same time.
load() {	# DB TAG
	q "$1" -f "$fx/load.sql" > "$work/load.$2" 2> "$work/load.$2.err"
}
load "$old" old &
pid=$!
load "$new" new || { cp "$work/load.new.err" "$work/err"; fatal "import data/ and load the example data at $default"; }
wait $pid || { cp "$work/load.old.err" "$work/err"; fatal "import data/ and load the example data at 1.0"; }
same "1.0 import functions on the new library, as in a fresh $default install" \
	"$default" "$work/load.new" "1.0" "$work/load.old"

# The same data in both: what pg_dump keeps of the 1.0 database's
# extension tables replaces the other's (the example data of later versions
# may differ, and the queries compare functions, not data).
{
	echo "SET session_replication_role = replica;"
	cat <<'SQL'
DO $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT x.extconfig[i]::regclass AS rel, coalesce(x.extcondition[i], '') AS cond
			 FROM pg_extension x, generate_subscripts(x.extconfig, 1) AS i
			 WHERE x.extname = 'crimestats'
	LOOP
		EXECUTE format('DELETE FROM %s %s', t.rel, t.cond);
	END LOOP;
END
$$;
SQL
	pg_dump -a -n crimestats "$old"
} > "$work/data.sql" 2> "$work/err" && q "$new" -f "$work/data.sql" > /dev/null 2>> "$work/err" ||
	fatal "copy the data of the 1.0 database into the $default one"

# The same queries in both, at the same time.
query() {	# DB TAG
	q "$1" -f "$fx/functions.sql" > "$work/functions.$2" 2> "$work/functions.$2.err"
	for f in examples/story_*.sql; do
		psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$f" || break
	done > "$work/story.$2" 2> "$work/story.$2.err"
}
query "$old" old &
pid=$!
query "$new" new
wait $pid
if [ -s "$work/functions.old.err" ] || [ -s "$work/functions.new.err" ]; then
	fail "test/upgrade/functions.sql runs at 1.0 and $default"
	cat "$work/functions.old.err" "$work/functions.new.err"
fi
if [ -s "$work/story.old.err" ] || [ -s "$work/story.new.err" ]; then
	fail "examples/story_*.sql run at 1.0 and $default"
	cat "$work/story.old.err" "$work/story.new.err"
fi
same "1.0 functions, aggregates and views on the new library, as in a fresh $default install" \
	"$default" "$work/functions.new" "1.0" "$work/functions.old"
# the 1.0 example data (load_example) tells the story
if same "1.0 story queries (examples/story_*.sql) on the new library, as in a fresh $default install" \
	"$default" "$work/story.new" "1.0" "$work/story.old"; then
	grep -q "Newham, year ending September 2018: 1,821 stalking and harassment offences, 4.99 a day (95% CI 4.76–5.22)" \
		"$work/story.old" || { fail "1.0 story queries tell the story"; cat "$work/story.old"; }
fi

# Every 1.0 function is named by the queries above (or in the stored
# summaries' checks), except the support functions of aggregates and
# types; helpers count when a function that is named calls them.
text=$(cat "$fx"/load.sql "$fx"/functions.sql "$fx"/views.sql "$fx"/store.sql "$fx"/accessors.sql \
	"$fx"/example.sql examples/story_*.sql)
if q "$old" -v text="$text" > "$work/uncovered" 2> "$work/err" <<'SQL'
WITH RECURSIVE fn AS (
	SELECT p.oid, p.proname,
		   CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS body
	FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
	WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
	  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'crimestats')
),
support AS (
	SELECT unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
						a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn]::oid[]) AS oid
	FROM pg_aggregate a JOIN fn ON fn.oid = a.aggfnoid
	UNION
	SELECT unnest(ARRAY[t.typinput, t.typoutput, t.typreceive, t.typsend]::oid[])
	FROM pg_type t WHERE t.typnamespace = 'crimestats'::regnamespace
),
named(proname) AS (
	SELECT fn.proname FROM fn WHERE :'text' ~ ('crimestats\.' || fn.proname || '\(')
	UNION
	SELECT callee.proname
	FROM named JOIN fn AS caller ON caller.proname = named.proname
	JOIN fn AS callee ON caller.body ~ ('crimestats\.' || callee.proname || '\(')
)
SELECT fn.oid::regprocedure FROM fn
WHERE fn.oid NOT IN (SELECT oid FROM support) AND fn.proname NOT IN (SELECT proname FROM named)
ORDER BY 1::text;
SQL
then
	if [ -s "$work/uncovered" ]; then
		fail "every 1.0 function is exercised (not named: $(paste -sd' ' "$work/uncovered"))"
	else
		pass "every 1.0 function is exercised"
	fi
else
	fail "every 1.0 function is exercised"
	cat "$work/err"
fi

# --- 2. Store summaries at 1.0 ---------------------------------------------
cp "$fx/stored-1.0.txt" "$fx/stored-1.0.copy" "$work/"
(cd "$work" && q "$old" -f "$fx/store.sql") 2> "$work/err" ||
	fatal "store the 1.0 fixtures and built summaries at 1.0"
tables="stored_bytes stored_text stored_copy stored_built stored_totals stored_monthly"
fixtures="stored_bytes stored_text stored_copy"
cut -d'|' -f1,2 "$fx/stored-1.0.txt" > "$work/texts-1.0"

# Everything read back from the stored summaries, into directory DIR:
# every accessor of the relations TABLES, also the accessor query of
# capture-1.0.sql and the text of the relations FIXTURES, and the views.
readback() {	# DB DIR TABLES FIXTURES
	local t
	mkdir -p "$2"
	for t in $3; do
		q "$1" -v tbl="public.$t" -f "$fx/accessors.sql" > "$2/$t" || return 1
	done
	for t in $4; do
		q "$1" -v tbl="public.$t" -f "$fx/accessors-capture.sql" > "$2/capture.$t" || return 1
		q "$1" -c "SELECT label || '|' || coalesce(rs::text, ss::text, os::text) FROM public.$t ORDER BY label COLLATE \"C\"" \
			> "$2/text.$t" || return 1
	done
	q "$1" -f "$fx/views.sql" > "$2/views"
}
# One check: the 1.0 fixtures in the relations TABLES read as 1.0 read
# them, accessors and text.
fixtures_as_1_0() {	# NAME DIR TABLES
	local t bad=0
	: > "$work/group"
	for t in $3; do
		differ "accessors-1.0.txt" "$fx/accessors-1.0.txt" "$t" "$2/capture.$t" >> "$work/group" || bad=1
		differ "stored-1.0.txt" "$work/texts-1.0" "text of $t" "$2/text.$t" >> "$work/group" || bad=1
	done
	if [ $bad = 0 ]; then
		pass "$1"
	else
		fail "$1"
		cat "$work/group"
	fi
}
readback "$old" "$work/before" "$tables" "$fixtures" 2> "$work/err" ||
	fatal "read the stored summaries at 1.0"
fixtures_as_1_0 "1.0 stored summaries (on-disk bytes, text, binary COPY) read as 1.0 read them, at 1.0 on the new library" \
	"$work/before" "$fixtures"

# --- 3. Update -------------------------------------------------------------
q "$old" -c "ALTER EXTENSION crimestats UPDATE" 2> "$work/err" || fatal "ALTER EXTENSION crimestats UPDATE"
v_old=$(extversion "$old")
if [ "$v_old" = "$default" ]; then
	pass "ALTER EXTENSION crimestats UPDATE: 1.0 -> $v_old"
else
	fatal "ALTER EXTENSION crimestats UPDATE: 1.0 -> $default (got $v_old)"
fi

# After the update: the fixtures stored again (by the new version's input
# and receive functions), the exports loaded back and written again, the
# materialized view refreshed.
(cd "$work" && q "$old" 2> "$work/err") <<'SQL' || fatal "store the 1.0 fixtures again and reload the exports after the update"
CREATE TABLE public.stored_text_after (LIKE public.stored_bytes);
INSERT INTO public.stored_text_after
SELECT label,
	   CASE WHEN label LIKE 'rates%' THEN summary::crimestats.rate_summary END,
	   CASE WHEN label LIKE 'growth%' THEN summary::crimestats.series_summary END,
	   CASE WHEN label LIKE 'outcomes%' THEN summary::crimestats.ratio_summary END
FROM public.fixture_lines;
CREATE TABLE public.stored_copy_after (LIKE public.stored_bytes);
\copy public.stored_copy_after FROM 'stored-1.0.copy' (FORMAT binary)

CREATE TABLE public.reload_stored_bytes_txt (LIKE public.stored_bytes);
\copy public.reload_stored_bytes_txt FROM 'stored_bytes.txt'
CREATE TABLE public.reload_stored_bytes_bin (LIKE public.stored_bytes);
\copy public.reload_stored_bytes_bin FROM 'stored_bytes.bin' (FORMAT binary)
CREATE TABLE public.reload_stored_text_txt (LIKE public.stored_bytes);
\copy public.reload_stored_text_txt FROM 'stored_text.txt'
CREATE TABLE public.reload_stored_text_bin (LIKE public.stored_bytes);
\copy public.reload_stored_text_bin FROM 'stored_text.bin' (FORMAT binary)
CREATE TABLE public.reload_stored_copy_txt (LIKE public.stored_bytes);
\copy public.reload_stored_copy_txt FROM 'stored_copy.txt'
CREATE TABLE public.reload_stored_copy_bin (LIKE public.stored_bytes);
\copy public.reload_stored_copy_bin FROM 'stored_copy.bin' (FORMAT binary)
CREATE TABLE public.reload_stored_built_txt (LIKE public.stored_bytes);
\copy public.reload_stored_built_txt FROM 'stored_built.txt'
CREATE TABLE public.reload_stored_built_bin (LIKE public.stored_bytes);
\copy public.reload_stored_built_bin FROM 'stored_built.bin' (FORMAT binary)

\copy public.stored_bytes TO 'stored_bytes.after.txt'
\copy public.stored_text TO 'stored_text.after.txt'
\copy public.stored_copy TO 'stored_copy.after.txt'
\copy public.stored_built TO 'stored_built.after.txt'

REFRESH MATERIALIZED VIEW public.stored_monthly;
SQL
exported="stored_bytes stored_text stored_copy stored_built"
reloads=$(for t in $exported; do echo "reload_${t}_txt reload_${t}_bin"; done)
readback "$old" "$work/after" "$tables $reloads" "$fixtures stored_text_after stored_copy_after" 2> "$work/err" ||
	fatal "read the stored summaries after the update"

fixtures_as_1_0 "1.0 stored summaries (on-disk bytes, text, binary COPY) read as 1.0 read them, after the update" \
	"$work/after" "$fixtures"
fixtures_as_1_0 "1.0 text forms and binary COPY stored after the update read as 1.0 read them" \
	"$work/after" "stored_text_after stored_copy_after"

# the fixtures' bytes are still what 1.0 wrote (nothing rewrote them)
q "$old" -c "SELECT label || '|' || encode(coalesce(public.raw(rs), public.raw(ss), public.raw(os)), 'hex')
			 FROM public.stored_bytes ORDER BY label COLLATE \"C\"" > "$work/after/hex" 2> "$work/err"
cut -d'|' -f1,3 "$fx/stored-1.0.txt" > "$work/hex-1.0"
same "1.0 on-disk bytes unchanged by the update" "stored-1.0.txt" "$work/hex-1.0" "stored_bytes" "$work/after/hex"

for t in $tables; do
	same "stored summaries in $t: same accessors and text before and after the update" \
		"before" "$work/before/$t" "after" "$work/after/$t"
done
for t in $exported; do
	bad=0
	: > "$work/group"
	differ "$t before" "$work/before/$t" "reloaded from $t.txt" "$work/after/reload_${t}_txt" >> "$work/group" || bad=1
	differ "$t before" "$work/before/$t" "reloaded from $t.bin" "$work/after/reload_${t}_bin" >> "$work/group" || bad=1
	differ "$t.txt (before)" "$work/$t.txt" "$t.txt (after)" "$work/$t.after.txt" >> "$work/group" || bad=1
	if [ $bad = 0 ]; then
		pass "COPY exports of $t (text, binary) load back after the update, with the same accessors and text"
	else
		fail "COPY exports of $t (text, binary) load back after the update, with the same accessors and text"
		cat "$work/group"
	fi
done
same "views (year_ending, offence_growth, outcome_rates, offence_share, police_uk_*) return the same rows as before the update" \
	"before" "$work/before/views" "after" "$work/after/views"

q "$old" -f "$fx/functions.sql" > "$work/functions.updated" 2> "$work/err" ||
	{ fail "functions after the update: test/upgrade/functions.sql runs"; cat "$work/err"; }
same "functions, aggregates and views after the update, as in a fresh $default install" \
	"fresh $default" "$work/functions.new" "updated" "$work/functions.updated"

# load_example(), now the new version's, loads what it loads in a fresh
# install, and the views show the same rows
for db in "$old" "$new"; do
	q "$db" -c "SELECT crimestats.load_example()" > /dev/null 2> "$work/err" || fatal "load_example() in $db"
done
q "$old" -f "$fx/example.sql" > "$work/example.updated" 2> "$work/err" || fatal "read the example data in $old"
q "$new" -f "$fx/example.sql" > "$work/example.new" 2> "$work/err" || fatal "read the example data in $new"
same "load_example() after the update loads what a fresh $default install loads; same views" \
	"fresh $default" "$work/example.new" "updated" "$work/example.updated"

# --- 4. The catalog --------------------------------------------------------
q "$old" -f "$fx/catalog.sql" > "$work/catalog.old" 2> "$work/err" || fatal "describe the updated install"
q "$new" -f "$fx/catalog.sql" > "$work/catalog.new" 2> "$work/err" || fatal "describe the fresh install"
# a description that lost most of its lines would compare equal for nothing
if [ "$(grep -c ' | member | ' "$work/catalog.new")" -lt 100 ]; then
	fail "catalog.sql describes the extension (found $(grep -c ' | member | ' "$work/catalog.new") member objects)"
fi
same "objects and definitions after the update equal a fresh $default install" \
	"fresh $default" "$work/catalog.new" "updated from 1.0" "$work/catalog.old"

if [ $failures -gt 0 ]; then
	echo "upgrade: $failures check(s) failed"
	exit 1
fi
echo "upgrade: all checks passed"
