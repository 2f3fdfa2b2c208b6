// Optax's schedules as registry rows (internal header).
#pragma once

#include <vector>

#include "lrsched/spec/registry.hpp"

namespace lrsched::spec {

/// The 14 functions of `optax.schedules` (also `optax.`), pure schedules of the step count.
[[nodiscard]] std::vector<ScheduleEntry> optax_schedules();

}  // namespace lrsched::spec
