#!/usr/bin/env python3
"""End-to-end tests of the `lrsched` executable: the `simulate` contract of DESIGN.md, resume
through state files, and bad input (one clear line on stderr, non-zero exit, nothing on stdout).

Usage: cli_contract_test.py PATH_TO_LRSCHED [WRAPPER]

WRAPPER, when given, runs every command as `WRAPPER PATH_TO_LRSCHED ARGS...` (the Valgrind run
uses tests/cli/valgrind_lrsched.sh).
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import unittest

LRSCHED = None
WRAPPER = []


def run(*args, check=False):
    proc = subprocess.run([*WRAPPER, LRSCHED, *args], capture_output=True, text=True,
                          timeout=300 if WRAPPER else 60)
    if check and proc.returncode != 0:
        raise AssertionError(f"lrsched {args} failed: {proc.stderr}")
    return proc


_SCHEDULES = []


def schedules():
    """Every row of the schedule registry, as `lrsched list --format json` prints it (read
    once)."""
    if not _SCHEDULES:
        doc = json.loads(run("list", "--format", "json", check=True).stdout)
        assert doc["format"] == 1, doc["format"]
        _SCHEDULES.extend(doc["schedules"])
    return _SCHEDULES


def csv_rows(text):
    lines = text.strip().splitlines()
    return lines[0].split(","), [line.split(",") for line in lines[1:]]


class SimulateContract(unittest.TestCase):
    def test_csv_header_and_values(self):
        out = run("simulate", "StepLR(step_size=3)", "--steps", "7", "--lr", "0.05,0.5",
                  check=True).stdout
        header, rows = csv_rows(out)
        self.assertEqual(header, ["step", "lr_0", "lr_1"])
        self.assertEqual([r[0] for r in rows], [str(i) for i in range(7)])
        self.assertEqual([r[1] for r in rows],
                         ["0.05"] * 3 + ["0.005000000000000001"] * 3 + ["0.0005000000000000001"])
        self.assertEqual(rows[3][2], "0.05")

    def test_default_is_one_group_lr_0_1_and_100_steps(self):
        header, rows = csv_rows(run("simulate", "ExponentialLR(0.5)", check=True).stdout)
        self.assertEqual(header, ["step", "lr_0"])
        self.assertEqual(len(rows), 100)
        self.assertEqual(rows[0][1], "0.1")
        self.assertEqual(rows[1][1], "0.05")

    def test_momentum_columns_for_cycling_schedulers(self):
        out = run("simulate", "OneCycleLR(max_lr=1.0, total_steps=10)", "--steps", "10",
                  "--optimizer", "sgd", "--momentum", "0.9", check=True).stdout
        header, rows = csv_rows(out)
        self.assertEqual(header, ["step", "lr_0", "momentum_0"])
        self.assertEqual(rows[0][2], "0.95")
        out = run("simulate", "OneCycleLR(max_lr=1.0, total_steps=10)", "--steps", "3",
                  "--optimizer", "adam", "--betas", "0.8,0.99", check=True).stdout
        self.assertEqual(csv_rows(out)[1][0][2], "0.95")  # beta1 cycles

    def test_json_format(self):
        out = run("simulate", "CyclicLR(0.1, 1.0, step_size_up=2)", "--steps", "5", "--lr",
                  "0.1,0.2", "--format", "json", check=True).stdout
        doc = json.loads(out)
        self.assertEqual(doc["spec"], "CyclicLR(0.1, 1.0, step_size_up=2)")
        self.assertEqual(doc["steps"], [0, 1, 2, 3, 4])
        self.assertEqual(len(doc["lr"]), 2)
        self.assertEqual(doc["lr"][0], [0.1, 0.55, 1.0, 0.55, 0.1])
        self.assertEqual(len(doc["momentum"]), 2)

    def test_json_spells_inf_and_nan_as_pythons_json_module(self):
        spec = ("LambdaLR(lambda e: float('inf') if e == 1 else "
                "(float('nan') if e == 2 else (-math.inf if e == 3 else 1)))")
        out = run("simulate", spec, "--steps", "4", "--format", "json", check=True).stdout
        self.assertIn('"lr": [[0.1, Infinity, NaN, -Infinity]]', out)
        self.assertEqual(json.dumps(json.loads(out)) + "\n", out)
        # State files follow the same convention.
        with tempfile.TemporaryDirectory() as d:
            state = os.path.join(d, "state.json")
            run("simulate", "ReduceLROnPlateau(mode='max')", "--metric", "1", "--steps", "3",
                "--save-state", state, check=True)
            with open(state) as f:
                text = f.read()
            self.assertIn('"mode_worse": -Infinity', text)
            self.assertEqual(json.loads(text)["scheduler"]["state"]["mode_worse"],
                             float("-inf"))

    def test_metric_expression_and_file(self):
        spec = "ReduceLROnPlateau(patience=1, factor=0.5)"
        by_expr = run("simulate", spec, "--metric", "1.0", "--steps", "6", check=True).stdout
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("1.0\n" * 6)
        try:
            by_file = run("simulate", spec, "--metrics", f.name, "--steps", "6",
                          check=True).stdout
        finally:
            os.unlink(f.name)
        self.assertEqual(by_expr, by_file)
        self.assertEqual([r[1] for r in csv_rows(by_expr)[1]],
                         ["0.1", "0.1", "0.1", "0.05", "0.05", "0.025"])

    def test_output_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "out.csv")
            proc = run("simulate", "StepLR(2)", "--steps", "4", "-o", path, check=True)
            self.assertEqual(proc.stdout, "")
            with open(path) as f:
                self.assertEqual(f.read(), run("simulate", "StepLR(2)", "--steps", "4").stdout)


class Resume(unittest.TestCase):
    SPECS = [
        ("CosineAnnealingLR(T_max=30, eta_min=0.01)", []),
        ("CyclicLR(0.01, 0.1, step_size_up=7, mode='triangular2')", ["--momentum", "0.9"]),
        ("OneCycleLR(max_lr=0.5, total_steps=100, three_phase=True)", ["--optimizer", "adam"]),
        ("SequentialLR([LinearLR(start_factor=0.1, total_iters=5), "
         "CosineAnnealingWarmRestarts(T_0=7, T_mult=2)], milestones=[5])", ["--lr", "0.1,1"]),
        ("ChainedScheduler([ExponentialLR(0.97), CyclicLR(0.01, 0.1, step_size_up=4)])", []),
        ("ReduceLROnPlateau(patience=2, cooldown=1)", ["--metric", "1 / (1 + step % 7)"]),
        ("SWALR(swa_lr=0.05, anneal_epochs=60)", []),
        ("LambdaLR(lambda e: 0.9 ** e)", []),
    ]

    def test_save_then_load_continues_exactly(self):
        for spec, extra in self.SPECS:
            with self.subTest(spec=spec), tempfile.TemporaryDirectory() as d:
                state = os.path.join(d, "state.json")
                full = run("simulate", spec, "--steps", "100", *extra, check=True).stdout
                first = run("simulate", spec, "--steps", "40", "--save-state", state, *extra,
                            check=True).stdout
                rest = run("simulate", spec, "--steps", "60", "--load-state", state, *extra,
                           check=True).stdout
                full_lines = full.splitlines()
                self.assertEqual(first.splitlines(), full_lines[:41])
                self.assertEqual(rest.splitlines()[1:], full_lines[41:])


class BadInput(unittest.TestCase):
    def assert_fails(self, *args, expect):
        proc = run(*args)
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        self.assertEqual(proc.stdout, "")
        first = proc.stderr.splitlines()[0]
        self.assertTrue(first.startswith("lrsched: "), proc.stderr)
        self.assertIn(expect, first)
        self.assertNotIn("Traceback", proc.stderr)
        return proc

    def test_pytorch_validation(self):
        self.assert_fails("simulate", "ConstantLR(factor=1.5)",
                          expect="ValueError: Constant multiplicative factor expected to be "
                                 "between 0 and 1.")
        self.assert_fails("simulate", "CosineAnnealingWarmRestarts(T_0=0)",
                          expect="ValueError: Expected positive integer T_0, but got 0")
        self.assert_fails("simulate", "OneCycleLR(max_lr=0.1, total_steps=10, pct_start=1)",
                          expect="ValueError: Expected float between 0 and 1 pct_start, but got 1")
        self.assert_fails("simulate", "CyclicLR(0.1, 1.0)", "--optimizer", "adagrad",
                          expect="ValueError: optimizer must support momentum or beta1")
        self.assert_fails("simulate", "StepLR(3, last_epoch=4)",
                          expect="KeyError: param 'initial_lr' is not specified in "
                                 "param_groups[0] when resuming")
        self.assert_fails("simulate", "LambdaLR([lambda e: 1, lambda e: 2])", "--lr", "0.1",
                          expect="ValueError: Expected 1 lr_lambdas, but got 2")

    def test_errors_during_the_run_name_the_step(self):
        self.assert_fails("simulate", "OneCycleLR(max_lr=0.1, total_steps=10)", "--steps", "20",
                          expect="ValueError: at step 11: Tried to step 11 times. The specified "
                                 "number of total steps is 10")
        self.assert_fails("simulate", "ConstantLR(factor=0.0, total_iters=3)",
                          expect="ZeroDivisionError")
        self.assert_fails("simulate", "LambdaLR(lambda e: 1 / (e - 5))",
                          expect="ZeroDivisionError: at step 5")

    def test_no_partial_file_on_error(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "out.csv")
            self.assert_fails("simulate", "OneCycleLR(max_lr=0.1, total_steps=10)", "--steps",
                              "20", "-o", path, expect="Tried to step")
            self.assertEqual(os.listdir(d), [])

    def test_unwritable_files_name_the_path(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "missing", "out.csv")
            proc = self.assert_fails("simulate", "StepLR(2)", "-o", path,
                                     expect=f"lrsched: error: cannot write '{path}': ")
            self.assertNotIn(".tmp", proc.stderr)
            state = os.path.join(d, "missing", "state.json")
            proc = self.assert_fails("simulate", "StepLR(2)", "--save-state", state, "-o",
                                     os.path.join(d, "out.csv"),
                                     expect=f"lrsched: error: cannot write '{state}': ")
            self.assertNotIn(".tmp", proc.stderr)
            self.assertEqual(os.listdir(d), [])

    def test_malformed_and_unknown(self):
        proc = self.assert_fails("simulate", "StepLR(3, gamma=)", expect="SyntaxError")
        self.assertIn("^", proc.stderr)
        self.assert_fails("simulate", "CosineAnealingLR(T_max=10)",
                          expect="Did you mean 'CosineAnnealingLR'?")
        self.assert_fails("simulate", "StepLR(3, gama=0.5)", expect="Did you mean 'gamma'?")
        self.assert_fails("simulate", "CosineAnnealingLR()", expect="TypeError")
        self.assert_fails("simulate", "StepLR('3')", expect="TypeError")
        self.assert_fails("simulate", "StepLR(3", expect="SyntaxError")
        self.assert_fails("simulate", "StepLR(3) + 1", expect="SyntaxError")

    def test_unsafe_expressions(self):
        for body in ["__import__('os').system('true')", "e.__class__", "open('x')",
                     "(lambda: 1)()", "[1][0]", "math.__dict__"]:
            with self.subTest(body=body):
                self.assert_fails("simulate", f"LambdaLR(lambda e: {body})", expect="Error")
        self.assert_fails("simulate", "LambdaLR(lambda e: " + "(" * 5000 + "1" + ")" * 5000 + ")",
                          expect="Error")
        self.assert_fails("simulate", "LambdaLR(lambda e: 2 ** 10 ** 10)", expect="Error")

    def test_bad_options_and_state_files(self):
        self.assert_fails("simulate", "StepLR(3)", "--optimizer", "sgdd",
                          expect="lrsched: error: --optimizer: ")
        self.assert_fails("simulate", "ReduceLROnPlateau()", expect="--metric")
        self.assert_fails("simulate", "StepLR(3)", "--metric", "1",
                          expect="--metric/--metrics only apply to schedulers stepped on a metric")
        self.assert_fails("simulate", "ReduceLROnPlateau()", "--metric", "lr +",
                          expect="SyntaxError")
        with tempfile.TemporaryDirectory() as d:
            state = os.path.join(d, "s.json")
            run("simulate", "StepLR(3)", "--steps", "5", "--save-state", state, check=True)
            self.assert_fails("simulate", "ExponentialLR(0.9)", "--load-state", state,
                              expect="StateError: state file is for StepLR, not ExponentialLR")
            self.assert_fails("simulate", "StepLR(3)", "--lr", "0.1,0.2", "--load-state", state,
                              expect="StateError")
            with open(state, "r+") as f:
                text = f.read()
                f.seek(0)
                f.truncate()
                f.write(text[: len(text) // 2])
            self.assert_fails("simulate", "StepLR(3)", "--load-state", state,
                              expect="StateError: state file is truncated")
            self.assert_fails("simulate", "StepLR(3)", "--load-state", os.path.join(d, "none"),
                              expect="StateError: cannot read")


class ReadmeExample(unittest.TestCase):
    def test_the_readme_simulate_example_is_real_output(self):
        readme = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")
        with open(readme, encoding="utf-8") as f:
            text = f.read()
        block = re.search(r"```console\n\$ lrsched (simulate [^\n]*)\n(.*?)```", text, re.S)
        self.assertIsNotNone(block)
        args = shlex.split(block.group(1))
        self.assertEqual(run(*args, check=True).stdout, block.group(2))


class ListAndDescribe(unittest.TestCase):
    def test_list_has_every_schedule_of_the_registry(self):
        rows = schedules()
        self.assertGreaterEqual(len(rows), 16)  # PyTorch's classes at least
        out = run("list", check=True).stdout
        for row in rows:
            self.assertIn(row["signature"], out)
            self.assertTrue(row["signature"].startswith(row["name"] + "("), row["signature"])
        self.assertIn("StepLR(step_size, gamma=0.1, last_epoch=-1)", out)

    def test_describe_json_is_the_list_row(self):
        row = next(r for r in schedules() if r["name"] == "OneCycleLR")
        described = json.loads(run("describe", "OneCycleLR", "--format", "json",
                                   check=True).stdout)
        self.assertEqual(described, row)

    def test_describe(self):
        out = run("describe", "OneCycleLR", check=True).stdout
        self.assertIn("pct_start", out)
        self.assertIn("0.3", out)
        proc = run("describe", "OneCycle")
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("OneCycleLR", proc.stderr)

    def test_describe_shows_kwargs_last(self):
        # Python: get_reduce_on_plateau_schedule(optimizer, **kwargs); lrsched leaves the
        # optimizer out of every signature.
        for row in schedules():
            if row["takes_kwargs"]:
                self.assertTrue(row["signature"].endswith("**kwargs)"), row["signature"])
        out = run("describe", "get_reduce_on_plateau_schedule", check=True).stdout
        self.assertEqual(out.splitlines()[0],
                         "transformers.optimization.get_reduce_on_plateau_schedule(**kwargs)")


class FuzzDictionary(unittest.TestCase):
    def test_spec_dict_has_every_schedule_and_argument(self):
        # libFuzzer reads its dictionary from a file, so fuzz/spec.dict cannot read the
        # registry: it must hold every row's name and keyword arguments.
        path = os.path.join(os.path.dirname(__file__), "..", "..", "fuzz", "spec.dict")
        with open(path, encoding="utf-8") as f:
            tokens = set(re.findall(r'^"(.*)"\s*$', f.read(), re.M))
        for row in schedules():
            self.assertIn(row["name"], tokens, "fuzz/spec.dict")
            for parameter in row["parameters"]:
                self.assertIn(parameter["name"] + "=", tokens, "fuzz/spec.dict")


class PastedPython(unittest.TestCase):
    """Calls pasted from training scripts and tutorials: what to change, in one line and a
    caret, or the schedule itself where Python's iterables are meant."""

    def assert_refused(self, spec, first_line, caret=None):
        proc = run("simulate", spec)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout, "")
        lines = proc.stderr.splitlines()
        self.assertEqual(lines[0], first_line)
        if caret is not None:
            self.assertEqual(lines[1:], [spec, caret])

    def test_the_optimizer_argument_is_named_and_dropped(self):
        for spec, column in [("StepLR(optim, 30)", 8), ("StepLR(self.optimizer, 30)", 8)]:
            with self.subTest(spec=spec):
                fixed = "StepLR(30)"
                self.assert_refused(spec, f"lrsched: TypeError: {spec}: lrsched supplies the "
                                          f"optimizer; write {fixed} at column {column}",
                                    " " * (column - 1) + "^")
        self.assert_refused("StepLR(optimizer=opt, step_size=30)",
                            "lrsched: TypeError: StepLR(optimizer=opt, step_size=30): lrsched "
                            "supplies the optimizer; write StepLR(step_size=30) at column 8",
                            "       ^")

    def test_verbose_says_pytorch_removed_it(self):
        self.assert_refused("StepLR(30, verbose=True)",
                            "lrsched: TypeError: StepLR.__init__() got an unexpected keyword "
                            "argument 'verbose' (PyTorch 2.7 removed `verbose` from its "
                            "schedulers, and lrsched follows the newest PyTorch: drop the "
                            "argument)")

    def test_lookalike_characters_name_their_ascii_form(self):
        self.assert_refused("StepLR(30，gamma=0.5)",
                            "lrsched: SyntaxError: invalid character '，' (U+FF0C): use ',' "
                            "instead at column 10",
                            " " * 9 + "^")
        self.assert_refused("ReduceLROnPlateau(mode=‘max’)",
                            "lrsched: SyntaxError: invalid character '‘' (U+2018): use \"'\" "
                            "instead at column 24",
                            " " * 23 + "^")

    def test_positional_counts_are_the_specs(self):
        self.assert_refused("StepLR(30, 0.5, -1, 7)",
                            "lrsched: TypeError: StepLR() takes from 1 to 3 positional arguments "
                            "after the optimizer (step_size, gamma, last_epoch) but 4 were given")

    def test_ranges_and_sets_of_milestones(self):
        # torch 1.13.1: MultiStepLR(opt, milestones=range(2, 10, 3), gamma=0.5) over 12 steps,
        # and milestones={9, 2, 5}.
        every_third = ["0.1", "0.1", "0.05", "0.05", "0.05", "0.025", "0.025", "0.025",
                       "0.0125", "0.0125", "0.0125", "0.0125"]
        two_five_nine = every_third[:8] + ["0.025", "0.0125", "0.0125", "0.0125"]
        for spec, expected in [
                ("MultiStepLR(milestones=range(2, 10, 3), gamma=0.5)", every_third),
                ("MultiStepLR(milestones=list(range(2, 10, 3)), gamma=0.5)", every_third),
                ("MultiStepLR(milestones={9, 2, 5}, gamma=0.5)", two_five_nine),
                ("MultiStepLR(milestones=sorted({9, 2, 5}), gamma=0.5)", two_five_nine)]:
            with self.subTest(spec=spec):
                out = run("simulate", spec, "--steps", "12", check=True).stdout
                self.assertEqual([r[1] for r in csv_rows(out)[1]], expected)
        self.assert_refused("SequentialLR([ConstantLR(), ExponentialLR(0.9)], milestones={4})",
                            "lrsched: TypeError: SequentialLR(): argument 'milestones' must be a "
                            "list of int, not set: its items are read in order, and Python "
                            "iterates a set in hash order; write a list such as sorted(...)")


if __name__ == "__main__":
    LRSCHED = sys.argv.pop(1)
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        WRAPPER = [sys.argv.pop(1)]
    unittest.main(verbosity=1)
