// lrsched::torch::OptimizerAdapter on every libtorch optimizer it supports: SGD, Adam, AdamW,
// RMSprop, Adagrad, LBFGS. The reference is lrsched::InMemoryOptimizer::like(...), whose
// sequences are checked against PyTorch by the core suites: every scheduler must produce exactly
// the same lrs and momenta on the adapter. Also: add_param_group with ReduceLROnPlateau,
// initial_lr shared between schedulers, state files and checkpoints through the adapter.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "lrsched/lrsched.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/state_json.hpp"
#include "lrsched/torch/checkpoint.hpp"
#include "lrsched/torch/optimizer_adapter.hpp"

namespace {

namespace optim = torch::optim;
using lrsched::GroupKey;
using lrsched::InMemoryOptimizer;
using lrsched::MomentumKind;
using lrsched::torch::OptimizerAdapter;

constexpr double kMomentum = 0.7;
constexpr double kBeta1 = 0.85;
constexpr double kBeta2 = 0.995;

torch::Tensor param() { return torch::zeros({3}, torch::requires_grad()); }

std::unique_ptr<optim::OptimizerOptions> options_for(const std::string& name, double lr) {
  if (name == "sgd")
    return std::make_unique<optim::SGDOptions>(optim::SGDOptions(lr).momentum(kMomentum));
  if (name == "rmsprop") {
    return std::make_unique<optim::RMSpropOptions>(optim::RMSpropOptions(lr).momentum(kMomentum));
  }
  if (name == "adam") {
    return std::make_unique<optim::AdamOptions>(
        optim::AdamOptions(lr).betas(std::make_tuple(kBeta1, kBeta2)));
  }
  if (name == "adamw") {
    return std::make_unique<optim::AdamWOptions>(
        optim::AdamWOptions(lr).betas(std::make_tuple(kBeta1, kBeta2)));
  }
  if (name == "adagrad") return std::make_unique<optim::AdagradOptions>(lr);
  if (name == "lbfgs") return std::make_unique<optim::LBFGSOptions>(lr);
  throw std::invalid_argument(name);
}

// A libtorch optimizer of the named type with one param group per lr (each with its own
// options, as `torch.optim.X([{"params": ..., "lr": ...}, ...], momentum=...)`).
std::unique_ptr<optim::Optimizer> make(const std::string& name, const std::vector<double>& lrs) {
  std::vector<optim::OptimizerParamGroup> groups;
  for (double lr : lrs)
    groups.emplace_back(std::vector<torch::Tensor>{param()}, options_for(name, lr));
  const double default_lr = lrs.front();
  if (name == "sgd") {
    return std::make_unique<optim::SGD>(std::move(groups),
                                        optim::SGDOptions(default_lr).momentum(kMomentum));
  }
  if (name == "rmsprop") {
    return std::make_unique<optim::RMSprop>(std::move(groups),
                                            optim::RMSpropOptions(default_lr).momentum(kMomentum));
  }
  if (name == "adam") {
    return std::make_unique<optim::Adam>(
        std::move(groups), optim::AdamOptions(default_lr).betas(std::make_tuple(kBeta1, kBeta2)));
  }
  if (name == "adamw") {
    return std::make_unique<optim::AdamW>(
        std::move(groups), optim::AdamWOptions(default_lr).betas(std::make_tuple(kBeta1, kBeta2)));
  }
  if (name == "adagrad") {
    return std::make_unique<optim::Adagrad>(std::move(groups), optim::AdagradOptions(default_lr));
  }
  if (name == "lbfgs") {
    return std::make_unique<optim::LBFGS>(std::move(groups), optim::LBFGSOptions(default_lr));
  }
  throw std::invalid_argument(name);
}

InMemoryOptimizer reference(const std::string& name, const std::vector<double>& lrs) {
  return InMemoryOptimizer::like(name, lrs, kMomentum, kBeta1, kBeta2);
}

// Every group's lr, momentum and keys of the adapter equal the reference's, bit for bit.
void ExpectSameGroups(const OptimizerAdapter& a, const InMemoryOptimizer& r) {
  ASSERT_EQ(a.num_groups(), r.num_groups());
  for (std::size_t g = 0; g < a.num_groups(); ++g) {
    EXPECT_EQ(a.lr(g), r.lr(g)) << "group " << g;
    if (r.momentum_kind() != MomentumKind::none) {
      EXPECT_EQ(a.momentum(g), r.momentum(g)) << g;
    }
    for (std::size_t k = 0; k < lrsched::kGroupKeyCount; ++k) {
      const auto key = static_cast<GroupKey>(k);
      EXPECT_EQ(a.key(g, key), r.key(g, key)) << "group " << g << " key " << to_string(key);
    }
  }
}

double beta2_of(optim::Optimizer& o, std::size_t g) {
  auto& options = o.param_groups().at(g).options();
  if (auto* adam = dynamic_cast<optim::AdamOptions*>(&options)) return std::get<1>(adam->betas());
  if (auto* adamw = dynamic_cast<optim::AdamWOptions*>(&options)) {
    return std::get<1>(adamw->betas());
  }
  return -1;
}

// --- the basics ------------------------------------------------------------------------------

struct Kind {
  std::string name;
  std::string type_name;
  MomentumKind kind;
  std::size_t groups;  // LBFGS supports a single group
};

void PrintTo(const Kind& k, std::ostream* os) { *os << k.type_name; }

class AdapterBasics : public testing::TestWithParam<Kind> {};

TEST_P(AdapterBasics, ReadsAndWritesLrAndMomentumPerGroup) {
  const Kind& k = GetParam();
  const std::vector<double> lrs =
      k.groups == 1 ? std::vector<double>{0.1} : std::vector<double>{0.1, 0.02};
  auto optimizer = make(k.name, lrs);
  OptimizerAdapter adapter(*optimizer);
  EXPECT_EQ(adapter.type_name(), k.type_name);
  EXPECT_EQ(adapter.momentum_kind(), k.kind);
  ASSERT_EQ(adapter.num_groups(), lrs.size());
  for (std::size_t g = 0; g < lrs.size(); ++g) {
    EXPECT_EQ(adapter.lr(g), lrs[g]);
    adapter.set_lr(g, 0.5 + static_cast<double>(g));
    EXPECT_EQ(optimizer->param_groups()[g].options().get_lr(), 0.5 + static_cast<double>(g));
    EXPECT_EQ(adapter.lr(g), 0.5 + static_cast<double>(g));
    EXPECT_EQ(adapter.key(g, GroupKey::initial_lr), std::nullopt);
    adapter.set_key(g, GroupKey::max_lr, 3.0);
    EXPECT_EQ(adapter.key(g, GroupKey::max_lr), 3.0);
  }
  if (k.kind == MomentumKind::none) {
    EXPECT_THROW((void)adapter.momentum(0), lrsched::KeyError);
    EXPECT_THROW(adapter.set_momentum(0, 0.5), lrsched::KeyError);
  } else {
    EXPECT_EQ(adapter.momentum(0), k.kind == MomentumKind::betas ? kBeta1 : kMomentum);
    adapter.set_momentum(0, 0.42);
    EXPECT_EQ(adapter.momentum(0), 0.42);
    if (k.kind == MomentumKind::betas) {
      EXPECT_EQ(beta2_of(*optimizer, 0), kBeta2);  // kept
    }
  }
  EXPECT_EQ(adapter.default_lr(), lrs.front()) << "optimizer.defaults['lr']";
  EXPECT_THROW((void)adapter.lr(lrs.size()), lrsched::IndexError);
  EXPECT_THROW(adapter.set_lr(lrs.size(), 1.0), lrsched::IndexError);
  EXPECT_THROW((void)adapter.key(lrs.size(), GroupKey::initial_lr), lrsched::IndexError);
}

TEST_P(AdapterBasics, EveryPlainSchedulerMatchesTheReference) {
  const Kind& k = GetParam();
  const std::vector<double> lrs =
      k.groups == 1 ? std::vector<double>{0.1} : std::vector<double>{0.1, 0.02};
  for (const char* spec :
       {"StepLR(step_size=3, gamma=0.5)", "CosineAnnealingLR(T_max=7, eta_min=0.001)",
        "CosineAnnealingWarmRestarts(T_0=3, T_mult=2)", "PolynomialLR(total_iters=9, power=2.0)",
        "SequentialLR([LinearLR(start_factor=0.1, total_iters=4), ExponentialLR(gamma=0.9)], "
        "milestones=[4])",
        "ChainedScheduler([ConstantLR(factor=0.5, total_iters=3), ExponentialLR(gamma=0.95)])",
        "SWALR(swa_lr=0.05, anneal_epochs=4)"}) {
    SCOPED_TRACE(spec);
    auto optimizer = make(k.name, lrs);
    OptimizerAdapter adapter(*optimizer);
    InMemoryOptimizer ref = reference(k.name, lrs);
    auto s1 = lrsched::spec::build_scheduler(spec, adapter);
    auto s2 = lrsched::spec::build_scheduler(spec, ref);
    ExpectSameGroups(adapter, ref);
    for (int i = 0; i < 20; ++i) {
      s1->advance();
      s2->advance();
      ExpectSameGroups(adapter, ref);
      EXPECT_EQ(s1->get_last_lr(), s2->get_last_lr());
    }
  }
}

// The other families' schedules (transformers, timm, Optax, Keras) on a libtorch optimizer:
// every registry row's gallery example, stepped as simulate steps it (timm's schedulers told the
// epoch, a metric where one is needed), equals the same schedule on the in-memory reference.
TEST_P(AdapterBasics, EveryFamilyScheduleMatchesTheReference) {
  const Kind& k = GetParam();
  const std::vector<double> lrs =
      k.groups == 1 ? std::vector<double>{0.1} : std::vector<double>{0.1, 0.02};
  std::size_t rows = 0;
  for (const lrsched::spec::ScheduleEntry& entry : lrsched::spec::registry()) {
    if (entry.signature.module.starts_with("torch.")) continue;
    ++rows;
    const std::string spec = entry.examples.front().curves.front().spec;
    SCOPED_TRACE(spec);
    auto optimizer = make(k.name, lrs);
    OptimizerAdapter adapter(*optimizer);
    InMemoryOptimizer ref = reference(k.name, lrs);
    auto s1 = lrsched::spec::build_scheduler(spec, adapter);
    auto s2 = lrsched::spec::build_scheduler(spec, ref);
    ExpectSameGroups(adapter, ref);
    for (std::int64_t i = 0; i < 40; ++i) {
      const lrsched::StepInput input =
          lrsched::step_input(s1->stepping(), i, 1.0 / (1.0 + static_cast<double>(i % 7)));
      s1->advance(input);
      s2->advance(input);
      ExpectSameGroups(adapter, ref);
    }
  }
  EXPECT_GE(rows, 38U) << "transformers (12), timm (6), Optax (14) and Keras (6) rows";
}

INSTANTIATE_TEST_SUITE_P(Optimizers, AdapterBasics,
                         testing::Values(Kind{"sgd", "SGD", MomentumKind::momentum, 2},
                                         Kind{"adam", "Adam", MomentumKind::betas, 2},
                                         Kind{"adamw", "AdamW", MomentumKind::betas, 2},
                                         Kind{"rmsprop", "RMSprop", MomentumKind::momentum, 2},
                                         Kind{"adagrad", "Adagrad", MomentumKind::none, 2},
                                         Kind{"lbfgs", "LBFGS", MomentumKind::none, 1}),
                         [](const testing::TestParamInfo<Kind>& p) { return p.param.type_name; });

// --- momentum / beta1 cycling ----------------------------------------------------------------

struct CycleCase {
  std::string optimizer;
  std::string spec;
};

void PrintTo(const CycleCase& c, std::ostream* os) { *os << c.optimizer << " " << c.spec; }

class MomentumCycling : public testing::TestWithParam<CycleCase> {};

TEST_P(MomentumCycling, SameLrAndMomentumSequencesAsTheReference) {
  const CycleCase& c = GetParam();
  const std::vector<double> lrs{0.1, 0.02};
  auto optimizer = make(c.optimizer, lrs);
  OptimizerAdapter adapter(*optimizer);
  InMemoryOptimizer ref = reference(c.optimizer, lrs);
  auto s1 = lrsched::spec::build_scheduler(c.spec, adapter);
  auto s2 = lrsched::spec::build_scheduler(c.spec, ref);
  ASSERT_TRUE(s1->cycles_momentum());
  ExpectSameGroups(adapter, ref);
  std::vector<double> momenta;
  for (int i = 0; i < 39; ++i) {
    s1->advance();
    s2->advance();
    ExpectSameGroups(adapter, ref);
    EXPECT_EQ(s1->get_last_lr(), s2->get_last_lr());
    momenta.push_back(adapter.momentum(0));
    for (std::size_t g = 0; g < 2; ++g) {
      if (adapter.momentum_kind() == MomentumKind::betas) {
        EXPECT_EQ(beta2_of(*optimizer, g), kBeta2);
      }
    }
  }
  // The momentum really cycles (not a constant that would trivially match).
  EXPECT_NE(*std::min_element(momenta.begin(), momenta.end()),
            *std::max_element(momenta.begin(), momenta.end()));
}

std::vector<CycleCase> CycleCases() {
  std::vector<CycleCase> cases;
  for (const char* optimizer : {"sgd", "rmsprop", "adam", "adamw"}) {
    for (const char* spec :
         {"OneCycleLR(max_lr=[0.1, 0.3], total_steps=40)",
          "OneCycleLR(max_lr=0.1, total_steps=40, anneal_strategy='linear', three_phase=True, "
          "base_momentum=[0.8, 0.7], max_momentum=0.9)",
          "CyclicLR(base_lr=0.01, max_lr=[0.1, 0.3], step_size_up=4)",
          "CyclicLR(base_lr=[0.01, 0.02], max_lr=0.2, step_size_up=3, step_size_down=5, "
          "mode='exp_range', gamma=0.9, base_momentum=0.75, max_momentum=[0.95, 0.9])"}) {
      cases.push_back({optimizer, spec});
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Optimizers, MomentumCycling, testing::ValuesIn(CycleCases()),
                         [](const testing::TestParamInfo<CycleCase>& p) {
                           return p.param.optimizer + "_" + std::to_string(p.index);
                         });

TEST(MomentumCyclingErrors, AdagradAndLbfgsRefuseCycleMomentum) {
  for (const char* name : {"adagrad", "lbfgs"}) {
    SCOPED_TRACE(name);
    auto optimizer = make(name, {0.1});
    OptimizerAdapter adapter(*optimizer);
    for (const char* spec :
         {"OneCycleLR(max_lr=0.1, total_steps=10)", "CyclicLR(base_lr=0.01, max_lr=0.1)"}) {
      try {
        (void)lrsched::spec::build_scheduler(spec, adapter);
        ADD_FAILURE() << spec << " did not throw";
      } catch (const lrsched::ValueError& e) {
        EXPECT_STREQ(e.what(),
                     "optimizer must support momentum or beta1 with `cycle_momentum` option "
                     "enabled");
      }
    }
    // Without momentum cycling they work, and leave momentum alone.
    auto s = lrsched::spec::build_scheduler(
        "OneCycleLR(max_lr=0.1, total_steps=10, cycle_momentum=False)", adapter);
    InMemoryOptimizer ref = reference(name, {0.1});
    auto r = lrsched::spec::build_scheduler(
        "OneCycleLR(max_lr=0.1, total_steps=10, cycle_momentum=False)", ref);
    for (int i = 0; i < 9; ++i) {
      s->advance();
      r->advance();
      ExpectSameGroups(adapter, ref);
    }
  }
}

// --- groups added later ------------------------------------------------------------------------

TEST(AddParamGroup, ReduceLROnPlateauExtendsScalarMinLr) {
  auto optimizer = make("sgd", {0.1, 0.2});
  OptimizerAdapter adapter(*optimizer);
  lrsched::ReduceLROnPlateau plateau(adapter, {.factor = 0.5, .patience = 0, .min_lr = 0.01});
  plateau.step(1.0);
  optimizer->add_param_group(optim::OptimizerParamGroup({param()}, options_for("sgd", 0.4)));
  ASSERT_EQ(adapter.num_groups(), 3U);
  EXPECT_EQ(adapter.key(2, GroupKey::initial_lr), std::nullopt);  // a new group has no keys
  plateau.step(2.0);  // worse: reduce, min_lrs extended to the new group
  EXPECT_EQ(plateau.min_lrs(), (std::vector<double>{0.01, 0.01, 0.01}));
  EXPECT_EQ(adapter.lr(0), 0.05);
  EXPECT_EQ(adapter.lr(1), 0.1);
  EXPECT_EQ(adapter.lr(2), 0.2);
  for (int i = 0; i < 10; ++i) plateau.step(3.0 + i);
  EXPECT_EQ(adapter.lr(0), 0.01);
  EXPECT_EQ(adapter.lr(2), 0.01);
  EXPECT_EQ(plateau.get_last_lr(), (std::vector<double>{0.01, 0.01, 0.01}));
}

TEST(AddParamGroup, ReduceLROnPlateauWithListMinLrRaises) {
  auto optimizer = make("adam", {0.1, 0.2});
  OptimizerAdapter adapter(*optimizer);
  lrsched::ReduceLROnPlateau plateau(adapter,
                                     {.patience = 0, .min_lr = lrsched::PerGroup({0.0, 0.0})});
  plateau.step(1.0);
  optimizer->add_param_group(optim::OptimizerParamGroup({param()}));  // defaults' options
  EXPECT_EQ(adapter.lr(2), 0.1);
  EXPECT_EQ(adapter.momentum(2), kBeta1);
  try {
    plateau.step(2.0);
    ADD_FAILURE() << "no RuntimeError";
  } catch (const lrsched::RuntimeError& e) {
    EXPECT_EQ(std::string(e.what()),
              "The number of param groups in the `optimizer` (3) differs from when "
              "`ReduceLROnPlateau` was initialized (2), usually due to a new param group being "
              "added to the optimizer. Please modify the `min_lrs` field to match the length of "
              "the `optimizer` param groups.");
  }
  plateau.set_min_lrs({0.0, 0.0, 0.0});  // the fix PyTorch's message asks for
  plateau.step(3.0);
  EXPECT_EQ(adapter.lr(2), 0.1 * 0.1);
}

TEST(AddParamGroup, OtherSchedulersSeeTheNewGroupOnlyWhenBuiltAfterIt) {
  auto optimizer = make("sgd", {0.1});
  OptimizerAdapter adapter(*optimizer);
  optimizer->add_param_group(optim::OptimizerParamGroup({param()}, options_for("sgd", 0.3)));
  InMemoryOptimizer ref = reference("sgd", {0.1, 0.3});
  auto s1 =
      lrsched::spec::build_scheduler("OneCycleLR(max_lr=[1.0, 2.0], total_steps=20)", adapter);
  auto s2 = lrsched::spec::build_scheduler("OneCycleLR(max_lr=[1.0, 2.0], total_steps=20)", ref);
  for (int i = 0; i < 19; ++i) {
    s1->advance();
    s2->advance();
    ExpectSameGroups(adapter, ref);
  }
}

// --- initial_lr shared by two schedulers ----------------------------------------------------

TEST(SharedKeys, InitialLrSetByTheFirstSchedulerIsTheSecondOnesBase) {
  auto optimizer = make("sgd", {0.1, 0.02});
  OptimizerAdapter adapter(*optimizer);
  InMemoryOptimizer ref = reference("sgd", {0.1, 0.02});
  auto a1 = lrsched::spec::build_scheduler("StepLR(step_size=2, gamma=0.5)", adapter);
  auto r1 = lrsched::spec::build_scheduler("StepLR(step_size=2, gamma=0.5)", ref);
  for (int i = 0; i < 5; ++i) a1->advance(), r1->advance();
  EXPECT_EQ(adapter.key(0, GroupKey::initial_lr), 0.1);
  // The second scheduler's base_lrs are initial_lr (setdefault keeps 0.1), not the current lr.
  auto a2 = lrsched::spec::build_scheduler("ExponentialLR(gamma=0.9)", adapter);
  auto r2 = lrsched::spec::build_scheduler("ExponentialLR(gamma=0.9)", ref);
  EXPECT_EQ(dynamic_cast<lrsched::LRScheduler&>(*a2).base_lrs(), (std::vector<double>{0.1, 0.02}));
  for (int i = 0; i < 6; ++i) {
    a1->advance(), r1->advance();
    a2->advance(), r2->advance();
    ExpectSameGroups(adapter, ref);
  }
  // A scheduler resumed (last_epoch != -1) on an optimizer without initial_lr: PyTorch's KeyError.
  auto fresh = make("sgd", {0.1});
  OptimizerAdapter fresh_adapter(*fresh);
  try {
    (void)lrsched::spec::build_scheduler("StepLR(step_size=2, last_epoch=4)", fresh_adapter);
    ADD_FAILURE() << "no KeyError";
  } catch (const lrsched::KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("initial_lr"), std::string::npos) << e.what();
  }
}

// --- state through the adapter ----------------------------------------------------------------

TEST(State, SaveAndLoadRoundTripThroughTheAdapter) {
  for (const char* name : {"sgd", "adam"}) {
    SCOPED_TRACE(name);
    const std::string spec = "OneCycleLR(max_lr=[0.1, 0.3], total_steps=30)";
    auto o1 = make(name, {0.1, 0.02});
    OptimizerAdapter a1(*o1);
    auto s1 = lrsched::spec::build_scheduler(spec, a1);
    for (int i = 0; i < 11; ++i) s1->advance();
    const auto path = std::filesystem::path(testing::TempDir()) /
                      (std::string("lrsched_state_") + name + ".json");
    lrsched::save_state_file(*s1, a1, path.string(), {.spec = spec, .steps = 11});

    // Fresh objects; the fresh scheduler rewrites lr and momentum at construction.
    auto o2 = make(name, {0.1, 0.02});
    OptimizerAdapter a2(*o2);
    auto s2 = lrsched::spec::build_scheduler(spec, a2);
    const auto info = lrsched::load_state_file(*s2, a2, path.string());
    EXPECT_EQ(info.steps, 11);
    EXPECT_EQ(info.spec, spec);
    for (int i = 0; i < 18; ++i) {
      for (std::size_t g = 0; g < 2; ++g) {
        EXPECT_EQ(a1.lr(g), a2.lr(g));
        EXPECT_EQ(a1.momentum(g), a2.momentum(g));
        for (std::size_t k = 0; k < lrsched::kGroupKeyCount; ++k) {
          EXPECT_EQ(a1.key(g, static_cast<GroupKey>(k)), a2.key(g, static_cast<GroupKey>(k)));
        }
        if (std::string(name) == "adam") {
          EXPECT_EQ(beta2_of(*o2, g), kBeta2);
        }
      }
      s1->advance();
      s2->advance();
    }
    EXPECT_EQ(lrsched::save_state(*s1, a1), lrsched::save_state(*s2, a2));
    std::filesystem::remove(path);
  }
}

// --- checkpoints ----------------------------------------------------------------------------

TEST(Checkpoint, RestoresModelOptimizerStateLrAndMomentum) {
  const auto dir = std::filesystem::path(testing::TempDir()) / "lrsched_checkpoint_unit";
  std::filesystem::remove_all(dir);
  const std::string spec = "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=3)";
  torch::manual_seed(3);
  torch::nn::Linear m1(4, 2);
  optim::SGD o1(m1->parameters(), optim::SGDOptions(0.05).momentum(0.9));
  OptimizerAdapter a1(o1);
  auto s1 = lrsched::spec::build_scheduler(spec, a1);
  const torch::Tensor x = torch::randn({8, 4});
  auto train_step = [&x](torch::nn::Linear& m, optim::Optimizer& o) {
    o.zero_grad();
    m->forward(x).pow(2).mean().backward();
    o.step();
  };
  for (int i = 0; i < 4; ++i) train_step(m1, o1), s1->advance();
  EXPECT_FALSE(lrsched::torch::has_checkpoint(dir));
  lrsched::torch::save_checkpoint(
      dir, *m1, o1, *s1, a1,
      {.spec = spec, .steps = 4, .extra = {{"epoch", 2.0}, {"best", -INFINITY}}});
  lrsched::torch::save_checkpoint(
      dir, *m1, o1, *s1, a1,
      {.spec = spec, .steps = 4, .extra = {{"epoch", 2.0}, {"best", -INFINITY}}});
  EXPECT_TRUE(lrsched::torch::has_checkpoint(dir));
  EXPECT_TRUE(std::filesystem::exists(dir / "model-1.pt"));
  EXPECT_FALSE(std::filesystem::exists(dir / "model-0.pt"));  // older generation removed

  torch::manual_seed(99);  // different initial weights
  torch::nn::Linear m2(4, 2);
  optim::SGD o2(m2->parameters(), optim::SGDOptions(0.05).momentum(0.9));
  OptimizerAdapter a2(o2);
  auto s2 = lrsched::spec::build_scheduler(spec, a2);
  const auto info = lrsched::torch::load_checkpoint(dir, *m2, o2, *s2, a2);
  EXPECT_EQ(info.steps, 4);
  EXPECT_EQ(info.spec, spec);
  EXPECT_EQ(info.extra.at("epoch"), 2.0);
  EXPECT_EQ(info.extra.at("best"), -INFINITY);
  {
    // -inf spelled as Python's json module spells it, as in every JSON file lrsched writes; the
    // strings of version 1 manifests are still read.
    std::ifstream in(dir / "checkpoint.json");
    std::string manifest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string number = "\"best\": -Infinity";
    const std::size_t at = manifest.find(number);
    ASSERT_NE(at, std::string::npos) << manifest;
    manifest.replace(at, number.size(), "\"best\": \"-inf\"");
    manifest.replace(manifest.find("\"version\": 2"), 12, "\"version\": 1");
    std::ofstream(dir / "checkpoint.json", std::ios::trunc) << manifest;
    EXPECT_EQ(lrsched::torch::read_checkpoint_info(dir).extra.at("best"), -INFINITY);
  }
  EXPECT_TRUE(torch::equal(m1->weight, m2->weight));
  EXPECT_EQ(a1.lr(0), a2.lr(0));
  EXPECT_EQ(a1.momentum(0), a2.momentum(0));
  for (int i = 0; i < 6; ++i) {
    train_step(m1, o1), s1->advance();
    train_step(m2, o2), s2->advance();  // momentum buffers restored: the same update
    EXPECT_TRUE(torch::equal(m1->weight, m2->weight)) << i;
    EXPECT_EQ(a1.lr(0), a2.lr(0));
    EXPECT_EQ(a1.momentum(0), a2.momentum(0));
  }
  std::filesystem::remove_all(dir);
}

TEST(Checkpoint, ClearErrors) {
  const auto dir = std::filesystem::path(testing::TempDir()) / "lrsched_checkpoint_errors";
  std::filesystem::remove_all(dir);
  torch::nn::Linear m(4, 2);
  optim::SGD o(m->parameters(), optim::SGDOptions(0.05).momentum(0.9));
  OptimizerAdapter a(o);
  auto s = lrsched::spec::build_scheduler("StepLR(2)", a);
  EXPECT_THROW(lrsched::torch::load_checkpoint(dir, *m, o, *s, a), lrsched::StateError);

  lrsched::torch::save_checkpoint(dir, *m, o, *s, a);
  // A different architecture cannot load the model archive.
  torch::nn::Linear other(5, 2);
  optim::SGD o2(other->parameters(), optim::SGDOptions(0.05).momentum(0.9));
  OptimizerAdapter a2(o2);
  auto s2 = lrsched::spec::build_scheduler("StepLR(2)", a2);
  try {
    (void)lrsched::torch::load_checkpoint(dir, *other, o2, *s2, a2);
    ADD_FAILURE() << "no StateError";
  } catch (const lrsched::StateError& e) {
    EXPECT_NE(std::string(e.what()).find("weight is [2, 4] Float in the checkpoint, [2, 5] Float"),
              std::string::npos)
        << e.what();
  }
  // Another scheduler class cannot load the state.
  auto s3 = lrsched::spec::build_scheduler("ExponentialLR(0.9)", a);
  EXPECT_THROW(lrsched::torch::load_checkpoint(dir, *m, o, *s3, a), lrsched::StateError);
  // Another optimizer class: refused before libtorch's internal assertion would fire.
  optim::Adam adam(m->parameters(), optim::AdamOptions(0.05));
  OptimizerAdapter adam_adapter(adam);
  auto s4 = lrsched::spec::build_scheduler("StepLR(2)", adam_adapter);
  try {
    (void)lrsched::torch::load_checkpoint(dir, *m, adam, *s4, adam_adapter);
    ADD_FAILURE() << "no StateError";
  } catch (const lrsched::StateError& e) {
    EXPECT_NE(std::string(e.what()).find("is for a SGD optimizer, not Adam"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(lrsched::torch::read_checkpoint_info(dir).steps, 0);
  // Objects that do not belong together.
  optim::SGD unrelated(m->parameters(), optim::SGDOptions(0.05));
  EXPECT_THROW(lrsched::torch::save_checkpoint(dir, *m, unrelated, *s, a), lrsched::ValueError);
  // A truncated model file.
  std::filesystem::resize_file(dir / "model-0.pt", 10);
  try {
    (void)lrsched::torch::load_checkpoint(dir, *m, o, *s, a);
    ADD_FAILURE() << "no StateError";
  } catch (const lrsched::StateError& e) {
    EXPECT_NE(std::string(e.what()).find("model-0.pt"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line: " << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
