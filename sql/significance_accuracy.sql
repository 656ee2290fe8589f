--
-- Accuracy of the comparison functions against reference values.
--
-- test/reference/{poisson_byar,funnel_*,significance_*}.csv are written by
-- test/reference/make_significance_reference.R from R's qgamma/pgamma/
-- qnorm and uniroot, independently of crimestats' own formulas (the
-- funnels are found there by root finding on the interval bounds
-- themselves).  Targets: Byar's bounds to 1e-12 relative (a closed form),
-- the exact bounds and every funnel limit to 1e-9, every label equal.  The
-- worst error is shown as a bucket, not a figure, so that the output does
-- not depend on the last bits of the platform's libm.
--
SET extra_float_digits = 0;

CREATE FUNCTION pg_temp.relerr(got float8, want float8) RETURNS float8
  IMMUTABLE LANGUAGE sql
  RETURN CASE WHEN want IS NULL AND got IS NULL THEN 0
              WHEN want = 0 THEN abs(got) ELSE abs(got / want - 1) END;

CREATE FUNCTION pg_temp.bucket(err float8) RETURNS text
  IMMUTABLE LANGUAGE sql
  RETURN CASE WHEN err IS NULL THEN 'missing'
              WHEN err < 1e-13 THEN 'below 1e-13'
              WHEN err <= 1e-12 THEN 'below 1e-12 (above 1e-13)'
              WHEN err <= 1e-9 THEN 'below 1e-9 (above 1e-12)'
              ELSE 'ABOVE 1e-9: about 1e' || round(log(err))::int END;

-- poisson_ci(cases, confidence, 'byar'): Byar from 10 cases, exact below
CREATE TEMP TABLE ref_byar (cases bigint, confidence float8, lower float8, upper float8);
\copy ref_byar from 'test/reference/poisson_byar.csv' csv header
CREATE TEMP TABLE acc_byar AS
SELECT r.cases, r.confidence, r.lower AS ref_lower, r.upper AS ref_upper,
       (e).lower, (e).upper,
       pg_temp.relerr((e).lower, r.lower) AS err_lower,
       pg_temp.relerr((e).upper, r.upper) AS err_upper
FROM ref_byar AS r,
     LATERAL (SELECT crimestats.poisson_ci(r.cases, r.confidence, 'byar')) AS t(e);
SELECT cases >= 10 AS byar_part, count(*) AS rows,
       count(*) FILTER (WHERE NOT greatest(err_lower, err_upper) <= CASE WHEN cases >= 10 THEN 1e-12 ELSE 1e-9 END)
         AS violations,
       pg_temp.bucket(max(err_lower)) AS worst_lower,
       pg_temp.bucket(max(err_upper)) AS worst_upper
FROM acc_byar GROUP BY 1 ORDER BY 1;
-- below 10 cases 'byar' is exactly the exact interval
SELECT count(*) AS rows_below_10,
       bool_and((crimestats.poisson_ci(cases, confidence, 'byar')).lower
                = (crimestats.poisson_ci(cases, confidence)).lower
            AND (crimestats.poisson_ci(cases, confidence, 'byar')).upper
                = (crimestats.poisson_ci(cases, confidence)).upper) AS same_as_exact
FROM ref_byar WHERE cases < 10;
-- and 'exact' is poisson_ci itself
SELECT bool_and(crimestats.poisson_ci(cases, confidence, 'exact') = crimestats.poisson_ci(cases, confidence))
  AS exact_method_is_poisson_ci
FROM ref_byar;

-- proportion_funnel
CREATE TEMP TABLE ref_pf (comparator float8, total float8, confidence float8, lower float8, upper float8);
\copy ref_pf from 'test/reference/funnel_proportion.csv' csv header
CREATE TEMP TABLE acc_pf AS
SELECT r.*, (l).lower AS got_lower, (l).upper AS got_upper,
       pg_temp.relerr((l).lower, r.lower) AS err_lower,
       pg_temp.relerr((l).upper, r.upper) AS err_upper
FROM ref_pf AS r,
     LATERAL (SELECT crimestats.proportion_funnel(r.comparator, r.total, r.confidence)) AS t(l);
