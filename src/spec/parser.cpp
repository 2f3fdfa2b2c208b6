// The spec reader: parse_spec() turns the syntax tree of a spec into Values, compiling lambdas
// and evaluating literal arithmetic with the expression engine, so that both follow one set of
// Python rules.
#include "lrsched/spec/parser.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "enums.hpp"
#include "expression_compiler.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/expression.hpp"
#include "lrsched/spec/limits.hpp"
#include "lrsched/spec/registry.hpp"
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

// Python's builtins that make a container: `dict(a=1)`, `range(30, 90, 30)`, `list(range(3))`,
// `tuple(...)`, `sorted({60, 30})`.
bool is_container_builtin(std::string_view name) {
  return name == "dict" || name == "range" || name == "list" || name == "tuple" || name == "sorted";
}

// Python's `a < b` for two numbers, exact across int and float (neither a nan).
bool number_less(const Value& a, const Value& b) {
  constexpr double kTwoTo63 = 9223372036854775808.0;
  if (!a.is_float() && !b.is_float()) return a.as_int() < b.as_int();
  if (a.is_float() && b.is_float()) return a.as_double() < b.as_double();
  if (a.is_float()) {  // d < i
    const double d = a.as_double();
    if (d >= kTwoTo63) return false;
    if (d < -kTwoTo63) return true;
    const double above = std::ceil(d);
    const auto c = static_cast<std::int64_t>(above);
    return c < b.as_int() || (c == b.as_int() && d < above);
  }
  const double d = b.as_double();  // i < d
  if (d >= kTwoTo63) return true;
  if (d < -kTwoTo63) return false;
  const double below = std::floor(d);
  const auto f = static_cast<std::int64_t>(below);
  return a.as_int() < f || (a.as_int() == f && d > below);
}

class ValueBuilder {
 public:
  explicit ValueBuilder(std::string_view text)
      : text_(text), source_(std::make_shared<const std::string>(text)) {}

