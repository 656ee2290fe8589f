-- growth: multi-year growth (SPEC 2.2).  See docs/growth.md.

-- The summary type: the total per distinct `at`.
CREATE TYPE crimestats.series_summary;

CREATE FUNCTION crimestats_internal.series_summary_in(cstring)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_in(cstring) IS
  'Text input of crimestats.series_summary, e.g. {"at":"year","totals":[[2013,850,12],[2018,1821,12]]} (points are [at, total, rows], at strictly increasing).';

CREATE FUNCTION crimestats_internal.series_summary_out(crimestats.series_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'series_summary_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_out(crimestats.series_summary) IS
  'Text output of crimestats.series_summary: {"at":"year"|"date","totals":[[at,total,rows],...]}; reads back exactly.';

CREATE FUNCTION crimestats_internal.series_summary_recv(internal)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_recv(internal) IS
  'Binary input of crimestats.series_summary (version byte, kind byte, int32 count, then int32 at, float8 total, int64 rows per point); validates everything.';

CREATE FUNCTION crimestats_internal.series_summary_send(crimestats.series_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'series_summary_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_send(crimestats.series_summary) IS
  'Binary output of crimestats.series_summary.';

CREATE TYPE crimestats.series_summary (
	INPUT = crimestats_internal.series_summary_in,
	OUTPUT = crimestats_internal.series_summary_out,
	RECEIVE = crimestats_internal.series_summary_recv,
	SEND = crimestats_internal.series_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE crimestats.series_summary IS
  'Summary of a series for growth figures: the total and row count per distinct at (a date, or an integer such as a year). Build with crimestats.series_summary(value, at), merge with crimestats.rollup(), read with growth_factor, pct_change, cagr, trend_growth, sparkline, first_total, last_total, n_points.';

-- Transition, inverse, combine and final functions.

CREATE FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, date)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_accum_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, date) IS
  'Transition function of the growth aggregates (at date): adds a value to the total at its date; rows with a NULL argument are skipped.';

CREATE FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, integer)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_accum_int'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_accum(crimestats.series_summary, double precision, integer) IS
  'Transition function of the growth aggregates (at integer): adds a value to the total at its at; rows with a NULL argument are skipped.';

CREATE FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, date)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_inv_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, date) IS
  'Moving-aggregate inverse of series_summary_accum (at date): removes a row exactly, or returns NULL so that the frame is recomputed.';

CREATE FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, integer)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_inv_int'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_inv(crimestats.series_summary, double precision, integer) IS
  'Moving-aggregate inverse of series_summary_accum (at integer): removes a row exactly, or returns NULL so that the frame is recomputed.';

CREATE FUNCTION crimestats_internal.series_summary_combine(crimestats.series_summary, crimestats.series_summary)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_combine(crimestats.series_summary, crimestats.series_summary) IS
  'Merges two series summaries (combine function of the growth aggregates, transition function of rollup); NULLs are skipped; date- and integer-keyed summaries cannot merge.';

CREATE FUNCTION crimestats_internal.series_summary_rollup_inv(crimestats.series_summary, crimestats.series_summary)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_rollup_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_rollup_inv(crimestats.series_summary, crimestats.series_summary) IS
  'Moving-aggregate inverse of rollup(series_summary): takes a summary back out exactly, or returns NULL so that the frame is recomputed.';

CREATE FUNCTION crimestats_internal.series_summary_final(crimestats.series_summary)
RETURNS crimestats.series_summary
AS 'MODULE_PATHNAME', 'series_summary_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats_internal.series_summary_final(crimestats.series_summary) IS
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
COMMENT ON AGGREGATE crimestats.series_summary(double precision, date) IS
  'Builds a series_summary (total per distinct date) for two-step growth figures; NULL rows are skipped.';

