-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION crimestats" to load this file. \quit

-- src/common.sql
-- Types shared by every family.

CREATE TYPE crimestats.estimate AS (
	estimate double precision,
	lower double precision,
	upper double precision,
	numerator double precision,
	denominator double precision,
	confidence double precision
);
COMMENT ON TYPE crimestats.estimate IS
  'A figure with its confidence interval: estimate, lower and upper bounds, the numerator and denominator it was computed from (cases and days for rates, hits and total for ratios) and the confidence level.';
COMMENT ON COLUMN crimestats.estimate.estimate IS 'The point estimate (numerator / denominator).';
COMMENT ON COLUMN crimestats.estimate.lower IS 'Lower bound of the confidence interval.';
COMMENT ON COLUMN crimestats.estimate.upper IS 'Upper bound of the confidence interval.';
COMMENT ON COLUMN crimestats.estimate.numerator IS 'Cases (rates) or hits (ratios).';
COMMENT ON COLUMN crimestats.estimate.denominator IS 'Days (rates; 1 for poisson_ci) or total (ratios).';
COMMENT ON COLUMN crimestats.estimate.confidence IS 'Confidence level of the interval, e.g. 0.95.';

-- src/rates.sql
-- Per-day rates: rate_summary, per_day_rate, per_day_rate_ci, rollup, the
-- accessors and the scalar rate functions.  C in src/rates.c.

CREATE TYPE crimestats.rate_summary;

CREATE FUNCTION crimestats.rate_summary_in(cstring) RETURNS crimestats.rate_summary
  AS 'MODULE_PATHNAME', 'rate_summary_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_out(crimestats.rate_summary) RETURNS cstring
  AS 'MODULE_PATHNAME', 'rate_summary_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_recv(internal) RETURNS crimestats.rate_summary
  AS 'MODULE_PATHNAME', 'rate_summary_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_send(crimestats.rate_summary) RETURNS bytea
  AS 'MODULE_PATHNAME', 'rate_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE crimestats.rate_summary (
	INPUT = crimestats.rate_summary_in,
	OUTPUT = crimestats.rate_summary_out,
	RECEIVE = crimestats.rate_summary_recv,
	SEND = crimestats.rate_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE crimestats.rate_summary IS
  'Summary of counts over periods: the exact total of cases and the union of the days covered.  Text form {"cases":N,"days":[["first day","day after last"),...]}; a partial state of per_day_rate_ci (parallel workers, Citus) also carries "confidence".  Build with rate_summary(cases, period), merge with rollup(), read with per_day(), per_day_ci(), cases(), days().';
COMMENT ON FUNCTION crimestats.rate_summary_in(cstring) IS 'Text input of rate_summary: {"cases":N,"days":[["YYYY-MM-DD","YYYY-MM-DD"),...]}, intervals sorted, disjoint and not adjacent.';
COMMENT ON FUNCTION crimestats.rate_summary_out(crimestats.rate_summary) IS 'Text output of rate_summary.';
COMMENT ON FUNCTION crimestats.rate_summary_recv(internal) IS 'Binary input of rate_summary (validated).';
COMMENT ON FUNCTION crimestats.rate_summary_send(crimestats.rate_summary) IS 'Binary output of rate_summary.';

