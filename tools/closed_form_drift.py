#!/usr/bin/env python3
"""Measures how far PyTorch's chainable step() drifts from the closed form step(epoch), using
`lrsched simulate` and `lrsched simulate --closed-form` (both bit-identical to PyTorch), and
prints a Markdown table for docs/closed-form-vs-chainable.md.

Usage: closed_form_drift.py PATH_TO_LRSCHED [--steps N]
       closed_form_drift.py PATH_TO_LRSCHED --long [--steps 10000000] [--jobs 2]

--long measures LONG_CONFIGS (slow decays that stay clear of 0 and denormals) and streams both
CSVs, so 10 million rows need no memory; it prints the max relative difference and both values
at the last row.
"""
import argparse
import itertools
import multiprocessing
import subprocess

CONFIGS = [
    "StepLR(step_size=3, gamma=0.1)",
    "MultiStepLR(milestones=[2, 5, 9], gamma=0.1)",
    "ConstantLR(factor=1/3, total_iters=4)",
    "LinearLR(start_factor=1/3, end_factor=0.7, total_iters=4)",
    "ExponentialLR(gamma=0.9)",
    "PolynomialLR(total_iters=5, power=0.9)",
    "CosineAnnealingLR(T_max=5, eta_min=1e-10)",
]


# (spec, closed-form spec or None for the same spec): MultiplicativeLR has no closed form in
# PyTorch, so its chainable product is compared with ExponentialLR's gamma ** epoch.
LONG_CONFIGS = [
    ("CosineAnnealingLR(T_max=1000, eta_min=1e-06)", None),
    ("ExponentialLR(gamma=0.999999)", None),
    ("MultiplicativeLR(lr_lambda=lambda e: 0.999999)", "ExponentialLR(gamma=0.999999)"),
    ("LinearLR(start_factor=0.001, end_factor=1.0, total_iters=10000000)", None),
    ("PolynomialLR(total_iters=20000000, power=0.9)", None),
    ("StepLR(step_size=1000, gamma=0.999)", None),
    ("MultiStepLR(milestones=[10, 1000, 100000, 5000000], gamma=0.3)", None),
    ("ConstantLR(factor=1/3, total_iters=5000000)", None),
]


def stream(lrsched, spec, steps, closed):
    argv = [lrsched, "simulate", spec, "--lr", "0.05", "--steps", str(steps)]
    if closed:
        argv.append("--closed-form")
    return subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, bufsize=1 << 20)


def long_row(job):
    lrsched, spec, closed_spec, steps = job
    chain = stream(lrsched, spec, steps, False)
    closed = stream(lrsched, closed_spec or spec, steps, True)
    rel = 0.0
    same = 0
    last = (None, None)
    for a_line, b_line in itertools.islice(zip(chain.stdout, closed.stdout), 1, None):
        a = float(a_line[a_line.index(",") + 1:])
        b = float(b_line[b_line.index(",") + 1:])
        if a == b:
            same += 1
        else:
            rel = max(rel, abs(a - b) / max(abs(a), abs(b)))
        last = (a, b)
    for p in (chain, closed):
        if p.wait() != 0:
            raise SystemExit(f"lrsched failed on {spec}")
    versus = f" vs `{closed_spec}`" if closed_spec else ""
    return (f"| `{spec}`{versus} | {steps} | {same} | {rel:.3g} | {last[0]!r} | {last[1]!r} |")


def long_table(args):
    print("| scheduler (lr 0.05) | steps | bit-identical | max relative difference | "
          "chainable at the end | closed form at the end |")
    print("|---|---|---|---|---|---|")
    jobs = [(args.lrsched, spec, closed, args.steps) for spec, closed in LONG_CONFIGS]
    with multiprocessing.Pool(args.jobs) as pool:
        for row in pool.imap(long_row, jobs):
            print(row, flush=True)


def column(lrsched, spec, steps, closed):
    argv = [lrsched, "simulate", spec, "--lr", "0.05", "--steps", str(steps)]
    if closed:
        argv.append("--closed-form")
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return [float(line.split(",")[1]) for line in out.splitlines()[1:]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lrsched")
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--long", action="store_true", help="LONG_CONFIGS, 10M steps by default")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.long:
        args.steps = args.steps or 10_000_000
        long_table(args)
        return
    args.steps = args.steps or 20
    print(f"| scheduler (lr 0.05) | steps | bit-identical | max abs difference | "
          f"max relative difference |")
    print("|---|---|---|---|---|")
    for spec in CONFIGS:
        chain = column(args.lrsched, spec, args.steps, False)
        closed = column(args.lrsched, spec, args.steps, True)
        same = sum(a == b for a, b in zip(chain, closed))
        diff = max(abs(a - b) for a, b in zip(chain, closed))
        rel = max((abs(a - b) / max(abs(a), abs(b)) for a, b in zip(chain, closed)
                   if a != b), default=0.0)
        print(f"| `{spec}` | {args.steps} | {same} | {diff:.3g} | {rel:.3g} |")


if __name__ == "__main__":
    main()
