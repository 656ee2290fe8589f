-- The outcomes views: outcome_rates and offence_share, over a small fixture
-- of two test areas (removed at the end) and over the example dataset
-- (loaded inside a transaction that is rolled back).
SET extra_float_digits = 0;

BEGIN;
INSERT INTO crimestats.area (code, name, kind) VALUES
  ('X99000001', 'Testshire (monthly)', 'police_force_area'),
  ('X99000002', 'Testshire (quarterly)', 'police_force_area');

-- X99000001: monthly rows January 2020 to June 2021; 8L 10 and 8Q 1 a
-- month throughout, 8R 5 a month from January 2021, homicide 1 in March
-- 2020.  Year-ending periods: December 2020 to June 2021 (earlier month
-- ends have less than 12 months of data behind them).
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X99000001', c.code, daterange(m::date, (m + interval '1 month')::date), c.n, 'outcomes_views test'
FROM generate_series(DATE '2020-01-01', DATE '2021-06-01', interval '1 month') AS m,
     (VALUES ('8L', 10), ('8Q', 1), ('8R', 5)) AS c(code, n)
WHERE c.code <> '8R' OR m >= DATE '2021-01-01';
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source) VALUES
  ('X99000001', '1/4.1/4.10/4.2', '[2020-03-01,2020-04-01)', 1, 'outcomes_views test');

-- X99000002: quarters of 2020 only, with a negative adjustment (8M nets to
-- -2 over the year): one year-ending period, December 2020.
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source) VALUES
  ('X99000002', '8L', '[2020-01-01,2020-04-01)', 30, 'outcomes_views test'),
  ('X99000002', '8L', '[2020-04-01,2020-07-01)', 30, 'outcomes_views test'),
  ('X99000002', '8L', '[2020-07-01,2020-10-01)', 30, 'outcomes_views test'),
  ('X99000002', '8L', '[2020-10-01,2021-01-01)', 30, 'outcomes_views test'),
  ('X99000002', '8M', '[2020-01-01,2020-04-01)', 1, 'outcomes_views test'),
  ('X99000002', '8M', '[2020-10-01,2021-01-01)', -3, 'outcomes_views test');

-- Outcomes of X99000001's offences recorded in 2020: 8L 5 not yet
-- assigned, 10 charged, 20 community resolutions, 70 no suspect; 8Q 2
-- charged, 8 evidential difficulties; and a second period, 2021 Q1, whose
-- 8L charge count was corrected down to -1.
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source) VALUES
  ('X99000001', '8L', '[2020-01-01,2021-01-01)', 0, 5, 'outcomes_views test'),
  ('X99000001', '8L', '[2020-01-01,2021-01-01)', 1, 10, 'outcomes_views test'),
  ('X99000001', '8L', '[2020-01-01,2021-01-01)', 8, 20, 'outcomes_views test'),
  ('X99000001', '8L', '[2020-01-01,2021-01-01)', 18, 70, 'outcomes_views test'),
  ('X99000001', '8Q', '[2020-01-01,2021-01-01)', 1, 2, 'outcomes_views test'),
  ('X99000001', '8Q', '[2020-01-01,2021-01-01)', 14, 8, 'outcomes_views test'),
  ('X99000001', '8L', '[2021-01-01,2021-04-01)', 1, -1, 'outcomes_views test'),
  ('X99000001', '8L', '[2021-01-01,2021-04-01)', 18, 9, 'outcomes_views test');
COMMIT;

-- outcome_rates: 2020 has 110 assigned outcomes (type 0 excluded), 12
-- charged; every outcome group appears, with 0 where it has no outcomes.
SELECT period_start, period_end, outcome_group, outcomes, assigned,
       round(ratio::numeric, 6) AS ratio, round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM crimestats.outcome_rates
WHERE area_code = 'X99000001'
ORDER BY period_start, outcome_group;

-- The view's figures are wilson_ci's.
SELECT r.outcome_group, r.ratio = (w).estimate AND r.lower = (w).lower AND r.upper = (w).upper AS same
FROM crimestats.outcome_rates AS r,
     LATERAL (SELECT crimestats.wilson_ci(r.outcomes, r.assigned, 0.95) AS w) AS c
WHERE r.area_code = 'X99000001' AND r.period_start = '2020-01-01'
  AND r.outcome_group IN ('Charged/Summonsed', 'Out-of-court (informal)', 'Taken into consideration')
ORDER BY 1;
SELECT DISTINCT area_name, offence_subgroup FROM crimestats.outcome_rates WHERE area_code = 'X99000001';

