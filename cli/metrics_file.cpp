#include "metrics_file.hpp"

#include <sys/stat.h>

#include <cctype>
#include <optional>

#include "exit_status.hpp"
#include "io/read_file.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/value.hpp"
#include "python_number.hpp"

namespace lrsched::cli {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// A line's fields: split at commas, else at tabs (a TSV), else the whole line.
std::vector<std::string_view> fields_of(std::string_view line) {
  const char separator = line.find(',') != std::string_view::npos ? ',' : '\t';
  std::vector<std::string_view> fields;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = line.find(separator, begin);
    fields.push_back(trim(line.substr(begin, end - begin)));
    if (end == std::string_view::npos) return fields;
    begin = end + 1;
  }
}

std::string_view unquote(std::string_view name) {
  if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') &&
      name.back() == name.front()) {
    return name.substr(1, name.size() - 2);
  }
  return name;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

std::vector<double> parse_metrics(std::string_view text, const std::string& source,
                                  std::string_view column) {
  const std::string file = "metrics file '" + source + "'";
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark
  std::vector<double> values;
  std::optional<std::size_t> index;  // the column read, once the first line decided it
  std::size_t number = 0;
  std::size_t begin = 0;
  // Lines as std::getline splits them: a final line needs no '\n', and a trailing '\n' adds none.
  while (begin < text.size()) {
    auto end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    ++number;
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;  // blank lines and comments carry no metric
    const std::vector<std::string_view> fields = fields_of(line);
    if (!index) {
      // A header names its columns: no field is a number and each starts as a name does (so
      // that a first line "1.5x" is a malformed number, not a column called "1.5x").
      bool header = true;
      for (const std::string_view field : fields) {
        const char c = field.empty() ? '0' : field.front();
        header = header && !python_float(field) &&
                 (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '"' || c == '\'');
      }
      if (header) {
        std::vector<std::string> names;
        names.reserve(fields.size());
        for (const std::string_view field : fields) names.emplace_back(unquote(field));
        if (column.empty() && names.size() == 1) {
          index = 0;
        } else if (column.empty()) {
          std::string message = file + " has columns " + join(names);
          message += ": name one, as in '" + source + ":" + names.back() + "'";
          throw FileError(message);
        } else {
          for (std::size_t i = 0; i < names.size() && !index; ++i) {
            if (names[i] == column) index = i;
          }
          if (!index) {
            const std::vector<std::string_view> candidates(names.begin(), names.end());
            const auto match = spec::closest_name(column, candidates);
            throw FileError(file + " has no column '" + std::string(column) + "'" +
                            (match ? "; did you mean '" + *match + "'?" : "") +
                            " (columns: " + join(names) + ")");
          }
        }
        continue;
      }
      if (column.empty()) {
        if (fields.size() != 1) {
          std::string message = file + " line " + std::to_string(number) + " has ";
          message += std::to_string(fields.size()) + " columns and the file no header: ";
          message +=
              "name one by number, as in '" + source + ":" + std::to_string(fields.size()) + "'";
          throw FileError(message);
        }
        index = 0;
      } else {
        const IntegerParse position = python_integer(column);
        if (position.status != IntegerParse::Status::ok || position.value < 1) {
          throw FileError(file + " has no header row, so column '" + std::string(column) +
                          "' cannot be found: give a column number from 1");
        }
        index = static_cast<std::size_t>(position.value - 1);
      }
    }
    if (*index >= fields.size()) {
      throw FileError(file + " line " + std::to_string(number) + " has no column " +
                      std::to_string(*index + 1) + " (it has " + std::to_string(fields.size()) +
                      ")");
    }
    const std::string_view item = fields[*index];
    const std::optional<double> value = python_float(item);
    if (!value) {
      throw FileError(file + " line " + std::to_string(number) +
                      ": could not convert string to float: '" + std::string(item) + "'");
    }
    values.push_back(*value);
  }
  return values;
}

std::vector<double> read_metrics(const std::string& argument) {
  std::string path = argument;
  std::string column;
  struct stat info {};
  const std::size_t colon = argument.rfind(':');
  if (argument != "-" && colon != std::string::npos && colon > 0 &&
      ::stat(argument.c_str(), &info) != 0) {
    path = argument.substr(0, colon);
    column = argument.substr(colon + 1);
  }
  std::string text;
  try {
    text = io::read_file(path);
  } catch (const RuntimeError& e) {
    throw FileError(std::string(e.what()).replace(0, 11, "cannot read metrics file"));
  }
  return parse_metrics(text, path == "-" ? "<stdin>" : path, column);
}

}  // namespace lrsched::cli
