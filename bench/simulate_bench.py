#!/usr/bin/python3
"""``lrsched simulate`` and ``lrsched plot`` against the equivalent Python loop on PyTorch.

    /usr/bin/python3 bench/simulate_bench.py --lrsched build-bench/cli/lrsched [--full] [--quick]

(a) Wall time of ``lrsched simulate SPEC --steps 10000000 > /dev/null`` (whole process, median of
    3) against a Python loop on PyTorch 1.13 that prints the same CSV (``step,lr_0`` header, then
    ``step,repr(lr)`` per row, then ``scheduler.step()``) to /dev/null. The Python loop runs
    1,000,000 steps and its time is scaled x10 (``python_scaled``: true), unless ``--full`` runs
    all 10,000,000. The Python figure is the loop alone, timed inside the child process
    (interpreter start and ``import torch`` excluded). Before timing, the first 2000 rows of both
    are compared byte for byte (``same_csv_rows``).
(b) Peak RSS of ``lrsched simulate`` for 1e5 and 1e7 steps (``/usr/bin/time -f %M`` when present,
    else ``getrusage(RUSAGE_CHILDREN)`` in a fresh child).
(c) Wall time of ``lrsched plot SPEC --steps 1000000 -o x.png`` (median of 3).

Prints one JSON object: ``{"simulate": {...}, "plot": {...}}``.
``--quick`` (smoke test) uses 1000x fewer steps and one run each.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SPEC = "CosineAnnealingLR(T_max=1000)"
PYTHON = "/usr/bin/python3"

# The Python loop, run in a child: CSV to stdout, the loop's seconds as JSON on stderr.
PY_LOOP = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
import torch
steps = int(sys.argv[1])
optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=1000)
group = optimizer.param_groups[0]
write = sys.stdout.write
step = scheduler.step
t0 = time.perf_counter()
write("step,lr_0\n")
for i in range(steps):
    write(f"{i},{group['lr']!r}\n")
    step()
sys.stdout.flush()
sys.stderr.write(json.dumps({"loop_s": time.perf_counter() - t0}))
"""


def wall(cmd, stdout=subprocess.DEVNULL):
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=stdout, check=True)
    return time.perf_counter() - t0


def median_wall(cmd, runs):
    return statistics.median(wall(cmd) for _ in range(runs))


def python_loop(steps):
    proc = subprocess.run([PYTHON, "-c", PY_LOOP, str(steps)], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=True, text=True)
    return json.loads(proc.stderr.strip().splitlines()[-1])["loop_s"]


def same_rows(lrsched, rows):
    ours = subprocess.run([lrsched, "simulate", SPEC, "--steps", str(rows)],
                          capture_output=True, check=True, text=True).stdout
    theirs = subprocess.run([PYTHON, "-c", PY_LOOP, str(rows)],
                            capture_output=True, check=True, text=True).stdout
    return ours == theirs


def peak_rss_kb(cmd):
    """Peak RSS of `cmd` in KiB, and how it was measured."""
    gnu_time = shutil.which("time", path="/usr/bin")
    if gnu_time:
        with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
            subprocess.run([gnu_time, "-f", "%M", "-o", out.name] + cmd,
                           stdout=subprocess.DEVNULL, check=True)
            return int(out.read().strip().splitlines()[-1]), "/usr/bin/time -f %M"
    # A fresh child whose only child is `cmd`, so RUSAGE_CHILDREN is `cmd` alone.
    probe = ("import resource, subprocess, sys; "
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PYTHON, "-c", probe] + cmd, capture_output=True, check=True, text=True)
    return int(out.stdout.strip()), "getrusage(RUSAGE_CHILDREN).ru_maxrss"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lrsched", required=True, help="path of the lrsched executable")
    parser.add_argument("--full", action="store_true", help="run the Python loop 10M steps too")
    parser.add_argument("--quick", action="store_true", help="1000x fewer steps (smoke test)")
    args = parser.parse_args()
    lrsched = os.path.abspath(args.lrsched)

    scale = 1000 if args.quick else 1
    runs = 1 if args.quick else 3
    steps = 10_000_000 // scale
    py_steps = steps if args.full else steps // 10
    plot_steps = 1_000_000 // scale

    simulate_cmd = [lrsched, "simulate", SPEC, "--steps", str(steps)]
    same = same_rows(lrsched, 2000)
    lrsched_s = median_wall(simulate_cmd, runs)
    lrsched_small_s = median_wall([lrsched, "simulate", SPEC, "--steps", str(py_steps)], runs)
    py_loop_s = python_loop(py_steps)
    py_s = py_loop_s * (steps / py_steps)

    rss = {}
    method = None
    for n in (100_000 // scale, steps):
        rss[str(n)], method = peak_rss_kb([lrsched, "simulate", SPEC, "--steps", str(n)])

    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "x.png")
        plot_cmd = [lrsched, "plot", SPEC, "--steps", str(plot_steps), "-o", png]
        plot_runs = [wall(plot_cmd) for _ in range(runs)]
        png_bytes = os.path.getsize(png)

    result = {
        "simulate": {
            "spec": SPEC,
            "steps": steps,
            "lrsched_s": lrsched_s,
            "lrsched_steps_per_s": steps / lrsched_s,
            "lrsched_s_at_python_steps": lrsched_small_s,
            "python_steps": py_steps,
            "python_loop_s": py_loop_s,
            "python_scaled": py_steps != steps,
            "python_s": py_s,
            "speedup_vs_python": py_s / lrsched_s,
            "same_csv_rows": 2000 if same else 0,
            "peak_rss_kb": rss,
            "rss_method": method,
            "method": "whole lrsched process, stdout to /dev/null, median of %d; Python: the "
                      "loop alone (import excluded)%s" % (
                          runs, ", scaled x%d" % (steps // py_steps) if py_steps != steps else ""),
        },
        "plot": {
            "spec": SPEC,
            "steps": plot_steps,
            "format": "png",
            "wall_s": statistics.median(plot_runs),
            "runs_s": plot_runs,
            "png_bytes": png_bytes,
        },
    }
    if not same:
        print("simulate_bench: lrsched's CSV differs from the Python loop's", file=sys.stderr)
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
