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

------------------------------------------------------------------------------
-- reliability: concurrent imports of overlapping sources into
-- recorded_offence or offence_outcome wait for each other instead of the
-- later failing whole on the exclusion constraint (src/import.sql,
-- import_begin; tests/soak.sh).  Only the two LOCK TABLE statements and the
-- comments differ from 1.0's import_begin: a branch that also replaces
-- import_begin must carry them.
------------------------------------------------------------------------------
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
COMMENT ON FUNCTION crimestats.import_begin(text, text) IS
  'Used by the import functions: takes the per-source lock (and for recorded_offence and offence_outcome the table''s import lock, held until commit) and deletes the rows and rejects an earlier import of the same source and format left.';
