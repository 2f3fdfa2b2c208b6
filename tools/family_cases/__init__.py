"""Golden cases of the schedule families (transformers, timm, Optax, Keras), one module each.

Each module defines ``CASES``, a list of ``case(...)``; ``tools/gen_family_golden.py`` runs them
through the reference oracles and writes ``tests/golden/families/<family>.json``.
"""


def case(name, spec, note="", lr=(0.1,), steps=100, optimizer="sgd", momentum=0.0, metric=None):
    """One ``lrsched simulate`` run: SPEC with ``--lr``, ``--steps``, ``--optimizer``,
    ``--momentum`` and (when given) ``--metric``, named ``name`` (unique in its family)."""
    c = {"name": name, "note": note, "spec": spec, "lr": [float(x) for x in lr], "steps": steps,
         "optimizer": optimizer, "momentum": momentum}
    if metric is not None:
        c["metric"] = metric
    return c
