#!/bin/bash
# Import benchmark: 1,000,000 data.police.uk street rows (the real City of
# London 2018-09 file repeated, Crime IDs varied per copy) loaded with
#   (a) a plain \copy into crimestats.stage_police_uk_street, emptied after;
#   (b) \copy + crimestats.import_police_uk_street(source).
# Prints both times and their ratio.  Needs a database with crimestats
# (PGHOST, PGDATABASE, ... ); ROWS overrides the row count.  The loaded rows
# are deleted and vacuumed away before and after, so that runs start alike.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1000000}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$rows" data/2018-09-city-of-london-street.csv "$tmp/big.csv" <<'PY'
import hashlib, sys
n = int(sys.argv[1]); lines = open(sys.argv[2]).read().split('\n')
out = open(sys.argv[3], 'w'); out.write(lines[0] + '\n')
body = [l for l in lines[1:] if l]; k = 0; rep = 0
while k < n:
    for r in body:
        if k >= n: break
        if r.startswith(',') or rep == 0: out.write(r + '\n')
        else: out.write(hashlib.sha256(f'{rep}:{r[:64]}'.encode()).hexdigest() + r[64:] + '\n')
        k += 1
    rep += 1
PY
chmod a+r "$tmp" "$tmp/big.csv"
ms() { date +%s%N | cut -c1-13; }
cleanup() {
	psql -X -q -c "DELETE FROM crimestats.crime WHERE source = 'bench-import'" \
		-c "DELETE FROM crimestats.import_reject WHERE source = 'bench-import'" \
		-c 'VACUUM crimestats.crime' -c 'VACUUM crimestats.import_reject'
}
cleanup
psql -X -q -c 'TRUNCATE crimestats.stage_police_uk_street'
t0=$(ms)
psql -X -q -c "\\copy crimestats.stage_police_uk_street FROM '$tmp/big.csv' CSV HEADER"
t1=$(ms)
psql -X -q -c 'TRUNCATE crimestats.stage_police_uk_street'
t2=$(ms)
psql -X -q -At -c "\\copy crimestats.stage_police_uk_street FROM '$tmp/big.csv' CSV HEADER" \
	-c "SELECT * FROM crimestats.import_police_uk_street('bench-import')"
t3=$(ms)
cleanup
copy=$((t1 - t0)); imp=$((t3 - t2))
echo "rows: $rows"
echo "plain COPY into staging: ${copy} ms"
echo "COPY + import:           ${imp} ms"
awk -v a="$imp" -v b="$copy" 'BEGIN { printf "ratio: %.2f (target <= 3)\n", a / b }'
