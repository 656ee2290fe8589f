--
-- The year_ending view over the example dataset, and the schema's rules.
--
SET extra_float_digits = 0;
SELECT crimestats.load_example();

-- the story: Newham, year ending September 2018, and five years earlier
SELECT area_name, offence_subgroup, period_end, offences,
       round(per_day::numeric, 2) AS per_day,
       round(per_day_lower::numeric, 2) AS lower, round(per_day_upper::numeric, 2) AS upper,
       round(per_1000::numeric, 2) AS per_1000
FROM crimestats.year_ending
WHERE period_end IN ('2013-09-30', '2018-09-30')
ORDER BY area_code DESC, period_end;
-- exact values against DOMAIN section 6 (R poisson.test(1821)$conf.int / 365)
SELECT per_day = 1821 / 365.0::float8 AS estimate_ok,
       abs(per_day_lower / 4.762502070186724 - 1) < 1e-12 AS lower_ok,
       abs(per_day_upper / 5.223572433568083 - 1) < 1e-12 AS upper_ok,
       abs(per_1000 - 1821 / 352.005) < 1e-12 AS per_1000_ok
FROM crimestats.year_ending
WHERE area_code = 'E22000210' AND period_end = '2018-09-30';
-- the Met: 46,100 in the year ending September 2018, 8Q 1,329 of them
SELECT offences FROM crimestats.year_ending
WHERE area_code = 'E23000001' AND period_end = '2018-09-30';
SELECT sum(offences) AS stalking FROM crimestats.recorded_offence
WHERE area_code = 'E23000001' AND offence_code = '8Q' AND period <@ daterange('2017-10-01', '2018-10-01');
-- and the real 2017/18 quarters are there as published (40,787)
SELECT sum(offences) AS met_2017_18 FROM crimestats.recorded_offence
WHERE area_code = 'E23000001' AND period <@ daterange('2017-04-01', '2018-04-01');

-- one row per month end with 12 months behind it: Sep 2013 .. Sep 2018
SELECT area_code, count(*) AS month_ends, min(period_end), max(period_end)
FROM crimestats.year_ending GROUP BY area_code ORDER BY area_code;
-- a 366-day year: the year ending September 2016 contains 29 February
SELECT period_end, offences, per_day, offences / 366.0::float8 = per_day AS divided_by_366
FROM crimestats.year_ending WHERE area_code = 'E22000210' AND period_end = '2016-09-30';
-- the year ending February 2017 starts on 2016-03-01, after the leap day
-- (365 days), and the year ending February 2016 includes it (366 days)
SELECT period_end, offences, offences / per_day AS days
FROM crimestats.year_ending WHERE area_code = 'E22000210' AND period_end IN ('2016-02-29', '2017-02-28')
ORDER BY period_end;
-- the rate per 1,000 uses the latest population up to that year
SELECT period_end, round(per_1000::numeric, 4) AS per_1000
FROM crimestats.year_ending
WHERE area_code = 'E22000210' AND period_end IN ('2016-09-30', '2017-09-30', '2018-06-30')
ORDER BY period_end;

-- offence_share uses the same year-ending periods and subgroup totals
SELECT count(*) AS compared,
       count(*) FILTER (WHERE y.offences IS DISTINCT FROM s.subgroup_offences) AS disagreeing
FROM crimestats.year_ending AS y
FULL JOIN (SELECT DISTINCT area_code, offence_subgroup, period_end, subgroup_offences
           FROM crimestats.offence_share) AS s
  USING (area_code, offence_subgroup, period_end);

-- a month missing: no year ending covers it
DELETE FROM crimestats.recorded_offence
WHERE area_code = 'E22000210' AND period = daterange('2015-03-01', '2015-04-01');
SELECT count(*) AS month_ends_lost_to_a_gap FROM crimestats.year_ending
WHERE area_code = 'E22000210' AND period_end BETWEEN '2015-03-31' AND '2016-02-29';
SELECT crimestats.load_example();  -- loading again replaces the example rows
SELECT count(*) AS rows FROM crimestats.recorded_offence WHERE area_code = 'E22000210';

-- net adjustments: a negative total shows with NULL rates, and never
-- breaks the rest of the view
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'E09000001', '8L', daterange(m, (m + interval '1 month')::date), -1, 'rates_views test'
FROM (SELECT (date '2017-10-01' + k * interval '1 month')::date AS m FROM generate_series(0, 11) AS k) AS months;
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
VALUES ('E09000002', '8L', '[2018-01-01,2018-02-01)', -1, 'rates_views test');
SELECT area_name, period_end, offences, per_day, per_day_lower, per_day_upper, per_1000
FROM crimestats.year_ending WHERE area_code LIKE 'E0900000_' ORDER BY area_code, period_end;
SELECT count(*) AS rows_still_there FROM crimestats.year_ending;
DELETE FROM crimestats.recorded_offence WHERE source = 'rates_views test';

