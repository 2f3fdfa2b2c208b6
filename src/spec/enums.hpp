// The str enums of the spec language's namespace: transformers' SchedulerType, found where the
// namespace the families' oracle evaluates specs in has it, bare or after its module
// (`SchedulerType.COSINE`, `transformers.SchedulerType.COSINE`,
// `transformers.optimization.SchedulerType('cosine')`). Private to lrsched::spec: the spec reader
// (parser.cpp) turns these names into EnumMember values, and get_scheduler's row converts its
// name as `SchedulerType(name)` does.
#pragma once

#include <string_view>
#include <vector>

#include "lrsched/families/transformers.hpp"
#include "lrsched/spec/value.hpp"

namespace lrsched::spec {

/// One str enum.
struct StrEnum {
  std::string_view name;            // "SchedulerType"
  std::vector<EnumMember> members;  // in definition order
  /// `Enum(value)`: the member whose value `value` equals (a member is found as its own value);
  /// the origin's ValueError for anything else.
  EnumMember (*lookup)(const Value& value) = nullptr;

  /// `Enum.NAME`: the member of that name, or null.
  [[nodiscard]] const EnumMember* member(std::string_view member_name) const;
};

/// The enum a dotted name names, or null.
[[nodiscard]] const StrEnum* find_str_enum(std::string_view dotted_name);

/// Whether Python's str has an attribute of this name (a method such as `upper`, or a private
/// `_name`): something Python would find on an enum's members, which a spec cannot hold.
[[nodiscard]] bool is_str_attribute(std::string_view name);

/// transformers' `SchedulerType(value)`: the member a str (or a member) has as its value; for
/// anything else ExplicitEnum's ValueError, which shows str() of the value (`foo is not a valid
/// SchedulerType, please select one of ['linear', ...]`).
[[nodiscard]] transformers::SchedulerType scheduler_type(const Value& value);

}  // namespace lrsched::spec
