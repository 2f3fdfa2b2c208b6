#!/usr/bin/env python3
"""End-to-end tests of examples/fashion_mnist on a small synthetic data set in the Fashion-MNIST
file format: options honoured or refused (never ignored), resume from checkpoints, outputs
checked before training, exit statuses and one-line messages, and the --plot figure.

Usage: fashion_mnist_test.py PATH_TO_FASHION_MNIST VERSION
"""
import gzip
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import unittest

PROGRAM = None
VERSION = None
TRAIN, TEST = 128, 64


def write_idx(path, dims, values):
    header = struct.pack(">BBBB", 0, 0, 0x08, len(dims)) + struct.pack(f">{len(dims)}I", *dims)
    with gzip.open(path, "wb") as f:
        f.write(header + bytes(values))


def write_data(folder):
    """Random 28x28 images and labels 0-9, in the four files Debian's package holds."""
    rng = random.Random(0)
    for prefix, n in (("train", TRAIN), ("t10k", TEST)):
        write_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"), [n, 28, 28],
                  [rng.randrange(256) for _ in range(n * 28 * 28)])
        write_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"), [n],
                  [rng.randrange(10) for _ in range(n)])


class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        cls.data = os.path.join(cls.dir, "data")
        os.mkdir(cls.data)
        write_data(cls.data)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_program(self, *args, data=True):
        extra = ["--data", self.data, "--no-progress"] if data else []
        return subprocess.run([PROGRAM, *args, *extra], capture_output=True, text=True,
                              timeout=120)

    def ok(self, *args):
        proc = self.run_program(*args)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def fails(self, status, *args, data=True):
        """Runs a command that must fail with `status`: one line on stderr, nothing trained."""
        proc = self.run_program(*args, data=data)
        self.assertEqual(proc.returncode, status, proc.stderr)
        self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
        self.assertNotIn("epoch 1/", proc.stdout)
        return proc.stderr.rstrip("\n")


def epoch_lines(stdout):
    """The epoch lines without their timing."""
    return [re.sub(r"\s+[\d.]+s$", "", line) for line in stdout.splitlines()
            if line.startswith("epoch ")]


