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

CREATE OR REPLACE FUNCTION crimestats.import_prc_rows(format text, source text, rows_sql text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET jit = off
SET enable_mergejoin = off
SET enable_nestloop = off
AS $$
DECLARE
	reason_sql text;
	fields_sql text;
	target text;
	key_extra text := '';
	val_cols text := '';
	count_col text;
	name_keys text[];
	name_codes text[];
	force_keys text[];
	force_codes text[];
	nm_raw text[];
	nm_code text[];
	fnm_raw text[];
	fnm_code text[];
	oc_raw text[];
	oc_code text[];
	areas text[];
	offences text[];
	span daterange;
	q_fy text[];
	q_fq text[];
	q_period daterange[];
	n_v text[];
	n_count bigint[];
	cl_v text[];
	cl_count bigint[];
	late_lines bigint[];
	late_reasons text[];
	late bigint;
	r bigint;
	l bigint;
	j bigint;
BEGIN
	PERFORM crimestats_internal.import_begin(format, source);

	-- The lookups, as constant arrays the executor hashes: a first scan of
	-- the rows finds every distinct area name, offence code, financial year
	-- and quarter and count, each given here with what it resolves to or
	-- parses as.  Names are resolved and values parsed once per distinct
	-- value, not per row: a year's table has four quarters, 44 forces and
	-- far fewer distinct counts than rows (ho_quarter per row was most of
	-- the import's time, the names' lower(btrim()) a tenth of it).
	SELECT coalesce(array_agg(n.name_key ORDER BY n.name_key), '{}'), coalesce(array_agg(n.code ORDER BY n.name_key), '{}')
	  INTO name_keys, name_codes
	  FROM crimestats.area_names(CASE WHEN format = 'prc_csp' THEN '{community_safety_partnership}'
									  ELSE '{police_force_area,non_territorial}' END::text[]) n;
	SELECT coalesce(array_agg(n.name_key ORDER BY n.name_key), '{}'), coalesce(array_agg(n.code ORDER BY n.name_key), '{}')
	  INTO force_keys, force_codes
	  FROM crimestats.area_names('{police_force_area}') n;
	count_col := CASE WHEN format = 'prc_outcomes' THEN 'recorded_count' ELSE 'offence_count' END;
	EXECUTE format($q$
		SELECT coalesce(array_agg(d.fy) FILTER (WHERE d.g_q = 0), '{}'),
			   coalesce(array_agg(d.fq) FILTER (WHERE d.g_q = 0), '{}'),
			   coalesce(array_agg(crimestats.ho_quarter(d.fy, d.fq)) FILTER (WHERE d.g_q = 0), '{}'),
			   coalesce(array_agg(d.v) FILTER (WHERE d.g_v = 0), '{}'),
			   coalesce(array_agg(crimestats.ho_count(d.v)) FILTER (WHERE d.g_v = 0), '{}'),
			   coalesce(array_agg(d.cl) FILTER (WHERE d.g_cl = 0), '{}'),
			   coalesce(array_agg(crimestats.ho_count(d.cl)) FILTER (WHERE d.g_cl = 0), '{}'),
			   coalesce(array_agg(d.nm) FILTER (WHERE d.g_nm = 0), '{}'),
			   coalesce(array_agg(($1::text[])[array_position($2::text[], lower(btrim(d.nm)))]) FILTER (WHERE d.g_nm = 0), '{}'),
			   coalesce(array_agg(d.fnm) FILTER (WHERE d.g_fnm = 0), '{}'),
			   coalesce(array_agg(($3::text[])[array_position($4::text[], lower(btrim(d.fnm)))]) FILTER (WHERE d.g_fnm = 0), '{}'),
			   coalesce(array_agg(d.oc) FILTER (WHERE d.g_oc = 0), '{}'),
			   coalesce(array_agg((SELECT o.code FROM crimestats.offence o WHERE o.code = btrim(d.oc))) FILTER (WHERE d.g_oc = 0), '{}')
		  FROM (SELECT s.financial_year AS fy, s.financial_quarter AS fq, s.%2$I AS v, %3$s AS cl,
					   %4$s AS nm, %5$s AS fnm, s.offence_code AS oc,
					   GROUPING(s.financial_year) AS g_q, GROUPING(s.%2$I) AS g_v, GROUPING(%3$s) AS g_cl,
					   GROUPING(%4$s) AS g_nm, GROUPING(%5$s) AS g_fnm, GROUPING(s.offence_code) AS g_oc
				  FROM (%1$s) s
				 GROUP BY GROUPING SETS ((s.financial_year, s.financial_quarter), (s.%2$I), (%3$s),
										 (%4$s), (%5$s), (s.offence_code))) d
		$q$, rows_sql, count_col,
		CASE WHEN format = 'prc_outcomes' THEN 's.closed_count' ELSE 'NULL::text' END,
		CASE WHEN format = 'prc_csp' THEN 's.csp_name' ELSE 's.force_name' END,
		CASE WHEN format = 'prc_csp' THEN 's.force_name' ELSE 'NULL::text' END)
	INTO q_fy, q_fq, q_period, n_v, n_count, cl_v, cl_count, nm_raw, nm_code, fnm_raw, fnm_code, oc_raw, oc_code
	USING name_codes, name_keys, force_codes, force_keys;
	-- what other sources loaded is read for these areas, offences and days only
	SELECT coalesce(array_agg(DISTINCT a.code), '{}') INTO areas FROM unnest(nm_code) AS a (code) WHERE a.code IS NOT NULL;
	SELECT coalesce(array_agg(DISTINCT o.code), '{}') INTO offences FROM unnest(oc_code) AS o (code) WHERE o.code IS NOT NULL;
	SELECT daterange(min(lower(q.p)), max(upper(q.p))) INTO span FROM unnest(q_period) AS q (p) WHERE q.p IS NOT NULL;

	IF format = 'prc_force' THEN
		reason_sql := $s$
			WHEN ar.code IS NULL THEN 'unknown force: ' || coalesce(quote_literal(s.force_name), 'empty')$s$;
		fields_sql := $s$s.financial_year, s.financial_quarter, s.force_name, s.offence_description,
			s.offence_group, s.offence_subgroup, s.offence_code, s.offence_count$s$;
		target := 'crimestats.recorded_offence';
	ELSIF format = 'prc_csp' THEN
		reason_sql := $s$
			WHEN fr.code IS NULL THEN 'unknown force: ' || coalesce(quote_literal(s.force_name), 'empty')
			WHEN ar.code IS NULL THEN 'unknown community safety partnership: ' || coalesce(quote_literal(s.csp_name), 'empty')
			WHEN ca.parent_code <> fr.code
			THEN 'community safety partnership ' || quote_literal(s.csp_name) || ' does not lie in force ' || quote_literal(s.force_name)$s$;
		fields_sql := $s$s.financial_year, s.financial_quarter, s.force_name, s.csp_name, s.offence_description,
			s.offence_group, s.offence_subgroup, s.offence_code, s.offence_count$s$;
		target := 'crimestats.recorded_offence';
	ELSE
		reason_sql := $s$
			WHEN ar.code IS NULL THEN 'unknown force: ' || coalesce(quote_literal(s.force_name), 'empty')
			WHEN ot.code IS NULL THEN 'unknown outcome type: ' || coalesce(quote_literal(s.outcome_type), 'empty')
			WHEN ncl.v IS NULL AND nullif(btrim(s.closed_count), '') IS NOT NULL
			THEN 'bad count of investigations closed: ' || quote_literal(s.closed_count)$s$;
		fields_sql := $s$s.financial_year, s.financial_quarter, s.force_name, s.offence_code,
			s.offence_description, s.offence_group, s.offence_subgroup, s.outcome_description,
			s.outcome_group, s.outcome_type, s.recorded_count, s.closed_count$s$;
		target := 'crimestats.offence_outcome';
		key_extra := ', outcome_code';
		val_cols := ', investigations_closed';
	END IF;

	EXECUTE format($q$
		WITH c AS MATERIALIZED (
			-- every row read, parsed and checked in one pass, narrow: the
			-- file's fields are kept (as the array import_reject records)
			-- only for the rows rejected here.  The staging columns are
			-- named, not the staging row taken as one record: on Citus
			-- (crimestats.distribute()) this query is run in steps whose
			-- results cannot carry a record of anonymous type.
			SELECT c0.line, c0.area_code, c0.offence, c0.outcome_code, c0.period, c0.offences, c0.closed,
				   c0.reason, CASE WHEN c0.reason IS NOT NULL THEN ARRAY[%18$s] END AS raw
			  FROM (SELECT s.line, %3$s,
						   ar.code AS area_code, o.code AS offence, %4$s AS outcome_code,
						   q.period, nc.v AS offences, %5$s AS closed,
						   CASE
							WHEN q.period IS NULL
							THEN 'bad financial year or quarter: ' || coalesce(quote_literal(s.financial_year), 'empty')
								 || ' ' || coalesce(quote_literal(s.financial_quarter), 'empty')
							%6$s
							WHEN o.code IS NULL THEN 'unknown offence code: ' || coalesce(quote_literal(s.offence_code), 'empty')
							WHEN nc.v IS NULL THEN 'bad count: ' || coalesce(quote_literal(s.%7$s), 'empty')
						   END AS reason
					  FROM (%1$s) s
					  LEFT JOIN unnest(%29$L::text[], %30$L::text[]) o (raw, code) ON o.raw = s.offence_code
					  LEFT JOIN unnest(%2$L::text[], %21$L::text[]) ar (name, code) ON ar.name = %8$s
					  %9$s
					  LEFT JOIN unnest(%22$L::text[], %23$L::text[], %24$L::daterange[]) q (fy, fq, period)
						ON q.fy = s.financial_year AND q.fq = s.financial_quarter
					  LEFT JOIN unnest(%25$L::text[], %26$L::bigint[]) nc (val, v) ON nc.val = s.%7$s) c0
		), g AS MATERIALIZED (
			-- one row per key: the row to insert (a composite code's rows
			-- summed), how many lines it holds and the first of them;
			-- hashed, not sorted
			SELECT c.area_code, c.offence AS offence_code, c.period %10$s,
				   count(*) AS n, min(c.line) AS first_line,
				   sum(c.offences) AS offences, sum(c.closed) AS closed,
				   strpos(c.offence, '/') > 0 AS composite
			  FROM c
			 WHERE c.reason IS NULL
			 GROUP BY c.area_code, c.offence, c.period %10$s
		), loaded AS MATERIALIZED (
			-- what other sources loaded for the areas and offences the rows
			-- name within the span of their quarters, read once
			-- (MATERIALIZED: not a probe of the table per key) through the
			-- index on (area_code, offence_code, upper(period)), entered once
			-- per area and offence at the span's start.  The areas, offences
			-- and span are constants: the planner estimates the condition on
			-- the periods' ends from that index's statistics (on the areas
			-- alone, a partnership table's 300 areas were planned as a scan
			-- of the whole table), and on Citus it is sent to the shards.
			SELECT t.area_code, t.offence_code, t.period, t.source %15$s
			  FROM %11$s t
			 WHERE t.area_code = ANY (%31$L::text[])
			   AND t.offence_code = ANY (%33$L::text[])
			   AND upper(t.period) > lower(%32$L::daterange)
			   AND lower(t.period) < upper(%32$L::daterange)
		), gov AS MATERIALIZED (
			-- the keys whose quarter overlaps what another source loaded
			-- (loaded is the side hashed: a semi-join)
			SELECT g.*
			  FROM g
			 WHERE EXISTS (SELECT 1 FROM loaded t
							WHERE t.area_code = g.area_code AND t.offence_code = g.offence_code %13$s
							  AND t.period && g.period)
		), ov AS MATERIALIZED (
			-- for each of those keys, the first other source by name
			SELECT gov.area_code, gov.offence_code, gov.period %27$s, min(t.source) AS source
			  FROM gov
			  JOIN loaded t
				ON t.area_code = gov.area_code AND t.offence_code = gov.offence_code %20$s
			   AND t.period && gov.period
			 GROUP BY gov.area_code, gov.offence_code, gov.period %27$s
		), x AS MATERIALIZED (
			-- the keys some of whose lines are rejected (lines repeated for
			-- a code that is not composite, overlaps): few or none
			SELECT k.*, ov.source AS ov_source
			  FROM (SELECT g.* FROM g WHERE g.n > 1 AND NOT g.composite
					UNION
					SELECT gov.* FROM gov) k
			  LEFT JOIN ov
				ON ov.area_code = k.area_code AND ov.offence_code = k.offence_code
			   AND ov.period = k.period %28$s
		), first AS MATERIALIZED (
			-- a repeated row's key loads its first line's counts
			SELECT c.line, c.offences, c.closed
			  FROM c
			 WHERE c.line IN (SELECT x.first_line FROM x WHERE x.n > 1 AND NOT x.composite)
		), ins AS (
			INSERT INTO %11$s (area_code, offence_code, period, offences, source %15$s %16$s)
			SELECT z.area_code, z.offence_code, z.period, z.offences, z.source %15$s %16$s
			  FROM (SELECT g.first_line, g.area_code, g.offence_code, g.period,
						   CASE WHEN g.n > 1 AND NOT g.composite
								THEN (SELECT f.offences FROM first f WHERE f.line = g.first_line)
								ELSE g.offences END AS offences,
						   $1 AS source %17$s
					  FROM g
					 WHERE NOT EXISTS (SELECT 1 FROM gov
										WHERE gov.area_code = g.area_code AND gov.offence_code = g.offence_code
										  AND gov.period = g.period %14$s)
					OFFSET 0) z
			 -- in the file's order (by the key's first line: an integer sort,
			 -- a quarter of the time of a sort by the codes): the Home Office
			 -- tables list an area's offences together, so that consecutive
			 -- insertions into the btree on (area_code, offence_code, ...)
			 -- touch the same pages, as they do in key order
			 ORDER BY z.first_line
		), late AS (
			-- the lines of those keys that are rejected: their fields are
			-- read again below (few or none; c keeps no fields for them)
			SELECT c.line,
				   CASE
					WHEN NOT x.composite AND c.line <> x.first_line
					THEN 'duplicate row: same area, offence code and quarter as line ' || x.first_line
					ELSE 'overlaps offences already loaded from source ' || quote_literal(x.ov_source)
				   END AS reason
			  FROM c
			  JOIN x
				ON x.area_code = c.area_code AND x.offence_code = c.offence
			   AND x.period = c.period %19$s
			 WHERE c.reason IS NULL
			   AND ((NOT x.composite AND c.line <> x.first_line) OR x.ov_source IS NOT NULL)
		), rej AS (
			INSERT INTO crimestats.import_reject (source, format, line, reason, raw)
			SELECT $1, $2, c.line, c.reason, c.raw
			  FROM c
			 WHERE c.reason IS NOT NULL
			RETURNING 1
		)
		SELECT (SELECT count(*) FROM c),
			   (SELECT coalesce(sum(CASE WHEN g.composite THEN g.n ELSE 1 END), 0) FROM g)
			   - (SELECT coalesce(sum(CASE WHEN x.composite THEN x.n ELSE 1 END), 0) FROM x WHERE x.ov_source IS NOT NULL),
			   (SELECT count(*) FROM rej),
			   (SELECT coalesce(array_agg(late.line ORDER BY late.line), '{}') FROM late),
			   (SELECT coalesce(array_agg(late.reason ORDER BY late.line), '{}') FROM late)
		$q$,
		rows_sql,                                                                      -- 1
		nm_raw,
		fields_sql,                                                                    -- 3
		CASE WHEN format = 'prc_outcomes' THEN 'ot.code' ELSE 'NULL::integer' END,    -- 4
		CASE WHEN format = 'prc_outcomes' THEN 'ncl.v' ELSE 'NULL::bigint' END,       -- 5
		reason_sql,                                                                    -- 6
		CASE WHEN format = 'prc_outcomes' THEN 'recorded_count' ELSE 'offence_count' END,  -- 7
		CASE WHEN format = 'prc_csp' THEN 's.csp_name' ELSE 's.force_name' END,       -- 8
		CASE format                                                                    -- 9
			WHEN 'prc_csp' THEN format($s$
			  LEFT JOIN unnest(%L::text[], %L::text[]) fr (name, code) ON fr.name = s.force_name
			  LEFT JOIN crimestats.area ca ON ca.code = ar.code$s$, fnm_raw, fnm_code)
			WHEN 'prc_outcomes' THEN format($s$
			  LEFT JOIN crimestats.outcome_type ot
				ON ot.code = CASE WHEN btrim(s.outcome_type) ~ '^[0-9]{1,4}$' THEN btrim(s.outcome_type)::integer END
			  LEFT JOIN unnest(%L::text[], %L::bigint[]) ncl (val, v) ON ncl.val = s.closed_count$s$, cl_v, cl_count)
			ELSE '' END,
		CASE WHEN format = 'prc_outcomes' THEN ', c.outcome_code' ELSE '' END,         -- 10
		target,                                                                        -- 11
		CASE WHEN format = 'prc_outcomes' THEN ', g.outcome_code' ELSE '' END,         -- 12
		CASE WHEN format = 'prc_outcomes' THEN 'AND t.outcome_code = g.outcome_code' ELSE '' END,  -- 13
		CASE WHEN format = 'prc_outcomes' THEN 'AND gov.outcome_code = g.outcome_code' ELSE '' END, -- 14
		key_extra, val_cols,                                                           -- 15, 16
		CASE WHEN format = 'prc_outcomes'
			 THEN ', g.outcome_code, CASE WHEN g.n > 1 AND NOT g.composite THEN (SELECT f.closed FROM first f WHERE f.line = g.first_line) ELSE g.closed END AS investigations_closed'
			 ELSE '' END,                                                             -- 17
		replace(fields_sql, 's.', 'c0.'),                                              -- 18
		CASE WHEN format = 'prc_outcomes' THEN 'AND x.outcome_code = c.outcome_code' ELSE '' END,  -- 19
		CASE WHEN format = 'prc_outcomes' THEN 'AND t.outcome_code = gov.outcome_code' ELSE '' END,  -- 20
		nm_code, q_fy, q_fq, q_period, n_v, n_count,                                  -- 21-26
		CASE WHEN format = 'prc_outcomes' THEN ', gov.outcome_code' ELSE '' END,       -- 27
		CASE WHEN format = 'prc_outcomes' THEN 'AND ov.outcome_code = k.outcome_code' ELSE '' END,  -- 28
		oc_raw, oc_code, areas, span,                                                  -- 29-32
		offences)                                                                      -- 33
	USING source, format
	INTO r, l, j, late_lines, late_reasons;

	-- The lines rejected as repeated or overlapping, with their fields from
	-- the rows read again (rows_sql is read in the same order each time).
	IF cardinality(late_lines) > 0 THEN
		EXECUTE format($q$
			INSERT INTO crimestats.import_reject (source, format, line, reason, raw)
			SELECT $1, $2, s.line, u.reason, ARRAY[%s]
			  FROM (%s) s
			  JOIN unnest($3::bigint[], $4::text[]) u (line, reason) ON u.line = s.line
			$q$, fields_sql, rows_sql)
		USING source, format, late_lines, late_reasons;
		GET DIAGNOSTICS late = ROW_COUNT;
		j := j + late;
	END IF;

	IF r <> l + j THEN
		RAISE EXCEPTION 'import_%: read % rows but loaded % and rejected %', format, r, l, j;
	END IF;
	RETURN QUERY SELECT r, l, j;
END;
$$;
COMMENT ON FUNCTION crimestats.import_prc_rows(text, text, text) IS
  'Loads Home Office table rows (format prc_force, prc_csp or prc_outcomes) from the query rows_sql, which returns line plus the staging table''s columns; used by the import functions and by ETL code that holds rows elsewhere.  rows_sql is run two or three times (distinct values first, then every row, then the fields of lines rejected as repeated or overlapping) and must return the same rows each time.  Returns (read, loaded, rejected); loaded counts rows read, so the four Homicide rows summed into one count as four.';

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
	-- Each line is split once, into a temporary table: the import reads its
	-- rows two or three times (import_prc_rows), and the rejects below once
	-- more, where splitting a line as CSV costs more than reading it.
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

-- import_prc_rows, with its one-pass overlap check and its rows inserted in
-- key order, is replaced above, with the other changes to the imports.

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
