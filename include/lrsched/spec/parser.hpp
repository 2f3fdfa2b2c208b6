// Parser of the spec language: one scheduler call written as in Python, without the optimizer
// argument, e.g. `Outer([Inner(start_factor=0.1, total_iters=5), Other(0.9)], milestones=[5])`.
#pragma once

#include <string_view>

#include "lrsched/spec/limits.hpp"
#include "lrsched/spec/value.hpp"

namespace lrsched::spec {

/// Parses a spec into its top-level call. Literal arithmetic (`1/3`, `0.9**2`, `-1`,
/// `float('inf')`, `math.pi`) is evaluated with Python semantics; lambdas are compiled.
/// Throws SyntaxError (NameError, TypeError, ... as Python would) with a position for malformed
/// text, and ZeroDivisionError / ValueError / OverflowError when literal arithmetic fails as it
/// would in Python.
[[nodiscard]] Call parse_spec(std::string_view text);

}  // namespace lrsched::spec
