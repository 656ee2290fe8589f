--
-- Accuracy of the interval functions against reference values.
--
-- test/reference/*.csv are written by test/reference/make_reference.R from
-- R's qgamma/pgamma/qnorm; checked against 50-digit mpmath values, they are
-- good to 1e-15 relative (docs/accuracy.md).  The contract (SPEC
-- 2.3) is a relative error of 1e-9 or better for counts from 0 to 10^9 at
-- any confidence strictly between 0 and 1.  The worst error is shown as a
-- bucket, not a figure, so that the output does not depend on the last bits
-- of the platform's libm.
--
SET extra_float_digits = 0;

CREATE TEMP TABLE accuracy_poisson_ref (
	cases bigint,
	confidence float8,
	lower float8,
	upper float8
);
\copy accuracy_poisson_ref from 'test/reference/poisson_ci.csv' csv header

CREATE TEMP TABLE accuracy_wilson_ref (
	hits bigint,
	total bigint,
	confidence float8,
	lower float8,
	upper float8
);
\copy accuracy_wilson_ref from 'test/reference/wilson_ci.csv' csv header

-- relative error, or the absolute error where the reference is 0
CREATE FUNCTION pg_temp.relerr(got float8, want float8) RETURNS float8
  IMMUTABLE LANGUAGE sql
  RETURN CASE WHEN want = 0 THEN abs(got) ELSE abs(got / want - 1) END;

CREATE FUNCTION pg_temp.bucket(err float8) RETURNS text
  IMMUTABLE LANGUAGE sql
  RETURN CASE WHEN err IS NULL THEN 'missing'
              WHEN err < 1e-13 THEN 'below 1e-13'
              WHEN err <= 1e-9 THEN 'below 1e-9 (above 1e-13)'
              ELSE 'ABOVE 1e-9: about 1e' || round(log(err))::int END;

CREATE TEMP TABLE accuracy_poisson AS
SELECT r.cases, r.confidence, r.lower AS ref_lower, r.upper AS ref_upper,
       (e).lower, (e).upper,
       pg_temp.relerr((e).lower, r.lower) AS err_lower,
       pg_temp.relerr((e).upper, r.upper) AS err_upper
FROM accuracy_poisson_ref AS r,
     LATERAL (SELECT crimestats.poisson_ci(r.cases, r.confidence)) AS t(e);

CREATE TEMP TABLE accuracy_wilson AS
SELECT r.hits, r.total, r.confidence, r.lower AS ref_lower, r.upper AS ref_upper,
       (e).lower, (e).upper,
       pg_temp.relerr((e).lower, r.lower) AS err_lower,
       pg_temp.relerr((e).upper, r.upper) AS err_upper
FROM accuracy_wilson_ref AS r,
     LATERAL (SELECT crimestats.wilson_ci(r.hits, r.total, r.confidence)) AS t(e);

-- the grids: 16 counts from 0 to 10^9, 12 hits/total pairs, 11 confidences from 1e-12
-- to 1 - 1e-12
SELECT count(*) AS rows, count(DISTINCT cases) AS counts,
       count(DISTINCT confidence) AS confidences,
       min(cases) AS min_cases, max(cases) AS max_cases,
       min(confidence) AS min_confidence, max(confidence) AS max_confidence
FROM accuracy_poisson;
SELECT count(*) AS rows, count(DISTINCT (hits, total)) AS pairs,
       count(DISTINCT confidence) AS confidences
FROM accuracy_wilson;

-- poisson_ci: every bound within 1e-9, and how close the worst one is
SELECT count(*) FILTER (WHERE NOT err_lower <= 1e-9) AS lower_violations,
       count(*) FILTER (WHERE NOT err_upper <= 1e-9) AS upper_violations,
       bool_and(err_lower <= 1e-9 AND err_upper <= 1e-9) AS all_within_1e9,
       pg_temp.bucket(max(err_lower)) AS worst_lower,
       pg_temp.bucket(max(err_upper)) AS worst_upper
FROM accuracy_poisson;

-- the same by size of count, so a regression shows where it is
SELECT CASE WHEN cases < 10 THEN 'a: 0-9' WHEN cases < 10000 THEN 'b: 10-9999'
            WHEN cases < 10000000 THEN 'c: 10^4-10^7' ELSE 'd: 10^7-10^9' END AS counts,
       count(*) AS rows,
       pg_temp.bucket(max(greatest(err_lower, err_upper))) AS worst
FROM accuracy_poisson GROUP BY 1 ORDER BY 1;

-- zero cases: lower bound exactly 0
SELECT bool_and(lower = 0) AS zero_lower_is_zero
FROM accuracy_poisson WHERE cases = 0;

-- violating rows, if any (none expected)
SELECT cases, confidence, lower, ref_lower, upper, ref_upper, err_lower, err_upper
FROM accuracy_poisson
WHERE NOT (err_lower <= 1e-9 AND err_upper <= 1e-9)
ORDER BY cases, confidence;

-- wilson_ci: likewise
SELECT count(*) FILTER (WHERE NOT err_lower <= 1e-9) AS lower_violations,
       count(*) FILTER (WHERE NOT err_upper <= 1e-9) AS upper_violations,
       bool_and(err_lower <= 1e-9 AND err_upper <= 1e-9) AS all_within_1e9,
       pg_temp.bucket(max(err_lower)) AS worst_lower,
       pg_temp.bucket(max(err_upper)) AS worst_upper
FROM accuracy_wilson;

SELECT bool_and(lower = 0) FILTER (WHERE hits = 0) AS no_hits_lower_is_zero,
       bool_and(upper = 1) FILTER (WHERE hits = total) AS all_hits_upper_is_one
FROM accuracy_wilson;

SELECT hits, total, confidence, lower, ref_lower, upper, ref_upper, err_lower, err_upper
FROM accuracy_wilson
WHERE NOT (err_lower <= 1e-9 AND err_upper <= 1e-9)
ORDER BY total, hits, confidence;

-- Golden values (DOMAIN.md section 6): exact = R poisson.test(x)$conf.int,
-- Wilson = R prop.test(x, n, correct = FALSE)$conf.int, 95% unless stated.
SELECT name, round(lower::numeric, 10) AS lower, round(upper::numeric, 10) AS upper,
       pg_temp.relerr(lower, want_lower) < 1e-12 AS lower_ok,
       pg_temp.relerr(upper, want_upper) < 1e-12 AS upper_ok
FROM (SELECT 'exact 1821', (crimestats.poisson_ci(1821)).lower,
             (crimestats.poisson_ci(1821)).upper, 1738.313255618154, 1906.603938252350
      UNION ALL
      SELECT 'exact 1821, 95% explicit', (crimestats.poisson_ci(1821, 0.95)).lower,
             (crimestats.poisson_ci(1821, 0.95)).upper, 1738.313255618154, 1906.603938252350
      UNION ALL
      SELECT 'exact 8', (crimestats.poisson_ci(8)).lower,
             (crimestats.poisson_ci(8)).upper, 3.453832176748502, 15.76318922019331
      UNION ALL
      SELECT 'exact 0', (crimestats.poisson_ci(0)).lower,
             (crimestats.poisson_ci(0)).upper, 0, -ln(0.025)
      UNION ALL
      SELECT 'Wilson 65/100', (crimestats.wilson_ci(65, 100)).lower,
             (crimestats.wilson_ci(65, 100)).upper, 0.5525444329688797, 0.7363575175690247
      UNION ALL
      SELECT 'Wilson 0/10', (crimestats.wilson_ci(0, 10)).lower,
             (crimestats.wilson_ci(0, 10)).upper, 0, 0.2775327998628891
      UNION ALL
      SELECT 'Wilson 10/10', (crimestats.wilson_ci(10, 10)).lower,
             (crimestats.wilson_ci(10, 10)).upper, 0.7224672001371109, 1
      UNION ALL
      SELECT 'Wilson 2305/46100', (crimestats.wilson_ci(2305, 46100)).lower,
             (crimestats.wilson_ci(2305, 46100)).upper, 0.04804772218611853, 0.05202726750734796
     ) AS g(name, lower, upper, want_lower, want_upper);

-- exact 1821 / 365 days through the aggregate (year ending September 2018)
SELECT round((e).estimate::numeric, 10) AS per_day,
       round((e).lower::numeric, 10) AS lower, round((e).upper::numeric, 10) AS upper,
       pg_temp.relerr((e).lower, 4.762502070186724) < 1e-12 AS lower_ok,
       pg_temp.relerr((e).upper, 5.223572433568083) < 1e-12 AS upper_ok
FROM (SELECT crimestats.per_day_rate_ci(1821, '[2017-10-01,2018-10-01)', 0.95)) AS t(e);

-- Extremes: no NaN, no endless loop, sensible limits
SELECT (crimestats.poisson_ci(1000000000, 1 - 1e-15)).lower > 999000000 AS huge_count_tiny_alpha,
       (crimestats.poisson_ci(9223372036854775807, 0.95)).upper > 9.2e18 AS bigint_max,
       (crimestats.poisson_ci(0, 1e-15)).upper < 1 AS zero_tiny_confidence,
       (crimestats.poisson_ci(1, 1 - 1e-16)).lower > 0 AS one_extreme_confidence,
       (crimestats.wilson_ci(1, 1000000000, 1 - 1e-15)).lower > 0 AS wilson_extreme;

DROP TABLE accuracy_poisson, accuracy_wilson, accuracy_poisson_ref, accuracy_wilson_ref;
