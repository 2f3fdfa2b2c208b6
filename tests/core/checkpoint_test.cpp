// test_lr_scheduler_checkpoint[13 classes] (issue #102261) together with the constructor side
// effects every LRScheduler shares (spec 7.2): on AdamW (lr 1e-3) the lr right after
// construction and after one step are PyTorch's, `last_epoch == -1 + 1`, `_step_count == 1`
// (0 for CosineAnnealingWarmRestarts, which overrides step()), and a scheduler rebuilt with
// last_epoch=0 on the restored optimizer reports the lr the first one left. And every registry
// row, as its examples build it, resumed from a state file on disk.
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "fixture.hpp"
#include "registry_examples.hpp"

namespace lrsched_test {
namespace {

using lrsched::GroupKey;

using ResumableMaker =
    std::function<std::unique_ptr<LRScheduler>(InMemoryOptimizer&, std::int64_t last_epoch)>;

struct CheckpointCase {
  std::string name;
  ResumableMaker make;
  double lr_after_construction;  // PyTorch (1.13.1 where it supports the case, else newest)
  double lr_after_one_step;
  std::int64_t step_count_after_construction = 1;
};

template <class S>
ResumableMaker Resumable(typename S::Options options) {
  return [options](InMemoryOptimizer& o, std::int64_t last_epoch) {
    typename S::Options copy = options;
    copy.last_epoch = last_epoch;
    return std::unique_ptr<LRScheduler>(std::make_unique<S>(o, copy));
  };
}

std::vector<CheckpointCase> Cases() {
  using namespace lrsched;  // NOLINT(google-build-using-namespace): a table of every class
  return {
      {"ExponentialLR", Resumable<ExponentialLR>({.gamma = 0.999}), 0.001, 0.000999},
      {"LambdaLR", Resumable<LambdaLR>({.lr_lambda = LrLambda([](std::int64_t e) {
                                          return static_cast<double>(e / 30);
                                        })}),
       0.0, 0.0},
      {"MultiplicativeLR",
       Resumable<MultiplicativeLR>({.lr_lambda = LrLambda([](std::int64_t) { return 0.95; })}),
       0.001, 0.00095},
      {"StepLR", Resumable<StepLR>({.step_size = 30}), 0.001, 0.001},
      {"MultiStepLR", Resumable<MultiStepLR>({.milestones = I64s{30, 80}}), 0.001, 0.001},
      {"ConstantLR", Resumable<ConstantLR>({}), 0.0003333333333333333, 0.0003333333333333333},
      {"LinearLR", Resumable<LinearLR>({}), 0.0003333333333333333, 0.0004666666666666667},
      {"PolynomialLR", Resumable<PolynomialLR>({}), 0.001, 0.0008},
      {"CosineAnnealingLR", Resumable<CosineAnnealingLR>({.T_max = 10}), 0.001,
       0.0009755282581475768},
      {"CosineAnnealingWarmRestarts", Resumable<CosineAnnealingWarmRestarts>({.T_0 = 20}), 0.001,
       0.0009938441702975688, 0},
      // Newest only (1.13.1 rejected Adam): 0.01 + (0.1 - 0.01) * 0.0005 * 1.0.
      {"CyclicLR", Resumable<CyclicLR>({.base_lr = 0.01, .max_lr = 0.1}), 0.01,
       0.010045000000000016},
      {"OneCycleLR", Resumable<OneCycleLR>({.max_lr = 0.01, .total_steps = 10}),
       0.0003999999999999993, 0.0052},
      {"SWALR", Resumable<SWALR>({.swa_lr = 0.01}), 0.001, 0.001220245676671809},
  };
}

class CheckpointTest : public ::testing::TestWithParam<CheckpointCase> {};

TEST_P(CheckpointTest, ResumeReportsRestoredLr) {
  const CheckpointCase& c = GetParam();
  InMemoryOptimizer optim = InMemoryOptimizer::like("adamw", {1e-3});
  auto sch = c.make(optim, -1);
  EXPECT_EQ(sch->last_epoch(), 0);
  EXPECT_EQ(sch->step_count(), c.step_count_after_construction);
  EXPECT_TRUE(optim.key(0, GroupKey::initial_lr).has_value());
  EXPECT_TRUE(BitEq(optim.lr(0), c.lr_after_construction));
  EXPECT_EQ(sch->get_last_lr(), (std::vector<double>{optim.lr(0)}));

  sch->step();
  EXPECT_EQ(sch->last_epoch(), 1);
  EXPECT_TRUE(BitEq(optim.lr(0), c.lr_after_one_step));

  InMemoryOptimizer optim2 = InMemoryOptimizer::like("adamw", {1e-3});
  optim2.groups() = optim.groups();  // optim2.load_state_dict(optim.state_dict())
  auto sch2 = c.make(optim2, 0);
  EXPECT_EQ(sch2->last_epoch(), 1);
  ASSERT_EQ(sch2->get_last_lr().size(), 1U);
  EXPECT_TRUE(BitEq(sch2->get_last_lr()[0], optim.lr(0)));
  EXPECT_TRUE(BitEq(optim2.momentum(0), optim.momentum(0)));
}

INSTANTIATE_TEST_SUITE_P(Classes, CheckpointTest, ::testing::ValuesIn(Cases()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(CheckpointBetaTest, BetaOneAfterOneCycleStep) {
  // OneCycleLR on AdamW writes beta1 (newest and 1.13.1): 0.95 -> 0.8999999999999999.
  InMemoryOptimizer optim = InMemoryOptimizer::like("adamw", {1e-3});
  lrsched::OneCycleLR sch(optim, {.max_lr = 0.01, .total_steps = 10});
  EXPECT_TRUE(BitEq(optim.momentum(0), 0.95));
  sch.step();
  EXPECT_TRUE(BitEq(optim.momentum(0), 0.8999999999999999));
  EXPECT_TRUE(BitEq(optim.groups()[0].beta2, 0.999));
}

TEST(CheckpointBetaTest, CyclicLRBetaOneAfterOneStep) {
  InMemoryOptimizer optim = InMemoryOptimizer::like("adamw", {1e-3});
  lrsched::CyclicLR sch(optim, {.base_lr = 0.01, .max_lr = 0.1});
  EXPECT_TRUE(BitEq(optim.momentum(0), 0.9));
  sch.step();
  EXPECT_TRUE(BitEq(optim.momentum(0), 0.9 - (0.9 - 0.8) * 0.0005 * 1.0));
}

// Every registry row, as its examples build it: 10 steps and a checkpoint file; a fresh
// optimizer and scheduler from the same spec load it, report the lr the first one left, and
// continue for 10 more steps exactly as the uninterrupted run does.
TEST(CheckpointRegistryTest, EveryExampleResumesFromAFile) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("lrsched_checkpoint_registry_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  struct RemoveOnExit {
    std::filesystem::path dir;
    ~RemoveOnExit() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } cleanup{dir};
  const std::string path = (dir / "state.json").string();
  expect_every_example_resumes([&](const RegistryCurve& curve, ExampleRun& from,
                                   InMemoryOptimizer& from_opt, ExampleRun& to,
                                   InMemoryOptimizer& to_opt) {
    lrsched::save_state_file(from.scheduler(), from_opt, path, {curve.spec, 10});
    const lrsched::StateInfo info = lrsched::load_state_file(to.scheduler(), to_opt, path);
    EXPECT_EQ(info.steps, 10);
  });
}

}  // namespace
}  // namespace lrsched_test
