#!/bin/bash
# Least-privilege roles, with real roles: what crimestats.grant_read and
# crimestats.grant_load give, what they do not, and what a role given
# neither can do (nothing); revoke_read and revoke_load; a database owner
# who is not a superuser installs crimestats (trusted = true), updates it
# from 1.0 and grants on it.  Run by scripts/test.sh inside the throwaway
# cluster (PGHOST etc. set, as a superuser); prints one line per check and
# fails if any fails.  Denials must be SQLSTATE 42501.
set -uo pipefail
cd "$(dirname "$0")/.."
db=crimestats_roles_test
trusted_db=crimestats_roles_trusted
update_db=crimestats_roles_update
hostile_db=crimestats_roles_hostile
restored_db=crimestats_roles_restored
p=crimestats_test_	# role name prefix: roles are the cluster's, not the database's
roles="${p}reader ${p}loader ${p}city ${p}member ${p}both ${p}nobody ${p}viewonly ${p}dbo"
work=$(mktemp -d)
export PGCLIENTENCODING=UTF8

drop_all() {
	for d in "$db" "$trusted_db" "$update_db" "$hostile_db" "$restored_db"; do
		dropdb --if-exists "$d" 2> /dev/null
	done
	for r in $roles; do
		psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" 2> /dev/null
	done
}
cleanup() {
	drop_all
	rm -rf "$work"
}
trap cleanup EXIT
drop_all

failures=0
checks=0
pass() { echo "roles: $1 ... ok"; checks=$((checks + 1)); }
fail() {
	echo "roles: $1 ... FAILED"
	checks=$((checks + 1))
	failures=$((failures + 1))
	[ -s "$work/out" ] && sed 's/^/    /' "$work/out" | head -20
	return 0
}
fatal() {
	echo "roles: $1 ... FAILED"
	sed 's/^/    /' "$work/out" 2> /dev/null | head -40
	exit 1
}

# sql DB [ROLE]: runs stdin in DB, as ROLE when given (SET ROLE from the
# superuser's session), stopping at the first error; errors as SQLSTATEs
sql() {
	local d=$1 role=${2:-}
	{
		[ -n "$role" ] && echo "SET ROLE $role;"
		cat
	} | psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -d "$d" > "$work/out" 2>&1
}
# allowed NAME DB ROLE: stdin runs without error
allowed() {
	local name=$1
	shift
	if sql "$@"; then pass "$name"; else fail "$name"; fi
}
# fails_with SQLSTATE NAME DB ROLE: stdin fails with that SQLSTATE
fails_with() {
	local code=$1 name=$2
	shift 2
	if sql "$@"; then
		fail "$name (no error)"
	elif grep -qx "ERROR:  $code" "$work/out"; then
		pass "$name"
	else
		fail "$name (not $code)"
	fi
}
# denied NAME DB ROLE: stdin fails with 42501
denied() { fails_with 42501 "$@"; }
# value NAME EXPECTED DB ROLE: stdin's output is EXPECTED
value() {
	local name=$1 expected=$2
	shift 2
	if ! sql "$@"; then
		fail "$name"
	elif [ "$(cat "$work/out")" = "$expected" ]; then
		pass "$name"
	else
		echo "expected: $expected" >> "$work/out"
		fail "$name"
	fi
}

# --- Setup ------------------------------------------------------------------
createdb -T template0 -E UTF8 --locale=C "$db" > "$work/out" 2>&1 || fatal "create database $db"
sql postgres <<SQL || fatal "create roles"
CREATE ROLE ${p}reader;
CREATE ROLE ${p}loader;
CREATE ROLE ${p}city;
CREATE ROLE ${p}member IN ROLE ${p}loader;
CREATE ROLE ${p}both;
CREATE ROLE ${p}nobody;
CREATE ROLE ${p}viewonly;
CREATE ROLE ${p}dbo LOGIN PASSWORD 'crimestats';
SQL
sql "$db" <<'SQL' || fatal "install crimestats and load the example data"
SET client_min_messages = warning;
CREATE EXTENSION crimestats CASCADE;
SELECT crimestats.load_example();
SQL
# a source loaded by the superuser, which no loader below may touch
sql "$db" <<SQL || fatal "load data/2018-09-city-of-london-street.csv as the superuser"
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('city-2018-09');
COMMIT;
SQL

# Every view and table of the extension in schema crimestats (readers are
# not given crimestats_internal), schema-qualified
sql "$db" <<'SQL' || fatal "list the extension's relations"
SELECT c.oid::regclass, c.relkind FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
 WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'crimestats')
   AND c.relnamespace = 'crimestats'::regnamespace
   AND c.relkind IN ('r', 'v') ORDER BY c.oid::regclass::text;
SQL
views=$(awk -F'|' '$2 == "v" { print $1 }' "$work/out")
tables=$(awk -F'|' '$2 == "r" { print $1 }' "$work/out")
[ "$(echo "$views" | wc -w)" -ge 8 ] && [ "$(echo "$tables" | wc -w)" -ge 20 ] ||
	fatal "list the extension's views and tables"

