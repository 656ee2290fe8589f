-- Outcome ratios as window aggregates (moving-aggregate support) and under
-- parallel query.
SET extra_float_digits = 0;
CREATE SCHEMA outcomes_test;

-- 60 rows in two partitions, with NULLs, repeated order keys (for RANGE and
-- GROUPS peers) and a run of all-NULL rows (frames with nothing to count).
CREATE TABLE outcomes_test.w AS
SELECT i,
       (i % 2 = 0)::int AS part,
       i / 3 AS k,
       CASE WHEN i % 7 = 0 OR i BETWEEN 20 AND 25 THEN NULL ELSE (i * 37) % 5 < 2 END AS b,
       CASE WHEN i % 11 = 0 OR i BETWEEN 20 AND 25 THEN NULL ELSE ((i * 13) % 9)::bigint END AS h,
       CASE WHEN i % 13 = 0 OR i BETWEEN 20 AND 25 THEN NULL
            WHEN i % 17 = 0 THEN 0::bigint
            ELSE ((i * 13) % 9 + (i * 7) % 4)::bigint END AS t
FROM generate_series(1, 60) AS i;
UPDATE outcomes_test.w SET h = 0 WHERE t = 0;

-- Reference values by plain SQL over the same frame.  Returns the number
-- of rows where crimestats differs from plain SQL (0 expected) and how many
-- rows have a NULL result (to show empty frames occur).
CREATE FUNCTION outcomes_test.check_frame(frame text) RETURNS TABLE (rows bigint, mismatches bigint, null_results bigint)
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE format($q$
		SELECT count(*),
			   count(*) FILTER (WHERE r IS DISTINCT FROM r_ref
								  OR rc IS DISTINCT FROM rc_ref
								  OR ci::text IS DISTINCT FROM ci_ref::text
								  OR cci::text IS DISTINCT FROM cci_ref::text
								  OR s::text IS DISTINCT FROM s_ref
								  OR sc::text IS DISTINCT FROM sc_ref
								  OR ru::text IS DISTINCT FROM s_ref),
			   count(*) FILTER (WHERE r IS NULL)
		FROM (
			SELECT crimestats.outcome_ratio(b) OVER f AS r,
				   (count(*) FILTER (WHERE b) OVER f)::float8 / NULLIF(count(b) OVER f, 0)::float8 AS r_ref,
				   crimestats.outcome_ratio(h, t) OVER f AS rc,
				   (sum(h) FILTER (WHERE t IS NOT NULL) OVER f)::float8 /
					 NULLIF(sum(t) FILTER (WHERE h IS NOT NULL) OVER f, 0)::float8 AS rc_ref,
				   crimestats.outcome_ratio_ci(b, 0.9) OVER f AS ci,
				   crimestats.wilson_ci(count(*) FILTER (WHERE b) OVER f, count(b) OVER f, 0.9) AS ci_ref,
				   crimestats.outcome_ratio_ci(h, t, 0.95) OVER f AS cci,
				   crimestats.wilson_ci((sum(h) FILTER (WHERE t IS NOT NULL) OVER f)::bigint,
										(sum(t) FILTER (WHERE h IS NOT NULL) OVER f)::bigint, 0.95) AS cci_ref,
				   crimestats.ratio_summary(b) OVER f AS s,
				   CASE WHEN count(b) OVER f > 0
						THEN format('{"hits":%%s,"total":%%s}', count(*) FILTER (WHERE b) OVER f, count(b) OVER f)
				   END AS s_ref,
				   crimestats.ratio_summary(h, t) OVER f AS sc,
				   CASE WHEN count(*) FILTER (WHERE h IS NOT NULL AND t IS NOT NULL) OVER f > 0
						THEN format('{"hits":%%s,"total":%%s}', sum(h) FILTER (WHERE t IS NOT NULL) OVER f,
									sum(t) FILTER (WHERE h IS NOT NULL) OVER f)
				   END AS sc_ref,
				   crimestats.rollup(sb) OVER f AS ru
			FROM (SELECT *, crimestats.ratio_summary(b) OVER (PARTITION BY i) AS sb FROM outcomes_test.w) AS w
			WINDOW f AS (PARTITION BY part ORDER BY %s)
		) AS x
	$q$, frame);
END
$$;

