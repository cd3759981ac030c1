#!/usr/bin/env python3
"""Write anonymous-bank-1999.csv: the Technion "Anonymous Bank" call centre's
arrivals per hour of 1999, in the `start,volume` history format.

Input (transcribed verbatim from a public mirror, see anonymous-bank/README.md):
  anonymous-bank/hourly-1999.txt  one line a day: date, then 24 hourly counts
  anonymous-bank/daily-1999.txt   one line a day: date, the day's count
  anonymous-bank/holidays-1999.csv  the Israeli holiday calendar of 1999

The mirror's hourly counts carry a known artefact: an hour with no call shows
the previous hour's count (the daily file shows the same artefact on whole
missing days). The daily counts are exact otherwise, so for each day the
excess E = sum(hourly) - daily is the sum of those repeated counts. This
script undoes it: among the hours whose count equals the hour before's, it
picks the subset summing exactly to E (a 0/1 knapsack, preferring hours in
long runs and late in a run, where an outage's fill sits) and sets them to 0.

A day becomes no data (no rows) when it is closed in the calendar, when the
excess cannot be matched, or when an hour the centre is open (Sunday-Thursday
08:00-21:59, 08:00-12:59 on Fridays and short days) has no call: a recording
gap, not a real zero. Re-run: python3 anonymous_bank.py > anonymous-bank-1999.csv
"""
import datetime as dt
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def read_days(name):
    days = {}
    with open(os.path.join(HERE, "anonymous-bank", name)) as f:
        for line in f:
            fields = line.split()
            days[dt.date.fromisoformat(fields[0])] = [int(x) for x in fields[1:]]
    return days


def read_holidays():
    out = {}
    with open(os.path.join(HERE, "anonymous-bank", "holidays-1999.csv")) as f:
        next(f)
        for line in f:
            date, _name, effect = line.strip().split(",")
            out[dt.date.fromisoformat(date)] = effect
    return out


def fills(values, previous, excess):
    """Indices to zero: repeats of the hour before summing exactly to excess."""
    runs, run = [], 0
    for i, v in enumerate(values):
        before = values[i - 1] if i else previous
        run = run + 1 if v == before else 0
        if run:
            runs.append((i, run))
    # weight: longer runs first, later in a run first
    cand = [(i, values[i], 100 * max(r for j, r in runs if j >= i and values[j] == values[i]) + r)
            for i, r in runs]
    best = {0: (0, ())}
    for i, v, w in cand:
        for s, (score, chosen) in sorted(best.items(), reverse=True):
            t = s + v
            if t <= excess and (t not in best or best[t][0] < score + w):
                best[t] = (score + w, chosen + (i,))
    return best.get(excess, (0, None))[1]


def open_hours(date, effect):
    wd = date.weekday()  # Monday 0 .. Sunday 6
    if wd == 5:
        return range(0)
    if wd == 4 or effect not in (None, "normal"):
        return range(8, 13)
    return range(8, 22)


def main():
    hourly, daily = read_days("hourly-1999.txt"), read_days("daily-1999.txt")
    holidays = read_holidays()
    print("start,volume")
    previous, kept, dropped = None, 0, []
    for date in sorted(hourly):
        values = hourly[date]
        excess = sum(values) - daily[date][0]
        chosen = fills(values, previous, excess) if excess >= 0 else None
        previous = values[-1]
        effect = holidays.get(date)
        if effect == "closed":
            dropped.append((date, "closed"))
            continue
        if chosen is None:
            dropped.append((date, "unmatched"))
            continue
        clean = [0 if i in chosen else v for i, v in enumerate(values)]
        if any(clean[h] == 0 for h in open_hours(date, effect)):
            dropped.append((date, "gap"))
            continue
        kept += 1
        for h, v in enumerate(clean):
            print(f"{date} {h:02d}:00,{v}")
    print(f"{kept} days kept, {len(dropped)} no data:", file=sys.stderr)
    for date, why in dropped:
        print(f"  {date} {date:%a} {why}", file=sys.stderr)


if __name__ == "__main__":
    main()
