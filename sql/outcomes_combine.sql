-- Outcome ratios where partial states meet: every aggregate here shares one
-- combine function (also rollup's transition function), and the transition
-- functions are shared between ratio_summary and outcome_ratio.  Whatever
-- the plan (partitionwise, parallel, both), an error names the aggregate
-- the user called, not the support function it happens in.
SET extra_float_digits = 0;
CREATE SCHEMA outcomes_combine;

-- Two partitions, each at one confidence: each partition alone is valid,
-- so the only place the confidences meet is the combine function.  The
-- first partition is the larger, so that plans visit it first.
CREATE TABLE outcomes_combine.pw (part int, i int, b boolean, h bigint, t bigint, c float8)
  PARTITION BY LIST (part);
CREATE TABLE outcomes_combine.pw_1 PARTITION OF outcomes_combine.pw FOR VALUES IN (1);
CREATE TABLE outcomes_combine.pw_2 PARTITION OF outcomes_combine.pw FOR VALUES IN (2);
INSERT INTO outcomes_combine.pw
SELECT CASE WHEN i <= 1500 THEN 1 ELSE 2 END, i, i % 3 = 0, i % 3, 2,
       CASE WHEN i <= 1500 THEN 0.9 ELSE 0.95 END
FROM generate_series(1, 2000) AS i;
-- Summaries stored per partition, for rollup; and counts whose sum
-- overflows only once the partitions are combined.
CREATE TABLE outcomes_combine.sums (part int, s crimestats.ratio_summary, h bigint, t bigint)
  PARTITION BY LIST (part);
CREATE TABLE outcomes_combine.sums_1 PARTITION OF outcomes_combine.sums FOR VALUES IN (1);
CREATE TABLE outcomes_combine.sums_2 PARTITION OF outcomes_combine.sums FOR VALUES IN (2);
INSERT INTO outcomes_combine.sums
SELECT 1 + i % 2, format('{"hits":%s,"total":3,"confidence":%s}', i % 2, 0.9 + 0.05 * (i % 2))::crimestats.ratio_summary,
       CASE WHEN i <= 2 THEN i - 1 ELSE 0 END, CASE WHEN i <= 2 THEN 5000000000000000000 ELSE 0 END
FROM generate_series(1, 2000) AS i;
ANALYZE outcomes_combine.pw, outcomes_combine.sums;

-- Partitionwise: a partial aggregate per partition, combined above the Append.
SET max_parallel_workers_per_gather = 0;
SET enable_partitionwise_aggregate = on;
EXPLAIN (COSTS OFF) SELECT crimestats.outcome_ratio_ci(b, c) FROM outcomes_combine.pw;
SELECT part, (crimestats.outcome_ratio_ci(b, c)).* FROM outcomes_combine.pw GROUP BY part ORDER BY part;
SELECT part, (crimestats.outcome_ratio_ci(h, t, c)).* FROM outcomes_combine.pw GROUP BY part ORDER BY part;
SELECT crimestats.outcome_ratio(b) AS r, crimestats.outcome_ratio(h, t) AS rc,
       crimestats.ratio_summary(b) AS s, crimestats.ratio_summary(h, t) AS sc
FROM outcomes_combine.pw;
\set VERBOSITY sqlstate
SELECT crimestats.outcome_ratio_ci(b, c) FROM outcomes_combine.pw;
SELECT crimestats.outcome_ratio_ci(h, t, c) FROM outcomes_combine.pw;
SELECT crimestats.outcome_ratio(h, t) FROM outcomes_combine.sums;
SELECT crimestats.ratio_summary(h, t) FROM outcomes_combine.sums;
SELECT crimestats.rollup(s) FROM outcomes_combine.sums;
\set VERBOSITY default
SELECT crimestats.outcome_ratio_ci(b, c) FROM outcomes_combine.pw;
SELECT crimestats.outcome_ratio_ci(h, t, c) FROM outcomes_combine.pw;
EXPLAIN (COSTS OFF) SELECT crimestats.outcome_ratio(h, t) FROM outcomes_combine.sums;
SELECT crimestats.outcome_ratio(h, t) FROM outcomes_combine.sums;
SELECT crimestats.ratio_summary(h, t) FROM outcomes_combine.sums;
-- rollup is what the user called here, and the name it gives
SELECT crimestats.rollup(s) FROM outcomes_combine.sums;

-- Parallel: each worker aggregates its share of a partition, the leader
-- combines their states.  The states arrive in no fixed order, so only
-- the start of the message is shown.
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET :parallel_guc = regress;
EXPLAIN (COSTS OFF) SELECT crimestats.outcome_ratio_ci(b, c) FROM outcomes_combine.pw;
SELECT crimestats.outcome_ratio(b) AS r, crimestats.outcome_ratio(h, t) AS rc,
       crimestats.ratio_summary(b) AS s, crimestats.ratio_summary(h, t) AS sc
FROM outcomes_combine.pw;
\set VERBOSITY sqlstate
SELECT crimestats.outcome_ratio_ci(b, c) FROM outcomes_combine.pw;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, regexp_replace(:'LAST_ERROR_MESSAGE', ', got .*', '') AS message;
SELECT crimestats.outcome_ratio_ci(h, t, c) FROM outcomes_combine.pw;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, regexp_replace(:'LAST_ERROR_MESSAGE', ', got .*', '') AS message;
EXPLAIN (COSTS OFF) SELECT crimestats.rollup(s) FROM outcomes_combine.sums;
SELECT crimestats.rollup(s) FROM outcomes_combine.sums;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, regexp_replace(:'LAST_ERROR_MESSAGE', ', got .*', '') AS message;
-- and without partitionwise aggregation, one partial state per worker: the
-- rows meet in a worker's transition function or in the leader's combine
SET enable_partitionwise_aggregate = off;
EXPLAIN (COSTS OFF) SELECT crimestats.outcome_ratio_ci(b, c) FROM outcomes_combine.pw;
SELECT crimestats.outcome_ratio_ci(b, c) FROM outcomes_combine.pw;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, regexp_replace(:'LAST_ERROR_MESSAGE', ', got .*', '') AS message;
\set VERBOSITY default
RESET :parallel_guc;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
RESET enable_partitionwise_aggregate;

-- The transition functions of ratio_summary and outcome_ratio are shared:
-- the error names the one called.
SELECT crimestats.ratio_summary(h, t) FROM (VALUES (3::bigint, 2::bigint)) AS v(h, t);
SELECT crimestats.outcome_ratio(h, t) FROM (VALUES (3::bigint, 2::bigint)) AS v(h, t);
SELECT crimestats.ratio_summary(h, t)
FROM (VALUES (1::bigint, 9223372036854775807::bigint), (0, 1)) AS v(h, t);

-- Support functions called directly (outside an aggregate) name themselves.
\set VERBOSITY sqlstate
SELECT crimestats_internal.ratio_summary_combine(NULL, '{"hits":1,"total":2}');
\set VERBOSITY default
SELECT crimestats_internal.ratio_summary_combine(NULL, '{"hits":1,"total":2}');
SELECT crimestats_internal.ratio_summary_accum(NULL, true);
SELECT crimestats_internal.ratio_summary_maccum(NULL, 1, 2);
SELECT crimestats_internal.ratio_summary_minv('{"hits":1,"total":2}', 1, 2);
SELECT crimestats_internal.ratio_summary_rollup_maccum(NULL, '{"hits":1,"total":2}');
SELECT crimestats_internal.outcome_ratio_ci_final('{"hits":1,"total":2}');

DROP TABLE outcomes_combine.pw, outcomes_combine.sums;
DROP SCHEMA outcomes_combine;
