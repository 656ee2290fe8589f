-- Describes the installed crimestats extension, one fact a line, without
-- OIDs or owners, so that an installation updated from an earlier version
-- can be compared with a fresh install of the current one by diff
-- (tests/upgrade.sh).  Each line is "object | property | value"; values that
-- span several lines (function and view definitions) give one line each.
--
-- Covers: the extension's own row, its member objects, function and
-- aggregate definitions, types, tables (columns, defaults, constraints,
-- indexes, triggers, rules, policies, options), views, sequences, operators,
-- casts, comments on every object and column, privileges (with the owner
-- written as OWNER) and the rows the extension ships in its tables (the rows
-- pg_dump leaves out: those not matching a table's
-- pg_extension_config_dump condition, or every row of a table not
-- registered).
--
-- Run with psql -X -q -At; the last statement uses \gexec.

-- Every name printed by regprocedure, regtype, format_type and the pg_get_*
-- functions is then schema-qualified, whatever the caller's search_path.
SET search_path = pg_catalog;
SET extra_float_digits = 3;
SET datestyle = 'ISO, YMD';
SET intervalstyle = postgres;
SET timezone = 'UTC';

CREATE TEMP TABLE ext_fact (obj text, prop text, val text);

CREATE TEMP VIEW ext AS
SELECT e.oid, e.extname, e.extversion, e.extrelocatable, e.extnamespace,
	   e.extconfig, e.extcondition, e.extowner
FROM pg_extension e WHERE e.extname = 'crimestats';

-- Member objects (deptype 'e').
CREATE TEMP VIEW member AS
SELECT d.classid, d.objid, d.objsubid,
	   pg_describe_object(d.classid, d.objid, d.objsubid) AS obj
FROM pg_depend d, ext
WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid
  AND d.deptype = 'e';

-- Relations the extension owns: member relations, the row types of member
-- composite types, and the indexes and sequences (serial, identity) that
-- belong to member tables.
CREATE TEMP VIEW member_rel AS
SELECT m.objid AS oid FROM member m WHERE m.classid = 'pg_class'::regclass
UNION
SELECT t.typrelid FROM member m JOIN pg_type t ON t.oid = m.objid
WHERE m.classid = 'pg_type'::regclass AND t.typrelid <> 0
UNION
SELECT i.indexrelid FROM member m JOIN pg_index i ON i.indrelid = m.objid
WHERE m.classid = 'pg_class'::regclass
UNION
SELECT s.oid FROM member m
JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = m.objid
				AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
WHERE m.classid = 'pg_class'::regclass;

-- Every object whose comment and privileges count: the extension, its
-- schema, member objects, owned relations and their columns, and the
-- constraints, triggers, rules and policies on them.
CREATE TEMP VIEW described AS
SELECT 'pg_extension'::regclass AS classid, ext.oid AS objid FROM ext
UNION SELECT 'pg_namespace'::regclass, ext.extnamespace FROM ext
UNION SELECT m.classid, m.objid FROM member m
UNION SELECT 'pg_class'::regclass, r.oid FROM member_rel r
UNION SELECT 'pg_constraint'::regclass, c.oid FROM pg_constraint c
	  WHERE c.conrelid IN (SELECT oid FROM member_rel)
		 OR c.contypid IN (SELECT objid FROM member WHERE classid = 'pg_type'::regclass)
-- (not the triggers that implement foreign keys: their names hold OIDs, and
-- the constraints describe them)
UNION SELECT 'pg_trigger'::regclass, t.oid FROM pg_trigger t
	  WHERE t.tgrelid IN (SELECT oid FROM member_rel) AND NOT t.tgisinternal
UNION SELECT 'pg_rewrite'::regclass, r.oid FROM pg_rewrite r WHERE r.ev_class IN (SELECT oid FROM member_rel)
UNION SELECT 'pg_policy'::regclass, p.oid FROM pg_policy p WHERE p.polrelid IN (SELECT oid FROM member_rel);

CREATE TEMP VIEW describable AS
SELECT classid, objid, pg_describe_object(classid, objid, 0) AS obj FROM described;

