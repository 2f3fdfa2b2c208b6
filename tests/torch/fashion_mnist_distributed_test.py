#!/usr/bin/python3
"""examples/fashion_mnist data-parallel on c10d/Gloo, on 127.0.0.1, with Debian's Fashion-MNIST
(the first 2,000 training samples):

- `--nproc 2` and `--nproc 4` step the schedule exactly as one process does: the lr of every
  step (rank 0's history) equal to the last bit; every epoch's lr is checked equal on all ranks
  by the program itself (a plateau schedule on the all-reduced test loss included);
- ranks started one by one with torchrun's variables (as a launcher starts them) train together,
  and only rank 0 prints;
- one rank of four killed in the middle of an epoch: the others exit non-zero with a message
  naming the collective and their rank, within the timeout; restarted from the checkpoint, the
  run ends with the same weights, scheduler state and epoch lines as the run that was never
  stopped, byte for byte, and the same momentum buffers bit for bit;
- that checkpoint resumed on 2 ranks, and on one process: the schedule continues where it was;
- the launcher's mistakes are one line each.

    fashion_mnist_distributed_test.py PATH_TO_FASHION_MNIST
"""

import csv
import filecmp
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import torch

PROGRAM = None
LIMIT, EPOCHS, TIMEOUT = 2000, 4, 20
ONECYCLE = ["--scheduler", "OneCycleLR(max_lr=0.1, total_steps={total_steps})",
            "--step-per", "batch"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def common(*args, epochs=EPOCHS):
    return ["--limit", str(LIMIT), "--epochs", str(epochs), "--no-progress",
            "--timeout", str(TIMEOUT), *args]


def run(*args, env=None, cwd=None):
    return subprocess.run([PROGRAM, *args], capture_output=True, text=True, timeout=300, env=env,
                          cwd=cwd)


def start_ranks(world, args, cwd):
    """The ranks started as torchrun starts them: one process each, told by the environment."""
    port = str(free_port())
    procs = []
    for rank in range(world):
        env = dict(os.environ, RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(world),
                   MASTER_ADDR="127.0.0.1", MASTER_PORT=port)
        procs.append(subprocess.Popen([PROGRAM, *args], env=env, cwd=cwd, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    return procs


def finish(procs, timeout=300):
    results = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        results.append((p.returncode, out, err))
    return results


def history(folder):
    """(batch lrs by step, epoch rows) of a checkpoint's history.csv."""
    with open(os.path.join(folder, "history.csv")) as f:
        rows = list(csv.DictReader(f))
    lrs = {int(r["step"]): r["lr"] for r in rows if r["kind"] == "batch"}
    return lrs, [r for r in rows if r["kind"] == "epoch"]


def checkpoint_files(folder):
    """The checkpoint's files by kind (model, optimizer, scheduler), newest generation."""
    with open(os.path.join(folder, "checkpoint.json")) as f:
        m = json.load(f)
    return {kind: os.path.join(folder, m[kind]) for kind in ("model", "optimizer", "scheduler")}


def momentum_buffers(path):
    """SGD's momentum buffers in a libtorch optimizer archive, by shape (each of the model's four
    parameters has its own). The archive names them by the parameters' addresses in the process
    that saved them, so its bytes differ from run to run; the buffers must not."""
    archive = torch.jit.load(path)
    return {tuple(s.momentum_buffer.shape): s.momentum_buffer
            for _, s in archive.state.named_children()}


class DataParallel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        # The one-process run every data-parallel one is compared with.
        proc = run(*common(*ONECYCLE, "--checkpoint", os.path.join(cls.dir, "one")))
        assert proc.returncode == 0, proc.stderr
        cls.one_lrs, cls.one_epochs = history(os.path.join(cls.dir, "one"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def folder(self, name):
        return os.path.join(self.dir, name)

    def test_nproc_ranks_step_the_one_process_schedule(self):
        for nproc in (2, 4):
            with self.subTest(nproc=nproc):
                out = self.folder(f"nproc{nproc}")
                proc = run(*common(*ONECYCLE, "--nproc", str(nproc),
                                   "--checkpoint", out))
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(proc.stderr, "")
                self.assertIn(f"data-parallel on {nproc} ranks", proc.stdout)
                self.assertEqual(proc.stdout.count(f"/{EPOCHS}  train loss"), EPOCHS)
                lrs, epochs = history(out)
                self.assertEqual(len(lrs), 32 * EPOCHS)
                self.assertEqual(lrs, self.one_lrs)
                self.assertEqual([e["lr"] for e in epochs], [e["lr"] for e in self.one_epochs])
                # the same training up to the order of float32 sums
                for mine, one in zip(epochs, self.one_epochs):
                    self.assertAlmostEqual(float(mine["test_loss"]), float(one["test_loss"]),
                                           delta=1e-3)

    def test_plateau_on_the_reduced_test_loss(self):
        proc = run(*common("--scheduler",
                           "ReduceLROnPlateau(patience=0, factor=0.5, threshold=0.2)",
                           "--nproc", "4", "--checkpoint", self.folder("plateau")))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lrs = [float(e["lr"]) for e in history(self.folder("plateau"))[1]]
        self.assertLess(lrs[-1], 0.05)  # it did reduce: the state check ran on moving lrs

    def test_ranks_started_by_a_launcher(self):
        results = finish(start_ranks(2, common(*ONECYCLE, epochs=1),
                                     self.dir))
        self.assertEqual([code for code, _, _ in results], [0, 0],
                         [err for _, _, err in results])
        self.assertIn("epoch 1/1", results[0][1])
        self.assertEqual(results[1][1], "")  # only rank 0 prints

    def test_a_killed_rank_stops_the_others_and_the_restart_is_exact(self):
        whole, cut = self.folder("whole"), self.folder("cut")
        results = finish(start_ranks(4, common(*ONECYCLE, "--checkpoint", whole),
                                     self.dir))
        self.assertEqual([code for code, _, _ in results], [0] * 4,
                         [err for _, _, err in results])

        procs = start_ranks(4, common(*ONECYCLE, "--checkpoint", cut), self.dir)
        for line in procs[0].stdout:  # rank 0's epoch lines, as they come
            if line.startswith("epoch 2/"):
                break
        # Rank 0 prints an epoch's line, then writes its checkpoint: wait for that to be whole.
        for _ in range(600):
            if os.path.exists(os.path.join(cut, "history.csv")) and len(history(cut)[1]) == 2:
                break
            time.sleep(0.05)
        time.sleep(0.3)  # into epoch 3
        killed = time.monotonic()
        procs[2].send_signal(signal.SIGKILL)
        results = finish(procs, timeout=TIMEOUT + 30)
        stopped = time.monotonic() - killed
        self.assertEqual(results[2][0], -signal.SIGKILL)
        for rank in (0, 1, 3):
            code, _, err = results[rank]
            self.assertNotEqual(code, 0, f"rank {rank}")
            self.assertRegex(err, rf"^fashion_mnist: rank {rank} of 4: .*failed on rank "
                                  rf"{rank} of 4 \(another rank stopped, or .*\n$")
        self.assertLess(stopped, TIMEOUT + 5)
        self.assertEqual(history(cut)[1][-1]["step"], "64")  # the checkpoint after epoch 2

        shutil.copytree(cut, self.folder("cut_copy"))
        results = finish(start_ranks(4, common("--resume", cut, "--checkpoint", cut),
                                     self.dir))
        self.assertEqual([code for code, _, _ in results], [0] * 4,
                         [err for _, _, err in results])
        self.assertIn("resumed from", results[0][1])
        whole_files, cut_files = checkpoint_files(whole), checkpoint_files(cut)
        for kind in ("model", "scheduler"):
            self.assertTrue(filecmp.cmp(whole_files[kind], cut_files[kind], shallow=False), kind)
        whole_buffers = momentum_buffers(whole_files["optimizer"])
        cut_buffers = momentum_buffers(cut_files["optimizer"])
        self.assertEqual(len(whole_buffers), 4)
        self.assertEqual(whole_buffers.keys(), cut_buffers.keys())
        for shape, buffer in whole_buffers.items():
            self.assertTrue(torch.equal(buffer, cut_buffers[shape]), shape)
        self.assertEqual(history(cut)[1], history(whole)[1])

        # The same checkpoint on another number of ranks: the schedule goes on where it was.
        for extra in (["--nproc", "2"], []):
            with self.subTest(extra=extra):
                moved = self.folder(f"moved{len(extra)}")
                shutil.copytree(self.folder("cut_copy"), moved)
                proc = run(*common("--resume", moved, "--checkpoint", moved, *extra))
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertIn("after epoch 2 (step 64)", proc.stdout)
                lrs, epochs = history(moved)
                self.assertEqual(lrs, history(whole)[0])
                self.assertEqual(len(epochs), EPOCHS)

    def test_launcher_mistakes_are_one_line(self):
        env = dict(os.environ, WORLD_SIZE="2", RANK="0", MASTER_PORT="1")
        proc = run("--nproc", "2", env=env)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr, "fashion_mnist: error: --nproc 2: WORLD_SIZE is set, so a "
                                      "launcher already started this rank; leave out --nproc\n")
        # A rank's own error, under --nproc: each rank's line, then the launcher's, the status
        # of the first.
        proc = run("--nproc", "2", "--data", os.path.join(self.dir, "nowhere"), "--timeout", "5")
        self.assertEqual(proc.returncode, 3)  # a file error
        lines = sorted(proc.stderr.splitlines())
        self.assertEqual(len(lines), 4, proc.stderr)
        for rank in (0, 1):
            self.assertIn(f"fashion_mnist: rank {rank} of 2 exited with status 3", lines)
            self.assertTrue(any(line.startswith(f"fashion_mnist: rank {rank} of 2: error: ")
                                and "train-images-idx3-ubyte.gz not found" in line
                                for line in lines), lines)
        for variables, message in (
                ({"WORLD_SIZE": "4", "RANK": "4", "MASTER_PORT": "29500"},
                 "RANK=4: expected a whole number from 0 to 3"),
                ({"WORLD_SIZE": "2", "RANK": "1"}, "MASTER_PORT is not set"),
                ({"WORLD_SIZE": "two", "RANK": "0"},
                 "WORLD_SIZE=two: expected a whole number from 1 to 1024")):
            with self.subTest(variables=variables):
                env = {k: v for k, v in os.environ.items()
                       if k not in ("RANK", "WORLD_SIZE", "MASTER_PORT", "MASTER_ADDR")}
                proc = run("--epochs", "1", env=dict(env, **variables))
                self.assertNotEqual(proc.returncode, 0)
                self.assertEqual(proc.stderr, f"fashion_mnist: error: {message}\n")


def main():
    global PROGRAM
    PROGRAM = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:])


if __name__ == "__main__":
    main()
