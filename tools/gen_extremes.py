#!/usr/bin/python3
"""Write ``tests/core/extremes.json``: PyTorch's lrs at extreme inputs.

Run with Debian's interpreter (it has ``python3-torch``):

    /usr/bin/python3 tools/gen_extremes.py [--out FILE]

Each case builds a scheduler from ``spec`` (through ``tools/torch_simulate.py``,
so the spec language and optimizer setup are those of the golden files) on
SGD with one group per ``lr`` (and ``initial_lr`` pre-set when resuming), then
runs ``actions``: ``"step"`` is ``step()``, ``{"epoch": n}`` is
``step(n)`` (closed form), ``{"metric": x}`` is ReduceLROnPlateau's
``step(x)`` and ``{"metric": x, "epoch": n}`` its ``step(x, n)``.
``expected`` holds one row per state (after construction, then after each
action): the per-group lrs (plus ``momentum`` for cycling schedulers), or
``{"error": "TypeName"}`` when PyTorch raised there (the case stops).

Doubles are written with ``float.hex`` (``inf``, ``-inf`` and ``nan``
included), so the C++ test reads them back bit for bit with ``strtod``.
``tests/core/extremes_test.cpp`` builds the same schedulers by case name.
Only configurations where PyTorch 1.13.1 and the newest release agree are
used (resuming only for classes that docs/differences-from-pytorch.md does not
list).
"""

import argparse
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_simulate  # noqa: E402  (needs the path above)

N = 2 ** 62
INF = float("inf")
NAN = float("nan")
STEP = "step"


def ep(n):
    return {"epoch": n}


def metrics(*values):
    return [{"metric": v} for v in values]


def case(spec, actions, lr=(0.1,), initial_lr=None, momentum=0.0):
    c = {"spec": spec, "lr": list(lr), "actions": actions,
         "momentum": momentum}
    if initial_lr is not None:
        c["initial_lr"] = list(initial_lr)
    return c


ODD_LRS = [0.0, INF, -0.5, 0.1]  # lr 0, +inf and negative groups (SGD checks only lr[0])

