-- distribute(): the shipped schema on Citus, by one command on the
-- coordinator.
--
-- Citus is not a dependency: its functions are called through dynamic SQL,
-- so this installs and fails cleanly where Citus is absent.  What it does,
-- and why in this order:
--  * CREATE EXTENSION crimestats on a Citus coordinator also created the
--    extension, its tables and their foreign keys, on every worker.  Citus
--    then finds the foreign keys already there when it makes the tables its
--    own and stops (42710).  So the foreign keys among crimestats' tables are
--    dropped, on the coordinator and on every worker, and created again on
--    the coordinator once every table is distributed: Citus then creates
--    them on the workers and on every shard.
--  * On one node the fact tables' overlaps and references are checked once
--    per statement by triggers (src/integrity.sql), which cannot run on
--    the shards.  So the triggers are dropped, on the coordinator and on
--    the workers, and the constraints become declarative again: the
--    foreign keys, created again, have their own triggers enabled, and the
--    fact tables get the 1.0 exclusion constraints under their 1.0 names
--    (they include the area code with =, which Citus can check on each
--    shard).  A row costs more to insert than on one node, as in 1.0.
--  * The lookups become reference tables (a copy on every node), the fact
--    tables hash-distributed tables on their area code, all in one
--    co-location group, so that a query of one area runs on one worker and
--    the joins with the lookups stay on it.
--  * import_reject and the staging tables stay plain tables on the
--    coordinator, where the import functions run.
--  * The views' per-area SQL functions (offence_growth_rows and
--    outcome_rates_rows, see src/growth_views.sql; year_ending_rows and
--    offence_share_rows are C, whose queries Citus already sends to one
--    worker) become PL/pgSQL functions with the same query:
--    Citus cannot plan a SQL function that reads a distributed table, nor
--    push down the LATERAL subquery it would be inlined as.  A PL/pgSQL
--    function runs its query once per area, and Citus sends each to the
--    worker that holds the area.  Done on every call (an ALTER EXTENSION
--    UPDATE puts the SQL functions back).

