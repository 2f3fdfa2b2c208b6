#!/usr/bin/python3
"""Live differential test: ``lrsched simulate`` against the origins of the schedule families.

    /usr/bin/python3 tests/parity/family_differential.py --lrsched build/cli/lrsched \
        [--oracles ../shared/oracles] [--seed 1] [--cases 300] [--jobs 2]

Draws random configurations of every transformers, timm, Optax and Keras schedule from a
seeded generator, runs each through the reference oracles (the upstream code of each library
at a pinned commit, ``../shared/oracles/simulate.py``, called in-process) and through
``lrsched simulate`` (a subprocess), and compares the CSVs **exactly**: same header, same rows,
the same digits (both print Python's repr of each double). A configuration the origin refuses
must be refused by lrsched with the same exception type (``oracle: Type: ...`` against
``lrsched: Type: ...``, nothing on stdout). A mismatch prints the spec and both command lines.

The schedules come from lrsched's registry (``lrsched list --format json``): every row outside
PyTorch's modules needs a generator here, and the run stops at once, naming the row, when one
has none. Without the oracles (they live beside the repository, not in it), the run says so and
passes: the committed golden files (``cli.FamilyGolden``) are then the only check.
"""

import argparse
import contextlib
import importlib.util
import io
import json
import multiprocessing
import os
import random
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, os.pardir, os.pardir))
DEFAULT_ORACLES = os.path.join(os.path.dirname(ROOT), "shared", "oracles")
TIMEOUT_S = 60

# How users write each family's names; one is picked per case.
PREFIXES = {
    "transformers.optimization": ["transformers.optimization.", "transformers.", ""],
    "timm.scheduler": ["timm.scheduler.", "timm.", ""],
    "optax.schedules": ["optax.schedules.", "optax.", ""],
    "keras.optimizers.schedules": ["keras.optimizers.schedules.", "keras.", ""],
}


def fmt(x):
    return repr(x)


def some_int(r, lo, hi):
    return r.randint(lo, hi)


def some_float(r, lo, hi):
    return round(r.uniform(lo, hi), r.choice([1, 2, 3, 6]))


