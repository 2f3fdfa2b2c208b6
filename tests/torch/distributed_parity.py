#!/usr/bin/python3
"""PyTorch parity of a data-parallel training run on 2 ranks (Gloo on 127.0.0.1).

Runs the same 2-rank training in real PyTorch (Debian's python3-torch: torch.distributed with the
Gloo backend, torch.optim.SGD, torch.optim.lr_scheduler) and with lrsched on libtorch's c10d
ProcessGroupGloo (torch_distributed_parity_worker, built from tests/torch), both from the data
and initial weights this script writes, with the same ops in the same order on both sides: a
tiny MLP 784-16-10 in float64 on noisy class centres (256 training, 128 validation samples), one
thread per rank; rank 0's parameters broadcast at the start; each global batch of 64 samples
split in halves by rank, loss = summed cross entropy over the global batch size, gradients
all-reduced (SUM) as one flat buffer, SGD with momentum. Schedulers: OneCycleLR per batch
(cycling the momentum), ReduceLROnPlateau per epoch on the validation loss (each rank's loss sum
over its half of the validation set, all-reduced with SUM, over its size), and SequentialLR
(LinearLR warm-up, then CosineAnnealingWarmRestarts) per batch. Checks, per scheduler:
  - on each side, both ranks used the same lr and momentum at every step, saw the same
    validation losses, and end with bit-identical weights (what data parallelism relies on);
  - the lr and momentum of every step, and at the end: C++ equal to PyTorch as Python reprs,
    i.e. bit for bit;
  - each rank's batch losses, the validation losses and the final weights: C++ equal to PyTorch
    bit for bit. Both sides run Debian's libtorch 1.13.1 (python3-torch loads the same
    libtorch_cpu.so as the C++ ranks, on the same CPU, so the same kernels) with the same ops in
    the same order, so the run is exact; and with 2 ranks each all-reduced element is one
    addition of two doubles, the same whichever order Gloo takes them in. The measured max abs
    differences are printed.
The Python ranks are this script, started with --python-rank; the driver starts them and the C++
ranks with torchrun's environment (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT), each under a
timeout, and exits non-zero on any difference.

Usage: distributed_parity.py --worker PATH/torch_distributed_parity_worker --workdir DIR
                             [--verbose]
"""
import argparse
import datetime
import inspect
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

import torch

