--
-- Forgiving signatures (src/overloads.sql): counts given as numeric or
-- double precision, and the growth family's `at` given as numeric, double
-- precision, timestamp or timestamp with time zone, give exactly what the
-- bigint, integer and date forms give, with the same errors; values that
-- are not whole numbers are refused (22023).
--
SET extra_float_digits = 0;
SET TimeZone = 'UTC';

-- Monthly counts of two areas over four years; at 13:00 every month so
-- that a timestamp is not its date.
CREATE TEMP TABLE monthly AS
SELECT a.area, ((g.i * 37 + a.k * 11) % 50)::bigint AS n,
	   ((g.i * 13 + a.k) % 20)::bigint AS hits,
	   daterange(g.m::date, (g.m + interval '1 month')::date) AS period,
	   g.m + interval '13 hours' AS ts,
	   extract(year FROM g.m)::integer AS year
FROM (VALUES ('A', 1), ('B', 2)) AS a(area, k),
	 generate_series(timestamp '2015-01-01', '2018-12-01', '1 month') WITH ORDINALITY AS g(m, i);
SELECT count(*), sum(n), sum(hits), min(ts), max(ts) FROM monthly;

-- The common calls resolve without ambiguity: integers and untyped
-- literals to the double precision form, numeric literals to the numeric
-- form, bigint to bigint, sum() (numeric) to numeric.
SELECT crimestats.per_day_rate(3, '[2018-01-01,2018-02-01)') AS per_day_rate,
	   crimestats.growth_factor(10, 2018) AS one_point,
	   crimestats.growth_factor(10.5, 2018) AS one_point_numeric,
	   crimestats.poisson_ci(12) = crimestats.poisson_ci(12::bigint) AS poisson_int,
	   crimestats.poisson_ci(12.0) = crimestats.poisson_ci(12::bigint) AS poisson_numeric,
	   crimestats.poisson_ci('12') = crimestats.poisson_ci(12::bigint) AS poisson_unknown,
	   crimestats.poisson_ci(12::smallint) = crimestats.poisson_ci(12::bigint) AS poisson_smallint;
SELECT (crimestats.poisson_ci(12)).*;
SELECT crimestats.per_day_rate(s, period) AS per_day_rate_of_sums,
	   crimestats.per_day_rate(s, period) = (SELECT crimestats.per_day_rate(n, period) FROM monthly) AS same
FROM (SELECT period, sum(n) AS s FROM monthly GROUP BY period) AS x;
SELECT crimestats.growth_factor(n, extract(year FROM ts)) AS extract_year,
	   crimestats.growth_factor(n, date_part('year', ts)) AS date_part_year,
	   crimestats.growth_factor(n, year) AS integer_year,
	   crimestats.growth_factor(n, ts) AS timestamp_at,
	   crimestats.growth_factor(n, ts::date) AS date_at
FROM monthly;
CREATE TEMP VIEW literal_calls AS
SELECT crimestats.per_day_rate(3, '[2018-01-01,2018-02-01)') AS a,
	   crimestats.poisson_ci(12) AS b,
	   crimestats.poisson_ci(12.0) AS c,
	   crimestats.poisson_ci(12::bigint) AS d,
	   crimestats.growth_factor(10, 2018) AS e,
	   crimestats.growth_factor(10.5, 2018.0) AS f,
	   crimestats.growth_factor(10, now()) AS g,
	   crimestats.outcome_ratio(1, 2) AS h,
	   crimestats.wilson_ci(1.0, 2.0) AS i;
SELECT pg_get_viewdef('literal_calls');
DROP VIEW literal_calls;

-- Rates: each overload equals the bigint form, plain and per group.
SELECT area,
	   crimestats.per_day_rate(n, period) AS per_day_rate,
	   crimestats.per_day_rate(n::numeric, period) = crimestats.per_day_rate(n, period) AS numeric_same,
	   crimestats.per_day_rate(n::float8, period) = crimestats.per_day_rate(n, period) AS float8_same,
	   crimestats.rate_summary(n::numeric, period)::text = crimestats.rate_summary(n, period)::text
		 AND crimestats.rate_summary(n::float8, period)::text = crimestats.rate_summary(n, period)::text AS summary_same,
	   crimestats.per_day_rate_ci(n::numeric, period, 0.9) = crimestats.per_day_rate_ci(n, period, 0.9)
		 AND crimestats.per_day_rate_ci(n::float8, period, 0.9) = crimestats.per_day_rate_ci(n, period, 0.9) AS ci_same,
	   crimestats.per_day_rate_ci(n::numeric, period, 0.9, 'byar') = crimestats.per_day_rate_ci(n, period, 0.9, 'byar')
		 AND crimestats.per_day_rate_ci(n::float8, period, 0.9, 'byar') = crimestats.per_day_rate_ci(n, period, 0.9, 'byar') AS byar_same
