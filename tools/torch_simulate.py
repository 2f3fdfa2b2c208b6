#!/usr/bin/python3
"""Reference implementation of ``lrsched simulate`` on real PyTorch.

Run it with Debian's interpreter, which has ``python3-torch`` (1.13.1):

    /usr/bin/python3 tools/torch_simulate.py 'StepLR(3, 0.1)' --steps 10

The command line, the loop and the output format are those of the C++ tool
(docs: ``lrsched simulate`` contract in DESIGN.md), so that the two can be
compared byte for byte. ``tools/gen_golden.py`` and
``tests/parity/differential.py`` import this module and call :func:`simulate`
/ :func:`run` in-process.

SPEC is a Python expression. The scheduler classes it may call are those of
lrsched's schedule registry (``lrsched list --format json``) from PyTorch's
modules, by bare name or with any dotted tail of their module
(``torch.optim.lr_scheduler.StepLR``, ``optim.lr_scheduler.StepLR``,
``lr_scheduler.StepLR``). The registry is read from the ``lrsched`` binary named
by ``$LRSCHED``, else from ``build/cli/lrsched``; :func:`load_registry` names
another. Every call of a scheduler class gets the optimizer inserted as its
first positional argument (except where the registry row says the optimizer
does not come first: ``ChainedScheduler``, whose 1.13 signature is
``ChainedScheduler(schedulers)``), then the expression is evaluated by Python
itself, so nested schedulers are constructed before their parent, left to
right, exactly as in a training script.

``--torch-compat 1.13`` is the option of ``lrsched simulate`` that asks for
PyTorch 1.13.1's behaviour: this torch must then be 1.13, and the spec is taken
as 1.13 wrote it (``ChainedScheduler(..., optimizer=None)`` is its TypeError).
"""

import argparse
import ast
import importlib
import inspect
import json
import math
import os
import subprocess
import sys
import warnings

import torch

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     os.pardir))

OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "adamax": torch.optim.Adamax,
    "nadam": torch.optim.NAdam,
    "radam": torch.optim.RAdam,
    "rmsprop": torch.optim.RMSprop,
    "adagrad": torch.optim.Adagrad,
    "adadelta": torch.optim.Adadelta,
    "rprop": torch.optim.Rprop,
    "asgd": torch.optim.ASGD,
}
MOMENTUM_OPTIMIZERS = ("sgd", "rmsprop")
BETAS_OPTIMIZERS = ("adam", "adamw", "adamax", "nadam", "radam")

# The only builtins the spec language allows (lambda bodies, --metric).
SAFE_BUILTINS = {
    "min": min, "max": max, "abs": abs, "int": int, "float": float,
    "round": round,
}

# Name under which the optimizer is passed into the evaluated spec.
_OPT_NAME = "__lrsched_optimizer__"


class StepError(Exception):
    """An exception raised inside the simulation loop, at row ``step``."""

    def __init__(self, step, error):
        super().__init__(step, error)
        self.step = step
        self.error = error


class UsageError(Exception):
    """A command line argparse cannot parse (exit status 2)."""


class Trace:
    """What one simulation produced: per-group lists of lr (and momentum)."""

    def __init__(self, lr, momentum):
        self.lr = lr              # [[group 0 values], [group 1 values], ...]
        self.momentum = momentum  # same shape, or None when not cycled

    @property
    def steps(self):
        return len(self.lr[0]) if self.lr else 0


# ---------------------------------------------------------------------------
# The schedule registry
# ---------------------------------------------------------------------------

class Row:
    """A registry row of PyTorch's (``lrsched list --format json``) with the
    class of the same name in this torch."""

    def __init__(self, row, cls):
        self.row = row            # the row as lrsched prints it
        self.name = row["name"]
        self.module = row["module"]
        self.cls = cls
        self.stepping = row["stepping"]
        self.optimizer_first = row["optimizer_first"]


_REGISTRY = None  # name -> Row, once read


def find_lrsched():
    """The lrsched binary whose registry names the classes: ``$LRSCHED``, else
    the build tree's ``build/cli/lrsched``."""
    return os.environ.get("LRSCHED") or os.path.join(ROOT, "build", "cli",
                                                     "lrsched")


