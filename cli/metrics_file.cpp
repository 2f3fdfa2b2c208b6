#include "metrics_file.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <system_error>

#include "lrsched/error.hpp"

namespace lrsched::cli {

std::vector<double> parse_metrics(std::string_view text, const std::string& source) {
  std::vector<double> values;
  std::size_t number = 0;
  std::size_t begin = 0;
  // Lines as std::getline splits them: a final line needs no '\n', and a trailing '\n' adds none.
  while (begin < text.size()) {
    auto end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    ++number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;  // blank lines carry no metric
    const auto last = line.find_last_not_of(" \t\r");
    const std::string_view item = line.substr(first, last - first + 1);
    double v = 0;
    const auto r = std::from_chars(item.data(), item.data() + item.size(), v);
    const bool special = item == "nan" || item == "inf" || item == "-inf";
    if (!special && (r.ec != std::errc() || r.ptr != item.data() + item.size())) {
      throw ValueError("metrics file '" + source + "' line " + std::to_string(number) +
                       ": could not convert string to float: '" + std::string(item) + "'");
    }
    if (special) v = item == "nan" ? NAN : (item == "inf" ? INFINITY : -INFINITY);
    values.push_back(v);
  }
  return values;
}

std::vector<double> read_metrics(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ValueError("cannot read metrics file '" + path + "'");
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return parse_metrics(text, path);
}

}  // namespace lrsched::cli