FROM monthly GROUP BY ROLLUP (area) ORDER BY area;
SELECT x, crimestats.poisson_ci(x::numeric) = crimestats.poisson_ci(x) AS numeric_same,
	   crimestats.poisson_ci(x::float8, 0.99) = crimestats.poisson_ci(x, 0.99) AS float8_same,
	   crimestats.poisson_ci(x::numeric, 0.95, 'byar') = crimestats.poisson_ci(x, 0.95, 'byar')
		 AND crimestats.poisson_ci(x::float8, 0.95, 'byar') = crimestats.poisson_ci(x, 0.95, 'byar') AS byar_same
FROM (VALUES (0::bigint), (1), (12), (9007199254740992)) AS v(x);
-- numeric is exact over the whole range of bigint (double precision up to
-- 2^53: the largest bigint is 2^63 as double precision, out of range)
SELECT crimestats.rate_summary(9007199254740993.0, '[2018-01-01,2018-01-02)')::text;
SELECT crimestats.rate_summary(9223372036854775807.0, '[2018-01-01,2018-01-02)')::text;
\set VERBOSITY sqlstate
SELECT crimestats.poisson_ci(9223372036854775807::float8);
\set VERBOSITY default
-- whole numbers written with decimals or an exponent are counts too
SELECT crimestats.per_day_rate(12.000, '[2018-01-01,2018-01-05)') AS numeric_12,
	   crimestats.per_day_rate(12e0::float8, '[2018-01-01,2018-01-05)') AS float8_12,
	   crimestats.per_day_rate(-0.0::float8, '[2018-01-01,2018-01-05)') AS minus_zero;

-- Outcomes and significance: the same against the bigint forms.
SELECT area,
	   crimestats.outcome_ratio(hits::numeric, n::numeric) = crimestats.outcome_ratio(hits, n)
		 AND crimestats.outcome_ratio(hits::float8, n::float8) = crimestats.outcome_ratio(hits, n) AS ratio_same,
	   crimestats.ratio_summary(hits::numeric, n::numeric)::text = crimestats.ratio_summary(hits, n)::text
		 AND crimestats.ratio_summary(hits::float8, n::float8)::text = crimestats.ratio_summary(hits, n)::text AS summary_same,
	   crimestats.outcome_ratio_ci(hits::numeric, n::numeric, 0.9) = crimestats.outcome_ratio_ci(hits, n, 0.9)
		 AND crimestats.outcome_ratio_ci(hits::float8, n::float8, 0.9) = crimestats.outcome_ratio_ci(hits, n, 0.9) AS ci_same
FROM monthly WHERE hits <= n GROUP BY area ORDER BY area;
SELECT crimestats.outcome_ratio(h, t) AS ratio_of_sums,
	   crimestats.outcome_ratio(h, t) = (SELECT crimestats.outcome_ratio(hits, n) FROM monthly WHERE hits <= n) AS same
FROM (SELECT sum(hits) AS h, sum(n) AS t FROM monthly WHERE hits <= n GROUP BY area) AS x;
SELECT crimestats.wilson_ci(65.0, 100.0) = crimestats.wilson_ci(65::bigint, 100::bigint)
		 AND crimestats.wilson_ci(65::float8, 100::float8, 0.9) = crimestats.wilson_ci(65::bigint, 100::bigint, 0.9) AS wilson_same,
	   crimestats.wilson_ci(0.0, 0.0) IS NULL AS wilson_zero_total,
	   crimestats.rate_significance(12.0, 1000, 0.005) = crimestats.rate_significance(12::bigint, 1000, 0.005)
		 AND crimestats.rate_significance(30::float8, 1000, 0.01, 'byar') = crimestats.rate_significance(30::bigint, 1000, 0.01, 'byar') AS rate_same,
	   crimestats.ratio_significance(30.0, 20) = crimestats.ratio_significance(30::bigint, 20)
		 AND crimestats.ratio_significance(30::float8, 20, 'byar') = crimestats.ratio_significance(30::bigint, 20, 'byar') AS ratio_same,
	   crimestats.ratio_funnel(30.0) = crimestats.ratio_funnel(30::bigint)
		 AND crimestats.ratio_funnel(0::float8, 0.998) = crimestats.ratio_funnel(0::bigint, 0.998) AS funnel_same;
