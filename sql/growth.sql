-- Multi-year growth: series_summary, the growth aggregates and accessors.
SET extra_float_digits = 0;

CREATE TEMP TABLE growth_story (area text, year integer, period_end date, n float8);
-- Newham-like yearly counts (year ending September), one row per year,
-- split in two rows for 2016 to show values sharing an `at` are summed
INSERT INTO growth_story VALUES
	('A', 2013, '2013-09-30', 850), ('A', 2014, '2014-09-30', 980),
	('A', 2015, '2015-09-30', 1105), ('A', 2016, '2016-09-30', 1000),
	('A', 2016, '2016-09-30', 290), ('A', 2017, '2017-09-30', 1502),
	('A', 2018, '2018-09-30', 1821),
	('B', 2013, '2013-09-30', 100), ('B', 2018, '2018-09-30', 50),
	('C', 2015, '2015-09-30', 7), ('C', 2015, '2015-09-30', 3);

-- every aggregate, integer and date keys
SELECT area,
	   crimestats.growth_factor(n, year) AS growth_factor,
	   round(crimestats.pct_change(n, year)::numeric, 10) AS pct_change,
	   round(crimestats.cagr(n, year)::numeric, 12) AS cagr,
	   round(crimestats.trend_growth(n, year)::numeric, 12) AS trend_growth,
	   crimestats.sparkline(n, year) AS sparkline
FROM growth_story GROUP BY area ORDER BY area;

SELECT area,
	   crimestats.growth_factor(n, period_end) AS growth_factor,
	   round(crimestats.pct_change(n, period_end)::numeric, 10) AS pct_change,
	   round(crimestats.cagr(n, period_end)::numeric, 12) AS cagr,
	   round(crimestats.trend_growth(n, period_end)::numeric, 12) AS trend_growth,
	   crimestats.sparkline(n, period_end) AS sparkline
FROM growth_story GROUP BY area ORDER BY area;

-- checks by hand: 1821/850, (1821-850)/850*100, (1821/850)^(1/5)-1;
-- dates: 2013-09-30 to 2018-09-30 is 1826 days = 4.9993... years
SELECT 1821.0 / 850 AS growth_factor,
	   round((1821.0 - 850) / 850 * 100, 10) AS pct_change,
	   round(((1821.0 / 850) ^ (1 / 5.0) - 1)::numeric, 12) AS cagr_years,
	   round(((1821.0 / 850) ^ (365.25 / ('2018-09-30'::date - '2013-09-30'::date)) - 1)::numeric, 12) AS cagr_dates;

-- the building aggregate: one point per distinct at, ties summed, [at, total, rows]
SELECT area, crimestats.series_summary(n, year) FROM growth_story GROUP BY area ORDER BY area;
SELECT area, crimestats.series_summary(n, period_end) FROM growth_story GROUP BY area ORDER BY area;

-- rows arrive in any order
SELECT crimestats.series_summary(n, year)::text =
	   (SELECT crimestats.series_summary(n, year)::text
		FROM (SELECT * FROM growth_story WHERE area = 'A' ORDER BY year DESC, n) s) AS order_independent
FROM (SELECT * FROM growth_story WHERE area = 'A' ORDER BY year, n DESC) s;

-- two-step use equals one-step: per-year summaries rolled up
CREATE TEMP TABLE growth_yearly AS
SELECT area, year, crimestats.series_summary(n, year) AS s
FROM growth_story GROUP BY area, year;
SELECT g.area,
	   crimestats.growth_factor(crimestats.rollup(g.s)) = o.growth_factor AS gf,
	   crimestats.pct_change(crimestats.rollup(g.s)) = o.pct_change AS pct,
	   crimestats.cagr(crimestats.rollup(g.s)) = o.cagr AS cagr,
	   crimestats.trend_growth(crimestats.rollup(g.s)) = o.trend_growth AS trend,
	   crimestats.sparkline(crimestats.rollup(g.s)) = o.sparkline AS spark,
	   crimestats.rollup(g.s)::text = o.s::text AS summary
FROM growth_yearly AS g
JOIN (SELECT area, crimestats.growth_factor(n, year), crimestats.pct_change(n, year),
			 crimestats.cagr(n, year), crimestats.trend_growth(n, year),
			 crimestats.sparkline(n, year), crimestats.series_summary(n, year) AS s
	  FROM growth_story GROUP BY area) AS o USING (area)
