-- classification_break: changes of definition or counting rule that make
-- growth figures across them compare unlike things.

-- Changes of offence definition or counting rule, by subgroup.  A growth
-- figure whose span contains one compares unlike things; offence_growth
-- reports it in crosses_break.  Users may add breaks of other subgroups:
-- pg_dump keeps their rows, CREATE EXTENSION puts back the builtin ones.
CREATE TABLE crimestats.classification_break (
	break_date date NOT NULL,
	offence_subgroup text NOT NULL,
	description text NOT NULL,
	source text,
	builtin boolean NOT NULL DEFAULT false,
	PRIMARY KEY (offence_subgroup, break_date)
);
COMMENT ON TABLE crimestats.classification_break IS
  'Changes of offence definition or counting rule per offence subgroup; counts before and after such a date are not comparable (offence_growth.crosses_break).';
COMMENT ON COLUMN crimestats.classification_break.break_date IS 'First day on which the new definition or rule applies.';
COMMENT ON COLUMN crimestats.classification_break.offence_subgroup IS 'Offence subgroup affected (as in crimestats.offence.offence_subgroup).';
COMMENT ON COLUMN crimestats.classification_break.description IS 'What changed.';
COMMENT ON COLUMN crimestats.classification_break.source IS 'Where the change is documented.';
COMMENT ON COLUMN crimestats.classification_break.builtin IS 'True for rows shipped with crimestats (not dumped by pg_dump; CREATE EXTENSION restores them).';

INSERT INTO crimestats.classification_break
	(break_date, offence_subgroup, description, source, builtin)
VALUES
	('2014-04-01', 'Stalking and harassment',
	 'Stalking (8Q) recorded separately from harassment (8L).',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true),
	('2015-04-01', 'Stalking and harassment',
	 'Disclosure of private sexual photographs and films, and sending letters with intent to cause distress or anxiety, added to harassment.',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true),
	('2017-04-01', 'Stalking and harassment',
	 'Malicious communications (8R) recorded as a separate offence in the subgroup.',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true),
	('2018-04-01', 'Stalking and harassment',
	 'A course of conduct amounting to stalking, harassment or controlling or coercive behaviour recorded in addition to the most serious other offence against the victim (raises counts).',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true),
	('2020-04-01', 'Stalking and harassment',
	 'Conduct towards a former partner recorded as stalking unless it is harassment only; controlling or coercive behaviour counted in the subgroup. Year ending March 2021 on is not comparable with earlier years.',
	 'Home Office police recorded crime table A4 notes, https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/copy_of_police-recorded-crime-of-harassment',
	 true);

SELECT pg_catalog.pg_extension_config_dump('crimestats.classification_break', 'WHERE NOT builtin');
