// Extreme inputs: counters near 2**62, non-finite metrics, lr 0 / inf / negative (all against
// PyTorch's values in extremes.json, written by tools/gen_extremes.py), an optimizer without
// param groups, and one thousand param groups.
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace lrsched_test {
namespace {

using namespace lrsched;  // NOLINT(google-build-using-namespace): test-local brevity
using nlohmann::json;

constexpr std::int64_t kN = std::int64_t{1} << 62;

/// Doubles are stored as float.hex() text ("0x1.999999999999ap-4", "inf", "-inf", "nan").
double unhex(const json& j) { return std::strtod(j.get<std::string>().c_str(), nullptr); }

const json& extremes() {
  static const json data = [] {
    const std::filesystem::path path = LRSCHED_EXTREMES_JSON;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    return json::parse(in);
  }();
  return data;
}

using Build = std::function<std::unique_ptr<Scheduler>(InMemoryOptimizer&)>;

template <class S>
Build make(typename S::Options options) {
  return [options](InMemoryOptimizer& o) { return std::make_unique<S>(o, options); };
}

LrLambda half() {
  return [](std::int64_t) { return 0.5; };
}
LrLambda reciprocal() {
  return [](std::int64_t e) { return 1.0 / (static_cast<double>(e) + 1.0); };
}

/// The C++ twin of every spec in tools/gen_extremes.py, by case name.
const std::map<std::string, Build>& builders() {
  using Plateau = ReduceLROnPlateau::Options;
  static const std::map<std::string, Build> b = {
      {"step_resume", make<StepLR>({.step_size = 3, .gamma = 0.5, .last_epoch = kN})},
      {"step_big_size", make<StepLR>({.step_size = kN / 2, .gamma = 0.5})},
      {"multistep_resume",
       make<MultiStepLR>(
           {.milestones = I64s{kN, kN + 1, kN + 1}, .gamma = 0.1, .last_epoch = kN - 2})},
      {"constant_resume",
       make<ConstantLR>({.factor = 0.5, .total_iters = kN, .last_epoch = kN - 2})},
      {"linear_closed",
       make<LinearLR>({.start_factor = 0.25, .end_factor = 1.0, .total_iters = kN})},
      {"linear_chain_small_total", make<LinearLR>({.start_factor = 0.5, .total_iters = 10})},
      {"exponential_closed", make<ExponentialLR>({.gamma = 0.9999999999999999})},
      {"exponential_overflow", make<ExponentialLR>({.gamma = 1.0000000000000002})},
      {"polynomial_closed", make<PolynomialLR>({.total_iters = kN + 3, .power = 0.9})},
      {"polynomial_chain_zero_div", make<PolynomialLR>({.total_iters = kN, .power = 2.0})},
      {"polynomial_int_true_division",
       make<PolynomialLR>({.total_iters = 4611686148371919933, .power = 1.0})},
      {"polynomial_zero_total", make<PolynomialLR>({.total_iters = 0})},
      {"cosine_closed", make<CosineAnnealingLR>({.T_max = 10, .eta_min = 0.001})},
      {"cosine_big_tmax", make<CosineAnnealingLR>({.T_max = kN + 1, .eta_min = 0.001})},
      {"multiplicative_epoch", make<MultiplicativeLR>({.lr_lambda = half()})},
      {"lambda_resume", make<LambdaLR>({.lr_lambda = reciprocal(), .last_epoch = kN})},
      {"cawr_t_mult_1", make<CosineAnnealingWarmRestarts>({.T_0 = 7, .eta_min = 0.01})},
      {"cawr_t_mult_2", make<CosineAnnealingWarmRestarts>({.T_0 = 10, .T_mult = 2})},
      {"cawr_big_t0",
       make<CosineAnnealingWarmRestarts>({.T_0 = kN, .T_mult = 1, .eta_min = 0.001})},
      {"cyclic_resume",
       make<CyclicLR>({.base_lr = 0.01, .max_lr = 0.1, .step_size_up = 0x1p61, .last_epoch = kN})},
      {"cyclic_exp_range", make<CyclicLR>({.base_lr = 0.01,
                                           .max_lr = 0.1,
                                           .step_size_up = 5,
                                           .mode = "exp_range",
                                           .gamma = 0.99999,
                                           .last_epoch = kN})},
      {"cyclic_triangular2_overflow", make<CyclicLR>({.base_lr = 0.01,
                                                      .max_lr = 0.1,
                                                      .step_size_up = 4,
                                                      .mode = "triangular2",
                                                      .last_epoch = kN})},
      {"cyclic_tiny_step",
       make<CyclicLR>({.base_lr = 0.01, .max_lr = 0.1, .step_size_up = 1e-300})},
      {"cyclic_tiny_step_triangular2",
       make<CyclicLR>(
           {.base_lr = 0.01, .max_lr = 0.1, .step_size_up = 1e-300, .mode = "triangular2"})},
      {"one_cycle_big_total", make<OneCycleLR>({.max_lr = 0.1, .total_steps = kN})},
      {"one_cycle_three_phase",
       make<OneCycleLR>(
           {.max_lr = 0.1, .total_steps = kN, .anneal_strategy = "linear", .three_phase = true})},
      {"swalr_big_anneal", make<SWALR>({.swa_lr = 0.01, .anneal_epochs = kN})},
      {"swalr_resume", make<SWALR>({.swa_lr = 0.01, .anneal_epochs = 3, .last_epoch = kN})},
      {"plateau_big_epoch", make<ReduceLROnPlateau>(Plateau{.patience = 1, .cooldown = kN})},
      {"plateau_nan_min", make<ReduceLROnPlateau>(Plateau{.patience = 1})},
      {"plateau_nan_max", make<ReduceLROnPlateau>(Plateau{.mode = "max", .patience = 1})},
      {"plateau_pos_inf_min", make<ReduceLROnPlateau>(Plateau{.patience = 1})},
      {"plateau_neg_inf_min", make<ReduceLROnPlateau>(Plateau{.patience = 1})},
      {"plateau_pos_inf_max_abs",
       make<ReduceLROnPlateau>(Plateau{.mode = "max", .patience = 0, .threshold_mode = "abs"})},
      {"plateau_neg_inf_max",
       make<ReduceLROnPlateau>(Plateau{.mode = "max", .patience = 0, .cooldown = 1})},
      {"odd_step", make<StepLR>({.step_size = 2, .gamma = 0.5})},
      {"odd_multistep", make<MultiStepLR>({.milestones = I64s{1, 3}, .gamma = 0.5})},
      {"odd_constant", make<ConstantLR>({.factor = 0.5, .total_iters = 3})},
      {"odd_linear", make<LinearLR>({.start_factor = 0.5, .total_iters = 3})},
      {"odd_exponential", make<ExponentialLR>({.gamma = 0.5})},
      {"odd_polynomial", make<PolynomialLR>({.total_iters = 4, .power = 2.0})},
      {"odd_cosine", make<CosineAnnealingLR>({.T_max = 3, .eta_min = 0.01})},
      {"odd_multiplicative", make<MultiplicativeLR>({.lr_lambda = half()})},
      {"odd_lambda", make<LambdaLR>({.lr_lambda = reciprocal()})},
      {"odd_cawr", make<CosineAnnealingWarmRestarts>({.T_0 = 3, .eta_min = 0.01})},
      {"odd_swalr", make<SWALR>({.swa_lr = 0.01, .anneal_epochs = 3})},
      {"odd_swalr_linear",
       make<SWALR>({.swa_lr = 0.01, .anneal_epochs = 3, .anneal_strategy = "linear"})},
      {"odd_plateau", make<ReduceLROnPlateau>(Plateau{.patience = 0, .min_lr = 0.0})},
      {"odd_plateau_neg_min", make<ReduceLROnPlateau>(Plateau{.patience = 0, .min_lr = -1.0})},
  };
  return b;
}

void apply(Scheduler& s, const json& action) {
  lrsched::StepInput input;
  if (!action.is_string()) {
    if (action.contains("metric")) input.metric = unhex(action["metric"]);
    if (action.contains("epoch")) {
      // PyTorch's epoch is a float where the recording says so (hex text), else an int.
      const json& e = action["epoch"];
      input.epoch = e.is_string() ? lrsched::Epoch(unhex(e)) : lrsched::Epoch(e.get<std::int64_t>());
    }
  }
  s.advance(input);
}

void expect_row(const InMemoryOptimizer& o, const json& row, const std::string& where) {
  const json& lrs = row["lr"];
  ASSERT_EQ(lrs.size(), o.num_groups()) << where;
  for (std::size_t g = 0; g < lrs.size(); ++g) {
    EXPECT_TRUE(BitEq(o.lr(g), unhex(lrs[g]))) << where << " lr group " << g;
  }
  if (row.contains("momentum")) {
    for (std::size_t g = 0; g < lrs.size(); ++g) {
      EXPECT_TRUE(BitEq(o.momentum(g), unhex(row["momentum"][g])))
          << where << " momentum group " << g;
    }
  }
}

class ExtremesGolden : public testing::TestWithParam<std::string> {};

TEST_P(ExtremesGolden, MatchesPyTorch) {
  const json& c = extremes().at(GetParam());
  std::vector<double> lrs;
  for (const json& x : c["lr"]) lrs.push_back(unhex(x));
  InMemoryOptimizer o = InMemoryOptimizer::like("sgd", lrs, c["momentum"].get<double>());
  if (c.contains("initial_lr")) {
    for (std::size_t g = 0; g < lrs.size(); ++g) {
      o.set_key(g, lrsched::GroupKey::initial_lr, c["initial_lr"][g].get<double>());
    }
  }
  const json& expected = c["expected"];
  const json& actions = c["actions"];
  std::unique_ptr<Scheduler> s;
  // Row k is the state after construction (k = 0) or after action k-1; an "error" row means
  // PyTorch raised that Python exception there, and the case ends.
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const json& row = expected[k];
    const std::string where = GetParam() + " row " + std::to_string(k);
    try {
      if (k == 0) {
        s = builders().at(GetParam())(o);
      } else {
        apply(*s, actions[k - 1]);
      }
      ASSERT_FALSE(row.contains("error")) << where << ": PyTorch raised " << row["error"];
    } catch (const lrsched::Error& e) {
      ASSERT_TRUE(row.contains("error"))
          << where << ": unexpected " << e.type() << ": " << e.what();
      EXPECT_EQ(e.type(), row["error"].get<std::string>()) << where << ": " << e.what();
      return;
    }
    expect_row(o, row, where);
  }
  EXPECT_EQ(expected.size(), actions.size() + 1) << "every action has a row";
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& [name, _] : extremes().items()) names.push_back(name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Extremes, ExtremesGolden, testing::ValuesIn(case_names()),
                         [](const testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(ExtremesGoldenFile, EveryCaseHasABuilder) {
  for (const auto& name : case_names()) EXPECT_TRUE(builders().contains(name)) << name;
  EXPECT_EQ(builders().size(), case_names().size());
}

// --- every class, for the group-count tests --------------------------------------------------

struct Named {
  std::string name;
  Build build;
};

std::vector<Named> every_class() {
  return {
      {"LambdaLR", make<LambdaLR>({.lr_lambda = reciprocal()})},
      {"MultiplicativeLR", make<MultiplicativeLR>({.lr_lambda = LrLambda([](std::int64_t e) {
                                                     return e % 3 == 0 ? 0.9 : 1.01;
                                                   })})},
      {"StepLR", make<StepLR>({.step_size = 7, .gamma = 0.7})},
      {"MultiStepLR", make<MultiStepLR>({.milestones = I64s{10, 50, 50, 120}, .gamma = 0.3})},
      {"ConstantLR", make<ConstantLR>({.factor = 0.3, .total_iters = 40})},
      {"LinearLR", make<LinearLR>({.start_factor = 0.1, .end_factor = 0.9, .total_iters = 90})},
      {"ExponentialLR", make<ExponentialLR>({.gamma = 0.99})},
      {"PolynomialLR", make<PolynomialLR>({.total_iters = 150, .power = 0.9})},
      {"CosineAnnealingLR", make<CosineAnnealingLR>({.T_max = 17, .eta_min = 1e-4})},
      {"CosineAnnealingWarmRestarts",
       make<CosineAnnealingWarmRestarts>({.T_0 = 5, .T_mult = 2, .eta_min = 1e-4})},
      {"CyclicLR",
       make<CyclicLR>({.base_lr = 0.01, .max_lr = 0.1, .step_size_up = 9, .mode = "triangular2"})},
      {"OneCycleLR", make<OneCycleLR>({.max_lr = 0.2, .total_steps = 400})},
      {"SWALR", make<SWALR>({.swa_lr = 0.01, .anneal_epochs = 30})},
      {"ReduceLROnPlateau",
       make<ReduceLROnPlateau>(ReduceLROnPlateau::Options{.patience = 3, .cooldown = 2})},
      {"SequentialLR",
       [](InMemoryOptimizer& o) -> std::unique_ptr<Scheduler> {
         auto list = ListBuilder(o)
                         .add<LinearLR>({.start_factor = 0.1, .total_iters = 20})
                         .add<CosineAnnealingLR>({.T_max = 60})
                         .build();
         return std::make_unique<SequentialLR>(
             o, SequentialLR::Options{.schedulers = std::move(list), .milestones = I64s{20}});
       }},
      {"ChainedScheduler",
       [](InMemoryOptimizer& o) -> std::unique_ptr<Scheduler> {
         auto list = ListBuilder(o)
                         .add<ExponentialLR>({.gamma = 0.995})
                         .add<StepLR>({.step_size = 30, .gamma = 0.5})
                         .build();
         return std::make_unique<ChainedScheduler>(std::move(list), &o);
       }},
  };
}

/// A metric with plateaus, so ReduceLROnPlateau reduces several times.
void step_any(Scheduler& s, std::size_t k) {
  if (s.stepping().plain()) {
    s.advance();
  } else {
    s.advance({.metric = 1.0 / static_cast<double>(1 + k / 10)});
  }
}

// PyTorch cannot build an optimizer without param groups ("optimizer got an empty parameter
// list"); lrsched's InMemoryOptimizer can. Every class then builds and steps as a no-op.
TEST(ZeroParamGroups, EveryClassBuildsAndStepsAsANoOp) {
  for (const Named& n : every_class()) {
    SCOPED_TRACE(n.name);
    InMemoryOptimizer o({}, MomentumKind::momentum);
    std::unique_ptr<Scheduler> s;
    ASSERT_NO_THROW(s = n.build(o));
    for (std::size_t k = 0; k < 50; ++k) ASSERT_NO_THROW(step_any(*s, k));
    EXPECT_EQ(o.num_groups(), 0u);
    EXPECT_TRUE(s->get_last_lr().empty());
  }
}

TEST(ZeroParamGroups, ClosedFormStepsAreNoOps) {
  InMemoryOptimizer o({}, MomentumKind::momentum);
  ExponentialLR e(o, {.gamma = 0.5});
  e.step(kN);
  EXPECT_EQ(e.last_epoch(), kN);
  CosineAnnealingWarmRestarts w(o, {.T_0 = 3});
  w.step(1e18);
  EXPECT_TRUE(w.get_last_lr().empty());
}

// One thousand groups with lrs 0.001 .. 1.0: each group's trace is bit for bit the trace of a
// one-group optimizer with the same lr.
TEST(ThousandParamGroups, EachGroupMatchesTheSingleGroupRun) {
  constexpr std::size_t kGroups = 1000;
  constexpr std::size_t kSteps = 300;
  std::vector<double> lrs(kGroups);
  for (std::size_t g = 0; g < kGroups; ++g) lrs[g] = 0.001 * static_cast<double>(g + 1);
  // A handful of reference groups keeps the single-group reruns cheap under the sanitizers.
  const std::array<std::size_t, 6> probes = {0, 1, 333, 500, 998, 999};
  for (const Named& n : every_class()) {
    SCOPED_TRACE(n.name);
    InMemoryOptimizer many = InMemoryOptimizer::like("sgd", lrs, 0.9);
    auto s = n.build(many);
    std::vector<std::vector<double>> trace(probes.size());
    std::vector<std::vector<double>> momenta(probes.size());
    for (std::size_t k = 0; k < kSteps; ++k) {
      for (std::size_t p = 0; p < probes.size(); ++p) {
        trace[p].push_back(many.lr(probes[p]));
        momenta[p].push_back(many.momentum(probes[p]));
      }
      step_any(*s, k);
    }
    for (std::size_t p = 0; p < probes.size(); ++p) {
      InMemoryOptimizer one = InMemoryOptimizer::like("sgd", {lrs[probes[p]]}, 0.9);
      auto single = n.build(one);
      for (std::size_t k = 0; k < kSteps; ++k) {
        ASSERT_TRUE(BitEq(one.lr(0), trace[p][k])) << "group " << probes[p] << " step " << k;
        ASSERT_TRUE(BitEq(one.momentum(0), momenta[p][k]))
            << "group " << probes[p] << " step " << k;
        step_any(*single, k);
      }
    }
    // A spread of further groups, checked at the end only (full traces of all 1000 would be
    // slow under the sanitizers).
    for (std::size_t g = 0; g < kGroups; g += 37) {
      InMemoryOptimizer one = InMemoryOptimizer::like("sgd", {lrs[g]}, 0.9);
      auto single = n.build(one);
      for (std::size_t k = 0; k < kSteps; ++k) step_any(*single, k);
      EXPECT_TRUE(BitEq(many.lr(g), one.lr(0))) << "group " << g;
    }
  }
}

}  // namespace
}  // namespace lrsched_test

namespace lrsched_test {
namespace {

// Beyond int64 PyTorch goes on with Python's unbounded ints; lrsched raises OverflowError
// (docs/differences-from-pytorch.md, "Integers are 64-bit") instead of overflowing, and the
// failed step leaves the scheduler as it was.
TEST(Int64Limits, CawrRestartPastInt64IsOverflowError) {
  InMemoryOptimizer o = make_sgd({0.1});
  lrsched::CosineAnnealingWarmRestarts s(o, {.T_0 = kN / 2, .T_mult = 2});
  // n = 2: T_i would be T_0 * 2**2 = 2**63.
  ExpectThrowContaining<lrsched::OverflowError>([&] { s.step(0x1p62 * 1.5); }, "64-bit");
  EXPECT_EQ(s.T_i(), kN / 2);
  EXPECT_EQ(s.last_epoch(), 0);
  ExpectThrowContaining<lrsched::OverflowError>([&] { s.step(1e19); }, "64-bit");
  ExpectThrowContaining<lrsched::ValueError>([&] { s.step(-1e30); }, "non-negative epoch");
  EXPECT_TRUE(BitEq(o.lr(0), 0.1));
}

TEST(Int64Limits, OneCycleEpochsTimesStepsPastInt64IsOverflowError) {
  InMemoryOptimizer o = make_sgd({0.1});
  ExpectThrowContaining<lrsched::OverflowError>(
      [&] {
        lrsched::OneCycleLR s(o, {.max_lr = 0.1,
                                  .epochs = std::int64_t{1} << 32,
                                  .steps_per_epoch = std::int64_t{1} << 32});
      },
      "64-bit");
  lrsched::OneCycleLR ok(
      o,
      {.max_lr = 0.1, .epochs = std::int64_t{1} << 31, .steps_per_epoch = std::int64_t{1} << 31});
  EXPECT_EQ(ok.total_steps(), kN);
}

// PyTorch divides the ints last_epoch and total_iters: Python's int division and its message
// ("division by zero", not the float one).
TEST(IntTrueDivision, PolynomialLRZeroTotalIters) {
  InMemoryOptimizer opt = make_sgd();
  PolynomialLR s(opt, {.total_iters = 0});
  ExpectThrowMessage<ZeroDivisionError>([&] { s.step(3); }, "division by zero");
}

}  // namespace
}  // namespace lrsched_test
