#!/usr/bin/env python3
"""The day after each closed holiday of a history, forecast as a planner would:
from the history before it, with the holiday calendar, by `staffplan forecast`.

For every closed day H of the calendar, its day after D is the next day
that is not closed in the calendar and falls on a weekday the history has
data on (a Friday holiday's day after is Monday in a weekday-only history;
two closed days in a row share one D); D is scored when it has data and the
calendar does not list it itself. The history is cut before D, `staffplan forecast CUT --start D
--days 1` runs with each method asked for, and the day's forecast total is
set beside the actual. Prints a Markdown table (docs/benchmarks.md).

    python3 scenarios/history/day_after_holidays.py [STAFFPLAN] \\
        [HISTORY] [HOLIDAYS] [TIMEZONE] [INTERVAL]

Defaults: target/release/staffplan and the Anonymous Bank history of 1999.
The bank_calls history of 2003:

    python3 scenarios/history/day_after_holidays.py target/release/staffplan \
        scenarios/history/bank-calls-2003.csv \
        scenarios/history/bank-calls/holidays-2003.csv America/New_York 30m
"""
import csv
import datetime as dt
import os
import subprocess
import sys
import tempfile

ARGS = sys.argv[1:] + [None] * 5
BIN = ARGS[0] or "target/release/staffplan"
HISTORY = ARGS[1] or "scenarios/history/anonymous-bank-1999.csv"
HOLIDAYS = ARGS[2] or "scenarios/history/anonymous-bank/holidays-1999.csv"
ZONE = ARGS[3] or "Etc/GMT-2"
INTERVAL = ARGS[4] or "60m"
METHODS = ["auto", "average-8", "ratio-ar"]


def main():
    with open(HISTORY) as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    totals = {}
    for r in rows:
        d = r[0][:10]
        totals[d] = totals.get(d, 0.0) + float(r[1])
    with open(HOLIDAYS) as f:
        calendar = {r["date"]: (r["name"], r["effect"]) for r in csv.DictReader(f)}
    open_days = {dt.date.fromisoformat(d).weekday() for d in totals}
    after = {}
    for day, (name, effect) in sorted(calendar.items()):
        if effect != "closed":
            continue
        nxt = dt.date.fromisoformat(day)
        for _ in range(14):
            nxt += dt.timedelta(days=1)
            key = nxt.isoformat()
            if calendar.get(key, ("", ""))[1] != "closed" and nxt.weekday() in open_days:
                break
        else:
            continue
        if key not in calendar and key in totals:
            after.setdefault(key, []).append(f"{day} {name}")
    print("| holiday | day after | actual | " + " | ".join(METHODS) + " |")
    print("|---|---|---|" + "---|" * len(METHODS))
    for nxt, names in sorted(after.items()):
        cells = []
        with tempfile.TemporaryDirectory() as tmp:
            cut = os.path.join(tmp, "history.csv")
            with open(cut, "w", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(header)
                w.writerows(r for r in rows if r[0][:10] < nxt)
            for m in METHODS:
                out = subprocess.run(
                    [BIN, "forecast", cut, "--timezone", ZONE, "--interval", INTERVAL,
                     "--start", nxt, "--days", "1", "--holidays", HOLIDAYS,
                     "--method", m, "--format", "csv"],
                    check=True, capture_output=True, text=True).stdout
                total = sum(float(r["volume"]) for r in csv.DictReader(out.splitlines()))
                err = (total - totals[nxt]) / totals[nxt] * 100
                cells.append(f"{total:.0f} ({err:+.0f} %)")
        weekday = dt.date.fromisoformat(nxt).strftime("%a")
        print(f"| {', '.join(names)} | {nxt} {weekday} | {totals[nxt]:.0f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
