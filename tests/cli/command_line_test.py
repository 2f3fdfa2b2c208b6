#!/usr/bin/env python3
"""The command line as a newcomer meets it: options in any order, unknown words named with a
suggestion, numbers as Python spells them, one exit status per kind of failure, output that
starts at once and files that are checked before anything is printed.

Usage: command_line_test.py PATH_TO_LRSCHED
"""
import os
import subprocess
import sys
import tempfile
import time
import unittest

LRSCHED = None

USAGE, SCHEDULE, FILE = 2, 1, 3  # exit statuses (cli/exit_status.hpp, docs/guarantees.md)


def run(*args, stdin=None):
    return subprocess.run([LRSCHED, *args], capture_output=True, text=True, timeout=120,
                          input=stdin)


def rows(text):
    return text.strip().splitlines()[1:]


class CommandLine(unittest.TestCase):
    def assertRefused(self, proc, status, message):
        self.assertEqual(proc.returncode, status, proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)
        self.assertIn(message, proc.stderr)

    def test_options_in_any_order(self):
        expected = run("simulate", "StepLR(3)", "--lr", "0.1,0.2", "--steps", "5").stdout
        self.assertEqual(run("simulate", "--lr", "0.1,0.2", "StepLR(3)", "--steps", "5").stdout,
                         expected)
        self.assertEqual(run("simulate", "--steps", "5", "--lr", "0.1,0.2", "StepLR(3)").stdout,
                         expected)
        adam = run("simulate", "--optimizer", "adam", "--betas", "0.8,0.9",
                   "CyclicLR(0.01, 0.1, step_size_up=2, base_momentum=0.7, max_momentum=0.8)",
                   "--steps", "3")
        self.assertEqual(adam.returncode, 0, adam.stderr)
        self.assertEqual(adam.stdout, run("simulate", "CyclicLR(0.01, 0.1, step_size_up=2, "
                                          "base_momentum=0.7, max_momentum=0.8)", "--steps", "3",
                                          "--optimizer", "adam", "--betas", "0.8,0.9").stdout)

    def test_unknown_words_are_named_with_a_suggestion(self):
        self.assertRefused(run("simulat", "StepLR(3)"), USAGE,
                           "lrsched: error: unknown command 'simulat'; did you mean 'simulate'?")
        self.assertRefused(run("--bogus"), USAGE, "lrsched: error: unknown option '--bogus'")
        self.assertRefused(run("simulate", "StepLR(3)", "--stesp", "3"), USAGE,
                           "unknown option '--stesp' for 'simulate'; did you mean '--steps'?")
        self.assertRefused(run("--lr", "0.1", "simulate", "StepLR(3)"), USAGE,
                           "option '--lr' goes after a command: lrsched simulate ... --lr")
        self.assertRefused(run(), USAGE, "a command is required: simulate")
        self.assertRefused(run("simulate"), USAGE, "lrsched: error: spec is required")

    def test_counts_and_numbers(self):
        proc = run("simulate", "StepLR(3)", "--steps", "-1")
        self.assertRefused(proc, USAGE, "lrsched: error: --steps: must be at least 0, got -1")
        self.assertLess(len(proc.stderr), 100)  # no 1.79e308 written out in full
        self.assertRefused(run("simulate", "StepLR(3)", "--steps", "99999999999999999999"), USAGE,
                           "--steps: 99999999999999999999 does not fit in a 64-bit count")
        self.assertRefused(run("simulate", "StepLR(3)", "--steps", "ten"), USAGE,
                           "--steps: expected a whole number, got 'ten'")
        self.assertEqual(len(rows(run("simulate", "StepLR(3)", "--steps", "1_000").stdout)), 1000)
        self.assertEqual(len(rows(run("simulate", "StepLR(3)", "--steps", "2e3").stdout)), 2000)
        self.assertRefused(run("simulate", "StepLR(3)", "--lr", ""), USAGE, "--lr: empty value")
        self.assertRefused(run("simulate", "StepLR(3)", "--lr", "0.1,"), USAGE,
                           "--lr: empty item in '0.1,'")
        self.assertRefused(run("simulate", "StepLR(3)", "--lr", "0.1x"), USAGE,
                           "--lr: expected a number, got '0.1x'")

    def test_exit_status_tells_usage_schedule_and_file_errors_apart(self):
        self.assertRefused(run("simulate", "LinearLR(start_factor=2)"), SCHEDULE,
                           "lrsched: ValueError: Starting multiplicative factor")
        self.assertRefused(run("simulate", "StepLR(3)", "--metrics", "nope.txt"), USAGE,
                           "--metric/--metrics only apply to schedulers stepped on a metric")
        self.assertRefused(run("simulate", "ReduceLROnPlateau()", "--metrics", "/nonexistent"),
                           FILE, "cannot read metrics file '/nonexistent': No such file")

    def test_optimizer_options_it_does_not_have_are_refused(self):
        self.assertRefused(run("simulate", "StepLR(3)", "--optimizer", "adam", "--momentum", "0.9"),
                           USAGE, "--momentum: adam has no momentum (it has betas: use --betas")
        self.assertRefused(run("simulate", "StepLR(3)", "--betas", "0.9,0.99"), USAGE,
                           "--betas: sgd has no betas (it has momentum: use --momentum M)")
        self.assertRefused(run("simulate", "StepLR(3)", "--optimizer", "adagrad", "--momentum", "0.9"),
                           USAGE, "--momentum: adagrad has no momentum")
        ok = run("simulate", "OneCycleLR(0.1, total_steps=5)", "--optimizer", "rmsprop",
                 "--momentum", "0.9", "--steps", "1")
        self.assertEqual(ok.returncode, 0, ok.stderr)

    def test_output_paths_are_checked_before_anything_is_printed(self):
        for option in ("--save-state", "-o"):
            proc = run("simulate", "StepLR(3)", "--steps", "5", option, "/nonexistent/dir/x.json")
            self.assertRefused(proc, FILE,
                               "lrsched: error: cannot write '/nonexistent/dir/x.json': No such "
                               "file or directory")

    def test_first_row_appears_at_once_whatever_the_steps(self):
        proc = subprocess.Popen([LRSCHED, "simulate", "StepLR(3)", "--steps", "1000000000000"],
                                stdout=subprocess.PIPE, text=True)
        start = time.monotonic()
        try:
            self.assertEqual(proc.stdout.readline(), "step,lr_0\n")
            self.assertEqual(proc.stdout.readline(), "0,0.1\n")
            self.assertLess(time.monotonic() - start, 10)
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()

    def test_a_failure_within_the_held_back_rows_prints_nothing(self):
        self.assertRefused(run("simulate", "OneCycleLR(0.1, total_steps=10)", "--steps", "20"),
                           SCHEDULE, "at step 11: Tried to step 11 times")
        late = run("simulate", "OneCycleLR(0.1, total_steps=100000)", "--steps", "100001")
        self.assertEqual(late.returncode, SCHEDULE)
        self.assertIn("at step 100001: Tried to step 100001 times", late.stderr)
        self.assertIn("(the rows before it were printed)", late.stderr)
        self.assertEqual(len(rows(late.stdout)), 100001)  # rows 0..100000, then the failing step

    def test_json_refuses_what_it_cannot_hold(self):
        self.assertRefused(run("simulate", "StepLR(3)", "--format", "json", "--steps", "20000000"),
                           USAGE, "--format json keeps every row in memory")

    def test_closed_form_warns_once(self):
        proc = run("simulate", "StepLR(3)", "--closed-form", "--steps", "50")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(len(rows(proc.stdout)), 50)
        self.assertEqual(proc.stderr.count("UserWarning"), 1, proc.stderr)

    def test_non_finite_lrs_are_not_silent(self):
        for lr in ("nan", "inf"):
            proc = run("simulate", "StepLR(3)", "--lr", lr, "--steps", "2")
            self.assertEqual(proc.returncode, 0)
            self.assertEqual([r.split(",")[1] for r in rows(proc.stdout)], [lr, lr])
            self.assertEqual(proc.stderr,
                             f"lrsched: warning: --lr {lr} is not a finite number: PyTorch's "
                             "optimizers accept it, so lrsched does, but the lrs computed from "
                             "it are not finite either\n")
        proc = run("simulate", "LambdaLR(lambda e: 1e300 * 10.0 ** (100 * e))", "--steps", "3")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(rows(proc.stdout)[1].split(",")[1], "inf")
        self.assertEqual(proc.stderr, "lrsched: warning: the lr of group 0 is inf from step 1\n")

    def test_metrics_files_as_training_scripts_write_them(self):
        plain = run("simulate", "ReduceLROnPlateau(patience=0)", "--steps", "4",
                    "--metrics", "-", stdin="1\n2\n3\n4\n")
        self.assertEqual(plain.returncode, 0, plain.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            csv = os.path.join(tmp, "run.csv")
            with open(csv, "w", encoding="utf-8") as f:
                f.write("\ufeff# logged by train.py\nepoch,val_loss\n0,1\n1,2\n2,3\n3,4_0\n")
            with_column = run("simulate", "ReduceLROnPlateau(patience=0)", "--steps", "4",
                              "--metrics", csv + ":val_loss")
            self.assertEqual(with_column.returncode, 0, with_column.stderr)
            self.assertEqual(with_column.stdout, plain.stdout)
            self.assertRefused(run("simulate", "ReduceLROnPlateau()", "--metrics", csv), FILE,
                               "has columns epoch, val_loss: name one, as in")
            self.assertRefused(run("simulate", "ReduceLROnPlateau()", "--metrics", tmp), FILE,
                               f"cannot read metrics file '{tmp}': Is a directory")
            self.assertRefused(run("simulate", "StepLR(3)", "--load-state", tmp), FILE,
                               f"lrsched: StateError: cannot read '{tmp}': Is a directory")

    def test_steps_default_to_the_schedules_own_length(self):
        cases = {
            "OneCycleLR(0.1, total_steps=7)": 7,
            "OneCycleLR(0.1, epochs=2, steps_per_epoch=3)": 6,
            "CosineAnnealingLR(T_max=10)": 11,
            "LinearLR(total_iters=4)": 5,
            "SequentialLR([LinearLR(total_iters=3), CosineAnnealingLR(T_max=5)], milestones=[3])": 9,
            "transformers.get_linear_schedule_with_warmup(num_warmup_steps=2, num_training_steps=10)": 11,
            "optax.warmup_cosine_decay_schedule(0.0, 1.0, 5, 20)": 21,
            # WSD: num_stable_steps wins over num_training_steps, as in transformers.
            "transformers.get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3, num_stable_steps=4)": 10,
            "transformers.get_wsd_schedule(2, 3, num_training_steps=12)": 13,
            "timm.CosineLRScheduler(t_initial=10, warmup_t=3, warmup_prefix=True)": 14,
            "keras.optimizers.schedules.CosineDecay(0.1, decay_steps=20, warmup_steps=5)": 26,
            "StepLR(3)": 100,
        }
        for spec, expected in cases.items():
            with self.subTest(spec=spec):
                proc = run("simulate", spec)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(len(rows(proc.stdout)), expected)
                # The same rows as asking for them.
                self.assertEqual(run("simulate", spec, "--steps", str(expected)).stdout, proc.stdout)

    def test_steps_per_epoch_draws_an_epoch_schedule_per_batch(self):
        per_epoch = [r.split(",")[1] for r in rows(run("simulate", "StepLR(2)", "--steps", "4").stdout)]
        proc = run("simulate", "StepLR(2)", "--steps-per-epoch", "3", "--epochs", "4")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[0], "step,epoch,lr_0")
        table = [r.split(",") for r in rows(proc.stdout)]
        self.assertEqual([r[0] for r in table], [str(i) for i in range(12)])
        self.assertEqual([r[1] for r in table[:4]], ["0.0", "0.3333333333333333", "0.6666666666666666", "1.0"])
        self.assertEqual([r[2] for r in table], [lr for lr in per_epoch for _ in range(3)])
        # A schedule stepped per batch steps on every row: the same lrs as without the option.
        batch = run("simulate", "OneCycleLR(0.1, epochs=2, steps_per_epoch=3)", "--steps-per-epoch", "3")
        plain = run("simulate", "OneCycleLR(0.1, epochs=2, steps_per_epoch=3)")
        self.assertEqual([r.split(",")[2:] for r in rows(batch.stdout)],
                         [r.split(",")[1:] for r in rows(plain.stdout)])
        # The default length counts the schedule's epochs.
        self.assertEqual(len(rows(run("simulate", "CosineAnnealingLR(T_max=4)", "--steps-per-epoch", "2").stdout)), 10)
        # A plateau schedule gets one metric per epoch: `step` counts epochs.
        plateau = run("simulate", "ReduceLROnPlateau(patience=0)", "--steps-per-epoch", "2",
                      "--epochs", "3", "--metric", "step")
        self.assertEqual([r.split(",")[2] for r in rows(plateau.stdout)],
                         ["0.1", "0.1", "0.1", "0.1", "0.010000000000000002", "0.010000000000000002"])
        self.assertRefused(run("simulate", "StepLR(2)", "--epochs", "3"), USAGE,
                           "--epochs needs --steps-per-epoch K")
        self.assertRefused(run("simulate", "StepLR(2)", "--steps-per-epoch", "0"), USAGE,
                           "--steps-per-epoch: must be at least 1, got 0")

    def test_plot_refuses_what_it_cannot_draw(self):
        proc = run("plot", "StepLR(3)", "--lr", "nan", "--columns", "60")
        self.assertEqual(proc.returncode, USAGE)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(proc.stderr.splitlines(),  # the --lr warning, then the refusal
                         ["lrsched: warning: --lr nan is not a finite number: PyTorch's optimizers "
                          "accept it, so lrsched does, but the lrs computed from it are not finite "
                          "either",
                          "lrsched: error: 'StepLR(3)' has no finite lr to draw (every value is nan)"])
        self.assertRefused(run("plot", "StepLR(3)", "--x", "epoch"), USAGE,
                           "--x epoch needs --steps-per-epoch K")
        self.assertRefused(run("plot", "StepLR(3)", "--steps", "20000000"), USAGE,
                           "plot draws at most 10000000 steps per curve")
        # `--then SPEC` takes one word: the spec after it is a curve of its own.
        ok = run("plot", "--then", "ExponentialLR(0.9)", "StepLR(3)", "--columns", "60")
        self.assertEqual(ok.returncode, 0, ok.stderr)


if __name__ == "__main__":
    LRSCHED = sys.argv.pop(1)
    unittest.main()
