#!/usr/bin/env python3
"""Write helpdesk.csv: a synthetic 15-minute history for scenarios/forecast-from-history.yaml.

Deterministic (a seeded Mersenne Twister, Knuth's Poisson draw): Europe/London
client time, Monday-Friday 08:00-20:00, 2025-11-24 to 2026-02-27, a weekday
pattern x a banking-like intraday shape x a level growing 0.3 % a week, Poisson
noise; closed (no rows) on the days holidays.csv marks closed, and the day
after each of them 30 % busier. Re-run: python3 generate.py > helpdesk.csv

`python3 generate.py shift` writes the same history with the level 30 % higher
from 2026-02-02 on (a new client's volume moved in): the level-shift backtest
of docs/benchmarks.md.
"""
import datetime as dt
import math
import random
import sys

rng = random.Random(18)
CLOSED = {dt.date(2025, 12, 25), dt.date(2025, 12, 26), dt.date(2026, 1, 1)}
SHIFT = dt.date(2026, 2, 2) if sys.argv[1:] == ["shift"] else None
DAY = {0: 1.25, 1: 1.05, 2: 1.0, 3: 1.0, 4: 0.9}


def poisson(lam):
    if lam > 60:  # normal approximation keeps the loop short
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


print("start,volume,aht_s")
d = dt.date(2025, 11, 24)
while d <= dt.date(2026, 2, 27):
    if d.weekday() < 5 and d not in CLOSED:
        after = (d - dt.timedelta(days=1)) in CLOSED
        level = 1.003 ** ((d - dt.date(2025, 11, 24)).days / 7) * (1.3 if after else 1.0)
        if SHIFT and d >= SHIFT:
            level *= 1.3
        for q in range(8 * 4, 20 * 4):
            hour = q / 4
            shape = 1 + 1.6 * math.exp(-((hour - 10.5) ** 2) / 3) + 1.1 * math.exp(-((hour - 14.5) ** 2) / 4)
            lam = 11 * DAY[d.weekday()] * shape * level
            aht = 240 + 30 * math.sin(hour / 3) + rng.uniform(-15, 15)
            print(f"{d} {q // 4:02d}:{(q % 4) * 15:02d},{poisson(lam)},{aht:.0f}")
    d += dt.timedelta(days=1)
