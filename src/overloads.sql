-- Forgiving signatures, new in 1.1: overloads of the functions that take
-- counts or an integer `at`, for the types users' queries hand them.
-- sum(bigint) and sum(integer) are numeric, extract() is numeric and
-- date_part() double precision, date_trunc() and now() give timestamps:
-- with only the bigint, integer and date forms PostgreSQL answers "function
-- does not exist".  Each overload is the same aggregate or function, with
-- the same state, combine, serialization and moving-aggregate support and
-- the same errors naming the function called; the value must be a whole
-- number (22023 otherwise), as a count or a year is.
--
-- Both numeric and double precision forms are given, not numeric alone:
-- with bigint and numeric forms only, an integer or smallint argument
-- (which converts implicitly to both) or an untyped literal would make the
-- call ambiguous.  Double precision is the preferred numeric type, so
-- PostgreSQL resolves those to it, where every integer up to 2^53 is
-- exact; bigint arguments keep their bigint form, numeric ones go to the
-- numeric form, exact over the whole range of bigint.
--
-- Timestamps are taken as their date; a timestamp with time zone as its
-- date in the session's TimeZone, as ::date takes it, so those functions
-- are STABLE.
--
-- Support functions in crimestats_internal, C in the family's own file.
-- After the families it extends, before the views.  Its own piece, so that
-- the 1.0 -> 1.1 upgrade script includes it whole.

-- ---------- per-day rates (src/rates.c) ----------

