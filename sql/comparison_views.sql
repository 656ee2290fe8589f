--
-- The views rate_comparison and outcome_comparison over the example
-- dataset and over test rows, against the scalar functions.  The first two
-- queries are the worked example of docs/comparisons.md, printed as psql
-- prints them.
--
SET extra_float_digits = 0;
SELECT crimestats.load_example();

-- Is Newham's rate of stalking and harassment higher than London's?
SELECT area_name, parent_name, offences, population,
       round(per_1000::numeric, 2) AS per_1000,
       round(parent_per_1000::numeric, 2) AS parent_per_1000,
       round(ratio_to_parent::numeric, 3) AS ratio,
       round(ratio_lower::numeric, 3) AS lower,
       round(ratio_upper::numeric, 3) AS upper,
       significance
FROM crimestats.rate_comparison
WHERE area_name = 'Newham' AND period_end = '2018-09-30';
-- the same from the scalar functions, with the Met's 46,100 offences on
-- 8,899,000 residents as the comparator rate per head
SELECT crimestats.rate_significance(1821, 352005, 46100 / 8899000.0) AS significance,
       round(((crimestats.rate_funnel(46100 / 8899000.0, 352005)).lower * 1000)::numeric, 2) AS funnel_lower_per_1000,
       round(((crimestats.rate_funnel(46100 / 8899000.0, 352005)).upper * 1000)::numeric, 2) AS funnel_upper_per_1000;

-- The view's every figure is the scalar functions' arithmetic, exactly
SELECT r.significance = crimestats.rate_significance(1821, 352005, 46100 / 8899000.0)::text AS significance_same,
       r.per_1000 = crimestats.rate_per(1821, 352005) AS per_1000_same,
       r.parent_per_1000 = crimestats.rate_per(46100, 8899000) AS parent_per_1000_same,
       r.expected = (46100::float8 / 8899000::float8) * 352005 AS expected_same,
       r.ratio_to_parent = 1821 / r.expected AS ratio_same,
       r.ratio_lower = (crimestats.poisson_ci(1821)).lower / r.expected AS lower_same,
       r.ratio_upper = (crimestats.poisson_ci(1821)).upper / r.expected AS upper_same,
       r.offences = y.offences AND r.per_1000 = y.per_1000 AS year_ending_same
FROM crimestats.rate_comparison AS r
JOIN crimestats.year_ending AS y USING (area_code, offence_subgroup, period_end)
WHERE r.area_code = 'E22000210' AND r.period_end = '2018-09-30';

-- One row per month end both areas have in year_ending; comparisons only
-- where both have a population (mid-2017 on in the example)
SELECT count(*) AS rows, count(significance) AS compared, min(period_end), max(period_end),
       min(period_end) FILTER (WHERE significance IS NOT NULL) AS first_compared
FROM crimestats.rate_comparison;
SELECT period_end, offences, round(ratio_to_parent::numeric, 3) AS ratio,
       round(ratio_lower::numeric, 3) AS lower, round(ratio_upper::numeric, 3) AS upper, significance
FROM crimestats.rate_comparison
WHERE period_end IN ('2016-12-31', '2017-01-31', '2017-09-30', '2018-03-31', '2018-09-30')
ORDER BY period_end;

-- Test areas (not published figures): other London partnerships over the
-- year ending September 2018, one for each label, a net negative total and
-- one without a population
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT v.code, '8L', daterange(m, (m + interval '1 month')::date),
       (v.total * (k + 1)) / 12 - (v.total * k) / 12, 'comparison_views test'
FROM (VALUES ('E22000211', 1418), ('E22000186', 1200), ('E22000197', 1500),
             ('E22000201', 1450), ('E22000208', 1400), ('E22000190', -12),
             ('E22000213', 1600)) AS v(code, total),
     LATERAL (SELECT k, (date '2017-10-01' + k * interval '1 month')::date AS m
              FROM generate_series(0, 11) AS k) AS months;