GROUP BY g.area, o.growth_factor, o.pct_change, o.cagr, o.trend_growth, o.sparkline, o.s::text
ORDER BY g.area;
-- rolling up everything: areas merge point by point
SELECT crimestats.rollup(s) FROM growth_yearly;
SELECT crimestats.rollup(s) FROM growth_yearly WHERE false;
SELECT crimestats.rollup(s) FROM (VALUES (NULL::crimestats.series_summary)) v(s);
SELECT crimestats.rollup(s) FROM (VALUES (NULL::crimestats.series_summary),
	('{"at":"year","totals":[[2001,1,1]]}'), (NULL), ('{"at":"year","totals":[[2000,2,1],[2001,0.5,2]]}')) v(s);

-- other accessors
SELECT crimestats.first_total(s), crimestats.last_total(s), crimestats.n_points(s)
FROM (SELECT crimestats.series_summary(n, year) AS s FROM growth_story WHERE area = 'A') x;
SELECT crimestats.first_total(s), crimestats.last_total(s), crimestats.n_points(s),
	   crimestats.growth_factor(s), crimestats.sparkline(s)
FROM (SELECT crimestats.series_summary(n, year) AS s FROM growth_story WHERE area = 'C') x;

-- NULLs are skipped; no rows or only NULL rows give NULL
SELECT crimestats.growth_factor(n, y), crimestats.series_summary(n, y)
FROM (VALUES (1.0::float8, 2001), (NULL, 2002), (3.0, NULL), (2.0, 2003)) v(n, y);
SELECT crimestats.growth_factor(n, y), crimestats.cagr(n, y), crimestats.trend_growth(n, y),
	   crimestats.sparkline(n, y), crimestats.series_summary(n, y)
FROM (VALUES (NULL::float8, 2001), (1.0, NULL)) v(n, y);
SELECT crimestats.growth_factor(n, y), crimestats.pct_change(n, y), crimestats.cagr(n, y),
	   crimestats.trend_growth(n, y), crimestats.sparkline(n, y), crimestats.series_summary(n, y)
FROM (VALUES (1.0::float8, 2001)) v(n, y) WHERE false;
SELECT crimestats.growth_factor(n, d), crimestats.series_summary(n, d)
FROM (VALUES (1.0::float8, NULL::date)) v(n, d);

-- one distinct at: NULL growth (ties at a single at do not make a series)
SELECT crimestats.growth_factor(n, y), crimestats.pct_change(n, y), crimestats.cagr(n, y),
	   crimestats.trend_growth(n, y), crimestats.sparkline(n, y)
FROM (VALUES (5.0::float8, 2001), (6.0, 2001)) v(n, y);

-- zero first total: growth_factor, pct_change and cagr NULL; the trend exists
SELECT crimestats.growth_factor(n, y), crimestats.pct_change(n, y), crimestats.cagr(n, y),
	   round(crimestats.trend_growth(n, y)::numeric, 12) AS trend_growth, crimestats.sparkline(n, y)
FROM (VALUES (0.0::float8, 2001), (3.0, 2002), (5.0, 2003)) v(n, y);
-- a first total that nets to zero
SELECT crimestats.growth_factor(n, y) FROM (VALUES (4.0::float8, 2001), (-4.0, 2001), (5.0, 2003)) v(n, y);
-- zero last total: factor 0, -100%, cagr -1
SELECT crimestats.growth_factor(n, y), crimestats.pct_change(n, y), crimestats.cagr(n, y),
	   crimestats.trend_growth(n, y)
FROM (VALUES (8.0::float8, 2001), (2.0, 2002), (0.0, 2003)) v(n, y);

-- trend_growth: NULL where the maximum-likelihood fit does not exist
SELECT crimestats.trend_growth(n, y) AS all_zero FROM (VALUES (0.0::float8, 1), (0, 2), (0, 3)) v(n, y);
SELECT crimestats.trend_growth(n, y) AS all_but_last_zero FROM (VALUES (0.0::float8, 1), (0, 2), (7, 3)) v(n, y);
SELECT crimestats.trend_growth(n, y) AS all_but_first_zero FROM (VALUES (7.0::float8, 1), (0, 2), (0, 3)) v(n, y);
SELECT crimestats.trend_growth(n, y) AS two_points_first_zero FROM (VALUES (0.0::float8, 1), (7, 2)) v(n, y);

