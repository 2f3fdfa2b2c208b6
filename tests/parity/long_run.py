#!/usr/bin/python3
"""Long parity run: one million chainable steps, ``lrsched simulate`` against PyTorch.

    /usr/bin/python3 tests/parity/long_run.py --lrsched build/cli/lrsched [--steps 1000000]

The chainable ``step()`` of these classes multiplies the optimizer's current lr, so a
last-bit difference in one step would compound over the run: every row must be bit-identical
to PyTorch 1.13.1's (not merely within a tolerance). The configurations keep the lr away from
denormals and zero for the whole run. Classes run in parallel (--jobs), one PyTorch process
each.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, os.pardir, os.pardir, "tools")))
import torch_simulate  # noqa: E402  (needs the path above)

# (spec, lr): many periods / slow decays, all far from 0 after 1M steps.
CONFIGS = [
    ("CosineAnnealingLR(T_max=1000, eta_min=1e-06)", 0.1),      # 500 periods
    ("ExponentialLR(gamma=0.99999)", 1.0),                       # ends near 4.5e-5
    ("MultiplicativeLR(lr_lambda=lambda e: 0.99999 if e % 2 else 1.000005)", 0.1),
    ("LinearLR(start_factor=0.001, end_factor=1.0, total_iters=1000000)", 0.1),
]


def torch_column(spec, lr, steps):
    """group 0's lr before each step, as the CLI prints it (row k = after k steps)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        opt = torch_simulate.make_optimizer("sgd", [lr])
        scheduler = torch_simulate.build_scheduler(spec, opt)
        group = opt.param_groups[0]
        out = []
        append, step = out.append, scheduler.step  # a tight loop: 1M steps in ~30 s
        for _ in range(steps):
            append(group["lr"])
            step()
    return out


def lrsched_column(lrsched, spec, lr, steps):
    text = subprocess.run([lrsched, "simulate", spec, "--lr", repr(lr), "--steps", str(steps)],
                          check=True, capture_output=True, text=True).stdout
    lines = text.splitlines()
    assert lines[0] == "step,lr_0", lines[0]
    return [float(line.split(",", 1)[1]) for line in lines[1:]]


def check(job):
    lrsched, spec, lr, steps = job
    start = time.monotonic()
    ours = lrsched_column(lrsched, spec, lr, steps)
    theirs = torch_column(spec, lr, steps)
    if len(ours) != len(theirs):
        return spec, f"{len(ours)} rows, PyTorch {len(theirs)}", 0.0
    for k, (a, b) in enumerate(zip(ours, theirs)):
        if a != b and not (a != a and b != b):
            return spec, f"step {k}: lrsched {a!r}, PyTorch {b!r}", 0.0
    return spec, None, time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lrsched", required=True)
    parser.add_argument("--steps", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    torch_simulate.load_registry(args.lrsched)  # the classes the specs may name
    jobs = [(args.lrsched, spec, lr, args.steps) for spec, lr in CONFIGS]
    failed = 0
    with multiprocessing.Pool(args.jobs) as pool:
        for spec, error, seconds in pool.imap_unordered(check, jobs):
            if error:
                failed += 1
                print(f"FAIL {spec} --lr ...: {error}")
            else:
                print(f"ok   {spec}: {args.steps} steps bit-identical ({seconds:.1f} s)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
