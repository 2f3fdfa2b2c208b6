#!/usr/bin/python3
"""Live differential test: ``lrsched simulate`` against real PyTorch.

    /usr/bin/python3 tests/parity/differential.py --lrsched build/cli/lrsched \
        [--seed 1] [--cases 300] [--jobs 2]

Draws random scheduler configurations from a seeded generator, runs each one
through ``tools/torch_simulate.py`` (in-process, PyTorch 1.13.1) and through
``lrsched simulate`` (a subprocess, CSV output), and compares the two CSVs:
same header, same rows, every number within relative 1e-12 (NaN matches NaN,
infinities match exactly). A few configurations are invalid on purpose; for
those both tools must fail (non-zero exit, nothing on lrsched's stdout). The
error texts are not compared: they differ between 1.13.1 and the newest
release that lrsched follows.

The generator only draws configurations on which PyTorch 1.13.1 and the
newest release agree bit for bit (spec sections 1.4, 2.2, 5): plain
``step()`` from ``last_epoch=-1``, plus resume for the classes whose resume
path did not change. See ``tests/parity/README.md`` for the exclusions.

The classes come from lrsched's schedule registry (``lrsched list --format
json``): every row of ``torch.optim.lr_scheduler`` and
``torch.optim.swa_utils`` must have a generator here, and the run stops at
once, naming the class, when one has none. Parameter order is the registry's.
"""

import argparse
import collections
import math
import multiprocessing
import os
import random
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.normpath(os.path.join(HERE, os.pardir, os.pardir, "tools"))
sys.path.insert(0, TOOLS)
import torch_simulate  # noqa: E402  (needs the path above)

REL_TOL = 1e-12
TIMEOUT_S = 60

# The registry rows this run covers: every one of them needs a generator.
PYTORCH_MODULES = ("torch.optim.lr_scheduler", "torch.optim.swa_utils")

# Optimizers by what CyclicLR/OneCycleLR can cycle on them.
MOMENTUM_OPTS = ("sgd", "rmsprop")
BETAS_OPTS = ("adam", "adamw", "adamax", "nadam", "radam")
PLAIN_OPTS = ("adagrad", "adadelta", "rprop", "asgd")

# Classes whose resume path (last_epoch >= 0) is the same in 1.13.1 and the
# newest release: they have no `_is_initial` gate and compute normally in
# the constructor step (spec 1.4). CyclicLR/OneCycleLR are left out because
# their momentum/group-key handling on resume changed (spec 3).
RESUMABLE = ("StepLR", "MultiStepLR", "ConstantLR", "LambdaLR",
             "CosineAnnealingWarmRestarts", "SWALR")


# ---------------------------------------------------------------------------
# Literals and calls
# ---------------------------------------------------------------------------

