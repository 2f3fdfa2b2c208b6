// Errors raised by lrsched. Each class carries the name of the Python exception PyTorch raises in
// the same situation, so messages read exactly like PyTorch's ("ValueError: ...").
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace lrsched {

/// Root of every lrsched error. `type()` is the Python exception name ("ValueError").
class Error : public std::runtime_error {
 public:
  Error(std::string_view type, const std::string& message)
      : std::runtime_error(message), type_(type), message_(message) {}
  [[nodiscard]] std::string_view type() const noexcept { return type_; }
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }
  /// Prefixes where the error happened ("at step 12: "); rethrow with `throw;` to keep the type.
  void add_context(std::string_view context) { message_.insert(0, context); }

 private:
  std::string_view type_;  // always a string literal
  std::string message_;
};

// Name is a class name, which cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LRSCHED_DEFINE_ERROR(Name)                                       \
  class Name : public Error {                                            \
   public:                                                               \
    explicit Name(const std::string& message) : Error(#Name, message) {} \
  };
// NOLINTEND(bugprone-macro-parentheses)

/// Invalid argument value (PyTorch: ValueError).
LRSCHED_DEFINE_ERROR(ValueError)
/// Argument of the wrong type (PyTorch: TypeError).
LRSCHED_DEFINE_ERROR(TypeError)
/// Missing param-group key, e.g. `initial_lr` on resume (PyTorch: KeyError).
LRSCHED_DEFINE_ERROR(KeyError)
/// Inconsistent runtime state (PyTorch: RuntimeError).
LRSCHED_DEFINE_ERROR(RuntimeError)
/// A formula divided by zero where Python raises (a factor of 0, a phase of zero length).
LRSCHED_DEFINE_ERROR(ZeroDivisionError)
/// A number too large for a double, as Python's OverflowError.
LRSCHED_DEFINE_ERROR(OverflowError)
/// A param group index out of range (PyTorch: IndexError).
LRSCHED_DEFINE_ERROR(IndexError)
/// An operation PyTorch leaves unimplemented (e.g. a nested composite restarted at a milestone).
LRSCHED_DEFINE_ERROR(NotImplementedError)
/// A saved state that cannot be loaded: corrupt, truncated, foreign or mismatched.
LRSCHED_DEFINE_ERROR(StateError)

#undef LRSCHED_DEFINE_ERROR

}  // namespace lrsched
