--
-- The views of 1.1 work area by area (year_ending, offence_growth,
-- outcome_rates, offence_share); they must give exactly the rows the 1.0
-- definitions gave.  The 1.0 definitions are read from the frozen install
-- script into schema crimestats_1_0 and compared with EXCEPT ALL both ways
-- on irregular data: monthly, quarterly, weekly, yearly and two-month
-- periods mixed in one area, a gap, codes that start late or stop early,
-- sparse months, negative adjustments and totals, areas without a
-- population, with a late one, with no data and with eleven months only.
-- (bench/national.sh makes the same comparison at national scale.)
--
SET extra_float_digits = 0;
CREATE SCHEMA crimestats_1_0;
\set views_1_0 `awk '/^CREATE VIEW crimestats[.](year_ending|offence_growth|outcome_rates|offence_share) /{p=1} p && /^COMMENT ON VIEW/{p=0} p' crimestats--1.0.sql | sed -e 's/crimestats[.]year_ending/crimestats_1_0.year_ending/g' -e 's/^CREATE VIEW crimestats[.]/CREATE VIEW crimestats_1_0./'`
:views_1_0
SELECT c.relname AS view_1_0 FROM pg_class c
WHERE c.relnamespace = 'crimestats_1_0'::regnamespace ORDER BY 1;

BEGIN;
-- six test areas
INSERT INTO crimestats.area (code, name, kind, parent_code) VALUES
  ('X98000001', 'Mixed periods', 'community_safety_partnership', 'E23000001'),
  ('X98000002', 'Financial quarters', 'community_safety_partnership', 'E23000001'),
  ('X98000003', 'No population', 'community_safety_partnership', 'E23000001'),
  ('X98000004', 'Late population', 'community_safety_partnership', 'E23000001'),
  ('X98000005', 'No data', 'community_safety_partnership', 'E23000001'),
  ('X98000006', 'Eleven months', 'community_safety_partnership', 'E23000001');
INSERT INTO crimestats.area_population (area_code, year, population, source) VALUES
  ('X98000001', 2014, 250000, 'eq'), ('X98000001', 2016, 260000, 'eq'), ('X98000001', 2017, 265000, 'eq'),
  ('X98000002', 2010, 100000, 'eq'), ('X98000002', 2015, 120000, 'eq'),
  ('X98000004', 2017, 90000, 'eq'),
  ('X98000006', 2018, 50000, 'eq');
-- mixed: monthly 8L with a gap (July 2016) and adjustments
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000001', '8L', daterange(m::date, (m + interval '1 month')::date),
	   CASE WHEN m = '2017-03-01' THEN -4 ELSE 20 + (extract(month FROM m)::int * 7) % 11 END, 'eq'
FROM generate_series(date '2015-01-01', date '2018-12-01', interval '1 month') AS m
WHERE m <> '2016-07-01';
-- quarterly 8Q in the same subgroup (peers with the monthly rows at quarter ends)
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000001', '8Q', daterange(q::date, (q + interval '3 months')::date), 3 + (extract(month FROM q)::int % 4), 'eq'
FROM generate_series(date '2015-01-01', date '2018-10-01', interval '3 months') AS q;
-- 8R starts late, 8M stops early (monthly)
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000001', '8R', daterange(m::date, (m + interval '1 month')::date), 9, 'eq'
FROM generate_series(date '2017-04-01', date '2018-12-01', interval '1 month') AS m;
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000001', '8M', daterange(m::date, (m + interval '1 month')::date), 1 - (extract(month FROM m)::int % 3), 'eq'
FROM generate_series(date '2015-01-01', date '2016-06-01', interval '1 month') AS m;
-- homicide: sparse months, netting negative in one year
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000001', '1/4.1/4.10/4.2', daterange(m::date, (m + interval '1 month')::date),
	   CASE WHEN extract(year FROM m) = 2016 THEN -1 ELSE 1 END, 'eq'
