#!/bin/bash
# National scale, in one run on a throwaway cluster (bench/run.sh):
#   bench/national.sh [repeats] [--with-1.0]
# builds a decade of community safety partnership data with generate_series
# (bench/national.sql), times every view over all areas and over one area
# against year_ending and a plain GROUP BY, checks the views against the 1.0
# definitions (taken from the frozen crimestats--1.0.sql) with EXCEPT ALL
# both ways, and times the three Home Office imports against a plain COPY of
# the same file.  Prints one table with ratios and targets.
#   repeats    runs of each query, alternated, best kept (default 3)
#   --with-1.0 also time the 1.0 view definitions (offence_growth stopped
#              after 120 s)
# The files: ten years of the real 2017/18 force table (years shifted,
# about 230,000 rows), a partnership table and an outcomes table of about
# the same size built from its offence codes.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=3
with_1_0=0
for arg in "$@"; do
	case $arg in
		--with-1.0) with_1_0=1 ;;
		*) repeats=$arg ;;
	esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - data/prc-pfa-2017-18.csv "$work" <<'PY'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src)))
header, body = rows[0], rows[1:]
# ten years of the force table: the 2017/18 rows as 2008/09 .. 2017/18
with open(f'{out}/prc-pfa-10-years.csv', 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(header)
    for y in range(2008, 2018):
        for r in body:
            w.writerow([f'{y}/{(y + 1) % 100:02d}'] + r[1:])
# offence codes as the force table names them (one row per code)
codes = {}
for r in body:
    codes.setdefault(r[6], (r[3], r[4], r[5]))
codes = sorted(codes.items())
# partnership table: the 300 bench partnerships, every code, six quarters
# after the decade the national data set covers (2019/20 Q1 .. 2020/21 Q2)
with open(f'{out}/prc-csp-bench.csv', 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['Financial Year', 'Financial Quarter', 'Force Name', 'CSP Name', 'Offence Description',
                'Offence Group', 'Offence Subgroup', 'Offence Code', 'Offence Count'])
    for fy, fq in [('2019/20', q) for q in '1234'] + [('2020/21', q) for q in '12']:
        for a in range(1, 301):
            for n, (code, (desc, group, subgroup)) in enumerate(codes):
                w.writerow([fy, fq, 'Metropolitan Police', f'Bench partnership {a:03d}', desc, group, subgroup,
                            code, f' {(a * 7919 + n * 104729 + int(fq) * 131) % 97} '])
# outcomes table: the forces of the force table, every code, eight outcome
# types, five quarters
forces = sorted({r[2] for r in body})
types = [(0, 'Not yet assigned an outcome', 'Not yet assigned'), (1, 'Charged/Summonsed', 'Charged/Summonsed'),
         (3, 'Caution - adults', 'Out-of-court (formal)'), (8, 'Community resolution', 'Out-of-court (informal)'),
         (14, 'Evidential difficulties: suspect not identified; victim does not support further action',
          'Evidential difficulties (victim does not support action)'),
         (15, 'Evidential difficulties: suspect identified; victim supports action',
          'Evidential difficulties (suspect identified; victim supports action)'),
         (16, 'Evidential difficulties: suspect identified; victim does not support further action',
          'Evidential difficulties (victim does not support action)'),
         (18, 'Investigation complete - no suspect identified', 'Investigation complete - no suspect identified')]
with open(f'{out}/prc-outcomes-bench.csv', 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['Financial Year', 'Financial Quarter', 'Force Name', 'Offence Code', 'Offence Description',
                'Offence Group', 'Offence Subgroup', 'Outcome Description', 'Outcome Group', 'Outcome Type',
                'Offences Recorded', 'Investigations Closed'])
    for fy, fq in [('2016/17', '4')] + [('2017/18', q) for q in '1234']:
        for i, force in enumerate(forces):
            for n, (code, (desc, group, subgroup)) in enumerate(codes):
                for t, tdesc, tgroup in types:
                    w.writerow([fy, fq, force, code, desc, group, subgroup, tdesc, tgroup, t,
                                f' {(i * 31 + n * 17 + t * 7 + int(fq)) % 53} ',
                                f' {(i * 13 + n * 11 + t * 5 + int(fq)) % 41} '])
PY
# the 1.0 views, as the frozen install script defines them, in schema
# crimestats_1_0 (offence_growth reads that schema's year_ending)
awk '/^CREATE VIEW crimestats[.](year_ending|offence_growth|outcome_rates|offence_share) /{p=1}
	p && /^COMMENT ON VIEW/{p=0}
	p' crimestats--1.0.sql |
	sed -e 's/crimestats[.]year_ending/crimestats_1_0.year_ending/g' \
		-e 's/^CREATE VIEW crimestats[.]/CREATE VIEW crimestats_1_0./' > "$work/views-1.0.sql"
# the cluster's server reads nothing of ours; psql, which copies the files,
# runs as the caller
chmod -R a+rX "$work"
export NATIONAL_FILES=$work NATIONAL_REPEATS=$repeats NATIONAL_WITH_1_0=$with_1_0 NATIONAL_BENCH=$PWD/bench
bench/run.sh 0 bench/national.sql
