-- Benchmark of the outcome-ratio aggregates against PostgreSQL's built-in
-- avg(b::int) over the same scan.  Run with bench/outcomes.sh, or
--   psql -X -v scale=1000000 -f bench/outcomes.sql
-- (scale = number of rows, default 10,000,000; bench/run.sh's rows is
-- taken too).  The compared queries run in turn, several rounds after a
-- warm-up round; each one's best time counts.  Serial plans, so that the
-- per-row cost is compared (parallel plans are tested in
-- sql/outcomes_window.sql).
\set ON_ERROR_STOP on
\if :{?scale}
\elif :{?rows}
\set scale :rows
\else
\set scale 10000000
\endif
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS crimestats CASCADE;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '512MB';
SET jit = off;

DROP TABLE IF EXISTS bench_outcomes;
CREATE UNLOGGED TABLE bench_outcomes AS
SELECT i,
       i % 40 AS area,
       CASE WHEN i % 97 = 0 THEN NULL ELSE (i::bigint * 2654435761) % 1000 < 300 END AS b
FROM generate_series(1, :scale) AS i;
VACUUM ANALYZE bench_outcomes;

-- Runs the queries in turn, rounds times over (after one warm-up round),
-- and returns each query's best time in ms: interleaving keeps a busy
-- machine from favouring whichever query ran in a quiet moment.
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

\echo
\echo 'Grouped by area (40 groups), one scan each:'
SELECT :scale AS rows \gset
WITH t AS (
	SELECT pg_temp.race(ARRAY[
		'SELECT area, avg(b::int) FROM bench_outcomes GROUP BY area',
		'SELECT area, crimestats.outcome_ratio(b) FROM bench_outcomes GROUP BY area',
		'SELECT area, crimestats.outcome_ratio_ci(b, 0.95) FROM bench_outcomes GROUP BY area']) AS ms
)
SELECT format('%s rows', :rows) AS "scale",
	   round(ms[1]::numeric, 0) AS "avg(b::int) ms",
	   round(ms[2]::numeric, 0) AS "outcome_ratio ms",
	   round((ms[2] / ms[1])::numeric, 2) AS "ratio (target <= 1.2)",
	   round(ms[3]::numeric, 0) AS "outcome_ratio_ci ms",
	   round((ms[3] / ms[1])::numeric, 2) AS "ratio (target <= 1.3)"
FROM t;

\echo 'Sliding window, PARTITION BY area ORDER BY i ROWS BETWEEN 99 PRECEDING AND CURRENT ROW, at two sizes:'
SELECT least(:scale / 5, 2000000) AS small \gset
WITH sizes(n) AS (VALUES (:small), (2 * :small)),
t AS (
	SELECT n, pg_temp.race(ARRAY[
		format('SELECT sum(x) FROM (SELECT avg(b::int) OVER (PARTITION BY area ORDER BY i ROWS BETWEEN 99 PRECEDING AND CURRENT ROW) AS x FROM bench_outcomes WHERE i <= %s) AS s', n),
		format('SELECT sum(x) FROM (SELECT crimestats.outcome_ratio(b) OVER (PARTITION BY area ORDER BY i ROWS BETWEEN 99 PRECEDING AND CURRENT ROW) AS x FROM bench_outcomes WHERE i <= %s) AS s', n)],
		3) AS ms
	FROM sizes
)
SELECT n AS rows,
	   round(ms[1]::numeric, 0) AS "avg(b::int) OVER ms",
	   round(ms[2]::numeric, 0) AS "outcome_ratio OVER ms",
	   round((ms[2] / ms[1])::numeric, 2) AS "ratio (target <= 2)",
	   round((ms[2] / n * 1e6)::numeric, 0) AS "ns per row (linear: equal)"
FROM t ORDER BY n;

DROP TABLE bench_outcomes;
