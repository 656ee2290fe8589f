-- Per-day rates, new in 1.1: the 'byar' method of per_day_rate_ci and
-- per_day_ci (exact below 10 cases, Byar's approximation from 10: the
-- Fingertips convention, see docs/comparisons.md).  C in src/rates.c.
-- Its own piece so that the 1.0 -> 1.1 upgrade script includes it whole.

CREATE FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, bigint, daterange, double precision, text)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_method_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, bigint, daterange, double precision, text)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_method_maccum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, bigint, daterange, double precision, text)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_method_minv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, bigint, daterange, double precision, text) IS 'Transition function of per_day_rate_ci with a method.';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, bigint, daterange, double precision, text) IS 'Moving-aggregate transition function of per_day_rate_ci with a method.';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, bigint, daterange, double precision, text) IS 'Moving-aggregate inverse transition function of per_day_rate_ci with a method.';
CREATE AGGREGATE crimestats.per_day_rate_ci(cases bigint, period daterange, confidence double precision, method text) (
	SFUNC = crimestats_internal.per_day_rate_ci_accum,
	STYPE = crimestats.rate_summary,
	FINALFUNC = crimestats_internal.per_day_rate_ci_final,
	COMBINEFUNC = crimestats_internal.rate_summary_combine,
	MSFUNC = crimestats_internal.per_day_rate_ci_maccum,
	MINVFUNC = crimestats_internal.per_day_rate_ci_minv,
	MSTYPE = crimestats.rate_summary,
	MFINALFUNC = crimestats_internal.per_day_rate_ci_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.per_day_rate_ci(bigint, daterange, double precision, text) IS
  'Cases per day with the Poisson interval of the total divided by the days, by method ''exact'' (Garwood) or ''byar'' (exact below 10 cases, Byar''s approximation from 10: the Fingertips convention).  Confidence and method must be the same on every row.';

CREATE FUNCTION crimestats.per_day_ci(crimestats.rate_summary, confidence double precision, method text)
  RETURNS crimestats.estimate AS 'MODULE_PATHNAME', 'rate_summary_per_day_ci_method' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.per_day_ci(crimestats.rate_summary, double precision, text) IS 'Cases per day of a rate_summary with the Poisson interval of its total by method ''exact'' (Garwood) or ''byar'' (exact below 10 cases, Byar''s approximation from 10).';
