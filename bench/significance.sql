-- Benchmark of the window function proportion_significance(hits, total)
-- OVER (PARTITION BY period) against the plain SQL it replaces: the
-- partition's average from sum() OVER, then the scalar function per row.
-- Run with
--   bench/run.sh 1000000 bench/significance.sql
-- or psql -X -v rows=1000000 -f bench/significance.sql (rows = area-period
-- rows, default 1,000,000: 100 periods of rows / 100 areas).  The queries
-- run in turn, several rounds after a warm-up round; each one's best time
-- counts.  Serial plans, sorts in memory, so that the per-row cost is
-- compared (parallel plans are tested in sql/significance_window.sql).
\set ON_ERROR_STOP on
\if :{?rows}
\else
\set rows 1000000
\endif
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS crimestats CASCADE;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '1GB';
SET jit = off;

DROP TABLE IF EXISTS bench_significance;
CREATE UNLOGGED TABLE bench_significance AS
SELECT i % 100 AS period, i / 100 AS area,
       ((i::bigint * 2654435761) % 5000 + 100) AS total,
       ((((i::bigint * 2654435761) % 5000 + 100) * (20 + (i::bigint * 7919) % 11)) / 100) AS hits
FROM generate_series(1, :rows) AS i;
VACUUM ANALYZE bench_significance;

-- Runs the queries in turn, rounds times over (after one warm-up round),
-- and returns each query's best time in ms.
CREATE FUNCTION pg_temp.race(queries text[], rounds int DEFAULT 5) RETURNS float8[]
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	best float8[] := array_fill('Infinity'::float8, ARRAY[cardinality(queries)]);
BEGIN
	FOR r IN 0..rounds LOOP
		FOR q IN 1..cardinality(queries) LOOP
			t0 := clock_timestamp();
			EXECUTE queries[q];
			IF r > 0 THEN
				best[q] := least(best[q], 1000 * extract(epoch FROM clock_timestamp() - t0)::float8);
			END IF;
		END LOOP;
	END LOOP;
	RETURN best;
END
$$;

-- the three give the same labels
SELECT count(*) AS rows,
       count(*) FILTER (WHERE w IS DISTINCT FROM p OR w IS DISTINCT FROM f) AS disagreeing,
       count(DISTINCT w) AS labels
FROM (SELECT crimestats.proportion_significance(hits, total) OVER win AS w,
             crimestats.proportion_significance(hits, total, sum(hits) OVER win / sum(total) OVER win) AS p,
             crimestats.proportion_significance(hits, total,
               sum(hits::float8) OVER win / sum(total::float8) OVER win) AS f
      FROM bench_significance WINDOW win AS (PARTITION BY period)) AS x;

\echo
\echo 'proportion_significance against the partition average, PARTITION BY period (100 periods):'
-- each query labels every row; the count over one label keeps the
-- planner from dropping the unused column
WITH t AS (
	SELECT pg_temp.race(ARRAY[
		$q$SELECT count(*) FILTER (WHERE s = 'higher (99.8%)') FROM (
		     SELECT crimestats.proportion_significance(hits, total) OVER (PARTITION BY period) AS s
		     FROM bench_significance) AS x$q$,
		$q$SELECT count(*) FILTER (WHERE s = 'higher (99.8%)') FROM (
		     SELECT crimestats.proportion_significance(hits, total, sum(hits) OVER w / sum(total) OVER w) AS s
		     FROM bench_significance WINDOW w AS (PARTITION BY period)) AS x$q$,
		$q$SELECT count(*) FILTER (WHERE s = 'higher (99.8%)') FROM (
		     SELECT crimestats.proportion_significance(hits, total,
		              sum(hits::float8) OVER w / sum(total::float8) OVER w) AS s
		     FROM bench_significance WINDOW w AS (PARTITION BY period)) AS x$q$,
		$q$SELECT count(*) FILTER (WHERE s > 0) FROM (
		     SELECT sum(hits) OVER (PARTITION BY period) AS s FROM bench_significance) AS x$q$]) AS ms
)
SELECT format('%s rows', :rows) AS "scale",
       round(ms[1]::numeric, 0) AS "window function ms",
       round(ms[2]::numeric, 0) AS "plain SQL, sum() OVER ms",
       round((ms[1] / ms[2])::numeric, 2) AS "ratio (target <= 1)",
       round(ms[3]::numeric, 0) AS "plain SQL, float8 sums ms",
       round((ms[1] / ms[3])::numeric, 2) AS "ratio",
       round(ms[4]::numeric, 0) AS "sum() OVER alone ms"
FROM t;

\echo 'Linear in the partition size: one partition of half the rows, then of all of them:'
CREATE UNLOGGED TABLE bench_significance_half AS
SELECT * FROM bench_significance WHERE period < 50;
VACUUM ANALYZE bench_significance_half;
WITH sizes(tab) AS (VALUES ('bench_significance_half'), ('bench_significance')),
t AS (
	SELECT tab, pg_temp.race(ARRAY[
		format($q$SELECT count(*) FILTER (WHERE s = 'similar') FROM (
		     SELECT crimestats.proportion_significance(hits, total) OVER () AS s FROM %I) AS x$q$, tab)], 3) AS ms
	FROM sizes
)
SELECT c.n AS rows, round(ms[1]::numeric, 0) AS "OVER () ms",
       round((ms[1] / c.n * 1e6)::numeric, 0) AS "ns per row (linear: equal)"
FROM t, LATERAL (SELECT CASE WHEN tab = 'bench_significance' THEN :rows ELSE :rows / 2 END AS n) AS c
ORDER BY c.n;
DROP TABLE bench_significance_half;

DROP TABLE bench_significance;