CREATE FUNCTION crimestats_internal.rate_summary_accum(crimestats.rate_summary, numeric, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_accum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_maccum(crimestats.rate_summary, numeric, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_maccum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_minv(crimestats.rate_summary, numeric, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_minv_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.rate_summary_accum(crimestats.rate_summary, numeric, daterange) IS 'Transition function of rate_summary(numeric, daterange).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_maccum(crimestats.rate_summary, numeric, daterange) IS 'Moving-aggregate transition function of rate_summary(numeric, daterange).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_minv(crimestats.rate_summary, numeric, daterange) IS 'Moving-aggregate inverse transition function of rate_summary(numeric, daterange).';
CREATE AGGREGATE crimestats.rate_summary(cases numeric, period daterange) (
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
COMMENT ON AGGREGATE crimestats.rate_summary(numeric, daterange) IS
  'Summarise counts over periods into a rate_summary, as rate_summary(bigint, daterange); cases a whole number.';

CREATE FUNCTION crimestats_internal.rate_summary_accum(crimestats.rate_summary, double precision, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_accum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_maccum(crimestats.rate_summary, double precision, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_maccum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.rate_summary_minv(crimestats.rate_summary, double precision, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'rate_summary_minv_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.rate_summary_accum(crimestats.rate_summary, double precision, daterange) IS 'Transition function of rate_summary(double precision, daterange).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_maccum(crimestats.rate_summary, double precision, daterange) IS 'Moving-aggregate transition function of rate_summary(double precision, daterange).';
COMMENT ON FUNCTION crimestats_internal.rate_summary_minv(crimestats.rate_summary, double precision, daterange) IS 'Moving-aggregate inverse transition function of rate_summary(double precision, daterange).';
CREATE AGGREGATE crimestats.rate_summary(cases double precision, period daterange) (
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
COMMENT ON AGGREGATE crimestats.rate_summary(double precision, daterange) IS
  'Summarise counts over periods into a rate_summary, as rate_summary(bigint, daterange); cases a whole number.';

CREATE FUNCTION crimestats_internal.per_day_rate_accum(crimestats.rate_summary, numeric, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_accum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_maccum(crimestats.rate_summary, numeric, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_maccum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_minv(crimestats.rate_summary, numeric, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_minv_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.per_day_rate_accum(crimestats.rate_summary, numeric, daterange) IS 'Transition function of per_day_rate(numeric, daterange).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_maccum(crimestats.rate_summary, numeric, daterange) IS 'Moving-aggregate transition function of per_day_rate(numeric, daterange).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_minv(crimestats.rate_summary, numeric, daterange) IS 'Moving-aggregate inverse transition function of per_day_rate(numeric, daterange).';
CREATE AGGREGATE crimestats.per_day_rate(cases numeric, period daterange) (
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
COMMENT ON AGGREGATE crimestats.per_day_rate(numeric, daterange) IS
  'Cases per day, as per_day_rate(bigint, daterange); cases a whole number.';

CREATE FUNCTION crimestats_internal.per_day_rate_accum(crimestats.rate_summary, double precision, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_accum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_maccum(crimestats.rate_summary, double precision, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_maccum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_minv(crimestats.rate_summary, double precision, daterange)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_minv_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.per_day_rate_accum(crimestats.rate_summary, double precision, daterange) IS 'Transition function of per_day_rate(double precision, daterange).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_maccum(crimestats.rate_summary, double precision, daterange) IS 'Moving-aggregate transition function of per_day_rate(double precision, daterange).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_minv(crimestats.rate_summary, double precision, daterange) IS 'Moving-aggregate inverse transition function of per_day_rate(double precision, daterange).';
CREATE AGGREGATE crimestats.per_day_rate(cases double precision, period daterange) (
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
COMMENT ON AGGREGATE crimestats.per_day_rate(double precision, daterange) IS
  'Cases per day, as per_day_rate(bigint, daterange); cases a whole number.';

CREATE FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, numeric, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_accum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, numeric, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_maccum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, numeric, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_minv_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, numeric, daterange, double precision) IS 'Transition function of per_day_rate_ci(numeric, daterange, double precision).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, numeric, daterange, double precision) IS 'Moving-aggregate transition function of per_day_rate_ci(numeric, daterange, double precision).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, numeric, daterange, double precision) IS 'Moving-aggregate inverse transition function of per_day_rate_ci(numeric, daterange, double precision).';
CREATE AGGREGATE crimestats.per_day_rate_ci(cases numeric, period daterange, confidence double precision) (
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
COMMENT ON AGGREGATE crimestats.per_day_rate_ci(numeric, daterange, double precision) IS
  'Cases per day with the exact Poisson interval, as per_day_rate_ci(bigint, daterange, double precision); cases a whole number.';

CREATE FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, double precision, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_accum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, double precision, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_maccum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, double precision, daterange, double precision)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_minv_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, double precision, daterange, double precision) IS 'Transition function of per_day_rate_ci(double precision, daterange, double precision).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, double precision, daterange, double precision) IS 'Moving-aggregate transition function of per_day_rate_ci(double precision, daterange, double precision).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, double precision, daterange, double precision) IS 'Moving-aggregate inverse transition function of per_day_rate_ci(double precision, daterange, double precision).';
CREATE AGGREGATE crimestats.per_day_rate_ci(cases double precision, period daterange, confidence double precision) (
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
COMMENT ON AGGREGATE crimestats.per_day_rate_ci(double precision, daterange, double precision) IS
  'Cases per day with the exact Poisson interval, as per_day_rate_ci(bigint, daterange, double precision); cases a whole number.';

CREATE FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, numeric, daterange, double precision, text)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_method_accum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, numeric, daterange, double precision, text)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_method_maccum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, numeric, daterange, double precision, text)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_method_minv_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, numeric, daterange, double precision, text) IS 'Transition function of per_day_rate_ci(numeric, daterange, double precision, text).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, numeric, daterange, double precision, text) IS 'Moving-aggregate transition function of per_day_rate_ci(numeric, daterange, double precision, text).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, numeric, daterange, double precision, text) IS 'Moving-aggregate inverse transition function of per_day_rate_ci(numeric, daterange, double precision, text).';
CREATE AGGREGATE crimestats.per_day_rate_ci(cases numeric, period daterange, confidence double precision, method text) (
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
COMMENT ON AGGREGATE crimestats.per_day_rate_ci(numeric, daterange, double precision, text) IS
  'Cases per day with the Poisson interval by method, as per_day_rate_ci(bigint, daterange, double precision, text); cases a whole number.';

CREATE FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, double precision, daterange, double precision, text)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_method_accum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, double precision, daterange, double precision, text)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_method_maccum_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, double precision, daterange, double precision, text)
  RETURNS crimestats.rate_summary AS 'MODULE_PATHNAME', 'per_day_rate_ci_method_minv_whole' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_accum(crimestats.rate_summary, double precision, daterange, double precision, text) IS 'Transition function of per_day_rate_ci(double precision, daterange, double precision, text).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_maccum(crimestats.rate_summary, double precision, daterange, double precision, text) IS 'Moving-aggregate transition function of per_day_rate_ci(double precision, daterange, double precision, text).';
COMMENT ON FUNCTION crimestats_internal.per_day_rate_ci_minv(crimestats.rate_summary, double precision, daterange, double precision, text) IS 'Moving-aggregate inverse transition function of per_day_rate_ci(double precision, daterange, double precision, text).';
CREATE AGGREGATE crimestats.per_day_rate_ci(cases double precision, period daterange, confidence double precision, method text) (
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
COMMENT ON AGGREGATE crimestats.per_day_rate_ci(double precision, daterange, double precision, text) IS
  'Cases per day with the Poisson interval by method, as per_day_rate_ci(bigint, daterange, double precision, text); cases a whole number.';

CREATE FUNCTION crimestats.poisson_ci(cases numeric, confidence double precision DEFAULT 0.95) RETURNS crimestats.estimate
  AS 'MODULE_PATHNAME', 'poisson_ci_whole' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.poisson_ci(numeric, double precision) IS 'Exact Poisson (Garwood) confidence interval for a count, as poisson_ci(bigint, double precision); cases a whole number.';
CREATE FUNCTION crimestats.poisson_ci(cases numeric, confidence double precision, method text) RETURNS crimestats.estimate
  AS 'MODULE_PATHNAME', 'poisson_ci_method_whole' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.poisson_ci(numeric, double precision, text) IS 'Poisson confidence interval for a count by method, as poisson_ci(bigint, double precision, text); cases a whole number.';

CREATE FUNCTION crimestats.poisson_ci(cases double precision, confidence double precision DEFAULT 0.95) RETURNS crimestats.estimate
  AS 'MODULE_PATHNAME', 'poisson_ci_whole' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.poisson_ci(double precision, double precision) IS 'Exact Poisson (Garwood) confidence interval for a count, as poisson_ci(bigint, double precision); cases a whole number.';
CREATE FUNCTION crimestats.poisson_ci(cases double precision, confidence double precision, method text) RETURNS crimestats.estimate
  AS 'MODULE_PATHNAME', 'poisson_ci_method_whole' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.poisson_ci(double precision, double precision, text) IS 'Poisson confidence interval for a count by method, as poisson_ci(bigint, double precision, text); cases a whole number.';

-- ---------- growth (src/growth.c, src/growth_window.c) ----------
--
-- at numeric or double precision keys the series by integer, as at
-- integer does; at timestamp or timestamp with time zone by date.

CREATE FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, numeric)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_accum_at'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, numeric) IS
  'Transition function of the growth aggregates (at numeric, keyed by integer: at a whole number).';

CREATE FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, numeric)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_inv_at'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, numeric) IS
  'Moving-aggregate inverse of series_summary_accum (at numeric): removes a row exactly, or returns NULL so that the frame is recomputed.';

CREATE AGGREGATE crimestats.series_summary(value double precision, at numeric) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats_internal.series_summary_final,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats_internal.series_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.series_summary(double precision, numeric) IS
  'As series_summary(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.growth_factor(value double precision, at numeric) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.growth_factor,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.growth_factor,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.growth_factor(double precision, numeric) IS
  'As growth_factor(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.pct_change(value double precision, at numeric) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.pct_change,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.pct_change,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.pct_change(double precision, numeric) IS
  'As pct_change(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.cagr(value double precision, at numeric) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.cagr,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.cagr,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.cagr(double precision, numeric) IS
  'As cagr(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.trend_growth(value double precision, at numeric) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.trend_growth,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.trend_growth,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.trend_growth(double precision, numeric) IS
  'As trend_growth(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.sparkline(value double precision, at numeric) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.sparkline,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.sparkline,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.sparkline(double precision, numeric) IS
  'As sparkline(double precision, integer), keyed by integer: at a whole number.';

CREATE FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, double precision)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_accum_at'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, double precision) IS
  'Transition function of the growth aggregates (at double precision, keyed by integer: at a whole number).';

CREATE FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, double precision)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_inv_at'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, double precision) IS
  'Moving-aggregate inverse of series_summary_accum (at double precision): removes a row exactly, or returns NULL so that the frame is recomputed.';

CREATE AGGREGATE crimestats.series_summary(value double precision, at double precision) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats_internal.series_summary_final,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats_internal.series_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.series_summary(double precision, double precision) IS
  'As series_summary(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.growth_factor(value double precision, at double precision) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.growth_factor,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.growth_factor,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.growth_factor(double precision, double precision) IS
  'As growth_factor(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.pct_change(value double precision, at double precision) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.pct_change,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.pct_change,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.pct_change(double precision, double precision) IS
  'As pct_change(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.cagr(value double precision, at double precision) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.cagr,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.cagr,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.cagr(double precision, double precision) IS
  'As cagr(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.trend_growth(value double precision, at double precision) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.trend_growth,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.trend_growth,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.trend_growth(double precision, double precision) IS
  'As trend_growth(double precision, integer), keyed by integer: at a whole number.';

CREATE AGGREGATE crimestats.sparkline(value double precision, at double precision) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.sparkline,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.sparkline,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.sparkline(double precision, double precision) IS
  'As sparkline(double precision, integer), keyed by integer: at a whole number.';

CREATE FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, timestamp)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_accum_at'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, timestamp) IS
  'Transition function of the growth aggregates (at timestamp, keyed by date: at taken as its date).';

CREATE FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, timestamp)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_inv_at'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, timestamp) IS
  'Moving-aggregate inverse of series_summary_accum (at timestamp): removes a row exactly, or returns NULL so that the frame is recomputed.';

