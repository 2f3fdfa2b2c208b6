// The value model of the spec language: the Python literals a scheduler spec can contain
// (`Name(30, gamma=0.1)`). Malformed input raises lrsched::SyntaxError, NameError, ... with a
// position (lrsched/error.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lrsched/error.hpp"
#include "lrsched/spec/limits.hpp"

namespace lrsched::spec {

class Expression;
struct Value;
struct KeywordArgument;

/// Python's `None`.
struct NoneType {
  bool operator==(const NoneType&) const = default;
};

/// `[a, b, ...]`.
struct List {
  std::vector<Value> items;
};

/// `(a, b, ...)`, including `()` and `(a,)`.
struct Tuple {
  std::vector<Value> items;
};

/// `range(start, stop, step)`, with Python's semantics for ints, and its items (a spec's ranges
/// have at most kMaxRangeLength in all).
struct Range {
  std::int64_t start = 0;
  std::int64_t stop = 0;
  std::int64_t step = 1;
  std::vector<Value> items;
};

/// `{a, b, ...}`: hashable items, distinct as Python compares them (the first of equal ones
/// kept), in the order written. Python iterates a set in its hash table's order, which the spec
/// language does not reproduce: an argument whose origin reads items in order refuses a set.
struct Set {
  std::vector<Value> items;
};

struct DictItem;

/// `{key: value, ...}` or `dict(name=value, ...)`: items in insertion order, keys distinct as
/// Python compares them (`1`, `1.0` and `True` are one key; a repeated key keeps its first
/// position and takes the last value).
struct Dict {
  std::vector<DictItem> items;
  /// The value for `key`, or null.
  [[nodiscard]] const Value* find(const Value& key) const;
};

/// A call such as `Name(30, gamma=0.1)`; nested calls appear as values inside lists.
struct Call {
  std::string name;  // as written, dotted prefixes included: "lr_scheduler.Name"
  std::size_t name_offset = 0;
  std::vector<Value> args;
  std::vector<KeywordArgument> keywords;
  std::shared_ptr<const std::string> source;  // the whole spec text, for caret messages
};

/// `lambda x: <expr>`; the body is compiled once and evaluated without allocation.
struct Lambda {
  std::vector<std::string> parameters;
  std::shared_ptr<const Expression> body;
  std::string source;  // "lambda step: step % 40 / 100."
};

/// A member of an origin's str enum, such as transformers' `SchedulerType.COSINE`. The enum
/// subclasses str, so Python compares, hashes and concatenates a member as its value
/// ('cosine'), while str() and f-strings show `SchedulerType.COSINE` (Python 3.11), repr()
/// `<SchedulerType.COSINE: 'cosine'>`, and type() is the enum.
struct EnumMember {
  std::string enum_name;  // "SchedulerType"
  std::string name;       // "COSINE"
  std::string value;      // "cosine"
};

/// A Python value. `offset` is the byte offset of its first character in the spec text.
struct Value {
  using Data = std::variant<NoneType, bool, std::int64_t, double, std::string, List, Tuple, Dict,
                            Call, Lambda, EnumMember, Range, Set>;
  Data data;
  std::size_t offset = 0;

  [[nodiscard]] bool is_none() const { return std::holds_alternative<NoneType>(data); }
  [[nodiscard]] bool is_bool() const { return std::holds_alternative<bool>(data); }
  /// Python's isinstance(v, int): true for bools too.
  [[nodiscard]] bool is_int() const {
    return std::holds_alternative<std::int64_t>(data) || is_bool();
  }
  [[nodiscard]] bool is_float() const { return std::holds_alternative<double>(data); }
  [[nodiscard]] bool is_number() const { return is_int() || is_float(); }
  /// Python's isinstance(v, str): true for str enum members too.
  [[nodiscard]] bool is_string() const {
    return std::holds_alternative<std::string>(data) || std::holds_alternative<EnumMember>(data);
  }
  [[nodiscard]] bool is_call() const { return std::holds_alternative<Call>(data); }
  [[nodiscard]] bool is_dict() const { return std::holds_alternative<Dict>(data); }
  [[nodiscard]] bool is_lambda() const { return std::holds_alternative<Lambda>(data); }
  /// True for lists and tuples (PyTorch accepts either where it takes a sequence).
  [[nodiscard]] bool is_sequence() const {
    return std::holds_alternative<List>(data) || std::holds_alternative<Tuple>(data);
  }
  [[nodiscard]] bool is_range() const { return std::holds_alternative<Range>(data); }
  [[nodiscard]] bool is_set() const { return std::holds_alternative<Set>(data); }
  /// The items of a list, tuple, range or set; empty for anything else.
  [[nodiscard]] std::span<const Value> items() const;
  /// An int or bool as int64 (precondition: is_int()).
  [[nodiscard]] std::int64_t as_int() const;
  /// A number as double, ints converted as Python's int.__float__ (precondition: is_number()).
  [[nodiscard]] double as_double() const;
  /// A str's text, or an enum member's value, as Python compares them (precondition:
  /// is_string()).
  [[nodiscard]] const std::string& as_string() const;
};

/// One `key: value` of a dict.
struct DictItem {
  Value key;
  Value value;
};

/// Python's `==` on dict keys: numbers by value across int, float and bool; strings (an enum
/// member as its value), None, and tuples and ranges by their items. Other values (lists, sets,
/// dicts, calls, lambdas) are not keys.
[[nodiscard]] bool keys_equal(const Value& a, const Value& b);

/// `name=value` in a call.
struct KeywordArgument {
  std::string name;
  std::size_t offset = 0;
  Value value;
};

/// Python's repr(): `0.1`, `1e-05`, `'min'`, `[1, 2]`, `(1,)`, `{'a': 1}`, `None`,
/// `<SchedulerType.COSINE: 'cosine'>`, `range(0, 90, 30)`; a set's items in the order written.
/// Calls print in normalized source form and lambdas as their source text (Python would print an
/// object address).
[[nodiscard]] std::string repr(const Value& value);

/// Python's str(): a str as it is, an enum member as `SchedulerType.COSINE`, anything else as its
/// repr(). What f-strings and `%s` show.
[[nodiscard]] std::string str(const Value& value);

/// Python's repr() of a float: shortest round-trip digits, `.0` on integral values, exponent
/// form when the decimal exponent is < -4 or >= 16 (`1e-05`, `1e+16`), `inf`, `nan`.
[[nodiscard]] std::string float_repr(double value);

/// `type(v).__name__`: "int", "float", "str", "list", "tuple", "range", "set", "NoneType", "bool",
/// "function";
/// a call reports its name without a dotted prefix ("Name" for "lr_scheduler.Name"), an enum
/// member its enum ("SchedulerType").
[[nodiscard]] std::string type_name(const Value& value);

/// Python's repr(type(v)): `<class 'int'>`, `<class 'StepLR'>`, `<enum 'SchedulerType'>`.
[[nodiscard]] std::string type_repr(const Value& value);

/// The candidate closest to `name` under Python's suggestion rule (case-insensitive-friendly
/// Levenshtein with a length-dependent cutoff), or nullopt when none is close enough.
[[nodiscard]] std::optional<std::string> closest_name(std::string_view name,
                                                      std::span<const std::string_view> candidates);

}  // namespace lrsched::spec
