// Output to stdout or to a file that appears only when complete (lrsched::io::AtomicFile).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "lrsched/io/atomic_file.hpp"

namespace lrsched::cli {

/// Errors are FileError ("cannot write '<path>': <reason>"), raised as early as they can be:
/// the temporary file is created by the constructor, so that a path in a missing folder is
/// refused before anything runs or prints.
class OutputFile {
 public:
  /// `path` empty or "-" means stdout.
  explicit OutputFile(const std::string& path);

  [[nodiscard]] std::FILE* stream() const noexcept { return stream_; }
  [[nodiscard]] bool is_stdout() const noexcept { return file_ == nullptr; }
  /// Appends `text` (for whole documents: state files).
  void write(std::string_view text);
  /// Flushes and moves the finished file into place; without it the file never appears.
  void commit();

 private:
  std::unique_ptr<io::AtomicFile> file_;  // none for stdout
  std::FILE* stream_ = stdout;
};

}  // namespace lrsched::cli
