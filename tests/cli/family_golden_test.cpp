// The schedule families' golden traces (tests/golden/families/<family>.json, from the origins'
// own code through tools/gen_family_golden.py) replayed through `lrsched simulate`: the spec
// exactly as a user pastes it from Python, every value bit for bit, and every refusal with the
// origin's exception type and message.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "io/json_text.hpp"
#include "lrsched/error.hpp"
#include "simulation.hpp"
#include "trace_writer.hpp"

namespace {

using nlohmann::json;

struct CapturedLrs final : lrsched::cli::TraceWriter {
  std::vector<std::vector<double>> lrs;  // [group][row]
  void begin(std::size_t groups, bool /*with_momentum*/) override { lrs.assign(groups, {}); }
  void row(std::int64_t /*step*/, std::span<const double> l,
           std::span<const double> /*m*/) override {
    for (std::size_t g = 0; g < l.size(); ++g) lrs[g].push_back(l[g]);
  }
  void end() override {}
};

std::uint64_t bits(double x) {
  std::uint64_t b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// Refusals whose text differs from the origin's on purpose, by case name: the type still has to
// match. timm's bare asserts have no message of their own; lrsched names the condition.
const std::map<std::string, std::string>& known_message_differences() {
  static const std::map<std::string, std::string> differences = {
      // LambdaLR's resume KeyError: lrsched has the newest PyTorch's text, the oracle 1.13's.
      {"constant_last_epoch_resume_refused", "newest PyTorch's KeyError text"},
      {"linear_last_epoch_resume_refused", "newest PyTorch's KeyError text"},
      {"scheduler_linear_last_epoch_kwarg_refused", "newest PyTorch's KeyError text"},
  };
  return differences;
}

// "at step 12: " that simulate puts before an error raised inside its loop.
std::string without_step_context(const std::string& message) {
  if (!message.starts_with("at step ")) return message;
  const std::size_t colon = message.find(": ");
  return colon == std::string::npos ? message : message.substr(colon + 2);
}

class FamilyGolden : public testing::TestWithParam<std::string> {};

TEST_P(FamilyGolden, MatchesTheOrigin) {
  const std::filesystem::path path =
      std::filesystem::path(LRSCHED_FAMILY_GOLDEN_DIR) / (GetParam() + ".json");
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  // Python's json writes inf and nan as Infinity and NaN, which lrsched's reader takes.
  const json cases = lrsched::io::parse_json(
      std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  ASSERT_GE(cases.size(), 20U) << "every family needs many configurations";
  for (const json& c : cases) {
    const std::string name = c.at("name").get<std::string>();
    lrsched::cli::SimulationConfig config;
    config.spec = c.at("spec").get<std::string>();
    config.lrs = c.at("lr").get<std::vector<double>>();
    config.steps = c.at("steps").get<std::int64_t>();
    config.optimizer = c.at("optimizer").get<std::string>();
    config.momentum = c.at("momentum").get<double>();
    if (c.contains("metric")) config.metric = c["metric"].get<std::string>();
    const json& expected = c.at("expected");
    CapturedLrs trace;
    std::string error;
    try {
      lrsched::cli::run_simulation(config, trace);
    } catch (const lrsched::Error& e) {
      error = std::string(e.type()) + ": " + without_step_context(e.message());
    }
    SCOPED_TRACE(name + ": " + config.spec);
    if (expected.contains("error")) {
      const std::string want = expected["error"].get<std::string>();
      ASSERT_FALSE(error.empty()) << "the origin refuses it: " << want;
      const std::string want_type = want.substr(0, want.find(':'));
      EXPECT_EQ(error.substr(0, error.find(':')), want_type) << error;
      if (want_type != "AssertionError" && !known_message_differences().contains(name)) {
        EXPECT_EQ(error, want);
      }
      continue;
    }
    ASSERT_TRUE(error.empty()) << error;
    const json& lrs = expected.at("lr");
    ASSERT_EQ(trace.lrs.size(), lrs.size());
    for (std::size_t g = 0; g < lrs.size(); ++g) {
      ASSERT_EQ(trace.lrs[g].size(), lrs[g].size());
      for (std::size_t k = 0; k < lrs[g].size(); ++k) {
        // NaN's sign is not kept in the file: any NaN matches.
        const double want = lrs[g][k].get<double>();
        const bool want_nan = std::isnan(want);
        const double got = trace.lrs[g][k];
        ASSERT_TRUE(want_nan ? std::isnan(got) : bits(got) == bits(want))
            << "lr_" << g << " at row " << k << ": expected " << want << ", got " << got;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryFamily, FamilyGolden,
                         testing::Values("transformers", "timm", "optax", "keras"),
                         [](const testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

}  // namespace