SELECT crimestats.rate_significance(12, 1000, 0.005) AS rate, crimestats.ratio_significance(30, 20) AS ratio,
	   crimestats.ratio_funnel(30) AS funnel;

-- Growth: at numeric or double precision is the integer at, a timestamp
-- its date, for every aggregate and the two-step form.
SELECT area,
	   crimestats.growth_factor(n, year::numeric) = crimestats.growth_factor(n, year)
		 AND crimestats.growth_factor(n, year::float8) = crimestats.growth_factor(n, year)
		 AND crimestats.growth_factor(n, ts) = crimestats.growth_factor(n, ts::date)
		 AND crimestats.growth_factor(n, ts::timestamptz) = crimestats.growth_factor(n, ts::date) AS growth_factor,
	   crimestats.pct_change(n, year::numeric) = crimestats.pct_change(n, year)
		 AND crimestats.pct_change(n, year::float8) = crimestats.pct_change(n, year)
		 AND crimestats.pct_change(n, ts) = crimestats.pct_change(n, ts::date)
		 AND crimestats.pct_change(n, ts::timestamptz) = crimestats.pct_change(n, ts::date) AS pct_change,
	   crimestats.cagr(n, year::numeric) = crimestats.cagr(n, year)
		 AND crimestats.cagr(n, year::float8) = crimestats.cagr(n, year)
		 AND crimestats.cagr(n, ts) = crimestats.cagr(n, ts::date)
		 AND crimestats.cagr(n, ts::timestamptz) = crimestats.cagr(n, ts::date) AS cagr,
	   crimestats.trend_growth(n, year::numeric) = crimestats.trend_growth(n, year)
		 AND crimestats.trend_growth(n, year::float8) = crimestats.trend_growth(n, year)
		 AND crimestats.trend_growth(n, ts) = crimestats.trend_growth(n, ts::date)
		 AND crimestats.trend_growth(n, ts::timestamptz) = crimestats.trend_growth(n, ts::date) AS trend_growth,
	   crimestats.sparkline(n, year::numeric) = crimestats.sparkline(n, year)
		 AND crimestats.sparkline(n, year::float8) = crimestats.sparkline(n, year)
		 AND crimestats.sparkline(n, ts) = crimestats.sparkline(n, ts::date)
		 AND crimestats.sparkline(n, ts::timestamptz) = crimestats.sparkline(n, ts::date) AS sparkline,
	   crimestats.series_summary(n, year::numeric)::text = crimestats.series_summary(n, year)::text
		 AND crimestats.series_summary(n, year::float8)::text = crimestats.series_summary(n, year)::text
		 AND crimestats.series_summary(n, ts)::text = crimestats.series_summary(n, ts::date)::text
		 AND crimestats.series_summary(n, ts::timestamptz)::text = crimestats.series_summary(n, ts::date)::text AS series_summary
FROM monthly GROUP BY area ORDER BY area;
SELECT area, crimestats.series_summary(n, extract(year FROM ts)) AS by_year,
	   crimestats.sparkline(n, date_trunc('year', ts)) AS sparkline
FROM monthly GROUP BY area ORDER BY area;
-- summaries keyed by numeric at roll up with integer-keyed ones, by
-- timestamp with date-keyed ones (the same kind), and not across kinds
SELECT crimestats.rollup(s)::text = (SELECT crimestats.series_summary(n, year)::text FROM monthly) AS same
FROM (SELECT crimestats.series_summary(n, year::numeric) AS s FROM monthly WHERE area = 'A'
	  UNION ALL SELECT crimestats.series_summary(n, year) FROM monthly WHERE area = 'B') AS x;
SELECT crimestats.growth_factor(crimestats.rollup(s)) AS growth
FROM (SELECT crimestats.series_summary(n, ts) AS s FROM monthly WHERE area = 'A'
	  UNION ALL SELECT crimestats.series_summary(n, ts::date) FROM monthly WHERE area = 'B') AS x;
