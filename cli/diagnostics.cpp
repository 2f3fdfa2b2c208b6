#include "diagnostics.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

namespace lrsched::cli {

namespace {

void print_once(std::string_view kind, std::string_view message) {
  static std::set<std::string, std::less<>> shown;
  std::string key(kind);
  key += message;
  if (!shown.insert(std::move(key)).second) return;
  const std::string line = one_line(std::string(message));
  std::fprintf(stderr, "lrsched: %.*s: %s\n", static_cast<int>(kind.size()), kind.data(),
               line.c_str());
}

}  // namespace

std::string one_line(std::string message) {
  std::replace(message.begin(), message.end(), '\n', ' ');
  return message;
}

void warn(std::string_view message) { print_once("warning", message); }

void print_library_warning(std::string_view message) { print_once("UserWarning", message); }

}  // namespace lrsched::cli