N_TRAIN, N_VAL, IN, HIDDEN, OUT = 256, 128, 784, 16, 10
WORLD, EPOCHS, BATCH = 2, 8, 64  # BATCH: the global batch, split in halves by rank
STEPS = EPOCHS * (N_TRAIN // BATCH)
CENTRE_SCALE = 0.2  # separation of the classes against unit noise
TIMEOUT_S = 30  # a collective that waits longer fails (a rank gone)
RUN_TIMEOUT_S = 120  # a run (all its ranks) that takes longer fails

# name, lr, momentum (SGD), scheduler spec (without the optimizer; nested schedulers too),
# step per batch or per epoch (ReduceLROnPlateau per epoch on the all-reduced validation loss)
CASES = [
    ("OneCycleLR", 0.1, 0.9, f"OneCycleLR(max_lr=0.5, total_steps={STEPS})", "batch"),
    ("ReduceLROnPlateau", 0.2, 0.9,
     "ReduceLROnPlateau(patience=0, threshold=0.05, factor=0.5, cooldown=1)", "epoch"),
    ("SequentialLR", 0.2, 0.9,
     "SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=6), "
     "CosineAnnealingWarmRestarts(T_0=5, T_mult=2, eta_min=0.001)], milestones=[6])", "batch"),
]


def write_data(path):
    """Synthetic data (train then validation samples) and initial weights, in tiny_train's
    format (tiny_train.hpp: read_tiny_data)."""
    n = N_TRAIN + N_VAL
    g = torch.Generator().manual_seed(1)
    # Noisy class centres: learnable from N_TRAIN samples, so that the validation loss falls,
    # then flattens (the plateau scheduler sees both).
    centres = torch.randn(OUT, IN, generator=g, dtype=torch.float64) * CENTRE_SCALE
    y = torch.randint(OUT, (n,), generator=g)
    x = centres[y] + torch.randn(n, IN, generator=g, dtype=torch.float64)
    torch.manual_seed(1)
    fc1, fc2 = torch.nn.Linear(IN, HIDDEN).double(), torch.nn.Linear(HIDDEN, OUT).double()
    with open(path, "wb") as f:
        f.write(b"LRSTINY1")
        f.write(struct.pack("<4q", n, IN, HIDDEN, OUT))
        f.write(x.contiguous().numpy().astype("<f8").tobytes())
        f.write(y.to(torch.int64).numpy().astype("<i8").tobytes())
        for w in [fc1.weight, fc1.bias, fc2.weight, fc2.bias]:
            f.write(w.detach().contiguous().numpy().astype("<f8").tobytes())


def read_data(path):
    """The file write_data wrote: x, y, [w1, b1, w2, b2]."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"LRSTINY1":
        raise ValueError(f"{path} is not a tiny data file")
    n, i, h, o = struct.unpack_from("<4q", data, 8)
    offset = 40

    def take(count, fmt, dtype, shape):
        nonlocal offset
        t = torch.tensor(struct.unpack_from(f"<{count}{fmt}", data, offset), dtype=dtype)
        offset += count * 8
        return t.reshape(shape)

    x = take(n * i, "d", torch.float64, (n, i))
    y = take(n, "q", torch.int64, (n,))
    weights = [take(h * i, "d", torch.float64, (h, i)), take(h, "d", torch.float64, (h,)),
               take(o * h, "d", torch.float64, (o, h)), take(o, "d", torch.float64, (o,))]
    return x, y, weights


def build_scheduler(spec, optimizer):
    """The spec as a Python expression, every scheduler in it (nested ones too) on `optimizer`."""
    from torch.optim import lr_scheduler

    def on_optimizer(cls):
        return lambda *args, **kwargs: cls(optimizer, *args, **kwargs)

    names = {name: on_optimizer(cls) for name, cls in vars(lr_scheduler).items()
             if isinstance(cls, type) and "optimizer" in
             list(inspect.signature(cls.__init__).parameters)[1:2]}
    return eval(spec, {"__builtins__": {}}, names)  # pylint: disable=eval-used


def flatten(tensors):
    return torch.cat([t.detach().reshape(-1) for t in tensors])


def unflatten(flat, tensors):
    with torch.no_grad():
        offset = 0
        for t in tensors:
            t.copy_(flat[offset:offset + t.numel()].view_as(t))
            offset += t.numel()


def train_rank(case, rank, x, y, init):
    """One rank of the run, the same loop as distributed_parity_worker.cpp, line for line;
    returns its output lines and final weights."""
    import torch.distributed as dist
    import torch.nn.functional as F
    from torch import nn
    from torch.optim import lr_scheduler

    _, lr, momentum, spec, step_per = case
    fc1, fc2 = nn.Linear(IN, HIDDEN).double(), nn.Linear(HIDDEN, OUT).double()
    model = nn.Sequential(fc1, nn.ReLU(), fc2)
    params = [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
    unflatten(torch.cat([w.reshape(-1) for w in init]), params)
    flat = flatten(params)
    dist.broadcast(flat, src=0)
    unflatten(flat, params)

    optimizer = torch.optim.SGD(params, lr=lr, momentum=momentum)
    scheduler = build_scheduler(spec, optimizer)
    plateau = isinstance(scheduler, lr_scheduler.ReduceLROnPlateau)
    per_batch = step_per == "batch"
    half, per_epoch, val_half = BATCH // WORLD, N_TRAIN // BATCH, N_VAL // WORLD
    out = []
    for step in range(per_epoch * EPOCHS):
        batch = step % per_epoch
        begin = batch * BATCH + rank * half
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x[begin:begin + half]), y[begin:begin + half],
                               reduction="sum") / float(BATCH)
        loss.backward()
        grads = flatten([p.grad for p in params])
        dist.all_reduce(grads, op=dist.ReduceOp.SUM)
        unflatten(grads, [p.grad for p in params])
        group = optimizer.param_groups[0]
        out.append(f"step {step} lr {group['lr']!r} momentum {group['momentum']!r} "
                   f"loss {loss.item()!r}")
        optimizer.step()
        if per_batch and not plateau:
            scheduler.step()
        if batch == per_epoch - 1:
            with torch.no_grad():
                vbegin = N_TRAIN + rank * val_half
                own = F.cross_entropy(model(x[vbegin:vbegin + val_half]),
                                      y[vbegin:vbegin + val_half], reduction="sum").item()
            total = torch.tensor([own], dtype=torch.float64)
            dist.all_reduce(total, op=dist.ReduceOp.SUM)
            metric = total.item() / float(N_VAL)
            out.append(f"epoch_metric {metric!r}")
            if plateau:
                scheduler.step(metric)
            elif not per_batch:
                scheduler.step()
    group = optimizer.param_groups[0]
    out += [f"final_lr {group['lr']!r}", f"final_momentum {group['momentum']!r}"]
    return out, flatten(params)


def python_rank(data, outdir):
    """A Python rank (--python-rank): every case in turn on one process group."""
    import torch.distributed as dist

    torch.set_num_threads(1)
    rank = int(os.environ["RANK"])
    dist.init_process_group("gloo", init_method="env://", rank=rank,
                            world_size=int(os.environ["WORLD_SIZE"]),
                            timeout=datetime.timedelta(seconds=TIMEOUT_S))
    x, y, init = read_data(data)
    for case in CASES:
        lines, weights = train_rank(case, rank, x, y, init)
        base = os.path.join(outdir, f"python.{case[0]}.rank{rank}")
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        with open(base + ".weights", "wb") as f:
            f.write(weights.numpy().astype("<f8").tobytes())
    dist.destroy_process_group()
    return 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


STARTED = []  # every rank process started, killed on the way out if still running


def start_ranks(argv_of_rank):
    """Starts WORLD processes with torchrun's environment; argv_of_rank(rank) is each one's.
    Their output goes to temporary files, so that no pipe fills while another rank is waited
    on."""
    port = free_port()
    procs = []
    for rank in range(WORLD):
        env = dict(os.environ, RANK=str(rank), WORLD_SIZE=str(WORLD), MASTER_ADDR="127.0.0.1",
                   MASTER_PORT=str(port), OMP_NUM_THREADS="1", GLOO_SOCKET_IFNAME="lo")
        out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
        procs.append((subprocess.Popen(argv_of_rank(rank), env=env, stdout=out, stderr=err,
                                       text=True), out, err))
    STARTED.extend(p for p, _, _ in procs)
    return procs


def kill_started():
    for p in STARTED:
        if p.poll() is None:
            p.kill()
            p.wait()


def finish_ranks(procs, what, deadline):
    """Waits for the ranks until `deadline`; returns their stdouts, or exits naming the first
    rank that failed (the others killed: they would wait for it until their timeout)."""
    while True:
        codes = [p.poll() for p, _, _ in procs]
        failed = [r for r, code in enumerate(codes) if code not in (None, 0)]
        if failed:
            kill_started()
            procs[failed[0]][2].seek(0)
            sys.exit(f"FAIL: {what}: rank {failed[0]} exited with {codes[failed[0]]}\n"
                     f"{procs[failed[0]][2].read()[-4000:]}")
        if all(code == 0 for code in codes):
            break
        if time.monotonic() > deadline:
            kill_started()
            sys.exit(f"FAIL: {what}: the ranks did not finish within {RUN_TIMEOUT_S} s")
        time.sleep(0.05)
    outs = []
    for _, out, _ in procs:
        out.seek(0)
        outs.append(out.read())
    return outs


def read_weights(path):
    """The weights file's bytes (compared bit for bit) and the values (for the difference)."""
    with open(path, "rb") as f:
        data = f.read()
    return data, torch.tensor(struct.unpack(f"<{len(data) // 8}d", data), dtype=torch.float64)


def field(lines, key):
    """The values of the lines starting with `key` (the step lines: lr, momentum and loss)."""
    out = []
    for line in lines:
        f = line.split()
        if f[0] == key:
            out.append(tuple(f[3::2]) if key == "step" else f[1])
    return out


def shared(lines):
    """What every rank must agree on: all but the batch losses (each rank's own samples)."""
    return [" ".join(ln.split()[:6]) if ln.startswith("step ") else ln for ln in lines]


def max_diff(a, b):
    return max((abs(float(p) - float(q)) for p, q in zip(a, b)), default=0.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worker", help="torch_distributed_parity_worker")
    ap.add_argument("--workdir")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--python-rank", nargs=2, metavar=("DATA", "OUTDIR"),
                    help=argparse.SUPPRESS)  # one Python rank, started by this script
    a = ap.parse_args()
    if a.python_rank:
        return python_rank(*a.python_rank)
    if not a.worker or not a.workdir:
        ap.error("--worker and --workdir are required")
    start = time.monotonic()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    data = os.path.join(a.workdir, "tiny.bin")
    write_data(data)

    # The Python ranks run every case on one process group (importing torch takes seconds);
    # meanwhile the C++ ranks run one case per process.
    python = start_ranks(lambda rank: [sys.executable, os.path.abspath(__file__),
                                       "--python-rank", data, a.workdir])
    python_deadline = time.monotonic() + RUN_TIMEOUT_S
    cpp = {}
    for name, lr, momentum, spec, step_per in CASES:
        def argv(rank, name=name, lr=lr, momentum=momentum, spec=spec, step_per=step_per):
            return [a.worker, "--data", data, "--train", str(N_TRAIN), "--spec", spec,
                    "--step-per", step_per, "--lr", repr(lr), "--momentum", repr(momentum),
                    "--epochs", str(EPOCHS), "--batch-size", str(BATCH),
                    "--timeout-ms", str(TIMEOUT_S * 1000),
                    "--weights-out", os.path.join(a.workdir, f"cpp.{name}.rank{rank}.weights")]
        procs = start_ranks(argv)
        cpp[name] = [o.splitlines() for o in
                     finish_ranks(procs, f"C++ {name}", time.monotonic() + RUN_TIMEOUT_S)]
    finish_ranks(python, "Python ranks", python_deadline)

    failures = []
    print(f"{'case':18} {'ranks':>6} {'lrs':>6} {'momenta':>8} {'max|dloss|':>11} "
          f"{'max|dval|':>10} {'max|dw|':>10}")
    for name, *_ in CASES:
        lines, weights = {}, {}
        for side in ("cpp", "python"):
            for rank in range(WORLD):
                base = os.path.join(a.workdir, f"{side}.{name}.rank{rank}")
                if side == "cpp":
                    lines[side, rank] = cpp[name][rank]
                else:
                    with open(base + ".txt", encoding="utf-8") as f:
                        lines[side, rank] = f.read().splitlines()
                weights[side, rank] = read_weights(base + ".weights")
        # (1) the ranks of each side agree, to the bit
        ranks_ok = True
        for side in ("cpp", "python"):
            same = all(shared(lines[side, r]) == shared(lines[side, 0]) and
                       weights[side, r][0] == weights[side, 0][0] for r in range(1, WORLD))
            if not same:
                ranks_ok = False
                failures.append(f"{name}: the {side} ranks differ (lr, momentum, validation "
                                "loss or weights)")
        # (2) lr and momentum: C++ equal to PyTorch as Python reprs
        c, p = lines["cpp", 0], lines["python", 0]
        c_steps, p_steps = field(c, "step"), field(p, "step")
        if len(c_steps) != STEPS or len(p_steps) != STEPS:
            failures.append(f"{name}: {len(c_steps)} C++ steps, {len(p_steps)} Python steps, "
                            f"not {STEPS}")
            continue
        lr_ok = [s[0] for s in c_steps] == [s[0] for s in p_steps]
        lr_ok = lr_ok and field(c, "final_lr") == field(p, "final_lr")
        mom_ok = [s[1] for s in c_steps] == [s[1] for s in p_steps]
        mom_ok = mom_ok and field(c, "final_momentum") == field(p, "final_momentum")
        # (3) losses and weights, every rank: bit for bit (reprs, bytes); the differences shown
        c_loss = [[s[2] for s in field(lines["cpp", r], "step")] for r in range(WORLD)]
        p_loss = [[s[2] for s in field(lines["python", r], "step")] for r in range(WORLD)]
        c_val, p_val = field(c, "epoch_metric"), field(p, "epoch_metric")
        loss_ok = c_loss == p_loss and c_val == p_val and len(c_val) == EPOCHS
        weights_ok = all(weights["cpp", r][0] == weights["python", r][0] for r in range(WORLD))
        dloss = max(max_diff(c_loss[r], p_loss[r]) for r in range(WORLD))
        dval = max_diff(c_val, p_val)
        dw = max((weights["cpp", r][1] - weights["python", r][1]).abs().max().item()
                 if len(weights["cpp", r][0]) == len(weights["python", r][0]) else float("inf")
                 for r in range(WORLD))
        print(f"{name:18} {'same' if ranks_ok else 'DIFF':>6} {'exact' if lr_ok else 'DIFF':>6} "
              f"{'exact' if mom_ok else 'DIFF':>8} {dloss:11.3g} {dval:10.3g} {dw:10.3g}")
        if a.verbose or not lr_ok or not mom_ok:
            for k, (cs, ps) in enumerate(zip(c_steps, p_steps)):
                mark = "" if cs[:2] == ps[:2] else "   <-- differs"
                print(f"  step {k:3}: C++ lr {cs[0]} mom {cs[1]} | PyTorch lr {ps[0]} "
                      f"mom {ps[1]}{mark}")
        if not lr_ok:
            failures.append(f"{name}: lr sequence differs from PyTorch")
        if not mom_ok:
            failures.append(f"{name}: momentum sequence differs from PyTorch")
        # Exact (see the docstring): a difference means the two loops do not run the same ops.
        if not loss_ok:
            failures.append(f"{name}: batch or validation losses differ from PyTorch (by up to "
                            f"{max(dloss, dval)})")
        if not weights_ok:
            failures.append(f"{name}: final weights differ from PyTorch (by up to {dw})")
        # The schedule must move: an lr that never changes would compare nothing.
        if len({s[0] for s in p_steps}) < 3:
            failures.append(f"{name}: the lr took fewer than 3 values; the case checks little")

    elapsed = time.monotonic() - start
    if failures:
        print("\n".join(["FAILED:"] + failures))
        return 1
    print(f"OK: {len(CASES)} schedulers on {WORLD} ranks: lrs, momenta, losses and weights "
          f"match PyTorch bit for bit "
          f"({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        kill_started()
