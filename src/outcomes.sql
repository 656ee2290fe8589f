-- Outcome ratios: the ratio_summary type, the outcome_ratio aggregates and
-- the Wilson score interval (src/outcomes.c).

-- The summary type: hits out of a total, and the confidence level when a
-- _ci aggregate built it.

CREATE TYPE crimestats.ratio_summary;

CREATE FUNCTION crimestats_internal.ratio_summary_in(cstring)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_in(cstring) IS
  'Text input of crimestats.ratio_summary: {"hits":65,"total":100} or {"hits":65,"total":100,"confidence":0.95}.';

CREATE FUNCTION crimestats_internal.ratio_summary_out(crimestats.ratio_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'ratio_summary_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_out(crimestats.ratio_summary) IS
  'Text output of crimestats.ratio_summary.';

CREATE FUNCTION crimestats_internal.ratio_summary_recv(internal)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_recv(internal) IS
  'Binary input of crimestats.ratio_summary: version byte, int8 hits, int8 total, float8 confidence (0 = unset).';

CREATE FUNCTION crimestats_internal.ratio_summary_send(crimestats.ratio_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ratio_summary_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_send(crimestats.ratio_summary) IS
  'Binary output of crimestats.ratio_summary.';

CREATE TYPE crimestats.ratio_summary (
	INPUT = crimestats_internal.ratio_summary_in,
	OUTPUT = crimestats_internal.ratio_summary_out,
	RECEIVE = crimestats_internal.ratio_summary_recv,
	SEND = crimestats_internal.ratio_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);
COMMENT ON TYPE crimestats.ratio_summary IS
  'Summary of an outcome ratio: hits out of a total (exact bigint counts), plus the confidence level when built by an outcome_ratio_ci aggregate. The state of the outcome_ratio aggregates; build with ratio_summary(...), merge with rollup(...), read with ratio(), ratio_ci(), hits(), total(). Text form {"hits":65,"total":100}.';

-- Support functions of the aggregates (not for direct use).

CREATE FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, boolean)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_bool'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, boolean) IS
  'Transition function of ratio_summary(boolean) and outcome_ratio(boolean).';

CREATE FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, boolean)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_bool'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, boolean) IS
  'Moving-aggregate (window) transition function of ratio_summary(boolean) and outcome_ratio(boolean).';

CREATE FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, boolean)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_bool'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, boolean) IS
  'Inverse transition function (window frames) of ratio_summary(boolean) and outcome_ratio(boolean).';

CREATE FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, bigint, bigint)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_counts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, bigint, bigint) IS
  'Transition function of ratio_summary(bigint, bigint) and outcome_ratio(bigint, bigint).';

CREATE FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, bigint, bigint)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_counts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, bigint, bigint) IS
  'Moving-aggregate (window) transition function of ratio_summary(bigint, bigint) and outcome_ratio(bigint, bigint).';

CREATE FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, bigint, bigint)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_counts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, bigint, bigint) IS
  'Inverse transition function (window frames) of ratio_summary(bigint, bigint) and outcome_ratio(bigint, bigint).';

CREATE FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, boolean, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_bool_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, boolean, double precision) IS
  'Transition function of outcome_ratio_ci(boolean, float8).';

CREATE FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, boolean, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_bool_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, boolean, double precision) IS
  'Moving-aggregate (window) transition function of outcome_ratio_ci(boolean, float8).';

CREATE FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, boolean, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_bool_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, boolean, double precision) IS
  'Inverse transition function (window frames) of outcome_ratio_ci(boolean, float8).';

CREATE FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, bigint, bigint, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_counts_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, bigint, bigint, double precision) IS
  'Transition function of outcome_ratio_ci(bigint, bigint, float8).';

CREATE FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, bigint, bigint, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_counts_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, bigint, bigint, double precision) IS
  'Moving-aggregate (window) transition function of outcome_ratio_ci(bigint, bigint, float8).';

