// Shared fixture and helpers of the core conformance tests: a port of the harness of PyTorch's
// test/optim/test_lrscheduler.py (setUp, _test, _test_with_epoch, _test_get_last_lr,
// _test_reduce_lr_on_plateau, _test_cycle_lr, the CosineAnnealingWarmRestarts helpers and
// _check_scheduler_state_dict).
//
// Upstream compares with atol 1e-5; these tests compare with a relative tolerance of 1e-12 (or
// exactly where PyTorch's double value is pinned), so a formula evaluated in another order, or
// the closed form used in place of the chainable one, is caught.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iomanip>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lrsched/lrsched.hpp"
#include "lrsched/state_json.hpp"

namespace lrsched_test {

using lrsched::InMemoryOptimizer;
using lrsched::LRScheduler;
using lrsched::OptimizerView;
using lrsched::Scheduler;

/// Relative tolerance of every approximate comparison.
inline constexpr double kRelTol = 1e-12;

/// Milestone lists. (A bare `{2, 5, 9}` does not convert to `Required<std::vector<std::int64_t>>`:
/// its initializer_list<int> constructor template is constrained away, see the report.)
using I64s = std::vector<std::int64_t>;

/// One value per epoch.
using Series = std::vector<double>;
/// One series per param group.
using Targets = std::vector<Series>;

inline std::string repr(double x) {
  std::ostringstream out;
  out << std::setprecision(17) << x;
  return out.str();
}

/// |actual - expected| <= rel * |expected| (so exact when expected is 0).
inline ::testing::AssertionResult RelNear(double actual, double expected, double rel = kRelTol) {
  if (std::abs(actual - expected) <= rel * std::abs(expected)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "got " << repr(actual) << ", expected " << repr(expected)
                                       << " (relative tolerance " << rel << ")";
}

/// Bit-identical doubles (EXPECT_DOUBLE_EQ allows 4 ulps; these tests pin PyTorch's exact value).
inline ::testing::AssertionResult BitEq(double actual, double expected) {
  if (actual == expected || (std::isnan(actual) && std::isnan(expected))) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "got " << repr(actual) << ", expected exactly " << repr(expected);
}

/// `s[i]` with Python's int index.
inline double& at(Series& s, int i) { return s[static_cast<std::size_t>(i)]; }

/// `s` times `factor`, element by element (upstream's `[x * epochs for x in single_targets]`).
inline Series scaled(const Series& s, double factor) {
  Series out;
  out.reserve(s.size());
  for (double x : s) out.push_back(x * factor);
  return out;
}

/// `n` copies of `value` followed by nothing: Python's `[value] * n`.
inline Series repeat(double value, std::size_t n) { return Series(n, value); }

/// Concatenation: Python's `a + b + ...`.
inline Series concat(std::initializer_list<Series> parts) {
  Series out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

/// The usual two-group targets: group 1 (lr 0.5) is group 0 (lr 0.05) times 10.
inline Targets two_groups(const Series& single) { return {single, scaled(single, 10.0)}; }

/// The upstream setUp optimizer: SGD with groups lr 0.05 and 0.5 (double lrs here).
inline InMemoryOptimizer make_sgd(std::vector<double> lrs = {0.05, 0.5}) {
  return InMemoryOptimizer::like("sgd", lrs);
}

/// Checks the lr of every group named by `targets` at index `k`.
inline void expect_lrs(const OptimizerView& opt, const Targets& targets, std::size_t k,
                       std::string_view where) {
  for (std::size_t g = 0; g < targets.size() && g < opt.num_groups(); ++g) {
    ASSERT_LT(k, targets[g].size()) << "target list too short";
    EXPECT_TRUE(RelNear(opt.lr(g), targets[g][k]))
        << "LR is wrong in " << where << " " << k << " (group " << g << ")";
  }
}

/// Catches the exception `E` raised by `f` and checks its exact message.
template <class E, class F>
void ExpectThrowMessage(F&& f, std::string_view message) {
  try {
    std::forward<F>(f)();
    ADD_FAILURE() << "expected an exception with message: " << message;
  } catch (const E& e) {
    EXPECT_EQ(std::string_view(e.what()), message);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type; message: " << e.what();
  }
}

/// Like ExpectThrowMessage, but the message only has to contain `fragment` (upstream's regexes).
template <class E, class F>
void ExpectThrowContaining(F&& f, std::string_view fragment) {
  try {
    std::forward<F>(f)();
    ADD_FAILURE() << "expected an exception containing: " << fragment;
  } catch (const E& e) {
    EXPECT_NE(std::string_view(e.what()).find(fragment), std::string_view::npos)
        << "message: " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type; message: " << e.what();
  }
}

/// Builds the children of a SequentialLR / ChainedScheduler in order (each constructor runs its
/// initial step on the optimizer, so the order matters as in PyTorch).
class ListBuilder {
 public:
  explicit ListBuilder(OptimizerView& optimizer) : optimizer_(&optimizer) {}
  template <class S>
  ListBuilder& add(typename S::Options options) {
    list_.push_back(std::make_unique<S>(*optimizer_, std::move(options)));
    return *this;
  }
  ListBuilder& add(std::unique_ptr<Scheduler> scheduler) {
    list_.push_back(std::move(scheduler));
    return *this;
  }
  [[nodiscard]] lrsched::SchedulerList build() { return std::move(list_); }

 private:
  OptimizerView* optimizer_;
  lrsched::SchedulerList list_;
};

/// Test fixture mirroring upstream's setUp: `opt` is SGD with lrs 0.05 and 0.5.
class SchedulerTest : public ::testing::Test {
 protected:
  InMemoryOptimizer opt = make_sgd();

  /// `_test`: for each epoch assert the lrs, then step every scheduler.
  void RunTest(std::initializer_list<Scheduler*> schedulers, const Targets& targets,
               std::size_t epochs) {
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
      expect_lrs(opt, targets, epoch, "epoch");
      for (Scheduler* s : schedulers) s->advance();
    }
  }

  /// `_test_with_epoch`: for each epoch call `step(epoch)` (closed form), then assert.
  void RunTestWithEpoch(std::initializer_list<LRScheduler*> schedulers, const Targets& targets,
                        std::size_t epochs) {
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
      for (LRScheduler* s : schedulers) s->step(static_cast<std::int64_t>(epoch));
      expect_lrs(opt, targets, epoch, "epoch");
    }
  }

  /// `_test_get_last_lr`: compare `get_last_lr()` before stepping.
  static void RunTestGetLastLr(Scheduler& scheduler, const Targets& targets, std::size_t epochs) {
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
      const std::vector<double> result = scheduler.get_last_lr();
      scheduler.advance();
      ASSERT_EQ(result.size(), targets.size());
      for (std::size_t g = 0; g < targets.size(); ++g) {
        EXPECT_TRUE(RelNear(result[g], targets[g][epoch]))
            << "get_last_lr is wrong in epoch " << epoch << " (group " << g << ")";
      }
    }
  }

