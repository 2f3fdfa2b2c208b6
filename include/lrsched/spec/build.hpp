// Building schedulers from the spec language: a Python constructor call -> the scheduler it
// names (through its registry row), on an optimizer.
#pragma once

#include <memory>
#include <string_view>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/schedules.hpp"
#include "lrsched/spec/value.hpp"

namespace lrsched::spec {

/// Builds the scheduler `call` describes on `optimizer`, exactly as the same Python expression
/// would with the optimizer inserted: arguments bound by PyTorch's signature (TypeError for
/// unknown, missing or duplicate arguments, with a "did you mean"), PyTorch's type checks
/// (`isinstance(T_0, int)` and friends), nested schedulers constructed first, left to right.
/// With `TorchBehavior::v1_13`, PyTorch's classes take PyTorch 1.13.1's signatures
/// (`verbose=False` accepted, `verbose=True` a NotImplementedError: its printing is not
/// reproduced; `ChainedScheduler(schedulers)`) and are built with its behavior and texts, nested
/// ones included; other libraries' rows are unaffected.
[[nodiscard]] std::unique_ptr<Scheduler> build_scheduler(
    const Call& call, OptimizerView& optimizer, TorchBehavior behavior = TorchBehavior::newest);

/// The pure schedule `call` describes (a row with a schedule factory: Optax's and Keras's
/// schedules); TypeError for a scheduler of an optimizer.
[[nodiscard]] schedules::Schedule build_schedule(const Call& call);

/// `parse_spec` followed by `build_scheduler`.
[[nodiscard]] std::unique_ptr<Scheduler> build_scheduler(
    std::string_view spec, OptimizerView& optimizer,
    TorchBehavior behavior = TorchBehavior::newest);

}  // namespace lrsched::spec
