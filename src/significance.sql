-- Comparing areas: significance against a comparator and funnel-plot
-- control limits (src/significance.c, src/significance_window.c).
--
-- The method is Public Health England's (Fingertips technical guidance):
-- the comparator against the area's own 95% and 99.8% confidence
-- intervals.  docs/comparisons.md explains it with a worked example.

CREATE TYPE crimestats.significance AS ENUM (
	'lower (99.8%)', 'lower (95%)', 'similar', 'higher (95%)', 'higher (99.8%)'
);
COMMENT ON TYPE crimestats.significance IS
  'An area against a comparator (Fingertips method): "higher (99.8%)" when the comparator lies below the lower bound of the area''s 99.8% confidence interval, "higher (95%)" below the 95% lower bound only, "lower (...)" likewise above the upper bounds, "similar" otherwise (a comparator on a bound is inside).  Sorts from lowest to highest.';

CREATE TYPE crimestats.limits AS (
	lower double precision,
	upper double precision
);
COMMENT ON TYPE crimestats.limits IS
  'Funnel-plot control limits at one size of area: the figures beyond which the comparator leaves the area''s confidence interval.';
COMMENT ON COLUMN crimestats.limits.lower IS 'Lower control limit: a figure below it is significantly lower than the comparator.';
COMMENT ON COLUMN crimestats.limits.upper IS 'Upper control limit: a figure above it is significantly higher than the comparator; NULL where there is none.';

-- Scalar comparisons

CREATE FUNCTION crimestats.proportion_significance(hits double precision, total double precision,
												   comparator double precision)
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'proportion_significance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.proportion_significance(double precision, double precision, double precision) IS
  'The comparator (a proportion in [0, 1]) against the 95% and 99.8% Wilson score intervals of hits / total.  Counts may be weighted (non-integer); 0 <= hits <= total and total > 0, else an error (22023).';

CREATE FUNCTION crimestats.rate_significance(cases bigint, exposure double precision,
											 comparator_rate double precision,
											 method text DEFAULT 'exact')
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'rate_significance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.rate_significance(bigint, double precision, double precision, text) IS
  'The expected count comparator_rate * exposure (exposure: population, days, ...; the rate per unit of it) against the 95% and 99.8% Poisson intervals of cases.  method ''exact'' (Garwood, as poisson_ci) or ''byar'' (Byar''s approximation from 10 cases, exact below: Fingertips).  Two arguments and OVER (...) is the window form.';

CREATE FUNCTION crimestats.ratio_significance(observed bigint, expected double precision,
											  method text DEFAULT 'exact')
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'ratio_significance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_significance(bigint, double precision, text) IS
  'observed / expected (an indirectly standardised ratio) against 1: the test of rate_significance(observed, expected, 1).  expected > 0; method ''exact'' or ''byar''.';

-- Window forms: against the partition's own average (the funnel baseline)

CREATE FUNCTION crimestats.proportion_significance(hits double precision, total double precision)
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'proportion_significance_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.proportion_significance(double precision, double precision) IS
  'Window function: each row''s hits / total against the whole partition''s sum(hits) / sum(total), as proportion_significance(hits, total, that average).  The average is always the whole partition''s, whatever the ORDER BY and frame clause; one pass over the partition (linear time).  Rows with a NULL argument take no part and give NULL.';

CREATE FUNCTION crimestats.rate_significance(cases bigint, exposure double precision)
RETURNS crimestats.significance
AS 'MODULE_PATHNAME', 'rate_significance_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.rate_significance(bigint, double precision) IS
  'Window function: each row''s cases against the whole partition''s rate sum(cases) / sum(exposure), as rate_significance(cases, exposure, that rate) (exact method).  The rate is always the whole partition''s, whatever the ORDER BY and frame clause; one pass over the partition (linear time).  Rows with a NULL argument take no part and give NULL.';

-- Funnel-plot control limits

CREATE FUNCTION crimestats.proportion_funnel(comparator double precision, total double precision,
											 confidence double precision DEFAULT 0.95)
RETURNS crimestats.limits
AS 'MODULE_PATHNAME', 'proportion_funnel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.proportion_funnel(double precision, double precision, double precision) IS
  'Control limits for proportions out of total: the observed proportions whose Wilson interval has the comparator exactly as its upper (lower) or lower (upper) bound, comparator -+ z sqrt(comparator (1 - comparator) / total), clipped to [0, 1].';

CREATE FUNCTION crimestats.rate_funnel(comparator_rate double precision, exposure double precision,
									   confidence double precision DEFAULT 0.95)
RETURNS crimestats.limits
AS 'MODULE_PATHNAME', 'rate_funnel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.rate_funnel(double precision, double precision, double precision) IS
  'Control limits for rates at this exposure: the rates c / exposure at which a count c (continuous, in the chi-square form of the exact interval) has comparator_rate * exposure exactly as its upper (lower) or lower (upper) bound; lower is 0 when even a count of 0 has an upper bound above the expected count.';

CREATE FUNCTION crimestats.ratio_funnel(observed bigint, confidence double precision DEFAULT 0.95)
RETURNS crimestats.limits
AS 'MODULE_PATHNAME', 'ratio_funnel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.ratio_funnel(bigint, double precision) IS
  'Control limits of observed / expected, plotted against observed: observed / upper bound and observed / lower bound of the exact Poisson interval of observed (upper NULL at 0).';

-- poisson_ci with a choice of method: an overload without a default, so
-- that poisson_ci(x) and poisson_ci(x, confidence) keep meaning the exact
-- interval of crimestats 1.0.

CREATE FUNCTION crimestats.poisson_ci(cases bigint, confidence double precision, method text)
RETURNS crimestats.estimate
AS 'MODULE_PATHNAME', 'poisson_ci_method'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION crimestats.poisson_ci(bigint, double precision, text) IS
  'Poisson confidence interval for a count by method: ''exact'' (Garwood, as poisson_ci(cases, confidence)) or ''byar'' (Byar''s approximation from 10 cases, exact below: the Fingertips convention).';
