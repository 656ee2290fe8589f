#!/usr/bin/env python3
"""Run the SQL examples of README.md and docs/*.md and compare their output.

Convention (what a document's author writes):

* Every ```sql fenced block runs, file by file, in document order.  Each
  file gets a fresh database in which `CREATE EXTENSION crimestats CASCADE;
  SELECT crimestats.load_example();` has already run; the blocks of one
  file run one after another in one psql session, so a table (or a SET)
  made by one block is there for the next.  psql runs from the repository
  root, so `\\copy ... FROM 'data/...'` finds the shipped files.
* A ```sql block followed (after optional blank lines) by an ```output
  block must print exactly that: psql's own output, default aligned format,
  every statement's output in order as psql prints it (result tables with
  their "(N rows)" footer and the blank line after it, NOTICEs, errors with
  their LINE/HINT lines).  Only trailing spaces on a line and blank lines
  at the start and end of a block are ignored.  An ```output block after
  prose is an error (likely a block whose sql tag is missing); after another
  code block (```sh) it is that block's output, not checked.
* An error in a block (an SQL error or a failed psql meta-command such as a
  \\copy of a missing file) fails the test unless the block's output block
  shows it.  A block without an output block runs with ON_ERROR_STOP, so the
  file's later blocks do not run after its error; a block with one runs
  without, like psql's default, its errors being part of its output.
* A block whose preceding line is `<!-- doctest: skip -->` does not run;
  the document should say why (Citus, a second server, ...).
* Each block must end with a complete statement (`;` or a backslash
  command), or its last statement would run with the next block.

The session every file runs in (set here, not in the documents):

  psql -X -q (no psqlrc; quiet, so statements such as CREATE TABLE or
  INSERT print no command tag), client encoding UTF8, psql's messages in
  English, and psql's default output settings (aligned, border 1, footer
  on, no pager, VERBOSITY default, ...), restored before every block, so a
  block's \\pset or \\x applies to that block only.  Server: lc_messages,
  lc_numeric, lc_monetary and lc_time C, TimeZone UTC, DateStyle 'ISO,
  MDY', IntervalStyle postgres and extra_float_digits 0.  With
  extra_float_digits 0, float8 values print with 15 significant digits, as
  in crimestats' regression tests: the digits a default session
  (extra_float_digits 1) adds beyond those can differ in the last place
  between C libraries.  The databases are UTF8 with the C
  collation, so ORDER BY on text sorts bytewise.

Usage (inside a cluster, PGHOST etc. set; tests/doc_examples.sh):

  scripts/doc_examples.py [-v] [--accept] [FILE.md ...]

-v prints every block's output.  --accept writes psql's output into the
output blocks that differ (review the result with git diff before
committing it).  Exit status 0 when every block passed.
"""

import argparse
import difflib
import glob
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SETTINGS = {
    "lc_messages": "C",
    "lc_numeric": "C",
    "lc_monetary": "C",
    "lc_time": "C",
    "TimeZone": "UTC",
    "DateStyle": "ISO,MDY",
    "IntervalStyle": "postgres",
    "extra_float_digits": "0",
    "client_min_messages": "notice",
}

