"""Golden cases of Hugging Face transformers' schedules (``transformers.optimization``).

Every schedule function with its defaults and each argument, past the end of the schedule, two
param groups with different lrs (``optimizer.defaults["lr"]`` is the first), the documented
quirks and the origin's refusals; ``get_scheduler`` by every name, with and without
``scheduler_specific_kwargs``, and its refusals.
"""

from family_cases import case

T = "transformers."
TWO = (0.1, 0.03)  # two param groups with different lrs

CASES = [
    # --- get_constant_schedule --------------------------------------------------------------
    case("constant_default", T + "get_constant_schedule()", "lr_lambda returns the int 1",
         steps=5),
    case("constant_two_groups", T + "get_constant_schedule()", "each group keeps its own lr",
         lr=TWO, steps=5),
    case("constant_last_epoch_explicit", T + "get_constant_schedule(last_epoch=-1)",
         "last_epoch=-1 given explicitly is the default", steps=3),
    case("constant_last_epoch_resume_refused", T + "get_constant_schedule(last_epoch=4)",
         "last_epoch >= 0 on a fresh optimizer: LambdaLR requires initial_lr (torch 1.13's text)",
         steps=3),

    # --- get_constant_schedule_with_warmup -------------------------------------------------
    case("constant_with_warmup_default",
         T + "get_constant_schedule_with_warmup(num_warmup_steps=10)",
         "step/max(1.0, 10) over the warmup, then 1.0", steps=15),
    case("constant_with_warmup_zero", T + "get_constant_schedule_with_warmup(num_warmup_steps=0)",
         "no warmup: 1.0 from step 0", steps=4),
    case("constant_with_warmup_one", T + "get_constant_schedule_with_warmup(1)",
         "positional num_warmup_steps; one warmup step: 0 then 1", steps=4),
    case("constant_with_warmup_two_groups",
         T + "get_constant_schedule_with_warmup(num_warmup_steps=3)", "the same factor per group",
         lr=TWO, steps=6),

    # --- get_linear_schedule_with_warmup ----------------------------------------------------
    case("linear_default",
         T + "get_linear_schedule_with_warmup(num_warmup_steps=10, num_training_steps=100)",
         "warmup, linear decay to 0 at step 100, held at 0 after (max(0.0, ...))", steps=110),
    case("linear_no_warmup", T + "get_linear_schedule_with_warmup(0, 50)",
         "positional arguments; decay from step 0", steps=55),
    case("linear_warmup_equals_training",
         T + "get_linear_schedule_with_warmup(num_warmup_steps=10, num_training_steps=10)",
         "decay length max(1, 0): 0 from step 10", steps=14),
    case("linear_warmup_past_training",
         T + "get_linear_schedule_with_warmup(num_warmup_steps=8, num_training_steps=5)",
         "a negative remainder is clamped to 0 right after the warmup", steps=12),
    case("linear_two_groups",
         T + "get_linear_schedule_with_warmup(num_warmup_steps=3, num_training_steps=13)",
         "two groups with different lrs", lr=TWO, steps=16),
    case("linear_last_epoch_resume_refused",
         T + "get_linear_schedule_with_warmup(3, 13, last_epoch=5)",
         "last_epoch >= 0 on a fresh optimizer: KeyError", steps=3),

    # --- get_cosine_schedule_with_warmup -----------------------------------------------------
    case("cosine_default",
         T + "get_cosine_schedule_with_warmup(num_warmup_steps=10, num_training_steps=100)",
         "no clamp past num_training_steps: the lr rises again, back to the peak at step 190",
         steps=200),
    case("cosine_num_cycles_float",
         T + "get_cosine_schedule_with_warmup(num_warmup_steps=5, num_training_steps=45, "
         "num_cycles=1.5)", "one and a half waves: max(0, ...) only guards rounding", steps=50),
    case("cosine_num_cycles_int",
         T + "get_cosine_schedule_with_warmup(num_warmup_steps=0, num_training_steps=20, "
         "num_cycles=1)", "an int num_cycles (float(num_cycles)): down and back up", steps=25),
    case("cosine_warmup_equals_training",
         T + "get_cosine_schedule_with_warmup(num_warmup_steps=6, num_training_steps=6)",
         "decay length max(1, 0): the cosine moves a half period per step", steps=12),
    case("cosine_two_groups",
         T + "get_cosine_schedule_with_warmup(num_warmup_steps=4, num_training_steps=24)",
         "two groups; past the end", lr=TWO, steps=34),
    case("cosine_last_epoch_explicit",
         T + "get_cosine_schedule_with_warmup(2, 12, 0.5, -1)", "every argument positional",
         steps=14),

    # --- get_cosine_with_hard_restarts_schedule_with_warmup -----------------------------------
    case("hard_restarts_default",
         T + "get_cosine_with_hard_restarts_schedule_with_warmup(num_warmup_steps=5, "
         "num_training_steps=50)", "one cycle; 0.0 for progress >= 1", steps=56),
    case("hard_restarts_three_cycles",
         T + "get_cosine_with_hard_restarts_schedule_with_warmup(num_warmup_steps=5, "
         "num_training_steps=35, num_cycles=3)", "three restarts to the peak ((n * p) % 1.0)",
         steps=40),
    case("hard_restarts_float_cycles",
         T + "get_cosine_with_hard_restarts_schedule_with_warmup(num_warmup_steps=0, "
         "num_training_steps=20, num_cycles=2.5)", "a fractional cycle count", steps=24),
    case("hard_restarts_two_groups",
         T + "get_cosine_with_hard_restarts_schedule_with_warmup(2, 14, 2)",
         "two groups, positional num_cycles", lr=TWO, steps=18),

    # --- get_polynomial_decay_schedule_with_warmup --------------------------------------------
    case("polynomial_default",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=10, "
         "num_training_steps=100)", "linear (power 1) to lr_end=1e-7, lr_end/lr_init after",
         steps=110),
    case("polynomial_power_float",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=4, "
         "num_training_steps=40, lr_end=1e-4, power=2.0)", "pct_remaining**2.0 is pow()",
         steps=45),
    case("polynomial_power_int",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=0, "
         "num_training_steps=30, lr_end=0.0, power=3)", "an int power; lr_end 0", steps=33),
    case("polynomial_power_half",
         T + "get_polynomial_decay_schedule_with_warmup(3, 23, 1e-3, 0.5)",
         "positional lr_end and power", steps=26),
    case("polynomial_two_groups",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=2, "
         "num_training_steps=12, lr_end=0.01)",
         "lr_init is defaults['lr'] (group 0's): group 1 ends at 0.03 * 0.01 / 0.1, not 0.01",
         lr=TWO, steps=16),
    case("polynomial_warmup_past_training",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=8, "
         "num_training_steps=5)", "after the warmup step > num_training_steps: lr_end/lr_init",
         steps=11),
    case("polynomial_negative_lr_end",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=0, "
         "num_training_steps=10, lr_end=-0.05)", "a negative lr_end is accepted", steps=13),
    case("polynomial_equal_steps_before_the_division",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=10, "
         "num_training_steps=10)", "9 rows and 9 steps stay in the warmup: no error", steps=9),
    case("polynomial_equal_steps_zero_division",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=10, "
         "num_training_steps=10)",
         "unguarded (step - warmup) / 0 (ints) at step 10: ZeroDivisionError", steps=12),
    case("polynomial_negative_power_at_the_end",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=2, "
         "num_training_steps=6, power=-1.0)", "0.0 ** -1.0 at step 6", steps=8),
    case("polynomial_lr_end_not_smaller_refused",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=2, "
         "num_training_steps=6, lr_end=0.1)", "lr_end must be below defaults['lr']", steps=3),
    case("polynomial_lr_end_against_group_0_refused",
         T + "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=2, "
         "num_training_steps=6, lr_end=0.05)",
         "checked against defaults['lr'] (group 0's 0.01), not the largest group", lr=(0.01, 0.1),
         steps=3),

    # --- get_inverse_sqrt_schedule -----------------------------------------------------------
    case("inverse_sqrt_default", T + "get_inverse_sqrt_schedule(num_warmup_steps=10)",
         "timescale=None: num_warmup_steps", steps=100),
    case("inverse_sqrt_no_warmup", T + "get_inverse_sqrt_schedule(num_warmup_steps=0)",
         "timescale=None with no warmup: 10_000", steps=30),
    case("inverse_sqrt_timescale", T + "get_inverse_sqrt_schedule(5, 20)",
         "positional timescale; decays past the warmup for ever", steps=60),
    case("inverse_sqrt_two_groups",
         T + "get_inverse_sqrt_schedule(num_warmup_steps=3, timescale=None)",
         "two groups, explicit None", lr=TWO, steps=12),
    case("inverse_sqrt_timescale_zero",
         T + "get_inverse_sqrt_schedule(num_warmup_steps=2, timescale=0)",
         "(step + shift) / 0 (ints) at step 2: ZeroDivisionError", steps=5),
    case("inverse_sqrt_timescale_negative",
         T + "get_inverse_sqrt_schedule(num_warmup_steps=0, timescale=-5)",
         "math.sqrt(-0.0) at step 5 is -0.0: 1.0 / -0.0 raises", steps=8),

    # --- get_cosine_with_min_lr_schedule_with_warmup -----------------------------------------
    case("cosine_min_lr_rate",
         T + "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=10, "
         "num_training_steps=100, min_lr_rate=0.1)", "to 0.1 of the lr; rises again after 100",
         steps=200),
    case("cosine_min_lr_two_groups",
         T + "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=3, "
         "num_training_steps=23, min_lr=1e-3)",
         "min_lr / defaults['lr']: group 1 ends at 0.03 * 0.01, not at 1e-3", lr=TWO, steps=30),
    case("cosine_min_lr_num_cycles",
         T + "get_cosine_with_min_lr_schedule_with_warmup(2, 22, 1.5, -1, None, 0.2)",
         "every argument positional; 1.5 waves between 0.2 and 1", steps=26),
    case("cosine_min_lr_rate_above_one",
         T + "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=0, "
         "num_training_steps=10, min_lr_rate=1.5)", "accepted: the 'decay' rises to 1.5",
         steps=12),
    case("cosine_min_lr_both_refused",
         T + "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=2, "
         "num_training_steps=6, min_lr=0.01, min_lr_rate=0.1)", "", steps=3),
    case("cosine_min_lr_neither_refused",
         T + "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=2, "
         "num_training_steps=6)", "", steps=3),
    case("cosine_min_lr_list_refused",
         T + "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=2, "
         "num_training_steps=6, min_lr=[0.01])", "a list min_lr cannot be divided", steps=3),

    # --- get_cosine_with_min_lr_schedule_with_warmup_lr_rate ---------------------------------
    case("cosine_lr_rate_default",
         T + "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=10, "
         "num_training_steps=100, min_lr_rate=0.1)",
         "one step ahead of its sibling: (step+1)/10 in the warmup, peak at step 9", steps=200),
    case("cosine_lr_rate_warmup_lr_rate",
         T + "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=5, "
         "num_training_steps=25, min_lr_rate=0.05, warmup_lr_rate=0.01)",
         "warmup from 0.01, divided by max(1, 5 - 1)", steps=30),
    case("cosine_lr_rate_warmup_lr_rate_one_step",
         T + "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=1, "
         "num_training_steps=10, min_lr_rate=0.0, warmup_lr_rate=0.2)",
         "max(1, 0): step 0 is warmup_lr_rate", steps=12),
    case("cosine_lr_rate_no_warmup",
         T + "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=0, "
         "num_training_steps=10, min_lr_rate=0.0)",
         "no warmup: step 0 is already one step into the cosine", steps=14),
    case("cosine_lr_rate_min_lr_two_groups",
         T + "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(3, 17, 0.5, -1, 0.002)",
         "positional min_lr, divided by defaults['lr']", lr=TWO, steps=20),
    case("cosine_lr_rate_num_cycles",
         T + "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=4, "
         "num_training_steps=24, num_cycles=1, min_lr_rate=0.3)", "a full wave", steps=26),
    case("cosine_lr_rate_both_refused",
         T + "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=2, "
         "num_training_steps=6, min_lr=0.01, min_lr_rate=0.1)", "", steps=3),
    case("cosine_lr_rate_neither_refused",
         T + "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=2, "
         "num_training_steps=6, warmup_lr_rate=0.1)", "", steps=3),

    # --- get_wsd_schedule ---------------------------------------------------------------------
    case("wsd_default",
         T + "get_wsd_schedule(num_warmup_steps=10, num_decay_steps=20, num_training_steps=100)",
         "linear warmup, stable 70 steps, cosine decay, min_lr_ratio (0) from step 100",
         steps=110),
    case("wsd_num_stable_steps",
         T + "get_wsd_schedule(num_warmup_steps=4, num_decay_steps=6, num_stable_steps=5)",
         "num_stable_steps without num_training_steps", steps=18),
    case("wsd_both_lengths",
         T + "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3, num_training_steps=10, "
         "num_stable_steps=2)", "num_stable_steps wins (a UserWarning)", steps=10),
    case("wsd_warmup_cosine_decay_linear",
         T + "get_wsd_schedule(num_warmup_steps=6, num_decay_steps=8, num_training_steps=20, "
         "warmup_type='cosine', decay_type='linear')", "", steps=24),
    case("wsd_warmup_1sqrt_decay_1sqrt",
         T + "get_wsd_schedule(num_warmup_steps=6, num_decay_steps=8, num_training_steps=20, "
         "warmup_type='1-sqrt', decay_type='1-sqrt')", "", steps=24),
    case("wsd_warmup_linear_decay_cosine_cycles",
         T + "get_wsd_schedule(num_warmup_steps=3, num_decay_steps=10, num_training_steps=18, "
         "warmup_type='linear', decay_type='cosine', num_cycles=1.0)",
         "a full cosine wave in the decay", steps=22),
    case("wsd_min_lr_ratio",
         T + "get_wsd_schedule(4, 6, 15, None, 'cosine', 'cosine', 0.1, 0.5, -1)",
         "every argument positional; warmup from 0.1 and decay to 0.1", steps=20),
    case("wsd_min_lr_ratio_two_groups",
         T + "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=4, num_training_steps=10, "
         "decay_type='linear', min_lr_ratio=0.25)", "", lr=TWO, steps=13),
    case("wsd_negative_stable",
         T + "get_wsd_schedule(num_warmup_steps=10, num_decay_steps=20, num_training_steps=20)",
         "num_stable_steps = 20 - 10 - 20 = -10: the decay is half done when the warmup ends",
         steps=24),
    case("wsd_no_lengths_refused",
         T + "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3)", "", steps=3),
    case("wsd_warmup_type_refused",
         T + "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3, num_training_steps=10, "
         "warmup_type='exponential')", "", steps=3),
    case("wsd_decay_type_refused",
         T + "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3, num_training_steps=10, "
         "decay_type='sqrt')", "", steps=3),
    case("wsd_warmup_type_enum_refused",
         T + "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3, num_training_steps=10, "
         "warmup_type=transformers.SchedulerType.CONSTANT)",
         "a str enum member compares as its value; the message shows str() of it", steps=3),

    # --- get_reduce_on_plateau_schedule ------------------------------------------------------
    case("plateau_default", T + "get_reduce_on_plateau_schedule()",
         "torch's defaults: a constant metric reduces after 10 bad epochs", steps=40,
         metric="1.0"),
    case("plateau_kwargs",
         T + "get_reduce_on_plateau_schedule(mode='max', factor=0.5, patience=2, threshold=0.01, "
         "threshold_mode='abs', cooldown=1, min_lr=0.01, eps=1e-3)",
         "every ReduceLROnPlateau kwarg", steps=40, metric="math.sin(step / 3.0)"),
    case("plateau_two_groups_min_lr_list",
         T + "get_reduce_on_plateau_schedule(patience=1, min_lr=[0.02, 0.01])",
         "a min_lr per group", lr=TWO, steps=20, metric="step"),
    case("plateau_factor_refused", T + "get_reduce_on_plateau_schedule(factor=1.0)", "",
         steps=3, metric="1.0"),
    case("plateau_mode_refused", T + "get_reduce_on_plateau_schedule(mode='mean')", "",
         steps=3, metric="1.0"),
    case("plateau_threshold_mode_refused",
         T + "get_reduce_on_plateau_schedule(threshold_mode='ratio')", "", steps=3, metric="1.0"),

    # --- get_scheduler: every name -----------------------------------------------------------
    case("scheduler_linear",
         T + "get_scheduler('linear', num_warmup_steps=5, num_training_steps=25)", "",
         steps=30),
    case("scheduler_linear_last_epoch_kwarg_refused",
         T + "get_scheduler('linear', num_warmup_steps=5, num_training_steps=25, "
         "scheduler_specific_kwargs={'last_epoch': 3})",
         "last_epoch reaches LambdaLR through the kwargs", steps=3),
    case("scheduler_cosine",
         T + "get_scheduler('cosine', num_warmup_steps=5, num_training_steps=25)", "", steps=50),
    case("scheduler_cosine_kwargs",
         T + "get_scheduler('cosine', num_warmup_steps=5, num_training_steps=25, "
         "scheduler_specific_kwargs={'num_cycles': 1.0})", "", steps=30),
    case("scheduler_cosine_enum",
         T + "get_scheduler(transformers.SchedulerType.COSINE, 2, 12)",
         "the name as a SchedulerType member, positional lengths", steps=14),
    case("scheduler_enum_call",
         T + "get_scheduler(transformers.SchedulerType('polynomial'), num_warmup_steps=3, "
         "num_training_steps=20, scheduler_specific_kwargs={'lr_end': 1e-3})",
         "SchedulerType(value) looks the member up", steps=24),
    case("scheduler_enum_bare",
         T + "get_scheduler(SchedulerType.WARMUP_STABLE_DECAY, 3, 20, "
         "{'num_decay_steps': 6, 'decay_type': SchedulerType.LINEAR})",
         "the oracle's bare SchedulerType; a member equal to 'linear' is that decay type",
         steps=24),
    case("scheduler_enum_value",
         T + "optimization.get_scheduler(transformers.optimization.SchedulerType.INVERSE_SQRT"
         ".value, 4)", "a member's .value is its str", steps=12),
    case("scheduler_cosine_with_restarts",
         T + "get_scheduler('cosine_with_restarts', num_warmup_steps=2, num_training_steps=20, "
         "scheduler_specific_kwargs={'num_cycles': 3})", "", lr=TWO, steps=24),
    case("scheduler_cosine_with_restarts_no_kwargs",
         T + "get_scheduler('cosine_with_restarts', num_warmup_steps=2, num_training_steps=20)",
         "", steps=22),
    case("scheduler_polynomial",
         T + "get_scheduler('polynomial', num_warmup_steps=3, num_training_steps=20, "
         "scheduler_specific_kwargs={'lr_end': 1e-3, 'power': 2.0})", "", lr=TWO, steps=24),
    case("scheduler_polynomial_no_kwargs",
         T + "get_scheduler('polynomial', num_warmup_steps=3, num_training_steps=20)", "",
         steps=24),
    case("scheduler_constant",
         T + "get_scheduler('constant', num_warmup_steps=5, num_training_steps=20, "
         "scheduler_specific_kwargs={'num_cycles': 2})",
         "constant drops num_warmup_steps, num_training_steps and the kwargs", steps=4),
    case("scheduler_constant_nothing", T + "get_scheduler('constant')", "", steps=4),
    case("scheduler_constant_with_warmup",
         T + "get_scheduler('constant_with_warmup', num_warmup_steps=4, num_training_steps=20, "
         "scheduler_specific_kwargs={'num_cycles': 2})",
         "the kwargs are dropped (num_cycles would be refused by the function)", steps=8),
    case("scheduler_inverse_sqrt",
         T + "get_scheduler('inverse_sqrt', num_warmup_steps=4, "
         "scheduler_specific_kwargs={'timescale': 100})",
         "timescale is dropped: the timescale is num_warmup_steps", steps=12),
    case("scheduler_reduce_lr_on_plateau",
         T + "get_scheduler('reduce_lr_on_plateau', num_warmup_steps=3, num_training_steps=10, "
         "scheduler_specific_kwargs={'patience': 2, 'factor': 0.5})",
         "the lengths are dropped, the kwargs go to ReduceLROnPlateau", lr=TWO, steps=20,
         metric="1.0 / (1 + step) if step < 5 else 1.0"),
    case("scheduler_reduce_lr_on_plateau_no_kwargs",
         T + "get_scheduler('reduce_lr_on_plateau')", "torch's defaults", steps=30,
         metric="2.0"),
    case("scheduler_cosine_with_min_lr",
         T + "get_scheduler('cosine_with_min_lr', num_warmup_steps=4, num_training_steps=24, "
         "scheduler_specific_kwargs={'min_lr_rate': 0.1})", "", steps=30),
    case("scheduler_cosine_with_min_lr_min_lr",
         T + "get_scheduler('cosine_with_min_lr', num_warmup_steps=4, num_training_steps=24, "
         "scheduler_specific_kwargs={'min_lr': 0.005, 'num_cycles': 0.75})", "", lr=TWO,
         steps=30),
    case("scheduler_cosine_warmup_with_min_lr",
         T + "get_scheduler('cosine_warmup_with_min_lr', num_warmup_steps=4, "
         "num_training_steps=24, scheduler_specific_kwargs={'min_lr_rate': 0.1, "
         "'warmup_lr_rate': 0.05})", "", steps=30),
    case("scheduler_warmup_stable_decay",
         T + "get_scheduler('warmup_stable_decay', num_warmup_steps=3, num_training_steps=20, "
         "scheduler_specific_kwargs={'num_decay_steps': 6, 'decay_type': 'linear', "
         "'min_lr_ratio': 0.1})", "num_training_steps gives the stable length", steps=24),
    case("scheduler_warmup_stable_decay_stable_steps",
         T + "get_scheduler('warmup_stable_decay', num_warmup_steps=3, "
         "scheduler_specific_kwargs={'num_decay_steps': 6, 'num_stable_steps': 4})",
         "no num_training_steps: num_stable_steps", steps=16),
    case("scheduler_warmup_stable_decay_both",
         T + "get_scheduler('warmup_stable_decay', num_warmup_steps=3, num_training_steps=30, "
         "scheduler_specific_kwargs={'num_decay_steps': 6, 'num_stable_steps': 4})",
         "an explicit num_stable_steps wins over num_training_steps", steps=16),

    # --- get_scheduler: refusals ---------------------------------------------------------------
    case("scheduler_unknown_name_refused", T + "get_scheduler('foo', num_warmup_steps=1)",
         "ExplicitEnum._missing_'s message", steps=3),
    case("scheduler_linear_no_warmup_refused",
         T + "get_scheduler('linear', num_training_steps=10)", "", steps=3),
    case("scheduler_cosine_no_training_refused",
         T + "get_scheduler('cosine', num_warmup_steps=2)", "", steps=3),
    case("scheduler_cosine_with_restarts_no_training_refused",
         T + "get_scheduler('cosine_with_restarts', num_warmup_steps=2)", "", steps=3),
    case("scheduler_polynomial_no_warmup_refused",
         T + "get_scheduler('polynomial', num_training_steps=10)", "", steps=3),
    case("scheduler_constant_with_warmup_no_warmup_refused",
         T + "get_scheduler('constant_with_warmup')", "", steps=3),
    case("scheduler_inverse_sqrt_no_warmup_refused", T + "get_scheduler('inverse_sqrt')", "",
         steps=3),
    case("scheduler_cosine_with_min_lr_no_warmup_refused",
         T + "get_scheduler('cosine_with_min_lr', num_training_steps=10, "
         "scheduler_specific_kwargs={'min_lr_rate': 0.1})", "", steps=3),
    case("scheduler_cosine_warmup_with_min_lr_no_training_refused",
         T + "get_scheduler('cosine_warmup_with_min_lr', num_warmup_steps=2, "
         "scheduler_specific_kwargs={'min_lr_rate': 0.1})", "", steps=3),
    case("scheduler_warmup_stable_decay_no_warmup_refused",
         T + "get_scheduler('warmup_stable_decay', num_training_steps=10, "
         "scheduler_specific_kwargs={'num_decay_steps': 3})", "", steps=3),
    case("scheduler_cosine_with_min_lr_no_kwargs_refused",
         T + "get_scheduler('cosine_with_min_lr', num_warmup_steps=2, num_training_steps=10)",
         "the function's own ValueError", steps=3),
    case("scheduler_linear_unexpected_kwarg_refused",
         T + "get_scheduler('linear', num_warmup_steps=1, num_training_steps=10, "
         "scheduler_specific_kwargs={'num_cycles': 2})", "Python's TypeError", steps=3),
    case("scheduler_cosine_unexpected_kwarg_refused",
         T + "get_scheduler('cosine', num_warmup_steps=1, num_training_steps=10, "
         "scheduler_specific_kwargs={'lr_end': 0.0})", "", steps=3),
    case("scheduler_reduce_lr_on_plateau_unexpected_kwarg_refused",
         T + "get_scheduler('reduce_lr_on_plateau', scheduler_specific_kwargs={'last_epoch': 2})",
         "ReduceLROnPlateau takes no last_epoch", steps=3, metric="1.0"),
    case("scheduler_warmup_stable_decay_missing_decay_refused",
         T + "get_scheduler('warmup_stable_decay', num_warmup_steps=1, num_training_steps=10)",
         "num_decay_steps has no default", steps=3),
    case("scheduler_enum_no_training_refused",
         T + "get_scheduler(SchedulerType.COSINE_WITH_RESTARTS, 2)",
         "the same text as for the name 'cosine_with_restarts'", steps=3),
    case("scheduler_enum_plateau_mode_refused",
         T + "get_scheduler(SchedulerType.REDUCE_ON_PLATEAU, "
         "scheduler_specific_kwargs={'mode': SchedulerType.LINEAR})",
         "torch concatenates the member as its value", steps=3, metric="1.0"),
    case("scheduler_warmup_stable_decay_no_lengths_refused",
         T + "get_scheduler('warmup_stable_decay', num_warmup_steps=1, "
         "scheduler_specific_kwargs={'num_decay_steps': 3})", "the function's own ValueError",
         steps=3),
]