-- trend_growth against Poisson GLM fits (statsmodels 0.13.5 GLM Poisson,
-- R glm for the exactly geometric series; see docs/growth.md), 1e-6 relative
SELECT name, got, expected, abs(got / expected - 1) < 1e-9 AS agrees
FROM (
	SELECT 'story' AS name,
		   crimestats.trend_growth(n, y) AS got, 1.1643516964265515 AS expected
	FROM (VALUES (2013, 850.0::float8), (2014, 980), (2015, 1105), (2016, 1290), (2017, 1502), (2018, 1821)) v(y, n)
	UNION ALL
	SELECT 'zeros', crimestats.trend_growth(n, y), 1.420146547040549
	FROM (VALUES (2010, 0.0::float8), (2011, 3), (2012, 0), (2013, 7), (2014, 2)) v(y, n)
	UNION ALL
	SELECT 'geometric', crimestats.trend_growth(100 * 1.5 ^ k, k), 1.5
	FROM generate_series(0, 5) k
	UNION ALL
	SELECT 'middle only', crimestats.trend_growth(n, y), 1.0
	FROM (VALUES (1, 0.0::float8), (2, 5), (3, 0)) v(y, n)
	UNION ALL
	SELECT 'ends only', crimestats.trend_growth(n, y), 1.2874342087037913
	FROM (VALUES (1, 5.0::float8), (2, 0), (3, 7)) v(y, n)
	UNION ALL
	SELECT 'decline, gaps', crimestats.trend_growth(n, y), 0.8628659757064852
	FROM (VALUES (2000, 120.5::float8), (2002, 100), (2003, 90.25), (2007, 41)) v(y, n)
	UNION ALL
	SELECT 'dates, leap years', crimestats.trend_growth(n, d), 1.2848741317351888
	FROM (VALUES ('2015-03-01'::date, 10.0::float8), ('2016-02-29', 12), ('2017-06-15', 20), ('2020-03-01', 35)) v(d, n)
) r;

-- dates across leap years: 2016-02-29 to 2020-02-29 is 1461 days = 4 years
-- of 365.25 days exactly, so the cagr is 2^(1/4) - 1
SELECT crimestats.cagr(n, d), 2 ^ 0.25 - 1 AS expected
FROM (VALUES ('2016-02-29'::date, 10.0::float8), ('2020-02-29', 20)) v(d, n);
SELECT crimestats.cagr(n, d), 2 ^ (365.25 / 366) - 1 AS expected
FROM (VALUES ('2015-03-01'::date, 10.0::float8), ('2016-03-01', 20)) v(d, n);

-- negative totals: fine for growth_factor and pct_change, an error for cagr
-- and trend_growth; a negative row in a non-negative total is fine
SELECT crimestats.growth_factor(n, y), crimestats.pct_change(n, y), crimestats.sparkline(n, y)
FROM (VALUES (4.0::float8, 1), (-2, 2), (8, 3)) v(n, y);
SELECT crimestats.cagr(n, y), crimestats.trend_growth(n, y)
FROM (VALUES (4.0::float8, 1), (-2, 2), (3, 2), (8, 3)) v(n, y);
\set VERBOSITY sqlstate
SELECT crimestats.cagr(n, y) FROM (VALUES (4.0::float8, 1), (-2, 2), (8, 3)) v(n, y);
SELECT crimestats.trend_growth(n, y) FROM (VALUES (4.0::float8, 1), (-2, 2), (8, 3)) v(n, y);
SELECT crimestats.trend_growth(n, d) FROM (VALUES (-4.0::float8, '2001-01-01'::date), (8, '2002-01-01')) v(n, d);
\set VERBOSITY default
SELECT crimestats.cagr(n, y) FROM (VALUES (4.0::float8, 1), (-2, 2), (8, 3)) v(n, y);
SELECT crimestats.trend_growth(n, d) FROM (VALUES (-4.0::float8, '2001-01-01'::date), (8, '2002-01-01')) v(n, d);

