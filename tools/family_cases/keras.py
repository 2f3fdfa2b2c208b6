"""Golden cases of Keras' schedules (``keras.optimizers.schedules``), run through the oracle.

Keras' schedules are pure functions of the step count: row k is ``float(schedule(k))`` in every
param group, whatever ``--lr`` says. The oracle evaluates Keras' own code with floatx float64;
a Python int ``initial_learning_rate`` makes Keras compute in int32, as real Keras does (the
``*_int`` cases).
"""

from family_cases import case

P = "keras.optimizers.schedules."

CASES = [
    # --- ExponentialDecay --------------------------------------------------------------------
    case("exponential", P + "ExponentialDecay(0.1, 10, 0.5)",
         "initial * rate ** (step / decay_steps), the same in every group", lr=(0.1, 0.05),
         steps=40),
    case("exponential_staircase", P + "ExponentialDecay(initial_learning_rate=0.1, "
         "decay_steps=10, decay_rate=0.5, staircase=True, name='decay')",
         "the exponent floored; name changes nothing", steps=35),
    case("exponential_growth", P + "ExponentialDecay(0.01, 3, 1.5)", "never ends", steps=30),
    case("exponential_int", P + "ExponentialDecay(1, 10, 0.5)",
         "an int initial_learning_rate: int32, decay_rate cast to 0, so 1 then 0", steps=12),
    case("exponential_int_rate", P + "ExponentialDecay(3, 4, 2.5, staircase=True)",
         "int32: decay_rate 2.5 becomes 2", steps=12),
    case("exponential_int_steps_wrap", P + "ExponentialDecay(1, 2**32, 2.5)",
         "int32: decay_steps 2**32 wraps to 0, so step / 0 is nan then inf", steps=3),
    case("exponential_int_nan_rate", P + "ExponentialDecay(1, 10, float('nan'))",
         "int32: casting nan to int fails at the first call"),
    case("exponential_int_inf_rate", P + "ExponentialDecay(1, 10, float('inf'))",
         "int32: casting inf to int fails at the first call"),
    case("exponential_zero_steps", P + "ExponentialDecay(0.1, 0, 0.5)",
         "refused: decay_steps must be > 0"),
    case("exponential_negative_steps", P + "ExponentialDecay(0.1, -3, 0.5)",
         "refused, the message shows the value"),

    # --- PiecewiseConstantDecay --------------------------------------------------------------
    case("piecewise", P + "PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])",
         "values[i + 1] from step > boundaries[i], one step after Optax's switch", steps=25),
    case("piecewise_single", P + "PiecewiseConstantDecay(boundaries=[0], values=[0.1, 0.01], "
         "name='pc')", "a boundary at 0: values[0] at step 0 only", steps=3),
    case("piecewise_unsorted", P + "PiecewiseConstantDecay([20, 10], [1.0, 0.5, 0.1])",
         "boundaries out of order are accepted: the matching ranges are summed", steps=25),
    case("piecewise_int_values", P + "PiecewiseConstantDecay([2, 4], [3, 2, 1])",
         "int values: an int32 result, the same numbers", steps=6),
    case("piecewise_float_boundaries", P + "PiecewiseConstantDecay([2.5, 5.9], [1.0, 0.5, 0.25])",
         "float boundaries are cast to the step's int32: 2 and 5", steps=8),
    case("piecewise_inf_value", P + "PiecewiseConstantDecay([5], [1.0, float('inf')])",
         "0 * inf is nan: an infinite value poisons the steps before it", steps=8),
    case("piecewise_signed_zero", P + "PiecewiseConstantDecay([2, 4], [-0.0, -1.0, 0.0])",
         "a -0.0 value sums to +0.0 with the zeros of the other ranges", steps=6),
    case("piecewise_empty", P + "PiecewiseConstantDecay([], [1.0])",
         "no boundaries: boundaries[0] fails at the first call"),
    case("piecewise_length", P + "PiecewiseConstantDecay([10, 20], [1.0, 0.5])",
         "refused: one value more than boundaries"),

    # --- PolynomialDecay ---------------------------------------------------------------------
    case("polynomial", P + "PolynomialDecay(0.1, 50)",
         "to end_learning_rate 1e-4 (the default), then held", lr=(0.1, 0.3), steps=55),
    case("polynomial_power", P + "PolynomialDecay(initial_learning_rate=0.1, decay_steps=20, "
         "end_learning_rate=0.01, power=0.5)", "a square root decay", steps=25),
    case("polynomial_cycle", P + "PolynomialDecay(0.1, 10, 0.01, power=2.0, cycle=True)",
         "at a multiple of decay_steps the end value, then a stretched restart", steps=35),
    case("polynomial_int", P + "PolynomialDecay(1, 10)",
         "int32: end_learning_rate 1e-4 becomes 0", steps=12),
    case("polynomial_int_cycle", P + "PolynomialDecay(3, 4, end_learning_rate=1, power=2.0, "
         "cycle=True)", "int32 with cycle", steps=14),
    case("polynomial_negative_power", P + "PolynomialDecay(1.0, 4, 0.5, power=-1.0)",
         "a negative power is accepted: 0 ** -1 is inf at the end", steps=6),
    case("polynomial_zero_steps", P + "PolynomialDecay(0.1, 0)", "refused: decay_steps"),

    # --- InverseTimeDecay --------------------------------------------------------------------
    case("inverse_time", P + "InverseTimeDecay(0.1, 1, 0.5)",
         "initial / (1 + rate * step / decay_steps)", steps=20),
    case("inverse_time_staircase", P + "InverseTimeDecay(initial_learning_rate=0.1, "
         "decay_steps=5, decay_rate=1.0, staircase=True)", "the quotient floored", steps=22),
    case("inverse_time_int", P + "InverseTimeDecay(1, 10, 0.5)",
         "int32: decay_rate 0.5 becomes 0, so 1 at every step", steps=5),
    case("inverse_time_int_rate", P + "InverseTimeDecay(2, 3, 2.5)",
         "int32: decay_rate 2.5 becomes 2", steps=10),
    case("inverse_time_zero_steps", P + "InverseTimeDecay(0.1, 0, 0.5)", "refused: decay_steps"),

    # --- CosineDecay -------------------------------------------------------------------------
    case("cosine", P + "CosineDecay(0.1, 50)", "half a cosine, then held", lr=(0.1, 0.2),
         steps=55),
    case("cosine_alpha", P + "CosineDecay(0.1, 30, alpha=0.1)", "ends at alpha * initial",
         steps=35),
    case("cosine_warmup", P + "CosineDecay(0.0, 50, warmup_target=0.1, warmup_steps=10)",
         "the decay lasts decay_steps after the warmup (Optax counts the warmup in)", steps=65),
    case("cosine_warmup_alpha", P + "CosineDecay(initial_learning_rate=0.01, decay_steps=20, "
         "alpha=0.05, name='cd', warmup_target=0.2, warmup_steps=5)", "every argument", steps=30),
    case("cosine_warmup_steps_only", P + "CosineDecay(0.1, 20, warmup_steps=5)",
         "warmup_steps without warmup_target is ignored", steps=22),
    case("cosine_target_no_warmup", P + "CosineDecay(0.1, 10, warmup_target=0.2)",
         "warmup_target with 0 warmup steps: the decay starts from warmup_target", steps=12),
    case("cosine_int", P + "CosineDecay(1, 100)", "int32: pi cast to 3", steps=110),
    case("cosine_int_alpha", P + "CosineDecay(2, 20, alpha=0.5)",
         "int32: alpha is used as given (not cast)", steps=22),
    case("cosine_int_warmup", P + "CosineDecay(0, 10, warmup_target=2.7, warmup_steps=4)",
         "int32: warmup_target 2.7 becomes 2", steps=16),
    case("cosine_zero_steps", P + "CosineDecay(0.1, 0)", "refused: decay_steps"),

    # --- CosineDecayRestarts -----------------------------------------------------------------
    case("restarts", P + "CosineDecayRestarts(0.1, 10)",
         "periods of 10, 20, 40 steps (t_mul 2)", lr=(0.1, 0.2), steps=80),
    case("restarts_m_mul_alpha", P + "CosineDecayRestarts(0.1, 10, t_mul=2.0, m_mul=0.5, "
         "alpha=0.1)", "m_mul scales the cosine part only, not alpha", steps=75),
    case("restarts_t_mul_one", P + "CosineDecayRestarts(initial_learning_rate=0.1, "
         "first_decay_steps=8, t_mul=1.0, m_mul=0.8, alpha=0.0, name='r')",
         "t_mul 1: the non-geometric branch, equal periods", steps=30),
    case("restarts_t_mul_below_one", P + "CosineDecayRestarts(0.1, 10, t_mul=0.5)",
         "t_mul < 1: the periods sum to 20, after which the lr is nan", steps=25),
    case("restarts_t_mul_three", P + "CosineDecayRestarts(0.05, 3, t_mul=3.0, m_mul=0.9)",
         "a faster-growing period", steps=45),
    case("restarts_int", P + "CosineDecayRestarts(1, 10)",
         "int32: pi cast to 3, the log argument truncated", steps=75),
    case("restarts_int_t_mul", P + "CosineDecayRestarts(1, 5, t_mul=1.5)",
         "int32: t_mul 1.5 becomes 1, so the non-geometric branch", steps=16),
    case("restarts_int_all", P + "CosineDecayRestarts(2, 4, t_mul=3.0, m_mul=2.0, alpha=0.5)",
         "int32: alpha 0.5 becomes 0, m_mul 2", steps=45),
    case("restarts_zero_steps", P + "CosineDecayRestarts(0.1, 0)",
         "refused: first_decay_steps"),
]
