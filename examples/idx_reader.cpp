#include "idx_reader.hpp"

#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

namespace lrsched_example {

namespace {

struct GzCloser {
  void operator()(gzFile_s* f) const noexcept { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

void read_exactly(gzFile_s* f, void* out, std::size_t size, const std::string& path) {
  auto* bytes = static_cast<unsigned char*>(out);
  while (size > 0) {
    // gzread takes an unsigned count: read in chunks well below its limit.
    const unsigned chunk = size > (1U << 30) ? (1U << 30) : static_cast<unsigned>(size);
    const int n = gzread(f, bytes, chunk);
    if (n < 0) {
      int errnum = 0;
      const char* message = gzerror(f, &errnum);
      throw std::runtime_error(path + ": corrupt gzip data (" + message + ")");
    }
    if (n == 0) throw std::runtime_error(path + ": truncated");
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

IdxArray read_idx_gz(const std::string& path, std::size_t rank) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw MissingFile(path);
  GzFile f(gzopen(path.c_str(), "rb"));  // reads plain files too
  if (!f) throw std::runtime_error(path + ": cannot open (" + std::strerror(errno) + ")");
  // Magic: two zero bytes, the type (0x08: unsigned byte), the number of dimensions.
  std::array<unsigned char, 4> magic{};
  read_exactly(f.get(), magic.data(), magic.size(), path);
  if (magic[0] != 0 || magic[1] != 0) throw std::runtime_error(path + ": not an IDX file");
  if (magic[2] != 0x08) throw std::runtime_error(path + ": not an IDX file of unsigned bytes");
  if (magic[3] != rank) {
    throw std::runtime_error(path + ": expected " + std::to_string(rank) + " dimensions, found " +
                             std::to_string(magic[3]));
  }
  IdxArray out;
  std::size_t count = 1;
  for (std::size_t i = 0; i < rank; ++i) {
    std::array<unsigned char, 4> be{};  // big-endian
    read_exactly(f.get(), be.data(), be.size(), path);
    const std::uint32_t d = (std::uint32_t{be[0]} << 24U) | (std::uint32_t{be[1]} << 16U) |
                            (std::uint32_t{be[2]} << 8U) | std::uint32_t{be[3]};
    if (d == 0 || d > (1U << 28)) throw std::runtime_error(path + ": implausible dimension");
    out.dims.push_back(d);
    count *= d;
    if (count > (std::size_t{1} << 32)) throw std::runtime_error(path + ": too large");
  }
  out.data.resize(count);
  read_exactly(f.get(), out.data.data(), count, path);
  return out;
}

}  // namespace lrsched_example
