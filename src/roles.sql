-- Least-privilege roles (docs/security.md).
--
--   crimestats.grant_read(role)           what a read-only role (a BI tool,
--                                         an analyst) needs: every table and
--                                         view, the functions that read
--   crimestats.grant_load(role, sources)  what a loader needs: stage and
--                                         import the sources whose names
--                                         match the LIKE pattern sources,
--                                         nothing else
--   crimestats.revoke_read(role), crimestats.revoke_load(role[, sources])
--
-- A role given neither has no privilege on any crimestats table or view
-- (PostgreSQL gives PUBLIC none, and this script gives none either).
--
-- What a loader cannot do is enforced by the database, whatever the loader
-- runs: it holds no UPDATE or TRUNCATE on the tables that hold data, no
-- write privilege at all on the reference tables, and the tables it may
-- insert into and delete from (recorded_offence, offence_outcome, crime,
-- crime_outcome, import_reject) have row-level security whose policies let
-- a role write only rows whose source matches one of its patterns
-- (crimestats.load_patterns()).  The import functions run as the role that
-- calls them (there is no SECURITY DEFINER), so they are held to the same
-- policies; and a loader's import takes only rows that its own transaction
-- staged (crimestats_internal.check_staged), the staging tables being
-- shared.  Superusers, the tables' owner and the extension's owner are not
-- restricted.
--
-- Every grant is recorded in crimestats.role_grant, which a watchdog reads
-- to know who may load what; crimestats.role_grants(role) lists what a role
-- actually holds.
--
-- Trusted install.  When a database owner who is not a superuser creates
-- the extension (trusted = true), its objects belong to the bootstrap
-- superuser and the extension to that database owner.  The last two
-- statements here make sure the schema belongs to a superuser
-- (crimestats_internal.secure_schema) and give the extension's owner, when
-- it is not a superuser, what it needs to run crimestats and to grant it
-- on: every privilege but TRIGGER (and, from PostgreSQL 17, MAINTAIN), WITH
-- GRANT OPTION (crimestats_internal.grant_extension_owner).  Every later
-- update script must end with the same two calls.
--
-- Functions here run with search_path = pg_catalog, pg_temp and build
-- their GRANT statements from the catalogs' own quoting (regclass,
-- regprocedure, regtype output under that search_path is schema-qualified;
-- role names go through %I).

------------------------------------------------------------------------------
-- Who may do what
------------------------------------------------------------------------------

CREATE TABLE crimestats.role_grant (
	grantee regrole NOT NULL,
	privilege text NOT NULL CHECK (privilege IN ('read', 'load')),
	sources text,
	granted_by name NOT NULL DEFAULT CURRENT_USER,
	granted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CHECK ((privilege = 'load') = (sources IS NOT NULL)),
	UNIQUE NULLS NOT DISTINCT (grantee, privilege, sources)
);
COMMENT ON TABLE crimestats.role_grant IS
  'Roles given crimestats privileges by grant_read and grant_load: one row per read grant and per source pattern a role may load.  The row-level security policies of the tables loaders write read it (crimestats.load_patterns).';
COMMENT ON COLUMN crimestats.role_grant.grantee IS 'The role.';
COMMENT ON COLUMN crimestats.role_grant.privilege IS 'read (grant_read) or load (grant_load).';
COMMENT ON COLUMN crimestats.role_grant.sources IS 'For load: a LIKE pattern of the source names the role may load (''%'' for every source); NULL for read.';
COMMENT ON COLUMN crimestats.role_grant.granted_by IS 'The role that called grant_read or grant_load.';
COMMENT ON COLUMN crimestats.role_grant.granted_at IS 'When.';

-- The LIKE patterns of the sources the current role may load: '%' for a
-- superuser, the extension's owner and its members; the patterns granted
-- to the roles it is a member of (and inherits from) otherwise.
-- pg_has_role(..., 'USAGE') is NULL for a role dropped since its grant.
CREATE FUNCTION crimestats.load_patterns()
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT CASE
		WHEN pg_catalog.pg_has_role(
				 (SELECT e.extowner FROM pg_catalog.pg_extension e
				   WHERE e.extname OPERATOR(pg_catalog.=) 'crimestats'::pg_catalog.name),
				 'USAGE'::pg_catalog.text)
		THEN ARRAY['%'::pg_catalog.text]
		ELSE ARRAY(SELECT g.sources FROM crimestats.role_grant g
					WHERE g.privilege OPERATOR(pg_catalog.=) 'load'::pg_catalog.text
					  AND pg_catalog.pg_has_role(g.grantee, 'USAGE'::pg_catalog.text)
					ORDER BY g.sources)
	END;
