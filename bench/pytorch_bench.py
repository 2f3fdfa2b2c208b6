#!/usr/bin/python3
"""Times PyTorch's ``scheduler.step()`` for the configurations of ``lrsched_bench``.

Run it with Debian's interpreter, which has ``python3-torch`` (1.13.1):

    /usr/bin/python3 bench/pytorch_bench.py [--quick] [--repeats 5] [--only StepLR,...]

For every class and 1, 8 and 64 param groups (SGD, momentum 0.9, each group one 1-element
parameter, group g at lr 0.1 * (1 + g/64)), the configuration of ``bench/cases.hpp`` is built,
stepped 200 times (past every warm-up), then timed over N steps with ``time.perf_counter_ns``
(N = 20000, 10000 and 2000 for 1, 8 and 64 groups); the figure is the median over the repeats of
ns per step. As in the C++ benchmark, some schedules are reset periodically so that they stay in
their steady regime: the lrs are written back (StepLR, ExponentialLR, MultiplicativeLR,
ChainedScheduler every 3000 steps, ReduceLROnPlateau every 1000) or the scheduler is rebuilt
(LambdaLR every 3000 steps); resets are outside the timed region. The garbage collector is off
while timing (as ``timeit`` does). ``step(epoch)`` (the closed form) is timed for the seven
classes that have one, with epochs 0..2999 over and over, one group.

With the reference oracles (``--oracles``, default ``../shared/oracles`` beside the repository:
the upstream code of transformers and timm at pinned commits), the family cases of
``bench/cases_transformers.hpp`` and ``bench/cases_timm.hpp`` are timed the same way on their
origin's own code: transformers' functions (LambdaLR of PyTorch with transformers' lambdas) and
timm's schedulers (``step(epoch)`` as timm's train.py calls it), in episodes of 3000 steps from a
fresh build. Optax and Keras are not timed: the oracles run their formulas on NumPy scalars,
not on JAX or TensorFlow, so a time would describe neither library. Without the oracles, the
family cases are left out (and the output says so on stderr).

Prints one JSON object: ``{"StepLR/1": ns, ..., "StepLR/1/step_epoch": ns,
"transformers.get_cosine_schedule_with_warmup/1": ns, ...}``.
``--quick`` (CI smoke test) runs each configuration once, 3100 steps with 1 group (every reset
happens at least once) and 300 with 8 and 64 groups.
"""

import argparse
import gc
import json
import math
import os
import sys
import time
import warnings

import torch
from torch.optim import lr_scheduler as ls
from torch.optim import swa_utils

HORIZON = 1 << 40  # OneCycleLR / PolynomialLR: never reached, as in cases.hpp
EPISODE = 3000  # kFamilyEpisode of family_cases.hpp
DEFAULT_ORACLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "shared", "oracles")
WARMUP = 200
GROUPS = (1, 8, 64)
STEPS = {1: 20000, 8: 10000, 64: 2000}
QUICK_STEPS = {1: 3100, 8: 300, 64: 300}

# ReduceLROnPlateau's metrics: the same 1000 values as plateau_metrics() in cases.hpp.
METRICS = [2.0 * math.exp(-k / 300.0) + 0.05 * math.sin(k * 0.7) for k in range(1000)]


def initial_lrs(groups):
    return [0.1 * (1.0 + g / 64.0) for g in range(groups)]


def make_optimizer(groups):
    lrs = initial_lrs(groups)
    param_groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in lrs]
    return torch.optim.SGD(param_groups, lr=lrs[0], momentum=0.9)


def _sequential(o):
    return ls.SequentialLR(o, [ls.LinearLR(o, start_factor=0.1, total_iters=5),
                               ls.CosineAnnealingLR(o, T_max=1000)], milestones=[5])


def _chained(o):
    return ls.ChainedScheduler([ls.ExponentialLR(o, gamma=0.99), ls.StepLR(o, step_size=30)])


