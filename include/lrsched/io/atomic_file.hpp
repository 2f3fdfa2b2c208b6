// Files that appear only when complete: written under a temporary name in the same folder,
// flushed to disk, renamed over the target, and the folder flushed. A crash or a kill at any
// moment leaves the previous file or the new one, whole; never a partial one.
//
// Used for state files, checkpoint manifests and every file the command-line tool writes. Not
// needed by the scheduler headers.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace lrsched::io {

/// A file being written to `path()` through a temporary file (`<path>.tmp.<pid>.<n><suffix>`,
/// unique per process and per object) that `commit()` moves into place. Until then `path` is
/// untouched; the destructor, or a failed `commit()`, removes the temporary file. A process killed
/// mid-write may leave its temporary file behind, never a partial `path`.
///
/// Errors are lrsched::RuntimeError with the text "cannot write '<path>': <reason>", naming the
/// path the caller gave, never the temporary one.
class AtomicFile {
 public:
  /// Creates the temporary file. `temp_suffix` ends its name (".png" for writers that look at
  /// the extension).
  explicit AtomicFile(std::string path, std::string_view temp_suffix = {});
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&&) = delete;
  AtomicFile& operator=(AtomicFile&&) = delete;
  ~AtomicFile();

  /// The target, as given.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The temporary file, for a writer that opens files by name (it must write in place, not
  /// replace the file: `commit()` flushes the file it created).
  [[nodiscard]] const std::string& temp_path() const noexcept { return temp_path_; }

  /// A buffered stream on the temporary file, opened on first use.
  [[nodiscard]] std::FILE* stream();
  /// Appends `text` to the temporary file (through `stream()`).
  void write(std::string_view text);

  /// Flushes the temporary file to disk, renames it over `path` and flushes the folder. Once.
  void commit();

 private:
  [[noreturn]] void fail(int err);
  void discard() noexcept;

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  std::FILE* stream_ = nullptr;
  bool done_ = false;
};

/// Writes `text` to `path` through an AtomicFile: `path` holds the old contents or `text`, whole.
void write_file_atomically(const std::string& path, std::string_view text);

}  // namespace lrsched::io
