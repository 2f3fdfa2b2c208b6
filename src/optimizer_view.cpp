#include "lrsched/optimizer_view.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "lrsched/error.hpp"

namespace lrsched {

namespace {
constexpr std::array<std::string_view, kGroupKeyCount> kGroupKeyNames = {
    "initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum", "swa_lr"};
}  // namespace

std::string_view to_string(GroupKey key) noexcept {
  return kGroupKeyNames[static_cast<std::size_t>(key)];
}

std::optional<GroupKey> group_key_from_string(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kGroupKeyCount; ++i) {
    if (kGroupKeyNames[i] == name) return static_cast<GroupKey>(i);
  }
  return std::nullopt;
}

double OptimizerView::require_key(std::size_t group, GroupKey key) const {
  if (auto value = this->key(group, key)) return *value;
  throw KeyError("'" + std::string(to_string(key)) + "'");
}

double OptimizerView::default_lr() const { throw KeyError("'lr'"); }

InMemoryOptimizer::InMemoryOptimizer(std::vector<ParamGroup> groups, MomentumKind kind,
                                     std::string type_name)
    : groups_(std::move(groups)), kind_(kind), type_name_(std::move(type_name)) {
  if (!groups_.empty()) default_lr_ = groups_.front().lr;
}

double InMemoryOptimizer::default_lr() const {
  if (!default_lr_) return OptimizerView::default_lr();
  return *default_lr_;
}

double InMemoryOptimizer::momentum(std::size_t group) const {
  const auto& m = groups_[group].momentum;
  if (!m) throw KeyError(kind_ == MomentumKind::betas ? "'betas'" : "'momentum'");
  return *m;
}

void InMemoryOptimizer::throw_no_betas() { throw KeyError("'betas'"); }

InMemoryOptimizer InMemoryOptimizer::like(std::string_view name, const std::vector<double>& lrs,
                                          double momentum, double beta1, double beta2) {
  struct Known {
    std::string_view key;
    std::string_view python_name;
    MomentumKind kind;
  };
  static constexpr std::array<Known, 13> kKnown = {{
      {"sgd", "SGD", MomentumKind::momentum},
      {"rmsprop", "RMSprop", MomentumKind::momentum},
      {"adam", "Adam", MomentumKind::betas},
      {"adamw", "AdamW", MomentumKind::betas},
      {"adamax", "Adamax", MomentumKind::betas},
      {"nadam", "NAdam", MomentumKind::betas},
      {"radam", "RAdam", MomentumKind::betas},
      {"sparseadam", "SparseAdam", MomentumKind::betas},
      {"adagrad", "Adagrad", MomentumKind::none},
      {"adadelta", "Adadelta", MomentumKind::none},
      {"rprop", "Rprop", MomentumKind::none},
      {"asgd", "ASGD", MomentumKind::none},
      {"lbfgs", "LBFGS", MomentumKind::none},
  }};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& known : kKnown) {
    if (known.key != lower) continue;
    std::vector<ParamGroup> groups;
    groups.reserve(lrs.size());
    for (double lr : lrs) {
      ParamGroup g;
      g.lr = lr;
      if (known.kind == MomentumKind::momentum) g.momentum = momentum;
      if (known.kind == MomentumKind::betas) {
        g.momentum = beta1;
        g.beta2 = beta2;
      }
      groups.push_back(g);
    }
    return InMemoryOptimizer(std::move(groups), known.kind, std::string(known.python_name));
  }
  std::string names;
  for (const auto& known : kKnown) names += (names.empty() ? "" : ", ") + std::string(known.key);
  throw ValueError("unknown optimizer '" + std::string(name) + "' (expected one of: " + names +
                   ")");
}

}  // namespace lrsched
