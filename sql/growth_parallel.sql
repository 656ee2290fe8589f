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