\set VERBOSITY sqlstate
SELECT crimestats.rollup(s)
FROM (SELECT crimestats.series_summary(1, 2018.0) UNION ALL
	  SELECT crimestats.series_summary(1, timestamp '2018-01-01 10:00')) AS x(s);
\set VERBOSITY default

-- timestamp with time zone: its date in the session's TimeZone, as ::date
-- (2018-12-31 23:30 UTC is 2019-01-01 in Tokyo)
CREATE TEMP TABLE late (n float8, t timestamptz);
INSERT INTO late VALUES (10, '2017-12-31 23:30+00'), (20, '2018-12-31 23:30+00');
SELECT crimestats.series_summary(n, t)::text AS utc,
	   crimestats.series_summary(n, t)::text = crimestats.series_summary(n, t::date)::text AS same_as_date
FROM late;
SET TimeZone = 'Asia/Tokyo';
SELECT crimestats.series_summary(n, t)::text AS tokyo,
	   crimestats.series_summary(n, t)::text = crimestats.series_summary(n, t::date)::text AS same_as_date,
	   crimestats.year_on_year(n, t) OVER (ORDER BY t) IS NOT DISTINCT FROM crimestats.year_on_year(n, t::date) OVER (ORDER BY t) AS yoy_same
FROM late GROUP BY n, t ORDER BY t;
SET TimeZone = 'UTC';
-- so those functions are STABLE (an aggregate's own entry is always
-- immutable: what runs is its transition function)
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS arguments, p.provolatile
FROM pg_catalog.pg_proc p
WHERE p.pronamespace IN ('crimestats'::regnamespace, 'crimestats_internal'::regnamespace)
  AND 'timestamp with time zone'::regtype = ANY (p.proargtypes)
ORDER BY 1, 2;

-- Whole numbers only (22023), naming the function called; out of range
-- as the bigint form reports an overflow (22003); NaN and infinities are
-- not whole numbers.
\set VERBOSITY sqlstate
SELECT crimestats.per_day_rate(12.5, '[2018-01-01,2018-02-01)');
SELECT crimestats.per_day_rate(12.5::float8, '[2018-01-01,2018-02-01)');
SELECT crimestats.rate_summary('NaN'::numeric, '[2018-01-01,2018-02-01)');
SELECT crimestats.per_day_rate_ci('Infinity'::float8, '[2018-01-01,2018-02-01)', 0.95);
SELECT crimestats.per_day_rate_ci(0.5, '[2018-01-01,2018-02-01)', 0.95, 'byar');
SELECT crimestats.poisson_ci(12.5);
SELECT crimestats.poisson_ci(12.5::float8, 0.95, 'exact');
SELECT crimestats.poisson_ci(1e19);
SELECT crimestats.poisson_ci('-Infinity'::numeric);
SELECT crimestats.growth_factor(10, 2018.5);
SELECT crimestats.growth_factor(n, y) FROM (VALUES (1, 2017.0), (2, 2018.5)) AS v(n, y);
SELECT crimestats.cagr(n, y) FROM (VALUES (1, 2017::float8), (2, 'NaN')) AS v(n, y);
SELECT crimestats.sparkline(10, 3e9);
SELECT crimestats.series_summary(10, -2147483649::float8);
SELECT crimestats.outcome_ratio(1.5, 10);
SELECT crimestats.outcome_ratio_ci(1::float8, 10.25::float8, 0.95);
SELECT crimestats.ratio_summary(1, 1e19);
SELECT crimestats.wilson_ci(1, 10.5);
SELECT crimestats.wilson_ci(1e19, 1e19);
SELECT crimestats.rate_significance(2.5, 100, 0.01);
SELECT crimestats.ratio_significance(2.5::float8, 1);
SELECT crimestats.ratio_funnel(2.5);
SELECT crimestats.ratio_funnel(1e19::float8);
\set VERBOSITY default
SELECT crimestats.per_day_rate(12.5, '[2018-01-01,2018-02-01)');
SELECT crimestats.per_day_rate_ci('Infinity'::float8, '[2018-01-01,2018-02-01)', 0.95);
SELECT crimestats.poisson_ci(12.5);
SELECT crimestats.poisson_ci(1e19);
SELECT crimestats.growth_factor(10, 2018.5);
SELECT crimestats.growth_factor(n, y) FROM (VALUES (1, 2017.0), (2, 2018.5)) AS v(n, y);
SELECT crimestats.cagr(n, y) FROM (VALUES (1, 2017::float8), (2, 'NaN')) AS v(n, y);
SELECT crimestats.sparkline(10, 3e9);
SELECT crimestats.growth_since(n, y, 1) OVER (ORDER BY y) FROM (VALUES (1, 2017.0), (2, 2018.5)) AS v(n, y);
SELECT crimestats.outcome_ratio(1.5, 10);
SELECT crimestats.outcome_ratio_ci(1::float8, 10.25::float8, 0.95);
SELECT crimestats.wilson_ci(1, 10.5);
SELECT crimestats.rate_significance(2.5, 100, 0.01);
SELECT crimestats.ratio_funnel(1e19::float8);

