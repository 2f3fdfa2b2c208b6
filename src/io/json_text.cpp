#include "io/json_text.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "lrsched/detail/pyrepr.hpp"

namespace lrsched::io {

using nlohmann::json;

namespace {

template <class Json>
std::string scalar_text(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void newline(std::string& out, int indent, int level) {
  if (indent < 0) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(level), ' ');
}

// nlohmann's serializer layout: "{}" and "[]" when empty; otherwise each element on its own line
// (indented forms) or none (compact), `"key": value` or `"key":value`.
template <class Json>
void dump_to(std::string& out, const Json& j, int indent, int level) {
  switch (j.type()) {
    case Json::value_t::object: {
      if (j.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& [key, value] : j.items()) {
        if (!first) out += ',';
        first = false;
        newline(out, indent, level + 1);
        out += scalar_text(Json(key));
        out += indent < 0 ? ":" : ": ";
        dump_to(out, value, indent, level + 1);
      }
      newline(out, indent, level);
      out += '}';
      return;
    }
    case Json::value_t::array: {
      if (j.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const Json& value : j) {
        if (!first) out += ',';
        first = false;
        newline(out, indent, level + 1);
        dump_to(out, value, indent, level + 1);
      }
      newline(out, indent, level);
      out += ']';
      return;
    }
    case Json::value_t::number_float: {
      const auto x = j.template get<double>();
      if (!std::isfinite(x)) {
        detail::append_py_json_float(out, x);
        return;
      }
      out += scalar_text(j);
      return;
    }
    default:
      out += scalar_text(j);
      return;
  }
}

// What stands at a place where the text had a non-finite number.
enum class Stand : std::uint8_t { kString, kNaN, kInfinity, kMinusInfinity };

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// True when the next character after `at` that is not white space is ':' (an object key).
bool key_at(std::string_view text, std::size_t at) {
  while (at < text.size() && is_space(text[at])) ++at;
  return at < text.size() && text[at] == ':';
}

}  // namespace

std::string dump_json(const json& doc, int indent) {
  std::string out;
  dump_to(out, doc, indent, 0);
  return out;
}

std::string dump_json(const nlohmann::ordered_json& doc, int indent) {
  std::string out;
  dump_to(out, doc, indent, 0);
  return out;
}

json parse_json(std::string_view text) {
  // nlohmann's parser refuses NaN and Infinity. Each one that stands where a value may is
  // replaced by a string literal of the same length (so that error positions stay true); the
  // parser callback turns those strings back into numbers. It knows which strings they are by
  // their place among the string values, counted in document order here and there.
  std::string copy(text);
  std::vector<Stand> strings;  // every string value, in document order
  const auto replace = [&](std::size_t at, std::string_view word, std::string_view literal,
                           Stand stand) {
    if (text.substr(at, word.size()) != word || key_at(text, at + word.size())) return false;
    copy.replace(at, literal.size(), literal);
    strings.push_back(stand);
    return true;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (!key_at(text, i + 1)) strings.push_back(Stand::kString);
    } else if (c == 'N') {
      if (replace(i, "NaN", "\"n\"", Stand::kNaN)) i += 2;
    } else if (c == 'I') {
      if (replace(i, "Infinity", "\"Infini\"", Stand::kInfinity)) i += 7;
    } else if (c == '-') {
      if (replace(i, "-Infinity", "\"-Infini\"", Stand::kMinusInfinity)) i += 8;
    }
  }
  std::size_t next = 0;
  const json::parser_callback_t callback = [&](int /*depth*/, json::parse_event_t event,
                                               json& parsed) {
    if (event != json::parse_event_t::value || !parsed.is_string()) return true;
    const Stand stand = next < strings.size() ? strings[next] : Stand::kString;
    ++next;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    switch (stand) {
      case Stand::kNaN:
        parsed = std::numeric_limits<double>::quiet_NaN();
        break;
      case Stand::kInfinity:
        parsed = kInf;
        break;
      case Stand::kMinusInfinity:
        parsed = -kInf;
        break;
      case Stand::kString:
        break;
    }
    return true;
  };
  return json::parse(copy, callback);
}

}  // namespace lrsched::io
