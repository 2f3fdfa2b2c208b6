// The spec reader: parse_spec() turns the syntax tree of a spec into Values, compiling lambdas
// and evaluating literal arithmetic with the expression engine, so that both follow one set of
// Python rules.
#include "lrsched/spec/parser.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expression_compiler.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/expression.hpp"
#include "syntax.hpp"

namespace lrsched::spec {
namespace {

using syntax::Ast;
using syntax::AstKind;
using syntax::dotted_name;

bool is_builtin_function(std::string_view name) {
  return name == "min" || name == "max" || name == "abs" || name == "int" || name == "float" ||
         name == "round" || name.starts_with("math.");
}

class ValueBuilder {
 public:
  explicit ValueBuilder(std::string_view text)
      : text_(text), source_(std::make_shared<const std::string>(text)) {}

  Value value(const Ast& ast) {
    Value out;
    out.offset = ast.offset;
    switch (ast.kind) {
      case AstKind::kInt:
        out.data = ast.int_value;
        return out;
      case AstKind::kFloat:
        out.data = ast.float_value;
        return out;
      case AstKind::kString:
        out.data = ast.text;
        return out;
      case AstKind::kNone:
        return out;
      case AstKind::kBool:
        out.data = ast.int_value != 0;
        return out;
      case AstKind::kList:
      case AstKind::kTuple: {
        std::vector<Value> items;
        for (const Ast& child : ast.children) items.push_back(value(child));
        if (ast.kind == AstKind::kList) {
          out.data = List{std::move(items)};
        } else {
          out.data = Tuple{std::move(items)};
        }
        return out;
      }
      case AstKind::kDict: {
        Dict dict;
        for (std::size_t i = 0; i + 1 < ast.children.size(); i += 2) {
          insert(dict, value(ast.children[i]), value(ast.children[i + 1]));
        }
        out.data = std::move(dict);
        return out;
      }
      case AstKind::kLambda: {
        Lambda lambda;
        lambda.parameters = ast.names;
        lambda.body = std::make_shared<const Expression>(
            compile_tree(ast.children.front(), ast.names, text_));
        lambda.source = std::string(text_.substr(ast.offset, ast.end - ast.offset));
        out.data = std::move(lambda);
        return out;
      }
      case AstKind::kName:
        if (ast.text == "inf" || ast.text == "nan") break;  // math.inf, math.nan
        unknown_name(ast);
      case AstKind::kCall: {
        const auto name = dotted_name(ast.children.front());
        if (name == "dict") {
          out.data = dict_call(ast);
          return out;
        }
        if (name && !is_builtin_function(*name)) {
          out.data = call(ast, *name);
          return out;
        }
        if (!name) {
          throw SyntaxError("invalid syntax: expected a scheduler name before '('", text_,
                            ast.children.front().offset);
        }
        break;  // min(...), math.cos(...), float('inf'): a constant expression
      }
      default:
        break;
    }
    // Literal arithmetic such as `1/3`, `-1`, `0.9**2` or `math.pi`: evaluate as Python does.
    const Number number = compile_tree(ast, {}, text_).evaluate({});
    if (number.is_int) {
      out.data = number.i;
    } else {
      out.data = number.f;
    }
    return out;
  }

  Call call(const Ast& ast, std::string name) {
    Call call;
    call.name = std::move(name);
    call.name_offset = ast.children.front().offset;
    call.source = source_;
    const std::size_t positional = ast.children.size() - 1 - ast.keywords.size();
    for (std::size_t i = 0; i < positional; ++i) call.args.push_back(value(ast.children[1 + i]));
    for (std::size_t k = 0; k < ast.keywords.size(); ++k) {
      call.keywords.push_back(
          {ast.keywords[k].name, ast.keywords[k].offset, value(ast.children[1 + positional + k])});
    }
    return call;
  }

