-- The example dataset, loaded by SELECT crimestats.load_example() (never by
-- CREATE EXTENSION).  It reproduces the figures of a local news story
-- (Newham Recorder, 15 April 2019): Newham recorded 1,821 stalking and
-- harassment offences in the year ending September 2018 ("five a day"), more
-- than double five years earlier; the Metropolitan Police recorded 46,100,
-- of which 1,329 were stalking, and charged in 5% of cases.
--
-- What is real and what is illustrative:
-- * Metropolitan Police (E23000001), April 2017 to March 2018: the real
--   quarterly counts of 8L, 8M, 8Q and 8R from the Home Office police
--   recorded crime open data table 2017/18 (data/prc-pfa-2017-18.csv),
--   each quarter split evenly over its months (the split is illustrative,
--   the quarterly totals are not).
-- * Everything else is ILLUSTRATIVE, made to match the story: Met counts
--   before April 2017 and from April 2018 (chosen so that the year ending
--   September 2018 totals 46,100 with 1,329 stalking), all Newham counts
--   (only the 1,821 total for the year ending September 2018 is published),
--   the Met outcomes (type 1, charged/summonsed, is 5.0% of assigned
--   outcomes), and the Metropolitan Police area's mid-2017 and mid-2018
--   populations (8,817,000 and 8,899,000: about the ONS estimates for
--   London less the City of London, rounded to the thousand), which let
--   rate_comparison set Newham against the Met.
-- * Newham's mid-2017 and mid-2018 populations are ONS estimates quoted in
--   the press (347,996 and 352,005).
-- Every loaded row has source = 'crimestats example (...)', so the real and
-- the illustrative rows can be told apart in queries too.