END;
COMMENT ON FUNCTION crimestats.load_patterns() IS
  'The LIKE patterns of the source names the current role may load: {%} for a superuser, the extension''s owner and its members; otherwise those given by grant_load to the role or to roles whose privileges it inherits.';

-- A NULL source matches '%' only: rows without a source are the
-- administrators'.
CREATE FUNCTION crimestats.may_load(source text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN COALESCE(source, ''::pg_catalog.text) OPERATOR(pg_catalog.~~) ANY (crimestats.load_patterns());
COMMENT ON FUNCTION crimestats.may_load(text) IS
  'True when the current role may write rows of this source: the source matches one of crimestats.load_patterns().  The row-level security policies of recorded_offence, offence_outcome, crime, crime_outcome and import_reject apply the same test.';

------------------------------------------------------------------------------
-- Row-level security on the tables loaders write
------------------------------------------------------------------------------

-- Reading is governed by SELECT privileges alone: every row is visible to
-- a role that may select.  Writing a row needs its source to match one of
-- load_patterns(), before (UPDATE, DELETE) and after (INSERT, UPDATE): the
-- test of may_load(source), written out so that load_patterns() runs once
-- per statement (an InitPlan), not once per row.  TRUNCATE ignores
-- policies, so no loader is ever given TRUNCATE on these tables.
DO $$
DECLARE
	t text;
	may_write constant text :=
		$w$COALESCE(source, '') OPERATOR(pg_catalog.~~) ANY ((SELECT crimestats.load_patterns())::pg_catalog.text[])$w$;
BEGIN
	FOREACH t IN ARRAY ARRAY['crimestats.recorded_offence', 'crimestats.offence_outcome',
							 'crimestats.crime', 'crimestats.crime_outcome',
							 'crimestats.import_reject']
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('CREATE POLICY crimestats_read ON %s FOR SELECT USING (true)', t);
		EXECUTE pg_catalog.format('CREATE POLICY crimestats_load_insert ON %s FOR INSERT WITH CHECK (%s)', t, may_write);
		EXECUTE pg_catalog.format('CREATE POLICY crimestats_load_update ON %s FOR UPDATE USING (%s) WITH CHECK (%s)', t, may_write, may_write);
		EXECUTE pg_catalog.format('CREATE POLICY crimestats_load_delete ON %s FOR DELETE USING (%s)', t, may_write);
	END LOOP;
END;
$$;

------------------------------------------------------------------------------
-- The privileges of each kind of role
------------------------------------------------------------------------------

-- Objects are the extension's members (and its schema), so that objects
-- users add to the schema are theirs to grant.  Routines that write (the
-- import_* functions, load_example and the grant functions themselves)
-- are not granted to readers.  Readers are not given crimestats_internal:
-- aggregates and types use the support functions there without any
-- privilege.  Loaders are, for the two import helpers there; the grant
-- helpers there are the extension owner's.
CREATE FUNCTION crimestats.privilege_set(kind text)
RETURNS TABLE (object_type text, object_name text, privilege text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	WITH member AS (
		SELECT d.classid, d.objid
		  FROM pg_depend d
		  JOIN pg_extension e ON e.oid = d.refobjid
		 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
		   AND e.extname = 'crimestats'
	), ext AS (
		SELECT e.extnamespace AS nsp FROM pg_extension e WHERE e.extname = 'crimestats'
	), schemas AS (
		SELECT ext.nsp AS oid FROM ext
		UNION
		SELECT m.objid FROM member m WHERE m.classid = 'pg_namespace'::regclass AND kind IN ('load', 'owner')
	), rel AS (
		SELECT c.oid, c.relname::text AS name, c.relkind, c.relrowsecurity,
			   c.relnamespace = (SELECT ext.nsp FROM ext) AS in_schema
		  FROM member m JOIN pg_class c ON c.oid = m.objid
		 WHERE m.classid = 'pg_class'::regclass AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
	), fn AS (
		SELECT p.oid, p.proname::text AS name, p.pronamespace = (SELECT ext.nsp FROM ext) AS in_schema,
			   p.proname::text LIKE 'import\_%' OR p.proname IN
				 ('load_example', 'distribute', 'grant_read', 'grant_load', 'revoke_read', 'revoke_load',
				  'apply_role_grants', 'revoke_role_grants', 'check_grantee',
				  'grant_extension_owner', 'secure_schema') AS writes,
			   p.proname::text LIKE 'import\_%' OR p.proname IN
				 ('area_names', 'resolve_area', 'ho_count', 'ho_quarter', 'csv_fields',
				  'try_float8', 'may_load', 'load_patterns', 'check_staged',
				  'written_by_this_transaction') AS loads
		  FROM member m JOIN pg_proc p ON p.oid = m.objid
		 WHERE m.classid = 'pg_proc'::regclass
	), typ AS (
		-- the types crimestats defines: PostgreSQL 17 also records the
		-- array types and the row types of tables and views as members
		-- (an array type's privileges are its element type's, a row
		-- type's go with its table's)
		SELECT t.oid
		  FROM member m JOIN pg_type t ON t.oid = m.objid
		 WHERE m.classid = 'pg_type'::regclass AND t.typcategory <> 'A'
		   AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
	)
	SELECT 'SCHEMA', s.oid::regnamespace::text, 'USAGE' FROM schemas s
	UNION ALL
	SELECT 'TABLE', r.oid::regclass::text, 'SELECT' FROM rel r
	 WHERE (kind = 'read' AND r.in_schema) OR kind = 'owner' OR (kind = 'load' AND r.relkind IN ('r', 'p'))
	UNION ALL
	SELECT 'TABLE', r.oid::regclass::text, p.privilege
	  FROM rel r, (VALUES ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE'), ('REFERENCES')) AS p (privilege)
	 WHERE kind = 'owner' AND r.relkind IN ('r', 'p')
	UNION ALL
	SELECT 'TABLE', r.oid::regclass::text, p.privilege
	  FROM rel r, (VALUES ('INSERT'), ('DELETE')) AS p (privilege)
	 WHERE kind = 'load' AND r.relrowsecurity
	UNION ALL
	SELECT 'TABLE', r.oid::regclass::text, p.privilege
	  FROM rel r, (VALUES ('INSERT'), ('TRUNCATE')) AS p (privilege)
	 WHERE kind = 'load' AND r.relkind = 'r' AND r.name LIKE 'stage\_%'
	UNION ALL
	-- the fact tables' triggers, run as the loader, take the write token
	-- (src/integrity.sql)
	SELECT 'TABLE', r.oid::regclass::text, 'UPDATE'
	  FROM rel r
	 WHERE kind = 'load' AND r.oid = 'crimestats_internal.write_token'::regclass
	UNION ALL
	SELECT 'FUNCTION', f.oid::regprocedure::text, 'EXECUTE' FROM fn f
	 WHERE (kind = 'read' AND f.in_schema AND NOT f.writes) OR (kind = 'load' AND f.loads) OR kind = 'owner'
	UNION ALL
	SELECT 'TYPE', t.oid::regtype::text, 'USAGE' FROM typ t WHERE kind IN ('read', 'owner')
$$;
COMMENT ON FUNCTION crimestats.privilege_set(text) IS
  'The privileges grant_read (kind read) or grant_load (kind load) gives, one row per object and privilege: read is USAGE on the schema crimestats and the types, SELECT on every table and view in it, EXECUTE on every function of crimestats that does not write; load is USAGE on crimestats and crimestats_internal, SELECT on every table, INSERT and DELETE on the tables with row-level security, INSERT and TRUNCATE on the staging tables, UPDATE on crimestats_internal.write_token, EXECUTE on the import functions and what they call.  Kind owner is what a trusted install gives the extension''s owner (grant_extension_owner): everything but TRIGGER.';

-- The privileges a role holds directly on the extension's objects (not
-- those it inherits from roles it is a member of).
CREATE FUNCTION crimestats.role_grants(role regrole)
RETURNS TABLE (object_type text, object_name text, privilege text, grantor regrole)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	WITH member AS (
		SELECT d.classid, d.objid
		  FROM pg_depend d
		  JOIN pg_extension e ON e.oid = d.refobjid
		 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
		   AND e.extname = 'crimestats'
	), acl AS (
		SELECT 'SCHEMA' AS object_type, n.oid::regnamespace::text AS object_name,
			   aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
		  FROM pg_namespace n
		 WHERE n.oid IN (SELECT e.extnamespace FROM pg_extension e WHERE e.extname = 'crimestats')
			OR n.oid IN (SELECT m.objid FROM member m WHERE m.classid = 'pg_namespace'::regclass)
		UNION ALL
		SELECT 'TABLE', c.oid::regclass::text, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner)))
		  FROM member m JOIN pg_class c ON c.oid = m.objid
		 WHERE m.classid = 'pg_class'::regclass
		UNION ALL
		SELECT 'FUNCTION', p.oid::regprocedure::text, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner)))
		  FROM member m JOIN pg_proc p ON p.oid = m.objid
		 WHERE m.classid = 'pg_proc'::regclass
		UNION ALL
		SELECT 'TYPE', t.oid::regtype::text, aclexplode(coalesce(t.typacl, acldefault('T', t.typowner)))
		  FROM member m JOIN pg_type t ON t.oid = m.objid
		 WHERE m.classid = 'pg_type'::regclass
	)
	SELECT acl.object_type, acl.object_name, (acl.a).privilege_type, (acl.a).grantor::regrole
	  FROM acl
	 WHERE (acl.a).grantee = role
	 ORDER BY 1, 2, 3, 4
