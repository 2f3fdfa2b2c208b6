// Reading the IDX files of (Fashion-)MNIST, gzip-compressed, with zlib. Torch-free.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace lrsched_example {

/// A file that is not there (the caller says which package provides it).
class MissingFile : public std::runtime_error {
 public:
  explicit MissingFile(const std::string& path) : std::runtime_error(path), path_(path) {}
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// An IDX array of unsigned bytes: `dims` (e.g. {60000, 28, 28}) and the values, row-major.
struct IdxArray {
  std::vector<std::int64_t> dims;
  std::vector<std::uint8_t> data;
};

/// Reads a gzip-compressed (or plain) IDX file of unsigned bytes, expecting `rank` dimensions
/// (3 for images, 1 for labels). Throws MissingFile, or std::runtime_error naming the file and
/// the problem (not IDX, wrong type or rank, truncated).
IdxArray read_idx_gz(const std::string& path, std::size_t rank);

}  // namespace lrsched_example
