#!/usr/bin/python3
"""PyTorch parity of a whole training run, and resume across processes.

Trains a tiny MLP (784-16-10, float64, 256 synthetic samples, fixed order, mini-batches of 64,
one thread) with torch.optim + torch.optim.lr_scheduler on real PyTorch (Debian's python3-torch),
and the same run with lrsched on libtorch (torch_tiny_train, built from tests/torch), both from
the initial weights and data this script writes. Checks, per scheduler:
  - the lr (and momentum / beta1) used at every step: equal as Python reprs, i.e. bit for bit;
  - the batch losses and the final weights: max abs difference below a float64 tolerance;
and for the C++ side alone: a run stopped after step k, checkpointed, and resumed in a fresh
process prints exactly the lines of the uninterrupted run, with bit-equal final weights and a
byte-equal final scheduler state (plateau counters included).

Usage: parity.py --runner PATH/torch_tiny_train --workdir DIR [--verbose]
"""
import argparse
import math
import os
import shutil
import struct
import subprocess
import sys

import torch
import torch.nn.functional as F
from torch import nn
from torch.optim import lr_scheduler

N, IN, HIDDEN, OUT = 256, 784, 16, 10
EPOCHS, BATCH = 10, 64
STEPS = EPOCHS * math.ceil(N / BATCH)
WEIGHT_TOL = 1e-9  # float64; measured differences are printed
LOSS_TOL = 1e-12

# name, optimizer, lr, momentum, scheduler spec (Python expression without the optimizer),
# step per batch (else per epoch; ReduceLROnPlateau always per epoch on the mean train loss)
CASES = [
    ("StepLR", "sgd", 0.1, 0.9, "StepLR(step_size=3, gamma=0.5)", False),
    ("OneCycleLR", "sgd", 0.1, 0.9, f"OneCycleLR(max_lr=0.5, total_steps={STEPS})", True),
    ("CosineAnnealingLR", "sgd", 0.1, 0.5, "CosineAnnealingLR(T_max=10, eta_min=0.001)", False),
    ("ReduceLROnPlateau", "sgd", 0.3, 0.9,
     "ReduceLROnPlateau(patience=0, threshold=0.3, factor=0.5, cooldown=1)", False),
    ("CyclicLR", "sgd", 0.1, 0.9,
     "CyclicLR(base_lr=0.01, max_lr=0.2, step_size_up=5, mode='triangular2')", True),
    ("OneCycleLR_adam", "adam", 0.001, 0.0,
     f"OneCycleLR(max_lr=0.01, total_steps={STEPS}, three_phase=True)", True),
    ("CosineAnnealingWarmRestarts_adamw", "adamw", 0.005, 0.0,
     "CosineAnnealingWarmRestarts(T_0=4, T_mult=2, eta_min=1e-4)", True),
]
# Cases and stop points of the cross-process resume check.
RESUME = [("OneCycleLR", [1, 17, 39]), ("ReduceLROnPlateau", [6, 27, 29, 34]),
          ("CyclicLR", [9, 30]), ("OneCycleLR_adam", [22])]