-- The same errors as the bigint forms: a negative total, a negative count,
-- hits beyond the total, a total beyond bigint.
SELECT crimestats.per_day_rate(n, '[2018-01-01,2018-02-01)') FROM (VALUES (-5::bigint)) AS v(n);
SELECT crimestats.per_day_rate(n, '[2018-01-01,2018-02-01)') FROM (VALUES (-5.0)) AS v(n);
SELECT crimestats.per_day_rate(n, '[2018-01-01,2018-02-01)') FROM (VALUES (-5.0::float8)) AS v(n);
SELECT crimestats.per_day_rate(n, '[2018-01-01,2018-02-01)') FROM (VALUES (-5::bigint), (7)) AS v(n);
SELECT crimestats.per_day_rate(n, '[2018-01-01,2018-02-01)') FROM (VALUES (-5.0), (7)) AS v(n);
SELECT crimestats.per_day_rate(n, '[2018-01-01,2018-02-01)') FROM (VALUES (9000000000000000000::bigint), (9000000000000000000)) AS v(n);
SELECT crimestats.per_day_rate(n, '[2018-01-01,2018-02-01)') FROM (VALUES (9000000000000000000.0), (9000000000000000000)) AS v(n);
SELECT crimestats.per_day_rate(1e19, '[2018-01-01,2018-02-01)');
SELECT crimestats.per_day_rate_ci(-1e19::float8, '[2018-01-01,2018-02-01)', 0.95);
SELECT crimestats.poisson_ci(-3::bigint);
SELECT crimestats.poisson_ci(-3.0);
SELECT crimestats.poisson_ci(-3::float8, 0.95, 'byar');
SELECT crimestats.outcome_ratio(11::bigint, 10::bigint);
SELECT crimestats.outcome_ratio(11.0, 10.0);
SELECT crimestats.outcome_ratio(11::float8, 10::float8);
SELECT crimestats.outcome_ratio(1e19, 1e19);
SELECT crimestats.outcome_ratio(h, t) FROM (VALUES (9000000000000000000::bigint, 9000000000000000000::bigint), (9000000000000000000, 9000000000000000000)) AS v(h, t);
SELECT crimestats.wilson_ci(-1::bigint, 10::bigint);
SELECT crimestats.wilson_ci(-1.0, 10.0);
SELECT crimestats.rate_significance(-1.0, 100, 0.01);
SELECT crimestats.per_day_rate(1.0, 'empty');
SELECT crimestats.per_day_rate_ci(1.0, '[2018-01-01,2018-02-01)', 1.5);

-- NULLs: a row with a NULL argument is skipped, the strict functions give
-- NULL, and no rows give what the bigint forms give.
SELECT crimestats.per_day_rate(n, p) AS per_day_rate, crimestats.rate_summary(n, p)::text AS summary,
	   crimestats.outcome_ratio(n, n) AS ratio, crimestats.growth_factor(n::float8, n) AS growth
FROM (VALUES (NULL::numeric, '[2018-01-01,2018-01-02)'::daterange), (4.0, '[2018-01-01,2018-01-03)'), (6.0, NULL)) AS v(n, p);
SELECT crimestats.per_day_rate(n::float8, p) AS per_day_rate, crimestats.ratio_summary(n::float8, n::float8)::text AS summary,
	   crimestats.growth_factor(1, t) AS growth
FROM (VALUES (NULL::numeric, NULL::daterange, NULL::timestamp)) AS v(n, p, t);
SELECT n, t, crimestats.growth_since(n, t, '1 year') OVER (ORDER BY t) AS growth_since,
	   crimestats.year_on_year(n, t::timestamptz) OVER (ORDER BY t) AS year_on_year
