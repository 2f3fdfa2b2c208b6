#include "python_number.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <system_error>

#include "detail/charconv.hpp"

namespace lrsched::cli {

namespace {

bool is_python_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view strip(std::string_view text) {
  while (!text.empty() && is_python_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_python_space(text.back())) text.remove_suffix(1);
  return text;
}

bool equals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != lower[i]) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Copies a run of digits with single underscores between them (PEP 515) into `out`; false when
// the run is empty or an underscore is not between two digits.
bool take_digits(std::string_view text, std::size_t& i, std::string& out) {
  const std::size_t start = i;
  while (i < text.size()) {
    if (is_digit(text[i])) {
      out += text[i++];
    } else if (text[i] == '_' && i > start && i + 1 < text.size() && is_digit(text[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return i > start;
}

}  // namespace

std::optional<double> python_float(std::string_view text) {
  text = strip(text);
  std::string clean;
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  const std::string_view word = text.substr(i);
  if (equals_lower(word, "inf") || equals_lower(word, "infinity")) {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (equals_lower(word, "nan")) return std::numeric_limits<double>::quiet_NaN();
  if (negative) clean += '-';
  const bool whole = take_digits(text, i, clean);
  bool fraction = false;
  if (i < text.size() && text[i] == '.') {
    clean += text[i++];
    fraction = take_digits(text, i, clean);
  }
  if (!whole && !fraction) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    clean += text[i++];
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) clean += text[i++];
    if (!take_digits(text, i, clean)) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  double value = 0;
  const auto [end, ec] =
      lrsched::detail::from_chars(clean.data(), clean.data() + clean.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves the value alone; strtod gives Python's ±inf (overflow) or ±0 (underflow).
    return std::strtod(clean.c_str(), nullptr);
  }
  if (ec != std::errc() || end != clean.data() + clean.size()) return std::nullopt;
  return value;
}

IntegerParse python_integer(std::string_view text) {
  const std::string_view stripped = strip(text);
  std::string clean;
  std::size_t i = 0;
  if (i < stripped.size() && (stripped[i] == '+' || stripped[i] == '-')) {
    if (stripped[i] == '-') clean += '-';
    ++i;
  }
  if (take_digits(stripped, i, clean) && i == stripped.size()) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), value);
    if (ec == std::errc::result_out_of_range) return {IntegerParse::Status::too_large, 0};
    if (ec == std::errc() && end == clean.data() + clean.size()) {
      return {IntegerParse::Status::ok, value};
    }
    return {};
  }
  const std::optional<double> number = python_float(stripped);
  if (!number || std::isnan(*number)) return {};
  if (std::isinf(*number) || std::fabs(*number) >= 0x1p63) {
    return {IntegerParse::Status::too_large, 0};
  }
  if (*number != std::trunc(*number)) return {IntegerParse::Status::not_integral, 0};
  return {IntegerParse::Status::ok, static_cast<std::int64_t>(*number)};
}

}  // namespace lrsched::cli
