// Hugging Face transformers' schedules as registry rows (internal header).
#pragma once

#include <vector>

#include "lrsched/spec/registry.hpp"

namespace lrsched::spec {

/// `transformers.optimization`'s schedule functions, in the module's order, then `get_scheduler`.
[[nodiscard]] std::vector<ScheduleEntry> transformers_schedules();

}  // namespace lrsched::spec
