#!/usr/bin/python3
"""Mutation test of the summary types' text input and binary receive.

Run by tests/fuzz.sh: deterministic (a fixed seed), bounded (CASES cases
per type and form).  Every mutated value must be either rejected with the
SQLSTATE of a malformed value (22P02 for text; 22P03, or 08P01 when the
message is cut short, for binary) or accepted, and then:
  - every accessor of the type runs without an error other than the
    documented ones (ACCESSOR_ERRORS),
  - the value is in canonical form: its text and binary forms read back to
    the same text and the same bytes, byte for byte, through either path.
Prints one line per type and form, and every failure (at most 20 a kind),
and exits 1 on a failure.
"""
import os
import random
import struct
import sys

import psycopg
from psycopg.adapt import Dumper
from psycopg.pq import Format

SEED = int(os.environ.get("FUZZ_SEED", "20261129"))
CASES = int(os.environ.get("FUZZ_CASES", "1000"))

TYPES = {
    "rate_summary": dict(
        seeds=[
            '{"cases":0,"days":[]}',
            '{"cases":1821,"days":[["2017-10-01","2018-10-01")]}',
            '{"cases":-45,"days":[["2018-04-01","2018-07-01"),["2018-10-01","2019-01-01")]}',
            '{"cases":12,"days":[["2018-01-01","2018-02-01")],"confidence":0.95}',
            '{"cases":7,"days":[["0001-01-01","0001-01-02"),["9999-12-31","10000-01-01")],"confidence":0.9,"method":"byar"}',
            '{"cases":9223372036854775807,"days":[["2018-01-01","2018-01-02")],"confidence":0.5,"method":"exact"}',
        ],
        # binary: version, flags, cases, confidence, count, (lo, hi)...
        floats=lambda b: [10] if len(b) >= 18 else [],
        accessors=[
            "crimestats.per_day(v)", "crimestats.per_day_ci(v)",
            "crimestats.per_day_ci(v, 0.9)", "crimestats.per_day_ci(v, 0.95, 'byar')",
            "crimestats.cases(v)", "crimestats.days(v)",
            "(SELECT crimestats.rollup(x)::text FROM (VALUES (v), (v)) r (x))",
        ],
        # rates refuse a negative total of cases (22023); rollup of a
        # summary with itself sums the cases (22003 on overflow)
        errors={"22023", "22003"},
    ),
    "series_summary": dict(
        seeds=[
            '{"at":"year","totals":[]}',
            '{"at":"year","totals":[[2013,850,12],[2018,1821,12]]}',
            '{"at":"date","totals":[["2018-01-01",4.5,1],["2018-02-01",-3,2],["2018-03-01",0,1]]}',
            '{"at":"year","totals":[[-2147483648,1e308,1],[0,5e-324,9223372036854775807],[2147483647,-2.5,3]]}',
            '{"at":"date","totals":[["0001-01-01",1,1],["99999-12-31",2,1]]}',
        ],
        # binary: version, kind, count, (at int4, total float8, rows int8)...
        floats=lambda b: [6 + 4 + 20 * i for i in range(max(0, (len(b) - 6) // 20))],
        accessors=[
            "crimestats.growth_factor(v)", "crimestats.pct_change(v)", "crimestats.cagr(v)",
            "crimestats.trend_growth(v)", "crimestats.sparkline(v)", "crimestats.first_total(v)",
            "crimestats.last_total(v)", "crimestats.n_points(v)",
            "(SELECT crimestats.rollup(x)::text FROM (VALUES (v), (v)) r (x))",
        ],
        # growth rates refuse negative totals (22023); growth of huge totals
        # overflows, rollup sums the row counts (22003)
        errors={"22023", "22003"},
    ),
    "ratio_summary": dict(
        seeds=[
            '{"hits":0,"total":0}',
            '{"hits":65,"total":100}',
            '{"hits":3,"total":9223372036854775807,"confidence":0.95}',
            '{"hits":1,"total":1,"confidence":1e-300}',
        ],
        # binary: version, hits, total, confidence
        floats=lambda b: [17] if len(b) >= 25 else [],
        accessors=[
            "crimestats.ratio(v)", "crimestats.ratio_ci(v, 0.95)", "crimestats.hits(v)",
            "crimestats.total(v)",
            "(SELECT crimestats.rollup(x)::text FROM (VALUES (v), (v)) r (x))",
        ],
        # rollup of a summary with itself sums the counts (overflow)
        errors={"22003"},
    ),
}

NUMBERS = ["0", "-0", "1", "-1", "9223372036854775807", "9223372036854775808",
           "-9223372036854775808", "-9223372036854775809", "2147483647", "2147483648",
           "-2147483649", "1e308", "1e309", "-1e309", "4.9e-324", "5e-325", "1e-400",
           "2.2250738585072014e-308", "0.9999999999999999", "1.0", "1", "0.95e0", "NaN",
           "Infinity", "-Infinity", "nan", "inf", "0x10", "1_000", "+1", ".5", "5.", "-.5e-3",
           "1e", "1e+", "--1", "0.5.5", "1" * 400, "0." + "0" * 400 + "1", "00000000000000000001"]
DATES = ["0001-01-01", "0000-12-31", "9999-12-31", "10000-01-01", "99999-12-31",
         "100000-01-01", "2019-02-29", "2020-02-29", "2018-13-01", "2018-00-10", "2018-01-32",
         "-001-01-01", "2018-1-01", "2018-01-1", " 2018-01-01", "2018/01/01", "20180101", ""]
ALPHABET = '{}[](),:"-.0123456789eE aczy\t\n\\'
SPECIAL_FLOATS = [
    0x8000000000000000,  # -0.0
    0x7FF8000000000000, 0x7FF8000000000001, 0xFFF8000000000000, 0x7FF0000000000001,
    0x7FFFFFFFFFFFFFFF, 0x7FF0000000000000, 0xFFF0000000000000,  # NaN payloads, infinities
    0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x8000000000000001,  # denormals
    0x3FF0000000000000, 0x3FEFFFFFFFFFFFFF, 0x3CB0000000000000, 0x3FEE666666666666,
]
SPECIAL_INTS = [0, 1, -1, 2**31 - 1, -2**31, 2**63 - 1, -2**63, 0x7FF8000000000000,
                -730119, -730120, 2921940, 2921941, 38245309 - 2451545, 38245310 - 2451545]


def mutate_text(rng, s):
    k = rng.randrange(12)
    if k == 0 and s:  # one character changed
        i = rng.randrange(len(s))
        return s[:i] + rng.choice(ALPHABET) + s[i + 1:]
    if k == 1:  # one character inserted
        i = rng.randrange(len(s) + 1)
        return s[:i] + rng.choice(ALPHABET) + s[i:]
    if k == 2 and s:  # a span deleted
        i = rng.randrange(len(s))
        return s[:i] + s[i + rng.randrange(1, 8):]
    if k == 3:  # truncated
        return s[:rng.randrange(len(s) + 1)]
    if k == 4 and s:  # a span repeated
        i = rng.randrange(len(s))
        j = min(len(s), i + rng.randrange(1, 30))
        return s[:j] + s[i:j] * rng.randrange(1, 4) + s[j:]
    if k == 5:  # a number replaced by an extreme one
        toks = [i for i, c in enumerate(s) if c.isdigit() and (i == 0 or not s[i - 1].isdigit())]
        if toks:
            i = rng.choice(toks)
            j = i
            while j < len(s) and (s[j].isdigit() or s[j] in ".eE-+"):
                j += 1
            if i > 0 and s[i - 1] == "-":
                i -= 1
            return s[:i] + rng.choice(NUMBERS) + s[j:]
    if k == 6:  # a date replaced
        starts = [i for i in range(len(s)) if s[i] == '"' and i + 1 < len(s) and s[i + 1].isdigit()]
        if starts:
            i = rng.choice(starts) + 1
            j = s.find('"', i)
            if j > 0:
                return s[:i] + rng.choice(DATES) + s[j:]
    if k == 7:  # deep nesting
        i = rng.randrange(len(s) + 1)
        return s[:i] + rng.choice("[{(") * rng.choice([100, 100000]) + s[i:]
    if k == 8:  # whitespace and odd characters
        i = rng.randrange(len(s) + 1)
        return s[:i] + rng.choice([" ", "\t", "\n", "\r", "\x0b", "\u00a0", "\u2028", "\ufeff",
                                    "\U0001F600", "é", "\x7f"]) + s[i:]
    if k == 9:  # keys renamed, reordered or doubled
        return rng.choice([s.replace('"cases"', '"Cases"', 1), s.replace('"total"', '"totals"', 1),
                           s.replace('{', '{"hits":1,', 1), s.replace(',"', ',"x":1,"', 1),
                           s.replace('"confidence"', '"confidence":0.5,"confidence"', 1),
                           s.replace('"byar"', '"BYAR"'), s.replace('"year"', '"date"'),
                           s.replace('"date"', '"year"'), s + s])
    if k == 10:  # trailing garbage
        return s + rng.choice(["}", ",", " ", "\x01", "x", "]", '"', "{}"])
    return s


def many_elements(name, rng):
    """Valid values with 20,000 elements (big, but within limits)."""
    n = 20000
    if name == "rate_summary":
        return ('{"cases":%d,"days":[' % n +
                ",".join('["%04d-%02d-01","%04d-%02d-02")' % (1 + i // 12, 1 + i % 12, 1 + i // 12, 1 + i % 12)
                         for i in range(n)) + "]}")
    if name == "series_summary":
        return '{"at":"year","totals":[' + ",".join("[%d,%d,1]" % (i, rng.randrange(-9, 99)) for i in range(n)) + "]}"
    return '{"hits":1,"total":2' + ' ' * n + '}'


def mutate_binary(rng, b, floats):
    b = bytearray(b)
    k = rng.randrange(9)
    if k == 0 and b:  # a bit flipped
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    elif k == 1 and b:  # a byte replaced
        b[rng.randrange(len(b))] = rng.randrange(256)
    elif k == 2:  # truncated
        del b[rng.randrange(len(b) + 1):]
    elif k == 3:  # trailing bytes
        b += bytes(rng.randrange(256) for _ in range(rng.choice([1, 4, 8, 20, 1000])))
    elif k == 4 and floats(bytes(b)):  # a float field set to NaN, -0.0, a denormal...
        i = rng.choice(floats(bytes(b)))
        b[i:i + 8] = struct.pack(">Q", rng.choice(SPECIAL_FLOATS))
    elif k == 5 and len(b) >= 4:  # an int4 field at any offset set to an extreme
        i = rng.randrange(len(b) - 3)
        b[i:i + 4] = struct.pack(">i", max(-2**31, min(2**31 - 1, rng.choice(SPECIAL_INTS))))
    elif k == 6 and len(b) >= 8:  # an int8 field at any offset set to an extreme
        i = rng.randrange(len(b) - 7)
        b[i:i + 8] = struct.pack(">q", rng.choice(SPECIAL_INTS))
    elif k == 7 and b:  # a span repeated (count fields then disagree)
        i = rng.randrange(len(b))
        j = min(len(b), i + rng.randrange(1, 24))
        b[j:j] = b[i:j]
    elif k == 8 and b:  # the version byte or the second byte changed
        b[rng.randrange(min(2, len(b)))] = rng.choice([0, 1, 2, 3, 255])
    return bytes(b)


class Failures:
    def __init__(self):
        self.n = 0
        self.shown = {}

    def add(self, kind, detail):
        self.n += 1
        self.shown[kind] = self.shown.get(kind, 0) + 1
        if self.shown[kind] <= 20:
            print("FAIL %s: %s" % (kind, detail))


def main():
    rng = random.Random(SEED)
    conn = psycopg.connect(autocommit=True)
    conn.execute("SET statement_timeout = '20s'")
    fails = Failures()

    for name, t in TYPES.items():
        qual = "crimestats." + name
        oid = conn.execute("SELECT %s::regtype::oid", [qual]).fetchone()[0]

        class Raw:
            __slots__ = ("b",)

            def __init__(self, b):
                self.b = b

        class RawDumper(Dumper):
            format = Format.BINARY

            def dump(self, obj):
                return obj.b
        RawDumper.oid = oid
        conn.adapters.register_dumper(Raw, RawDumper)

        def forms_of_text(s):
            """(text, bytes) of the value read from the text s."""
            r = conn.execute("SELECT v::text, v FROM (SELECT %%s::%s AS v) x" % qual, [s], binary=True).fetchone()
            return r[0], bytes(r[1])

        def forms_of_binary(b):
            r = conn.execute("SELECT v::text, v FROM (SELECT %%b::%s AS v) x" % qual, [Raw(b)], binary=True).fetchone()
            return r[0], bytes(r[1])

        def check_accepted(how, given, text, binary):
            """The accessors run, and both forms read back to themselves."""
            try:
                conn.execute("SELECT " + ", ".join(t["accessors"]) + " FROM (SELECT %%s::%s AS v) x" % qual, [text]).fetchone()
            except psycopg.Error as e:
                # one at a time, to see which
                for a in t["accessors"]:
                    try:
                        conn.execute("SELECT %s FROM (SELECT %%s::%s AS v) x" % (a, qual), [text]).fetchone()
                    except psycopg.Error as e2:
                        if e2.sqlstate not in t["errors"]:
                            fails.add("%s %s accessor" % (name, how),
                                      "%s on %r (from %r): %s %s" % (a, text[:200], given[:200], e2.sqlstate, e2))
            try:
                t2, b2 = forms_of_text(text)
                t3, b3 = forms_of_binary(binary)
            except psycopg.Error as e:
                fails.add("%s %s reread" % (name, how), "%r: %s %s" % (text[:200], e.sqlstate, e))
                return
            if not (t2 == text and b2 == binary and t3 == text and b3 == binary):
                fails.add("%s %s round trip" % (name, how),
                          "from %r: text %r -> %r / %r, binary %s -> %s / %s" %
                          (given[:200], text[:200], t2[:200], t3[:200], binary.hex()[:120], b2.hex()[:120], b3.hex()[:120]))

        # text
        seeds = list(t["seeds"])
        seed_bins = []
        for s in seeds:
            seed_bins.append(forms_of_text(s)[1])
        counts = {"accepted": 0, "rejected": 0}
        cases = [many_elements(name, rng)] + [
            mutate_text(rng, mutate_text(rng, rng.choice(seeds)) if rng.random() < 0.3 else rng.choice(seeds))
            for _ in range(CASES - 1)]
        for s in cases:
            if "\x00" in s:
                continue
            try:
                text, binary = forms_of_text(s)
            except psycopg.Error as e:
                counts["rejected"] += 1
                if e.sqlstate != "22P02":
                    fails.add("%s text input" % name, "%r: %s %s" % (s[:200], e.sqlstate, str(e)[:300]))
                continue
            counts["accepted"] += 1
            check_accepted("text", s, text, binary)
        print("%s text: %d cases, %d accepted, %d rejected" % (name, len(cases), counts["accepted"], counts["rejected"]))

        # binary
        counts = {"accepted": 0, "rejected": 0, "normalised": 0}
        cases = [mutate_binary(rng, mutate_binary(rng, rng.choice(seed_bins), t["floats"]) if rng.random() < 0.3
                               else rng.choice(seed_bins), t["floats"])
                 for _ in range(CASES)]
        for b in cases:
            try:
                text, binary = forms_of_binary(b)
            except psycopg.Error as e:
                counts["rejected"] += 1
                if e.sqlstate not in ("22P03", "08P01"):
                    fails.add("%s binary input" % name, "%s: %s %s" % (b.hex()[:200], e.sqlstate, str(e)[:300]))
                continue
            counts["accepted"] += 1
            if binary != b:
                # the one normalisation allowed: a float field of -0.0
                # (confidence "none", a total of 0) is kept as 0.0
                expect = bytearray(b)
                for i in t["floats"](b):
                    if expect[i:i + 8] == struct.pack(">Q", 0x8000000000000000):
                        expect[i:i + 8] = bytes(8)
                if bytes(expect) == binary:
                    counts["normalised"] += 1
                else:
                    fails.add("%s binary canonical" % name, "%s accepted, sent back as %s" % (b.hex(), binary.hex()))
            check_accepted("binary", b.hex(), text, binary)
        print("%s binary: %d cases, %d accepted (%d stored in another form: -0.0 as 0), %d rejected"
              % (name, len(cases), counts["accepted"], counts["normalised"], counts["rejected"]))

    print("%d failures" % fails.n)
    return 1 if fails.n else 0


if __name__ == "__main__":
    sys.exit(main())