def read_registry(lrsched=None):
    """Every row of ``lrsched list --format json`` (all families)."""
    lrsched = lrsched or find_lrsched()
    try:
        proc = subprocess.run([lrsched, "list", "--format", "json"],
                              capture_output=True, text=True, timeout=60,
                              check=False)
    except OSError as error:
        raise RuntimeError(
            f"cannot run '{lrsched}' to read the schedule registry ({error}); "
            "build it (cmake --build build) or set LRSCHED") from None
    if proc.returncode != 0:
        raise RuntimeError(f"'{lrsched} list --format json' failed: "
                           f"{proc.stderr.strip()}")
    doc = json.loads(proc.stdout)
    if doc.get("format") != 1:
        raise RuntimeError(f"'{lrsched} list --format json' prints format "
                           f"{doc.get('format')!r}, this tool reads 1")
    return doc["schedules"]


def load_registry(lrsched=None):
    """Reads the registry from ``lrsched`` (default :func:`find_lrsched`) and
    keeps the rows of PyTorch's modules (``torch.*``) with their classes; a row
    whose class this torch does not have is left out (lrsched follows the
    newest release; tests/parity/registry_signatures.py checks the rows against
    this torch). Returns name -> :class:`Row`."""
    global _REGISTRY
    rows = {}
    for row in read_registry(lrsched):
        if not row["module"].startswith("torch."):
            continue  # another library's schedule: not simulated here
        cls = getattr(importlib.import_module(row["module"]), row["name"],
                      None)
        if cls is not None:
            rows[row["name"]] = Row(row, cls)
    _REGISTRY = rows
    return rows


def registry():
    """name -> :class:`Row` for PyTorch's schedules, read once."""
    return _REGISTRY if _REGISTRY is not None else load_registry()


def schedulers():
    """The scheduler classes the spec language knows, by name."""
    return {name: row.cls for name, row in registry().items()}


def _is_module_tail(module, prefix):
    """Whether ``prefix`` is ``module`` or a dotted tail of it."""
    return module == prefix or module.endswith("." + prefix)


def _dotted_name(node):
    """``a.b.C`` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _scheduler_name(func):
    """The scheduler class named by a Call's function (bare, or with a dotted
    tail of its module), or None."""
    name = _dotted_name(func)
    if name is None:
        return None
    prefix, _, bare = name.rpartition(".")
    row = registry().get(bare)
    if row is None or (prefix and not _is_module_tail(row.module, prefix)):
        return None
    return bare


class _InsertOptimizer(ast.NodeTransformer):
    """Rewrite every scheduler call to receive the optimizer first."""

    def __init__(self, keep_optimizer_none=False):
        super().__init__()
        # --torch-compat 1.13: the spec is 1.13's, where `optimizer=None` is an error.
        self.keep_optimizer_none = keep_optimizer_none

    def visit_Call(self, node):
        # Rewriting order does not matter: construction order is decided by
        # Python when the rewritten expression is evaluated.
        self.generic_visit(node)
        name = _scheduler_name(node.func)
        if name is None:
            return node
        node.func = ast.copy_location(ast.Name(id=name, ctx=ast.Load()),
                                      node.func)
        row = registry()[name]
        if row.optimizer_first:
            node.args.insert(0, ast.Name(id=_OPT_NAME, ctx=ast.Load()))
        elif ("optimizer" not in inspect.signature(row.cls).parameters
              and not self.keep_optimizer_none):
            # ChainedScheduler: 1.13 has no `optimizer` argument; newer
            # releases default it to None, so an explicit `optimizer=None`
            # means nothing.
            node.keywords = [
                k for k in node.keywords
                if not (k.arg == "optimizer"
                        and isinstance(k.value, ast.Constant)
                        and k.value.value is None)
            ]
        return node


def _namespace(**extra):
    env = {"__builtins__": SAFE_BUILTINS, "math": math}
    env.update(extra)
    return env


def build_scheduler(spec, optimizer, torch_compat="newest"):
    """Evaluate SPEC with ``optimizer`` inserted; return the scheduler."""
    tree = ast.parse(spec.strip(), filename="<spec>", mode="eval")
    if not isinstance(tree.body, ast.Call):
        raise ValueError("the spec must be a scheduler call, e.g. "
                         "'StepLR(30, gamma=0.1)'")
    if not _scheduler_name(tree.body.func):
        name = _dotted_name(tree.body.func) or "?"
        raise ValueError(f"unknown scheduler '{name}'")
    tree = ast.fix_missing_locations(
        _InsertOptimizer(torch_compat == "1.13").visit(tree))
    code = compile(tree, "<spec>", "eval")
    return eval(code, _namespace(**schedulers(), **{_OPT_NAME: optimizer}))


def _cycles_momentum(scheduler):
    """True when the scheduler (or a nested one) cycles momentum/beta1
    (CyclicLR and OneCycleLR with ``cycle_momentum``)."""
    if getattr(scheduler, "cycle_momentum", False):
        return True
    return any(_cycles_momentum(s)
               for s in getattr(scheduler, "_schedulers", ()))


def make_optimizer(name, lrs, momentum=0.0, betas=(0.9, 0.999)):
    """One param group per lr, each with its own one-element parameter."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer '{name}'")
    groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr}
              for lr in lrs]
    kwargs = {"lr": lrs[0]}
    if name in MOMENTUM_OPTIMIZERS:
        kwargs["momentum"] = momentum
    elif name in BETAS_OPTIMIZERS:
        kwargs["betas"] = tuple(betas)
    return OPTIMIZERS[name](groups, **kwargs)


