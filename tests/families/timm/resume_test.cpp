// Resume: every golden case that runs, saved at several steps with lrsched's state functions,
// loaded into a freshly built scheduler on a fresh optimizer, continues with timm's values.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "cases.hpp"
#include "lrsched/state_json.hpp"

namespace timm_test {
namespace {

std::vector<GoldenCase> running_cases() {
  std::vector<GoldenCase> out;
  for (const GoldenCase& c : golden_cases()) {
    if (!c.expected_error && c.steps >= 2) out.push_back(c);
  }
  return out;
}

class TimmResume : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(TimmResume, ContinuesExactlyAfterLoad) {
  const GoldenCase& c = GetParam();
  const Construction& construction = constructions().at(c.name);
  const std::set<std::int64_t> splits = {0, 1, c.steps / 3, c.steps / 2, c.steps - 1};
  for (const std::int64_t split : splits) {
    SCOPED_TRACE("saved after " + std::to_string(split) + " steps: " + c.spec);
    auto first = make_optimizer(c);
    auto saved = construction.build(first);
    std::vector<std::vector<double>> rows;
    run_rows(c, *saved, first, 0, split, rows);
    const std::string document =
        lrsched::save_state(*saved, first, {.spec = c.spec, .steps = split});

    auto second = make_optimizer(c);
    auto resumed = construction.build(second);
    const lrsched::StateInfo info = lrsched::load_state(*resumed, second, document);
    EXPECT_EQ(info.steps, split);
    // Everything the document holds was restored: saving again writes the same document.
    EXPECT_EQ(lrsched::save_state(*resumed, second, {.spec = c.spec, .steps = split}), document);
    run_rows(c, *resumed, second, split, c.steps - split, rows);
    ASSERT_EQ(rows.size(), c.expected_lr.size());
    for (std::size_t g = 0; g < rows.size(); ++g) {
      ASSERT_EQ(rows[g].size(), c.expected_lr[g].size());
      for (std::size_t k = 0; k < rows[g].size(); ++k) {
        ASSERT_TRUE(SameBits(rows[g][k], c.expected_lr[g][k])) << "group " << g << ", row " << k;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, TimmResume, ::testing::ValuesIn(running_cases()), CaseName);

}  // namespace
}  // namespace timm_test
