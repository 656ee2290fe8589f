-- Per-day rates: rate_summary, per_day_rate, per_day_rate_ci, rollup, the
-- accessors and the scalar rate functions.  C in src/rates.c.

CREATE TYPE crimestats.rate_summary;

CREATE FUNCTION crimestats_internal.rate_summary_in(cstring) RETURNS crimestats.rate_summary
  AS 'MODULE_PATHNAME', 'rate_summary_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_out(crimestats.rate_summary) RETURNS cstring
  AS 'MODULE_PATHNAME', 'rate_summary_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_recv(internal) RETURNS crimestats.rate_summary
  AS 'MODULE_PATHNAME', 'rate_summary_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_send(crimestats.rate_summary) RETURNS bytea
  AS 'MODULE_PATHNAME', 'rate_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE crimestats.rate_summary (
	INPUT = crimestats_internal.rate_summary_in,
	OUTPUT = crimestats_internal.rate_summary_out,
	RECEIVE = crimestats_internal.rate_summary_recv,
	SEND = crimestats_internal.rate_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE crimestats.rate_summary IS
  'Summary of counts over periods: the exact total of cases and the union of the days covered.  Text form {"cases":N,"days":[["first day","day after last"),...]}; a partial state of per_day_rate_ci (parallel workers, Citus) also carries "confidence" (and "method":"byar" when asked for).  Build with rate_summary(cases, period), merge with rollup(), read with per_day(), per_day_ci(), cases(), days().';
COMMENT ON FUNCTION crimestats_internal.rate_summary_in(cstring) IS 'Text input of rate_summary: {"cases":N,"days":[["YYYY-MM-DD","YYYY-MM-DD"),...]}, intervals sorted, disjoint and not adjacent.';
COMMENT ON FUNCTION crimestats_internal.rate_summary_out(crimestats.rate_summary) IS 'Text output of rate_summary.';
COMMENT ON FUNCTION crimestats_internal.rate_summary_recv(internal) IS 'Binary input of rate_summary (validated).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_send(crimestats.rate_summary) IS 'Binary output of rate_summary.';

