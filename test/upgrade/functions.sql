-- tests/upgrade.sh, part 2 of the exercise: calls every function and
-- aggregate crimestats 1.0 has (each overload, in each way it can be used:
-- one-step, two-step with rollup, as a window aggregate, in parallel) and
-- reads every view, over the data test/upgrade/load.sql loaded.  Read-only.
-- Run with psql -X -q -At -v ON_ERROR_STOP=1 and extra_float_digits=3 in a
-- database at 1.0 on the current library, in a fresh install of the
-- current version, and in the first database again after ALTER EXTENSION
-- UPDATE: the three outputs must be equal.
--
-- Only valid calls: error messages may improve from one version to the
-- next, results may not change.  Views are read through the columns 1.0
-- has, so that later versions may add columns.  tests/upgrade.sh checks
-- that every 1.0 function is named here (support functions of aggregates
-- and types excepted; helpers are covered through the functions that call
-- them).
SET datestyle = 'ISO, YMD';
SET intervalstyle = postgres;
SET timezone = 'UTC';

-- Rows of recorded_offence with a count of zero or more (one-step
-- aggregates refuse a negative total, which the Home Office adjustments
-- can give a small group).
CREATE TEMP VIEW ro AS
SELECT r.area_code, r.offence_code, o.offence_subgroup, r.period, r.offences,
	   (upper(r.period) - 1) AS last_day,
	   extract(year FROM lower(r.period))::integer AS year
FROM crimestats.recorded_offence r JOIN crimestats.offence o ON o.code = r.offence_code
WHERE r.offences >= 0;

-- Outcomes: charged/summonsed out of all assigned outcomes
CREATE TEMP VIEW oo AS
SELECT o.area_code, o.offence_code, o.period, o.offences,
	   CASE WHEN t.outcome_group = 'Charged/Summonsed' THEN o.offences ELSE 0 END AS charged,
	   t.outcome_group = 'Charged/Summonsed' AS is_charged
FROM crimestats.offence_outcome o JOIN crimestats.outcome_type t ON t.code = o.outcome_code
WHERE o.outcome_code <> 0 AND o.offences >= 0;

------------------------------------------------------------------------------
\echo -- rates: scalar functions
SELECT crimestats.days_in('[2018-01-01,2018-03-01)'),
	   crimestats.days_in('[2016-02-01,2016-03-01]'),
	   crimestats.per_day(1821, '[2017-10-01,2018-10-01)'),
	   crimestats.per_day(0.5, '[2018-01-01,2018-01-02)'),
	   crimestats.rate_per(1821, 352005),
	   crimestats.rate_per(5, 200, 100),
	   crimestats.rate_per(5, 0);
SELECT c, crimestats.poisson_ci(c), crimestats.poisson_ci(c, 0.998)
FROM unnest(ARRAY[0, 1, 9, 10, 1821, 1000000000]::bigint[]) AS c ORDER BY c;

\echo -- rates: one-step aggregates
SELECT area_code,
	   crimestats.per_day_rate(offences, period),
	   crimestats.per_day_rate_ci(offences, period, 0.95),
	   crimestats.per_day_rate_ci(offences, period, 0.5)
FROM ro GROUP BY area_code HAVING sum(offences) >= 0 ORDER BY area_code COLLATE "C";
-- overlapping periods count each day once, whatever the order
SELECT crimestats.per_day_rate(n, p), crimestats.per_day_rate_ci(n, p, 0.9)
FROM (VALUES (3::bigint, daterange('2018-01-01', '2018-02-01')), (4, daterange('2018-01-15', '2018-03-01')),
			 (5, daterange('2017-12-01', '2017-12-02'))) AS v(n, p);
-- no rows, NULL rows
SELECT crimestats.per_day_rate(n, p), crimestats.per_day_rate_ci(n, p, 0.95)
FROM (VALUES (NULL::bigint, daterange('2018-01-01', '2018-02-01'))) AS v(n, p);
SELECT crimestats.per_day_rate(offences, period) FROM ro WHERE false;

\echo -- rates: two-step (rate_summary, rollup, accessors)
WITH s AS (
	SELECT area_code, offence_code, crimestats.rate_summary(offences, period) AS s
	FROM ro GROUP BY area_code, offence_code HAVING sum(offences) >= 0
)
SELECT area_code, crimestats.rollup(s),
	   crimestats.cases(crimestats.rollup(s)), crimestats.days(crimestats.rollup(s)),
	   crimestats.per_day(crimestats.rollup(s)),
	   crimestats.per_day_ci(crimestats.rollup(s)),
	   crimestats.per_day_ci(crimestats.rollup(s), 0.8)
