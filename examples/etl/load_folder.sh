#!/bin/bash
# Load every CSV file of a folder into crimestats, picking the format from the
# file name, and print read / loaded / rejected per file and in total.
#
#   examples/etl/load_folder.sh DIR        (connection from PGHOST, PGDATABASE, ...)
#
# Each file goes through its staging table (\copy ... CSV HEADER, then
# import_<format>); when COPY refuses the file (a row with the wrong number of
# fields, broken quoting), it is loaded again through the raw path
# (crimestats.stage_raw + import_raw), which rejects those rows one by one.
# The source name is the file name, so loading a folder twice replaces
# rather than adds.
set -euo pipefail
dir=${1:?usage: load_folder.sh DIR}

format_of() {
	case "$(basename "$1")" in
		*-street*.csv) echo police_uk_street ;;
		*-outcomes*.csv) [ "${1#*prc-}" != "$1" ] && echo prc_outcomes || echo police_uk_outcomes ;;
		prc-pfa-*.csv) echo prc_force ;;
		prc-csp-*.csv) echo prc_csp ;;
		*) echo "" ;;
	esac
}

total_r=0; total_l=0; total_j=0
printf '%-60s %-18s %8s %8s %8s\n' file format read loaded rejected
for f in "$dir"/*.csv; do
	fmt=$(format_of "$f")
	[ -n "$fmt" ] || { printf '%-60s skipped (unknown format)\n' "$(basename "$f")"; continue; }
	src=$(basename "$f")
	lit=${src//\'/\'\'}
	if ! out=$(psql -X -q -At -v ON_ERROR_STOP=1 -F ' ' 2>/dev/null <<-SQL
		BEGIN;
		LOCK TABLE crimestats.stage_$fmt IN SHARE ROW EXCLUSIVE MODE;
		\copy crimestats.stage_$fmt FROM '$f' CSV HEADER
		SELECT * FROM crimestats.import_$fmt('$lit');
		COMMIT;
	SQL
	); then
		out=$(psql -X -q -At -v ON_ERROR_STOP=1 -F ' ' <<-SQL
			BEGIN;
			TRUNCATE crimestats.stage_raw;
			\copy crimestats.stage_raw FROM '$f' WITH (FORMAT csv, HEADER, DELIMITER E'\x1f', QUOTE E'\x1e')
			SELECT * FROM crimestats.import_raw('$fmt', '$lit');
			COMMIT;
		SQL
		)
		fmt="$fmt (raw)"
	fi
	read -r r l j <<<"$out"
	printf '%-60s %-18s %8s %8s %8s\n' "$src" "$fmt" "$r" "$l" "$j"
	total_r=$((total_r + r)); total_l=$((total_l + l)); total_j=$((total_j + j))
done
printf '%-60s %-18s %8s %8s %8s\n' total '' "$total_r" "$total_l" "$total_j"