CREATE AGGREGATE crimestats.series_summary(value double precision, at timestamp) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats_internal.series_summary_final,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats_internal.series_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.series_summary(double precision, timestamp) IS
  'As series_summary(double precision, date), keyed by date: at taken as its date.';

CREATE AGGREGATE crimestats.growth_factor(value double precision, at timestamp) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.growth_factor,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.growth_factor,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.growth_factor(double precision, timestamp) IS
  'As growth_factor(double precision, date), keyed by date: at taken as its date.';

CREATE AGGREGATE crimestats.pct_change(value double precision, at timestamp) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.pct_change,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.pct_change,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.pct_change(double precision, timestamp) IS
  'As pct_change(double precision, date), keyed by date: at taken as its date.';

CREATE AGGREGATE crimestats.cagr(value double precision, at timestamp) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.cagr,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.cagr,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.cagr(double precision, timestamp) IS
  'As cagr(double precision, date), keyed by date: at taken as its date.';

CREATE AGGREGATE crimestats.trend_growth(value double precision, at timestamp) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.trend_growth,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.trend_growth,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.trend_growth(double precision, timestamp) IS
  'As trend_growth(double precision, date), keyed by date: at taken as its date.';

CREATE AGGREGATE crimestats.sparkline(value double precision, at timestamp) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.sparkline,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.sparkline,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.sparkline(double precision, timestamp) IS
  'As sparkline(double precision, date), keyed by date: at taken as its date.';