-- sparkline: min to max in eight steps, a flat series at half height
SELECT crimestats.sparkline(k::float8, k) FROM generate_series(0, 7) k;
SELECT crimestats.sparkline(n, y) FROM (VALUES (3.0::float8, 1), (3, 2), (3, 3)) v(n, y);
SELECT crimestats.sparkline(n, y) FROM (VALUES (0.0::float8, 1), (0, 2)) v(n, y);
SELECT crimestats.sparkline(n, y) FROM (VALUES (-1e308::float8, 1), (1e308, 2), (0, 3)) v(n, y);
SELECT crimestats.sparkline(n, y) FROM (VALUES (10.0::float8, 1), (0.0, 2), (5.0, 3), (10.0, 4)) v(n, y);

-- bad values: NaN and infinities are rejected, sums must not overflow
\set VERBOSITY sqlstate
SELECT crimestats.growth_factor(n, y) FROM (VALUES ('NaN'::float8, 1), (1, 2)) v(n, y);
SELECT crimestats.series_summary(n, y) FROM (VALUES ('Infinity'::float8, 1)) v(n, y);
SELECT crimestats.cagr(n, y) FROM (VALUES ('-Infinity'::float8, 1)) v(n, y);
SELECT crimestats.growth_factor(n, d) FROM (VALUES (1.0::float8, 'infinity'::date)) v(n, d);
SELECT crimestats.growth_factor(n, d) FROM (VALUES (1.0::float8, '-infinity'::date)) v(n, d);
SELECT crimestats.growth_factor(n, d) FROM (VALUES (1.0::float8, '0001-12-31 BC'::date)) v(n, d);
SELECT crimestats.growth_factor(n, y) FROM (VALUES (1.7e308::float8, 1), (1.7e308, 1), (1, 2)) v(n, y);
SELECT crimestats.growth_factor(n, y) FROM (VALUES (1e-300::float8, 1), (1e300, 2)) v(n, y);
SELECT crimestats.pct_change(n, y) FROM (VALUES (-1e308::float8, 1), (1e308, 2)) v(n, y);
SELECT crimestats.rollup(s) FROM (VALUES ('{"at":"year","totals":[[1,1.7e308,1]]}'::crimestats.series_summary),
										  ('{"at":"year","totals":[[1,1.7e308,1]]}')) v(s);
SELECT crimestats.rollup(s) FROM (VALUES ('{"at":"year","totals":[[1,1,9223372036854775807]]}'::crimestats.series_summary),
										  ('{"at":"year","totals":[[1,1,1]]}')) v(s);
\set VERBOSITY default
SELECT crimestats.growth_factor(n, y) FROM (VALUES ('NaN'::float8, 1), (1, 2)) v(n, y);
SELECT crimestats.growth_factor(n, d) FROM (VALUES (1.0::float8, 'infinity'::date)) v(n, d);
SELECT crimestats.growth_factor(n, y) FROM (VALUES (1.7e308::float8, 1), (1.7e308, 1), (1, 2)) v(n, y);
SELECT crimestats.growth_factor(n, y) FROM (VALUES (1e-300::float8, 1), (1e300, 2)) v(n, y);
-- every aggregate names itself, though all share one transition function
SELECT crimestats.cagr(n, y) FROM (VALUES ('NaN'::float8, 1), (1, 2)) v(n, y);
SELECT crimestats.cagr(n, d) FROM (VALUES (1.7e308::float8, '2001-01-01'::date), (1.7e308, '2001-01-01')) v(n, d);
SELECT crimestats.trend_growth(n, y) FROM (VALUES (1.0::float8, 1), ('-Infinity', 2)) v(n, y);
SELECT crimestats.trend_growth(n, d) FROM (VALUES (1.7e308::float8, '2001-01-01'::date), (1.7e308, '2001-01-01')) v(n, d);
SELECT crimestats.pct_change(n, d) FROM (VALUES (1.0::float8, '-infinity'::date)) v(n, d);
SELECT crimestats.sparkline(n, y) FROM (VALUES (1.7e308::float8, 7), (1.7e308, 7)) v(n, y);
SELECT crimestats.series_summary(n, y) FROM (VALUES (1.7e308::float8, 7), (1.7e308, 7)) v(n, y);
-- cagr survives a ratio that overflows float8 when its root does not
SELECT crimestats.cagr(n, y) FROM (VALUES (1e-300::float8, 1), (1e300, 11)) v(n, y);