FROM generate_series(date '2015-02-01', date '2018-12-01', interval '5 months') AS m;
-- 105A: calendar years (straddle most twelve-month windows)
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000001', '105A', daterange(make_date(y, 1, 1), make_date(y + 1, 1, 1)), 400 + y % 7, 'eq'
FROM generate_series(2015, 2018) AS y;
-- 8N: weekly periods (ends in mid-month)
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000001', '8N', daterange(d::date, (d + interval '7 days')::date), 30 + (extract(doy FROM d)::int % 9), 'eq'
FROM generate_series(date '2016-01-04', date '2018-11-26', interval '7 days') AS d;
-- 30C: two-month periods starting mid-month
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000001', '30C', daterange(d::date, (d + interval '2 months')::date), 12, 'eq'
FROM generate_series(date '2015-01-15', date '2018-09-15', interval '2 months') AS d;
-- financial quarters, one code missing some quarters
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000002', c.code, crimestats.ho_quarter(format('%s/%s', y, lpad(((y + 1) % 100)::text, 2, '0')), q::text),
	   (y * 13 + q * 7 + length(c.code) * 5) % 40 - CASE WHEN c.code = '8M' THEN 15 WHEN c.code = '1/4.1/4.10/4.2' AND y = 2016 THEN 60 ELSE 0 END, 'eq'
FROM generate_series(2012, 2018) AS y, generate_series(1, 4) AS q,
	 (VALUES ('8L'), ('8M'), ('8Q'), ('8R'), ('56B'), ('30C'), ('1/4.1/4.10/4.2')) AS c(code)
WHERE NOT (c.code = '8R' AND y < 2017) AND NOT (c.code = '56B' AND y = 2015 AND q IN (2, 3));
-- copies of part of the quarterly data for the other areas
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT t.code, r.offence_code, r.period, r.offences + 1, 'eq'
FROM crimestats.recorded_offence AS r, (VALUES ('X98000003'), ('X98000004')) AS t(code)
WHERE r.area_code = 'X98000002' AND r.offence_code IN ('8L', '8Q', '56B');
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X98000006', '8L', daterange(m::date, (m + interval '1 month')::date), 5, 'eq'
FROM generate_series(date '2018-01-01', date '2018-11-01', interval '1 month') AS m;
-- outcomes: two periods, some groups empty, type 0, adjustments that push
-- a group below 0 or above the total
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, investigations_closed, source)
SELECT a.code, c.code, p.period, t.code,
	   CASE WHEN t.code = 8 AND c.code = '8Q' THEN -3
			WHEN t.code = 1 AND c.code = '56B' THEN 50
			ELSE (length(c.code) * 3 + t.code * 2 + extract(month FROM lower(p.period))::int) % 13 END,
	   NULL, 'eq'
FROM (VALUES ('X98000001'), ('X98000002')) AS a(code),
	 (VALUES ('8L'), ('8Q'), ('56B'), ('1/4.1/4.10/4.2')) AS c(code),
	 (VALUES (daterange('2017-04-01', '2017-07-01')), (daterange('2017-07-01', '2017-10-01')),
			 (daterange('2018-01-01', '2019-01-01'))) AS p(period),
	 (VALUES (0), (1), (3), (8), (14), (18)) AS t(code)
WHERE NOT (c.code = '56B' AND t.code NOT IN (0, 1))
  AND NOT (a.code = 'X98000002' AND c.code = '1/4.1/4.10/4.2');

-- what the data exercises
SELECT area_code, count(*) AS year_ends,
	   count(*) FILTER (WHERE per_1000 IS NULL) AS without_population,
	   count(*) FILTER (WHERE per_day IS NULL) AS negative_total
FROM crimestats.year_ending WHERE area_code LIKE 'X98%' GROUP BY 1 ORDER BY 1;
SELECT area_code, offence_subgroup, cagr IS NULL AS negative_year, crosses_break
FROM crimestats.offence_growth WHERE area_code LIKE 'X98%' ORDER BY 1, 2;
SELECT count(*) AS share_rows,
	   count(*) FILTER (WHERE share_of_subgroup_lower IS NULL) AS no_subgroup_interval,
	   count(*) FILTER (WHERE share_of_group_lower IS NULL) AS no_group_interval
FROM crimestats.offence_share WHERE area_code LIKE 'X98%';
SELECT count(*) AS outcome_rows, count(*) FILTER (WHERE lower IS NULL) AS no_interval
FROM crimestats.outcome_rates WHERE area_code LIKE 'X98%';