class Resume(Base):
    # Not the defaults, so that a resumed run that fell back on a default would differ.
    SETTINGS = ["--optimizer", "rmsprop", "--lr", "0.002", "--momentum", "0.5", "--batch-size",
                "32", "--hidden", "16", "--seed", "7", "--step-per", "batch", "--scheduler",
                "OneCycleLR(max_lr=0.01, total_steps={total_steps})"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ckpt = os.path.join(cls.dir, "ckpt")
        cls.first = subprocess.run(
            [PROGRAM, *cls.SETTINGS, "--epochs", "2", "--checkpoint", cls.ckpt, "--data",
             cls.data, "--no-progress"], capture_output=True, text=True, check=True).stdout

    def test_resume_takes_every_setting_from_the_checkpoint(self):
        # total_steps was 8 batches (2 epochs of 4): a third epoch is past the schedule's end.
        self.assertIn("scheduler OneCycleLR(max_lr=0.01, total_steps=8) stepped per batch",
                      self.first)
        again = self.ok("--resume", self.ckpt, "--epochs", "2")
        self.assertIn("resumed from", again)
        self.assertEqual(epoch_lines(again), [])
        self.assertIn("after 2 epochs", again)
        # Left out, --epochs is the checkpoint's plan; nothing is left to train.
        self.assertEqual(epoch_lines(self.ok("--resume", self.ckpt)), [])

    def test_resumed_epochs_are_the_uninterrupted_runs(self):
        ckpt = os.path.join(self.dir, "step_lr")
        settings = [s.replace("OneCycleLR(max_lr=0.01, total_steps={total_steps})",
                              "StepLR(step_size=3, gamma=0.5)") for s in self.SETTINGS]
        full = self.ok(*settings, "--epochs", "3")
        first = self.ok(*settings, "--epochs", "1", "--checkpoint", ckpt)
        rest = self.ok("--resume", ckpt, "--epochs", "3")
        self.assertIn("resumed from", rest)
        self.assertEqual(epoch_lines(first)[0], epoch_lines(full)[0].replace("/3", "/1"))
        self.assertEqual(epoch_lines(rest), epoch_lines(full)[1:])
        # Options given again with the checkpoint's values are accepted.
        self.assertEqual(epoch_lines(self.ok(*settings, "--epochs", "3", "--resume", ckpt)),
                         epoch_lines(full)[1:])

    def test_conflicting_options_are_refused_with_the_checkpoints_value(self):
        for option, value, held in [
                ("--lr", "0.5", "0.002"), ("--optimizer", "sgd", "rmsprop"),
                ("--momentum", "0.9", "0.5"), ("--batch-size", "64", "32"),
                ("--hidden", "128", "16"), ("--seed", "0", "7"), ("--step-per", "epoch", "batch"),
                ("--scheduler", "StepLR(2)", '"OneCycleLR(max_lr=0.01, total_steps=8)"')]:
            with self.subTest(option=option):
                shown = f'"{value}"' if option == "--scheduler" else value
                self.assertEqual(
                    self.fails(2, "--resume", self.ckpt, option, value),
                    f"fashion_mnist: error: {option} {shown}: the checkpoint in {self.ckpt} was "
                    f"made with {option} {held}; leave out {option} to resume with it, or leave "
                    "out --resume to start a new run")
        self.assertEqual(
            self.fails(2, "--resume", self.ckpt, "--limit", "64"),
            f"fashion_mnist: error: --limit 64: the checkpoint in {self.ckpt} was trained on the "
            f"first {TRAIN} samples; leave out --limit to resume with them")

    def test_epochs_before_the_checkpoints_are_refused(self):
        self.assertEqual(
            self.fails(2, "--resume", self.ckpt, "--epochs", "1"),
            f"fashion_mnist: error: --epochs 1: the checkpoint in {self.ckpt} already holds 2 "
            "epochs; give --epochs 3 or more to train further")

    def test_schedule_past_its_end_is_the_schedules_error(self):
        proc = self.run_program("--resume", self.ckpt, "--epochs", "3")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertRegex(proc.stderr, r"^fashion_mnist: ValueError: Tried to step 9 times\. "
                                      r"The specified number of total steps is 8\n$")

    def test_momentum_for_the_checkpoints_adam(self):
        ckpt = os.path.join(self.dir, "adam")
        self.ok("--optimizer", "adam", "--epochs", "1", "--checkpoint", ckpt)
        self.assertEqual(self.fails(2, "--resume", ckpt, "--momentum", "0.9"),
                         "fashion_mnist: error: --momentum applies to sgd and rmsprop, not adam "
                         f"(the optimizer of the checkpoint in {ckpt})")

    def test_bad_checkpoints_are_file_errors(self):
        empty = os.path.join(self.dir, "empty")
        os.mkdir(empty)
        self.assertIn(f"no checkpoint in {empty}", self.fails(3, "--resume", empty))
        broken = os.path.join(self.dir, "broken")
        self.ok("--epochs", "1", "--checkpoint", broken)
        with open(os.path.join(broken, "history.csv"), "r+") as f:
            line = len(f.readlines()) + 1
            f.write("batch,x,1,2,3,\n")
        self.assertEqual(
            self.fails(3, "--resume", broken, "--epochs", "2"),
            f"fashion_mnist: error: {broken}/history.csv: line {line} is not a batch or epoch row of "
            "kind,step,loss,accuracy,lr,test_loss")


class Options(Base):
    def test_unknown_placeholder_is_named_before_the_spec_is_parsed(self):
        spec = "OneCycleLR(max_lr=0.1, total_steps={steps})"
        self.assertEqual(self.fails(2, "--scheduler", spec),
                         f'fashion_mnist: error: --scheduler "{spec}": unknown placeholder '
                         "{steps}; the known ones are {total_steps}, {steps_per_epoch} and "
                         "{epochs}")

    def test_placeholders_are_this_runs_values(self):
        out = self.ok("--scheduler", "LambdaLR(lambda e: {steps_per_epoch} / ({epochs} + e))",
                      "--epochs", "1", "--batch-size", "50")
        self.assertIn("scheduler LambdaLR(lambda e: 3 / (1 + e)) stepped per epoch", out)

    def test_outputs_are_checked_before_training(self):
        self.assertEqual(
            self.fails(3, "--checkpoint", "/proc/nope"),
            "fashion_mnist: error: --checkpoint /proc/nope: cannot create the folder (No such "
            "file or directory)")
        a_file = os.path.join(self.dir, "a_file")
        open(a_file, "w").close()
        self.assertIn("--checkpoint " + a_file, self.fails(3, "--checkpoint", a_file))
        missing = os.path.join(self.dir, "missing", "x.png")
        self.assertEqual(self.fails(3, "--plot", missing),
                         f"fashion_mnist: error: --plot: cannot write '{missing}': No such file "
                         "or directory")
        self.assertEqual(self.fails(2, "--plot", os.path.join(self.dir, "x.gif")),
                         f"fashion_mnist: error: --plot {self.dir}/x.gif: use a .png, .svg or "
                         ".pdf file name")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "missing")))

    def test_plural_forms(self):
        out = self.ok("--limit", "1", "--epochs", "1")
        self.assertIn("Fashion-MNIST: 1 training sample, 64 test; 1 batch of 64 per epoch;", out)
        self.assertRegex(out, r"done: test accuracy [\d.]+% after 1 epoch, ")
        out = self.ok("--limit", "100", "--batch-size", "50", "--epochs", "2")
        self.assertIn("Fashion-MNIST: 100 training samples, 64 test; 2 batches of 50 per epoch;",
                      out)
        self.assertRegex(out, r"done: test accuracy [\d.]+% after 2 epochs, ")

    def test_version(self):
        proc = self.run_program("--version", data=False)
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stdout, f"fashion_mnist (lrsched {VERSION})\n")

    def test_usage_errors_exit_2(self):
        self.assertEqual(self.fails(2, "--bogus", data=False),
                         "fashion_mnist: error: The following argument was not expected: --bogus "
                         "(see --help)")
        self.assertEqual(self.fails(2, "--lr", "0", data=False),
                         "fashion_mnist: error: --lr: must be a number above 0, not 0 (see --help)")
        self.assertEqual(self.fails(2, "--optimizer", "adam", "--momentum", "0.9", data=False),
                         "fashion_mnist: error: --momentum applies to sgd and rmsprop, not adam")
        self.assertIn("--seed", self.fails(2, "--seed", str(2**53 + 1), data=False))
        proc = self.run_program("--help", data=False)
        self.assertEqual(proc.returncode, 0)
        self.assertIn("--resume", proc.stdout)

    def test_schedule_errors_exit_1_with_the_python_type(self):
        self.assertEqual(self.fails(1, "--scheduler", "StepLR(gama=0.1)"),
                         'fashion_mnist: TypeError: --scheduler "StepLR(gama=0.1)": '
                         "StepLR.__init__() got an unexpected keyword argument 'gama'. Did you "
                         "mean 'gamma'?")

    def test_missing_data_exits_3(self):
        missing = os.path.join(self.dir, "nothing")
        self.assertEqual(self.fails(3, "--data", missing, data=False),
                         f"fashion_mnist: error: {missing}/train-images-idx3-ubyte.gz not found: "
                         "install Debian's dataset-fashion-mnist package (apt install "
                         "dataset-fashion-mnist) or point --data at a folder with the four "
                         "*-ubyte.gz files")


