#include "lrsched/schedulers/composite.hpp"

#include <algorithm>
#include <string>

#include "lrsched/error.hpp"

namespace lrsched {

namespace {
// The checks SequentialLR and ChainedScheduler share, with PyTorch's messages (1.13.1 checked
// only the optimizer, with texts of its own). A child whose stepping is plain is checked here,
// once: the composites then step it with advance_checked_child, the step advance() takes
// without an input to check.
void check_children(std::string_view owner, const SchedulerList& schedulers,
                    const OptimizerView& optimizer, TorchBehavior behavior) {
  for (std::size_t i = 0; i < schedulers.size(); ++i) {
    const Scheduler* s = schedulers[i].get();
    if (s == nullptr) {
      throw TypeError(std::string(owner) + " at index " + std::to_string(i) +
                      " should have `optimizer` as its attribute.");
    }
    if (behavior == TorchBehavior::newest && !s->stepping().plain()) {
      throw ValueError(std::string(owner) + " does not support `" + std::string(s->name()) +
                       "` scheduler as it requires additional kwargs to be specified when calling "
                       "`step`, but got one at index " +
                       std::to_string(i) + " in the given schedulers sequence.");
    }
    if (&s->optimizer() == &optimizer) continue;
    if (behavior == TorchBehavior::v1_13 && owner == "SequentialLR") {
      throw ValueError(
          "Sequential Schedulers expects all schedulers to belong to the same optimizer, but got "
          "schedulers at index " +
          std::to_string(i) + " to be different than the optimizer passed in.");
    }
    if (behavior == TorchBehavior::v1_13) {
      throw ValueError(
          "ChainedScheduler expects all schedulers to belong to the same optimizer, but got "
          "schedulers at index 0 and " +
          std::to_string(i) + " to be different");
    }
    throw ValueError(std::string(owner) +
                     " expects all schedulers to belong to the same optimizer, but got "
                     "scheduler " +
                     std::string(s->name()) + " at index " + std::to_string(i) + " has " +
                     std::string(s->optimizer().type_name()) + ", which is different from " +
                     std::string(optimizer.type_name()) + ".");
  }
}

// `to = from` on a step, without a vector assignment's capacity checks: sizes are equal except
// after a state load. One or two groups are copied by a loop, cheaper than a call to memmove;
// from three on, memmove takes no more instructions.
void copy_lrs(const std::vector<double>& from, std::vector<double>& to) {
  constexpr std::size_t kLoopCopyMax = 2;
  if (to.size() != from.size()) [[unlikely]] {
    to = from;
  } else if (from.size() <= kLoopCopyMax) {
    for (std::size_t i = 0; i < from.size(); ++i) to[i] = from[i];
  } else {
    std::copy(from.begin(), from.end(), to.begin());
  }
}

// 1.13's `scheduler.step(0)` at a milestone: the deprecated step(epoch) of an LRScheduler, the
// metric 0 of a ReduceLROnPlateau (whose missing get_last_lr() fails next), a TypeError for a
// composite.
void restart_v1_13(Scheduler& s) {
  const Stepping& stepping = s.stepping();
  if (stepping.metric == MetricUse::required) {
    s.advance({.metric = 0.0});
    throw AttributeError("'" + std::string(s.name()) + "' object has no attribute 'get_last_lr'");
  }
  if (stepping.epoch != EpochUse::none) {
    s.advance({.epoch = 0});
  } else {
    throw TypeError(std::string(s.name()) + ".step() takes 1 positional argument but 2 were given");
  }
}

bool any_cycles_momentum(const SchedulerList& schedulers) {
  return std::any_of(schedulers.begin(), schedulers.end(),
                     [](const auto& s) { return s->cycles_momentum(); });
}
}  // namespace

SequentialLR::SequentialLR(OptimizerView& optimizer, Options options)
    : Scheduler(optimizer, kStepping, options.behavior),
      schedulers_(std::move(options.schedulers).get()),
      milestones_(options.milestones.get()),
      last_epoch_(detail::checked_counter(options.last_epoch, "last_epoch") + 1) {
  if (options.behavior == TorchBehavior::v1_13) {
    start_v1_13(optimizer);
    return;
  }
  if (schedulers_.empty()) {
    throw ValueError("SequentialLR expects at least one scheduler, but got no scheduler.");
  }
  check_children("SequentialLR", schedulers_, optimizer, TorchBehavior::newest);
  check_milestone_count();
  // Reset the lrs to their initial values, undo the children's construction steps, and start
  // the first child again.
  for (std::size_t i = 0; i < optimizer.num_groups(); ++i) {
    optimizer.set_lr(i, optimizer.require_key(i, GroupKey::initial_lr));
  }
  undo_initial_step();
  schedulers_.front()->initial_step();
  last_lr_ = schedulers_.front()->get_last_lr();
}

void SequentialLR::start_v1_13(OptimizerView& optimizer) {
  check_children("SequentialLR", schedulers_, optimizer, TorchBehavior::v1_13);
  check_milestone_count();
  for (std::size_t i = 0; i < optimizer.num_groups(); ++i) {
    optimizer.set_lr(i, optimizer.require_key(i, GroupKey::initial_lr));
  }
  for (auto& s : schedulers_) s->decrement_last_epoch();
  Scheduler& first = *schedulers_.front();
  if (first.stepping().metric == MetricUse::required) {
    // 1.13's ReduceLROnPlateau is no LRScheduler.
    throw AttributeError("'" + std::string(first.name()) +
                         "' object has no attribute '_initial_step'");
  }
  first.initial_step();
  last_lr_ = first.get_last_lr();
}

void SequentialLR::undo_initial_step() {
  for (auto& s : schedulers_) s->undo_initial_step();
}

void SequentialLR::restart_at_milestone() {
  throw NotImplementedError(
      "a SequentialLR nested in a SequentialLR cannot be restarted at a milestone (PyTorch "
      "raises NotImplementedError here too); put it first or flatten the sequence");
}

void SequentialLR::step() {
  ++last_epoch_;  // entered at most detail::kMaxStepCounter
  const std::size_t idx = detail::bisect_right(milestones_, last_epoch_);
  Scheduler& s = *schedulers_[idx];
  const bool milestone = idx > 0 && milestones_[idx - 1] == last_epoch_;
  if (torch_behavior() == TorchBehavior::v1_13) [[unlikely]] {
    if (milestone) {
      restart_v1_13(s);
    } else {
      s.advance();  // unchecked at construction: a child that needs a metric fails here
    }
  } else if (milestone) {
    s.restart_at_milestone();
  } else {
    advance_checked_child(s);  // checked by check_children
  }
  copy_lrs(s.get_last_lr(), last_lr_);
}

bool SequentialLR::cycles_momentum() const noexcept { return any_cycles_momentum(schedulers_); }

void SequentialLR::visit_state(StateVisitor& visitor) {
  visitor.field("_milestones", milestones_);
  visitor.field("last_epoch", last_epoch_);
  (void)detail::checked_counter(last_epoch_, "last_epoch", detail::kMaxLoadedStepCounter);
  visitor.group_field("_last_lr", last_lr_);
  visitor.children("_schedulers", schedulers_);
  check_milestone_count();
}

void SequentialLR::check_milestone_count() const {
  if (milestones_.size() != schedulers_.size() - 1) {
    throw ValueError(
        "Sequential Schedulers expects number of schedulers provided to be one more than the "
        "number of milestone points, but got number of schedulers " +
        std::to_string(schedulers_.size()) + " and the number of milestones to be equal to " +
        std::to_string(milestones_.size()));
  }
}

namespace {
OptimizerView& chained_optimizer(const SchedulerList& schedulers, OptimizerView* optimizer,
                                 TorchBehavior behavior) {
  if (schedulers.empty() && behavior == TorchBehavior::v1_13) {
    throw IndexError("list index out of range");  // 1.13's `schedulers[0].optimizer`
  }
  if (schedulers.empty()) {
    throw ValueError(
        "ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.");
  }
  if (optimizer != nullptr) return *optimizer;
  if (schedulers.front() == nullptr) {
    throw TypeError("ChainedScheduler at index 0 should have `optimizer` as its attribute.");
  }
  return schedulers.front()->optimizer();
}
}  // namespace

ChainedScheduler::ChainedScheduler(Options options)
    : Scheduler(chained_optimizer(options.schedulers, options.optimizer, options.behavior),
                kStepping, options.behavior),
      schedulers_(std::move(options.schedulers).get()) {
  check_children("ChainedScheduler", schedulers_, *optimizer_, options.behavior);
  record_last_lr();
}

void ChainedScheduler::step() {
  if (torch_behavior() == TorchBehavior::v1_13) [[unlikely]] {
    // Unchecked at construction: a child that needs a metric fails here, as in 1.13.
    for (auto& s : schedulers_) s->advance();
  } else {
    for (auto& s : schedulers_) advance_checked_child(*s);  // checked by check_children
  }
  // PyTorch re-reads the groups; the last child has just written and recorded every one of them.
  copy_lrs(schedulers_.back()->get_last_lr(), last_lr_);
}

void ChainedScheduler::undo_initial_step() {
  for (auto& s : schedulers_) s->undo_initial_step();
}

void ChainedScheduler::restart_at_milestone() {
  throw NotImplementedError(
      "a ChainedScheduler nested in a SequentialLR cannot be restarted at a milestone (PyTorch "
      "raises NotImplementedError here too); put it first in the sequence");
}

bool ChainedScheduler::cycles_momentum() const noexcept { return any_cycles_momentum(schedulers_); }

void ChainedScheduler::visit_state(StateVisitor& visitor) {
  visitor.group_field("_last_lr", last_lr_);
  visitor.children("_schedulers", schedulers_);
}

}  // namespace lrsched