SELECT frame, c.*
FROM (VALUES
	('i ROWS BETWEEN 3 PRECEDING AND CURRENT ROW'),
	('i ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING'),
	('i ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING'),		-- empty at the start
	('i ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING'),		-- empty at the end
	('i ROWS BETWEEN CURRENT ROW AND CURRENT ROW'),
	('i ROWS BETWEEN 3 PRECEDING AND 5 PRECEDING'),		-- always empty
	('i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW'),
	('i ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING'),
	('k RANGE BETWEEN 2 PRECEDING AND CURRENT ROW'),
	('k RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING'),
	('k RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING EXCLUDE CURRENT ROW'),
	('k GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW'),
	('k GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP'),
	('k GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES'),
	('i ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING EXCLUDE CURRENT ROW')
	) AS v(frame),
	LATERAL outcomes_test.check_frame(frame) AS c;

-- Some of the values, for the record: a sliding 4-row outcome ratio.
SELECT i, b, crimestats.outcome_ratio(b) OVER f AS ratio,
       crimestats.ratio_summary(b) OVER f AS summary,
       (crimestats.outcome_ratio_ci(b, 0.95) OVER f).lower AS lower
FROM outcomes_test.w
WHERE part = 0 AND i BETWEEN 14 AND 34
WINDOW f AS (PARTITION BY part ORDER BY i ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)
ORDER BY i;

-- Only rows of 0 out of 0 in the frame: a summary of 0 out of 0, ratio NULL.
SELECT i, crimestats.ratio_summary(h, t) OVER f, crimestats.outcome_ratio(h, t) OVER f
FROM (VALUES (1, 1::bigint, 2::bigint), (2, 0, 0), (3, 0, 0), (4, NULL, 5), (5, 1, 1)) AS v(i, h, t)
WINDOW f AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW);

-- A frame's result never depends on rows that left it: once the rows with
-- confidence 0.9 are out of the frame, 0.95 is accepted; a frame holding
-- both is an error.
SELECT i, (crimestats.outcome_ratio_ci(b, c) OVER f).confidence,
       (crimestats.outcome_ratio_ci(b, c) OVER f).upper
FROM (VALUES (1, true, 0.9::float8), (2, false, 0.9), (3, NULL, 0.95), (4, true, 0.95), (5, true, 0.95)) AS v(i, b, c)
WINDOW f AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW);
SELECT i, (crimestats.outcome_ratio_ci(h, t, c) OVER f).confidence
FROM (VALUES (1, 1::bigint, 2::bigint, 0.9::float8), (2, 0, 3, 0.95), (3, 1, 1, 0.95)) AS v(i, h, t, c)
WINDOW f AS (ORDER BY i ROWS BETWEEN CURRENT ROW AND CURRENT ROW);
SELECT i, crimestats.rollup(s) OVER f
FROM (VALUES (1, '{"hits":1,"total":2,"confidence":0.9}'::crimestats.ratio_summary),
             (2, '{"hits":1,"total":3}'), (3, '{"hits":2,"total":2,"confidence":0.95}'),
             (4, NULL), (5, NULL)) AS v(i, s)
WINDOW f AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW);
\set VERBOSITY sqlstate
SELECT i, crimestats.outcome_ratio_ci(b, c) OVER f
FROM (VALUES (1, true, 0.9::float8), (2, false, 0.95)) AS v(i, b, c)
WINDOW f AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW);
SELECT i, crimestats.outcome_ratio(h, t) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
FROM (VALUES (1, 1::bigint, 2::bigint), (2, 5, 4)) AS v(i, h, t);
SELECT i, crimestats.outcome_ratio(h, t) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
FROM (VALUES (1, 1::bigint, 9223372036854775807::bigint), (2, 0, 1)) AS v(i, h, t);
\set VERBOSITY default
-- errors name the aggregate called, though outcome_ratio and ratio_summary
-- share their transition functions (growing and moving frames)
SELECT crimestats.outcome_ratio(h, t) OVER (ORDER BY h)
FROM (VALUES (1::bigint, 2::bigint), (5, 3)) AS v(h, t);
SELECT crimestats.ratio_summary(h, t) OVER (ORDER BY h)
FROM (VALUES (1::bigint, 2::bigint), (5, 3)) AS v(h, t);
SELECT crimestats.ratio_summary(h, t) OVER (ORDER BY h ROWS 1 PRECEDING)
FROM (VALUES (1::bigint, 2::bigint), (5, 3)) AS v(h, t);
SELECT crimestats.outcome_ratio_ci(h, t, c) OVER (ORDER BY h ROWS 1 PRECEDING)
FROM (VALUES (1::bigint, 2::bigint, 0.95::float8), (1, 3, 0.9)) AS v(h, t, c);