$$;
COMMENT ON FUNCTION crimestats.role_grants(regrole) IS
  'The privileges the role holds directly (not through membership in other roles) on crimestats'' schema and objects, with who granted each: what a watchdog checks after grant_read, grant_load and their revoke_ counterparts.';

------------------------------------------------------------------------------
-- Granting and revoking
------------------------------------------------------------------------------

-- Grants a role everything its rows in role_grant call for, one GRANT per
-- kind of object and privilege.
CREATE FUNCTION crimestats_internal.apply_role_grants(role regrole)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	g record;
	rolname name;
BEGIN
	SELECT r.rolname INTO STRICT rolname FROM pg_roles r WHERE r.oid = role;
	FOR g IN
		SELECT s.object_type, s.privilege, string_agg(DISTINCT s.object_name, ', ') AS objects
		  FROM (SELECT DISTINCT r.privilege FROM crimestats.role_grant r WHERE r.grantee = role) k,
			   crimestats.privilege_set(k.privilege) s
		 GROUP BY s.object_type, s.privilege
		 ORDER BY s.object_type, s.privilege
	LOOP
		EXECUTE format('GRANT %s ON %s %s TO %I', g.privilege, g.object_type, g.objects, rolname);
	END LOOP;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.apply_role_grants(regrole) IS
  'Used by grant_read, grant_load and the revoke_ functions: grants the role what its rows in crimestats.role_grant call for.';

