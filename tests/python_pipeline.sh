#!/bin/bash
# Runs the Python pipeline, examples/etl/load_folder.py, on data/: twice with
# the example dataset in one database (the second run must replace, not
# add), once without it in another; compares its whole output with the
# expected text below and checks the tables.  Run by scripts/test.sh inside
# the throwaway cluster (PGHOST etc. set).
#
# The figures are printed from crimestats.estimate fields with float
# formats (4.9890, 22.10), which fail on a string: they pass only when the
# script's composite registration makes the fields arrive as numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
example_db=crimestats_python_example
plain_db=crimestats_python_plain
drop() { psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $example_db" -c "DROP DATABASE IF EXISTS $plain_db"; }
drop
trap drop EXIT
for db in $example_db $plain_db; do
	psql -X -q -d postgres -c "CREATE DATABASE $db"
	psql -X -q -d "$db" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION crimestats CASCADE'
done

fail=0
compare() {	# name expected actual
	if [ "$2" = "$3" ]; then
		echo "ok   $1"
	else
		echo "FAIL $1:"
		diff -u <(echo "$2") <(echo "$3") || true
		fail=1
	fi
}

# The files load as with examples/etl/load_folder.sh (tests/etl.sh), except
# that the example dataset, loaded first, already holds the Metropolitan
# Police's 2017/18 stalking and harassment quarters (8L, 8M, 8Q, 8R: 16 rows
# of the force table) and Newham's months, so those rows of the force table
# and of the CSP fixture (8L, 8Q, 8R of Newham, 2017/18 Q3) are rejected as
# overlaps.  The street-file figures match docs/loading.md (663 / 30 a day,
# 63 of 454 charged); the Newham and Metropolitan Police figures are the
# story's (examples/story_*.sql); 40,787 is the force table's Met total.
files_header='file                                                     format                       read   loaded rejected'
street_figures='data.police.uk street files (95% CIs):
  2018-09-city-of-london-street.csv: 663 records / 30 days = 22.10 a day (20.45-23.85); charged or summonsed 63 of 454 = 13.9% (11.0%-17.4%)
  2018-09-constructed-bad-street.csv: 3 records / 30 days = 0.10 a day (0.02-0.29); charged or summonsed 1 of 2 = 50.0% (9.5%-90.5%)
  2019-01-metropolitan-street.burglary-subset.head20.csv: 20 records / 31 days = 0.65 a day (0.39-1.00); charged or summonsed 1 of 7 = 14.3% (2.6%-51.3%)'
met_march='Metropolitan Police, year ending March 2018: 40,787 stalking and harassment offences, 111.75 a day (95% CI 110.66-112.84)'

expected_example="example dataset loaded: crimestats.load_example()
$files_header
2018-09-city-of-london-outcomes.head40.csv               police_uk_outcomes             40       40        0
2018-09-city-of-london-street.csv                        police_uk_street              663      663        0
2018-09-constructed-bad-street.csv                       police_uk_street (raw)         12        3        9
2019-01-metropolitan-street.burglary-subset.head20.csv   police_uk_street               20       20        0
prc-csp-fixture.csv                                      prc_csp                        12        4        8
prc-outcomes-fixture.csv                                 prc_outcomes                    9        6        3
prc-pfa-2017-18.csv                                      prc_force                   23068    23052       16
total                                                                                23824    23788       36

$street_figures

Newham, year ending September 2018: 1,821 stalking and harassment offences, 4.99 a day (95% CI 4.76-5.22), 5.17 per 1,000 residents
  per_day_rate_ci: 1821 offences / 365 days = 4.9890 a day, 95% CI 4.7625-5.2236
Newham, year ending September 2013 to year ending September 2018: 850 -> 1,821 stalking and harassment offences, x2.14 (+114%), CAGR 16.5% a year, trend +17% a year
Metropolitan Police, year ending September 2018: 1,329 of 46,100 stalking and harassment offences were stalking (2.9%, 95% CI 2.7%-3.0%)
Metropolitan Police, year ending September 2018: charged or summonsed in 5.0% (95% CI 4.8%-5.2%) of 45,000 assigned outcomes
$met_march"

# What the tables hold after each run: street records (663 + 3 + 20),
# outcomes records, offences in recorded_offence, offence_outcome rows,
# rejects.  With the example dataset: the force table's 5,519,401 less the
# Met's 40,787 rejected, the CSP fixture's 117 loaded, the example's 195,906
# (Newham 7,219; Met 188,687); 62 example outcome rows and the outcomes
# fixture's 5 (its two Homicide lines summed into one row).  Without it: the
# whole force table and the CSP fixture's 244.
tables_example='686 40 5674637 67 36'
tables_plain='686 40 5519645 5 17'
q_tables="SELECT (SELECT count(*) FROM crimestats.crime) || ' ' ||
                 (SELECT count(*) FROM crimestats.crime_outcome) || ' ' ||
                 (SELECT sum(offences) FROM crimestats.recorded_offence) || ' ' ||
                 (SELECT count(*) FROM crimestats.offence_outcome) || ' ' ||
                 (SELECT count(*) FROM crimestats.import_reject)"

for pass in 1 2; do
	out=$(PGDATABASE=$example_db examples/etl/load_folder.py --example data)
	compare "pass $pass with the example dataset: output" "$expected_example" "$out"
	compare "pass $pass with the example dataset: tables" "$tables_example" \
		"$(psql -X -At -d $example_db -c "$q_tables")"
done

expected_plain="$files_header
2018-09-city-of-london-outcomes.head40.csv               police_uk_outcomes             40       40        0
2018-09-city-of-london-street.csv                        police_uk_street              663      663        0
2018-09-constructed-bad-street.csv                       police_uk_street (raw)         12        3        9
2019-01-metropolitan-street.burglary-subset.head20.csv   police_uk_street               20       20        0
prc-csp-fixture.csv                                      prc_csp                        12        7        5
prc-outcomes-fixture.csv                                 prc_outcomes                    9        6        3
prc-pfa-2017-18.csv                                      prc_force                   23068    23068        0
total                                                                                23824    23807       17

$street_figures

Newham, year ending September 2018: no figures (the example dataset is not loaded: --example)
$met_march"
out=$(examples/etl/load_folder.py --dsn "dbname=$plain_db" data)
compare "without the example dataset: output" "$expected_plain" "$out"
compare "without the example dataset: tables" "$tables_plain" \
	"$(psql -X -At -d $plain_db -c "$q_tables")"

exit $fail
