// Momentum set-up shared by the schedulers that cycle momentum (internal header).
#pragma once

#include <cstdint>

#include "lrsched/scheduler.hpp"

namespace lrsched::detail {

/// Which per-group list PyTorch formats first; it decides which length error is reported.
enum class MomentumOrder : std::uint8_t { base_first, max_first };

/// What both classes do when `cycle_momentum` is on, before LRScheduler's constructor: require
/// momentum or betas in the optimizer, check the per-group lists, and on a fresh start
/// (`last_epoch == -1`) write max_momentum as the momentum/beta1 plus the group keys
/// `max_momentum` and `base_momentum`. Messages are `behavior`'s.
void init_momentum_cycling(OptimizerView& optimizer, const PerGroup& base_momentum,
                           const PerGroup& max_momentum, std::int64_t last_epoch,
                           MomentumOrder order, TorchBehavior behavior = TorchBehavior::newest);

}  // namespace lrsched::detail
