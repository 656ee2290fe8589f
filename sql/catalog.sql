--
-- What \df crimestats.* shows: the functions and aggregates users call.
-- Support functions (transition, combine, inverse, final, serialize and
-- I/O) live in crimestats_internal, and a role with no privilege on that
-- schema still uses every aggregate and type.
--

-- every support function of a crimestats aggregate or type is in
-- crimestats_internal (the accessors that double as final functions,
-- growth_factor(series_summary) and the like, are user-facing)
WITH support AS (
  SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggserialfn,
                      aggdeserialfn, aggmtransfn, aggminvtransfn,
                      aggmfinalfn]::oid[]) AS fn
  FROM pg_catalog.pg_aggregate a
  JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
  WHERE p.pronamespace = 'crimestats'::regnamespace
  UNION
  SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend]::oid[])
  FROM pg_catalog.pg_type
  WHERE typnamespace = 'crimestats'::regnamespace AND typtype = 'b'
    AND typelem = 0
)
SELECT p.pronamespace::regnamespace AS schema, count(DISTINCT p.oid),
       CASE WHEN p.pronamespace <> 'crimestats_internal'::regnamespace
            THEN string_agg(DISTINCT p.proname, ', ') END AS which
FROM support s JOIN pg_catalog.pg_proc p ON p.oid = s.fn
GROUP BY p.pronamespace ORDER BY 1;

-- the ones left in crimestats are accessors users call themselves
WITH support AS (
  SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggmtransfn,
                      aggminvtransfn, aggmfinalfn]::oid[]) AS fn
  FROM pg_catalog.pg_aggregate
)
SELECT DISTINCT p.oid::regprocedure::text AS accessor_and_final_function
FROM support s JOIN pg_catalog.pg_proc p ON p.oid = s.fn
WHERE p.pronamespace = 'crimestats'::regnamespace
ORDER BY 1;

-- \df crimestats.*: name, kind and how many signatures
SELECT proname, prokind, count(*) AS signatures
FROM pg_catalog.pg_proc
WHERE pronamespace = 'crimestats'::regnamespace
GROUP BY proname, prokind
ORDER BY prokind, proname;

-- a role with no USAGE on crimestats_internal: aggregates (plain, window,
-- partial), type input and output all work
CREATE ROLE crimestats_catalog_user;
GRANT USAGE ON SCHEMA crimestats TO crimestats_catalog_user;
SET ROLE crimestats_catalog_user;
SELECT has_schema_privilege('crimestats_internal', 'USAGE') AS internal_usage;
SELECT crimestats.per_day(crimestats.rate_summary(n, p)) AS per_day,
       crimestats.rate_summary(n, p)::text AS summary
FROM (VALUES (31::bigint, daterange('2018-01-01', '2018-02-01'))) AS v(n, p);
SELECT crimestats.growth_factor(v, y) OVER (ORDER BY y) AS growth
FROM (VALUES (10.0::float8, 2018), (15, 2019)) AS t(v, y);
SELECT (crimestats.outcome_ratio_ci(h, t, 0.95)).estimate
FROM (VALUES (5::bigint, 100::bigint)) AS v(h, t);
SELECT '{"hits":1,"total":2,"confidence":0.95}'::crimestats.ratio_summary;
-- calling a support function by name needs the schema, which it lacks
SELECT crimestats_internal.rate_summary_final(NULL);
RESET ROLE;
REVOKE USAGE ON SCHEMA crimestats FROM crimestats_catalog_user;
DROP ROLE crimestats_catalog_user;
