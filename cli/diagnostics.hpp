// Warnings on stderr: lrsched's own ("lrsched: warning: ...") and the library's Python warnings
// ("lrsched: UserWarning: ..."), each text printed once, as Python's default warning filter shows
// a warning once per place (PyTorch's step(epoch) deprecation would otherwise repeat every step).
#pragma once

#include <string>
#include <string_view>

namespace lrsched::cli {

/// `message` on one line (newlines as spaces), as every message on stderr is: PyTorch's KeyError
/// and CLI11's usage texts span several.
[[nodiscard]] std::string one_line(std::string message);

/// "lrsched: warning: <message>", once per distinct message.
void warn(std::string_view message);

/// The handler given to lrsched::set_warning_handler: "lrsched: UserWarning: <message>", once
/// per distinct message.
void print_library_warning(std::string_view message);

}  // namespace lrsched::cli