SELECT count(*) AS rows,
       count(*) FILTER (WHERE NOT greatest(err_lower, err_upper) <= 1e-9) AS violations,
       count(*) FILTER (WHERE lower = 0) AS clipped_at_0,
       count(*) FILTER (WHERE upper = 1) AS clipped_at_1,
       pg_temp.bucket(max(err_lower)) AS worst_lower,
       pg_temp.bucket(max(err_upper)) AS worst_upper
FROM acc_pf;
SELECT comparator, total, confidence, lower, got_lower, upper, got_upper
FROM acc_pf WHERE NOT greatest(err_lower, err_upper) <= 1e-9 ORDER BY 1, 2, 3;

-- rate_funnel
CREATE TEMP TABLE ref_rf (comparator_rate float8, exposure float8, confidence float8, lower float8, upper float8);
\copy ref_rf from 'test/reference/funnel_rate.csv' csv header
CREATE TEMP TABLE acc_rf AS
SELECT r.*, (l).lower AS got_lower, (l).upper AS got_upper,
       pg_temp.relerr((l).lower, r.lower) AS err_lower,
       pg_temp.relerr((l).upper, r.upper) AS err_upper
FROM ref_rf AS r,
     LATERAL (SELECT crimestats.rate_funnel(r.comparator_rate, r.exposure, r.confidence)) AS t(l);
SELECT CASE WHEN comparator_rate * exposure < 10 THEN 'a: expected below 10'
            WHEN comparator_rate * exposure < 1e5 THEN 'b: 10 to 10^5'
            ELSE 'c: 10^5 to 10^9' END AS expected,
       count(*) AS rows,
       count(*) FILTER (WHERE NOT greatest(err_lower, err_upper) <= 1e-9) AS violations,
       count(*) FILTER (WHERE lower = 0) AS lower_zero,
       pg_temp.bucket(max(err_lower)) AS worst_lower,
       pg_temp.bucket(max(err_upper)) AS worst_upper
FROM acc_rf GROUP BY 1 ORDER BY 1;
SELECT comparator_rate, exposure, confidence, lower, got_lower, upper, got_upper
FROM acc_rf WHERE NOT greatest(err_lower, err_upper) <= 1e-9 ORDER BY 1, 2, 3;

-- ratio_funnel
CREATE TEMP TABLE ref_of (observed bigint, confidence float8, lower float8, upper float8);
\copy ref_of from 'test/reference/funnel_ratio.csv' csv header
CREATE TEMP TABLE acc_of AS
SELECT r.*, (l).lower AS got_lower, (l).upper AS got_upper,
       pg_temp.relerr((l).lower, r.lower) AS err_lower,
       pg_temp.relerr((l).upper, r.upper) AS err_upper
FROM ref_of AS r,
     LATERAL (SELECT crimestats.ratio_funnel(r.observed, r.confidence)) AS t(l);
SELECT count(*) AS rows,
       count(*) FILTER (WHERE NOT greatest(err_lower, err_upper) <= 1e-9) AS violations,
       bool_and(got_upper IS NULL) FILTER (WHERE observed = 0) AS upper_null_at_0,
       pg_temp.bucket(max(err_lower)) AS worst_lower,
       pg_temp.bucket(max(err_upper)) AS worst_upper
FROM acc_of;

-- significance labels: every one equal to the reference
CREATE TEMP TABLE ref_sr (cases bigint, expected float8, method text, label text);
\copy ref_sr from 'test/reference/significance_rate.csv' csv header
SELECT method, label, count(*) AS rows,
       count(*) FILTER (WHERE crimestats.ratio_significance(cases, expected, method)::text <> label)
         AS ratio_disagreeing,
       count(*) FILTER (WHERE crimestats.rate_significance(cases, expected / 250, 250, method)::text <> label)
         AS rate_disagreeing
FROM ref_sr GROUP BY 1, 2 ORDER BY 1, 2;

CREATE TEMP TABLE ref_sp (hits float8, total float8, comparator float8, label text);
\copy ref_sp from 'test/reference/significance_proportion.csv' csv header
SELECT label, count(*) AS rows,
       count(*) FILTER (WHERE crimestats.proportion_significance(hits, total, comparator)::text <> label)
         AS disagreeing
FROM ref_sp GROUP BY 1 ORDER BY 1;

DROP TABLE ref_byar, acc_byar, ref_pf, acc_pf, ref_rf, acc_rf, ref_of, acc_of, ref_sr, ref_sp;
