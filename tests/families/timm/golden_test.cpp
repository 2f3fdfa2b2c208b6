// Every golden case of timm.json, replayed through lrsched's timm classes as `simulate` runs
// timm's own: the same lr in every row, bit for bit, or the same refusal.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cases.hpp"
#include "lrsched/error.hpp"

namespace timm_test {
namespace {

class TimmGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(TimmGolden, ReplaysBitForBit) {
  const GoldenCase& c = GetParam();
  const auto it = constructions().find(c.name);
  ASSERT_NE(it, constructions().end()) << "no C++ construction for golden case " << c.name;
  const Construction& construction = it->second;
  auto optimizer = make_optimizer(c);
  std::vector<std::vector<double>> rows;
  try {
    auto scheduler = construction.build(optimizer);
    run_rows(c, *scheduler, optimizer, 0, c.steps, rows);
  } catch (const lrsched::Error& e) {
    ASSERT_TRUE(c.expected_error.has_value())
        << c.spec << "\nunexpected " << e.type() << ": " << e.what();
    if (*c.expected_error == "AssertionError") {
      // timm's bare `assert`: lrsched names the asserted condition.
      EXPECT_EQ(e.type(), "AssertionError") << c.spec;
      EXPECT_EQ(e.message(), construction.assertion) << c.spec;
    } else {
      EXPECT_EQ(std::string(e.type()) + ": " + e.message(), *c.expected_error) << c.spec;
    }
    return;
  }
  ASSERT_FALSE(c.expected_error.has_value()) << c.spec << "\ntimm refuses: " << *c.expected_error;
  ASSERT_EQ(rows.size(), c.expected_lr.size()) << c.spec;
  for (std::size_t g = 0; g < rows.size(); ++g) {
    ASSERT_EQ(rows[g].size(), c.expected_lr[g].size()) << c.spec;
    for (std::size_t k = 0; k < rows[g].size(); ++k) {
      ASSERT_TRUE(SameBits(rows[g][k], c.expected_lr[g][k]))
          << c.spec << "\ngroup " << g << ", row " << k;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, TimmGolden, ::testing::ValuesIn(golden_cases()), CaseName);

TEST(TimmGoldenFile, CoversEveryClassAndTheTableMatchesIt) {
  std::set<std::string> names;
  std::set<std::string> classes;
  std::size_t values = 0;
  for (const GoldenCase& c : golden_cases()) {
    names.insert(c.name);
    classes.insert(c.spec.substr(0, c.spec.find('(')));
    for (const auto& group : c.expected_lr) values += group.size();
    const auto it = constructions().find(c.name);
    ASSERT_NE(it, constructions().end()) << c.name;
    // A condition message exactly where timm's assert has none.
    EXPECT_EQ(!it->second.assertion.empty(), c.expected_error == "AssertionError") << c.name;
  }
  for (const auto& [name, construction] : constructions()) {
    EXPECT_TRUE(names.contains(name)) << "construction without a golden case: " << name;
  }
  EXPECT_GE(golden_cases().size(), 60U);
  EXPECT_GE(values, 2000U);
  EXPECT_EQ(classes, (std::set<std::string>{
                         "timm.scheduler.CosineLRScheduler", "timm.scheduler.TanhLRScheduler",
                         "timm.scheduler.StepLRScheduler", "timm.scheduler.MultiStepLRScheduler",
                         "timm.scheduler.PlateauLRScheduler", "timm.scheduler.PolyLRScheduler"}));
}

}  // namespace
}  // namespace timm_test
