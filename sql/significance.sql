--
-- Comparing areas: the scalar significance functions and the funnel-plot
-- limits (src/significance.c).  The window forms are in
-- significance_window.sql, the views in comparison_views.sql, the accuracy
-- grid against R in significance_accuracy.sql.
--
SET extra_float_digits = 0;

-- the labels, in order (lowest first)
SELECT enum_range(NULL::crimestats.significance);
SELECT 'higher (95%)'::crimestats.significance > 'similar' AS higher_sorts_above;

-- Golden values ----------------------------------------------------------

-- Byar's bounds, DOMAIN.md section 6 (PHEindicatormethods byars_lower /
-- byars_upper, R): 65 at 95% and 99.8%, 1821 at 95%
SELECT name, pg_temp_relerr_ok AS within_1e12
FROM (SELECT name,
             abs(lower / want_lower - 1) < 1e-12 AND abs(upper / want_upper - 1) < 1e-12 AS pg_temp_relerr_ok
      FROM (SELECT 'Byar 65', (crimestats.poisson_ci(65, 0.95, 'byar')).lower,
                   (crimestats.poisson_ci(65, 0.95, 'byar')).upper, 50.16318771045945, 82.84913854593984
            UNION ALL
            SELECT 'Byar 65, 99.8%', (crimestats.poisson_ci(65, 0.998, 'byar')).lower,
                   (crimestats.poisson_ci(65, 0.998, 'byar')).upper, 42.88026147148020, 94.00029084431800
            UNION ALL
            SELECT 'Byar 1821', (crimestats.poisson_ci(1821, 0.95, 'byar')).lower,
                   (crimestats.poisson_ci(1821, 0.95, 'byar')).upper, 1738.312877510836, 1906.604275496218
            UNION ALL
            SELECT 'exact 1821', (crimestats.poisson_ci(1821, 0.95, 'exact')).lower,
                   (crimestats.poisson_ci(1821, 0.95, 'exact')).upper, 1738.313255618154, 1906.603938252350
           ) AS g(name, lower, upper, want_lower, want_upper)) AS t;
-- Byar on Newham's 1,821 per 1,000 of 352,005 (DOMAIN.md 7.2): [4.938319, 5.416412]
SELECT round(((crimestats.poisson_ci(1821, 0.95, 'byar')).lower / 352.005)::numeric, 6) AS lower,
       round(((crimestats.poisson_ci(1821, 0.95, 'byar')).upper / 352.005)::numeric, 6) AS upper;