def call(name, *args, **kwargs):
    parts = [fmt(a) if not isinstance(a, Raw) else a.text for a in args]
    parts += [f"{k}={v.text if isinstance(v, Raw) else fmt(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


class Raw:
    """Spec text inserted as is (nested calls)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def maybe(r, p=0.5):
    return r.random() < p


# --- transformers -------------------------------------------------------------------------------

def tf_warmup_total(r):
    total = some_int(r, 1, 120)
    return some_int(r, 0, total), total


def gen_transformers(name, r, ctx):
    w, t = tf_warmup_total(r)
    if name == "get_constant_schedule":
        return call(name)
    if name == "get_constant_schedule_with_warmup":
        return call(name, num_warmup_steps=w)
    if name == "get_linear_schedule_with_warmup":
        return call(name, w, t)
    if name == "get_cosine_schedule_with_warmup":
        return call(name, w, t, num_cycles=r.choice([0.5, 1, 1.5, some_float(r, 0.1, 3)]))
    if name == "get_cosine_with_hard_restarts_schedule_with_warmup":
        return call(name, w, t, num_cycles=some_int(r, 1, 4))
    if name == "get_polynomial_decay_schedule_with_warmup":
        t = max(t, w + 1)
        return call(name, w, t, lr_end=r.choice([1e-7, 0.0, some_float(r, 0.0, 0.05)]),
                    power=r.choice([1.0, 2.0, 0.5, some_float(r, 0.1, 3)]))
    if name == "get_inverse_sqrt_schedule":
        return call(name, w, timescale=r.choice([None, some_int(r, 1, 50)]))
    if name == "get_cosine_with_min_lr_schedule_with_warmup":
        if maybe(r):
            return call(name, w, t, num_cycles=0.5, min_lr_rate=some_float(r, 0, 0.5))
        return call(name, w, t, min_lr=some_float(r, 0, 0.05))
    if name == "get_cosine_with_min_lr_schedule_with_warmup_lr_rate":
        kw = {"min_lr_rate": some_float(r, 0, 0.5)}
        if maybe(r):
            kw["warmup_lr_rate"] = some_float(r, 0, 0.5)
        return call(name, w, t, **kw)
    if name == "get_wsd_schedule":
        kw = {"num_decay_steps": some_int(r, 1, 40)}
        if maybe(r):
            kw["num_training_steps"] = w + kw["num_decay_steps"] + some_int(r, 0, 40)
        else:
            kw["num_stable_steps"] = some_int(r, 0, 40)
        kw["warmup_type"] = r.choice(["linear", "cosine", "1-sqrt"])
        kw["decay_type"] = r.choice(["linear", "cosine", "1-sqrt"])
        kw["min_lr_ratio"] = r.choice([0, some_float(r, 0, 0.3)])
        return call(name, w, **kw)
    if name == "get_reduce_on_plateau_schedule":
        ctx["metric"] = r.choice(["1 / (step + 1)", "(step % 7) * 0.1", "-step", "math.cos(step)"])
        return call(name, mode=r.choice(["min", "max"]), factor=some_float(r, 0.1, 0.9),
                    patience=some_int(r, 0, 5))
    if name == "get_scheduler":
        kind = r.choice(["linear", "cosine", "cosine_with_restarts", "polynomial", "constant",
                         "constant_with_warmup", "inverse_sqrt", "cosine_with_min_lr",
                         "warmup_stable_decay"])
        kw = {"num_warmup_steps": w, "num_training_steps": max(t, w + 1)}
        if kind == "cosine_with_min_lr":
            kw["scheduler_specific_kwargs"] = {"min_lr_rate": some_float(r, 0, 0.5)}
        if kind == "warmup_stable_decay":
            kw["scheduler_specific_kwargs"] = {"num_decay_steps": some_int(r, 1, 20)}
        return call(name, kind, **kw)
    return None


# --- timm ---------------------------------------------------------------------------------------

def timm_common(r, kw, prefix_default):
    if maybe(r):
        kw["warmup_t"] = some_int(r, 1, 10)
        kw["warmup_lr_init"] = r.choice([0.0, 1e-4, some_float(r, 0, 0.05)])
        if maybe(r):
            kw["warmup_prefix"] = not prefix_default
    if maybe(r, 0.3):
        kw["noise_range_t"] = r.choice([some_int(r, 0, 20), [some_int(r, 0, 10), some_int(r, 10, 60)]])
        kw["noise_pct"] = some_float(r, 0.05, 1.0)
        kw["noise_seed"] = some_int(r, 0, 10000)
    if maybe(r, 0.2):
        kw["t_in_epochs"] = False


def gen_timm(name, r, ctx):
    kw = {}
    if name in ("CosineLRScheduler", "TanhLRScheduler", "PolyLRScheduler"):
        t_initial = some_int(r, 1, 60) if maybe(r, 0.8) else some_float(r, 1, 60)
        kw["t_initial"] = t_initial
        kw["lr_min"] = r.choice([0.0, some_float(r, 0, 0.01)])
        if maybe(r, 0.4):
            kw["cycle_mul"] = r.choice([1.0, 2, some_float(r, 1.1, 3), some_float(r, 0.3, 0.9)])
            kw["cycle_decay"] = some_float(r, 0.3, 1)
            kw["cycle_limit"] = some_int(r, 1, 5)
        if name == "TanhLRScheduler" and maybe(r):
            kw["lb"] = some_float(r, -9, -3)
            kw["ub"] = some_float(r, 1, 5)
        if name == "PolyLRScheduler" and maybe(r):
            kw["power"] = some_float(r, 0.2, 3)
        if name != "TanhLRScheduler" and maybe(r, 0.3):
            kw["k_decay"] = some_float(r, 0.5, 2)
        timm_common(r, kw, False)
    elif name == "StepLRScheduler":
        kw["decay_t"] = some_int(r, 1, 30) if maybe(r, 0.8) else some_float(r, 1, 30)
        kw["decay_rate"] = some_float(r, 0.1, 1)
        timm_common(r, kw, True)
    elif name == "MultiStepLRScheduler":
        kw["decay_t"] = sorted(r.sample(range(1, 80), some_int(r, 1, 4)))
        kw["decay_rate"] = some_float(r, 0.1, 1)
        timm_common(r, kw, True)
    elif name == "PlateauLRScheduler":
        ctx["metric"] = r.choice(["1 / (step + 1)", "(step % 7) * 0.1", "-step", "math.sin(step)"])
        kw["decay_rate"] = some_float(r, 0.1, 0.9)
        kw["patience_t"] = some_int(r, 0, 5)
        kw["mode"] = r.choice(["min", "max"])
        if maybe(r):
            kw["warmup_t"] = some_int(r, 1, 8)
            kw["warmup_lr_init"] = some_float(r, 0, 0.05)
        if maybe(r, 0.3):
            kw["noise_range_t"] = some_int(r, 0, 20)
            kw["noise_type"] = r.choice(["normal", "uniform"])
            kw["noise_pct"] = some_float(r, 0.05, 1.0)
            kw["noise_seed"] = some_int(r, 0, 1000)
    else:
        return None
    return call(name, **kw)


# --- Optax --------------------------------------------------------------------------------------

def boundaries_and_scales(r):
    return {b: some_float(r, 0.1, 2) for b in sorted(r.sample(range(1, 90), some_int(r, 1, 4)))}


def dict_text(d):
    return "{" + ", ".join(f"{fmt(k)}: {fmt(v)}" for k, v in d.items()) + "}"


def optax_leaf(name, r, prefix):
    n = prefix + name
    if name == "constant_schedule":
        return call(n, some_float(r, 0, 1))
    if name == "polynomial_schedule":
        return call(n, some_float(r, 0, 1), some_float(r, 0, 0.1), r.choice([1, 2, 0.5]),
                    some_int(r, 1, 80), transition_begin=some_int(r, 0, 20))
    if name == "linear_schedule":
        return call(n, some_float(r, 0, 1), some_float(r, 0, 1), some_int(r, 1, 80),
                    transition_begin=some_int(r, 0, 20))
    if name == "piecewise_constant_schedule":
        return call(n, some_float(r, 0, 1), Raw(dict_text(boundaries_and_scales(r))))
    if name == "exponential_decay":
        kw = {"transition_begin": some_int(r, 0, 10), "staircase": maybe(r)}
        if maybe(r, 0.3):
            kw["end_value"] = some_float(r, 0, 0.5)
        return call(n, some_float(r, 0, 1), some_int(r, 1, 30), some_float(r, 0.3, 1.5), **kw)
    if name == "cosine_decay_schedule":
        return call(n, some_float(r, 0, 1), some_int(r, 1, 80), alpha=some_float(r, 0, 0.5),
                    exponent=r.choice([1.0, 2.0, some_float(r, 0.5, 3)]))
    if name == "piecewise_interpolate_schedule":
        return call(n, r.choice(["linear", "cosine"]), some_float(r, 0, 1),
                    Raw(dict_text(boundaries_and_scales(r))))
    if name == "linear_onecycle_schedule":
        return call(n, some_int(r, 10, 100), some_float(r, 0.01, 1),
                    pct_start=some_float(r, 0.1, 0.5), pct_final=some_float(r, 0.6, 0.95))
    if name == "cosine_onecycle_schedule":
        return call(n, some_int(r, 10, 100), some_float(r, 0.01, 1),
                    pct_start=some_float(r, 0.1, 0.5), div_factor=some_float(r, 2, 50))
    if name == "warmup_constant_schedule":
        return call(n, some_float(r, 0, 0.1), some_float(r, 0.1, 1), some_int(r, 1, 30))
    if name == "warmup_cosine_decay_schedule":
        w = some_int(r, 0, 20)
        return call(n, some_float(r, 0, 0.1), some_float(r, 0.1, 1), w, w + some_int(r, 1, 80),
                    end_value=some_float(r, 0, 0.05), exponent=r.choice([1.0, 2.0]))
    if name == "warmup_exponential_decay_schedule":
        return call(n, some_float(r, 0, 0.1), some_float(r, 0.1, 1), some_int(r, 1, 20),
                    some_int(r, 1, 20), some_float(r, 0.3, 0.99), staircase=maybe(r))
    return None


def gen_optax(name, r, ctx):
    prefix = ctx["prefix"]
    if name == "sgdr_schedule":
        cycles = []
        for _ in range(some_int(r, 1, 3)):
            w = some_int(r, 0, 10)
            cycles.append(f"dict(init_value={fmt(some_float(r, 0, 0.1))}, "
                          f"peak_value={fmt(some_float(r, 0.1, 1))}, warmup_steps={w}, "
                          f"decay_steps={w + some_int(r, 1, 40)})")
        return f"{prefix}sgdr_schedule([{', '.join(cycles)}])"
    if name == "join_schedules":
        leaves = ["linear_schedule", "cosine_decay_schedule", "constant_schedule",
                  "exponential_decay", "warmup_cosine_decay_schedule"]
        count = some_int(r, 2, 3)
        parts = [optax_leaf(r.choice(leaves), r, prefix) for _ in range(count)]
        bounds = sorted(r.sample(range(1, 90), count - 1))
        return f"{prefix}join_schedules(schedules=[{', '.join(parts)}], boundaries={bounds})"
    text = optax_leaf(name, r, prefix)
    return text


# --- Keras --------------------------------------------------------------------------------------

def keras_lr(r):
    return some_float(r, 0.001, 1) if maybe(r, 0.9) else some_int(r, 1, 3)  # ints: int32 maths


def gen_keras(name, r, ctx):
    if name == "ExponentialDecay":
        return call(name, keras_lr(r), some_int(r, 1, 40), some_float(r, 0.1, 0.99),
                    staircase=maybe(r))
    if name == "PiecewiseConstantDecay":
        bounds = sorted(r.sample(range(1, 90), some_int(r, 1, 4)))
        values = [some_float(r, 0, 1) for _ in range(len(bounds) + 1)]
        return call(name, bounds, values)
    if name == "PolynomialDecay":
        return call(name, keras_lr(r), some_int(r, 1, 60),
                    end_learning_rate=some_float(r, 0, 0.01), power=r.choice([1.0, 2.0, 0.5]),
                    cycle=maybe(r, 0.3))
    if name == "InverseTimeDecay":
        return call(name, keras_lr(r), some_int(r, 1, 40), some_float(r, 0.1, 2),
                    staircase=maybe(r))
    if name == "CosineDecay":
        kw = {"alpha": some_float(r, 0, 0.3)}
        if maybe(r):
            kw["warmup_target"] = some_float(r, 0.1, 1)
            kw["warmup_steps"] = some_int(r, 1, 20)
        return call(name, keras_lr(r), some_int(r, 1, 80), **kw)
    if name == "CosineDecayRestarts":
        return call(name, keras_lr(r), some_int(r, 1, 30),
                    t_mul=r.choice([2.0, 1.0, some_float(r, 1.1, 3)]),
                    m_mul=some_float(r, 0.3, 1), alpha=some_float(r, 0, 0.3))
    return None


GENERATORS = {
    "transformers.optimization": gen_transformers,
    "timm.scheduler": gen_timm,
    "optax.schedules": gen_optax,
    "keras.optimizers.schedules": gen_keras,
}


def make_case(row, r):
    module = row["module"]
    prefix = r.choice(PREFIXES[module])
    ctx = {"prefix": prefix}
    text = GENERATORS[module](row["name"], r, ctx)
    if text is None:
        return None
    if module != "optax.schedules":
        text = prefix + text
    lrs = [r.choice([0.1, 1.0, some_float(r, 0.05, 1)])]
    if maybe(r, 0.3):
        lrs.append(some_float(r, 0.05, 1))
    return {"spec": text, "lr": lrs, "steps": some_int(r, 1, 150),
            "optimizer": r.choice(["sgd", "adam", "adamw"]), "metric": ctx.get("metric")}


ORACLE = None


def load_oracle(directory):
    spec = importlib.util.spec_from_file_location("lrsched_family_oracle",
                                                  os.path.join(directory, "simulate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def init_worker(directory):
    global ORACLE
    ORACLE = load_oracle(directory)


def oracle_run(c):
    """The oracle's CSV, or its refusal 'Type: message'."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            rows = ORACLE.simulate(c["spec"], c["lr"], c["steps"], c["optimizer"], 0.0,
                                   c["metric"])
    except Exception as exc:  # noqa: BLE001 (a refusal is a result)
        name = "OracleError" if isinstance(exc, ORACLE.OracleError) else type(exc).__name__
        return None, f"{name}: {exc}"
    out = ["step," + ",".join(f"lr_{i}" for i in range(len(c["lr"])))]
    out += [",".join([str(k)] + [repr(v) for v in row]) for k, row in enumerate(rows)]
    return "\n".join(out) + "\n", None


