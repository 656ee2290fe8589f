-- Benchmark: the growth aggregates as a rolling window and grouped, against
-- the built-in equivalents over the same rows, in the same session.
--   psql -v rows=10000000 -f bench/growth.sql     (bench/growth.sh runs it)
-- Times are the best of three runs, serial plans.  Each timed query ends in
-- an aggregate of the measured column that is returned to the timer: a
-- column nobody reads would be dropped by the planner (a subquery's unused
-- outputs are replaced by NULL), and nothing would be measured.
--
-- 1. rolling five-year growth factor
--      crimestats.growth_factor(n, year) OVER w
--    against the plain-SQL
--      n / first_value(n) OVER w
--    with w = (PARTITION BY area ORDER BY year ROWS BETWEEN 5 PRECEDING AND
--    CURRENT ROW), at :rows and :rows / 4 rows: the moving aggregate must
--    stay within 1.5x of the plain window and scale linearly (time per
--    million rows the same at both sizes).
-- 2. trend_growth(n, year) GROUP BY area against the log-linear least
--    squares regr_slope(ln(n), year) over the same rows (target: 2x).
\set ON_ERROR_STOP on
\if :{?rows}
\else
\set rows 10000000
\endif
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS crimestats CASCADE;

CREATE OR REPLACE FUNCTION pg_temp.growth_bench_ms(query text, reps int DEFAULT 3)
RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	best numeric;
	t0 timestamptz;
	result float8;
BEGIN
	FOR i IN 1 .. reps LOOP
		t0 := clock_timestamp();
		EXECUTE query INTO result;
		best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
	END LOOP;
	RETURN round(best, 1);
END
$$;

-- 50 years per area, counts that grow with noise; one row per area and year
DROP TABLE IF EXISTS bench_growth, bench_growth_quarter;
CREATE TABLE bench_growth AS
SELECT a AS area, 1970 + y AS year,
	   (100 + a % 50 + y * (a % 7) + (a * 31 + y * 17) % 23)::float8 AS n
FROM generate_series(1, greatest(:rows / 50, 1)) a, generate_series(0, 49) y;
CREATE TABLE bench_growth_quarter AS
SELECT * FROM bench_growth WHERE area <= greatest(:rows / 200, 1);
VACUUM ANALYZE bench_growth;
VACUUM ANALYZE bench_growth_quarter;

CREATE TEMP TABLE growth_results (id serial, name text, rows bigint, ms numeric,
								  baseline text, baseline_ms numeric);

INSERT INTO growth_results (name, rows, ms, baseline, baseline_ms)
SELECT 'rolling growth_factor, 6-row frame', (SELECT count(*) FROM bench_growth),
	   pg_temp.growth_bench_ms($q$SELECT sum(g) FROM (SELECT crimestats.growth_factor(n, year)
			OVER (PARTITION BY area ORDER BY year ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) AS g
			FROM bench_growth) s$q$),
	   'n / first_value(n) OVER (same frame)',
	   pg_temp.growth_bench_ms($q$SELECT sum(g) FROM (SELECT n / first_value(n)
			OVER (PARTITION BY area ORDER BY year ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) AS g
			FROM bench_growth) s$q$);

INSERT INTO growth_results (name, rows, ms, baseline, baseline_ms)
SELECT 'rolling growth_factor, 6-row frame', (SELECT count(*) FROM bench_growth_quarter),
	   pg_temp.growth_bench_ms($q$SELECT sum(g) FROM (SELECT crimestats.growth_factor(n, year)
			OVER (PARTITION BY area ORDER BY year ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) AS g
			FROM bench_growth_quarter) s$q$),
	   'n / first_value(n) OVER (same frame)',
	   pg_temp.growth_bench_ms($q$SELECT sum(g) FROM (SELECT n / first_value(n)
			OVER (PARTITION BY area ORDER BY year ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) AS g
			FROM bench_growth_quarter) s$q$);

INSERT INTO growth_results (name, rows, ms, baseline, baseline_ms)
SELECT 'trend_growth(n, year) by area', (SELECT count(*) FROM bench_growth),
	   pg_temp.growth_bench_ms($q$SELECT sum(t) FROM (SELECT area, crimestats.trend_growth(n, year) AS t FROM bench_growth GROUP BY area) s$q$),
	   'regr_slope(ln(n), year) by area',
	   pg_temp.growth_bench_ms($q$SELECT sum(t) FROM (SELECT area, regr_slope(ln(n), year) AS t FROM bench_growth GROUP BY area) s$q$);

INSERT INTO growth_results (name, rows, ms, baseline, baseline_ms)
SELECT 'growth_factor(n, year), one group', (SELECT count(*) FROM bench_growth),
	   pg_temp.growth_bench_ms($q$SELECT crimestats.growth_factor(n, year) FROM bench_growth$q$),
	   'sum(n)',
	   pg_temp.growth_bench_ms($q$SELECT sum(n) FROM bench_growth$q$);

\pset footer off
SELECT name, rows, ms, round(ms * 1e6 / rows, 1) AS ms_per_million_rows,
	   baseline, baseline_ms, round(ms / NULLIF(baseline_ms, 0), 2) AS ratio
FROM growth_results ORDER BY id;

-- linearity: time per row at full size over time per row at a quarter
SELECT round((f.ms / f.rows) / NULLIF(q.ms / q.rows, 0), 2) AS rolling_per_row_full_over_quarter,
	   round((f.baseline_ms / f.rows) / NULLIF(q.baseline_ms / q.rows, 0), 2) AS plain_per_row_full_over_quarter
FROM growth_results f, growth_results q WHERE f.id = 1 AND q.id = 2;

DROP TABLE bench_growth, bench_growth_quarter;
