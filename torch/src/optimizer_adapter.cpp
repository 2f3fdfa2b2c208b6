// The only translation unit of the adapter that includes torch: each costs ~8-16 s to compile.
#include "lrsched/torch/optimizer_adapter.hpp"

#include <torch/optim/adagrad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/lbfgs.h>
#include <torch/optim/optimizer.h>
#include <torch/optim/rmsprop.h>
#include <torch/optim/sgd.h>

#include <string>
#include <tuple>

#include "lrsched/error.hpp"

namespace lrsched::torch {

namespace optim = ::torch::optim;

OptimizerAdapter::OptimizerAdapter(optim::Optimizer& optimizer) : optimizer_(&optimizer) {
  // PyTorch decides momentum vs beta1 from the optimizer's defaults; libtorch's classes map
  // one to one onto Python's.
  if (dynamic_cast<optim::SGD*>(&optimizer) != nullptr) {
    family_ = Family::sgd, kind_ = MomentumKind::momentum, type_name_ = "SGD";
  } else if (dynamic_cast<optim::RMSprop*>(&optimizer) != nullptr) {
    family_ = Family::rmsprop, kind_ = MomentumKind::momentum, type_name_ = "RMSprop";
  } else if (dynamic_cast<optim::AdamW*>(&optimizer) != nullptr) {
    family_ = Family::adamw, kind_ = MomentumKind::betas, type_name_ = "AdamW";
  } else if (dynamic_cast<optim::Adam*>(&optimizer) != nullptr) {
    family_ = Family::adam, kind_ = MomentumKind::betas, type_name_ = "Adam";
  } else if (dynamic_cast<optim::Adagrad*>(&optimizer) != nullptr) {
    family_ = Family::adagrad, kind_ = MomentumKind::none, type_name_ = "Adagrad";
  } else if (dynamic_cast<optim::LBFGS*>(&optimizer) != nullptr) {
    family_ = Family::lbfgs, kind_ = MomentumKind::none, type_name_ = "LBFGS";
  } else {
    family_ = Family::other, kind_ = MomentumKind::none, type_name_ = "Optimizer";
  }
  keys_.resize(num_groups());
}

std::size_t OptimizerAdapter::num_groups() const noexcept {
  return optimizer_->param_groups().size();
}

namespace {
// `optimizer.param_groups[group]`, with Python's IndexError (not std::out_of_range) past the end.
optim::OptimizerOptions& group_options(optim::Optimizer& optimizer, std::size_t group) {
  auto& groups = optimizer.param_groups();
  if (group >= groups.size()) throw IndexError("param group " + std::to_string(group));
  return groups[group].options();
}
}  // namespace

double OptimizerAdapter::lr(std::size_t group) const {
  return group_options(*optimizer_, group).get_lr();
}

double OptimizerAdapter::default_lr() const { return optimizer_->defaults().get_lr(); }

void OptimizerAdapter::set_lr(std::size_t group, double lr) {
  group_options(*optimizer_, group).set_lr(lr);
}

double OptimizerAdapter::momentum(std::size_t group) const {
  auto& options = group_options(*optimizer_, group);
  switch (family_) {
    case Family::sgd:
      return static_cast<optim::SGDOptions&>(options).momentum();
    case Family::rmsprop:
      return static_cast<optim::RMSpropOptions&>(options).momentum();
    case Family::adam:
      return std::get<0>(static_cast<optim::AdamOptions&>(options).betas());
    case Family::adamw:
      return std::get<0>(static_cast<optim::AdamWOptions&>(options).betas());
    default:
      throw KeyError("'momentum'");
  }
}

void OptimizerAdapter::set_momentum(std::size_t group, double value) {
  auto& options = group_options(*optimizer_, group);
  switch (family_) {
    case Family::sgd:
      static_cast<optim::SGDOptions&>(options).momentum(value);
      return;
    case Family::rmsprop:
      static_cast<optim::RMSpropOptions&>(options).momentum(value);
      return;
    case Family::adam: {
      auto& adam = static_cast<optim::AdamOptions&>(options);
      adam.betas(std::make_tuple(value, std::get<1>(adam.betas())));
      return;
    }
    case Family::adamw: {
      auto& adamw = static_cast<optim::AdamWOptions&>(options);
      adamw.betas(std::make_tuple(value, std::get<1>(adamw.betas())));
      return;
    }
    default:
      throw KeyError("'momentum'");
  }
}

std::optional<double> OptimizerAdapter::key(std::size_t group, GroupKey key) const {
  if (group >= num_groups()) throw IndexError("param group " + std::to_string(group));
  return group < keys_.size() ? keys_[group].get(key) : std::nullopt;
}

void OptimizerAdapter::set_key(std::size_t group, GroupKey key, double value) {
  if (group >= num_groups()) throw IndexError("param group " + std::to_string(group));
  if (group >= keys_.size()) keys_.resize(num_groups());  // groups added since
  keys_[group].set(key, value);
}

}  // namespace lrsched::torch