CREATE FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, timestamp with time zone)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_accum_at'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, timestamp with time zone) IS
  'Transition function of the growth aggregates (at timestamp with time zone, keyed by date: at taken as its date in the sessions TimeZone).';

CREATE FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, timestamp with time zone)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_inv_at'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, timestamp with time zone) IS
  'Moving-aggregate inverse of series_summary_accum (at timestamp with time zone): removes a row exactly, or returns NULL so that the frame is recomputed.';

CREATE AGGREGATE crimestats.series_summary(value double precision, at timestamp with time zone) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats_internal.series_summary_final,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats_internal.series_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.series_summary(double precision, timestamp with time zone) IS
  'As series_summary(double precision, date), keyed by date: at taken as its date in the sessions TimeZone.';

CREATE AGGREGATE crimestats.growth_factor(value double precision, at timestamp with time zone) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.growth_factor,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.growth_factor,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.growth_factor(double precision, timestamp with time zone) IS
  'As growth_factor(double precision, date), keyed by date: at taken as its date in the sessions TimeZone.';

CREATE AGGREGATE crimestats.pct_change(value double precision, at timestamp with time zone) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.pct_change,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.pct_change,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.pct_change(double precision, timestamp with time zone) IS
  'As pct_change(double precision, date), keyed by date: at taken as its date in the sessions TimeZone.';

