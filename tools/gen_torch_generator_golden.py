#!/usr/bin/python3
"""Write ``tests/golden/families/torch_generator.json``: draws of PyTorch's CPU generator.

timm's noise seeds a ``torch.Generator`` with ``noise_seed + t`` and draws ``torch.randn(1)``
(until a value is small enough) or ``torch.rand(1)``. lrsched reproduces that generator
(``src/families/torch_generator.cpp``); this file holds what real PyTorch draws, for the test
that compares every draw bit for bit. Run with Debian's interpreter, which has ``python3-torch``:

    /usr/bin/python3 tools/gen_torch_generator_golden.py [--out FILE]

For each seed the generator is seeded with ``g.manual_seed(seed)`` and then makes the calls of
``draws`` in order: ``n`` is ``torch.randn(1, generator=g).item()``, ``u`` is
``torch.rand(1, generator=g).item()``. Interleaving them checks that ``rand`` leaves the cached
second normal value of a Box-Muller pair in place; long sequences cross the twist of the
624-word Mersenne Twister state. Seeds cover 0, 1, 42, the ends of the 32-bit range, seeds past
it (torch keeps their low 32 bits), negative seeds (their 64-bit two's complement) and random
ones. Values are written with Python's repr: exact. Do not edit the file by hand.
"""

import argparse
import json
import os
import random
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FIXED_SEEDS = [0, 1, 2, 42, 43, 1234, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**32 + 42,
               2**40 + 3, 2**63 - 1, 2**64 - 1, -1, -42, -(2**63)]
# A fixed pattern that mixes cached normals, fresh pairs and uniform draws.
PATTERN = "nnnununnuuunnnnn"


def draw(seed, draws):
    g = torch.Generator()
    g.manual_seed(seed)
    values = []
    for kind in draws:
        if kind == "n":
            values.append(torch.randn(1, generator=g).item())
        else:
            values.append(torch.rand(1, generator=g).item())
    return values


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=os.path.join(ROOT, "tests", "golden", "families",
                                                 "torch_generator.json"))
    args = p.parse_args()
    rng = random.Random(20240611)  # the file is reproducible
    cases = []
    for seed in FIXED_SEEDS:
        cases.append({"seed": seed, "draws": PATTERN})
    for _ in range(40):
        seed = rng.randrange(0, 2**64)
        length = rng.randrange(1, 24)
        cases.append({"seed": seed, "draws": "".join(rng.choice("nnu") for _ in range(length))})
    for _ in range(8):  # small seeds, as noise_seed + t gives
        seed = rng.randrange(0, 10_000)
        cases.append({"seed": seed, "draws": "".join(rng.choice("nu") for _ in range(12))})
    # Past the first twist (624 words): 500 normals use 1000 words, 800 uniforms 800.
    cases.append({"seed": 42, "draws": "n" * 500})
    cases.append({"seed": 7, "draws": "u" * 800})
    cases.append({"seed": 2**32 + 5, "draws": "".join(rng.choice("nnu") for _ in range(700))})
    for c in cases:
        c["values"] = draw(c["seed"], c["draws"])
    doc = {"torch_version": torch.__version__,
           "note": "g = torch.Generator(); g.manual_seed(seed); then per character of draws: "
                   "n = torch.randn(1, generator=g).item(), u = torch.rand(1, generator=g).item()",
           "cases": cases}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    total = sum(len(c["values"]) for c in cases)
    print(f"torch_generator: {len(cases)} seeds, {total} draws", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