-- Labels published with PHEindicatormethods (the R package behind Public
-- Health England's Fingertips tools), tests/testthat/
-- testdata_funnel_ratio_inputs.csv at commit 093fd288 (ratios, Fingertips
-- rule: exact below 10 events, Byar from 10) and
-- testdata_funnel_prop_inputs.csv (proportions, against the average of all
-- 303 areas, 0.806424478571495).  All 300 and 303 rows of those files
-- agree; a sample of each label is kept here.
CREATE TEMP TABLE phe_ratio (obs bigint, expected float8, phe_label text);
INSERT INTO phe_ratio VALUES
	(8, 6.239860227, 'Not significant'), (151, 106.4429719, 'High (0.001)'),
	(159, 232.9329036, 'Low (0.001)'), (191, 184.0963855, 'Not significant'),
	(206, 139.4719025, 'High (0.001)'), (150, 119.5695496, 'High (0.025)'),
	(182, 143.6804295, 'High (0.025)'), (0, 240.6273499, 'Low (0.001)'),
	(101, 126.2973615, 'Low (0.025)'), (241, 288.6919023, 'Low (0.025)'),
	(6, 4.293052052, 'Not significant'), (220, 249.8012944, 'Not significant');
CREATE FUNCTION pg_temp.phe(s crimestats.significance) RETURNS text LANGUAGE sql
  RETURN CASE s WHEN 'higher (99.8%)' THEN 'High (0.001)' WHEN 'higher (95%)' THEN 'High (0.025)'
                WHEN 'similar' THEN 'Not significant' WHEN 'lower (95%)' THEN 'Low (0.025)'
                ELSE 'Low (0.001)' END;
SELECT obs, expected, phe_label,
       crimestats.ratio_significance(obs, expected, 'byar') AS byar,
       pg_temp.phe(crimestats.ratio_significance(obs, expected, 'byar')) = phe_label AS agrees
FROM phe_ratio ORDER BY obs, expected;

CREATE TEMP TABLE phe_prop (area text, numerator float8, denominator float8, phe_label text);
INSERT INTO phe_prop VALUES
	('New Forest PCT', 35078.4880000, 41980, 'High (0.001)'),
	('Norwich PCT', 24803.6256000, 31824, 'Low (0.001)'),
	('South Gloucestershire PCT', 50050.7443000, 61921, 'Not significant'),
	('Havering PCT', 48686.4364000, 59804, 'High (0.001)'),
	('Dartford, Gravesham and Swanley PCT', 46855.9900000, 56453, 'High (0.001)'),
	('West Norfolk PCT', 26789.2380000, 33012, 'High (0.025)'),
	('North Tees PCT', 36850.0492000, 45449, 'High (0.025)'),
	('North Devon PCT', 30277.5312000, 37828, 'Low (0.025)');
SELECT area, numerator, denominator, phe_label,
       crimestats.proportion_significance(numerator, denominator, 0.806424478571495) AS label,
       pg_temp.phe(crimestats.proportion_significance(numerator, denominator, 0.806424478571495)) = phe_label AS agrees
FROM phe_prop ORDER BY area;

-- Funnel limits published with PHEindicatormethods (testdata_funnel_prop_
-- outputs.csv: percentages to 6 decimals around the same average;
-- testdata_funnel_ratio_outputs.csv: the expected events at which the
-- observed count's interval ends, from a bisection that stops at 1e-7 in a
-- transformed variable, so good to about 1e-6 of the larger of 1 and the
-- value; the limits are observed / those)
SELECT n, round((100 * (crimestats.proportion_funnel(0.806424478571495, n, 0.95)).lower)::numeric, 6) AS lower_95,
       round((100 * (crimestats.proportion_funnel(0.806424478571495, n, 0.95)).upper)::numeric, 6) AS upper_95,
       round((100 * (crimestats.proportion_funnel(0.806424478571495, n, 0.998)).lower)::numeric, 6) AS lower_998,
       round((100 * (crimestats.proportion_funnel(0.806424478571495, n, 0.998)).upper)::numeric, 6) AS upper_998,
       phe
FROM (VALUES (1, '3.204264, 100, 0, 100'), (3, '35.933491, 100, 10.150815, 100'),
             (24, '64.835445, 96.449451, 55.719892, 100'), (539, '77.306949, 83.977947, 75.38344, 85.901456'),
             (12316, '79.944665, 81.340231, 79.542269, 81.742627'),
             (110000, '80.408963, 80.875933, 80.274317, 81.010578')) AS v(n, phe)
ORDER BY n;
SELECT obs,
       abs(obs / (crimestats.ratio_funnel(obs, 0.95)).lower - lo95) <= 1e-6 * greatest(1, lo95) AS lower_95_ok,
       abs(obs / (crimestats.ratio_funnel(obs, 0.95)).upper - up95) <= 1e-6 * greatest(1, up95) AS upper_95_ok,
       abs(obs / (crimestats.ratio_funnel(obs, 0.998)).lower - lo998) <= 1e-6 * greatest(1, lo998) AS lower_998_ok,
       abs(obs / (crimestats.ratio_funnel(obs, 0.998)).upper - up998) <= 1e-6 * greatest(1, up998) AS upper_998_ok
FROM (VALUES (1, 5.571644585, 0.025317898, 9.233410143, 0.001000547),
             (9, 17.08479966, 4.11537405, 22.65737951, 2.452425215),
             (19, 29.67084937, 11.43924075, 36.70097961, 8.305592877),
             (70, 88.44079461, 54.5684461, 99.90930868, 46.96282314),
             (684, 737.2376756, 633.6939776, 768.7368323, 606.0208883))
     AS v(obs, lo95, up95, lo998, up998)
ORDER BY obs;

-- Every label, on both sides, at both levels --------------------------------

-- proportions: 65 out of 100, Wilson 95% [0.5525, 0.7364], 99.8% [0.4955, 0.7784]
SELECT comparator, crimestats.proportion_significance(65, 100, comparator)
FROM (VALUES (0.40), (0.50), (0.55), (0.65), (0.70), (0.75), (0.80)) AS v(comparator)
ORDER BY comparator;
-- counts: 65 cases, exact 95% [50.16, 82.85], 99.8% [42.88, 94.00] (expected counts)
SELECT expected, crimestats.ratio_significance(65, expected) AS exact,
       crimestats.ratio_significance(65, expected, 'byar') AS byar,
       crimestats.rate_significance(65, 1000, expected / 1000) AS as_rate
FROM (VALUES (40.0), (48.0), (60.0), (65.0), (80.0), (90.0), (100.0)) AS v(expected)
ORDER BY expected;
-- rates: Newham's 1,821 offences on 352,005 residents against rates per head
SELECT per_1000, crimestats.rate_significance(1821, 352005, per_1000 / 1000) AS label
FROM (VALUES (4.5), (4.9), (5.0), (5.173), (5.4), (5.45), (6.0)) AS v(per_1000)
ORDER BY per_1000;

-- The methods differ between the exact and Byar's bounds: 10 cases, an
-- expected count between the two 95% lower bounds
SELECT round((crimestats.poisson_ci(10, 0.95)).lower::numeric, 6) AS exact_lower,
       round((crimestats.poisson_ci(10, 0.95, 'byar')).lower::numeric, 6) AS byar_lower,
       crimestats.ratio_significance(10, 4.79) AS exact,
       crimestats.ratio_significance(10, 4.79, 'byar') AS byar;
-- and agree below 10 cases, where 'byar' is exact
SELECT bool_and(crimestats.ratio_significance(c, e) = crimestats.ratio_significance(c, e, 'byar')) AS same_below_10
FROM generate_series(0, 9) AS c, (VALUES (0.1), (1.0), (2.5), (7.0), (15.0)) AS v(e);

-- Boundaries -------------------------------------------------------------

-- an area exactly at the comparator is similar
SELECT crimestats.proportion_significance(65, 100, 0.65) AS proportion,
       crimestats.rate_significance(1821, 352005, 1821 / 352005.0) AS rate,
       crimestats.ratio_significance(65, 65) AS ratio,
       crimestats.proportion_significance(0.5, 1, 0.5) AS weighted;
-- a comparator on a bound of the interval is inside; just beyond, outside
WITH b AS (SELECT (crimestats.wilson_ci(65, 100, 0.95)).lower AS l95,
                  (crimestats.wilson_ci(65, 100, 0.998)).upper AS u998,
                  (crimestats.poisson_ci(65, 0.95)).upper AS pu95,
                  (crimestats.poisson_ci(65, 0.998)).lower AS pl998)
SELECT crimestats.proportion_significance(65, 100, l95) AS on_95_lower,
       crimestats.proportion_significance(65, 100, l95 * (1 - 1e-15)) AS below_it,
       crimestats.proportion_significance(65, 100, u998) AS on_998_upper,
       crimestats.proportion_significance(65, 100, u998 * (1 + 1e-15)) AS above_it,
       crimestats.ratio_significance(65, pu95) AS on_exact_95_upper,
       crimestats.ratio_significance(65, pu95 * (1 + 1e-15)) AS above_it,
       crimestats.ratio_significance(65, pl998) AS on_exact_998_lower,
       crimestats.ratio_significance(65, pl998 * (1 - 1e-15)) AS below_it
FROM b;
-- comparators 0 and 1 for proportions
SELECT hits, total, crimestats.proportion_significance(hits, total, 0) AS against_0,
       crimestats.proportion_significance(hits, total, 1) AS against_1
FROM (VALUES (0, 10), (1, 10), (9, 10), (10, 10), (0, 1000000000), (1000000000, 1000000000)) AS v(hits, total)
ORDER BY total, hits;
-- 0 cases: only an expected count above the upper bound (-ln 0.025 = 3.69,
-- -ln 0.001 = 6.91) is significant, and only as lower
SELECT expected, crimestats.ratio_significance(0, expected) AS exact,
       crimestats.ratio_significance(0, expected, 'byar') AS byar,
       crimestats.rate_significance(0, 10, expected / 10) AS as_rate
FROM (VALUES (0.001), (3.6), (3.7), (6.9), (7.0)) AS v(expected)
ORDER BY expected;
-- a comparator rate of 0: any case at all is higher
SELECT crimestats.rate_significance(0, 100, 0) AS zero_of_zero,
       crimestats.rate_significance(1, 100, 0) AS one_against_zero;

-- Funnel limits ------------------------------------------------------------

-- the limits as SQL shows them (Newham-sized areas around 5.18 per 1,000;
-- a 5% charge rate)
SELECT f.name, round(f.lower::numeric, 10) AS lower, round(f.upper::numeric, 10) AS upper
FROM (SELECT 'rate per head, 95%', (crimestats.rate_funnel(46100 / 8899000.0, 352005)).*
      UNION ALL
      SELECT 'rate per head, 99.8%', (crimestats.rate_funnel(46100 / 8899000.0, 352005, 0.998)).*
      UNION ALL
      SELECT 'proportion, 95%', (crimestats.proportion_funnel(0.05, 46100)).*
      UNION ALL
      SELECT 'ratio at 65 observed, 95%', (crimestats.ratio_funnel(65)).*) AS f(name, lower, upper);
-- boundaries: comparator 0 or 1, no upper limit at 0 observed, a tiny
-- expected count (the lower limit is 0: even 0 cases are within)
SELECT crimestats.proportion_funnel(0, 100) AS p0, crimestats.proportion_funnel(1, 100) AS p1,
       crimestats.proportion_funnel(0.5, 1) AS one_case,
       crimestats.ratio_funnel(0) AS ratio_0, crimestats.ratio_funnel(0, 0.998) AS ratio_0_998,
       crimestats.rate_funnel(0, 1000) AS rate_0,
       (crimestats.rate_funnel(0.001, 1000)).lower AS tiny_expected_lower;
-- the lower rate limit is 0 exactly while exp(-mu) >= alpha/2, mu <= -ln 0.025
SELECT mu, (crimestats.rate_funnel(mu, 1)).lower AS lower
FROM (VALUES (3.68), (3.6888794541139354), (3.69), (4.0)) AS v(mu) ORDER BY mu;
-- rate limits at integer counts are the points PHEindicatormethods draws:
-- at exposure upper(c) / rate the lower limit is c / exposure, at
-- exposure lower(c) / rate the upper limit is
SELECT c,
       abs((crimestats.rate_funnel(0.005, (crimestats.poisson_ci(c)).upper / 0.005)).lower
           * ((crimestats.poisson_ci(c)).upper / 0.005) / c - 1) < 1e-12 AS lower_point,
       abs((crimestats.rate_funnel(0.005, (crimestats.poisson_ci(c)).lower / 0.005)).upper
           * ((crimestats.poisson_ci(c)).lower / 0.005) / c - 1) < 1e-12 AS upper_point
FROM (VALUES (1), (2), (9), (10), (65), (1821), (1000000), (1000000000)) AS v(c) ORDER BY c;
-- limits narrow as areas grow, 99.8% outside 95%
SELECT bool_and(l95.lower >= l998.lower AND l95.upper <= l998.upper) AS nested,
       bool_and(l95.lower <= 0.05 AND l95.upper >= 0.05) AS around_comparator
FROM generate_series(1, 30) AS k,
     LATERAL crimestats.proportion_funnel(0.05, 10 ^ (k / 3.0)) AS l95,
     LATERAL crimestats.proportion_funnel(0.05, 10 ^ (k / 3.0), 0.998) AS l998;
SELECT count(*) AS steps,
       count(*) FILTER (WHERE NOT (b.lower >= a.lower AND b.upper <= a.upper)) AS not_narrowing
FROM generate_series(1, 40) AS k,
     LATERAL crimestats.rate_funnel(0.005, 100 * 1.5 ^ k) AS a,
     LATERAL crimestats.rate_funnel(0.005, 100 * 1.5 ^ (k + 1)) AS b;

-- A figure lies outside the limits at its own size exactly when it is
-- labelled at that level: funnels and labels are one test
SELECT count(*) AS areas,
       count(*) FILTER (WHERE (hits / total < f95.lower OR hits / total > f95.upper)
                        <> (s NOT IN ('similar'))) AS disagree_95,
       count(*) FILTER (WHERE (hits / total < f998.lower OR hits / total > f998.upper)
                        <> (s IN ('lower (99.8%)', 'higher (99.8%)'))) AS disagree_998
FROM (SELECT h::float8 AS hits, t::float8 AS total FROM generate_series(1, 400, 7) AS t,
             generate_series(0, 40, 3) AS h WHERE h <= t) AS a,
     LATERAL crimestats.proportion_funnel(0.06, total) AS f95,
     LATERAL crimestats.proportion_funnel(0.06, total, 0.998) AS f998,
     LATERAL crimestats.proportion_significance(hits, total, 0.06) AS s;
SELECT count(*) AS areas,
       count(*) FILTER (WHERE (cases / e < f95.lower OR cases / e > f95.upper)
                        <> (s NOT IN ('similar'))) AS disagree_95,
       count(*) FILTER (WHERE (cases / e < f998.lower OR cases / e > f998.upper)
                        <> (s IN ('lower (99.8%)', 'higher (99.8%)'))) AS disagree_998
FROM (SELECT c AS cases, (1000 * 1.37 ^ k)::float8 AS e FROM generate_series(0, 60, 4) AS c,
             generate_series(1, 14) AS k) AS a,
     LATERAL crimestats.rate_funnel(0.005, e) AS f95,
     LATERAL crimestats.rate_funnel(0.005, e, 0.998) AS f998,
     LATERAL crimestats.rate_significance(cases, e, 0.005) AS s;
SELECT count(*) AS areas,
       count(*) FILTER (WHERE (o / e < f95.lower OR o / e > f95.upper)
                        <> (s NOT IN ('similar'))) AS disagree_95
FROM (SELECT o, (o * m)::float8 + 0.5 AS e FROM generate_series(1, 200, 9) AS o,
             (VALUES (0.3), (0.6), (0.8), (1.0), (1.3), (1.8), (2.5)) AS v(m)) AS a,
     LATERAL crimestats.ratio_funnel(o) AS f95,
     LATERAL crimestats.ratio_significance(o, e) AS s;

-- Large counts: 10^9 without overflow or lost digits ------------------------
SELECT crimestats.proportion_significance(500000000, 1000000000, 0.5) AS half_of_1e9,
       crimestats.proportion_significance(500050000, 1000000000, 0.5) AS z_about_3_16,
       crimestats.proportion_significance(500100000, 1000000000, 0.5) AS z_about_6_3,
       crimestats.rate_significance(1000000000, 1e9, 1) AS at_rate,
       crimestats.rate_significance(1000000000, 1e9, 1 - 1e-4) AS z_3_16,
       crimestats.ratio_significance(1000000000, 1e9 + 1e5) AS lower_z_3_16,
       crimestats.ratio_significance(1000000000, 1e9 + 1e5, 'byar') AS byar;
SELECT round((crimestats.poisson_ci(1000000000, 0.95, 'byar')).lower::numeric, 3) AS byar_lower,
       round((crimestats.poisson_ci(1000000000, 0.95, 'exact')).lower::numeric, 3) AS exact_lower,
       round((crimestats.ratio_funnel(1000000000)).lower::numeric, 12) AS ratio_lower,
       round((crimestats.ratio_funnel(1000000000)).upper::numeric, 12) AS ratio_upper,
       round((crimestats.rate_funnel(1, 1e9)).lower::numeric, 12) AS rate_lower,
       round((crimestats.rate_funnel(1, 1e9)).upper::numeric, 12) AS rate_upper;
-- the largest counts a bigint holds still give an answer
SELECT crimestats.ratio_significance(9223372036854775807, 9.2e18) AS bigint_max,
       crimestats.rate_significance(9223372036854775807, 1e18, 9.3) AS bigint_max_lower,
       crimestats.proportion_significance(1e300, 2e300, 0.5) AS huge_weights;

-- NULL in, NULL out ----------------------------------------------------------
SELECT crimestats.proportion_significance(NULL, 10, 0.5) IS NULL AS p1,
       crimestats.proportion_significance(1, NULL, 0.5) IS NULL AS p2,
       crimestats.proportion_significance(1, 10, NULL) IS NULL AS p3,
       crimestats.rate_significance(NULL, 10, 0.1) IS NULL AS r1,
       crimestats.rate_significance(1, NULL, 0.1) IS NULL AS r2,
       crimestats.rate_significance(1, 10, NULL) IS NULL AS r3,
       crimestats.rate_significance(1, 10, 0.1, NULL) IS NULL AS r4,
       crimestats.ratio_significance(NULL, 1) IS NULL AS o1,
       crimestats.ratio_significance(1, NULL) IS NULL AS o2,
       crimestats.ratio_significance(1, 1, NULL) IS NULL AS o3,
       crimestats.poisson_ci(1, 0.95, NULL) IS NULL AS c1;
SELECT crimestats.proportion_funnel(NULL, 1) IS NULL AS f1, crimestats.proportion_funnel(0.5, NULL) IS NULL AS f2,
       crimestats.proportion_funnel(0.5, 1, NULL) IS NULL AS f3, crimestats.rate_funnel(NULL, 1) IS NULL AS f4,
       crimestats.rate_funnel(1, NULL) IS NULL AS f5, crimestats.rate_funnel(1, 1, NULL) IS NULL AS f6,
       crimestats.ratio_funnel(NULL) IS NULL AS f7, crimestats.ratio_funnel(1, NULL) IS NULL AS f8;

-- Overloads: 1.0's poisson_ci is unchanged and unambiguous; the window
-- forms need OVER, the scalar ones refuse it
SELECT crimestats.poisson_ci(5) = crimestats.poisson_ci(5, 0.95, 'exact') AS one_arg,
       crimestats.poisson_ci(5, 0.9) = crimestats.poisson_ci(5, 0.9, 'exact') AS two_args;
SELECT p.oid::regprocedure AS function, p.prokind, p.provolatile, p.proisstrict, p.proparallel,
       pg_get_function_arguments(p.oid) AS arguments
FROM pg_proc AS p
WHERE p.pronamespace = 'crimestats'::regnamespace
  AND p.proname IN ('proportion_significance', 'rate_significance', 'ratio_significance',
                    'proportion_funnel', 'rate_funnel', 'ratio_funnel', 'poisson_ci')
ORDER BY p.proname, p.pronargs;
\set VERBOSITY sqlstate
SELECT crimestats.rate_significance(10, 100);
SELECT crimestats.proportion_significance(10, 100);
SELECT crimestats.rate_significance(10, 100, 0.1) OVER ();
\set VERBOSITY default
SELECT crimestats.rate_significance(10, 100);
SELECT crimestats.rate_significance(10, 100, 0.1) OVER ();

-- Bad input: 22023 naming the function and the value ----------------------
\set VERBOSITY sqlstate
SELECT crimestats.proportion_significance(-1, 10, 0.5);
SELECT crimestats.proportion_significance(11, 10, 0.5);
SELECT crimestats.proportion_significance(0, 0, 0.5);
SELECT crimestats.proportion_significance(1, -10, 0.5);
SELECT crimestats.proportion_significance('NaN', 10, 0.5);
SELECT crimestats.proportion_significance(1, 'Infinity', 0.5);
SELECT crimestats.proportion_significance(1, 10, -0.1);
SELECT crimestats.proportion_significance(1, 10, 1.1);
SELECT crimestats.proportion_significance(1, 10, 'NaN');
SELECT crimestats.rate_significance(-1, 10, 0.1);
SELECT crimestats.rate_significance(1, 0, 0.1);
SELECT crimestats.rate_significance(1, -5, 0.1);
SELECT crimestats.rate_significance(1, 'NaN', 0.1);
SELECT crimestats.rate_significance(1, 10, -0.1);
SELECT crimestats.rate_significance(1, 10, 'Infinity');
SELECT crimestats.rate_significance(1, 1e300, 1e300);
SELECT crimestats.rate_significance(1, 10, 0.1, 'Byar');
SELECT crimestats.rate_significance(1, 10, 0.1, '');
SELECT crimestats.ratio_significance(-1, 10);
SELECT crimestats.ratio_significance(1, 0);
SELECT crimestats.ratio_significance(1, -1);
SELECT crimestats.ratio_significance(1, 'NaN');
SELECT crimestats.ratio_significance(1, 1, 'wilson');
SELECT crimestats.poisson_ci(-1, 0.95, 'exact');
SELECT crimestats.poisson_ci(1, 1, 'byar');
SELECT crimestats.poisson_ci(1, 0.95, 'garwood');
SELECT crimestats.proportion_funnel(1.5, 10);
SELECT crimestats.proportion_funnel(0.5, 0);
SELECT crimestats.proportion_funnel(0.5, 10, 95);
SELECT crimestats.rate_funnel(-1, 10);
SELECT crimestats.rate_funnel(0.1, 0);
SELECT crimestats.rate_funnel(0.1, 10, 0);
SELECT crimestats.ratio_funnel(-1);
SELECT crimestats.ratio_funnel(1, 'NaN');
\set VERBOSITY default
SELECT crimestats.proportion_significance(11, 10, 0.5);
SELECT crimestats.proportion_significance(0, 0, 0.5);
SELECT crimestats.proportion_significance(1, 10, 5);
SELECT crimestats.rate_significance(1, 0, 0.1);
SELECT crimestats.rate_significance(1, 10, 'NaN');
SELECT crimestats.rate_significance(1, 1e300, 1e300);
SELECT crimestats.ratio_significance(1, 0);
SELECT crimestats.ratio_significance(1, 1, 'wilson');
SELECT crimestats.rate_funnel(-1, 10);
SELECT crimestats.ratio_funnel(-1);
