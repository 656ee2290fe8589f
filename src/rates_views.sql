-- View year_ending: the ONS "year ending <month>" figures with per-day
-- rates and exact intervals, per area and offence subgroup.
--
-- The work is done area by area: the view calls year_ending_rows once per
-- row of crimestats.area, and a filter on area_code or area_name selects
-- the areas first, so one area costs one area's work.  year_ending_rows
-- (src/year_ending.c) reads the area's rows and population estimates with
-- one query each, as the calling role, and computes the figures on arrays:
-- the SQL it replaces (a grouping, a sort and a window of rate_summary
-- per area, crimestats 1.0's definition) cost seven times a plain GROUP BY
-- of the same rows at national scale, where this costs about two; its
-- figures are the same, row for row (tests/views_equivalence,
-- bench/national.sql).  ROWS is a typical area's count at national scale:
-- the planner's estimate for the view is that times the areas.  population
-- (behind per_1000, given also where offences is a net negative) is for
-- rate_comparison.
CREATE FUNCTION crimestats_internal.year_ending_rows(area_code text)
RETURNS TABLE (offence_subgroup text, period_end date, offences bigint, per_day double precision,
			   per_day_lower double precision, per_day_upper double precision, per_1000 double precision,
			   population bigint)
  AS 'MODULE_PATHNAME', 'year_ending_rows'
  LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 700;
COMMENT ON FUNCTION crimestats_internal.year_ending_rows(text) IS
  'The rows of crimestats.year_ending for one area (the view calls it once per area), with the population behind per_1000 (rate_comparison uses it).';

CREATE OR REPLACE VIEW crimestats.year_ending WITH (security_invoker = true) AS
SELECT a.code AS area_code,
	   a.name AS area_name,
	   y.offence_subgroup,
	   y.period_end,
	   y.offences,
	   y.per_day,
	   y.per_day_lower,
	   y.per_day_upper,
	   y.per_1000
FROM crimestats.area AS a
CROSS JOIN LATERAL crimestats_internal.year_ending_rows(a.code) AS y;

COMMENT ON VIEW crimestats.year_ending IS
  'Offences in the 12 months ending on each month end, per area and offence subgroup (the ONS "year ending September 2018" figures), with the per-day rate, its exact 95% Poisson interval and the rate per 1,000 population.  Only month ends with a full 12 months of data appear.';
COMMENT ON COLUMN crimestats.year_ending.area_code IS 'Area (GSS code).';
COMMENT ON COLUMN crimestats.year_ending.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.year_ending.offence_subgroup IS 'Home Office offence subgroup, e.g. Stalking and harassment.';
COMMENT ON COLUMN crimestats.year_ending.period_end IS 'Last day of the 12 months (e.g. 2018-09-30 for the year ending September 2018).';
COMMENT ON COLUMN crimestats.year_ending.offences IS 'Offences recorded in the 12 months.';
COMMENT ON COLUMN crimestats.year_ending.per_day IS 'Offences per day (offences / days in the 12 months); NULL if net adjustments make the total negative.';
COMMENT ON COLUMN crimestats.year_ending.per_day_lower IS 'Lower bound of the exact 95% Poisson interval of the per-day rate.';
COMMENT ON COLUMN crimestats.year_ending.per_day_upper IS 'Upper bound of the exact 95% Poisson interval of the per-day rate.';
COMMENT ON COLUMN crimestats.year_ending.per_1000 IS 'Offences per 1,000 population (latest mid-year estimate up to the year of period_end); NULL without a population or with a negative total.';