def write_data(path):
    """Synthetic data and initial weights, written for the C++ side (see tiny_train.hpp)."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(N, IN, generator=g, dtype=torch.float64)
    teacher = torch.randn(IN, OUT, generator=g, dtype=torch.float64)
    y = (x @ teacher).argmax(1)
    torch.manual_seed(0)
    fc1, fc2 = nn.Linear(IN, HIDDEN).double(), nn.Linear(HIDDEN, OUT).double()
    weights = [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
    with open(path, "wb") as f:
        f.write(b"LRSTINY1")
        f.write(struct.pack("<4q", N, IN, HIDDEN, OUT))
        f.write(x.contiguous().numpy().astype("<f8").tobytes())
        f.write(y.to(torch.int64).numpy().astype("<i8").tobytes())
        for w in weights:
            f.write(w.detach().contiguous().numpy().astype("<f8").tobytes())
    return x, y, [w.detach().clone() for w in weights]


def make_optimizer(name, params, lr, momentum):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr)
    raise ValueError(name)


def build_scheduler(spec, optimizer):
    name, rest = spec.split("(", 1)
    return eval(f"lr_scheduler.{name}(optimizer, {rest}", {"lr_scheduler": lr_scheduler,
                                                          "optimizer": optimizer})


def momentum_of(group):
    if "betas" in group:
        return group["betas"][0]
    return group.get("momentum")


def train_python(case, x, y, init):
    """The same loop as tiny_train.cpp, line for line; returns the runner's output lines."""
    _, opt_name, lr, momentum, spec, per_batch = case
    torch.set_num_threads(1)
    fc1, fc2 = nn.Linear(IN, HIDDEN).double(), nn.Linear(HIDDEN, OUT).double()
    model = nn.Sequential(fc1, nn.ReLU(), fc2)
    with torch.no_grad():
        for p, w in zip([fc1.weight, fc1.bias, fc2.weight, fc2.bias], init):
            p.copy_(w)
    optimizer = make_optimizer(opt_name, model.parameters(), lr, momentum)
    scheduler = build_scheduler(spec, optimizer)
    plateau = isinstance(scheduler, lr_scheduler.ReduceLROnPlateau)
    per_epoch = math.ceil(N / BATCH)
    steps, metrics = [], []
    loss_sum = 0.0
    for step in range(per_epoch * EPOCHS):
        batch = step % per_epoch
        if batch == 0:
            loss_sum = 0.0
        begin = batch * BATCH
        size = min(BATCH, N - begin)
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x[begin:begin + size]), y[begin:begin + size])
        loss.backward()
        group = optimizer.param_groups[0]
        steps.append((step, group["lr"], momentum_of(group), loss.item()))
        optimizer.step()
        loss_sum += loss.item()
        if per_batch and not plateau:
            scheduler.step()
        if batch == per_epoch - 1:
            metric = loss_sum / per_epoch
            metrics.append(metric)
            if plateau:
                scheduler.step(metric)
            elif not per_batch:
                scheduler.step()
    group = optimizer.param_groups[0]
    weights = torch.cat([p.detach().reshape(-1) for p in
                         [fc1.weight, fc1.bias, fc2.weight, fc2.bias]])
    return steps, metrics, group["lr"], momentum_of(group), weights


def runner_args(runner, data, case):
    _, opt_name, lr, momentum, spec, per_batch = case
    # The runner refuses --momentum for the optimizers without one (Adam's beta1 is not it).
    momentum_args = ["--momentum", repr(momentum)] if opt_name in ("sgd", "rmsprop") else []
    return [runner, "--data", data, "--optimizer", opt_name, "--lr", repr(lr), *momentum_args,
            "--scheduler", spec, "--step-per", "batch" if per_batch else "epoch",
            "--epochs", str(EPOCHS), "--batch-size", str(BATCH)]


def run(args):
    r = subprocess.run(args, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)}\n{r.stderr}")
    return r.stdout.splitlines()


def parse(lines):
    steps, metrics, final = [], [], {}
    for line in lines:
        f = line.split()
        if f[0] == "step":
            steps.append((int(f[1]), f[3], f[5], f[7]))
        elif f[0] == "epoch_metric":
            metrics.append(f[1])
        else:
            final[f[0]] = f[1]
    return steps, metrics, final


def split_lines(lines):
    """The runner's output as (step lines, epoch_metric lines, final_ lines)."""
    return ([ln for ln in lines if ln.startswith("step ")],
            [ln for ln in lines if ln.startswith("epoch_metric ")],
            [ln for ln in lines if ln.startswith("final_")])