# --- PUBLIC and a role given nothing ------------------------------------------
value "PUBLIC has no privilege on the schema, the tables and the views" "0" "$db" <<'SQL'
SELECT count(*) FROM (
	SELECT aclexplode(c.relacl) AS a FROM pg_class c WHERE c.relnamespace = 'crimestats'::regnamespace
	UNION ALL
	SELECT aclexplode(n.nspacl) FROM pg_namespace n WHERE n.nspname = 'crimestats') x
 WHERE (x.a).grantee = 0;
SQL
value "every view is security_invoker" "" "$db" <<'SQL'
SELECT c.oid::regclass FROM pg_class c
 WHERE c.relnamespace = 'crimestats'::regnamespace AND c.relkind = 'v'
   AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false);
SQL
value "no function is SECURITY DEFINER" "" "$db" <<'SQL'
SELECT p.oid::regprocedure FROM pg_proc p
 WHERE p.pronamespace = 'crimestats'::regnamespace AND p.prosecdef;
SQL
value "PUBLIC may not run the functions that write or grant" \
	"$(printf 'crimestats.%s\n' distribute grant_load grant_read import_police_uk_outcomes \
		import_police_uk_street import_prc_csp import_prc_force \
		import_prc_outcomes import_prc_rows import_raw import_stage load_example revoke_load revoke_read
	   printf 'crimestats_internal.%s\n' apply_role_grants check_grantee grant_extension_owner \
		import_begin import_police_uk_pass import_police_uk_rows revoke_role_grants secure_schema)" "$db" <<'SQL'
SELECT p.pronamespace::regnamespace || '.' || p.proname FROM pg_proc p
 WHERE p.pronamespace IN ('crimestats'::regnamespace, 'crimestats_internal'::regnamespace)
   AND NOT has_function_privilege('public', p.oid, 'EXECUTE') ORDER BY 1;
SQL
denied "a role given nothing cannot use the schema" "$db" "${p}nobody" <<'SQL'
SELECT crimestats.poisson_ci(5);
SQL
# with USAGE on the schema alone (what 1.0 users tried), still nothing
sql "$db" <<<"GRANT USAGE ON SCHEMA crimestats TO ${p}nobody;" || fatal "grant USAGE on the schema"
for r in $views $tables; do
	denied "given only USAGE on the schema, a role cannot read $r" "$db" "${p}nobody" <<<"SELECT 1 FROM $r LIMIT 1;"
done
denied "given only USAGE on the schema, a role cannot import" "$db" "${p}nobody" <<'SQL'
SELECT * FROM crimestats.import_police_uk_street('anything');
SQL
denied "given only USAGE on the schema, a role cannot grant itself anything" "$db" "${p}nobody" <<SQL
SELECT crimestats.grant_read('${p}nobody');
SQL
sql "$db" <<<"REVOKE USAGE ON SCHEMA crimestats FROM ${p}nobody;" || fatal "revoke USAGE on the schema"

# --- Views read only what the role may read ---------------------------------
sql "$db" <<SQL || fatal "grant SELECT on a view alone"
GRANT USAGE ON SCHEMA crimestats TO ${p}viewonly;
GRANT SELECT ON crimestats.year_ending TO ${p}viewonly;
SQL
denied "SELECT on the view year_ending alone does not read recorded_offence through it" "$db" "${p}viewonly" <<'SQL'
SELECT count(*) FROM crimestats.year_ending;
SQL
sql "$db" <<SQL || fatal "revoke"
REVOKE SELECT ON crimestats.year_ending FROM ${p}viewonly;
REVOKE USAGE ON SCHEMA crimestats FROM ${p}viewonly;
SQL

# --- grant_read -------------------------------------------------------------
allowed "grant_read" "$db" <<<"SELECT crimestats.grant_read('${p}reader');"
sql "$db" <<<"SELECT * FROM crimestats.role_grants('${p}reader');" && cp "$work/out" "$work/reader.1"
allowed "grant_read again" "$db" <<<"SELECT crimestats.grant_read('${p}reader');"
sql "$db" <<<"SELECT * FROM crimestats.role_grants('${p}reader');" && cp "$work/out" "$work/reader.2"
if [ -s "$work/reader.1" ] && cmp -s "$work/reader.1" "$work/reader.2"; then
	pass "grant_read is idempotent (the same privileges after a second call)"
else
	fail "grant_read is idempotent (the same privileges after a second call)"
fi
value "grant_read is recorded once in role_grant" "1" "$db" <<SQL
SELECT count(*) FROM crimestats.role_grant WHERE grantee = '${p}reader'::regrole;
SQL
for r in $views $tables; do
	# the reader sees exactly what the superuser sees
	sql "$db" <<<"SELECT count(*) FROM $r;" && expected=$(cat "$work/out") || expected=x
	value "the reader reads $r (all $expected rows)" "$expected" "$db" "${p}reader" <<<"SELECT count(*) FROM $r;"
