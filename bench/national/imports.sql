-- One run of each Home Office import for bench/national.sql, which sets
-- run and repeats; runs again until run = repeats.  Per format: a plain
-- \copy of the file into its staging table; \copy + import in one
-- transaction; then the INSERT of the rows the import loaded, on its own.
-- The loaded rows are deleted and vacuumed away after each step, so that
-- every run starts from the same table.  (\copy takes no variables: one
-- block per file.)
\echo import run :run of :repeats

-- police force areas: ten years of the 2017/18 table
SELECT clock_timestamp() AS t0 \gset
\copy crimestats.stage_prc_force FROM 'prc-pfa-10-years.csv' CSV HEADER
SELECT pg_temp.keep('COPY prc-pfa-10-years.csv', pg_temp.since(:'t0'));
SELECT count(*) AS file_rows FROM crimestats.stage_prc_force \gset
TRUNCATE crimestats.stage_prc_force;
SELECT clock_timestamp() AS t0 \gset
BEGIN;
\copy crimestats.stage_prc_force FROM 'prc-pfa-10-years.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_force('bench prc-pfa-10-years.csv') \gset
COMMIT;
SELECT pg_temp.keep('import_prc_force', pg_temp.since(:'t0'));
SELECT pg_temp.after_import('prc_force', 'bench prc-pfa-10-years.csv', :read, :loaded, :rejected, :file_rows);
VACUUM crimestats.recorded_offence;
SELECT clock_timestamp() AS t0 \gset
INSERT INTO crimestats.recorded_offence SELECT * FROM loaded_rows ORDER BY area_code, offence_code, period;
SELECT pg_temp.keep('INSERT of what import_prc_force loaded', pg_temp.since(:'t0'));
DELETE FROM crimestats.recorded_offence WHERE source = 'bench prc-pfa-10-years.csv';
VACUUM crimestats.recorded_offence;

-- community safety partnerships: the bench partnerships, six quarters
SELECT clock_timestamp() AS t0 \gset
\copy crimestats.stage_prc_csp FROM 'prc-csp-bench.csv' CSV HEADER
SELECT pg_temp.keep('COPY prc-csp-bench.csv', pg_temp.since(:'t0'));
SELECT count(*) AS file_rows FROM crimestats.stage_prc_csp \gset
TRUNCATE crimestats.stage_prc_csp;
SELECT clock_timestamp() AS t0 \gset
BEGIN;
\copy crimestats.stage_prc_csp FROM 'prc-csp-bench.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_csp('bench prc-csp-bench.csv') \gset
COMMIT;
SELECT pg_temp.keep('import_prc_csp', pg_temp.since(:'t0'));
SELECT pg_temp.after_import('prc_csp', 'bench prc-csp-bench.csv', :read, :loaded, :rejected, :file_rows);
VACUUM crimestats.recorded_offence;
SELECT clock_timestamp() AS t0 \gset
INSERT INTO crimestats.recorded_offence SELECT * FROM loaded_rows ORDER BY area_code, offence_code, period;
SELECT pg_temp.keep('INSERT of what import_prc_csp loaded', pg_temp.since(:'t0'));
DELETE FROM crimestats.recorded_offence WHERE source = 'bench prc-csp-bench.csv';
VACUUM crimestats.recorded_offence;

-- outcomes: the forces of the force table, five quarters
SELECT clock_timestamp() AS t0 \gset
\copy crimestats.stage_prc_outcomes FROM 'prc-outcomes-bench.csv' CSV HEADER
SELECT pg_temp.keep('COPY prc-outcomes-bench.csv', pg_temp.since(:'t0'));
SELECT count(*) AS file_rows FROM crimestats.stage_prc_outcomes \gset
TRUNCATE crimestats.stage_prc_outcomes;
SELECT clock_timestamp() AS t0 \gset
BEGIN;
\copy crimestats.stage_prc_outcomes FROM 'prc-outcomes-bench.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_outcomes('bench prc-outcomes-bench.csv') \gset
COMMIT;
SELECT pg_temp.keep('import_prc_outcomes', pg_temp.since(:'t0'));
SELECT pg_temp.after_import('prc_outcomes', 'bench prc-outcomes-bench.csv', :read, :loaded, :rejected, :file_rows);
VACUUM crimestats.offence_outcome;
SELECT clock_timestamp() AS t0 \gset
INSERT INTO crimestats.offence_outcome SELECT * FROM loaded_outcomes ORDER BY area_code, offence_code, outcome_code, period;
SELECT pg_temp.keep('INSERT of what import_prc_outcomes loaded', pg_temp.since(:'t0'));
DELETE FROM crimestats.offence_outcome WHERE source = 'bench prc-outcomes-bench.csv';
VACUUM crimestats.offence_outcome;

SELECT :run < :repeats AS more, :run + 1 AS run \gset
\if :more
\ir imports.sql
\endif
