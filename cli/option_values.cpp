#include "option_values.hpp"

#include <string>

#include "exit_status.hpp"
#include "python_number.hpp"

namespace lrsched::cli {

std::string in_quotes(std::string_view word) { return "'" + std::string(word) + "'"; }

std::int64_t parse_count(std::string_view option, std::string_view text, std::int64_t minimum) {
  const IntegerParse parsed = python_integer(text);
  const std::string prefix = std::string(option) + ": ";
  switch (parsed.status) {
    case IntegerParse::Status::ok:
      if (parsed.value < minimum) {
        throw UsageError(prefix + "must be at least " + std::to_string(minimum) + ", got " +
                         std::string(text));
      }
      return parsed.value;
    case IntegerParse::Status::too_large:
      throw UsageError(prefix + std::string(text) + " does not fit in a 64-bit count (at most " +
                       std::to_string(INT64_MAX) + ")");
    case IntegerParse::Status::not_integral:
      throw UsageError(prefix + "expected a whole number, got " + std::string(text));
    case IntegerParse::Status::not_a_number:
      break;
  }
  throw UsageError(prefix + "expected a whole number, got " + in_quotes(text));
}

double parse_number(std::string_view option, std::string_view text) {
  if (const std::optional<double> value = python_float(text)) return *value;
  throw UsageError(std::string(option) + ": expected a number, got " + in_quotes(text));
}

std::vector<double> parse_numbers(std::string_view option, std::string_view text) {
  std::vector<double> values;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = text.find(',', begin);
    const std::string_view item = text.substr(begin, comma - begin);
    if (item.find_first_not_of(" \t") == std::string_view::npos) {
      throw UsageError(std::string(option) + ": " +
                       (text.empty() ? "empty value" : "empty item in " + in_quotes(text)));
    }
    values.push_back(parse_number(option, item));
    if (comma == std::string_view::npos) return values;
    begin = comma + 1;
  }
}

}  // namespace lrsched::cli
