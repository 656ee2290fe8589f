-- Multi-year growth as window functions: the aggregates over sliding frames
-- (moving-aggregate support, checked against a plain-SQL recomputation of
-- every frame) and the window functions growth_since and year_on_year.
SET extra_float_digits = 0;
SET datestyle = 'ISO, YMD';

CREATE TEMP TABLE growth_w (id serial, g int, y int, n float8);
-- ties at one year, gaps, NULL values and years, zeros, and fractional
-- values whose sums round (0.1 + 0.2), which the inverse must decline
INSERT INTO growth_w (g, y, n) VALUES
	(1, 2001, 10), (1, 2002, 12), (1, 2002, 3), (1, 2003, 0), (1, 2004, 20),
	(1, 2004, NULL), (1, NULL, 7), (1, 2006, 25), (1, 2007, 24), (1, 2007, 1),
	(1, 2007, 2), (1, 2008, 30), (1, 2010, 0), (1, 2011, 5), (1, 2012, 40),
	(2, 2001, 0.1), (2, 2001, 0.2), (2, 2002, 0.7), (2, 2002, 0.1), (2, 2003, 0.3),
	(2, 2004, 1e16), (2, 2004, 1), (2, 2004, -1e16), (2, 2005, 2.5), (2, 2006, 4),
	(3, 2001, 5), (3, 2002, NULL),
	(4, 2001, 9), (4, 2002, 8), (4, 2003, 7), (4, 2004, 6), (4, 2005, 5), (4, 2006, 4);
-- and a larger series of counts
INSERT INTO growth_w (g, y, n)
SELECT 5 + i % 3, 1900 + i / 3 + (i % 7 = 0)::int, floor(abs(sin(i)) * 100)
FROM generate_series(1, 600) i;
CREATE TYPE pg_temp.growth_pt AS (n float8, y int);
CREATE TYPE pg_temp.growth_dpt AS (n float8, d date);

-- For each frame shape: the moving aggregates against a recomputation of
-- the frame's contents (array_agg has no inverse, so each of its frames is
-- collected afresh): growth_factor and pct_change in plain SQL from the
-- per-year sums, the others through the plain (non-window) aggregate over
-- the frame's rows, and the whole series_summary (every total and row
-- count) through its text form.
CREATE FUNCTION pg_temp.growth_check(frame text) RETURNS TABLE (
	frame_clause text, rows bigint, empty_frames bigint, diffs bigint)
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE format($q$
	SELECT %1$L, count(*), count(*) FILTER (WHERE cardinality(x.frame) IS NULL),
		   count(*) FILTER (WHERE
			 (x.gf IS DISTINCT FROM r.gf AND NOT abs(x.gf - r.gf) <= 1e-12 * abs(r.gf))
			 OR (x.pct IS DISTINCT FROM r.pct AND NOT abs(x.pct - r.pct) <= 1e-10 * abs(r.pct))
			 OR x.cagr IS DISTINCT FROM a.cagr
			 OR x.trend IS DISTINCT FROM a.trend
			 OR x.spark IS DISTINCT FROM a.spark
			 OR x.s::text IS DISTINCT FROM a.s::text)
	FROM (
		SELECT crimestats.growth_factor(n, y) OVER w AS gf,
			   crimestats.pct_change(n, y) OVER w AS pct,
			   crimestats.cagr(greatest(n, 0), y) OVER w AS cagr,
			   crimestats.trend_growth(greatest(n, 0), y) OVER w AS trend,
			   crimestats.sparkline(n, y) OVER w AS spark,
			   crimestats.series_summary(n, y) OVER w AS s,
			   array_agg(ROW(n, y)::pg_temp.growth_pt) OVER w AS frame
		FROM growth_w
		WINDOW w AS (PARTITION BY g %1$s)
	) x
	CROSS JOIN LATERAL (
		SELECT CASE WHEN count(*) >= 2
					THEN (array_agg(t.tot ORDER BY t.y DESC))[1]
						 / NULLIF((array_agg(t.tot ORDER BY t.y))[1], 0) END AS gf,
			   CASE WHEN count(*) >= 2
					THEN ((array_agg(t.tot ORDER BY t.y DESC))[1] - (array_agg(t.tot ORDER BY t.y))[1])
						 / NULLIF((array_agg(t.tot ORDER BY t.y))[1], 0) * 100 END AS pct
		FROM (SELECT u.y, sum(u.n) AS tot FROM unnest(x.frame) u
			  WHERE u.n IS NOT NULL AND u.y IS NOT NULL GROUP BY u.y) t
	) r
	CROSS JOIN LATERAL (
		SELECT crimestats.cagr(greatest(u.n, 0), u.y) AS cagr,
			   crimestats.trend_growth(greatest(u.n, 0), u.y) AS trend,
			   crimestats.sparkline(u.n, u.y) AS spark,
			   crimestats.series_summary(u.n, u.y) AS s
		FROM unnest(x.frame) u
	) a
	$q$, frame);
