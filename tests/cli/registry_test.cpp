// A schedule added through the registry alone: a toy class and its row, defined here, reach the
// spec language, `lrsched list` and `describe` (JSON), state files, simulation and the gallery,
// with no other file knowing of it.
#include "lrsched/spec/registry.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "commands/gallery.hpp"
#include "lrsched/error.hpp"
#include "lrsched/schedulers/schedule_lr.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/state_json.hpp"
#include "registry_json.hpp"
#include "simulation.hpp"
#include "trace_writer.hpp"

namespace lrsched_test {
namespace {

using lrsched::InMemoryOptimizer;
using lrsched::LRScheduler;
using lrsched::OptimizerView;
using lrsched::Scheduler;
using lrsched::StateVisitor;
namespace spec = lrsched::spec;

// lr = base_lr * factor ** (epoch // every): a toy that no other file knows.
class HalvingLR final : public LRScheduler {
 public:
  struct Options {
    double factor = 0.5;
    std::int64_t every = 10;
    std::int64_t last_epoch = -1;
  };
  HalvingLR(OptimizerView& optimizer, Options options)
      : LRScheduler(optimizer, options.last_epoch), factor_(options.factor), every_(options.every) {
    if (every_ <= 0)
      throw lrsched::ValueError("every must be positive, got " + std::to_string(every_));
    initial_step();
  }
  [[nodiscard]] std::string_view name() const noexcept override { return "HalvingLR"; }
  void step() override {
    chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
  }
  void visit_state(StateVisitor& visitor) override {
    visit_base_state(visitor);
    visitor.field("factor", factor_);
    visitor.field("every", every_);
  }

 protected:
  bool get_lr(std::span<double> lrs) override {
    const double scale = std::pow(factor_, static_cast<double>(last_epoch_ / every_));
    for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * scale;
    return true;
  }

