// Value helpers: Python repr, type names and name suggestions.
#include "lrsched/spec/value.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <type_traits>

#include "lrsched/detail/pyrepr.hpp"

namespace lrsched::spec {
namespace {

std::string string_repr(const std::string& text) {
  const bool has_single = text.find('\'') != std::string::npos;
  const bool has_double = text.find('"') != std::string::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out + quote;
}

std::string items_repr(std::span<const Value> items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += repr(items[i]);
  }
  return out;
}

// Python's suggestion metric (Lib/traceback.py): substitutions cost 2, or 1 when only the case
// differs; insertions and deletions cost 2.
std::size_t edit_cost(std::string_view a, std::string_view b) {
  constexpr std::size_t kMoveCost = 2;
  constexpr std::size_t kCaseCost = 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j * kMoveCost;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i * kMoveCost;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const char ca = a[i - 1];
      const char cb = b[j - 1];
      std::size_t substitution = 0;
      if (ca != cb) {
        substitution = std::tolower(static_cast<unsigned char>(ca)) ==
                               std::tolower(static_cast<unsigned char>(cb))
                           ? kCaseCost
                           : kMoveCost;
      }
      const std::size_t next =
          std::min({row[j] + kMoveCost, row[j - 1] + kMoveCost, diagonal + substitution});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::span<const Value> Value::items() const {
  if (const auto* list = std::get_if<List>(&data)) return list->items;
  if (const auto* tuple = std::get_if<Tuple>(&data)) return tuple->items;
  if (const auto* range = std::get_if<Range>(&data)) return range->items;
  if (const auto* set = std::get_if<Set>(&data)) return set->items;
  return {};
}

bool keys_equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_float() || b.is_float()) return a.as_double() == b.as_double();
    return a.as_int() == b.as_int();
  }
  if (a.is_string() && b.is_string()) return a.as_string() == b.as_string();
  if (a.is_none() && b.is_none()) return true;
  // Tuples equal tuples and ranges ranges (range(0) == range(2, 2)), item by item.
  const bool tuples =
      std::holds_alternative<Tuple>(a.data) && std::holds_alternative<Tuple>(b.data);
  if (!tuples && !(a.is_range() && b.is_range())) return false;
  const std::span<const Value> ia = a.items();
  const std::span<const Value> ib = b.items();
  return std::equal(ia.begin(), ia.end(), ib.begin(), ib.end(), keys_equal);
}

const Value* Dict::find(const Value& key) const {
  for (const DictItem& item : items) {
    if (keys_equal(item.key, key)) return &item.value;
  }
  return nullptr;
}

std::int64_t Value::as_int() const {
  if (const auto* flag = std::get_if<bool>(&data)) return *flag ? 1 : 0;
  return std::get<std::int64_t>(data);
}

double Value::as_double() const {
  if (const auto* real = std::get_if<double>(&data)) return *real;
  return static_cast<double>(as_int());
}

const std::string& Value::as_string() const {
  if (const auto* member = std::get_if<EnumMember>(&data)) return member->value;
  return std::get<std::string>(data);
}

std::string str(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value.data)) return *text;
  if (const auto* member = std::get_if<EnumMember>(&value.data)) {
    return member->enum_name + "." + member->name;
  }
  return repr(value);
}

std::string float_repr(double value) { return lrsched::detail::py_float_repr(value); }

std::string repr(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, NoneType>) {
          return "None";
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "True" : "False";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          return float_repr(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return string_repr(v);
        } else if constexpr (std::is_same_v<T, List>) {
          std::string out = "[";
          out += items_repr(v.items);
          return out += ']';
        } else if constexpr (std::is_same_v<T, Tuple>) {
          std::string out = "(";
          out += items_repr(v.items);
          return out += v.items.size() == 1 ? ",)" : ")";
        } else if constexpr (std::is_same_v<T, Range>) {
          std::string out = "range(" + std::to_string(v.start) + ", " + std::to_string(v.stop);
          if (v.step != 1) out += ", " + std::to_string(v.step);
          return out += ')';
        } else if constexpr (std::is_same_v<T, Set>) {
          if (v.items.empty()) return "set()";
          std::string out = "{";
          out += items_repr(v.items);
          return out += '}';
        } else if constexpr (std::is_same_v<T, Dict>) {
          std::string out = "{";
          for (std::size_t i = 0; i < v.items.size(); ++i) {
            if (i > 0) out += ", ";
            out += repr(v.items[i].key);
            out += ": ";
            out += repr(v.items[i].value);
          }
          return out += '}';
        } else if constexpr (std::is_same_v<T, Call>) {
          std::string out = v.name;
          out += '(';
          out += items_repr(v.args);
          for (std::size_t i = 0; i < v.keywords.size(); ++i) {
            if (i > 0 || !v.args.empty()) out += ", ";
            out += v.keywords[i].name;
            out += '=';
            out += repr(v.keywords[i].value);
          }
          return out += ')';
        } else if constexpr (std::is_same_v<T, EnumMember>) {
          std::string out = "<";
          out += v.enum_name;
          out += '.';
          out += v.name;
          out += ": ";
          out += string_repr(v.value);
          return out += '>';
        } else {
          return v.source;
        }
      },
      value.data);
}

std::string type_name(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, NoneType>) return "NoneType";
        if constexpr (std::is_same_v<T, bool>) return "bool";
        if constexpr (std::is_same_v<T, std::int64_t>) return "int";
        if constexpr (std::is_same_v<T, double>) return "float";
        if constexpr (std::is_same_v<T, std::string>) return "str";
        if constexpr (std::is_same_v<T, List>) return "list";
        if constexpr (std::is_same_v<T, Tuple>) return "tuple";
        if constexpr (std::is_same_v<T, Range>) return "range";
        if constexpr (std::is_same_v<T, Set>) return "set";
        if constexpr (std::is_same_v<T, Dict>) return "dict";
        if constexpr (std::is_same_v<T, Lambda>) return "function";
        if constexpr (std::is_same_v<T, EnumMember>) return v.enum_name;
        if constexpr (std::is_same_v<T, Call>) {
          const std::size_t dot = v.name.rfind('.');
          return dot == std::string::npos ? v.name : v.name.substr(dot + 1);
        }
      },
      value.data);
}

std::string type_repr(const Value& value) {
  const char* kind = std::holds_alternative<EnumMember>(value.data) ? "<enum '" : "<class '";
  return kind + type_name(value) + "'>";
}

std::optional<std::string> closest_name(std::string_view name,
                                        std::span<const std::string_view> candidates) {
  for (std::string_view candidate : candidates) {
    if (candidate != name && equal_ignoring_case(candidate, name)) return std::string(candidate);
  }
  std::optional<std::string> best;
  std::size_t best_cost = 0;
  for (std::string_view candidate : candidates) {
    if (candidate == name) continue;
    const std::size_t limit = (candidate.size() + name.size() + 3) * 2 / 6;
    const std::size_t cost = edit_cost(name, candidate);
    if (cost <= limit && (!best || cost < best_cost)) {
      best = std::string(candidate);
      best_cost = cost;
    }
  }
  return best;
}

}  // namespace lrsched::spec
