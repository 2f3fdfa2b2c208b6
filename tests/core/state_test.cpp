// save_state / load_state: upstream's _check_scheduler_state_dict pairs, a round trip for every
// class, resume with identical continuation (40 steps + save, then a new scheduler + load + 60
// steps == steps 40..99 of one run) for every class including nested composites, and refused
// documents (class mismatch, corrupt JSON, newer version, checksum, every truncation and every
// damaged byte, ...) that leave everything unchanged, and a writer killed mid-save in a loop.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "fixture.hpp"
#include "io/json_text.hpp"
#include "registry_examples.hpp"

namespace lrsched_test {
namespace {

using lrsched::ChainedScheduler;
using lrsched::ConstantLR;
using lrsched::CosineAnnealingLR;
using lrsched::CosineAnnealingWarmRestarts;
using lrsched::CyclicLR;
using lrsched::ExponentialLR;
using lrsched::LambdaLR;
using lrsched::LinearLR;
using lrsched::LrLambda;
using lrsched::MultiplicativeLR;
using lrsched::MultiStepLR;
using lrsched::OneCycleLR;
using lrsched::PolynomialLR;
using lrsched::ReduceLROnPlateau;
using lrsched::SequentialLR;
using lrsched::StepLR;
using lrsched::SWALR;
using nlohmann::json;

template <class S>
Maker Make(typename S::Options options) {
  return [options](InMemoryOptimizer& o) -> std::unique_ptr<Scheduler> {
    return std::make_unique<S>(o, options);
  };
}

// ----------------------------------------------------- upstream _check_scheduler_state_dict

TEST(StateDictTest, StepLR) {
  CheckSchedulerStateDict(Make<StepLR>({.step_size = 3, .gamma = 0.1}),
                          Make<StepLR>({.step_size = 1, .gamma = 0.01 / 2}));
}

TEST(StateDictTest, MultiStepLR) {
  CheckSchedulerStateDict(Make<MultiStepLR>({.milestones = I64s{2, 5, 9}, .gamma = 0.1}),
                          Make<MultiStepLR>({.milestones = I64s{1, 4, 6}, .gamma = 0.01}));
}

TEST(StateDictTest, ExponentialLR) {
  CheckSchedulerStateDict(Make<ExponentialLR>({.gamma = 0.1}),
                          Make<ExponentialLR>({.gamma = 0.01}));
}

TEST(StateDictTest, CosineAnnealingLR) {
  CheckSchedulerStateDict(Make<CosineAnnealingLR>({.T_max = 10, .eta_min = 1e-10}),
                          Make<CosineAnnealingLR>({.T_max = 5, .eta_min = 1e-10 / 2}));
}

TEST(StateDictTest, ConstantLinearPolynomial) {
  CheckSchedulerStateDict(Make<ConstantLR>({.factor = 0.5, .total_iters = 15}),
                          Make<ConstantLR>({.factor = 0.1, .total_iters = 2}));
  CheckSchedulerStateDict(Make<LinearLR>({.start_factor = 0.2, .total_iters = 15}),
                          Make<LinearLR>({.start_factor = 0.9, .end_factor = 0.5}));
  CheckSchedulerStateDict(Make<PolynomialLR>({.total_iters = 30, .power = 2.0}),
                          Make<PolynomialLR>({.total_iters = 3}));
}

TEST(StateDictTest, CyclicAndOneCycle) {
  CheckSchedulerStateDict(Make<CyclicLR>({.base_lr = 0.01,
                                          .max_lr = 0.1,
                                          .step_size_up = 3,
                                          .step_size_down = 5,
                                          .mode = "exp_range",
                                          .gamma = 0.95}),
                          Make<CyclicLR>({.base_lr = 0.5, .max_lr = 1.0}));
  CheckSchedulerStateDict(
      Make<OneCycleLR>({.max_lr = 1.0, .total_steps = 30, .three_phase = true}),
      Make<OneCycleLR>({.max_lr = 0.1, .total_steps = 100, .anneal_strategy = "linear"}));
}

TEST(StateDictTest, MultiStepLRMilestonesAreState) {
  // The loaded milestones, not the constructor's, drive the continuation.
  InMemoryOptimizer o1 = make_sgd();
  InMemoryOptimizer o2 = make_sgd();
  MultiStepLR a(o1, {.milestones = I64s{12}, .gamma = 0.5});
  MultiStepLR b(o2, {.milestones = I64s{1, 2, 3}, .gamma = 0.9});
  lrsched::load_state(b, o2, lrsched::save_state(a, o1));
  for (int i = 0; i < 12; ++i) b.step();
  EXPECT_TRUE(BitEq(o2.lr(0), 0.025));
}

// ------------------------------------------------------------------ resume continuation

struct ResumeCase {
  std::string name;
  Maker make;
  std::string optimizer = "sgd";
  Stepper stepper = plain_step;
};

double PlateauMetric(std::size_t k) { return 10.0 / static_cast<double>(1 + k / 15); }

void PlateauStep(Scheduler& s, std::size_t k) {
  dynamic_cast<ReduceLROnPlateau&>(s).step(PlateauMetric(k));
}

Maker SequentialWarmupCosine() {
  return [](InMemoryOptimizer& o) -> std::unique_ptr<Scheduler> {
    auto list = ListBuilder(o)
                    .add<LinearLR>({.start_factor = 0.1, .total_iters = 10})
                    .add<CosineAnnealingLR>({.T_max = 50, .eta_min = 1e-4})
                    .build();
    return std::make_unique<SequentialLR>(
        o, SequentialLR::Options{.schedulers = std::move(list), .milestones = I64s{10}});
  };
}

Maker SequentialThree() {
  return [](InMemoryOptimizer& o) -> std::unique_ptr<Scheduler> {
    auto list = ListBuilder(o)
                    .add<ConstantLR>({.factor = 0.1, .total_iters = 20})
                    .add<ExponentialLR>({.gamma = 0.95})
                    .add<StepLR>({.step_size = 7, .gamma = 0.5})
                    .build();
    return std::make_unique<SequentialLR>(
        o, SequentialLR::Options{.schedulers = std::move(list), .milestones = I64s{20, 45}});
  };
}

Maker Chained() {
  return [](InMemoryOptimizer& o) -> std::unique_ptr<Scheduler> {
    return std::make_unique<ChainedScheduler>(ListBuilder(o)
                                                  .add<ExponentialLR>({.gamma = 0.99})
                                                  .add<StepLR>({.step_size = 20, .gamma = 0.5})
                                                  .add<ConstantLR>({.factor = 0.5})
                                                  .build());
  };
}

Maker SequentialOfChained() {
  return [](InMemoryOptimizer& o) -> std::unique_ptr<Scheduler> {
    auto inner = ListBuilder(o)
                     .add<LinearLR>({.start_factor = 0.1, .total_iters = 30})
                     .add<MultiStepLR>({.milestones = I64s{10, 20}, .gamma = 0.8})
                     .build();
    auto list = ListBuilder(o)
                    .add(std::make_unique<ChainedScheduler>(std::move(inner)))
                    .add<CosineAnnealingLR>({.T_max = 40})
                    .build();
    return std::make_unique<SequentialLR>(
        o, SequentialLR::Options{.schedulers = std::move(list), .milestones = I64s{50}});
  };
}

Maker ChainedOfSequential() {
  return [](InMemoryOptimizer& o) -> std::unique_ptr<Scheduler> {
    auto inner = ListBuilder(o)
                     .add<ExponentialLR>({.gamma = 0.9})
                     .add<MultiplicativeLR>({.lr_lambda = LrLambda([](std::int64_t e) {
                                               return 1.0 + 0.001 * static_cast<double>(e);
                                             })})
                     .build();
    auto list =
        ListBuilder(o)
            .add(std::make_unique<SequentialLR>(
                o, SequentialLR::Options{.schedulers = std::move(inner), .milestones = I64s{35}}))
            .add<StepLR>({.step_size = 9, .gamma = 0.7})
            .build();
    return std::make_unique<ChainedScheduler>(std::move(list));
  };
}

std::vector<ResumeCase> ResumeCases() {
  return {
      {"LambdaLR", Make<LambdaLR>({.lr_lambda = LrLambda([](std::int64_t e) {
                                     return std::pow(0.95, static_cast<double>(e));
                                   })})},
      {"MultiplicativeLR",
       Make<MultiplicativeLR>({.lr_lambda = LrLambda([](std::int64_t) { return 0.97; })})},
      {"StepLR", Make<StepLR>({.step_size = 7, .gamma = 0.5})},
      {"MultiStepLR", Make<MultiStepLR>({.milestones = I64s{10, 30, 45, 45, 70}, .gamma = 0.5})},
      {"ConstantLR", Make<ConstantLR>({.factor = 0.5, .total_iters = 50})},
      {"LinearLR", Make<LinearLR>({.start_factor = 0.2, .end_factor = 0.9, .total_iters = 60})},
      {"ExponentialLR", Make<ExponentialLR>({.gamma = 0.97})},
      {"PolynomialLR", Make<PolynomialLR>({.total_iters = 80, .power = 2.0})},
      {"CosineAnnealingLR", Make<CosineAnnealingLR>({.T_max = 25, .eta_min = 1e-4})},
      {"ReduceLROnPlateau", Make<ReduceLROnPlateau>({.patience = 3, .cooldown = 2}), "sgd",
       PlateauStep},
      {"CyclicLR", Make<CyclicLR>({.base_lr = {0.01, 0.02},
                                   .max_lr = 0.1,
                                   .step_size_up = 6,
                                   .step_size_down = 9,
                                   .mode = "exp_range",
                                   .gamma = 0.99})},
      {"CyclicLRAdam",
       Make<CyclicLR>({.base_lr = 0.01, .max_lr = 0.1, .step_size_up = 5, .mode = "triangular2"}),
       "adam"},
      {"OneCycleLR", Make<OneCycleLR>({.max_lr = {0.1, 1.0}, .total_steps = 120})},
      {"OneCycleLRThreePhaseAdam",
       Make<OneCycleLR>({.max_lr = 0.5,
                         .epochs = 10,
                         .steps_per_epoch = 12,
                         .pct_start = 0.25,
                         .anneal_strategy = "linear",
                         .three_phase = true}),
       "adamw"},
      {"CosineAnnealingWarmRestarts",
       Make<CosineAnnealingWarmRestarts>({.T_0 = 7, .T_mult = 2, .eta_min = 1e-5})},
      {"SWALR",
       Make<SWALR>({.swa_lr = {0.01, 0.02}, .anneal_epochs = 50, .anneal_strategy = "linear"})},
      {"SWALRCos", Make<SWALR>({.swa_lr = 0.01, .anneal_epochs = 45})},
      {"SequentialLR", SequentialWarmupCosine()},
      {"SequentialLRThree", SequentialThree()},
      {"ChainedScheduler", Chained()},
      {"SequentialOfChained", SequentialOfChained()},
      {"ChainedOfSequential", ChainedOfSequential()},
  };
}

class ResumeTest : public ::testing::TestWithParam<ResumeCase> {};

TEST_P(ResumeTest, IdenticalContinuation) {
  const ResumeCase& c = GetParam();
  constexpr std::size_t kSaveAt = 40;
  constexpr std::size_t kTotal = 100;

  // One uninterrupted run, recording lrs and momenta after every step.
  InMemoryOptimizer ref_opt = InMemoryOptimizer::like(c.optimizer, {0.05, 0.5});
  auto reference = c.make(ref_opt);
  std::vector<std::vector<double>> lrs;
  std::vector<std::vector<double>> momenta;
  std::string saved;
  for (std::size_t k = 0; k < kTotal; ++k) {
    if (k == kSaveAt) saved = lrsched::save_state(*reference, ref_opt);
    c.stepper(*reference, k);
    lrs.push_back({ref_opt.lr(0), ref_opt.lr(1)});
    momenta.push_back({ref_opt.momentum(0), ref_opt.momentum(1)});
  }

  // A new process: same construction, load, continue.
  InMemoryOptimizer opt = InMemoryOptimizer::like(c.optimizer, {0.05, 0.5});
  auto resumed = c.make(opt);
  lrsched::load_state(*resumed, opt, saved);
  EXPECT_EQ(lrsched::save_state(*resumed, opt), saved);
  for (std::size_t k = kSaveAt; k < kTotal; ++k) {
    c.stepper(*resumed, k);
    for (std::size_t g = 0; g < 2; ++g) {
      ASSERT_TRUE(BitEq(opt.lr(g), lrs[k][g])) << c.name << " step " << k << " group " << g;
      ASSERT_TRUE(BitEq(opt.momentum(g), momenta[k][g]))
          << c.name << " momentum, step " << k << " group " << g;
    }
  }
  EXPECT_EQ(resumed->get_last_lr(), reference->get_last_lr());
  EXPECT_EQ(lrsched::save_state(*resumed, opt), lrsched::save_state(*reference, ref_opt));
  // The schedule actually moved after the save point (the test is not vacuous).
  EXPECT_NE(lrs[kSaveAt][0], lrs[kTotal - 1][0]) << c.name;
}

INSTANTIATE_TEST_SUITE_P(AllClasses, ResumeTest, ::testing::ValuesIn(ResumeCases()),
                         [](const auto& param_info) { return param_info.param.name; });

// Every registry row, as its examples build it: 10 steps, save, load into a fresh scheduler built
// from the same spec, and 10 more steps identical to the uninterrupted run's, bit for bit.
TEST(ResumeRegistryTest, EveryExampleContinuesIdentically) {
  expect_every_example_resumes([](const RegistryCurve& /*curve*/, ExampleRun& from,
                                  InMemoryOptimizer& from_opt, ExampleRun& to,
                                  InMemoryOptimizer& to_opt) {
    const std::string saved = lrsched::save_state(from.scheduler(), from_opt);
    EXPECT_NE(lrsched::save_state(to.scheduler(), to_opt), saved);  // the load does something
    lrsched::load_state(to.scheduler(), to_opt, saved);
    ASSERT_EQ(lrsched::save_state(to.scheduler(), to_opt), saved);
  });
}

// ----------------------------------------------------------------------- refused documents

class RefusedStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scheduler_ = std::make_unique<StepLR>(opt_, StepLR::Options{.step_size = 3});
    for (int i = 0; i < 4; ++i) scheduler_->step();
    valid_ = lrsched::save_state(*scheduler_, opt_);
  }

