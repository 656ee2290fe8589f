--
-- The method option of the rate intervals: 'exact' (Garwood, the default)
-- or 'byar' (exact below 10 cases, Byar's approximation from 10: the
-- Fingertips convention), on the aggregate per_day_rate_ci and the
-- accessor per_day_ci, agreeing with poisson_ci(cases, confidence, method).
--
SET extra_float_digits = 0;
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

CREATE TABLE m (area int, n bigint, period daterange);
INSERT INTO m VALUES
  (1, 1000, '[2018-01-01,2018-02-01)'), (1, 821, '[2018-02-01,2018-03-01)'),
  (2, 3, '[2018-01-01,2018-02-01)'), (2, 4, '[2018-01-15,2018-03-01)'),
  (3, 12, '[2018-01-01,2018-01-11)');

-- the aggregate's bounds are poisson_ci's bounds of the total over the days
SELECT area, (e).numerator AS cases, (e).denominator AS days,
       round((e).lower::numeric, 9) AS lower, round((e).upper::numeric, 9) AS upper,
       abs((e).lower / ((p).lower / (e).denominator) - 1) < 1e-15 AS lower_matches,
       abs((e).upper / ((p).upper / (e).denominator) - 1) < 1e-15 AS upper_matches
FROM (SELECT area, crimestats.per_day_rate_ci(n, period, 0.95, 'byar') AS e,
             crimestats.poisson_ci(sum(n)::bigint, 0.95, 'byar') AS p
      FROM m GROUP BY area) AS t ORDER BY area;
-- below 10 cases Byar's method is the exact interval; from 10 it is not
SELECT area,
       crimestats.per_day_rate_ci(n, period, 0.95, 'byar') = crimestats.per_day_rate_ci(n, period, 0.95) AS same_as_exact,
       crimestats.per_day_rate_ci(n, period, 0.95, 'exact') = crimestats.per_day_rate_ci(n, period, 0.95) AS exact_is_default
FROM m GROUP BY area ORDER BY area;
-- Byar's formula by hand for 12 cases over 10 days at 95%
SELECT round((crimestats.per_day_rate_ci(n, period, 0.95, 'byar')).lower::numeric, 12) AS lower,
       round((12 * (1 - 1 / (9 * 12.0) - 1.959963984540054 / (3 * sqrt(12.0))) ^ 3 / 10)::numeric, 12) AS lower_by_hand,
       round((crimestats.per_day_rate_ci(n, period, 0.95, 'byar')).upper::numeric, 12) AS upper,
       round((13 * (1 - 1 / (9 * 13.0) + 1.959963984540054 / (3 * sqrt(13.0))) ^ 3 / 10)::numeric, 12) AS upper_by_hand
FROM m WHERE area = 3;

-- the accessor on a stored summary gives the same
SELECT area,
       crimestats.per_day_ci(crimestats.rate_summary(n, period), 0.95, 'byar')
         = crimestats.per_day_rate_ci(n, period, 0.95, 'byar') AS accessor_matches
FROM m GROUP BY area ORDER BY area;

-- NULL arguments skip the row, as for every aggregate
SELECT crimestats.per_day_rate_ci(n, period, 0.95, NULL) AS all_skipped,
       crimestats.per_day_ci(NULL::crimestats.rate_summary, 0.95, 'byar') AS null_summary,
       crimestats.per_day_ci(crimestats.rate_summary(1, '[2018-01-01,2018-01-02)'), 0.95, NULL) AS null_method
FROM m;

-- bad methods and a method that changes between rows: 22023
SELECT pg_temp.err($$SELECT crimestats.per_day_rate_ci(n, period, 0.95, 'Byar') FROM m$$) AS wrong_case;
SELECT pg_temp.err($$SELECT crimestats.per_day_ci(crimestats.rate_summary(n, period), 0.95, 'wald') FROM m$$) AS accessor_method;
SELECT pg_temp.err($$SELECT crimestats.per_day_rate_ci(n, period, 0.95, CASE WHEN area = 1 THEN 'exact' ELSE 'byar' END) FROM m$$) AS method_changes;
SELECT pg_temp.err($$SELECT crimestats.per_day_ci(crimestats.rate_summary(n, period), 1.5, 'byar') FROM m$$) AS bad_confidence;