def lrsched_command(lrsched, c):
    cmd = [lrsched, "simulate", c["spec"], "--lr", ",".join(repr(x) for x in c["lr"]),
           "--steps", str(c["steps"]), "--optimizer", c["optimizer"]]
    if c["metric"] is not None:
        cmd.append("--metric=" + c["metric"])
    return cmd


def compare(args):
    lrsched, c = args
    want, refusal = oracle_run(c)
    cmd = lrsched_command(lrsched, c)
    got = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    where = f"spec: {c['spec']}\n  lrsched: {shlex.join(cmd)}"
    if refusal is not None:
        if got.returncode == 0 or got.stdout:
            return f"the origin refuses ({refusal}) but lrsched ran\n  {where}", True
        got_type = got.stderr.removeprefix("lrsched: ").split(":", 1)[0]
        want_type = refusal.split(":", 1)[0]
        if got_type != want_type:
            return (f"refused as {got_type}, the origin as {want_type}\n  {where}\n"
                    f"  origin: {refusal}\n  lrsched: {got.stderr.strip()}"), True
        return None, True
    if got.returncode != 0:
        return f"lrsched refused what the origin runs: {got.stderr.strip()}\n  {where}", False
    if got.stdout != want:
        for k, (a, b) in enumerate(zip(want.splitlines(), got.stdout.splitlines())):
            if a != b:
                return f"row {k - 1} differs: origin {a!r}, lrsched {b!r}\n  {where}", False
        return f"row counts differ\n  {where}", False
    return None, False


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--lrsched", required=True)
    p.add_argument("--oracles", default=DEFAULT_ORACLES)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cases", type=int, default=300)
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()
    if not os.path.exists(os.path.join(args.oracles, "simulate.py")):
        print(f"family_differential: no reference oracles at {args.oracles}: not run; the "
              "golden files (cli.FamilyGolden) are the check here")
        return 0
    listing = json.loads(subprocess.run([args.lrsched, "list", "--format", "json"],
                                        capture_output=True, text=True, check=True).stdout)
    rows = [row for row in listing["schedules"] if row["module"] in GENERATORS]
    r = random.Random(args.seed)
    for row in rows:
        if make_case(row, random.Random(0)) is None:
            print(f"family_differential: no generator for {row['module']}.{row['name']}")
            return 1
    cases = [make_case(rows[i % len(rows)], r) for i in range(args.cases)]
    with multiprocessing.Pool(args.jobs, initializer=init_worker,
                              initargs=(args.oracles,)) as pool:
        results = list(pool.imap(compare, [(args.lrsched, c) for c in cases]))
    failures = [f for f, _ in results if f]
    refused = sum(1 for _, r in results if r)
    for f in failures[:20]:
        print("MISMATCH " + f)
    values = sum(c["steps"] * len(c["lr"]) for c, (_, r) in zip(cases, results) if not r)
    print(f"family_differential: {len(cases)} cases over {len(rows)} schedules (seed "
          f"{args.seed}; {refused} refused by the origin, {values} values compared), "
          f"{len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