# name: (constructor, reset kind, reset period, has closed form[, stepping])
#   reset kind: None, "lrs" (write the initial lrs back) or "rebuild" (a new scheduler).
#   stepping: "metric" (step(metric)), "epoch" (timm: step(k + 1) at step k of the episode),
#   "update" (timm: step_update(k + 1)), "epoch_metric" (timm: step(k + 1, metric)),
#   absent: step().
CASES = {
    "LambdaLR": (lambda o: ls.LambdaLR(o, lr_lambda=lambda e: 0.95 ** e), "rebuild", 3000, False),
    "MultiplicativeLR": (lambda o: ls.MultiplicativeLR(o, lr_lambda=lambda e: 0.95),
                         "lrs", 3000, False),
    "StepLR": (lambda o: ls.StepLR(o, step_size=30), "lrs", 3000, True),
    "MultiStepLR": (lambda o: ls.MultiStepLR(o, milestones=[30, 60, 90]), None, 0, True),
    "ConstantLR": (lambda o: ls.ConstantLR(o), None, 0, True),
    "LinearLR": (lambda o: ls.LinearLR(o), None, 0, True),
    "ExponentialLR": (lambda o: ls.ExponentialLR(o, gamma=0.99), "lrs", 3000, True),
    "PolynomialLR": (lambda o: ls.PolynomialLR(o, total_iters=HORIZON), None, 0, True),
    "CosineAnnealingLR": (lambda o: ls.CosineAnnealingLR(o, T_max=1000), None, 0, True),
    "CosineAnnealingWarmRestarts": (lambda o: ls.CosineAnnealingWarmRestarts(o, T_0=100, T_mult=2),
                                    None, 0, False),
    "CyclicLR": (lambda o: ls.CyclicLR(o, 0.001, 0.1, step_size_up=500), None, 0, False),
    "OneCycleLR": (lambda o: ls.OneCycleLR(o, max_lr=0.1, total_steps=HORIZON), None, 0, False),
    "ReduceLROnPlateau": (lambda o: ls.ReduceLROnPlateau(o), "lrs", 1000, False, "metric"),
    "SequentialLR": (_sequential, None, 0, False),
    "ChainedScheduler": (_chained, "lrs", 3000, False),
    "SWALR": (lambda o: swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=10), None, 0, False),
}


def family_cases(oracles):
    """The family cases of cases_transformers.hpp and cases_timm.hpp on their origin's code."""
    sys.dont_write_bytecode = True  # the oracle folder may be read-only
    sys.path.insert(0, os.path.join(oracles, "shims"))
    import transformers.optimization as tf  # noqa: E402 (the oracles' shims first)

    def episode(make, stepping=None):
        return (make, "rebuild", EPISODE, False, stepping)

    w, t = 100, EPISODE
    return {
        "transformers.get_constant_schedule": episode(tf.get_constant_schedule),
        "transformers.get_constant_schedule_with_warmup": episode(
            lambda o: tf.get_constant_schedule_with_warmup(o, num_warmup_steps=w)),
        "transformers.get_linear_schedule_with_warmup": episode(
            lambda o: tf.get_linear_schedule_with_warmup(o, w, t)),
        "transformers.get_cosine_schedule_with_warmup": episode(
            lambda o: tf.get_cosine_schedule_with_warmup(o, w, t)),
        "transformers.get_cosine_with_hard_restarts_schedule_with_warmup": episode(
            lambda o: tf.get_cosine_with_hard_restarts_schedule_with_warmup(o, w, t,
                                                                            num_cycles=3)),
        "transformers.get_polynomial_decay_schedule_with_warmup": episode(
            lambda o: tf.get_polynomial_decay_schedule_with_warmup(o, w, t, lr_end=1e-4,
                                                                   power=2.0)),
        "transformers.get_inverse_sqrt_schedule": episode(
            lambda o: tf.get_inverse_sqrt_schedule(o, num_warmup_steps=w)),
        "transformers.get_cosine_with_min_lr_schedule_with_warmup": episode(
            lambda o: tf.get_cosine_with_min_lr_schedule_with_warmup(o, w, t, min_lr_rate=0.1)),
        "transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate": episode(
            lambda o: tf.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
                o, w, t, min_lr_rate=0.1, warmup_lr_rate=0.01)),
        "transformers.get_wsd_schedule": episode(
            lambda o: tf.get_wsd_schedule(o, num_warmup_steps=w, num_decay_steps=1000,
                                          num_training_steps=t, min_lr_ratio=0.1)),
        "transformers.get_reduce_on_plateau_schedule": episode(
            tf.get_reduce_on_plateau_schedule, "metric"),
        "transformers.get_scheduler": episode(
            lambda o: tf.get_scheduler("cosine", o, num_warmup_steps=w, num_training_steps=t)),
        **timm_cases(episode),
    }


