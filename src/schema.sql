-- The shipped schema of recorded offences.
--
-- Reference tables (area, offence, outcome_type) ship with rows marked
-- builtin; users may add their own.  pg_dump keeps every row users add: the
-- data tables whole, the reference tables less the builtin rows, which
-- CREATE EXTENSION puts back.

CREATE TABLE crimestats.area (
	code text PRIMARY KEY,
	name text NOT NULL,
	kind text NOT NULL
		CHECK (kind IN ('country', 'region', 'police_force_area',
						'community_safety_partnership', 'local_authority',
						'non_territorial')),
	parent_code text REFERENCES crimestats.area (code),
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.area IS
  'Areas by ONS GSS code: countries, police force areas (E23/W15), community safety partnerships (E22/W14), local authorities (E06-E09/W06), and non-territorial bodies (British Transport Police, Action Fraud, ...).';
COMMENT ON COLUMN crimestats.area.code IS 'ONS GSS code (e.g. E23000001), or a crimestats code for bodies without one.';
COMMENT ON COLUMN crimestats.area.name IS 'Official name, as the Home Office tables spell it.';
COMMENT ON COLUMN crimestats.area.kind IS 'country, region, police_force_area, community_safety_partnership, local_authority or non_territorial.';
COMMENT ON COLUMN crimestats.area.parent_code IS 'The area this one lies in (local authority -> partnership -> force area -> country).';
COMMENT ON COLUMN crimestats.area.builtin IS 'True for rows shipped with crimestats (not dumped by pg_dump; CREATE EXTENSION restores them).';

CREATE TABLE crimestats.area_population (
	area_code text NOT NULL REFERENCES crimestats.area (code),
	year integer NOT NULL,
	population bigint NOT NULL CHECK (population > 0),
	source text,
	PRIMARY KEY (area_code, year)
);
COMMENT ON TABLE crimestats.area_population IS
  'Mid-year population estimates (ONS), for rates per 1,000 population.';
COMMENT ON COLUMN crimestats.area_population.area_code IS 'Area (crimestats.area.code).';
COMMENT ON COLUMN crimestats.area_population.year IS 'Year of the mid-year (30 June) estimate.';
COMMENT ON COLUMN crimestats.area_population.population IS 'Estimated resident population.';
COMMENT ON COLUMN crimestats.area_population.source IS 'Where the figure comes from.';

CREATE TABLE crimestats.offence (
	code text PRIMARY KEY,
	description text NOT NULL,
	offence_subgroup text NOT NULL,
	offence_group text NOT NULL,
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.offence IS
  'Home Office offence classification: offence codes with their description, subgroup and group.';
COMMENT ON COLUMN crimestats.offence.code IS 'Home Office offence code (e.g. 8Q).';
COMMENT ON COLUMN crimestats.offence.description IS 'Official description (e.g. Stalking).';
COMMENT ON COLUMN crimestats.offence.offence_subgroup IS 'Offence subgroup (e.g. Stalking and harassment).';
COMMENT ON COLUMN crimestats.offence.offence_group IS 'Offence group (e.g. Violence against the person).';
COMMENT ON COLUMN crimestats.offence.builtin IS 'True for rows shipped with crimestats.';

CREATE TABLE crimestats.outcome_type (
	code integer PRIMARY KEY CHECK (code >= 0),
	name text NOT NULL,
	outcome_group text NOT NULL,
	builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE crimestats.outcome_type IS
  'Home Office crime outcomes framework: outcome types 0-22 and their groups.  Type 0 (not yet assigned) never counts in a denominator.';
COMMENT ON COLUMN crimestats.outcome_type.code IS 'Outcome type number.';
COMMENT ON COLUMN crimestats.outcome_type.name IS 'Outcome type.';
COMMENT ON COLUMN crimestats.outcome_type.outcome_group IS 'Outcome group (e.g. Charged/Summonsed).';
COMMENT ON COLUMN crimestats.outcome_type.builtin IS 'True for rows shipped with crimestats.';

-- Periods are finite, non-empty date ranges.  No two rows of one area and
-- offence (and outcome type) may have overlapping periods, or they would
-- count the same offences twice; that, and the foreign keys, are enforced
-- once per statement by triggers (src/integrity.sql), which say why.
CREATE TABLE crimestats.recorded_offence (
	area_code text NOT NULL REFERENCES crimestats.area (code),
	offence_code text NOT NULL REFERENCES crimestats.offence (code),
	period daterange NOT NULL
		CHECK (NOT pg_catalog.isempty(period)
			   AND NOT pg_catalog.lower_inf(period)
			   AND NOT pg_catalog.upper_inf(period)),
	offences bigint NOT NULL,
	source text
);
COMMENT ON TABLE crimestats.recorded_offence IS
  'Police recorded crime: offences per area, offence code and period.  Negative counts are the tables'' adjustments and are kept.';
COMMENT ON COLUMN crimestats.recorded_offence.area_code IS 'Area (crimestats.area.code).';
COMMENT ON COLUMN crimestats.recorded_offence.offence_code IS 'Offence code (crimestats.offence.code).';
COMMENT ON COLUMN crimestats.recorded_offence.period IS 'The days counted, e.g. [2018-04-01,2018-07-01) for a quarter.';
COMMENT ON COLUMN crimestats.recorded_offence.offences IS 'Offences recorded in the period (may be a negative adjustment).';
COMMENT ON COLUMN crimestats.recorded_offence.source IS 'The file or batch the row was loaded from.';

CREATE TABLE crimestats.offence_outcome (
	area_code text NOT NULL REFERENCES crimestats.area (code),
	offence_code text NOT NULL REFERENCES crimestats.offence (code),
	period daterange NOT NULL
		CHECK (NOT pg_catalog.isempty(period)
			   AND NOT pg_catalog.lower_inf(period)
			   AND NOT pg_catalog.upper_inf(period)),
	outcome_code integer NOT NULL REFERENCES crimestats.outcome_type (code),
	offences bigint NOT NULL,
	investigations_closed bigint,
	source text
);
COMMENT ON TABLE crimestats.offence_outcome IS
  'Outcomes assigned to recorded offences, per area, offence code, period and outcome type.';
COMMENT ON COLUMN crimestats.offence_outcome.area_code IS 'Area (crimestats.area.code).';
COMMENT ON COLUMN crimestats.offence_outcome.offence_code IS 'Offence code (crimestats.offence.code).';
COMMENT ON COLUMN crimestats.offence_outcome.period IS 'The period the offences were recorded in.';
COMMENT ON COLUMN crimestats.offence_outcome.outcome_code IS 'Outcome type (crimestats.outcome_type.code); 0 = not yet assigned.';
COMMENT ON COLUMN crimestats.offence_outcome.offences IS 'Offences with that outcome.';
COMMENT ON COLUMN crimestats.offence_outcome.investigations_closed IS
  'Outcomes assigned in the period to investigations closed in it (the second count of the Home Office outcomes table); NULL when the source has no such count.';
COMMENT ON COLUMN crimestats.offence_outcome.source IS 'The file or batch the row was loaded from.';

CREATE INDEX ON crimestats.recorded_offence (offence_code);
CREATE INDEX ON crimestats.offence_outcome (outcome_code);
-- A re-import first deletes the rows its source loaded before.  An import
-- appends its rows together, so a source occupies a run of pages, which a
-- BRIN index finds for that DELETE (without it, a scan of the whole table
-- for every file loaded) at almost no cost per inserted row, as on crime.
CREATE INDEX ON crimestats.recorded_offence USING brin (source) WITH (autosummarize = on);
CREATE INDEX ON crimestats.offence_outcome USING brin (source) WITH (autosummarize = on);

SELECT pg_catalog.pg_extension_config_dump('crimestats.area', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.offence', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.outcome_type', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('crimestats.area_population', '');
SELECT pg_catalog.pg_extension_config_dump('crimestats.recorded_offence', '');
SELECT pg_catalog.pg_extension_config_dump('crimestats.offence_outcome', '');
