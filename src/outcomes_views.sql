-- Views of the outcomes family: outcome rates with their Wilson intervals,
-- and each offence's share of its subgroup and group.
--
-- A Wilson interval needs 0 <= hits <= total.  The Home Office tables carry
-- negative adjustments, so a net count can fall outside that range; the
-- views then show the plain ratio (or NULL) without an interval rather than
-- fail the whole query.

CREATE VIEW crimestats.outcome_rates WITH (security_invoker = true) AS
WITH by_group AS (
	-- outcome type 0 (not yet assigned) counts nowhere
	SELECT oo.area_code, o.offence_subgroup, oo.period, ot.outcome_group,
		   pg_catalog.sum(oo.offences)::bigint AS outcomes
	FROM crimestats.offence_outcome AS oo
	JOIN crimestats.offence AS o ON o.code = oo.offence_code
	JOIN crimestats.outcome_type AS ot ON ot.code = oo.outcome_code
	WHERE oo.outcome_code <> 0
	GROUP BY oo.area_code, o.offence_subgroup, oo.period, ot.outcome_group
),
assigned AS (
	SELECT b.area_code, b.offence_subgroup, b.period,
		   pg_catalog.sum(b.outcomes)::bigint AS assigned
	FROM by_group AS b
	GROUP BY b.area_code, b.offence_subgroup, b.period
),
outcome_groups AS (
	-- every group, so that a group with no outcomes shows as 0
	SELECT DISTINCT ot.outcome_group
	FROM crimestats.outcome_type AS ot
	WHERE ot.code <> 0
)
SELECT s.area_code,
	   a.name AS area_name,
	   s.offence_subgroup,
	   pg_catalog.lower(s.period) AS period_start,
	   (pg_catalog.upper(s.period) - 1) AS period_end,
	   g.outcome_group,
	   COALESCE(b.outcomes, 0)::bigint AS outcomes,
	   s.assigned,
	   CASE WHEN s.assigned <> 0
			THEN COALESCE(b.outcomes, 0)::double precision / s.assigned::double precision
	   END AS ratio,
	   (w.ci).lower AS lower,
	   (w.ci).upper AS upper
FROM assigned AS s
CROSS JOIN outcome_groups AS g
LEFT JOIN by_group AS b
	   ON b.area_code = s.area_code
	  AND b.offence_subgroup = s.offence_subgroup
	  AND b.period OPERATOR(pg_catalog.=) s.period
	  AND b.outcome_group = g.outcome_group
LEFT JOIN crimestats.area AS a ON a.code = s.area_code
CROSS JOIN LATERAL (
	SELECT CASE WHEN COALESCE(b.outcomes, 0) >= 0 AND COALESCE(b.outcomes, 0) <= s.assigned
				THEN crimestats.wilson_ci(COALESCE(b.outcomes, 0), s.assigned, 0.95)
		   END AS ci
) AS w;

COMMENT ON VIEW crimestats.outcome_rates IS
  'Outcome rates: per area, offence subgroup, period and outcome group, the outcomes of that group out of all assigned outcomes (outcome type 0, not yet assigned, never counts), with the 95% Wilson score interval. The charge rate is the row for outcome group Charged/Summonsed.';
COMMENT ON COLUMN crimestats.outcome_rates.area_code IS 'Area (ONS GSS code).';
COMMENT ON COLUMN crimestats.outcome_rates.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.outcome_rates.offence_subgroup IS 'Offence subgroup (e.g. Stalking and harassment).';
COMMENT ON COLUMN crimestats.outcome_rates.period_start IS 'First day of the period the offences were recorded in.';
COMMENT ON COLUMN crimestats.outcome_rates.period_end IS 'Last day of the period (inclusive).';
COMMENT ON COLUMN crimestats.outcome_rates.outcome_group IS 'Outcome group (e.g. Charged/Summonsed).';
COMMENT ON COLUMN crimestats.outcome_rates.outcomes IS 'Offences with an outcome of this group.';
COMMENT ON COLUMN crimestats.outcome_rates.assigned IS 'Offences with any assigned outcome (types 1 and up): the denominator.';
COMMENT ON COLUMN crimestats.outcome_rates.ratio IS 'outcomes / assigned (multiply by 100 for a percentage); NULL when assigned is 0.';
COMMENT ON COLUMN crimestats.outcome_rates.lower IS 'Lower bound of the 95% Wilson score interval of the ratio; NULL when assigned is 0 or the counts are not a proportion (negative adjustments).';
COMMENT ON COLUMN crimestats.outcome_rates.upper IS 'Upper bound of the 95% Wilson score interval of the ratio; NULL when lower is.';

