--
-- Per-day rates as window aggregates (moving-aggregate support) and in
-- parallel plans.
--
SET extra_float_digits = 0;

-- two offence codes over 14 months, one month missing for one code
CREATE TEMP TABLE w (code text, month date, n bigint);
INSERT INTO w
SELECT c, (date '2017-01-01' + k * interval '1 month')::date, (k * 7 + length(c) * 3) % 11 + 1
FROM generate_series(0, 13) AS k, unnest(ARRAY['8L', '8QQ']) AS c
WHERE NOT (c = '8QQ' AND k = 5);

-- plain-SQL reference: sum of cases over the days of the union of periods
CREATE FUNCTION pg_temp.ref_rate(lo date, hi date) RETURNS float8 LANGUAGE sql AS $$
  SELECT sum(n)::float8 / (SELECT count(DISTINCT d) FROM w AS w2,
            generate_series(w2.month, (w2.month + interval '1 month' - interval '1 day'), interval '1 day') AS d
          WHERE w2.month >= lo AND w2.month <= hi)
  FROM w WHERE month >= lo AND month <= hi
$$;

-- rolling 3-month rate over a RANGE frame (both codes share each month)
SELECT DISTINCT month,
       crimestats.per_day_rate(n, daterange(month, (month + interval '1 month')::date))
         OVER (ORDER BY month RANGE BETWEEN interval '2 months' PRECEDING AND CURRENT ROW) AS rolling
FROM w ORDER BY month;
SELECT bool_and(abs(rolling - pg_temp.ref_rate((month - interval '2 months')::date, month)) < 1e-12) AS range_frame_matches_sql
FROM (SELECT month,
             crimestats.per_day_rate(n, daterange(month, (month + interval '1 month')::date))
               OVER (ORDER BY month RANGE BETWEEN interval '2 months' PRECEDING AND CURRENT ROW) AS rolling
      FROM w) AS t;

