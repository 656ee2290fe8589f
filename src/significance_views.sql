-- Views comparing areas: each area's rate against its parent area's
-- (rate_comparison), and each area's outcome ratio against all areas of
-- its kind (outcome_comparison), with the Fingertips significance labels
-- of src/significance.c.  The figures come from year_ending and
-- outcome_rates, so they are the ones those views show.

CREATE VIEW crimestats.rate_comparison WITH (security_invoker = true) AS
WITH figures AS NOT MATERIALIZED (
	-- year_ending's rows with the population behind per_1000, area by area
	-- as the view computes them; not materialised, so that a filter on
	-- area_code computes that area only (and its parent, below)
	SELECT a.code AS area_code, a.name AS area_name, y.offence_subgroup, y.period_end,
		   y.offences, y.population, y.per_1000
	FROM crimestats.area AS a
	CROSS JOIN LATERAL crimestats_internal.year_ending_rows(a.code) AS y
),
parent_figures AS NOT MATERIALIZED (
	-- the figures of the areas that are some area's parent, computed once
	-- each however many areas they are the parent of
	SELECT f.*
	FROM figures AS f
	WHERE f.area_code IN (SELECT ch.parent_code FROM crimestats.area AS ch)
),
pairs AS (
	-- each area with its parent's figures for the same subgroup and 12
	-- months; the parent's rate per head where both have a population and
	-- neither total is a net negative (adjustments outweighing counts)
	SELECT c.area_code, c.area_name, a.parent_code, pa.name AS parent_name,
		   c.offence_subgroup, c.period_end, c.offences, c.population, c.per_1000,
		   par.per_1000 AS parent_per_1000,
		   par.offences AS parent_offences, par.population AS parent_population,
		   CASE WHEN c.offences OPERATOR(pg_catalog.>=) 0
					 AND par.offences OPERATOR(pg_catalog.>=) 0
					 AND c.population IS NOT NULL
				THEN par.offences::double precision OPERATOR(pg_catalog./)
					 par.population::double precision
		   END AS parent_rate
	FROM figures AS c
	JOIN crimestats.area AS a ON a.code OPERATOR(pg_catalog.=) c.area_code
	JOIN crimestats.area AS pa ON pa.code OPERATOR(pg_catalog.=) a.parent_code
	JOIN parent_figures AS par
	  ON par.area_code OPERATOR(pg_catalog.=) a.parent_code
	 AND par.offence_subgroup OPERATOR(pg_catalog.=) c.offence_subgroup
	 AND par.period_end OPERATOR(pg_catalog.=) c.period_end
),
compared AS (
	-- expected: the offences the area would have at its parent's rate,
	-- formed as rate_significance forms it (comparator_rate * exposure)
	SELECT s.*,
		   s.parent_rate OPERATOR(pg_catalog.*) s.population::double precision AS expected,
		   CASE WHEN s.parent_rate IS NOT NULL
				THEN crimestats.poisson_ci(s.offences, 0.95)
		   END AS ci
	FROM pairs AS s
)
SELECT c.area_code,
	   c.area_name,
	   c.parent_code,
	   c.parent_name,
	   c.offence_subgroup,
	   c.period_end,
	   c.offences,
	   c.population,
	   c.per_1000,
	   c.parent_per_1000,
	   c.offences::double precision OPERATOR(pg_catalog./)
		 NULLIF(c.expected, 0::double precision) AS ratio_to_parent,
	   (c.ci).lower OPERATOR(pg_catalog./) NULLIF(c.expected, 0::double precision) AS ratio_lower,
	   (c.ci).upper OPERATOR(pg_catalog./) NULLIF(c.expected, 0::double precision) AS ratio_upper,
	   CASE WHEN c.parent_rate IS NOT NULL
			THEN crimestats.rate_significance(c.offences, c.population::double precision,
											  c.parent_rate, 'exact')::text
	   END AS significance,
	   c.parent_offences,
	   c.parent_population,
	   c.expected
FROM compared AS c;

COMMENT ON VIEW crimestats.rate_comparison IS
  'Each area''s rate against its parent area''s (community safety partnership against its force area, force area against the country, ...), for every offence subgroup and 12 months ending on a month end that both have in year_ending: the ratio of the area''s offences to those expected at the parent''s rate per head, its exact 95% interval, and the Fingertips significance label (rate_significance against the parent''s rate, exact method).  Comparisons are NULL where either population is missing or a total is a net negative.';
COMMENT ON COLUMN crimestats.rate_comparison.area_code IS 'Area (GSS code).';
COMMENT ON COLUMN crimestats.rate_comparison.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.rate_comparison.parent_code IS 'The area it is compared with: its parent (crimestats.area.parent_code).';
COMMENT ON COLUMN crimestats.rate_comparison.parent_name IS 'Parent area name.';
COMMENT ON COLUMN crimestats.rate_comparison.offence_subgroup IS 'Home Office offence subgroup, e.g. Stalking and harassment.';
COMMENT ON COLUMN crimestats.rate_comparison.period_end IS 'Last day of the 12 months (as in year_ending).';
COMMENT ON COLUMN crimestats.rate_comparison.offences IS 'The area''s offences in the 12 months.';
COMMENT ON COLUMN crimestats.rate_comparison.population IS 'The area''s population: the latest mid-year estimate up to the year of period_end; NULL if none.';
COMMENT ON COLUMN crimestats.rate_comparison.per_1000 IS 'The area''s offences per 1,000 population (year_ending.per_1000).';
COMMENT ON COLUMN crimestats.rate_comparison.parent_per_1000 IS 'The parent''s offences per 1,000 population over the same 12 months.';
COMMENT ON COLUMN crimestats.rate_comparison.ratio_to_parent IS 'offences / expected: the area''s rate over the parent''s (1 = the same rate); NULL when it cannot be compared or expected is 0.';
COMMENT ON COLUMN crimestats.rate_comparison.ratio_lower IS 'Lower bound of the exact 95% Poisson interval of the offences, divided by expected.';
COMMENT ON COLUMN crimestats.rate_comparison.ratio_upper IS 'Upper bound of the exact 95% Poisson interval of the offences, divided by expected.';
COMMENT ON COLUMN crimestats.rate_comparison.significance IS 'rate_significance(offences, population, parent offences per head): lower (99.8%), lower (95%), similar, higher (95%) or higher (99.8%); NULL when it cannot be compared.';
COMMENT ON COLUMN crimestats.rate_comparison.parent_offences IS 'The parent''s offences in the same 12 months.';
COMMENT ON COLUMN crimestats.rate_comparison.parent_population IS 'The parent''s population (the same rule as population).';
COMMENT ON COLUMN crimestats.rate_comparison.expected IS 'The offences the area would have at its parent''s rate: parent_offences / parent_population * population.';

