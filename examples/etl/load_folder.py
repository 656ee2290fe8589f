#!/usr/bin/python3
"""Load a folder of police-recorded crime files into crimestats with psycopg 3,
then read the story's figures back.

Usage:
    examples/etl/load_folder.py [--example] [--dsn DSN] [--encoding ENC] DIR

The connection comes from DSN (a libpq connection string or URI) or, by
default, from the libpq environment (PGHOST, PGPORT, PGDATABASE, PGUSER, ...).
The database needs the extension: CREATE EXTENSION crimestats CASCADE.
Needs Debian's python3-psycopg (psycopg 3), which scripts/setup.sh installs.

Every CSV file of DIR is loaded in the format its name says:

    *-street*.csv       data.police.uk street file   -> crimestats.crime
    *-outcomes*.csv     data.police.uk outcomes file -> crimestats.crime_outcome
    prc-pfa-*.csv       Home Office table by police force area   -> recorded_offence
    prc-csp-*.csv       Home Office table by community safety partnership -> recorded_offence
    prc-*outcomes*.csv  Home Office outcomes table   -> offence_outcome

Other files are skipped.  Each file is streamed with COPY ... FROM STDIN into
its staging table (crimestats.stage_<format>) and moved into the schema by
crimestats.import_<format>(source), both in one transaction; when COPY
refuses the file as a whole (a row with the wrong number of fields, broken
quoting), it is loaded again as whole lines into crimestats.stage_raw and
imported by crimestats.import_raw(format, source), which rejects those rows
one by one.  Rejected rows are in crimestats.import_reject with their line
and reason.  The source name is the file name, and an import replaces what
an earlier import of the same source loaded, so running the script again
replaces rather than adds.

It prints one line per file, read / loaded / rejected (read = loaded +
rejected), and a total; then, for each street file, its records a day and
the share of its crimes with an outcome that were charged or summonsed,
from the aggregates per_day_rate_ci and outcome_ratio_ci; then the story's
figures through the shipped views (examples/story_*.sql).  The aggregates
return crimestats.estimate (estimate, lower, upper, numerator, denominator,
confidence), which the script registers as a composite type
(CompositeInfo.fetch, register_composite): an estimate then arrives as a
named tuple of floats rather than as its text form.

--example first loads (or replaces) the example dataset,
crimestats.load_example(), which the story's Newham and Metropolitan Police
figures come from; Home Office rows of the files that overlap it are then
rejected as overlaps.  --encoding names the files' encoding as PostgreSQL
spells it (default UTF8; WIN1252 for a spreadsheet export, for example).
"""

import argparse
import os
import sys

import psycopg
from psycopg import sql
from psycopg.types.composite import CompositeInfo, register_composite

# The raw path reads each line as one field: a delimiter and a quote that
# never occur in a text file (docs/loading.md).
RAW_COPY = "COPY crimestats.stage_raw FROM STDIN WITH (FORMAT csv, HEADER, DELIMITER E'\\x1f', QUOTE E'\\x1e')"

COPY_BLOCK = 1 << 20


def format_of(name):
    """The crimestats format of a file, from its name (None: not a known one)."""
    if name.startswith("prc-"):
        if name.startswith("prc-pfa-"):
            return "prc_force"
        if name.startswith("prc-csp-"):
            return "prc_csp"
        if "outcomes" in name:
            return "prc_outcomes"
        return None
    if "-street" in name:
        return "police_uk_street"
    if "-outcomes" in name:
        return "police_uk_outcomes"
    return None


def copy_file(cur, statement, path):
    with cur.copy(statement) as copy, open(path, "rb") as f:
        while block := f.read(COPY_BLOCK):
            copy.write(block)


def load_file(conn, path, fmt):
    """Load one file; returns (read, loaded, rejected) and the path taken."""
    source = os.path.basename(path)
    stage = sql.Identifier("crimestats", "stage_" + fmt)
    importer = sql.Identifier("crimestats", "import_" + fmt)
    try:
        # COPY and import in one transaction: the import refuses a staging
        # table filled by several transactions (two loads at once).  The lock
        # first, so that two loaders through one staging table wait for each
        # other instead of deadlocking when both import.
        with conn.transaction(), conn.cursor() as cur:
            cur.execute(sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(stage))
            copy_file(cur, sql.SQL("COPY {} FROM STDIN WITH (FORMAT csv, HEADER)").format(stage), path)
            cur.execute(sql.SQL("SELECT read, loaded, rejected FROM {}(%s)").format(importer), [source])
            return cur.fetchone(), fmt
    except psycopg.errors.BadCopyFileFormat:
        # COPY refused the whole file, and the transaction rolled back.
        pass
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("TRUNCATE crimestats.stage_raw")
        copy_file(cur, RAW_COPY, path)
        cur.execute("SELECT read, loaded, rejected FROM crimestats.import_raw(%s, %s)", [fmt, source])
        return cur.fetchone(), fmt + " (raw)"