done
value "the reader is not given crimestats_internal (the aggregates need no privilege on it)" "f" "$db" <<SQL
SELECT has_schema_privilege('${p}reader', 'crimestats_internal', 'USAGE');
SQL
value "the reader runs the story's queries" \
	"4.99|4.76|5.22" "$db" "${p}reader" <<'SQL'
SELECT round(per_day::numeric, 2), round(per_day_lower::numeric, 2), round(per_day_upper::numeric, 2)
  FROM crimestats.year_ending WHERE area_name = 'Newham' AND period_end = '2018-09-30';
SQL
allowed "the reader calls the aggregates and functions" "$db" "${p}reader" <<'SQL'
SELECT crimestats.per_day_rate_ci(offences, period, 0.95) FROM crimestats.recorded_offence;
SELECT crimestats.per_day(crimestats.rollup(s)) FROM (
	SELECT crimestats.rate_summary(offences, period) AS s FROM crimestats.recorded_offence GROUP BY area_code) x;
SELECT crimestats.outcome_ratio(1, 20), crimestats.poisson_ci(5);
SELECT crimestats.resolve_area('Newham', '{local_authority,community_safety_partnership}');
SQL
for rc in recorded_offence:source area:name offence:description role_grant:sources import_reject:reason; do
	r=crimestats.${rc%%:*}
	denied "the reader cannot delete from $r" "$db" "${p}reader" <<<"DELETE FROM $r;"
	denied "the reader cannot update $r" "$db" "${p}reader" <<<"UPDATE $r SET ${rc#*:} = ${rc#*:};"
	denied "the reader cannot truncate $r" "$db" "${p}reader" <<<"TRUNCATE $r;"
done
denied "the reader cannot insert into recorded_offence" "$db" "${p}reader" <<'SQL'
INSERT INTO crimestats.recorded_offence VALUES ('E22000210', '8Q', '[2030-01-01,2030-02-01)', 1, 'x');
SQL
denied "the reader cannot stage a file" "$db" "${p}reader" <<'SQL'
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SQL
denied "the reader cannot import" "$db" "${p}reader" <<<"SELECT * FROM crimestats.import_prc_force('x');"
denied "the reader cannot run load_example" "$db" "${p}reader" <<<"SELECT crimestats.load_example();"
denied "the reader cannot grant" "$db" "${p}reader" <<<"SELECT crimestats.grant_load('${p}reader', '%');"

# --- grant_load -------------------------------------------------------------
allowed "grant_load for sources met-%" "$db" <<<"SELECT crimestats.grant_load('${p}loader', 'met-%');"
sql "$db" <<<"SELECT * FROM crimestats.role_grants('${p}loader');" && cp "$work/out" "$work/loader.1"
allowed "grant_load again" "$db" <<<"SELECT crimestats.grant_load('${p}loader', 'met-%');"
sql "$db" <<<"SELECT * FROM crimestats.role_grants('${p}loader');" && cp "$work/out" "$work/loader.2"
if [ -s "$work/loader.1" ] && cmp -s "$work/loader.1" "$work/loader.2"; then
	pass "grant_load is idempotent"
else
	fail "grant_load is idempotent"
fi
allowed "grant_load for sources city-% to another loader" "$db" <<<"SELECT crimestats.grant_load('${p}city', 'city-%');"
value "role_grant records who may load what" \
	"${p}city|load|city-%
${p}loader|load|met-%
${p}reader|read|" "$db" <<'SQL'
SELECT grantee, privilege, sources FROM crimestats.role_grant ORDER BY grantee::text, privilege, sources;
SQL

value "the loader stages and imports a street file as met-street (COPY and import in one transaction)" \
	"663|663|0" "$db" "${p}loader" <<'SQL'
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('met-street');
COMMIT;
SQL
value "the loader imports the Home Office table as met-prc (rows other sources loaded are read, and rejected as overlaps)" \
	"t|t" "$db" "${p}loader" <<'SQL'
BEGIN;
\copy crimestats.stage_prc_force FROM 'data/prc-pfa-2017-18.csv' CSV HEADER
SELECT read = loaded + rejected, rejected > 0 FROM crimestats.import_prc_force('met-prc');
COMMIT;
SQL
value "its overlapping rows are rejected naming the example's source" "t" "$db" "${p}loader" <<'SQL'
SELECT count(*) > 0 FROM crimestats.import_reject
 WHERE source = 'met-prc' AND reason LIKE 'overlaps offences already loaded from source ''crimestats example%';