-- Parallel query: the plan splits the aggregates across workers (partial
-- aggregation, combine in the leader), with the same results as serial.
CREATE TABLE outcomes_test.p AS
SELECT i, 'area' || (i % 5) AS area,
       CASE WHEN i % 101 = 0 THEN NULL ELSE (i * 7919) % 13 < 4 END AS b,
       ((i * 31) % 7)::bigint AS h, ((i * 31) % 7 + i % 5)::bigint AS t
FROM generate_series(1, 50000) AS i;
ANALYZE outcomes_test.p;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE outcomes_serial AS
SELECT area, crimestats.outcome_ratio(b) AS r, crimestats.outcome_ratio(h, t) AS rc,
       crimestats.outcome_ratio_ci(b, 0.95)::text AS ci, crimestats.outcome_ratio_ci(h, t, 0.99)::text AS cci,
       crimestats.ratio_summary(b)::text AS s, crimestats.ratio_summary(h, t)::text AS sc
FROM outcomes_test.p GROUP BY ROLLUP (area);
SELECT area, r, rc, s, sc FROM outcomes_serial ORDER BY area;
-- the same figures by plain SQL
SELECT area, avg(b::int)::float8 AS r, sum(h)::float8 / sum(t)::float8 AS rc
FROM outcomes_test.p GROUP BY ROLLUP (area) ORDER BY area;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT crimestats.outcome_ratio(b), crimestats.outcome_ratio(h, t),
       crimestats.outcome_ratio_ci(b, 0.95), crimestats.outcome_ratio_ci(h, t, 0.99),
       crimestats.ratio_summary(b), crimestats.ratio_summary(h, t)
FROM outcomes_test.p;
EXPLAIN (COSTS OFF)
SELECT area, crimestats.outcome_ratio(b) FROM outcomes_test.p GROUP BY area;

-- force_parallel_mode (15) is debug_parallel_query from PostgreSQL 16 on
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
SET :parallel_guc = regress;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE s.r IS NOT DISTINCT FROM p.r AND s.rc IS NOT DISTINCT FROM p.rc
                          AND s.ci IS NOT DISTINCT FROM p.ci AND s.cci IS NOT DISTINCT FROM p.cci
                          AND s.s IS NOT DISTINCT FROM p.s AND s.sc IS NOT DISTINCT FROM p.sc) AS identical
FROM outcomes_serial AS s
JOIN (SELECT area, crimestats.outcome_ratio(b) AS r, crimestats.outcome_ratio(h, t) AS rc,
             crimestats.outcome_ratio_ci(b, 0.95)::text AS ci, crimestats.outcome_ratio_ci(h, t, 0.99)::text AS cci,
             crimestats.ratio_summary(b)::text AS s, crimestats.ratio_summary(h, t)::text AS sc
      FROM outcomes_test.p GROUP BY area
      UNION ALL
      SELECT NULL, crimestats.outcome_ratio(b), crimestats.outcome_ratio(h, t),
             crimestats.outcome_ratio_ci(b, 0.95)::text, crimestats.outcome_ratio_ci(h, t, 0.99)::text,
             crimestats.ratio_summary(b)::text, crimestats.ratio_summary(h, t)::text
      FROM outcomes_test.p) AS p
  ON s.area IS NOT DISTINCT FROM p.area;

-- Two-step under parallel query: summaries per area rolled up.
SELECT crimestats.rollup(s)::text = (SELECT s FROM outcomes_serial WHERE area IS NULL) AS same
FROM (SELECT area, crimestats.ratio_summary(b) AS s FROM outcomes_test.p GROUP BY area) AS x;

-- An error in a worker (a different confidence on a later row) reaches the client.
\set VERBOSITY sqlstate
SELECT crimestats.outcome_ratio_ci(b, CASE WHEN i = 40000 THEN 0.9 ELSE 0.95 END) FROM outcomes_test.p;
\set VERBOSITY default
RESET :parallel_guc;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;

DROP TABLE outcomes_serial;
DROP FUNCTION outcomes_test.check_frame(text);
DROP TABLE outcomes_test.w, outcomes_test.p;
DROP SCHEMA outcomes_test;
