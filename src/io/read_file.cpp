#include "read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lrsched/error.hpp"

namespace lrsched::io {

namespace {

[[noreturn]] void throw_cannot_read(const std::string& path, int err) {
  throw RuntimeError("cannot read '" + path + "': " + std::strerror(err != 0 ? err : EIO));
}

// Reads `fd` to its end; the errno of a failed read, or 0.
int read_all(int fd, std::string& out) {
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string read_file(const std::string& path) {
  std::string text;
  if (path == "-") {
    if (const int err = read_all(STDIN_FILENO, text); err != 0) throw_cannot_read("<stdin>", err);
    return text;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_cannot_read(path, errno);
  struct stat info {};
  int err = ::fstat(fd, &info) != 0 ? errno : 0;
  if (err == 0 && S_ISDIR(info.st_mode)) err = EISDIR;
  if (err == 0) err = read_all(fd, text);
  ::close(fd);
  if (err != 0) throw_cannot_read(path, err);
  return text;
}

}  // namespace lrsched::io
