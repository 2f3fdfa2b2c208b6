#!/usr/bin/python3
"""The cost of data-parallel training with lrsched on c10d/Gloo, on this machine, written into
bench/results.json under "distributed".

    /usr/bin/python3 bench/distributed_bench.py [--build build] [--results bench/results.json]

Measures, on 127.0.0.1:
- one lrsched::torch::distributed::reduce_metric call (a float64 all-reduce) and one
  check_same_state call (the scheduler's state document digested and all-gathered; OneCycleLR
  with two param groups), per call, averaged over 2,000 calls after 100 of warm-up, on 2 and 4
  ranks (tests/torch/distributed_worker --bench-calls);
- one epoch of examples/fashion_mnist (all 60,000 samples, batches of 64, the default MLP,
  OneCycleLR per batch) in one process, and data-parallel on 1, 2 and 4 ranks (--nproc), each
  rank on one thread (OMP_NUM_THREADS=1): the epoch time the program prints.
With 2 cores, 4 ranks share them; the figures show the protocol's cost and the scaling to 2
ranks, not what 4 machines would give.
"""

import argparse
import json
import os
import re
import socket
import subprocess


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def collective_costs(worker, world):
    port = str(free_port())
    procs = []
    for rank in range(world):
        env = dict(os.environ, RANK=str(rank), WORLD_SIZE=str(world), MASTER_ADDR="127.0.0.1",
                   MASTER_PORT=port, OMP_NUM_THREADS="1")
        procs.append(subprocess.Popen(
            [worker, "--spec", "OneCycleLR(max_lr=0.1, total_steps=1000)", "--steps", "1",
             "--lr", "0.1,0.05", "--momentum", "0.9", "--bench-calls", "2000"],
            env=env, stdout=subprocess.PIPE, text=True))
    runs = [json.loads(p.communicate(timeout=300)[0]) for p in procs]
    return {"ranks": world,
            "reduce_metric_us": max(r["reduce_metric_us"] for r in runs),
            "check_same_state_us": max(r["check_same_state_us"] for r in runs)}


def epoch_seconds(program, nproc):
    args = [program, "--epochs", "1", "--no-progress", "--scheduler",
            "OneCycleLR(max_lr=0.1, total_steps={total_steps})", "--step-per", "batch"]
    if nproc:
        args += ["--nproc", str(nproc)]
    out = subprocess.run(args, check=True, capture_output=True, text=True, timeout=1800,
                         env=dict(os.environ, OMP_NUM_THREADS="1")).stdout
    line = re.search(r"^epoch 1/1 .*  ([0-9.]+)s$", out, re.M)
    return {"ranks": nproc or None, "epoch_s": float(line.group(1)),
            "test_accuracy": float(re.search(r"test accuracy ([0-9.]+)%", line.group(0))[1])}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--results", default="bench/results.json")
    args = parser.parse_args()
    worker = os.path.join(args.build, "tests/torch/torch_distributed_worker")
    program = os.path.join(args.build, "examples/fashion_mnist")
    result = {
        "machine_cores": os.cpu_count(),
        "collectives": [collective_costs(worker, world) for world in (2, 4)],
        "fashion_mnist_epoch": [epoch_seconds(program, n) for n in (0, 1, 2, 4)],
    }
    with open(args.results) as f:
        results = json.load(f)
    results["distributed"] = result
    with open(args.results, "w") as f:
        json.dump(results, f, indent=1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
