-- Multi-year growth views: classification breaks and offence_growth.
SET extra_float_digits = 0;
SET datestyle = 'ISO, YMD';

SELECT break_date, offence_subgroup, description, source LIKE 'Home Office%https://%' AS sourced, builtin
FROM crimestats.classification_break ORDER BY offence_subgroup, break_date;

-- the view's columns are plain types, each commented
SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type,
	   col_description(a.attrelid, a.attnum) IS NOT NULL AS commented
FROM pg_attribute a
WHERE a.attrelid = 'crimestats.offence_growth'::regclass AND a.attnum > 0
ORDER BY a.attnum;
SELECT reloptions FROM pg_class WHERE oid = 'crimestats.offence_growth'::regclass;

-- test data, rolled back at the end: two test areas
BEGIN;
INSERT INTO crimestats.area (code, name, kind) VALUES
	('X99000001', 'Growth test one', 'community_safety_partnership'),
	('X99000002', 'Growth test two', 'community_safety_partnership');
-- area one: monthly 8L and 8Q from October 2012 to September 2018, so that
-- the year ending September of 2013 .. 2018 are compared (and every
-- other month end too, but only September is the latest month)
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X99000001', c.code, daterange(m::date, (m + interval '1 month')::date),
	   c.base + extract(year FROM m)::int - 2012 + (extract(month FROM m)::int % 3),
	   'growth test'
FROM generate_series('2012-10-01'::date, '2018-09-01', '1 month') m,
	 (VALUES ('8L', 60), ('8Q', 5)) c(code, base);
-- area two: April 2018 to March 2020: YE March 2019 and 2020, a span that
-- starts exactly on the April 2018 break and ends before the April 2020
-- one, so it crosses none
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'X99000002', '8L', daterange(m::date, (m + interval '1 month')::date),
	   CASE WHEN m < '2019-04-01' THEN 10 ELSE 12 END, 'growth test'
FROM generate_series('2018-04-01'::date, '2020-03-01', '1 month') m;

SELECT area_code, area_name, offence_subgroup, first_period_end, last_period_end,
	   first_offences, last_offences, round(growth_factor::numeric, 10) AS growth_factor,
	   round(pct_change::numeric, 8) AS pct_change, round(cagr::numeric, 10) AS cagr,
	   round(trend_growth::numeric, 10) AS trend_growth, sparkline, crosses_break
FROM crimestats.offence_growth
WHERE area_code LIKE 'X99%' ORDER BY area_code, offence_subgroup;

-- checks: the yearly totals from year_ending, and the same figures by hand
SELECT period_end, offences FROM crimestats.year_ending
WHERE area_code = 'X99000001' AND date_part('month', period_end) = 9 ORDER BY period_end;
SELECT round((sum(offences) FILTER (WHERE period_end = '2018-09-30'))::numeric
			 / sum(offences) FILTER (WHERE period_end = '2013-09-30'), 10) AS growth_factor,
	   round(((sum(offences) FILTER (WHERE period_end = '2018-09-30'))::numeric
			  / sum(offences) FILTER (WHERE period_end = '2013-09-30'))
			 ^ (365.25 / ('2018-09-30'::date - '2013-09-30'::date)) - 1, 10) AS cagr
FROM crimestats.year_ending WHERE area_code = 'X99000001';

-- a break a day after the first period's start is crossed; moving the
-- breaks changes the answer
UPDATE crimestats.classification_break SET break_date = '2018-04-02'
WHERE break_date = '2018-04-01' AND offence_subgroup = 'Stalking and harassment';
SELECT area_code, crosses_break FROM crimestats.offence_growth WHERE area_code = 'X99000002';
-- users may add breaks of their own (kept by pg_dump, unlike builtin
-- rows); a break on the last period's end day counts as crossed
INSERT INTO crimestats.classification_break (break_date, offence_subgroup, description)
VALUES ('2020-03-31', 'Stalking and harassment', 'test break on the last day');
DELETE FROM crimestats.classification_break WHERE break_date = '2018-04-02';
SELECT area_code, crosses_break FROM crimestats.offence_growth WHERE area_code = 'X99000002';
SELECT extcondition[array_position(extconfig, 'crimestats.classification_break'::regclass::oid)] AS dump_condition
FROM pg_extension WHERE extname = 'crimestats';
ROLLBACK;
