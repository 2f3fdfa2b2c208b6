// Errors raised by lrsched. Each class carries the name of the Python exception PyTorch raises in
// the same situation, so messages read exactly like PyTorch's ("ValueError: ..."). One C++ class
// per Python exception type: `catch (const lrsched::TypeError&)` catches every TypeError, from a
// scheduler's constructor or from a malformed spec.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lrsched {

/// Where in a text (a spec, an expression) an error was found.
struct SourcePosition {
  std::string source;      // the whole text
  std::size_t offset = 0;  // byte offset of the offending character (the text's size: its end)
};

/// Two lines: the line of `source` holding `offset`, and a `^` under that character (columns
/// count code points; tabs are kept so that the caret lines up in a terminal).
[[nodiscard]] std::string caret_lines(std::string_view source, std::size_t offset);

/// Root of every lrsched error. `type()` is the Python exception name ("ValueError").
class Error : public std::runtime_error {
 public:
  Error(std::string_view type, const std::string& message)
      : std::runtime_error(message), type_(type), what_(message), message_(message) {}
  /// An error in `source` at byte `offset`: `what()` is `message` followed by " at column N"
  /// (" at line L, column N" when the text has several lines), as Python's SyntaxError points.
  Error(std::string_view type, const std::string& message, std::string_view source,
        std::size_t offset);

  [[nodiscard]] std::string_view type() const noexcept { return type_; }
  [[nodiscard]] const char* what() const noexcept override { return what_.c_str(); }
  /// `what()` without the position suffix.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  /// The text and offset the error points at, when it has a position.
  [[nodiscard]] const std::optional<SourcePosition>& position() const noexcept { return position_; }
  /// `caret_lines` of the position; empty without one.
  [[nodiscard]] std::string caret() const;
  /// Prefixes where the error happened ("at step 12: "); rethrow with `throw;` to keep the type.
  void add_context(std::string_view context) {
    what_.insert(0, context);
    message_.insert(0, context);
  }
  /// Appends to the message (" (the rows before it were printed)").
  void add_note(std::string_view note) {
    what_ += note;
    message_ += note;
  }

 private:
  std::string_view type_;  // always a string literal
  std::string what_;
  std::string message_;
  std::optional<SourcePosition> position_;
};

// Name is a class name, which cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LRSCHED_DEFINE_ERROR(Name)                                                \
  class Name : public Error {                                                     \
   public:                                                                        \
    explicit Name(const std::string& message) : Error(#Name, message) {}          \
    Name(const std::string& message, std::string_view source, std::size_t offset) \
        : Error(#Name, message, source, offset) {}                                \
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
/// A check the origin writes as a bare `assert` (timm's schedulers: no message of its own).
LRSCHED_DEFINE_ERROR(AssertionError)
/// A saved state that cannot be loaded: corrupt, truncated, foreign or mismatched.
LRSCHED_DEFINE_ERROR(StateError)
/// Malformed spec or expression text (Python: SyntaxError).
LRSCHED_DEFINE_ERROR(SyntaxError)
/// An unknown name in a spec or expression: a scheduler, a function (Python: NameError).
LRSCHED_DEFINE_ERROR(NameError)
/// An unknown attribute in an expression, e.g. `math.tau` (Python: AttributeError).
LRSCHED_DEFINE_ERROR(AttributeError)

#undef LRSCHED_DEFINE_ERROR

}  // namespace lrsched
