// The rules the registry's rows give for their shape in time (ScheduleShape): their length from
// their arguments, and whether they are a staircase (internal header).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "lrsched/spec/registry.hpp"
#include "lrsched/spec/signature.hpp"

namespace lrsched::spec::shape {

/// `argument + 1` rows: the schedule's end value at step `argument`, included.
[[nodiscard]] LengthRule argument_plus_one(std::string_view argument);

/// `first + second + 1` rows: a warmup or a delay, then the decay.
[[nodiscard]] LengthRule sum_plus_one(std::string_view first, std::string_view second);

/// OneCycleLR: `total_steps`, else `epochs * steps_per_epoch` (its last step is the end value).
[[nodiscard]] std::optional<std::int64_t> one_cycle(const BoundArguments& arguments);

/// SequentialLR: its last milestone plus its last scheduler's own length.
[[nodiscard]] std::optional<std::int64_t> sequential(const BoundArguments& arguments);

/// ChainedScheduler: the longest of its schedulers' own lengths.
[[nodiscard]] std::optional<std::int64_t> chained(const BoundArguments& arguments);

/// timm's cyclic schedulers: `cycle_limit` cycles of `t_initial` (equal lengths only: cycle_mul
/// 1), after the warmup when it is a prefix, + 1.
[[nodiscard]] std::optional<std::int64_t> timm_cycles(const BoundArguments& arguments);

/// transformers' get_wsd_schedule: warmup + stable + decay steps + 1 where num_stable_steps is
/// given (it then wins over num_training_steps), else num_training_steps + 1.
[[nodiscard]] std::optional<std::int64_t> warmup_stable_decay(const BoundArguments& arguments);

/// A staircase whatever the arguments (StepLR, plateaus).
[[nodiscard]] bool always(const BoundArguments& arguments);

/// A staircase when the call's `staircase` argument is true (Keras, Optax).
[[nodiscard]] bool staircase_argument(const BoundArguments& arguments);

}  // namespace lrsched::spec::shape
