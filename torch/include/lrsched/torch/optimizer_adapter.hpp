// The libtorch adapter: any torch::optim::Optimizer as an lrsched optimizer view, so every
// lrsched scheduler drives libtorch training unchanged.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/optimizer_view.hpp"

namespace torch::optim {
class Optimizer;
}  // namespace torch::optim

namespace lrsched::torch {

/// Reads and writes each param group's lr through `options().get_lr()/set_lr()`, momentum for
/// SGD/RMSprop and beta1 for Adam/AdamW (beta2 kept). Adagrad and LBFGS have neither, as in
/// PyTorch. The per-group keys PyTorch keeps in `param_groups` (`initial_lr`, `max_lr`, ...) live
/// beside the optimizer, here; groups added later with `add_param_group` start without keys.
/// The optimizer must outlive the adapter, and the adapter every scheduler using it.
class OptimizerAdapter final : public OptimizerView {
 public:
  explicit OptimizerAdapter(::torch::optim::Optimizer& optimizer);

  [[nodiscard]] std::string_view type_name() const noexcept override { return type_name_; }
  [[nodiscard]] std::size_t num_groups() const noexcept override;
  [[nodiscard]] double lr(std::size_t group) const override;
  void set_lr(std::size_t group, double lr) override;
  [[nodiscard]] MomentumKind momentum_kind() const noexcept override { return kind_; }
  [[nodiscard]] double momentum(std::size_t group) const override;
  void set_momentum(std::size_t group, double value) override;
  [[nodiscard]] std::optional<double> key(std::size_t group, GroupKey key) const override;
  void set_key(std::size_t group, GroupKey key, double value) override;
  /// `optimizer.defaults().get_lr()`: the lr the optimizer was constructed with.
  [[nodiscard]] double default_lr() const override;

  [[nodiscard]] ::torch::optim::Optimizer& optimizer() const noexcept { return *optimizer_; }

 private:
  enum class Family : std::uint8_t { sgd, rmsprop, adam, adamw, adagrad, lbfgs, other };
  ::torch::optim::Optimizer* optimizer_;
  Family family_;
  MomentumKind kind_;
  std::string type_name_;
  std::vector<GroupKeyStore> keys_;
};

}  // namespace lrsched::torch
