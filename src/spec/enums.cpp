// The str enums a spec can name, and how Python looks their members up.
#include "enums.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace lrsched::spec {
namespace {

namespace tf = lrsched::transformers;

EnumMember scheduler_type_member(tf::SchedulerType type) {
  return {"SchedulerType", std::string(tf::member_name(type)), std::string(tf::to_string(type))};
}

EnumMember scheduler_type_of(const Value& value) {
  return scheduler_type_member(scheduler_type(value));
}

const StrEnum& scheduler_type_enum() {
  static const StrEnum the_enum = [] {
    StrEnum e{.name = "SchedulerType", .members = {}, .lookup = scheduler_type_of};
    for (const tf::SchedulerType type : tf::scheduler_types()) {
      e.members.push_back(scheduler_type_member(type));
    }
    return e;
  }();
  return the_enum;
}

}  // namespace

const EnumMember* StrEnum::member(std::string_view member_name) const {
  const auto found = std::find_if(members.begin(), members.end(),
                                  [&](const EnumMember& m) { return m.name == member_name; });
  return found == members.end() ? nullptr : &*found;
}

const StrEnum* find_str_enum(std::string_view dotted_name) {
  // The oracle's namespace: `SchedulerType`, and `transformers` whose `optimization` is itself.
  static constexpr std::string_view kNames[] = {"SchedulerType", "transformers.SchedulerType",
                                                "transformers.optimization.SchedulerType"};
  const bool named =
      std::find(std::begin(kNames), std::end(kNames), dotted_name) != std::end(kNames);
  return named ? &scheduler_type_enum() : nullptr;
}

bool is_str_attribute(std::string_view name) {
  // dir(str) of Python 3.11, without the private names.
  static constexpr std::string_view kMethods[] = {
      "capitalize",   "casefold",    "center",    "count",      "encode",       "endswith",
      "expandtabs",   "find",        "format",    "format_map", "index",        "isalnum",
      "isalpha",      "isascii",     "isdecimal", "isdigit",    "isidentifier", "islower",
      "isnumeric",    "isprintable", "isspace",   "istitle",    "isupper",      "join",
      "ljust",        "lower",       "lstrip",    "maketrans",  "partition",    "removeprefix",
      "removesuffix", "replace",     "rfind",     "rindex",     "rjust",        "rpartition",
      "rsplit",       "rstrip",      "split",     "splitlines", "startswith",   "strip",
      "swapcase",     "title",       "translate", "upper",      "zfill"};
  return name.starts_with('_') ||
         std::find(std::begin(kMethods), std::end(kMethods), name) != std::end(kMethods);
}

tf::SchedulerType scheduler_type(const Value& value) {
  return tf::scheduler_type(value.is_string() ? value.as_string() : str(value));
}

}  // namespace lrsched::spec
