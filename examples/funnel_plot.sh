#!/bin/bash
# Draws docs/funnel-stalking-share.png, the funnel plot of docs/comparisons.md:
# stalking as a share of stalking and harassment offences in each police
# force area of England and Wales, 2017/18 (the real Home Office table in
# data/), against the share over England and Wales, with 95% and 99.8%
# control limits.
#
# Installs what it needs (scripts/setup.sh, and gnuplot from Debian), builds
# and installs crimestats, and works in a throwaway cluster (pg_virtualenv),
# like scripts/demo.sh; leaves nothing running.  Run as root from anywhere:
#   examples/funnel_plot.sh [output.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/funnel-stalking-share.png}

scripts/setup.sh
if ! command -v gnuplot >/dev/null; then
	if [ "$(id -u)" != 0 ]; then
		echo "funnel_plot: need root to install gnuplot" >&2
		exit 1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null
fi
scripts/build.sh
# the PostgreSQL the other scripts use
. scripts/pg-env.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
pg_virtualenv -t -v "$PG_MAJOR" sh -c '
	set -e
	psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "CREATE EXTENSION crimestats CASCADE"
	psql -X -q -v ON_ERROR_STOP=1 \
		-c "\\copy crimestats.stage_prc_force FROM data/prc-pfa-2017-18.csv CSV HEADER" \
		-c "SELECT * FROM crimestats.import_prc_force('\''prc-pfa-2017-18.csv'\'')" >/dev/null
	psql -X -q -v ON_ERROR_STOP=1 -v work="$0" -f examples/funnel_plot.sql
' "$work" 2>&1 | grep -v -e '^Creating new PostgreSQL cluster' -e '^Dropping cluster' -e '^Ver Cluster' \
	-e '^[0-9][0-9]*  *regress ' -e '^$'

gnuplot <<GNUPLOT
set terminal pngcairo size 1100,720 font "DejaVu Sans,11"
set output "$out"
set title "Stalking as a share of stalking and harassment offences, police force areas of England and Wales, 2017/18" font ",13"
set xlabel "Stalking and harassment offences recorded by the force area (log scale)"
set ylabel "Stalking (8Q), % of the force area's stalking and harassment"
set logscale x
set format x "%.0f"
set xtics (100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
set grid ytics lc rgb "#dddddd"
set key top right box opaque
set datafile separator "\t"
set yrange [0:*]
set bmargin 5
set label 1 "Source: Home Office, police recorded crime open data tables by police force area, 2017/18. Limits: crimestats proportion_funnel; colours: proportion_significance OVER ()." at screen 0.01, screen 0.02 font ",8" noenhanced
plot "$work/funnel_limits.dat" using 1:2 with lines lw 2 lc rgb "#444444" title "England and Wales", \
	"" using 1:3 with lines dt 2 lw 1.5 lc rgb "#555555" title "95% limits", \
	"" using 1:4 with lines dt 2 lw 1.5 lc rgb "#555555" notitle, \
	"" using 1:5 with lines lw 1.5 lc rgb "#555555" title "99.8% limits", \
	"" using 1:6 with lines lw 1.5 lc rgb "#555555" notitle, \
	"$work/funnel_points.dat" using 1:(\$3 == 1 ? \$2 : 1/0) with points pt 7 ps 1.3 lc rgb "#08519c" title "lower (99.8%)", \
	"" using 1:(\$3 == 2 ? \$2 : 1/0) with points pt 7 ps 1.3 lc rgb "#6baed6" title "lower (95%)", \
	"" using 1:(\$3 == 3 ? \$2 : 1/0) with points pt 7 ps 1.3 lc rgb "#999999" title "similar", \
	"" using 1:(\$3 == 4 ? \$2 : 1/0) with points pt 7 ps 1.3 lc rgb "#fd8d3c" title "higher (95%)", \
	"" using 1:(\$3 == 5 ? \$2 : 1/0) with points pt 7 ps 1.3 lc rgb "#cb181d" title "higher (99.8%)", \
	"" using 1:2:4 with labels offset char 0,0.9 font ",9" notitle
GNUPLOT
echo "funnel_plot: wrote $out"