  // Loading `document` into the StepLR must raise StateError and change nothing.
  void ExpectRefused(const std::string& document, std::string_view fragment = "") {
    const std::string before = lrsched::save_state(*scheduler_, opt_);
    const auto groups_before = opt_.groups();
    try {
      lrsched::load_state(*scheduler_, opt_, document);
      ADD_FAILURE() << "document accepted:\n" << document;
    } catch (const lrsched::StateError& e) {
      EXPECT_EQ(e.type(), "StateError");
      if (!fragment.empty()) {
        EXPECT_NE(std::string_view(e.what()).find(fragment), std::string_view::npos) << e.what();
      }
    }
    EXPECT_EQ(lrsched::save_state(*scheduler_, opt_), before);
    EXPECT_EQ(opt_.groups(), groups_before);
  }

  static std::string Replace(std::string text, std::string_view from, std::string_view to) {
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "no '" << from << "' in the saved state";
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }

  // The same document as version 1, which has no checksum: how the field-level checks behind
  // the checksum are reached with a hand-edited document.
  static std::string AsVersion1(std::string text) {
    text = Replace(text, "\"version\": " + std::to_string(lrsched::kStateFormatVersion),
                   "\"version\": 1");
    const std::size_t at = text.find(" \"checksum\"");
    EXPECT_NE(at, std::string::npos);
    if (at != std::string::npos) text.erase(at, text.find('\n', at) + 1 - at);
    return text;
  }