CREATE VIEW crimestats.offence_share WITH (security_invoker = true) AS
WITH window_ends AS (
	-- a "year ending" period may end wherever a counted period ends on a
	-- month boundary
	SELECT DISTINCT r.area_code, pg_catalog.upper(r.period) AS window_end
	FROM crimestats.recorded_offence AS r
	WHERE pg_catalog.upper(r.period) =
		  pg_catalog.date_trunc('month', pg_catalog.upper(r.period)::timestamp without time zone)::date
),
year_windows AS (
	-- the twelve months before each end, kept only where the area's counted
	-- periods inside them cover every day: 12 months of data behind it
	SELECT e.area_code, pg_catalog.daterange((e.window_end - interval '12 months')::date,
											 e.window_end) AS year
	FROM window_ends AS e
	JOIN crimestats.recorded_offence AS r
	  ON r.area_code = e.area_code
	 AND r.period OPERATOR(pg_catalog.<@)
		 pg_catalog.daterange((e.window_end - interval '12 months')::date, e.window_end)
	GROUP BY e.area_code, e.window_end
	HAVING pg_catalog.range_agg(r.period) OPERATOR(pg_catalog.@>)
		   pg_catalog.daterange((e.window_end - interval '12 months')::date, e.window_end)
),
per_code AS (
	SELECT y.area_code, y.year, r.offence_code,
		   pg_catalog.sum(r.offences)::bigint AS offences
	FROM year_windows AS y
	JOIN crimestats.recorded_offence AS r
	  ON r.area_code = y.area_code
	 AND r.period OPERATOR(pg_catalog.<@) y.year
	GROUP BY y.area_code, y.year, r.offence_code
),
shares AS (
	SELECT p.area_code, p.year, p.offence_code, p.offences,
		   o.description, o.offence_subgroup, o.offence_group,
		   pg_catalog.sum(p.offences) OVER (PARTITION BY p.area_code, p.year, o.offence_subgroup)::bigint
			 AS subgroup_offences,
		   pg_catalog.sum(p.offences) OVER (PARTITION BY p.area_code, p.year, o.offence_group)::bigint
			 AS group_offences
	FROM per_code AS p
	JOIN crimestats.offence AS o ON o.code = p.offence_code
)
SELECT s.area_code,
	   a.name AS area_name,
	   pg_catalog.lower(s.year) AS period_start,
	   (pg_catalog.upper(s.year) - 1) AS period_end,
	   s.offence_code,
	   s.description AS offence_description,
	   s.offence_subgroup,
	   s.offence_group,
	   s.offences,
	   s.subgroup_offences,
	   CASE WHEN s.subgroup_offences <> 0
			THEN s.offences::double precision / s.subgroup_offences::double precision
	   END AS share_of_subgroup,
	   (sub.ci).lower AS share_of_subgroup_lower,
	   (sub.ci).upper AS share_of_subgroup_upper,
	   s.group_offences,
	   CASE WHEN s.group_offences <> 0
			THEN s.offences::double precision / s.group_offences::double precision
	   END AS share_of_group,
	   (grp.ci).lower AS share_of_group_lower,
	   (grp.ci).upper AS share_of_group_upper
FROM shares AS s
LEFT JOIN crimestats.area AS a ON a.code = s.area_code
CROSS JOIN LATERAL (
	SELECT CASE WHEN s.offences >= 0 AND s.offences <= s.subgroup_offences
				THEN crimestats.wilson_ci(s.offences, s.subgroup_offences, 0.95)
		   END AS ci
) AS sub
CROSS JOIN LATERAL (
	SELECT CASE WHEN s.offences >= 0 AND s.offences <= s.group_offences
				THEN crimestats.wilson_ci(s.offences, s.group_offences, 0.95)
		   END AS ci
) AS grp;

COMMENT ON VIEW crimestats.offence_share IS
  'Each offence''s share of its subgroup and of its group, per area and 12-month "year ending" period (every month end with 12 months of data behind it, as in year_ending), with 95% Wilson score intervals.';
COMMENT ON COLUMN crimestats.offence_share.area_code IS 'Area (ONS GSS code).';
COMMENT ON COLUMN crimestats.offence_share.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.offence_share.period_start IS 'First day of the 12 months.';
COMMENT ON COLUMN crimestats.offence_share.period_end IS 'Last day of the 12 months (inclusive): the "year ending" date.';
COMMENT ON COLUMN crimestats.offence_share.offence_code IS 'Home Office offence code (e.g. 8Q).';
COMMENT ON COLUMN crimestats.offence_share.offence_description IS 'Offence description (e.g. Stalking).';
COMMENT ON COLUMN crimestats.offence_share.offence_subgroup IS 'The offence''s subgroup (e.g. Stalking and harassment).';
COMMENT ON COLUMN crimestats.offence_share.offence_group IS 'The offence''s group (e.g. Violence against the person).';
COMMENT ON COLUMN crimestats.offence_share.offences IS 'Offences of this code recorded in the 12 months.';
COMMENT ON COLUMN crimestats.offence_share.subgroup_offences IS 'Offences of the whole subgroup recorded in the 12 months.';
COMMENT ON COLUMN crimestats.offence_share.share_of_subgroup IS 'offences / subgroup_offences (multiply by 100 for a percentage); NULL when the subgroup total is 0.';
COMMENT ON COLUMN crimestats.offence_share.share_of_subgroup_lower IS 'Lower bound of the 95% Wilson score interval of share_of_subgroup; NULL when the counts are not a proportion (zero total or negative adjustments).';
COMMENT ON COLUMN crimestats.offence_share.share_of_subgroup_upper IS 'Upper bound of the 95% Wilson score interval of share_of_subgroup.';
COMMENT ON COLUMN crimestats.offence_share.group_offences IS 'Offences of the whole group recorded in the 12 months (codes loaded for this area).';
COMMENT ON COLUMN crimestats.offence_share.share_of_group IS 'offences / group_offences; NULL when the group total is 0.';
COMMENT ON COLUMN crimestats.offence_share.share_of_group_lower IS 'Lower bound of the 95% Wilson score interval of share_of_group.';
COMMENT ON COLUMN crimestats.offence_share.share_of_group_upper IS 'Upper bound of the 95% Wilson score interval of share_of_group.';