-- dates and integers cannot be merged
\set VERBOSITY sqlstate
SELECT crimestats.rollup(s) FROM (VALUES ('{"at":"year","totals":[[2001,1,1]]}'::crimestats.series_summary),
										  ('{"at":"date","totals":[["2001-01-01",1,1]]}')) v(s);
\set VERBOSITY default
SELECT crimestats.rollup(s) FROM (VALUES ('{"at":"year","totals":[[2001,1,1]]}'::crimestats.series_summary),
										  ('{"at":"date","totals":[["2001-01-01",1,1]]}')) v(s);

-- text form: round trips exactly, whitespace allowed, strict otherwise
SELECT s::text = s::text::crimestats.series_summary::text AS round_trip, s
FROM (SELECT crimestats.series_summary(n, y) AS s
	  FROM (VALUES (0.1::float8, 2001), (0.2, 2001), (1e-310, 2002), (-123456789.123456789, 2003),
				   (1.7976931348623157e308, 2004), (-0.0, 2005), (2, -2147483648), (3, 2147483647)) v(n, y)) x;
SELECT s::text = s::text::crimestats.series_summary::text AS round_trip, s
FROM (SELECT crimestats.series_summary(n, d) AS s
	  FROM (VALUES (1.5::float8, '0001-01-01'::date), (2, '2016-02-29'), (2, '2016-02-29'), (3, '99999-12-31')) v(n, d)) x;
SELECT ' { "at" : "date" , "totals" : [ [ "2013-09-30" , 850 , 1 ] , ["2014-09-30",9.015e2,3] ] } '::crimestats.series_summary;
SELECT '{"at":"year","totals":[]}'::crimestats.series_summary AS empty;
SELECT crimestats.n_points(s), crimestats.first_total(s), crimestats.growth_factor(s), crimestats.sparkline(s)
FROM (VALUES ('{"at":"year","totals":[]}'::crimestats.series_summary)) v(s);
SELECT crimestats.rollup(s) FROM (VALUES ('{"at":"year","totals":[]}'::crimestats.series_summary),
										  ('{"at":"year","totals":[[2001,1,1]]}')) v(s);
SELECT crimestats.rollup(s) FROM (VALUES ('{"at":"date","totals":[]}'::crimestats.series_summary)) v(s);

\set VERBOSITY sqlstate
SELECT ''::crimestats.series_summary;
SELECT '{}'::crimestats.series_summary;
SELECT '{"at":"month","totals":[]}'::crimestats.series_summary;
SELECT '{"at":"year"}'::crimestats.series_summary;
SELECT '{"totals":[],"at":"year"}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1,0]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1,-1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1,1.5]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2002,1,1],[2001,1,1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1,1],[2001,1,1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2147483648,1,1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[["2001-01-01",1,1]]}'::crimestats.series_summary;
SELECT '{"at":"date","totals":[[2001,1,1]]}'::crimestats.series_summary;
SELECT '{"at":"date","totals":[["2001-02-29",1,1]]}'::crimestats.series_summary;
SELECT '{"at":"date","totals":[["infinity",1,1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,NaN,1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,"Infinity",1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1e999,1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,0x10,1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1,1]],}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1,1]]} x'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1,1]'::crimestats.series_summary;
\set VERBOSITY default
SELECT '{"at":"month","totals":[]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2002,1,1],[2001,1,1]]}'::crimestats.series_summary;
SELECT '{"at":"year","totals":[[2001,1,0]]}'::crimestats.series_summary;

-- binary form: send, and a round trip through COPY BINARY (which calls
-- send and receive); then hand-made bytes that receive must reject
SELECT crimestats_internal.series_summary_send('{"at":"year","totals":[[2013,850,1],[2014,902.5,2]]}');
SELECT crimestats_internal.series_summary_send('{"at":"date","totals":[["2000-01-01",1,1]]}');
CREATE TEMP TABLE growth_bin (id int, s crimestats.series_summary);
INSERT INTO growth_bin
SELECT 1, crimestats.series_summary(n, year) FROM growth_story
UNION ALL SELECT 2, crimestats.series_summary(n, period_end) FROM growth_story
UNION ALL SELECT 3, '{"at":"year","totals":[]}'
UNION ALL SELECT 4, crimestats.series_summary(n, y)
	FROM (VALUES (0.1::float8, 2001), (0.2, 2001), (1e-310, 2002), (-1.7976931348623157e308, 2003)) v(n, y);
