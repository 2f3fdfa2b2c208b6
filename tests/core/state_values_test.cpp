// A state document that is well formed but holds values its class could never hold (a per-group
// list of the wrong length, an argument its constructor refuses, a milestone list that does not
// fit the schedulers) is refused with StateError and changes nothing; counters at the end of the
// int64 range raise OverflowError on the next step instead of wrapping. The documents here are
// version 1 (no checksum), as a hand-edited or foreign file would be.
#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "fixture.hpp"
#include "io/json_text.hpp"

namespace lrsched_test {
namespace {

using lrsched::ChainedScheduler;
using lrsched::ConstantLR;
using lrsched::CosineAnnealingWarmRestarts;
using lrsched::CyclicLR;
using lrsched::LinearLR;
using lrsched::OneCycleLR;
using lrsched::ReduceLROnPlateau;
using lrsched::SequentialLR;
using lrsched::StepLR;
using lrsched::SWALR;
using nlohmann::json;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// The scheduler's own saved state, edited, as a version 1 document. (The library's own JSON
// reader and writer: a plateau's state holds Infinity, which nlohmann alone refuses.)
std::string Edited(Scheduler& scheduler, const InMemoryOptimizer& optimizer,
                   const std::function<void(json& state)>& edit) {
  json doc = lrsched::io::parse_json(lrsched::save_state(scheduler, optimizer));
  doc["version"] = 1;
  doc.erase("checksum");
  edit(doc["scheduler"]["state"]);
  return lrsched::io::dump_json(doc, 1);
}

// Loading `document` raises StateError mentioning `fragment`, and changes nothing.
void ExpectRefused(Scheduler& scheduler, InMemoryOptimizer& optimizer, const std::string& document,
                   std::string_view fragment) {
  const std::string before = lrsched::save_state(scheduler, optimizer);
  try {
    lrsched::load_state(scheduler, optimizer, document);
    ADD_FAILURE() << "document accepted:\n" << document;
  } catch (const lrsched::StateError& e) {
    EXPECT_NE(std::string_view(e.what()).find(fragment), std::string_view::npos) << e.what();
  }
  EXPECT_EQ(lrsched::save_state(scheduler, optimizer), before);
}

void ExpectEditRefused(Scheduler& scheduler, InMemoryOptimizer& optimizer,
                       const std::function<void(json& state)>& edit, std::string_view fragment) {
  ExpectRefused(scheduler, optimizer, Edited(scheduler, optimizer, edit), fragment);
}

// ------------------------------------------------------------------------- per-group lists

TEST(StateValuesTest, PerGroupListsMustHaveOneValuePerGroup) {
  // The fuzzer's find: CyclicLR read max_lrs[1] past a one-value list.
  InMemoryOptimizer opt = make_sgd({0.1, 0.2});
  CyclicLR cyclic(opt, {.base_lr = 0.01, .max_lr = 0.1, .step_size_up = 4});
  for (int i = 0; i < 3; ++i) cyclic.step();
  for (const char* key : {"max_lrs", "base_lrs", "_last_lr", "base_momentums", "max_momentums"}) {
    ExpectEditRefused(
        cyclic, opt, [&](json& s) { s[key].erase(1); },
        std::string("field '") + key + "' holds 1 values, the optimizer has 2 param groups");
    ExpectEditRefused(
        cyclic, opt, [&](json& s) { s[key].push_back(0.5); },
        std::string("field '") + key + "' holds 3 values");
  }
  const std::vector<double> lrs = {opt.lr(0), opt.lr(1)};
  cyclic.step();  // still steps as before
  EXPECT_NE(opt.lr(0), lrs[0]);
}

TEST(StateValuesTest, UnusedMomentumListsMayHaveAnyLength) {
  // Without momentum cycling PyTorch never reads them (CyclicLR saves empty lists).
  InMemoryOptimizer opt = make_sgd({0.1, 0.2});
  CyclicLR cyclic(opt,
                  {.base_lr = 0.01, .max_lr = 0.1, .step_size_up = 4, .cycle_momentum = false});
  const std::string doc = Edited(cyclic, opt, [](json& s) { s["max_momentums"] = {0.9}; });
  EXPECT_NO_THROW(lrsched::load_state(cyclic, opt, doc));
}

TEST(StateValuesTest, NestedPerGroupListIsCheckedWithItsPath) {
  InMemoryOptimizer opt = make_sgd({0.1, 0.2});
  ChainedScheduler chained(
      ListBuilder(opt).add<StepLR>({.step_size = 2}).add<ConstantLR>({.factor = 0.5}).build());
  ExpectEditRefused(
      chained, opt, [](json& s) { s["_schedulers"][1]["state"]["base_lrs"] = {0.1}; },
      "field '_schedulers[1].base_lrs' holds 1 values");
}

// ConstantLR for 3 steps, then StepLR.
SequentialLR ConstantThenStep(InMemoryOptimizer& opt) {
  return SequentialLR(opt, SequentialLR::Options{
                               .schedulers = ListBuilder(opt)
                                                 .add<ConstantLR>({.factor = 0.5, .total_iters = 2})
                                                 .add<StepLR>({.step_size = 2})
                                                 .build(),
                               .milestones = I64s{3}});
}

// ------------------------------------------------------------- the constructors' arguments

TEST(StateValuesTest, ConstructorChecksApplyToLoadedValues) {
  InMemoryOptimizer opt = make_sgd();
  OneCycleLR one_cycle(opt, {.max_lr = 0.1, .total_steps = 20});
  one_cycle.step();
  // The fields before the bad one are written and then restored: nothing changes.
  ExpectEditRefused(
      one_cycle, opt, [](json& s) { s["_anneal_func_type"] = "cosine"; },
      "ValueError: anneal_strategy must be one of 'cos' or 'linear', instead got cosine");
  ExpectEditRefused(
      one_cycle, opt, [](json& s) { s["_pct_start"] = 1.5; },
      "Expected float between 0 and 1 pct_start, but got 1.5");
  ExpectEditRefused(
      one_cycle, opt, [](json& s) { s["total_steps"] = 0; },
      "Expected positive integer total_steps, but got 0");

  InMemoryOptimizer opt2 = make_sgd();
  CosineAnnealingWarmRestarts cawr(opt2, {.T_0 = 3, .T_mult = 2});
  ExpectEditRefused(
      cawr, opt2, [](json& s) { s["T_0"] = 0; }, "Expected positive integer T_0, but got 0");
  ExpectEditRefused(
      cawr, opt2, [](json& s) { s["T_mult"] = 0; }, "Expected integer T_mult >= 1, but got 0");

  InMemoryOptimizer opt3 = make_sgd();
  ConstantLR constant(opt3, {.factor = 0.5});
  ExpectEditRefused(
      constant, opt3, [](json& s) { s["factor"] = 2.0; },
      "Constant multiplicative factor expected to be between 0 and 1.");
  LinearLR linear(opt3, {.start_factor = 0.5});
  ExpectEditRefused(
      linear, opt3, [](json& s) { s["start_factor"] = 0.0; },
      "Starting multiplicative factor expected to be greater than 0");

  InMemoryOptimizer opt4 = make_sgd();
  SWALR swa(opt4, {.swa_lr = 0.01, .anneal_epochs = 3});
  ExpectEditRefused(
      swa, opt4, [](json& s) { s["anneal_epochs"] = -1; },
      "anneal_epochs must be equal or greater than 0, got -1");
  ExpectEditRefused(
      swa, opt4, [](json& s) { s["_anneal_strategy"] = "step"; },
      "anneal_strategy must by one of 'cos' or 'linear', instead got step");

  InMemoryOptimizer opt5 = make_sgd();
  ReduceLROnPlateau plateau(opt5, {.patience = 1});
  ExpectEditRefused(
      plateau, opt5, [](json& s) { s["factor"] = 1.0; }, "Factor should be < 1.0.");
  ExpectEditRefused(
      plateau, opt5, [](json& s) { s["mode"] = "median"; }, "mode median is unknown!");
}

TEST(StateValuesTest, SequentialLRMilestonesMustFitTheSchedulers) {
  InMemoryOptimizer opt = make_sgd();
  SequentialLR seq = ConstantThenStep(opt);
  for (int i = 0; i < 4; ++i) seq.step();
  // Two milestones for two schedulers sent the next step past the end of the list.
  ExpectEditRefused(
      seq, opt,
      [](json& s) {
        s["_milestones"] = {3, 5};
      },
      "number of schedulers 2 and the number of milestones to be equal to 2");
  ExpectEditRefused(
      seq, opt, [](json& s) { s["_milestones"] = json::array(); },
      "the number of milestones to be equal to 0");
}

// ----------------------------------------------------------------- counters at int64's end

constexpr std::int64_t kLimit = lrsched::detail::kMaxStepCounter;

// `call` raises OverflowError naming `counter` and leaves the scheduler and optimizer as they were.
void ExpectTooLargeChangesNothing(Scheduler& scheduler, InMemoryOptimizer& optimizer,
                                  const std::function<void()>& call, std::string_view counter,
                                  std::int64_t value = kLimit + 1) {
  const std::string before = lrsched::save_state(scheduler, optimizer);
  ExpectThrowContaining<lrsched::OverflowError>(
      call, std::string(counter) + " " + std::to_string(value) +
                " is too close to the end of the 64-bit range of a step counter");
  EXPECT_EQ(lrsched::save_state(scheduler, optimizer), before);
}

TEST(StateValuesTest, CountersTooCloseToInt64EndAreRefusedWhereTheyEnter) {
  // step() adds 1 with no test: counters enter at most kMaxStepCounter, 2**56 steps from the end.
  EXPECT_EQ(kLimit, kMax - (std::int64_t{1} << 56));
  InMemoryOptimizer opt = make_sgd();
  StepLR step_lr(opt, {.step_size = 3});
  ExpectTooLargeChangesNothing(
      step_lr, opt, [&] { step_lr.step(kLimit + 1); }, "epoch");
  step_lr.step(kLimit);  // the limit itself is fine, and so are the steps after it
  step_lr.step();
  EXPECT_EQ(step_lr.last_epoch(), kLimit + 1);

  InMemoryOptimizer opt2 = make_sgd();
  opt2.set_key(0, lrsched::GroupKey::initial_lr, 0.05);
  opt2.set_key(1, lrsched::GroupKey::initial_lr, 0.5);
  ExpectThrowContaining<lrsched::OverflowError>(
      [&] { StepLR resumed(opt2, {.step_size = 3, .last_epoch = kLimit + 1}); }, "last_epoch");
  InMemoryOptimizer fresh = make_sgd();
  const auto groups_before = fresh.groups();
  // CyclicLR writes the group lrs before LRScheduler's constructor: the check comes first.
  EXPECT_THROW(CyclicLR(fresh, {.base_lr = 0.01, .max_lr = 0.1, .last_epoch = kMax}),
               lrsched::OverflowError);
  EXPECT_EQ(fresh.groups(), groups_before);

  InMemoryOptimizer opt3 = make_sgd();
  StepLR loaded(opt3, {.step_size = 3});
  ExpectEditRefused(
      loaded, opt3, [](json& s) { s["_step_count"] = lrsched::detail::kMaxLoadedStepCounter + 1; },
      "OverflowError: _step_count");
  ExpectEditRefused(
      loaded, opt3, [](json& s) { s["last_epoch"] = kMax; }, "OverflowError: last_epoch");
  // A state saved after stepping on from the limit loads (2**55 steps of room).
  step_lr.step();
  InMemoryOptimizer opt4 = make_sgd();
  StepLR resumed(opt4, {.step_size = 3});
  lrsched::load_state(resumed, opt4, lrsched::save_state(step_lr, opt));
  EXPECT_EQ(resumed.last_epoch(), kLimit + 2);
}

TEST(StateValuesTest, CompositeAndPlateauCountersAreRefusedWhereTheyEnter) {
  InMemoryOptimizer opt = make_sgd();
  SequentialLR seq = ConstantThenStep(opt);
  ExpectEditRefused(
      seq, opt, [](json& s) { s["last_epoch"] = kMax; }, "OverflowError: last_epoch");

  InMemoryOptimizer opt2 = make_sgd();
  ReduceLROnPlateau plateau(opt2, {.patience = 2});
  ExpectTooLargeChangesNothing(
      plateau, opt2, [&] { plateau.step(1.0, kLimit + 1); }, "epoch");
  ExpectEditRefused(
      plateau, opt2, [](json& s) { s["last_epoch"] = kMax; }, "OverflowError: last_epoch");
  ExpectEditRefused(
      plateau, opt2,
      [](json& s) { s["num_bad_epochs"] = lrsched::detail::kMaxLoadedStepCounter + 1; },
      "OverflowError: num_bad_epochs");

  InMemoryOptimizer opt3 = make_sgd();
  CosineAnnealingWarmRestarts cawr(opt3, {.T_0 = 10});
  ExpectTooLargeChangesNothing(
      cawr, opt3, [&] { cawr.step(0x1p63 - 0x1p55); }, "epoch", kMax - (std::int64_t{1} << 55) + 1);
}

TEST(StateValuesTest, IntegerDivisionOfInt64MinByMinusOne) {
  // Python: -2**63 // -1 == 2**63 (past int64), -2**63 % -1 == 0. In C++ both trap on x86.
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_THROW((void)lrsched::detail::py_floordiv(kMin, -1), lrsched::OverflowError);
  EXPECT_EQ(lrsched::detail::py_mod(kMin, -1), 0);
  EXPECT_EQ(lrsched::detail::py_floordiv(kMin + 1, -1), kMax);
  EXPECT_EQ(lrsched::detail::py_floordiv(7, -1), -7);

  // StepLR's closed form at epoch -2**63 with step_size -1: Python's gamma ** 2**63 is 0.0; the
  // int64 quotient cannot hold 2**63, so lrsched raises OverflowError.
  InMemoryOptimizer opt = make_sgd();
  StepLR step_lr(opt, {.step_size = -1});
  EXPECT_THROW(step_lr.step(kMin), lrsched::OverflowError);
}

TEST(StateValuesTest, FreeFormStringThatIsNotUtf8IsSavedAsReplacementCharacters) {
  // PyTorch keeps any scale_mode next to a scale_fn; only "cycle" means anything. JSON cannot
  // hold the bytes, so they are saved as U+FFFD, and the loaded scheduler behaves the same.
  const CyclicLR::Options options{
      .base_lr = 0.01,
      .max_lr = 0.1,
      .step_size_up = 3,
      .scale_fn = [](std::int64_t x) { return 1.0 / (1.0 + static_cast<double>(x)); },
      .scale_mode = "iter\xff\xfe"};
  InMemoryOptimizer opt = make_sgd();
  CyclicLR cyclic(opt, options);
  for (int i = 0; i < 4; ++i) cyclic.step();
  const std::string saved = lrsched::save_state(cyclic, opt);
  EXPECT_NE(saved.find("\"scale_mode\": \"iter\xef\xbf\xbd\xef\xbf\xbd\""), std::string::npos);

  InMemoryOptimizer opt2 = make_sgd();
  CyclicLR loaded(opt2, options);
  lrsched::load_state(loaded, opt2, saved);
  EXPECT_EQ(lrsched::save_state(loaded, opt2), saved);
  for (int i = 0; i < 8; ++i) {
    cyclic.step();
    loaded.step();
    EXPECT_TRUE(BitEq(opt2.lr(0), opt.lr(0)));
    EXPECT_TRUE(BitEq(opt2.lr(1), opt.lr(1)));
  }
}

}  // namespace
}  // namespace lrsched_test