def load_folder(conn, folder):
    """Load every known file of folder; returns the street files' source names."""
    row = "{:<56} {:<24} {:>8} {:>8} {:>8}"
    print(row.format("file", "format", "read", "loaded", "rejected"))
    total = [0, 0, 0]
    street = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not name.endswith(".csv") or not os.path.isfile(path):
            continue
        fmt = format_of(name)
        if fmt is None:
            print(f"{name:<56} skipped (format not known from the name)")
            continue
        try:
            counts, how = load_file(conn, path, fmt)
        except psycopg.Error as e:
            sys.exit(f"load_folder.py: {name}: {e}")
        print(row.format(name, how, *counts))
        total = [t + c for t, c in zip(total, counts)]
        if fmt == "police_uk_street":
            street.append(name)
    print(row.format("total", "", *total))
    return street


def thousands(n):
    return f"{n:,.0f}"


def story(conn):
    """The story's figures, from the shipped views and from the aggregates."""
    cur = conn.cursor()

    print()
    # Newham: the year_ending view (examples/story_rates.sql), then the same
    # figure from the aggregate, which returns a crimestats.estimate.
    cur.execute("""
        SELECT area_name, offences, per_day, per_day_lower, per_day_upper, per_1000
        FROM crimestats.year_ending
        WHERE area_code = 'E22000210' AND offence_subgroup = 'Stalking and harassment'
          AND period_end = '2018-09-30'""")
    r = cur.fetchone()
    if r is None:
        print("Newham, year ending September 2018: no figures (the example dataset is not loaded: --example)")
    else:
        name, offences, per_day, lower, upper, per_1000 = r
        print(f"{name}, year ending September 2018: {thousands(offences)} stalking and harassment offences, "
              f"{per_day:.2f} a day (95% CI {lower:.2f}-{upper:.2f}), {per_1000:.2f} per 1,000 residents")
        cur.execute("""
            SELECT crimestats.per_day_rate_ci(r.offences, r.period, %s)
            FROM crimestats.recorded_offence AS r
            JOIN crimestats.offence AS o ON o.code = r.offence_code
            WHERE r.area_code = 'E22000210' AND o.offence_subgroup = 'Stalking and harassment'
              AND r.period <@ daterange('2017-10-01', '2018-10-01')""", [0.95])
        e = cur.fetchone()[0]
        print(f"  per_day_rate_ci: {e.numerator:.0f} offences / {e.denominator:.0f} days = {e.estimate:.4f} a day, "
              f"{100 * e.confidence:.0f}% CI {e.lower:.4f}-{e.upper:.4f}")

    # Growth (examples/story_growth.sql).
    cur.execute("""
        SELECT area_name, first_period_end, last_period_end, first_offences, last_offences,
               growth_factor, pct_change, cagr, trend_growth
        FROM crimestats.offence_growth
        WHERE area_code = 'E22000210' AND offence_subgroup = 'Stalking and harassment'""")
    r = cur.fetchone()
    if r is not None:
        name, first_end, last_end, first, last, factor, pct, cagr, trend = r
        print(f"{name}, year ending {first_end:%B %Y} to year ending {last_end:%B %Y}: "
              f"{thousands(first)} -> {thousands(last)} stalking and harassment offences, x{factor:.2f} ({pct:+.0f}%), "
              f"CAGR {100 * cagr:.1f}% a year, trend {100 * (trend - 1):+.0f}% a year")

    # Metropolitan Police: stalking's share of its subgroup and the charge
    # rate (examples/story_outcomes.sql).
    cur.execute("""
        SELECT area_name, offences, subgroup_offences, share_of_subgroup,
               share_of_subgroup_lower, share_of_subgroup_upper
        FROM crimestats.offence_share
        WHERE area_code = 'E23000001' AND period_end = '2018-09-30' AND offence_code = '8Q'""")
    r = cur.fetchone()
    if r is not None:
        name, n, of, share, lower, upper = r
        print(f"{name}, year ending September 2018: {thousands(n)} of {thousands(of)} stalking and harassment "
              f"offences were stalking ({100 * share:.1f}%, 95% CI {100 * lower:.1f}%-{100 * upper:.1f}%)")
    cur.execute("""
        SELECT area_name, ratio, lower, upper, assigned
        FROM crimestats.outcome_rates
        WHERE area_code = 'E23000001' AND offence_subgroup = 'Stalking and harassment'
          AND period_end = '2018-09-30' AND outcome_group = 'Charged/Summonsed'""")
    r = cur.fetchone()
    if r is not None:
        name, ratio, lower, upper, assigned = r
        print(f"{name}, year ending September 2018: charged or summonsed in {100 * ratio:.1f}% "
              f"(95% CI {100 * lower:.1f}%-{100 * upper:.1f}%) of {thousands(assigned)} assigned outcomes")

    # From the Home Office force table (data/prc-pfa-2017-18.csv: 8L 13,849,
    # 8M 258, 8Q 1,056, 8R 25,624), or from the example dataset, whose
    # Metropolitan Police quarters of 2017/18 are the same published counts.
    cur.execute("""
        SELECT area_name, offences, per_day, per_day_lower, per_day_upper
        FROM crimestats.year_ending
        WHERE area_code = 'E23000001' AND offence_subgroup = 'Stalking and harassment'
          AND period_end = '2018-03-31'""")
    r = cur.fetchone()
    if r is not None:
        name, offences, per_day, lower, upper = r
        print(f"{name}, year ending March 2018: {thousands(offences)} stalking and harassment offences, "
              f"{per_day:.2f} a day (95% CI {lower:.2f}-{upper:.2f})")