-- ROWS frames per code, against the plain-SQL recomputation
SELECT code, month, n,
       crimestats.per_day_rate(n, daterange(month, (month + interval '1 month')::date))
         OVER (PARTITION BY code ORDER BY month ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS rows3,
       (sum(n) OVER (PARTITION BY code ORDER BY month ROWS BETWEEN 2 PRECEDING AND CURRENT ROW))::float8
         / ((month + interval '1 month')::date
            - first_value(month) OVER (PARTITION BY code ORDER BY month ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)) AS contiguous_ref
FROM w WHERE code = '8L' ORDER BY month;

-- GROUPS frame and EXCLUDE CURRENT ROW; a frame that is empty gives NULL
SELECT code, month,
       crimestats.per_day_rate(n, daterange(month, (month + interval '1 month')::date))
         OVER (PARTITION BY code ORDER BY month GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) AS neighbours,
       crimestats.per_day_rate(n, daterange(month, (month + interval '1 month')::date))
         OVER (PARTITION BY code ORDER BY month ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) AS next_month,
       crimestats.per_day_rate(n, daterange(month, (month + interval '1 month')::date))
         OVER (PARTITION BY code ORDER BY month ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS empty_frame
FROM w WHERE code = '8QQ' AND month < '2017-09-01' ORDER BY month;

-- the interval variant and the summary variant slide too
SELECT month, (e).numerator, (e).denominator, round((e).lower::numeric, 6) AS lower, round((e).upper::numeric, 6) AS upper, s
FROM (SELECT month,
             crimestats.per_day_rate_ci(n, daterange(month, (month + interval '1 month')::date), 0.95)
               OVER (ORDER BY month ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS e,
             crimestats.rate_summary(n, daterange(month, (month + interval '1 month')::date))
               OVER (ORDER BY month ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS s
      FROM w WHERE code = '8L' AND month < '2017-07-01') AS t
ORDER BY month;

-- rollup of monthly summaries as a sliding window equals the direct rate
SELECT bool_and(a = b) AS rollup_window_equal
FROM (SELECT crimestats.per_day(crimestats.rollup(s) OVER (ORDER BY month ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)) AS a,
             crimestats.per_day_rate(t, daterange(month, (month + interval '1 month')::date))
               OVER (ORDER BY month ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) AS b
      FROM (SELECT month, sum(n)::bigint AS t,
                   crimestats.rate_summary(n, daterange(month, (month + interval '1 month')::date)) AS s
            FROM w GROUP BY month) AS m) AS x;

-- a result never depends on the frame's history: restarting every row
-- (a volatile frame offset is not allowed, so compare with a fresh
-- aggregate per row instead)
SELECT bool_and(moving = fresh) AS history_free
FROM (SELECT w1.month, w1.code,
             crimestats.per_day_rate(w1.n, daterange(w1.month, (w1.month + interval '1 month')::date))
               OVER (PARTITION BY w1.code ORDER BY w1.month ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS moving,
             (SELECT crimestats.per_day_rate(w2.n, daterange(w2.month, (w2.month + interval '1 month')::date))
              FROM (SELECT * FROM w AS w3 WHERE w3.code = w1.code AND w3.month <= w1.month
                    ORDER BY w3.month DESC LIMIT 5) AS w2) AS fresh
      FROM w AS w1) AS t;

-- Parallel plans: the partial aggregates combine to the serial result
-- (days in scattered order, so that partial states hold bitmaps)
CREATE TABLE rates_par AS
  SELECT (i % 7) AS area, (i % 5)::bigint AS n,
         daterange((date '2015-01-01' + (i * 7919 % 1461)), (date '2015-01-01' + (i * 7919 % 1461) + 1)) AS period
  FROM generate_series(1, 200000) AS i;
ANALYZE rates_par;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS
  SELECT area, crimestats.per_day_rate(n, period) AS rate,
         (crimestats.per_day_rate_ci(n, period, 0.9)).lower AS lower,
         crimestats.rate_summary(n, period)::text AS summary
  FROM rates_par GROUP BY area;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
  SELECT area, crimestats.per_day_rate(n, period) FROM rates_par GROUP BY area;
EXPLAIN (COSTS OFF)
  SELECT crimestats.per_day_rate(n, period) FROM rates_par;
-- force_parallel_mode (15) is debug_parallel_query from PostgreSQL 16 on
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
SET :parallel_guc = regress;
SELECT count(*) AS groups,
       bool_and(p.rate = s.rate AND p.lower = s.lower AND p.summary = s.summary) AS parallel_equals_serial
FROM (SELECT area, crimestats.per_day_rate(n, period) AS rate,
             (crimestats.per_day_rate_ci(n, period, 0.9)).lower AS lower,
             crimestats.rate_summary(n, period)::text AS summary
      FROM rates_par GROUP BY area) AS p
JOIN serial AS s USING (area);
SELECT crimestats.rate_summary(n, period), crimestats.per_day_rate(n, period) FROM rates_par;
RESET :parallel_guc;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE rates_par;

-- NULL rows in sliding frames are skipped, also at the start of a frame;
-- a frame of NULL rows only gives NULL
CREATE TEMP TABLE wn (i int, n bigint, p daterange);
INSERT INTO wn VALUES (1, NULL, '[2018-01-01,2018-02-01)'), (2, NULL, NULL),
  (3, 5, '[2018-02-01,2018-03-01)'), (4, 7, NULL), (5, 3, '[2018-03-01,2018-04-01)'),
  (6, NULL, '[2018-04-01,2018-05-01)');
SELECT i,
       crimestats.per_day_rate(n, p) OVER f AS rate,
       ((crimestats.per_day_rate_ci(n, p, 0.95) OVER f)).numerator AS ci_cases,
       crimestats.rate_summary(n, p) OVER f AS summary,
       crimestats.rollup(s) OVER f AS rolled
FROM (SELECT i, n, p, CASE WHEN n IS NOT NULL AND p IS NOT NULL THEN
                crimestats.rate_summary(n, p) OVER (PARTITION BY i) END AS s
      FROM wn) AS t
WINDOW f AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY i;
-- empty frames give NULL for every rate aggregate
SELECT i,
       crimestats.per_day_rate(n, p) OVER e AS rate,
       crimestats.per_day_rate_ci(n, p, 0.95) OVER e AS ci,
       crimestats.rate_summary(n, p) OVER e AS summary
FROM wn WINDOW e AS (ORDER BY i ROWS BETWEEN 3 FOLLOWING AND 2 FOLLOWING)
ORDER BY i LIMIT 2;
