-- Every view of crimestats 1.0, read whole through the columns 1.0 gave it
-- (a later version may add columns, never drop or change these): one line
-- per view with its row count and the md5 of its rows, sorted, as text.
-- Used by tests/upgrade.sh (from functions.sql, and before and after
-- ALTER EXTENSION UPDATE); run with extra_float_digits=3.
SELECT 'year_ending', count(*), md5(string_agg(v::text, E'\n' ORDER BY v::text COLLATE "C"))
FROM (SELECT area_code, area_name, offence_subgroup, period_end, offences, per_day, per_day_lower,
			 per_day_upper, per_1000
	  FROM crimestats.year_ending) AS v;
SELECT 'offence_growth', count(*), md5(string_agg(v::text, E'\n' ORDER BY v::text COLLATE "C"))
FROM (SELECT area_code, area_name, offence_subgroup, first_period_end, last_period_end, first_offences,
			 last_offences, growth_factor, pct_change, cagr, trend_growth, sparkline, crosses_break
	  FROM crimestats.offence_growth) AS v;
SELECT 'outcome_rates', count(*), md5(string_agg(v::text, E'\n' ORDER BY v::text COLLATE "C"))
FROM (SELECT area_code, area_name, offence_subgroup, period_start, period_end, outcome_group, outcomes,
			 assigned, ratio, lower, upper
	  FROM crimestats.outcome_rates) AS v;
SELECT 'offence_share', count(*), md5(string_agg(v::text, E'\n' ORDER BY v::text COLLATE "C"))
FROM (SELECT area_code, area_name, period_start, period_end, offence_code, offence_description,
			 offence_subgroup, offence_group, offences, subgroup_offences, share_of_subgroup,
			 share_of_subgroup_lower, share_of_subgroup_upper, group_offences, share_of_group,
			 share_of_group_lower, share_of_group_upper
	  FROM crimestats.offence_share) AS v;
SELECT 'police_uk_monthly', count(*), md5(string_agg(v::text, E'\n' ORDER BY v::text COLLATE "C"))
FROM (SELECT force_code, force_name, borough, crime_type, month, period, month_end, crimes
	  FROM crimestats.police_uk_monthly) AS v;
SELECT 'police_uk_outcomes', count(*), md5(string_agg(v::text, E'\n' ORDER BY v::text COLLATE "C"))
FROM (SELECT force_code, force_name, crime_type, month, period, crimes, with_outcome, charged
	  FROM crimestats.police_uk_outcomes) AS v;