-- the schema's rules
\set VERBOSITY sqlstate
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences)
VALUES ('E22000210', '8L', '[2018-09-15,2018-10-15)', 1);      -- overlaps a loaded month
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences)
VALUES ('E22000210', '8L', '[2030-01-01,)', 1);                 -- unbounded
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences)
VALUES ('E22000210', 'XX', '[2030-01-01,2030-02-01)', 1);       -- unknown offence
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences)
VALUES ('NOWHERE', '8L', '[2030-01-01,2030-02-01)', 1);         -- unknown area
\set VERBOSITY default

-- a hostile search_path changes nothing
CREATE SCHEMA evil;
CREATE FUNCTION evil.sum(bigint) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint';
CREATE FUNCTION evil.upper(daterange) RETURNS date LANGUAGE sql AS 'SELECT date ''1900-01-01''';
CREATE FUNCTION evil.lower(daterange) RETURNS date LANGUAGE sql AS 'SELECT date ''1900-01-01''';
SET search_path = evil, public;
SELECT offences, round(per_day::numeric, 2) AS per_day
FROM crimestats.year_ending WHERE area_code = 'E22000210' AND period_end = '2018-09-30';
SELECT crimestats.load_example();
RESET search_path;
DROP SCHEMA evil CASCADE;

-- year_ending_rows computes the figures in C (src/year_ending.c), reading
-- the area's rows through SPI as the calling role: the same rows in a
-- parallel worker as in the leader
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_guc \gset
CREATE TEMP TABLE ye_serial AS SELECT * FROM crimestats.year_ending;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET :parallel_guc = on;
EXPLAIN (COSTS OFF) SELECT * FROM crimestats.year_ending WHERE area_code = 'E22000210';
SET :parallel_guc = regress;
SELECT (SELECT count(*) FROM ye_serial) AS serial_rows,
       (SELECT count(*) FROM (SELECT * FROM crimestats.year_ending EXCEPT ALL TABLE ye_serial) d) AS only_parallel,
       (SELECT count(*) FROM (TABLE ye_serial EXCEPT ALL SELECT * FROM crimestats.year_ending) d) AS only_serial;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET :parallel_guc;
-- an area with no rows has no figures; NULL has none either
SELECT count(*) AS no_rows FROM crimestats.year_ending WHERE area_code = 'W92000004';
SELECT count(*) AS null_area FROM crimestats_internal.year_ending_rows(NULL);

-- a period's total beyond bigint (two codes of a subgroup, one period):
-- 22003, as 1.0's sum()::bigint raised
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
BEGIN;
INSERT INTO crimestats.area (code, name, kind, parent_code) VALUES ('X99000001', 'Overflow', 'community_safety_partnership', 'E23000001');
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences)
SELECT 'X99000001', o.code, '[2020-01-01,2021-01-01)', 9000000000000000000
FROM (SELECT code FROM crimestats.offence WHERE offence_subgroup = 'Stalking and harassment' ORDER BY code LIMIT 2) AS o;
SELECT pg_temp.err($$SELECT * FROM crimestats.year_ending WHERE area_code = 'X99000001'$$);
-- a negative adjustment bringing it back in range: one figure
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences)
SELECT 'X99000001', o.code, '[2020-01-01,2021-01-01)', -9000000000000000000
FROM (SELECT code FROM crimestats.offence WHERE offence_subgroup = 'Stalking and harassment' ORDER BY code OFFSET 2 LIMIT 1) AS o;
SELECT offence_subgroup, period_end, offences, per_day, per_1000
FROM crimestats.year_ending WHERE area_code = 'X99000001';
ROLLBACK;

-- every object of the extension has a comment
SELECT pg_describe_object(classid, objid, objsubid) AS uncommented
FROM pg_depend AS d
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'crimestats')
  AND d.deptype = 'e'
  AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL
  -- but not a table's or view's own row type, nor an array type: they come
  -- with the relation or type and are not commented (PostgreSQL 17 and later
  -- record them as members of the extension too)
  AND NOT (d.classid = 'pg_type'::regclass AND EXISTS (
        SELECT FROM pg_type AS t
        WHERE t.oid = d.objid
          AND (EXISTS (SELECT FROM pg_class AS c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
               OR EXISTS (SELECT FROM pg_type AS e WHERE e.typarray = t.oid))))
ORDER BY 1;
-- and every view column too
SELECT c.relname, a.attname AS uncommented_column
FROM pg_class AS c JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'crimestats'::regnamespace AND c.relkind IN ('v', 'r')
  AND col_description(c.oid, a.attnum) IS NULL AND NOT a.attisdropped
ORDER BY 1, 2;

DELETE FROM crimestats.offence_outcome WHERE source LIKE 'crimestats example%';
DELETE FROM crimestats.recorded_offence WHERE source LIKE 'crimestats example%';
DELETE FROM crimestats.area_population WHERE source LIKE 'crimestats example%';
