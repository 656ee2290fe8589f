-- Changes that crimestats 1.1 makes to objects that 1.0 created (comments,
-- replaced functions and views).  The upgrade script
-- crimestats--1.0--1.1.sql is this file followed by the pieces whose
-- objects are all new in 1.1, included whole (UPGRADE_1_1_PIECES in the
-- Makefile); tests/upgrade.sh checks that an updated 1.0 installation ends
-- up identical to a fresh install of 1.1.
--
-- Never DROP here what a user's view or table may depend on: types,
-- aggregates and functions are added or replaced, never removed.

-- rates: the type's comment mentions the method that partial states of
-- per_day_rate_ci now carry (src/rates.sql, src/rates_method.sql)
COMMENT ON TYPE crimestats.rate_summary IS
  'Summary of counts over periods: the exact total of cases and the union of the days covered.  Text form {"cases":N,"days":[["first day","day after last"),...]}; a partial state of per_day_rate_ci (parallel workers, Citus) also carries "confidence" (and "method":"byar" when asked for).  Build with rate_summary(cases, period), merge with rollup(), read with per_day(), per_day_ci(), cases(), days().';

-- Support functions move out of the analyst's way (src/common.sql): the
-- aggregates and types keep pointing at them by oid, so stored values,
-- views and users' objects are untouched.
CREATE SCHEMA crimestats_internal;
COMMENT ON SCHEMA crimestats_internal IS
  'Support functions of the crimestats aggregates and types: not meant to be called directly.';