-- 1.1 against 1.0: rows only one of them gives (0 and 0 everywhere)
SELECT 'year_ending' AS view,
	   (SELECT count(*) FROM crimestats.year_ending WHERE area_code LIKE 'X98%') AS rows_now,
	   (SELECT count(*) FROM (SELECT * FROM crimestats.year_ending WHERE area_code LIKE 'X98%' EXCEPT ALL SELECT * FROM crimestats_1_0.year_ending WHERE area_code LIKE 'X98%') d) AS only_now,
	   (SELECT count(*) FROM (SELECT * FROM crimestats_1_0.year_ending WHERE area_code LIKE 'X98%' EXCEPT ALL SELECT * FROM crimestats.year_ending WHERE area_code LIKE 'X98%') d) AS only_1_0
UNION ALL
SELECT 'offence_growth',
	   (SELECT count(*) FROM crimestats.offence_growth WHERE area_code LIKE 'X98%'),
	   (SELECT count(*) FROM (SELECT * FROM crimestats.offence_growth WHERE area_code LIKE 'X98%' EXCEPT ALL SELECT * FROM crimestats_1_0.offence_growth WHERE area_code LIKE 'X98%') d),
	   (SELECT count(*) FROM (SELECT * FROM crimestats_1_0.offence_growth WHERE area_code LIKE 'X98%' EXCEPT ALL SELECT * FROM crimestats.offence_growth WHERE area_code LIKE 'X98%') d)
UNION ALL
SELECT 'outcome_rates',
	   (SELECT count(*) FROM crimestats.outcome_rates WHERE area_code LIKE 'X98%'),
	   (SELECT count(*) FROM (SELECT * FROM crimestats.outcome_rates WHERE area_code LIKE 'X98%' EXCEPT ALL SELECT * FROM crimestats_1_0.outcome_rates WHERE area_code LIKE 'X98%') d),
	   (SELECT count(*) FROM (SELECT * FROM crimestats_1_0.outcome_rates WHERE area_code LIKE 'X98%' EXCEPT ALL SELECT * FROM crimestats.outcome_rates WHERE area_code LIKE 'X98%') d)
UNION ALL
SELECT 'offence_share',
	   (SELECT count(*) FROM crimestats.offence_share WHERE area_code LIKE 'X98%'),
	   (SELECT count(*) FROM (SELECT * FROM crimestats.offence_share WHERE area_code LIKE 'X98%' EXCEPT ALL SELECT * FROM crimestats_1_0.offence_share WHERE area_code LIKE 'X98%') d),
	   (SELECT count(*) FROM (SELECT * FROM crimestats_1_0.offence_share WHERE area_code LIKE 'X98%' EXCEPT ALL SELECT * FROM crimestats.offence_share WHERE area_code LIKE 'X98%') d);

-- and over the example dataset
SELECT crimestats.load_example();
SELECT 'year_ending' AS view,
	   (SELECT count(*) FROM (SELECT * FROM crimestats.year_ending EXCEPT ALL SELECT * FROM crimestats_1_0.year_ending) d) AS only_now,
	   (SELECT count(*) FROM (SELECT * FROM crimestats_1_0.year_ending EXCEPT ALL SELECT * FROM crimestats.year_ending) d) AS only_1_0
UNION ALL
SELECT 'offence_growth',
	   (SELECT count(*) FROM (SELECT * FROM crimestats.offence_growth EXCEPT ALL SELECT * FROM crimestats_1_0.offence_growth) d),
	   (SELECT count(*) FROM (SELECT * FROM crimestats_1_0.offence_growth EXCEPT ALL SELECT * FROM crimestats.offence_growth) d)
UNION ALL
SELECT 'outcome_rates',
	   (SELECT count(*) FROM (SELECT * FROM crimestats.outcome_rates EXCEPT ALL SELECT * FROM crimestats_1_0.outcome_rates) d),
	   (SELECT count(*) FROM (SELECT * FROM crimestats_1_0.outcome_rates EXCEPT ALL SELECT * FROM crimestats.outcome_rates) d)
UNION ALL
SELECT 'offence_share',
	   (SELECT count(*) FROM (SELECT * FROM crimestats.offence_share EXCEPT ALL SELECT * FROM crimestats_1_0.offence_share) d),
	   (SELECT count(*) FROM (SELECT * FROM crimestats_1_0.offence_share EXCEPT ALL SELECT * FROM crimestats.offence_share) d);
ROLLBACK;

SET client_min_messages = warning;
DROP SCHEMA crimestats_1_0 CASCADE;
