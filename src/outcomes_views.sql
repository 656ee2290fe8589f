-- Views of the outcomes family: outcome rates with their Wilson intervals,
-- and each offence's share of its subgroup and group.
--
-- A Wilson interval needs 0 <= hits <= total.  The Home Office tables carry
-- negative adjustments, so a net count can fall outside that range; the
-- views then show the plain ratio (or NULL) without an interval rather than
-- fail the whole query.
--
-- Both views work area by area, each through a function called once per
-- row of crimestats.area (src/growth_views.sql says why): each area's
-- rows come through the table's index on area_code, its groupings and
-- windows stay small, and a filter on area_code or area_name selects the
-- areas before any work.  Each interval is computed once and its bounds
-- read from it (a composite expression in the outer query would be
-- evaluated once per bound).

CREATE FUNCTION crimestats_internal.outcome_rates_rows(area_code text)
RETURNS TABLE (offence_subgroup text, period_start date, period_end date, outcome_group text,
			   outcomes bigint, assigned bigint, ratio double precision,
			   lower double precision, upper double precision)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
AS $$
	SELECT x.offence_subgroup,
		   pg_catalog.lower(x.period),
		   (pg_catalog.upper(x.period) OPERATOR(pg_catalog.-) 1),
		   x.outcome_group,
		   x.outcomes,
		   x.assigned,
		   x.ratio,
		   (x.ci).lower,
		   (x.ci).upper
	FROM (
		WITH by_group AS MATERIALIZED (
			-- outcome type 0 (not yet assigned) counts nowhere
			SELECT o.offence_subgroup, oo.period, ot.outcome_group,
				   pg_catalog.sum(oo.offences)::bigint AS outcomes
			FROM crimestats.offence_outcome AS oo
			JOIN crimestats.offence AS o ON o.code OPERATOR(pg_catalog.=) oo.offence_code
			JOIN crimestats.outcome_type AS ot ON ot.code OPERATOR(pg_catalog.=) oo.outcome_code
			WHERE oo.area_code OPERATOR(pg_catalog.=) outcome_rates_rows.area_code
			  AND oo.outcome_code OPERATOR(pg_catalog.<>) 0
			GROUP BY o.offence_subgroup, oo.period, ot.outcome_group
		)
		SELECT s.offence_subgroup, s.period, g.outcome_group,
			   COALESCE(b.outcomes, 0)::bigint AS outcomes,
			   s.assigned,
			   CASE WHEN s.assigned OPERATOR(pg_catalog.<>) 0
					THEN COALESCE(b.outcomes, 0)::double precision OPERATOR(pg_catalog./) s.assigned::double precision
			   END AS ratio,
			   CASE WHEN COALESCE(b.outcomes, 0) OPERATOR(pg_catalog.>=) 0 AND COALESCE(b.outcomes, 0) OPERATOR(pg_catalog.<=) s.assigned
					THEN crimestats.wilson_ci(COALESCE(b.outcomes, 0), s.assigned, 0.95)
			   END AS ci
		FROM (SELECT bg.offence_subgroup, bg.period,
					 pg_catalog.sum(bg.outcomes)::bigint AS assigned
			  FROM by_group AS bg
			  GROUP BY bg.offence_subgroup, bg.period) AS s
		CROSS JOIN (
			-- every group, so that a group with no outcomes shows as 0
			SELECT DISTINCT ot.outcome_group
			FROM crimestats.outcome_type AS ot
			WHERE ot.code OPERATOR(pg_catalog.<>) 0
		) AS g
		LEFT JOIN by_group AS b
			   ON b.offence_subgroup OPERATOR(pg_catalog.=) s.offence_subgroup
			  AND b.period OPERATOR(pg_catalog.=) s.period
			  AND b.outcome_group OPERATOR(pg_catalog.=) g.outcome_group
	) AS x
$$;
COMMENT ON FUNCTION crimestats_internal.outcome_rates_rows(text) IS
  'The rows of crimestats.outcome_rates for one area (the view calls it once per area).';

CREATE OR REPLACE VIEW crimestats.outcome_rates WITH (security_invoker = true) AS
SELECT a.code AS area_code,
	   a.name AS area_name,
	   x.offence_subgroup,
	   x.period_start,
	   x.period_end,
	   x.outcome_group,
	   x.outcomes,
	   x.assigned,
	   x.ratio,
	   x.lower,
	   x.upper
FROM crimestats.area AS a
CROSS JOIN LATERAL crimestats_internal.outcome_rates_rows(a.code) AS x;

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

-- offence_share_rows is C (src/offence_share.c): the SQL it replaces (the
-- area's periods joined with the windows containing them, a grouping and
-- two windows) cost ten times year_ending at national scale; the rows are
-- the same (tests/views_equivalence, bench/national.sql).
CREATE FUNCTION crimestats_internal.offence_share_rows(area_code text)
RETURNS TABLE (period_start date, period_end date, offence_code text, offence_description text,
			   offence_subgroup text, offence_group text, offences bigint, subgroup_offences bigint,
			   share_of_subgroup double precision, share_of_subgroup_lower double precision,
			   share_of_subgroup_upper double precision, group_offences bigint,
			   share_of_group double precision, share_of_group_lower double precision,
			   share_of_group_upper double precision)
  AS 'MODULE_PATHNAME', 'offence_share_rows'
  LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 3000;
COMMENT ON FUNCTION crimestats_internal.offence_share_rows(text) IS
  'The rows of crimestats.offence_share for one area (the view calls it once per area).';

CREATE OR REPLACE VIEW crimestats.offence_share WITH (security_invoker = true) AS
SELECT a.code AS area_code,
	   a.name AS area_name,
	   x.period_start,
	   x.period_end,
	   x.offence_code,
	   x.offence_description,
	   x.offence_subgroup,
	   x.offence_group,
	   x.offences,
	   x.subgroup_offences,
	   x.share_of_subgroup,
	   x.share_of_subgroup_lower,
	   x.share_of_subgroup_upper,
	   x.group_offences,
	   x.share_of_group,
	   x.share_of_group_lower,
	   x.share_of_group_upper
FROM crimestats.area AS a
CROSS JOIN LATERAL crimestats_internal.offence_share_rows(a.code) AS x;

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
