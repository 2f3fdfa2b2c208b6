// Exit statuses shared by `lrsched` and the example programs, so that scripts can tell a mistyped
// command line from a schedule that PyTorch (or a family's origin) would refuse, and from a file
// that cannot be read or written. The table is in docs/guarantees.md.
#pragma once

#include <stdexcept>
#include <string>

namespace lrsched::cli {

enum ExitStatus : int {
  kExitSuccess = 0,
  /// The schedule was refused or failed: the spec, an expression, or the origin's own validation
  /// ("lrsched: ValueError: ...", with the origin's exception type).
  kExitScheduleError = 1,
  /// The command line is wrong: an unknown subcommand or option, a missing or malformed value,
  /// options that conflict ("lrsched: error: ...").
  kExitUsageError = 2,
  /// A file could not be read or written, or its content is not what it should be (a metrics
  /// file, a state file, an output path).
  kExitFileError = 3,
};

/// A command-line mistake: reported as "<program>: error: <message>", exit kExitUsageError.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

/// A file that cannot be read or written: "<program>: error: <message>", exit kExitFileError.
class FileError : public std::runtime_error {
 public:
  explicit FileError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace lrsched::cli