def timm_cases(episode):
    """cases_timm.hpp's configurations on timm's own schedulers."""
    import timm.scheduler as ts  # noqa: E402 (after the oracles' shims)

    warmup = {"warmup_t": 20, "warmup_lr_init": 1e-5}
    cosine = {"t_initial": 1000, "lr_min": 1e-5, "cycle_decay": 0.5, "cycle_limit": 3,
              "k_decay": 1.5, **warmup}
    noise = {"noise_range_t": [0, EPISODE + 1], "noise_pct": 0.67, "noise_seed": 42}
    plateau = {"decay_rate": 0.5, "patience_t": 10, "cooldown_t": 5, "lr_min": 1e-5,
               "mode": "min", **warmup}
    return {
        "timm.CosineLRScheduler": episode(lambda o: ts.CosineLRScheduler(o, **cosine), "epoch"),
        "timm.CosineLRScheduler[noise]": episode(
            lambda o: ts.CosineLRScheduler(o, **cosine, **noise, noise_std=1.0), "epoch"),
        "timm.CosineLRScheduler[step_update]": episode(
            lambda o: ts.CosineLRScheduler(o, t_initial=1000, lr_min=1e-5, cycle_mul=2.0,
                                           cycle_decay=0.5, cycle_limit=2, warmup_t=100,
                                           warmup_lr_init=1e-5, t_in_epochs=False), "update"),
        "timm.TanhLRScheduler": episode(
            lambda o: ts.TanhLRScheduler(o, t_initial=1000, lr_min=1e-5, cycle_mul=2.0,
                                         cycle_decay=0.5, cycle_limit=2, **warmup), "epoch"),
        "timm.PolyLRScheduler": episode(
            lambda o: ts.PolyLRScheduler(o, t_initial=1490, power=2.0, lr_min=1e-5,
                                         cycle_decay=0.5, cycle_limit=2, warmup_prefix=True,
                                         k_decay=1.5, **warmup), "epoch"),
        "timm.StepLRScheduler": episode(
            lambda o: ts.StepLRScheduler(o, decay_t=24.0, decay_rate=0.97, **warmup), "epoch"),
        "timm.MultiStepLRScheduler": episode(
            lambda o: ts.MultiStepLRScheduler(o, decay_t=[900, 1800, 2700], decay_rate=0.1,
                                              **warmup), "epoch"),
        "timm.PlateauLRScheduler": episode(
            lambda o: ts.PlateauLRScheduler(o, **plateau), "epoch_metric"),
        "timm.PlateauLRScheduler[uniform noise]": episode(
            lambda o: ts.PlateauLRScheduler(o, **plateau, **noise, noise_type="uniform"),
            "epoch_metric"),
    }


