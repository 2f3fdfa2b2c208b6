#!/usr/bin/env python3
"""Measures how far PyTorch's chainable step() drifts from the closed form step(epoch), using
`lrsched simulate` and `lrsched simulate --closed-form` (both bit-identical to PyTorch), and
prints a Markdown table for docs/closed-form-vs-chainable.md.

Usage: closed_form_drift.py PATH_TO_LRSCHED [--steps N]
"""
import argparse
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


def column(lrsched, spec, steps, closed):
    argv = [lrsched, "simulate", spec, "--lr", "0.05", "--steps", str(steps)]
    if closed:
        argv.append("--closed-form")
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return [float(line.split(",")[1]) for line in out.splitlines()[1:]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lrsched")
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
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
