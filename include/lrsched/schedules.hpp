// Pure schedules: a learning rate (or a factor of one) as a function of the step count.
//
// A `Schedule` has no optimizer and no state beyond its parameters, as Optax's schedules: build
// one from the primitives and combinators below, call it with a step, copy it freely (copies
// share one immutable node, so a copy costs a reference count). `ScheduleLR`
// (lrsched/schedulers/schedule_lr.hpp) drives an optimizer with one, with PyTorch's protocol.
//
//   using namespace lrsched::schedules;
//   const Schedule s = warmup_then(5, 0.0, cosine(1.0, 0.01, 95));
//   s(0);  // 0.0; s(5) is 1.0; s(100) and after, 0.01
//
// The cosine and the linear ramp are PyTorch's formulas in PyTorch's order (those of its cosine
// annealing's and linear warmup's closed forms, lrsched/detail/formulas.hpp): `cosine(a, b, n)`
// is PyTorch's cosine annealing with `T_max=n, eta_min=b` on an lr of `a`, bit for bit.
// Steps before 0 give the value at step 0; a ramp's value after its last step is its value there.
// Arguments are checked when a schedule is built (ValueError); evaluating the schedules below
// does not allocate.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "lrsched/error.hpp"

namespace lrsched::schedules {

/// A function of the step count, `double(std::int64_t)`, as a cheap-to-copy value.
class Schedule {
 public:
  /// What a schedule evaluates; immutable once built, shared by every copy.
  class Node {
   public:
    Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    virtual ~Node() = default;
    [[nodiscard]] virtual double at(std::int64_t step) const = 0;
    /// False when nothing `at` may raise needs reporting where its value is discarded. A
    /// combinator that evaluates pieces only to discard their values (Optax's join_schedules
    /// evaluates every piece, as jnp.where does, so a user's function that raises still
    /// raises) skips those that say false. The default, true, is right for any function.
    [[nodiscard]] virtual bool may_throw() const noexcept { return true; }
  };

  /// Any callable `double(std::int64_t)` (a lambda, a function, a std::function), moved into one
  /// shared node. It must be a pure function of the step: a schedule's values are not saved
  /// with a scheduler's state. TypeError for an empty std::function or a null function pointer.
  /// A class deriving from Schedule (lrsched/families/keras.hpp) is copied, not wrapped.
  template <class F>
  requires(std::is_invocable_r_v<double, const F&, std::int64_t> &&
           !std::is_base_of_v<Schedule, std::decay_t<F>>) explicit Schedule(F fn);

  /// A node of one's own (not null).
  explicit Schedule(std::shared_ptr<const Node> node);

  /// The value at `step`.
  [[nodiscard]] double operator()(std::int64_t step) const { return node_->at(step); }
  /// Node::may_throw.
  [[nodiscard]] bool may_throw() const noexcept { return node_->may_throw(); }

 private:
  template <class F>
  class FunctionNode final : public Node {
   public:
    explicit FunctionNode(F fn) : fn_(std::move(fn)) {}
    [[nodiscard]] double at(std::int64_t step) const override {
      return static_cast<double>(fn_(step));
    }

   private:
    F fn_;
  };

  std::shared_ptr<const Node> node_;
};

// --- primitives ----------------------------------------------------------------------------------

/// `value` at every step.
[[nodiscard]] Schedule constant(double value);

/// From `init` at step 0 to `end` at step `steps` in a straight line, then held:
/// `init + (end - init) * min(step, steps) / steps`, PyTorch's linear closed form. `steps` > 0.
[[nodiscard]] Schedule linear(double init, double end, std::int64_t steps);

/// Half a cosine from `init` at step 0 to `end` at step `steps`, then held at `end`:
/// `end + (init - end) * (1 + cos(pi * min(step, steps) / steps)) / 2`, PyTorch's cosine
/// annealing closed form. `steps` > 0.
[[nodiscard]] Schedule cosine(double init, double end, std::int64_t steps);

/// `init * rate ** (step / steps_per_decay)`, the division floored when `staircase` (then it is
/// PyTorch's step decay; with steps_per_decay 1, its exponential decay). `rate` >= 0,
/// `steps_per_decay` > 0.
[[nodiscard]] Schedule exponential(double init, double rate, std::int64_t steps_per_decay,
                                   bool staircase = false);

/// `(init - end) * (1 - min(step, steps) / steps) ** power + end` (Optax's polynomial schedule;
/// with `end` 0, PyTorch's polynomial decay). `steps` > 0, `power` >= 0.
[[nodiscard]] Schedule polynomial(double init, double end, double power, std::int64_t steps);

/// `init`, multiplied by `scale` from each `boundary` on (Optax's piecewise_constant_schedule:
/// a scale applies at `step >= boundary`). Boundaries non-negative and distinct, in any order;
/// scales non-negative.
[[nodiscard]] Schedule piecewise_constant(
    double init, std::vector<std::pair<std::int64_t, double>> boundaries_and_scales);

// --- combinators ---------------------------------------------------------------------------------

/// `schedules[0]` before `boundaries[0]`; from `boundaries[i]` on, `schedules[i + 1]` evaluated at
/// `step - boundaries[i]` (Optax's join_schedules: it switches at `step >= boundary`, and each
/// schedule counts from its own boundary). One boundary fewer than schedules; boundaries
/// non-negative and non-decreasing.
[[nodiscard]] Schedule join(std::vector<Schedule> schedules, std::vector<std::int64_t> boundaries);

/// A linear warmup from `warmup_start` to `then(0)` over `warmup_steps`, then `then` counted from
/// the end of the warmup: `join({linear(warmup_start, then(0), warmup_steps), then},
/// {warmup_steps})`. With no warmup steps, `then` itself.
[[nodiscard]] Schedule warmup_then(std::int64_t warmup_steps, double warmup_start, Schedule then);

/// `schedule(step) * factor`. `factor` finite.
[[nodiscard]] Schedule scale(Schedule schedule, double factor);

/// `schedule` restarted every `period` steps, cycle k (from 0) multiplied by `decay ** k`:
/// `schedule(step % period) * decay ** (step // period)`. `period` > 0, `decay` >= 0.
[[nodiscard]] Schedule cycle(Schedule schedule, std::int64_t period, double decay = 1.0);

/// `schedule(step)` limited to [lo, hi]. `lo <= hi`, neither NaN.
[[nodiscard]] Schedule clamp(Schedule schedule, double lo, double hi);

// --- template definitions ------------------------------------------------------------------------

namespace internal {
template <class F>
struct IsStdFunction : std::false_type {};
template <class R, class... Args>
struct IsStdFunction<std::function<R(Args...)>> : std::true_type {};

/// True for an empty std::function or a null function pointer.
template <class F>
bool is_null_callable(const F& fn) {
  if constexpr (std::is_pointer_v<F> || IsStdFunction<F>::value) {
    return !fn;
  } else {
    return false;
  }
}
}  // namespace internal

template <class F>
requires(std::is_invocable_r_v<double, const F&, std::int64_t> &&
         !std::is_base_of_v<Schedule, std::decay_t<F>>) Schedule::Schedule(F fn) {
  if (internal::is_null_callable(fn)) throw TypeError("schedule should be a function, got none");
  node_ = std::make_shared<const FunctionNode<F>>(std::move(fn));
}

}  // namespace lrsched::schedules
