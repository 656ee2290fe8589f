--
-- The window forms proportion_significance(hits, total) OVER (...) and
-- rate_significance(cases, exposure) OVER (...): each row against its
-- partition's own average, checked against the scalar forms given that
-- average computed by hand, under every kind of frame, with NULLs, and
-- under parallel plans.
--
SET extra_float_digits = 0;

CREATE TEMP TABLE sig_w (id serial, g int, hits float8, total float8, cases bigint, exposure float8);
-- 1: a small partition with NULLs in either argument
-- 2: weighted (non-integer) counts; dyadic fractions, so that sums are
--    exact in any order and the average by hand is the same double
-- 3: every row NULL
-- 4: one row
INSERT INTO sig_w (g, hits, total, cases, exposure) VALUES
	(1, 10, 100, 10, 1000), (1, 30, 100, 30, 1000), (1, 50, 100, 50, 1000),
	(1, 20, 100, 20, 1000), (1, NULL, 100, NULL, 1000), (1, 5, NULL, 5, NULL),
	(1, 0, 40, 0, 400), (1, 40, 40, 40, 400),
	(2, 2.5, 10.25, 3, 10.5), (2, 0.75, 12, 1, 12.25), (2, 7.5, 8, 7, 8.5), (2, 0, 0.5, 0, 0.5),
	(3, NULL, NULL, NULL, NULL), (3, NULL, 10, NULL, 10),
	(4, 7, 100, 7, 100);
-- and larger partitions of counts
INSERT INTO sig_w (g, hits, total, cases, exposure)
SELECT 5 + i % 4, h, t, h, t * 3
FROM (SELECT i, (i * 7919) % 500 + 500 AS t, ((i * 7919) % 500 + 500) * (0.1 + (i % 13) / 40.0) AS raw
      FROM generate_series(1, 2000) AS i) AS s,
     LATERAL (SELECT floor(raw)::bigint AS h) AS f;

-- The averages by hand, over the rows with both arguments
CREATE TEMP TABLE sig_avg AS
SELECT g,
       sum(hits) FILTER (WHERE total IS NOT NULL) / sum(total) FILTER (WHERE hits IS NOT NULL) AS proportion,
       sum(cases) FILTER (WHERE exposure IS NOT NULL)::float8
         / sum(exposure) FILTER (WHERE cases IS NOT NULL) AS rate
FROM sig_w GROUP BY g;

-- For a window definition: every row's window labels against the scalar
-- functions with the partition's average
CREATE FUNCTION pg_temp.sig_check(win text) RETURNS TABLE (
	window_clause text, rows bigint, labelled bigint, diffs bigint)
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE format($q$
	SELECT %1$L, count(*), count(x.p),
	       count(*) FILTER (WHERE
	         x.p IS DISTINCT FROM CASE WHEN x.hits IS NOT NULL AND x.total IS NOT NULL
	                                   THEN crimestats.proportion_significance(x.hits, x.total, a.proportion) END
	         OR x.r IS DISTINCT FROM CASE WHEN x.cases IS NOT NULL AND x.exposure IS NOT NULL
	                                      THEN crimestats.rate_significance(x.cases, x.exposure, a.rate) END)
	FROM (SELECT g, hits, total, cases, exposure,
	             crimestats.proportion_significance(hits, total) OVER w AS p,
	             crimestats.rate_significance(cases, exposure) OVER w AS r
	      FROM sig_w
	      WINDOW w AS (PARTITION BY g %1$s)) AS x
	JOIN sig_avg AS a USING (g)
	$q$, win);
END
$$;

SELECT * FROM pg_temp.sig_check('');
SELECT * FROM pg_temp.sig_check('ORDER BY id');
SELECT * FROM pg_temp.sig_check('ORDER BY hits DESC NULLS FIRST');
SELECT * FROM pg_temp.sig_check('ORDER BY id ROWS BETWEEN CURRENT ROW AND CURRENT ROW');
SELECT * FROM pg_temp.sig_check('ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING');
SELECT * FROM pg_temp.sig_check('ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING EXCLUDE CURRENT ROW');
SELECT * FROM pg_temp.sig_check('ORDER BY total RANGE BETWEEN 5 PRECEDING AND CURRENT ROW');
SELECT * FROM pg_temp.sig_check('ORDER BY total RANGE BETWEEN CURRENT ROW AND 10 FOLLOWING EXCLUDE TIES');
SELECT * FROM pg_temp.sig_check('ORDER BY cases GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP');
SELECT * FROM pg_temp.sig_check('ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW');