FROM s GROUP BY area_code ORDER BY area_code COLLATE "C";
-- scattered days (the aggregate's bitmap form), rolled up from halves
WITH d AS (SELECT (date '2018-01-01' + (i * 37) % 400) AS d, i::bigint AS n FROM generate_series(1, 300) AS i),
	 h AS (SELECT n % 2 AS half, crimestats.rate_summary(n, daterange(d, d + 1)) AS s FROM d GROUP BY n % 2)
SELECT crimestats.rollup(s), crimestats.per_day(crimestats.rollup(s)),
	   (SELECT crimestats.per_day_rate(n, daterange(d, d + 1)) FROM d)
FROM h;
-- summaries read from their text form
SELECT s, crimestats.cases(s), crimestats.days(s), crimestats.per_day(s), crimestats.per_day_ci(s, 0.95)
FROM (VALUES ('{"cases":1821,"days":[["2017-10-01","2018-10-01")]}'::crimestats.rate_summary),
			 ('{"cases":3,"days":[["2018-01-01","2018-01-02")],"confidence":0.9}'),
			 ('{"cases":7,"days":[["2018-01-01","2018-01-03"),["2018-02-01","2018-02-04")]}')) AS v(s);

\echo -- rates: window aggregates (sliding frames, moving-aggregate support)
SELECT offence_code, period,
	   crimestats.per_day_rate(offences, period) OVER w,
	   crimestats.per_day_rate_ci(offences, period, 0.95) OVER w,
	   crimestats.rate_summary(offences, period) OVER w,
	   crimestats.rollup(s) OVER w,
	   crimestats.per_day_rate(offences, period) OVER (PARTITION BY offence_code ORDER BY lower(period)
													  RANGE BETWEEN interval '2 months' PRECEDING AND CURRENT ROW)
FROM (SELECT ro.*, crimestats.rate_summary(offences, period) OVER (PARTITION BY offence_code, period) AS s
	  FROM ro WHERE area_code = 'E22000210') AS t
WINDOW w AS (PARTITION BY offence_code ORDER BY period ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
ORDER BY offence_code COLLATE "C", period;

------------------------------------------------------------------------------
\echo -- growth: one-step aggregates, at date and at integer
SELECT area_code, offence_subgroup,
	   crimestats.growth_factor(offences::float8, last_day), crimestats.growth_factor(offences::float8, year),
	   crimestats.pct_change(offences::float8, last_day), crimestats.pct_change(offences::float8, year),
	   crimestats.cagr(offences::float8, last_day), crimestats.cagr(offences::float8, year),
	   crimestats.trend_growth(offences::float8, last_day), crimestats.trend_growth(offences::float8, year),
	   crimestats.sparkline(offences::float8, last_day), crimestats.sparkline(offences::float8, year)
FROM ro GROUP BY area_code, offence_subgroup
ORDER BY area_code COLLATE "C", offence_subgroup COLLATE "C";
SELECT crimestats.growth_factor(v, y), crimestats.pct_change(v, y), crimestats.cagr(v, y),
	   crimestats.trend_growth(v, y), crimestats.sparkline(v, y)
FROM (VALUES (850.0::float8, 2013), (900.5, 2014), (1821, 2018), (0.25, 2016), (NULL, 2019), (1, NULL)) AS t(v, y);
SELECT crimestats.growth_factor(v, y), crimestats.trend_growth(v, y), crimestats.sparkline(v, y)
FROM (VALUES (0::float8, 2013), (0, 2014)) AS t(v, y);

\echo -- growth: two-step (series_summary, rollup, accessors)
WITH s AS (
	SELECT area_code, offence_subgroup, offence_code,
		   crimestats.series_summary(offences::float8, last_day) AS sd,
		   crimestats.series_summary(offences::float8, year) AS sy
	FROM ro GROUP BY area_code, offence_subgroup, offence_code
)
SELECT area_code, offence_subgroup,
	   crimestats.rollup(sd), crimestats.rollup(sy),
	   crimestats.growth_factor(crimestats.rollup(sd)), crimestats.pct_change(crimestats.rollup(sd)),
	   crimestats.cagr(crimestats.rollup(sd)), crimestats.trend_growth(crimestats.rollup(sd)),
	   crimestats.sparkline(crimestats.rollup(sd)),
	   crimestats.first_total(crimestats.rollup(sd)), crimestats.last_total(crimestats.rollup(sd)),
	   crimestats.n_points(crimestats.rollup(sd)),
	   crimestats.growth_factor(crimestats.rollup(sy)), crimestats.cagr(crimestats.rollup(sy)),
	   crimestats.trend_growth(crimestats.rollup(sy)), crimestats.n_points(crimestats.rollup(sy))
FROM s GROUP BY area_code, offence_subgroup
ORDER BY area_code COLLATE "C", offence_subgroup COLLATE "C";
SELECT s, crimestats.growth_factor(s), crimestats.pct_change(s), crimestats.cagr(s), crimestats.trend_growth(s),
	   crimestats.sparkline(s), crimestats.first_total(s), crimestats.last_total(s), crimestats.n_points(s)
FROM (VALUES ('{"at":"year","totals":[[2013,850,12],[2018,1821,12]]}'::crimestats.series_summary),
			 ('{"at":"date","totals":[["2013-09-30",850,1],["2018-09-30",1821,1]]}'),
			 ('{"at":"year","totals":[[2018,5,1]]}')) AS v(s);

\echo -- growth: window aggregates and the window functions
SELECT offence_code, period,
	   crimestats.growth_factor(offences::float8, last_day) OVER w5,
	   crimestats.pct_change(offences::float8, last_day) OVER w5,
	   crimestats.cagr(offences::float8, last_day) OVER w5,
	   crimestats.trend_growth(offences::float8, last_day) OVER w5,
	   crimestats.sparkline(offences::float8, last_day) OVER w5,
	   crimestats.series_summary(offences::float8, last_day) OVER w5,
	   crimestats.rollup(s) OVER w5,
	   crimestats.growth_since(offences::float8, last_day, interval '1 year') OVER w,
	   crimestats.growth_since(offences::float8, last_day, interval '3 months') OVER w,
	   crimestats.year_on_year(offences::float8, last_day) OVER w
FROM (SELECT ro.*, crimestats.series_summary(offences::float8, last_day) OVER (PARTITION BY offence_code, period) AS s
	  FROM ro WHERE area_code = 'E22000210') AS t
WINDOW w AS (PARTITION BY offence_code ORDER BY last_day),
	   w5 AS (PARTITION BY offence_code ORDER BY last_day ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)
ORDER BY offence_code COLLATE "C", period;
WITH y AS (
	SELECT area_code, year, sum(offences)::float8 AS n FROM ro
	WHERE area_code IN ('E22000210', 'E23000001') GROUP BY area_code, year
)
SELECT area_code, year, n,
	   crimestats.growth_factor(n, year) OVER w3, crimestats.pct_change(n, year) OVER w3,
	   crimestats.cagr(n, year) OVER w3, crimestats.trend_growth(n, year) OVER w3,
	   crimestats.sparkline(n, year) OVER w3, crimestats.series_summary(n, year) OVER w3,
	   crimestats.growth_since(n, year, 1) OVER w, crimestats.growth_since(n, year, 2) OVER w
FROM y
WINDOW w AS (PARTITION BY area_code ORDER BY year),
	   w3 AS (PARTITION BY area_code ORDER BY year ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
ORDER BY area_code COLLATE "C", year;

------------------------------------------------------------------------------
\echo -- outcomes: scalar
SELECT h, t, crimestats.wilson_ci(h, t), crimestats.wilson_ci(h, t, 0.998)
FROM (VALUES (0::bigint, 0::bigint), (0, 10), (2250, 45000), (10, 10), (1, 1000000000)) AS v(h, t) ORDER BY t, h;

\echo -- outcomes: one-step aggregates (hits and total, booleans)
SELECT area_code,
	   crimestats.outcome_ratio(charged, offences),
	   crimestats.outcome_ratio_ci(charged, offences, 0.95),
	   crimestats.outcome_ratio_ci(charged, offences, 0.9)
FROM oo GROUP BY area_code ORDER BY area_code COLLATE "C";
SELECT c.falls_within,
	   crimestats.outcome_ratio(oc.charged),
	   crimestats.outcome_ratio_ci(oc.charged, 0.95),
	   crimestats.outcome_ratio(c.last_outcome_category IS NOT NULL),
	   crimestats.outcome_ratio_ci(c.last_outcome_category IS NOT NULL, 0.8)
FROM crimestats.crime c LEFT JOIN crimestats.police_uk_outcome_category oc ON oc.name = c.last_outcome_category
GROUP BY c.falls_within ORDER BY c.falls_within COLLATE "C";
SELECT crimestats.outcome_ratio(b), crimestats.outcome_ratio_ci(b, 0.95)
FROM (VALUES (true), (false), (false), (NULL::boolean)) AS v(b);
SELECT crimestats.outcome_ratio(b), crimestats.outcome_ratio_ci(b, 0.95)
FROM (VALUES (NULL::boolean)) AS v(b);

\echo -- outcomes: two-step (ratio_summary, rollup, accessors)
WITH s AS (
	SELECT area_code, offence_code, crimestats.ratio_summary(charged, offences) AS s,
		   crimestats.ratio_summary(is_charged) AS b
	FROM oo GROUP BY area_code, offence_code
)
SELECT area_code, crimestats.rollup(s), crimestats.rollup(b),
	   crimestats.ratio(crimestats.rollup(s)), crimestats.ratio_ci(crimestats.rollup(s), 0.95),
	   crimestats.ratio_ci(crimestats.rollup(s), 0.9),
	   crimestats.hits(crimestats.rollup(s)), crimestats.total(crimestats.rollup(s)),
	   crimestats.ratio(crimestats.rollup(b)), crimestats.hits(crimestats.rollup(b)), crimestats.total(crimestats.rollup(b))
FROM s GROUP BY area_code ORDER BY area_code COLLATE "C";
SELECT s, crimestats.ratio(s), crimestats.ratio_ci(s, 0.95), crimestats.hits(s), crimestats.total(s)
FROM (VALUES ('{"hits":2250,"total":45000}'::crimestats.ratio_summary),
			 ('{"hits":2,"total":7,"confidence":0.8}'),
			 ('{"hits":0,"total":0}')) AS v(s);

\echo -- outcomes: window aggregates
SELECT offence_code, period, is_charged, offences,
	   crimestats.outcome_ratio(charged, offences) OVER w,
	   crimestats.outcome_ratio_ci(charged, offences, 0.95) OVER w,
	   crimestats.outcome_ratio(is_charged) OVER w,
	   crimestats.outcome_ratio_ci(is_charged, 0.95) OVER w,
	   crimestats.ratio_summary(charged, offences) OVER w,
	   crimestats.ratio_summary(is_charged) OVER w,
	   crimestats.rollup(s) OVER w
FROM (SELECT oo.*, crimestats.ratio_summary(charged, offences) OVER (PARTITION BY offence_code, period, is_charged) AS s
	  FROM oo WHERE area_code = 'E23000001') AS t
WINDOW w AS (PARTITION BY offence_code ORDER BY period, is_charged, offences
			 ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)
ORDER BY offence_code COLLATE "C", period, is_charged, offences;

------------------------------------------------------------------------------
\echo -- every family in parallel (partial aggregates merged by the combine functions)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT crimestats.rate_summary(offences, period), crimestats.per_day_rate(offences, period),
	   crimestats.per_day_rate_ci(offences, period, 0.95),
	   crimestats.series_summary(offences::float8, upper(period) - 1),
	   crimestats.growth_factor(offences::float8, upper(period) - 1),
	   crimestats.trend_growth(offences::float8, extract(year FROM lower(period))::integer),
	   crimestats.ratio_summary(offences > 100), crimestats.outcome_ratio_ci(offences > 100, 0.95),
	   crimestats.ratio_summary(least(offences, 100), offences),
	   crimestats.outcome_ratio_ci(least(offences, 100), offences, 0.95)
FROM crimestats.recorded_offence WHERE offences >= 0;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

------------------------------------------------------------------------------
\echo -- import helpers
SELECT v, crimestats.ho_count(v) FROM unnest(ARRAY[' 3501 ', '-45 ', '-00', 'x', 'N/A - Offence code expired', '1.5']) AS v
ORDER BY v COLLATE "C";
SELECT y, q, crimestats.ho_quarter(y, q)
FROM (VALUES ('2017/18', '1'), ('2017_18', 'Q4'), ('2017-18', '4'), ('2017/19', '1'), ('2017/18', '5')) AS v(y, q)
ORDER BY y COLLATE "C", q COLLATE "C";
SELECT l, crimestats.csv_fields(l)
FROM unnest(ARRAY['a,b,,"c,d","e""f"', '"broken', '']) AS l ORDER BY l COLLATE "C";
SELECT v, crimestats.try_float8(v) FROM unnest(ARRAY['-0.113256', '51.5', 'abc', '1e400', '']) AS v ORDER BY v COLLATE "C";
SELECT n, crimestats.resolve_area(n, '{police_force_area}')
FROM unnest(ARRAY['Metropolitan Police', ' metropolitan police service ', 'Devon and Cornwall', 'Atlantis']) AS n
ORDER BY n COLLATE "C";
SELECT count(*), md5(string_agg(name_key || '=' || code, ',' ORDER BY name_key COLLATE "C"))
FROM crimestats.area_names('{police_force_area,community_safety_partnership}');

------------------------------------------------------------------------------
\echo -- views (the columns 1.0 has)
\ir views.sql
