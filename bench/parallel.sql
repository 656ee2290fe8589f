-- Benchmark: parallel speed-up of the main aggregate of each family against
-- built-in sum(n) over the same scan.
--   psql -v rows=10000000 -f bench/parallel.sql     (bench/parallel.sh runs it)
-- Each query runs serial (max_parallel_workers_per_gather = 0) and with two
-- parallel workers, in alternation, best of :reps runs each; the speed-up is
-- serial time / parallel time.  sum(n) is what the machine can give a
-- parallel aggregate over this scan; each family's speed-up is set against
-- it (target: at least 90% of sum's, in the same run).  The significance
-- family has no aggregate (its functions are scalars and window functions,
-- which PostgreSQL does not run in parallel), so it is not here.
\set ON_ERROR_STOP on
\if :{?rows}
\else
\set rows 10000000
\endif
\if :{?reps}
\else
\set reps 5
\endif
SET work_mem = '256MB';
SET jit = off;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS crimestats CASCADE;

-- one row a day per area and offence code, over about eleven years: the
-- counts, their periods, the same counts as a series and as outcomes
DROP TABLE IF EXISTS bench_parallel;
CREATE TABLE bench_parallel AS
  SELECT d AS at, daterange(d, d + 1) AS period,
         ((a * 7 + c * 3 + k) % 13)::bigint AS n,
         ((a * 7 + c * 3 + k) % 13)::float8 AS v,
         ((a + c + k) % 5)::bigint AS hits,
         (5 + (a + c + k) % 7)::bigint AS total
  FROM generate_series(0, (:rows / 4 / 250) - 1) AS k,
       LATERAL (SELECT date '2010-01-01' + k AS d) AS dd,
       generate_series(1, 250) AS a, generate_series(1, 4) AS c;
-- exactly two workers when the plan is parallel, whatever the table's size
ALTER TABLE bench_parallel SET (parallel_workers = 2);
VACUUM ANALYZE bench_parallel;
SELECT count(*) FROM bench_parallel \g /dev/null

-- Runs query serial and with two workers, in alternation, best of reps
-- each.  EXECUTE without INTO: a row count limit would rule out a parallel
-- plan.
CREATE OR REPLACE FUNCTION pg_temp.bench_parallel(query text, reps int,
                                                  OUT serial_ms numeric, OUT parallel_ms numeric)
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
BEGIN
	FOR i IN 1 .. reps LOOP
		PERFORM set_config('max_parallel_workers_per_gather', '0', true);
		t0 := clock_timestamp();
		EXECUTE query;
		serial_ms := least(serial_ms, extract(epoch FROM clock_timestamp() - t0) * 1000);
		PERFORM set_config('max_parallel_workers_per_gather', '2', true);
		t0 := clock_timestamp();
		EXECUTE query;
		parallel_ms := least(parallel_ms, extract(epoch FROM clock_timestamp() - t0) * 1000);
	END LOOP;
	serial_ms := round(serial_ms);
	parallel_ms := round(parallel_ms);
END
$$;

-- a parallel plan whenever two workers are allowed
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;

-- The plans, run once: two workers launched, partial states combined
-- above the Gather.
SET max_parallel_workers_per_gather = 2;
\echo
\echo parallel plan of per_day_rate (EXPLAIN ANALYZE, once):
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT crimestats.per_day_rate(n, period) FROM bench_parallel;
RESET max_parallel_workers_per_gather;

CREATE TEMP TABLE results (id int, family text, query text, serial_ms numeric, parallel_ms numeric);
INSERT INTO results (id, family, query) VALUES
  (1, 'built-in', 'SELECT sum(n) FROM bench_parallel'),
  (2, 'rates', 'SELECT crimestats.per_day_rate(n, period) FROM bench_parallel'),
  (3, 'growth', 'SELECT crimestats.growth_factor(v, at) FROM bench_parallel'),
  (4, 'outcomes', 'SELECT crimestats.outcome_ratio(hits, total) FROM bench_parallel');
-- The queries are timed round after round, so that a change in the
-- machine's load during the run hits them all alike.
SELECT set_config('bench.reps', :'reps', false) \g /dev/null
DO $$
DECLARE
	queries text[] := ARRAY(SELECT query FROM results ORDER BY id);
	t record;
BEGIN
	FOR round IN 1 .. current_setting('bench.reps')::int LOOP
		FOR i IN 1 .. array_length(queries, 1) LOOP
			SELECT * INTO t FROM pg_temp.bench_parallel(queries[i], 1);
			UPDATE results SET serial_ms = least(serial_ms, t.serial_ms),
							   parallel_ms = least(parallel_ms, t.parallel_ms)
			WHERE id = i;
		END LOOP;
	END LOOP;
END
$$;

\echo
\echo parallel speed-up (:rows rows, best of :reps runs, 2 workers)
SELECT r.family, r.query, r.serial_ms, r.parallel_ms,
       round(r.serial_ms / r.parallel_ms, 2) AS speedup,
       round((r.serial_ms / r.parallel_ms) / (b.serial_ms / b.parallel_ms), 2) AS of_sum_speedup
FROM results AS r, results AS b
WHERE b.id = 1
ORDER BY r.id;
DROP TABLE bench_parallel;
