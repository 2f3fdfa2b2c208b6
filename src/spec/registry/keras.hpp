// Keras' learning-rate schedules as registry rows (internal header).
#pragma once

#include <vector>

#include "lrsched/spec/registry.hpp"

namespace lrsched::spec {

/// The six classes of `keras.optimizers.schedules` (also `keras.`), pure schedules of the step
/// count.
[[nodiscard]] std::vector<ScheduleEntry> keras_schedules();

}  // namespace lrsched::spec
