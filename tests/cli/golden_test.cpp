// Golden files: schedules produced by real PyTorch (tools/gen_golden.py), replayed through the
// simulation engine and compared at relative 1e-12; one file per PyTorch row of the registry.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lrsched/spec/registry.hpp"
#include "simulation.hpp"

namespace {

using nlohmann::json;

struct CapturedTrace final : lrsched::cli::TraceWriter {
  std::vector<std::vector<double>> lrs, momenta;  // [group][step]
  void begin(std::size_t groups, bool with_momentum) override {
    lrs.assign(groups, {});
    momenta.assign(with_momentum ? groups : 0, {});
  }
  void row(std::int64_t, std::span<const double> l, std::span<const double> m) override {
    for (std::size_t g = 0; g < l.size(); ++g) lrs[g].push_back(l[g]);
    for (std::size_t g = 0; g < m.size(); ++g) momenta[g].push_back(m[g]);
  }
  void end() override {}
};

bool close(double expected, double actual) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (expected == actual) return true;
  return std::fabs(expected - actual) <= 1e-12 * std::fabs(expected);
}

void expect_columns(const json& expected, const std::vector<std::vector<double>>& actual,
                    const std::string& what, const std::string& spec) {
  ASSERT_EQ(expected.size(), actual.size()) << what << " groups for " << spec;
  for (std::size_t g = 0; g < actual.size(); ++g) {
    ASSERT_EQ(expected[g].size(), actual[g].size()) << what << " rows for " << spec;
    for (std::size_t s = 0; s < actual[g].size(); ++s) {
      const double e = expected[g][s].is_number() ? expected[g][s].get<double>() : NAN;
      ASSERT_TRUE(close(e, actual[g][s]))
          << spec << ": " << what << "_" << g << " at step " << s << " expected " << expected[g][s]
          << " got " << actual[g][s];
    }
  }
}

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesPyTorch) {
  const std::filesystem::path path =
      std::filesystem::path(LRSCHED_GOLDEN_DIR) / (GetParam() + ".json");
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  const json cases = json::parse(in);
  ASSERT_GE(cases.size(), 3u) << "every class needs several configurations";
  for (const json& c : cases) {
    lrsched::cli::SimulationConfig config;
    config.spec = c.at("spec").get<std::string>();
    config.lrs = c.at("lr").get<std::vector<double>>();
    config.steps = c.at("steps").get<std::int64_t>();
    config.optimizer = c.value("optimizer", "sgd");
    config.momentum = c.value("momentum", 0.0);
    if (c.contains("betas")) {
      config.beta1 = c["betas"][0].get<double>();
      config.beta2 = c["betas"][1].get<double>();
    }
    if (c.contains("initial_lr") && !c["initial_lr"].is_null()) {
      config.initial_lrs = c["initial_lr"].get<std::vector<double>>();
    }
    if (c.contains("metric") && !c["metric"].is_null())
      config.metric = c["metric"].get<std::string>();
    CapturedTrace trace;
    ASSERT_NO_THROW(lrsched::cli::run_simulation(config, trace)) << config.spec;
    expect_columns(c.at("expected").at("lr"), trace.lrs, "lr", config.spec);
    if (c.at("expected").contains("momentum")) {
      expect_columns(c["expected"]["momentum"], trace.momenta, "momentum", config.spec);
    } else {
      EXPECT_TRUE(trace.momenta.empty()) << config.spec << " should not report momentum";
    }
  }
}

// The registry's rows from PyTorch's modules: the schedules whose traces PyTorch produces.
std::vector<std::string> pytorch_schedules() {
  std::vector<std::string> names;
  for (const lrsched::spec::ScheduleEntry& entry : lrsched::spec::registry()) {
    if (entry.signature.module.starts_with("torch.")) names.emplace_back(entry.signature.name);
  }
  return names;
}

INSTANTIATE_TEST_SUITE_P(EveryClass, GoldenTest, testing::ValuesIn(pytorch_schedules()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

// And no golden file is left over from a schedule the registry no longer has.
TEST(GoldenFiles, EachNamesAPyTorchScheduleOfTheRegistry) {
  const std::vector<std::string> names = pytorch_schedules();
  ASSERT_FALSE(names.empty());
  for (const auto& file : std::filesystem::directory_iterator(LRSCHED_GOLDEN_DIR)) {
    if (file.path().extension() != ".json") continue;
    EXPECT_NE(std::find(names.begin(), names.end(), file.path().stem().string()), names.end())
        << file.path();
  }
}

}  // namespace