  InMemoryOptimizer opt_ = make_sgd();
  std::unique_ptr<StepLR> scheduler_;
  std::string valid_;
};

TEST_F(RefusedStateTest, ValidDocumentIsAccepted) {
  InMemoryOptimizer other = make_sgd({0.3, 0.7});
  StepLR fresh(other, {.step_size = 3});
  lrsched::load_state(fresh, other, valid_);
  EXPECT_EQ(lrsched::save_state(fresh, other), valid_);
  EXPECT_EQ(fresh.last_epoch(), 4);
  EXPECT_TRUE(BitEq(other.lr(0), 0.005000000000000001));
}

TEST_F(RefusedStateTest, ClassMismatch) {
  InMemoryOptimizer other = make_sgd();
  ExponentialLR exp(other, {.gamma = 0.9});
  const std::string exp_state = lrsched::save_state(exp, other);
  ExpectRefused(exp_state, "ExponentialLR");
  // And the other way round, through the public API of a different class.
  const std::string before = lrsched::save_state(exp, other);
  EXPECT_THROW(lrsched::load_state(exp, other, valid_), lrsched::StateError);
  EXPECT_EQ(lrsched::save_state(exp, other), before);
}

TEST_F(RefusedStateTest, NestedClassMismatch) {
  InMemoryOptimizer o1 = make_sgd();
  InMemoryOptimizer o2 = make_sgd();
  ChainedScheduler a(ListBuilder(o1).add<StepLR>({.step_size = 2}).build());
  ChainedScheduler b(ListBuilder(o2).add<ExponentialLR>({.gamma = 0.9}).build());
  const std::string before = lrsched::save_state(b, o2);
  EXPECT_THROW(lrsched::load_state(b, o2, lrsched::save_state(a, o1)), lrsched::StateError);
  EXPECT_EQ(lrsched::save_state(b, o2), before);
}