FROM (VALUES (1.0, timestamp '2017-03-01 12:00'), (2.0, '2018-03-01 08:00'), (NULL, '2019-03-01'), (3.0, NULL)) AS v(n, t);
SELECT crimestats.per_day_rate(n, p) AS per_day_rate, crimestats.ratio_summary(n, n)::text AS summary,
	   crimestats.outcome_ratio_ci(n, n, 0.95) AS ci, crimestats.sparkline(1, n) AS sparkline
FROM (VALUES (1.0, '[2018-01-01,2018-01-02)'::daterange)) AS v(n, p) WHERE false;
SELECT crimestats.poisson_ci(NULL::numeric) IS NULL AS poisson, crimestats.wilson_ci(NULL::float8, 1) IS NULL AS wilson,
	   crimestats.ratio_funnel(NULL::numeric) IS NULL AS funnel;

-- Window use: moving frames (forward and inverse transitions) and the
-- window functions, against the bigint, integer and date forms.
SELECT bool_and(a IS NOT DISTINCT FROM b) AS per_day_rate, bool_and(c IS NOT DISTINCT FROM d) AS per_day_rate_ci,
	   bool_and(e IS NOT DISTINCT FROM f) AS outcome_ratio, bool_and(g IS NOT DISTINCT FROM h) AS growth_factor,
	   bool_and(i IS NOT DISTINCT FROM j) AS sparkline, bool_and(k IS NOT DISTINCT FROM l) AS rate_summary,
	   bool_and(m IS NOT DISTINCT FROM o) AS ratio_summary, bool_and(q IS NOT DISTINCT FROM r) AS outcome_ratio_ci,
	   count(*) AS rows
FROM (SELECT crimestats.per_day_rate(n::numeric, period) OVER w AS a, crimestats.per_day_rate(n, period) OVER w AS b,
			 crimestats.per_day_rate_ci(n::float8, period, 0.9, 'byar') OVER w AS c,
			 crimestats.per_day_rate_ci(n, period, 0.9, 'byar') OVER w AS d,
			 crimestats.outcome_ratio(hits::numeric, (n + 20)::numeric) OVER w AS e,
			 crimestats.outcome_ratio(hits, n + 20) OVER w AS f,
			 crimestats.growth_factor(n, ts) OVER w AS g, crimestats.growth_factor(n, ts::date) OVER w AS h,
			 crimestats.sparkline(n, year::numeric) OVER w AS i, crimestats.sparkline(n, year) OVER w AS j,
			 (crimestats.rate_summary(n::float8, period) OVER w)::text AS k, (crimestats.rate_summary(n, period) OVER w)::text AS l,
			 (crimestats.ratio_summary(hits::float8, (n + 20)::float8) OVER w)::text AS m,
			 (crimestats.ratio_summary(hits, n + 20) OVER w)::text AS o,
			 crimestats.outcome_ratio_ci(hits::numeric, (n + 20)::numeric, 0.9) OVER w AS q,
			 crimestats.outcome_ratio_ci(hits, n + 20, 0.9) OVER w AS r
	  FROM monthly
	  WINDOW w AS (PARTITION BY area ORDER BY ts ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)) AS x;
SELECT bool_and(a IS NOT DISTINCT FROM b) AS growth_since_numeric, bool_and(c IS NOT DISTINCT FROM b) AS growth_since_float8,
	   bool_and(d IS NOT DISTINCT FROM e) AS growth_since_timestamp, bool_and(f IS NOT DISTINCT FROM g) AS year_on_year_timestamp,
	   bool_and(h IS NOT DISTINCT FROM g) AS year_on_year_timestamptz, bool_and(i IS NOT DISTINCT FROM e) AS growth_since_timestamptz,
	   count(a) AS growth_values, count(d) AS six_month_values, count(f) AS yoy_values
FROM (SELECT crimestats.growth_since(n, year::numeric, 1) OVER w AS a, crimestats.growth_since(n, year, 1) OVER w AS b,
			 crimestats.growth_since(n, year::float8, 1) OVER w AS c,
			 crimestats.growth_since(n, ts, '6 months') OVER w AS d, crimestats.growth_since(n, ts::date, '6 months') OVER w AS e,
			 crimestats.year_on_year(n, ts) OVER w AS f, crimestats.year_on_year(n, ts::date) OVER w AS g,
			 crimestats.year_on_year(n, ts::timestamptz) OVER w AS h,
			 crimestats.growth_since(n, ts::timestamptz, '6 months') OVER w AS i
	  FROM monthly WINDOW w AS (PARTITION BY area ORDER BY ts)) AS x;
