#include "momentum_cycling.hpp"

#include <vector>

namespace lrsched::detail {

void init_momentum_cycling(OptimizerView& optimizer, const PerGroup& base_momentum,
                           const PerGroup& max_momentum, std::int64_t last_epoch,
                           MomentumOrder order) {
  if (optimizer.momentum_kind() == MomentumKind::none) {
    throw ValueError(
        "optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
  }
  std::vector<double> base;
  std::vector<double> max;
  if (order == MomentumOrder::base_first) {
    base = base_momentum.for_groups("base_momentum", optimizer);
    max = max_momentum.for_groups("max_momentum", optimizer);
  } else {
    max = max_momentum.for_groups("max_momentum", optimizer);
    base = base_momentum.for_groups("base_momentum", optimizer);
  }
  if (last_epoch != -1) return;
  for (std::size_t i = 0; i < max.size(); ++i) {
    optimizer.set_momentum(i, max[i]);
    optimizer.set_key(i, GroupKey::max_momentum, max[i]);
    optimizer.set_key(i, GroupKey::base_momentum, base[i]);
  }
}

}  // namespace lrsched::detail
