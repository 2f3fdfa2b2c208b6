// The golden cases of tests/golden/families/timm.json (written by tools/gen_family_golden.py from
// tools/family_cases/timm.py), and the C++ construction of each, by name.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "lrsched/families/timm.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/spec/expression.hpp"

namespace timm_test {

/// One golden case: the `lrsched simulate` inputs and timm's result.
struct GoldenCase {
  std::string name;
  std::string spec;
  std::vector<double> lr;
  std::int64_t steps = 0;
  std::string optimizer;
  double momentum = 0.0;
  std::optional<std::string> metric;
  std::vector<std::vector<double>> expected_lr;  // per group, one value per row
  std::optional<std::string> expected_error;     // "Type: message", or "Type" alone
};

/// gtest prints a case by its name.
inline void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

/// Every case of timm.json, in file order.
const std::vector<GoldenCase>& golden_cases();

/// How the C++ API writes a case's spec.
struct Construction {
  std::function<std::unique_ptr<lrsched::timm::Scheduler>(lrsched::OptimizerView&)> build;
  /// Where timm raises a bare `assert` (the golden file says "AssertionError" alone): lrsched's
  /// message, the asserted condition.
  std::string assertion;
};

/// The construction of every golden case, by case name.
const std::map<std::string, Construction>& constructions();

/// The optimizer `simulate` builds for a case: one group per lr.
lrsched::InMemoryOptimizer make_optimizer(const GoldenCase& c);

/// Runs `rows` rows of a case as `simulate` does, from row `first` on: record every group's lr,
/// evaluate the metric, step with `epoch = k + 1` (or `num_updates = k + 1`). Appends to `out`
/// (one list per group).
void run_rows(const GoldenCase& c, lrsched::timm::Scheduler& scheduler,
              lrsched::InMemoryOptimizer& optimizer, std::int64_t first, std::int64_t rows,
              std::vector<std::vector<double>>& out);

/// A parameterized test's name: the case's name.
std::string CaseName(const ::testing::TestParamInfo<GoldenCase>& param);

/// Bit-identical doubles.
::testing::AssertionResult SameBits(double actual, double expected);

}  // namespace timm_test
