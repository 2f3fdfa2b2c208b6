#include "lrsched/schedulers/lambda_lr.hpp"

#include <string>
#include <utility>

#include "lrsched/error.hpp"

namespace lrsched {

std::vector<LrLambda> LrLambdas::for_groups(const OptimizerView& optimizer) && {
  const std::size_t groups = optimizer.num_groups();
  if (!is_list_) return std::vector<LrLambda>(groups, fns_.front());
  if (fns_.size() != groups) {
    throw ValueError("Expected " + std::to_string(groups) + " lr_lambdas, but got " +
                     std::to_string(fns_.size()));
  }
  return std::move(fns_);
}

namespace {
// An empty std::function is the C++ form of passing a non-callable.
void require_callables(const std::vector<LrLambda>& fns) {
  for (const auto& fn : fns) {
    if (!fn) throw TypeError("lr_lambda should be a function, but got NoneType");
  }
}
}  // namespace

LambdaLR::LambdaLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, options.last_epoch, kStepping, options.behavior),
      lr_lambdas_(std::move(options.lr_lambda).for_groups(optimizer)) {
  require_callables(lr_lambdas_);  // PyTorch would fail at the first call instead
  initial_step();
}

void LambdaLR::step() {
  formula_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool LambdaLR::get_lr(std::span<double> lrs) {
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * lr_lambdas_[i](last_epoch_);
  return true;
}

MultiplicativeLR::MultiplicativeLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, options.last_epoch, kStepping, options.behavior),
      lr_lambdas_(std::move(options.lr_lambda).for_groups(optimizer)) {
  require_callables(lr_lambdas_);
  initial_step();
}

void MultiplicativeLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool MultiplicativeLR::get_lr(std::span<double> lrs) {
  // 1.13 multiplies only from epoch 1 on: it keeps a resumed lr for one step less, and keeps the
  // lr at a SequentialLR milestone (epoch 0), where the newest release multiplies by lr_lambda(0).
  if (torch_behavior() == TorchBehavior::newest ? is_initial_ : last_epoch_ <= 0) return false;
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] *= lr_lambdas_[i](last_epoch_);
  return true;
}

}  // namespace lrsched