-- Revokes every privilege either kind gives (those the current role
-- granted: REVOKE removes only its own grants), grants back what the
-- remaining rows of role_grant call for, and then checks that the role
-- holds no privilege of either kind beyond those.  One left over was
-- granted by another role, and REVOKE cannot reach it: an error, rather
-- than a revoke that silently did not happen.
CREATE FUNCTION crimestats_internal.revoke_role_grants(role regrole, caller text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	g record;
	rolname name;
	left_over text;
	grantors text;
BEGIN
	SELECT r.rolname INTO STRICT rolname FROM pg_roles r WHERE r.oid = role;
	FOR g IN
		SELECT s.object_type, s.privilege, string_agg(DISTINCT s.object_name, ', ') AS objects
		  FROM (VALUES ('read'), ('load')) AS k (kind), crimestats.privilege_set(k.kind) s
		 GROUP BY s.object_type, s.privilege
		 ORDER BY s.object_type, s.privilege
	LOOP
		EXECUTE format('REVOKE %s ON %s %s FROM %I', g.privilege, g.object_type, g.objects, rolname);
	END LOOP;
	PERFORM crimestats_internal.apply_role_grants(role);

	SELECT count(*) || ' privileges, such as '
		   || string_agg(format('%s on %s %s (granted by %s)', h.privilege, lower(h.object_type), h.object_name, h.grantor), '; '
						 ORDER BY h.object_type DESC, h.object_name, h.privilege)
				FILTER (WHERE h.n <= 3),
		   string_agg(DISTINCT h.grantor::text, ', ')
	  INTO left_over, grantors
	  FROM (SELECT rg.*, row_number() OVER (ORDER BY rg.object_type DESC, rg.object_name, rg.privilege) AS n
			  FROM crimestats.role_grants(role) rg) h
	 WHERE (h.object_type, h.object_name, h.privilege) IN
			(SELECT s.object_type, s.object_name, s.privilege
			   FROM (VALUES ('read'), ('load')) AS k (kind), crimestats.privilege_set(k.kind) s)
	   AND (h.object_type, h.object_name, h.privilege) NOT IN
			(SELECT s.object_type, s.object_name, s.privilege
			   FROM (SELECT DISTINCT r.privilege FROM crimestats.role_grant r WHERE r.grantee = role) k,
					crimestats.privilege_set(k.privilege) s);
	IF left_over IS NOT NULL THEN
		RAISE EXCEPTION '%: role % still holds privileges that % did not grant', caller, rolname, current_user
			USING ERRCODE = 'insufficient_privilege',
				  DETAIL = left_over,
				  HINT = format('REVOKE removes only the grants of the role that runs it: run crimestats.%s as %s (a superuser can SET ROLE to it).',
								caller, grantors);
	END IF;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.revoke_role_grants(regrole, text) IS
  'Used by revoke_read and revoke_load: revokes what either grant gives, grants back what the role''s remaining rows in crimestats.role_grant call for, and fails (42501) if privileges granted by another role remain.';

-- The roles grant_ and revoke_ refuse: none, PUBLIC (oid 0), and the
-- owners, whose privileges are their own.
CREATE FUNCTION crimestats_internal.check_grantee(role regrole, caller text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF role IS NULL OR role = 0 THEN
		RAISE EXCEPTION '%: role must be a role, got %', caller, coalesce(role::text, 'NULL')
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles r WHERE r.oid = role) THEN
		RAISE EXCEPTION '%: role with OID % does not exist', caller, role::oid
			USING ERRCODE = 'undefined_object';
	END IF;
	IF role = (SELECT e.extowner FROM pg_extension e WHERE e.extname = 'crimestats')
	   OR role = (SELECT c.relowner FROM pg_class c WHERE c.oid = 'crimestats.recorded_offence'::regclass) THEN
		RAISE EXCEPTION '%: role % owns crimestats', caller, role
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = 'The owner of the extension or of its objects holds every privilege already; revoking would take its own away.';
	END IF;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.check_grantee(regrole, text) IS
  'Used by grant_read, grant_load and the revoke_ functions: refuses NULL, PUBLIC, a dropped role, and the extension''s or its objects'' owner (22023).';

CREATE FUNCTION crimestats.grant_read(role regrole)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM crimestats_internal.check_grantee(role, 'grant_read');
	INSERT INTO crimestats.role_grant (grantee, privilege) VALUES (role, 'read')
		ON CONFLICT DO NOTHING;
	PERFORM crimestats_internal.apply_role_grants(role);
END;
$$;
COMMENT ON FUNCTION crimestats.grant_read(regrole) IS
  'Gives a role what reading crimestats needs (USAGE on the schema and its types, SELECT on every table and view, EXECUTE on every function that does not write) and records it in crimestats.role_grant.  Idempotent.';

CREATE FUNCTION crimestats.grant_load(role regrole, sources text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM crimestats_internal.check_grantee(role, 'grant_load');
	IF sources IS NULL OR btrim(sources) = '' THEN
		RAISE EXCEPTION 'grant_load: sources must be a LIKE pattern of source names, got %', coalesce(quote_literal(sources), 'NULL')
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'For example ''met-%'' for every source whose name starts with met-, or ''%'' for every source.';
	END IF;
	INSERT INTO crimestats.role_grant (grantee, privilege, sources) VALUES (role, 'load', sources)
		ON CONFLICT DO NOTHING;
	PERFORM crimestats_internal.apply_role_grants(role);
END;
$$;
COMMENT ON FUNCTION crimestats.grant_load(regrole, text) IS
  'Lets a role stage files and import them under source names matching the LIKE pattern sources (''%'' for all): USAGE on the schema, SELECT on the tables, INSERT and TRUNCATE on the staging tables, INSERT and DELETE on the tables imports write (limited by row-level security to rows of those sources), EXECUTE on the import functions.  Idempotent; call again to add patterns.';

CREATE FUNCTION crimestats.revoke_read(role regrole)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM crimestats_internal.check_grantee(role, 'revoke_read');
	DELETE FROM crimestats.role_grant r WHERE r.grantee = role AND r.privilege = 'read';
	PERFORM crimestats_internal.revoke_role_grants(role, 'revoke_read');
END;
$$;
COMMENT ON FUNCTION crimestats.revoke_read(regrole) IS
  'Takes back what grant_read gave (a loader keeps what grant_load gave).  Idempotent; 42501 if privileges granted by another role remain.';

CREATE FUNCTION crimestats.revoke_load(role regrole, sources text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM crimestats_internal.check_grantee(role, 'revoke_load');
	DELETE FROM crimestats.role_grant r
	 WHERE r.grantee = role AND r.privilege = 'load'
	   AND (revoke_load.sources IS NULL OR r.sources = revoke_load.sources);
	PERFORM crimestats_internal.revoke_role_grants(role, 'revoke_load');
END;
$$;
COMMENT ON FUNCTION crimestats.revoke_load(regrole, text) IS
  'Takes back the pattern sources given by grant_load, or every pattern when sources is NULL; when no pattern is left, what grant_load gave (a reader keeps what grant_read gave).  Idempotent; 42501 if privileges granted by another role remain.';

-- Trusted install: the objects belong to the bootstrap superuser, and the
-- database owner who created the extension could neither use nor grant
-- them.  It gets every privilege WITH GRANT OPTION, except TRIGGER (a
-- trigger it defined would run as whoever writes the table, superusers
-- included) and MAINTAIN (PostgreSQL 17: maintenance runs as the table
-- owner).  Nothing happens when the owner is a superuser.
CREATE FUNCTION crimestats_internal.grant_extension_owner()
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rolname name;
	g record;
BEGIN
	SELECT r.rolname INTO rolname
	  FROM pg_extension e JOIN pg_roles r ON r.oid = e.extowner
	 WHERE e.extname = 'crimestats' AND NOT r.rolsuper;
	IF rolname IS NULL THEN
		RETURN;
	END IF;
	FOR g IN
		SELECT s.object_type, s.privilege, string_agg(s.object_name, ', ') AS objects
		  FROM crimestats.privilege_set('owner') s
		 GROUP BY s.object_type, s.privilege
		 ORDER BY s.object_type, s.privilege
	LOOP
		EXECUTE format('GRANT %s ON %s %s TO %I WITH GRANT OPTION', g.privilege, g.object_type, g.objects, rolname);
	END LOOP;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.grant_extension_owner() IS
  'Run by the install and update scripts: when the extension''s owner is not a superuser (a trusted install by a database owner), gives it every privilege on crimestats'' objects but TRIGGER, WITH GRANT OPTION, so that it can use them and run grant_read and grant_load.';

------------------------------------------------------------------------------
-- PUBLIC
------------------------------------------------------------------------------

-- PostgreSQL gives PUBLIC no privilege on the schema, tables and views, and
-- EXECUTE on functions.  Functions that only compute, or read what the
-- caller may read, keep it: they give nothing the caller's own privileges
-- do not.  Those that write, or grant, are for the roles given them.
REVOKE EXECUTE ON FUNCTION
	crimestats_internal.import_begin(text, text),
	crimestats.import_prc_rows(text, text, text),
	crimestats_internal.import_police_uk_pass(text, text, text, bigint),
	crimestats_internal.import_police_uk_rows(text, text, text),
	crimestats.import_stage(text, text),
	crimestats.import_prc_force(text),
	crimestats.import_prc_csp(text),
	crimestats.import_prc_outcomes(text),
	crimestats.import_police_uk_street(text),
	crimestats.import_police_uk_outcomes(text),
	crimestats.import_raw(text, text),
	crimestats.load_example(),
	crimestats.distribute(),
	crimestats.grant_read(regrole),
	crimestats.grant_load(regrole, text),
	crimestats.revoke_read(regrole),
	crimestats.revoke_load(regrole, text),
	crimestats_internal.apply_role_grants(regrole),
	crimestats_internal.revoke_role_grants(regrole, text),
	crimestats_internal.check_grantee(regrole, text),
	crimestats_internal.grant_extension_owner()
FROM PUBLIC;

------------------------------------------------------------------------------
-- Rows written by this transaction
------------------------------------------------------------------------------

-- A row's xmin is this transaction's, or one of its subtransactions', exactly
-- when pg_xact_status says "in progress": the row is visible, and no other
-- transaction's uncommitted row is.  xmin is 32 bits; its full 64-bit id is
-- the one nearest this transaction's (ids in use are within 2^31 of it).
CREATE FUNCTION crimestats_internal.written_by_this_transaction(row_xmin xid)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	cur bigint := pg_current_xact_id()::text::bigint;
	d bigint := (row_xmin::text::bigint - cur % 4294967296 + 4294967296) % 4294967296;
BEGIN
	IF d >= 2147483648 THEN
		d := d - 4294967296;
	END IF;
	RETURN pg_xact_status((cur + d)::text::xid8) IS NOT DISTINCT FROM 'in progress';
END;
$$;
COMMENT ON FUNCTION crimestats_internal.written_by_this_transaction(xid) IS
  'True when a visible row whose xmin is row_xmin was written by the current transaction or one of its subtransactions.';

-- Staging tables are shared by every loader.  A loader's import takes only
-- rows that its own transaction staged (and refuses an empty staging table,
-- which would replace the source with nothing): rows another loader staged,
-- or a staging table another loader emptied after this one copied into it
-- in an earlier transaction, never become this loader's source.  Within one
-- transaction nobody else can touch them: COPY holds a lock that TRUNCATE
-- waits for, and import_stage refuses rows of several transactions.
CREATE FUNCTION crimestats_internal.check_staged(stage regclass, caller text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	x xid;
BEGIN
	EXECUTE format('SELECT s.xmin FROM %s AS s LIMIT 1', stage) INTO x;
	IF x IS NULL OR NOT crimestats_internal.written_by_this_transaction(x) THEN
		RAISE EXCEPTION '%: a loader imports only rows its own transaction staged', caller
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = CASE WHEN x IS NULL THEN format('%s is empty.', stage)
								ELSE format('The rows of %s were copied by another transaction.', stage) END,
				  HINT = format('Run the COPY into %s and %s in one transaction (BEGIN; \copy ...; SELECT * FROM crimestats.%s(...); COMMIT).',
								stage, caller, caller);
	END IF;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.check_staged(regclass, text) IS
  'Used by the import functions when the caller is a loader (held to row-level security): 55000 unless the staging table holds rows and they were written by the current transaction.';

------------------------------------------------------------------------------
-- The schema
------------------------------------------------------------------------------

-- crimestats' functions name crimestats' objects schema-qualified, and
-- those inside functions are looked up when the function runs.  A role
-- that could create objects in the schema (an overload whose argument
-- types match a call better, say) could therefore make them run its code
-- as whoever calls crimestats, superusers included.  CREATE EXTENSION
-- creates the schema owned by the role that runs it: a database owner, in
-- a trusted install.  So the schema must belong to a superuser, and hold
-- nothing that a role other than a superuser owns, except crimestats'
-- members (which the script's superuser owns).
--
-- A schema owned by another role that this transaction created (CREATE
-- EXTENSION did, just now) is taken over by the superuser running the
-- script (the bootstrap superuser, in a trusted install).  One that
-- existed before, owned by another role, is refused: that role may have
-- prepared it, and objects it creates while the script runs could be
-- missed.
CREATE FUNCTION crimestats_internal.secure_schema()
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	nsp oid;
	nsps oid[];
	nsp_owner oid;
	created_here boolean;
	foreign_objects text;
BEGIN
	SELECT n.oid, n.nspowner, crimestats_internal.written_by_this_transaction(n.xmin)
	  INTO STRICT nsp, nsp_owner, created_here
	  FROM pg_namespace n
	 WHERE n.oid = (SELECT e.extnamespace FROM pg_extension e WHERE e.extname = 'crimestats');

	IF NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.oid = nsp_owner) THEN
		IF NOT coalesce(created_here, false) THEN
			RAISE EXCEPTION 'crimestats: schema % belongs to %, who is not a superuser', nsp::regnamespace, nsp_owner::regrole
				USING ERRCODE = 'insufficient_privilege',
					  DETAIL = 'crimestats'' functions look up the objects of their schema when they run; whoever owns it could replace them.',
					  HINT = 'Drop the schema and let CREATE EXTENSION create it, or have a superuser take it over (ALTER SCHEMA ... OWNER TO).';
		END IF;
		EXECUTE format('ALTER SCHEMA %I OWNER TO %I', nsp::regnamespace::text, current_user);
	END IF;

	-- crimestats' schema and the ones the script creates (crimestats_internal)
	SELECT nsp || coalesce(array_agg(d.objid), '{}')
	  INTO nsps
	  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
	 WHERE d.classid = 'pg_namespace'::regclass AND d.refclassid = 'pg_extension'::regclass
	   AND d.deptype = 'e' AND e.extname = 'crimestats';

	WITH obj (classid, objid, owner) AS (
		SELECT 'pg_class'::regclass, c.oid, c.relowner FROM pg_class c WHERE c.relnamespace = ANY (nsps)
		UNION ALL SELECT 'pg_proc'::regclass, p.oid, p.proowner FROM pg_proc p WHERE p.pronamespace = ANY (nsps)
		UNION ALL SELECT 'pg_type'::regclass, t.oid, t.typowner FROM pg_type t WHERE t.typnamespace = ANY (nsps)
		UNION ALL SELECT 'pg_operator'::regclass, o.oid, o.oprowner FROM pg_operator o WHERE o.oprnamespace = ANY (nsps)
		UNION ALL SELECT 'pg_collation'::regclass, c.oid, c.collowner FROM pg_collation c WHERE c.collnamespace = ANY (nsps)
		UNION ALL SELECT 'pg_conversion'::regclass, c.oid, c.conowner FROM pg_conversion c WHERE c.connamespace = ANY (nsps)
		UNION ALL SELECT 'pg_opclass'::regclass, c.oid, c.opcowner FROM pg_opclass c WHERE c.opcnamespace = ANY (nsps)
		UNION ALL SELECT 'pg_opfamily'::regclass, f.oid, f.opfowner FROM pg_opfamily f WHERE f.opfnamespace = ANY (nsps)
		UNION ALL SELECT 'pg_ts_config'::regclass, c.oid, c.cfgowner FROM pg_ts_config c WHERE c.cfgnamespace = ANY (nsps)
		UNION ALL SELECT 'pg_ts_dict'::regclass, d.oid, d.dictowner FROM pg_ts_dict d WHERE d.dictnamespace = ANY (nsps)
		UNION ALL SELECT 'pg_statistic_ext'::regclass, x.oid, x.stxowner FROM pg_statistic_ext x WHERE x.stxnamespace = ANY (nsps)
	)
	SELECT string_agg(pg_describe_object(obj.classid, obj.objid, 0) || ' (owned by ' || obj.owner::regrole::text || ')', ', ')
	  INTO foreign_objects
	  FROM obj JOIN pg_roles r ON r.oid = obj.owner
	 WHERE NOT r.rolsuper;
	IF foreign_objects IS NOT NULL THEN
		RAISE EXCEPTION 'crimestats: schema % holds objects that a role other than a superuser owns', nsp::regnamespace
			USING ERRCODE = 'insufficient_privilege',
				  DETAIL = foreign_objects,
				  HINT = 'Move them to another schema (ALTER ... SET SCHEMA) and try again.';
	END IF;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.secure_schema() IS
  'Run by the install and update scripts: makes sure crimestats'' schema belongs to a superuser (taking over the one CREATE EXTENSION just created for a database owner) and holds no object that a role other than a superuser owns; 42501 otherwise.';
REVOKE EXECUTE ON FUNCTION crimestats_internal.secure_schema() FROM PUBLIC;

SELECT crimestats_internal.secure_schema();
SELECT crimestats_internal.grant_extension_owner();

SELECT pg_catalog.pg_extension_config_dump('crimestats.role_grant', '');
