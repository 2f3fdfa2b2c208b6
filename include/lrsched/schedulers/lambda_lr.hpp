// LambdaLR and MultiplicativeLR: the lr (or its change) given by user functions of the epoch.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string_view>
#include <type_traits>
#include <vector>

#include "lrsched/scheduler.hpp"

namespace lrsched {

/// A function of the epoch, as PyTorch's `lr_lambda`.
using LrLambda = std::function<double(std::int64_t)>;

namespace detail {
/// A callable `double(int64)` other than an LrLambda itself.
template <class F>
concept LrLambdaLike =
    std::is_invocable_r_v<double, F&, std::int64_t> && !std::is_same_v<std::decay_t<F>, LrLambda>;
}  // namespace detail

/// One function for all param groups, or one per group (PyTorch: a callable or a list).
class LrLambdas {
 public:
  LrLambdas(LrLambda fn) : fns_{std::move(fn)} {}  // NOLINT(google-explicit-constructor)
  /// Any callable `double(int64)`, e.g. a C++ lambda, without wrapping it in LrLambda first.
  template <detail::LrLambdaLike F>
  LrLambdas(F fn) : fns_{LrLambda(std::move(fn))} {}  // NOLINT(google-explicit-constructor)
  LrLambdas(std::vector<LrLambda> fns) : fns_(std::move(fns)), is_list_(true) {}  // NOLINT
  LrLambdas(std::initializer_list<LrLambda> fns) : fns_(fns), is_list_(true) {}

  /// One function per group, moved out of this list; ValueError "Expected {n} lr_lambdas, but
  /// got {m}" on a length mismatch.
  [[nodiscard]] std::vector<LrLambda> for_groups(const OptimizerView& optimizer) &&;

 private:
  std::vector<LrLambda> fns_;
  bool is_list_ = false;
};

/// Sets each group's lr to `initial_lr * lr_lambda(epoch)`.
class LambdaLR final : public LRScheduler {
 public:
  struct Options {
    LrLambdas lr_lambda;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  LambdaLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "LambdaLR"; }
  using LRScheduler::step;
  void step() override;
  /// Functions are not state (as in PyTorch): reconstruct the scheduler, then load.
  void visit_state(StateVisitor& visitor) override { visit_base_state(visitor); }

 protected:
  bool get_lr(std::span<double> lrs) override;

 private:
  std::vector<LrLambda> lr_lambdas_;
};

/// Multiplies each group's lr by `lr_lambda(epoch)` at every step after the first.
class MultiplicativeLR final : public LRScheduler {
 public:
  struct Options {
    LrLambdas lr_lambda;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  MultiplicativeLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "MultiplicativeLR"; }
  using LRScheduler::step;
  void step() override;
  void visit_state(StateVisitor& visitor) override { visit_base_state(visitor); }

 protected:
  bool get_lr(std::span<double> lrs) override;

 private:
  std::vector<LrLambda> lr_lambdas_;
};

}  // namespace lrsched
