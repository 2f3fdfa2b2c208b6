#include "detail/charconv.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace lrsched::detail {

#if defined(__cpp_lib_to_chars)

std::to_chars_result to_chars_scientific(char* first, char* last, double x) {
  return std::to_chars(first, last, x, std::chars_format::scientific);
}

std::to_chars_result to_chars_fixed(char* first, char* last, double x, int precision) {
  return std::to_chars(first, last, x, std::chars_format::fixed, precision);
}

std::from_chars_result from_chars(const char* first, const char* last, double& value) {
  return std::from_chars(first, last, value);
}

#else

namespace {

std::to_chars_result written(char* first, char* last, const std::string& text) {
  if (text.size() > static_cast<std::size_t>(last - first)) {
    return {last, std::errc::value_too_large};
  }
  std::memcpy(first, text.data(), text.size());
  return {first + text.size(), std::errc{}};
}

std::string printed(const char* format, int precision, double x) {
  const int size = std::snprintf(nullptr, 0, format, precision, x);
  std::string text(static_cast<std::size_t>(size) + 1, '\0');
  std::snprintf(text.data(), text.size(), format, precision, x);
  text.pop_back();
  return text;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether [p, last) starts with `word`, ignoring case.
bool starts_with_word(const char* p, const char* last, const char* word) {
  const std::size_t n = std::strlen(word);
  if (static_cast<std::size_t>(last - p) < n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if ((p[i] | 0x20) != word[i]) return false;
  }
  return true;
}

}  // namespace

// printf's %.*e rounds correctly, so the first precision whose digits read back as x is the
// shortest, and of the candidates of that length it is the closest: std::to_chars's choice.
std::to_chars_result to_chars_scientific(char* first, char* last, double x) {
  for (int precision = 0; precision < 17; ++precision) {
    const std::string text = printed("%.*e", precision, x);
    if (std::strtod(text.c_str(), nullptr) == x) return written(first, last, text);
  }
  return written(first, last, printed("%.*e", 17, x));
}

std::to_chars_result to_chars_fixed(char* first, char* last, double x, int precision) {
  return written(first, last, printed("%.*f", precision, x));
}

std::from_chars_result from_chars(const char* first, const char* last, double& value) {
  const char* p = first;
  if (p != last && *p == '-') ++p;
  const char* end = p;
  if (starts_with_word(p, last, "infinity")) {
    end = p + 8;
  } else if (starts_with_word(p, last, "inf")) {
    end = p + 3;
  } else if (starts_with_word(p, last, "nan")) {
    end = p + 3;
    if (end != last && *end == '(') {  // nan(n-char-sequence)
      const char* close = end + 1;
      while (close != last &&
             (is_digit(*close) || ((*close | 0x20) >= 'a' && (*close | 0x20) <= 'z') ||
              *close == '_')) {
        ++close;
      }
      if (close != last && *close == ')') end = close + 1;
    }
  } else {
    bool digits = false;
    while (end != last && is_digit(*end)) end++, digits = true;
    if (end != last && *end == '.') {
      ++end;
      while (end != last && is_digit(*end)) end++, digits = true;
    }
    if (!digits) return {first, std::errc::invalid_argument};
    if (end != last && (*end | 0x20) == 'e') {
      const char* exponent = end + 1;
      if (exponent != last && (*exponent == '+' || *exponent == '-')) ++exponent;
      if (exponent != last && is_digit(*exponent)) {
        end = exponent;
        while (end != last && is_digit(*end)) ++end;
      }
    }
  }
  const std::string text(first, end);
  errno = 0;
  const double parsed = std::strtod(text.c_str(), nullptr);
  // Out of range as std::from_chars says it: overflow to inf or underflow to 0 (strtod also
  // flags a subnormal result, which std::from_chars returns).
  if (errno == ERANGE && (parsed == 0.0 || parsed - parsed != 0.0)) {
    return {end, std::errc::result_out_of_range};
  }
  value = parsed;
  return {end, std::errc{}};
}

#endif

}  // namespace lrsched::detail