def read_weights(path):
    with open(path, "rb") as f:
        data = f.read()
    return torch.tensor(struct.unpack(f"<{len(data) // 8}d", data), dtype=torch.float64)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runner", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    data = os.path.join(a.workdir, "tiny.bin")
    x, y, init = write_data(data)

    failures = []
    full = {}
    print(f"{'case':36} {'lrs':>6} {'momenta':>8} {'max|dloss|':>11} {'max|dw|':>10}")
    for case in CASES:
        name = case[0]
        py_steps, py_metrics, py_lr, py_mom, py_w = train_python(case, x, y, init)
        wpath = os.path.join(a.workdir, f"{name}.weights")
        spath = os.path.join(a.workdir, f"{name}.state.json")
        lines = run(runner_args(a.runner, data, case) + ["--weights-out", wpath,
                                                         "--state-out", spath])
        full[name] = (lines, wpath, spath)
        c_steps, c_metrics, c_final = parse(lines)
        if len(c_steps) != len(py_steps):
            failures.append(f"{name}: {len(c_steps)} C++ steps, {len(py_steps)} Python steps")
            continue
        lr_ok = all(c[1] == repr(p[1]) for c, p in zip(c_steps, py_steps))
        lr_ok = lr_ok and c_final["final_lr"] == repr(py_lr)
        mom_ok = all(c[2] == repr(p[2]) for c, p in zip(c_steps, py_steps))
        mom_ok = mom_ok and c_final["final_momentum"] == repr(py_mom)
        dloss = max(abs(float(c[3]) - p[3]) for c, p in zip(c_steps, py_steps))
        dmetric = max((abs(float(c) - p) for c, p in zip(c_metrics, py_metrics)), default=0.0)
        dw = (read_weights(wpath) - py_w).abs().max().item()
        print(f"{name:36} {'exact' if lr_ok else 'DIFF':>6} {'exact' if mom_ok else 'DIFF':>8} "
              f"{dloss:11.3g} {dw:10.3g}")
        if a.verbose or not lr_ok or not mom_ok:
            for c, p in zip(c_steps, py_steps):
                mark = "" if (c[1], c[2]) == (repr(p[1]), repr(p[2])) else "   <-- differs"
                print(f"  step {c[0]:3}: C++ lr {c[1]} mom {c[2]} | PyTorch lr {p[1]!r} "
                      f"mom {p[2]!r}{mark}")
        if not lr_ok:
            failures.append(f"{name}: lr sequence differs from PyTorch")
        if not mom_ok:
            failures.append(f"{name}: momentum sequence differs from PyTorch")
        if not dloss <= LOSS_TOL or not dmetric <= LOSS_TOL:
            failures.append(f"{name}: losses differ by {max(dloss, dmetric)} (> {LOSS_TOL})")
        if not dw <= WEIGHT_TOL:
            failures.append(f"{name}: final weights differ by {dw} (> {WEIGHT_TOL})")

    # Resume across processes: the C++ run stopped after step k and resumed from its checkpoint.
    by_name = {c[0]: c for c in CASES}
    for name, stops in RESUME:
        lines, wpath, spath = full[name]
        for k in stops:
            ckpt = os.path.join(a.workdir, f"{name}.ckpt{k}")
            first = run(runner_args(a.runner, data, by_name[name]) +
                        ["--stop-at", str(k), "--checkpoint", ckpt])
            w2 = os.path.join(a.workdir, f"{name}.resumed{k}.weights")
            s2 = os.path.join(a.workdir, f"{name}.resumed{k}.state.json")
            second = run(runner_args(a.runner, data, by_name[name]) +
                         ["--resume", ckpt, "--weights-out", w2, "--state-out", s2])
            f_steps, f_metrics, _ = split_lines(first)
            s_steps, s_metrics, s_final = split_lines(second)
            full_lines = split_lines(lines)
            same_lines = (f_steps + s_steps, f_metrics + s_metrics, s_final) == full_lines
            with open(wpath, "rb") as f1, open(w2, "rb") as f2:
                same_weights = f1.read() == f2.read()
            with open(spath, encoding="utf-8") as f1, open(s2, encoding="utf-8") as f2:
                same_state = f1.read() == f2.read()
            ok = same_lines and same_weights and same_state
            print(f"resume {name} after step {k:2}: "
                  f"{'exact' if ok else 'DIFFERS'} (lines {same_lines}, weights {same_weights}, "
                  f"scheduler state {same_state})")
            if not ok:
                failures.append(f"resume {name} after step {k} differs from the full run")

    if failures:
        print("\n".join(["FAILED:"] + failures))
        return 1
    print(f"OK: {len(CASES)} schedulers match PyTorch; {sum(len(s) for _, s in RESUME)} "
          "resumed runs match the uninterrupted ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