INSERT INTO crimestats.area_population (area_code, year, population, source) VALUES
	('E22000211', 2018, 300000, 'comparison_views test'), ('E22000186', 2018, 210000, 'comparison_views test'),
	('E22000197', 2018, 300000, 'comparison_views test'), ('E22000201', 2018, 259000, 'comparison_views test'),
	('E22000208', 2018, 285000, 'comparison_views test'), ('E22000190', 2018, 330000, 'comparison_views test');
SELECT area_name, offences, population, round(per_1000::numeric, 2) AS per_1000,
       round(expected::numeric, 1) AS expected, round(ratio_to_parent::numeric, 3) AS ratio,
       round(ratio_lower::numeric, 3) AS lower, round(ratio_upper::numeric, 3) AS upper, significance
FROM crimestats.rate_comparison
WHERE period_end = '2018-09-30'
ORDER BY ratio_to_parent NULLS LAST, area_name;
-- every compared row against the scalar function and poisson_ci
SELECT count(*) AS compared,
       count(*) FILTER (WHERE significance IS DISTINCT FROM
         crimestats.rate_significance(offences, population, parent_offences::float8 / parent_population)::text
         OR ratio_lower IS DISTINCT FROM (crimestats.poisson_ci(offences)).lower / expected
         OR ratio_upper IS DISTINCT FROM (crimestats.poisson_ci(offences)).upper / expected) AS diffs