  Value value(const Ast& ast) {
    if (std::optional<Value> named = enum_expression(ast)) return std::move(*named);
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
      case AstKind::kSet: {
        Set set;
        for (const Ast& child : ast.children) {
          Value item = value(child);
          require_hashable(item);
          const auto equal = [&](const Value& existing) { return keys_equal(existing, item); };
          if (std::none_of(set.items.begin(), set.items.end(), equal)) {
            set.items.push_back(std::move(item));
          }
        }
        out.data = std::move(set);
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
        if (name == "range") {
          out.data = range_call(ast);
          return out;
        }
        if (name && is_container_builtin(*name)) {
          out.data = sequence_call(ast, *name);
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
    refuse_optimizer_argument(ast, name);
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
    require_hashable(key);
    for (DictItem& existing : dict.items) {
      if (keys_equal(existing.key, key)) {
        existing.value = std::move(item);
        return;
      }
    }
    dict.items.push_back({std::move(key), std::move(item)});
  }

  // A dict key or set item: what Python can hash, among the values a spec has.
  void require_hashable(const Value& key) const {
    if (!hashable(key)) {
      throw TypeError("unhashable type: '" + type_name(key) + "'", text_, key.offset);
    }
  }

  static bool hashable(const Value& key) {
    if (key.is_range()) return true;
    if (!(key.is_number() || key.is_string() || key.is_none() ||
          std::holds_alternative<Tuple>(key.data))) {
      return false;
    }
    const std::span<const Value> items = key.items();
    return std::all_of(items.begin(), items.end(), hashable);
  }

  // `range(stop)`, `range(start, stop[, step])` of ints, as Python computes them, up to
  // kMaxRangeLength items.
  Range range_call(const Ast& ast) {
    const std::size_t positional = ast.children.size() - 1 - ast.keywords.size();
    if (!ast.keywords.empty()) {
      throw TypeError("range() takes no keyword arguments", text_, ast.keywords.front().offset);
    }
    if (positional == 0 || positional > 3) {
      throw TypeError(std::string("range expected ") +
                          (positional == 0 ? "at least 1 argument" : "at most 3 arguments") +
                          ", got " + std::to_string(positional),
                      text_, ast.children.front().offset);
    }
    std::int64_t bounds[3] = {0, 0, 1};
    for (std::size_t i = 0; i < positional; ++i) {
      const Value v = value(ast.children[1 + i]);
      if (!v.is_int()) {
        throw TypeError("'" + type_name(v) + "' object cannot be interpreted as an integer", text_,
                        v.offset);
      }
      bounds[positional == 1 ? 1 : i] = v.as_int();
    }
    Range range{bounds[0], bounds[1], bounds[2], {}};
    if (range.step == 0) {
      throw ValueError("range() arg 3 must not be zero", text_, ast.children[3].offset);
    }
    // len(range), in unsigned arithmetic: the distance between two int64s fits in 64 bits.
    const bool up = range.step > 0;
    std::uint64_t length = 0;
    if (up ? range.start < range.stop : range.start > range.stop) {
      const std::uint64_t distance =
          up ? static_cast<std::uint64_t>(range.stop) - static_cast<std::uint64_t>(range.start)
             : static_cast<std::uint64_t>(range.start) - static_cast<std::uint64_t>(range.stop);
      const std::uint64_t stride =
          up ? static_cast<std::uint64_t>(range.step) : 0 - static_cast<std::uint64_t>(range.step);
      length = (distance - 1) / stride + 1;
    }
    if (length > kMaxRangeLength - range_items_) {
      throw ValueError(repr(Value{range, 0}) + " has " + std::to_string(length) +
                           (length == 1 ? " item" : " items") +
                           "; the ranges of a spec may have at most " +
                           std::to_string(kMaxRangeLength) + " in all",
                       text_, ast.offset);
    }
    range_items_ += static_cast<std::size_t>(length);
    for (std::uint64_t i = 0; i < length; ++i) {
      const auto item = static_cast<std::int64_t>(static_cast<std::uint64_t>(range.start) +
                                                  i * static_cast<std::uint64_t>(range.step));
      range.items.push_back(Value{item, ast.offset});
    }
    return range;
  }

  // `list(x)`, `tuple(x)` and `sorted(x[, reverse=...])` of a list, tuple, range, dict (its keys)
  // or, for sorted(), a set.
  Value::Data sequence_call(const Ast& ast, const std::string& name) {
    const std::size_t positional = ast.children.size() - 1 - ast.keywords.size();
    const std::size_t callee = ast.children.front().offset;
    const bool sort = name == "sorted";
    bool reverse = false;
    for (std::size_t k = 0; k < ast.keywords.size(); ++k) {
      const syntax::Keyword& keyword = ast.keywords[k];
      if (!sort) {
        throw TypeError(name + "() takes no keyword arguments", text_, keyword.offset);
      }
      if (keyword.name == "key") {
        if (ast.children[1 + positional + k].kind != AstKind::kNone) {
          throw TypeError("sorted(key=...) is not supported in a spec", text_, keyword.offset);
        }
        continue;
      }
      if (keyword.name != "reverse") {
        throw TypeError("'" + keyword.name + "' is an invalid keyword argument for sort()", text_,
                        keyword.offset);
      }
      const Value flag = value(ast.children[1 + positional + k]);
      if (!flag.is_int()) {
        throw TypeError("'" + type_name(flag) + "' object cannot be interpreted as an integer",
                        text_, flag.offset);
      }
      reverse = flag.as_int() != 0;
    }
    if (sort ? positional != 1 : positional > 1) {
      throw TypeError(name + " expected " + (sort ? "1 argument" : "at most 1 argument") +
                          ", got " + std::to_string(positional),
                      text_, callee);
    }
    std::vector<Value> items;
    if (positional == 1) {
      const Value source = value(ast.children[1]);
      if (const auto* dict = std::get_if<Dict>(&source.data)) {
        for (const DictItem& item : dict->items) items.push_back(item.key);
      } else if (source.is_set() && !sort) {
        throw TypeError(name +
                            "() of a set would take Python's hash order, which lrsched does "
                            "not reproduce; write sorted(...) or the " +
                            name + " itself",
                        text_, source.offset);
      } else if (std::holds_alternative<List>(source.data) ||
                 std::holds_alternative<Tuple>(source.data) || source.is_range() ||
                 source.is_set()) {
        items.assign(source.items().begin(), source.items().end());
      } else if (source.is_string()) {
        throw TypeError(name + "() of a str is not supported in a spec", text_, source.offset);
      } else {
        throw TypeError("'" + type_name(source) + "' object is not iterable", text_, source.offset);
      }
    }
    if (sort) sort_items(items, reverse);
    if (name == "tuple") return Tuple{std::move(items)};
    return List{std::move(items)};
  }

  // Python's stable sort of numbers or of strings; what it cannot compare, a TypeError naming
  // the first pair Python would compare.
  void sort_items(std::vector<Value>& items, bool reverse) const {
    enum class Kind { kNumber, kString, kOther };
    const auto kind = [](const Value& v) {
      return v.is_number() ? Kind::kNumber : v.is_string() ? Kind::kString : Kind::kOther;
    };
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Value& item = items[i];
      if (i > 0 && kind(item) != kind(items[i - 1])) {
        throw TypeError("'<' not supported between instances of '" + type_name(item) + "' and '" +
                            type_name(items[i - 1]) + "'",
                        text_, item.offset);
      }
      if (kind(item) == Kind::kOther) {
        throw TypeError("sorted() of " + type_name(item) + " items is not supported in a spec",
                        text_, item.offset);
      }
      if (item.is_float() && std::isnan(item.as_double())) {
        throw ValueError(
            "sorted() of a nan is not supported in a spec (Python's order then "
            "depends on where it is)",
            text_, item.offset);
      }
    }
    const auto less = [](const Value& a, const Value& b) {
      return a.is_number() ? number_less(a, b) : a.as_string() < b.as_string();
    };
    // reverse=True keeps equal items in their order, as Python's does.
    std::stable_sort(items.begin(), items.end(), [&](const Value& a, const Value& b) {
      return reverse ? less(b, a) : less(a, b);
    });
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

  // The namespace's str enums (enums.hpp) as Python evaluates them: `SchedulerType.COSINE`,
  // `transformers.SchedulerType('cosine')`, `SchedulerType.COSINE.value`; nullopt for an
  // expression that does not start at one.
  std::optional<Value> enum_expression(const Ast& ast) {
    if (const StrEnum* e = enum_named(ast)) {
      throw TypeError(std::string(e->name) +
                          " is an enum: a spec takes one of its members, as in " +
                          std::string(e->name) + "." + e->members.front().name + " or " +
                          std::string(e->name) + "(" + repr(Value{e->members.front().value}) + ")",
                      text_, ast.offset);
    }
    if (ast.kind == AstKind::kCall) {
      const StrEnum* e = enum_named(ast.children.front());
      if (e == nullptr) return std::nullopt;
      return Value{enum_call(*e, ast), ast.offset};
    }
    if (ast.kind != AstKind::kAttribute) return std::nullopt;
    const Ast& base = ast.children.front();
    const std::string& name = ast.text;
    const auto dot = static_cast<std::size_t>(ast.int_value);
    if (const StrEnum* e = enum_named(base)) {
      if (const EnumMember* member = e->member(name)) return Value{*member, ast.offset};
      if (is_str_attribute(name) || name == "mro") unsupported_attribute(name, dot);
      throw AttributeError(name, text_, dot + 1);  // as EnumType.__getattr__ raises it
    }
    std::optional<Value> object = enum_expression(base);
    if (!object) return std::nullopt;
    if (const auto* member = std::get_if<EnumMember>(&object->data)) {
      if (name == "name") return Value{member->name, ast.offset};
      if (name == "value") return Value{member->value, ast.offset};
      // Python 3.11 finds a member's fellow members on it too.
      if (const EnumMember* other = find_str_enum(member->enum_name)->member(name)) {
        return Value{*other, ast.offset};
      }
    }
    if (is_str_attribute(name)) unsupported_attribute(name, dot);
    throw AttributeError("'" + type_name(*object) + "' object has no attribute '" + name + "'",
                         text_, dot + 1);
  }

  [[nodiscard]] static const StrEnum* enum_named(const Ast& ast) {
    const auto name = dotted_name(ast);
    return name ? find_str_enum(*name) : nullptr;
  }

  [[noreturn]] void unsupported_attribute(const std::string& name, std::size_t dot) const {
    throw TypeError("attribute access is not supported ('." + name +
                        "'); only an enum's members and their .name and .value are",
                    text_, dot);
  }

  // `Enum(...)`: EnumType.__call__(cls, value, names=None, *, module=None, qualname=None,
  // type=None, start=1, boundary=None) bound as CPython binds it, after its arguments are
  // evaluated. With `names` None it looks the value up; any other `names` asks for a new enum
  // extending this one, which Python refuses since it has members.
  EnumMember enum_call(const StrEnum& e, const Ast& ast) {
    static constexpr std::string_view kFunction = "EnumType.__call__()";
    static constexpr std::string_view kKeywordOnly[] = {"module", "qualname", "type", "start",
                                                        "boundary"};
    const std::size_t positional = ast.children.size() - 1 - ast.keywords.size();
    std::optional<Value> slots[2];  // value, names
    std::vector<Value> arguments;
    for (std::size_t i = 1; i < ast.children.size(); ++i) {
      arguments.push_back(value(ast.children[i]));
    }
    for (std::size_t i = 0; i < std::min<std::size_t>(positional, 2); ++i) slots[i] = arguments[i];
    std::size_t keyword_only = 0;
    for (std::size_t k = 0; k < ast.keywords.size(); ++k) {
      const syntax::Keyword& keyword = ast.keywords[k];
      const bool is_value = keyword.name == "value";
      if (is_value || keyword.name == "names") {
        std::optional<Value>& slot = slots[is_value ? 0 : 1];
        if (slot) {
          throw TypeError(
              std::string(kFunction) + " got multiple values for argument '" + keyword.name + "'",
              text_, keyword.offset);
        }
        slot = arguments[positional + k];
      } else if (std::find(std::begin(kKeywordOnly), std::end(kKeywordOnly), keyword.name) !=
                 std::end(kKeywordOnly)) {
        ++keyword_only;
      } else {
        throw TypeError(
            std::string(kFunction) + " got an unexpected keyword argument '" + keyword.name + "'",
            text_, keyword.offset);
      }
    }
    const std::size_t callee = ast.children.front().offset;
    if (positional > 2) {
      const std::size_t given = positional + 1;  // with cls
      std::string message = std::string(kFunction) +
                            " takes from 2 to 3 positional arguments but " + std::to_string(given);
      if (keyword_only > 0) {
        message += " positional arguments (and " + std::to_string(keyword_only) +
                   " keyword-only argument" + (keyword_only == 1 ? ")" : "s)");
      }
      throw TypeError(message + " were given", text_, callee);
    }
    if (!slots[0]) {
      throw TypeError(std::string(kFunction) + " missing 1 required positional argument: 'value'",
                      text_, callee);
    }
    if (slots[1] && !slots[1]->is_none()) {
      throw TypeError(
          "<enum " + repr(*slots[0]) + "> cannot extend <enum '" + std::string(e.name) + "'>",
          text_, callee);
    }
    try {
      return e.lookup(*slots[0]);
    } catch (const ValueError& error) {
      throw ValueError(error.message(), text_, slots[0]->offset);
    }
  }

  // Code pasted from a training script passes the optimizer, which lrsched supplies:
  // `StepLR(optim, 30)`, `StepLR(self.optimizer, 30)`, `get_scheduler('linear', opt, 10)`,
  // `StepLR(optimizer=opt, step_size=30)`. An argument that is a name or an attribute chain
  // where the schedule's signature takes its optimizer is refused as an argument too many, with
  // the call as it should be written.
  void refuse_optimizer_argument(const Ast& ast, const std::string& name) const {
    const ScheduleEntry* entry = find_schedule(name);
    if (entry == nullptr) {
      // Python looks the callee up before its arguments: where an argument would be a NameError
      // too (`StepLr(optim, 30)`), the unknown schedule is the one to report.
      const auto arguments = std::span(ast.children).subspan(1);
      if (std::any_of(arguments.begin(), arguments.end(), names_an_object)) {
        Call unknown;
        unknown.name = name;
        unknown.name_offset = ast.children.front().offset;
        unknown.source = source_;
        (void)resolve_schedule(unknown);  // throws its NameError with the closest name
      }
      return;
    }
    const SchedulerSignature& signature = entry->signature;
    std::optional<std::size_t> index =
        signature.optimizer_first ? std::optional<std::size_t>(0) : signature.optimizer_index;
    const auto& parameters = signature.parameters;
    const auto listed = std::find_if(parameters.begin(), parameters.end(),
                                     [](const Parameter& p) { return p.name == "optimizer"; });
    if (listed != parameters.end()) {
      index = static_cast<std::size_t>(listed - parameters.begin());  // ChainedScheduler's
    }
    if (!index) return;  // a pure schedule (Optax, Keras)
    const std::size_t positional = ast.children.size() - 1 - ast.keywords.size();
    if (*index < positional && names_an_object(ast.children[1 + *index])) {
      const Ast& argument = ast.children[1 + *index];
      optimizer_given(ast, argument.offset, argument.end);
    }
    for (std::size_t k = 0; k < ast.keywords.size(); ++k) {
      const Ast& value = ast.children[1 + positional + k];
      if (ast.keywords[k].name == "optimizer" && names_an_object(value)) {
        optimizer_given(ast, ast.keywords[k].offset, value.end);
      }
    }
  }

  // Whether `ast` is a name or attribute chain that would be an object of the user's script
  // (`optim`, `self.optimizer`) rather than a value a spec has (`inf`, `math.pi`, an enum member).
  [[nodiscard]] static bool names_an_object(const Ast& ast) {
    const auto name = dotted_name(ast);
    if (!name || *name == "inf" || *name == "nan" || name->starts_with("math.")) return false;
    for (std::size_t dot = name->find('.'); dot != std::string::npos;
         dot = name->find('.', dot + 1)) {
      if (find_str_enum(std::string_view(*name).substr(0, dot)) != nullptr) return false;
    }
    return find_str_enum(*name) == nullptr;
  }

  [[noreturn]] void optimizer_given(const Ast& call, std::size_t begin, std::size_t end) const {
    const std::string_view written = text_.substr(call.offset, call.end - call.offset);
    const std::string_view argument = text_.substr(begin, end - begin);
    const std::string_view callee =
        text_.substr(call.offset, call.children.front().end - call.offset);
    std::string message;
    if (written.size() <= kLongestQuoted && written.find('\n') == std::string_view::npos) {
      message = std::string(written) + ": lrsched supplies the optimizer; write " +
                without(call.offset, call.end, begin, end);
    } else {
      message = std::string(callee) + "(): lrsched supplies the optimizer; leave '" +
                std::string(argument) + "' out of the call";
    }
    throw TypeError(message, text_, begin);
  }

  [[noreturn]] void unknown_name(const Ast& ast) const {
    std::string message = "name '" + ast.text + "' is not defined";
    if (ast.text == "optimizer") {
      message += "; write the scheduler without its optimizer argument";
      if (text_.size() <= kLongestQuoted) {
        message += ", as in " + without(0, text_.size(), ast.offset, ast.offset + ast.text.size());
      }
    } else {
      static constexpr std::string_view kConstants[] = {"True", "False", "None"};
      if (auto match = closest_name(ast.text, kConstants)) {
        message += ". Did you mean '" + *match + "'?";
      }
    }
    throw NameError(message, text_, ast.offset);
  }

  // Quoted specs and calls in messages are at most this long.
  static constexpr std::size_t kLongestQuoted = 72;

  // "F(30)" for "F(optimizer, 30)": the text in [first, last) with the argument at [begin, end)
  // and its comma taken out.
  [[nodiscard]] std::string without(std::size_t first, std::size_t last, std::size_t begin,
                                    std::size_t end) const {
    const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
    std::size_t after = end;
    while (after < last && is_space(text_[after])) ++after;
    if (after < last && text_[after] == ',') {
      end = after + 1;  // "F(optimizer, 30)": the comma after it and the spaces up to 30
      while (end < last && is_space(text_[end])) ++end;
    } else {
      std::size_t before = begin;  // "F(30, optimizer)": the comma before it
      while (before > first && is_space(text_[before - 1])) --before;
      if (before > first && text_[before - 1] == ',') begin = before - 1;
    }
    std::string fixed(text_.substr(first, begin - first));
    fixed += text_.substr(end, last - end);
    return fixed;
  }

  std::string_view text_;
  std::shared_ptr<const std::string> source_;
  std::size_t range_items_ = 0;  // the items of the spec's ranges so far, bounded in all
};

}  // namespace

Call parse_spec(std::string_view text) {
  const Ast ast = syntax::parse(text);
  const auto name = ast.kind == AstKind::kCall ? dotted_name(ast.children.front()) : std::nullopt;
  if (!name || is_builtin_function(*name) || is_container_builtin(*name) ||
      find_str_enum(*name) != nullptr) {
    throw SyntaxError("a spec must be a scheduler call such as Name(arg, keyword=value)", text,
                      ast.offset);
  }
  return ValueBuilder(text).call(ast, *name);
}

}  // namespace lrsched::spec