  /// `_test_reduce_lr_on_plateau`: step every scheduler (ReduceLROnPlateau with the metric),
  /// then assert.
  void RunTestReduceLrOnPlateau(std::initializer_list<Scheduler*> schedulers,
                                const Targets& targets, const Series& metrics, std::size_t epochs) {
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
      for (Scheduler* s : schedulers) {
        if (s->stepping().plain()) {
          s->advance();
        } else {
          s->advance({.metric = metrics[epoch]});
        }
      }
      expect_lrs(opt, targets, epoch, "epoch");
    }
  }

  /// `_test_cycle_lr`: assert the lr and the momentum (beta1 for Adam-like optimizers) of every
  /// group, then step. An empty `momentum_targets` leaves momentum unchecked.
  static void RunTestCycleLr(const InMemoryOptimizer& o, Scheduler& scheduler,
                             const Targets& lr_targets, const Targets& momentum_targets,
                             std::size_t batch_iterations) {
    for (std::size_t batch = 0; batch < batch_iterations; ++batch) {
      expect_lrs(o, lr_targets, batch, "batch_num");
      for (std::size_t g = 0; g < momentum_targets.size() && g < o.num_groups(); ++g) {
        EXPECT_TRUE(RelNear(o.momentum(g), momentum_targets[g][batch]))
            << "Momentum is wrong in batch_num " << batch << " (group " << g << ")";
      }
      scheduler.advance();
    }
  }

  /// `_test_CosineAnnealingWarmRestarts`: `step(round(k * 0.1, 1))` for k < 10*epochs, then
  /// assert.
  void RunTestCawr(lrsched::CosineAnnealingWarmRestarts& scheduler, const Targets& targets,
                   std::size_t epochs) {
    for (std::size_t index = 0; index < 10 * epochs; ++index) {
      scheduler.step(static_cast<double>(index) / 10.0);
      expect_lrs(opt, targets, index, "index");
    }
  }

  /// `_test_interleaved_CosineAnnealingWarmRestarts`: `step(epoch)` for each listed epoch, then
  /// assert.
  void RunTestInterleavedCawr(lrsched::CosineAnnealingWarmRestarts& scheduler,
                              const Targets& targets, const std::vector<double>& epochs) {
    for (std::size_t index = 0; index < epochs.size(); ++index) {
      scheduler.step(epochs[index]);
      expect_lrs(opt, targets, index, "index");
    }
  }
};