-- offence_share: X99000001's year-ending periods, with the stalking share.
SELECT period_start, period_end, offence_code, offences, subgroup_offences,
       round(share_of_subgroup::numeric, 6) AS share,
       round(share_of_subgroup_lower::numeric, 6) AS lower,
       round(share_of_subgroup_upper::numeric, 6) AS upper,
       group_offences, round(share_of_group::numeric, 6) AS share_of_group
FROM crimestats.offence_share
WHERE area_code = 'X99000001' AND offence_code = '8Q'
ORDER BY period_end;
-- every code in the year ending December 2020 and June 2021
SELECT period_end, offence_code, offence_description, offence_subgroup, offences, subgroup_offences,
       round(share_of_subgroup::numeric, 6) AS share_of_subgroup, group_offences,
       round(share_of_group::numeric, 6) AS share_of_group,
       round(share_of_group_lower::numeric, 6) AS group_lower, round(share_of_group_upper::numeric, 6) AS group_upper
FROM crimestats.offence_share
WHERE area_code = 'X99000001' AND period_end IN ('2020-12-31', '2021-06-30')
ORDER BY period_end, offence_code;
SELECT (crimestats.wilson_ci(12, 132)).lower = share_of_subgroup_lower AS lower_same,
       (crimestats.wilson_ci(12, 132)).upper = share_of_subgroup_upper AS upper_same
FROM crimestats.offence_share
WHERE area_code = 'X99000001' AND period_end = '2020-12-31' AND offence_code = '8Q';

-- Quarterly data: one year-ending period; a negative net count has a
-- share but no interval.
SELECT area_name, period_start, period_end, offence_code, offences, subgroup_offences,
       round(share_of_subgroup::numeric, 6) AS share,
       round(share_of_subgroup_lower::numeric, 6) AS lower, round(share_of_subgroup_upper::numeric, 6) AS upper
FROM crimestats.offence_share
WHERE area_code = 'X99000002'
ORDER BY offence_code;

-- The views' columns are plain types a BI tool can chart, and commented.
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
       col_description(c.oid, a.attnum) IS NOT NULL AS commented
FROM pg_class AS c JOIN pg_attribute AS a ON a.attrelid = c.oid
WHERE c.oid IN ('crimestats.outcome_rates'::regclass, 'crimestats.offence_share'::regclass)
  AND a.attnum > 0
ORDER BY c.relname, a.attnum;
SELECT relname, reloptions, obj_description(oid, 'pg_class') IS NOT NULL AS commented
FROM pg_class WHERE oid IN ('crimestats.outcome_rates'::regclass, 'crimestats.offence_share'::regclass)
ORDER BY relname;

DELETE FROM crimestats.offence_outcome WHERE source = 'outcomes_views test';
DELETE FROM crimestats.recorded_offence WHERE source = 'outcomes_views test';
DELETE FROM crimestats.area WHERE code IN ('X99000001', 'X99000002');

-- The example dataset: the story's figures for the Metropolitan Police,
-- year ending September 2018.
BEGIN;
SELECT crimestats.load_example();
SELECT area_name, period_end, offences, subgroup_offences,
       round(100 * share_of_subgroup::numeric, 1) AS pct,
       round(100 * share_of_subgroup_lower::numeric, 1) AS pct_lower,
       round(100 * share_of_subgroup_upper::numeric, 1) AS pct_upper
FROM crimestats.offence_share
WHERE area_code = 'E23000001' AND period_end = '2018-09-30' AND offence_code = '8Q';
SELECT area_name, offence_subgroup, period_start, period_end, outcomes, assigned,
       round(100 * ratio::numeric, 1) AS pct,
       round(100 * lower::numeric, 1) AS pct_lower,
       round(100 * upper::numeric, 1) AS pct_upper
FROM crimestats.outcome_rates
WHERE area_code = 'E23000001' AND outcome_group = 'Charged/Summonsed';
-- the whole Met subgroup: 46,100 offences in every code's row
SELECT offence_code, offences, subgroup_offences FROM crimestats.offence_share
WHERE area_code = 'E23000001' AND period_end = '2018-09-30' ORDER BY offence_code;

-- outcome_rates_rows computes the rows in C (src/outcome_rates.c), reading
-- the area's rows through SPI as the calling role: the same rows in a
-- parallel worker as in the leader
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
CREATE TEMP TABLE or_serial AS SELECT * FROM crimestats.outcome_rates;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET :parallel_guc = on;
EXPLAIN (COSTS OFF) SELECT * FROM crimestats.outcome_rates WHERE area_code = 'E23000001';
SET :parallel_guc = regress;
SELECT (SELECT count(*) FROM or_serial) AS serial_rows,
       (SELECT count(*) FROM (SELECT * FROM crimestats.outcome_rates EXCEPT ALL TABLE or_serial) d) AS only_parallel,
       (SELECT count(*) FROM (TABLE or_serial EXCEPT ALL SELECT * FROM crimestats.outcome_rates) d) AS only_serial;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET :parallel_guc;