-- the small partitions, shown: the frame never matters
SELECT g, hits, total, cases, exposure,
       crimestats.proportion_significance(hits, total) OVER (PARTITION BY g) AS proportion,
       crimestats.proportion_significance(hits, total)
         OVER (PARTITION BY g ORDER BY id ROWS BETWEEN CURRENT ROW AND CURRENT ROW) AS one_row_frame,
       crimestats.rate_significance(cases, exposure) OVER (PARTITION BY g ORDER BY exposure DESC) AS rate
FROM sig_w WHERE g <= 4 ORDER BY g, id;
SELECT g, round(proportion::numeric, 6) AS proportion, round(rate::numeric, 6) AS rate
FROM sig_avg WHERE g <= 4 ORDER BY g;

-- the whole table as one partition, and two windows in one query
SELECT count(*) AS rows,
       count(*) FILTER (WHERE p IS DISTINCT FROM
         CASE WHEN hits IS NOT NULL AND total IS NOT NULL
              THEN crimestats.proportion_significance(hits, total, avg_all) END) AS diffs,
       count(DISTINCT p) AS labels_seen,
       count(*) FILTER (WHERE p IS DISTINCT FROM p_by_g AND p_by_g IS NOT NULL) > 0 AS windows_differ
FROM (SELECT hits, total,
             crimestats.proportion_significance(hits, total) OVER () AS p,
             crimestats.proportion_significance(hits, total) OVER (PARTITION BY g) AS p_by_g,
             (SELECT sum(hits) / sum(total) FROM sig_w WHERE hits IS NOT NULL AND total IS NOT NULL) AS avg_all
      FROM sig_w) AS x;
-- every label is reached in the large partitions
SELECT p AS label, count(*) AS rows
FROM (SELECT crimestats.proportion_significance(hits, total) OVER (PARTITION BY g) AS p
      FROM sig_w WHERE g >= 5) AS x
GROUP BY p ORDER BY p;
SELECT r AS label, count(*) AS rows
FROM (SELECT crimestats.rate_significance(cases, exposure) OVER (PARTITION BY g) AS r
      FROM sig_w WHERE g >= 5) AS x
GROUP BY r ORDER BY r;

-- An empty input gives no rows; a partition of NULLs gives NULLs
SELECT crimestats.proportion_significance(hits, total) OVER () FROM sig_w WHERE false;
SELECT count(*) AS rows, count(p) AS labelled
FROM (SELECT crimestats.proportion_significance(hits, total) OVER () AS p
      FROM (VALUES (NULL::float8, 1::float8), (2, NULL)) AS v(hits, total)) AS x;

-- Large counts: 10^9 per row, sums beyond 2^31
SELECT h, t, crimestats.proportion_significance(h, t) OVER () AS p,
       crimestats.rate_significance(h::bigint, t) OVER () AS r
FROM (VALUES (500000000::float8, 1000000000::float8), (500100000, 1000000000),
             (499900000, 1000000000), (1000000000, 2000000000)) AS v(h, t)
ORDER BY h;

-- Parallel plans: the scan and the sort below the window run in workers,
-- and with the parallel GUC at regress the whole plan runs in one; the
-- labels are the serial ones
CREATE TABLE sig_par AS
SELECT i % 20 AS period, i AS area,
       ((i * 7919) % 1000 + 50)::bigint AS total,
       (((i * 7919) % 1000 + 50) * (0.2 + (i % 7) / 50.0))::bigint AS hits
FROM generate_series(1, 60000) AS i;
ANALYZE sig_par;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE sig_serial AS
SELECT period, area, crimestats.proportion_significance(hits, total) OVER (PARTITION BY period) AS p,
       crimestats.rate_significance(hits, total) OVER (PARTITION BY period ORDER BY area) AS r
