// The optimizer view: what a scheduler needs from an optimizer, and nothing more.
//
// PyTorch schedulers read and write `optimizer.param_groups[i]["lr"]`, the momentum (`"momentum"`
// or `"betas"[0]`), and a few extra keys that several schedulers on one optimizer share
// (`initial_lr` above all). `OptimizerView` is that contract; `InMemoryOptimizer` implements it
// for simulation and for trainers with their own optimizers, and adapters (libtorch) implement it
// over real optimizers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lrsched {

/// The per-group keys PyTorch schedulers store in `param_groups` besides `lr` and momentum.
enum class GroupKey : std::uint8_t {
  initial_lr,
  max_lr,
  min_lr,
  max_momentum,
  base_momentum,
  swa_lr
};
inline constexpr std::size_t kGroupKeyCount = 6;

/// PyTorch's spelling of a key ("initial_lr").
[[nodiscard]] std::string_view to_string(GroupKey key) noexcept;
/// Parses PyTorch's spelling; nullopt for an unknown name.
[[nodiscard]] std::optional<GroupKey> group_key_from_string(std::string_view name) noexcept;

/// Which momentum-like hyper-parameter the optimizer has, decided as PyTorch decides it: from the
/// optimizer's defaults. `betas` (Adam, AdamW, ...) wins over `momentum` (SGD, RMSprop).
enum class MomentumKind : std::uint8_t { none, momentum, betas };

/// Values of the extra keys of one param group; a small fixed store so that reading and writing
/// never allocates.
class GroupKeyStore {
 public:
  [[nodiscard]] std::optional<double> get(GroupKey key) const noexcept {
    const auto i = static_cast<std::size_t>(key);
    return present_[i] ? std::optional<double>(values_[i]) : std::nullopt;
  }
  void set(GroupKey key, double value) noexcept {
    const auto i = static_cast<std::size_t>(key);
    values_[i] = value;
    present_[i] = true;
  }
  void erase(GroupKey key) noexcept { present_[static_cast<std::size_t>(key)] = false; }
  friend bool operator==(const GroupKeyStore&, const GroupKeyStore&) = default;

 private:
  std::array<double, kGroupKeyCount> values_{};
  std::array<bool, kGroupKeyCount> present_{};
};

/// What schedulers see of an optimizer. Group indices are `0 <= group < num_groups()`.
///
/// Implementations must outlive every scheduler attached to them.
class OptimizerView {
 public:
  virtual ~OptimizerView() = default;

  /// Python class name of the optimizer ("SGD"), used in error messages.
  [[nodiscard]] virtual std::string_view type_name() const noexcept = 0;
  [[nodiscard]] virtual std::size_t num_groups() const noexcept = 0;
  [[nodiscard]] virtual double lr(std::size_t group) const = 0;
  virtual void set_lr(std::size_t group, double lr) = 0;
  /// Every group's lr into `out` (`out.size() == num_groups()`). Schedulers read and write all
  /// groups once per step through these, so one virtual call serves a whole step; override them
  /// when the lrs can be copied faster than one `lr(i)` call each.
  virtual void get_lrs(std::span<double> out) const {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = lr(i);
  }
  virtual void set_lrs(std::span<const double> lrs) {
    for (std::size_t i = 0; i < lrs.size(); ++i) set_lr(i, lrs[i]);
  }

  [[nodiscard]] virtual MomentumKind momentum_kind() const noexcept = 0;
  /// `group["momentum"]`, or `group["betas"][0]` when `momentum_kind()` is `betas`.
  /// Throws KeyError when the group has no such value.
  [[nodiscard]] virtual double momentum(std::size_t group) const = 0;
  /// Writes momentum, or beta1 keeping beta2, per `momentum_kind()`.
  virtual void set_momentum(std::size_t group, double value) = 0;

  [[nodiscard]] virtual std::optional<double> key(std::size_t group, GroupKey key) const = 0;
  virtual void set_key(std::size_t group, GroupKey key, double value) = 0;

  /// `group[key]`, raising PyTorch's KeyError (`KeyError: 'initial_lr'`) when absent.
  [[nodiscard]] double require_key(std::size_t group, GroupKey key) const;

  /// `optimizer.defaults["lr"]`: the lr the optimizer was constructed with (`SGD(groups, lr=...)`),
  /// not any group's current lr. Only schedules that read the optimizer's defaults use it
  /// (transformers' polynomial decay's `lr_init`, the `min_lr=` form of its cosine-with-min-lr
  /// schedules). The default implementation raises `KeyError: 'lr'`, as a defaults dict without
  /// an lr would: a view over an optimizer that has a default lr overrides it.
  [[nodiscard]] virtual double default_lr() const;

