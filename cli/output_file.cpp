#include "output_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lrsched/error.hpp"

namespace lrsched::cli {

OutputFile::OutputFile(const std::string& path) : path_(path) {
  if (path.empty() || path == "-") return;
  tmp_path_ = path + ".tmp." + std::to_string(::getpid());
  stream_ = std::fopen(tmp_path_.c_str(), "wb");
  if (stream_ == nullptr) {
    throw RuntimeError("cannot write '" + path + "': " + std::strerror(errno));
  }
}

OutputFile::~OutputFile() {
  if (tmp_path_.empty() || committed_) return;
  std::fclose(stream_);
  std::remove(tmp_path_.c_str());
}

void OutputFile::commit() {
  if (tmp_path_.empty()) {
    if (std::fflush(stdout) != 0) throw RuntimeError("cannot write to stdout");
    return;
  }
  const bool ok = std::fflush(stream_) == 0 && ::fsync(fileno(stream_)) == 0;
  const bool closed = std::fclose(stream_) == 0;
  committed_ = true;
  if (!ok || !closed || std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp_path_.c_str());
    throw RuntimeError("cannot write '" + path_ + "': " + std::strerror(err));
  }
}

}  // namespace lrsched::cli