TEST_F(RefusedStateTest, ChildCountMismatch) {
  InMemoryOptimizer o1 = make_sgd();
  InMemoryOptimizer o2 = make_sgd();
  ChainedScheduler a(ListBuilder(o1).add<StepLR>({.step_size = 2}).build());
  ChainedScheduler b(
      ListBuilder(o2).add<StepLR>({.step_size = 2}).add<StepLR>({.step_size = 3}).build());
  const std::string before = lrsched::save_state(b, o2);
  EXPECT_THROW(lrsched::load_state(b, o2, lrsched::save_state(a, o1)), lrsched::StateError);
  EXPECT_EQ(lrsched::save_state(b, o2), before);
}

TEST_F(RefusedStateTest, CorruptJson) {
  ExpectRefused("{ this is not json");
  ExpectRefused(valid_.substr(0, valid_.size() / 2));  // truncated
  ExpectRefused("");
  ExpectRefused("[1, 2, 3]");
}

TEST_F(RefusedStateTest, ForeignDocument) {
  ExpectRefused("{}");
  ExpectRefused(Replace(valid_, "\"lrsched-state\"", "\"something-else\""));
}

TEST_F(RefusedStateTest, NewerVersion) {
  const std::string current = "\"version\": " + std::to_string(lrsched::kStateFormatVersion);
  const std::string newer = "\"version\": " + std::to_string(lrsched::kStateFormatVersion + 1);
  ExpectRefused(Replace(valid_, current, newer), "version");
  ExpectRefused(Replace(valid_, current, "\"version\": \"1\""));
  ExpectRefused(Replace(valid_, current, "\"version\": 0"));
}

