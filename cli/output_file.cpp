#include "output_file.hpp"

#include "lrsched/error.hpp"

namespace lrsched::cli {

OutputFile::OutputFile(const std::string& path) {
  if (path.empty() || path == "-") return;
  file_ = std::make_unique<io::AtomicFile>(path);
  stream_ = file_->stream();
}

void OutputFile::commit() {
  if (!file_) {
    if (std::fflush(stdout) != 0) throw RuntimeError("cannot write to stdout");
    return;
  }
  file_->commit();
}

}  // namespace lrsched::cli