CREATE VIEW crimestats.outcome_comparison WITH (security_invoker = true) AS
WITH rates AS (
	-- an area takes part in the comparison when its counts are a
	-- proportion: something assigned, and no net negative adjustments
	SELECT r.area_code, r.area_name, a.kind AS area_kind, r.offence_subgroup,
		   r.period_start, r.period_end, r.outcome_group, r.outcomes, r.assigned,
		   r.ratio, r.lower, r.upper,
		   (r.assigned OPERATOR(pg_catalog.>) 0
			AND r.outcomes OPERATOR(pg_catalog.>=) 0
			AND r.outcomes OPERATOR(pg_catalog.<=) r.assigned) AS comparable
	FROM crimestats.outcome_rates AS r
	JOIN crimestats.area AS a ON a.code OPERATOR(pg_catalog.=) r.area_code
)
SELECT r.area_code,
	   r.area_name,
	   r.area_kind,
	   r.offence_subgroup,
	   r.period_start,
	   r.period_end,
	   r.outcome_group,
	   r.outcomes,
	   r.assigned,
	   r.ratio,
	   r.lower,
	   r.upper,
	   (pg_catalog.sum(r.outcomes) FILTER (WHERE r.comparable) OVER w)::bigint AS comparator_outcomes,
	   (pg_catalog.sum(r.assigned) FILTER (WHERE r.comparable) OVER w)::bigint AS comparator_assigned,
	   (pg_catalog.sum(r.outcomes) FILTER (WHERE r.comparable) OVER w)::double precision
		 OPERATOR(pg_catalog./)
		 (pg_catalog.sum(r.assigned) FILTER (WHERE r.comparable) OVER w)::double precision
		 AS comparator_ratio,
	   (crimestats.proportion_significance(CASE WHEN r.comparable THEN r.outcomes END,
										   CASE WHEN r.comparable THEN r.assigned END) OVER w)::text
		 AS significance
FROM rates AS r
WINDOW w AS (PARTITION BY r.area_kind, r.offence_subgroup, r.period_start, r.period_end, r.outcome_group);

COMMENT ON VIEW crimestats.outcome_comparison IS
  'Each area''s outcome ratio (outcome_rates) against the ratio of all areas of the same kind (police force areas together, partnerships together, ...) over the same offence subgroup, period and outcome group: sum of their outcomes over sum of their assigned outcomes, and the Fingertips significance label (proportion_significance as a window function against that ratio).  Areas with nothing assigned or with net negative counts take no part and have no label.';
COMMENT ON COLUMN crimestats.outcome_comparison.area_code IS 'Area (GSS code).';
COMMENT ON COLUMN crimestats.outcome_comparison.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.outcome_comparison.area_kind IS 'Kind of area (crimestats.area.kind); areas are compared with the others of their kind.';
COMMENT ON COLUMN crimestats.outcome_comparison.offence_subgroup IS 'Offence subgroup (e.g. Stalking and harassment).';
COMMENT ON COLUMN crimestats.outcome_comparison.period_start IS 'First day of the period the offences were recorded in.';
COMMENT ON COLUMN crimestats.outcome_comparison.period_end IS 'Last day of the period (inclusive).';
COMMENT ON COLUMN crimestats.outcome_comparison.outcome_group IS 'Outcome group (e.g. Charged/Summonsed).';
COMMENT ON COLUMN crimestats.outcome_comparison.outcomes IS 'The area''s offences with an outcome of this group.';
COMMENT ON COLUMN crimestats.outcome_comparison.assigned IS 'The area''s offences with any assigned outcome (the denominator).';
COMMENT ON COLUMN crimestats.outcome_comparison.ratio IS 'outcomes / assigned (outcome_rates.ratio).';
COMMENT ON COLUMN crimestats.outcome_comparison.lower IS 'Lower bound of the 95% Wilson interval of the ratio (outcome_rates.lower).';
COMMENT ON COLUMN crimestats.outcome_comparison.upper IS 'Upper bound of the 95% Wilson interval of the ratio (outcome_rates.upper).';
COMMENT ON COLUMN crimestats.outcome_comparison.comparator_outcomes IS 'Outcomes of this group over all comparable areas of the same kind, subgroup and period.';
COMMENT ON COLUMN crimestats.outcome_comparison.comparator_assigned IS 'Assigned outcomes over the same areas.';
COMMENT ON COLUMN crimestats.outcome_comparison.comparator_ratio IS 'comparator_outcomes / comparator_assigned: the ratio the area is compared with.';
COMMENT ON COLUMN crimestats.outcome_comparison.significance IS 'proportion_significance(outcomes, assigned, comparator_ratio): lower (99.8%), lower (95%), similar, higher (95%) or higher (99.8%); NULL when the area takes no part.';