/// Records the warnings lrsched emits while alive (PyTorch's `warnings.catch_warnings`).
class WarningCapture {
 public:
  WarningCapture() {
    messages().clear();
    lrsched::set_warning_handler(&WarningCapture::record);
  }
  ~WarningCapture() { lrsched::set_warning_handler(nullptr); }
  WarningCapture(const WarningCapture&) = delete;
  WarningCapture& operator=(const WarningCapture&) = delete;
  [[nodiscard]] static std::vector<std::string>& messages() {
    static std::vector<std::string> m;
    return m;
  }

 private:
  static void record(std::string_view message) { messages().emplace_back(message); }
};

/// Builds a scheduler on the given optimizer.
using Maker = std::function<std::unique_ptr<Scheduler>(InMemoryOptimizer&)>;
/// Advances a scheduler one step (ReduceLROnPlateau needs a metric: `k` is the step index).
using Stepper = std::function<void(Scheduler&, std::size_t k)>;

inline void plain_step(Scheduler& s, std::size_t /*k*/) { s.advance(); }

/// `_check_scheduler_state_dict(constr, constr2)`: run the first scheduler 10 steps, save, load
/// into a scheduler built differently on a fresh optimizer, then require the same saved text, the
/// same `get_last_lr()`, and the same continuation (lrs and state) for 10 more steps.
inline void CheckSchedulerStateDict(const Maker& constr, const Maker& constr2,
                                    std::vector<double> lrs = {0.05, 0.5},
                                    const Stepper& stepper = plain_step, std::size_t epochs = 10) {
  InMemoryOptimizer opt1 = make_sgd(lrs);
  InMemoryOptimizer opt2 = make_sgd(lrs);
  auto s1 = constr(opt1);
  for (std::size_t k = 0; k < epochs; ++k) stepper(*s1, k);
  const std::string saved = lrsched::save_state(*s1, opt1);
  auto s2 = constr2(opt2);
  lrsched::load_state(*s2, opt2, saved);
  EXPECT_EQ(lrsched::save_state(*s2, opt2), saved);
  EXPECT_EQ(s2->get_last_lr(), s1->get_last_lr());
  for (std::size_t k = epochs; k < 2 * epochs; ++k) {
    stepper(*s1, k);
    stepper(*s2, k);
    for (std::size_t g = 0; g < opt1.num_groups(); ++g) {
      EXPECT_TRUE(BitEq(opt2.lr(g), opt1.lr(g))) << "continuation step " << k << " group " << g;
    }
  }
  EXPECT_EQ(lrsched::save_state(*s2, opt2), lrsched::save_state(*s1, opt1));
}

}  // namespace lrsched_test
