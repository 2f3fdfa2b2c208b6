"""Golden cases of timm's schedulers (``timm.scheduler``): every class and argument, warmup with
and without prefix, restarts (``cycle_mul`` 1, above 1 and below 1), ``cycle_decay``,
``cycle_limit``, ``k_decay``, per-update stepping, noise (normal and uniform, ``noise_range_t`` as
a number and as a pair, several seeds and ``noise_pct``), the plateau scheduler with and without
a metric, two param groups, the quirks of the oracle README's findings, and timm's refusals.

Each case is replayed by ``tests/families/timm/`` through the C++ classes (its table builds each
case by name) and, later, through ``lrsched simulate``.
"""

from family_cases import case

C = "timm.scheduler.CosineLRScheduler"
T = "timm.scheduler.TanhLRScheduler"
S = "timm.scheduler.StepLRScheduler"
M = "timm.scheduler.MultiStepLRScheduler"
P = "timm.scheduler.PlateauLRScheduler"
Y = "timm.scheduler.PolyLRScheduler"
TWO = (0.1, 0.05)

CASES = [
    # --- CosineLRScheduler -----------------------------------------------------------------------
    case("cosine_defaults", f"{C}(t_initial=100)",
         "defaults; lr_min from t = t_initial on (cycle_limit=1)", steps=120),
    case("cosine_two_groups_lr_min", f"{C}(t_initial=20, lr_min=1e-3)",
         "two groups decay to the same lr_min", lr=TWO, steps=30),
    case("cosine_warmup_overlap", f"{C}(t_initial=10, warmup_t=3)",
         "quirk: without warmup_prefix the warmup climbs towards the base lr (0.0667 at t=2) "
         "then continues on the curve at t=3 (0.0794): the peak is never reached", steps=14),
    case("cosine_warmup_prefix", f"{C}(t_initial=10, warmup_t=3, warmup_lr_init=1e-4, "
         "warmup_prefix=True)", "warmup prefix: the cosine starts at the base lr at t=3",
         lr=TWO, steps=16),
    case("cosine_warmup_lr_init_above_base", f"{C}(t_initial=8, warmup_t=4, warmup_lr_init=0.3)",
         "warmup from above the base lr: negative slopes", steps=12),
    case("cosine_restarts_decay", f"{C}(t_initial=10, cycle_limit=3, cycle_decay=0.5)",
         "cycle_mul=1: three cycles of 10, each peak halved, then lr_min", steps=40),
    case("cosine_cycle_mul_2", f"{C}(t_initial=5, cycle_mul=2.0, cycle_limit=4, "
         "cycle_decay=0.8, lr_min=1e-4)", "cycle_mul > 1: cycles of 5, 10, 20, 40 (math.log)",
         steps=80),
    case("cosine_cycle_mul_1_5_prefix", f"{C}(t_initial=4, cycle_mul=1.5, cycle_limit=5, "
         "warmup_t=2, warmup_prefix=True)", "cycle_mul=1.5 after a warmup prefix", steps=50),
    case("cosine_cycle_mul_half", f"{C}(t_initial=10, cycle_mul=0.5, cycle_limit=10)",
         "cycle_mul < 1: cycles of 10, 5, 2.5, ... summing to 20; the last row is t=19",
         steps=19),
    case("cosine_cycle_mul_half_domain_error", f"{C}(t_initial=10, cycle_mul=0.5, cycle_limit=10)",
         "quirk: at t = t_initial / (1 - cycle_mul) = 20 math.log gets 0: ValueError", steps=20),
    case("cosine_cycle_limit_0", f"{C}(t_initial=10, cycle_limit=0, lr_min=0.01)",
         "cycle_limit=0: lr_min from the first step", steps=5),
    case("cosine_k_decay_2", f"{C}(t_initial=30, k_decay=2.0)", "k-decay k=2", steps=35),
    case("cosine_k_decay_half", f"{C}(t_initial=30, k_decay=0.5, cycle_limit=2)",
         "k-decay k=0.5 over two cycles", lr=TWO, steps=65),
    case("cosine_t_initial_float", f"{C}(t_initial=7.5, cycle_limit=3)",
         "a float t_initial: t // 7.5 is Python's float floor division", steps=25),
    case("cosine_t_initial_float_small", f"{C}(t_initial=0.3, cycle_limit=1000)",
         "t // 0.3 with float snapping (e.g. 3 // 0.3 is 9.0, not 10)", steps=30),
    case("cosine_t_initial_1", f"{C}(t_initial=1, lr_min=0.02, cycle_limit=5)",
         "t_initial=1 (timm logs that the schedule has no effect): lr_min+... at integer t",
         steps=8),
    case("cosine_per_update", f"{C}(t_initial=50, t_in_epochs=False, warmup_t=5, "
         "warmup_prefix=True, warmup_lr_init=1e-3)", "t_in_epochs=False: step_update(k+1)",
         steps=60),
    case("cosine_metric_ignored", f"{C}(t_initial=12)",
         "a metric is stored and not used", steps=14, metric="step * 0.5"),
    case("cosine_noise_from", f"{C}(t_initial=40, noise_range_t=10)",
         "noise from t=10 on (noise_range_t an int), default seed 42, pct 0.67", steps=50),
    case("cosine_noise_pair", f"{C}(t_initial=40, noise_range_t=(5, 25), noise_pct=0.2, "
         "noise_seed=7)", "noise for 5 <= t < 25, two groups share the noise", lr=TWO,
         steps=30),
    case("cosine_noise_list_small_pct", f"{C}(t_initial=20, noise_range_t=[0, 30], "
         "noise_pct=0.02, noise_seed=3)", "noise_pct=0.02: long rejection loops, cached normals",
         steps=30),
    case("cosine_noise_seed_wraps", f"{C}(t_initial=20, noise_range_t=0, noise_seed=2**32 - 5)",
         "noise_seed + t crosses 2**32: torch keeps the low 32 bits", steps=12),
    case("cosine_noise_std_unused", f"{C}(t_initial=20, noise_range_t=0, noise_std=5.0)",
         "noise_std is accepted and never used: same as noise_std=1", steps=10),
    case("cosine_noise_per_update", f"{C}(t_initial=30, t_in_epochs=False, "
         "noise_range_t=(10, 20), noise_pct=0.5, noise_seed=100)",
         "noise on the update count", steps=25),
    case("cosine_t_initial_zero", f"{C}(t_initial=0)", "assert t_initial > 0"),
    case("cosine_lr_min_negative", f"{C}(t_initial=10, lr_min=-0.1)", "assert lr_min >= 0"),
    case("cosine_initialize_false", f"{C}(t_initial=10, initialize=False)",
         "initialize=False needs initial_lr in every group: KeyError"),
    # --- TanhLRScheduler -------------------------------------------------------------------------
    case("tanh_defaults", f"{T}(t_initial=50)", "defaults (lb=-7, ub=3); lr_min past the end",
         steps=60),
    case("tanh_warmup_towards_curve", f"{T}(t_initial=20, warmup_t=5)",
         "quirk: without prefix the warmup climbs towards the curve's value at t=5", steps=25),
    case("tanh_warmup_prefix", f"{T}(t_initial=20, warmup_t=5, warmup_lr_init=0.01, "
         "warmup_prefix=True)", "warmup prefix towards the base lr", lr=TWO, steps=30),
    case("tanh_bounds_lr_min", f"{T}(t_initial=30, lb=-3.0, ub=5.0, lr_min=1e-4)",
         "other lb, ub and lr_min", lr=TWO, steps=32),
    case("tanh_cycles", f"{T}(t_initial=10, cycle_mul=1.5, cycle_limit=3, cycle_decay=0.7)",
         "cycle_mul=1.5, three cycles, decaying peaks", steps=50),
    case("tanh_restarts_mul_1", f"{T}(t_initial=8, cycle_limit=3, cycle_decay=0.5)",
         "cycle_mul=1: restarts every 8", steps=30),
    case("tanh_cycle_mul_lt1_domain_error", f"{T}(t_initial=6, cycle_mul=0.5, cycle_limit=50)",
         "cycle_mul < 1: math domain error at t = 12", steps=15),
    case("tanh_noise", f"{T}(t_initial=30, noise_range_t=(0, 20), noise_pct=0.4, noise_seed=11)",
         "noise pair from 0", steps=25),
    case("tanh_per_update", f"{T}(t_initial=40, t_in_epochs=False, warmup_t=4)",
         "per-update, warmup towards the curve", steps=45),
    case("tanh_lb_ge_ub", f"{T}(t_initial=10, lb=3.0, ub=3.0)", "assert lb < ub"),
    case("tanh_cycle_limit_negative", f"{T}(t_initial=10, cycle_limit=-1)",
         "assert cycle_limit >= 0"),
    case("tanh_warmup_t_negative", f"{T}(t_initial=10, warmup_t=-1)", "assert warmup_t >= 0"),
    case("tanh_warmup_lr_init_negative", f"{T}(t_initial=10, warmup_lr_init=-1e-3)",
         "assert warmup_lr_init >= 0"),
    case("tanh_t_initial_zero", f"{T}(t_initial=0)", "assert t_initial > 0"),
    case("tanh_lr_min_negative", f"{T}(t_initial=10, lr_min=-1.0)", "assert lr_min >= 0"),
    # --- StepLRScheduler -------------------------------------------------------------------------
    case("step_defaults", f"{S}(decay_t=10)", "decay_rate=1: constant", steps=25),
    case("step_decay", f"{S}(decay_t=10, decay_rate=0.5)", "halved every 10", lr=TWO, steps=45),
    case("step_warmup_prefix_default", f"{S}(decay_t=5, decay_rate=0.5, warmup_t=3, "
         "warmup_lr_init=1e-3)", "warmup_prefix defaults to True here: decays at t = 8, 13, ...",
         steps=25),
    case("step_warmup_no_prefix", f"{S}(decay_t=5, decay_rate=0.5, warmup_t=3, "
         "warmup_lr_init=1e-3, warmup_prefix=False)", "overlap: decays at t = 5, 10, ...",
         steps=25),
    case("step_decay_t_float", f"{S}(decay_t=2.5, decay_rate=0.9)",
         "a float decay_t: Python's float //", steps=20),
    case("step_decay_t_float_small", f"{S}(decay_t=0.1, decay_rate=0.99)",
         "1 // 0.1 is 9.0 (float floor division snaps), not 10", steps=12),
    case("step_decay_t_zero_int", f"{S}(decay_t=0)",
         "int // 0: ZeroDivisionError at the first step", steps=3),
    case("step_decay_t_zero_float", f"{S}(decay_t=0.0)",
         "float // 0.0: the float message", steps=3),
    case("step_float_warmup_zero_decay", f"{S}(decay_t=0, warmup_t=2.0)",
         "a float warmup_t makes t - warmup_t a float: the float message at t = 2", steps=4),
    case("step_noise_pair", f"{S}(decay_t=8, decay_rate=0.7, noise_range_t=(4, 16), "
         "noise_pct=0.3, noise_seed=5)", "noise on a step schedule", lr=TWO, steps=20),
    case("step_per_update", f"{S}(decay_t=30, decay_rate=0.1, t_in_epochs=False, warmup_t=10, "
         "warmup_lr_init=1e-4)", "per-update with warmup prefix", steps=80),
    case("step_initialize_false", f"{S}(decay_t=10, initialize=False)", "KeyError", steps=2),
    # --- MultiStepLRScheduler --------------------------------------------------------------------
    case("multistep_defaults", f"{M}(decay_t=[5, 10])", "decay_rate=1: constant", steps=12),
    case("multistep_early_decay", f"{M}(decay_t=[5, 10], decay_rate=0.5)",
         "quirk: bisect_right(decay_t, t + 1) decays at t = 4 and 9, a step early", steps=15),
    case("multistep_warmup_prefix", f"{M}(decay_t=[10, 20, 30], decay_rate=0.1, warmup_t=5, "
         "warmup_lr_init=1e-4)", "warmup prefix shifts the milestones by 5", lr=TWO, steps=40),
    case("multistep_warmup_no_prefix", f"{M}(decay_t=[3, 8], decay_rate=0.5, warmup_t=4, "
         "warmup_prefix=False)", "warmup overlaps the first milestone", steps=12),
    case("multistep_unsorted", f"{M}(decay_t=[20, 5, 10], decay_rate=0.5)",
         "unsorted milestones: bisect's probes as in Python", steps=25),
    case("multistep_noise", f"{M}(decay_t=[6, 12], decay_rate=0.3, noise_range_t=3, "
         "noise_pct=0.1, noise_seed=2024)", "noise from t = 3", steps=16),
    case("multistep_per_update", f"{M}(decay_t=[15, 30], decay_rate=0.2, t_in_epochs=False)",
         "per-update", steps=35),
    # --- PlateauLRScheduler ----------------------------------------------------------------------
    case("plateau_no_metric", f"{P}()", "without a metric the plateau scheduler never steps",
         steps=15),
    case("plateau_min_constant_metric", f"{P}(mode='min', patience_t=3, decay_rate=0.5)",
         "mode min, a constant metric: decays every patience_t + 1 epochs", lr=TWO, steps=30,
         metric="1.0"),
    case("plateau_max_improving", f"{P}(patience_t=2)",
         "mode max (timm's default), an improving metric: no decay", steps=15, metric="step"),
    case("plateau_max_stalls", f"{P}(patience_t=2, decay_rate=0.5)",
         "mode max, the metric stalls at 10", steps=30, metric="min(step, 10)"),
    case("plateau_min_falls_then_rises", f"{P}(mode='min', patience_t=1, decay_rate=0.5, "
         "lr_min=0.02)", "mode min, lr_min floor", steps=25, metric="abs(step - 8)"),
    case("plateau_cooldown_threshold", f"{P}(mode='min', patience_t=1, cooldown_t=3, "
         "threshold=0.1, decay_rate=0.3)", "cooldown and a large relative threshold", steps=30,
         metric="1.0 / (step + 1)"),
    case("plateau_warmup", f"{P}(warmup_t=5, warmup_lr_init=0.01, mode='min', patience_t=1)",
         "quirk: epoch <= warmup_t: the base lr at t = 5, metrics ignored until then", lr=TWO,
         steps=20, metric="1.0"),
    case("plateau_noise_normal", f"{P}(noise_range_t=3, mode='min', patience_t=2, "
         "decay_rate=0.5)", "normal noise from t=3; the un-noised lr is restored before each "
         "plateau step", lr=TWO, steps=25, metric="1.0"),
    case("plateau_noise_uniform", f"{P}(noise_range_t=(2, 20), noise_type='uniform', "
         "noise_pct=0.3, mode='min', patience_t=3)", "uniform noise (the only class with "
         "noise_type)", steps=25, metric="1.0"),
    case("plateau_noise_uniform_no_metric", f"{P}(noise_range_t=2, noise_type='uniform')",
         "uniform noise on a constant lr", lr=TWO, steps=10),
    case("plateau_noise_type_other", f"{P}(noise_range_t=1, noise_type='gaussian', "
         "noise_seed=9)", "any noise_type but 'normal' draws uniform noise", steps=8),
    case("plateau_noise_seed_small_pct", f"{P}(noise_range_t=(1, 30), noise_pct=0.05, "
         "noise_seed=123, patience_t=4)", "seeded normal noise, tight pct, mode max",
         steps=30, metric="math.sin(step)"),
    case("plateau_decay_rate_1", f"{P}(decay_rate=1.0)",
         "torch's ReduceLROnPlateau refuses factor >= 1"),
    case("plateau_mode_unknown", f"{P}(mode='up')", "torch's ReduceLROnPlateau mode check"),
    case("plateau_initialize_false", f"{P}(initialize=False)", "KeyError"),
    # --- PolyLRScheduler -------------------------------------------------------------------------
    case("poly_defaults", f"{Y}(t_initial=100)", "power 0.5; lr_min past the end", steps=110),
    case("poly_power_2_lr_min", f"{Y}(t_initial=20, power=2.0, lr_min=1e-3)", "power 2",
         lr=TWO, steps=25),
    case("poly_warmup_overlap", f"{Y}(t_initial=20, warmup_t=4, warmup_lr_init=1e-3)",
         "quirk: warmup towards the base lr, then the curve at t = 4", steps=24),
    case("poly_warmup_prefix", f"{Y}(t_initial=20, warmup_t=4, warmup_prefix=True)",
         "warmup prefix", steps=28),
    case("poly_restarts", f"{Y}(t_initial=10, cycle_limit=3, cycle_decay=0.5, power=1.0)",
         "linear decay with restarts", steps=35),
    case("poly_cycle_mul", f"{Y}(t_initial=6, cycle_mul=1.5, cycle_limit=3, power=0.9)",
         "cycle_mul=1.5", lr=TWO, steps=30),
    case("poly_k_decay", f"{Y}(t_initial=25, k_decay=3.0, power=1.5)", "k-decay k=3",
         steps=27),
    case("poly_per_update", f"{Y}(t_initial=40, t_in_epochs=False, warmup_t=5, "
         "warmup_lr_init=1e-4)", "per-update", steps=45),
    case("poly_noise", f"{Y}(t_initial=30, noise_range_t=(10, 25), noise_pct=0.67, "
         "noise_seed=77)", "noise", steps=30),
    case("poly_cycle_mul_lt1_domain_error", f"{Y}(t_initial=8, cycle_mul=0.75, cycle_limit=99)",
         "cycle_mul < 1: math domain error at t = 32", steps=40),
    case("poly_t_initial_zero", f"{Y}(t_initial=0)", "assert t_initial > 0"),
    case("poly_lr_min_negative", f"{Y}(t_initial=10, lr_min=-0.5)", "assert lr_min >= 0"),
]