ALTER FUNCTION crimestats.outcome_ratio_ci_final(crimestats.ratio_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.outcome_ratio_final(crimestats.ratio_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.per_day_rate_accum(crimestats.rate_summary,bigint,daterange) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.per_day_rate_ci_accum(crimestats.rate_summary,bigint,daterange,double precision) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.per_day_rate_ci_final(crimestats.rate_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.per_day_rate_ci_maccum(crimestats.rate_summary,bigint,daterange,double precision) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.per_day_rate_ci_minv(crimestats.rate_summary,bigint,daterange,double precision) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.per_day_rate_final(crimestats.rate_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.per_day_rate_maccum(crimestats.rate_summary,bigint,daterange) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.per_day_rate_minv(crimestats.rate_summary,bigint,daterange) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_accum(crimestats.rate_summary,bigint,daterange) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_combine(crimestats.rate_summary,crimestats.rate_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_final(crimestats.rate_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_in(cstring) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_maccum(crimestats.rate_summary,bigint,daterange) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_minv(crimestats.rate_summary,bigint,daterange) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_out(crimestats.rate_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_recv(internal) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_rollup_accum(crimestats.rate_summary,crimestats.rate_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_rollup_maccum(crimestats.rate_summary,crimestats.rate_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_rollup_minv(crimestats.rate_summary,crimestats.rate_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.rate_summary_send(crimestats.rate_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary,bigint,bigint) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary,bigint,bigint,double precision) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary,boolean) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary,boolean,double precision) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_combine(crimestats.ratio_summary,crimestats.ratio_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_final(crimestats.ratio_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_in(cstring) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary,bigint,bigint) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary,bigint,bigint,double precision) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary,boolean) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary,boolean,double precision) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_mfinal(crimestats.ratio_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary,bigint,bigint) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary,bigint,bigint,double precision) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary,boolean) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary,boolean,double precision) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_out(crimestats.ratio_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_recv(internal) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_rollup_maccum(crimestats.ratio_summary,crimestats.ratio_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_rollup_minv(crimestats.ratio_summary,crimestats.ratio_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.ratio_summary_send(crimestats.ratio_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_accum(crimestats.series_summary,double precision,date) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_accum(crimestats.series_summary,double precision,integer) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_combine(crimestats.series_summary,crimestats.series_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_final(crimestats.series_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_in(cstring) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_inv(crimestats.series_summary,double precision,date) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_inv(crimestats.series_summary,double precision,integer) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_out(crimestats.series_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_recv(internal) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_rollup_inv(crimestats.series_summary,crimestats.series_summary) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.series_summary_send(crimestats.series_summary) SET SCHEMA crimestats_internal;
-- and the import functions' own helpers (src/import.sql), replaced below
ALTER FUNCTION crimestats.import_begin(text, text) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.import_police_uk_pass(text, text, text, bigint) SET SCHEMA crimestats_internal;
ALTER FUNCTION crimestats.import_police_uk_rows(text, text, text) SET SCHEMA crimestats_internal;

-- scale out: crime and crime_outcome get area_code, the force a record
-- falls within as resolved at import, which Citus distributes them on
-- (src/distribute.sql); rows loaded by 1.0 get it here.  The import of the
-- Home Office tables names the staging columns it uses instead of passing
-- the staging row as one record, which Citus cannot carry between the
-- steps of a distributed query; the data.police.uk import converts odd
-- coordinates into a temporary table before loading them, since Citus
-- cannot open the subtransactions of try_float8 while it streams rows to
-- its workers.
ALTER TABLE crimestats.crime ADD COLUMN area_code text NOT NULL DEFAULT '';
COMMENT ON COLUMN crimestats.crime.area_code IS
  'GSS code of the force the record falls within, resolved when it was imported (as resolve_area() does; empty when Falls within names no known force).  Keeps a force''s records together on Citus, where it is the distribution column (crimestats.distribute()).';
ALTER TABLE crimestats.crime_outcome ADD COLUMN area_code text NOT NULL DEFAULT '';
COMMENT ON COLUMN crimestats.crime_outcome.area_code IS
  'GSS code of the force the record falls within, resolved when it was imported (as resolve_area() does; empty when Falls within names no known force).  Keeps a force''s records together on Citus, where it is the distribution column (crimestats.distribute()).';
UPDATE crimestats.crime AS c SET area_code = f.code
  FROM (SELECT d.falls_within, crimestats.resolve_area(d.falls_within, '{police_force_area,non_territorial}') AS code
		  FROM (SELECT DISTINCT falls_within FROM crimestats.crime) AS d) AS f
 WHERE c.falls_within = f.falls_within AND f.code IS NOT NULL;
UPDATE crimestats.crime_outcome AS c SET area_code = f.code
  FROM (SELECT d.falls_within, crimestats.resolve_area(d.falls_within, '{police_force_area,non_territorial}') AS code
		  FROM (SELECT DISTINCT falls_within FROM crimestats.crime_outcome) AS d) AS f
 WHERE c.falls_within = f.falls_within AND f.code IS NOT NULL;

-- import_prc_rows: src/import_prc.sql, a piece of this script.

CREATE OR REPLACE FUNCTION crimestats_internal.import_police_uk_pass(format text, source text, typed_sql text, read bigint,
	OUT loaded bigint, OUT rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	street boolean := format = 'police_uk_street';
	types text[];
	cats text[];
	force_keys text[];
	force_codes text[];
	checked_sql text;
BEGIN
	SELECT coalesce(array_agg(t.name), '{}') INTO types FROM crimestats.police_uk_crime_type t;
	SELECT coalesce(array_agg(oc.name), '{}') INTO cats FROM crimestats.police_uk_outcome_category oc;
	-- the force a record falls within, as resolve_area() finds it, for the
	-- area_code column (empty when no force has that name)
	SELECT coalesce(array_agg(n.name_key ORDER BY n.name_key), '{}'), coalesce(array_agg(n.code ORDER BY n.name_key), '{}')
	  INTO force_keys, force_codes
	  FROM crimestats.area_names('{police_force_area,non_territorial}') n;
	checked_sql := format($s$
		SELECT c.*,
			   CASE
				WHEN c.month_d IS NULL
				THEN 'bad month: ' || coalesce(quote_literal(c.month), 'empty')
				WHEN (nullif(c.longitude, '') IS NULL) <> (nullif(c.latitude, '') IS NULL)
				THEN 'only one of longitude and latitude'
				WHEN nullif(c.longitude, '') IS NOT NULL AND NOT coalesce(abs(c.lon) <= 180, false)
				THEN 'bad longitude: ' || quote_literal(c.longitude)
				WHEN nullif(c.latitude, '') IS NOT NULL AND NOT coalesce(abs(c.lat) <= 90, false)
				THEN 'bad latitude: ' || quote_literal(c.latitude)
				%s
			   END AS reason
		  FROM (%s) c$s$,
		CASE WHEN street THEN format($s$
				WHEN NOT coalesce(c.crime_type = ANY (%L::text[]), false)
				THEN 'unknown crime type: ' || coalesce(quote_literal(c.crime_type), 'empty')
				WHEN nullif(c.last_outcome_category, '') IS NOT NULL
					 AND NOT coalesce(c.last_outcome_category = ANY (%L::text[]), false)
				THEN 'unknown outcome category: ' || quote_literal(c.last_outcome_category)$s$, types, cats)
		ELSE format($s$
				WHEN NOT coalesce(c.outcome_type = ANY (%L::text[]), false)
				THEN 'unknown outcome type: ' || coalesce(quote_literal(c.outcome_type), 'empty')$s$, cats)
		END,
		typed_sql);

	EXECUTE format($q$
		INSERT INTO %s
		SELECT nullif(c.crime_id, ''), c.month_d, c.reported_by, c.falls_within, c.lon, c.lat,
			   c.location, nullif(c.lsoa_code, ''), nullif(c.lsoa_name, ''), %s, $1, c.line,
			   coalesce((%L::text[])[array_position(%L::text[], lower(btrim(c.falls_within)))], '')
		  FROM (%s) c
		 WHERE c.reason IS NULL
		$q$,
		CASE WHEN street
			 THEN 'crimestats.crime (crime_id, month, reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, crime_type, last_outcome_category, context, source, line, area_code)'
			 ELSE 'crimestats.crime_outcome (crime_id, month, reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, outcome_type, source, line, area_code)'
		END,
		CASE WHEN street THEN $s$c.crime_type, nullif(c.last_outcome_category, ''), nullif(c.context, '')$s$
			 ELSE 'c.outcome_type' END,
		force_codes, force_keys,
		checked_sql)
	USING source;
	GET DIAGNOSTICS loaded = ROW_COUNT;

	rejected := 0;
	IF loaded < read THEN
		EXECUTE format($q$
			INSERT INTO crimestats.import_reject (source, format, line, reason, raw)
			SELECT $1, $2, c.line, c.reason,
				   ARRAY[c.crime_id, c.month, c.reported_by, c.falls_within, c.longitude, c.latitude,
						 c.location, c.lsoa_code, c.lsoa_name, %s]
			  FROM (%s) c
			 WHERE c.reason IS NOT NULL
			$q$,
			CASE WHEN street THEN 'c.crime_type, c.last_outcome_category, c.context' ELSE 'c.outcome_type' END,
			checked_sql)
		USING source, format;
		GET DIAGNOSTICS rejected = ROW_COUNT;
	END IF;
END;
$$;

CREATE OR REPLACE FUNCTION crimestats_internal.import_police_uk_rows(format text, source text, rows_sql text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	months text[];
	month_sql text;
	r bigint;
	l bigint;
	j bigint;
BEGIN
	PERFORM crimestats_internal.import_begin(format, source);

	-- One scan counts the rows and finds the distinct months (one per file,
	-- as published).  A month is valid when it is YYYY-MM with a month
	-- 01-12 and a year other than 0000 (exactly the months whose first day
	-- is a date); the rows then map the valid ones to their first day
	-- without parsing a date per row.
	EXECUTE format($q$
		SELECT coalesce(sum(g.n), 0)::bigint,
			   coalesce(array_agg(g.month ORDER BY g.month)
						FILTER (WHERE g.month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND g.month !~ '^0000'), '{}')
		  FROM (SELECT s.month, count(*) AS n FROM (%s) s GROUP BY s.month) g
		$q$, rows_sql)
	INTO r, months;
	IF cardinality(months) = 0 THEN
		month_sql := 'NULL::date';
	ELSIF cardinality(months) <= 64 THEN
		SELECT 'CASE s.month' || string_agg(format(' WHEN %L THEN %L::date', m, m || '-01'), '') || ' END'
		  INTO month_sql
		  FROM pg_catalog.unnest(months) AS m;
	ELSE
		month_sql := format($s$CASE WHEN s.month = ANY (%L::text[])
			THEN make_date(substr(s.month, 1, 4)::integer, substr(s.month, 6, 2)::integer, 1) END$s$, months);
	END IF;

	-- The conversions are computed once per row, below the checks and the
	-- load (OFFSET 0 keeps the planner from copying them into both).
	BEGIN
		-- Fast: plain casts of the coordinates, which raise an error on a
		-- value that is not a number ...
		SELECT x.loaded, x.rejected INTO l, j
		  FROM crimestats_internal.import_police_uk_pass(format, source, format($s$
			SELECT s.*, %s AS month_d,
				   nullif(s.longitude, '')::float8 AS lon,
				   nullif(s.latitude, '')::float8 AS lat
			  FROM (%s) s OFFSET 0$s$, month_sql, rows_sql), r) x;
	EXCEPTION
		WHEN invalid_text_representation OR numeric_value_out_of_range THEN
		-- ... and then the file is read again with conversions that do not
		-- raise: plain decimals (every real coordinate) are cast directly,
		-- anything else goes through try_float8, which gives NULL for what
		-- the cast refuses.  The converted rows go to a temporary table
		-- first: try_float8 opens a subtransaction per odd value, which Citus
		-- (crimestats.distribute()) cannot do while it streams the rows of
		-- the load to its workers.
		EXECUTE format($s$
			CREATE TEMP TABLE crimestats_police_uk_typed ON COMMIT DROP AS
			SELECT s.*, %s AS month_d,
				   CASE WHEN s.longitude ~ '^-?[0-9]{1,15}([.][0-9]{1,30})?$' THEN s.longitude::float8
						ELSE crimestats.try_float8(nullif(s.longitude, '')) END AS lon,
				   CASE WHEN s.latitude ~ '^-?[0-9]{1,15}([.][0-9]{1,30})?$' THEN s.latitude::float8
						ELSE crimestats.try_float8(nullif(s.latitude, '')) END AS lat
			  FROM (%s) s$s$, month_sql, rows_sql);
		SELECT x.loaded, x.rejected INTO l, j
		  FROM crimestats_internal.import_police_uk_pass(format, source,
				'SELECT * FROM pg_temp.crimestats_police_uk_typed', r) x;
		DROP TABLE pg_temp.crimestats_police_uk_typed;
	END;

	IF r <> l + j THEN
		RAISE EXCEPTION 'import_%: read % rows but loaded % and rejected %', format, r, l, j;
	END IF;
	RETURN QUERY SELECT r, l, j;
END;
$$;
------------------------------------------------------------------------------
-- reliability: concurrent imports of overlapping sources into
-- recorded_offence or offence_outcome wait for each other instead of the
-- later failing whole on the exclusion constraint (src/import.sql,
-- import_begin; tests/soak.sh): two LOCK TABLE statements.
------------------------------------------------------------------------------
-- import_begin, with its two LOCK TABLE statements, is replaced by the
-- roles section below, which carries them.

-- roles: an import by a loader refuses a source the loader may not load
-- (crimestats.may_load, src/roles.sql) before it deletes or writes anything
CREATE OR REPLACE FUNCTION crimestats_internal.import_begin(format text, source text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF source IS NULL OR btrim(source) = '' THEN
		RAISE EXCEPTION 'import_%: source must be a non-empty name, got %', format, coalesce(quote_literal(source), 'NULL')
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	-- A loader (a role held to the row-level security of the tables imports
	-- write) is refused here a source it may not load, rather than by the
	-- first row it would write: an import that wrote no row would otherwise
	-- succeed, having deleted nothing.
	IF row_security_active('crimestats.import_reject'::regclass) AND NOT crimestats.may_load(source) THEN
		RAISE EXCEPTION 'import_%: role % may not load source %', format, current_user, quote_literal(source)
			USING ERRCODE = 'insufficient_privilege',
				  HINT = 'crimestats.role_grant lists the source patterns each role may load; crimestats.grant_load(role, sources) adds one.';
	END IF;
	-- 0x63736970 ("csip") keeps these locks apart from other users' keys.
	PERFORM pg_advisory_xact_lock(1668507760, hashtext(source));
	CASE format
		WHEN 'prc_force', 'prc_csp' THEN
			LOCK TABLE crimestats.recorded_offence IN SHARE ROW EXCLUSIVE MODE;
			DELETE FROM crimestats.recorded_offence r WHERE r.source = import_begin.source;
		WHEN 'prc_outcomes' THEN
			LOCK TABLE crimestats.offence_outcome IN SHARE ROW EXCLUSIVE MODE;
			DELETE FROM crimestats.offence_outcome r WHERE r.source = import_begin.source;
		WHEN 'police_uk_street' THEN
			DELETE FROM crimestats.crime r WHERE r.source = import_begin.source;
		WHEN 'police_uk_outcomes' THEN
			DELETE FROM crimestats.crime_outcome r WHERE r.source = import_begin.source;
		ELSE
			RAISE EXCEPTION 'import: unknown format %', quote_literal(format)
				USING ERRCODE = 'invalid_parameter_value',
					  HINT = 'Formats: prc_force, prc_csp, prc_outcomes, police_uk_street, police_uk_outcomes.';
	END CASE;
	DELETE FROM crimestats.import_reject j WHERE j.source = import_begin.source AND j.format = import_begin.format;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.import_begin(text, text) IS
  'Used by the import functions: takes the per-source lock (and for recorded_offence and offence_outcome the table''s import lock, held until commit) and deletes the rows and rejects an earlier import of the same source and format left.';

-- roles: a loader's import takes only rows its own transaction staged
-- (crimestats_internal.check_staged, src/roles.sql)
CREATE OR REPLACE FUNCTION crimestats.import_stage(format text, source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
-- Rows are numbered in the order a plain serial scan returns them, which is
-- their physical order only without synchronised or parallel scans.
SET synchronize_seqscans = off
SET max_parallel_workers_per_gather = 0
AS $$
DECLARE
	stage regclass;
	rows_sql text;
	mixed boolean;
BEGIN
	IF format NOT IN ('prc_force', 'prc_csp', 'prc_outcomes', 'police_uk_street', 'police_uk_outcomes') THEN
		RAISE EXCEPTION 'import: unknown format %', coalesce(quote_literal(format), 'NULL')
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Formats: prc_force, prc_csp, prc_outcomes, police_uk_street, police_uk_outcomes.';
	END IF;
	stage := ('crimestats.stage_' || format)::regclass;
	-- Waits for sessions still copying into the table, and keeps new ones
	-- out until the rows are moved and the table emptied.
	EXECUTE format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', stage);
	-- The staging table is shared: rows written by more than one
	-- transaction are loads of several sessions (or of one file staged
	-- twice) and would be imported as one file, counted twice.  One load is
	-- one COPY, or several in one transaction.
	EXECUTE format('SELECT EXISTS (SELECT 1 FROM %1$s AS s WHERE s.xmin OPERATOR(pg_catalog.<>) (SELECT t.xmin FROM %1$s AS t LIMIT 1))', stage)
		INTO mixed;
	IF mixed THEN
		RAISE EXCEPTION 'import_%: % holds rows of more than one load', format, stage
			USING ERRCODE = 'object_in_use',
				  DETAIL = 'Rows were copied into the staging table by several transactions (another session loading at the same time, or the same file staged twice); importing them as one file would count them twice.',
				  HINT = format('Empty it with TRUNCATE %s and load one file at a time: its COPY and import_%s in one transaction.', stage, format);
	END IF;
	IF row_security_active('crimestats.import_reject'::regclass) THEN
		PERFORM crimestats_internal.check_staged(stage, 'import_' || format);
	END IF;
	-- Rows in physical order are the file's lines (see the top of this file);
	-- line 1 is the header.
	rows_sql := format('SELECT row_number() OVER () + 1 AS line, * FROM %s', stage);
	IF format LIKE 'prc%' THEN
		RETURN QUERY SELECT * FROM crimestats.import_prc_rows(format, source, rows_sql);
	ELSE
		RETURN QUERY SELECT * FROM crimestats_internal.import_police_uk_rows(format, source, rows_sql);
	END IF;
	EXECUTE format('TRUNCATE %s', stage);
END;
$$;
COMMENT ON FUNCTION crimestats.import_stage(text, text) IS
  'Imports the rows of crimestats.stage_<format> under the name source and empties the staging table; import_<format>(source) calls it.';
CREATE OR REPLACE FUNCTION crimestats.import_raw(format text, source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
-- Rows are numbered in the order a plain serial scan returns them, which is
-- their physical order only without synchronised or parallel scans.
SET synchronize_seqscans = off
SET max_parallel_workers_per_gather = 0
AS $$
DECLARE
	stage regclass;
	ncols integer;
	cols text;
	parsed text;
	r bigint;
	l bigint;
	j bigint;
	bad bigint;
BEGIN
	IF format NOT IN ('prc_force', 'prc_csp', 'prc_outcomes', 'police_uk_street', 'police_uk_outcomes') THEN
		RAISE EXCEPTION 'import_raw: unknown format %', coalesce(quote_literal(format), 'NULL')
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Formats: prc_force, prc_csp, prc_outcomes, police_uk_street, police_uk_outcomes.';
	END IF;
	stage := ('crimestats.stage_' || format)::regclass;
	SELECT count(*), string_agg(format('f[%s] AS %I', a.attnum, a.attname), ', ' ORDER BY a.attnum)
	  INTO ncols, cols
	  FROM pg_attribute a
	 WHERE a.attrelid = stage AND a.attnum > 0 AND NOT a.attisdropped;

	LOCK TABLE crimestats.stage_raw IN ACCESS EXCLUSIVE MODE;
	-- as in import_stage: rows of several loads would be counted twice
	IF EXISTS (SELECT 1 FROM crimestats.stage_raw AS s
			   WHERE s.xmin OPERATOR(pg_catalog.<>) (SELECT t.xmin FROM crimestats.stage_raw AS t LIMIT 1)) THEN
		RAISE EXCEPTION 'import_raw: crimestats.stage_raw holds rows of more than one load'
			USING ERRCODE = 'object_in_use',
				  DETAIL = 'Rows were copied into the staging table by several transactions; importing them as one file would count them twice.',
				  HINT = 'Empty it with TRUNCATE crimestats.stage_raw and load one file at a time: its COPY and import_raw in one transaction.';
	END IF;
	IF row_security_active('crimestats.import_reject'::regclass) THEN
		PERFORM crimestats_internal.check_staged('crimestats.stage_raw'::regclass, 'import_raw');
	END IF;
	-- Each line is split once, into a temporary table: the import may read
	-- its rows more than once (import_prc_rows reads again the lines it
	-- rejects as repeated or overlapping), and the rejects below once more,
	-- where splitting a line as CSV costs more than reading it.
	CREATE TEMP TABLE crimestats_raw_lines AS
	SELECT row_number() OVER () + 1 AS line, s.raw_line, crimestats.csv_fields(s.raw_line) AS f
	  FROM crimestats.stage_raw AS s;
	parsed := 'SELECT line, raw_line, f FROM pg_temp.crimestats_raw_lines';

	IF format LIKE 'prc%' THEN
		SELECT * INTO r, l, j FROM crimestats.import_prc_rows(format, source,
			format('SELECT line, %s FROM (%s) x WHERE cardinality(f) = %s', cols, parsed, ncols));
	ELSE
		SELECT * INTO r, l, j FROM crimestats_internal.import_police_uk_rows(format, source,
			format('SELECT line, %s FROM (%s) x WHERE cardinality(f) = %s', cols, parsed, ncols));
	END IF;

	-- After import_*_rows, which removed the source's earlier rejects.
	EXECUTE format($q$
		INSERT INTO crimestats.import_reject (source, format, line, reason, raw)
		SELECT $1, $2, line,
			   CASE WHEN raw_line IS NULL THEN 'empty line'
					WHEN f IS NULL THEN 'not valid CSV (unbalanced quotes)'
					ELSE format('wrong number of fields: expected %%s, got %%s', %s, cardinality(f)) END,
			   coalesce(f, ARRAY[raw_line])
		  FROM (%s) x
		 WHERE f IS NULL OR cardinality(f) <> %s
		$q$, ncols, parsed, ncols)
	USING source, format;
	GET DIAGNOSTICS bad = ROW_COUNT;

	DROP TABLE pg_temp.crimestats_raw_lines;
	TRUNCATE crimestats.stage_raw;
	RETURN QUERY SELECT r + bad, l, j + bad;
END;
$$;
COMMENT ON FUNCTION crimestats.import_raw(text, text) IS
  'Imports crimestats.stage_raw (whole lines of a file of the given format) under the name source: lines are split as CSV, those with the wrong number of fields or broken quoting go to import_reject, the rest are imported as import_<format> would; empties stage_raw and returns (read, loaded, rejected).';

-- roles: outcome_rates compared periods with an unqualified = on daterange,
-- whose pg_catalog operator is polymorphic (anyrange): an exact-type
-- operator on the install script's search_path would have been taken
-- instead (src/outcomes_views.sql; tests/roles.sh plants such operators)
CREATE OR REPLACE VIEW crimestats.outcome_rates WITH (security_invoker = true) AS
WITH by_group AS (
	-- outcome type 0 (not yet assigned) counts nowhere
	SELECT oo.area_code, o.offence_subgroup, oo.period, ot.outcome_group,
		   pg_catalog.sum(oo.offences)::bigint AS outcomes
	FROM crimestats.offence_outcome AS oo
	JOIN crimestats.offence AS o ON o.code = oo.offence_code
	JOIN crimestats.outcome_type AS ot ON ot.code = oo.outcome_code
	WHERE oo.outcome_code <> 0
	GROUP BY oo.area_code, o.offence_subgroup, oo.period, ot.outcome_group
),
assigned AS (
	SELECT b.area_code, b.offence_subgroup, b.period,
		   pg_catalog.sum(b.outcomes)::bigint AS assigned
	FROM by_group AS b
	GROUP BY b.area_code, b.offence_subgroup, b.period
),
outcome_groups AS (
	-- every group, so that a group with no outcomes shows as 0
	SELECT DISTINCT ot.outcome_group
	FROM crimestats.outcome_type AS ot
	WHERE ot.code <> 0
)
SELECT s.area_code,
	   a.name AS area_name,
	   s.offence_subgroup,
	   pg_catalog.lower(s.period) AS period_start,
	   (pg_catalog.upper(s.period) - 1) AS period_end,
	   g.outcome_group,
	   COALESCE(b.outcomes, 0)::bigint AS outcomes,
	   s.assigned,
	   CASE WHEN s.assigned <> 0
			THEN COALESCE(b.outcomes, 0)::double precision / s.assigned::double precision
	   END AS ratio,
	   (w.ci).lower AS lower,
	   (w.ci).upper AS upper
FROM assigned AS s
CROSS JOIN outcome_groups AS g
LEFT JOIN by_group AS b
	   ON b.area_code = s.area_code
	  AND b.offence_subgroup = s.offence_subgroup
	  AND b.period OPERATOR(pg_catalog.=) s.period
	  AND b.outcome_group = g.outcome_group
LEFT JOIN crimestats.area AS a ON a.code = s.area_code
CROSS JOIN LATERAL (
	SELECT CASE WHEN COALESCE(b.outcomes, 0) >= 0 AND COALESCE(b.outcomes, 0) <= s.assigned
				THEN crimestats.wilson_ci(COALESCE(b.outcomes, 0), s.assigned, 0.95)
		   END AS ci
) AS w;

-- ---------------------------------------------------------------------------
-- National scale: the views work area by area, the Home Office imports
-- check overlaps in one pass (src/rates_views.sql, src/growth_views.sql,
-- src/outcomes_views.sql, src/import.sql, where the reasons are given).
-- The statements below repeat those pieces' definitions exactly.
--
-- The four views and their per-area functions: src/rates_views.sql,
-- src/growth_views.sql and src/outcomes_views.sql follow this file whole
-- (CREATE OR REPLACE VIEW: the views keep their columns, names and types in
-- 1.0's order, their comments and their grants; views of users' built on
-- them stay valid).

-- import_prc_rows, which checks a batch in one pass in C and inserts its
-- rows in key order, is src/import_prc.sql, a piece of this script.

-- ---------------------------------------------------------------------------
-- Integrity once per statement: the exclusion constraints of
-- recorded_offence and offence_outcome give way to statement triggers that
-- check the same rule set-based, as do the per-row triggers of their
-- foreign keys, which stay declared (src/integrity.sql, a piece of this
-- script, creates the triggers, the write_token table and the index on
-- area and offence, and disables the foreign keys' triggers).  Every row a
-- 1.0 table holds passed the constraints the triggers replace.
-- INSERT ... ON CONFLICT ON CONSTRAINT naming an exclusion constraint no
-- longer finds it.

ALTER TABLE crimestats.recorded_offence
	DROP CONSTRAINT recorded_offence_area_code_offence_code_period_excl;
ALTER TABLE crimestats.offence_outcome
	DROP CONSTRAINT offence_outcome_area_code_offence_code_outcome_code_period_excl;

-- ---------------------------------------------------------------------------
-- A BRIN index on source for the DELETE of a re-import (src/schema.sql).
CREATE INDEX ON crimestats.recorded_offence USING brin (source) WITH (autosummarize = on);
CREATE INDEX ON crimestats.offence_outcome USING brin (source) WITH (autosummarize = on);