def simulate(spec, lrs=(0.1,), steps=100, optimizer="sgd", momentum=0.0,
             betas=(0.9, 0.999), initial_lr=None, metric=None, metrics=None,
             closed_form=False, torch_compat="newest"):
    """Run the seed's loop on real PyTorch and return a :class:`Trace`.

    ``metric`` is an expression of ``step`` and ``lr`` (group 0's lr in the
    row); ``metrics`` a list of numbers, one per row. ``closed_form`` steps with
    the deprecated ``step(epoch)``, epoch = row + 1. Exceptions raised while
    building the optimizer or the scheduler propagate unchanged; those raised
    inside the loop are wrapped in :class:`StepError`.
    """
    lrs = [float(x) for x in lrs]
    if not lrs:
        raise ValueError("--lr needs at least one value")
    if initial_lr is not None and len(initial_lr) != len(lrs):
        raise ValueError(f"--initial-lr has {len(initial_lr)} values, "
                         f"--lr has {len(lrs)}")
    if steps < 0:
        raise ValueError("--steps must not be negative")
    metric_code = None
    if metric is not None:
        metric_code = compile(ast.parse(metric.strip(), "<metric>", "eval"),
                              "<metric>", "eval")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        opt = make_optimizer(optimizer, lrs, momentum, betas)
        if initial_lr is not None:
            for group, value in zip(opt.param_groups, initial_lr):
                group["initial_lr"] = float(value)
        scheduler = build_scheduler(spec, opt, torch_compat)

        # What a step consumes, as the registry row of the outermost class
        # declares it (lrsched's simulate decides the same way).
        name = type(scheduler).__name__
        stepping = registry()[name].stepping
        on_metric = metric_code is not None or metrics is not None
        if stepping["metric"] == "required" and not on_metric:
            raise TypeError(f"{name} steps on a metric: give --metric EXPR "
                            "or --metrics FILE")
        if stepping["metric"] == "none" and on_metric:
            raise ValueError("--metric/--metrics only apply to schedulers "
                             f"stepped on a metric, not {name}")
        if closed_form and (stepping["epoch"] == "none"
                            or stepping["metric"] == "required"):
            raise TypeError(f"{name}.step() takes no epoch argument")
        if on_metric and metrics is not None and len(metrics) < steps:
            raise ValueError(f"--metrics file has {len(metrics)} values, "
                             f"fewer than the {steps} steps")
        cycling = _cycles_momentum(scheduler)
        beta1 = "betas" in opt.defaults
        groups = opt.param_groups

        lr_rows = [[] for _ in groups]
        mom_rows = [[] for _ in groups] if cycling else None
        for step in range(steps):
            try:
                for column, group in zip(lr_rows, groups):
                    column.append(float(group["lr"]))
                if cycling:
                    for column, group in zip(mom_rows, groups):
                        column.append(float(group["betas"][0] if beta1
                                            else group["momentum"]))
                if on_metric:
                    if metrics is not None:
                        value = metrics[step]
                    else:
                        value = eval(metric_code, _namespace(
                            step=step, lr=lr_rows[0][-1]))
                    scheduler.step(value)
                else:
                    scheduler.step(step + 1) if closed_form else scheduler.step()
            except Exception as error:  # noqa: BLE001 - reported, not hidden
                # Name the step whose lr could not be computed; a failing metric belongs to
                # its own row.
                raise StepError(step if on_metric else step + 1, error) from error
    return Trace(lr_rows, mom_rows)