TEST_F(RefusedStateTest, MissingOrMistypedField) {
  const std::string v1 = AsVersion1(valid_);
  ExpectRefused(Replace(v1, "\"step_size\"", "\"step_sise\""), "step_size");
  ExpectRefused(Replace(v1, "\"last_epoch\": 4", "\"last_epoch\": \"four\""), "last_epoch");
  ExpectRefused(Replace(v1, "\"last_epoch\": 4", "\"last_epoch\": 4.5"), "last_epoch");
  ExpectRefused(Replace(v1, "\"_is_initial\": false", "\"_is_initial\": 0"));
}

TEST_F(RefusedStateTest, Version1WithoutChecksumIsRead) {
  InMemoryOptimizer other = make_sgd({0.3, 0.7});
  StepLR fresh(other, {.step_size = 3});
  lrsched::load_state(fresh, other, AsVersion1(valid_));
  EXPECT_EQ(lrsched::save_state(fresh, other), valid_);
}

TEST_F(RefusedStateTest, EditedValueFailsTheChecksum) {
  ExpectRefused(Replace(valid_, "\"last_epoch\": 4", "\"last_epoch\": 5"),
                "state file is corrupt: its checksum crc32:");
  ExpectRefused(Replace(valid_, "\"checksum\"", "\"checksun\""), "no \"checksum\"");
  // Whitespace is not content: the same values laid out differently are accepted.
  std::string compact = valid_;
  std::erase(compact, '\n');
  InMemoryOptimizer other = make_sgd();
  StepLR fresh(other, {.step_size = 3});
  lrsched::load_state(fresh, other, compact);
  EXPECT_EQ(lrsched::save_state(fresh, other), valid_);
}