-- A role name independent of who owns what: the owner is OWNER.
CREATE TEMP VIEW role_name AS
SELECT oid, rolname::text AS name FROM pg_roles
UNION ALL SELECT 0, 'PUBLIC';

-- Privileges as a sorted list of "grantee=privilege(*grantable) by grantor",
-- the owner written as OWNER; a NULL acl is the default one.
CREATE FUNCTION pg_temp.acl_text(acl aclitem[], kind "char", owner oid) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce(string_agg(
			   CASE WHEN a.grantee = owner THEN 'OWNER' ELSE coalesce(ge.name, a.grantee::text) END
			   || '=' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END
			   || ' by ' || CASE WHEN a.grantor = owner THEN 'OWNER' ELSE coalesce(gr.name, a.grantor::text) END,
			   ', ' ORDER BY 1), '(none)')
	FROM aclexplode(coalesce(acl, acldefault(kind, owner))) a
	LEFT JOIN pg_temp.role_name ge ON ge.oid = a.grantee
	LEFT JOIN pg_temp.role_name gr ON gr.oid = a.grantor
$$;

-- The extension itself
INSERT INTO ext_fact
SELECT 'extension crimestats', 'extversion', ext.extversion FROM ext
UNION ALL SELECT 'extension crimestats', 'extrelocatable', ext.extrelocatable::text FROM ext
UNION ALL SELECT 'extension crimestats', 'extnamespace', n.nspname FROM ext JOIN pg_namespace n ON n.oid = ext.extnamespace
UNION ALL
SELECT 'extension crimestats', 'config_dump ' || c.oid::regclass::text,
	   coalesce(nullif(ext.extcondition[i], ''), '(every row)')
FROM ext, generate_subscripts(ext.extconfig, 1) AS i, pg_class c
WHERE c.oid = ext.extconfig[i]
UNION ALL
SELECT 'extension crimestats', 'requires', r.extname
FROM ext JOIN pg_depend d ON d.classid = 'pg_extension'::regclass AND d.objid = ext.oid
					   AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'n'
JOIN pg_extension r ON r.oid = d.refobjid;

-- Membership
INSERT INTO ext_fact SELECT obj, 'member', 'yes' FROM member;

-- Functions, procedures, aggregates and window functions
INSERT INTO ext_fact
SELECT m.obj, 'attributes',
	   format('kind=%s volatility=%s strict=%s parallel=%s cost=%s rows=%s retset=%s security_definer=%s leakproof=%s language=%s support=%s config=%s',
			  p.prokind, p.provolatile, p.proisstrict, p.proparallel, p.procost, p.prorows,
			  p.proretset, p.prosecdef, p.proleakproof, l.lanname,
			  nullif(p.prosupport, 0)::regprocedure, p.proconfig)
FROM member m JOIN pg_proc p ON p.oid = m.objid JOIN pg_language l ON l.oid = p.prolang
WHERE m.classid = 'pg_proc'::regclass
UNION ALL
SELECT m.obj, 'arguments',
	   format('names=%s modes=%s arguments=(%s) result=%s defaults=%s',
			  p.proargnames, p.proargmodes, pg_get_function_arguments(p.oid),
			  pg_get_function_result(p.oid), pg_get_expr(p.proargdefaults, 0))
FROM member m JOIN pg_proc p ON p.oid = m.objid
WHERE m.classid = 'pg_proc'::regclass
UNION ALL
SELECT m.obj, 'definition', pg_get_functiondef(p.oid)
FROM member m JOIN pg_proc p ON p.oid = m.objid
WHERE m.classid = 'pg_proc'::regclass AND p.prokind <> 'a'
UNION ALL
SELECT m.obj, 'aggregate',
	   format(E'kind=%s direct_args=%s\ntransfn=%s transtype=%s transspace=%s initval=%s\nfinalfn=%s finalextra=%s finalmodify=%s\ncombinefn=%s serialfn=%s deserialfn=%s\nmtransfn=%s minvtransfn=%s mtranstype=%s mtransspace=%s minitval=%s\nmfinalfn=%s mfinalextra=%s mfinalmodify=%s\nsortop=%s',
			  a.aggkind, a.aggnumdirectargs,
			  a.aggtransfn::oid::regprocedure, a.aggtranstype::regtype, a.aggtransspace, a.agginitval,
			  nullif(a.aggfinalfn, 0)::regprocedure, a.aggfinalextra, a.aggfinalmodify,
			  nullif(a.aggcombinefn, 0)::regprocedure, nullif(a.aggserialfn, 0)::regprocedure,
			  nullif(a.aggdeserialfn, 0)::regprocedure,
			  nullif(a.aggmtransfn, 0)::regprocedure, nullif(a.aggminvtransfn, 0)::regprocedure,
			  nullif(a.aggmtranstype, 0)::regtype, a.aggmtransspace, a.aggminitval,
			  nullif(a.aggmfinalfn, 0)::regprocedure, a.aggmfinalextra, a.aggmfinalmodify,
			  nullif(a.aggsortop, 0)::regoperator)
