#!/usr/bin/python3
"""The registry's PyTorch rows against the real PyTorch (Debian's 1.13.1).

    /usr/bin/python3 tests/parity/registry_signatures.py --lrsched build/cli/lrsched

Reads the schedule registry with ``lrsched list --format json`` and checks its
rows of ``torch.optim.lr_scheduler`` and ``torch.optim.swa_utils`` against the
torch this interpreter imports:

- the same set of classes as torch's public schedulers: the public classes of
  ``lr_scheduler`` that subclass its scheduler base (``_LRScheduler`` in 1.13,
  ``LRScheduler`` later; the bases themselves excluded), ReduceLROnPlateau
  (which 1.13 derives from ``object``), and ``swa_utils.SWALR``; each row under
  the module that defines its class;
- for each class, the parameters after ``self``/``optimizer`` as
  ``inspect.signature`` gives them: names, order, which are required, and the
  defaults (compared as Python's ``repr``, so ``0`` is not ``0.0``); and
  whether ``optimizer`` comes first.

lrsched follows the newest release, so the comparison allows exactly the
signature differences between 1.13.1 and that release listed in DIFFERENCES
below, each with its reason (../shared/reference/pytorch-lr-scheduler-spec.md,
section 5; docs/differences-from-pytorch.md). A listed difference that no
longer shows up fails too, so the list stays exact.
"""

import argparse
import inspect
import json
import subprocess
import sys
import unittest

import torch
from torch.optim import lr_scheduler, swa_utils

LRSCHED = None
MODULES = (lr_scheduler, swa_utils)
MODULE_NAMES = tuple(m.__name__ for m in MODULES)

# The signature changes from 1.13.1 to the newest release. Each is
# (class, parameter, what 1.13.1 has, what the newest has, reason); "*" is
# every class that has the parameter, None is "no such parameter".
DIFFERENCES = [
    ("*", "verbose", "False", None,
     "1.13.1 constructors take verbose=False to print every lr change; the "
     "newest release removed it (deprecated in 2.2 by PR #111302, removed in "
     "2.7 by PR #147301), so `verbose=` is a TypeError there and in lrsched"),
    ("ChainedScheduler", "optimizer", None, "None",
     "the newest ChainedScheduler(schedulers, optimizer=None) takes the "
     "optimizer as an optional second argument; 1.13.1's signature is "
     "ChainedScheduler(schedulers)"),
    ("CosineAnnealingLR", "eta_min", "0", "0.0",
     "the newest release declares `eta_min: float = 0.0` (1.13.1: `eta_min=0`; "
     "spec section 5, PR #149312); the same lr either way"),
    ("CosineAnnealingWarmRestarts", "eta_min", "0", "0.0",
     "the newest release declares `eta_min: float = 0.0` (1.13.1: "
     "`eta_min=0`; spec section 2.14); the same lr either way"),
]


def scheduler_bases():
    """The scheduler base classes of this torch (not schedulers themselves)."""
    return tuple(getattr(lr_scheduler, name) for name in ("LRScheduler", "_LRScheduler")
                 if hasattr(lr_scheduler, name))


def torch_schedulers():
    """name -> class: the public scheduler classes of lr_scheduler and swa_utils."""
    bases = scheduler_bases()
    found = {}
    for module in MODULES:
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and obj.__module__ == module.__name__
                    and not name.startswith("_") and obj not in bases
                    and (issubclass(obj, bases)
                         or obj is lr_scheduler.ReduceLROnPlateau)):
                found[name] = obj
    return found


def registry_rows():
    """name -> row: the registry's rows of PyTorch's scheduler modules."""
    proc = subprocess.run([LRSCHED, "list", "--format", "json"], capture_output=True,
                          text=True, timeout=60, check=True)
    doc = json.loads(proc.stdout)
    assert doc["format"] == 1, doc["format"]
    return {row["name"]: row for row in doc["schedules"] if row["module"] in MODULE_NAMES}


def torch_parameters(cls):
    """[(name, default repr or None when required)] after self/optimizer, and
    whether `optimizer` comes first."""
    params = list(inspect.signature(cls).parameters.values())
    optimizer_first = bool(params) and params[0].name == "optimizer"
    if optimizer_first:
        params = params[1:]
    return [(p.name, None if p.default is inspect.Parameter.empty else repr(p.default))
            for p in params], optimizer_first


def newest_parameters(name, params, used):
    """`params` (1.13.1's) with DIFFERENCES applied; records each one applied in `used`."""
    out = list(params)
    for index, (cls, param, old, new, _) in enumerate(DIFFERENCES):
        if cls not in ("*", name):
            continue
        names = [p for p, _ in out]
        if old is None:
            if param not in names:
                out.append((param, new))
                used.add(index)
        elif param in names and out[names.index(param)][1] == old:
            at = names.index(param)
            if new is None:
                del out[at]
            else:
                out[at] = (param, new)
            used.add(index)
    return out


class RegistryMatchesPyTorch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rows = registry_rows()
        cls.classes = torch_schedulers()

    def test_same_classes(self):
        self.assertGreaterEqual(len(self.classes), 16, sorted(self.classes))
        self.assertIn("SWALR", self.classes)
        self.assertIn("ReduceLROnPlateau", self.classes)
        self.assertEqual(sorted(self.rows), sorted(self.classes),
                         "registry rows vs torch's public scheduler classes")

    def test_each_row_under_its_class_module(self):
        for name, row in self.rows.items():
            if name in self.classes:
                self.assertEqual(row["module"], self.classes[name].__module__, name)

    def test_parameters_names_order_and_defaults(self):
        used = set()
        for name in sorted(set(self.rows) & set(self.classes)):
            with self.subTest(name=name):
                row = self.rows[name]
                params, optimizer_first = torch_parameters(self.classes[name])
                self.assertEqual(row["optimizer_first"], optimizer_first, name)
                expected = newest_parameters(name, params, used)
                actual = [(p["name"], None if p["required"] else p["default"])
                          for p in row["parameters"]]
                self.assertEqual(actual, expected,
                                 f"{name}: registry vs torch {torch.__version__} "
                                 f"{inspect.signature(self.classes[name])} with the "
                                 "documented differences applied")
                for p in row["parameters"]:
                    self.assertEqual(p["required"], p["default"] is None, (name, p["name"]))
        stale = [DIFFERENCES[i][:2] for i in range(len(DIFFERENCES)) if i not in used]
        self.assertEqual(stale, [], "documented differences that no longer apply")


def main():
    global LRSCHED
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lrsched", required=True, help="path to the lrsched binary")
    args, rest = parser.parse_known_args()
    LRSCHED = args.lrsched
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=1)


if __name__ == "__main__":
    main()
