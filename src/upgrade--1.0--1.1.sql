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
-- and the import functions' own helpers (src/import_functions.sql, a piece
-- of this script, replaces them)
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

-- The import functions themselves are src/import_functions.sql and
-- src/import_prc.sql, pieces that follow this file whole (CREATE OR
-- REPLACE).  What 1.1 changes in them, besides the above:
--  - reliability: concurrent imports of overlapping sources into
--    recorded_offence or offence_outcome wait for each other instead of
--    the later failing whole on the exclusion constraint (import_begin's
--    two LOCK TABLE statements; tests/soak.sh);
--  - roles: an import by a loader refuses a source the loader may not load
--    (crimestats.may_load, src/roles.sql) before it deletes or writes
--    anything, and takes only rows its own transaction staged
--    (crimestats_internal.check_staged);
--  - national scale: the Home Office check in one pass, in C (prc_batch).

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
-- check a batch in one pass (src/rates_views.sql, src/growth_views.sql,
-- src/outcomes_views.sql, src/import_prc.sql, where the reasons are
-- given).
--
-- The four views and their per-area functions: src/rates_views.sql,
-- src/growth_views.sql and src/outcomes_views.sql follow this file whole
-- (CREATE OR REPLACE VIEW: the views keep their columns, names and types in
-- 1.0's order, their comments and their grants; views of users' built on
-- them stay valid).

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
