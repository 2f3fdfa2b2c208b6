// A run stopped at ANY step, checkpointed with lrsched::torch::save_checkpoint and resumed in
// fresh objects (model, optimizer, adapter, scheduler rebuilt from scratch), continues exactly as
// the uninterrupted run: the same lr and momentum at every step, bit-equal losses and weights,
// and a scheduler state (every counter: last_epoch, plateau's best/num_bad_epochs/cooldown, ...)
// equal to the byte. parity.py checks the same across processes.
#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "tiny_train.hpp"

namespace lrsched_torch_test {
namespace {

struct ResumeCase {
  std::string name;
  TinyOptions options;
};

std::vector<ResumeCase> Cases() {
  auto with = [](std::string optimizer, double lr, double momentum, std::string spec,
                 bool per_batch) {
    TinyOptions o;
    o.optimizer = std::move(optimizer);
    o.lr = lr;
    o.momentum = momentum;
    o.spec = std::move(spec);
    o.per_batch = per_batch;
    o.epochs = 6;
    o.batch_size = 32;  // 96 samples: 3 batches per epoch, 18 steps
    return o;
  };
  return {
      {"OneCycleLR_sgd_batch",
       with("sgd", 0.1, 0.9, "OneCycleLR(max_lr=0.5, total_steps=18)", true)},
      {"CyclicLR_sgd_batch",
       with("sgd", 0.1, 0.9, "CyclicLR(base_lr=0.01, max_lr=0.2, step_size_up=4, "
                             "mode='triangular2')", true)},
      {"ReduceLROnPlateau_sgd_epoch",
       with("sgd", 0.2, 0.5, "ReduceLROnPlateau(patience=0, threshold=0.3, cooldown=1, "
                             "factor=0.5)", false)},
      {"StepLR_adam_epoch", with("adam", 0.01, 0.0, "StepLR(step_size=2, gamma=0.5)", false)},
      {"OneCycleLR_adamw_batch",
       with("adamw", 0.01, 0.0, "OneCycleLR(max_lr=0.02, total_steps=18, three_phase=True)",
            true)},
      {"CosineAnnealingWarmRestarts_rmsprop_batch",
       with("rmsprop", 0.01, 0.5, "CosineAnnealingWarmRestarts(T_0=5, T_mult=2)", true)},
      {"SequentialLR_adagrad_batch",
       with("adagrad", 0.1, 0.0, "SequentialLR([LinearLR(start_factor=0.1, total_iters=4), "
                                 "ExponentialLR(gamma=0.9)], milestones=[4])", true)},
  };
}

void PrintTo(const ResumeCase& c, std::ostream* os) { *os << c.name; }

class ResumeTest : public testing::TestWithParam<ResumeCase> {};

TEST_P(ResumeTest, StoppedAtAnyStepAndResumedEqualsUninterrupted) {
  const TinyData data = make_tiny_data(96, 20, 8, 4, 7);
  const TinyOptions& options = GetParam().options;
  const TinyResult full = run_tiny(data, options);
  ASSERT_EQ(full.steps.size(), 18U);
  // The schedule really moves in 18 steps (ReduceLROnPlateau included), or the test proves little.
  EXPECT_NE(full.steps.front().lr, full.final_lr);
  const auto dir = std::filesystem::path(testing::TempDir()) /
                   ("lrsched_resume_" + GetParam().name);
  std::filesystem::remove_all(dir);
  for (std::int64_t k = 1; k < 18; ++k) {
    SCOPED_TRACE("stopped after step " + std::to_string(k));
    TinyOptions first = options;
    first.stop_at = k;
    first.checkpoint_dir = dir.string();  // the same folder each time: generations replace
    const TinyResult before = run_tiny(data, first);
    ASSERT_EQ(before.steps.size(), static_cast<std::size_t>(k));
    for (std::size_t i = 0; i < before.steps.size(); ++i) EXPECT_EQ(before.steps[i], full.steps[i]);

    TinyOptions second = options;
    second.resume_dir = dir.string();
    const TinyResult after = run_tiny(data, second);
    ASSERT_EQ(after.steps.size(), full.steps.size() - static_cast<std::size_t>(k));
    for (std::size_t i = 0; i < after.steps.size(); ++i) {
      EXPECT_EQ(after.steps[i], full.steps[static_cast<std::size_t>(k) + i]) << "step " << i;
    }
    EXPECT_EQ(after.weights, full.weights);  // bit-equal
    EXPECT_EQ(after.final_lr, full.final_lr);
    EXPECT_EQ(after.final_momentum, full.final_momentum);
    EXPECT_EQ(after.scheduler_state, full.scheduler_state);
    std::vector<double> metrics = before.epoch_metrics;
    metrics.insert(metrics.end(), after.epoch_metrics.begin(), after.epoch_metrics.end());
    EXPECT_EQ(metrics, full.epoch_metrics);
  }
  // Only the latest generation is left in the folder: manifest + three files.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 4U);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Schedulers, ResumeTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<ResumeCase>& p) {
                           return p.param.name;
                         });

}  // namespace
}  // namespace lrsched_torch_test
