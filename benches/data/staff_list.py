#!/usr/bin/env python3
"""Staff lists for the Karachi week around the night-capable limit
(docs/benchmarks.md, "Staff lists around the limit").

Per pool, ceil((1 + SPARE) x the head count of the plan with no staff list)
people, round(NO x that) of them `nights_ok: no`, spread evenly through the
list (person i is `no` when floor((i+1)k/n) > floor(ik/n)). Writes
DIR/staff-S-N.csv and DIR/karachi-S-N.yaml (the scenario with
`agents: {csv: staff-S-N.csv}`), S and N in per cent.

    staffplan plan scenarios/karachi-247.yaml -o base
    python3 benches/data/staff_list.py base/summary.json scenarios/karachi-247.yaml DIR 0.05 0.40
    staffplan plan DIR/karachi-5-40.yaml -o DIR/out
"""
import json
import math
import sys
from pathlib import Path

summary, scenario, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
spare, no = float(sys.argv[4]), float(sys.argv[5])
pools = json.loads(Path(summary).read_text())["plan"]["pools"]
tag = f"{round(spare * 100)}-{round(no * 100)}"
lines = ["id,name,pool,nights_ok"]
for p in pools:
    n = math.ceil((1 + spare) * p["headcount"] - 1e-9)
    k = round(no * n)
    prefix = "".join(w[0] for w in p["id"].split("-")).upper()
    for i in range(n):
        off = (i + 1) * k // n > i * k // n
        lines.append(f"{prefix}{i + 1:04d},{p['id']} {i + 1},{p['id']},{'no' if off else 'yes'}")
    print(p["id"], "head count", p["headcount"], "staff", n, "nights_ok no", k, "night-capable", n - k)
out.mkdir(parents=True, exist_ok=True)
(out / f"staff-{tag}.csv").write_text("\n".join(lines) + "\n")
text = Path(scenario).read_text()
assert "agents: {count: auto}" in text, "the scenario's agents line is not `agents: {count: auto}`"
(out / f"karachi-{tag}.yaml").write_text(text.replace("agents: {count: auto}", f"agents: {{csv: staff-{tag}.csv}}"))