CREATE FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, bigint, bigint, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_counts_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, bigint, bigint, double precision) IS
  'Inverse transition function (window frames) of outcome_ratio_ci(bigint, bigint, float8).';

CREATE FUNCTION crimestats_internal.ratio_summary_combine(crimestats.ratio_summary, crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_combine(crimestats.ratio_summary, crimestats.ratio_summary) IS
  'Combine function of every ratio_summary aggregate, and transition function of rollup(ratio_summary).';

CREATE FUNCTION crimestats_internal.ratio_summary_rollup_maccum(crimestats.ratio_summary, crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_rollup_maccum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_rollup_maccum(crimestats.ratio_summary, crimestats.ratio_summary) IS
  'Moving-aggregate (window) transition function of rollup(ratio_summary).';

CREATE FUNCTION crimestats_internal.ratio_summary_rollup_minv(crimestats.ratio_summary, crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_rollup_minv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_rollup_minv(crimestats.ratio_summary, crimestats.ratio_summary) IS
  'Inverse transition function (window frames) of rollup(ratio_summary).';

CREATE FUNCTION crimestats_internal.ratio_summary_final(crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_final(crimestats.ratio_summary) IS
  'Final function of ratio_summary(...) and rollup(ratio_summary): the summary.';

CREATE FUNCTION crimestats_internal.ratio_summary_mfinal(crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_mfinal'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_mfinal(crimestats.ratio_summary) IS
  'Moving-aggregate (window) final function of ratio_summary(...) and rollup(ratio_summary): NULL for an empty frame.';

CREATE FUNCTION crimestats_internal.outcome_ratio_final(crimestats.ratio_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'outcome_ratio_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.outcome_ratio_final(crimestats.ratio_summary) IS
  'Final function of outcome_ratio: hits / total, NULL when the total is zero.';

CREATE FUNCTION crimestats_internal.outcome_ratio_ci_final(crimestats.ratio_summary)
RETURNS crimestats.estimate
AS 'MODULE_PATHNAME', 'outcome_ratio_ci_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.outcome_ratio_ci_final(crimestats.ratio_summary) IS
  'Final function of outcome_ratio_ci: the ratio with its Wilson score interval, NULL when the total is zero.';

-- Building aggregates and rollup (two-step use).

CREATE AGGREGATE crimestats.ratio_summary(hit boolean) (
	SFUNC = crimestats_internal.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats_internal.ratio_summary_final,
	COMBINEFUNC = crimestats_internal.ratio_summary_combine,
	MSFUNC = crimestats_internal.ratio_summary_maccum,
	MINVFUNC = crimestats_internal.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats_internal.ratio_summary_mfinal,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.ratio_summary(boolean) IS
  'Summary of an outcome ratio: how many rows are true (hits) out of the non-null rows (total). Merge with rollup(), read with ratio(), ratio_ci(), hits(), total().';

CREATE AGGREGATE crimestats.ratio_summary(hits bigint, total bigint) (
	SFUNC = crimestats_internal.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats_internal.ratio_summary_final,
	COMBINEFUNC = crimestats_internal.ratio_summary_combine,
	MSFUNC = crimestats_internal.ratio_summary_maccum,
	MINVFUNC = crimestats_internal.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats_internal.ratio_summary_mfinal,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.ratio_summary(bigint, bigint) IS
  'Summary of an outcome ratio: sum(hits) out of sum(total); each row needs 0 <= hits <= total. Merge with rollup(), read with ratio(), ratio_ci(), hits(), total().';

CREATE AGGREGATE crimestats.rollup(crimestats.ratio_summary) (
	SFUNC = crimestats_internal.ratio_summary_combine,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats_internal.ratio_summary_final,
	COMBINEFUNC = crimestats_internal.ratio_summary_combine,
	MSFUNC = crimestats_internal.ratio_summary_rollup_maccum,
	MINVFUNC = crimestats_internal.ratio_summary_rollup_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats_internal.ratio_summary_mfinal,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.rollup(crimestats.ratio_summary) IS
  'Merges ratio summaries: hits and totals add up (summaries that carry a confidence must agree on it).';

-- One-step aggregates.

CREATE AGGREGATE crimestats.outcome_ratio(hit boolean) (
	SFUNC = crimestats_internal.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats_internal.outcome_ratio_final,
	COMBINEFUNC = crimestats_internal.ratio_summary_combine,
	MSFUNC = crimestats_internal.ratio_summary_maccum,
	MINVFUNC = crimestats_internal.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats_internal.outcome_ratio_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.outcome_ratio(boolean) IS
  'Outcome ratio: count(true) / count(not null). NULL over no rows.';

CREATE AGGREGATE crimestats.outcome_ratio(hits bigint, total bigint) (
	SFUNC = crimestats_internal.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats_internal.outcome_ratio_final,
	COMBINEFUNC = crimestats_internal.ratio_summary_combine,
	MSFUNC = crimestats_internal.ratio_summary_maccum,
	MINVFUNC = crimestats_internal.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats_internal.outcome_ratio_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.outcome_ratio(bigint, bigint) IS
  'Outcome ratio: sum(hits) / sum(total); error if a row has hits < 0, total < 0 or hits > total. NULL when the total is zero.';

CREATE AGGREGATE crimestats.outcome_ratio_ci(hit boolean, confidence double precision) (
	SFUNC = crimestats_internal.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats_internal.outcome_ratio_ci_final,
	COMBINEFUNC = crimestats_internal.ratio_summary_combine,
	MSFUNC = crimestats_internal.ratio_summary_maccum,
	MINVFUNC = crimestats_internal.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats_internal.outcome_ratio_ci_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.outcome_ratio_ci(boolean, double precision) IS
  'Outcome ratio count(true) / count(not null) with its Wilson score interval (no continuity correction) at the given confidence, the same on every row.';

CREATE AGGREGATE crimestats.outcome_ratio_ci(hits bigint, total bigint, confidence double precision) (
	SFUNC = crimestats_internal.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats_internal.outcome_ratio_ci_final,
	COMBINEFUNC = crimestats_internal.ratio_summary_combine,
	MSFUNC = crimestats_internal.ratio_summary_maccum,
	MINVFUNC = crimestats_internal.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats_internal.outcome_ratio_ci_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.outcome_ratio_ci(bigint, bigint, double precision) IS
  'Outcome ratio sum(hits) / sum(total) with its Wilson score interval (no continuity correction) at the given confidence, the same on every row.';

-- Accessors and the scalar interval.

CREATE FUNCTION crimestats.ratio(crimestats.ratio_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'ratio_summary_ratio'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio(crimestats.ratio_summary) IS
  'Hits / total of a ratio summary; NULL when the total is zero.';

CREATE FUNCTION crimestats.ratio_ci(crimestats.ratio_summary, confidence double precision)
RETURNS crimestats.estimate
AS 'MODULE_PATHNAME', 'ratio_summary_ratio_ci'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_ci(crimestats.ratio_summary, double precision) IS
  'Hits / total of a ratio summary with its Wilson score interval at the given confidence; NULL when the total is zero.';

CREATE FUNCTION crimestats.hits(crimestats.ratio_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ratio_summary_hits'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.hits(crimestats.ratio_summary) IS
  'The hits (numerator) of a ratio summary.';

CREATE FUNCTION crimestats.total(crimestats.ratio_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ratio_summary_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.total(crimestats.ratio_summary) IS
  'The total (denominator) of a ratio summary.';

CREATE FUNCTION crimestats.wilson_ci(hits bigint, total bigint,
									 confidence double precision DEFAULT 0.95)
RETURNS crimestats.estimate
AS 'MODULE_PATHNAME', 'wilson_ci'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.wilson_ci(bigint, bigint, double precision) IS
  'Wilson score interval (no continuity correction) for hits out of total: estimate hits/total with its bounds. NULL when total is 0; error if hits < 0, hits > total or confidence outside (0, 1).';
