#include "output_file.hpp"

#include "exit_status.hpp"
#include "lrsched/error.hpp"

namespace lrsched::cli {

OutputFile::OutputFile(const std::string& path) {
  if (path.empty() || path == "-") return;
  try {
    file_ = std::make_unique<io::AtomicFile>(path);
    stream_ = file_->stream();
  } catch (const RuntimeError& e) {
    throw FileError(e.what());
  }
}

void OutputFile::write(std::string_view text) {
  try {
    if (file_) {
      file_->write(text);
    } else if (!text.empty() && std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      throw FileError("cannot write to stdout");
    }
  } catch (const RuntimeError& e) {
    throw FileError(e.what());
  }
}

void OutputFile::commit() {
  if (!file_) {
    if (std::fflush(stdout) != 0) throw FileError("cannot write to stdout");
    return;
  }
  try {
    file_->commit();
  } catch (const RuntimeError& e) {
    throw FileError(e.what());
  }
}

}  // namespace lrsched::cli
