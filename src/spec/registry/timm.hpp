// timm's schedulers as registry rows (internal header).
#pragma once

#include <vector>

#include "lrsched/spec/registry.hpp"

namespace lrsched::spec {

/// `timm.scheduler` (pytorch-image-models): its six scheduler classes, also spelled `timm.Name`.
[[nodiscard]] std::vector<ScheduleEntry> timm_schedules();

}  // namespace lrsched::spec