SQL
value "the loader imports through the raw path" "t" "$db" "${p}loader" <<'SQL'
BEGIN;
TRUNCATE crimestats.stage_raw;
\copy crimestats.stage_raw FROM 'data/2018-09-constructed-bad-street.csv' WITH (FORMAT csv, HEADER, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT read = loaded + rejected AND rejected > 0 AND loaded > 0 FROM crimestats.import_raw('police_uk_street', 'met-raw');
COMMIT;
SQL
value "the loader re-imports its own source, replacing it" "663|663|0" "$db" "${p}loader" <<'SQL'
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('met-street');
COMMIT;
SQL
value "... (663 rows of met-street, not 1,326)" "663" "$db" <<<"SELECT count(*) FROM crimestats.crime WHERE source = 'met-street';"
denied "the loader cannot import a source it was not given (city-2018-09)" "$db" "${p}loader" <<'SQL'
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('city-2018-09');
COMMIT;
SQL
denied "the loader cannot import through the raw path as another source" "$db" "${p}loader" <<'SQL'
BEGIN;
\copy crimestats.stage_raw FROM 'data/2018-09-constructed-bad-street.csv' WITH (FORMAT csv, HEADER, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT * FROM crimestats.import_raw('police_uk_street', 'crimestats example (illustrative)');
COMMIT;
SQL
fails_with 55000 "a loader cannot import an empty staging table (which would empty its source)" "$db" "${p}loader" <<'SQL'
SELECT * FROM crimestats.import_police_uk_street('met-street');
SQL
sql "$db" "${p}city" <<<"\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER"
fails_with 55000 "a loader cannot import rows another loader staged" "$db" "${p}loader" <<'SQL'
SELECT * FROM crimestats.import_police_uk_street('met-street');
SQL
fails_with 55000 "a loader cannot import rows it staged in an earlier transaction" "$db" "${p}city" <<'SQL'
SELECT * FROM crimestats.import_police_uk_street('city-2018-09');
SQL
value "... and a loader empties a staging table" "0" "$db" "${p}loader" <<'SQL'
TRUNCATE crimestats.stage_police_uk_street;
SELECT count(*) FROM crimestats.stage_police_uk_street;
SQL
value "what the superuser loaded as city-2018-09 is intact" "663" "$db" <<"SQL"
SELECT count(*) FROM crimestats.crime WHERE source = 'city-2018-09';
SQL
denied "the loader cannot insert a row of another source" "$db" "${p}loader" <<'SQL'
INSERT INTO crimestats.crime (month, crime_type, source, line) VALUES ('2018-09-01', 'Burglary', 'city-2018-09', 2);
SQL
denied "the loader cannot insert a row without a source" "$db" "${p}loader" <<'SQL'
INSERT INTO crimestats.recorded_offence VALUES ('E22000210', '8Q', '[2030-01-01,2030-02-01)', 1, NULL);
SQL
allowed "the loader's DELETE of every row runs" "$db" "${p}loader" <<'SQL'
DELETE FROM crimestats.crime;
DELETE FROM crimestats.recorded_offence;
DELETE FROM crimestats.import_reject;
SQL
value "... and deleted only its own sources' rows" "663|0|t|t" "$db" <<'SQL'
SELECT (SELECT count(*) FROM crimestats.crime WHERE source = 'city-2018-09'),
	   (SELECT count(*) FROM crimestats.crime WHERE source LIKE 'met-%'),
	   (SELECT count(*) > 0 FROM crimestats.recorded_offence WHERE source LIKE 'crimestats example%'),
	   (SELECT count(*) FROM crimestats.import_reject WHERE source LIKE 'met-%') = 0;
SQL
for r in crimestats.crime crimestats.recorded_offence crimestats.offence_outcome crimestats.import_reject; do
	denied "the loader cannot update $r" "$db" "${p}loader" <<<"UPDATE $r SET source = source;"
	denied "the loader cannot truncate $r" "$db" "${p}loader" <<<"TRUNCATE $r;"
done
for r in crimestats.area crimestats.area_alias crimestats.offence crimestats.outcome_type \
	crimestats.area_population crimestats.police_uk_crime_type crimestats.police_uk_outcome_category \
	crimestats.role_grant; do
	denied "the loader cannot change $r" "$db" "${p}loader" <<<"DELETE FROM $r;"
done
denied "the loader cannot add an area alias" "$db" "${p}loader" <<'SQL'
INSERT INTO crimestats.area_alias (alias, area_code) VALUES ('Somewhere', 'E22000210');
SQL
denied "the loader cannot give itself other sources" "$db" "${p}loader" <<SQL
INSERT INTO crimestats.role_grant (grantee, privilege, sources) VALUES ('${p}loader', 'load', '%');
SQL
denied "the loader cannot run grant_load" "$db" "${p}loader" <<<"SELECT crimestats.grant_load('${p}loader', '%');"
denied "the loader cannot run load_example" "$db" "${p}loader" <<<"SELECT crimestats.load_example();"
for r in $views; do
	denied "the loader cannot read the view $r" "$db" "${p}loader" <<<"SELECT 1 FROM $r LIMIT 1;"
done
value "a member of the loader role loads the loader's sources" "663|663|0" "$db" "${p}member" <<'SQL'
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('met-by-member');
COMMIT;
SQL
value "the other loader imports its source city-2018-09, replacing the superuser's rows" "663|663|0" "$db" "${p}city" <<'SQL'
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('city-2018-09');
COMMIT;
SQL
denied "... and not the first loader's" "$db" "${p}city" <<'SQL'
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('met-by-member');
COMMIT;
SQL

# --- revoke_load, revoke_read -----------------------------------------------
allowed "revoke_load" "$db" <<<"SELECT crimestats.revoke_load('${p}loader');"
value "after revoke_load the loader holds nothing" "" "$db" <<<"SELECT * FROM crimestats.role_grants('${p}loader');"
allowed "revoke_load again" "$db" <<<"SELECT crimestats.revoke_load('${p}loader');"
denied "after revoke_load the loader cannot import" "$db" "${p}loader" <<'SQL'
SELECT * FROM crimestats.import_police_uk_street('met-street');
SQL
denied "after revoke_load its member cannot import" "$db" "${p}member" <<'SQL'
SELECT * FROM crimestats.import_police_uk_street('met-street');
SQL
value "what the loader loaded stays" "663" "$db" <<"SQL"
SELECT count(*) FROM crimestats.crime WHERE source = 'met-by-member';
SQL
allowed "revoke_read" "$db" <<<"SELECT crimestats.revoke_read('${p}reader');"
value "after revoke_read the reader holds nothing" "" "$db" <<<"SELECT * FROM crimestats.role_grants('${p}reader');"
allowed "revoke_read again" "$db" <<<"SELECT crimestats.revoke_read('${p}reader');"
denied "after revoke_read the reader cannot read" "$db" "${p}reader" <<<"SELECT count(*) FROM crimestats.year_ending;"
value "role_grant keeps the other loader only" "${p}city|load|city-%" "$db" <<'SQL'
SELECT grantee, privilege, sources FROM crimestats.role_grant ORDER BY grantee::text, privilege, sources;
SQL

# a role that reads and loads keeps each when the other is revoked; the
# first lines of the Home Office table make a small file to load
head -n 5 data/prc-pfa-2017-18.csv > "$work/prc-small.csv"
prc_small() {	# SOURCE: stage and import the small file in one transaction
	printf '%s\n' "BEGIN;" "\\copy crimestats.stage_prc_force FROM '$work/prc-small.csv' CSV HEADER" \
		"SELECT * FROM crimestats.import_prc_force('$1');" "COMMIT;"
}
allowed "grant_read and grant_load to one role" "$db" <<SQL
SELECT crimestats.grant_read('${p}both');
SELECT crimestats.grant_load('${p}both', 'both-a');
SELECT crimestats.grant_load('${p}both', 'both-b');
SQL
allowed "revoke_load of one pattern" "$db" <<<"SELECT crimestats.revoke_load('${p}both', 'both-a');"
denied "... the role cannot load that pattern" "$db" "${p}both" < <(prc_small both-a)
allowed "... and still loads the other" "$db" "${p}both" < <(prc_small both-b)
allowed "revoke_load of the last pattern" "$db" <<<"SELECT crimestats.revoke_load('${p}both', 'both-b');"
allowed "... the role still reads" "$db" "${p}both" <<<"SELECT count(*) FROM crimestats.year_ending;"
denied "... and cannot stage" "$db" "${p}both" <<<"TRUNCATE crimestats.stage_prc_force;"
sql "$db" <<<"SELECT * FROM crimestats.role_grants('${p}both');" && cp "$work/out" "$work/both"
sql "$db" <<<"SELECT crimestats.grant_read('${p}reader');"
sql "$db" <<<"SELECT * FROM crimestats.role_grants('${p}reader');"
if sed 's/|[^|]*$//' "$work/both" | cmp -s - <(sed 's/|[^|]*$//' "$work/out"); then
	pass "... and holds what grant_read alone gives"
else
	fail "... and holds what grant_read alone gives"
fi
allowed "grant_load, then revoke_read" "$db" <<SQL
SELECT crimestats.grant_load('${p}both', 'both-c');
SELECT crimestats.revoke_read('${p}both');
SQL
allowed "... the role still loads" "$db" "${p}both" < <(prc_small both-c)
denied "... and no longer reads the views" "$db" "${p}both" <<<"SELECT count(*) FROM crimestats.year_ending;"
sql "$db" <<<"SELECT crimestats.revoke_load('${p}both');"

fails_with 22023 "grant_read refuses the extension's owner (22023)" "$db" <<<"SELECT crimestats.grant_read(current_user::regrole);"
fails_with 22023 "grant_load refuses a NULL pattern (22023)" "$db" <<<"SELECT crimestats.grant_load('${p}loader', NULL);"
fails_with 22023 "grant_read refuses PUBLIC (22023)" "$db" <<<"SELECT crimestats.grant_read(0::regrole);"

# --- pg_dump keeps the grants and role_grant ---------------------------------
sql "$db" <<<"SELECT grantee, privilege, sources FROM crimestats.role_grant ORDER BY grantee::text, privilege, sources;" &&
	cp "$work/out" "$work/role_grant.before"
if pg_dump -Fc -f "$work/dump" "$db" > "$work/out" 2>&1 &&
	createdb -T template0 -E UTF8 --locale=C "$restored_db" > "$work/out" 2>&1 &&
	pg_restore -d "$restored_db" "$work/dump" > "$work/out" 2>&1; then
	pass "pg_dump and pg_restore of a database with grants"
else
	fail "pg_dump and pg_restore of a database with grants"
fi
value "role_grant is restored" "$(cat "$work/role_grant.before")" "$restored_db" <<'SQL'
SELECT grantee, privilege, sources FROM crimestats.role_grant ORDER BY grantee::text, privilege, sources;
SQL
value "the reader reads the restored database" "1821" "$restored_db" "${p}reader" <<'SQL'
SELECT offences FROM crimestats.year_ending WHERE area_name = 'Newham' AND period_end = '2018-09-30';
SQL
denied "the loader still cannot write another source there" "$restored_db" "${p}city" <<'SQL'
INSERT INTO crimestats.crime (month, crime_type, source, line) VALUES ('2018-09-01', 'Burglary', 'met-x', 2);
SQL
allowed "... and writes its own" "$restored_db" "${p}city" <<'SQL'
INSERT INTO crimestats.crime (month, crime_type, source, line) VALUES ('2018-09-01', 'Burglary', 'city-x', 2);
SQL

# --- Trusted install by a database owner who is not a superuser -------------
as_dbo() {	# DB: stdin as the database owner, logged in
	PGPASSWORD=crimestats psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -U "${p}dbo" -d "$1" > "$work/out" 2>&1
}
createdb -T template0 -E UTF8 --locale=C -O "${p}dbo" "$trusted_db" > "$work/out" 2>&1 ||
	fatal "create database $trusted_db owned by ${p}dbo"
if as_dbo "$trusted_db" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION crimestats CASCADE;
SELECT crimestats.load_example();
SELECT extversion FROM pg_extension WHERE extname = 'crimestats';
SQL
then pass "a database owner who is not a superuser runs CREATE EXTENSION crimestats CASCADE"
else fatal "a database owner who is not a superuser runs CREATE EXTENSION crimestats CASCADE"
fi
value "the extension is the database owner's, its tables the bootstrap superuser's" "${p}dbo|t" "$trusted_db" <<'SQL'
SELECT e.extowner::regrole, (SELECT c.relowner = 10 FROM pg_class c WHERE c.oid = 'crimestats.recorded_offence'::regclass)
  FROM pg_extension e WHERE e.extname = 'crimestats';
SQL
value "... and the schema the bootstrap superuser's" "t" "$trusted_db" <<'SQL'
SELECT nspowner = 10 FROM pg_namespace WHERE nspname = 'crimestats';
SQL
if as_dbo "$trusted_db" <<<"CREATE FUNCTION crimestats.area_names(kinds text) RETURNS int LANGUAGE sql RETURN 1;"; then
	fail "the database owner cannot create objects in the schema (no error)"
elif grep -qx 'ERROR:  42501' "$work/out"; then
	pass "the database owner cannot create objects in the schema"
else
	fail "the database owner cannot create objects in the schema (not 42501)"
fi
if as_dbo "$trusted_db" <<SQL
SELECT crimestats.grant_read('${p}reader');
SELECT crimestats.grant_load('${p}loader', 'met-%');
SQL
then pass "the database owner runs grant_read and grant_load"
else fail "the database owner runs grant_read and grant_load"
fi
value "the reader reads in the database owner's installation" "1821" "$trusted_db" "${p}reader" <<'SQL'
SELECT offences FROM crimestats.year_ending WHERE area_name = 'Newham' AND period_end = '2018-09-30';
SQL
value "the loader loads in the database owner's installation" "663|663|0" "$trusted_db" "${p}loader" <<'SQL'
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('met-street');
COMMIT;
SQL
denied "the loader cannot import another source there" "$trusted_db" "${p}loader" <<'SQL'
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('city-street');
COMMIT;
SQL
# what the database owner cannot do: change crimestats' objects, or plant
# code that would run as whoever writes them
for s in "CREATE TRIGGER t BEFORE INSERT ON crimestats.crime FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()" \
	"ALTER TABLE crimestats.crime DISABLE ROW LEVEL SECURITY" \
	"DROP POLICY crimestats_load_insert ON crimestats.crime" \
	"CREATE OR REPLACE FUNCTION crimestats.may_load(source text) RETURNS boolean LANGUAGE sql RETURN true" \
	"ALTER FUNCTION crimestats.per_day(numeric, daterange) SECURITY DEFINER" \
	"ALTER VIEW crimestats.year_ending SET (security_invoker = false)" \
	"ALTER SCHEMA crimestats RENAME TO elsewhere"; do
	if as_dbo "$trusted_db" <<<"$s;"; then
		fail "the database owner cannot: $s (no error)"
	elif grep -qx 'ERROR:  42501' "$work/out"; then
		pass "the database owner cannot: $s"
	else
		fail "the database owner cannot: $s (not 42501)"
	fi
done
# revoking what another role granted: an error, not a silent no-op
sql "$trusted_db" <<<"SELECT crimestats.revoke_read('${p}reader');"
if grep -qx 'ERROR:  42501' "$work/out"; then
	pass "a superuser's revoke_read of the database owner's grant fails (42501), saying who granted it"
else
	fail "a superuser's revoke_read of the database owner's grant fails (42501), saying who granted it"
fi
if as_dbo "$trusted_db" <<SQL
SELECT crimestats.revoke_read('${p}reader');
SELECT crimestats.revoke_load('${p}loader');
SELECT count(*) FROM crimestats.role_grants('${p}reader');
SELECT count(*) FROM crimestats.role_grants('${p}loader');
SQL
then
	[ "$(tail -2 "$work/out" | tr '\n' ' ')" = "0 0 " ] && pass "the database owner revokes what it granted" ||
		fail "the database owner revokes what it granted"
else
	fail "the database owner revokes what it granted"
fi
if as_dbo "$trusted_db" <<<"DROP EXTENSION crimestats;"; then
	pass "the database owner drops the extension"
else
	fail "the database owner drops the extension"
fi

# --- 1.0 is for superusers; an update from 1.0 ---------------------------------
createdb -T template0 -E UTF8 --locale=C -O "${p}dbo" "$update_db" > "$work/out" 2>&1 ||
	fatal "create database $update_db owned by ${p}dbo"
if as_dbo "$update_db" <<<"CREATE EXTENSION crimestats VERSION '1.0' CASCADE;"; then
	fail "the database owner cannot install 1.0 (its schema would stay the owner's) (no error)"
elif grep -qx 'ERROR:  42501' "$work/out"; then
	pass "the database owner cannot install 1.0 (its schema would stay the owner's)"
else
	fail "the database owner cannot install 1.0 (its schema would stay the owner's) (not 42501)"
fi
allowed "a superuser installs 1.0 in the database owner's database" "$update_db" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION crimestats VERSION '1.0' CASCADE;
SELECT crimestats.load_example();
SQL
if as_dbo "$update_db" <<<"ALTER EXTENSION crimestats UPDATE;"; then
	fail "the database owner cannot update the superuser's extension (no error)"
elif grep -qx 'ERROR:  42501' "$work/out"; then
	pass "the database owner cannot update the superuser's extension"
else
	fail "the database owner cannot update the superuser's extension (not 42501)"
fi
value "the superuser updates it to 1.1" "1.1" "$update_db" <<'SQL'
ALTER EXTENSION crimestats UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'crimestats';
SQL
allowed "... and grants read" "$update_db" <<<"SELECT crimestats.grant_read('${p}reader');"
value "the reader reads in the updated installation" "1821" "$update_db" "${p}reader" <<'SQL'
SELECT offences FROM crimestats.year_ending WHERE area_name = 'Newham' AND period_end = '2018-09-30';
SQL

# --- A schema prepared by someone else -----------------------------------------
sql "$trusted_db" <<<"DROP SCHEMA IF EXISTS crimestats;"
if as_dbo "$trusted_db" <<'SQL'
CREATE SCHEMA crimestats;
CREATE FUNCTION crimestats.area_names(kinds text) RETURNS TABLE (name_key text, code text)
LANGUAGE sql AS 'SELECT NULL::text, NULL::text';
SQL
then
	if as_dbo "$trusted_db" <<<"CREATE EXTENSION crimestats CASCADE;"; then
		fail "CREATE EXTENSION refuses a schema crimestats the database owner prepared (no error)"
	elif grep -qx 'ERROR:  42501' "$work/out"; then
		pass "CREATE EXTENSION refuses a schema crimestats the database owner prepared"
	else
		fail "CREATE EXTENSION refuses a schema crimestats the database owner prepared (not 42501)"
	fi
	as_dbo "$trusted_db" <<<"DROP FUNCTION crimestats.area_names(text);"
	if as_dbo "$trusted_db" <<<"CREATE EXTENSION crimestats CASCADE;"; then
		fail "... even empty (no error)"
	elif grep -qx 'ERROR:  42501' "$work/out"; then
		pass "... even empty"
	else
		fail "... even empty (not 42501)"
	fi
else
	fail "the database owner creates a schema crimestats"
fi

# --- A database owner's operators on the install script's search path -------
# The install script runs as the bootstrap superuser with search_path
# crimestats, public (btree_gist's schema), pg_temp.  The database owner
# fills public with operators for every pair of common types, each raising
# an error: none may be called, by the script or later by crimestats'
# functions and views run by a superuser, and nothing crimestats defines
# may refer to one.
createdb -T template0 -E UTF8 --locale=C -O "${p}dbo" "$hostile_db" > "$work/out" 2>&1 ||
	fatal "create database $hostile_db owned by ${p}dbo"
if as_dbo "$hostile_db" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION btree_gist;
DO $$
DECLARE
	types text[] := '{smallint,integer,bigint,real,double precision,numeric,text,name,date,timestamp,timestamptz,interval,daterange,int4range,numrange,boolean,oid,text[],bigint[],integer[]}';
	t1 text;
	t2 text;
	op text;
	n integer := 0;
BEGIN
	FOREACH t1 IN ARRAY types LOOP
		FOREACH t2 IN ARRAY types LOOP
			n := n + 1;
			EXECUTE format('CREATE FUNCTION public.trojan_%s(%s, %s) RETURNS boolean LANGUAGE plpgsql AS %L',
						   n, t1, t2, 'BEGIN RAISE EXCEPTION ''trojan operator called''; END');
			FOREACH op IN ARRAY '{=,<>,<,>,<=,>=,+,-,*,/,%,^,||,~~,!~~,~,!~,&&,@>,<@,-|-}'::text[] LOOP
				EXECUTE format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.trojan_%s)',
							   op, t1, t2, n);
			END LOOP;
		END LOOP;
		EXECUTE format('CREATE FUNCTION public.trojan_prefix_%s(%s) RETURNS boolean LANGUAGE plpgsql AS %L',
					   n, t1, 'BEGIN RAISE EXCEPTION ''trojan operator called''; END');
		EXECUTE format('CREATE OPERATOR public.- (RIGHTARG = %s, FUNCTION = public.trojan_prefix_%s)', t1, n);
	END LOOP;
