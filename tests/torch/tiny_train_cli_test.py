#!/usr/bin/env python3
"""The command line of torch_tiny_train (the parity runner): options that would be ignored are
refused, a resume must match its checkpoint, exit statuses and one-line messages, --version.

Usage: tiny_train_cli_test.py PATH_TO_TORCH_TINY_TRAIN VERSION
"""
import os
import random
import struct
import subprocess
import sys
import tempfile
import unittest

RUNNER = None
VERSION = None
N, IN, HIDDEN, OUT = 8, 4, 3, 2


def write_data(path):
    """A tiny data file in the format parity.py writes (see tiny_train.hpp)."""
    rng = random.Random(0)
    floats = lambda count: struct.pack(f"<{count}d", *(rng.uniform(-1, 1) for _ in range(count)))
    with open(path, "wb") as f:
        f.write(b"LRSTINY1" + struct.pack("<4q", N, IN, HIDDEN, OUT))
        f.write(floats(N * IN))
        f.write(struct.pack(f"<{N}q", *(rng.randrange(OUT) for _ in range(N))))
        f.write(floats(HIDDEN * IN) + floats(HIDDEN) + floats(OUT * HIDDEN) + floats(OUT))


class Cli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, "tiny.bin")
        write_data(cls.data)
        cls.base = ["--data", cls.data, "--scheduler", "StepLR(step_size=2)", "--batch-size",
                    "4", "--epochs", "3", "--lr", "0.1", "--momentum", "0.9"]
        cls.ckpt = os.path.join(cls.tmp.name, "ckpt")
        subprocess.run([RUNNER, *cls.base, "--stop-at", "3", "--checkpoint", cls.ckpt],
                       check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def fails(self, status, *args):
        proc = subprocess.run([RUNNER, *args], capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, status, proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
        return proc.stderr.rstrip("\n")

    def test_version(self):
        proc = subprocess.run([RUNNER, "--version"], capture_output=True, text=True)
        self.assertEqual((proc.returncode, proc.stdout), (0, f"torch_tiny_train (lrsched {VERSION})\n"))

    def test_resume_continues(self):
        proc = subprocess.run([RUNNER, *self.base, "--resume", self.ckpt], capture_output=True,
                              text=True, check=True)
        self.assertEqual(proc.stdout.splitlines()[0].split()[:2], ["step", "3"])

    def test_ignored_options_are_refused(self):
        self.assertEqual(
            self.fails(2, "--data", self.data, "--scheduler", "StepLR(2)", "--optimizer", "adam",
                       "--momentum", "0"),
            "torch_tiny_train: error: --momentum applies to sgd and rmsprop, not adam")
        self.assertEqual(self.fails(2, *self.base, "--checkpoint", self.ckpt),
                         "torch_tiny_train: error: --checkpoint needs --stop-at: the step after "
                         "which to save")
        self.assertEqual(self.fails(2, *self.base, "--stop-at", "2"),
                         "torch_tiny_train: error: --stop-at needs --checkpoint: the folder to "
                         "save into")
        self.assertEqual(self.fails(2, *self.base, "--stop-at", "7", "--checkpoint", self.ckpt),
                         "torch_tiny_train: error: --stop-at 7: this run takes steps 1 to 6")

    def test_resume_must_match_the_checkpoint(self):
        args = [a if a != "0.1" else "0.5" for a in self.base]
        self.assertEqual(self.fails(2, *args, "--resume", self.ckpt),
                         f"torch_tiny_train: error: --lr 0.5: the checkpoint in {self.ckpt} was "
                         "made with --lr 0.1")
        self.assertEqual(self.fails(2, *self.base, "--step-per", "batch", "--resume", self.ckpt),
                         "torch_tiny_train: error: --step-per batch: the checkpoint in "
                         f"{self.ckpt} was made with --step-per epoch")
        args = [a if a != "StepLR(step_size=2)" else "StepLR(3)" for a in self.base]
        self.assertEqual(self.fails(2, *args, "--resume", self.ckpt),
                         f'torch_tiny_train: error: --scheduler "StepLR(3)": the checkpoint in '
                         f'{self.ckpt} was made with --scheduler "StepLR(step_size=2)"')
        args = [a if a != "3" else "1" for a in self.base]
        self.assertEqual(self.fails(2, *args, "--resume", self.ckpt),
                         f"torch_tiny_train: error: --epochs 1: the checkpoint in {self.ckpt} is "
                         "at step 3, past the 2 steps of that many epochs")

    def test_exit_statuses(self):
        self.assertEqual(self.fails(2, *self.base, "--bogus"),
                         "torch_tiny_train: error: The following argument was not expected: "
                         "--bogus (see --help)")
        missing = os.path.join(self.tmp.name, "missing.bin")
        self.assertEqual(self.fails(3, "--data", missing, "--scheduler", "StepLR(2)"),
                         f"torch_tiny_train: error: cannot read {missing}")
        self.assertIn(f"no checkpoint in {self.tmp.name}",
                      self.fails(3, *self.base, "--resume", self.tmp.name))
        self.assertEqual(self.fails(1, "--data", self.data, "--scheduler", "StepLR(gama=2)"),
                         "torch_tiny_train: TypeError: StepLR.__init__() got an unexpected "
                         "keyword argument 'gama'. Did you mean 'gamma'?")


if __name__ == "__main__":
    RUNNER = sys.argv.pop(1)
    VERSION = sys.argv.pop(1)
    unittest.main(verbosity=1)
