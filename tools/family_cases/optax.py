"""Golden cases of Optax's schedules (``optax.schedules``), run through the reference oracle.

Optax's schedules are pure functions of the step count: row k is ``float(schedule(k))`` in
every param group, whatever ``--lr`` says (two groups in some cases show it). The oracle
evaluates Optax's own code in float64 (JAX with x64 on scalars, glibc's libm).
"""

from family_cases import case

P = "optax."

CASES = [
    # --- constant_schedule -------------------------------------------------------------------
    case("constant", P + "constant_schedule(0.01)",
         "the value at every step; --lr does not scale it", lr=(0.1, 0.05), steps=5),
    case("constant_int", P + "constant_schedule(5)",
         "an int value comes out as the same float", steps=3),

    # --- polynomial_schedule -----------------------------------------------------------------
    case("polynomial_power2", P + "polynomial_schedule(init_value=1.0, end_value=0.01, "
         "power=2, transition_steps=50)",
         "frac ** 2 is C pow(frac, 2.0), not frac * frac; held at end_value past the end",
         steps=60),
    case("polynomial_begin", P + "polynomial_schedule(init_value=0.5, end_value=0.1, "
         "power=0.5, transition_steps=20, transition_begin=5)",
         "init_value until transition_begin, the transition over the next 20 steps", steps=30),
    case("polynomial_negative_begin", P + "polynomial_schedule(1.0, 0.0, 1.5, 10, "
         "transition_begin=-3)", "a negative transition_begin falls back to 0", steps=12),
    case("polynomial_zero_steps", P + "polynomial_schedule(1.0, 0.0, 2.0, 0)",
         "transition_steps <= 0: the constant init_value, no error", steps=5),
    case("polynomial_negative_steps", P + "polynomial_schedule(0.3, 0.0, 1.0, -5, "
         "transition_begin=2)", "negative transition_steps: the constant init_value", steps=5),
    case("polynomial_rising", P + "polynomial_schedule(0.0, 1.0, 3, 8)",
         "an increasing polynomial with an int power", steps=10),
    case("polynomial_negative_power", P + "polynomial_schedule(1.0, 0.5, -1.0, 4)",
         "a negative power is accepted: 0 ** -1 is inf at the end", steps=6),

    # --- linear_schedule ---------------------------------------------------------------------
    case("linear", P + "linear_schedule(0.0, 1.0, 10)", "a ramp, then held; two groups",
         lr=(0.1, 0.01), steps=15),
    case("linear_begin", P + "linear_schedule(init_value=1.0, end_value=0.1, "
         "transition_steps=20, transition_begin=10)", "held before transition_begin", steps=35),
    case("linear_int", P + "linear_schedule(0, 1, 7)",
         "int arguments: the same numbers as floats", steps=9),
    case("linear_zero_steps", P + "linear_schedule(0.2, 1.0, 0)",
         "transition_steps 0: the constant init_value", steps=3),

    # --- piecewise_constant_schedule ---------------------------------------------------------
    case("piecewise_constant", P + "piecewise_constant_schedule(1.0, {10: 0.1, 20: 0.5})",
         "each scale applies from count >= boundary", steps=25),
    case("piecewise_constant_none", P + "piecewise_constant_schedule(0.5)",
         "boundaries_and_scales=None: the constant init_value", steps=3),
    case("piecewise_constant_unsorted", P + "piecewise_constant_schedule(2.0, "
         "{30: 0.5, 10: 0.1, 20: 3.0})", "the dict is iterated sorted by boundary", steps=35),
    case("piecewise_constant_zero_scale", P + "piecewise_constant_schedule(1.0, "
         "{5: 0.0, 10: 10.0})", "a zero scale stays zero", steps=12),
    case("piecewise_constant_inf_scale", P + "piecewise_constant_schedule(1.0, "
         "{10: float('inf')})",
         "v * 1 + 0 * inf * v is nan before the boundary, inf from it", steps=12),
    case("piecewise_constant_at_zero", P + "piecewise_constant_schedule(1.0, {0: 0.5, 3: 0.5})",
         "a boundary at 0 applies at step 0", steps=5),
    case("piecewise_constant_repeated_key", P + "piecewise_constant_schedule(1.0, "
         "{10: 0.1, 5: 0.2, 10: 0.5})", "a repeated key: the dict keeps the last scale", steps=12),
    case("piecewise_constant_negative_scale", P + "piecewise_constant_schedule(1.0, "
         "{10: 0.1, 20: -0.5})", "refused: a negative scale"),
    case("piecewise_constant_nan_scale", P + "piecewise_constant_schedule(1.0, "
         "{10: float('nan')})", "refused: nan >= 0 is false"),

    # --- exponential_decay -------------------------------------------------------------------
    case("exponential", P + "exponential_decay(1.0, 10, 0.5)",
         "continuous decay, init * rate ** (count / steps); two groups", lr=(0.1, 0.2), steps=40),
    case("exponential_staircase", P + "exponential_decay(init_value=1.0, transition_steps=10, "
         "decay_rate=0.5, staircase=True)", "the exponent floored", steps=35),
    case("exponential_begin", P + "exponential_decay(0.1, 4, 0.9, transition_begin=5)",
         "init_value up to and at transition_begin", steps=20),
    case("exponential_end_lower", P + "exponential_decay(1.0, 5, 0.5, end_value=0.1)",
         "decay_rate < 1: end_value is a lower bound", steps=30),
    case("exponential_end_upper", P + "exponential_decay(0.5, 5, 2.0, end_value=4.0)",
         "decay_rate >= 1: end_value is an upper bound", steps=25),
    case("exponential_growth", P + "exponential_decay(0.01, 3, 1.5)",
         "without end_value the schedule never ends", steps=30),
    case("exponential_zero_rate", P + "exponential_decay(0.3, 10, 0.0)",
         "decay_rate 0: the constant init_value", steps=3),
    case("exponential_zero_steps", P + "exponential_decay(0.3, 0, 0.5, end_value=0.1)",
         "transition_steps 0: the constant init_value (end_value unused)", steps=3),
    case("exponential_negative_begin", P + "exponential_decay(1.0, 2, 0.5, "
         "transition_begin=-4, staircase=True)", "a negative transition_begin falls back to 0",
         steps=8),
    case("exponential_negative_rate", P + "exponential_decay(1.0, 2, -0.5)",
         "a negative rate is accepted: nan at fractional exponents, alternating signs at whole "
         "ones", steps=7),
    case("exponential_negative_rate_end", P + "exponential_decay(1.0, 1, -0.5, end_value=-0.1)",
         "rate < 1 so end_value is a lower bound, applied to the alternating values", steps=6),

    # --- cosine_decay_schedule ---------------------------------------------------------------
    case("cosine_decay", P + "cosine_decay_schedule(1.0, 50)",
         "half a cosine, the count clamped at decay_steps", lr=(0.1, 0.3), steps=60),
    case("cosine_decay_alpha_exponent", P + "cosine_decay_schedule(init_value=0.1, "
         "decay_steps=30, alpha=0.1, exponent=2.0)", "ends at alpha * init_value", steps=35),
    case("cosine_decay_pow", P + "cosine_decay_schedule(1.0, 105, exponent=2.0)",
         "cosine_decay ** 2.0 is C pow, not a square: they differ in the last bit at count 41",
         steps=106),
    case("cosine_decay_negative_exponent", P + "cosine_decay_schedule(1.0, 6, exponent=-1.0)",
         "0 ** -1 is inf at the end, accepted", steps=8),
    case("cosine_decay_zero_steps", P + "cosine_decay_schedule(1.0, 0)",
         "refused: decay_steps must be positive"),
    case("cosine_decay_negative_steps", P + "cosine_decay_schedule(1.0, -10, alpha=0.5)",
         "refused, the message shows the value"),

    # --- piecewise_interpolate_schedule ------------------------------------------------------
    case("interpolate_linear", P + "piecewise_interpolate_schedule('linear', 1.0, "
         "{4: 0.1, 8: 0.01})", "Optax's docstring example", steps=12),
    case("interpolate_cosine", P + "piecewise_interpolate_schedule(interpolate_type='cosine', "
         "init_value=0.1, boundaries_and_scales={10: 10.0, 30: 0.01})",
         "cosine between the accumulated values", steps=40),
    case("interpolate_none", P + "piecewise_interpolate_schedule('cosine', 0.5)",
         "no boundaries: init_value", steps=3),
    case("interpolate_zero_boundary", P + "piecewise_interpolate_schedule('linear', 0.5, "
         "{0: 4.0, 6: 0.25})", "an empty first interval: the scale at 0 applies at once",
         steps=9),
    case("interpolate_negative_boundary", P + "piecewise_interpolate_schedule('linear', 1.0, "
         "{-5: 2.0, 10: 0.5})",
         "a negative boundary: the interval from it covers step 0, midway", steps=12),
    case("interpolate_int", P + "piecewise_interpolate_schedule('cosine', 1, {10: 3, 20: 2})",
         "int values (an int64 cumprod): the same numbers as floats", steps=22),
    case("interpolate_bad_type", P + "piecewise_interpolate_schedule('exponential', 1.0)",
         "refused: interpolate_type"),
    case("interpolate_negative_scale", P + "piecewise_interpolate_schedule('linear', 1.0, "
         "{5: 0.5, 10: -1.0})", "refused: a negative scale"),

    # --- linear_onecycle_schedule ------------------------------------------------------------
    case("linear_onecycle", P + "linear_onecycle_schedule(100, 0.1)",
         "three linear phases, then held", steps=110),
    case("linear_onecycle_truncation", P + "linear_onecycle_schedule(transition_steps=10, "
         "peak_value=1.0, pct_start=0.25, pct_final=0.75)",
         "int(2.5) = 2 and int(7.5) = 7: the boundaries are truncated", steps=12),
    case("linear_onecycle_merged", P + "linear_onecycle_schedule(1, 1.0)",
         "int(0.3) = int(0.85) = 0: one dict key, the later scale 1/div_factor wins", steps=3),
    case("linear_onecycle_final_merged", P + "linear_onecycle_schedule(10, 2.0, pct_final=1.0, "
         "div_factor=4.0, final_div_factor=8.0)",
         "int(pct_final * 10) = 10 = transition_steps: 1/final_div_factor replaces 1/div_factor",
         steps=12),
    case("linear_onecycle_zero_steps", P + "linear_onecycle_schedule(0, 0.1)",
         "refused: non-positive transition_steps"),
    case("linear_onecycle_zero_div", P + "linear_onecycle_schedule(10, 0.1, div_factor=0.0)",
         "refused by Python: peak_value / div_factor"),
    case("linear_onecycle_nan_pct", P + "linear_onecycle_schedule(10, 0.1, pct_start=nan)",
         "refused by Python: int(nan)"),
    case("linear_onecycle_negative_div", P + "linear_onecycle_schedule(10, 0.1, "
         "div_factor=-2.0)", "refused: the scales must be non-negative"),

    # --- cosine_onecycle_schedule ------------------------------------------------------------
    case("cosine_onecycle", P + "cosine_onecycle_schedule(100, 0.1)",
         "cosine up, then down to peak / (div * final_div)", steps=110),
    case("cosine_onecycle_args", P + "cosine_onecycle_schedule(transition_steps=50, "
         "peak_value=1.0, pct_start=0.1, div_factor=10.0, final_div_factor=100.0)",
         "every argument", steps=55),
    case("cosine_onecycle_no_warmup", P + "cosine_onecycle_schedule(20, 0.5, pct_start=0.0)",
         "pct_start 0: the rise is an empty interval", steps=22),
    case("cosine_onecycle_negative_steps", P + "cosine_onecycle_schedule(-1, 0.1)",
         "refused: non-positive transition_steps"),
    case("cosine_onecycle_zero_final", P + "cosine_onecycle_schedule(10, 0.1, "
         "final_div_factor=0.0)", "refused by Python: 1.0 / (div_factor * 0.0)"),

    # --- warmup_constant_schedule ------------------------------------------------------------
    case("warmup_constant", P + "warmup_constant_schedule(0.0, 1.0, 10)",
         "linear warmup, then peak_value", steps=15),
    case("warmup_constant_no_warmup", P + "warmup_constant_schedule(0.1, 1.0, 0)",
         "warmup_steps 0 is linear_schedule with 0 steps: init_value forever, never the peak",
         steps=3),

    # --- warmup_cosine_decay_schedule --------------------------------------------------------
    case("warmup_cosine", P + "warmup_cosine_decay_schedule(init_value=0.0, peak_value=1.0, "
         "warmup_steps=10, decay_steps=100)",
         "decay_steps includes the warmup: the cosine lasts 90 steps", lr=(0.1, 0.5), steps=110),
    case("warmup_cosine_end_value", P + "warmup_cosine_decay_schedule(0.0, 3e-4, 5, 20, "
         "end_value=3e-5)", "the end is peak * (end / peak), 2.9999999999999997e-05", steps=25),
    case("warmup_cosine_exponent", P + "warmup_cosine_decay_schedule(1e-3, 1e-2, 3, 30, "
         "end_value=1e-4, exponent=2.0)", "end_value and exponent", steps=33),
    case("warmup_cosine_zero_peak", P + "warmup_cosine_decay_schedule(0.1, 0.0, 4, 10, "
         "end_value=0.05)", "peak 0: alpha 0, so end_value is ignored", steps=12),
    case("warmup_cosine_no_warmup", P + "warmup_cosine_decay_schedule(0.5, 1.0, 0, 10)",
         "no warmup: the cosine from step 0 (init_value never shows)", steps=12),
    case("warmup_cosine_negative_warmup", P + "warmup_cosine_decay_schedule(0.0, 1.0, -3, 10)",
         "warmup_steps -3: the join boundary is -3, so step 0 is count 3 of a 13-step cosine",
         steps=15),
    case("warmup_cosine_equal_steps", P + "warmup_cosine_decay_schedule(0.0, 1.0, 10, 10)",
         "refused by cosine_decay_schedule: decay_steps - warmup_steps = 0"),

    # --- warmup_exponential_decay_schedule ---------------------------------------------------
    case("warmup_exponential", P + "warmup_exponential_decay_schedule(0.0, 1.0, 5, 10, 0.5)",
         "linear warmup, then the decay counted from the end of the warmup", steps=40),
    case("warmup_exponential_full", P + "warmup_exponential_decay_schedule(init_value=0.01, "
         "peak_value=0.1, warmup_steps=10, transition_steps=5, decay_rate=0.8, "
         "transition_begin=5, staircase=True, end_value=0.02)", "every argument", steps=60),
    case("warmup_exponential_upper", P + "warmup_exponential_decay_schedule(0.1, 0.2, 2, 3, "
         "1.5, end_value=0.5)", "rate >= 1: end_value is an upper bound", steps=20),

    # --- sgdr_schedule -----------------------------------------------------------------------
    case("sgdr", P + "sgdr_schedule([dict(init_value=0.0, peak_value=1.0, warmup_steps=5, "
         "decay_steps=20), dict(init_value=0.0, peak_value=0.5, warmup_steps=5, "
         "decay_steps=30, end_value=0.01)])",
         "two cycles with warmups; the last cycle holds its end past the end", steps=60),
    case("sgdr_three", P + "sgdr_schedule(cosine_kwargs=["
         "{'init_value': 1.0, 'peak_value': 1.0, 'warmup_steps': 0, 'decay_steps': 5}, "
         "{'init_value': 1.0, 'peak_value': 1.0, 'warmup_steps': 0, 'decay_steps': 10, "
         "'exponent': 2.0}, "
         "{'init_value': 0.5, 'peak_value': 0.5, 'warmup_steps': 0, 'decay_steps': 15, "
         "'end_value': 0.05}])",
         "three cycles without warmup", steps=35),
    case("sgdr_refused_cycle", P + "sgdr_schedule([dict(init_value=0.0, peak_value=1.0, "
         "warmup_steps=0, decay_steps=10), dict(init_value=0.0, peak_value=1.0, "
         "warmup_steps=5, decay_steps=5)])", "refused: the second cycle has no decay"),
    case("sgdr_empty", P + "sgdr_schedule([])", "no cycles: IndexError at the first step"),

    # --- join_schedules ----------------------------------------------------------------------
    case("join", P + "join_schedules(schedules=[optax.linear_schedule(0.0, 1.0, 10), "
         "optax.cosine_decay_schedule(1.0, 90)], boundaries=[10])",
         "a warmup joined to a cosine, which counts from its boundary", steps=105),
    case("join_three", P + "join_schedules([optax.constant_schedule(0.1), "
         "optax.exponential_decay(1.0, 5, 0.5), optax.linear_schedule(0.2, 0.0, 10)], [10, 25])",
         "three schedules; each later one restarts from count 0", steps=40),
    case("join_nested", P + "join_schedules([optax.join_schedules([optax.constant_schedule(1.0), "
         "optax.constant_schedule(0.5)], [3]), optax.join_schedules([optax.linear_schedule(0.5, "
         "0.0, 4), optax.constant_schedule(0.25)], [2])], [6])",
         "nested joins: the inner ones get step - boundary", steps=12),
    case("join_unsorted", P + "join_schedules([optax.constant_schedule(1.0), "
         "optax.constant_schedule(2.0), optax.linear_schedule(3.0, 4.0, 10)], [20, 10])",
         "boundaries out of order: the last boundary passed in list order wins", steps=25),
    case("join_extra_schedule", P + "join_schedules([optax.constant_schedule(1.0), "
         "optax.constant_schedule(2.0), optax.constant_schedule(3.0)], [5])",
         "zip() drops the schedule without a boundary", steps=8),
    case("join_extra_boundary", P + "join_schedules([optax.constant_schedule(1.0)], [2, 4])",
         "zip() drops the boundaries without a schedule", steps=6),
    case("join_negative_boundary", P + "join_schedules([optax.constant_schedule(1.0), "
         "optax.linear_schedule(0.0, 1.0, 10)], [-5])",
         "a negative boundary: the second schedule from step 0, at count step + 5", steps=8),
    case("join_empty", P + "join_schedules([], [])", "no schedules: IndexError at the first step"),
    case("join_raises_at_negative_count", P + "join_schedules([optax.constant_schedule(1.0), "
         "lambda count: math.sqrt(count)], [10])",
         "every schedule is evaluated at every step: the second one at count -10 at step 0"),
]