COPY growth_bin TO '/tmp/crimestats_growth_regress.bin' WITH (FORMAT binary);
CREATE TEMP TABLE growth_bin2 (LIKE growth_bin);
COPY growth_bin2 FROM '/tmp/crimestats_growth_regress.bin' WITH (FORMAT binary);
SELECT a.id, a.s::text = b.s::text AS same, b.s
FROM growth_bin a JOIN growth_bin2 b USING (id) ORDER BY id;

-- bad bytes: a bytea written by COPY BINARY is read back as a
-- series_summary, so the receive function sees exactly these bytes
CREATE TEMP TABLE growth_bad (id int, b bytea);
CREATE TEMP TABLE growth_bad_in (id int, s crimestats.series_summary);
CREATE FUNCTION pg_temp.growth_try_recv(hex text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	TRUNCATE growth_bad, growth_bad_in;
	INSERT INTO growth_bad VALUES (1, decode(hex, 'hex'));
	COPY growth_bad TO '/tmp/crimestats_growth_regress.bin' WITH (FORMAT binary);
	COPY growth_bad_in FROM '/tmp/crimestats_growth_regress.bin' WITH (FORMAT binary);
	RETURN (SELECT s::text FROM growth_bad_in);
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
SELECT pg_temp.growth_try_recv('01790000000200000001400000000000000000000000000000010000000240000000000000000000000000000002') AS good;
SELECT pg_temp.growth_try_recv('027900000000') AS bad_version;
SELECT pg_temp.growth_try_recv('017a00000000') AS bad_kind;
SELECT pg_temp.growth_try_recv('0179') AS too_short;
SELECT pg_temp.growth_try_recv('017900000001') AS missing_point;
SELECT pg_temp.growth_try_recv('017900000001000000014000000000000000000000000000') AS truncated_point;
SELECT pg_temp.growth_try_recv('017900000001000000014000000000000000000000000000000100') AS trailing_bytes;
SELECT pg_temp.growth_try_recv('0179ffffffff') AS negative_count;
SELECT pg_temp.growth_try_recv('01790000000200000002400000000000000000000000000000010000000140000000000000000000000000000001') AS decreasing;
SELECT pg_temp.growth_try_recv('0179000000010000000140000000000000000000000000000000') AS zero_rows;
SELECT pg_temp.growth_try_recv('017900000001000000017ff80000000000000000000000000001') AS nan_total;
SELECT pg_temp.growth_try_recv('017900000001000000017ff00000000000000000000000000001') AS infinite_total;
SELECT pg_temp.growth_try_recv('016400000001800000003ff00000000000000000000000000001') AS infinite_date;
SELECT pg_temp.growth_try_recv('0164000000010000000040000000000000000000000000000001') AS date_2000_01_01;

-- the transition functions refuse to run outside an aggregate only where
-- they would modify their input; called directly they work on a copy
SELECT crimestats_internal.series_summary_accum(NULL, 5, 2001);
SELECT crimestats_internal.series_summary_accum('{"at":"year","totals":[[2001,1,1]]}', 5, 2001);
SELECT crimestats_internal.series_summary_combine('{"at":"year","totals":[[2001,1,1]]}', '{"at":"year","totals":[[2000,1,1]]}');
SELECT crimestats_internal.series_summary_combine(NULL, NULL);

-- trend_growth when one total dwarfs the others: with two points the
-- maximum-likelihood fit is exactly last / first; totals near the top of
-- float8 do not overflow the fit (references: mpmath at 50 digits)
SELECT abs(crimestats.trend_growth(v, y) / 1e16 - 1) < 1e-13 AS two_points_1e16,
       abs((SELECT crimestats.trend_growth(v, y) FROM (VALUES (1::float8, 2000), (1e9, 2001)) AS u(v, y)) / 1e9 - 1) < 1e-13 AS two_points_1e9
FROM (VALUES (1::float8, 2000), (1e16, 2001)) AS t(v, y);
SELECT abs(crimestats.trend_growth(v, y) / 74074075.185185185 - 1) < 1e-12 AS zeros_between
FROM (VALUES (3::float8, 0), (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8), (2e9, 9)) AS t(v, y);
SELECT crimestats.trend_growth(v, y) AS huge_flat
FROM (VALUES (1e308::float8, 2000), (1e308, 2001), (1e308, 2002)) AS t(v, y);
