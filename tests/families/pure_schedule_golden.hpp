// Replays a family's golden file (tests/golden/families/<family>.json, written by
// tools/gen_family_golden.py from the origin's own code) through pure schedules: each case's
// schedule evaluated at every step, the same schedule driving a 2-group optimizer through
// ScheduleLR in absolute mode, and save and resume through ScheduleLR. Values are compared bit
// for bit (a NaN as any NaN: the golden files spell every NaN the same way); refusals by their
// exception type and message. register_tests() names these tests for a family's test file.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "io/json_text.hpp"
#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/schedulers/schedule_lr.hpp"
#include "lrsched/schedules.hpp"
#include "lrsched/state_json.hpp"

namespace pure_schedule_golden {

using Factory = std::function<lrsched::schedules::Schedule()>;

struct GoldenCase {
  std::string name;
  std::string spec;
  std::vector<double> lr;
  std::int64_t steps = 0;
  std::vector<std::vector<double>> expected;  // [group][step], empty for a refusal
  std::optional<std::string> error;           // "Type: message"
};

inline std::vector<GoldenCase> load(const std::string& family) {
  const std::filesystem::path path =
      std::filesystem::path(LRSCHED_FAMILY_GOLDEN_DIR) / (family + ".json");
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json cases = lrsched::io::parse_json(text.str());  // reads NaN and Infinity
  std::vector<GoldenCase> out;
  for (const nlohmann::json& c : cases) {
    GoldenCase g;
    g.name = c.at("name").get<std::string>();
    g.spec = c.at("spec").get<std::string>();
    g.lr = c.at("lr").get<std::vector<double>>();
    g.steps = c.at("steps").get<std::int64_t>();
    const nlohmann::json& expected = c.at("expected");
    if (expected.contains("error")) {
      g.error = expected.at("error").get<std::string>();
    } else {
      g.expected = expected.at("lr").get<std::vector<std::vector<double>>>();
    }
    out.push_back(std::move(g));
  }
  return out;
}

/// The same double: the same bits, or both NaN.
inline bool same(double expected, double actual) {
  if (std::isnan(expected)) return std::isnan(actual);
  return std::bit_cast<std::uint64_t>(expected) == std::bit_cast<std::uint64_t>(actual);
}

/// "Type: message" as the oracle prints a refusal.
inline std::string describe(const lrsched::Error& e) {
  if (e.message().empty()) return std::string(e.type());
  return std::string(e.type()) + ": " + e.message();
}

/// Two groups at least: the case's lrs, or its one lr and half of it.
inline std::vector<double> two_groups(const GoldenCase& c) {
  if (c.lr.size() >= 2) return c.lr;
  return {c.lr.at(0), c.lr.at(0) / 2};
}

/// Every case name of the golden file has a construction, and every construction a case.
inline void expect_table_covers(const std::vector<GoldenCase>& cases,
                                const std::map<std::string, Factory>& table) {
  std::set<std::string> names;
  for (const GoldenCase& c : cases) {
    names.insert(c.name);
    EXPECT_EQ(table.count(c.name), 1U) << "no C++ construction for golden case " << c.name;
  }
  for (const auto& [name, factory] : table) {
    EXPECT_EQ(names.count(name), 1U) << "construction " << name << " has no golden case";
  }
}

/// The schedule itself at steps 0, 1, ..., steps - 1.
inline void expect_values(const GoldenCase& c, const Factory& make) {
  SCOPED_TRACE(c.name + ": " + c.spec);
  if (c.error) {
    try {
      const lrsched::schedules::Schedule schedule = make();
      for (std::int64_t k = 0; k < c.steps; ++k) static_cast<void>(schedule(k));
      ADD_FAILURE() << "expected " << *c.error;
    } catch (const lrsched::Error& e) {
      EXPECT_EQ(describe(e), *c.error);
    }
    return;
  }
  const lrsched::schedules::Schedule schedule = make();
  for (std::int64_t k = 0; k < c.steps; ++k) {
    const double value = schedule(k);
    for (const std::vector<double>& group : c.expected) {
      const double want = group.at(static_cast<std::size_t>(k));
      ASSERT_TRUE(same(want, value)) << "step " << k << ": expected " << want << " got " << value;
    }
  }
}

inline lrsched::ScheduleLR::Options absolute(const Factory& make) {
  return {.schedule = make(), .mode = lrsched::ScheduleLR::Mode::absolute};
}

/// Each group's lr after `k` steps equals row k of the golden file.
inline void expect_row(const GoldenCase& c, const lrsched::InMemoryOptimizer& optimizer,
                       std::int64_t k) {
  const double want = c.expected.at(0).at(static_cast<std::size_t>(k));
  for (std::size_t g = 0; g < optimizer.num_groups(); ++g) {
    ASSERT_TRUE(same(want, optimizer.lr(g)))
        << "step " << k << " group " << g << ": expected " << want << " got " << optimizer.lr(g);
  }
}

/// The schedule driving a 2-group optimizer: every group's lr is the value, row by row.
inline void expect_schedule_lr(const GoldenCase& c, const Factory& make) {
  SCOPED_TRACE(c.name + ": " + c.spec);
  auto optimizer = lrsched::InMemoryOptimizer::like("sgd", two_groups(c));
  if (c.error) {
    try {
      lrsched::ScheduleLR scheduler(optimizer, absolute(make));
      for (std::int64_t k = 1; k < c.steps; ++k) scheduler.step();
      ADD_FAILURE() << "expected " << *c.error;
    } catch (const lrsched::Error& e) {
      EXPECT_EQ(describe(e), *c.error);
    }
    return;
  }
  lrsched::ScheduleLR scheduler(optimizer, absolute(make));
  for (std::int64_t k = 0; k < c.steps; ++k) {
    if (k > 0) scheduler.step();
    expect_row(c, optimizer, k);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

/// Saved after 1 step, half-way and before the last row, loaded into a scheduler freshly built
/// with a freshly built schedule: the remaining rows are the golden ones.
inline void expect_resume(const GoldenCase& c, const Factory& make) {
  SCOPED_TRACE(c.name + ": " + c.spec);
  if (c.error || c.steps < 2) return;
  const std::set<std::int64_t> save_points = {1, c.steps / 2, c.steps - 1};
  for (const std::int64_t saved_at : save_points) {
    if (saved_at < 1 || saved_at >= c.steps) continue;
    SCOPED_TRACE("saved after " + std::to_string(saved_at) + " steps");
    auto optimizer = lrsched::InMemoryOptimizer::like("sgd", two_groups(c));
    lrsched::ScheduleLR scheduler(optimizer, absolute(make));
    for (std::int64_t k = 0; k < saved_at; ++k) scheduler.step();
    const std::string state = lrsched::save_state(scheduler, optimizer);

    auto restarted = lrsched::InMemoryOptimizer::like("sgd", two_groups(c));
    lrsched::ScheduleLR resumed(restarted, absolute(make));
    lrsched::load_state(resumed, restarted, state);
    EXPECT_EQ(resumed.last_epoch(), saved_at);
    expect_row(c, restarted, saved_at);
    for (std::int64_t k = saved_at + 1; k < c.steps; ++k) {
      resumed.step();
      expect_row(c, restarted, k);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

/// A test registered at run time: runs `body`.
class RegisteredTest : public ::testing::Test {
 public:
  explicit RegisteredTest(std::function<void()> body) : body_(std::move(body)) {}
  void TestBody() override { body_(); }

 private:
  std::function<void()> body_;
};

/// Case `name` of tests/golden/families/<family>.json, the file read once.
inline const GoldenCase& golden_case(const std::string& family, const std::string& name) {
  static std::map<std::string, std::vector<GoldenCase>> files;
  auto file = files.find(family);
  if (file == files.end()) file = files.emplace(family, load(family)).first;
  for (const GoldenCase& c : file->second) {
    if (c.name == name) return c;
  }
  throw std::runtime_error("no golden case " + name + " in " + family + ".json");
}

/// Registers the golden tests of a family, "Keras" for tests/golden/families/keras.json, with
/// the construction of each case in `table`, named as TEST and TEST_P would name them:
/// `KerasGolden.EveryCaseHasAConstruction` (the file has `min_cases` cases at least, each with a
/// construction, and each construction a case), and per construction
/// `Keras/KerasGoldenCase.ValuesBitForBit/<case>`, `.ScheduleLRAbsoluteOnTwoGroups/<case>` and
/// `.ResumesThroughScheduleLR/<case>`. Returns true: a namespace-scope constant initialized with
/// it registers them before the tests run.
inline bool register_tests(const std::string& family, std::size_t min_cases,
                           const std::map<std::string, Factory>& table) {
  std::string file = family;
  for (char& c : file) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto add = [](const std::string& suite, const std::string& test, const char* param,
                      std::function<void()> body) {
    ::testing::RegisterTest(
        suite.c_str(), test.c_str(), nullptr, param, __FILE__, __LINE__,
        [body = std::move(body)]() -> RegisteredTest* { return new RegisteredTest(body); });
  };
  add(family + "Golden", "EveryCaseHasAConstruction", nullptr, [file, min_cases, &table] {
    const std::vector<GoldenCase> cases = load(file);
    ASSERT_GE(cases.size(), min_cases);
    expect_table_covers(cases, table);
  });
  using Check = void (*)(const GoldenCase&, const Factory&);
  const std::pair<const char*, Check> checks[] = {
      {"ValuesBitForBit", expect_values},
      {"ScheduleLRAbsoluteOnTwoGroups", expect_schedule_lr},
      {"ResumesThroughScheduleLR", expect_resume},
  };
  for (const auto& [check_name, check] : checks) {
    for (const auto& [name, make] : table) {
      add(family + "/" + family + "GoldenCase", std::string(check_name) + "/" + name, name.c_str(),
          [file, name = name, make = make, check = check] {
            check(golden_case(file, name), make);
          });
    }
  }
  return true;
}

}  // namespace pure_schedule_golden