TEST_F(RefusedStateTest, TopLevelClassIsChecked) {
  InMemoryOptimizer other = make_sgd();
  ExponentialLR exp(other, {.gamma = 0.9});
  ExpectRefused(lrsched::save_state(exp, other), "state file is for ExponentialLR, not StepLR");
}

TEST_F(RefusedStateTest, EveryTruncationIsRefused) {
  ExpectRefused("", "state file is empty");
  ExpectRefused(valid_.substr(0, valid_.size() / 2), "truncated");
  // Every prefix but the whole document (its trailing newline aside) is refused, each leaving
  // the scheduler and optimizer as they were.
  for (std::size_t n = 1; n + 1 < valid_.size(); ++n) {
    SCOPED_TRACE("first " + std::to_string(n) + " bytes");
    ExpectRefused(valid_.substr(0, n));
  }
}

// The checksum covers values, not their spelling: a damaged byte is refused unless the document
// still means exactly the same state (a number's last digit that rounds to the same double).
TEST_F(RefusedStateTest, EveryDamagedByteIsRefusedOrMeansTheSame) {
  int refused = 0;
  int damaged_count = 0;
  for (std::size_t i = 0; i < valid_.size(); ++i) {
    for (const int bit : {0x01, 0x20, 0x80}) {
      std::string damaged = valid_;
      damaged[i] = static_cast<char>(static_cast<unsigned char>(damaged[i]) ^ bit);
      SCOPED_TRACE("byte " + std::to_string(i) + " xor " + std::to_string(bit));
      ++damaged_count;
      InMemoryOptimizer other = make_sgd();
      StepLR fresh(other, {.step_size = 3});
      const std::string before = lrsched::save_state(fresh, other);
      try {
        lrsched::load_state(fresh, other, damaged);
        EXPECT_EQ(lrsched::save_state(fresh, other), valid_);
      } catch (const lrsched::StateError&) {
        ++refused;
        EXPECT_EQ(lrsched::save_state(fresh, other), before);
      }
    }
  }
  EXPECT_EQ(refused, damaged_count);  // this document has no digit to spare
}

