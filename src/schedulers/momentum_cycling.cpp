#include "momentum_cycling.hpp"

#include <vector>

namespace lrsched::detail {

void init_momentum_cycling(OptimizerView& optimizer, const PerGroup& base_momentum,
                           const PerGroup& max_momentum, std::int64_t last_epoch,
                           MomentumOrder order, TorchBehavior behavior) {
  if (optimizer.momentum_kind() == MomentumKind::none) {
    // 1.13's text does not mention beta1, although its OneCycleLR cycles it.
    throw ValueError(behavior == TorchBehavior::newest
                         ? "optimizer must support momentum or beta1 with `cycle_momentum` option "
                           "enabled"
                         : "optimizer must support momentum with `cycle_momentum` option enabled");
  }
  std::vector<double> base;
  std::vector<double> max;
  if (order == MomentumOrder::base_first) {
    base = base_momentum.for_groups("base_momentum", optimizer, behavior);
    max = max_momentum.for_groups("max_momentum", optimizer, behavior);
  } else {
    max = max_momentum.for_groups("max_momentum", optimizer, behavior);
    base = base_momentum.for_groups("base_momentum", optimizer, behavior);
  }
  if (last_epoch != -1) return;
  for (std::size_t i = 0; i < max.size(); ++i) {
    optimizer.set_momentum(i, max[i]);
    optimizer.set_key(i, GroupKey::max_momentum, max[i]);
    optimizer.set_key(i, GroupKey::base_momentum, base[i]);
  }
}

}  // namespace lrsched::detail