def format_csv(trace):
    groups = range(len(trace.lr))
    header = ["step"] + [f"lr_{g}" for g in groups]
    if trace.momentum is not None:
        header += [f"momentum_{g}" for g in groups]
    lines = [",".join(header)]
    columns = trace.lr + (trace.momentum or [])
    for step in range(trace.steps):
        lines.append(",".join([str(step)] + [repr(float(c[step]))
                                             for c in columns]))
    return "\n".join(lines) + "\n"


def format_json(spec, trace):
    data = {"spec": spec, "steps": list(range(trace.steps)), "lr": trace.lr}
    if trace.momentum is not None:
        data["momentum"] = trace.momentum
    return json.dumps(data) + "\n"


def error_text(error):
    """``ExceptionType: message`` as the C++ tool prints it."""
    if isinstance(error, StepError):
        inner = error.error
        return f"{type(inner).__name__}: at step {error.step}: " \
               f"{_message(inner)}"
    return f"{type(error).__name__}: {_message(error)}"


def _message(error):
    # str(KeyError('x')) is "'x'": print a message (the newest `initial_lr` text) bare like the
    # other types, and a key as Python does.
    if isinstance(error, KeyError) and error.args:
        key = str(error.args[0])
        return key if " " in key else repr(error.args[0])
    return str(error)


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def _float_list(text):
    try:
        return [float(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated numbers, got '{text}'") from None


def _parser():
    p = _ArgumentParser(
        prog="torch_simulate.py",
        description="Reference `lrsched simulate` on real PyTorch.")
    p.add_argument("spec", help="scheduler, Python syntax, no optimizer "
                                "argument, e.g. 'StepLR(30, gamma=0.1)'")
    p.add_argument("--lr", type=_float_list, default=[0.1],
                   help="lr of each param group (default 0.1)")
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--optimizer", default="sgd", choices=sorted(OPTIMIZERS))
    p.add_argument("--momentum", type=float, default=0.0,
                   help="SGD/RMSprop momentum (default 0)")
    p.add_argument("--betas", type=_float_list, default=[0.9, 0.999],
                   help="Adam-like betas (default 0.9,0.999)")
    p.add_argument("--initial-lr", type=_float_list, default=None,
                   help="pre-set initial_lr of each group")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--metric", help="ReduceLROnPlateau metric: an "
                        "expression of step and lr")
    source.add_argument("--metrics", metavar="FILE",
                        help="ReduceLROnPlateau metrics, one per line")
    p.add_argument("--format", default="csv", choices=("csv", "json"))
    p.add_argument("--closed-form", action="store_true",
                   help="step with the deprecated step(epoch), epoch = row + 1")
    p.add_argument("--torch-compat", default="newest", choices=("newest", "1.13"),
                   help="the release lrsched is asked to follow; 1.13 needs this "
                        "torch to be 1.13")
    return p


def run(argv):
    """Run the command line; return ``(exit_status, stdout, stderr)``."""
    try:
        args = _parser().parse_args(argv)
        if args.torch_compat == "1.13" and not torch.__version__.startswith("1.13"):
            raise UsageError(f"--torch-compat 1.13 needs torch 1.13, this is "
                             f"{torch.__version__}")
        if len(args.betas) != 2:
            raise ValueError("--betas needs two values")
        metrics = None
        if args.metrics is not None:
            with open(args.metrics, encoding="utf-8") as f:
                metrics = [float(line) for line in f if line.strip()]
        trace = simulate(args.spec, args.lr, args.steps, args.optimizer,
                         args.momentum, args.betas, args.initial_lr,
                         args.metric, metrics, args.closed_form,
                         args.torch_compat)
    except UsageError as error:
        return 2, "", f"lrsched: usage: {error}\n"
    except Exception as error:  # noqa: BLE001 - every failure is reported
        return 1, "", f"lrsched: {error_text(error)}\n"
    if args.format == "json":
        return 0, format_json(args.spec, trace), ""
    return 0, format_csv(trace), ""


def main():
    status, out, err = run(sys.argv[1:])
    sys.stdout.write(out)
    sys.stderr.write(err)
    return status


if __name__ == "__main__":
    sys.exit(main())
