// Metrics files for schedules stepped on a metric: one Python float per line, blank lines
// skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lrsched::cli {

/// Parses the contents of a metrics file: Python's float(line) for every non-blank line
/// (surrounding spaces, tabs and carriage returns ignored; `nan`, `inf`, `-inf` accepted).
/// `source` names the file in errors: ValueError "metrics file '<source>' line N: could not
/// convert string to float: '<text>'".
[[nodiscard]] std::vector<double> parse_metrics(std::string_view text, const std::string& source);

/// Reads `path` and calls parse_metrics; ValueError when the file cannot be read.
[[nodiscard]] std::vector<double> read_metrics(const std::string& path);

}  // namespace lrsched::cli