-- Support functions of the aggregates (not for direct use).
CREATE FUNCTION crimestats_internal.rate_summary_accum(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_maccum(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_maccum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_minv(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_minv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_accum(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_maccum(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_maccum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_minv(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_minv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, bigint, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, bigint, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_maccum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, bigint, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_minv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_combine(crimestats.rate_summary, crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_rollup_accum(crimestats.rate_summary, crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_rollup_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_rollup_maccum(crimestats.rate_summary, crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_rollup_maccum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_rollup_minv(crimestats.rate_summary, crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_rollup_minv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_final(crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_final(crimestats.rate_summary)
  RETURNS double precision AS 'MODULE_PATHNAME', 'per_day_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_final(crimestats.rate_summary)
  RETURNS crimestats.estimate AS 'MODULE_PATHNAME', 'per_day_rate_ci_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION crimestats_internal.rate_summary_accum(crimestats.rate_summary, bigint, daterange) IS 'Transition function of rate_summary(bigint, daterange).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_maccum(crimestats.rate_summary, bigint, daterange) IS 'Moving-aggregate transition function of rate_summary(bigint, daterange).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_minv(crimestats.rate_summary, bigint, daterange) IS 'Moving-aggregate inverse transition function of rate_summary(bigint, daterange).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_accum(crimestats.rate_summary, bigint, daterange) IS 'Transition function of per_day_rate.';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_maccum(crimestats.rate_summary, bigint, daterange) IS 'Moving-aggregate transition function of per_day_rate.';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_minv(crimestats.rate_summary, bigint, daterange) IS 'Moving-aggregate inverse transition function of per_day_rate.';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, bigint, daterange, double precision) IS 'Transition function of per_day_rate_ci.';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, bigint, daterange, double precision) IS 'Moving-aggregate transition function of per_day_rate_ci.';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, bigint, daterange, double precision) IS 'Moving-aggregate inverse transition function of per_day_rate_ci.';
COMMENT ON FUNCTION crimestats_internal.rate_summary_combine(crimestats.rate_summary, crimestats.rate_summary) IS 'Combine function of the rate aggregates (parallel and partial aggregation).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_rollup_accum(crimestats.rate_summary, crimestats.rate_summary) IS 'Transition function of rollup(rate_summary).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_rollup_maccum(crimestats.rate_summary, crimestats.rate_summary) IS 'Moving-aggregate transition function of rollup(rate_summary).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_rollup_minv(crimestats.rate_summary, crimestats.rate_summary) IS 'Moving-aggregate inverse transition function of rollup(rate_summary).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_final(crimestats.rate_summary) IS 'Final function of rate_summary() and rollup(): the compact merged summary.';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_final(crimestats.rate_summary) IS 'Final function of per_day_rate.';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_final(crimestats.rate_summary) IS 'Final function of per_day_rate_ci.';

CREATE AGGREGATE crimestats.rate_summary(cases bigint, period daterange) (
	SFUNC = crimestats_internal.rate_summary_accum,
	STYPE = crimestats.rate_summary,
	FINALFUNC = crimestats_internal.rate_summary_final,
	COMBINEFUNC = crimestats_internal.rate_summary_combine,
	MSFUNC = crimestats_internal.rate_summary_maccum,
	MINVFUNC = crimestats_internal.rate_summary_minv,
	MSTYPE = crimestats.rate_summary,
	MFINALFUNC = crimestats_internal.rate_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.rate_summary(bigint, daterange) IS
  'Summarise counts over periods into a rate_summary (total cases, union of days), to store and roll up later with rollup().';

CREATE AGGREGATE crimestats.rollup(crimestats.rate_summary) (
	SFUNC = crimestats_internal.rate_summary_rollup_accum,
	STYPE = crimestats.rate_summary,
	FINALFUNC = crimestats_internal.rate_summary_final,
	COMBINEFUNC = crimestats_internal.rate_summary_combine,
	MSFUNC = crimestats_internal.rate_summary_rollup_maccum,
	MINVFUNC = crimestats_internal.rate_summary_rollup_minv,
	MSTYPE = crimestats.rate_summary,
	MFINALFUNC = crimestats_internal.rate_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.rollup(crimestats.rate_summary) IS
  'Merge rate summaries: cases add up, days are the union of their days.';

CREATE AGGREGATE crimestats.per_day_rate(cases bigint, period daterange) (
	SFUNC = crimestats_internal.per_day_rate_accum,
	STYPE = crimestats.rate_summary,
	FINALFUNC = crimestats_internal.per_day_rate_final,
	COMBINEFUNC = crimestats_internal.rate_summary_combine,
	MSFUNC = crimestats_internal.per_day_rate_maccum,
	MINVFUNC = crimestats_internal.per_day_rate_minv,
	MSTYPE = crimestats.rate_summary,
	MFINALFUNC = crimestats_internal.per_day_rate_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.per_day_rate(bigint, daterange) IS
  'Cases per day: sum(cases) / number of distinct days in the union of the periods.  NULL over no rows; error if the total is negative.';

CREATE AGGREGATE crimestats.per_day_rate_ci(cases bigint, period daterange, confidence double precision) (
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
COMMENT ON AGGREGATE crimestats.per_day_rate_ci(bigint, daterange, double precision) IS
  'Cases per day with the exact Poisson (Garwood) interval of the total divided by the days.  The confidence (e.g. 0.95) must be the same on every row.';

-- Accessors
CREATE FUNCTION crimestats.per_day(crimestats.rate_summary) RETURNS double precision
  AS 'MODULE_PATHNAME', 'rate_summary_per_day' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.per_day(crimestats.rate_summary) IS 'Cases per day of a rate_summary.';
CREATE FUNCTION crimestats.per_day_ci(crimestats.rate_summary, confidence double precision DEFAULT 0.95)
  RETURNS crimestats.estimate AS 'MODULE_PATHNAME', 'rate_summary_per_day_ci' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.per_day_ci(crimestats.rate_summary, double precision) IS 'Cases per day of a rate_summary with its exact Poisson interval.';
CREATE FUNCTION crimestats.cases(crimestats.rate_summary) RETURNS bigint
  AS 'MODULE_PATHNAME', 'rate_summary_cases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.cases(crimestats.rate_summary) IS 'Total of cases in a rate_summary.';
CREATE FUNCTION crimestats.days(crimestats.rate_summary) RETURNS integer
  AS 'MODULE_PATHNAME', 'rate_summary_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.days(crimestats.rate_summary) IS 'Number of distinct days covered by a rate_summary.';

-- Scalar functions
CREATE FUNCTION crimestats.days_in(period daterange) RETURNS integer
  AS 'MODULE_PATHNAME', 'days_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.days_in(daterange) IS 'Number of days in a finite, non-empty date range (366 for a year with 29 February).';
CREATE FUNCTION crimestats.per_day(cases numeric, period daterange) RETURNS double precision
  AS 'MODULE_PATHNAME', 'per_day_scalar' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.per_day(numeric, daterange) IS 'cases / days_in(period): e.g. per_day(1821, ''[2017-10-01,2018-10-01)'') = 4.99.';
CREATE FUNCTION crimestats.rate_per(cases numeric, population numeric, per numeric DEFAULT 1000) RETURNS double precision
  AS 'MODULE_PATHNAME', 'rate_per' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.rate_per(numeric, numeric, numeric) IS 'cases / population * per (the ONS rate per 1,000 population by default); NULL when the population is 0.';
CREATE FUNCTION crimestats.poisson_ci(cases bigint, confidence double precision DEFAULT 0.95) RETURNS crimestats.estimate
  AS 'MODULE_PATHNAME', 'poisson_ci' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.poisson_ci(bigint, double precision) IS 'Exact Poisson (Garwood) confidence interval for a count: lower = qchisq(alpha/2, 2x)/2, upper = qchisq(1-alpha/2, 2x+2)/2.';
