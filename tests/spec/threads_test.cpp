// A compiled expression is immutable: many threads may evaluate one at once (docs/guarantees.md).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "../support/run_concurrently.hpp"
#include "lrsched/spec/expression.hpp"

namespace {

using lrsched::spec::Expression;
using lrsched::spec::Number;

TEST(ExpressionThreadsTest, SharedExpression) {
  const Expression e = Expression::compile(
      "lr * 0.5 * (1 + math.cos(math.pi * (step % 100) / 100)) if step >= 5 else lr * step / 5",
      {"step", "lr"});
  auto run = [&e] {
    std::vector<double> out;
    out.reserve(50000);
    for (std::int64_t k = 0; k < 50000; ++k) {
      const Number args[] = {Number::from_int(k), Number::from_float(0.1)};
      out.push_back(e.evaluate(args).to_double());
    }
    return out;
  };
  const std::vector<double> reference = run();
  EXPECT_EQ(reference[0], 0.0);
  EXPECT_EQ(reference[105], 0.1 * 0.5 * (1 + std::cos(std::numbers::pi * 5 / 100)));
  for (const auto& r : lrsched_test::run_concurrently(run, 4)) EXPECT_EQ(r, reference);
}

}  // namespace