 private:
  // Python's dict assignment: a key equal to an earlier one replaces its value in place.
  void insert(Dict& dict, Value key, Value item) const {
    const bool hashable = key.is_number() || key.is_string() || key.is_none() ||
                          std::holds_alternative<Tuple>(key.data);
    if (!hashable || !all_hashable(key)) {
      throw TypeError("unhashable type: '" + type_name(key) + "'", text_, key.offset);
    }
    for (DictItem& existing : dict.items) {
      if (keys_equal(existing.key, key)) {
        existing.value = std::move(item);
        return;
      }
    }
    dict.items.push_back({std::move(key), std::move(item)});
  }

  static bool all_hashable(const Value& key) {
    for (const Value& item : key.items()) {
      if (!(item.is_number() || item.is_string() || item.is_none() ||
            std::holds_alternative<Tuple>(item.data)) ||
          !all_hashable(item)) {
        return false;
      }
    }
    return true;
  }

  // `dict(name=value, ...)`, or `dict()` of one dict (a copy) followed by keywords.
  Dict dict_call(const Ast& ast) {
    const std::size_t positional = ast.children.size() - 1 - ast.keywords.size();
    Dict dict;
    if (positional > 1) {
      throw TypeError("dict expected at most 1 argument, got " + std::to_string(positional), text_,
                      ast.children[2].offset);
    }
    if (positional == 1) {
      Value first = value(ast.children[1]);
      auto* given = std::get_if<Dict>(&first.data);
      if (given == nullptr) {
        throw TypeError("dict() takes a dict or keyword arguments here, not " + type_name(first),
                        text_, first.offset);
      }
      dict = std::move(*given);
    }
    for (std::size_t k = 0; k < ast.keywords.size(); ++k) {
      Value key{std::string(ast.keywords[k].name), ast.keywords[k].offset};
      insert(dict, std::move(key), value(ast.children[1 + positional + k]));
    }
    return dict;
  }

  [[noreturn]] void unknown_name(const Ast& ast) const {
    std::string message = "name '" + ast.text + "' is not defined";
    if (ast.text == "optimizer") {
      message += "; write the scheduler without its optimizer argument" +
                 without_argument(ast.offset, ast.text.size());
    } else {
      static constexpr std::string_view kConstants[] = {"True", "False", "None"};
      if (auto match = closest_name(ast.text, kConstants)) {
        message += ". Did you mean '" + *match + "'?";
      }
    }
    throw NameError(message, text_, ast.offset);
  }

  // ", as in F(30)" for "F(optimizer, 30)": the user's own spec with the argument at
  // [offset, offset + size) and its comma taken out; nothing when the spec is too long to quote.
  [[nodiscard]] std::string without_argument(std::size_t offset, std::size_t size) const {
    constexpr std::size_t kLongestQuoted = 72;
    if (text_.size() > kLongestQuoted) return "";
    const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
    std::size_t begin = offset;
    std::size_t end = offset + size;
    std::size_t after = end;
    while (after < text_.size() && is_space(text_[after])) ++after;
    if (after < text_.size() && text_[after] == ',') {
      end = after + 1;  // "F(optimizer, 30)": the comma after it and the spaces up to 30
      while (end < text_.size() && is_space(text_[end])) ++end;
    } else {
      std::size_t before = begin;  // "F(30, optimizer)": the comma before it
      while (before > 0 && is_space(text_[before - 1])) --before;
      if (before > 0 && text_[before - 1] == ',') begin = before - 1;
    }
    std::string fixed(text_.substr(0, begin));
    fixed += text_.substr(end);
    return ", as in " + fixed;
  }

  std::string_view text_;
  std::shared_ptr<const std::string> source_;
};

}  // namespace

Call parse_spec(std::string_view text) {
  const Ast ast = syntax::parse(text);
  const auto name = ast.kind == AstKind::kCall ? dotted_name(ast.children.front()) : std::nullopt;
  if (!name || is_builtin_function(*name)) {
    throw SyntaxError("a spec must be a scheduler call such as Name(arg, keyword=value)", text,
                      ast.offset);
  }
  return ValueBuilder(text).call(ast, *name);
}

}  // namespace lrsched::spec