 private:
  double factor_;
  std::int64_t every_;
};

spec::ScheduleEntry halving_row() {
  spec::Example figure;
  figure.stem = "HalvingLR";
  figure.caption = "HalvingLR";
  figure.title = "HalvingLR";
  figure.curves = {{"HalvingLR(every=25)", "", false}};
  return {{"HalvingLR",
           "tests.toy",
           "Halves the lr every `every` epochs.",
           {{"factor", spec::Value{0.5, 0}, "float", "factor per period"},
            {"every", spec::Value{std::int64_t{10}, 0}, "int", "period, in epochs"},
            {"last_epoch", spec::Value{std::int64_t{-1}, 0}, "int", "index of the last epoch"}},
           true,
           false,
           "η_t = η₀ · factor^⌊t / every⌋",
           ""},
          HalvingLR::kStepping,
          [](const spec::BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            HalvingLR::Options o;
            if (args.was_given("factor")) o.factor = args.get_float("factor");
            if (args.was_given("every")) o.every = args.get_int("every");
            if (args.was_given("last_epoch")) o.last_epoch = args.get_int("last_epoch");
            return std::make_unique<HalvingLR>(opt, o);
          },
          {figure}};
}

// A schedule that is a pure function of the step: its row builds the Schedule, and the spec
// language drives an optimizer with it (a ScheduleLR in absolute mode that reports the row's
// name) or nests it in another pure schedule.
lrsched::schedules::Schedule toy_warmup_cosine(double peak, std::int64_t warmup,
                                               std::int64_t decay) {
  namespace sch = lrsched::schedules;
  return sch::warmup_then(warmup, 0.0, sch::cosine(peak, 0.0, decay));
}

spec::ScheduleEntry warmup_cosine_row() {
  spec::Example figure;
  figure.stem = "ToyWarmupCosine";
  figure.caption = figure.title = "ToyWarmupCosine";
  figure.curves = {{"ToyWarmupCosine(0.1)", "", false}};
  spec::ScheduleEntry row{
      {.name = "ToyWarmupCosine",
       .module = "tests.toy.schedules",
       .summary = "A linear warmup to peak, then a cosine to 0.",
       .parameters = {{"peak", std::nullopt, "float", "the lr after the warmup"},
                      {"warmup_steps", spec::Value{std::int64_t{5}, 0}, "int",
                       "steps of the warmup"},
                      {"decay_steps", spec::Value{std::int64_t{20}, 0}, "int",
                       "steps of the cosine"}},
       .optimizer_first = false,
       .formula = "linear 0 → peak over warmup_steps, then cosine peak → 0 over decay_steps",
       .is_function = true,
       .module_aliases = {"toys"}},
      lrsched::ScheduleLR::kStepping,
      nullptr,
      {figure}};
  row.schedule = [](const spec::BoundArguments& args) {
    return toy_warmup_cosine(args.get_float("peak"), args.get_int("warmup_steps"),
                             args.get_int("decay_steps"));
  };
  return row;
}

TEST(RegistryPureRow, NamesNestingAndAliases) {
  const spec::ScheduleRegistration registration(warmup_cosine_row());
  for (const char* name : {"ToyWarmupCosine", "tests.toy.schedules.ToyWarmupCosine",
                           "schedules.ToyWarmupCosine", "toys.ToyWarmupCosine"}) {
    EXPECT_EQ(spec::find_schedule(name), &registration.entry()) << name;
  }
  EXPECT_EQ(spec::find_schedule("other.ToyWarmupCosine"), nullptr);
  // A pure row builds a Schedule for another to nest; a scheduler row cannot.
  const lrsched::schedules::Schedule nested =
      spec::build_schedule(spec::parse_spec("toys.ToyWarmupCosine(0.5, 2, 4)"));
  const lrsched::schedules::Schedule expected = toy_warmup_cosine(0.5, 2, 4);
  for (std::int64_t k = 0; k < 8; ++k) EXPECT_EQ(nested(k), expected(k)) << k;
  try {
    (void)spec::build_schedule(spec::parse_spec("StepLR(3)"));
    ADD_FAILURE() << "a scheduler row built a pure schedule";
  } catch (const lrsched::TypeError& error) {
    EXPECT_EQ(error.message(),
              "StepLR is a scheduler of an optimizer, not a schedule of the step count");
  }
  // CPython's text for a function without `self` or optimizer, with the parameters named.
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {0.1});
  try {
    (void)spec::build_scheduler("ToyWarmupCosine(0.1, 1, 2, 3)", opt);
    ADD_FAILURE() << "four positional arguments bound";
  } catch (const lrsched::TypeError& error) {
    EXPECT_EQ(error.message(),
              "ToyWarmupCosine() takes from 1 to 3 positional arguments (peak, warmup_steps, "
              "decay_steps) but 4 were given");
  }
  const auto json = lrsched::cli::registry_json().at("schedules").back();
  EXPECT_EQ(json.at("kind"), "schedule");
  EXPECT_EQ(json.at("is_function"), true);
  EXPECT_EQ(json.at("module_aliases"), nlohmann::ordered_json::array({"toys"}));
}

TEST(RegistryPureRow, AFunctionAndARowMakeASchedule) {
  const spec::ScheduleRegistration registration(warmup_cosine_row());
  const lrsched::schedules::Schedule expected = toy_warmup_cosine(0.1, 3, 10);
  InMemoryOptimizer opt = InMemoryOptimizer::like("adam", {1.0, 2.0});
  auto s = spec::build_scheduler("ToyWarmupCosine(0.1, warmup_steps=3, decay_steps=10)", opt);
  EXPECT_EQ(s->name(), "ToyWarmupCosine");
  for (std::int64_t k = 0; k < 20; ++k) {
    EXPECT_EQ(opt.lr(0), expected(k)) << "step " << k;  // the lr itself, for every group
    EXPECT_EQ(opt.lr(1), expected(k)) << "step " << k;
    s->advance();
  }
  const std::string saved = lrsched::save_state(*s, opt);
  EXPECT_NE(saved.find("\"ToyWarmupCosine\""), std::string::npos) << "the state names the row";
  InMemoryOptimizer fresh = InMemoryOptimizer::like("adam", {1.0, 2.0});
  auto resumed =
      spec::build_scheduler("ToyWarmupCosine(0.1, warmup_steps=3, decay_steps=10)", fresh);
  (void)lrsched::load_state(*resumed, fresh, saved);
  EXPECT_EQ(lrsched::save_state(*resumed, fresh), saved);
  EXPECT_EQ(lrsched::cli::registry_json().at("schedules").back().at("name"), "ToyWarmupCosine");
}

class RegistryToyRow : public ::testing::Test {
 protected:
  spec::ScheduleRegistration registration{halving_row()};
};

TEST_F(RegistryToyRow, SpecLanguageBuildsIt) {
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {1.0, 0.5});
  auto s = spec::build_scheduler("HalvingLR(0.25, every=2)", opt);
  EXPECT_EQ(s->name(), "HalvingLR");
  for (int k = 0; k < 4; ++k) s->advance();
  EXPECT_EQ(opt.lr(0), 0.0625);  // 1 * 0.25 ** (4 // 2)
  EXPECT_EQ(opt.lr(1), 0.03125);
  // Qualified by its module, any dotted tail of it.
  EXPECT_NO_THROW((void)spec::build_scheduler("tests.toy.HalvingLR()", opt));
  EXPECT_NO_THROW((void)spec::build_scheduler("toy.HalvingLR()", opt));
  // Python's binding errors and suggestions, from its signature.
  try {
    (void)spec::build_scheduler("HalvingLR(evry=3)", opt);
    ADD_FAILURE() << "an unknown keyword must be refused";
  } catch (const lrsched::Error& e) {
    EXPECT_NE(std::string(e.what()).find("Did you mean 'every'?"), std::string::npos) << e.what();
  }
  try {
    (void)spec::build_scheduler("HalvinLR()", opt);
    ADD_FAILURE() << "an unknown name must be refused";
  } catch (const lrsched::Error& e) {
    EXPECT_NE(std::string(e.what()).find("Did you mean 'HalvingLR'?"), std::string::npos)
        << e.what();
  }
  // Its own validation.
  EXPECT_THROW((void)spec::build_scheduler("HalvingLR(every=0)", opt), lrsched::ValueError);
}

