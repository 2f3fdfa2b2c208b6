// Output to stdout or to a file that appears only when complete (temporary file + rename).
#pragma once

#include <cstdio>
#include <optional>
#include <string>

namespace lrsched::cli {

class OutputFile {
 public:
  /// `path` empty or "-" means stdout.
  explicit OutputFile(const std::string& path);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  /// Removes the temporary file unless `commit()` ran.
  ~OutputFile();

  [[nodiscard]] std::FILE* stream() const noexcept { return stream_; }
  /// Flushes and moves the finished file into place.
  void commit();

 private:
  std::string path_;
  std::string tmp_path_;
  std::FILE* stream_ = stdout;
  bool committed_ = false;
};

}  // namespace lrsched::cli