-- an area with no rows has none; NULL has none either
SELECT count(*) AS no_rows FROM crimestats.outcome_rates WHERE area_code = 'W92000004';
SELECT count(*) AS null_area FROM crimestats_internal.outcome_rates_rows(NULL);
ROLLBACK;

-- the error (SQLSTATE and message) a query raises, for the cases below
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- A sum beyond bigint: 22003, as 1.0's sum()::bigint raised; a group's
-- sum (two outcome types of one group, one offence code and period), then
-- assigned (two groups).
BEGIN;
INSERT INTO crimestats.area (code, name, kind) VALUES ('X99000003', 'Overflow', 'police_force_area');
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences) VALUES
  ('X99000003', '8L', '[2020-01-01,2021-01-01)', 2, 9000000000000000000),
  ('X99000003', '8L', '[2020-01-01,2021-01-01)', 3, 9000000000000000000);
SELECT pg_temp.err($$SELECT * FROM crimestats.outcome_rates WHERE area_code = 'X99000003'$$);
-- a negative adjustment in the same group bringing it back in range
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences) VALUES
  ('X99000003', '8Q', '[2020-01-01,2021-01-01)', 2, -9000000000000000000);
SELECT outcome_group, outcomes, assigned, ratio, lower, upper
FROM crimestats.outcome_rates WHERE area_code = 'X99000003' AND outcomes <> 0;
-- a second group past bigint with the first: assigned is out of range
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences) VALUES
  ('X99000003', '8L', '[2020-01-01,2021-01-01)', 1, 1000000000000000000);
SELECT pg_temp.err($$SELECT * FROM crimestats.outcome_rates WHERE area_code = 'X99000003'$$);
ROLLBACK;

-- offence_share_rows computes the rows in C (src/offence_share.c), reading
-- the area's rows through SPI as the calling role: the same rows in a
-- parallel worker as in the leader
BEGIN;
SELECT crimestats.load_example();
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
CREATE TEMP TABLE share_serial AS SELECT * FROM crimestats.offence_share;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL :parallel_guc = on;
EXPLAIN (COSTS OFF) SELECT * FROM crimestats.offence_share WHERE area_code = 'E23000001';
SET LOCAL :parallel_guc = regress;
SELECT (SELECT count(*) FROM share_serial) AS serial_rows,
       (SELECT count(*) FROM (SELECT * FROM crimestats.offence_share EXCEPT ALL TABLE share_serial) d) AS only_parallel,
       (SELECT count(*) FROM (TABLE share_serial EXCEPT ALL SELECT * FROM crimestats.offence_share) d) AS only_serial;
ROLLBACK;
-- an area with no rows has none; NULL has none either
SELECT count(*) AS no_rows FROM crimestats.offence_share WHERE area_code = 'W92000004';
SELECT count(*) AS null_area FROM crimestats_internal.offence_share_rows(NULL);

-- totals of zero: no share and no interval (wilson_ci is NULL for 0 out of
-- 0), nor for a net negative count
BEGIN;
INSERT INTO crimestats.area (code, name, kind) VALUES
  ('X99000003', 'Nets to zero', 'police_force_area'),
  ('X99000004', 'Nothing', 'police_force_area');
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences) VALUES
  ('X99000003', '8L', '[2020-01-01,2021-01-01)', 5),
  ('X99000003', '8Q', '[2020-01-01,2021-01-01)', -5),
  ('X99000004', '8L', '[2020-01-01,2021-01-01)', 0);
SELECT area_code, period_start, period_end, offence_code, offences, subgroup_offences,
       share_of_subgroup, share_of_subgroup_lower, share_of_subgroup_upper,
       group_offences, share_of_group, share_of_group_lower, share_of_group_upper
FROM crimestats.offence_share WHERE area_code IN ('X99000003', 'X99000004')
ORDER BY area_code, offence_code;
-- a subgroup's total beyond bigint: 22003, as 1.0's sum()::bigint raised
UPDATE crimestats.recorded_offence SET offences = 9000000000000000000 WHERE area_code = 'X99000003';
SELECT pg_temp.err($$SELECT * FROM crimestats.offence_share WHERE area_code = 'X99000003'$$);
ROLLBACK;
