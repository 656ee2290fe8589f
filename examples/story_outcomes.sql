-- The story's third and fourth figures, from the outcomes views:
--   the Metropolitan Police recorded 46,100 stalking and harassment
--   offences in the year ending September 2018, of which 1,329 were
--   stalking (2.9%), and charged or summonsed in 5% of the cases with an
--   outcome.
-- Run after the example data is loaded (SELECT crimestats.load_example()):
--   psql -X -f examples/story_outcomes.sql
\set ON_ERROR_STOP on
\set QUIET on
\pset format unaligned
\pset tuples_only on
\pset footer off

-- Each offence's share of its subgroup, with a 95% Wilson interval.
SELECT format('%s, year ending %s: %s of %s %s offences were %s (%s%%, 95%% CI %s%%-%s%%)',
              s.area_name,
              to_char(s.period_end, 'FMMonth YYYY'),
              to_char(s.offences, 'FM999,999,999,990'),
              to_char(s.subgroup_offences, 'FM999,999,999,990'),
              lower(s.offence_subgroup),
              lower(s.offence_description),
              to_char(100 * s.share_of_subgroup, 'FM990.0'),
              to_char(100 * s.share_of_subgroup_lower, 'FM990.0'),
              to_char(100 * s.share_of_subgroup_upper, 'FM990.0'))
FROM crimestats.offence_share AS s
WHERE s.area_code = 'E23000001'          -- Metropolitan Police
  AND s.period_end = DATE '2018-09-30'
  AND s.offence_code = '8Q';              -- Stalking

-- The charge rate: charged/summonsed out of all assigned outcomes (type 0,
-- "not yet assigned", never counts), with a 95% Wilson interval.
SELECT format('%s, %s offences recorded in the year ending %s: charged or summonsed in %s%% (95%% CI %s%%-%s%%) of %s assigned outcomes',
              r.area_name,
              lower(r.offence_subgroup),
              to_char(r.period_end, 'FMMonth YYYY'),
              to_char(100 * r.ratio, 'FM990.0'),
              to_char(100 * r.lower, 'FM990.0'),
              to_char(100 * r.upper, 'FM990.0'),
              to_char(r.assigned, 'FM999,999,999,990'))
FROM crimestats.outcome_rates AS r
WHERE r.area_code = 'E23000001'
  AND r.offence_subgroup = 'Stalking and harassment'
  AND r.period_end = DATE '2018-09-30'
  AND r.outcome_group = (SELECT t.outcome_group FROM crimestats.outcome_type AS t WHERE t.code = 1);