CREATE AGGREGATE crimestats.cagr(value double precision, at timestamp with time zone) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.cagr,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.cagr,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.cagr(double precision, timestamp with time zone) IS
  'As cagr(double precision, date), keyed by date: at taken as its date in the sessions TimeZone.';

CREATE AGGREGATE crimestats.trend_growth(value double precision, at timestamp with time zone) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.trend_growth,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.trend_growth,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.trend_growth(double precision, timestamp with time zone) IS
  'As trend_growth(double precision, date), keyed by date: at taken as its date in the sessions TimeZone.';

CREATE AGGREGATE crimestats.sparkline(value double precision, at timestamp with time zone) (
	SFUNC = crimestats_internal.series_summary_accum,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats.sparkline,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_accum,
	MINVFUNC = crimestats_internal.series_summary_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats.sparkline,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.sparkline(double precision, timestamp with time zone) IS
  'As sparkline(double precision, date), keyed by date: at taken as its date in the sessions TimeZone.';

CREATE FUNCTION crimestats.growth_since(value double precision, at numeric, lookback integer)
RETURNS double precision
AS 'MODULE_PATHNAME', 'growth_since_at'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.growth_since(double precision, numeric, integer) IS
  'Window function (ORDER BY at): as growth_since(double precision, integer, integer), at a whole number.';

CREATE FUNCTION crimestats.growth_since(value double precision, at double precision, lookback integer)
RETURNS double precision
AS 'MODULE_PATHNAME', 'growth_since_at'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.growth_since(double precision, double precision, integer) IS
  'Window function (ORDER BY at): as growth_since(double precision, integer, integer), at a whole number.';

CREATE FUNCTION crimestats.growth_since(value double precision, at timestamp, lookback interval)
RETURNS double precision
AS 'MODULE_PATHNAME', 'growth_since_at'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.growth_since(double precision, timestamp, interval) IS
  'Window function (ORDER BY at): as growth_since(double precision, date, interval), at taken as its date.';

CREATE FUNCTION crimestats.growth_since(value double precision, at timestamp with time zone, lookback interval)
RETURNS double precision
AS 'MODULE_PATHNAME', 'growth_since_at'
LANGUAGE C WINDOW STABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.growth_since(double precision, timestamp with time zone, interval) IS
  'Window function (ORDER BY at): as growth_since(double precision, date, interval), at taken as its date in the sessions TimeZone.';

CREATE FUNCTION crimestats.year_on_year(value double precision, at timestamp)
RETURNS double precision
AS 'MODULE_PATHNAME', 'year_on_year_at'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.year_on_year(double precision, timestamp) IS
  'Window function (ORDER BY at): as year_on_year(double precision, date), at taken as its date.';

CREATE FUNCTION crimestats.year_on_year(value double precision, at timestamp with time zone)
RETURNS double precision
AS 'MODULE_PATHNAME', 'year_on_year_at'
LANGUAGE C WINDOW STABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.year_on_year(double precision, timestamp with time zone) IS
  'Window function (ORDER BY at): as year_on_year(double precision, date), at taken as its date in the sessions TimeZone.';

-- ---------- outcome ratios (src/outcomes.c) ----------

CREATE FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, numeric, numeric)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_whole'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, numeric, numeric) IS
  'Transition function of ratio_summary(numeric, numeric) and outcome_ratio(numeric, numeric).';

