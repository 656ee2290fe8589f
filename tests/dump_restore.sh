#!/bin/bash
# Data users load into the extension's tables survives pg_dump / pg_restore,
# and the shipped reference rows are not duplicated.  Facts refer to an
# area and an outcome type users added, whose rows must be restored first:
# pg_dump orders the data of an extension's tables by their foreign keys,
# which stay declared (src/integrity.sql); alphabetically, offence_outcome
# would come before outcome_type.  (pg_restore --jobs does not keep that
# order, with 1.0's foreign keys as with these.)
set -euo pipefail
src=crimestats_dump_src
dst=crimestats_dump_dst
dump=$(mktemp)
trap 'dropdb --if-exists "$src"; dropdb --if-exists "$dst"; rm -f "$dump"' EXIT
dropdb --if-exists "$src"; dropdb --if-exists "$dst"
createdb "$src"
psql -X -q -v ON_ERROR_STOP=1 -d "$src" <<'SQL' >/dev/null
CREATE EXTENSION crimestats CASCADE;
SELECT crimestats.load_example();
INSERT INTO crimestats.area (code, name, kind, parent_code) VALUES ('X99000001', 'Test area', 'local_authority', 'E22000210');
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
VALUES ('X99000001', '8Q', '[2019-01-01,2019-02-01)', 7, 'user');
INSERT INTO crimestats.outcome_type (code, name, outcome_group) VALUES (90, 'Test outcome', 'Test group');
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
VALUES ('X99000001', '8Q', '[2019-01-01,2019-02-01)', 90, 3, 'user');
CREATE TABLE public.monthly_summary AS
  SELECT area_code, crimestats.rate_summary(offences, period) AS s
  FROM crimestats.recorded_offence GROUP BY area_code;
SQL
pg_dump -Fc -f "$dump" "$src"
createdb "$dst"
pg_restore -d "$dst" "$dump"
q="SELECT (SELECT count(*) FROM crimestats.area) || ' ' ||
          (SELECT count(*) FROM crimestats.offence) || ' ' ||
          (SELECT count(*) FROM crimestats.outcome_type) || ' ' ||
          (SELECT sum(offences) FROM crimestats.recorded_offence) || ' ' ||
          (SELECT sum(offences) FROM crimestats.offence_outcome) || ' ' ||
          (SELECT count(*) FROM crimestats.area_population) || ' ' ||
          (SELECT string_agg(area_code || ':' || outcome_code || ':' || offences, ',') FROM crimestats.offence_outcome WHERE source = 'user') || ' ' ||
          (SELECT string_agg(s::text, ';' ORDER BY area_code) FROM public.monthly_summary) || ' ' ||
          (SELECT offences FROM crimestats.year_ending WHERE area_code = 'E22000210' AND period_end = '2018-09-30')"
a=$(psql -X -At -d "$src" -c "$q")
b=$(psql -X -At -d "$dst" -c "$q")
echo "before: $a"
echo "after:  $b"
[ "$a" = "$b" ]