FROM crimestats.rate_comparison WHERE significance IS NOT NULL;
-- a parent without figures for the same months gives no row (the City of
-- London's force area has none here)
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
VALUES ('E22000180', '8L', '[2017-10-01,2018-10-01)', 150, 'comparison_views test');
SELECT count(*) AS city_rows FROM crimestats.rate_comparison WHERE area_code = 'E22000180';
DELETE FROM crimestats.recorded_offence WHERE source = 'comparison_views test';
DELETE FROM crimestats.area_population WHERE source = 'comparison_views test';

-- outcome_comparison: with the example data the Met is the only force
-- with outcomes, so it is compared with itself
SELECT area_name, area_kind, outcome_group, outcomes, assigned, round(ratio::numeric, 4) AS ratio,
       comparator_outcomes, comparator_assigned, significance
FROM crimestats.outcome_comparison
WHERE outcome_group = 'Charged/Summonsed';
-- Test forces (not published figures): charge rates around the Met's,
-- one with nothing assigned and one with a net negative count
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
SELECT v.code, '8L', '[2017-10-01,2018-10-01)', o.outcome, o.n, 'comparison_views test'
FROM (VALUES ('E23000002', 150, 2000), ('E23000003', 330, 4000), ('E23000004', 60, 1500),
             ('E23000005', 100, 2000), ('E23000006', 230, 5000), ('E23000007', 0, 0),
             ('E23000008', -5, 300)) AS v(code, charged, others),
     LATERAL (VALUES (1, v.charged), (18, v.others)) AS o(outcome, n);
SELECT area_name, outcomes, assigned, round(ratio::numeric, 4) AS ratio,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper,
       round(comparator_ratio::numeric, 6) AS comparator_ratio, significance
FROM crimestats.outcome_comparison
WHERE outcome_group = 'Charged/Summonsed'
ORDER BY ratio NULLS LAST, area_name;
-- the comparator by hand (comparable areas only), and every label from the
-- scalar function with it
WITH hand AS (
	SELECT outcome_group,
	       sum(outcomes) FILTER (WHERE assigned > 0 AND outcomes BETWEEN 0 AND assigned) AS o,
	       sum(assigned) FILTER (WHERE assigned > 0 AND outcomes BETWEEN 0 AND assigned) AS a
	FROM crimestats.outcome_rates GROUP BY outcome_group
)
SELECT count(*) AS rows, count(c.significance) AS labelled,
       count(*) FILTER (WHERE c.comparator_ratio IS DISTINCT FROM h.o::float8 / h.a::float8) AS comparator_diffs,
       count(*) FILTER (WHERE c.significance IS DISTINCT FROM
         CASE WHEN c.assigned > 0 AND c.outcomes BETWEEN 0 AND c.assigned
              THEN crimestats.proportion_significance(c.outcomes, c.assigned, c.comparator_ratio)::text END)
         AS label_diffs
FROM crimestats.outcome_comparison AS c JOIN hand AS h USING (outcome_group);
-- partnerships are compared with partnerships, not forces
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
VALUES ('E22000210', '8L', '[2017-10-01,2018-10-01)', 1, 40, 'comparison_views test'),
       ('E22000210', '8L', '[2017-10-01,2018-10-01)', 18, 960, 'comparison_views test');
SELECT area_name, area_kind, outcomes, assigned, comparator_outcomes, comparator_assigned, significance
FROM crimestats.outcome_comparison
WHERE outcome_group = 'Charged/Summonsed' AND area_code IN ('E22000210', 'E23000001')
ORDER BY area_code;
DELETE FROM crimestats.offence_outcome WHERE source = 'comparison_views test';

-- security_invoker, and every column commented
SELECT c.relname, c.reloptions,
       count(a.attnum) AS columns,
       count(a.attnum) FILTER (WHERE col_description(c.oid, a.attnum) IS NULL) AS uncommented,
       obj_description(c.oid, 'pg_class') IS NOT NULL AS view_commented
FROM pg_class AS c JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'crimestats'::regnamespace AND c.relname IN ('rate_comparison', 'outcome_comparison')
GROUP BY c.oid, c.relname, c.reloptions ORDER BY c.relname;
-- plain column types a BI tool can chart
SELECT table_name, string_agg(DISTINCT data_type, ', ' ORDER BY data_type) AS types
FROM information_schema.columns
WHERE table_schema = 'crimestats' AND table_name IN ('rate_comparison', 'outcome_comparison')
GROUP BY table_name ORDER BY table_name;

-- a hostile search_path changes nothing
CREATE SCHEMA evil;
CREATE FUNCTION evil.sum(bigint) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint';
CREATE FUNCTION evil.poisson_ci(bigint, float8) RETURNS crimestats.estimate LANGUAGE sql
  AS 'SELECT NULL::crimestats.estimate';
CREATE FUNCTION evil.rate_significance(bigint, float8, float8, text) RETURNS crimestats.significance
  LANGUAGE sql AS 'SELECT ''higher (99.8%)''::crimestats.significance';
SET search_path = evil, public;
SELECT offences, round(ratio_lower::numeric, 3) AS lower, significance
FROM crimestats.rate_comparison WHERE area_code = 'E22000210' AND period_end = '2018-09-30';
SELECT comparator_assigned, significance FROM crimestats.outcome_comparison
WHERE outcome_group = 'Charged/Summonsed';
RESET search_path;
DROP SCHEMA evil CASCADE;

-- The opening queries of docs/comparisons.md, on the example data
SELECT area_name, parent_name, per_1000, parent_per_1000, significance
FROM crimestats.rate_comparison WHERE period_end = '2018-09-30';
SELECT crimestats.rate_significance(1821, 352005, 46100 / 8899000.0);   -- similar
SELECT crimestats.proportion_significance(2250, 45000, 0.06);          -- lower (99.8%)
SELECT area_name, ratio,
       crimestats.proportion_significance(outcomes, assigned) OVER () AS significance
FROM crimestats.outcome_rates WHERE outcome_group = 'Charged/Summonsed';
SELECT area_name, period_end, outcome_group, ratio,
       crimestats.proportion_significance(outcomes, assigned)
         OVER (PARTITION BY offence_subgroup, period_end, outcome_group) AS significance
FROM crimestats.outcome_rates
ORDER BY outcome_group;
