// std::to_chars and std::from_chars for doubles where the standard library has them (libstdc++
// 11 and later), and the same results from snprintf and strtod where it does not (emscripten's
// libc++ 14, which the WebAssembly build of the web page uses). Internal header.
#pragma once

#include <charconv>
#include <cstddef>
#include <system_error>

namespace lrsched::detail {

/// The shortest digits that read back as `x`, in scientific form ("1.5e-05"), as
/// `std::to_chars(first, last, x, std::chars_format::scientific)`. `x` is finite.
std::to_chars_result to_chars_scientific(char* first, char* last, double x);

/// `x` in fixed form with `precision` digits after the point, as
/// `std::to_chars(first, last, x, std::chars_format::fixed, precision)` (exact digits).
std::to_chars_result to_chars_fixed(char* first, char* last, double x, int precision);

/// A double as `std::from_chars(first, last, value)` reads it (general format: no leading '+'
/// or space, no hex; "inf", "infinity" and "nan" in any case); `value` is left alone on error.
std::from_chars_result from_chars(const char* first, const char* last, double& value);

}  // namespace lrsched::detail