CREATE OR REPLACE FUNCTION crimestats.load_example() RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
	DELETE FROM crimestats.offence_outcome WHERE source LIKE 'crimestats example%';
	DELETE FROM crimestats.recorded_offence WHERE source LIKE 'crimestats example%';
	DELETE FROM crimestats.area_population WHERE source LIKE 'crimestats example%';

	-- Newham: one total per code and year ending September, spread over the
	-- twelve months so that each year sums exactly to its total.
	INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	SELECT 'E22000210', y.code,
		   pg_catalog.daterange(m.first_day, (m.first_day + interval '1 month')::date),
		   (y.total * (m.k + 1)) / 12 - (y.total * m.k) / 12,
		   'crimestats example (illustrative)'
	FROM (VALUES
			(2013, '8L', 820), (2013, '8M', 30),
			(2014, '8L', 872), (2014, '8M', 33),
			(2015, '8L', 990), (2015, '8M', 35), (2015, '8Q', 25),
			(2016, '8L', 1130), (2016, '8M', 39), (2016, '8Q', 35),
			(2017, '8L', 1300), (2017, '8M', 41), (2017, '8Q', 48),
			(2018, '8L', 1010), (2018, '8M', 37), (2018, '8Q', 52), (2018, '8R', 722)
		 ) AS y(year_ending, code, total)
	CROSS JOIN LATERAL (
		SELECT k, (pg_catalog.make_date(y.year_ending - 1, 10, 1) + k * interval '1 month')::date AS first_day
		FROM pg_catalog.generate_series(0, 11) AS k
	) AS m;

	-- Metropolitan Police: one total per code and quarter, spread over the
	-- three months of the quarter.  Quarters of 2017/18 are real.
	INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	SELECT 'E23000001', q.code,
		   pg_catalog.daterange(m.first_day, (m.first_day + interval '1 month')::date),
		   (q.total * (m.k + 1)) / 3 - (q.total * m.k) / 3,
		   CASE WHEN q.quarter_start >= '2017-04-01' AND q.quarter_start < '2018-04-01'
				THEN 'crimestats example (Home Office open data table 2017/18)'
				ELSE 'crimestats example (illustrative)' END
	FROM (
		-- illustrative quarters, October 2012 to March 2017: steady growth
		SELECT (DATE '2012-10-01' + n * interval '3 months')::date AS quarter_start, c.code,
			   pg_catalog.round(c.base * pg_catalog.power(1.035, n))::bigint AS total
		FROM pg_catalog.generate_series(0, 17) AS n,
			 (VALUES ('8L', 2600), ('8M', 55), ('8Q', 60), ('8R', 2300)) AS c(code, base)
		WHERE c.code <> '8Q' OR n >= 6		-- stalking recorded from April 2014
		UNION ALL
		SELECT v.quarter_start, v.code, v.total
		FROM (VALUES
			-- real: Home Office open data table 2017/18, Metropolitan Police
			(DATE '2017-04-01', '8L', 3501), ('2017-04-01', '8M', 72), ('2017-04-01', '8Q', 238), ('2017-04-01', '8R', 6201),
			('2017-07-01', '8L', 3655), ('2017-07-01', '8M', 71), ('2017-07-01', '8Q', 241), ('2017-07-01', '8R', 6132),
			('2017-10-01', '8L', 3415), ('2017-10-01', '8M', 62), ('2017-10-01', '8Q', 279), ('2017-10-01', '8R', 6415),
			('2018-01-01', '8L', 3278), ('2018-01-01', '8M', 53), ('2018-01-01', '8Q', 298), ('2018-01-01', '8R', 6876),
			-- illustrative: April to September 2018 (25,424 offences, 752 stalking)
			('2018-04-01', '8L', 3650), ('2018-04-01', '8M', 58), ('2018-04-01', '8Q', 368), ('2018-04-01', '8R', 8450),
			('2018-07-01', '8L', 3750), ('2018-07-01', '8M', 62), ('2018-07-01', '8Q', 384), ('2018-07-01', '8R', 8702)
		) AS v(quarter_start, code, total)
	) AS q
	CROSS JOIN LATERAL (
		SELECT k, (q.quarter_start + k * interval '1 month')::date AS first_day
		FROM pg_catalog.generate_series(0, 2) AS k
	) AS m;

	INSERT INTO crimestats.area_population (area_code, year, population, source) VALUES
		('E22000210', 2017, 347996, 'crimestats example (ONS mid-2017 estimate for Newham, as quoted in the press)'),
		('E22000210', 2018, 352005, 'crimestats example (ONS mid-2018 estimate for Newham, as quoted in the press)'),
		('E23000001', 2017, 8817000, 'crimestats example (illustrative: about the ONS mid-2017 estimate for London less the City of London)'),
		('E23000001', 2018, 8899000, 'crimestats example (illustrative: about the ONS mid-2018 estimate for London less the City of London)');

	-- Illustrative outcomes of the Met's stalking and harassment offences
	-- recorded in the year ending September 2018, by offence and outcome type:
	-- 1,100 not yet assigned (type 0), 45,000 assigned, 2,250 (5.0%) charged.
	INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
	SELECT 'E23000001', v.code, '[2017-10-01,2018-10-01)', v.outcome, v.n, 'crimestats example (illustrative)'
	FROM (VALUES
			('8L',0,338),
			('8L',1,690),
			('8L',2,29),
			('8L',3,277),
			('8L',6,4),
			('8L',8,368),
			('8L',9,32),
			('8L',10,47),
			('8L',11,7),
			('8L',12,11),
			('8L',13,16),
			('8L',14,2753),
			('8L',15,766),
			('8L',16,5173),
			('8L',17,93),
			('8L',18,2906),
			('8L',20,123),
			('8L',21,460),
			('8M',0,5),
			('8M',1,11),
			('8M',3,4),
			('8M',8,6),
			('8M',14,45),
			('8M',15,12),
			('8M',16,94),
			('8M',17,1),
			('8M',18,48),
			('8M',20,2),
			('8M',21,7),
			('8Q',0,31),
			('8Q',1,64),
			('8Q',2,2),
			('8Q',3,25),
			('8Q',8,34),
			('8Q',9,2),
			('8Q',10,4),
			('8Q',13,1),
			('8Q',14,259),
			('8Q',15,72),
			('8Q',16,500),
			('8Q',17,8),
			('8Q',18,273),
			('8Q',20,11),
			('8Q',21,43),
			('8R',0,726),
			('8R',1,1485),
			('8R',2,59),
			('8R',3,594),
			('8R',6,6),
			('8R',8,792),
			('8R',9,66),
			('8R',10,99),
			('8R',11,13),
			('8R',12,19),
			('8R',13,33),
			('8R',14,5943),
			('8R',15,1650),
			('8R',16,11233),
			('8R',17,198),
			('8R',18,6273),
			('8R',20,264),
			('8R',21,990)
		 ) AS v(code, outcome, n);
END
$fn$;
COMMENT ON FUNCTION crimestats.load_example() IS
  'Load the example dataset (Newham and the Metropolitan Police, stalking and harassment, October 2012 to September 2018; partly real, partly illustrative: see the README).  Safe to call again: replaces the example rows.';