CREATE FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, numeric, numeric)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_whole'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, numeric, numeric) IS
  'Moving-aggregate (window) transition function of ratio_summary(numeric, numeric) and outcome_ratio(numeric, numeric).';

CREATE FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, numeric, numeric)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_whole'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, numeric, numeric) IS
  'Inverse transition function (window frames) of ratio_summary(numeric, numeric) and outcome_ratio(numeric, numeric).';

CREATE FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, numeric, numeric, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_whole_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, numeric, numeric, double precision) IS
  'Transition function of outcome_ratio_ci(numeric, numeric, double precision).';

CREATE FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, numeric, numeric, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_whole_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, numeric, numeric, double precision) IS
  'Moving-aggregate (window) transition function of outcome_ratio_ci(numeric, numeric, double precision).';

CREATE FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, numeric, numeric, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_whole_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, numeric, numeric, double precision) IS
  'Inverse transition function (window frames) of outcome_ratio_ci(numeric, numeric, double precision).';

CREATE AGGREGATE crimestats.ratio_summary(hits numeric, total numeric) (
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
COMMENT ON AGGREGATE crimestats.ratio_summary(numeric, numeric) IS
  'Summary of an outcome ratio, as ratio_summary(bigint, bigint); hits and total whole numbers.';

CREATE AGGREGATE crimestats.outcome_ratio(hits numeric, total numeric) (
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
COMMENT ON AGGREGATE crimestats.outcome_ratio(numeric, numeric) IS
  'Outcome ratio sum(hits) / sum(total), as outcome_ratio(bigint, bigint); hits and total whole numbers.';

CREATE AGGREGATE crimestats.outcome_ratio_ci(hits numeric, total numeric, confidence double precision) (
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
COMMENT ON AGGREGATE crimestats.outcome_ratio_ci(numeric, numeric, double precision) IS
  'Outcome ratio with its Wilson score interval, as outcome_ratio_ci(bigint, bigint, double precision); hits and total whole numbers.';

CREATE FUNCTION crimestats.wilson_ci(hits numeric, total numeric,
									 confidence double precision DEFAULT 0.95)
RETURNS crimestats.estimate
AS 'MODULE_PATHNAME', 'wilson_ci_whole'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.wilson_ci(numeric, numeric, double precision) IS
  'Wilson score interval for hits out of total, as wilson_ci(bigint, bigint, double precision); hits and total whole numbers.';

CREATE FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, double precision, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_whole'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, double precision, double precision) IS
  'Transition function of ratio_summary(double precision, double precision) and outcome_ratio(double precision, double precision).';

CREATE FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, double precision, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_whole'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, double precision, double precision) IS
  'Moving-aggregate (window) transition function of ratio_summary(double precision, double precision) and outcome_ratio(double precision, double precision).';

CREATE FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, double precision, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_whole'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, double precision, double precision) IS
  'Inverse transition function (window frames) of ratio_summary(double precision, double precision) and outcome_ratio(double precision, double precision).';

CREATE FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, double precision, double precision, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_accum_whole_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_accum(crimestats.ratio_summary, double precision, double precision, double precision) IS
  'Transition function of outcome_ratio_ci(double precision, double precision, double precision).';

CREATE FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, double precision, double precision, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_maccum_whole_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_maccum(crimestats.ratio_summary, double precision, double precision, double precision) IS
  'Moving-aggregate (window) transition function of outcome_ratio_ci(double precision, double precision, double precision).';

CREATE FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, double precision, double precision, double precision)
RETURNS crimestats.ratio_summary
AS 'MODULE_PATHNAME', 'ratio_summary_minv_whole_ci'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.ratio_summary_minv(crimestats.ratio_summary, double precision, double precision, double precision) IS
  'Inverse transition function (window frames) of outcome_ratio_ci(double precision, double precision, double precision).';

CREATE AGGREGATE crimestats.ratio_summary(hits double precision, total double precision) (
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
COMMENT ON AGGREGATE crimestats.ratio_summary(double precision, double precision) IS
  'Summary of an outcome ratio, as ratio_summary(bigint, bigint); hits and total whole numbers.';

CREATE AGGREGATE crimestats.outcome_ratio(hits double precision, total double precision) (
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
COMMENT ON AGGREGATE crimestats.outcome_ratio(double precision, double precision) IS
  'Outcome ratio sum(hits) / sum(total), as outcome_ratio(bigint, bigint); hits and total whole numbers.';

CREATE AGGREGATE crimestats.outcome_ratio_ci(hits double precision, total double precision, confidence double precision) (
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
COMMENT ON AGGREGATE crimestats.outcome_ratio_ci(double precision, double precision, double precision) IS
  'Outcome ratio with its Wilson score interval, as outcome_ratio_ci(bigint, bigint, double precision); hits and total whole numbers.';

CREATE FUNCTION crimestats.wilson_ci(hits double precision, total double precision,
									 confidence double precision DEFAULT 0.95)
RETURNS crimestats.estimate
AS 'MODULE_PATHNAME', 'wilson_ci_whole'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.wilson_ci(double precision, double precision, double precision) IS
  'Wilson score interval for hits out of total, as wilson_ci(bigint, bigint, double precision); hits and total whole numbers.';

-- ---------- significance (src/significance.c) ----------

CREATE FUNCTION crimestats.rate_significance(cases numeric, exposure double precision,
											 comparator_rate double precision,
											 method text DEFAULT 'exact')
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'rate_significance_whole'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.rate_significance(numeric, double precision, double precision, text) IS
  'As rate_significance(bigint, double precision, double precision, text); cases a whole number.';

CREATE FUNCTION crimestats.ratio_significance(observed numeric, expected double precision,
											  method text DEFAULT 'exact')
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'ratio_significance_whole'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_significance(numeric, double precision, text) IS
  'As ratio_significance(bigint, double precision, text); observed a whole number.';

CREATE FUNCTION crimestats.ratio_funnel(observed numeric, confidence double precision DEFAULT 0.95)
RETURNS crimestats.limits
AS 'MODULE_PATHNAME', 'ratio_funnel_whole'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_funnel(numeric, double precision) IS
  'As ratio_funnel(bigint, double precision); observed a whole number.';

CREATE FUNCTION crimestats.rate_significance(cases double precision, exposure double precision,
											 comparator_rate double precision,
											 method text DEFAULT 'exact')
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'rate_significance_whole'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.rate_significance(double precision, double precision, double precision, text) IS
  'As rate_significance(bigint, double precision, double precision, text); cases a whole number.';

CREATE FUNCTION crimestats.ratio_significance(observed double precision, expected double precision,
											  method text DEFAULT 'exact')
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'ratio_significance_whole'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_significance(double precision, double precision, text) IS
  'As ratio_significance(bigint, double precision, text); observed a whole number.';

CREATE FUNCTION crimestats.ratio_funnel(observed double precision, confidence double precision DEFAULT 0.95)
RETURNS crimestats.limits
AS 'MODULE_PATHNAME', 'ratio_funnel_whole'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_funnel(double precision, double precision) IS
  'As ratio_funnel(bigint, double precision); observed a whole number.';

CREATE FUNCTION crimestats.rate_significance(cases numeric, exposure double precision)
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'rate_significance_window_whole'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.rate_significance(numeric, double precision) IS
  'Window function: as rate_significance(bigint, double precision) OVER (...); cases a whole number.';

CREATE FUNCTION crimestats.rate_significance(cases double precision, exposure double precision)
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'rate_significance_window_whole'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.rate_significance(double precision, double precision) IS
  'Window function: as rate_significance(bigint, double precision) OVER (...); cases a whole number.';