-- Support functions of the aggregates (not for direct use).
CREATE FUNCTION crimestats.rate_summary_accum(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_maccum(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_maccum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_minv(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_minv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.per_day_rate_accum(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.per_day_rate_maccum(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_maccum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.per_day_rate_minv(crimestats.rate_summary, bigint, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_minv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.per_day_rate_ci_accum(crimestats.rate_summary, bigint, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.per_day_rate_ci_maccum(crimestats.rate_summary, bigint, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_maccum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.per_day_rate_ci_minv(crimestats.rate_summary, bigint, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_minv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_combine(crimestats.rate_summary, crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_rollup_accum(crimestats.rate_summary, crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_rollup_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_rollup_maccum(crimestats.rate_summary, crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_rollup_maccum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_rollup_minv(crimestats.rate_summary, crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_rollup_minv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats.rate_summary_final(crimestats.rate_summary)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats.per_day_rate_final(crimestats.rate_summary)
  RETURNS double precision AS 'MODULE_PATHNAME', 'per_day_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION crimestats.per_day_rate_ci_final(crimestats.rate_summary)
  RETURNS crimestats.estimate AS 'MODULE_PATHNAME', 'per_day_rate_ci_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION crimestats.rate_summary_accum(crimestats.rate_summary, bigint, daterange) IS 'Transition function of rate_summary(bigint, daterange).';
COMMENT ON FUNCTION crimestats.rate_summary_maccum(crimestats.rate_summary, bigint, daterange) IS 'Moving-aggregate transition function of rate_summary(bigint, daterange).';
COMMENT ON FUNCTION crimestats.rate_summary_minv(crimestats.rate_summary, bigint, daterange) IS 'Moving-aggregate inverse transition function of rate_summary(bigint, daterange).';
COMMENT ON FUNCTION crimestats.per_day_rate_accum(crimestats.rate_summary, bigint, daterange) IS 'Transition function of per_day_rate.';
COMMENT ON FUNCTION crimestats.per_day_rate_maccum(crimestats.rate_summary, bigint, daterange) IS 'Moving-aggregate transition function of per_day_rate.';
COMMENT ON FUNCTION crimestats.per_day_rate_minv(crimestats.rate_summary, bigint, daterange) IS 'Moving-aggregate inverse transition function of per_day_rate.';
COMMENT ON FUNCTION crimestats.per_day_rate_ci_accum(crimestats.rate_summary, bigint, daterange, double precision) IS 'Transition function of per_day_rate_ci.';
COMMENT ON FUNCTION crimestats.per_day_rate_ci_maccum(crimestats.rate_summary, bigint, daterange, double precision) IS 'Moving-aggregate transition function of per_day_rate_ci.';
COMMENT ON FUNCTION crimestats.per_day_rate_ci_minv(crimestats.rate_summary, bigint, daterange, double precision) IS 'Moving-aggregate inverse transition function of per_day_rate_ci.';
COMMENT ON FUNCTION crimestats.rate_summary_combine(crimestats.rate_summary, crimestats.rate_summary) IS 'Combine function of the rate aggregates (parallel and partial aggregation).';
COMMENT ON FUNCTION crimestats.rate_summary_rollup_accum(crimestats.rate_summary, crimestats.rate_summary) IS 'Transition function of rollup(rate_summary).';
COMMENT ON FUNCTION crimestats.rate_summary_rollup_maccum(crimestats.rate_summary, crimestats.rate_summary) IS 'Moving-aggregate transition function of rollup(rate_summary).';
COMMENT ON FUNCTION crimestats.rate_summary_rollup_minv(crimestats.rate_summary, crimestats.rate_summary) IS 'Moving-aggregate inverse transition function of rollup(rate_summary).';
COMMENT ON FUNCTION crimestats.rate_summary_final(crimestats.rate_summary) IS 'Final function of rate_summary() and rollup(): the compact merged summary.';
COMMENT ON FUNCTION crimestats.per_day_rate_final(crimestats.rate_summary) IS 'Final function of per_day_rate.';
COMMENT ON FUNCTION crimestats.per_day_rate_ci_final(crimestats.rate_summary) IS 'Final function of per_day_rate_ci.';

CREATE AGGREGATE crimestats.rate_summary(cases bigint, period daterange) (
	SFUNC = crimestats.rate_summary_accum,
	STYPE = crimestats.rate_summary,
	FINALFUNC = crimestats.rate_summary_final,
	COMBINEFUNC = crimestats.rate_summary_combine,
	MSFUNC = crimestats.rate_summary_maccum,
	MINVFUNC = crimestats.rate_summary_minv,
	MSTYPE = crimestats.rate_summary,
	MFINALFUNC = crimestats.rate_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.rate_summary(bigint, daterange) IS
  'Summarise counts over periods into a rate_summary (total cases, union of days), to store and roll up later with rollup().';

CREATE AGGREGATE crimestats.rollup(crimestats.rate_summary) (
	SFUNC = crimestats.rate_summary_rollup_accum,
	STYPE = crimestats.rate_summary,
	FINALFUNC = crimestats.rate_summary_final,
	COMBINEFUNC = crimestats.rate_summary_combine,
	MSFUNC = crimestats.rate_summary_rollup_maccum,
	MINVFUNC = crimestats.rate_summary_rollup_minv,
	MSTYPE = crimestats.rate_summary,
	MFINALFUNC = crimestats.rate_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.rollup(crimestats.rate_summary) IS
  'Merge rate summaries: cases add up, days are the union of their days.';

CREATE AGGREGATE crimestats.per_day_rate(cases bigint, period daterange) (
	SFUNC = crimestats.per_day_rate_accum,
	STYPE = crimestats.rate_summary,
	FINALFUNC = crimestats.per_day_rate_final,
	COMBINEFUNC = crimestats.rate_summary_combine,
	MSFUNC = crimestats.per_day_rate_maccum,
	MINVFUNC = crimestats.per_day_rate_minv,
	MSTYPE = crimestats.rate_summary,
	MFINALFUNC = crimestats.per_day_rate_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.per_day_rate(bigint, daterange) IS
  'Cases per day: sum(cases) / number of distinct days in the union of the periods.  NULL over no rows; error if the total is negative.';

CREATE AGGREGATE crimestats.per_day_rate_ci(cases bigint, period daterange, confidence double precision) (
	SFUNC = crimestats.per_day_rate_ci_accum,
	STYPE = crimestats.rate_summary,
	FINALFUNC = crimestats.per_day_rate_ci_final,
	COMBINEFUNC = crimestats.rate_summary_combine,
	MSFUNC = crimestats.per_day_rate_ci_maccum,
	MINVFUNC = crimestats.per_day_rate_ci_minv,
	MSTYPE = crimestats.rate_summary,
	MFINALFUNC = crimestats.per_day_rate_ci_final,
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

-- src/growth.sql
-- growth: multi-year growth (SPEC 2.2).  See docs/growth.md.

-- The summary type: the total per distinct `at`.
CREATE TYPE crimestats.series_summary;

CREATE FUNCTION crimestats.series_summary_in(cstring)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_in(cstring) IS
  'Text input of crimestats.series_summary, e.g. {"at":"year","totals":[[2013,850,12],[2018,1821,12]]} (points are [at, total, rows], at strictly increasing).';

CREATE FUNCTION crimestats.series_summary_out(crimestats.series_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'series_summary_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_out(crimestats.series_summary) IS
  'Text output of crimestats.series_summary: {"at":"year"|"date","totals":[[at,total,rows],...]}; reads back exactly.';

CREATE FUNCTION crimestats.series_summary_recv(internal)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_recv(internal) IS
  'Binary input of crimestats.series_summary (version byte, kind byte, int32 count, then int32 at, float8 total, int64 rows per point); validates everything.';

CREATE FUNCTION crimestats.series_summary_send(crimestats.series_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'series_summary_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_send(crimestats.series_summary) IS
  'Binary output of crimestats.series_summary.';

CREATE TYPE crimestats.series_summary (
	INPUT = crimestats.series_summary_in,
	OUTPUT = crimestats.series_summary_out,
	RECEIVE = crimestats.series_summary_recv,
	SEND = crimestats.series_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE crimestats.series_summary IS
  'Summary of a series for growth figures: the total and row count per distinct at (a date, or an integer such as a year). Build with crimestats.series_summary(value, at), merge with crimestats.rollup(), read with growth_factor, pct_change, cagr, trend_growth, sparkline, first_total, last_total, n_points.';

-- Transition, inverse, combine and final functions.

CREATE FUNCTION crimestats.series_summary_accum(crimestats.series_summary, double precision, date)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_accum_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_accum(crimestats.series_summary, double precision, date) IS
  'Transition function of the growth aggregates (at date): adds a value to the total at its date; rows with a NULL argument are skipped.';

CREATE FUNCTION crimestats.series_summary_accum(crimestats.series_summary, double precision, integer)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_accum_int'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_accum(crimestats.series_summary, double precision, integer) IS
  'Transition function of the growth aggregates (at integer): adds a value to the total at its at; rows with a NULL argument are skipped.';

CREATE FUNCTION crimestats.series_summary_inv(crimestats.series_summary, double precision, date)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_inv_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_inv(crimestats.series_summary, double precision, date) IS
  'Moving-aggregate inverse of series_summary_accum (at date): removes a row exactly, or returns NULL so that the frame is recomputed.';

CREATE FUNCTION crimestats.series_summary_inv(crimestats.series_summary, double precision, integer)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_inv_int'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_inv(crimestats.series_summary, double precision, integer) IS
  'Moving-aggregate inverse of series_summary_accum (at integer): removes a row exactly, or returns NULL so that the frame is recomputed.';

CREATE FUNCTION crimestats.series_summary_combine(crimestats.series_summary, crimestats.series_summary)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_combine(crimestats.series_summary, crimestats.series_summary) IS
  'Merges two series summaries (combine function of the growth aggregates, transition function of rollup); NULLs are skipped; date- and integer-keyed summaries cannot merge.';

CREATE FUNCTION crimestats.series_summary_rollup_inv(crimestats.series_summary, crimestats.series_summary)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_rollup_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_rollup_inv(crimestats.series_summary, crimestats.series_summary) IS
  'Moving-aggregate inverse of rollup(series_summary): takes a summary back out exactly, or returns NULL so that the frame is recomputed.';

CREATE FUNCTION crimestats.series_summary_final(crimestats.series_summary)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.series_summary_final(crimestats.series_summary) IS
  'Final function of series_summary() and rollup(): a compact copy of the summary, NULL when no row counted.';

-- Accessors; each is also the final function of the one-step aggregate of
-- the same name.

CREATE FUNCTION crimestats.growth_factor(crimestats.series_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'series_growth_factor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.growth_factor(crimestats.series_summary) IS
  'Total at the latest at divided by the total at the earliest at; NULL with fewer than two points or a zero first total.';

CREATE FUNCTION crimestats.pct_change(crimestats.series_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'series_pct_change'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.pct_change(crimestats.series_summary) IS
  'Percentage change from the first to the last total, (last - first) / first * 100; NULL with fewer than two points or a zero first total.';

CREATE FUNCTION crimestats.cagr(crimestats.series_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'series_cagr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.cagr(crimestats.series_summary) IS
  'Compound annual growth rate (last / first) ^ (1 / years) - 1, years = difference of integer at or days / 365.25; NULL with fewer than two points or a zero first total; error on a negative total.';

CREATE FUNCTION crimestats.trend_growth(crimestats.series_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'series_trend_growth'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.trend_growth(crimestats.series_summary) IS
  'Annual growth factor exp(b) of the Poisson log-linear fit log E[total] = a + b * years (maximum likelihood over every point); NULL when the fit does not exist; error on a negative total.';

CREATE FUNCTION crimestats.sparkline(crimestats.series_summary)
RETURNS text
AS 'MODULE_PATHNAME', 'series_sparkline'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.sparkline(crimestats.series_summary) IS
  'The totals in order of at as block characters scaled from the smallest (▁) to the largest (█); a flat series is drawn as ▄; NULL with fewer than two points.';

CREATE FUNCTION crimestats.first_total(crimestats.series_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'series_first_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.first_total(crimestats.series_summary) IS
  'Total at the earliest at; NULL for an empty summary.';

CREATE FUNCTION crimestats.last_total(crimestats.series_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'series_last_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.last_total(crimestats.series_summary) IS
  'Total at the latest at; NULL for an empty summary.';

CREATE FUNCTION crimestats.n_points(crimestats.series_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'series_n_points'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.n_points(crimestats.series_summary) IS
  'Number of distinct at values (points) in the summary.';

-- Building aggregates and rollup.

CREATE AGGREGATE crimestats.series_summary(value double precision, at date) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.series_summary_final,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.series_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.series_summary(double precision, date) IS
  'Builds a series_summary (total per distinct date) for two-step growth figures; NULL rows are skipped.';

CREATE AGGREGATE crimestats.series_summary(value double precision, at integer) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.series_summary_final,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.series_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.series_summary(double precision, integer) IS
  'Builds a series_summary (total per distinct integer at, e.g. a year) for two-step growth figures; NULL rows are skipped.';

CREATE AGGREGATE crimestats.rollup(crimestats.series_summary) (
	SFUNC = crimestats.series_summary_combine,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.series_summary_final,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_combine,
	MINVFUNC = crimestats.series_summary_rollup_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.series_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.rollup(crimestats.series_summary) IS
  'Merges series summaries, adding the totals that share an at; date- and integer-keyed summaries cannot merge (22023).';

-- One-step aggregates: the same state, the accessor of the same name as
-- final function.

CREATE AGGREGATE crimestats.growth_factor(value double precision, at date) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.growth_factor,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.growth_factor,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.growth_factor(double precision, date) IS
  'Total at the latest at divided by the total at the earliest at (values sharing an at are summed first); NULL with fewer than two distinct at or a zero first total.';

CREATE AGGREGATE crimestats.growth_factor(value double precision, at integer) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.growth_factor,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.growth_factor,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.growth_factor(double precision, integer) IS
  'Total at the latest at divided by the total at the earliest at (values sharing an at are summed first); NULL with fewer than two distinct at or a zero first total.';

CREATE AGGREGATE crimestats.pct_change(value double precision, at date) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.pct_change,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.pct_change,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.pct_change(double precision, date) IS
  'Percentage change (last - first) / first * 100 between the totals at the earliest and latest at; NULL with fewer than two distinct at or a zero first total.';

CREATE AGGREGATE crimestats.pct_change(value double precision, at integer) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.pct_change,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.pct_change,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.pct_change(double precision, integer) IS
  'Percentage change (last - first) / first * 100 between the totals at the earliest and latest at; NULL with fewer than two distinct at or a zero first total.';

CREATE AGGREGATE crimestats.cagr(value double precision, at date) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.cagr,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.cagr,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.cagr(double precision, date) IS
  'Compound annual growth rate (last / first) ^ (1 / years) - 1 between the totals at the earliest and latest at; years = difference of integer at, or days / 365.25; error on a negative total.';

CREATE AGGREGATE crimestats.cagr(value double precision, at integer) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.cagr,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.cagr,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.cagr(double precision, integer) IS
  'Compound annual growth rate (last / first) ^ (1 / years) - 1 between the totals at the earliest and latest at; years = difference of integer at, or days / 365.25; error on a negative total.';

CREATE AGGREGATE crimestats.trend_growth(value double precision, at date) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.trend_growth,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.trend_growth,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.trend_growth(double precision, date) IS
  'Annual growth factor exp(b) of the Poisson log-linear maximum-likelihood fit log E[total] = a + b * years over the totals per at; NULL when the fit does not exist; error on a negative total.';

CREATE AGGREGATE crimestats.trend_growth(value double precision, at integer) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.trend_growth,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.trend_growth,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.trend_growth(double precision, integer) IS
  'Annual growth factor exp(b) of the Poisson log-linear maximum-likelihood fit log E[total] = a + b * years over the totals per at; NULL when the fit does not exist; error on a negative total.';

CREATE AGGREGATE crimestats.sparkline(value double precision, at date) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.sparkline,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.sparkline,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.sparkline(double precision, date) IS
  'The totals per at, in order, as Unicode block characters (▁ smallest to █ largest; ▄ for a flat series); NULL with fewer than two distinct at.';

CREATE AGGREGATE crimestats.sparkline(value double precision, at integer) (
	SFUNC = crimestats.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.sparkline,
	COMBINEFUNC = crimestats.series_summary_combine,
	MSFUNC = crimestats.series_summary_accum,
	MINVFUNC = crimestats.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.sparkline,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.sparkline(double precision, integer) IS
  'The totals per at, in order, as Unicode block characters (▁ smallest to █ largest; ▄ for a flat series); NULL with fewer than two distinct at.';

-- Window functions.

CREATE FUNCTION crimestats.growth_since(value double precision, at date, lookback interval)
RETURNS double precision
AS 'MODULE_PATHNAME', 'growth_since_date'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.growth_since(double precision, date, interval) IS
  'Window function (ORDER BY at): total at this row''s at divided by the total at exactly at - lookback in the partition; NULL when that at is absent or its total zero.';

CREATE FUNCTION crimestats.growth_since(value double precision, at integer, lookback integer)
RETURNS double precision
AS 'MODULE_PATHNAME', 'growth_since_int'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.growth_since(double precision, integer, integer) IS
  'Window function (ORDER BY at): total at this row''s at divided by the total at exactly at - lookback (lookback > 0) in the partition; NULL when that at is absent or its total zero.';

CREATE FUNCTION crimestats.year_on_year(value double precision, at date)
RETURNS double precision
AS 'MODULE_PATHNAME', 'year_on_year'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.year_on_year(double precision, date) IS
  'Window function (ORDER BY at): growth_since(value, at, ''1 year''), the total at this date over the total at the same date a year earlier.';

-- src/outcomes.sql
-- Outcome ratios: the ratio_summary type, the outcome_ratio aggregates and
-- the Wilson score interval (src/outcomes.c).

-- The summary type: hits out of a total, and the confidence level when a
-- _ci aggregate built it.

CREATE TYPE crimestats.ratio_summary;

CREATE FUNCTION crimestats.ratio_summary_in(cstring)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_in(cstring) IS
  'Text input of crimestats.ratio_summary: {"hits":65,"total":100} or {"hits":65,"total":100,"confidence":0.95}.';

CREATE FUNCTION crimestats.ratio_summary_out(crimestats.ratio_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'ratio_summary_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_out(crimestats.ratio_summary) IS
  'Text output of crimestats.ratio_summary.';

CREATE FUNCTION crimestats.ratio_summary_recv(internal)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_recv(internal) IS
  'Binary input of crimestats.ratio_summary: version byte, int8 hits, int8 total, float8 confidence (0 = unset).';

CREATE FUNCTION crimestats.ratio_summary_send(crimestats.ratio_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ratio_summary_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_send(crimestats.ratio_summary) IS
  'Binary output of crimestats.ratio_summary.';

CREATE TYPE crimestats.ratio_summary (
	INPUT = crimestats.ratio_summary_in,
	OUTPUT = crimestats.ratio_summary_out,
	RECEIVE = crimestats.ratio_summary_recv,
	SEND = crimestats.ratio_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);
COMMENT ON TYPE crimestats.ratio_summary IS
  'Summary of an outcome ratio: hits out of a total (exact bigint counts), plus the confidence level when built by an outcome_ratio_ci aggregate. The state of the outcome_ratio aggregates; build with ratio_summary(...), merge with rollup(...), read with ratio(), ratio_ci(), hits(), total(). Text form {"hits":65,"total":100}.';

-- Support functions of the aggregates (not for direct use).

CREATE FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary, boolean)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_bool'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary, boolean) IS
  'Transition function of ratio_summary(boolean) and outcome_ratio(boolean).';

CREATE FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary, boolean)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_bool'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary, boolean) IS
  'Moving-aggregate (window) transition function of ratio_summary(boolean) and outcome_ratio(boolean).';

CREATE FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary, boolean)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_bool'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary, boolean) IS
  'Inverse transition function (window frames) of ratio_summary(boolean) and outcome_ratio(boolean).';

CREATE FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary, bigint, bigint)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_counts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary, bigint, bigint) IS
  'Transition function of ratio_summary(bigint, bigint) and outcome_ratio(bigint, bigint).';

CREATE FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary, bigint, bigint)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_counts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary, bigint, bigint) IS
  'Moving-aggregate (window) transition function of ratio_summary(bigint, bigint) and outcome_ratio(bigint, bigint).';

CREATE FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary, bigint, bigint)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_counts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary, bigint, bigint) IS
  'Inverse transition function (window frames) of ratio_summary(bigint, bigint) and outcome_ratio(bigint, bigint).';

CREATE FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary, boolean, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_bool_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary, boolean, double precision) IS
  'Transition function of outcome_ratio_ci(boolean, float8).';

CREATE FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary, boolean, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_bool_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary, boolean, double precision) IS
  'Moving-aggregate (window) transition function of outcome_ratio_ci(boolean, float8).';

CREATE FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary, boolean, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_bool_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary, boolean, double precision) IS
  'Inverse transition function (window frames) of outcome_ratio_ci(boolean, float8).';

CREATE FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary, bigint, bigint, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_counts_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_accum(crimestats.ratio_summary, bigint, bigint, double precision) IS
  'Transition function of outcome_ratio_ci(bigint, bigint, float8).';

CREATE FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary, bigint, bigint, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_counts_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_maccum(crimestats.ratio_summary, bigint, bigint, double precision) IS
  'Moving-aggregate (window) transition function of outcome_ratio_ci(bigint, bigint, float8).';

CREATE FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary, bigint, bigint, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_counts_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_minv(crimestats.ratio_summary, bigint, bigint, double precision) IS
  'Inverse transition function (window frames) of outcome_ratio_ci(bigint, bigint, float8).';

CREATE FUNCTION crimestats.ratio_summary_combine(crimestats.ratio_summary, crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_combine(crimestats.ratio_summary, crimestats.ratio_summary) IS
  'Combine function of every ratio_summary aggregate, and transition function of rollup(ratio_summary).';

CREATE FUNCTION crimestats.ratio_summary_rollup_maccum(crimestats.ratio_summary, crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_rollup_maccum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_rollup_maccum(crimestats.ratio_summary, crimestats.ratio_summary) IS
  'Moving-aggregate (window) transition function of rollup(ratio_summary).';

CREATE FUNCTION crimestats.ratio_summary_rollup_minv(crimestats.ratio_summary, crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_rollup_minv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_rollup_minv(crimestats.ratio_summary, crimestats.ratio_summary) IS
  'Inverse transition function (window frames) of rollup(ratio_summary).';

CREATE FUNCTION crimestats.ratio_summary_final(crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_final(crimestats.ratio_summary) IS
  'Final function of ratio_summary(...) and rollup(ratio_summary): the summary.';

CREATE FUNCTION crimestats.ratio_summary_mfinal(crimestats.ratio_summary)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_mfinal'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_summary_mfinal(crimestats.ratio_summary) IS
  'Moving-aggregate (window) final function of ratio_summary(...) and rollup(ratio_summary): NULL for an empty frame.';

CREATE FUNCTION crimestats.outcome_ratio_final(crimestats.ratio_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'outcome_ratio_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.outcome_ratio_final(crimestats.ratio_summary) IS
  'Final function of outcome_ratio: hits / total, NULL when the total is zero.';

CREATE FUNCTION crimestats.outcome_ratio_ci_final(crimestats.ratio_summary)
RETURNS crimestats.estimate
AS 'MODULE_PATHNAME', 'outcome_ratio_ci_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.outcome_ratio_ci_final(crimestats.ratio_summary) IS
  'Final function of outcome_ratio_ci: the ratio with its Wilson score interval, NULL when the total is zero.';

-- Building aggregates and rollup (two-step use).

CREATE AGGREGATE crimestats.ratio_summary(hit boolean) (
	SFUNC = crimestats.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats.ratio_summary_final,
	COMBINEFUNC = crimestats.ratio_summary_combine,
	MSFUNC = crimestats.ratio_summary_maccum,
	MINVFUNC = crimestats.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats.ratio_summary_mfinal,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.ratio_summary(boolean) IS
  'Summary of an outcome ratio: how many rows are true (hits) out of the non-null rows (total). Merge with rollup(), read with ratio(), ratio_ci(), hits(), total().';

CREATE AGGREGATE crimestats.ratio_summary(hits bigint, total bigint) (
	SFUNC = crimestats.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats.ratio_summary_final,
	COMBINEFUNC = crimestats.ratio_summary_combine,
	MSFUNC = crimestats.ratio_summary_maccum,
	MINVFUNC = crimestats.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats.ratio_summary_mfinal,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.ratio_summary(bigint, bigint) IS
  'Summary of an outcome ratio: sum(hits) out of sum(total); each row needs 0 <= hits <= total. Merge with rollup(), read with ratio(), ratio_ci(), hits(), total().';

CREATE AGGREGATE crimestats.rollup(crimestats.ratio_summary) (
	SFUNC = crimestats.ratio_summary_combine,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats.ratio_summary_final,
	COMBINEFUNC = crimestats.ratio_summary_combine,
	MSFUNC = crimestats.ratio_summary_rollup_maccum,
	MINVFUNC = crimestats.ratio_summary_rollup_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats.ratio_summary_mfinal,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.rollup(crimestats.ratio_summary) IS
  'Merges ratio summaries: hits and totals add up (summaries that carry a confidence must agree on it).';

-- One-step aggregates.

CREATE AGGREGATE crimestats.outcome_ratio(hit boolean) (
	SFUNC = crimestats.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats.outcome_ratio_final,
	COMBINEFUNC = crimestats.ratio_summary_combine,
	MSFUNC = crimestats.ratio_summary_maccum,
	MINVFUNC = crimestats.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats.outcome_ratio_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.outcome_ratio(boolean) IS
  'Outcome ratio: count(true) / count(not null). NULL over no rows.';

CREATE AGGREGATE crimestats.outcome_ratio(hits bigint, total bigint) (
	SFUNC = crimestats.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats.outcome_ratio_final,
	COMBINEFUNC = crimestats.ratio_summary_combine,
	MSFUNC = crimestats.ratio_summary_maccum,
	MINVFUNC = crimestats.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats.outcome_ratio_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.outcome_ratio(bigint, bigint) IS
  'Outcome ratio: sum(hits) / sum(total); error if a row has hits < 0, total < 0 or hits > total. NULL when the total is zero.';

CREATE AGGREGATE crimestats.outcome_ratio_ci(hit boolean, confidence double precision) (
	SFUNC = crimestats.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats.outcome_ratio_ci_final,
	COMBINEFUNC = crimestats.ratio_summary_combine,
	MSFUNC = crimestats.ratio_summary_maccum,
	MINVFUNC = crimestats.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats.outcome_ratio_ci_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.outcome_ratio_ci(boolean, double precision) IS
  'Outcome ratio count(true) / count(not null) with its Wilson score interval (no continuity correction) at the given confidence, the same on every row.';

CREATE AGGREGATE crimestats.outcome_ratio_ci(hits bigint, total bigint, confidence double precision) (
	SFUNC = crimestats.ratio_summary_accum,
	STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats.outcome_ratio_ci_final,
	COMBINEFUNC = crimestats.ratio_summary_combine,
	MSFUNC = crimestats.ratio_summary_maccum,
	MINVFUNC = crimestats.ratio_summary_minv,
	MSTYPE = crimestats.ratio_summary,
	MFINALFUNC = crimestats.outcome_ratio_ci_final,
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

-- src/schema.sql
-- The shipped schema of recorded offences.
--
-- Reference tables (area, offence, outcome_type) ship with rows marked
-- builtin; users may add their own.  pg_dump keeps every row users add: the
-- data tables whole, the reference tables less the builtin rows, which
-- CREATE EXTENSION puts back.

CREATE TABLE crimestats.area (
	code text PRIMARY KEY,
	name text NOT NULL,
	kind text NOT NULL
		CHECK (kind IN ('country', 'region', 'police_force_area',
						'community_safety_partnership', 'local_authority',
						'non_territorial')),
	parent_code text REFERENCES crimestats.area (code),
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.area IS
  'Areas by ONS GSS code: countries, police force areas (E23/W15), community safety partnerships (E22/W14), local authorities (E06-E09/W06), and non-territorial bodies (British Transport Police, Action Fraud, ...).';
COMMENT ON COLUMN crimestats.area.code IS 'ONS GSS code (e.g. E23000001), or a crimestats code for bodies without one.';
COMMENT ON COLUMN crimestats.area.name IS 'Official name, as the Home Office tables spell it.';
COMMENT ON COLUMN crimestats.area.kind IS 'country, region, police_force_area, community_safety_partnership, local_authority or non_territorial.';
COMMENT ON COLUMN crimestats.area.parent_code IS 'The area this one lies in (local authority -> partnership -> force area -> country).';
COMMENT ON COLUMN crimestats.area.builtin IS 'True for rows shipped with crimestats (not dumped by pg_dump; CREATE EXTENSION restores them).';

CREATE TABLE crimestats.area_population (
	area_code text NOT NULL REFERENCES crimestats.area (code),
	year integer NOT NULL,
	population bigint NOT NULL CHECK (population > 0),
	source text,
	PRIMARY KEY (area_code, year)
);
COMMENT ON TABLE crimestats.area_population IS
  'Mid-year population estimates (ONS), for rates per 1,000 population.';
COMMENT ON COLUMN crimestats.area_population.area_code IS 'Area (crimestats.area.code).';
COMMENT ON COLUMN crimestats.area_population.year IS 'Year of the mid-year (30 June) estimate.';
COMMENT ON COLUMN crimestats.area_population.population IS 'Estimated resident population.';
COMMENT ON COLUMN crimestats.area_population.source IS 'Where the figure comes from.';

CREATE TABLE crimestats.offence (
	code text PRIMARY KEY,
	description text NOT NULL,
	offence_subgroup text NOT NULL,
	offence_group text NOT NULL,
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.offence IS
  'Home Office offence classification: offence codes with their description, subgroup and group.';
COMMENT ON COLUMN crimestats.offence.code IS 'Home Office offence code (e.g. 8Q).';
COMMENT ON COLUMN crimestats.offence.description IS 'Official description (e.g. Stalking).';
COMMENT ON COLUMN crimestats.offence.offence_subgroup IS 'Offence subgroup (e.g. Stalking and harassment).';
COMMENT ON COLUMN crimestats.offence.offence_group IS 'Offence group (e.g. Violence against the person).';
COMMENT ON COLUMN crimestats.offence.builtin IS 'True for rows shipped with crimestats.';

CREATE TABLE crimestats.outcome_type (
	code integer PRIMARY KEY CHECK (code >= 0),
	name text NOT NULL,
	outcome_group text NOT NULL,
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.outcome_type IS
  'Home Office crime outcomes framework: outcome types 0-22 and their groups.  Type 0 (not yet assigned) never counts in a denominator.';
COMMENT ON COLUMN crimestats.outcome_type.code IS 'Outcome type number.';
COMMENT ON COLUMN crimestats.outcome_type.name IS 'Outcome type.';
COMMENT ON COLUMN crimestats.outcome_type.outcome_group IS 'Outcome group (e.g. Charged/Summonsed).';
COMMENT ON COLUMN crimestats.outcome_type.builtin IS 'True for rows shipped with crimestats.';

-- Periods are finite, non-empty date ranges; the exclusion constraint stops
-- two rows counting the same offences twice for one area and offence.
CREATE TABLE crimestats.recorded_offence (
	area_code text NOT NULL REFERENCES crimestats.area (code),
	offence_code text NOT NULL REFERENCES crimestats.offence (code),
	period daterange NOT NULL
		CHECK (NOT pg_catalog.isempty(period)
			   AND NOT pg_catalog.lower_inf(period)
			   AND NOT pg_catalog.upper_inf(period)),
	offences bigint NOT NULL,
	source text,
	EXCLUDE USING gist (area_code WITH OPERATOR(pg_catalog.=),
						offence_code WITH OPERATOR(pg_catalog.=),
						period WITH OPERATOR(pg_catalog.&&))
);
COMMENT ON TABLE crimestats.recorded_offence IS
  'Police recorded crime: offences per area, offence code and period.  Negative counts are the tables'' adjustments and are kept.';
COMMENT ON COLUMN crimestats.recorded_offence.area_code IS 'Area (crimestats.area.code).';
COMMENT ON COLUMN crimestats.recorded_offence.offence_code IS 'Offence code (crimestats.offence.code).';
COMMENT ON COLUMN crimestats.recorded_offence.period IS 'The days counted, e.g. [2018-04-01,2018-07-01) for a quarter.';
COMMENT ON COLUMN crimestats.recorded_offence.offences IS 'Offences recorded in the period (may be a negative adjustment).';
COMMENT ON COLUMN crimestats.recorded_offence.source IS 'The file or batch the row was loaded from.';

CREATE TABLE crimestats.offence_outcome (
	area_code text NOT NULL REFERENCES crimestats.area (code),
	offence_code text NOT NULL REFERENCES crimestats.offence (code),
	period daterange NOT NULL
		CHECK (NOT pg_catalog.isempty(period)
			   AND NOT pg_catalog.lower_inf(period)
			   AND NOT pg_catalog.upper_inf(period)),
	outcome_code integer NOT NULL REFERENCES crimestats.outcome_type (code),
	offences bigint NOT NULL,
	investigations_closed bigint,
	source text,
	EXCLUDE USING gist (area_code WITH OPERATOR(pg_catalog.=),
						offence_code WITH OPERATOR(pg_catalog.=),
						outcome_code WITH OPERATOR(pg_catalog.=),
						period WITH OPERATOR(pg_catalog.&&))
);
COMMENT ON TABLE crimestats.offence_outcome IS
  'Outcomes assigned to recorded offences, per area, offence code, period and outcome type.';
COMMENT ON COLUMN crimestats.offence_outcome.area_code IS 'Area (crimestats.area.code).';
COMMENT ON COLUMN crimestats.offence_outcome.offence_code IS 'Offence code (crimestats.offence.code).';
COMMENT ON COLUMN crimestats.offence_outcome.period IS 'The period the offences were recorded in.';
COMMENT ON COLUMN crimestats.offence_outcome.outcome_code IS 'Outcome type (crimestats.outcome_type.code); 0 = not yet assigned.';
COMMENT ON COLUMN crimestats.offence_outcome.offences IS 'Offences with that outcome.';
COMMENT ON COLUMN crimestats.offence_outcome.investigations_closed IS
  'Outcomes assigned in the period to investigations closed in it (the second count of the Home Office outcomes table); NULL when the source has no such count.';
COMMENT ON COLUMN crimestats.offence_outcome.source IS 'The file or batch the row was loaded from.';

CREATE INDEX ON crimestats.recorded_offence (offence_code);
CREATE INDEX ON crimestats.offence_outcome (outcome_code);

SELECT pg_catalog.pg_extension_config_dump('crimestats.area', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.offence', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.outcome_type', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.area_population', '');
SELECT pg_catalog.pg_extension_config_dump('crimestats.recorded_offence', '');
SELECT pg_catalog.pg_extension_config_dump('crimestats.offence_outcome', '');

-- src/reference_data.sql
-- Reference data shipped with the extension.  Rows shipped here are marked
-- builtin = true; pg_dump keeps only the rows users add (see schema.sql).

-- Countries.  Source: ONS GSS register (E92000001 England, W92000004 Wales,
-- K04000001 England and Wales).
INSERT INTO crimestats.area (code, name, kind, parent_code, builtin) VALUES
  ('K04000001', 'England and Wales', 'country', NULL, true),
  ('E92000001', 'England', 'country', 'K04000001', true),
  ('W92000004', 'Wales', 'country', 'K04000001', true);

-- Police force areas: names and codes of ONS "Police Force Areas (December
-- 2017)" (E23 England, W15 Wales); the Home Office tables use the same names
-- except "Devon and Cornwall" (an alias in import.sql resolves it).  E23000001 and E23000034 are VERIFIED against the
-- ONS LAD17-CSP17-PFA17 lookup shipped in data/; W15000001 and W15000004
-- against DOMAIN notes; the others follow the ONS PFA17 list.
INSERT INTO crimestats.area (code, name, kind, parent_code, builtin) VALUES
  ('E23000001', 'Metropolitan Police', 'police_force_area', 'E92000001', true),
  ('E23000002', 'Cumbria', 'police_force_area', 'E92000001', true),
  ('E23000003', 'Lancashire', 'police_force_area', 'E92000001', true),
  ('E23000004', 'Merseyside', 'police_force_area', 'E92000001', true),
  ('E23000005', 'Greater Manchester', 'police_force_area', 'E92000001', true),
  ('E23000006', 'Cheshire', 'police_force_area', 'E92000001', true),
  ('E23000007', 'Northumbria', 'police_force_area', 'E92000001', true),
  ('E23000008', 'Durham', 'police_force_area', 'E92000001', true),
  ('E23000009', 'North Yorkshire', 'police_force_area', 'E92000001', true),
  ('E23000010', 'West Yorkshire', 'police_force_area', 'E92000001', true),
  ('E23000011', 'South Yorkshire', 'police_force_area', 'E92000001', true),
  ('E23000012', 'Humberside', 'police_force_area', 'E92000001', true),
  ('E23000013', 'Cleveland', 'police_force_area', 'E92000001', true),
  ('E23000014', 'West Midlands', 'police_force_area', 'E92000001', true),
  ('E23000015', 'Staffordshire', 'police_force_area', 'E92000001', true),
  ('E23000016', 'West Mercia', 'police_force_area', 'E92000001', true),
  ('E23000017', 'Warwickshire', 'police_force_area', 'E92000001', true),
  ('E23000018', 'Derbyshire', 'police_force_area', 'E92000001', true),
  ('E23000019', 'Nottinghamshire', 'police_force_area', 'E92000001', true),
  ('E23000020', 'Lincolnshire', 'police_force_area', 'E92000001', true),
  ('E23000021', 'Leicestershire', 'police_force_area', 'E92000001', true),
  ('E23000022', 'Northamptonshire', 'police_force_area', 'E92000001', true),
  ('E23000023', 'Cambridgeshire', 'police_force_area', 'E92000001', true),
  ('E23000024', 'Norfolk', 'police_force_area', 'E92000001', true),
  ('E23000025', 'Suffolk', 'police_force_area', 'E92000001', true),
  ('E23000026', 'Bedfordshire', 'police_force_area', 'E92000001', true),
  ('E23000027', 'Hertfordshire', 'police_force_area', 'E92000001', true),
  ('E23000028', 'Essex', 'police_force_area', 'E92000001', true),
  ('E23000029', 'Thames Valley', 'police_force_area', 'E92000001', true),
  ('E23000030', 'Hampshire', 'police_force_area', 'E92000001', true),
  ('E23000031', 'Surrey', 'police_force_area', 'E92000001', true),
  ('E23000032', 'Kent', 'police_force_area', 'E92000001', true),
  ('E23000033', 'Sussex', 'police_force_area', 'E92000001', true),
  ('E23000034', 'London, City of', 'police_force_area', 'E92000001', true),
  ('E23000035', 'Devon & Cornwall', 'police_force_area', 'E92000001', true),
  ('E23000036', 'Avon and Somerset', 'police_force_area', 'E92000001', true),
  ('E23000037', 'Gloucestershire', 'police_force_area', 'E92000001', true),
  ('E23000038', 'Wiltshire', 'police_force_area', 'E92000001', true),
  ('E23000039', 'Dorset', 'police_force_area', 'E92000001', true),
  ('W15000001', 'North Wales', 'police_force_area', 'W92000004', true),
  ('W15000002', 'Gwent', 'police_force_area', 'W92000004', true),
  ('W15000003', 'South Wales', 'police_force_area', 'W92000004', true),
  ('W15000004', 'Dyfed-Powys', 'police_force_area', 'W92000004', true);

-- London boroughs (local authority districts) and their community safety
-- partnerships.  Source: ONS "Local Authority District to Community Safety
-- Partnerships to Police Force Areas (January 2017) Lookup in England and
-- Wales", London rows (data/lad17-csp17-pfa17-lookup.london.csv), Open
-- Government Licence v3.0.
INSERT INTO crimestats.area (code, name, kind, parent_code, builtin) VALUES
  ('E22000180', 'City of London', 'community_safety_partnership', 'E23000034', true),
  ('E22000186', 'Barking and Dagenham', 'community_safety_partnership', 'E23000001', true),
  ('E22000187', 'Barnet', 'community_safety_partnership', 'E23000001', true),
  ('E22000188', 'Bexley', 'community_safety_partnership', 'E23000001', true),
  ('E22000189', 'Brent', 'community_safety_partnership', 'E23000001', true),
  ('E22000190', 'Bromley', 'community_safety_partnership', 'E23000001', true),
  ('E22000191', 'Camden', 'community_safety_partnership', 'E23000001', true),
  ('E22000193', 'Croydon', 'community_safety_partnership', 'E23000001', true),
  ('E22000194', 'Ealing', 'community_safety_partnership', 'E23000001', true),
  ('E22000195', 'Enfield', 'community_safety_partnership', 'E23000001', true),
  ('E22000196', 'Greenwich', 'community_safety_partnership', 'E23000001', true),
  ('E22000197', 'Hackney', 'community_safety_partnership', 'E23000001', true),
  ('E22000198', 'Hammersmith and Fulham', 'community_safety_partnership', 'E23000001', true),
  ('E22000199', 'Haringey', 'community_safety_partnership', 'E23000001', true),
  ('E22000200', 'Harrow', 'community_safety_partnership', 'E23000001', true),
  ('E22000201', 'Havering', 'community_safety_partnership', 'E23000001', true),
  ('E22000202', 'Hillingdon', 'community_safety_partnership', 'E23000001', true),
  ('E22000203', 'Hounslow', 'community_safety_partnership', 'E23000001', true),
  ('E22000204', 'Islington', 'community_safety_partnership', 'E23000001', true),
  ('E22000205', 'Kensington and Chelsea', 'community_safety_partnership', 'E23000001', true),
  ('E22000206', 'Kingston upon Thames', 'community_safety_partnership', 'E23000001', true),
  ('E22000207', 'Lambeth', 'community_safety_partnership', 'E23000001', true),
  ('E22000208', 'Lewisham', 'community_safety_partnership', 'E23000001', true),
  ('E22000209', 'Merton', 'community_safety_partnership', 'E23000001', true),
  ('E22000210', 'Newham', 'community_safety_partnership', 'E23000001', true),
  ('E22000211', 'Redbridge', 'community_safety_partnership', 'E23000001', true),
  ('E22000212', 'Richmond upon Thames', 'community_safety_partnership', 'E23000001', true),
  ('E22000213', 'Southwark', 'community_safety_partnership', 'E23000001', true),
  ('E22000214', 'Sutton', 'community_safety_partnership', 'E23000001', true),
  ('E22000215', 'Tower Hamlets', 'community_safety_partnership', 'E23000001', true),
  ('E22000216', 'Waltham Forest', 'community_safety_partnership', 'E23000001', true),
  ('E22000217', 'Wandsworth', 'community_safety_partnership', 'E23000001', true),
  ('E22000192', 'Westminster', 'community_safety_partnership', 'E23000001', true);

INSERT INTO crimestats.area (code, name, kind, parent_code, builtin) VALUES
  ('E09000001', 'City of London', 'local_authority', 'E22000180', true),
  ('E09000002', 'Barking and Dagenham', 'local_authority', 'E22000186', true),
  ('E09000003', 'Barnet', 'local_authority', 'E22000187', true),
  ('E09000004', 'Bexley', 'local_authority', 'E22000188', true),
  ('E09000005', 'Brent', 'local_authority', 'E22000189', true),
  ('E09000006', 'Bromley', 'local_authority', 'E22000190', true),
  ('E09000007', 'Camden', 'local_authority', 'E22000191', true),
  ('E09000008', 'Croydon', 'local_authority', 'E22000193', true),
  ('E09000009', 'Ealing', 'local_authority', 'E22000194', true),
  ('E09000010', 'Enfield', 'local_authority', 'E22000195', true),
  ('E09000011', 'Greenwich', 'local_authority', 'E22000196', true),
  ('E09000012', 'Hackney', 'local_authority', 'E22000197', true),
  ('E09000013', 'Hammersmith and Fulham', 'local_authority', 'E22000198', true),
  ('E09000014', 'Haringey', 'local_authority', 'E22000199', true),
  ('E09000015', 'Harrow', 'local_authority', 'E22000200', true),
  ('E09000016', 'Havering', 'local_authority', 'E22000201', true),
  ('E09000017', 'Hillingdon', 'local_authority', 'E22000202', true),
  ('E09000018', 'Hounslow', 'local_authority', 'E22000203', true),
  ('E09000019', 'Islington', 'local_authority', 'E22000204', true),
  ('E09000020', 'Kensington and Chelsea', 'local_authority', 'E22000205', true),
  ('E09000021', 'Kingston upon Thames', 'local_authority', 'E22000206', true),
  ('E09000022', 'Lambeth', 'local_authority', 'E22000207', true),
  ('E09000023', 'Lewisham', 'local_authority', 'E22000208', true),
  ('E09000024', 'Merton', 'local_authority', 'E22000209', true),
  ('E09000025', 'Newham', 'local_authority', 'E22000210', true),
  ('E09000026', 'Redbridge', 'local_authority', 'E22000211', true),
  ('E09000027', 'Richmond upon Thames', 'local_authority', 'E22000212', true),
  ('E09000028', 'Southwark', 'local_authority', 'E22000213', true),
  ('E09000029', 'Sutton', 'local_authority', 'E22000214', true),
  ('E09000030', 'Tower Hamlets', 'local_authority', 'E22000215', true),
  ('E09000031', 'Waltham Forest', 'local_authority', 'E22000216', true),
  ('E09000032', 'Wandsworth', 'local_authority', 'E22000217', true),
  ('E09000033', 'Westminster', 'local_authority', 'E22000192', true);

-- Home Office offence classification: every offence code of the police
-- recorded crime open data table for 2017/18 (data/prc-pfa-2017-18.csv,
-- Home Office, Open Government Licence v3.0) with its description, subgroup
-- and group exactly as published there.  The stalking and harassment
-- subgroup is 8L Harassment, 8M Racially or religiously aggravated
-- harassment, 8Q Stalking and 8R Malicious Communications.
INSERT INTO crimestats.offence (code, description, offence_subgroup, offence_group, builtin) VALUES
  ('1/4.1/4.10/4.2', 'Homicide', 'Homicide', 'Violence against the person', true),
  ('2', 'Attempted murder', 'Violence with injury', 'Violence against the person', true),
  ('3A', 'Conspiracy to murder', 'Violence without injury', 'Violence against the person', true),
  ('3B', 'Threats to kill', 'Violence without injury', 'Violence against the person', true),
  ('4.3', 'Intentional destruction of a viable unborn child', 'Violence with injury', 'Violence against the person', true),
  ('4.4', 'Causing death or serious injury by dangerous driving', 'Violence with injury', 'Violence against the person', true),
  ('4.6', 'Causing death by careless driving under influence of drink or drugs', 'Violence with injury', 'Violence against the person', true),
  ('4.7', 'Causing or allowing death of child or vulnerable person', 'Violence with injury', 'Violence against the person', true),
  ('4.8', 'Causing death by careless or inconsiderate driving', 'Violence with injury', 'Violence against the person', true),
  ('4.9', 'Causing death by driving: unlicensed or disqualified or uninsured drivers', 'Violence with injury', 'Violence against the person', true),
  ('5D', 'Assault with intent to cause serious harm', 'Violence with injury', 'Violence against the person', true),
  ('5E', 'Endangering life', 'Violence with injury', 'Violence against the person', true),
  ('8L', 'Harassment', 'Stalking and harassment', 'Violence against the person', true),
  ('8M', 'Racially or religiously aggravated harassment', 'Stalking and harassment', 'Violence against the person', true),
  ('8N', 'Assault with injury', 'Violence with injury', 'Violence against the person', true),
  ('8P', 'Racially or religiously aggravated assault with injury', 'Violence with injury', 'Violence against the person', true),
  ('8Q', 'Stalking', 'Stalking and harassment', 'Violence against the person', true),
  ('8R', 'Malicious Communications', 'Stalking and harassment', 'Violence against the person', true),
  ('8S', 'Assault with injury on a constable', 'Violence with injury', 'Violence against the person', true),
  ('9A', 'Public fear, alarm or distress', 'Public order offences', 'Public order offences', true),
  ('9B', 'Racially or religiously aggravated public fear, alarm or distress', 'Public order offences', 'Public order offences', true),
  ('10A', 'Possession of firearms with intent', 'Possession of weapons offences', 'Possession of weapons offences', true),
  ('10B', 'Possession of firearms offences', 'Possession of weapons offences', 'Possession of weapons offences', true),
  ('10C', 'Possession of other weapons', 'Possession of weapons offences', 'Possession of weapons offences', true),
  ('10D', 'Possession of article with blade or point', 'Possession of weapons offences', 'Possession of weapons offences', true),
  ('11A', 'Cruelty to children/young persons', 'Violence without injury', 'Violence against the person', true),
  ('13', 'Child abduction', 'Violence without injury', 'Violence against the person', true),
  ('14', 'Procuring illegal abortion', 'Violence without injury', 'Violence against the person', true),
  ('15', 'Concealing an infant death close to birth', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('17A', 'Sexual assault on a male aged 13 and over', 'Other sexual offences', 'Sexual offences', true),
  ('17B', 'Sexual assault on a male child under 13', 'Other sexual offences', 'Sexual offences', true),
  ('19C', 'Rape of a female aged 16 and over', 'Rape offences', 'Sexual offences', true),
  ('19D', 'Rape of a female child under 16', 'Rape offences', 'Sexual offences', true),
  ('19E', 'Rape of a female child under 13', 'Rape offences', 'Sexual offences', true),
  ('19F', 'Rape of a male aged 16 and over', 'Rape offences', 'Sexual offences', true),
  ('19G', 'Rape of a male child under 16', 'Rape offences', 'Sexual offences', true),
  ('19H', 'Rape of a male child under 13', 'Rape offences', 'Sexual offences', true),
  ('20A', 'Sexual assault on a female aged 13 and over', 'Other sexual offences', 'Sexual offences', true),
  ('20B', 'Sexual assault on a female child under 13', 'Other sexual offences', 'Sexual offences', true),
  ('21', 'Sexual activity involving a child under 13', 'Other sexual offences', 'Sexual offences', true),
  ('22A', 'Causing sexual activity without consent', 'Other sexual offences', 'Sexual offences', true),
  ('22B', 'Sexual activity involving child under 16', 'Other sexual offences', 'Sexual offences', true),
  ('23', 'Incest or familial sexual offences', 'Other sexual offences', 'Sexual offences', true),
  ('24', 'Exploitation of prostitution', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('26', 'Bigamy', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('27', 'Soliciting for the purposes of prostitution', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('28A', 'Burglary in a dwelling(outcome only)', 'Domestic burglary', 'Theft offences', true),
  ('28B', 'Attempted burglary in a dwelling (outcome only)', 'Domestic burglary', 'Theft offences', true),
  ('28C', 'Distraction burglary in a dwelling (outcome only)', 'Domestic burglary', 'Theft offences', true),
  ('28D', 'Attempted distraction burglary in a dwelling (outcome only)', 'Domestic burglary', 'Theft offences', true),
  ('28E', 'Burglary Residential', 'Domestic burglary', 'Theft offences', true),
  ('28F', 'Attempted Burglary Residential', 'Domestic burglary', 'Theft offences', true),
  ('28G', 'Distraction Burglary Residential', 'Domestic burglary', 'Theft offences', true),
  ('28H', 'Attempted Distraction Burglary Residential', 'Domestic burglary', 'Theft offences', true),
  ('29', 'Aggravated burglary in a dwelling (outcome only)', 'Domestic burglary', 'Theft offences', true),
  ('29A', 'Aggravated Burglary Residential', 'Domestic burglary', 'Theft offences', true),
  ('30A', 'Burglary in a building other than a dwelling (outcome only)', 'Non-domestic burglary', 'Theft offences', true),
  ('30B', 'Attempted burglary in a building other than a dwelling (outcome only)', 'Non-domestic burglary', 'Theft offences', true),
  ('30C', 'Burglary Business and Community', 'Non-domestic burglary', 'Theft offences', true),
  ('30D', 'Attempted Burglary Business and Community', 'Non-domestic burglary', 'Theft offences', true),
  ('31', 'Aggravated burglary in a building other than a dwelling(outcome only)', 'Non-domestic burglary', 'Theft offences', true),
  ('31A', 'Aggravated Burglary Business and Community', 'Non-domestic burglary', 'Theft offences', true),
  ('33', 'Going equipped for stealing, etc', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('33A', 'Making, supplying or possessing articles for use in fraud', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('34A', 'Robbery of business property', 'Robbery of business property', 'Robbery', true),
  ('34B', 'Robbery of personal property', 'Robbery of personal property', 'Robbery', true),
  ('35', 'Blackmail', 'Other theft offences', 'Theft offences', true),
  ('36', 'Kidnapping', 'Violence without injury', 'Violence against the person', true),
  ('37.1', 'Causing death by aggravated vehicle taking', 'Violence with injury', 'Violence against the person', true),
  ('37.2', 'Aggravated vehicle taking', 'Theft of a motor vehicle', 'Theft offences', true),
  ('38', 'Profiting from or concealing knowledge of the proceeds of crime', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('39', 'Theft from the person', 'Theft from the person', 'Theft offences', true),
  ('40', 'Theft in a dwelling other than from an automatic machine or meter', 'Other theft offences', 'Theft offences', true),
  ('41', 'Theft by an employee', 'Other theft offences', 'Theft offences', true),
  ('42', 'Theft of mail', 'Other theft offences', 'Theft offences', true),
  ('43', 'Dishonest use of electricity', 'Other theft offences', 'Theft offences', true),
  ('44', 'Theft or unauthorised taking of a pedal cycle', 'Bicycle theft', 'Theft offences', true),
  ('45', 'Theft from vehicle', 'Theft from a vehicle', 'Theft offences', true),
  ('46', 'Shoplifting', 'Shoplifting', 'Theft offences', true),
  ('47', 'Theft from automatic machine or meter', 'Other theft offences', 'Theft offences', true),
  ('48', 'Theft or unauthorised taking of motor vehicle', 'Theft of a motor vehicle', 'Theft offences', true),
  ('49', 'Other theft', 'Other theft offences', 'Theft offences', true),
  ('49A', 'Making off without payment', 'Other theft offences', 'Theft offences', true),
  ('54', 'Handling stolen goods', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('56A', 'Arson endangering life', 'Arson', 'Criminal damage and arson', true),
  ('56B', 'Arson not endangering life', 'Arson', 'Criminal damage and arson', true),
  ('58A', 'Criminal damage to a dwelling', 'Criminal damage', 'Criminal damage and arson', true),
  ('58B', 'Criminal damage to a building other than a dwelling', 'Criminal damage', 'Criminal damage and arson', true),
  ('58C', 'Criminal damage to a vehicle', 'Criminal damage', 'Criminal damage and arson', true),
  ('58D', 'Other criminal damage', 'Criminal damage', 'Criminal damage and arson', true),
  ('58J', 'Racially or religiously aggravated criminal damage', 'Criminal damage', 'Criminal damage and arson', true),
  ('59', 'Threat or possession with intent to commit criminal damage', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('60', 'Forgery or use of false drug prescription', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('61', 'Other forgery', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('61A', 'Possession of false documents', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('62A', 'Violent disorder', 'Public order offences', 'Public order offences', true),
  ('66', 'Other offences against the State or public order', 'Public order offences', 'Public order offences', true),
  ('67', 'Perjury', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('69', 'Offender Management Act offences', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('70', 'Sexual activity etc with a person with a mental disorder', 'Other sexual offences', 'Sexual offences', true),
  ('71', 'Abuse of children through sexual exploitation', 'Other sexual offences', 'Sexual offences', true),
  ('72', 'Trafficking for sexual exploitation', 'Other sexual offences', 'Sexual offences', true),
  ('73', 'Abuse of position of trust of a sexual nature', 'Other sexual offences', 'Sexual offences', true),
  ('76', 'Aiding suicide', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('79', 'Perverting the course of justice', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('80', 'Absconding from lawful custody', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('81', 'Other firearms offences', 'Possession of weapons offences', 'Possession of weapons offences', true),
  ('83', 'Bail offences', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('86', 'Obscene publications etc', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('88A', 'Sexual grooming', 'Other sexual offences', 'Sexual offences', true),
  ('88C', 'Other miscellaneous sexual offences', 'Other sexual offences', 'Sexual offences', true),
  ('88D', 'Unnatural sexual offences', 'Other sexual offences', 'Sexual offences', true),
  ('88E', 'Exposure and voyeurism', 'Other sexual offences', 'Sexual offences', true),
  ('90', 'Other knives offences', 'Possession of weapons offences', 'Possession of weapons offences', true),
  ('92A', 'Trafficking in controlled drugs', 'Trafficking of drugs', 'Drug offences', true),
  ('92C', 'Other drug offences', 'Possession of drugs', 'Drug offences', true),
  ('92D', 'Possession of controlled drugs (excl. Cannabis)', 'Possession of drugs', 'Drug offences', true),
  ('92E', 'Possession of controlled drugs (Cannabis)', 'Possession of drugs', 'Drug offences', true),
  ('95', 'Disclosure, obstruction, false or misleading statements etc', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('96', 'Wildlife', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('99', 'Other notifiable offences', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('104', 'Assault without injury on a constable', 'Violence without injury', 'Violence against the person', true),
  ('105A', 'Assault without injury', 'Violence without injury', 'Violence against the person', true),
  ('105B', 'Racially or religiously aggravated assault without injury', 'Violence without injury', 'Violence against the person', true),
  ('106', 'Modern slavery', 'Violence without injury', 'Violence against the person', true),
  ('126', 'Interfering with a motor vehicle', 'Vehicle interference', 'Theft offences', true),
  ('802', 'Dangerous driving', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('814', 'Fraud, forgery etc associated with vehicle or driver records', 'Miscellaneous crimes', 'Miscellaneous crimes', true),
  ('AF', 'Fraud offences recorded by Action Fraud', 'Fraud: action fraud', 'Fraud offences', true),
  ('CIFAS', 'Fraud offences recorded by CIFAS', 'Fraud: CIFAS', 'Fraud offences', true),
  ('FFA UK', 'Fraud offences recorded by Financial Fraud Action UK', 'Fraud: Financial Fraud Action UK', 'Fraud offences', true),
  ('UK Finance', 'Fraud offences recorded by UK Finance', 'Fraud: UK Finance', 'Fraud offences', true);

-- Home Office crime outcomes framework (April 2013, extended April 2014 and
-- April 2019).  Numbering corroborated by Gwent Police FOI disclosure
-- 202528532 (2025); wording and groups follow the gov.uk "Crime outcomes in
-- England and Wales" technical annex, where the exact wording may differ.
-- Type 0 (not yet assigned) is kept so that loaded rows carry it, but it is
-- never counted in an outcome ratio's denominator.
INSERT INTO crimestats.outcome_type (code, name, outcome_group, builtin) VALUES
  (0, 'Not yet assigned an outcome', 'Not yet assigned', true),
  (1, 'Charged/Summonsed', 'Charged/Summonsed', true),
  (2, 'Caution - youths', 'Out-of-court (formal)', true),
  (3, 'Caution - adults', 'Out-of-court (formal)', true),
  (4, 'Taken into consideration', 'Taken into consideration', true),
  (5, 'Offender died', 'Prosecution prevented or not in the public interest', true),
  (6, 'Penalty Notice for Disorder', 'Out-of-court (formal)', true),
  (7, 'Cannabis/Khat warning', 'Out-of-court (informal)', true),
  (8, 'Community resolution', 'Out-of-court (informal)', true),
  (9, 'Prosecution not in the public interest (CPS decision)', 'Prosecution prevented or not in the public interest', true),
  (10, 'Formal action against the offender is not in the public interest (police decision)', 'Prosecution prevented or not in the public interest', true),
  (11, 'Prosecution prevented - suspect under age', 'Prosecution prevented or not in the public interest', true),
  (12, 'Prosecution prevented - suspect too ill', 'Prosecution prevented or not in the public interest', true),
  (13, 'Prosecution prevented - victim or key witness dead or too ill', 'Prosecution prevented or not in the public interest', true),
  (14, 'Evidential difficulties: suspect not identified; victim does not support further action', 'Evidential difficulties (victim does not support action)', true),
  (15, 'Evidential difficulties: suspect identified; victim supports action', 'Evidential difficulties (suspect identified; victim supports action)', true),
  (16, 'Evidential difficulties: suspect identified; victim does not support further action', 'Evidential difficulties (victim does not support action)', true),
  (17, 'Prosecution time limit expired', 'Prosecution prevented or not in the public interest', true),
  (18, 'Investigation complete - no suspect identified', 'Investigation complete - no suspect identified', true),
  (19, 'National Fraud Intelligence Bureau filed (Action Fraud only)', 'National Fraud Intelligence Bureau filed', true),
  (20, 'Action undertaken by another body/agency', 'Action undertaken by another body/agency', true),
  (21, 'Further investigation to support formal action not in the public interest (police decision)', 'Further investigation to support formal action not in the public interest', true),
  (22, 'Diversionary, educational or intervention activity, resulting from the crime report, has been undertaken and it is not in the public interest to take any further action', 'Diversionary, educational or intervention activity', true);

-- src/rates_views.sql
-- View year_ending: the ONS "year ending <month>" figures with per-day
-- rates and exact intervals, computed from rate_summary as a window
-- aggregate over each area's and subgroup's periods (the summary gives the
-- cases, the days and, through per_day_ci, the rate and its interval).

CREATE VIEW crimestats.year_ending WITH (security_invoker = true) AS
WITH by_period AS (
	-- several offence codes of a subgroup share each period: sum them first
	SELECT r.area_code, o.offence_subgroup, r.period,
		   pg_catalog.sum(r.offences)::bigint AS offences
	FROM crimestats.recorded_offence AS r
	JOIN crimestats.offence AS o ON o.code OPERATOR(pg_catalog.=) r.offence_code
	GROUP BY r.area_code, o.offence_subgroup, r.period
),
framed AS (
	-- frame: every period whose last day lies in the 12 months ending on
	-- this period's last day; peers (periods ending on the same day) share
	-- a frame, so one row per last day is kept.  The frame is measured on
	-- the exclusive ends (first days of months), where "12 months earlier"
	-- is exact: on last days, 2017-02-28 minus 12 months would be
	-- 2016-02-28 and a leap February would slip into the frame.
	SELECT DISTINCT ON (b.area_code, b.offence_subgroup, pg_catalog.upper(b.period))
		   b.area_code, b.offence_subgroup,
		   (pg_catalog.upper(b.period) OPERATOR(pg_catalog.-) 1) AS period_end,
		   crimestats.rate_summary(b.offences, b.period) OVER w AS s
	FROM by_period AS b
	WINDOW w AS (PARTITION BY b.area_code, b.offence_subgroup
				 ORDER BY pg_catalog.upper(b.period)
				 RANGE BETWEEN '12 months -1 day'::interval PRECEDING AND CURRENT ROW)
),
complete AS (
	-- only month ends with exactly twelve months of data behind them
	-- (a negative net total, adjustments outweighing counts, has no rate:
	-- the row stays, with NULL rates, rather than failing the whole view)
	SELECT f.area_code, f.offence_subgroup, f.period_end,
		   crimestats.cases(f.s) AS offences,
		   CASE WHEN crimestats.cases(f.s) OPERATOR(pg_catalog.>=) 0
				THEN crimestats.per_day_ci(f.s, 0.95) END AS e
	FROM framed AS f
	WHERE pg_catalog.date_part('day', f.period_end OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.=) 1
	  AND crimestats.days(f.s) OPERATOR(pg_catalog.=)
		  ((f.period_end OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.-)
		   ((f.period_end OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.-) '12 months'::interval)::date)
)
SELECT c.area_code,
	   a.name AS area_name,
	   c.offence_subgroup,
	   c.period_end,
	   c.offences,
	   (c.e).estimate AS per_day,
	   (c.e).lower AS per_day_lower,
	   (c.e).upper AS per_day_upper,
	   crimestats.rate_per(c.offences::numeric, p.population::numeric, 1000) AS per_1000
FROM complete AS c
JOIN crimestats.area AS a ON a.code OPERATOR(pg_catalog.=) c.area_code
LEFT JOIN LATERAL (
	-- the latest mid-year estimate up to the year the period ends in
	SELECT ap.population
	FROM crimestats.area_population AS ap
	WHERE ap.area_code OPERATOR(pg_catalog.=) c.area_code
	  AND ap.year OPERATOR(pg_catalog.<=) pg_catalog.date_part('year', c.period_end)::integer
	ORDER BY ap.year DESC
	LIMIT 1
) AS p ON c.offences OPERATOR(pg_catalog.>=) 0;

COMMENT ON VIEW crimestats.year_ending IS
  'Offences in the 12 months ending on each month end, per area and offence subgroup (the ONS "year ending September 2018" figures), with the per-day rate, its exact 95% Poisson interval and the rate per 1,000 population.  Only month ends with a full 12 months of data appear.';
COMMENT ON COLUMN crimestats.year_ending.area_code IS 'Area (GSS code).';
COMMENT ON COLUMN crimestats.year_ending.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.year_ending.offence_subgroup IS 'Home Office offence subgroup, e.g. Stalking and harassment.';
COMMENT ON COLUMN crimestats.year_ending.period_end IS 'Last day of the 12 months (e.g. 2018-09-30 for the year ending September 2018).';
COMMENT ON COLUMN crimestats.year_ending.offences IS 'Offences recorded in the 12 months.';
COMMENT ON COLUMN crimestats.year_ending.per_day IS 'Offences per day (offences / days in the 12 months); NULL if net adjustments make the total negative.';
COMMENT ON COLUMN crimestats.year_ending.per_day_lower IS 'Lower bound of the exact 95% Poisson interval of the per-day rate.';
COMMENT ON COLUMN crimestats.year_ending.per_day_upper IS 'Upper bound of the exact 95% Poisson interval of the per-day rate.';
COMMENT ON COLUMN crimestats.year_ending.per_1000 IS 'Offences per 1,000 population (latest mid-year estimate up to the year of period_end); NULL without a population or with a negative total.';

-- src/growth_views.sql
-- growth_views: classification breaks and the offence_growth view.

-- Changes of offence definition or counting rule, by subgroup.  A growth
-- figure whose span contains one compares unlike things; offence_growth
-- reports it in crosses_break.  Users may add breaks of other subgroups:
-- pg_dump keeps their rows, CREATE EXTENSION puts back the builtin ones.
CREATE TABLE crimestats.classification_break (
	break_date date NOT NULL,
	offence_subgroup text NOT NULL,
	description text NOT NULL,
	source text,
	builtin boolean NOT NULL DEFAULT false,
	PRIMARY KEY (offence_subgroup, break_date)
);
COMMENT ON TABLE crimestats.classification_break IS
  'Changes of offence definition or counting rule per offence subgroup; counts before and after such a date are not comparable (offence_growth.crosses_break).';
COMMENT ON COLUMN crimestats.classification_break.break_date IS 'First day on which the new definition or rule applies.';
COMMENT ON COLUMN crimestats.classification_break.offence_subgroup IS 'Offence subgroup affected (as in crimestats.offence.offence_subgroup).';
COMMENT ON COLUMN crimestats.classification_break.description IS 'What changed.';
COMMENT ON COLUMN crimestats.classification_break.source IS 'Where the change is documented.';
COMMENT ON COLUMN crimestats.classification_break.builtin IS 'True for rows shipped with crimestats (not dumped by pg_dump; CREATE EXTENSION restores them).';

INSERT INTO crimestats.classification_break
	(break_date, offence_subgroup, description, source, builtin)
VALUES
	('2014-04-01', 'Stalking and harassment',
	 'Stalking (8Q) recorded separately from harassment (8L).',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true),
	('2015-04-01', 'Stalking and harassment',
	 'Disclosure of private sexual photographs and films, and sending letters with intent to cause distress or anxiety, added to harassment.',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true),
	('2017-04-01', 'Stalking and harassment',
	 'Malicious communications (8R) recorded as a separate offence in the subgroup.',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true),
	('2018-04-01', 'Stalking and harassment',
	 'A course of conduct amounting to stalking, harassment or controlling or coercive behaviour recorded in addition to the most serious other offence against the victim (raises counts).',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true),
	('2020-04-01', 'Stalking and harassment',
	 'Conduct towards a former partner recorded as stalking unless it is harassment only; controlling or coercive behaviour counted in the subgroup. Year ending March 2021 on is not comparable with earlier years.',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true);

SELECT pg_catalog.pg_extension_config_dump('crimestats.classification_break', 'WHERE NOT builtin');

-- Growth per area and subgroup over the year-ending figures for the same
-- month of each year, the latest last: the month of the latest period_end
-- decides which year ends are compared (the latest YE September, the one a
-- year before, ...).
CREATE VIEW crimestats.offence_growth WITH (security_invoker = true) AS
WITH latest AS (
	SELECT y.area_code, y.offence_subgroup,
		   pg_catalog.max(y.period_end) AS last_period_end
	FROM crimestats.year_ending AS y
	GROUP BY y.area_code, y.offence_subgroup
),
series AS (
	SELECT y.area_code, y.area_name, y.offence_subgroup,
		   pg_catalog.min(y.period_end) AS first_period_end,
		   pg_catalog.max(y.period_end) AS last_period_end,
		   pg_catalog.min(y.offences) AS min_offences,
		   crimestats.series_summary(y.offences::double precision, y.period_end) AS s
	FROM crimestats.year_ending AS y
	JOIN latest AS l
	  ON l.area_code OPERATOR(pg_catalog.=) y.area_code
	 AND l.offence_subgroup OPERATOR(pg_catalog.=) y.offence_subgroup
	WHERE pg_catalog.date_part('month', y.period_end)
		  OPERATOR(pg_catalog.=) pg_catalog.date_part('month', l.last_period_end)
	GROUP BY y.area_code, y.area_name, y.offence_subgroup
)
SELECT s.area_code,
	   s.area_name,
	   s.offence_subgroup,
	   s.first_period_end,
	   s.last_period_end,
	   crimestats.first_total(s.s)::bigint AS first_offences,
	   crimestats.last_total(s.s)::bigint AS last_offences,
	   crimestats.growth_factor(s.s) AS growth_factor,
	   crimestats.pct_change(s.s) AS pct_change,
	   -- cagr and trend_growth reject negative totals: NULL here rather
	   -- than an error for the whole view
	   CASE WHEN s.min_offences OPERATOR(pg_catalog.>=) 0
			THEN crimestats.cagr(s.s) END AS cagr,
	   CASE WHEN s.min_offences OPERATOR(pg_catalog.>=) 0
			THEN crimestats.trend_growth(s.s) END AS trend_growth,
	   crimestats.sparkline(s.s) AS sparkline,
	   EXISTS (
		   SELECT 1
		   FROM crimestats.classification_break AS b
		   WHERE b.offence_subgroup OPERATOR(pg_catalog.=) s.offence_subgroup
			 -- first period start = the day after the same date a year
			 -- before the first period end; the span is (start, last end]
			 AND b.break_date OPERATOR(pg_catalog.>)
				 (s.first_period_end OPERATOR(pg_catalog.+) 1
				  OPERATOR(pg_catalog.-) '1 year'::interval)::date
			 AND b.break_date OPERATOR(pg_catalog.<=) s.last_period_end
	   ) AS crosses_break
FROM series AS s;

COMMENT ON VIEW crimestats.offence_growth IS
  'Growth of recorded offences per area and offence subgroup over the year-ending figures (crimestats.year_ending) for the same month of each year, the latest year end last: growth factor, % change, compound annual growth rate, Poisson trend and a sparkline, and whether the span crosses a classification break.';
COMMENT ON COLUMN crimestats.offence_growth.area_code IS 'Area (GSS code).';
COMMENT ON COLUMN crimestats.offence_growth.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.offence_growth.offence_subgroup IS 'Home Office offence subgroup, e.g. Stalking and harassment.';
COMMENT ON COLUMN crimestats.offence_growth.first_period_end IS 'End of the earliest year compared (e.g. 2013-09-30 for the year ending September 2013).';
COMMENT ON COLUMN crimestats.offence_growth.last_period_end IS 'End of the latest year compared, the latest available (e.g. 2018-09-30).';
COMMENT ON COLUMN crimestats.offence_growth.first_offences IS 'Offences in the year ending first_period_end.';
COMMENT ON COLUMN crimestats.offence_growth.last_offences IS 'Offences in the year ending last_period_end.';
COMMENT ON COLUMN crimestats.offence_growth.growth_factor IS 'last_offences / first_offences (NULL when first_offences is 0 or only one year is available).';
COMMENT ON COLUMN crimestats.offence_growth.pct_change IS 'Percentage change from first to last year, (last - first) / first * 100.';
COMMENT ON COLUMN crimestats.offence_growth.cagr IS 'Compound annual growth rate, growth_factor ^ (1 / years) - 1, years = days between the year ends / 365.25.';
COMMENT ON COLUMN crimestats.offence_growth.trend_growth IS 'Annual growth factor of the Poisson log-linear trend fitted to every year (1.17 = +17% a year); NULL when the fit does not exist.';
COMMENT ON COLUMN crimestats.offence_growth.sparkline IS 'The yearly counts as block characters, earliest first (▁ smallest, █ largest).';
COMMENT ON COLUMN crimestats.offence_growth.crosses_break IS 'True when a change of definition or counting rule for the subgroup (crimestats.classification_break) falls after the start of the first year and on or before last_period_end: the growth then mixes definitions.';

-- src/outcomes_views.sql
-- Views of the outcomes family: outcome rates with their Wilson intervals,
-- and each offence's share of its subgroup and group.
--
-- A Wilson interval needs 0 <= hits <= total.  The Home Office tables carry
-- negative adjustments, so a net count can fall outside that range; the
-- views then show the plain ratio (or NULL) without an interval rather than
-- fail the whole query.

CREATE VIEW crimestats.outcome_rates WITH (security_invoker = true) AS
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
	  AND b.period = s.period
	  AND b.outcome_group = g.outcome_group
LEFT JOIN crimestats.area AS a ON a.code = s.area_code
CROSS JOIN LATERAL (
	SELECT CASE WHEN COALESCE(b.outcomes, 0) >= 0 AND COALESCE(b.outcomes, 0) <= s.assigned
				THEN crimestats.wilson_ci(COALESCE(b.outcomes, 0), s.assigned, 0.95)
		   END AS ci
) AS w;

COMMENT ON VIEW crimestats.outcome_rates IS
  'Outcome rates: per area, offence subgroup, period and outcome group, the outcomes of that group out of all assigned outcomes (outcome type 0, not yet assigned, never counts), with the 95% Wilson score interval. The charge rate is the row for outcome group Charged/Summonsed.';
COMMENT ON COLUMN crimestats.outcome_rates.area_code IS 'Area (ONS GSS code).';
COMMENT ON COLUMN crimestats.outcome_rates.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.outcome_rates.offence_subgroup IS 'Offence subgroup (e.g. Stalking and harassment).';
COMMENT ON COLUMN crimestats.outcome_rates.period_start IS 'First day of the period the offences were recorded in.';
COMMENT ON COLUMN crimestats.outcome_rates.period_end IS 'Last day of the period (inclusive).';
COMMENT ON COLUMN crimestats.outcome_rates.outcome_group IS 'Outcome group (e.g. Charged/Summonsed).';
COMMENT ON COLUMN crimestats.outcome_rates.outcomes IS 'Offences with an outcome of this group.';
COMMENT ON COLUMN crimestats.outcome_rates.assigned IS 'Offences with any assigned outcome (types 1 and up): the denominator.';
COMMENT ON COLUMN crimestats.outcome_rates.ratio IS 'outcomes / assigned (multiply by 100 for a percentage); NULL when assigned is 0.';
COMMENT ON COLUMN crimestats.outcome_rates.lower IS 'Lower bound of the 95% Wilson score interval of the ratio; NULL when assigned is 0 or the counts are not a proportion (negative adjustments).';
COMMENT ON COLUMN crimestats.outcome_rates.upper IS 'Upper bound of the 95% Wilson score interval of the ratio; NULL when lower is.';

CREATE VIEW crimestats.offence_share WITH (security_invoker = true) AS
WITH window_ends AS (
	-- a "year ending" period may end wherever a counted period ends on a
	-- month boundary
	SELECT DISTINCT r.area_code, pg_catalog.upper(r.period) AS window_end
	FROM crimestats.recorded_offence AS r
	WHERE pg_catalog.upper(r.period) =
		  pg_catalog.date_trunc('month', pg_catalog.upper(r.period)::timestamp without time zone)::date
),
year_windows AS (
	-- the twelve months before each end, kept only where the area's counted
	-- periods inside them cover every day: 12 months of data behind it
	SELECT e.area_code, pg_catalog.daterange((e.window_end - interval '12 months')::date,
											 e.window_end) AS year
	FROM window_ends AS e
	JOIN crimestats.recorded_offence AS r
	  ON r.area_code = e.area_code
	 AND r.period OPERATOR(pg_catalog.<@)
		 pg_catalog.daterange((e.window_end - interval '12 months')::date, e.window_end)
	GROUP BY e.area_code, e.window_end
	HAVING pg_catalog.range_agg(r.period) OPERATOR(pg_catalog.@>)
		   pg_catalog.daterange((e.window_end - interval '12 months')::date, e.window_end)
),
per_code AS (
	SELECT y.area_code, y.year, r.offence_code,
		   pg_catalog.sum(r.offences)::bigint AS offences
	FROM year_windows AS y
	JOIN crimestats.recorded_offence AS r
	  ON r.area_code = y.area_code
	 AND r.period OPERATOR(pg_catalog.<@) y.year
	GROUP BY y.area_code, y.year, r.offence_code
),
shares AS (
	SELECT p.area_code, p.year, p.offence_code, p.offences,
		   o.description, o.offence_subgroup, o.offence_group,
		   pg_catalog.sum(p.offences) OVER (PARTITION BY p.area_code, p.year, o.offence_subgroup)::bigint
			 AS subgroup_offences,
		   pg_catalog.sum(p.offences) OVER (PARTITION BY p.area_code, p.year, o.offence_group)::bigint
			 AS group_offences
	FROM per_code AS p
	JOIN crimestats.offence AS o ON o.code = p.offence_code
)
SELECT s.area_code,
	   a.name AS area_name,
	   pg_catalog.lower(s.year) AS period_start,
	   (pg_catalog.upper(s.year) - 1) AS period_end,
	   s.offence_code,
	   s.description AS offence_description,
	   s.offence_subgroup,
	   s.offence_group,
	   s.offences,
	   s.subgroup_offences,
	   CASE WHEN s.subgroup_offences <> 0
			THEN s.offences::double precision / s.subgroup_offences::double precision
	   END AS share_of_subgroup,
	   (sub.ci).lower AS share_of_subgroup_lower,
	   (sub.ci).upper AS share_of_subgroup_upper,
	   s.group_offences,
	   CASE WHEN s.group_offences <> 0
			THEN s.offences::double precision / s.group_offences::double precision
	   END AS share_of_group,
	   (grp.ci).lower AS share_of_group_lower,
	   (grp.ci).upper AS share_of_group_upper
FROM shares AS s
LEFT JOIN crimestats.area AS a ON a.code = s.area_code
CROSS JOIN LATERAL (
	SELECT CASE WHEN s.offences >= 0 AND s.offences <= s.subgroup_offences
				THEN crimestats.wilson_ci(s.offences, s.subgroup_offences, 0.95)
		   END AS ci
) AS sub
CROSS JOIN LATERAL (
	SELECT CASE WHEN s.offences >= 0 AND s.offences <= s.group_offences
				THEN crimestats.wilson_ci(s.offences, s.group_offences, 0.95)
		   END AS ci
) AS grp;

COMMENT ON VIEW crimestats.offence_share IS
  'Each offence''s share of its subgroup and of its group, per area and 12-month "year ending" period (every month end with 12 months of data behind it, as in year_ending), with 95% Wilson score intervals.';
COMMENT ON COLUMN crimestats.offence_share.area_code IS 'Area (ONS GSS code).';
COMMENT ON COLUMN crimestats.offence_share.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.offence_share.period_start IS 'First day of the 12 months.';
COMMENT ON COLUMN crimestats.offence_share.period_end IS 'Last day of the 12 months (inclusive): the "year ending" date.';
COMMENT ON COLUMN crimestats.offence_share.offence_code IS 'Home Office offence code (e.g. 8Q).';
COMMENT ON COLUMN crimestats.offence_share.offence_description IS 'Offence description (e.g. Stalking).';
COMMENT ON COLUMN crimestats.offence_share.offence_subgroup IS 'The offence''s subgroup (e.g. Stalking and harassment).';
COMMENT ON COLUMN crimestats.offence_share.offence_group IS 'The offence''s group (e.g. Violence against the person).';
COMMENT ON COLUMN crimestats.offence_share.offences IS 'Offences of this code recorded in the 12 months.';
COMMENT ON COLUMN crimestats.offence_share.subgroup_offences IS 'Offences of the whole subgroup recorded in the 12 months.';
COMMENT ON COLUMN crimestats.offence_share.share_of_subgroup IS 'offences / subgroup_offences (multiply by 100 for a percentage); NULL when the subgroup total is 0.';
COMMENT ON COLUMN crimestats.offence_share.share_of_subgroup_lower IS 'Lower bound of the 95% Wilson score interval of share_of_subgroup; NULL when the counts are not a proportion (zero total or negative adjustments).';
COMMENT ON COLUMN crimestats.offence_share.share_of_subgroup_upper IS 'Upper bound of the 95% Wilson score interval of share_of_subgroup.';
COMMENT ON COLUMN crimestats.offence_share.group_offences IS 'Offences of the whole group recorded in the 12 months (codes loaded for this area).';
COMMENT ON COLUMN crimestats.offence_share.share_of_group IS 'offences / group_offences; NULL when the group total is 0.';
COMMENT ON COLUMN crimestats.offence_share.share_of_group_lower IS 'Lower bound of the 95% Wilson score interval of share_of_group.';
COMMENT ON COLUMN crimestats.offence_share.share_of_group_upper IS 'Upper bound of the 95% Wilson score interval of share_of_group.';

-- src/import.sql
-- Loaders for the real public formats (SPEC section 4, docs/loading.md).
--
-- Each format has a staging table whose columns follow the file's columns in
-- order, all text, so that
--     \copy crimestats.stage_<format> FROM 'file.csv' CSV HEADER
-- takes the file exactly as published, and an import function
--     crimestats.import_<format>(source text) -> (read, loaded, rejected)
-- that validates the staged rows, moves them into the schema, records every
-- row it cannot load in crimestats.import_reject and empties the staging
-- table.
--
-- Line numbers.  COPY without a column list fills every column that is not
-- a generated column, so a staging table cannot carry an extra line-number
-- column (a default or identity column would be expected in the file, and a
-- generated column cannot call nextval()).  The staging tables therefore hold
-- the file's columns only, and the import numbers the rows in physical order
-- (a serial scan, without sort): the import empties its staging table with
-- TRUNCATE, so the next COPY writes a fresh heap from block 0 in file order.  Line n of the count
-- is line n of the file when the file has a header line and no quoted line
-- breaks (true of every real sample).  One session loads a given staging
-- table at a time; the import takes an ACCESS EXCLUSIVE lock on it.
--
-- Rows with the wrong number of fields make COPY fail as a whole.  The raw
-- path takes any file: \copy crimestats.stage_raw with a delimiter and a
-- quote that never occur, one text field per line, then
-- crimestats.import_raw(format, source) splits each line as CSV and rejects
-- those with the wrong field count into import_reject.

-- Non-territorial bodies in the Home Office tables.  They have no ONS GSS
-- code; these codes are crimestats' own (prefix NT_, never a GSS prefix).
INSERT INTO crimestats.area (code, name, kind, parent_code, builtin) VALUES
  ('NT_BTP', 'British Transport Police', 'non_territorial', NULL, true),
  ('NT_ACTION_FRAUD', 'Action Fraud', 'non_territorial', NULL, true),
  ('NT_CIFAS', 'CIFAS', 'non_territorial', NULL, true),
  ('NT_UK_FINANCE', 'UK Finance', 'non_territorial', NULL, true),
  ('NT_FFA_UK', 'Financial Fraud Action UK', 'non_territorial', NULL, true);

------------------------------------------------------------------------------
-- Area name aliases
------------------------------------------------------------------------------

CREATE TABLE crimestats.area_alias (
	alias text PRIMARY KEY,
	area_code text NOT NULL REFERENCES crimestats.area (code),
	builtin boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX area_alias_lower_idx ON crimestats.area_alias (pg_catalog.lower(alias));
COMMENT ON TABLE crimestats.area_alias IS
  'Other spellings of area names (data.police.uk force names, Home Office variants, renamed partnerships), matched case-insensitively after trimming.  An area''s own name always resolves too.';
COMMENT ON COLUMN crimestats.area_alias.alias IS 'The spelling found in a source file.';
COMMENT ON COLUMN crimestats.area_alias.area_code IS 'The area it names (crimestats.area.code).';
COMMENT ON COLUMN crimestats.area_alias.builtin IS 'True for rows shipped with crimestats.';

-- Verified in the real samples: data.police.uk writes "Metropolitan Police
-- Service" and "City of London Police"; the Home Office 2017/18 table
-- writes "Devon and Cornwall" where the ONS list has "Devon & Cornwall".
-- The "<name> Police" and "<name> Constabulary" forms cover the force names
-- data.police.uk uses for the other forces.
INSERT INTO crimestats.area_alias (alias, area_code, builtin) VALUES
  ('Metropolitan Police Service', 'E23000001', true),
  ('City of London Police', 'E23000034', true),
  ('City of London', 'E23000034', true),
  ('Devon and Cornwall', 'E23000035', true),
  ('Devon and Cornwall Police', 'E23000035', true),
  ('BTP', 'NT_BTP', true);
INSERT INTO crimestats.area_alias (alias, area_code, builtin)
SELECT a.name || s.suffix, a.code, true
  FROM crimestats.area a
 CROSS JOIN (VALUES (' Police'), (' Constabulary')) AS s (suffix)
 WHERE a.kind = 'police_force_area'
   AND a.code NOT IN ('E23000001', 'E23000034')
ON CONFLICT DO NOTHING;

CREATE FUNCTION crimestats.area_names(kinds text[])
RETURNS TABLE (name_key text, code text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT DISTINCT ON (u.name_key) u.name_key, u.code
	  FROM (SELECT pg_catalog.lower(pg_catalog.btrim(al.alias)) AS name_key, a.code, 1 AS prio
			  FROM crimestats.area_alias al
			  JOIN crimestats.area a ON a.code = al.area_code
			 WHERE a.kind = ANY (area_names.kinds)
			UNION ALL
			SELECT pg_catalog.lower(pg_catalog.btrim(a.name)), a.code, 2
			  FROM crimestats.area a
			 WHERE a.kind = ANY (area_names.kinds)) u
	 ORDER BY u.name_key, u.prio, u.code;
END;
COMMENT ON FUNCTION crimestats.area_names(text[]) IS
  'Every name (lower case, trimmed) that resolves to an area of one of the given kinds: the aliases of crimestats.area_alias first, then the areas'' own names.';

CREATE FUNCTION crimestats.resolve_area(area_name text, kinds text[])
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT n.code FROM crimestats.area_names(resolve_area.kinds) n
	 WHERE n.name_key = pg_catalog.lower(pg_catalog.btrim(resolve_area.area_name));
END;
COMMENT ON FUNCTION crimestats.resolve_area(text, text[]) IS
  'The code of the area of one of the given kinds named area_name (by crimestats.area_alias, then by the area''s own name; case-insensitive, trimmed), or NULL.';

------------------------------------------------------------------------------
-- Parsing helpers
------------------------------------------------------------------------------

CREATE FUNCTION crimestats.ho_count(value text)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN pg_catalog.btrim(value) ~ '^-?[0-9]{1,15}$'
			THEN pg_catalog.btrim(value)::bigint END;
COMMENT ON FUNCTION crimestats.ho_count(text) IS
  'A Home Office count as exported (" 3501 ", "-45 ", "-00 " = 0): trimmed and parsed; NULL when it is not a whole number (e.g. "x" or "N/A - Offence code expired").';

CREATE FUNCTION crimestats.ho_quarter(financial_year text, financial_quarter text)
RETURNS daterange
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE
	WHEN pg_catalog.btrim(financial_year) ~ '^[0-9]{4}[/_-][0-9]{2}$'
	 AND pg_catalog.substr(pg_catalog.btrim(financial_year), 6, 2)::integer
		 = (pg_catalog.substr(pg_catalog.btrim(financial_year), 1, 4)::integer + 1) % 100
	 AND pg_catalog.substr(pg_catalog.btrim(financial_year), 1, 4)::integer BETWEEN 1900 AND 2200
	 AND pg_catalog.btrim(financial_quarter) ~ '^[Qq]?[1-4]$'
	THEN pg_catalog.daterange(
		(pg_catalog.make_date(pg_catalog.substr(pg_catalog.btrim(financial_year), 1, 4)::integer, 4, 1)
		 + pg_catalog.make_interval(months => 3 * (pg_catalog.right(pg_catalog.btrim(financial_quarter), 1)::integer - 1)))::date,
		(pg_catalog.make_date(pg_catalog.substr(pg_catalog.btrim(financial_year), 1, 4)::integer, 4, 1)
		 + pg_catalog.make_interval(months => 3 * pg_catalog.right(pg_catalog.btrim(financial_quarter), 1)::integer))::date)
	END;
COMMENT ON FUNCTION crimestats.ho_quarter(text, text) IS
  'The days of a financial quarter: ho_quarter(''2017/18'', ''1'') = [2017-04-01,2017-07-01); quarter 4 is January to March of the following year.  NULL when the year (YYYY/YY, YYYY_YY or YYYY-YY, consecutive years) or the quarter (1-4 or Q1-Q4) is not valid.';

-- CSV splitting for the raw path: RFC 4180 fields ("" inside quotes is a
-- quote).  An unquoted empty field is NULL, as COPY ... CSV reads it.
CREATE FUNCTION crimestats.csv_fields(line text)
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN (line || ',') ~ '^(("([^"]|"")*"|[^,"]*),)*$'
	THEN ARRAY(
		SELECT CASE
				WHEN m.f[1] = '' THEN NULL
				WHEN pg_catalog.left(m.f[1], 1) = '"'
				THEN pg_catalog.replace(pg_catalog.substr(m.f[1], 2, pg_catalog.length(m.f[1]) - 2), '""', '"')
				ELSE m.f[1] END
		  FROM pg_catalog.regexp_matches(line || ',', '("(?:[^"]|"")*"|[^,"]*),', 'g')
			   WITH ORDINALITY AS m (f, n)
		 ORDER BY m.n)
	END;
COMMENT ON FUNCTION crimestats.csv_fields(text) IS
  'The fields of one CSV line (comma-separated, double-quoted fields may hold commas and doubled quotes); an unquoted empty field is NULL; NULL when the line is not valid CSV.';

------------------------------------------------------------------------------
-- Rejected rows
------------------------------------------------------------------------------

CREATE TABLE crimestats.import_reject (
	source text NOT NULL,
	format text NOT NULL,
	line bigint,
	reason text NOT NULL,
	raw text[],
	rejected_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON crimestats.import_reject (source);
COMMENT ON TABLE crimestats.import_reject IS
  'Every row an import could not load, with its line and the reason; read = loaded + rejected for every import.  Re-importing a source replaces its rejects.';
COMMENT ON COLUMN crimestats.import_reject.source IS 'The source name given to the import function.';
COMMENT ON COLUMN crimestats.import_reject.format IS 'The format: prc_force, prc_csp, prc_outcomes, police_uk_street or police_uk_outcomes.';
COMMENT ON COLUMN crimestats.import_reject.line IS 'Line in the file (the header is line 1).';
COMMENT ON COLUMN crimestats.import_reject.reason IS 'Why the row was not loaded.';
COMMENT ON COLUMN crimestats.import_reject.raw IS 'The row''s fields as read (for the raw path: the fields found, or the whole line when it is not valid CSV).';
COMMENT ON COLUMN crimestats.import_reject.rejected_at IS 'When the import ran.';

------------------------------------------------------------------------------
-- data.police.uk lookups
------------------------------------------------------------------------------

CREATE TABLE crimestats.police_uk_crime_type (
	name text PRIMARY KEY,
	is_current boolean NOT NULL,
	replaced_by text,
	note text,
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.police_uk_crime_type IS
  'Crime types of the data.police.uk street files: the 14 current ones and the legacy ones used before May 2013.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.name IS 'The Crime type as written in the files.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.is_current IS 'True for the 14 types used since May 2013.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.replaced_by IS 'For a legacy type, what replaced it.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.note IS 'When the type was used.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.builtin IS 'True for rows shipped with crimestats.';

INSERT INTO crimestats.police_uk_crime_type (name, is_current, replaced_by, note, builtin) VALUES
  ('Anti-social behaviour', true, NULL, 'since 2010-12; rows have no Crime ID', true),
  ('Bicycle theft', true, NULL, 'since 2013-05 (split from Other theft)', true),
  ('Burglary', true, NULL, 'since 2010-12', true),
  ('Criminal damage and arson', true, NULL, 'since 2011-09', true),
  ('Drugs', true, NULL, 'since 2011-09', true),
  ('Other crime', true, NULL, 'since 2010-12', true),
  ('Other theft', true, NULL, 'since 2011-09', true),
  ('Possession of weapons', true, NULL, 'since 2013-05 (from Public disorder and weapons)', true),
  ('Public order', true, NULL, 'since 2013-05 (from Public disorder and weapons)', true),
  ('Robbery', true, NULL, 'since 2010-12', true),
  ('Shoplifting', true, NULL, 'since 2011-09', true),
  ('Theft from the person', true, NULL, 'since 2013-05 (split from Other theft)', true),
  ('Vehicle crime', true, NULL, 'since 2010-12', true),
  ('Violence and sexual offences', true, NULL, 'since 2013-05 (was Violent crime); includes Home Office codes 8L, 8M, 8Q and 8R', true),
  ('Violent crime', false, 'Violence and sexual offences', '2010-12 to 2013-04', true),
  ('Public disorder and weapons', false, 'Public order; Possession of weapons', '2011-09 to 2013-04', true);

CREATE TABLE crimestats.police_uk_outcome_category (
	name text PRIMARY KEY,
	api_code text,
	current_name text NOT NULL,
	outcome_group text,
	outcome_group_guessed boolean NOT NULL DEFAULT true,
	charged boolean NOT NULL,
	assigned boolean NOT NULL,
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.police_uk_outcome_category IS
  'Outcome categories of the data.police.uk files (Last outcome category, Outcome type), current and pre-2014 wording, each mapped to a Home Office outcomes-framework group where one fits.';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.name IS 'The category as written in the files.';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.api_code IS 'The data.police.uk API code.';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.current_name IS 'The current wording (differs from name for the categories renamed in 2014).';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.outcome_group IS 'Home Office outcome group (crimestats.outcome_type.outcome_group), NULL where no group fits.';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.outcome_group_guessed IS 'True where the group is an inference, not a published mapping (all shipped mappings are inferences).';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.charged IS 'True when the outcome means the suspect was charged or summonsed (court outcomes included).';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.assigned IS 'False for the statuses that are not an outcome yet (Under investigation, Status update unavailable).';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.builtin IS 'True for rows shipped with crimestats.';

-- Groups by outcome type number (DOMAIN 2.2 and 4: inferences); court
-- outcomes follow a charge or summons, hence Charged/Summonsed.
INSERT INTO crimestats.police_uk_outcome_category
	(name, api_code, current_name, outcome_group, outcome_group_guessed, charged, assigned, builtin)
SELECT v.name, v.api_code, COALESCE(v.current_name, v.name),
	   (SELECT t.outcome_group FROM crimestats.outcome_type t WHERE t.code = v.ho_type),
	   true, v.charged, v.assigned, true
  FROM (VALUES
	('Awaiting court outcome', 'awaiting-court-result', NULL, 1, true, true),
	('Court result unavailable', 'court-result-unavailable', NULL, 1, true, true),
	('Court case unable to proceed', 'unable-to-proceed', NULL, 1, true, true),
	('Local resolution', 'local-resolution', NULL, 8, false, true),
	('Investigation complete; no suspect identified', 'no-further-action', NULL, 18, false, true),
	('Offender deprived of property', 'deprived-of-property', NULL, 1, true, true),
	('Offender fined', 'fined', NULL, 1, true, true),
	('Offender given absolute discharge', 'absolute-discharge', NULL, 1, true, true),
	('Offender given a caution', 'cautioned', NULL, 3, false, true),
	('Offender given a drugs possession warning', 'drugs-possession-warning', NULL, 7, false, true),
	('Offender given penalty notice', 'penalty-notice-issued', NULL, 6, false, true),
	('Offender given community sentence', 'community-penalty', NULL, 1, true, true),
	('Offender given conditional discharge', 'conditional-discharge', NULL, 1, true, true),
	('Offender given suspended prison sentence', 'suspended-sentence', NULL, 1, true, true),
	('Offender sent to prison', 'imprisoned', NULL, 1, true, true),
	('Offender otherwise dealt with', 'other-court-disposal', NULL, 1, true, true),
	('Offender ordered to pay compensation', 'compensation', NULL, 1, true, true),
	('Suspect charged as part of another case', 'sentenced-in-another-case', NULL, NULL, true, true),
	('Suspect charged', 'charged', NULL, 1, true, true),
	('Defendant found not guilty', 'not-guilty', NULL, 1, true, true),
	('Defendant sent to Crown Court', 'sent-to-crown-court', NULL, 1, true, true),
	('Unable to prosecute suspect', 'unable-to-prosecute', NULL, NULL, false, true),
	('Formal action is not in the public interest', 'formal-action-not-in-public-interest', NULL, 10, false, true),
	('Action to be taken by another organisation', 'action-taken-by-another-organisation', NULL, 20, false, true),
	('Further investigation is not in the public interest', 'further-investigation-not-in-public-interest', NULL, 21, false, true),
	('Further action is not in the public interest', 'further-action-not-in-public-interest', NULL, 22, false, true),
	('Under investigation', 'under-investigation', NULL, NULL, false, false),
	('Status update unavailable', 'status-update-unavailable', NULL, NULL, false, false),
	-- wording before the 2014 changes, and the API's wording
	('No further action', 'no-further-action', 'Investigation complete; no suspect identified', 18, false, true),
	('Offender imprisoned', 'imprisoned', 'Offender sent to prison', 1, true, true),
	('Suspect found not guilty', 'not-guilty', 'Defendant found not guilty', 1, true, true),
	('Offender given a penalty notice', 'penalty-notice-issued', 'Offender given penalty notice', 6, false, true)
  ) AS v (name, api_code, current_name, ho_type, charged, assigned);

-- current_name must name a current category (set after the rows exist).
ALTER TABLE crimestats.police_uk_outcome_category
	ADD FOREIGN KEY (current_name) REFERENCES crimestats.police_uk_outcome_category (name);

------------------------------------------------------------------------------
-- data.police.uk record tables
------------------------------------------------------------------------------

CREATE TABLE crimestats.crime (
	crime_id text,
	month date NOT NULL,
	reported_by text,
	falls_within text,
	longitude float8,
	latitude float8,
	location text,
	lsoa_code text,
	lsoa_name text,
	crime_type text NOT NULL,
	last_outcome_category text,
	context text,
	source text NOT NULL,
	line bigint NOT NULL
);
-- An import appends its rows together, so a source occupies a run of pages:
-- a BRIN index finds them (for the DELETE of a re-import) at a fraction of
-- what a btree costs per inserted row.  autosummarize summarises each range
-- as it fills, so lookups need not visit unsummarised ranges for long.
CREATE INDEX ON crimestats.crime USING brin (source) WITH (autosummarize = on);
COMMENT ON TABLE crimestats.crime IS
  'One row per record of a data.police.uk street file.  Crime ID is not a key: it is NULL for anti-social behaviour and repeats; (source, line) identifies a row.';
COMMENT ON COLUMN crimestats.crime.crime_id IS 'Crime ID (64 hex digits), NULL for anti-social behaviour.';
COMMENT ON COLUMN crimestats.crime.month IS 'First day of the month the crime was reported in.';
COMMENT ON COLUMN crimestats.crime.reported_by IS 'Force that provided the record.';
COMMENT ON COLUMN crimestats.crime.falls_within IS 'Force the location falls within.';
COMMENT ON COLUMN crimestats.crime.longitude IS 'Anonymised longitude, NULL when the record has no location.';
COMMENT ON COLUMN crimestats.crime.latitude IS 'Anonymised latitude, NULL when the record has no location.';
COMMENT ON COLUMN crimestats.crime.location IS 'Location text (On or near ..., No Location).';
COMMENT ON COLUMN crimestats.crime.lsoa_code IS 'LSOA code (E01...), NULL without location.';
COMMENT ON COLUMN crimestats.crime.lsoa_name IS 'LSOA name (<borough> <3 digits><letter>).';
COMMENT ON COLUMN crimestats.crime.crime_type IS 'Crime type (crimestats.police_uk_crime_type).';
COMMENT ON COLUMN crimestats.crime.last_outcome_category IS 'Latest outcome at the time of publication (crimestats.police_uk_outcome_category), NULL for anti-social behaviour.';
COMMENT ON COLUMN crimestats.crime.context IS 'Context (empty in practice).';
COMMENT ON COLUMN crimestats.crime.source IS 'The source name given to the import.';
COMMENT ON COLUMN crimestats.crime.line IS 'Line in the source file (header = 1).';

CREATE TABLE crimestats.crime_outcome (
	crime_id text,
	month date NOT NULL,
	reported_by text,
	falls_within text,
	longitude float8,
	latitude float8,
	location text,
	lsoa_code text,
	lsoa_name text,
	outcome_type text NOT NULL,
	source text NOT NULL,
	line bigint NOT NULL
);
CREATE INDEX ON crimestats.crime_outcome USING brin (source) WITH (autosummarize = on);
CREATE INDEX ON crimestats.crime_outcome (crime_id);
COMMENT ON TABLE crimestats.crime_outcome IS
  'One row per record of a data.police.uk outcomes file; exact duplicate rows of the files are kept as records (count distinct (crime_id, month, outcome_type) for outcomes).';
COMMENT ON COLUMN crimestats.crime_outcome.crime_id IS 'Crime ID, joins crimestats.crime.crime_id.';
COMMENT ON COLUMN crimestats.crime_outcome.month IS 'First day of the month of the outcome (not of the crime).';
COMMENT ON COLUMN crimestats.crime_outcome.reported_by IS 'Force that provided the record.';
COMMENT ON COLUMN crimestats.crime_outcome.falls_within IS 'Force the location falls within.';
COMMENT ON COLUMN crimestats.crime_outcome.longitude IS 'Anonymised longitude, NULL without location.';
COMMENT ON COLUMN crimestats.crime_outcome.latitude IS 'Anonymised latitude, NULL without location.';
COMMENT ON COLUMN crimestats.crime_outcome.location IS 'Location text (On or near ..., No location).';
COMMENT ON COLUMN crimestats.crime_outcome.lsoa_code IS 'LSOA code, NULL without location.';
COMMENT ON COLUMN crimestats.crime_outcome.lsoa_name IS 'LSOA name.';
COMMENT ON COLUMN crimestats.crime_outcome.outcome_type IS 'Outcome (crimestats.police_uk_outcome_category).';
COMMENT ON COLUMN crimestats.crime_outcome.source IS 'The source name given to the import.';
COMMENT ON COLUMN crimestats.crime_outcome.line IS 'Line in the source file (header = 1).';

------------------------------------------------------------------------------
-- Staging tables: the files' columns in order, all text.  Unlogged: they
-- only ever hold rows on their way in.  Autovacuum is off for them: the
-- import empties them anyway, and an autovacuum that started on a freshly
-- copied file would hold up the import's lock (up to deadlock_timeout) and
-- compete with it for the machine.
------------------------------------------------------------------------------

CREATE UNLOGGED TABLE crimestats.stage_prc_force (
	financial_year text,
	financial_quarter text,
	force_name text,
	offence_description text,
	offence_group text,
	offence_subgroup text,
	offence_code text,
	offence_count text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_prc_force IS
  'Staging for the Home Office police recorded crime table by police force area: \copy crimestats.stage_prc_force FROM ''file.csv'' CSV HEADER, then crimestats.import_prc_force(source).';
COMMENT ON COLUMN crimestats.stage_prc_force.financial_year IS 'Financial Year (2017/18).';
COMMENT ON COLUMN crimestats.stage_prc_force.financial_quarter IS 'Financial Quarter (1-4).';
COMMENT ON COLUMN crimestats.stage_prc_force.force_name IS 'Force Name.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_description IS 'Offence Description.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_group IS 'Offence Group.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_subgroup IS 'Offence Subgroup.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_code IS 'Offence Code.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_count IS 'Number of Offences (2017/18 export) or Offence Count (other releases).';

CREATE UNLOGGED TABLE crimestats.stage_prc_csp (
	financial_year text,
	financial_quarter text,
	force_name text,
	csp_name text,
	offence_description text,
	offence_group text,
	offence_subgroup text,
	offence_code text,
	offence_count text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_prc_csp IS
  'Staging for the Home Office police recorded crime table by community safety partnership (column order assumed, see docs/loading.md): \copy, then crimestats.import_prc_csp(source).';
COMMENT ON COLUMN crimestats.stage_prc_csp.financial_year IS 'Financial Year.';
COMMENT ON COLUMN crimestats.stage_prc_csp.financial_quarter IS 'Financial Quarter.';
COMMENT ON COLUMN crimestats.stage_prc_csp.force_name IS 'Force Name.';
COMMENT ON COLUMN crimestats.stage_prc_csp.csp_name IS 'CSP Name.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_description IS 'Offence Description.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_group IS 'Offence Group.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_subgroup IS 'Offence Subgroup.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_code IS 'Offence Code.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_count IS 'Number of Offences / Offence Count.';

CREATE UNLOGGED TABLE crimestats.stage_prc_outcomes (
	financial_year text,
	financial_quarter text,
	force_name text,
	offence_code text,
	offence_description text,
	offence_group text,
	offence_subgroup text,
	outcome_description text,
	outcome_group text,
	outcome_type text,
	recorded_count text,
	closed_count text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_prc_outcomes IS
  'Staging for the Home Office crime outcomes open data table (column order assumed, see docs/loading.md): \copy, then crimestats.import_prc_outcomes(source).';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.financial_year IS 'Financial Year.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.financial_quarter IS 'Financial Quarter.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.force_name IS 'Force Name.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.offence_code IS 'Offence Code.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.offence_description IS 'Offence Description.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.offence_group IS 'Offence Group.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.offence_subgroup IS 'Offence Subgroup.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.outcome_description IS 'Outcome Description.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.outcome_group IS 'Outcome Group.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.outcome_type IS 'Outcome Type (0-22).';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.recorded_count IS 'Outcomes of offences recorded in the quarter.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.closed_count IS 'Outcomes of investigations closed in the quarter.';

CREATE UNLOGGED TABLE crimestats.stage_police_uk_street (
	crime_id text,
	month text,
	reported_by text,
	falls_within text,
	longitude text,
	latitude text,
	location text,
	lsoa_code text,
	lsoa_name text,
	crime_type text,
	last_outcome_category text,
	context text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_police_uk_street IS
  'Staging for data.police.uk street files (*-street.csv): \copy crimestats.stage_police_uk_street FROM ''file.csv'' CSV HEADER, then crimestats.import_police_uk_street(source).';
COMMENT ON COLUMN crimestats.stage_police_uk_street.crime_id IS 'Crime ID.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.month IS 'Month (YYYY-MM).';
COMMENT ON COLUMN crimestats.stage_police_uk_street.reported_by IS 'Reported by.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.falls_within IS 'Falls within.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.longitude IS 'Longitude.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.latitude IS 'Latitude.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.location IS 'Location.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.lsoa_code IS 'LSOA code.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.lsoa_name IS 'LSOA name.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.crime_type IS 'Crime type.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.last_outcome_category IS 'Last outcome category.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.context IS 'Context.';

CREATE UNLOGGED TABLE crimestats.stage_police_uk_outcomes (
	crime_id text,
	month text,
	reported_by text,
	falls_within text,
	longitude text,
	latitude text,
	location text,
	lsoa_code text,
	lsoa_name text,
	outcome_type text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_police_uk_outcomes IS
  'Staging for data.police.uk outcomes files (*-outcomes.csv): \copy crimestats.stage_police_uk_outcomes FROM ''file.csv'' CSV HEADER, then crimestats.import_police_uk_outcomes(source).';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.crime_id IS 'Crime ID.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.month IS 'Month of the outcome (YYYY-MM).';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.reported_by IS 'Reported by.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.falls_within IS 'Falls within.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.longitude IS 'Longitude.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.latitude IS 'Latitude.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.location IS 'Location.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.lsoa_code IS 'LSOA code.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.lsoa_name IS 'LSOA name.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.outcome_type IS 'Outcome type.';

CREATE UNLOGGED TABLE crimestats.stage_raw (
	raw_line text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_raw IS
  'Staging for the raw path, one text field per line of any of the formats: \copy crimestats.stage_raw FROM ''file.csv'' WITH (FORMAT csv, HEADER, DELIMITER E''\x1f'', QUOTE E''\x1e''), then crimestats.import_raw(format, source).  Lines with the wrong number of fields are rejected instead of failing the COPY.';
COMMENT ON COLUMN crimestats.stage_raw.raw_line IS 'One line of the file, as is.';

------------------------------------------------------------------------------
-- Import machinery
------------------------------------------------------------------------------

-- Serialises imports of one source (a second import of the same source
-- waits, then replaces the first) and removes what it loaded before.
CREATE FUNCTION crimestats.import_begin(format text, source text)
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

-- Home Office tables.  A composite offence code (Homicide,
-- 1/4.1/4.10/4.2) comes as several rows per area and quarter, which are
-- summed; any other repeated (area, offence, quarter) is rejected after its
-- first line.  Rows that would overlap offences another source loaded are
-- rejected rather than failing the whole import on the exclusion
-- constraint.
CREATE FUNCTION crimestats.import_prc_rows(format text, source text, rows_sql text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	reason_sql text;
	raw_sql text;
	target text;
	key_extra text := '';
	val_cols text := '';
	val_exprs text := '';
	r bigint;
	l bigint;
	j bigint;
BEGIN
	PERFORM crimestats.import_begin(format, source);

	IF format = 'prc_force' THEN
		reason_sql := $s$
			WHEN p.area_code IS NULL THEN 'unknown force: ' || coalesce(quote_literal((p.s).force_name), 'empty')$s$;
		raw_sql := $s$ARRAY[s.financial_year, s.financial_quarter, s.force_name, s.offence_description,
			s.offence_group, s.offence_subgroup, s.offence_code, s.offence_count]$s$;
		target := 'crimestats.recorded_offence';
	ELSIF format = 'prc_csp' THEN
		reason_sql := $s$
			WHEN p.force_code IS NULL THEN 'unknown force: ' || coalesce(quote_literal((p.s).force_name), 'empty')
			WHEN p.area_code IS NULL THEN 'unknown community safety partnership: ' || coalesce(quote_literal((p.s).csp_name), 'empty')
			WHEN p.csp_parent <> p.force_code
			THEN 'community safety partnership ' || quote_literal((p.s).csp_name) || ' does not lie in force ' || quote_literal((p.s).force_name)$s$;
		raw_sql := $s$ARRAY[s.financial_year, s.financial_quarter, s.force_name, s.csp_name, s.offence_description,
			s.offence_group, s.offence_subgroup, s.offence_code, s.offence_count]$s$;
		target := 'crimestats.recorded_offence';
	ELSE
		reason_sql := $s$
			WHEN p.area_code IS NULL THEN 'unknown force: ' || coalesce(quote_literal((p.s).force_name), 'empty')
			WHEN p.outcome_code IS NULL THEN 'unknown outcome type: ' || coalesce(quote_literal((p.s).outcome_type), 'empty')
			WHEN p.closed IS NULL AND nullif(btrim((p.s).closed_count), '') IS NOT NULL
			THEN 'bad count of investigations closed: ' || quote_literal((p.s).closed_count)$s$;
		raw_sql := $s$ARRAY[s.financial_year, s.financial_quarter, s.force_name, s.offence_code,
			s.offence_description, s.offence_group, s.offence_subgroup, s.outcome_description,
			s.outcome_group, s.outcome_type, s.recorded_count, s.closed_count]$s$;
		target := 'crimestats.offence_outcome';
		key_extra := ', outcome_code';
		val_cols := ', outcome_code, investigations_closed';
		val_exprs := ', outcome_code, sum(closed)';
	END IF;

	EXECUTE format($q$
		WITH p AS MATERIALIZED (
			SELECT s.line, %3$s AS raw,
				   ar.code AS area_code, o.code AS offence_code,
				   %4$s AS force_code, %5$s AS csp_parent, %6$s AS outcome_code, %7$s AS closed,
				   s
			  FROM (%1$s) s
			  LEFT JOIN crimestats.offence o ON o.code = btrim(s.offence_code)
			  LEFT JOIN crimestats.area_names(%2$L) ar ON ar.name_key = lower(btrim(%15$s))
			  %16$s
		), q AS MATERIALIZED (
			-- Quarters and counts are parsed once per distinct value, not
			-- per row: a year's table has four quarters, and far fewer
			-- distinct counts than rows (MATERIALIZED, or the planner would
			-- move the calls above the join).
			SELECT d.fy, d.fq, crimestats.ho_quarter(d.fy, d.fq) AS period
			  FROM (SELECT DISTINCT (p.s).financial_year AS fy, (p.s).financial_quarter AS fq FROM p) d
		), nc AS MATERIALIZED (
			SELECT d.v, crimestats.ho_count(d.v) AS offences
			  FROM (SELECT DISTINCT %9$s AS v FROM p) d
		), c AS (
			SELECT p.*, q.period, nc.offences,
				   CASE
					WHEN q.period IS NULL
					THEN 'bad financial year or quarter: ' || coalesce(quote_literal((p.s).financial_year), 'empty')
						 || ' ' || coalesce(quote_literal((p.s).financial_quarter), 'empty')
					%8$s
					WHEN p.offence_code IS NULL THEN 'unknown offence code: ' || coalesce(quote_literal((p.s).offence_code), 'empty')
					WHEN nc.offences IS NULL THEN 'bad count: ' || coalesce(quote_literal(%9$s), 'empty')
				   END AS reason
			  FROM p
			  LEFT JOIN q ON q.fy = (p.s).financial_year AND q.fq = (p.s).financial_quarter
			  LEFT JOIN nc ON nc.v = %9$s
		), k AS (
			SELECT c.*,
				   min(c.line) OVER w AS first_line,
				   count(*) OVER w AS n
			  FROM c
			 WHERE c.reason IS NULL
			WINDOW w AS (PARTITION BY c.area_code, c.offence_code, c.period %10$s)
		), ov AS (
			SELECT DISTINCT ON (k.line) k.line, t.source
			  FROM k
			  JOIN %11$s t
				ON t.area_code = k.area_code AND t.offence_code = k.offence_code
			   AND t.period && k.period %12$s
			 ORDER BY k.line, t.source
		), k2 AS (
			SELECT k.*,
				   CASE
					WHEN k.n > 1 AND strpos(k.offence_code, '/') = 0 AND k.line <> k.first_line
					THEN 'duplicate row: same area, offence code and quarter as line ' || k.first_line
					WHEN ov.source IS NOT NULL
					THEN 'overlaps offences already loaded from source ' || quote_literal(ov.source)
				   END AS reason2
			  FROM k
			  LEFT JOIN ov ON ov.line = k.line
		), ins AS (
			INSERT INTO %11$s (area_code, offence_code, period, offences, source %13$s)
			SELECT area_code, offence_code, period, sum(offences), $1 %14$s
			  FROM k2 WHERE reason2 IS NULL
			 GROUP BY area_code, offence_code, period %10$s
			RETURNING 1
		), rej AS (
			INSERT INTO crimestats.import_reject (source, format, line, reason, raw)
			SELECT $1, $2, line, reason, raw FROM c WHERE reason IS NOT NULL
			UNION ALL
			SELECT $1, $2, line, reason2, raw FROM k2 WHERE reason2 IS NOT NULL
			RETURNING 1
		)
		SELECT (SELECT count(*) FROM c),
			   (SELECT count(*) FROM k2 WHERE reason2 IS NULL),
			   (SELECT count(*) FROM rej)
		$q$,
		rows_sql,
		CASE WHEN format = 'prc_csp' THEN '{community_safety_partnership}' ELSE '{police_force_area,non_territorial}' END,
		raw_sql,
		CASE WHEN format = 'prc_csp' THEN 'fr.code' ELSE 'NULL::text' END,
		CASE WHEN format = 'prc_csp' THEN 'ca.parent_code' ELSE 'NULL::text' END,
		CASE WHEN format = 'prc_outcomes' THEN 'ot.code' ELSE 'NULL::integer' END,
		CASE WHEN format = 'prc_outcomes' THEN 'crimestats.ho_count(s.closed_count)' ELSE 'NULL::bigint' END,
		reason_sql,
		CASE WHEN format = 'prc_outcomes' THEN '(p.s).recorded_count' ELSE '(p.s).offence_count' END,
		key_extra, target,
		CASE WHEN format = 'prc_outcomes' THEN 'AND t.outcome_code = k.outcome_code' ELSE '' END,
		val_cols, val_exprs,
		CASE WHEN format = 'prc_csp' THEN 's.csp_name' ELSE 's.force_name' END,
		CASE format
			WHEN 'prc_csp' THEN $s$
			  LEFT JOIN crimestats.area_names('{police_force_area}') fr ON fr.name_key = lower(btrim(s.force_name))
			  LEFT JOIN crimestats.area ca ON ca.code = ar.code$s$
			WHEN 'prc_outcomes' THEN $s$
			  LEFT JOIN crimestats.outcome_type ot
				ON ot.code = CASE WHEN btrim(s.outcome_type) ~ '^[0-9]{1,4}$' THEN btrim(s.outcome_type)::integer END$s$
			ELSE '' END)
	USING source, format
	INTO r, l, j;

	IF r <> l + j THEN
		RAISE EXCEPTION 'import_%: read % rows but loaded % and rejected %', format, r, l, j;
	END IF;
	RETURN QUERY SELECT r, l, j;
END;
$$;
COMMENT ON FUNCTION crimestats.import_prc_rows(text, text, text) IS
  'Loads Home Office table rows (format prc_force, prc_csp or prc_outcomes) from the query rows_sql, which returns line plus the staging table''s columns; used by the import functions and by ETL code that holds rows elsewhere.  Returns (read, loaded, rejected); loaded counts rows read, so the four Homicide rows summed into one count as four.';

-- data.police.uk files.  Empty Crime IDs and coordinates become NULL; the
-- month, the coordinates, the crime type and the outcome category are
-- checked; nothing else is (a record with an odd location is still a
-- record).
CREATE FUNCTION crimestats.try_float8(value text)
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
CREATE FUNCTION crimestats.import_police_uk_pass(format text, source text, typed_sql text, read bigint,
	OUT loaded bigint, OUT rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	street boolean := format = 'police_uk_street';
	types text[];
	cats text[];
	checked_sql text;
BEGIN
	SELECT coalesce(array_agg(t.name), '{}') INTO types FROM crimestats.police_uk_crime_type t;
	SELECT coalesce(array_agg(oc.name), '{}') INTO cats FROM crimestats.police_uk_outcome_category oc;
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
			   c.location, nullif(c.lsoa_code, ''), nullif(c.lsoa_name, ''), %s, $1, c.line
		  FROM (%s) c
		 WHERE c.reason IS NULL
		$q$,
		CASE WHEN street
			 THEN 'crimestats.crime (crime_id, month, reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, crime_type, last_outcome_category, context, source, line)'
			 ELSE 'crimestats.crime_outcome (crime_id, month, reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, outcome_type, source, line)'
		END,
		CASE WHEN street THEN $s$c.crime_type, nullif(c.last_outcome_category, ''), nullif(c.context, '')$s$
			 ELSE 'c.outcome_type' END,
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
COMMENT ON FUNCTION crimestats.import_police_uk_pass(text, text, text, bigint) IS
  'Used by import_police_uk_rows: loads the rows of typed_sql that pass the checks, then, when some did not, records those in import_reject; returns (loaded, rejected).';

CREATE FUNCTION crimestats.import_police_uk_rows(format text, source text, rows_sql text)
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
	PERFORM crimestats.import_begin(format, source);

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
		  FROM crimestats.import_police_uk_pass(format, source, format($s$
			SELECT s.*, %s AS month_d,
				   nullif(s.longitude, '')::float8 AS lon,
				   nullif(s.latitude, '')::float8 AS lat
			  FROM (%s) s OFFSET 0$s$, month_sql, rows_sql), r) x;
	EXCEPTION
		WHEN invalid_text_representation OR numeric_value_out_of_range THEN
		-- ... and then the file is read again with conversions that do not
		-- raise: plain decimals (every real coordinate) are cast directly,
		-- anything else goes through try_float8, which gives NULL for what
		-- the cast refuses.
		SELECT x.loaded, x.rejected INTO l, j
		  FROM crimestats.import_police_uk_pass(format, source, format($s$
			SELECT s.*, %s AS month_d,
				   CASE WHEN s.longitude ~ '^-?[0-9]{1,15}([.][0-9]{1,30})?$' THEN s.longitude::float8
						ELSE crimestats.try_float8(nullif(s.longitude, '')) END AS lon,
				   CASE WHEN s.latitude ~ '^-?[0-9]{1,15}([.][0-9]{1,30})?$' THEN s.latitude::float8
						ELSE crimestats.try_float8(nullif(s.latitude, '')) END AS lat
			  FROM (%s) s OFFSET 0$s$, month_sql, rows_sql), r) x;
	END;

	IF r <> l + j THEN
		RAISE EXCEPTION 'import_%: read % rows but loaded % and rejected %', format, r, l, j;
	END IF;
	RETURN QUERY SELECT r, l, j;
END;
$$;
COMMENT ON FUNCTION crimestats.import_police_uk_rows(text, text, text) IS
  'Loads data.police.uk rows (format police_uk_street or police_uk_outcomes) from the query rows_sql, which returns line plus the staging table''s columns; used by the import functions.  Returns (read, loaded, rejected).';

CREATE FUNCTION crimestats.import_stage(format text, source text)
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

CREATE FUNCTION crimestats.import_prc_force(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('prc_force', source);
END;
COMMENT ON FUNCTION crimestats.import_prc_force(text) IS
  'Imports crimestats.stage_prc_force (Home Office recorded crime by police force area) into recorded_offence under the name source, replacing an earlier import of that source; returns (read, loaded, rejected).';

CREATE FUNCTION crimestats.import_prc_csp(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('prc_csp', source);
END;
COMMENT ON FUNCTION crimestats.import_prc_csp(text) IS
  'Imports crimestats.stage_prc_csp (Home Office recorded crime by community safety partnership) into recorded_offence under the name source; returns (read, loaded, rejected).';

CREATE FUNCTION crimestats.import_prc_outcomes(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('prc_outcomes', source);
END;
COMMENT ON FUNCTION crimestats.import_prc_outcomes(text) IS
  'Imports crimestats.stage_prc_outcomes (Home Office crime outcomes) into offence_outcome under the name source (outcome type 0 kept); returns (read, loaded, rejected).';

CREATE FUNCTION crimestats.import_police_uk_street(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('police_uk_street', source);
END;
COMMENT ON FUNCTION crimestats.import_police_uk_street(text) IS
  'Imports crimestats.stage_police_uk_street (a data.police.uk street file) into crimestats.crime under the name source; returns (read, loaded, rejected).';

CREATE FUNCTION crimestats.import_police_uk_outcomes(source text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	SELECT * FROM crimestats.import_stage('police_uk_outcomes', source);
END;
COMMENT ON FUNCTION crimestats.import_police_uk_outcomes(text) IS
  'Imports crimestats.stage_police_uk_outcomes (a data.police.uk outcomes file) into crimestats.crime_outcome under the name source; returns (read, loaded, rejected).';

CREATE FUNCTION crimestats.import_raw(format text, source text)
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

------------------------------------------------------------------------------
-- Views over data.police.uk records
------------------------------------------------------------------------------

-- Grouped first and resolved after, so the force lookup runs once per
-- distinct name and not once per record.
CREATE VIEW crimestats.police_uk_monthly WITH (security_invoker = true) AS
SELECT crimestats.resolve_area(g.falls_within, '{police_force_area,non_territorial}') AS force_code,
	   COALESCE(
		   (SELECT a.name FROM crimestats.area a
			 WHERE a.code = crimestats.resolve_area(g.falls_within, '{police_force_area,non_territorial}')),
		   g.falls_within) AS force_name,
	   g.borough,
	   g.crime_type,
	   g.month,
	   pg_catalog.daterange(g.month, (g.month + '1 month'::interval)::date) AS period,
	   (g.month + '1 month'::interval - '1 day'::interval)::date AS month_end,
	   g.crimes
  FROM (SELECT c.falls_within,
			   pg_catalog.regexp_replace(c.lsoa_name, ' [0-9]{3}[A-Z]$', '') AS borough,
			   c.crime_type,
			   c.month,
			   pg_catalog.count(*) AS crimes
		  FROM crimestats.crime c
		 GROUP BY c.falls_within, 2, c.crime_type, c.month) g;
COMMENT ON VIEW crimestats.police_uk_monthly IS
  'data.police.uk street records per force, borough (LSOA name prefix), crime type and month: per_day_rate(crimes, period) gives crimes a day.  Counts records: repeated Crime IDs count once per record, as in the files.';
COMMENT ON COLUMN crimestats.police_uk_monthly.force_code IS 'GSS code of the force the records fall within (NULL when the name is not known to crimestats.area_alias).';
COMMENT ON COLUMN crimestats.police_uk_monthly.force_name IS 'Force name (crimestats.area), or Falls within as written when unresolved.';
COMMENT ON COLUMN crimestats.police_uk_monthly.borough IS 'Local authority from the LSOA name (Newham 011A -> Newham); NULL for records without location.  May lie outside the force area.';
COMMENT ON COLUMN crimestats.police_uk_monthly.crime_type IS 'Crime type.';
COMMENT ON COLUMN crimestats.police_uk_monthly.month IS 'First day of the month.';
COMMENT ON COLUMN crimestats.police_uk_monthly.period IS 'The month as a date range, for per_day_rate.';
COMMENT ON COLUMN crimestats.police_uk_monthly.month_end IS 'Last day of the month.';
COMMENT ON COLUMN crimestats.police_uk_monthly.crimes IS 'Number of records.';

CREATE VIEW crimestats.police_uk_outcomes WITH (security_invoker = true) AS
SELECT crimestats.resolve_area(g.falls_within, '{police_force_area,non_territorial}') AS force_code,
	   COALESCE(
		   (SELECT a.name FROM crimestats.area a
			 WHERE a.code = crimestats.resolve_area(g.falls_within, '{police_force_area,non_territorial}')),
		   g.falls_within) AS force_name,
	   g.crime_type,
	   g.month,
	   pg_catalog.daterange(g.month, (g.month + '1 month'::interval)::date) AS period,
	   g.crimes,
	   g.with_outcome,
	   g.charged
  FROM (SELECT c.falls_within,
			   c.crime_type,
			   c.month,
			   pg_catalog.count(*) AS crimes,
			   pg_catalog.count(*) FILTER (WHERE oc.assigned) AS with_outcome,
			   pg_catalog.count(*) FILTER (WHERE oc.charged) AS charged
		  FROM crimestats.crime c
		  LEFT JOIN crimestats.police_uk_outcome_category oc ON oc.name = c.last_outcome_category
		 WHERE c.crime_type <> 'Anti-social behaviour'
		 GROUP BY c.falls_within, c.crime_type, c.month) g;
COMMENT ON VIEW crimestats.police_uk_outcomes IS
  'Last outcome of data.police.uk street records (anti-social behaviour excluded) per force, crime type and month: outcome_ratio(charged, with_outcome) is the share charged among crimes with an outcome.  The outcome is the one at publication time.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.force_code IS 'GSS code of the force (NULL when unresolved).';
COMMENT ON COLUMN crimestats.police_uk_outcomes.force_name IS 'Force name.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.crime_type IS 'Crime type.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.month IS 'First day of the month the crimes were reported in.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.period IS 'The month as a date range.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.crimes IS 'Number of crime records.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.with_outcome IS 'Records whose last outcome is an outcome (not Under investigation, Status update unavailable or empty).';
COMMENT ON COLUMN crimestats.police_uk_outcomes.charged IS 'Records whose last outcome means the suspect was charged or summonsed (court outcomes included).';

------------------------------------------------------------------------------
-- pg_dump keeps what users load
------------------------------------------------------------------------------

SELECT pg_catalog.pg_extension_config_dump('crimestats.area_alias', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.police_uk_crime_type', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.police_uk_outcome_category', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.crime', '');
SELECT pg_catalog.pg_extension_config_dump('crimestats.crime_outcome', '');
SELECT pg_catalog.pg_extension_config_dump('crimestats.import_reject', '');

-- src/example.sql
-- The example dataset, loaded by SELECT crimestats.load_example() (never by
-- CREATE EXTENSION).  It reproduces the figures of a local news story
-- (Newham Recorder, 15 April 2019): Newham recorded 1,821 stalking and
-- harassment offences in the year ending September 2018 ("five a day"), more
-- than double five years earlier; the Metropolitan Police recorded 46,100,
-- of which 1,329 were stalking, and charged in 5% of cases.
--
-- What is real and what is illustrative:
-- * Metropolitan Police (E23000001), April 2017 to March 2018: the real
--   quarterly counts of 8L, 8M, 8Q and 8R from the Home Office police
--   recorded crime open data table 2017/18 (data/prc-pfa-2017-18.csv),
--   each quarter split evenly over its months (the split is illustrative,
--   the quarterly totals are not).
-- * Everything else is ILLUSTRATIVE, made to match the story: Met counts
--   before April 2017 and from April 2018 (chosen so that the year ending
--   September 2018 totals 46,100 with 1,329 stalking), all Newham counts
--   (only the 1,821 total for the year ending September 2018 is published),
--   and the Met outcomes (type 1, charged/summonsed, is 5.0% of assigned
--   outcomes).
-- * Newham's mid-2017 and mid-2018 populations are ONS estimates quoted in
--   the press (347,996 and 352,005).
-- Every loaded row has source = 'crimestats example (...)', so the real and
-- the illustrative rows can be told apart in queries too.

CREATE FUNCTION crimestats.load_example() RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
	DELETE FROM crimestats.offence_outcome WHERE source LIKE 'crimestats example%';
	DELETE FROM crimestats.recorded_offence WHERE source LIKE 'crimestats example%';
	DELETE FROM crimestats.area_population WHERE source LIKE 'crimestats example%';

	-- Newham: one total per code and year ending September, spread over the
	-- twelve months so that each year sums exactly to its total.
	INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	SELECT 'E22000210', y.code,
		   pg_catalog.daterange(m.first_day, (m.first_day + interval '1 month')::date),
		   (y.total * (m.k + 1)) / 12 - (y.total * m.k) / 12,
		   'crimestats example (illustrative)'
	FROM (VALUES
			(2013, '8L', 820), (2013, '8M', 30),
			(2014, '8L', 872), (2014, '8M', 33),
			(2015, '8L', 990), (2015, '8M', 35), (2015, '8Q', 25),
			(2016, '8L', 1130), (2016, '8M', 39), (2016, '8Q', 35),
			(2017, '8L', 1300), (2017, '8M', 41), (2017, '8Q', 48),
			(2018, '8L', 1010), (2018, '8M', 37), (2018, '8Q', 52), (2018, '8R', 722)
		 ) AS y(year_ending, code, total)
	CROSS JOIN LATERAL (
		SELECT k, (pg_catalog.make_date(y.year_ending - 1, 10, 1) + k * interval '1 month')::date AS first_day
		FROM pg_catalog.generate_series(0, 11) AS k
	) AS m;

	-- Metropolitan Police: one total per code and quarter, spread over the
	-- three months of the quarter.  Quarters of 2017/18 are real.
	INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	SELECT 'E23000001', q.code,
		   pg_catalog.daterange(m.first_day, (m.first_day + interval '1 month')::date),
		   (q.total * (m.k + 1)) / 3 - (q.total * m.k) / 3,
		   CASE WHEN q.quarter_start >= '2017-04-01' AND q.quarter_start < '2018-04-01'
				THEN 'crimestats example (Home Office open data table 2017/18)'
				ELSE 'crimestats example (illustrative)' END
	FROM (
		-- illustrative quarters, October 2012 to March 2017: steady growth
		SELECT (DATE '2012-10-01' + n * interval '3 months')::date AS quarter_start, c.code,
			   pg_catalog.round(c.base * pg_catalog.power(1.035, n))::bigint AS total
		FROM pg_catalog.generate_series(0, 17) AS n,
			 (VALUES ('8L', 2600), ('8M', 55), ('8Q', 60), ('8R', 2300)) AS c(code, base)
		WHERE c.code <> '8Q' OR n >= 6		-- stalking recorded from April 2014
		UNION ALL
		SELECT v.quarter_start, v.code, v.total
		FROM (VALUES
			-- real: Home Office open data table 2017/18, Metropolitan Police
			(DATE '2017-04-01', '8L', 3501), ('2017-04-01', '8M', 72), ('2017-04-01', '8Q', 238), ('2017-04-01', '8R', 6201),
			('2017-07-01', '8L', 3655), ('2017-07-01', '8M', 71), ('2017-07-01', '8Q', 241), ('2017-07-01', '8R', 6132),
			('2017-10-01', '8L', 3415), ('2017-10-01', '8M', 62), ('2017-10-01', '8Q', 279), ('2017-10-01', '8R', 6415),
			('2018-01-01', '8L', 3278), ('2018-01-01', '8M', 53), ('2018-01-01', '8Q', 298), ('2018-01-01', '8R', 6876),
			-- illustrative: April to September 2018 (25,424 offences, 752 stalking)
			('2018-04-01', '8L', 3650), ('2018-04-01', '8M', 58), ('2018-04-01', '8Q', 368), ('2018-04-01', '8R', 8450),
			('2018-07-01', '8L', 3750), ('2018-07-01', '8M', 62), ('2018-07-01', '8Q', 384), ('2018-07-01', '8R', 8702)
		) AS v(quarter_start, code, total)
	) AS q
	CROSS JOIN LATERAL (
		SELECT k, (q.quarter_start + k * interval '1 month')::date AS first_day
		FROM pg_catalog.generate_series(0, 2) AS k
	) AS m;

	INSERT INTO crimestats.area_population (area_code, year, population, source) VALUES
		('E22000210', 2017, 347996, 'crimestats example (ONS mid-2017 estimate for Newham, as quoted in the press)'),
		('E22000210', 2018, 352005, 'crimestats example (ONS mid-2018 estimate for Newham, as quoted in the press)');

	-- Illustrative outcomes of the Met's stalking and harassment offences
	-- recorded in the year ending September 2018, by offence and outcome type:
	-- 1,100 not yet assigned (type 0), 45,000 assigned, 2,250 (5.0%) charged.
	INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
	SELECT 'E23000001', v.code, '[2017-10-01,2018-10-01)', v.outcome, v.n, 'crimestats example (illustrative)'
	FROM (VALUES
			('8L',0,338),
			('8L',1,690),
			('8L',2,29),
			('8L',3,277),
			('8L',6,4),
			('8L',8,368),
			('8L',9,32),
			('8L',10,47),
			('8L',11,7),
			('8L',12,11),
			('8L',13,16),
			('8L',14,2753),
			('8L',15,766),
			('8L',16,5173),
			('8L',17,93),
			('8L',18,2906),
			('8L',20,123),
			('8L',21,460),
			('8M',0,5),
			('8M',1,11),
			('8M',3,4),
			('8M',8,6),
			('8M',14,45),
			('8M',15,12),
			('8M',16,94),
			('8M',17,1),
			('8M',18,48),
			('8M',20,2),
			('8M',21,7),
			('8Q',0,31),
			('8Q',1,64),
			('8Q',2,2),
			('8Q',3,25),
			('8Q',8,34),
			('8Q',9,2),
			('8Q',10,4),
			('8Q',13,1),
			('8Q',14,259),
			('8Q',15,72),
			('8Q',16,500),
			('8Q',17,8),
			('8Q',18,273),
			('8Q',20,11),
			('8Q',21,43),
			('8R',0,726),
			('8R',1,1485),
			('8R',2,59),
			('8R',3,594),
			('8R',6,6),
			('8R',8,792),
			('8R',9,66),
			('8R',10,99),
			('8R',11,13),
			('8R',12,19),
			('8R',13,33),
			('8R',14,5943),
			('8R',15,1650),
			('8R',16,11233),
			('8R',17,198),
			('8R',18,6273),
			('8R',20,264),
			('8R',21,990)
		 ) AS v(code, outcome, n);
END
$fn$;
COMMENT ON FUNCTION crimestats.load_example() IS
  'Load the example dataset (Newham and the Metropolitan Police, stalking and harassment, October 2012 to September 2018; partly real, partly illustrative: see the README).  Safe to call again: replaces the example rows.';
