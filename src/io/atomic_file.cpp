#include "lrsched/io/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include "lrsched/error.hpp"

namespace lrsched::io {

namespace {

[[noreturn]] void throw_cannot_write(const std::string& path, int err) {
  throw RuntimeError("cannot write '" + path + "': " + std::strerror(err != 0 ? err : EIO));
}

// The folder holding `path`, for flushing the renamed entry.
std::string folder_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash + 1);
}

}  // namespace

AtomicFile::AtomicFile(std::string path, std::string_view temp_suffix) : path_(std::move(path)) {
  // Unique per process and per object, so concurrent writers of one path never share a
  // temporary; O_EXCL skips the leftover of a killed process that had the same pid.
  static std::atomic<std::uint64_t> counter{0};
  const std::string prefix = path_ + ".tmp." + std::to_string(::getpid()) + ".";
  for (int attempt = 0;; ++attempt) {
    temp_path_ = prefix + std::to_string(counter.fetch_add(1, std::memory_order_relaxed));
    temp_path_ += temp_suffix;
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0) return;
    if (errno != EEXIST || attempt == 100) throw_cannot_write(path_, errno);
  }
}

AtomicFile::~AtomicFile() {
  if (!done_) discard();
}

std::FILE* AtomicFile::stream() {
  if (stream_ == nullptr && !done_) {
    stream_ = ::fdopen(fd_, "wb");  // owns fd_ from now on
    if (stream_ == nullptr) fail(errno);
  }
  return stream_;
}

void AtomicFile::write(std::string_view text) {
  std::FILE* out = stream();
  if (out == nullptr) throw_cannot_write(path_, EBADF);
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), out) != text.size()) fail(errno);
}

void AtomicFile::commit() {
  if (done_) throw RuntimeError("cannot write '" + path_ + "': the file was already closed");
  if (stream_ != nullptr && std::fflush(stream_) != 0) fail(errno);
  if (::fsync(fd_) != 0) fail(errno);
  const int closed = stream_ != nullptr ? std::fclose(stream_) : ::close(fd_);
  stream_ = nullptr;
  fd_ = -1;
  if (closed != 0) fail(errno);
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) fail(errno);
  done_ = true;
  // The rename itself is durable only once the folder's entry is on disk. Some file systems
  // cannot flush a folder (EINVAL); the file is in place either way.
  const int dir = ::open(folder_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  const int synced = ::fsync(dir);
  const int err = errno;
  ::close(dir);
  if (synced != 0 && err != EINVAL) throw_cannot_write(path_, err);
}

void AtomicFile::fail(int err) {
  discard();
  throw_cannot_write(path_, err);
}

void AtomicFile::discard() noexcept {
  if (stream_ != nullptr) {
    std::fclose(stream_);
  } else if (fd_ >= 0) {
    ::close(fd_);
  }
  stream_ = nullptr;
  fd_ = -1;
  ::unlink(temp_path_.c_str());
  done_ = true;
}

void write_file_atomically(const std::string& path, std::string_view text) {
  AtomicFile file(path);
  file.write(text);
  file.commit();
}

}  // namespace lrsched::io
