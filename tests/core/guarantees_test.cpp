// The promises of docs/guarantees.md that no other test states on its own: a step whose formula
// throws changes no lr, and independent schedulers on different threads do not interfere.
#include <vector>

#include "../support/run_concurrently.hpp"
#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::CosineAnnealingLR;
using lrsched::LambdaLR;
using lrsched::LinearLR;
using lrsched::SequentialLR;

TEST(GuaranteesTest, StepWhoseFormulaThrowsWritesNoLr) {
  InMemoryOptimizer opt = make_sgd();
  LambdaLR s(opt, {.lr_lambda = [](std::int64_t e) -> double {
               if (e == 3) throw lrsched::ZeroDivisionError("division by zero");
               return 1.0 / static_cast<double>(e + 1);
             }});
  s.step();
  s.step();  // epoch 2: lrs 0.05/3, 0.5/3
  const std::vector<double> lrs_before = {opt.lr(0), opt.lr(1)};
  const std::vector<double> last_before = s.get_last_lr();
  EXPECT_THROW(s.step(), lrsched::ZeroDivisionError);
  EXPECT_TRUE(BitEq(opt.lr(0), lrs_before[0]));
  EXPECT_TRUE(BitEq(opt.lr(1), lrs_before[1]));
  EXPECT_EQ(s.get_last_lr(), last_before);
  EXPECT_EQ(s.last_epoch(), 3);  // PyTorch increments last_epoch before get_lr()
  s.step();                      // and the schedule goes on from epoch 4
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05 * (1.0 / 5)));
}

// The same schedule, stepped and saved/loaded on 4 threads at once, each with its own
// optimizer, gives every thread the single-threaded values bit for bit.
TEST(GuaranteesTest, IndependentThreads) {
  auto run = [] {
    InMemoryOptimizer opt = make_sgd();
    SequentialLR s(opt, {.schedulers = ListBuilder(opt)
                                           .add<LinearLR>({.start_factor = 0.1, .total_iters = 50})
                                           .add<CosineAnnealingLR>({.T_max = 300})
                                           .build(),
                         .milestones = {50}});
    std::vector<double> lrs;
    for (int k = 0; k < 20000; ++k) {
      s.step();
      if (k % 1000 == 0) lrsched::load_state(s, opt, lrsched::save_state(s, opt));
      lrs.push_back(opt.lr(1));
    }
    return lrs;
  };
  const std::vector<double> reference = run();
  for (const auto& r : run_concurrently(run, 4)) EXPECT_EQ(r, reference);
}

// A braced list of groups builds an optimizer (it was ambiguous with the copy constructor).
// Written as users write it, leaving fields to their defaults (GCC 12's -Wextra flags that).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
TEST(InMemoryOptimizerTest, BuildsFromABracedListOfGroups) {
  lrsched::InMemoryOptimizer one({{.lr = 0.1}});
  lrsched::InMemoryOptimizer two({{.lr = 0.1}, {.lr = 0.01, .momentum = 0.9}});
  ASSERT_EQ(one.num_groups(), 1U);
  ASSERT_EQ(two.num_groups(), 2U);
  EXPECT_EQ(two.lr(1), 0.01);
  EXPECT_EQ(two.momentum(1), 0.9);
  EXPECT_EQ(two.type_name(), "SGD");
}
#pragma GCC diagnostic pop

}  // namespace
}  // namespace lrsched_test
