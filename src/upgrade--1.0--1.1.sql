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
-- roles: an import by a loader refuses a source the loader may not load
-- (crimestats.may_load, src/roles.sql) before it deletes or writes anything
CREATE OR REPLACE FUNCTION crimestats.import_begin(format text, source text)
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
			DELETE FROM crimestats.recorded_offence r WHERE r.source = import_begin.source;
		WHEN 'prc_outcomes' THEN
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
COMMENT ON FUNCTION crimestats.import_begin(text, text) IS
  'Used by the import functions: takes the per-source lock and deletes the rows and rejects an earlier import of the same source and format left.';

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
		RETURN QUERY SELECT * FROM crimestats.import_police_uk_rows(format, source, rows_sql);
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
	parsed := 'SELECT row_number() OVER () + 1 AS line, raw_line, crimestats.csv_fields(raw_line) AS f FROM crimestats.stage_raw';

	IF format LIKE 'prc%' THEN
		SELECT * INTO r, l, j FROM crimestats.import_prc_rows(format, source,
			format('SELECT line, %s FROM (%s) x WHERE cardinality(f) = %s', cols, parsed, ncols));
	ELSE
		SELECT * INTO r, l, j FROM crimestats.import_police_uk_rows(format, source,
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
