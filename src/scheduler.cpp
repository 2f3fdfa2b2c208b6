#include "lrsched/scheduler.hpp"

#include <limits>
#include <string>

#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"

namespace lrsched {

const std::string_view kEpochDeprecationWarning =
    "The epoch parameter in `scheduler.step()` was not necessary and is being "
    "deprecated where possible. Please use `scheduler.step()` to step the "
    "scheduler. During the deprecation, if epoch is different from None, the "
    "closed form is used instead of the new chainable form, where available. "
    "Please open an issue if you are unable to replicate your use case: "
    "https://github.com/pytorch/pytorch/issues/new/choose.";

namespace {
WarningHandler g_warning_handler = nullptr;
}  // namespace

std::optional<TorchBehavior> parse_torch_behavior(std::string_view text) noexcept {
  if (text == "newest") return TorchBehavior::newest;
  if (text == "1.13") return TorchBehavior::v1_13;
  return std::nullopt;
}

void set_warning_handler(WarningHandler handler) noexcept { g_warning_handler = handler; }

void warn(std::string_view message) {
  if (g_warning_handler != nullptr) g_warning_handler(message);
}

std::vector<double> PerGroup::for_groups(std::string_view name,
                                         const OptimizerView& optimizer) const {
  const std::size_t groups = optimizer.num_groups();
  if (!is_list_) return std::vector<double>(groups, values_.front());
  if (values_.size() != groups) {
    throw ValueError(std::string(name) + " must have the same length as optimizer.param_groups. " +
                     std::string(name) + " has " + std::to_string(values_.size()) +
                     " values, param_groups has " + std::to_string(groups) + ".");
  }
  return values_;
}

std::vector<double> PerGroup::for_groups(std::string_view name, const OptimizerView& optimizer,
                                         TorchBehavior behavior) const {
  const std::size_t groups = optimizer.num_groups();
  if (behavior == TorchBehavior::newest || !is_list_ || values_.size() == groups) {
    return for_groups(name, optimizer);
  }
  const std::string given = std::to_string(values_.size());
  if (name == "swa_lr") {
    throw ValueError("swa_lr must have the same length as optimizer.param_groups: swa_lr has " +
                     given + ", optimizer.param_groups has " + std::to_string(groups));
  }
  throw ValueError("expected " + std::to_string(groups) + " values for " + std::string(name) +
                   ", got " + given);
}

void Scheduler::undo_initial_step() {
  throw NotImplementedError(std::string(name()) + " has no construction-time step to undo");
}

void Scheduler::restart_at_milestone() {
  throw NotImplementedError(std::string(name()) + " cannot be restarted at a milestone");
}

void Scheduler::decrement_last_epoch() {
  throw AttributeError("'" + std::string(name()) + "' object has no attribute 'last_epoch'");
}

void Scheduler::throw_unsupported_input(const StepInput& input) const {
  const std::string step = std::string(name()) + ".step()";
  if (stepping_.metric == MetricUse::required && !input.metric) {
    throw TypeError(step + " missing 1 required positional argument: 'metrics'");
  }
  if (input.metric && stepping_.metric == MetricUse::none) {
    throw TypeError(step + " takes no metric");
  }
  if (input.epoch && stepping_.epoch == EpochUse::none) {
    throw TypeError(step + " takes no epoch argument");
  }
  if (!input.epoch && !input.num_updates) {  // a scheduler the caller tells the count
    throw TypeError(stepping_.count == StepCount::epoch
                        ? step + " missing 1 required positional argument: 'epoch'"
                        : std::string(name()) +
                              ".step_update() missing 1 required positional argument: "
                              "'num_updates'");
  }
  throw TypeError("'" + std::string(name()) + "' object has no attribute 'step_update'");
}

std::int64_t Scheduler::integer_epoch(const Epoch& epoch) const {
  if (!epoch.integer()) {
    throw TypeError(std::string(name()) + ".step() takes an integer epoch, not " +
                    detail::py_float_repr(epoch.value()));
  }
  return detail::checked_counter(*epoch.integer(), "epoch");
}

LRScheduler::LRScheduler(OptimizerView& optimizer, std::int64_t last_epoch, Stepping stepping,
                         TorchBehavior behavior)
    : Scheduler(optimizer, stepping, behavior),
      last_epoch_(detail::checked_counter(last_epoch, "last_epoch")) {
  const std::size_t groups = optimizer.num_groups();
  if (last_epoch == -1) {
    for (std::size_t i = 0; i < groups; ++i) {
      if (!optimizer.key(i, GroupKey::initial_lr)) {
        optimizer.set_key(i, GroupKey::initial_lr, optimizer.lr(i));  // setdefault
      }
    }
  } else {
    for (std::size_t i = 0; i < groups; ++i) {
      if (!optimizer.key(i, GroupKey::initial_lr)) {
        if (behavior == TorchBehavior::v1_13) {
          throw KeyError("param 'initial_lr' is not specified in param_groups[" +
                         std::to_string(i) + "] when resuming an optimizer");
        }
        throw KeyError(
            "param 'initial_lr' is not specified in param_groups[" + std::to_string(i) +
            "] when resuming scheduler with last_epoch >= 0.\n"
            "This typically happens when:\n"
            "1. You're trying to resume training from a checkpoint but haven't properly loaded "
            "the optimizer state\n"
            "2. You're using last_epoch >= 0 for a fresh training run (not recommended)");
      }
    }
  }
  base_lrs_.resize(groups);
  for (std::size_t i = 0; i < groups; ++i) base_lrs_[i] = *optimizer.key(i, GroupKey::initial_lr);
  values_.resize(groups);
  last_lr_.resize(groups);
}

void LRScheduler::initial_step() {
  step_count_ = 0;
  is_initial_ = true;
  try {
    step();
  } catch (...) {
    is_initial_ = false;
    throw;
  }
  is_initial_ = false;
}

// Not inlined: step_with would inline it speculatively (behind a vtable compare that classes with
// a step() of their own fail) and then save registers for it on every step.
[[gnu::noinline]] void LRScheduler::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

// `advance()` for every class with PyTorch's step: a plain step jumps straight to the class's
// step(), so that a step through `advance` costs one more indirect jump than `step()`.
void LRScheduler::step_with(const StepInput& input) {
  if (input.epoch) [[unlikely]] {
    step_to_epoch(integer_epoch(*input.epoch));
    return;
  }
  step();
}

void LRScheduler::step_to_epoch(std::int64_t epoch) {
  (void)detail::checked_counter(epoch, "epoch");
  ++step_count_;
  warn(kEpochDeprecationWarning);
  update_lr(epoch);
}

void LRScheduler::update_lr(std::int64_t epoch) {
  read_current_lrs();
  last_epoch_ = epoch;
  apply_values(get_closed_form_lr(values_) || get_lr(values_));
}

void LRScheduler::throw_group_count_changed(std::size_t groups) const {
  // Python's zip(..., strict=True) over param_groups and the scheduler's per-group values.
  throw ValueError(std::string("zip() argument 2 is ") +
                   (groups > values_.size() ? "shorter" : "longer") + " than argument 1");
}

void LRScheduler::visit_base_state(StateVisitor& visitor) {
  visitor.group_field("base_lrs", base_lrs_);
  visitor.field("last_epoch", last_epoch_);
  visitor.field("_step_count", step_count_);
  (void)detail::checked_counter(last_epoch_, "last_epoch", detail::kMaxLoadedStepCounter);
  (void)detail::checked_counter(step_count_, "_step_count", detail::kMaxLoadedStepCounter);
  visitor.field("_is_initial", is_initial_);
  visitor.group_field("_last_lr", last_lr_);
  // A state may be loaded after groups were added to the optimizer: the working buffer follows.
  values_.resize(base_lrs_.size());
}

}  // namespace lrsched
