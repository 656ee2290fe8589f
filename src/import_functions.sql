-- The import machinery: the per-source lock, the data.police.uk passes,
-- import_stage, the import_<format> functions and the raw path (the Home
-- Office check is src/import_prc.sql).  A piece of both the install script
-- and the 1.0 -> 1.1 upgrade script: CREATE OR REPLACE, since 1.0 created
-- these functions with the same signatures (the upgrade script moves three
-- of them to crimestats_internal first), and 1.1 changed most of them.

-- Serialises imports of one source (a second import of the same source
-- waits, then replaces the first) and removes what it loaded before.
--
-- Imports into a table that forbids overlapping periods (recorded_offence,
-- offence_outcome) also wait for each other, whatever their source: each
-- rejects the rows that overlap what other sources loaded, which it can
-- only see once they commit.  Without the wait, two imports of overlapping
-- sources through different staging tables (import_prc_force and
-- import_raw, or import_prc_rows from ETL code) would both insert, and the
-- later would fail whole on the table's overlap check (23P01,
-- src/integrity.sql; tests/soak.sh).  SHARE ROW
-- EXCLUSIVE conflicts with itself and with other writers, not with
-- readers; the import's next statement, run after the lock is granted,
-- sees what the earlier import committed (in READ COMMITTED).
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

-- Home Office tables: import_prc_rows, in src/import_prc.sql.

-- data.police.uk files.  Empty Crime IDs and coordinates become NULL; the
-- month, the coordinates, the crime type and the outcome category are
-- checked; nothing else is (a record with an odd location is still a
-- record).
CREATE OR REPLACE FUNCTION crimestats.try_float8(value text)
RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RETURN value::float8;
EXCEPTION
	WHEN invalid_text_representation OR numeric_value_out_of_range THEN
		RETURN NULL;
END;
$$;
COMMENT ON FUNCTION crimestats.try_float8(text) IS
  'value read as float8, or NULL when it is not a number.';

-- One pass over typed_sql, which returns line, the staging table's columns
-- and the converted month_d (NULL when the month is bad), lon and lat.  The
-- checks are a CASE giving the reason a row is rejected, written once; the
-- load INSERT keeps the rows without a reason.  Only when it loaded fewer
-- rows than were read does a second scan write the rejects (most files have
-- none).  The lookups are inlined as constant arrays, which the executor
-- hashes: cheaper than two joins per row.
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
COMMENT ON FUNCTION crimestats_internal.import_police_uk_pass(text, text, text, bigint) IS
  'Used by import_police_uk_rows: loads the rows of typed_sql that pass the checks, then, when some did not, records those in import_reject; returns (loaded, rejected).';

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
COMMENT ON FUNCTION crimestats_internal.import_police_uk_rows(text, text, text) IS
  'Loads data.police.uk rows (format police_uk_street or police_uk_outcomes) from the query rows_sql, which returns line plus the staging table''s columns; used by the import functions.  Returns (read, loaded, rejected).';

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

CREATE OR REPLACE FUNCTION crimestats.import_prc_force(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('prc_force', source);
END;
COMMENT ON FUNCTION crimestats.import_prc_force(text) IS
  'Imports crimestats.stage_prc_force (Home Office recorded crime by police force area) into recorded_offence under the name source, replacing an earlier import of that source; returns (read, loaded, rejected).';

CREATE OR REPLACE FUNCTION crimestats.import_prc_csp(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('prc_csp', source);
END;
COMMENT ON FUNCTION crimestats.import_prc_csp(text) IS
  'Imports crimestats.stage_prc_csp (Home Office recorded crime by community safety partnership) into recorded_offence under the name source; returns (read, loaded, rejected).';

CREATE OR REPLACE FUNCTION crimestats.import_prc_outcomes(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('prc_outcomes', source);
END;
COMMENT ON FUNCTION crimestats.import_prc_outcomes(text) IS
  'Imports crimestats.stage_prc_outcomes (Home Office crime outcomes) into offence_outcome under the name source (outcome type 0 kept); returns (read, loaded, rejected).';

CREATE OR REPLACE FUNCTION crimestats.import_police_uk_street(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('police_uk_street', source);
END;
COMMENT ON FUNCTION crimestats.import_police_uk_street(text) IS
  'Imports crimestats.stage_police_uk_street (a data.police.uk street file) into crimestats.crime under the name source; returns (read, loaded, rejected).';

CREATE OR REPLACE FUNCTION crimestats.import_police_uk_outcomes(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('police_uk_outcomes', source);
END;
COMMENT ON FUNCTION crimestats.import_police_uk_outcomes(text) IS
  'Imports crimestats.stage_police_uk_outcomes (a data.police.uk outcomes file) into crimestats.crime_outcome under the name source; returns (read, loaded, rejected).';

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