CREATE FUNCTION crimestats.distribute()
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
DECLARE
	reference_tables text[] := ARRAY[
		'crimestats.area', 'crimestats.offence', 'crimestats.outcome_type',
		'crimestats.area_population', 'crimestats.area_alias', 'crimestats.classification_break',
		'crimestats.police_uk_crime_type', 'crimestats.police_uk_outcome_category'];
	-- the first is the co-location group's anchor
	distributed_tables text[] := ARRAY[
		'crimestats.recorded_offence', 'crimestats.offence_outcome',
		'crimestats.crime', 'crimestats.crime_outcome'];
	t text;
	kind text;
	wanted text;
	made_reference text[] := '{}';
	made_distributed text[] := '{}';
	pending text[] := '{}';
	fk_rel text[];
	fk_name text[];
	fk_def text[];
	trig text;
	exclusions integer := 0;
	worker_failures text;
	is_coordinator boolean;
	report text;
	f record;
	made_plpgsql text[] := '{}';
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus') THEN
		RAISE EXCEPTION 'distribute: Citus is not installed in this database'
			USING ERRCODE = 'undefined_object',
				  HINT = 'On a Citus coordinator: CREATE EXTENSION citus; add the workers (citus_add_node); then CREATE EXTENSION crimestats CASCADE and SELECT crimestats.distribute().';
	END IF;
	EXECUTE 'SELECT pg_catalog.citus_is_coordinator()' INTO is_coordinator;
	IF NOT coalesce(is_coordinator, false) THEN
		RAISE EXCEPTION 'distribute: this database is not a Citus coordinator'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Run it on the coordinator, once its workers are added (citus_set_coordinator_host, citus_add_node).';
	END IF;

	-- One connection per worker for the whole transaction: the foreign keys
	-- to reference tables created at the end cannot follow the parallel
	-- connections that distributing the tables opens.
	EXECUTE 'SET LOCAL citus.multi_shard_modify_mode TO sequential';

	FOR f IN
		SELECT p.oid::pg_catalog.regprocedure::text AS name, p.proname, p.prosrc, p.prorows,
			   pg_catalog.pg_get_function_arguments(p.oid) AS args,
			   pg_catalog.pg_get_function_result(p.oid) AS result
		  FROM pg_catalog.pg_proc AS p
		  JOIN pg_catalog.pg_language AS l ON l.oid = p.prolang
		 WHERE p.pronamespace = 'crimestats_internal'::pg_catalog.regnamespace
		   AND p.proname = ANY (ARRAY['offence_growth_rows', 'outcome_rates_rows'])
		   AND l.lanname = 'sql'
		 ORDER BY p.proname
	LOOP
		EXECUTE format('CREATE OR REPLACE FUNCTION crimestats_internal.%I(%s) RETURNS %s '
					   'LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS %s '
					   'SET search_path = pg_catalog, pg_temp AS %L',
					   f.proname, f.args, f.result, f.prorows,
					   E'#variable_conflict use_column\nBEGIN\n\tRETURN QUERY' || f.prosrc || E';\nEND;\n');
		made_plpgsql := made_plpgsql || f.name;
	END LOOP;

	-- What Citus already manages: a second call finishes what a first
	-- left undone and changes nothing else.
	FOREACH t IN ARRAY reference_tables || distributed_tables LOOP
		EXECUTE 'SELECT CASE WHEN p.partmethod = ''h'' THEN ''distributed''
							 WHEN p.partmethod = ''n'' AND p.repmodel = ''t'' THEN ''reference''
							 ELSE ''other'' END
				   FROM pg_catalog.pg_dist_partition AS p
				  WHERE p.logicalrelid = $1::pg_catalog.regclass'
		   INTO kind USING t;
		wanted := CASE WHEN t = ANY (reference_tables) THEN 'reference' ELSE 'distributed' END;
		IF kind IS NOT NULL AND kind <> wanted THEN
			RAISE EXCEPTION 'distribute: % is already a Citus table of another kind', t
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = 'Make it a plain table again (undistribute_table) and run distribute() again.';
		END IF;
		IF kind IS NULL THEN
			pending := pending || t;
		END IF;
	END LOOP;
	IF pg_catalog.cardinality(pending) = 0 THEN
		IF pg_catalog.cardinality(made_plpgsql) > 0 THEN
			RETURN format('crimestats is already distributed; views'' functions made PL/pgSQL again: %s',
						  array_to_string(made_plpgsql, ', '));
		END IF;
		RETURN 'crimestats is already distributed: nothing to do';
	END IF;

	-- The foreign keys among crimestats' tables, kept to be created again.
	SELECT pg_catalog.array_agg(c.conrelid::pg_catalog.regclass::text ORDER BY c.conrelid, c.conname),
		   pg_catalog.array_agg(c.conname::text ORDER BY c.conrelid, c.conname),
		   pg_catalog.array_agg(pg_catalog.pg_get_constraintdef(c.oid) ORDER BY c.conrelid, c.conname)
	  INTO fk_rel, fk_name, fk_def
	  FROM pg_catalog.pg_constraint c
	 WHERE c.contype = 'f'
	   AND c.conrelid::pg_catalog.regclass::text = ANY (reference_tables || distributed_tables);

	FOR i IN 1 .. coalesce(pg_catalog.cardinality(fk_rel), 0) LOOP
		EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk_rel[i], fk_name[i]);
		-- run_command_on_workers reports failures as rows, it does not raise
		EXECUTE 'SELECT pg_catalog.string_agg(w.nodename || '':'' || w.nodeport || '': '' || w.result, ''; '')
				   FROM pg_catalog.run_command_on_workers($1) AS w WHERE NOT w.success'
		   INTO worker_failures
		  USING format('ALTER TABLE %s DROP CONSTRAINT IF EXISTS %I', fk_rel[i], fk_name[i]);
		IF worker_failures IS NOT NULL THEN
			RAISE EXCEPTION 'distribute: could not drop foreign key % of % on the workers: %', fk_name[i], fk_rel[i], worker_failures
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = 'Check that every worker has crimestats installed at the coordinator''s version.';
		END IF;
	END LOOP;

	-- The integrity triggers (src/integrity.sql), which Citus refuses on
	-- the tables it distributes; the constraints they stand for are
	-- declared below.
	FOR t, trig IN
		SELECT u.t, u.trig
		  FROM (VALUES ('crimestats.recorded_offence', 'check_insert'), ('crimestats.recorded_offence', 'check_update'),
					   ('crimestats.offence_outcome', 'check_insert'), ('crimestats.offence_outcome', 'check_update'),
					   ('crimestats.area', 'check_delete'), ('crimestats.area', 'check_update'),
					   ('crimestats.offence', 'check_delete'), ('crimestats.offence', 'check_update'),
					   ('crimestats.outcome_type', 'check_delete'), ('crimestats.outcome_type', 'check_update')) AS u (t, trig)
	LOOP
		EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', trig, t);
		EXECUTE 'SELECT pg_catalog.string_agg(w.nodename || '':'' || w.nodeport || '': '' || w.result, ''; '')
				   FROM pg_catalog.run_command_on_workers($1) AS w WHERE NOT w.success'
		   INTO worker_failures
		  USING format('DROP TRIGGER IF EXISTS %I ON %s', trig, t);
		IF worker_failures IS NOT NULL THEN
			RAISE EXCEPTION 'distribute: could not drop trigger % of % on the workers: %', trig, t, worker_failures
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = 'Check that every worker has crimestats installed at the coordinator''s version.';
		END IF;
	END LOOP;

	-- Citus refuses subqueries in the policies of distributed tables, so
	-- the write policies (src/roles.sql) call may_load(source) instead: the
	-- same test, made per row rather than once per statement.  role_grant
	-- stays on the coordinator: on the workers no role but superusers and
	-- the tables' owner may write, and loaders are refused (42501).
	FOREACH t IN ARRAY distributed_tables LOOP
		IF t = ANY (pending) THEN
			EXECUTE format('ALTER POLICY crimestats_load_insert ON %s WITH CHECK (crimestats.may_load(source))', t);
			EXECUTE format('ALTER POLICY crimestats_load_update ON %s USING (crimestats.may_load(source)) WITH CHECK (crimestats.may_load(source))', t);
			EXECUTE format('ALTER POLICY crimestats_load_delete ON %s USING (crimestats.may_load(source))', t);
		END IF;
	END LOOP;

	FOREACH t IN ARRAY reference_tables LOOP
		IF t = ANY (pending) THEN
			EXECUTE 'SELECT pg_catalog.create_reference_table($1::pg_catalog.regclass)' USING t;
			made_reference := made_reference || t;
		END IF;
	END LOOP;
	FOREACH t IN ARRAY distributed_tables LOOP
		IF t = ANY (pending) THEN
			IF t = distributed_tables[1] THEN
				EXECUTE 'SELECT pg_catalog.create_distributed_table($1::pg_catalog.regclass, ''area_code'')' USING t;
			ELSE
				EXECUTE 'SELECT pg_catalog.create_distributed_table($1::pg_catalog.regclass, ''area_code'', colocate_with => $2)'
				  USING t, distributed_tables[1];
			END IF;
			made_distributed := made_distributed || t;
		END IF;
	END LOOP;

	-- Created again on the coordinator, Citus creates them on the workers
	-- and on every shard.
	FOR i IN 1 .. coalesce(pg_catalog.cardinality(fk_rel), 0) LOOP
		EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk_rel[i], fk_name[i], fk_def[i]);
	END LOOP;
	-- the 1.0 exclusion constraints, where the triggers stood for them
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
					WHERE c.conrelid = 'crimestats.recorded_offence'::pg_catalog.regclass AND c.contype = 'x') THEN
		ALTER TABLE crimestats.recorded_offence
			ADD CONSTRAINT recorded_offence_area_code_offence_code_period_excl
			EXCLUDE USING gist (area_code WITH OPERATOR(pg_catalog.=),
								offence_code WITH OPERATOR(pg_catalog.=),
								period WITH OPERATOR(pg_catalog.&&));
		exclusions := exclusions + 1;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
					WHERE c.conrelid = 'crimestats.offence_outcome'::pg_catalog.regclass AND c.contype = 'x') THEN
		ALTER TABLE crimestats.offence_outcome
			ADD CONSTRAINT offence_outcome_area_code_offence_code_outcome_code_period_excl
			EXCLUDE USING gist (area_code WITH OPERATOR(pg_catalog.=),
								offence_code WITH OPERATOR(pg_catalog.=),
								outcome_code WITH OPERATOR(pg_catalog.=),
								period WITH OPERATOR(pg_catalog.&&));
		exclusions := exclusions + 1;
	END IF;

	report := format('reference tables: %s', coalesce(nullif(array_to_string(made_reference, ', '), ''), 'none new'))
		|| E'\n' || format('distributed by area_code, co-located with %s: %s', distributed_tables[1],
						   coalesce(nullif(array_to_string(made_distributed, ', '), ''), 'none new'))
		|| E'\n' || format('foreign keys dropped and created again: %s', coalesce(pg_catalog.cardinality(fk_rel), 0))
		|| E'\n' || format('statement triggers replaced by the exclusion constraints: %s', exclusions)
		|| E'\n' || 'kept on the coordinator: crimestats.import_reject and the staging tables'
		|| E'\n' || format('views'' functions made PL/pgSQL: %s',
						   coalesce(nullif(array_to_string(made_plpgsql, ', '), ''), 'none'));
	RETURN report;
END;
$$;
COMMENT ON FUNCTION crimestats.distribute() IS
  'On a Citus coordinator: makes the lookup tables (areas, aliases, populations, offences, outcome types, classification breaks, data.police.uk lookups) Citus reference tables and the fact tables (recorded_offence, offence_outcome, crime, crime_outcome) distributed tables on area_code in one co-location group, keeping their foreign keys; the fact tables'' statement triggers give way to declared constraints (foreign keys checked row by row, the 1.0 exclusion constraints).  Run after CREATE EXTENSION crimestats, before or after loading data; returns what it did.';
