#!/usr/bin/python3
"""Write ``tests/golden/families/<family>.json``: schedule traces from the origin's own code.

Run with Debian's interpreter (it has ``python3-torch`` and ``python3-numpy``):

    /usr/bin/python3 tools/gen_family_golden.py [--out DIR] [--oracles DIR] [FAMILY ...]
    /usr/bin/python3 tools/gen_family_golden.py --check [FAMILY ...]

FAMILY is ``transformers``, ``timm``, ``optax`` or ``keras`` (default: every family that has a
cases module). The cases of a family are ``CASES`` in ``tools/family_cases/<family>.py``, each
made by ``family_cases.case``: the ``lrsched simulate`` inputs (``spec``, ``lr``, ``steps``,
``optimizer``, ``momentum``, ``metric``), a unique ``name`` and a ``note`` saying what the case
checks. The traces come from the reference oracles (``../shared/oracles/simulate.py`` beside the
repository, or ``--oracles``), which run the upstream schedule code of each library at a pinned
commit; its ``simulate`` function is called in this process, as its command line would.

A case the origin refuses records ``expected.error``: ``"<ExceptionType>: <message>"`` (or the
type alone for an empty message, e.g. timm's bare ``assert``), as the oracle prints it after
``oracle: ``. Otherwise ``expected.lr`` holds one list per param group, one value per row; every
float is written with Python's repr, so the file holds the values exactly (``Infinity`` and
``NaN`` as Python's json module writes them). Do not edit the files by hand.

``--check`` writes nothing: it regenerates each family's file in memory and fails, naming the
cases that differ, unless the committed file is exactly what the origins produce today. Without
the oracles (they live beside the repository, not in it) it says so and succeeds.
"""

import argparse
import contextlib
import importlib
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
FAMILIES = ("transformers", "timm", "optax", "keras")


def load_oracle(directory):
    path = os.path.join(directory, "simulate.py")
    if not os.path.exists(path):
        sys.exit(f"gen_family_golden: no oracle at {path} (pass --oracles DIR)")
    spec = importlib.util.spec_from_file_location("lrsched_family_oracle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_case(oracle, c):
    try:
        with contextlib.redirect_stdout(sys.stderr):  # upstream prints stay off our output
            rows = oracle.simulate(c["spec"], c["lr"], c["steps"], c["optimizer"], c["momentum"],
                                   c.get("metric"))
    except Exception as exc:  # noqa: BLE001 (the origin's refusal is the expected result)
        name = "OracleError" if isinstance(exc, oracle.OracleError) else type(exc).__name__
        message = str(exc)
        return {"error": f"{name}: {message}" if message else name}
    return {"lr": [[row[g] for row in rows] for g in range(len(c["lr"]))]}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("families", nargs="*", metavar="FAMILY")
    p.add_argument("--out", default=os.path.join(ROOT, "tests", "golden", "families"))
    p.add_argument("--oracles", default=os.path.join(os.path.dirname(ROOT), "shared", "oracles"))
    p.add_argument("--check", action="store_true",
                   help="compare with the files in --out instead of writing them")
    args = p.parse_args()
    families = args.families or [
        f for f in FAMILIES if os.path.exists(os.path.join(HERE, "family_cases", f + ".py"))]
    if args.check and not os.path.exists(os.path.join(args.oracles, "simulate.py")):
        print(f"gen_family_golden: no reference oracles at {args.oracles}: the golden files "
              "were not regenerated")
        return 0
    oracle = load_oracle(args.oracles)
    stale = []
    if not args.check:
        os.makedirs(args.out, exist_ok=True)
    for family in families:
        if family not in FAMILIES:
            sys.exit(f"gen_family_golden: unknown family {family!r}; one of {', '.join(FAMILIES)}")
        cases = importlib.import_module(f"family_cases.{family}").CASES
        names = [c["name"] for c in cases]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            sys.exit(f"gen_family_golden: {family}: case names repeated: {', '.join(duplicated)}")
        out = []
        for c in cases:
            out.append(dict(c, expected=run_case(oracle, c)))
        text = json.dumps(out, indent=1) + "\n"
        path = os.path.join(args.out, family + ".json")
        refused = sum("error" in c["expected"] for c in out)
        print(f"{family}: {len(out)} cases ({refused} refused by the origin)", file=sys.stderr)
        if not args.check:
            with open(path, "w") as f:
                f.write(text)
            continue
        committed = []
        if os.path.exists(path):
            with open(path) as f:
                if f.read() == text:
                    continue
            with open(path) as f:
                committed = json.load(f)
        old = {c["name"]: c for c in committed}
        differing = [c["name"] for c in out if old.get(c["name"]) != c] + [
            n for n in old if n not in {c["name"] for c in out}]
        stale.append(f"{path}: differs from the origins' output in "
                     f"{', '.join(differing) or 'formatting'}")
    for line in stale:
        print(f"gen_family_golden: {line}; regenerate with tools/gen_family_golden.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
