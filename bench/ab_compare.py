#!/usr/bin/python3
"""A/B of two lrsched_bench binaries (e.g. a base commit's and the working tree's), interleaved.

    ab_compare.py BEFORE_BENCH AFTER_BENCH [--filter REGEX] [--rounds N] [--min-time S]
                  [--instructions] [--json OUT] [--markdown]

Runs every benchmark both binaries have and REGEX matches (default: BM_step/ and
BM_step_epoch/), one benchmark at a time, alternating the two binaries (ABBA order from one
round to the next), so that load from other processes hits both sides alike. Each run is one
repetition of at least --min-time seconds. Prints a table: benchmark, before ns, after ns (means
over --rounds rounds), change % with its standard error, and the load average at the start.
Times are CPU time: wall time also counts the time the process waits for a core.

Heap layout: where the optimizer's groups, a scheduler's lrs and its last lrs land relative to
each other (their addresses modulo 4096: loads that seem to alias an earlier store wait for it)
moves a step's cost by up to 2x (ExponentialLR at 64 groups: 52 or 100 ns, same binary).
Two builds allocate differently before the benchmark starts, so one fixed layout each would
compare layouts, not code. Each round therefore shifts the heap of both runs by the same amount
(a preloaded shim allocates that many bytes first; 16 to 4096 bytes over the rounds), and the
mean is over layouts. --no-heap-shift turns this off.

--instructions adds, for each BM_step/<Class>/<groups>, the instructions one step executes in
either binary (Valgrind's callgrind on `--profile=<Class>`, the difference between 20000 and
120000 steps divided by 100000): a figure that load does not move.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

SHIM = r"""
#include <stdlib.h>
static void* kept;
__attribute__((constructor)) static void shift_heap(void) {
  const char* n = getenv("AB_HEAP_SHIFT");
  if (n) kept = malloc((size_t)atol(n));
}
"""


def build_shim(directory):
    source = os.path.join(directory, "heap_shift.c")
    with open(source, "w") as f:
        f.write(SHIM)
    shim = os.path.join(directory, "heap_shift.so")
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", source, "-o", shim], check=True)
    return shim


def shift_env(shim, round_index):
    if shim is None:
        return None
    env = dict(os.environ)
    # Over a page in 16-byte steps, each round halving the gaps: 16, 2064, 1040, 3088, 528, ...
    slot = int(f"{round_index % 256:08b}"[::-1], 2)
    env["AB_HEAP_SHIFT"] = str(16 + 16 * slot)
    env["LD_PRELOAD"] = shim
    return env


def list_names(binary, pattern):
    out = subprocess.run([binary, "--benchmark_list_tests=true", f"--benchmark_filter={pattern}"],
                         capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def exact_filter(name):
    """A regex matching `name` only; bracket expressions, as Google Benchmark rejects `\\[`."""
    special = set("[].()*+?{}|$")
    return "^" + "".join(("[]]" if c == "]" else f"[{c}]") if c in special else c
                         for c in name) + "$"


def run_one(binary, name, min_time, env=None):
    exact = exact_filter(name)
    out = subprocess.run([binary, f"--benchmark_filter={exact}", f"--benchmark_min_time={min_time}",
                          "--benchmark_format=json"], capture_output=True, text=True, check=True,
                         env=env)
    data = json.loads(out.stdout)
    (bench,) = [b for b in data["benchmarks"] if b["name"] == name]
    unit = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[bench.get("time_unit", "ns")]
    # CPU time: on a machine others load, wall time also counts the time the process waits.
    return bench["cpu_time"] * unit, bench.get("allocs_per_step")


def collected(binary, cls, groups, steps):
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary,
                          f"--profile={cls}", f"--profile_steps={steps}",
                          f"--profile_groups={groups}"],
                         capture_output=True, text=True, check=True).stderr
    return int(re.search(r"Collected : (\d+)", out).group(1))


def instructions_per_step(binary, name):
    m = re.fullmatch(r"BM_step/(.+)/(\d+)", name)
    if not m:
        return None
    short, long = 20000, 120000
    return ((collected(binary, m.group(1), m.group(2), long) -
             collected(binary, m.group(1), m.group(2), short)) / (long - short))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--filter", default="^BM_step(_epoch)?/")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--min-time", default="0.05")
    p.add_argument("--no-heap-shift", action="store_true",
                   help="run every round on the binaries' own heap layout")
    p.add_argument("--instructions", action="store_true",
                   help="also count instructions per step under callgrind")
    p.add_argument("--json", metavar="OUT")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = p.parse_args()

    before_names = list_names(args.before, args.filter)
    after_names = set(list_names(args.after, args.filter))
    names = [n for n in before_names if n in after_names]
    load = os.getloadavg()
    times = {n: {"before": [], "after": []} for n in names}
    allocs = {n: {"before": 0.0, "after": 0.0} for n in names}
    tmp = tempfile.TemporaryDirectory()
    shim = None if args.no_heap_shift else build_shim(tmp.name)
    for r in range(args.rounds):
        order = [("before", args.before), ("after", args.after)]
        if r % 2:
            order.reverse()
        env = shift_env(shim, r)
        for n in names:
            for side, binary in order:
                ns, a = run_one(binary, n, args.min_time, env)
                times[n][side].append(ns)
                allocs[n][side] = max(allocs[n][side], a or 0.0)
        print(f"ab_compare: round {r + 1}/{args.rounds} done", file=sys.stderr)

    rows = []
    for n in names:
        # Means: over heap layouts a step's cost is often bimodal (a layout with or without
        # false store-to-load dependencies), and the mean weighs both modes as they occur.
        b = statistics.mean(times[n]["before"])
        a = statistics.mean(times[n]["after"])
        ir = ((instructions_per_step(args.before, n), instructions_per_step(args.after, n))
              if args.instructions else (None, None))
        # Standard error of a/b - 1 (first-order propagation of both means' standard errors).
        k = len(times[n]["before"])
        se = ((a / b) * ((statistics.stdev(times[n]["after"]) / a) ** 2 / k +
                         (statistics.stdev(times[n]["before"]) / b) ** 2 / k) ** 0.5
              if k > 1 else 0.0)
        rows.append({"benchmark": n, "before_ns": b, "after_ns": a,
                     "change_percent": 100.0 * (a / b - 1.0),
                     "change_standard_error_percent": 100.0 * se,
                     "before_instructions": ir[0], "after_instructions": ir[1],
                     "before_allocs_per_step": allocs[n]["before"],
                     "after_allocs_per_step": allocs[n]["after"],
                     "before_runs_ns": times[n]["before"], "after_runs_ns": times[n]["after"]})
    result = {"load_avg_at_start": load, "rounds": args.rounds, "min_time_s": args.min_time,
              "heap_shift": shim is not None, "rows": rows}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{args.rounds} interleaved rounds"
          f"{', each on its own heap shift' if shim else ''}, means")
    if args.markdown:
        print("| benchmark | before | after | change (± standard error) "
              "| instructions/step before / after | allocs/step before / after |")
        print("|---|--:|--:|--:|--:|--:|")
    for row in rows:
        ir = ("–" if row["before_instructions"] is None else
              f"{row['before_instructions']:.0f} / {row['after_instructions']:.0f}")
        cells = [row["benchmark"], f"{row['before_ns']:.2f} ns", f"{row['after_ns']:.2f} ns",
                 f"{row['change_percent']:+.1f} % (± {row['change_standard_error_percent']:.1f})",
                 ir,
                 f"{row['before_allocs_per_step']:g} / {row['after_allocs_per_step']:g}"]
        print("| " + " | ".join(cells) + " |" if args.markdown else "  ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