SKIP_RE = re.compile(r"^\s*<!--\s*doctest:\s*skip\b.*-->\s*$")
FENCE_RE = re.compile(r"^( *)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
MARK = "@@crimestats-doctest-block-{}@@"
# psql's settings, restored before every block: a block (or a script it
# includes with \i) may change them for its own output, never for the next
# block's.  Server settings (SET) do carry over.
PSQL_RESET = r"""\set QUIET on
\o
\pset format aligned
\pset border 1
\pset expanded off
\pset tuples_only off
\pset footer on
\pset null ''
\pset numericlocale off
\pset linestyle ascii
\pset title
\pset pager off
\timing off
\set ECHO none
\set ECHO_HIDDEN off
\set VERBOSITY default
\set SHOW_CONTEXT errors
"""


class Block:
    def __init__(self, path, line, sql, skip):
        self.path = path
        self.line = line            # line of the opening ```sql fence
        self.sql = sql
        self.skip = skip
        self.expected = None        # text of the ```output block, if any
        self.out_span = None        # (first, last) content line indexes of it
        self.out_indent = ""
        self.actual = None          # what psql printed for it
        self.error = False          # psql stopped on an error in it


def parse(path):
    """The sql blocks of a Markdown file, and the problems found in it."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks, problems = [], []
    i = 0
    last = None                     # the sql block an output block may follow
    after_fence = False             # the previous non-blank line closed a code block
    prev_nonblank = ""
    while i < len(lines):
        m = FENCE_RE.match(lines[i])
        if not m:
            if lines[i].strip():
                last = None
                after_fence = False
                prev_nonblank = lines[i]
            i += 1
            continue
        indent, fence, info = len(m.group(1)), m.group(2), m.group(3).lower()
        start = i
        body = []
        i += 1
        while i < len(lines):
            close = lines[i].strip()
            if (close.startswith(fence[0] * len(fence)) and set(close) == {fence[0]}
                    and len(lines[i]) - len(lines[i].lstrip(" ")) <= indent + 3):
                break
            line = lines[i]
            body.append(line[indent:] if line[:indent].strip() == "" else line.lstrip(" "))
            i += 1
        if i >= len(lines):
            problems.append("%s:%d: unclosed code fence" % (path, start + 1))
        end = i
        i += 1
        if info == "sql":
            b = Block(path, start + 1, "\n".join(body), bool(SKIP_RE.match(prev_nonblank)))
            blocks.append(b)
            last = b
        elif info == "output":
            # after prose it is most likely the output of a block that lacks
            # its sql tag; after a ```sh block, that command's (untested) output
            if last is None and not after_fence:
                problems.append("%s:%d: ```output block that follows no ```sql block"
                                % (path, start + 1))
            elif last is not None:
                last.expected = "\n".join(body)
                last.out_span = (start + 1, end - 1)
                last.out_indent = " " * indent
            last = None
        else:
            last = None
        after_fence = True
        prev_nonblank = lines[end] if end < len(lines) else ""
    return blocks, problems


def normalise(text):
    lines = [l.rstrip() for l in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def strip_sql_comments(sql):
    """The block without -- comments (roughly: not inside quotes) and blank lines."""
    out = []
    for line in sql.split("\n"):
        quoted = False
        cut = len(line)
        for k, ch in enumerate(line):
            if ch == "'":
                quoted = not quoted
            elif not quoted and line.startswith("--", k):
                cut = k
                break
        if line[:cut].strip():
            out.append(line[:cut].rstrip())
    return out


def ends_complete(sql):
    code = strip_sql_comments(re.sub(r"/\*.*?\*/", " ", sql, flags=re.S))
    if not code:
        return True
    last = code[-1]
    return last.endswith(";") or bool(re.search(r"(^|\s)\\[A-Za-z!?]", last))


def env():
    e = dict(os.environ)
    e["PGOPTIONS"] = " ".join("-c %s=%s" % kv for kv in SETTINGS.items())
    e["PGCLIENTENCODING"] = "UTF8"
    e["LC_ALL"] = "C.UTF-8"
    e.pop("LANGUAGE", None)
    e.pop("PGDATABASE", None)
    return e


def psql(db, script, timeout=300):
    return subprocess.run(
        ["psql", "-X", "-q", "-d", db],
        input=script, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        cwd=ROOT, env=env(), timeout=timeout, encoding="utf-8", errors="replace")


def admin(sql):
    r = psql("postgres", "\\set ON_ERROR_STOP 1\n" + sql + "\n")
    if r.returncode != 0:
        raise SystemExit("doc_examples: %s failed:\n%s" % (sql.strip(), r.stdout))


def run_file(path, blocks, db, template):
    """Run a file's blocks in a fresh copy of the template; fill in .actual."""
    admin('DROP DATABASE IF EXISTS "%s"' % db)
    admin('CREATE DATABASE "%s" TEMPLATE "%s"' % (db, template))
    try:
        # A block without an output block runs with ON_ERROR_STOP, so that
        # any error in it, an SQL error or a failed meta-command (\copy of a
        # missing file), stops psql (exit status 3) right there.  A block
        # with an output block may show an error: its output is compared.
        parts = []
        run = [b for b in blocks if not b.skip]
        for k, b in enumerate(run):
            parts.append(PSQL_RESET)
            parts.append("\\set ON_ERROR_STOP %s" % ("off" if b.expected is not None else "on"))
            parts.append("\\echo " + MARK.format(k))
            parts.append(b.sql)
        parts.append("\\echo " + MARK.format(len(run)))
        r = psql(db, "\n".join(parts) + "\n")
        out = r.stdout
        for k, b in enumerate(run):
            a = out.find(MARK.format(k) + "\n")
            z = out.find(MARK.format(k + 1) + "\n")
            if a < 0:
                continue
            a += len(MARK.format(k)) + 1
            b.actual = out[a:z] if z >= 0 else out[a:]
            b.error = z < 0 and r.returncode == 3
        return r
    finally:
        admin('DROP DATABASE IF EXISTS "%s"' % db)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--accept", action="store_true")
    args = ap.parse_args()
    os.chdir(ROOT)
    files = args.files or (["README.md"] + sorted(glob.glob("docs/*.md")))

    t0 = time.time()
    failures = []
    parsed = []
    for path in files:
        blocks, problems = parse(path)
        failures.extend(problems)
        for b in blocks:
            if not b.skip and not ends_complete(b.sql):
                failures.append("%s:%d: the block's last statement has no ';' (it would run "
                                "with the next block)" % (path, b.line))
        parsed.append((path, blocks))

    template = "crimestats_doctest_template"
    admin('DROP DATABASE IF EXISTS "%s"' % template)
    admin('CREATE DATABASE "%s" TEMPLATE template0 ENCODING \'UTF8\' '
          'LC_COLLATE \'C\' LC_CTYPE \'C\'' % template)
    r = psql(template, "\\set ON_ERROR_STOP 1\nCREATE EXTENSION crimestats CASCADE;\n"
             "SELECT crimestats.load_example();\n")
    if r.returncode != 0:
        admin('DROP DATABASE IF EXISTS "%s"' % template)
        raise SystemExit("doc_examples: could not set up the template database:\n" + r.stdout)

    n_run = n_compared = n_skipped = n_notrun = 0
    try:
        for path, blocks in parsed:
            if not any(not b.skip for b in blocks):
                n_skipped += len(blocks)
                continue
            r = run_file(path, blocks, "crimestats_doctest", template)
            if r.returncode not in (0, 3):
                failures.append("%s: psql exited with status %d:\n%s"
                                % (path, r.returncode, r.stdout[-2000:].rstrip("\n")))
            for b in blocks:
                where = "%s:%d" % (path, b.line)
                if b.skip:
                    n_skipped += 1
                    continue
                if b.actual is None:
                    n_notrun += 1
                    if r.returncode != 3:   # else the failing block is reported
                        failures.append("%s: did not run (psql exited with status %d)"
                                        % (where, r.returncode))
                    continue
                n_run += 1
                if args.verbose:
                    print("== %s\n%s" % (where, b.actual.rstrip("\n")))
                if b.error:
                    failures.append("%s: error in a block without an output block (the "
                                    "file's later blocks did not run):\n%s"
                                    % (where, b.actual.rstrip("\n")))
                    continue
                if b.expected is None:
                    continue
                n_compared += 1
                want, got = normalise(b.expected), normalise(b.actual)
                if want != got:
                    diff = "\n".join(difflib.unified_diff(
                        want, got, "%s (output block, line %d)" % (path, b.out_span[0]),
                        "psql", lineterm=""))
                    failures.append("%s: output differs:\n%s" % (where, diff))
    finally:
        admin('DROP DATABASE IF EXISTS "%s"' % template)

    if args.accept:
        accept(parsed)

    for f in failures:
        print("FAIL " + f)
    print("doc_examples: %d files, %d blocks run (%d compared with their output), "
          "%d skipped, %d not run after an error, %d failures, %.1f s"
          % (len(files), n_run, n_compared, n_skipped, n_notrun, len(failures),
             time.time() - t0))
    return 1 if failures else 0


def accept(parsed):
    """Write psql's output into the output blocks that differ."""
    for path, blocks in parsed:
        todo = [b for b in blocks if b.expected is not None and b.actual is not None
                and normalise(b.expected) != normalise(b.actual)]
        if not todo:
            continue
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for b in sorted(todo, key=lambda b: -b.out_span[0]):
            first, last = b.out_span
            new = [(b.out_indent + l) if l else l for l in normalise(b.actual)]
            lines[first:last + 1] = new
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        print("doc_examples: rewrote %d output block(s) of %s" % (len(todo), path))


if __name__ == "__main__":
    sys.exit(main())