END;
$$;
SELECT count(*) FROM pg_operator WHERE oprnamespace = 'public'::regnamespace AND oprcode::text LIKE '%trojan%';
SQL
then
	planted=$(tail -1 "$work/out")
	pass "the database owner plants $planted operators in public"
else
	fail "the database owner plants operators in public"
fi
if as_dbo "$hostile_db" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION crimestats CASCADE;
SQL
then pass "CREATE EXTENSION crimestats by the database owner, among them"
else fail "CREATE EXTENSION crimestats by the database owner, among them"
fi
value "nothing crimestats defines refers to them" "" "$hostile_db" <<'SQL'
SET search_path = pg_catalog;
SELECT pg_describe_object(d.classid, d.objid, d.objsubid)
  FROM pg_depend d
 WHERE (d.refclassid = 'pg_operator'::regclass
		AND d.refobjid IN (SELECT o.oid FROM pg_operator o WHERE o.oprcode::text LIKE '%trojan%'))
	OR (d.refclassid = 'pg_proc'::regclass
		AND d.refobjid IN (SELECT f.oid FROM pg_proc f WHERE f.proname LIKE 'trojan%')
		AND d.classid <> 'pg_operator'::regclass);
SQL
# a superuser's default search_path ("$user", public) holds them: the
# example data, an import and every view, as the superuser
allowed "a superuser loads, imports and reads every view among them" "$hostile_db" <<SQL
SELECT crimestats.load_example();
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('city');
COMMIT;
BEGIN;
\copy crimestats.stage_raw FROM 'data/2018-09-constructed-bad-street.csv' WITH (FORMAT csv, HEADER, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT * FROM crimestats.import_raw('police_uk_street', 'bad');
COMMIT;
BEGIN;
\copy crimestats.stage_prc_force FROM '$work/prc-small.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_force('prc');
COMMIT;
SELECT crimestats.grant_load('${p}loader', 'l-%');
$(for v in $views; do echo "SELECT count(*) FROM $v;"; done)
SQL

# The same operators when a superuser installs 1.0 and updates: 1.0's
# outcome_rates takes one (1.0 is for superusers, who should not install
# where others can create objects on the search path); the update to 1.1
# replaces it, and then nothing refers to them.
trojan_refs() {
	cat <<'SQL'
SET search_path = pg_catalog;
SELECT pg_describe_object(d.classid, d.objid, d.objsubid)
  FROM pg_depend d
 WHERE d.refclassid = 'pg_operator'::regclass
   AND d.refobjid IN (SELECT o.oid FROM pg_operator o WHERE o.oprcode::text LIKE '%trojan%');
SQL
}
as_dbo "$hostile_db" <<<"DROP EXTENSION crimestats;" || fail "the database owner drops crimestats"
allowed "a superuser installs 1.0 among them" "$hostile_db" <<<"SET client_min_messages = warning; CREATE EXTENSION crimestats VERSION '1.0';"
value "1.0's outcome_rates refers to one of them" "rule _RETURN on view crimestats.outcome_rates" "$hostile_db" < <(trojan_refs)
allowed "ALTER EXTENSION crimestats UPDATE among them" "$hostile_db" <<<"ALTER EXTENSION crimestats UPDATE;"
value "after the update nothing crimestats defines refers to them" "" "$hostile_db" < <(trojan_refs)

echo "roles: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
