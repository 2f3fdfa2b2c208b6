// The bounds every spec and expression text is checked against before anything else reads it,
// so that hostile input cannot exhaust the stack or the time of the parser and its passes.
#pragma once

#include <cstddef>

namespace lrsched::spec {

/// Longest accepted spec or expression text, in bytes.
inline constexpr std::size_t kMaxSpecLength = 10000;
/// Deepest accepted nesting of brackets, calls, lambdas and unary operators. Each level costs
/// about 6 KiB of parser stack (measured at -O2), so the worst case stays near 200 KiB.
inline constexpr int kMaxNesting = 32;
/// Most items the `range(...)`s of a spec may have in all: as many as the longest spec could
/// write out, so that no spec holds much more than its text.
inline constexpr std::size_t kMaxRangeLength = kMaxSpecLength;
/// Highest accepted syntax tree (`1+1+...+1` is as high as it is long): bounds the recursion of
/// every pass over a tree, expression evaluation included (Expression::kMaxDepth).
inline constexpr int kMaxExpressionDepth = 100;

}  // namespace lrsched::spec