END
$$;

SELECT * FROM pg_temp.growth_check('ORDER BY y ROWS BETWEEN 2 PRECEDING AND CURRENT ROW');
SELECT * FROM pg_temp.growth_check('ORDER BY y ROWS BETWEEN 5 PRECEDING AND CURRENT ROW');
SELECT * FROM pg_temp.growth_check('ORDER BY y ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING');
SELECT * FROM pg_temp.growth_check('ORDER BY y ROWS BETWEEN 3 PRECEDING AND 2 PRECEDING');
SELECT * FROM pg_temp.growth_check('ORDER BY y ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING');
SELECT * FROM pg_temp.growth_check('ORDER BY y ROWS BETWEEN 2 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW');
SELECT * FROM pg_temp.growth_check('ORDER BY y RANGE BETWEEN 2 PRECEDING AND CURRENT ROW');
SELECT * FROM pg_temp.growth_check('ORDER BY y RANGE BETWEEN 3 PRECEDING AND 1 PRECEDING');
SELECT * FROM pg_temp.growth_check('ORDER BY y RANGE BETWEEN CURRENT ROW AND 2 FOLLOWING EXCLUDE TIES');
SELECT * FROM pg_temp.growth_check('ORDER BY y GROUPS BETWEEN 2 PRECEDING AND CURRENT ROW');
SELECT * FROM pg_temp.growth_check('ORDER BY y GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP');
SELECT * FROM pg_temp.growth_check('ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW');
SELECT * FROM pg_temp.growth_check('ORDER BY id ROWS BETWEEN 4 PRECEDING AND CURRENT ROW');

-- the rolling five-year growth factor of the SPEC, shown
SELECT g, y, n, crimestats.growth_factor(n, y) OVER w AS growth_factor,
	   crimestats.sparkline(n, y) OVER w AS sparkline,
	   crimestats.series_summary(n, y) OVER w AS summary
FROM growth_w WHERE g IN (1, 2)
WINDOW w AS (PARTITION BY g ORDER BY y, id ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)
ORDER BY g, y, id;

-- rollup as a moving aggregate over stored summaries
CREATE TEMP TABLE growth_ws AS
SELECT g, y, crimestats.series_summary(n, y) AS s FROM growth_w GROUP BY g, y;
INSERT INTO growth_ws VALUES (1, 2013, NULL), (1, 2014, NULL);
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE x.r::text IS DISTINCT FROM
		   (SELECT crimestats.rollup(u)::text FROM unnest(x.frame) u)) AS diffs
FROM (SELECT crimestats.rollup(s) OVER w AS r, array_agg(s) OVER w AS frame
	  FROM growth_ws
	  WINDOW w AS (PARTITION BY g ORDER BY y ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)) x;
SELECT y, crimestats.rollup(s) OVER (ORDER BY y ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
FROM growth_ws WHERE g = 1 AND (y < 2005 OR y IS NULL OR y > 2012) ORDER BY y;

-- date keys with RANGE offsets across leap years
CREATE TEMP TABLE growth_wd AS
SELECT d::date AS d, (extract(month FROM d) * 10 + extract(year FROM d) - 2000)::float8 AS n
FROM generate_series('2015-01-31'::date, '2021-12-31', '5 months') d;
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE x.cagr IS DISTINCT FROM
		   (SELECT crimestats.cagr(u.n, u.d) FROM unnest(x.frame) u)) AS diffs
FROM (SELECT crimestats.cagr(n, d) OVER w AS cagr,
			 array_agg(ROW(n, d)::pg_temp.growth_dpt) OVER w AS frame
	  FROM growth_wd
	  WINDOW w AS (ORDER BY d RANGE BETWEEN '2 years' PRECEDING AND CURRENT ROW)) x;

-- growth_since and year_on_year -------------------------------------------

