// The expression compiler's entry for syntax trees (private to lrsched::spec): the spec reader
// compiles lambda bodies and evaluates literal arithmetic through it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lrsched/spec/expression.hpp"
#include "syntax.hpp"

namespace lrsched::spec {

/// Compiles `tree` whose free names are `parameters`. `source` is the text the tree's offsets
/// refer to (for error positions); the expression's text() is the tree's part of it. Throws as
/// Expression::compile does.
[[nodiscard]] Expression compile_tree(const syntax::Ast& tree, std::vector<std::string> parameters,
                                      std::string_view source);

}  // namespace lrsched::spec
