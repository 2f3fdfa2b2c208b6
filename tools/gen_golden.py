#!/usr/bin/python3
"""Write ``tests/golden/<Class>.json``: scheduler traces from real PyTorch.

Run from anywhere with Debian's interpreter (it has ``python3-torch``):

    /usr/bin/python3 tools/gen_golden.py [--out DIR]

Each file holds a list of cases, one per configuration, named after the
top-level scheduler class. A case carries the ``lrsched simulate`` inputs
(``spec``, ``lr``, ``optimizer``, ``momentum``, ``betas``, ``steps`` and,
when used, ``initial_lr`` / ``metric``), a human-readable ``note`` saying
where the configuration comes from, and ``expected``: the per-group ``lr``
lists and, when the scheduler cycles momentum/beta1, ``momentum``.

The traces come from ``tools/torch_simulate.py`` (imported, same engine as
the command-line reference), and so does the list of classes that need golden
files: the PyTorch rows of lrsched's schedule registry, read from the
``lrsched`` binary named by ``$LRSCHED`` (default ``build/cli/lrsched``). Only ``last_epoch=-1`` is used: on that path
PyTorch 1.13.1 and the newest release agree bit for bit, which is not true
of resuming (see the spec, section 1.4). "upstream" notes refer to the test
vectors of ``test/optim/test_lrscheduler.py`` (spec section 4.3).
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_simulate  # noqa: E402  (needs the path above)

UP = "upstream "  # prefix of notes for upstream test configurations
TWO = [0.05, 0.5]  # the upstream fixture's two group lrs


def case(note, spec, lr=(0.1,), steps=100, optimizer="sgd", momentum=0.0,
         betas=(0.9, 0.999), initial_lr=None, metric=None):
    c = {"note": note, "spec": spec, "lr": list(lr), "steps": steps,
         "optimizer": optimizer, "momentum": momentum, "betas": list(betas)}
    if initial_lr is not None:
        c["initial_lr"] = list(initial_lr)
    if metric is not None:
        c["metric"] = metric
    return c


CASES = {
    "LambdaLR": [
        case(UP + "test_lambda_lr",
             "LambdaLR(lr_lambda=[lambda e: 0.9 ** e, lambda e: 0.8 ** e])",
             lr=[0.05, 0.4]),
        case("seed tutorial, lambda 1",
             "LambdaLR(lr_lambda=lambda step: step % 40 / 100.)",
             optimizer="adam"),
        case("seed tutorial, lambda 2 (reaches 0 and stays)",
             "LambdaLR(lr_lambda=lambda step: max(0, 1 - step / 100))",
             optimizer="adam", steps=120),
        case("warmup then exponential decay, three groups, Adam",
             "LambdaLR(lambda e: (e + 1) / 10 if e < 10 else "
             "0.95 ** (e - 10))",
             lr=[0.1, 0.01, 0.3], optimizer="adam", steps=150),
        case("cosine with math functions",
             "LambdaLR(lr_lambda=lambda e: 0.5 * (1 + math.cos(math.pi * "
             "min(e, 150) / 150)))",
             lr=[1.0, 0.2], steps=160),
        case("initial_lr pre-set: base_lrs come from it (setdefault)",
             "LambdaLR(lambda e: 1 / math.sqrt(e + 1))",
             lr=[0.1, 0.2], initial_lr=[0.5, 0.25], steps=100),
        case("round (half-even), chained comparison, `in` over a tuple",
             "LambdaLR(lambda e: round(e / 4) / 10 + 0.1 if 10 <= e < 80 "
             "else (0.5 if e in (3, 5, 90) else 1.0))",
             lr=TWO, steps=100),
        case("int, floor division, modulo, and/or",
             "LambdaLR(lambda e: int(e / 7) * 0.05 + 0.1 if e % 3 == 0 "
             "and e > 0 or e > 90 else 1 - e // 10 / 20)",
             lr=[0.2], steps=120, optimizer="sgd", momentum=0.9),
    ],
    "MultiplicativeLR": [
        case(UP + "test_multiplicative_lr",
             "MultiplicativeLR(lr_lambda=[lambda e: 0.9, lambda e: 0.8])",
             lr=[0.05, 0.4]),
        case("seed tutorial", "MultiplicativeLR(lr_lambda=lambda step: 0.95)",
             optimizer="adam"),
        case("halve every 30 steps, RMSprop with momentum",
             "MultiplicativeLR(lambda e: 0.5 if e % 30 == 0 else 1.0)",
             lr=[1.0, 0.1], optimizer="rmsprop", momentum=0.9, steps=150),
        case("factor depending on the step, three groups",
             "MultiplicativeLR(lambda e: 1 - 0.01 * (e % 5))",
             lr=[0.1, 0.2, 0.3], steps=200),
    ],
    "StepLR": [
        case(UP + "test_step_lr", "StepLR(step_size=3, gamma=0.1)", lr=TWO),
        case("DESIGN example", "StepLR(30, gamma=0.1)", steps=150),
        case("halving every 7, three groups, Adam",
             "StepLR(step_size=7, gamma=0.5)", lr=[0.1, 0.05, 0.3],
             optimizer="adam", steps=120),
        case("every step", "StepLR(1, gamma=0.97)", lr=[1.0], steps=200),
        case("default gamma, SGD momentum", "StepLR(25)", lr=[0.2, 0.02],
             momentum=0.9, steps=120),
    ],
    "MultiStepLR": [
        case(UP + "test_multi_step_lr",
             "MultiStepLR(milestones=[2, 5, 9], gamma=0.1)", lr=TWO),
        case("classic 30/60/90", "MultiStepLR([30, 60, 90])", steps=120),
        case("unsorted and duplicated milestones (Counter: 20 twice)",
             "MultiStepLR(milestones=[50, 20, 20, 80], gamma=0.5)",
             lr=[0.1, 0.3], optimizer="adamw", steps=100),
        case("five milestones, three groups",
             "MultiStepLR([10, 40, 70, 100, 130], gamma=0.7)",
             lr=[0.1, 0.2, 0.4], steps=150),
    ],
    "ConstantLR": [
        case(UP + "test_constantlr", "ConstantLR(factor=0.5, total_iters=5)",
             lr=TWO),
        case("defaults (factor 1/3, 5 iterations)", "ConstantLR()"),
        case("long warmup, three groups, Adam",
             "ConstantLR(factor=0.25, total_iters=60)",
             lr=[0.1, 0.01, 0.001], optimizer="adam", steps=120),
        case("total_iters=0: the factor is applied and never undone",
             "ConstantLR(factor=0.5, total_iters=0)", lr=TWO),
        case("factor 1 (int)", "ConstantLR(factor=1, total_iters=10)",
             lr=[0.3], steps=100),
    ],
    "LinearLR": [
        case(UP + "test_linearlr", "LinearLR(start_factor=0.5, total_iters=4)",
             lr=TWO),
        case(UP + "test_get_last_lr_linearlr",
             "LinearLR(start_factor=0.25, end_factor=0.6, total_iters=4)",
             lr=TWO),
        case(UP + "test_closed_form_linearlr (chainable side)",
             "LinearLR(start_factor=0.3333333333333333, end_factor=0.7, "
             "total_iters=4)", lr=TWO),
        case("warmup, three groups, Adam",
             "LinearLR(start_factor=0.1, total_iters=50)",
             lr=[0.1, 0.01, 1.0], optimizer="adam", steps=150),
        case("linear decay to zero, then flat",
             "LinearLR(start_factor=1.0, end_factor=0.0, total_iters=100)",
             steps=120),
        case("total_iters=0: stays at start_factor",
             "LinearLR(start_factor=0.2, end_factor=0.9, total_iters=0)"),
    ],
    "ExponentialLR": [
        case(UP + "test_exp_lr", "ExponentialLR(gamma=0.9)", lr=TWO),
        case("slow decay", "ExponentialLR(0.99)", steps=200),
        case("three groups, SGD momentum", "ExponentialLR(gamma=0.95)",
             lr=[0.1, 0.02, 0.5], momentum=0.9, steps=120),
        case("growth", "ExponentialLR(gamma=1.01)", lr=[1e-4], steps=150),
    ],
    "SequentialLR": [
        case(UP + "test_sequentiallr1",
             "SequentialLR(schedulers=[ExponentialLR(gamma=0.8), "
             "StepLR(gamma=0.1, step_size=4)], milestones=[3])", lr=TWO),
        case(UP + "test_sequentiallr2",
             "SequentialLR(schedulers=[ConstantLR(factor=0.1, total_iters=3), "
             "ExponentialLR(gamma=0.9)], milestones=[3])", lr=TWO),
        case(UP + "test_sequentiallr3",
             "SequentialLR(schedulers=[ConstantLR(factor=0.1, total_iters=3), "
             "ExponentialLR(gamma=0.8), StepLR(gamma=0.1, step_size=2)], "
             "milestones=[3, 6])", lr=TWO),
        case(UP + "test_sequentiallr4 (the second ctor's step is undone)",
             "SequentialLR(schedulers=[ConstantLR(factor=1, total_iters=10), "
             "ConstantLR(factor=0.1, total_iters=10)], milestones=[10])",
             lr=[0.1]),
        case("DESIGN example: warmup then cosine",
             "SequentialLR(schedulers=[LinearLR(start_factor=0.1, "
             "total_iters=5), CosineAnnealingLR(T_max=95)], milestones=[5])",
             steps=150),
        case("warmup then warm restarts, Adam",
             "SequentialLR([LinearLR(0.1, total_iters=10), "
             "CosineAnnealingWarmRestarts(T_0=20, T_mult=2, eta_min=0.001)], "
             "[10])", lr=[0.1, 0.01], optimizer="adam", steps=150),
        case("warmup then CyclicLR: momentum column from a nested scheduler",
             "SequentialLR([LinearLR(start_factor=0.5, total_iters=10), "
             "CyclicLR(0.01, 0.1, step_size_up=15)], milestones=[20])",
             lr=[0.1], momentum=0.9, steps=120),
        case("StepLR then PolynomialLR, three groups",
             "SequentialLR([StepLR(10, 0.5), PolynomialLR(total_iters=50, "
             "power=2.0)], milestones=[40])", lr=[0.1, 0.2, 0.3], steps=120),
        case("three phases",
             "SequentialLR([LinearLR(0.2, total_iters=10), "
             "ConstantLR(0.5, 20), CosineAnnealingLR(T_max=50, "
             "eta_min=0.001)], milestones=[10, 40])", lr=TWO, steps=150),
        case("MultiplicativeLR as the first child, LambdaLR second",
             "SequentialLR([MultiplicativeLR(lambda e: 0.95), "
             "LambdaLR(lambda e: 0.5 ** (e // 10))], milestones=[20])",
             lr=TWO, steps=100),
        case("OneCycleLR as the second child (it rewrites initial_lr)",
             "SequentialLR([ConstantLR(0.1, 5), OneCycleLR(max_lr=0.5, "
             "total_steps=100)], milestones=[5])",
             lr=[0.1], momentum=0.9, steps=100),
    ],
    "PolynomialLR": [
        case(UP + "test_poly_lr", "PolynomialLR(total_iters=5, power=0.9)",
             lr=TWO),
        case("defaults", "PolynomialLR()"),
        case("quadratic", "PolynomialLR(total_iters=100, power=2.0)",
             lr=[0.1, 0.01], steps=120),
        case("square root, three groups, Adam",
             "PolynomialLR(150, 0.5)", lr=[0.1, 0.2, 0.3],
             optimizer="adam", steps=160),
    ],
    "CosineAnnealingLR": [
        case(UP + "test_cos_anneal_lr (continues periodically)",
             "CosineAnnealingLR(T_max=10, eta_min=1e-10)", lr=TWO),
        case("seed tutorial (eta_min above lr), initial_lr pre-set, Adam",
             "CosineAnnealingLR(T_max=40, eta_min=0.2)", optimizer="adam",
             initial_lr=[0.1]),
        case("one full period and back up", "CosineAnnealingLR(T_max=100)",
             lr=[0.1, 0.01], steps=200),
        case("short period, three groups, SGD momentum",
             "CosineAnnealingLR(T_max=7, eta_min=0.001)",
             lr=[0.1, 0.05, 0.01], momentum=0.9, steps=150),
        case("T_max=1", "CosineAnnealingLR(T_max=1)", lr=[0.1]),
        case(UP + "test_closed_form_cos_anneal_lr (chainable side)",
             "CosineAnnealingLR(T_max=5, eta_min=1e-10)", lr=TWO),
    ],
    "ChainedScheduler": [
        case(UP + "test_chained_lr1",
             "ChainedScheduler([StepLR(gamma=0.1, step_size=3)])", lr=TWO),
        case(UP + "test_chained_lr2",
             "ChainedScheduler([LinearLR(start_factor=0.4, total_iters=3)])",
             lr=TWO),
        case(UP + "test_chained_lr3",
             "ChainedScheduler([LinearLR(start_factor=0.4, total_iters=3), "
             "MultiStepLR(milestones=[4, 8, 10], gamma=0.1)])", lr=TWO),
        case(UP + "test_chained_lr4",
             "ChainedScheduler([ExponentialLR(gamma=0.9), "
             "ConstantLR(factor=0.2, total_iters=4), "
             "StepLR(gamma=0.1, step_size=3)])", lr=TWO),
        case(UP + "test_chained_lr5",
             "ChainedScheduler([PolynomialLR(total_iters=5, power=0.9), "
             "ConstantLR(factor=0.1)])", lr=TWO),
        case("DESIGN example, with the newest release's optimizer=None",
             "ChainedScheduler([ExponentialLR(gamma=0.9), "
             "ConstantLR(factor=0.2, total_iters=4)], optimizer=None)"),
        case("SequentialLR inside ChainedScheduler",
             "ChainedScheduler([SequentialLR([LinearLR(0.1, total_iters=10), "
             "CosineAnnealingLR(T_max=90)], milestones=[10]), "
             "ExponentialLR(0.999)])", lr=[0.1, 0.3], steps=150),
        case("CyclicLR then a warmup multiplier, momentum column",
             "ChainedScheduler([CyclicLR(0.01, 0.1, step_size_up=10), "
             "LinearLR(0.1, total_iters=20)])", lr=[0.1], momentum=0.9,
             steps=100),
    ],
    "ReduceLROnPlateau": [
        case(UP + "test_reduce_lr_on_plateau1",
             "ReduceLROnPlateau(threshold_mode='abs', mode='min', "
             "threshold=0.01, patience=5, cooldown=5)",
             lr=[0.5, 0.5], metric="10 - step * 0.0167"),
        case(UP + "test_reduce_lr_on_plateau2",
             "ReduceLROnPlateau(threshold_mode='abs', mode='min', "
             "threshold=0.1, patience=5, cooldown=0)",
             lr=[0.5, 0.5], metric="10 - step * 0.0165"),
        case(UP + "test_reduce_lr_on_plateau3",
             "ReduceLROnPlateau(threshold_mode='abs', mode='max', "
             "patience=5, cooldown=5)",
             lr=[0.5, 0.5], metric="-0.8 if step < 2 else -0.234"),
        case(UP + "test_reduce_lr_on_plateau4",
             "ReduceLROnPlateau(mode='max', threshold_mode='rel', "
             "threshold=0.1, patience=3)",
             lr=[0.5, 0.5], metric="1.5 * 1.025 ** step"),
        case(UP + "test_reduce_lr_on_plateau5",
             "ReduceLROnPlateau(mode='max', threshold_mode='rel', "
             "threshold=0.1, patience=5, cooldown=5)",
             lr=[0.5, 0.5], metric="1.5 * 1.005 ** step"),
        case(UP + "test_reduce_lr_on_plateau6",
             "ReduceLROnPlateau(mode='min', threshold_mode='rel', "
             "threshold=0.1)",
             lr=[0.5, 0.5], metric="1.5 * 0.85 ** step"),
        case(UP + "test_reduce_lr_on_plateau7",
             "ReduceLROnPlateau(mode='min', threshold_mode='rel', "
             "threshold=0.1, patience=5, cooldown=5)",
             lr=[0.5, 0.5],
             metric="1 if step < 7 else (0.6 if step == 7 else 0.5)"),
        case(UP + "test_reduce_lr_on_plateau8 (per-group min_lr)",
             "ReduceLROnPlateau(mode='max', threshold_mode='rel', "
             "min_lr=[0.4, 0.3], threshold=0.1, patience=5, cooldown=5)",
             lr=[0.5, 0.5], metric="1.5 * 1.005 ** step"),
        case("metric fed back from lr, three groups",
             "ReduceLROnPlateau(factor=0.5, patience=3)",
             lr=[0.1, 0.2, 0.3], metric="lr * 10 + abs(math.sin(step / 5))",
             steps=150),
        case("patience 0: reduce every step until min_lr / eps stop it",
             "ReduceLROnPlateau(factor=0.5, patience=0, min_lr=1e-3, "
             "eps=1e-3)", lr=[0.1, 0.0105], metric="1.0"),
        case("NaN metrics count as bad epochs",
             "ReduceLROnPlateau(mode='min', patience=2, factor=0.7)",
             lr=[0.1], metric="math.inf - math.inf if step % 10 == 3 "
             "else 1.0 / (step + 1)", steps=120),
        case("seed tutorial: the metric is the lr itself, Adam",
             "ReduceLROnPlateau(mode='max', factor=0.9, patience=4, "
             "threshold=0.0)", optimizer="adam", metric="lr"),
    ],
    "CyclicLR": [
        case(UP + "test_cycle_lr_triangular_mode_one_lr",
             "CyclicLR(base_lr=1, max_lr=5, step_size_up=4, "
             "cycle_momentum=True, base_momentum=1, max_momentum=5, "
             "mode='triangular')", lr=TWO),
        case(UP + "test_cycle_lr_triangular_mode_one_lr_no_momentum",
             "CyclicLR(base_lr=1, max_lr=5, step_size_up=4, "
             "cycle_momentum=False, mode='triangular')", lr=TWO),
        case(UP + "test_cycle_lr_triangular2_mode_one_lr",
             "CyclicLR(base_lr=1, max_lr=5, step_size_up=4, "
             "cycle_momentum=True, base_momentum=1, max_momentum=5, "
             "mode='triangular2')", lr=TWO),
        case(UP + "test_cycle_lr_exp_range_mode_one_lr",
             "CyclicLR(base_lr=1, max_lr=5, step_size_up=4, "
             "cycle_momentum=True, base_momentum=1, max_momentum=5, "
             "mode='exp_range', gamma=0.9)", lr=TWO),
        case(UP + "test_cycle_lr_triangular_mode (per group)",
             "CyclicLR(base_lr=[1, 2], max_lr=[5, 6], step_size_up=4, "
             "cycle_momentum=True, base_momentum=[1, 2], "
             "max_momentum=[5, 6], mode='triangular')", lr=TWO),
        case(UP + "test_cycle_lr_triangular2_mode (per group)",
             "CyclicLR(base_lr=[1, 3], max_lr=[5, 7], step_size_up=4, "
             "cycle_momentum=True, base_momentum=[1, 3], "
             "max_momentum=[5, 7], mode='triangular2')", lr=TWO),
        case(UP + "test_cycle_lr_exp_range_mode (per group)",
             "CyclicLR(base_lr=[1, 5], max_lr=[5, 12], step_size_up=4, "
             "cycle_momentum=True, base_momentum=[1, 5], "
             "max_momentum=[5, 12], mode='exp_range', gamma=0.9)", lr=TWO),
        case(UP + "test_cycle_lr_triangular_mode_step_size_up_down",
             "CyclicLR(base_lr=1, max_lr=5, step_size_up=4, "
             "step_size_down=6, cycle_momentum=True, base_momentum=1, "
             "max_momentum=5, mode='triangular')", lr=TWO),
        case(UP + "test_cycle_lr_triangular2_mode_step_size_up_down",
             "CyclicLR(base_lr=[1, 3], max_lr=[5, 7], step_size_up=2, "
             "step_size_down=6, cycle_momentum=True, base_momentum=[1, 3], "
             "max_momentum=[5, 7], mode='triangular2')", lr=TWO),
        case(UP + "test_cycle_lr_exp_range_mode_step_size_up_down",
             "CyclicLR(base_lr=[1, 5], max_lr=[5, 12], step_size_up=2, "
             "step_size_down=6, cycle_momentum=True, base_momentum=[1, 5], "
             "max_momentum=[5, 12], mode='exp_range', gamma=0.9)", lr=TWO),
        case("custom scale_fn per cycle",
             "CyclicLR(0.001, 0.1, step_size_up=10, "
             "scale_fn=lambda x: 1 / (2.0 ** (x - 1)), scale_mode='cycle')",
             momentum=0.9, steps=120),
        case("custom scale_fn per iteration",
             "CyclicLR(0.001, 0.1, step_size_up=10, step_size_down=15, "
             "scale_fn=lambda x: 0.99 ** x, scale_mode='iterations')",
             lr=TWO, momentum=0.9, steps=150),
        case("issue #21965: initial_lr pre-set is the first value",
             "CyclicLR(0.1, 0.3, step_size_up=1, step_size_down=3)",
             lr=[0.5], initial_lr=[0.5], steps=100),
        case("Adam without momentum cycling, three groups",
             "CyclicLR(1e-4, 1e-2, step_size_up=25, mode='triangular2', "
             "cycle_momentum=False)", lr=[0.1, 0.2, 0.3], optimizer="adam",
             steps=150),
        case("RMSprop momentum cycling",
             "CyclicLR(0.01, 0.05, step_size_up=15, step_size_down=5, "
             "base_momentum=0.8, max_momentum=0.95)",
             optimizer="rmsprop", momentum=0.9, steps=120),
        case("realistic triangular",
             "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=20)",
             momentum=0.9, steps=200),
    ],
    "CosineAnnealingWarmRestarts": [
        case(UP + "test_cosine_annealing_warm_restarts_lr1 (T_mult=1)",
             "CosineAnnealingWarmRestarts(T_0=10, T_mult=1, eta_min=1e-10)",
             lr=TWO),
        case(UP + "test_cosine_annealing_warm_restarts_lr1 (T_mult=2)",
             "CosineAnnealingWarmRestarts(T_0=10, T_mult=2, eta_min=1e-10)",
             lr=TWO, steps=150),
        case(UP + "test_cosine_annealing_warm_restarts_lr1 (T_mult=4)",
             "CosineAnnealingWarmRestarts(T_0=10, T_mult=4, eta_min=1e-10)",
             lr=TWO, steps=200),
        case("T_mult=3", "CosineAnnealingWarmRestarts(5, 3)", lr=[0.1],
             steps=150),
        case("T_0=1", "CosineAnnealingWarmRestarts(T_0=1, T_mult=2, "
             "eta_min=0.01)", lr=[0.1], steps=100),
        case("initial_lr pre-set: the cosine starts from it",
             "CosineAnnealingWarmRestarts(T_0=25)", lr=[0.1],
             initial_lr=[0.3], steps=100),
        case("three groups, Adam, T_mult=2",
             "CosineAnnealingWarmRestarts(T_0=20, T_mult=2, eta_min=0.001)",
             lr=[0.1, 0.01, 0.05], optimizer="adam", steps=160),
    ],
    "OneCycleLR": [
        case(UP + "test_onecycle_lr_cosine_annealing",
             "OneCycleLR(max_lr=25, final_div_factor=2, base_momentum=1, "
             "max_momentum=22, total_steps=10)", lr=TWO, steps=10),
        case(UP + "test_onecycle_lr_linear_annealing",
             "OneCycleLR(max_lr=25, final_div_factor=2, base_momentum=1, "
             "max_momentum=22, total_steps=10, anneal_strategy='linear')",
             lr=TWO, steps=10),
        case(UP + "test_onecycle_lr_linear_annealing_three_phases",
             "OneCycleLR(max_lr=25, div_factor=25, base_momentum=1, "
             "max_momentum=22, total_steps=10, anneal_strategy='linear', "
             "pct_start=0.4, final_div_factor=4, three_phase=True)",
             lr=TWO, steps=10),
        case(UP + "test_cycle_lr_with_adam (beta1 cycles)",
             "OneCycleLR(max_lr=25, final_div_factor=2, base_momentum=1, "
             "max_momentum=22, total_steps=10, anneal_strategy='linear')",
             lr=TWO, optimizer="adam", steps=10),
        case("defaults, SGD momentum",
             "OneCycleLR(max_lr=0.01, total_steps=100)", momentum=0.9),
        case("epochs x steps_per_epoch, per-group max_lr, linear",
             "OneCycleLR(max_lr=[0.1, 0.05], epochs=15, steps_per_epoch=10, "
             "pct_start=0.25, anneal_strategy='linear')",
             lr=[0.1, 0.1], momentum=0.9, steps=150),
        case("three phases cos, three groups, AdamW",
             "OneCycleLR(max_lr=0.003, total_steps=200, pct_start=0.35, "
             "three_phase=True, div_factor=10.0, final_div_factor=100.0)",
             lr=[0.1, 0.2, 0.3], optimizer="adamw", betas=(0.95, 0.99),
             steps=200),
        case("no momentum cycling, Adagrad",
             "OneCycleLR(max_lr=0.1, total_steps=120, cycle_momentum=False)",
             optimizer="adagrad", steps=120),
    ],
    "SWALR": [
        case("spec 2.16 linear vector",
             "SWALR(swa_lr=0.01, anneal_epochs=3, anneal_strategy='linear')",
             lr=[0.05]),
        case("defaults (cos, 10 epochs)", "SWALR(swa_lr=0.05)",
             lr=[0.1, 0.5]),
        case("anneal_epochs=0: swa_lr from the constructor on",
             "SWALR(swa_lr=0.02, anneal_epochs=0)", lr=[0.1, 0.2]),
        case(UP + "linear anneal, per-group swa_lr",
             "SWALR(swa_lr=[0.01, 0.02], anneal_epochs=4, "
             "anneal_strategy='linear')", lr=TWO),
        case(UP + "test_swalr_no_anneal",
             "SWALR(swa_lr=0.01, anneal_epochs=1)",
             lr=TWO),
        case("long cos anneal, three groups, Adam",
             "SWALR(swa_lr=0.001, anneal_epochs=50, anneal_strategy='cos')",
             lr=[0.1, 0.05, 0.01], optimizer="adam", steps=120),
    ],
}


def expected(c):
    """Run one case through the reference engine."""
    trace = torch_simulate.simulate(
        c["spec"], c["lr"], c["steps"], c["optimizer"], c["momentum"],
        c["betas"], c.get("initial_lr"), c.get("metric"))
    result = {"lr": trace.lr}
    if trace.momentum is not None:
        result["momentum"] = trace.momentum
    return result


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.normpath(
        os.path.join(here, os.pardir, "tests", "golden")))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    missing = set(torch_simulate.schedulers()) - set(CASES)
    if missing:
        sys.exit(f"no golden cases for: {', '.join(sorted(missing))}")
    for name, cases in sorted(CASES.items()):
        for c in cases:
            top = c["spec"].split("(", 1)[0]
            if top != name:
                sys.exit(f"{c['spec']!r} filed under {name}")
            c["expected"] = expected(c)
        path = os.path.join(args.out, f"{name}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(cases, f, indent=1, sort_keys=True, allow_nan=False)
            f.write("\n")
        print(f"{path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