FROM sig_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
-- assert the plan's shape without its details, which differ between versions
CREATE FUNCTION pg_temp.plan_has(query text, node text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	line text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		IF line LIKE '%' || node || '%' THEN
			RETURN true;
		END IF;
	END LOOP;
	RETURN false;
END
$$;
SELECT pg_temp.plan_has(q, 'WindowAgg') AS window_agg, pg_temp.plan_has(q, 'Gather') AS gather,
       pg_temp.plan_has(q, 'Parallel Seq Scan') AS parallel_scan
FROM (VALUES ('SELECT period, area, crimestats.proportion_significance(hits, total) OVER (PARTITION BY period) FROM sig_par')) AS v(q);
SELECT count(*) AS rows, count(*) FILTER (WHERE x.p IS DISTINCT FROM s.p OR x.r IS DISTINCT FROM s.r) AS diffs
FROM (SELECT period, area, crimestats.proportion_significance(hits, total) OVER (PARTITION BY period) AS p,
             crimestats.rate_significance(hits, total) OVER (PARTITION BY period ORDER BY area) AS r
      FROM sig_par) AS x
JOIN sig_serial AS s USING (period, area);
-- force_parallel_mode (15) is debug_parallel_query from PostgreSQL 16 on
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
SET :parallel_guc = regress;
SELECT count(*) AS rows, count(*) FILTER (WHERE x.p IS DISTINCT FROM s.p OR x.r IS DISTINCT FROM s.r) AS diffs
FROM (SELECT period, area, crimestats.proportion_significance(hits, total) OVER (PARTITION BY period) AS p,
             crimestats.rate_significance(hits, total) OVER (PARTITION BY period ORDER BY area) AS r
      FROM sig_par) AS x
JOIN sig_serial AS s USING (period, area);
-- and against the plain SQL of the benchmark: sum() OVER, then the scalar
SELECT count(*) AS rows, count(*) FILTER (WHERE x.p IS DISTINCT FROM
         crimestats.proportion_significance(x.hits, x.total, x.sh::float8 / x.st::float8)) AS diffs
FROM (SELECT hits, total, crimestats.proportion_significance(hits, total) OVER w AS p,
             sum(hits) OVER w AS sh, sum(total) OVER w AS st
      FROM sig_par WINDOW w AS (PARTITION BY period)) AS x;
SELECT p AS label, count(*) AS rows
FROM (SELECT crimestats.proportion_significance(hits, total) OVER (PARTITION BY period) AS p FROM sig_par) AS x
GROUP BY p ORDER BY p;
RESET :parallel_guc;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE sig_par;

-- Bad rows: each reported as itself (22023, naming the function and the
-- value), whichever row of the partition it is
\set VERBOSITY sqlstate
SELECT crimestats.proportion_significance(h, t) OVER () FROM (VALUES (1.0::float8, 10.0::float8), (11, 10)) AS v(h, t);
SELECT crimestats.proportion_significance(h, t) OVER () FROM (VALUES (1.0::float8, 10.0::float8), (-1, 10)) AS v(h, t);
SELECT crimestats.proportion_significance(h, t) OVER () FROM (VALUES (1.0::float8, 10.0::float8), (0, 0)) AS v(h, t);
SELECT crimestats.proportion_significance(h, t) OVER () FROM (VALUES (1.0::float8, 10.0::float8), ('NaN', 10)) AS v(h, t);
SELECT crimestats.rate_significance(c, e) OVER () FROM (VALUES (1::bigint, 10.0::float8), (-1, 10)) AS v(c, e);
SELECT crimestats.rate_significance(c, e) OVER () FROM (VALUES (1::bigint, 10.0::float8), (1, 0)) AS v(c, e);
SELECT crimestats.rate_significance(c, e) OVER () FROM (VALUES (1::bigint, 10.0::float8), (1, 'Infinity')) AS v(c, e);
-- sums out of range: 22003
SELECT crimestats.rate_significance(c, e) OVER ()
FROM (VALUES (9000000000000000000::bigint, 1.0::float8), (9000000000000000000, 1)) AS v(c, e);
SELECT crimestats.proportion_significance(h, t) OVER ()
FROM (VALUES (1.0::float8, 1.5e308::float8), (1, 1.5e308)) AS v(h, t);
\set VERBOSITY default
SELECT crimestats.proportion_significance(h, t) OVER () FROM (VALUES (1.0::float8, 10.0::float8), (11, 10)) AS v(h, t);
SELECT crimestats.rate_significance(c, e) OVER () FROM (VALUES (1::bigint, 10.0::float8), (1, 0)) AS v(c, e);
SELECT crimestats.rate_significance(c, e) OVER ()
FROM (VALUES (9000000000000000000::bigint, 1.0::float8), (9000000000000000000, 1)) AS v(c, e);

DROP TABLE sig_w, sig_avg;
