// Positions in error messages: "at column N" and the caret lines under the offending character.
#include "lrsched/error.hpp"

#include <algorithm>

namespace lrsched {

namespace {

// 1-based line and column (in code points) of `offset`, and the bounds of its line.
struct Location {
  std::size_t line = 1;
  std::size_t column = 1;
  std::size_t line_start = 0;
  std::size_t line_end = 0;
};

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

Location locate(std::string_view source, std::size_t offset) {
  offset = std::min(offset, source.size());
  Location loc;
  for (std::size_t i = 0; i < offset; ++i) {
    if (source[i] == '\n') {
      ++loc.line;
      loc.line_start = i + 1;
    }
  }
  for (std::size_t i = loc.line_start; i < offset; ++i) {
    if (!is_continuation_byte(source[i])) ++loc.column;
  }
  loc.line_end = std::min(source.find('\n', offset), source.size());
  return loc;
}

std::string with_position(const std::string& message, std::string_view source, std::size_t offset) {
  const Location loc = locate(source, offset);
  std::string out = message + " at ";
  if (source.find('\n') != std::string_view::npos) {
    out += "line " + std::to_string(loc.line) + ", ";
  }
  return out + "column " + std::to_string(loc.column);
}

}  // namespace

std::string caret_lines(std::string_view source, std::size_t offset) {
  const Location loc = locate(source, offset);
  const std::string_view line = source.substr(loc.line_start, loc.line_end - loc.line_start);
  std::string marker;
  for (std::size_t i = loc.line_start; i < std::min(offset, source.size()); ++i) {
    if (source[i] == '\t') {
      marker += '\t';  // keep tabs so the caret lines up in a terminal
    } else if (!is_continuation_byte(source[i])) {
      marker += ' ';
    }
  }
  return std::string(line) + "\n" + marker + "^";
}

Error::Error(std::string_view type, const std::string& message, std::string_view source,
             std::size_t offset)
    : std::runtime_error(message),
      type_(type),
      what_(with_position(message, source, offset)),
      message_(message),
      position_(SourcePosition{std::string(source), offset}) {}

std::string Error::caret() const {
  return position_ ? caret_lines(position_->source, position_->offset) : std::string();
}

}  // namespace lrsched
