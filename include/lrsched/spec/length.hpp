// A schedule's course as its own arguments describe it (its registry row's ScheduleShape): how
// many steps it runs, what `lrsched simulate` and `plot` show when not told `--steps`; and
// whether its lr is a staircase, drawn as one by `plot` and the web page.
#pragma once

#include <cstdint>
#include <optional>

#include "lrsched/spec/value.hpp"

namespace lrsched::spec {

/// The rows that show `call`'s whole schedule, where its arguments give a length, by the rule of
/// its registry row (ScheduleShape::length): OneCycleLR's `total_steps` (or `epochs *
/// steps_per_epoch`); `T_max + 1` and `total_iters + 1` (the end value included); SequentialLR's
/// last milestone plus its last scheduler's length; the longest of a ChainedScheduler's;
/// transformers' `num_training_steps + 1`; timm's `t_initial` cycles (and a prefix warmup) + 1;
/// Optax's and Keras's decay or transition steps (+ warmup or begin) + 1. nullopt for schedules
/// without one (StepLR, ExponentialLR, cycles, plateaus) and for calls whose arguments do not bind
/// (building the schedule reports those).
[[nodiscard]] std::optional<std::int64_t> schedule_length(const Call& call);

/// Whether `call`'s lr only jumps between constant values, by the rule of its registry row
/// (ScheduleShape::staircase: StepLR, plateaus, `staircase=True`, ...); false for calls whose
/// arguments do not bind.
[[nodiscard]] bool is_staircase(const Call& call);

}  // namespace lrsched::spec