 protected:
  // Copyable and movable only as part of a concrete optimizer, never sliced through the base.
  OptimizerView() = default;
  OptimizerView(const OptimizerView&) = default;
  OptimizerView(OptimizerView&&) = default;
  OptimizerView& operator=(const OptimizerView&) = default;
  OptimizerView& operator=(OptimizerView&&) = default;
};

/// One param group of an `InMemoryOptimizer`.
struct ParamGroup {
  double lr = 0.1;
  /// SGD/RMSprop momentum, or Adam's beta1 (with `beta2`), per the optimizer's `MomentumKind`.
  std::optional<double> momentum;
  double beta2 = 0.999;
  GroupKeyStore keys;
  friend bool operator==(const ParamGroup&, const ParamGroup&) = default;
};

/// An optimizer that only holds hyper-parameters: simulation, tests, and any C++ trainer that
/// keeps its own parameters and reads the lr from here each step.
class InMemoryOptimizer final : public OptimizerView {
 public:
  /// `type_name` is the PyTorch class being modelled ("SGD", "Adam"); `kind` what its defaults
  /// hold. The default lr (`default_lr()`) is the first group's lr, as `SGD(groups, lr=lrs[0])`
  /// (what `like` and `lrsched simulate` build); `set_default_lr` changes it.
  explicit InMemoryOptimizer(std::vector<ParamGroup> groups,
                             MomentumKind kind = MomentumKind::momentum,
                             std::string type_name = "SGD");
  /// The same from a braced list, `InMemoryOptimizer o({{.lr = 0.1}, {.lr = 0.01}});` (which
  /// the vector alone would leave ambiguous with the copy constructor).
  InMemoryOptimizer(std::initializer_list<ParamGroup> groups,
                    MomentumKind kind = MomentumKind::momentum, std::string type_name = "SGD")
      : InMemoryOptimizer(std::vector<ParamGroup>(groups), kind, std::move(type_name)) {}

  /// An optimizer like `torch.optim.<name>` with one group per lr: `sgd`, `adam`, `adamw`,
  /// `adamax`, `nadam`, `radam`, `sparseadam`, `rmsprop`, `adagrad`, `adadelta`, `rprop`, `asgd`,
  /// `lbfgs` (case-insensitive). SGD/RMSprop groups get `momentum`, Adam-like ones `betas`.
  /// Throws ValueError for an unknown name.
  static InMemoryOptimizer like(std::string_view name, const std::vector<double>& lrs,
                                double momentum = 0.0, double beta1 = 0.9, double beta2 = 0.999);

  [[nodiscard]] std::string_view type_name() const noexcept override { return type_name_; }
  [[nodiscard]] std::size_t num_groups() const noexcept override { return groups_.size(); }
  [[nodiscard]] double lr(std::size_t group) const override { return groups_[group].lr; }
  void set_lr(std::size_t group, double lr) override { groups_[group].lr = lr; }
  void get_lrs(std::span<double> out) const override {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = groups_[i].lr;
  }
  void set_lrs(std::span<const double> lrs) override {
    for (std::size_t i = 0; i < lrs.size(); ++i) groups_[i].lr = lrs[i];
  }
  [[nodiscard]] MomentumKind momentum_kind() const noexcept override { return kind_; }
  [[nodiscard]] double momentum(std::size_t group) const override;
  void set_momentum(std::size_t group, double value) override {
    if (kind_ == MomentumKind::betas && !groups_[group].momentum) throw_no_betas();
    groups_[group].momentum = value;
  }
  [[nodiscard]] std::optional<double> key(std::size_t group, GroupKey key) const override {
    return groups_[group].keys.get(key);
  }
  void set_key(std::size_t group, GroupKey key, double value) override {
    groups_[group].keys.set(key, value);
  }

  /// The lr given at construction: the first group's, unless `set_default_lr` changed it.
  /// KeyError for an optimizer built with no groups and no default lr set.
  [[nodiscard]] double default_lr() const override;
  /// `defaults["lr"] = lr`: an optimizer whose groups all have lrs of their own but whose
  /// constructor was given another (`SGD([{"params": p, "lr": 0.1}], lr=1.0)`).
  void set_default_lr(double lr) noexcept { default_lr_ = lr; }

  /// `optimizer.add_param_group(...)`.
  void add_param_group(ParamGroup group) { groups_.push_back(group); }
  [[nodiscard]] const std::vector<ParamGroup>& groups() const noexcept { return groups_; }
  [[nodiscard]] std::vector<ParamGroup>& groups() noexcept { return groups_; }

 private:
  [[noreturn]] static void throw_no_betas();

  std::vector<ParamGroup> groups_;
  MomentumKind kind_;
  std::string type_name_;
  std::optional<double> default_lr_;
};

}  // namespace lrsched
