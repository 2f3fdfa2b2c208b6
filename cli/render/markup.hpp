// Escaping text for HTML and SVG (the gallery's index.html, the <title> of SVG charts).
#pragma once

#include <string>
#include <string_view>

namespace lrsched::cli {

/// `&`, `<`, `>` and `"` as entities, so the text is safe in element content and attributes.
inline std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace lrsched::cli
