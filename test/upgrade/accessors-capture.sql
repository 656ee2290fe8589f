-- tests/upgrade.sh: the accessor query of capture-1.0.sql, on the relation
-- :tbl, whose output for the 1.0 fixtures must equal accessors-1.0.txt
-- (what crimestats 1.0 gave).  Run with psql -At and extra_float_digits=3.
SELECT label,
       crimestats.cases(rs), crimestats.days(rs), crimestats.per_day(rs),
       (crimestats.per_day_ci(rs, 0.95)).lower, (crimestats.per_day_ci(rs, 0.95)).upper,
       crimestats.growth_factor(ss), crimestats.pct_change(ss), crimestats.cagr(ss),
       crimestats.trend_growth(ss), crimestats.sparkline(ss),
       crimestats.ratio(os), (crimestats.ratio_ci(os, 0.95)).lower, (crimestats.ratio_ci(os, 0.95)).upper
FROM :tbl ORDER BY label COLLATE "C";