def lit(value):
    """A Python literal for a generated value."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(lit(v) for v in value) + "]"
    return str(value)


class Raw(str):
    """Source text inserted as is (lambdas, nested scheduler calls)."""


def parameters(name):
    """The parameters after the optimizer, in the registry's signature order
    (1.13.1 and the newest release agree up to `last_epoch`; 1.13.1's
    trailing `verbose` is never drawn)."""
    return [p["name"]
            for p in torch_simulate.registry()[name].row["parameters"]]


def render(rng, name, args):
    """``name(...)`` with ``args`` ((param, value) pairs): a random number
    of them positional, as far as they are the signature's leading
    parameters, and the rest as keywords, sometimes shuffled.
    """
    order = parameters(name)
    args = sorted(args, key=lambda a: order.index(a[0]))
    leading = 0
    while leading < len(args) and args[leading][0] == order[leading]:
        leading += 1
    cut = rng.randint(0, leading) if rng.random() < 0.6 else 0
    keywords = args[cut:]
    if rng.random() < 0.3:
        rng.shuffle(keywords)
    parts = [v if isinstance(v, Raw) else lit(v) for _, v in args[:cut]]
    parts += [f"{k}={v if isinstance(v, Raw) else lit(v)}"
              for k, v in keywords]
    return f"{name}({', '.join(parts)})"


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------

class Context:
    """What a scheduler generator may assume about its surroundings."""

    def __init__(self, groups, steps, opt_kind):
        self.groups = groups        # number of param groups
        self.steps = steps          # rows simulated
        self.opt_kind = opt_kind    # "momentum", "betas" or "plain"
        self.cycles_cyclic = False  # a CyclicLR cycles momentum
        self.cycles_onecycle = False  # a OneCycleLR cycles momentum


class Generator:
    def __init__(self, seed, v1_13=False):
        self.rng = random.Random(seed)
        # 1.13 mode: lrsched follows 1.13.1 too, so the cases where the
        # releases differ are drawn as well (resume for every class, the
        # composites' children, CyclicLR on Adam-like optimizers).
        self.v1_13 = v1_13

    # -- numbers -----------------------------------------------------------

    def num(self, lo, hi, digits=4):
        """A float in [lo, hi] with few significant decimals."""
        r = self.rng
        value = round(r.uniform(lo, hi), digits)
        return min(max(value, lo), hi)

    def pick(self, *options):
        return self.rng.choice(options)

    def lr_value(self):
        r = self.rng
        if r.random() < 0.5:
            return r.choice((0.1, 0.05, 0.01, 0.5, 1.0, 0.001, 0.3, 0.2))
        return float(f"{10 ** r.uniform(-4, 0):.3g}")

    def per_group(self, ctx, make, list_prob=0.3):
        """A scalar, or (sometimes) a list with one value per group."""
        if ctx.groups > 1 and self.rng.random() < list_prob:
            return [make() for _ in range(ctx.groups)]
        return make()

    # -- lambdas -----------------------------------------------------------

    def lr_lambda(self):
        """A LambdaLR factor: a function of the epoch e."""
        n = self.num
        r = self.rng
        k = r.randint(2, 40)
        templates = [
            lambda: f"lambda e: {n(0.8, 0.999)} ** e",
            lambda: f"lambda e: max(0.0, 1 - e / {r.randint(10, 200)})",
            lambda: f"lambda e: e % {k} / {r.randint(10, 100)}.",
            lambda: f"lambda e: min(1.0, (e + 1) / {k})",
            lambda: f"lambda e: 0.5 * (1 + math.cos(math.pi * min(e, {k}) "
                    f"/ {k}))",
            lambda: f"lambda e: (e + 1) / {k} if e < {k} else "
                    f"{n(0.8, 0.99)} ** (e - {k})",
            lambda: "lambda e: 1 / math.sqrt(max(e, 1))",
            lambda: f"lambda e: {n(0.1, 0.9)} if e in ({k}, {k + 3}, "
                    f"{2 * k}) else 1.0",
            lambda: f"lambda e: e // {k} * 0.1 + 0.1",
            lambda: f"lambda e: math.exp(-{n(0.001, 0.1)} * e)",
            lambda: f"lambda e: abs(math.sin(e / {k})) + 0.01",
            lambda: f"lambda e: round(e / {r.choice((2, 4, 8))}) / 10 + 0.1",
            lambda: f"lambda e: 1.0 if {k} <= e < {3 * k} else 0.5",
            lambda: f"lambda e: e % {r.randint(2, 5)} == 0 and 0.5 or 1.0",
            lambda: f"lambda e: int(e / {k}) * 0.05 + 0.2",
            lambda: "lambda e: float(e) ** -0.5 if e > 0 else 1.0",
            lambda: f"lambda e: math.log(e + 2) / math.log({k})",
            lambda: f"lambda e: math.floor(e / {k}) / 4 + math.ceil(e / "
                    f"{k + 1}) / 8 + 0.1",
            lambda: f"lambda e: math.log2(e + 1) + math.log10(e + 1) + 0.1",
            lambda: f"lambda e: 2 ** -(e // {k})",
            lambda: f"lambda e: not e % {k} and 0.3 or 0.9",
            lambda: f"lambda epoch: {n(0.5, 2.0)} * math.tan(math.pi / 4 * "
                    f"(epoch % {k}) / {k}) + math.e / 10",
        ]
        return r.choice(templates)()

    def mult_lambda(self):
        """A MultiplicativeLR factor (applied cumulatively)."""
        n = self.num
        r = self.rng
        k = r.randint(2, 30)
        return r.choice([
            lambda: f"lambda e: {n(0.9, 0.999)}",
            lambda: f"lambda e: {n(0.1, 0.9)} if e % {k} == 0 else 1.0",
            lambda: f"lambda e: 1 - 0.01 * (e % {r.randint(2, 6)})",
            lambda: f"lambda e: max({n(0.8, 0.95)}, 1 - e / 1000)",
            lambda: f"lambda e: 1.02 if e < {k} else 0.97",
            lambda: "lambda e: min(1.0, 0.9 + e / 100)",
        ])()

    def scale_fn(self):
        """A CyclicLR scale_fn and a matching scale_mode."""
        r = self.rng
        fn, mode = r.choice([
            (f"lambda x: {self.num(0.9, 0.9999)} ** x", "iterations"),
            ("lambda x: 1 / (2.0 ** (x - 1))", "cycle"),
            ("lambda x: 1.0", "cycle"),
            (f"lambda x: 1 / x ** {self.num(0.5, 2.0)}", "cycle"),
            (f"lambda x: max(0.1, 1 - x / {r.randint(50, 500)})",
             "iterations"),
            ("lambda x: 0.5 * (1 + math.cos(math.pi * x / 20))", "cycle"),
        ])
        return Raw(fn), mode

    # -- leaf schedulers ---------------------------------------------------

    def step_lr(self, ctx, resume=False):
        args = [("step_size", self.rng.randint(1, 40))]
        if self.rng.random() < 0.8 or resume:
            args.append(("gamma", self.pick(0.1, 0.5, 0.9,
                                            self.num(0.05, 0.99))))
        return args

    def multi_step_lr(self, ctx, resume=False):
        r = self.rng
        ms = sorted(r.sample(range(1, ctx.steps + 20), r.randint(1, 5)))
        if r.random() < 0.2:
            ms.append(r.choice(ms))       # duplicates count twice
        if r.random() < 0.2:
            r.shuffle(ms)                 # a Counter: order is irrelevant
        if r.random() < 0.05:
            ms.append(0)                  # decays in the constructor
        args = [("milestones", ms)]
        if r.random() < 0.8 or resume:
            args.append(("gamma", self.pick(0.1, 0.5, self.num(0.05, 0.99))))
        return args

    def constant_lr(self, ctx, resume=False):
        factor = self.pick(0.1, 0.25, 0.5, 1.0 / 3, 1, 1.0,
                           self.num(0.05, 1.0))
        args = [("factor", factor),
                ("total_iters", self.rng.randint(0, ctx.steps + 5))]
        return args if self.rng.random() < 0.9 or resume else []

    def linear_lr(self, ctx, nonfirst=False, resume=False):
        low = 1 if nonfirst and not self.v1_13 else 0  # total_iters=0
        # divides by 0 in the closed form a milestone uses (both fail).
        # 1.13 accepts start_factor=0 and divides by zero at epoch 1.
        starts = (0.1, 1.0 / 3, 0.5, 1.0, 0.0) if self.v1_13 else (
            0.1, 1.0 / 3, 0.5, 1.0)
        return [
            ("start_factor", self.pick(*starts, self.num(0.01, 1.0))),
            ("end_factor", self.pick(1.0, 0.0, self.num(0.0, 1.0))),
            ("total_iters", self.rng.randint(low, ctx.steps + 5)),
        ]

    def exponential_lr(self, ctx, resume=False):
        return [("gamma", self.pick(0.9, 0.95, 0.99, self.num(0.8, 1.02)))]

    def polynomial_lr(self, ctx, resume=False):
        args = [("total_iters", self.rng.randint(1, ctx.steps + 10)),
                ("power", self.pick(1.0, 2.0, 0.5, 0.9, 3,
                                    self.num(0.1, 3.0)))]
        return args if self.rng.random() < 0.9 else []

    def cosine_annealing_lr(self, ctx, resume=False):
        args = [("T_max", self.rng.randint(1, 120))]
        if self.rng.random() < 0.7:
            args.append(("eta_min", self.pick(0, 0.0, 1e-6, 1e-10,
                                              self.num(0.0, 0.01, 5))))
        return args

    def cawr(self, ctx, resume=False):
        t0 = self.rng.randint(1, 60)
        args = [("T_0", t0)]
        if self.rng.random() < 0.8 or resume:
            args.append(("T_mult", self.pick(1, 1, 2, 3)))
        if self.rng.random() < 0.6 or resume:
            args.append(("eta_min", self.pick(0, 1e-4, self.num(0.0, 0.01,
                                                                 5))))
        return args

    def lambda_lr(self, ctx, resume=False):
        if ctx.groups > 1 and self.rng.random() < 0.3:
            fns = Raw("[" + ", ".join(self.lr_lambda()
                                      for _ in range(ctx.groups)) + "]")
        else:
            fns = Raw(self.lr_lambda())
        return [("lr_lambda", fns)]

    def multiplicative_lr(self, ctx, resume=False):
        if ctx.groups > 1 and self.rng.random() < 0.3:
            fns = Raw("[" + ", ".join(self.mult_lambda()
                                      for _ in range(ctx.groups)) + "]")
        else:
            fns = Raw(self.mult_lambda())
        return [("lr_lambda", fns)]

    def cyclic_lr(self, ctx, resume=False):
        r = self.rng
        base = self.per_group(ctx, lambda: self.num(1e-4, 0.05, 5))
        top = self.per_group(ctx, lambda: self.num(0.01, 1.0))
        up = r.randint(1, 50)
        args = [("base_lr", base), ("max_lr", top), ("step_size_up", up)]
        if r.random() < 0.5:
            args.append(("step_size_down", r.randint(1, 50)))
        mode = r.choice(("triangular", "triangular2", "exp_range"))
        if r.random() < 0.7:
            args.append(("mode", mode))
        if mode == "exp_range" or r.random() < 0.1:
            args.append(("gamma", self.num(0.9, 0.9999)))
        if r.random() < 0.2:
            fn, scale_mode = self.scale_fn()
            args.append(("scale_fn", fn))
            args.append(("scale_mode", scale_mode))
        # 1.13.1 cycles momentum only (beta1 support came in ~2.3), and the
        # newest CyclicLR writes group['max_momentum'/'base_momentum'],
        # which a OneCycleLR on the same optimizer reads: avoid both.
        cycle = ((ctx.opt_kind == "momentum" and not ctx.cycles_onecycle
                  or self.v1_13 and ctx.opt_kind == "betas")
                 and r.random() < 0.8)
        if not cycle:
            args.append(("cycle_momentum", False))
            return args
        ctx.cycles_cyclic = True
        if r.random() < 0.3:
            args.append(("cycle_momentum", True))
        if r.random() < 0.6:
            args.append(("base_momentum",
                         self.per_group(ctx, lambda: self.num(0.5, 0.85))))
            args.append(("max_momentum",
                         self.per_group(ctx, lambda: self.num(0.86, 0.99))))
        return args

    def one_cycle_lr(self, ctx, resume=False):
        r = self.rng
        args = [("max_lr", self.per_group(ctx, lambda: self.num(0.001, 1.0)))]
        # The row loop steps the scheduler `steps` times: total_steps must
        # be at least that.
        total = r.randint(max(ctx.steps, 10), max(ctx.steps, 10) + 50)
        if r.random() < 0.25:
            per_epoch = r.randint(1, 20)
            args += [("epochs", -(-total // per_epoch)),
                     ("steps_per_epoch", per_epoch)]
            total = args[-2][1] * per_epoch
        else:
            args.append(("total_steps", total))
        three = r.random() < 0.3
        # pct_start * total == 1 divides by zero in 1.13.1 and newest alike.
        pct = self.num(0.1, 0.45, 2)
        while float(pct * total) == 1.0:
            pct = self.num(0.1, 0.45, 2)
        if r.random() < 0.7:
            args.append(("pct_start", pct))
        if r.random() < 0.6:
            args.append(("anneal_strategy", r.choice(("cos", "linear"))))
        cycle = (ctx.opt_kind != "plain"
                 and (self.v1_13 or not ctx.cycles_cyclic)
                 and r.random() < 0.85)
        if not cycle:
            args.append(("cycle_momentum", False))
        else:
            ctx.cycles_onecycle = True
            if r.random() < 0.5:
                args.append(("base_momentum", self.per_group(
                    ctx, lambda: self.num(0.5, 0.85))))
                args.append(("max_momentum", self.per_group(
                    ctx, lambda: self.num(0.86, 0.99))))
        if r.random() < 0.4:
            args.append(("div_factor", self.pick(25.0, 10.0, 5,
                                                 self.num(2.0, 100.0, 2))))
        if r.random() < 0.4:
            args.append(("final_div_factor", self.pick(1e4, 100.0, 1000,
                                                       self.num(1.0, 1e5, 1))))
        if three or r.random() < 0.1:
            args.append(("three_phase", three))
        return args

    def swalr(self, ctx, resume=False):
        r = self.rng
        args = [("swa_lr",
                 self.per_group(ctx, lambda: self.num(1e-4, 0.1, 5)))]
        if r.random() < 0.8 or resume:
            args.append(("anneal_epochs", r.choice((0, 1, 3, 5, 10,
                                                    r.randint(0, 60)))))
        if r.random() < 0.7 or resume:
            args.append(("anneal_strategy", r.choice(("cos", "linear"))))
        return args

    LEAVES = {
        "StepLR": "step_lr", "MultiStepLR": "multi_step_lr",
        "ConstantLR": "constant_lr", "LinearLR": "linear_lr",
        "ExponentialLR": "exponential_lr", "PolynomialLR": "polynomial_lr",
        "CosineAnnealingLR": "cosine_annealing_lr",
        "CosineAnnealingWarmRestarts": "cawr", "LambdaLR": "lambda_lr",
        "MultiplicativeLR": "multiplicative_lr", "CyclicLR": "cyclic_lr",
        "OneCycleLR": "one_cycle_lr", "SWALR": "swalr",
    }

    def leaf(self, ctx, name, **kw):
        return render(self.rng, name, getattr(self, self.LEAVES[name])(ctx,
                                                                        **kw))

    # Every class a generator covers: the leaves, and the top-level forms of
    # valid_case (composites and the metric-stepped class).
    COVERED = frozenset(LEAVES) | {"SequentialLR", "ChainedScheduler",
                                   "ReduceLROnPlateau"}

    # -- composites --------------------------------------------------------

    def sequential(self, ctx, depth=0):
        """SequentialLR over leaves.

        Excluded as children: ReduceLROnPlateau (rejected), SequentialLR and
        ChainedScheduler (1.13.1 cannot undo a nested Chained, and the undo
        of a nested Sequential changed), and, after the first position,
        MultiplicativeLR (newest multiplies by lambda(0) at the milestone,
        1.13.1 does not) and SWALR (newest's milestone step does not count
        in _step_count, 1.13.1's does).
        """
        r = self.rng
        count = r.choice((1, 2, 2, 2, 3, 3))
        names = [r.choice(list(self.LEAVES))]
        later = [n for n in self.LEAVES if n not in ("MultiplicativeLR",
                                                     "SWALR")]
        if self.v1_13:
            later = list(self.LEAVES)
        names += [r.choice(later) for _ in range(count - 1)]
        children = []
        for i, name in enumerate(names):
            kw = {"nonfirst": True} if name == "LinearLR" and i else {}
            if self.v1_13 and r.random() < 0.08:
                # 1.13's undo and milestone step on composites and on
                # ReduceLROnPlateau: failures with its texts.
                children.append(r.choice((
                    lambda: self.chained(ctx, depth=1),
                    lambda: self.sequential(ctx, depth=1) if depth == 0
                    else self.leaf(ctx, "StepLR"),
                    lambda: self.plateau(ctx)))())
                continue
            children.append(self.leaf(ctx, name, **kw))
        # Milestone 0 is a known upstream bug being fixed (issue #185872).
        milestones = sorted(r.sample(range(1, ctx.steps + 10), count - 1))
        args = [("schedulers", Raw("[" + ", ".join(children) + "]")),
                ("milestones", milestones)]
        return render(r, "SequentialLR", args)

    def chained(self, ctx, depth=0):
        r = self.rng
        count = r.choice((1, 2, 2, 3))
        children = []
        for _ in range(count):
            if r.random() < 0.2 and depth == 0:
                children.append(self.sequential(ctx, depth=1))
            else:
                children.append(self.leaf(ctx, r.choice(list(self.LEAVES))))
        spec = ("ChainedScheduler(schedulers=[" if r.random() < 0.2
                else "ChainedScheduler([") + ", ".join(children) + "]"
        if r.random() < 0.1:
            spec += ", optimizer=None"
        return spec + ")"

    def plateau(self, ctx):
        r = self.rng
        args = []
        if r.random() < 0.8:
            args.append(("mode", r.choice(("min", "max"))))
        if r.random() < 0.8:
            args.append(("factor", self.pick(0.1, 0.5, self.num(0.05, 0.95))))
        if r.random() < 0.8:
            args.append(("patience", r.randint(0, 15)))
        if r.random() < 0.6:
            args.append(("threshold", self.pick(1e-4, 0.01, 0.1, 0.0, 0)))
        if r.random() < 0.6:
            args.append(("threshold_mode", r.choice(("rel", "abs"))))
        if r.random() < 0.5:
            args.append(("cooldown", r.randint(0, 10)))
        if r.random() < 0.4:
            args.append(("min_lr", self.per_group(
                ctx, lambda: self.pick(0, 1e-4, self.num(0.0, 0.01, 5)),
                list_prob=0.5)))
        if r.random() < 0.3:
            args.append(("eps", self.pick(1e-8, 1e-3, 0.0)))
        return render(r, "ReduceLROnPlateau", args)

    def metric(self):
        """A --metric expression of step and lr (never starts with '-')."""
        n = self.num
        r = self.rng
        k = r.randint(2, 30)
        return r.choice([
            lambda: f"{n(1.0, 10.0)} - {n(0.001, 0.05)} * step",
            lambda: f"{n(0.5, 2.0)} * {n(0.8, 1.05)} ** step",
            lambda: f"abs(math.sin(step / {k})) + {n(0.0, 1.0)}",
            lambda: f"lr * {n(1.0, 100.0)} + {n(0.0, 1.0)}",
            lambda: "1.0 / (step + 1)",
            lambda: f"{n(0.1, 2.0)} if step < {r.randint(1, 60)} else "
                    f"{n(0.1, 2.0)}",
            lambda: f"step % {k}",
            lambda: f"math.cos(step / {k}) * {n(0.5, 3.0)}",
            lambda: f"math.inf - math.inf if step % {k} == 1 else "
                    f"{n(1.0, 5.0)} - step / 100",
            lambda: f"math.exp(-step / {k}) + 0.01 * "
                    f"(step % {r.randint(2, 9)})",
            lambda: f"max({n(1.0, 5.0)} - {n(0.01, 0.2)} * step, "
                    f"{n(0.0, 1.0)})",
            lambda: f"float(step // {k})",
            lambda: "math.log(step + 1)",
            lambda: f"round(step / {k}) * {n(0.1, 1.0)}",
            lambda: f"math.sqrt(step) * {n(0.1, 1.0)} + lr",
            lambda: "lr",
            lambda: f"1 if step == {k} else (2 if step < {k} else 0.5)",
        ])()

    # -- whole cases -------------------------------------------------------

    def valid_case(self):
        r = self.rng
        groups = r.choice((1, 1, 2, 2, 3))
        steps = r.randint(1, 12) if r.random() < 0.1 else r.randint(50, 200)
        opt = r.choices(("sgd", "adam", "adamw", "rmsprop") + BETAS_OPTS[2:]
                        + PLAIN_OPTS,
                        weights=(40, 18, 12, 14, 2, 2, 2, 2, 2, 2, 2))[0]
        kind = ("momentum" if opt in MOMENTUM_OPTS else
                "betas" if opt in BETAS_OPTS else "plain")
        ctx = Context(groups, steps, kind)
        c = {"lr": [self.lr_value() for _ in range(groups)], "steps": steps,
             "optimizer": opt, "fail": False}
        if opt in MOMENTUM_OPTS and r.random() < 0.6:
            c["momentum"] = self.pick(0.9, 0.5, self.num(0.0, 0.99))
        if opt in BETAS_OPTS and r.random() < 0.3:
            c["betas"] = [self.num(0.5, 0.99, 3), self.num(0.9, 0.9999, 4)]

        top = r.choices(("leaf", "resume", "sequential", "chained",
                         "plateau"),
                        weights=((40, 25, 14, 12, 9) if self.v1_13
                                 else (50, 10, 14, 14, 12)))[0]
        if top == "leaf":
            c["spec"] = self.leaf(ctx, r.choice(list(self.LEAVES)))
            if r.random() < 0.25:
                # The deprecated step(epoch) path: closed forms where PyTorch has them.
                c["closed_form"] = True
        elif top == "resume":
            name = r.choice(list(self.LEAVES) if self.v1_13 else RESUMABLE)
            args = getattr(self, self.LEAVES[name])(ctx, resume=True)
            last = r.randint(0, 50)
            if name == "CosineAnnealingWarmRestarts" and not self.v1_13:
                # On the first wrap 1.13.1 sets T_cur -= T_i, the newest
                # T_cur %= T_i: equal only while last_epoch + 1 < 2 * T_0.
                last = r.randint(0, 2 * args[0][1] - 2)
            args.append(("last_epoch", last))
            c["spec"] = render(r, name, args)
            c["initial_lr"] = [self.lr_value() for _ in range(groups)]
        elif top == "sequential":
            c["spec"] = self.sequential(ctx)
        elif top == "chained":
            c["spec"] = self.chained(ctx)
        else:
            c["spec"] = self.plateau(ctx)
            c["metric"] = self.metric()
        if top != "resume" and r.random() < 0.1:
            # Pre-set initial_lr with last_epoch=-1: setdefault keeps it.
            c["initial_lr"] = [self.lr_value() for _ in range(groups)]
        return c

    def invalid_case(self):
        """A configuration both PyTorch 1.13.1 and the newest reject."""
        r = self.rng
        groups = r.choice((1, 2, 3))
        steps = r.randint(5, 120)
        c = {"lr": [self.lr_value() for _ in range(groups)], "steps": steps,
             "optimizer": "sgd", "fail": True}
        wrong = [0.1] * (groups + 1)
        choices = [
            "LinearLR(start_factor=1.5)",
            "LinearLR(end_factor=1.5)",
            "LinearLR(start_factor=0.5, end_factor=-0.5)",
            "ConstantLR(factor=1.5)",
            "ConstantLR(factor=-0.1, total_iters=3)",
            "CosineAnnealingWarmRestarts(T_0=0)",
            "CosineAnnealingWarmRestarts(T_0=-3)",
            "CosineAnnealingWarmRestarts(T_0=2.5)",
            "CosineAnnealingWarmRestarts(10, T_mult=0)",
            "CosineAnnealingWarmRestarts(10, T_mult=1.5)",
            "OneCycleLR(max_lr=0.1)",
            "OneCycleLR(max_lr=0.1, epochs=10)",
            "OneCycleLR(max_lr=0.1, total_steps=0)",
            "OneCycleLR(max_lr=0.1, total_steps=100, pct_start=1.5)",
            "OneCycleLR(max_lr=0.1, total_steps=100, pct_start=1)",
            "OneCycleLR(max_lr=0.1, total_steps=100, anneal_strategy='exp')",
            "OneCycleLR(max_lr=0.1, total_steps=10, pct_start=0.1)",
            f"OneCycleLR(max_lr={lit(wrong)}, total_steps=200)",
            f"OneCycleLR(max_lr=0.1, total_steps={r.randint(1, steps - 1)})",
            "CyclicLR(0.01, 0.1, mode='CATS')",
            f"CyclicLR(base_lr={lit(wrong)}, max_lr=0.1)",
            "SWALR(swa_lr=0.01, anneal_strategy='exp')",
            "SWALR(swa_lr=0.01, anneal_epochs=-1)",
            "SWALR(swa_lr=0.01, anneal_epochs=2.5)",
            f"SWALR(swa_lr={lit(wrong)})",
            "LambdaLR(lr_lambda=[" + ", ".join(["lambda e: 0.9"]
                                                * (groups + 1)) + "])",
            "LambdaLR(lambda e: 1 / e)",
            "LambdaLR(lambda e: undefined_name * e)",
            "MultiplicativeLR(lr_lambda=0.9)",
            "SequentialLR([StepLR(3), ExponentialLR(0.9)], milestones=[])",
            "SequentialLR([StepLR(3)], milestones=[5, 10])",
            "ChainedScheduler([])",
            f"StepLR({r.randint(1, 9)}, last_epoch={r.randint(0, 20)})",
            "StepLr(3)",
            "CosineAnnealing(T_max=10)",
            "StepLR(3, gama=0.5)",
            "StepLR()",
            "ExponentialLR()",
            "CosineAnnealingLR(eta_min=0.1)",
            "StepLR(3",
            "StepLR(3,, 0.1)",
            "ChainedScheduler([StepLR(3), ReduceLROnPlateau()])",
            "plateau:ReduceLROnPlateau(factor=1.0)",
            "plateau:ReduceLROnPlateau(factor=2.0)",
            "plateau:ReduceLROnPlateau(mode='avg')",
            "plateau:ReduceLROnPlateau(threshold_mode='relative')",
            f"plateau:ReduceLROnPlateau(min_lr={lit(wrong)})",
            "metric:ReduceLROnPlateau()",
            "plain:OneCycleLR(max_lr=0.1, total_steps=200)",
            "plain:CyclicLR(0.01, 0.1)",
        ]
        spec = r.choice(choices)
        if spec.startswith("plateau:"):
            spec = spec[len("plateau:"):]
            c["metric"] = self.metric()
        elif spec.startswith("metric:"):
            spec = spec[len("metric:"):]
            c["metric"] = "1 / step"           # ZeroDivisionError at row 0
        elif spec.startswith("plain:"):
            spec = spec[len("plain:"):]        # nothing to cycle momentum on
            c["optimizer"] = r.choice(PLAIN_OPTS)
        c["spec"] = spec
        return c

    def case(self):
        c = (self.invalid_case() if self.rng.random() < 0.1
             else self.valid_case())
        if self.v1_13:
            c["torch_compat"] = "1.13"
        return c


# ---------------------------------------------------------------------------
# Running and comparing
# ---------------------------------------------------------------------------

def options(c):
    """The command-line options shared by both tools."""
    argv = [c["spec"], "--lr", ",".join(repr(x) for x in c["lr"]),
            "--steps", str(c["steps"]), "--optimizer", c["optimizer"]]
    if "momentum" in c:
        argv += ["--momentum", repr(c["momentum"])]
    if "betas" in c:
        argv += ["--betas", ",".join(repr(x) for x in c["betas"])]
    if "initial_lr" in c:
        argv += ["--initial-lr", ",".join(repr(x) for x in c["initial_lr"])]
    if "metric" in c:
        argv += ["--metric", c["metric"]]
    if c.get("closed_form"):
        argv.append("--closed-form")
    if "torch_compat" in c:
        argv += ["--torch-compat", c["torch_compat"]]
    return argv


def parse_csv(text):
    lines = text.splitlines()
    if not lines:
        return None, []
    return lines[0].split(","), [line.split(",") for line in lines[1:]]


def same_number(a, b, exact=False):
    if a == b:
        return True
    if math.isnan(a) and math.isnan(b):
        return True
    if exact:
        return False
    if math.isinf(a) or math.isinf(b) or a == 0 or b == 0:
        return False
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def compare(torch_out, lrsched_out, exact=False):
    """``(None, inexact_count, value_count)`` or ``(difference, ...)``."""
    t_head, t_rows = parse_csv(torch_out)
    l_head, l_rows = parse_csv(lrsched_out)
    if t_head != l_head:
        return f"header differs: torch {t_head}, lrsched {l_head}", 0, 0
    if len(t_rows) != len(l_rows):
        return (f"row count differs: torch {len(t_rows)}, "
                f"lrsched {len(l_rows)}"), 0, 0
    inexact = values = 0
    for t_row, l_row in zip(t_rows, l_rows):
        if len(t_row) != len(l_row):
            return f"row {t_row[0]}: column count differs", inexact, values
        if t_row[0] != l_row[0]:
            return (f"row {t_row[0]}: step column reads '{l_row[0]}'",
                    inexact, values)
        for col, t_text, l_text in zip(t_head[1:], t_row[1:], l_row[1:]):
            values += 1
            try:
                l_value = float(l_text)
            except ValueError:
                return (f"row {t_row[0]}, {col}: lrsched printed "
                        f"'{l_text}'"), inexact, values
            t_value = float(t_text)
            if not same_number(t_value, l_value, exact):
                rel = (abs(t_value - l_value) / max(abs(t_value), abs(l_value))
                       if t_value and l_value else float("inf"))
                return (f"first difference at row {t_row[0]}, {col}: torch "
                        f"{t_text}, lrsched {l_text} (relative {rel:.3g})"), \
                    inexact, values
            if t_text != l_text:
                inexact += 1
    return None, inexact, values


def run_case(job):
    """Worker: run one case on both sides and compare them."""
    index, c, lrsched = job
    argv = options(c)
    exact = "torch_compat" in c  # 1.13 mode: bit for bit, and error texts
    start = time.perf_counter()
    t_status, t_out, t_err = torch_simulate.run(argv)
    torch_s = time.perf_counter() - start
    command = [lrsched, "simulate"] + argv
    try:
        proc = subprocess.run(command, capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)
        l_status, l_out, l_err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired:
        l_status, l_out, l_err = None, "", f"timed out after {TIMEOUT_S} s"
    except OSError as error:
        l_status, l_out, l_err = None, "", f"cannot run: {error}"

    result = {"index": index, "case": c, "torch_s": torch_s,
              "torch_status": t_status, "inexact": 0, "values": 0,
              "problem": None, "torch_err": t_err.strip(),
              "lrsched_err": l_err.strip()}
    if l_status is None:
        result["problem"] = f"lrsched {l_err}"
    elif t_status != 0 and l_status != 0:
        if l_out:
            result["problem"] = ("both failed, but lrsched wrote to stdout: "
                                 f"{l_out[:200]!r}")
        elif exact and error_compared(c, t_err) and \
                last_line(l_err) != last_line(t_err):
            result["problem"] = (f"different errors: torch {last_line(t_err)!r}"
                                 f", lrsched {last_line(l_err)!r}")
    elif t_status != 0:
        result["problem"] = (f"PyTorch fails ({t_err.strip()}) but lrsched "
                             "succeeds")
    elif l_status != 0:
        result["problem"] = (f"lrsched fails (status {l_status}: "
                             f"{l_err.strip()[:500]}) but PyTorch succeeds")
    else:
        result["problem"], result["inexact"], result["values"] = compare(
            t_out, l_out, exact)
    return result


def last_line(text):
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


# Failures whose texts differ by design in 1.13 mode too: the spec language's
# own (syntax, names, argument binding, lambdas) and lrsched's deliberate
# differences (docs/differences-from-pytorch.md).
UNCOMPARED_ERRORS = ("SyntaxError", "NameError", "unknown scheduler",
                     "is not callable", "lr_lambda", "--metric",
                     "unexpected keyword argument")


def error_compared(c, torch_err):
    """Whether 1.13 mode requires lrsched's error text to be torch's."""
    return not any(s in torch_err for s in UNCOMPARED_ERRORS)


def _init_worker():
    """Single-threaded torch, and one throw-away run so that first-call
    costs do not show up as a slow case."""
    import torch
    torch.set_num_threads(1)
    torch_simulate.run(["StepLR(3)", "--steps", "5"])


def quote(arg):
    """Shell quoting that stays readable for specs with single quotes."""
    if shlex.quote(arg) == arg or "'" not in arg:
        return shlex.quote(arg)
    if not any(ch in arg for ch in '"$`\\!'):
        return f'"{arg}"'
    return shlex.quote(arg)


def command_line(argv):
    return " ".join(quote(a) for a in argv)


def classes_in(spec, classes):
    return {name for name in re.findall(r"[A-Za-z_]\w*", spec)
            if name in classes}


def registry_classes(lrsched):
    """The classes of the registry's rows from PYTORCH_MODULES, in registry
    order. Exits, naming them, when a row has no generator here or a
    generator's class has no row."""
    rows = torch_simulate.read_registry(lrsched)
    classes = [r["name"] for r in rows if r["module"] in PYTORCH_MODULES]
    without = [name for name in classes if name not in Generator.COVERED]
    if without:
        sys.exit("differential.py: no random-configuration generator for "
                 f"{', '.join(without)} (registry rows of "
                 f"{' / '.join(PYTORCH_MODULES)}): add one to the Generator "
                 "of tests/parity/differential.py")
    stale = sorted(Generator.COVERED - set(classes))
    if stale:
        sys.exit("differential.py: generators for classes the registry does "
                 f"not have: {', '.join(stale)}")
    torch_simulate.load_registry(lrsched)
    missing = [name for name in classes if name not in torch_simulate.registry()]
    if missing:
        sys.exit(f"differential.py: this torch has no {', '.join(missing)}")
    return classes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lrsched", required=True,
                        help="path to the lrsched binary")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="print every case's command line")
    parser.add_argument("--torch-compat", choices=("newest", "1.13"),
                        default="newest",
                        help="1.13: run lrsched with --torch-compat 1.13, draw "
                             "the cases where the releases differ too, and "
                             "require identical values and error texts")
    args = parser.parse_args()
    lrsched = os.path.abspath(args.lrsched)
    classes = registry_classes(lrsched)

    generator = Generator(args.seed, v1_13=args.torch_compat == "1.13")
    cases = [generator.case() for _ in range(args.cases)]
    jobs = [(i, c, lrsched) for i, c in enumerate(cases)]

    start = time.perf_counter()
    if args.jobs > 1:
        pool = multiprocessing.get_context("fork").Pool(
            args.jobs, initializer=_init_worker)
        results = pool.imap(run_case, jobs, chunksize=4)
    else:
        pool = None
        _init_worker()
        results = map(run_case, jobs)

    mismatches = 0
    coverage = collections.Counter()
    invalid = accepted_invalid = rejected_valid = 0
    inexact = values = 0
    torch_total = slowest = 0.0
    for res in results:
        c = res["case"]
        coverage.update(classes_in(c["spec"], classes))
        inexact += res["inexact"]
        values += res["values"]
        torch_total += res["torch_s"]
        slowest = max(slowest, res["torch_s"])
        if c["fail"]:
            invalid += 1
            if res["torch_status"] == 0:
                accepted_invalid += 1
                print(f"warning: case {res['index']}: PyTorch accepted "
                      f"a configuration drawn as invalid: {c['spec']}")
        elif res["torch_status"] != 0 and not generator.v1_13:
            # (In 1.13 mode valid-looking cases may fail on purpose: a
            # nested ChainedScheduler, LinearLR(start_factor=0), ...)
            rejected_valid += 1
            print(f"warning: case {res['index']}: PyTorch rejected a "
                  f"configuration drawn as valid: {res['torch_err']}")
        argv = options(c)
        if args.verbose:
            print(f"case {res['index']}: {command_line(argv)}")
        if res["problem"] is None:
            continue
        mismatches += 1
        print(f"MISMATCH seed {args.seed} case {res['index']}: "
              f"{res['problem']}")
        torch_cmd = ["/usr/bin/python3",
                     os.path.join(TOOLS, "torch_simulate.py")] + argv
        print(f"  torch:   {command_line(torch_cmd)}")
        print(f"  lrsched: {command_line([lrsched, 'simulate'] + argv)}")
    if pool is not None:
        pool.close()
        pool.join()
    elapsed = time.perf_counter() - start

    print("coverage: " + ", ".join(f"{name} {coverage[name]}"
                                    for name in classes))
    print(f"{invalid} invalid configurations (both must fail); "
          f"{values} values compared, {inexact} not bit-identical "
          f"(within relative {REL_TOL:g})")
    print(f"PyTorch side {torch_total / max(len(cases), 1) * 1000:.1f} ms "
          f"a case on average, {slowest * 1000:.0f} ms at most; "
          f"{elapsed:.1f} s in all")
    if accepted_invalid or rejected_valid:
        print(f"generator warnings: {accepted_invalid} invalid accepted, "
              f"{rejected_valid} valid rejected by PyTorch")
    print(f"{len(cases)} cases, {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
