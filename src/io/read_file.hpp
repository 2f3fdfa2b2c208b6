// Reading a whole file with a reason a user can act on: a folder, a missing file or a
// permission is named as such (an ifstream opens a folder and reads it as empty).
#pragma once

#include <string>

namespace lrsched::io {

/// The contents of `path`; `path` "-" is standard input. lrsched::RuntimeError "cannot read
/// '<path>': <reason>" when it cannot be read ("Is a directory", "No such file or directory").
[[nodiscard]] std::string read_file(const std::string& path);

}  // namespace lrsched::io
