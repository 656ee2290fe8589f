-- Changes that crimestats 1.1 makes to objects that 1.0 created (comments,
-- replaced functions and views).  The upgrade script
-- crimestats--1.0--1.1.sql is this file followed by the pieces whose
-- objects are all new in 1.1, included whole (UPGRADE_1_1_PIECES in the
-- Makefile); tests/upgrade.sh checks that an updated 1.0 installation ends
-- up identical to a fresh install of 1.1.
--
-- Never DROP here what a user's view or table may depend on: types,
-- aggregates and functions are added or replaced, never removed.

-- rates: the type's comment mentions the method that partial states of
-- per_day_rate_ci now carry (src/rates.sql, src/rates_method.sql)
COMMENT ON TYPE crimestats.rate_summary IS
  'Summary of counts over periods: the exact total of cases and the union of the days covered.  Text form {"cases":N,"days":[["first day","day after last"),...]}; a partial state of per_day_rate_ci (parallel workers, Citus) also carries "confidence" (and "method":"byar" when asked for).  Build with rate_summary(cases, period), merge with rollup(), read with per_day(), per_day_ci(), cases(), days().';
