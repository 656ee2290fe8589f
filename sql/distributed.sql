--
-- Beyond one table: partitionwise aggregation (the combine functions) and
-- postgres_fdw shards with the two-step form pushed down to each shard.
-- The shards here are loopback connections to this same database.
--
SET extra_float_digits = 0;
CREATE TABLE dist_counts (area int, n bigint, period daterange) PARTITION BY LIST (area);
CREATE TABLE dist_counts_1 PARTITION OF dist_counts FOR VALUES IN (1, 2);
CREATE TABLE dist_counts_2 PARTITION OF dist_counts FOR VALUES IN (3, 4);
INSERT INTO dist_counts
SELECT 1 + i % 4, i % 9, daterange(date '2016-01-01' + i % 700, date '2016-01-01' + i % 700 + 1)
FROM generate_series(1, 20000) AS i;
ANALYZE dist_counts;
SET max_parallel_workers_per_gather = 0;
SELECT crimestats.per_day_rate(n, period) AS whole FROM dist_counts;
SET enable_partitionwise_aggregate = on;
-- partial aggregates per partition, combined above the Append
EXPLAIN (COSTS OFF) SELECT crimestats.per_day_rate(n, period) FROM dist_counts;
SELECT crimestats.per_day_rate(n, period) AS partitionwise FROM dist_counts;
SELECT area, crimestats.per_day_rate(n, period) FROM dist_counts GROUP BY area ORDER BY area;
RESET enable_partitionwise_aggregate;

-- postgres_fdw: two foreign shards on a loopback server that knows
-- crimestats, so aggregates of crimestats may be shipped to it
CREATE EXTENSION postgres_fdw;
\getenv pgport PGPORT
\getenv pghost PGHOST
\getenv pguser PGUSER
\getenv pgpassword PGPASSWORD
SELECT current_database() AS dbname \gset
CREATE SERVER shards FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (dbname :'dbname', port :'pgport', host :'pghost', extensions 'crimestats', fetch_size '10000');
CREATE USER MAPPING FOR CURRENT_USER SERVER shards
  OPTIONS (user :'pguser', password :'pgpassword');
CREATE TABLE dist_fdw (area int, n bigint, period daterange) PARTITION BY LIST (area);
CREATE FOREIGN TABLE dist_fdw_1 PARTITION OF dist_fdw FOR VALUES IN (1, 2)
  SERVER shards OPTIONS (table_name 'dist_counts_1');
CREATE FOREIGN TABLE dist_fdw_2 PARTITION OF dist_fdw FOR VALUES IN (3, 4)
  SERVER shards OPTIONS (table_name 'dist_counts_2');
SET enable_partitionwise_aggregate = on;
-- two-step: each shard builds its summary; the coordinator rolls them up
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT crimestats.per_day(crimestats.rollup(s))
  FROM (SELECT area, crimestats.rate_summary(n, period) AS s FROM dist_fdw GROUP BY area) AS shard_summaries;
SELECT crimestats.per_day(crimestats.rollup(s)) AS via_shards
FROM (SELECT area, crimestats.rate_summary(n, period) AS s FROM dist_fdw GROUP BY area) AS shard_summaries;
-- grouped by the partition key, the one-step aggregate is pushed down whole
EXPLAIN (VERBOSE, COSTS OFF)
  SELECT area, crimestats.per_day_rate(n, period) FROM dist_fdw GROUP BY area;
SELECT area, crimestats.per_day_rate(n, period) FROM dist_fdw GROUP BY area ORDER BY area;
RESET enable_partitionwise_aggregate;
DROP TABLE dist_fdw;
DROP USER MAPPING FOR CURRENT_USER SERVER shards;
DROP SERVER shards;
DROP EXTENSION postgres_fdw;
DROP TABLE dist_counts;

-- crimestats.distribute() is for a Citus coordinator (tests/citus.sh); here
-- Citus is not installed, and it says so
SELECT crimestats.distribute();
\set VERBOSITY sqlstate
SELECT crimestats.distribute();
\set VERBOSITY default
