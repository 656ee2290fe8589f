-- Support functions of the aggregates and types (transition, combine,
-- inverse, final, serialize and I/O functions) live in a schema of their
-- own, so that \df crimestats.* lists what users call.  PostgreSQL checks
-- no privilege on it when an aggregate or a type uses them.
CREATE SCHEMA crimestats_internal;
COMMENT ON SCHEMA crimestats_internal IS
  'Support functions of the crimestats aggregates and types: not meant to be called directly.';

-- Types shared by every family.

CREATE TYPE crimestats.estimate AS (
	estimate double precision,
	lower double precision,
	upper double precision,
	numerator double precision,
	denominator double precision,
	confidence double precision
);
COMMENT ON TYPE crimestats.estimate IS
  'A figure with its confidence interval: estimate, lower and upper bounds, the numerator and denominator it was computed from (cases and days for rates, hits and total for ratios) and the confidence level.';
COMMENT ON COLUMN crimestats.estimate.estimate IS 'The point estimate (numerator / denominator).';
COMMENT ON COLUMN crimestats.estimate.lower IS 'Lower bound of the confidence interval.';
COMMENT ON COLUMN crimestats.estimate.upper IS 'Upper bound of the confidence interval.';
COMMENT ON COLUMN crimestats.estimate.numerator IS 'Cases (rates) or hits (ratios).';
COMMENT ON COLUMN crimestats.estimate.denominator IS 'Days (rates; 1 for poisson_ci) or total (ratios).';
COMMENT ON COLUMN crimestats.estimate.confidence IS 'Confidence level of the interval, e.g. 0.95.';