TEST_F(RegistryToyRow, ListAndDescribeExportIt) {
  const auto all = lrsched::cli::registry_json();
  const auto& rows = all.at("schedules");
  ASSERT_FALSE(rows.empty());
  const auto& last = rows.back();
  EXPECT_EQ(last.at("name"), "HalvingLR");
  EXPECT_EQ(last.at("module"), "tests.toy");
  EXPECT_EQ(last.at("signature"), "HalvingLR(factor=0.5, every=10, last_epoch=-1)");
  EXPECT_EQ(last.at("parameters").at(1).at("default_value"), 10);
  EXPECT_EQ(last.at("parameters").at(1).at("default"), "10");
  EXPECT_EQ(last.at("stepping").at("metric"), "none");
  EXPECT_EQ(last.at("stepping").at("epoch"), "integer");
  EXPECT_EQ(last.at("examples").at(0).at("curves").at(0).at("spec"), "HalvingLR(every=25)");
  EXPECT_EQ(lrsched::cli::schedule_json(*spec::find_schedule("HalvingLR")), last);
}

TEST_F(RegistryToyRow, StateFilesSaveAndLoadIt) {
  InMemoryOptimizer a = InMemoryOptimizer::like("sgd", {0.1});
  auto first = spec::build_scheduler("HalvingLR(every=3)", a);
  for (int k = 0; k < 7; ++k) first->advance();
  const std::string saved = lrsched::save_state(*first, a);

  InMemoryOptimizer b = InMemoryOptimizer::like("sgd", {0.1});
  auto second = spec::build_scheduler("HalvingLR(every=3)", b);
  (void)lrsched::load_state(*second, b, saved);
  EXPECT_EQ(lrsched::save_state(*second, b), saved);
  for (int k = 0; k < 5; ++k) {
    first->advance();
    second->advance();
    EXPECT_EQ(a.lr(0), b.lr(0)) << "step " << k;
  }
  // Another class refuses the document.
  InMemoryOptimizer c = InMemoryOptimizer::like("sgd", {0.1});
  auto other =
      spec::build_scheduler(spec::registry().front().examples.front().curves.front().spec, c);
  EXPECT_THROW((void)lrsched::load_state(*other, c, saved), lrsched::StateError);
}

TEST_F(RegistryToyRow, SimulationAndGalleryDrawIt) {
  lrsched::cli::SimulationConfig config;
  config.spec = "HalvingLR(every=2)";
  config.lrs = {1.0};
  config.steps = 5;
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* csv = open_memstream(&text, &size);
  ASSERT_NE(csv, nullptr);
  lrsched::cli::CsvTraceWriter writer(csv);
  lrsched::cli::run_simulation(config, writer);
  std::fclose(csv);
  EXPECT_EQ(std::string(text, size), "step,lr_0\n0,1.0\n1,1.0\n2,0.5\n3,0.5\n4,0.25\n");
  std::free(text);  // NOLINT(cppcoreguidelines-no-malloc): open_memstream's buffer

  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("lrsched_registry_gallery_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  testing::internal::CaptureStdout();
  lrsched::cli::run_gallery({.dir = dir.string(), .format = "svg", .size = {}});
  (void)testing::internal::GetCapturedStdout();
  EXPECT_TRUE(std::filesystem::exists(dir / "HalvingLR.svg"));
  std::ifstream index(dir / "index.html");
  const std::string html((std::istreambuf_iterator<char>(index)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("lrsched plot 'HalvingLR(every=25)'"), std::string::npos)
      << "the index shows the command that draws the toy's figure";
  std::filesystem::remove_all(dir);
}

TEST(Registry, ARowLastsAsLongAsItsRegistration) {
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {0.1});
  {
    const spec::ScheduleRegistration registration(halving_row());
    EXPECT_NE(spec::find_schedule("HalvingLR"), nullptr);
    EXPECT_THROW(spec::ScheduleRegistration again(halving_row()), lrsched::ValueError);
  }
  EXPECT_EQ(spec::find_schedule("HalvingLR"), nullptr);
  EXPECT_THROW((void)spec::build_scheduler("HalvingLR()", opt), lrsched::Error);
}

}  // namespace
}  // namespace lrsched_test
