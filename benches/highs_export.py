#!/usr/bin/env python3
"""staffplan against HiGHS on staffplan's own exported models.

Plans a scenario with `--export-model`, then solves every pool's exported
integer program with HiGHS (the `highspy` wheel: `pip install highspy`; a
bench tool, not a dependency of staffplan) on one thread, at 1x, 3x and 10x
staffplan's wall time for the whole plan, and prints a Markdown table:
staffplan's cost and bound per pool beside HiGHS's best plan and bound.

    python3 benches/highs_export.py [scenarios/karachi-247.yaml] [1,3,10]
"""
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import highspy

root = Path(__file__).resolve().parent.parent
scenario = sys.argv[1] if len(sys.argv) > 1 else "scenarios/karachi-247.yaml"
factors = [float(f) for f in (sys.argv[2] if len(sys.argv) > 2 else "1,3,10").split(",")]
subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)
binary = root / "target" / "release" / "staffplan"

with tempfile.TemporaryDirectory() as tmp:
    plan, model = Path(tmp) / "plan", Path(tmp) / "model"
    started = time.monotonic()
    subprocess.run([binary, "plan", scenario, "-o", plan], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.monotonic() - started
    # The export itself, timed apart from the plan above.
    subprocess.run([binary, "plan", scenario, "-o", Path(tmp) / "plan2", "--export-model", model],
                   cwd=root, check=True, stdout=subprocess.DEVNULL)
    pools = json.loads((plan / "summary.json").read_text())["plan"]["pools"]
    highspy.Highs()  # its banner, printed once by the first instance, before the table
    print(f"staffplan plan of {scenario}: {wall:.1f} s wall\n")
    header = "| pool | staffplan cost | staffplan bound |"
    for f in factors:
        header += f" HiGHS {f:g}x ({f * wall:.0f} s): plan / bound |"
    print(header)
    print("|---" * (3 + len(factors)) + "|")
    totals = [0.0, 0.0] + [[0.0, 0.0] for _ in factors]
    for p in pools:
        row = f"| {p['id']} | {p['cost']:.2f} | {p['lp_bound']:.2f} |"
        totals[0] += p["cost"]
        totals[1] += p["lp_bound"]
        for i, f in enumerate(factors):
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            h.setOptionValue("threads", 1)
            h.setOptionValue("time_limit", f * wall)
            h.readModel(str(model / f"{p['id']}.lp"))
            h.run()
            info = h.getInfo()
            best = info.objective_function_value if info.primal_solution_status == 2 else float("nan")
            row += f" {best:.2f} / {info.mip_dual_bound:.2f} |"
            totals[2 + i][0] += best
            totals[2 + i][1] += info.mip_dual_bound
        print(row)
    row = f"| **site** | {totals[0]:.2f} | {totals[1]:.2f} |"
    for plan_total, bound_total in totals[2:]:
        row += f" {plan_total:.2f} / {bound_total:.2f} |"
    print(row)