CASES = {
    # --- counters near 2**62 ---------------------------------------------------------------
    "step_resume": case("StepLR(step_size=3, gamma=0.5, last_epoch=2**62)", [STEP] * 4,
                        lr=[0.1], initial_lr=[0.2]),
    "step_big_size": case("StepLR(step_size=2**61, gamma=0.5)",
                          [ep(N - 1), ep(N), ep(N + 1), STEP, ep(2 ** 62 + 2 ** 61)]),
    "multistep_resume": case(
        "MultiStepLR(milestones=[2**62, 2**62 + 1, 2**62 + 1], gamma=0.1, last_epoch=2**62 - 2)",
        [STEP] * 4 + [ep(N - 5), ep(N + 1)], initial_lr=[0.3]),
    "constant_resume": case("ConstantLR(factor=0.5, total_iters=2**62, last_epoch=2**62 - 2)",
                            [STEP] * 3 + [ep(N - 1), ep(N), ep(N + 7)], initial_lr=[0.4]),
    "linear_closed": case("LinearLR(start_factor=0.25, end_factor=1.0, total_iters=2**62)",
                          [ep(N // 2), ep(N - 1), STEP, ep(N), STEP, ep(N + 3)]),
    "linear_chain_small_total": case("LinearLR(start_factor=0.5, total_iters=10)",
                                     [ep(N), STEP, STEP]),
    "exponential_closed": case("ExponentialLR(gamma=0.9999999999999999)",
                               [ep(N), STEP, STEP, ep(N + 2 ** 40)]),
    "exponential_overflow": case("ExponentialLR(gamma=1.0000000000000002)", [ep(N)]),
    "polynomial_closed": case("PolynomialLR(total_iters=2**62 + 3, power=0.9)",
                              [ep(2 ** 61 + 1), ep(N), STEP, ep(N + 3), STEP]),
    "polynomial_chain_zero_div": case("PolynomialLR(total_iters=2**62, power=2.0)",
                                      [ep(N - 4), STEP]),
    # last_epoch / total_iters is a Python int division: correctly rounded, where dividing the
    # two ints converted to doubles would round twice (these two differ in the last bit).
    "polynomial_int_true_division": case("PolynomialLR(total_iters=4611686148371919933, power=1.0)",
                                         [ep(4483689775824492707), STEP]),
    "polynomial_zero_total": case("PolynomialLR(total_iters=0)", [ep(3)]),
    "cosine_closed": case("CosineAnnealingLR(T_max=10, eta_min=0.001)",
                          [ep(N), ep(N + 5), STEP, STEP, ep(N + 2 ** 40 + 3)]),
    "cosine_big_tmax": case("CosineAnnealingLR(T_max=2**62 + 1, eta_min=0.001)",
                            [ep(N - 1), ep(N), STEP, STEP, STEP, ep(2 * N)]),
    "multiplicative_epoch": case("MultiplicativeLR(lr_lambda=lambda e: 0.5)",
                                 [ep(N), STEP, ep(N + 10)]),
    "lambda_resume": case("LambdaLR(lr_lambda=lambda e: 1.0 / (e + 1.0), last_epoch=2**62)",
                          [STEP, STEP, ep(N + 2 ** 20)], initial_lr=[0.5]),
    "cawr_t_mult_1": case("CosineAnnealingWarmRestarts(T_0=7, eta_min=0.01)",
                          [ep(float(N)), ep(float(N) + 1024.0), STEP, STEP]),
    "cawr_t_mult_2": case("CosineAnnealingWarmRestarts(T_0=10, T_mult=2)",
                          [ep(float(N)), ep(float(2 ** 61) * 3.0), STEP]),
    "cawr_big_t0": case("CosineAnnealingWarmRestarts(T_0=2**62, T_mult=1, eta_min=0.001)",
                        [ep(float(2 ** 61)), ep(float(N) * 1.5), STEP]),
    "cyclic_resume": case("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2**61, "
                          "last_epoch=2**62)", [STEP] * 3, initial_lr=[0.01], momentum=0.9),
    "cyclic_exp_range": case("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=5, "
                             "mode='exp_range', gamma=0.99999, last_epoch=2**62)",
                             [STEP] * 3, initial_lr=[0.01], momentum=0.9),
    "cyclic_triangular2_overflow": case("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4, "
                                        "mode='triangular2', last_epoch=2**62)",
                                        [], initial_lr=[0.01], momentum=0.9),
    # A step size so small that the cycle number passes 2**63: triangular ignores it.
    "cyclic_tiny_step": case("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=1e-300)",
                             [STEP] * 3, momentum=0.9),
    "cyclic_tiny_step_triangular2": case("CyclicLR(base_lr=0.01, max_lr=0.1, "
                                         "step_size_up=1e-300, mode='triangular2')",
                                         [STEP] * 2, momentum=0.9),
    "one_cycle_big_total": case("OneCycleLR(max_lr=0.1, total_steps=2**62)",
                                [ep(N // 3), ep(N - 2), ep(N - 1), ep(N), ep(N + 1)],
                                momentum=0.9),
    "one_cycle_three_phase": case("OneCycleLR(max_lr=0.1, total_steps=2**62, three_phase=True, "
                                  "anneal_strategy='linear')",
                                  [ep(N // 4), ep(N // 2), ep(N - 3), STEP], momentum=0.9),
    "swalr_big_anneal": case("SWALR(swa_lr=0.01, anneal_epochs=2**62)", [STEP] * 3),
    "swalr_resume": case("SWALR(swa_lr=0.01, anneal_epochs=3, last_epoch=2**62)", [STEP] * 4,
                         initial_lr=[0.1]),
    "plateau_big_epoch": case("ReduceLROnPlateau(patience=1, cooldown=2**62)",
                              [{"metric": 1.0, "epoch": N}] + metrics(2.0, 2.0, 2.0, 0.5)),
    # --- non-finite metrics -----------------------------------------------------------------
    "plateau_nan_min": case("ReduceLROnPlateau(patience=1)", metrics(*[NAN] * 5)),
    "plateau_nan_max": case("ReduceLROnPlateau(mode='max', patience=1)",
                            metrics(1.0, NAN, NAN, 2.0, NAN, NAN)),
    "plateau_pos_inf_min": case("ReduceLROnPlateau(patience=1)",
                                metrics(INF, INF, 1.0, INF, INF)),
    "plateau_neg_inf_min": case("ReduceLROnPlateau(patience=1)",
                                metrics(1.0, -INF, -INF, -INF, 0.0, -INF)),
    "plateau_pos_inf_max_abs": case("ReduceLROnPlateau(mode='max', threshold_mode='abs', "
                                    "patience=0)", metrics(1.0, INF, INF, NAN, -INF)),
    "plateau_neg_inf_max": case("ReduceLROnPlateau(mode='max', patience=0, cooldown=1)",
                                metrics(-INF, -INF, -INF, 3.0, -INF)),
    # --- lr 0, +inf and negative ------------------------------------------------------------
    "odd_step": case("StepLR(step_size=2, gamma=0.5)", [STEP] * 6, lr=ODD_LRS),
    "odd_multistep": case("MultiStepLR(milestones=[1, 3], gamma=0.5)", [STEP] * 5, lr=ODD_LRS),
    "odd_constant": case("ConstantLR(factor=0.5, total_iters=3)", [STEP] * 5, lr=ODD_LRS),
    "odd_linear": case("LinearLR(start_factor=0.5, total_iters=3)", [STEP] * 5, lr=ODD_LRS),
    "odd_exponential": case("ExponentialLR(gamma=0.5)", [STEP] * 4 + [ep(7)], lr=ODD_LRS),
    "odd_polynomial": case("PolynomialLR(total_iters=4, power=2.0)", [STEP] * 6, lr=ODD_LRS),
    "odd_cosine": case("CosineAnnealingLR(T_max=3, eta_min=0.01)", [STEP] * 8 + [ep(2)],
                       lr=ODD_LRS),
    "odd_multiplicative": case("MultiplicativeLR(lr_lambda=lambda e: 0.5)", [STEP] * 4,
                               lr=ODD_LRS),
    "odd_lambda": case("LambdaLR(lr_lambda=lambda e: 1.0 / (e + 1.0))", [STEP] * 4, lr=ODD_LRS),
    "odd_cawr": case("CosineAnnealingWarmRestarts(T_0=3, eta_min=0.01)", [STEP] * 7,
                     lr=ODD_LRS),
    "odd_swalr": case("SWALR(swa_lr=0.01, anneal_epochs=3)", [STEP] * 5, lr=ODD_LRS),
    "odd_swalr_linear": case("SWALR(swa_lr=0.01, anneal_epochs=3, anneal_strategy='linear')",
                             [STEP] * 5, lr=ODD_LRS),
    "odd_plateau": case("ReduceLROnPlateau(patience=0, min_lr=0.0)", metrics(1.0, 2.0, 2.0, 2.0),
                        lr=ODD_LRS),
    "odd_plateau_neg_min": case("ReduceLROnPlateau(patience=0, min_lr=-1.0)",
                                metrics(1.0, 2.0, 2.0), lr=ODD_LRS),
}


def hexf(x):
    return float(x).hex()


def run_case(c):
    opt = torch_simulate.make_optimizer("sgd", c["lr"], c["momentum"])
    for group, value in zip(opt.param_groups, c.get("initial_lr") or []):
        group["initial_lr"] = float(value)
    cycling = [False]

    def row():
        r = {"lr": [hexf(g["lr"]) for g in opt.param_groups]}
        if cycling[0]:
            r["momentum"] = [hexf(g["momentum"]) for g in opt.param_groups]
        return r

    rows = []
    try:
        scheduler = torch_simulate.build_scheduler(c["spec"], opt)
        cycling[0] = torch_simulate._cycles_momentum(scheduler)  # noqa: SLF001 (same module family)
        rows.append(row())
        for action in c["actions"]:
            if action == STEP:
                scheduler.step()
            elif "metric" in action:
                scheduler.step(action["metric"], action.get("epoch"))
            else:
                scheduler.step(action["epoch"])
            rows.append(row())
    except Exception as error:  # noqa: BLE001 - recorded as the expected outcome
        rows.append({"error": type(error).__name__})
    return rows


def encode_action(a):
    if a == STEP:
        return a
    return {k: (hexf(v) if k == "metric" or isinstance(v, float) else v) for k, v in a.items()}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.normpath(
        os.path.join(here, os.pardir, "tests", "core", "extremes.json")))
    args = parser.parse_args()
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, c in CASES.items():
            rows = run_case(c)
            out[name] = dict(c, actions=[encode_action(a) for a in c["actions"]],
                             lr=[hexf(x) for x in c["lr"]], expected=rows)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=True, allow_nan=False)
        f.write("\n")
    print(f"{args.out}: {len(out)} cases")


if __name__ == "__main__":
    main()