FROM member m JOIN pg_aggregate a ON a.aggfnoid = m.objid
WHERE m.classid = 'pg_proc'::regclass;

-- Types
INSERT INTO ext_fact
SELECT d.obj, 'type',
	   format(E'type=%s len=%s byval=%s category=%s preferred=%s delim=%s align=%s storage=%s\ninput=%s output=%s receive=%s send=%s\ntypmodin=%s typmodout=%s analyze=%s subscript=%s\nelem=%s array=%s basetype=%s typmod=%s ndims=%s notnull=%s collation=%s default=%s',
			  t.typtype, t.typlen, t.typbyval, t.typcategory, t.typispreferred, t.typdelim,
			  t.typalign, t.typstorage,
			  t.typinput::oid::regprocedure, t.typoutput::oid::regprocedure,
			  nullif(t.typreceive, 0)::regprocedure, nullif(t.typsend, 0)::regprocedure,
			  nullif(t.typmodin, 0)::regprocedure, nullif(t.typmodout, 0)::regprocedure,
			  nullif(t.typanalyze, 0)::regprocedure, nullif(t.typsubscript, 0)::regprocedure,
			  nullif(t.typelem, 0)::regtype, nullif(t.typarray, 0)::regtype,
			  nullif(t.typbasetype, 0)::regtype, t.typtypmod, t.typndims, t.typnotnull,
			  (SELECT c.collname FROM pg_collation c WHERE c.oid = t.typcollation),
			  coalesce(pg_get_expr(t.typdefaultbin, 0), t.typdefault))
FROM describable d JOIN pg_type t ON t.oid = d.objid
WHERE d.classid = 'pg_type'::regclass
UNION ALL
SELECT d.obj, 'enum labels', string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)
FROM describable d JOIN pg_enum e ON e.enumtypid = d.objid
WHERE d.classid = 'pg_type'::regclass
GROUP BY d.obj;

-- Relations: tables, views, sequences, indexes and composite row types
INSERT INTO ext_fact
SELECT d.obj, 'relation',
	   format('kind=%s persistence=%s access_method=%s options=%s row_security=%s force_row_security=%s replica_identity=%s partition_key=%s',
			  c.relkind, c.relpersistence,
			  (SELECT am.amname FROM pg_am am WHERE am.oid = c.relam),
			  c.reloptions, c.relrowsecurity, c.relforcerowsecurity, c.relreplident,
			  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END)
FROM describable d JOIN pg_class c ON c.oid = d.objid
WHERE d.classid = 'pg_class'::regclass
UNION ALL
-- columns by position among the columns that exist (dropped ones leave a
-- gap in attnum, not in the order a SELECT * returns)
SELECT d.obj, format('column %s', lpad(row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)::text, 3, '0')),
	   format('%s %s not_null=%s default=%s identity=%s generated=%s collation=%s options=%s stattarget=%s compression=%s',
			  quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull,
			  pg_get_expr(ad.adbin, ad.adrelid), nullif(a.attidentity, ''), nullif(a.attgenerated, ''),
			  CASE WHEN a.attcollation <> t.typcollation
				   THEN (SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation) END,
			  -- PostgreSQL's back branches keep a column version in attoptions
			  -- (pg_attver), which differs between any two databases
			  (SELECT array_agg(o ORDER BY o) FROM unnest(a.attoptions) o WHERE o NOT LIKE 'pg\_attver=%'),
			  a.attstattarget, nullif(a.attcompression, ''))
