-- Loaders for the real public formats (SPEC section 4, docs/loading.md).
--
-- Each format has a staging table whose columns follow the file's columns in
-- order, all text, so that
--     \copy crimestats.stage_<format> FROM 'file.csv' CSV HEADER
-- takes the file exactly as published, and an import function
--     crimestats.import_<format>(source text) -> (read, loaded, rejected)
-- that validates the staged rows, moves them into the schema, records every
-- row it cannot load in crimestats.import_reject and empties the staging
-- table.
--
-- Line numbers.  COPY without a column list fills every column that is not
-- a generated column, so a staging table cannot carry an extra line-number
-- column (a default or identity column would be expected in the file, and a
-- generated column cannot call nextval()).  The staging tables therefore hold
-- the file's columns only, and the import numbers the rows in physical order
-- (a serial scan, without sort): the import empties its staging table with
-- TRUNCATE, so the next COPY writes a fresh heap from block 0 in file order.  Line n of the count
-- is line n of the file when the file has a header line and no quoted line
-- breaks (true of every real sample).  One session loads a given staging
-- table at a time; the import takes an ACCESS EXCLUSIVE lock on it.
--
-- Rows with the wrong number of fields make COPY fail as a whole.  The raw
-- path takes any file: \copy crimestats.stage_raw with a delimiter and a
-- quote that never occur, one text field per line, then
-- crimestats.import_raw(format, source) splits each line as CSV and rejects
-- those with the wrong field count into import_reject.

-- Non-territorial bodies in the Home Office tables.  They have no ONS GSS
-- code; these codes are crimestats' own (prefix NT_, never a GSS prefix).
INSERT INTO crimestats.area (code, name, kind, parent_code, builtin) VALUES
  ('NT_BTP', 'British Transport Police', 'non_territorial', NULL, true),
  ('NT_ACTION_FRAUD', 'Action Fraud', 'non_territorial', NULL, true),
  ('NT_CIFAS', 'CIFAS', 'non_territorial', NULL, true),
  ('NT_UK_FINANCE', 'UK Finance', 'non_territorial', NULL, true),
  ('NT_FFA_UK', 'Financial Fraud Action UK', 'non_territorial', NULL, true);

------------------------------------------------------------------------------
-- Area name aliases
------------------------------------------------------------------------------

