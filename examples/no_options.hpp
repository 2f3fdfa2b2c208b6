// The command line of an example that takes no options: `--help` and `--version`, and anything
// else a usage error (exit 2, as `lrsched` gives) rather than an ignored word.
#pragma once

#include <cstdio>
#include <optional>
#include <string_view>

#include "exit_status.hpp"
#include "lrsched/version.hpp"

namespace lrsched::examples {

/// The exit status where the command line asks for `--help` or `--version` or is not empty;
/// nullopt to run.
inline std::optional<int> no_options(int argc, char** argv, std::string_view program,
                                     std::string_view summary) {
  if (argc <= 1) return std::nullopt;
  const std::string_view word = argv[1];
  const auto name = static_cast<int>(program.size());
  if (argc == 2 && (word == "--help" || word == "-h")) {
    std::printf("%.*s\n\nUsage: %.*s [--help] [--version]\n", static_cast<int>(summary.size()),
                summary.data(), name, program.data());
    return cli::kExitSuccess;
  }
  if (argc == 2 && word == "--version") {
    std::printf("%.*s (lrsched %.*s)\n", name, program.data(), static_cast<int>(kVersion.size()),
                kVersion.data());
    return cli::kExitSuccess;
  }
  const bool asks = word == "--help" || word == "-h" || word == "--version";
  const std::string_view unexpected = asks && argc > 2 ? argv[2] : word;
  std::fprintf(stderr,
               "%.*s: error: unexpected argument '%.*s': it takes no options (see --help)\n", name,
               program.data(), static_cast<int>(unexpected.size()), unexpected.data());
  return cli::kExitUsageError;
}

}  // namespace lrsched::examples