-- integer at: ties summed, gaps give NULL, a zero earlier total gives NULL,
-- NULL values skipped, NULL at rows get NULL; against a self-join
SELECT g, y, n,
	   crimestats.growth_since(n, y, 1) OVER w AS since_1,
	   crimestats.growth_since(n, y, 2) OVER w AS since_2,
	   (SELECT sum(b.n) FROM growth_w b WHERE b.g = a.g AND b.y = a.y)
	   / NULLIF((SELECT sum(b.n) FROM growth_w b WHERE b.g = a.g AND b.y = a.y - 1), 0) AS check_1
FROM growth_w a WHERE g <= 4
WINDOW w AS (PARTITION BY g ORDER BY y)
ORDER BY g, y, id;
-- every row of the large partitions against the self-join
SELECT count(*) AS rows, count(*) FILTER (WHERE since IS NOT NULL) AS non_null,
	   count(*) FILTER (WHERE since IS DISTINCT FROM check_since) AS diffs
FROM (SELECT crimestats.growth_since(n, y, 3) OVER (PARTITION BY g ORDER BY y) AS since,
			 (SELECT sum(b.n) FROM growth_w b WHERE b.g = a.g AND b.y = a.y)
			 / NULLIF((SELECT sum(b.n) FROM growth_w b WHERE b.g = a.g AND b.y = a.y - 3), 0) AS check_since
	  FROM growth_w a) x;
-- the frame clause does not matter: the function sees the whole partition
SELECT y, crimestats.growth_since(n, y, 1) OVER (ORDER BY y ROWS BETWEEN CURRENT ROW AND CURRENT ROW)
FROM growth_w WHERE g = 4 ORDER BY y;
-- NULLS FIRST puts the NULL at first: still ascending where it matters
SELECT y, n, crimestats.growth_since(n, y, 1) OVER (ORDER BY y NULLS FIRST)
FROM growth_w WHERE g = 1 AND y < 2004 OR (g = 1 AND y IS NULL) ORDER BY y NULLS FIRST, id;
-- a NULL lookback gives NULL
SELECT y, crimestats.growth_since(n, y, NULL) OVER (ORDER BY y) FROM growth_w WHERE g = 4 AND y < 2003 ORDER BY y;

-- dates: month ends, year on year; a month end looked back by whole months
-- stays a month end (2017-02-28 - 1 year = 2016-02-29, 2015-06-30 - 3 months
-- = 2015-03-31), other dates follow PostgreSQL's date - interval
CREATE TEMP TABLE growth_monthly (area text, period_end date, n float8);
INSERT INTO growth_monthly
SELECT a, (m + interval '1 month' - interval '1 day')::date,
	   CASE a WHEN 'X' THEN 100 + extract(month FROM m) + 12 * (extract(year FROM m) - 2015) ELSE 7 END
FROM generate_series('2015-01-01'::date, '2017-12-01', '1 month') m, (VALUES ('X'), ('Y')) v(a);
SELECT area, period_end, n,
	   round(crimestats.year_on_year(n, period_end) OVER w::numeric, 6) AS yoy,
	   round(crimestats.growth_since(n, period_end, '1 year') OVER w::numeric, 6) AS since_1y,
	   round(crimestats.growth_since(n, period_end, '3 months') OVER w::numeric, 6) AS since_3m,
	   round(crimestats.growth_since(n, period_end, '2 years') OVER w::numeric, 6) AS since_2y
FROM growth_monthly
WINDOW w AS (PARTITION BY area ORDER BY period_end)
ORDER BY area, period_end;
-- first-of-month dates: every month after the first year has a match
SELECT count(*) AS rows, count(*) FILTER (WHERE yoy IS NOT NULL) AS with_yoy
FROM (SELECT crimestats.year_on_year(n, date_trunc('month', period_end)::date)
			 OVER (PARTITION BY area ORDER BY date_trunc('month', period_end)) AS yoy
	  FROM growth_monthly) x;
-- days as lookback; leap day 2016-02-29 minus 1 year is 2015-02-28, and
-- the month end 2017-02-28 minus 1 year is the month end 2016-02-29; a
-- lookback with days is plain calendar arithmetic
SELECT d, crimestats.growth_since(n, d, '1 day') OVER w AS since_1d,
	   crimestats.year_on_year(n, d) OVER w AS yoy,
	   crimestats.growth_since(n, d, '1 year 1 day') OVER w AS since_1y1d