def ink_runs(flags, min_gap):
    """Runs of True in `flags` as (first, last), merging runs less than `min_gap` apart."""
    runs = []
    for i, flag in enumerate(flags):
        if not flag:
            continue
        if runs and i - runs[-1][1] <= min_gap:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


class Plot(Base):
    def test_axes_read_well(self):
        from PIL import Image
        path = os.path.join(self.dir, "run.png")
        # Wide lr tick labels (0.01234 decaying slowly) and noisy accuracies.
        self.ok("--lr", "0.01234", "--scheduler", "ExponentialLR(0.999)", "--step-per", "batch",
                "--batch-size", "8", "--limit", "64", "--epochs", "2", "--plot", path)
        with Image.open(path) as image:
            rgb = image.convert("RGB")
        w, h = rgb.size
        self.assertEqual((w, h), (1000, 1000))
        px = rgb.load()

        def ink(x, y):
            r, g, b = px[x, y]
            return r < 160 and g < 160 and b < 160

        # The frames' left edge: the column with the most ink in the left half.
        frame = max(range(w // 2), key=lambda x: sum(ink(x, y) for y in range(h)))
        panels = [run for run in ink_runs([ink(frame, y) for y in range(h)], 2)
                  if run[1] - run[0] > 100]
        self.assertEqual(len(panels), 3, panels)
        for name, (top, bottom) in zip(["loss", "accuracy", "learning rate"], panels):
            with self.subTest(panel=name):
                # Left of the frame: the y label, a blank gap, the tick labels.
                columns = ink_runs([any(ink(x, y) for y in range(top, bottom + 1))
                                    for x in range(frame - 2)], 12)
                self.assertEqual(len(columns), 2, f"y label and tick labels touch: {columns}")
                self.assertGreater(columns[0][0], 5, "the y label is cut at the left edge")
                labels = ink_runs([any(ink(x, y) for x in range(columns[1][0], columns[1][1] + 1))
                                   for y in range(top - 10, bottom + 11)], 3)
                self.assertGreaterEqual(len(labels), 3, f"{len(labels)} labelled ticks")


if __name__ == "__main__":
    PROGRAM = sys.argv.pop(1)
    VERSION = sys.argv.pop(1)
    unittest.main(verbosity=1)