// A writer killed at any moment of a save leaves the previous file or the new one, whole: a
// child process saves in a loop (each save's `steps` equals the scheduler's last_epoch) and is
// killed after a random delay, 100 times; every time the file loads and is self-consistent.
// The delay starts once the child reports its first finished save through a pipe: a save
// fsyncs twice, which on a busy disk takes longer than any fixed delay would allow for.
TEST(StateFileTest, KillDuringSaveLeavesOldOrNewFileWhole) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("lrsched_kill_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "state.json").string();
  {
    InMemoryOptimizer opt = make_sgd();
    CosineAnnealingLR s(opt, {.T_max = 100});
    lrsched::save_state_file(s, opt, path, {.spec = "", .steps = 0});
  }
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> delay_us(0, 20000);
  for (int round = 0; round < 100; ++round) {
    int first_save[2];
    ASSERT_EQ(::pipe(first_save), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {  // never returns into the test runner
      try {
        ::close(first_save[0]);
        InMemoryOptimizer opt = make_sgd();
        CosineAnnealingLR s(opt, {.T_max = 100});
        for (std::int64_t k = 1;; ++k) {
          s.step();
          lrsched::save_state_file(s, opt, path, {.spec = "", .steps = k});
          if (k == 1 && ::write(first_save[1], "1", 1) != 1) ::_exit(4);
        }
      } catch (...) {
        ::_exit(3);
      }
    }
    ::close(first_save[1]);
    // Wait (a minute at most, never forever) for the first save, then a random moment.
    pollfd ready{.fd = first_save[0], .events = POLLIN, .revents = 0};
    const int polled = ::poll(&ready, 1, 60'000);
    char byte = 0;
    const bool saved_once = polled == 1 && ::read(first_save[0], &byte, 1) == 1;
    ::close(first_save[0]);
    if (saved_once) std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(saved_once) << "round " << round << ": the child never finished a save";
    ASSERT_TRUE(WIFSIGNALED(status));

    InMemoryOptimizer opt = make_sgd();
    CosineAnnealingLR s(opt, {.T_max = 100});
    lrsched::StateInfo info;
    ASSERT_NO_THROW(info = lrsched::load_state_file(s, opt, path)) << "round " << round;
    EXPECT_EQ(s.last_epoch(), info.steps) << "round " << round;
    EXPECT_GE(info.steps, 1) << "round " << round;  // the finished save is the one on disk
  }
  // Nothing but the state file and temporaries of killed writers is left.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "state.json" || name.starts_with("state.json.tmp.")) << name;
  }
  std::filesystem::remove_all(dir);
}

// inf and nan are numbers, spelled as Python's json module spells them (format version 3); the
// strings of versions 1 and 2 ("inf", "-inf", "nan") are still read in those versions.
TEST(StateSpellingTest, InfIsANumber) {
  InMemoryOptimizer opt = make_sgd({0.1, 0.2});
  ReduceLROnPlateau plateau(opt, {.mode = "max"});
  const std::string doc = lrsched::save_state(plateau, opt);
  EXPECT_NE(doc.find("\"best\": -Infinity,"), std::string::npos) << doc;
  EXPECT_NE(doc.find("\"mode_worse\": -Infinity,"), std::string::npos) << doc;
  EXPECT_EQ(doc.find("inf\""), std::string::npos) << doc;
  InMemoryOptimizer other = make_sgd({0.1, 0.2});
  ReduceLROnPlateau fresh(other, {.mode = "max"});
  lrsched::load_state(fresh, other, doc);
  EXPECT_EQ(lrsched::save_state(fresh, other), doc);
}

// `doc` with the checksum a writer would give it: CRC-32 (zlib's) of its compact text.
std::string WithChecksum(json doc) {
  doc.erase("checksum");
  std::uint32_t crc = 0xFFFFFFFFU;
  for (const char ch : lrsched::io::dump_json(doc)) {
    crc ^= static_cast<unsigned char>(ch);
    for (int k = 0; k < 8; ++k) crc = (crc & 1U) != 0 ? 0xEDB88320U ^ (crc >> 1U) : crc >> 1U;
  }
  char text[16];
  std::snprintf(text, sizeof text, "%08x", crc ^ 0xFFFFFFFFU);
  doc["checksum"] = "crc32:" + std::string(text);
  return lrsched::io::dump_json(doc, 1) + "\n";
}

// A version 2 file as lrsched wrote it before version 3 (fuzz/corpus/state/3-ReduceLROnPlateau-3).
constexpr std::string_view kPlateauVersion2 = R"json({
 "checksum": "crc32:46d54d5f",
 "class": "ReduceLROnPlateau",
 "format": "lrsched-state",
 "optimizer": {
  "groups": [
   {
    "lr": 0.1,
    "momentum": 0.9
   },
   {
    "lr": 0.2,
    "momentum": 0.9
   }
  ],
  "type": "SGD"
 },
 "scheduler": {
  "class": "ReduceLROnPlateau",
  "state": {
   "_last_lr": [
    0.1,
    0.2
   ],
   "best": 0.0,
   "cooldown": 1,
   "cooldown_counter": 0,
   "default_min_lr": 0.0,
   "eps": 1e-08,
   "factor": 0.1,
   "last_epoch": 3,
   "min_lrs": [
    0.0,
    0.0
   ],
   "mode": "min",
   "mode_worse": "inf",
   "num_bad_epochs": 2,
   "patience": 2,
   "threshold": 0.0001,
   "threshold_mode": "rel"
  }
 },
 "spec": "ReduceLROnPlateau(patience=2, cooldown=1)",
 "steps": 3,
 "version": 2
})json";