CREATE TABLE crimestats.area_alias (
	alias text PRIMARY KEY,
	area_code text NOT NULL REFERENCES crimestats.area (code),
	builtin boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX area_alias_lower_idx ON crimestats.area_alias (pg_catalog.lower(alias));
COMMENT ON TABLE crimestats.area_alias IS
  'Other spellings of area names (data.police.uk force names, Home Office variants, renamed partnerships), matched case-insensitively after trimming.  An area''s own name always resolves too.';
COMMENT ON COLUMN crimestats.area_alias.alias IS 'The spelling found in a source file.';
COMMENT ON COLUMN crimestats.area_alias.area_code IS 'The area it names (crimestats.area.code).';
COMMENT ON COLUMN crimestats.area_alias.builtin IS 'True for rows shipped with crimestats.';

-- Verified in the real samples: data.police.uk writes "Metropolitan Police
-- Service" and "City of London Police"; the Home Office 2017/18 table
-- writes "Devon and Cornwall" where the ONS list has "Devon & Cornwall".
-- The "<name> Police" and "<name> Constabulary" forms cover the force names
-- data.police.uk uses for the other forces.
INSERT INTO crimestats.area_alias (alias, area_code, builtin) VALUES
  ('Metropolitan Police Service', 'E23000001', true),
  ('City of London Police', 'E23000034', true),
  ('City of London', 'E23000034', true),
  ('Devon and Cornwall', 'E23000035', true),
  ('Devon and Cornwall Police', 'E23000035', true),
  ('BTP', 'NT_BTP', true);
INSERT INTO crimestats.area_alias (alias, area_code, builtin)
SELECT a.name || s.suffix, a.code, true
  FROM crimestats.area a
 CROSS JOIN (VALUES (' Police'), (' Constabulary')) AS s (suffix)
 WHERE a.kind = 'police_force_area'
   AND a.code NOT IN ('E23000001', 'E23000034')
ON CONFLICT DO NOTHING;

CREATE FUNCTION crimestats.area_names(kinds text[])
RETURNS TABLE (name_key text, code text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT DISTINCT ON (u.name_key) u.name_key, u.code
	  FROM (SELECT pg_catalog.lower(pg_catalog.btrim(al.alias)) AS name_key, a.code, 1 AS prio
			  FROM crimestats.area_alias al
			  JOIN crimestats.area a ON a.code = al.area_code
			 WHERE a.kind = ANY (area_names.kinds)
			UNION ALL
			SELECT pg_catalog.lower(pg_catalog.btrim(a.name)), a.code, 2
			  FROM crimestats.area a
			 WHERE a.kind = ANY (area_names.kinds)) u
	 ORDER BY u.name_key, u.prio, u.code;
END;
COMMENT ON FUNCTION crimestats.area_names(text[]) IS
  'Every name (lower case, trimmed) that resolves to an area of one of the given kinds: the aliases of crimestats.area_alias first, then the areas'' own names.';

CREATE FUNCTION crimestats.resolve_area(area_name text, kinds text[])
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT n.code FROM crimestats.area_names(resolve_area.kinds) n
	 WHERE n.name_key = pg_catalog.lower(pg_catalog.btrim(resolve_area.area_name));
END;
COMMENT ON FUNCTION crimestats.resolve_area(text, text[]) IS
  'The code of the area of one of the given kinds named area_name (by crimestats.area_alias, then by the area''s own name; case-insensitive, trimmed), or NULL.';

------------------------------------------------------------------------------
-- Parsing helpers
------------------------------------------------------------------------------

CREATE FUNCTION crimestats.ho_count(value text)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN pg_catalog.btrim(value) ~ '^-?[0-9]{1,15}$'
			THEN pg_catalog.btrim(value)::bigint END;
COMMENT ON FUNCTION crimestats.ho_count(text) IS
  'A Home Office count as exported (" 3501 ", "-45 ", "-00 " = 0): trimmed and parsed; NULL when it is not a whole number (e.g. "x" or "N/A - Offence code expired").';

CREATE FUNCTION crimestats.ho_quarter(financial_year text, financial_quarter text)
RETURNS daterange
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE
	WHEN pg_catalog.btrim(financial_year) ~ '^[0-9]{4}[/_-][0-9]{2}$'
	 AND pg_catalog.substr(pg_catalog.btrim(financial_year), 6, 2)::integer
		 = (pg_catalog.substr(pg_catalog.btrim(financial_year), 1, 4)::integer + 1) % 100
	 AND pg_catalog.substr(pg_catalog.btrim(financial_year), 1, 4)::integer BETWEEN 1900 AND 2200
	 AND pg_catalog.btrim(financial_quarter) ~ '^[Qq]?[1-4]$'
	THEN pg_catalog.daterange(
		(pg_catalog.make_date(pg_catalog.substr(pg_catalog.btrim(financial_year), 1, 4)::integer, 4, 1)
		 + pg_catalog.make_interval(months => 3 * (pg_catalog.right(pg_catalog.btrim(financial_quarter), 1)::integer - 1)))::date,
		(pg_catalog.make_date(pg_catalog.substr(pg_catalog.btrim(financial_year), 1, 4)::integer, 4, 1)
		 + pg_catalog.make_interval(months => 3 * pg_catalog.right(pg_catalog.btrim(financial_quarter), 1)::integer))::date)
	END;
COMMENT ON FUNCTION crimestats.ho_quarter(text, text) IS
  'The days of a financial quarter: ho_quarter(''2017/18'', ''1'') = [2017-04-01,2017-07-01); quarter 4 is January to March of the following year.  NULL when the year (YYYY/YY, YYYY_YY or YYYY-YY, consecutive years) or the quarter (1-4 or Q1-Q4) is not valid.';

-- CSV splitting for the raw path: RFC 4180 fields ("" inside quotes is a
-- quote).  An unquoted empty field is NULL, as COPY ... CSV reads it.
CREATE FUNCTION crimestats.csv_fields(line text)
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN (line || ',') ~ '^(("([^"]|"")*"|[^,"]*),)*$'
	THEN ARRAY(
		SELECT CASE
				WHEN m.f[1] = '' THEN NULL
				WHEN pg_catalog.left(m.f[1], 1) = '"'
				THEN pg_catalog.replace(pg_catalog.substr(m.f[1], 2, pg_catalog.length(m.f[1]) - 2), '""', '"')
				ELSE m.f[1] END
		  FROM pg_catalog.regexp_matches(line || ',', '("(?:[^"]|"")*"|[^,"]*),', 'g')
			   WITH ORDINALITY AS m (f, n)
		 ORDER BY m.n)
	END;
COMMENT ON FUNCTION crimestats.csv_fields(text) IS
  'The fields of one CSV line (comma-separated, double-quoted fields may hold commas and doubled quotes); an unquoted empty field is NULL; NULL when the line is not valid CSV.';

------------------------------------------------------------------------------
-- Rejected rows
------------------------------------------------------------------------------

CREATE TABLE crimestats.import_reject (
	source text NOT NULL,
	format text NOT NULL,
	line bigint,
	reason text NOT NULL,
	raw text[],
	rejected_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON crimestats.import_reject (source);
COMMENT ON TABLE crimestats.import_reject IS
  'Every row an import could not load, with its line and the reason; read = loaded + rejected for every import.  Re-importing a source replaces its rejects.';
COMMENT ON COLUMN crimestats.import_reject.source IS 'The source name given to the import function.';
COMMENT ON COLUMN crimestats.import_reject.format IS 'The format: prc_force, prc_csp, prc_outcomes, police_uk_street or police_uk_outcomes.';
COMMENT ON COLUMN crimestats.import_reject.line IS 'Line in the file (the header is line 1).';
COMMENT ON COLUMN crimestats.import_reject.reason IS 'Why the row was not loaded.';
COMMENT ON COLUMN crimestats.import_reject.raw IS 'The row''s fields as read (for the raw path: the fields found, or the whole line when it is not valid CSV).';
COMMENT ON COLUMN crimestats.import_reject.rejected_at IS 'When the import ran.';

------------------------------------------------------------------------------
-- data.police.uk lookups
------------------------------------------------------------------------------

CREATE TABLE crimestats.police_uk_crime_type (
	name text PRIMARY KEY,
	is_current boolean NOT NULL,
	replaced_by text,
	note text,
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.police_uk_crime_type IS
  'Crime types of the data.police.uk street files: the 14 current ones and the legacy ones used before May 2013.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.name IS 'The Crime type as written in the files.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.is_current IS 'True for the 14 types used since May 2013.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.replaced_by IS 'For a legacy type, what replaced it.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.note IS 'When the type was used.';
COMMENT ON COLUMN crimestats.police_uk_crime_type.builtin IS 'True for rows shipped with crimestats.';

INSERT INTO crimestats.police_uk_crime_type (name, is_current, replaced_by, note, builtin) VALUES
  ('Anti-social behaviour', true, NULL, 'since 2010-12; rows have no Crime ID', true),
  ('Bicycle theft', true, NULL, 'since 2013-05 (split from Other theft)', true),
  ('Burglary', true, NULL, 'since 2010-12', true),
  ('Criminal damage and arson', true, NULL, 'since 2011-09', true),
  ('Drugs', true, NULL, 'since 2011-09', true),
  ('Other crime', true, NULL, 'since 2010-12', true),
  ('Other theft', true, NULL, 'since 2011-09', true),
  ('Possession of weapons', true, NULL, 'since 2013-05 (from Public disorder and weapons)', true),
  ('Public order', true, NULL, 'since 2013-05 (from Public disorder and weapons)', true),
  ('Robbery', true, NULL, 'since 2010-12', true),
  ('Shoplifting', true, NULL, 'since 2011-09', true),
  ('Theft from the person', true, NULL, 'since 2013-05 (split from Other theft)', true),
  ('Vehicle crime', true, NULL, 'since 2010-12', true),
  ('Violence and sexual offences', true, NULL, 'since 2013-05 (was Violent crime); includes Home Office codes 8L, 8M, 8Q and 8R', true),
  ('Violent crime', false, 'Violence and sexual offences', '2010-12 to 2013-04', true),
  ('Public disorder and weapons', false, 'Public order; Possession of weapons', '2011-09 to 2013-04', true);

CREATE TABLE crimestats.police_uk_outcome_category (
	name text PRIMARY KEY,
	api_code text,
	current_name text NOT NULL,
	outcome_group text,
	outcome_group_guessed boolean NOT NULL DEFAULT true,
	charged boolean NOT NULL,
	assigned boolean NOT NULL,
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.police_uk_outcome_category IS
  'Outcome categories of the data.police.uk files (Last outcome category, Outcome type), current and pre-2014 wording, each mapped to a Home Office outcomes-framework group where one fits.';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.name IS 'The category as written in the files.';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.api_code IS 'The data.police.uk API code.';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.current_name IS 'The current wording (differs from name for the categories renamed in 2014).';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.outcome_group IS 'Home Office outcome group (crimestats.outcome_type.outcome_group), NULL where no group fits.';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.outcome_group_guessed IS 'True where the group is an inference, not a published mapping (all shipped mappings are inferences).';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.charged IS 'True when the outcome means the suspect was charged or summonsed (court outcomes included).';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.assigned IS 'False for the statuses that are not an outcome yet (Under investigation, Status update unavailable).';
COMMENT ON COLUMN crimestats.police_uk_outcome_category.builtin IS 'True for rows shipped with crimestats.';

-- Groups by outcome type number (DOMAIN 2.2 and 4: inferences); court
-- outcomes follow a charge or summons, hence Charged/Summonsed.
INSERT INTO crimestats.police_uk_outcome_category
	(name, api_code, current_name, outcome_group, outcome_group_guessed, charged, assigned, builtin)
SELECT v.name, v.api_code, COALESCE(v.current_name, v.name),
	   (SELECT t.outcome_group FROM crimestats.outcome_type t WHERE t.code = v.ho_type),
	   true, v.charged, v.assigned, true
  FROM (VALUES
	('Awaiting court outcome', 'awaiting-court-result', NULL, 1, true, true),
	('Court result unavailable', 'court-result-unavailable', NULL, 1, true, true),
	('Court case unable to proceed', 'unable-to-proceed', NULL, 1, true, true),
	('Local resolution', 'local-resolution', NULL, 8, false, true),
	('Investigation complete; no suspect identified', 'no-further-action', NULL, 18, false, true),
	('Offender deprived of property', 'deprived-of-property', NULL, 1, true, true),
	('Offender fined', 'fined', NULL, 1, true, true),
	('Offender given absolute discharge', 'absolute-discharge', NULL, 1, true, true),
	('Offender given a caution', 'cautioned', NULL, 3, false, true),
	('Offender given a drugs possession warning', 'drugs-possession-warning', NULL, 7, false, true),
	('Offender given penalty notice', 'penalty-notice-issued', NULL, 6, false, true),
	('Offender given community sentence', 'community-penalty', NULL, 1, true, true),
	('Offender given conditional discharge', 'conditional-discharge', NULL, 1, true, true),
	('Offender given suspended prison sentence', 'suspended-sentence', NULL, 1, true, true),
	('Offender sent to prison', 'imprisoned', NULL, 1, true, true),
	('Offender otherwise dealt with', 'other-court-disposal', NULL, 1, true, true),
	('Offender ordered to pay compensation', 'compensation', NULL, 1, true, true),
	('Suspect charged as part of another case', 'sentenced-in-another-case', NULL, NULL, true, true),
	('Suspect charged', 'charged', NULL, 1, true, true),
	('Defendant found not guilty', 'not-guilty', NULL, 1, true, true),
	('Defendant sent to Crown Court', 'sent-to-crown-court', NULL, 1, true, true),
	('Unable to prosecute suspect', 'unable-to-prosecute', NULL, NULL, false, true),
	('Formal action is not in the public interest', 'formal-action-not-in-public-interest', NULL, 10, false, true),
	('Action to be taken by another organisation', 'action-taken-by-another-organisation', NULL, 20, false, true),
	('Further investigation is not in the public interest', 'further-investigation-not-in-public-interest', NULL, 21, false, true),
	('Further action is not in the public interest', 'further-action-not-in-public-interest', NULL, 22, false, true),
	('Under investigation', 'under-investigation', NULL, NULL, false, false),
	('Status update unavailable', 'status-update-unavailable', NULL, NULL, false, false),
	-- wording before the 2014 changes, and the API's wording
	('No further action', 'no-further-action', 'Investigation complete; no suspect identified', 18, false, true),
	('Offender imprisoned', 'imprisoned', 'Offender sent to prison', 1, true, true),
	('Suspect found not guilty', 'not-guilty', 'Defendant found not guilty', 1, true, true),
	('Offender given a penalty notice', 'penalty-notice-issued', 'Offender given penalty notice', 6, false, true)
  ) AS v (name, api_code, current_name, ho_type, charged, assigned);

-- current_name must name a current category (set after the rows exist).
ALTER TABLE crimestats.police_uk_outcome_category
	ADD FOREIGN KEY (current_name) REFERENCES crimestats.police_uk_outcome_category (name);

------------------------------------------------------------------------------
-- data.police.uk record tables
------------------------------------------------------------------------------

CREATE TABLE crimestats.crime (
	crime_id text,
	month date NOT NULL,
	reported_by text,
	falls_within text,
	longitude float8,
	latitude float8,
	location text,
	lsoa_code text,
	lsoa_name text,
	crime_type text NOT NULL,
	last_outcome_category text,
	context text,
	source text NOT NULL,
	line bigint NOT NULL,
	area_code text NOT NULL DEFAULT ''
);
-- An import appends its rows together, so a source occupies a run of pages:
-- a BRIN index finds them (for the DELETE of a re-import) at a fraction of
-- what a btree costs per inserted row.  autosummarize summarises each range
-- as it fills, so lookups need not visit unsummarised ranges for long.
CREATE INDEX ON crimestats.crime USING brin (source) WITH (autosummarize = on);
COMMENT ON TABLE crimestats.crime IS
  'One row per record of a data.police.uk street file.  Crime ID is not a key: it is NULL for anti-social behaviour and repeats; (source, line) identifies a row.';
COMMENT ON COLUMN crimestats.crime.crime_id IS 'Crime ID (64 hex digits), NULL for anti-social behaviour.';
COMMENT ON COLUMN crimestats.crime.month IS 'First day of the month the crime was reported in.';
COMMENT ON COLUMN crimestats.crime.reported_by IS 'Force that provided the record.';
COMMENT ON COLUMN crimestats.crime.falls_within IS 'Force the location falls within.';
COMMENT ON COLUMN crimestats.crime.longitude IS 'Anonymised longitude, NULL when the record has no location.';
COMMENT ON COLUMN crimestats.crime.latitude IS 'Anonymised latitude, NULL when the record has no location.';
COMMENT ON COLUMN crimestats.crime.location IS 'Location text (On or near ..., No Location).';
COMMENT ON COLUMN crimestats.crime.lsoa_code IS 'LSOA code (E01...), NULL without location.';
COMMENT ON COLUMN crimestats.crime.lsoa_name IS 'LSOA name (<borough> <3 digits><letter>).';
COMMENT ON COLUMN crimestats.crime.crime_type IS 'Crime type (crimestats.police_uk_crime_type).';
COMMENT ON COLUMN crimestats.crime.last_outcome_category IS 'Latest outcome at the time of publication (crimestats.police_uk_outcome_category), NULL for anti-social behaviour.';
COMMENT ON COLUMN crimestats.crime.context IS 'Context (empty in practice).';
COMMENT ON COLUMN crimestats.crime.source IS 'The source name given to the import.';
COMMENT ON COLUMN crimestats.crime.line IS 'Line in the source file (header = 1).';
COMMENT ON COLUMN crimestats.crime.area_code IS
  'GSS code of the force the record falls within, resolved when it was imported (as resolve_area() does; empty when Falls within names no known force).  Keeps a force''s records together on Citus, where it is the distribution column (crimestats.distribute()).';

CREATE TABLE crimestats.crime_outcome (
	crime_id text,
	month date NOT NULL,
	reported_by text,
	falls_within text,
	longitude float8,
	latitude float8,
	location text,
	lsoa_code text,
	lsoa_name text,
	outcome_type text NOT NULL,
	source text NOT NULL,
	line bigint NOT NULL,
	area_code text NOT NULL DEFAULT ''
);
CREATE INDEX ON crimestats.crime_outcome USING brin (source) WITH (autosummarize = on);
CREATE INDEX ON crimestats.crime_outcome (crime_id);
COMMENT ON TABLE crimestats.crime_outcome IS
  'One row per record of a data.police.uk outcomes file; exact duplicate rows of the files are kept as records (count distinct (crime_id, month, outcome_type) for outcomes).';
COMMENT ON COLUMN crimestats.crime_outcome.crime_id IS 'Crime ID, joins crimestats.crime.crime_id.';
COMMENT ON COLUMN crimestats.crime_outcome.month IS 'First day of the month of the outcome (not of the crime).';
COMMENT ON COLUMN crimestats.crime_outcome.reported_by IS 'Force that provided the record.';
COMMENT ON COLUMN crimestats.crime_outcome.falls_within IS 'Force the location falls within.';
COMMENT ON COLUMN crimestats.crime_outcome.longitude IS 'Anonymised longitude, NULL without location.';
COMMENT ON COLUMN crimestats.crime_outcome.latitude IS 'Anonymised latitude, NULL without location.';
COMMENT ON COLUMN crimestats.crime_outcome.location IS 'Location text (On or near ..., No location).';
COMMENT ON COLUMN crimestats.crime_outcome.lsoa_code IS 'LSOA code, NULL without location.';
COMMENT ON COLUMN crimestats.crime_outcome.lsoa_name IS 'LSOA name.';
COMMENT ON COLUMN crimestats.crime_outcome.outcome_type IS 'Outcome (crimestats.police_uk_outcome_category).';
COMMENT ON COLUMN crimestats.crime_outcome.source IS 'The source name given to the import.';
COMMENT ON COLUMN crimestats.crime_outcome.line IS 'Line in the source file (header = 1).';
COMMENT ON COLUMN crimestats.crime_outcome.area_code IS
  'GSS code of the force the record falls within, resolved when it was imported (as resolve_area() does; empty when Falls within names no known force).  Keeps a force''s records together on Citus, where it is the distribution column (crimestats.distribute()).';

------------------------------------------------------------------------------
-- Staging tables: the files' columns in order, all text.  Unlogged: they
-- only ever hold rows on their way in.  Autovacuum is off for them: the
-- import empties them anyway, and an autovacuum that started on a freshly
-- copied file would hold up the import's lock (up to deadlock_timeout) and
-- compete with it for the machine.
------------------------------------------------------------------------------

CREATE UNLOGGED TABLE crimestats.stage_prc_force (
	financial_year text,
	financial_quarter text,
	force_name text,
	offence_description text,
	offence_group text,
	offence_subgroup text,
	offence_code text,
	offence_count text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_prc_force IS
  'Staging for the Home Office police recorded crime table by police force area: \copy crimestats.stage_prc_force FROM ''file.csv'' CSV HEADER, then crimestats.import_prc_force(source).';
COMMENT ON COLUMN crimestats.stage_prc_force.financial_year IS 'Financial Year (2017/18).';
COMMENT ON COLUMN crimestats.stage_prc_force.financial_quarter IS 'Financial Quarter (1-4).';
COMMENT ON COLUMN crimestats.stage_prc_force.force_name IS 'Force Name.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_description IS 'Offence Description.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_group IS 'Offence Group.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_subgroup IS 'Offence Subgroup.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_code IS 'Offence Code.';
COMMENT ON COLUMN crimestats.stage_prc_force.offence_count IS 'Number of Offences (2017/18 export) or Offence Count (other releases).';

CREATE UNLOGGED TABLE crimestats.stage_prc_csp (
	financial_year text,
	financial_quarter text,
	force_name text,
	csp_name text,
	offence_description text,
	offence_group text,
	offence_subgroup text,
	offence_code text,
	offence_count text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_prc_csp IS
  'Staging for the Home Office police recorded crime table by community safety partnership (column order assumed, see docs/loading.md): \copy, then crimestats.import_prc_csp(source).';
COMMENT ON COLUMN crimestats.stage_prc_csp.financial_year IS 'Financial Year.';
COMMENT ON COLUMN crimestats.stage_prc_csp.financial_quarter IS 'Financial Quarter.';
COMMENT ON COLUMN crimestats.stage_prc_csp.force_name IS 'Force Name.';
COMMENT ON COLUMN crimestats.stage_prc_csp.csp_name IS 'CSP Name.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_description IS 'Offence Description.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_group IS 'Offence Group.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_subgroup IS 'Offence Subgroup.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_code IS 'Offence Code.';
COMMENT ON COLUMN crimestats.stage_prc_csp.offence_count IS 'Number of Offences / Offence Count.';

CREATE UNLOGGED TABLE crimestats.stage_prc_outcomes (
	financial_year text,
	financial_quarter text,
	force_name text,
	offence_code text,
	offence_description text,
	offence_group text,
	offence_subgroup text,
	outcome_description text,
	outcome_group text,
	outcome_type text,
	recorded_count text,
	closed_count text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_prc_outcomes IS
  'Staging for the Home Office crime outcomes open data table (column order assumed, see docs/loading.md): \copy, then crimestats.import_prc_outcomes(source).';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.financial_year IS 'Financial Year.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.financial_quarter IS 'Financial Quarter.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.force_name IS 'Force Name.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.offence_code IS 'Offence Code.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.offence_description IS 'Offence Description.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.offence_group IS 'Offence Group.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.offence_subgroup IS 'Offence Subgroup.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.outcome_description IS 'Outcome Description.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.outcome_group IS 'Outcome Group.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.outcome_type IS 'Outcome Type (0-22).';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.recorded_count IS 'Outcomes of offences recorded in the quarter.';
COMMENT ON COLUMN crimestats.stage_prc_outcomes.closed_count IS 'Outcomes of investigations closed in the quarter.';

CREATE UNLOGGED TABLE crimestats.stage_police_uk_street (
	crime_id text,
	month text,
	reported_by text,
	falls_within text,
	longitude text,
	latitude text,
	location text,
	lsoa_code text,
	lsoa_name text,
	crime_type text,
	last_outcome_category text,
	context text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_police_uk_street IS
  'Staging for data.police.uk street files (*-street.csv): \copy crimestats.stage_police_uk_street FROM ''file.csv'' CSV HEADER, then crimestats.import_police_uk_street(source).';
COMMENT ON COLUMN crimestats.stage_police_uk_street.crime_id IS 'Crime ID.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.month IS 'Month (YYYY-MM).';
COMMENT ON COLUMN crimestats.stage_police_uk_street.reported_by IS 'Reported by.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.falls_within IS 'Falls within.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.longitude IS 'Longitude.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.latitude IS 'Latitude.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.location IS 'Location.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.lsoa_code IS 'LSOA code.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.lsoa_name IS 'LSOA name.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.crime_type IS 'Crime type.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.last_outcome_category IS 'Last outcome category.';
COMMENT ON COLUMN crimestats.stage_police_uk_street.context IS 'Context.';

CREATE UNLOGGED TABLE crimestats.stage_police_uk_outcomes (
	crime_id text,
	month text,
	reported_by text,
	falls_within text,
	longitude text,
	latitude text,
	location text,
	lsoa_code text,
	lsoa_name text,
	outcome_type text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_police_uk_outcomes IS
  'Staging for data.police.uk outcomes files (*-outcomes.csv): \copy crimestats.stage_police_uk_outcomes FROM ''file.csv'' CSV HEADER, then crimestats.import_police_uk_outcomes(source).';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.crime_id IS 'Crime ID.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.month IS 'Month of the outcome (YYYY-MM).';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.reported_by IS 'Reported by.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.falls_within IS 'Falls within.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.longitude IS 'Longitude.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.latitude IS 'Latitude.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.location IS 'Location.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.lsoa_code IS 'LSOA code.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.lsoa_name IS 'LSOA name.';
COMMENT ON COLUMN crimestats.stage_police_uk_outcomes.outcome_type IS 'Outcome type.';

CREATE UNLOGGED TABLE crimestats.stage_raw (
	raw_line text
) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON TABLE crimestats.stage_raw IS
  'Staging for the raw path, one text field per line of any of the formats: \copy crimestats.stage_raw FROM ''file.csv'' WITH (FORMAT csv, HEADER, DELIMITER E''\x1f'', QUOTE E''\x1e''), then crimestats.import_raw(format, source).  Lines with the wrong number of fields are rejected instead of failing the COPY.';
COMMENT ON COLUMN crimestats.stage_raw.raw_line IS 'One line of the file, as is.';

------------------------------------------------------------------------------
-- Import machinery: src/import_functions.sql (the lock, the data.police.uk
-- passes, import_stage, import_<format>, the raw path) and
-- src/import_prc.sql (the Home Office check), pieces that follow this one.
------------------------------------------------------------------------------

------------------------------------------------------------------------------
-- Views over data.police.uk records
------------------------------------------------------------------------------

-- Grouped first and resolved after, so the force lookup runs once per
-- distinct name and not once per record.
CREATE VIEW crimestats.police_uk_monthly WITH (security_invoker = true) AS
SELECT crimestats.resolve_area(g.falls_within, '{police_force_area,non_territorial}') AS force_code,
	   COALESCE(
		   (SELECT a.name FROM crimestats.area a
			 WHERE a.code = crimestats.resolve_area(g.falls_within, '{police_force_area,non_territorial}')),
		   g.falls_within) AS force_name,
	   g.borough,
	   g.crime_type,
	   g.month,
	   pg_catalog.daterange(g.month, (g.month + '1 month'::interval)::date) AS period,
	   (g.month + '1 month'::interval - '1 day'::interval)::date AS month_end,
	   g.crimes
  FROM (SELECT c.falls_within,
			   pg_catalog.regexp_replace(c.lsoa_name, ' [0-9]{3}[A-Z]$', '') AS borough,
			   c.crime_type,
			   c.month,
			   pg_catalog.count(*) AS crimes
		  FROM crimestats.crime c
		 GROUP BY c.falls_within, 2, c.crime_type, c.month) g;
COMMENT ON VIEW crimestats.police_uk_monthly IS
  'data.police.uk street records per force, borough (LSOA name prefix), crime type and month: per_day_rate(crimes, period) gives crimes a day.  Counts records: repeated Crime IDs count once per record, as in the files.';
COMMENT ON COLUMN crimestats.police_uk_monthly.force_code IS 'GSS code of the force the records fall within (NULL when the name is not known to crimestats.area_alias).';
COMMENT ON COLUMN crimestats.police_uk_monthly.force_name IS 'Force name (crimestats.area), or Falls within as written when unresolved.';
COMMENT ON COLUMN crimestats.police_uk_monthly.borough IS 'Local authority from the LSOA name (Newham 011A -> Newham); NULL for records without location.  May lie outside the force area.';
COMMENT ON COLUMN crimestats.police_uk_monthly.crime_type IS 'Crime type.';
COMMENT ON COLUMN crimestats.police_uk_monthly.month IS 'First day of the month.';
COMMENT ON COLUMN crimestats.police_uk_monthly.period IS 'The month as a date range, for per_day_rate.';
COMMENT ON COLUMN crimestats.police_uk_monthly.month_end IS 'Last day of the month.';
COMMENT ON COLUMN crimestats.police_uk_monthly.crimes IS 'Number of records.';

CREATE VIEW crimestats.police_uk_outcomes WITH (security_invoker = true) AS
SELECT crimestats.resolve_area(g.falls_within, '{police_force_area,non_territorial}') AS force_code,
	   COALESCE(
		   (SELECT a.name FROM crimestats.area a
			 WHERE a.code = crimestats.resolve_area(g.falls_within, '{police_force_area,non_territorial}')),
		   g.falls_within) AS force_name,
	   g.crime_type,
	   g.month,
	   pg_catalog.daterange(g.month, (g.month + '1 month'::interval)::date) AS period,
	   g.crimes,
	   g.with_outcome,
	   g.charged
  FROM (SELECT c.falls_within,
			   c.crime_type,
			   c.month,
			   pg_catalog.count(*) AS crimes,
			   pg_catalog.count(*) FILTER (WHERE oc.assigned) AS with_outcome,
			   pg_catalog.count(*) FILTER (WHERE oc.charged) AS charged
		  FROM crimestats.crime c
		  LEFT JOIN crimestats.police_uk_outcome_category oc ON oc.name = c.last_outcome_category
		 WHERE c.crime_type <> 'Anti-social behaviour'
		 GROUP BY c.falls_within, c.crime_type, c.month) g;
COMMENT ON VIEW crimestats.police_uk_outcomes IS
  'Last outcome of data.police.uk street records (anti-social behaviour excluded) per force, crime type and month: outcome_ratio(charged, with_outcome) is the share charged among crimes with an outcome.  The outcome is the one at publication time.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.force_code IS 'GSS code of the force (NULL when unresolved).';
COMMENT ON COLUMN crimestats.police_uk_outcomes.force_name IS 'Force name.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.crime_type IS 'Crime type.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.month IS 'First day of the month the crimes were reported in.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.period IS 'The month as a date range.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.crimes IS 'Number of crime records.';
COMMENT ON COLUMN crimestats.police_uk_outcomes.with_outcome IS 'Records whose last outcome is an outcome (not Under investigation, Status update unavailable or empty).';
COMMENT ON COLUMN crimestats.police_uk_outcomes.charged IS 'Records whose last outcome means the suspect was charged or summonsed (court outcomes included).';

------------------------------------------------------------------------------
-- pg_dump keeps what users load
------------------------------------------------------------------------------

SELECT pg_catalog.pg_extension_config_dump('crimestats.area_alias', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.police_uk_crime_type', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.police_uk_outcome_category', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.crime', '');
SELECT pg_catalog.pg_extension_config_dump('crimestats.crime_outcome', '');
SELECT pg_catalog.pg_extension_config_dump('crimestats.import_reject', '');
