-- Benchmark: per_day_rate against built-in sum() and plain SQL, and as a
-- rolling window against sum() OVER the same frame.
--   psql -v rows=10000000 -f bench/rates.sql
-- Each comparison runs in the same session on the same table, the two
-- queries in alternation; times are the best of five runs (two for the
-- slow plain-SQL baseline), serial plans (parallel query would only divide
-- both sides by the same worker count).
\set ON_ERROR_STOP on
\if :{?rows}
\else
\set rows 10000000
\endif
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SET jit = off;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS crimestats CASCADE;
\i bench/common.sql

-- daily counts: area x offence code x day, in date order as loaded
DROP TABLE IF EXISTS bench_daily, bench_daily_shuffled, bench_monthly, bench_monthly_half;
CREATE TABLE bench_daily AS
  SELECT a AS area, c AS code, daterange(d, d + 1) AS period, ((a * 7 + c * 3 + (d - date '2000-01-01')) % 13)::bigint AS n
  FROM generate_series(0, (:rows / 4 / 250) - 1) AS k,
       LATERAL (SELECT date '2000-01-01' + k AS d) AS dd,
       generate_series(1, 250) AS a, generate_series(1, 4) AS c;
CREATE TABLE bench_daily_shuffled AS SELECT * FROM bench_daily ORDER BY random();
VACUUM ANALYZE bench_daily;
VACUUM ANALYZE bench_daily_shuffled;

-- warm up: both tables in shared buffers before anything is timed
SELECT count(*) FROM bench_daily \g /dev/null
SELECT count(*) FROM bench_daily_shuffled \g /dev/null

CREATE TEMP TABLE results (id serial, name text, ms numeric, baseline text, baseline_ms numeric);
INSERT INTO results (name, ms, baseline, baseline_ms)
SELECT 'per_day_rate by area, date order', p.a_ms, 'sum(n)', p.b_ms
FROM pg_temp.bench_pair('SELECT area, crimestats.per_day_rate(n, period) FROM bench_daily GROUP BY area',
       'SELECT area, sum(n) FROM bench_daily GROUP BY area', 5) AS p;
INSERT INTO results (name, ms, baseline, baseline_ms)
SELECT 'per_day_rate by area, shuffled', p.a_ms, 'sum(n)', p.b_ms
FROM pg_temp.bench_pair('SELECT area, crimestats.per_day_rate(n, period) FROM bench_daily_shuffled GROUP BY area',
       'SELECT area, sum(n) FROM bench_daily_shuffled GROUP BY area', 5) AS p;
INSERT INTO results (name, ms, baseline, baseline_ms)
SELECT 'per_day_rate by area, date order', p.a_ms, 'plain SQL (range_agg)', p.b_ms
FROM pg_temp.bench_pair('SELECT area, crimestats.per_day_rate(n, period) FROM bench_daily GROUP BY area',
       'SELECT area, sum(n)::float8 / (SELECT sum(upper(r) - lower(r)) FROM unnest(range_agg(period)) AS r) FROM bench_daily GROUP BY area', 2) AS p;
INSERT INTO results (name, ms, baseline, baseline_ms)
SELECT 'per_day_rate by area, shuffled', p.a_ms, 'plain SQL (range_agg)', p.b_ms
FROM pg_temp.bench_pair('SELECT area, crimestats.per_day_rate(n, period) FROM bench_daily_shuffled GROUP BY area',
       'SELECT area, sum(n)::float8 / (SELECT sum(upper(r) - lower(r)) FROM unnest(range_agg(period)) AS r) FROM bench_daily_shuffled GROUP BY area', 2) AS p;

-- monthly rows: area x offence code x month; rolling 12 months
CREATE TABLE bench_monthly AS
  SELECT a AS area, c AS code, daterange(m, (m + interval '1 month')::date) AS period,
         ((a * 7 + c * 3 + k) % 13)::bigint AS n, k
  FROM generate_series(0, 239) AS k,
       LATERAL (SELECT (date '2000-01-01' + k * interval '1 month')::date AS m) AS mm,
       generate_series(1, (:rows / 5 / 240 / 4)) AS a, generate_series(1, 4) AS c;
CREATE TABLE bench_monthly_half AS SELECT * FROM bench_monthly WHERE area % 2 = 0;
VACUUM ANALYZE bench_monthly;
VACUUM ANALYZE bench_monthly_half;
-- sorts in memory at both sizes, so that the comparison is of the windows
SET work_mem = '2GB';
INSERT INTO results (name, ms, baseline, baseline_ms)
SELECT format('rolling 12 months, %s rows', (SELECT count(*) FROM bench_monthly_half)), p.a_ms, 'sum(n) OVER', p.b_ms
FROM pg_temp.bench_pair('SELECT crimestats.per_day_rate(n, period) OVER (PARTITION BY area, code ORDER BY k ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) FROM bench_monthly_half',
       'SELECT sum(n) OVER (PARTITION BY area, code ORDER BY k ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) FROM bench_monthly_half', 5) AS p;
INSERT INTO results (name, ms, baseline, baseline_ms)
SELECT format('rolling 12 months, %s rows', (SELECT count(*) FROM bench_monthly)), p.a_ms, 'sum(n) OVER', p.b_ms
FROM pg_temp.bench_pair('SELECT crimestats.per_day_rate(n, period) OVER (PARTITION BY area, code ORDER BY k ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) FROM bench_monthly',
       'SELECT sum(n) OVER (PARTITION BY area, code ORDER BY k ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) FROM bench_monthly', 5) AS p;

\echo
\echo per_day_rate benchmark (:rows daily rows)
SELECT id, name, ms, baseline, baseline_ms, round(ms / baseline_ms, 2) AS ratio FROM results ORDER BY id;
-- linearity: the larger window run has twice the rows of the smaller
SELECT round((SELECT ms FROM results WHERE id = 6) / (SELECT ms FROM results WHERE id = 5), 2)
       AS window_time_ratio_for_double_rows;
DROP TABLE bench_daily, bench_daily_shuffled, bench_monthly, bench_monthly_half;