TEST(StateSpellingTest, Version2StringsAreStillRead) {
  const auto load = [](std::string_view document) {
    InMemoryOptimizer opt = make_sgd({0.1, 0.2});
    ReduceLROnPlateau plateau(opt, {.patience = 2, .cooldown = 1});
    lrsched::load_state(plateau, opt, document);
    return lrsched::save_state(plateau, opt,
                               {.spec = "ReduceLROnPlateau(patience=2, cooldown=1)", .steps = 3});
  };
  const std::string saved = load(kPlateauVersion2);
  EXPECT_NE(saved.find("\"mode_worse\": Infinity,"), std::string::npos) << saved;
  EXPECT_NE(saved.find("\"num_bad_epochs\": 2,"), std::string::npos) << saved;
  EXPECT_NE(saved.find("\"version\": 3"), std::string::npos) << saved;
  EXPECT_EQ(load(saved), saved);
  // Version 1 (no checksum) too.
  json v1 = lrsched::io::parse_json(kPlateauVersion2);
  v1["version"] = 1;
  v1.erase("checksum");
  EXPECT_EQ(load(lrsched::io::dump_json(v1, 1)), saved);
  // From version 3 on, a string is not a number, whatever it spells.
  json v3 = lrsched::io::parse_json(saved);
  v3["scheduler"]["state"]["mode_worse"] = "inf";
  try {
    (void)load(WithChecksum(v3));
    ADD_FAILURE() << "loaded";
  } catch (const lrsched::StateError& e) {
    EXPECT_STREQ(e.what(), "field 'mode_worse' should be a number, got \"inf\"");
  }
}

TEST_F(RefusedStateTest, GroupCountMismatch) {
  InMemoryOptimizer one = make_sgd({0.1});
  StepLR single(one, {.step_size = 3});
  ExpectRefused(lrsched::save_state(single, one));
}

TEST_F(RefusedStateTest, FileRoundTrip) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("lrsched_core_state_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "state.json").string();
  lrsched::save_state_file(*scheduler_, opt_, path);
  InMemoryOptimizer other = make_sgd();
  StepLR fresh(other, {.step_size = 3});
  lrsched::load_state_file(fresh, other, path);
  EXPECT_EQ(lrsched::save_state(fresh, other), valid_);
  EXPECT_THROW(lrsched::load_state_file(fresh, other, (dir / "missing.json").string()),
               lrsched::StateError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lrsched_test

namespace lrsched_test {
namespace {

// Four threads save their own schedulers to one path 200 times each: every save completes, the
// file left is one of them, whole, and no temporary file remains.
TEST(StateFileTest, ConcurrentSaves) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("lrsched_concurrent_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "state.json").string();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&path, t] {
      InMemoryOptimizer opt = make_sgd();
      lrsched::StepLR s(opt, {.step_size = t + 2});
      for (std::int64_t k = 1; k <= 200; ++k) {
        s.step();
        lrsched::save_state_file(s, opt, path, {.spec = "", .steps = k});
      }
    });
  }
  for (auto& t : threads) t.join();
  InMemoryOptimizer opt = make_sgd();
  const std::string text = [&] {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  // The winner may have another step_size; a StepLR of the same kind loads any of them.
  const auto at = text.find("\"step_size\": ");
  ASSERT_NE(at, std::string::npos);
  const int step_size = text[at + 13] - '0';
  lrsched::StepLR winner(opt, {.step_size = step_size});
  const lrsched::StateInfo info = lrsched::load_state_file(winner, opt, path);
  EXPECT_EQ(winner.last_epoch(), info.steps);
  EXPECT_EQ(info.steps, 200);  // every thread's last save is its 200th
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1U);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lrsched_test