FROM (VALUES ('2015-02-27'::date, 1.0::float8), ('2015-02-28', 2.0), ('2016-02-28', 3), ('2016-02-29', 4),
			 ('2016-02-29', 4), ('2017-02-28', 5), ('2017-03-01', 6)) v(d, n)
WINDOW w AS (ORDER BY d) ORDER BY d;

-- errors
\set VERBOSITY sqlstate
SELECT crimestats.growth_since(n, y, 1) OVER (ORDER BY y DESC) FROM growth_w WHERE g = 4;
SELECT crimestats.year_on_year(n, period_end) OVER (ORDER BY n DESC) FROM growth_monthly WHERE area = 'X';
SELECT crimestats.growth_since(n, y, 0) OVER (ORDER BY y) FROM growth_w WHERE g = 4;
SELECT crimestats.growth_since(n, y, -1) OVER (ORDER BY y) FROM growth_w WHERE g = 4;
SELECT crimestats.growth_since(n, period_end, '1 day 1 hour') OVER (ORDER BY period_end) FROM growth_monthly;
SELECT crimestats.growth_since(n, period_end, '-1 year') OVER (ORDER BY period_end) FROM growth_monthly;
SELECT crimestats.growth_since(n, period_end, '0 days') OVER (ORDER BY period_end) FROM growth_monthly;
SELECT crimestats.growth_since(n, y, 1) OVER (ORDER BY y) FROM (VALUES ('NaN'::float8, 1)) v(n, y);
SELECT crimestats.year_on_year(n, d) OVER (ORDER BY d) FROM (VALUES (1.0::float8, 'infinity'::date)) v(n, d);
SELECT crimestats.growth_since(n, y, 1) OVER (ORDER BY y) FROM (VALUES (1.7e308::float8, 1), (1.7e308, 1)) v(n, y);
SELECT crimestats.growth_since(n, y, 1) OVER (ORDER BY y) FROM (VALUES (1e-300::float8, 1), (1e300, 2)) v(n, y);
\set VERBOSITY default
SELECT crimestats.growth_since(n, y, 1) OVER (ORDER BY y DESC) FROM growth_w WHERE g = 4;
SELECT crimestats.growth_since(n, y, 0) OVER (ORDER BY y) FROM growth_w WHERE g = 4;
SELECT crimestats.growth_since(n, period_end, '1 day 1 hour') OVER (ORDER BY period_end) FROM growth_monthly;
SELECT crimestats.growth_since(n, period_end, '-1 year') OVER (ORDER BY period_end) FROM growth_monthly;
-- the growth aggregates over a window share one transition function; the
-- window node lists its aggregates, so errors name the aggregate called
-- (growing frame: transition function; moving frame: moving-aggregate
-- functions), every candidate when two share the window, and only the
-- window's own when two windows run
SELECT crimestats.growth_factor(n, y) OVER (ORDER BY y) FROM (VALUES (1.0::float8, 1), ('NaN', 2)) v(n, y);
SELECT crimestats.cagr(n, y) OVER (ORDER BY y ROWS 1 PRECEDING)
FROM (VALUES (1.7e308::float8, 1), (1.7e308, 1)) v(n, y);
SELECT crimestats.pct_change(n, d) OVER (ORDER BY d)
FROM (VALUES (1.0::float8, 2018), ('Infinity', 2019)) v(n, d);
SELECT crimestats.trend_growth(n, d) OVER (ORDER BY d ROWS 1 PRECEDING)
FROM (VALUES (1.0::float8, 2018), ('-Infinity', 2019)) v(n, d);
SELECT crimestats.sparkline(n, d) OVER (ORDER BY d)
FROM (VALUES (1.0::float8, date '2018-01-01'), ('NaN', '2019-01-01')) v(n, d);
SELECT crimestats.growth_factor(n, d) OVER w, crimestats.cagr(n, d) OVER w
FROM (VALUES (1.0::float8, 2018), ('Infinity', 2019)) v(n, d)
WINDOW w AS (ORDER BY d);
SELECT crimestats.growth_factor(n, d) OVER (ORDER BY d),
       crimestats.cagr(n, d) OVER (ORDER BY d DESC)
FROM (VALUES (1.0::float8, 2018), ('Infinity', 2019)) v(n, d);
SELECT crimestats.series_summary(n, d) OVER (ORDER BY d)
FROM (VALUES (1.0::float8, 2018), ('Infinity', 2019)) v(n, d);