FROM describable d
JOIN pg_attribute a ON a.attrelid = d.objid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE d.classid = 'pg_class'::regclass
UNION ALL
SELECT d.obj, 'view definition', pg_get_viewdef(c.oid)
FROM describable d JOIN pg_class c ON c.oid = d.objid
WHERE d.classid = 'pg_class'::regclass AND c.relkind IN ('v', 'm')
UNION ALL
SELECT d.obj, 'index definition', pg_get_indexdef(c.oid)
FROM describable d JOIN pg_class c ON c.oid = d.objid
WHERE d.classid = 'pg_class'::regclass AND c.relkind IN ('i', 'I')
UNION ALL
SELECT d.obj, 'sequence',
	   format('type=%s start=%s increment=%s min=%s max=%s cache=%s cycle=%s',
			  s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
FROM describable d JOIN pg_sequence s ON s.seqrelid = d.objid
WHERE d.classid = 'pg_class'::regclass;

-- Constraints, triggers, rules and policies
INSERT INTO ext_fact
SELECT d.obj, 'constraint',
	   format('type=%s deferrable=%s deferred=%s validated=%s no_inherit=%s %s',
			  c.contype, c.condeferrable, c.condeferred, c.convalidated, c.connoinherit,
			  pg_get_constraintdef(c.oid))
FROM describable d JOIN pg_constraint c ON c.oid = d.objid
WHERE d.classid = 'pg_constraint'::regclass
UNION ALL
SELECT d.obj, 'trigger', format('enabled=%s %s', t.tgenabled, pg_get_triggerdef(t.oid))
FROM describable d JOIN pg_trigger t ON t.oid = d.objid
WHERE d.classid = 'pg_trigger'::regclass
UNION ALL
SELECT d.obj, 'rule', format('enabled=%s %s', r.ev_enabled, pg_get_ruledef(r.oid))
FROM describable d JOIN pg_rewrite r ON r.oid = d.objid
WHERE d.classid = 'pg_rewrite'::regclass AND r.rulename <> '_RETURN'
UNION ALL
SELECT d.obj, 'policy',
	   format('command=%s permissive=%s roles=%s using=%s with_check=%s',
			  p.polcmd, p.polpermissive,
			  (SELECT string_agg(rn.name, ',' ORDER BY rn.name) FROM unnest(p.polroles) r(oid)
			   JOIN pg_temp.role_name rn ON rn.oid = r.oid),
			  pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
FROM describable d JOIN pg_policy p ON p.oid = d.objid
WHERE d.classid = 'pg_policy'::regclass;

-- Operators and casts
INSERT INTO ext_fact
SELECT m.obj, 'operator',
	   format('kind=%s left=%s right=%s result=%s function=%s commutator=%s negator=%s restrict=%s join=%s merges=%s hashes=%s',
			  o.oprkind, nullif(o.oprleft, 0)::regtype, nullif(o.oprright, 0)::regtype,
			  o.oprresult::regtype, o.oprcode::oid::regprocedure,
			  nullif(o.oprcom, 0)::regoperator, nullif(o.oprnegate, 0)::regoperator,
			  nullif(o.oprrest, 0)::regprocedure, nullif(o.oprjoin, 0)::regprocedure,
			  o.oprcanmerge, o.oprcanhash)
FROM member m JOIN pg_operator o ON o.oid = m.objid
WHERE m.classid = 'pg_operator'::regclass
UNION ALL
SELECT m.obj, 'cast',
	   format('function=%s context=%s method=%s', nullif(c.castfunc, 0)::regprocedure, c.castcontext, c.castmethod)
FROM member m JOIN pg_cast c ON c.oid = m.objid
WHERE m.classid = 'pg_cast'::regclass;

-- Comments: every described object and every column of the relations, with
-- "(none)" where there is none, so that a missing comment shows in a diff.
INSERT INTO ext_fact
SELECT d.obj, 'comment', coalesce(obj_description(d.objid, d.classid::regclass::name), '(none)')
FROM describable d
UNION ALL
SELECT pg_describe_object('pg_class'::regclass, a.attrelid, a.attnum), 'comment',
	   coalesce(col_description(a.attrelid, a.attnum), '(none)')
FROM describable d
JOIN pg_attribute a ON a.attrelid = d.objid AND a.attnum > 0 AND NOT a.attisdropped
WHERE d.classid = 'pg_class'::regclass;

-- Privileges, initial privileges (pg_init_privs, what pg_dump compares
-- against) included
INSERT INTO ext_fact
SELECT d.obj, 'privileges',
	   CASE d.classid
		   WHEN 'pg_proc'::regclass THEN
			   (SELECT pg_temp.acl_text(p.proacl, 'f', p.proowner) FROM pg_proc p WHERE p.oid = d.objid)
		   WHEN 'pg_class'::regclass THEN
			   (SELECT pg_temp.acl_text(c.relacl, (CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)
				FROM pg_class c WHERE c.oid = d.objid)
		   WHEN 'pg_type'::regclass THEN
			   (SELECT pg_temp.acl_text(t.typacl, 'T', t.typowner) FROM pg_type t WHERE t.oid = d.objid)
		   WHEN 'pg_namespace'::regclass THEN
			   (SELECT pg_temp.acl_text(n.nspacl, 'n', n.nspowner) FROM pg_namespace n WHERE n.oid = d.objid)
	   END
FROM describable d
WHERE d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_namespace'::regclass)
   OR d.classid = 'pg_class'::regclass
	  AND EXISTS (SELECT FROM pg_class c WHERE c.oid = d.objid AND c.relkind NOT IN ('i', 'I', 'c'))
UNION ALL
SELECT pg_describe_object('pg_class'::regclass, a.attrelid, a.attnum), 'privileges',
	   pg_temp.acl_text(a.attacl, 'c', c.relowner)
FROM describable d
JOIN pg_class c ON c.oid = d.objid
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE d.classid = 'pg_class'::regclass AND a.attacl IS NOT NULL
UNION ALL
SELECT pg_describe_object(i.classoid, i.objoid, i.objsubid), 'initial privileges ' || i.privtype::text,
	   pg_temp.acl_text(i.initprivs, 'f',
						coalesce((SELECT p.proowner FROM pg_proc p WHERE i.classoid = 'pg_proc'::regclass AND p.oid = i.objoid),
								 (SELECT c.relowner FROM pg_class c WHERE i.classoid = 'pg_class'::regclass AND c.oid = i.objoid),
								 (SELECT t.typowner FROM pg_type t WHERE i.classoid = 'pg_type'::regclass AND t.oid = i.objoid),
								 (SELECT n.nspowner FROM pg_namespace n WHERE i.classoid = 'pg_namespace'::regclass AND n.oid = i.objoid),
								 0))
FROM pg_init_privs i JOIN described d ON d.classid = i.classoid AND d.objid = i.objoid;

SELECT obj || ' | ' || prop || ' | ' || line
FROM ext_fact f,
	 regexp_split_to_table(coalesce(f.val, '(null)'), E'\n') WITH ORDINALITY AS l(line, n)
ORDER BY obj COLLATE "C", prop COLLATE "C", f.val COLLATE "C", n;

-- The rows the extension ships: per member table, the rows pg_dump would
-- not dump (EXCEPT ALL the rows its condition selects), sorted.
SELECT format($q$SELECT %L || ' | shipped row | ' || r::text FROM (SELECT * FROM %s t EXCEPT ALL SELECT * FROM %s t %s) r ORDER BY r::text COLLATE "C"$q$,
			  'table ' || c.oid::regclass::text, c.oid::regclass, c.oid::regclass,
			  CASE WHEN k.i IS NULL THEN 'WHERE false' ELSE ext.extcondition[k.i] END)
FROM ext
JOIN member m ON m.classid = 'pg_class'::regclass
JOIN pg_class c ON c.oid = m.objid AND c.relkind IN ('r', 'p')
LEFT JOIN LATERAL (SELECT i FROM generate_subscripts(ext.extconfig, 1) AS i
				   WHERE ext.extconfig[i] = c.oid) k ON true
-- a table registered without a condition holds users' rows only
WHERE k.i IS NULL OR coalesce(ext.extcondition[k.i], '') <> ''
ORDER BY c.oid::regclass::text COLLATE "C"
\gexec
