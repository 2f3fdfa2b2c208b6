// State fields of the timm family that the visitor has no type for. Private to the family.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lrsched/error.hpp"
#include "lrsched/families/timm.hpp"
#include "lrsched/state.hpp"

namespace lrsched::timm::detail {

/// A Number as timm's state_dict holds it: an int field for an int, a float field for a float.
/// Loading reads the kind the scheduler was built with (an int field also loads into a float).
inline void visit_number(StateVisitor& visitor, std::string_view key, Number& number) {
  if (number.is_int()) {
    std::int64_t value = number.int_value();
    visitor.field(key, value);
    number = value;
  } else {
    double value = number.value();
    visitor.field(key, value);
    number = value;
  }
}

/// A state_dict entry that is the same for every scheduler of the family (`param_group_field`
/// is "lr"): written, and checked when loaded.
inline void visit_constant(StateVisitor& visitor, std::string_view key, std::string_view expected) {
  std::string value(expected);
  visitor.field(key, value);
  if (value != expected) {
    throw StateError("field '" + std::string(key) + "' is '" + value + "', expected '" +
                     std::string(expected) + "' (lrsched's timm schedulers schedule the lr only)");
  }
}

}  // namespace lrsched::timm::detail
