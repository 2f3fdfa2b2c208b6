// PyTorch's schedulers as registry rows (internal header).
#pragma once

#include <vector>

#include "lrsched/spec/registry.hpp"

namespace lrsched::spec {

/// `torch.optim.lr_scheduler` and `torch.optim.swa_utils`, in PyTorch's documentation order.
[[nodiscard]] std::vector<ScheduleEntry> pytorch_schedules();

/// The row `entry` (one of pytorch_schedules()) as PyTorch 1.13.1 has it: its signature
/// (`verbose=False`, `ChainedScheduler(schedulers)`, `eta_min=0`) and a factory that builds
/// `TorchBehavior::v1_13` schedulers. Null for another library's row.
[[nodiscard]] const ScheduleEntry* pytorch_v1_13_row(const ScheduleEntry& entry);

/// NotImplementedError, with a caret, for `verbose=True` bound to a 1.13 signature: printing each
/// lr change is not reproduced.
void refuse_verbose(const BoundArguments& arguments, const Call& call);

}  // namespace lrsched::spec