CREATE AGGREGATE crimestats.series_summary(value double precision, at integer) (
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
COMMENT ON AGGREGATE crimestats.series_summary(double precision, integer) IS
  'Builds a series_summary (total per distinct integer at, e.g. a year) for two-step growth figures; NULL rows are skipped.';

CREATE AGGREGATE crimestats.rollup(crimestats.series_summary) (
	SFUNC = crimestats_internal.series_summary_combine,
	STYPE = crimestats.series_summary,
	FINALFUNC = crimestats_internal.series_summary_final,
	COMBINEFUNC = crimestats_internal.series_summary_combine,
	MSFUNC = crimestats_internal.series_summary_combine,
	MINVFUNC = crimestats_internal.series_summary_rollup_inv,
	MSTYPE = crimestats.series_summary,
	MFINALFUNC = crimestats_internal.series_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE crimestats.rollup(crimestats.series_summary) IS
  'Merges series summaries, adding the totals that share an at; date- and integer-keyed summaries cannot merge (22023).';

-- One-step aggregates: the same state, the accessor of the same name as
-- final function.

CREATE AGGREGATE crimestats.growth_factor(value double precision, at date) (
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
COMMENT ON AGGREGATE crimestats.growth_factor(double precision, date) IS
  'Total at the latest at divided by the total at the earliest at (values sharing an at are summed first); NULL with fewer than two distinct at or a zero first total.';

CREATE AGGREGATE crimestats.growth_factor(value double precision, at integer) (
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
COMMENT ON AGGREGATE crimestats.growth_factor(double precision, integer) IS
  'Total at the latest at divided by the total at the earliest at (values sharing an at are summed first); NULL with fewer than two distinct at or a zero first total.';

CREATE AGGREGATE crimestats.pct_change(value double precision, at date) (
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
COMMENT ON AGGREGATE crimestats.pct_change(double precision, date) IS
  'Percentage change (last - first) / first * 100 between the totals at the earliest and latest at; NULL with fewer than two distinct at or a zero first total.';

CREATE AGGREGATE crimestats.pct_change(value double precision, at integer) (
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
COMMENT ON AGGREGATE crimestats.pct_change(double precision, integer) IS
  'Percentage change (last - first) / first * 100 between the totals at the earliest and latest at; NULL with fewer than two distinct at or a zero first total.';

CREATE AGGREGATE crimestats.cagr(value double precision, at date) (
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
COMMENT ON AGGREGATE crimestats.cagr(double precision, date) IS
  'Compound annual growth rate (last / first) ^ (1 / years) - 1 between the totals at the earliest and latest at; years = difference of integer at, or days / 365.25; error on a negative total.';

CREATE AGGREGATE crimestats.cagr(value double precision, at integer) (
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
COMMENT ON AGGREGATE crimestats.cagr(double precision, integer) IS
  'Compound annual growth rate (last / first) ^ (1 / years) - 1 between the totals at the earliest and latest at; years = difference of integer at, or days / 365.25; error on a negative total.';

CREATE AGGREGATE crimestats.trend_growth(value double precision, at date) (
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
COMMENT ON AGGREGATE crimestats.trend_growth(double precision, date) IS
  'Annual growth factor exp(b) of the Poisson log-linear maximum-likelihood fit log E[total] = a + b * years over the totals per at; NULL when the fit does not exist; error on a negative total.';

CREATE AGGREGATE crimestats.trend_growth(value double precision, at integer) (
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
COMMENT ON AGGREGATE crimestats.trend_growth(double precision, integer) IS
  'Annual growth factor exp(b) of the Poisson log-linear maximum-likelihood fit log E[total] = a + b * years over the totals per at; NULL when the fit does not exist; error on a negative total.';

CREATE AGGREGATE crimestats.sparkline(value double precision, at date) (
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
COMMENT ON AGGREGATE crimestats.sparkline(double precision, date) IS
  'The totals per at, in order, as Unicode block characters (▁ smallest to █ largest; ▄ for a flat series); NULL with fewer than two distinct at.';

CREATE AGGREGATE crimestats.sparkline(value double precision, at integer) (
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
