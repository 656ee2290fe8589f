#!/bin/bash
# Runs examples/etl/load_folder.sh on data/ in a fresh database and checks the
# counts against the files.  Run by scripts/test.sh inside the throwaway
# cluster (PGHOST etc. set).
set -euo pipefail
cd "$(dirname "$0")/.."
db=crimestats_etl_test
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS '$db'"' EXIT
export PGDATABASE=$db
psql -X -q -c 'CREATE EXTENSION crimestats CASCADE' 2>/dev/null

fail=0
check() {	# name expected actual
	if [ "$2" = "$3" ]; then echo "ok   $1 = $3"; else echo "FAIL $1: expected $2, got $3"; fail=1; fi
}
for pass in 1 2; do	# the second pass must replace, not add
	out=$(examples/etl/load_folder.sh data)
	echo "$out"
	line() { grep -F "$1" <<<"$out" | awk '{print $(NF-2), $(NF-1), $NF}'; }
	check "pass $pass street City"      "663 663 0"       "$(line 2018-09-city-of-london-street.csv)"
	check "pass $pass street Met"       "20 20 0"         "$(line 2019-01-metropolitan-street)"
	check "pass $pass outcomes City"    "40 40 0"         "$(line 2018-09-city-of-london-outcomes)"
	check "pass $pass HO force table"   "23068 23068 0"   "$(line prc-pfa-2017-18.csv)"
	check "pass $pass CSP fixture"      "12 7 5"          "$(line prc-csp-fixture.csv)"
	check "pass $pass outcomes fixture" "9 6 3"           "$(line prc-outcomes-fixture.csv)"
	check "pass $pass bad street (raw)" "12 3 9"          "$(line 2018-09-constructed-bad-street.csv)"
	check "pass $pass total"            "23824 23807 17"  "$(line total)"
	q() { psql -X -At -c "$1"; }
	check "pass $pass crime rows"          "686"   "$(q 'SELECT count(*) FROM crimestats.crime')"
	check "pass $pass Met stalking 17/18"  "40787" "$(q "SELECT sum(offences) FROM crimestats.recorded_offence WHERE area_code = 'E23000001' AND offence_code IN ('8L','8M','8Q','8R') AND source = 'prc-pfa-2017-18.csv'")"
	check "pass $pass rejects"             "17"    "$(q 'SELECT count(*) FROM crimestats.import_reject')"
	check "pass $pass view = table"        "t"     "$(q 'SELECT (SELECT sum(crimes) FROM crimestats.police_uk_monthly) = (SELECT count(*) FROM crimestats.crime)')"
done
exit $fail
