-- Multi-year growth under parallel query: partial states built by the
-- workers combine to exactly the serial result.
SET extra_float_digits = 0;
CREATE TABLE growth_par AS
SELECT i % 5 AS area, 2000 + (i % 17) AS year,
	   (date '2000-01-31' + (i % 17) * 365) AS d,
	   ((i * 7919) % 97)::float8 AS n
FROM generate_series(1, 200000) i;
ANALYZE growth_par;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE growth_serial AS
SELECT area, crimestats.growth_factor(n, year) AS gf, crimestats.pct_change(n, year) AS pct,
	   crimestats.cagr(n, d) AS cagr, crimestats.trend_growth(n, year) AS trend,
	   crimestats.sparkline(n, d) AS spark, crimestats.series_summary(n, year)::text AS s
FROM growth_par GROUP BY area;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT area, crimestats.growth_factor(n, year) FROM growth_par GROUP BY area;
EXPLAIN (COSTS OFF)
SELECT crimestats.series_summary(n, d) FROM growth_par;
-- force_parallel_mode (15) is debug_parallel_query from PostgreSQL 16 on
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
SET :parallel_guc = regress;
SELECT count(*) AS groups,
	   bool_and(p.gf = s.gf AND p.pct = s.pct AND p.cagr = s.cagr AND p.trend = s.trend
				AND p.spark = s.spark AND p.s = s.s) AS parallel_equals_serial
FROM (SELECT area, crimestats.growth_factor(n, year) AS gf, crimestats.pct_change(n, year) AS pct,
			 crimestats.cagr(n, d) AS cagr, crimestats.trend_growth(n, year) AS trend,
			 crimestats.sparkline(n, d) AS spark, crimestats.series_summary(n, year)::text AS s
	  FROM growth_par GROUP BY area) AS p
JOIN growth_serial AS s USING (area);
SELECT crimestats.series_summary(n, year), crimestats.sparkline(n, year) FROM growth_par;
-- two-step in parallel: summaries per area rolled up equal the whole
SELECT crimestats.rollup(s)::text = (SELECT crimestats.series_summary(n, year)::text FROM growth_par) AS rollup_equals
FROM (SELECT crimestats.series_summary(n, year) AS s FROM growth_par GROUP BY area) x;
RESET :parallel_guc;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE growth_par;

-- Errors name the aggregate called also where every growth aggregate
-- shares its support function: in the combine step of partitionwise and
-- parallel plans.  One 1e308 at 2013 in each partition: the two totals
-- meet only when the partial states are combined.
CREATE TABLE growth_parts (part int, n float8, y int, d date) PARTITION BY LIST (part);
CREATE TABLE growth_parts_1 PARTITION OF growth_parts FOR VALUES IN (1);
CREATE TABLE growth_parts_2 PARTITION OF growth_parts FOR VALUES IN (2);
INSERT INTO growth_parts
SELECT 1 + i % 2, 1, 2000 + i % 10, date '2000-03-31' + (i % 10) * 365
FROM generate_series(1, 20000) AS i;
INSERT INTO growth_parts VALUES (1, 1e308, 2013, '2013-03-31'), (2, 1e308, 2013, '2013-03-31');
ANALYZE growth_parts;
SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT crimestats.growth_factor(n, y) FROM growth_parts;
\set VERBOSITY sqlstate
SELECT crimestats.growth_factor(n, y) FROM growth_parts;
\set VERBOSITY default
SELECT crimestats.growth_factor(n, y) FROM growth_parts;
SELECT crimestats.pct_change(n, d) FROM growth_parts;
SELECT crimestats.cagr(n, d) FROM growth_parts;
SELECT crimestats.trend_growth(n, y) FROM growth_parts;
SELECT crimestats.sparkline(n, y) FROM growth_parts;
SELECT crimestats.series_summary(n, y) FROM growth_parts;
-- rollup's own transition is the combine function: it names rollup
SELECT crimestats.rollup(s)
FROM (SELECT part, crimestats.series_summary(n, y) AS s FROM growth_parts GROUP BY part) AS per_part;
-- in parallel: each partition's partial state is built in a worker, the
-- states are combined in the leader
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT crimestats.trend_growth(n, d) FROM growth_parts;
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
			THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
SET :parallel_guc = regress;
SELECT crimestats.growth_factor(n, y) FROM growth_parts;
SELECT crimestats.trend_growth(n, d) FROM growth_parts;
-- and a bad row in the ordinary transition, in a worker
SELECT crimestats.cagr(CASE WHEN part = 2 AND n > 1 THEN 'NaN' ELSE n END, y) FROM growth_parts;
RESET :parallel_guc;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
RESET enable_partitionwise_aggregate;
DROP TABLE growth_parts;