-- rate_significance's window form over sum() per area
SELECT area, c, crimestats.rate_significance(c, e) OVER () AS numeric_cases,
	   crimestats.rate_significance(c, e) OVER () = crimestats.rate_significance(c::bigint, e) OVER ()
		 AND crimestats.rate_significance(c::float8, e) OVER () = crimestats.rate_significance(c::bigint, e) OVER () AS same
FROM (SELECT area, sum(c) AS c, sum(e) AS e
	  FROM (VALUES ('A', 70::bigint, 500::float8), ('A', 50, 500), ('B', 60, 1000), ('C', 95, 1000), ('D', 150, 1000)) AS v(area, c, e)
	  GROUP BY area) AS x
ORDER BY area;
\set VERBOSITY sqlstate
SELECT crimestats.rate_significance(c, 100) OVER () FROM (VALUES (1.0), (2.5)) AS v(c);
SELECT crimestats.rate_significance(c, 100) OVER () FROM (VALUES (1e19::float8)) AS v(c);
\set VERBOSITY default
SELECT crimestats.rate_significance(c, 100) OVER () FROM (VALUES (1.0), (2.5)) AS v(c);
SELECT y, crimestats.growth_since(n, extract(year FROM d), 1) OVER (ORDER BY d) AS growth
FROM (VALUES (2016, 10.0, date '2016-06-30'), (2017, 15, '2017-06-30'), (2018, 12, '2018-06-30')) AS v(y, n, d);

-- Parallel plans: the numeric, double precision and timestamp forms
-- combine partial states exactly as the bigint and date forms.
CREATE TABLE overloads_par AS
SELECT i % 3 AS area, (i * 7919 % 97)::bigint AS n, (i * 31 % 13)::bigint AS hits,
	   daterange(date '2017-01-01' + i % 400, date '2017-01-01' + i % 400 + 1 + i % 3) AS period,
	   timestamp '2010-01-01 06:00' + (i % 9) * interval '1 year' AS ts
FROM generate_series(1, 60000) AS i;
ANALYZE overloads_par;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE overloads_serial AS
SELECT area, crimestats.per_day_rate(n, period) AS rate, crimestats.per_day_rate_ci(n, period, 0.95) AS rate_ci,
	   crimestats.rate_summary(n, period)::text AS summary, crimestats.outcome_ratio_ci(hits, n + 13, 0.95) AS ratio,
	   crimestats.series_summary(n::float8, ts::date)::text AS series, crimestats.cagr(n, extract(year FROM ts)::int) AS cagr
FROM overloads_par GROUP BY area;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT area, crimestats.per_day_rate(n::numeric, period), crimestats.growth_factor(n, ts)
FROM overloads_par GROUP BY area;
-- force_parallel_mode (15) is debug_parallel_query from PostgreSQL 16 on
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
SET :parallel_guc = regress;
SELECT count(*) AS groups,
	   bool_and(p.rate = s.rate AND p.rate_ci = s.rate_ci AND p.summary = s.summary AND p.ratio = s.ratio
				AND p.series = s.series AND p.cagr = s.cagr) AS parallel_equals_serial
FROM (SELECT area, crimestats.per_day_rate(n::numeric, period) AS rate,
			 crimestats.per_day_rate_ci(n::float8, period, 0.95) AS rate_ci,
			 crimestats.rate_summary(n::numeric, period)::text AS summary,
			 crimestats.outcome_ratio_ci(hits::numeric, (n + 13)::numeric, 0.95) AS ratio,
			 crimestats.series_summary(n, ts)::text AS series,
			 crimestats.cagr(n, extract(year FROM ts)) AS cagr
	  FROM overloads_par GROUP BY area) AS p
JOIN overloads_serial AS s USING (area);
-- whole-number errors raised in a worker name the aggregate called
\set VERBOSITY sqlstate
SELECT crimestats.per_day_rate(n + 0.5, period) FROM overloads_par;
\set VERBOSITY default
SELECT crimestats.growth_factor(n, CASE WHEN n = 50 THEN 2018.5 ELSE extract(year FROM ts) END) FROM overloads_par;
RESET :parallel_guc;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE overloads_par;