-- sliding frames: each row's frame against the aggregate over it by hand
SELECT area, lower(period) AS first_day,
       crimestats.per_day_rate_ci(n, period, 0.9, 'byar')
         OVER (ORDER BY area, lower(period) ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
       = (SELECT crimestats.per_day_rate_ci(f.n, f.period, 0.9, 'byar')
          FROM (SELECT * FROM m ORDER BY area, lower(period)) AS f
          WHERE (f.area, lower(f.period)) IN (
            SELECT area, lower(period) FROM (
              SELECT area, period, row_number() OVER (ORDER BY area, lower(period)) AS r FROM m) AS x
            WHERE r BETWEEN o.r - 1 AND o.r)) AS frame_matches
FROM (SELECT *, row_number() OVER (ORDER BY area, lower(period)) AS r FROM m) AS o
ORDER BY area, first_day;

-- partial states carry the method: text, stored and binary forms
SELECT '{"cases":12,"days":[["2018-01-01","2018-01-11")],"confidence":0.95,"method":"byar"}'::crimestats.rate_summary AS with_byar,
       '{"cases":12,"days":[["2018-01-01","2018-01-11")],"confidence":0.95,"method":"exact"}'::crimestats.rate_summary AS exact_is_not_written;
SELECT pg_temp.err($$SELECT '{"cases":1,"days":[],"confidence":0.95,"method":"wald"}'::crimestats.rate_summary$$) AS bad_text;
SELECT pg_temp.err($$SELECT '{"cases":1,"days":[],"method":"byar"}'::crimestats.rate_summary$$) AS method_without_confidence;
CREATE TABLE partial_states (s crimestats.rate_summary);
INSERT INTO partial_states VALUES
  ('{"cases":12,"days":[["2018-01-01","2018-01-11")],"confidence":0.95,"method":"byar"}'),
  ('{"cases":12,"days":[["2018-01-01","2018-01-11")],"confidence":0.95}');
\copy partial_states TO 'results/rates_method.bin' WITH (FORMAT binary)
CREATE TABLE partial_states2 (s crimestats.rate_summary);
\copy partial_states2 FROM 'results/rates_method.bin' WITH (FORMAT binary)
SELECT s FROM partial_states2;

-- parallel and partitionwise plans give the serial result; a method that
-- differs between partial states is caught when they are combined
CREATE TABLE mp (part int, n bigint, period daterange, method text) PARTITION BY LIST (part);
CREATE TABLE mp_1 PARTITION OF mp FOR VALUES IN (1);
CREATE TABLE mp_2 PARTITION OF mp FOR VALUES IN (2);
INSERT INTO mp
SELECT 1 + i % 2, i % 7, daterange(date '2018-01-01' + i % 365, date '2018-01-01' + i % 365 + 1),
       CASE i % 2 WHEN 0 THEN 'exact' ELSE 'byar' END
FROM generate_series(1, 20000) AS i;
ANALYZE mp;
SELECT crimestats.per_day_rate_ci(n, period, 0.95, 'byar') AS serial FROM mp \gset
SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT crimestats.per_day_rate_ci(n, period, 0.95, 'byar') FROM mp;
SELECT crimestats.per_day_rate_ci(n, period, 0.95, 'byar')::text = :'serial' AS partitionwise_matches FROM mp;
SELECT pg_temp.err($$SELECT crimestats.per_day_rate_ci(n, period, 0.95, method) FROM mp$$) AS methods_differ_across_partitions;
RESET enable_partitionwise_aggregate;
SELECT crimestats.per_day_rate_ci(n, period, 0.95, 'byar') AS serial_1 FROM mp_1 \gset
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET :parallel_guc = regress;
EXPLAIN (COSTS OFF) SELECT crimestats.per_day_rate_ci(n, period, 0.95, 'byar') FROM mp_1;
SELECT crimestats.per_day_rate_ci(n, period, 0.95, 'byar')::text = :'serial_1' AS parallel_matches
FROM mp_1;
RESET :parallel_guc;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
