// PyTorch's schedulers as registry rows (internal header).
#pragma once

#include <vector>

#include "lrsched/spec/registry.hpp"

namespace lrsched::spec {

/// `torch.optim.lr_scheduler` and `torch.optim.swa_utils`, in PyTorch's documentation order.
[[nodiscard]] std::vector<ScheduleEntry> pytorch_schedules();

}  // namespace lrsched::spec
