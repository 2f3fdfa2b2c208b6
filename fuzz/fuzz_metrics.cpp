// Metrics-file text -> parse_metrics. FileError is the expected failure; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exit_status.hpp"
#include "metrics_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // libFuzzer hands bytes; the parser takes text.
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)lrsched::cli::parse_metrics(text, "fuzz");
  } catch (const lrsched::cli::FileError&) {
  }
  return 0;
}
