#include "lrsched/detail/pyrepr.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "detail/charconv.hpp"

namespace lrsched::detail {

void append_py_float_repr(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "nan";
    return;
  }
  if (std::isinf(x)) {
    out += x < 0 ? "-inf" : "inf";
    return;
  }
  // Shortest round-trip digits in scientific form: "-d.ddde[+-]x".
  std::array<char, 32> buf{};
  const auto result = lrsched::detail::to_chars_scientific(buf.data(), buf.data() + buf.size(), x);
  const char* p = buf.data();
  const char* end = result.ptr;
  if (*p == '-') {
    out += '-';
    ++p;
  }
  const char* e = static_cast<const char*>(std::memchr(p, 'e', static_cast<std::size_t>(end - p)));
  std::array<char, 20> digits{};
  std::size_t n = 0;
  for (const char* q = p; q < e; ++q) {
    if (*q != '.') digits[n++] = *q;
  }
  int exponent = 0;
  std::from_chars(e + 1 + (e[1] == '+' ? 1 : 0), end, exponent);
  const int decpt = exponent + 1;   // position of the decimal point after the first digit
  if (decpt > -4 && decpt <= 16) {  // CPython's 'r' format switches to exponent outside this
    if (decpt <= 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-decpt), '0');
      out.append(digits.data(), n);
    } else if (static_cast<std::size_t>(decpt) >= n) {
      out.append(digits.data(), n);
      out.append(static_cast<std::size_t>(decpt) - n, '0');
      out += ".0";
    } else {
      out.append(digits.data(), static_cast<std::size_t>(decpt));
      out += '.';
      out.append(digits.data() + decpt, n - static_cast<std::size_t>(decpt));
    }
    return;
  }
  out += digits[0];
  if (n > 1) {
    out += '.';
    out.append(digits.data() + 1, n - 1);
  }
  out += 'e';
  out += exponent < 0 ? '-' : '+';
  const int magnitude = exponent < 0 ? -exponent : exponent;
  if (magnitude < 10) out += '0';
  out += std::to_string(magnitude);
}

void append_py_json_float(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "NaN";
  } else if (std::isinf(x)) {
    out += x < 0 ? "-Infinity" : "Infinity";
  } else {
    append_py_float_repr(out, x);
  }
}

std::string py_float_repr(double x) {
  std::string out;
  append_py_float_repr(out, x);
  return out;
}

}  // namespace lrsched::detail
