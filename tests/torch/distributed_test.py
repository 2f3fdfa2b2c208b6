#!/usr/bin/python3
"""lrsched::torch::distributed on c10d/Gloo: 2 and 4 local ranks on 127.0.0.1, each process
started here with torchrun's environment (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT).

    distributed_test.py WORKER LRSCHED

- Every rank's lr and momentum are identical at every step, and equal to one process's
  (`lrsched simulate`) fed the all-reduced metric; stepped on their own metrics, the ranks of a
  plateau scheduler diverge (so the comparison can fail).
- check_same_state catches a rank whose scheduler stepped once more, naming it and the field;
  broadcast_state repairs it.
- A rank killed mid-run makes the others exit non-zero with the message within the timeout.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest

WORKER = LRSCHED = None
STEPS = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_ranks(world, args, timeout=60):
    """Starts `world` workers; returns [(returncode, stdout, stderr)] by rank."""
    port = free_port()
    procs = []
    for rank in range(world):
        env = dict(os.environ, RANK=str(rank), WORLD_SIZE=str(world), MASTER_ADDR="127.0.0.1",
                   MASTER_PORT=str(port), OMP_NUM_THREADS="1")
        procs.append(subprocess.Popen([WORKER] + args, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    results = []
    deadline = time.monotonic() + timeout
    for p in procs:
        try:
            out, err = p.communicate(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for q in procs:
                q.kill()
            raise AssertionError(f"the ranks did not finish within {timeout} s: {args}")
        results.append((p.returncode, out, err))
    return results


def base_metric(k):
    """The metric the ranks' values average to (distributed_worker.cpp: metric())."""
    return 1.0 - k / 64.0 if k < 30 else 0.5 + (k % 7) / 256.0


def one_process(spec, options, plateau):
    """`lrsched simulate` of the same run: (lr, momentum) flattened per step as the worker
    prints them (groups within a step)."""
    argv = [LRSCHED, "simulate", spec, "--format", "json", "--steps", str(STEPS)] + options
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(repr(base_metric(k)) for k in range(STEPS)) + "\n")
        metrics = f.name
    try:
        if plateau:
            argv += ["--metrics", metrics]
        doc = json.loads(subprocess.run(argv, check=True, capture_output=True,
                                        text=True).stdout)
    finally:
        os.unlink(metrics)
    flat = lambda groups: [groups[g][k] for k in range(STEPS) for g in range(len(groups))]  # noqa
    return flat(doc["lr"]), flat(doc.get("momentum", []))


CASES = [
    # (spec, worker and CLI options, plateau)
    ("OneCycleLR(max_lr=0.1, total_steps=60)", ["--optimizer", "sgd", "--momentum", "0.9",
                                                "--lr", "0.1,0.05"], False),
    ("SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=10), "
     "CosineAnnealingLR(T_max=50)], milestones=[10])", ["--lr", "0.1"], False),
    ("ReduceLROnPlateau(patience=2, factor=0.5)", ["--lr", "0.1,0.2"], True),
]


class Distributed(unittest.TestCase):
    def ranks_agree(self, world, spec, options, extra=()):
        results = run_ranks(world, ["--spec", spec, "--steps", str(STEPS)] + options + list(extra))
        for rank, (code, _, err) in enumerate(results):
            self.assertEqual(code, 0, f"rank {rank} of {world}: {err}")
        runs = [json.loads(out) for _, out, _ in results]
        return runs

    def test_every_rank_follows_the_one_process_schedule(self):
        for world in (2, 4):
            for spec, options, plateau in CASES:
                with self.subTest(world=world, spec=spec):
                    runs = self.ranks_agree(world, spec, options)
                    want_lr, want_momentum = one_process(spec, options, plateau)
                    for run in runs:
                        self.assertEqual(run["lr"], want_lr, f"rank {run['rank']}")
                        self.assertEqual(run["momentum"], want_momentum, f"rank {run['rank']}")

    def test_without_the_metric_reduction_plateau_ranks_diverge(self):
        spec, options, _ = CASES[2]
        runs = self.ranks_agree(2, spec, options, extra=["--own-metric"])
        self.assertNotEqual(runs[0]["lr"], runs[1]["lr"])

    def test_the_state_check_names_a_rank_that_stepped_once_more(self):
        spec, options, _ = CASES[0]
        results = run_ranks(4, ["--spec", spec, "--steps", "5", "--check",
                                "--extra-step-on", "2"] + options)
        for rank, (code, _, err) in enumerate(results):
            self.assertEqual(code, 1, f"rank {rank}: {err}")
            # after the first step: rank 2 has taken two (and the constructor's), the others one
            self.assertEqual(err, "distributed_worker: StateError: scheduler state differs "
                             "across ranks: rank 2 has scheduler.state._step_count = 3, rank 0 "
                             "has 2\n")
        # rank 0's state broadcast puts it right
        results = run_ranks(4, ["--spec", spec, "--steps", "5", "--check", "--extra-step-on", "2",
                                "--broadcast"] + options)
        self.assertEqual([code for code, _, _ in results], [0, 0, 0, 0],
                         [err for _, _, err in results])

    def test_a_killed_rank_stops_the_others_within_the_timeout(self):
        spec, options, _ = CASES[2]
        start = time.monotonic()
        results = run_ranks(4, ["--spec", spec, "--steps", "1000000", "--timeout-ms", "5000",
                                "--die-at", "20", "--die-rank", "1"] + options, timeout=60)
        elapsed = time.monotonic() - start
        self.assertEqual(results[1][0], -9)  # SIGKILL
        for rank in (0, 2, 3):
            code, _, err = results[rank]
            self.assertEqual(code, 1, f"rank {rank}: {err}")
            self.assertIn("lrsched::torch::distributed::reduce_metric failed on rank "
                          f"{rank} of 4", err)
        self.assertLess(elapsed, 30)


def main():
    global WORKER, LRSCHED
    WORKER, LRSCHED = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:])


if __name__ == "__main__":
    main()