def street_figures(conn, sources):
    """Per data.police.uk street file: records a day, and the share charged or
    summonsed among its crimes with an outcome (as in the police_uk_monthly
    and police_uk_outcomes views), each a crimestats.estimate."""
    if not sources:
        return
    print()
    print("data.police.uk street files (95% CIs):")
    for source in sources:
        r = conn.execute("""
            SELECT crimestats.per_day_rate_ci(1::bigint, daterange(c.month, (c.month + interval '1 month')::date), %(conf)s),
                   crimestats.outcome_ratio_ci(oc.charged, %(conf)s)
                       FILTER (WHERE oc.assigned AND c.crime_type <> 'Anti-social behaviour')
            FROM crimestats.crime AS c
            LEFT JOIN crimestats.police_uk_outcome_category AS oc ON oc.name = c.last_outcome_category
            WHERE c.source = %(source)s""", {"conf": 0.95, "source": source}).fetchone()
        rate, charged = r
        line = f"  {source}: "
        if rate is None:
            line += "no records"
        else:
            line += (f"{rate.numerator:.0f} records / {rate.denominator:.0f} days = {rate.estimate:.2f} a day "
                     f"({rate.lower:.2f}-{rate.upper:.2f})")
        if charged is not None:
            line += (f"; charged or summonsed {charged.numerator:.0f} of {charged.denominator:.0f} "
                     f"= {100 * charged.estimate:.1f}% ({100 * charged.lower:.1f}%-{100 * charged.upper:.1f}%)")
        print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", metavar="DIR", help="folder of CSV files")
    parser.add_argument("--dsn", default="", help="libpq connection string (default: the PG* environment)")
    parser.add_argument("--encoding", default="UTF8", help="the files' encoding, as PostgreSQL names it (default UTF8)")
    parser.add_argument("--example", action="store_true",
                        help="load the example dataset first (crimestats.load_example())")
    args = parser.parse_args()

    # COPY sends the files' bytes as they are; the server reads them in the
    # client encoding.
    with psycopg.connect(args.dsn, autocommit=True, client_encoding=args.encoding) as conn:
        if conn.execute("SELECT to_regtype('crimestats.estimate')").fetchone()[0] is None:
            sys.exit("load_folder.py: crimestats is not installed in this database: CREATE EXTENSION crimestats CASCADE")
        register_composite(CompositeInfo.fetch(conn, "crimestats.estimate"), conn)

        if args.example:
            conn.execute("SELECT crimestats.load_example()")
            print("example dataset loaded: crimestats.load_example()")
        street = load_folder(conn, args.folder)
        street_figures(conn, street)
        story(conn)


if __name__ == "__main__":
    main()
