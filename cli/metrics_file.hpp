// Metrics files for schedules stepped on a metric: one number per line, or a column of a CSV
// with a header, as training scripts log them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lrsched::cli {

/// Parses the contents of a metrics file. Lines are Python float() spellings (`1_000`, `nan`,
/// `-inf`); blank lines and `#` comments are skipped and a UTF-8 byte-order mark is ignored. A
/// first line that is not all numbers is a header of comma- or tab-separated column names; then
/// `column` names the column to read (a header with one column needs none), and without a header
/// `column` may be a 1-based column number. `source` names the file in errors: FileError
/// "metrics file '<source>' line N: could not convert string to float: '<text>'".
[[nodiscard]] std::vector<double> parse_metrics(std::string_view text, const std::string& source,
                                                std::string_view column = {});

/// Reads the metrics `argument` names: a path, `-` for standard input, or `PATH:COLUMN` (split at
/// the last ':' when no file is named by the whole argument). FileError when it cannot be read.
[[nodiscard]] std::vector<double> read_metrics(const std::string& argument);

}  // namespace lrsched::cli