class Runner:
    """A scheduler on its optimizer, with the periodic reset of the C++ benchmark."""

    def __init__(self, name, groups):
        self.make, self.reset_kind, self.every, _, *stepping = CASES[name]
        self.stepping = stepping[0] if stepping else None
        self.groups = groups
        self.build()
        self.i = 0  # steps so far (metric index)
        self.k = 0  # steps since the last reset

    def build(self):
        self.optimizer = make_optimizer(self.groups)
        self.scheduler = self.make(self.optimizer)

    def reset(self):
        if self.reset_kind == "lrs":
            for group, lr in zip(self.optimizer.param_groups, initial_lrs(self.groups)):
                group["lr"] = lr
        elif self.reset_kind == "rebuild":
            self.build()

    def run(self, steps):
        """Steps `steps` times; returns the ns spent in step() (resets excluded)."""
        total = 0
        while steps > 0:
            chunk = steps if not self.every else min(steps, self.every - self.k)
            step = self.scheduler.step
            clock = time.perf_counter_ns
            if self.stepping == "metric":
                metrics, i = METRICS, self.i
                t0 = clock()
                for j in range(i, i + chunk):
                    step(metrics[j % 1000])
                total += clock() - t0
            elif self.stepping in ("epoch", "update"):
                if self.stepping == "update":
                    step = self.scheduler.step_update
                k = self.k
                t0 = clock()
                for count in range(k + 1, k + 1 + chunk):
                    step(count)
                total += clock() - t0
            elif self.stepping == "epoch_metric":
                metrics, i, k = METRICS, self.i, self.k
                t0 = clock()
                for j in range(chunk):
                    step(k + 1 + j, metrics[(i + j) % 1000])
                total += clock() - t0
            else:
                t0 = clock()
                for _ in range(chunk):
                    step()
                total += clock() - t0
            self.i += chunk
            steps -= chunk
            if self.every:
                self.k += chunk
                if self.k == self.every:
                    self.k = 0
                    self.reset()
        return total


def time_step(name, groups, steps, repeats):
    runs = []
    for _ in range(repeats):
        runner = Runner(name, groups)
        runner.run(WARMUP)
        gc.disable()
        try:
            runs.append(runner.run(steps) / steps)
        finally:
            gc.enable()
    runs.sort()
    return runs[len(runs) // 2]


def time_step_epoch(name, steps, repeats):
    runs = []
    for _ in range(repeats):
        scheduler = CASES[name][0](make_optimizer(1))
        step = scheduler.step
        for epoch in range(WARMUP):
            step(epoch)
        epochs = [e % 3000 for e in range(WARMUP, WARMUP + steps)]
        gc.disable()
        try:
            t0 = time.perf_counter_ns()
            for epoch in epochs:
                step(epoch)
            runs.append((time.perf_counter_ns() - t0) / steps)
        finally:
            gc.enable()
    runs.sort()
    return runs[len(runs) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="few steps per configuration, once (smoke test)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated class names")
    parser.add_argument("--oracles", default=DEFAULT_ORACLES,
                        help="the reference oracles' folder (transformers and timm)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    torch.set_num_threads(1)
    if os.path.isfile(os.path.join(args.oracles, "simulate.py")):
        CASES.update(family_cases(args.oracles))
    else:
        print(f"pytorch_bench: no reference oracles at {args.oracles}: transformers and timm "
              "are not timed", file=sys.stderr)

    names = [n for n in CASES if not args.only or n in args.only.split(",")]
    unknown = set(args.only.split(",")) - set(CASES) - {""}
    if unknown:
        parser.error(f"unknown class(es): {', '.join(sorted(unknown))}")
    repeats = 1 if args.quick else args.repeats
    results = {}
    for name in names:
        for groups in GROUPS:
            steps = (QUICK_STEPS if args.quick else STEPS)[groups]
            results[f"{name}/{groups}"] = time_step(name, groups, steps, repeats)
        if CASES[name][3]:
            steps = (QUICK_STEPS if args.quick else STEPS)[1]
            results[f"{name}/1/step_epoch"] = time_step_epoch(name, steps, repeats)
    json.dump(results, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
