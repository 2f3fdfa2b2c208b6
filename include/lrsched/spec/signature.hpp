// A schedule's signature (as its origin writes it, without `optimizer`) and Python's argument
// binding rules, with CPython's TypeError messages. The signatures themselves are registry rows
// (lrsched/spec/registry.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/spec/value.hpp"

namespace lrsched::spec {

/// One parameter of a scheduler's `__init__`.
struct Parameter {
  std::string_view name;
  std::optional<Value> default_value;  // nullopt: required
  std::string_view annotation;         // Python type text, e.g. "float | list[float]"
  std::string_view description;        // one short line
};

/// A schedule's class or function as the spec language sees it.
struct SchedulerSignature {
  std::string_view name = {};    // as the origin spells it
  std::string_view module = {};  // "torch.optim.lr_scheduler", "timm.scheduler", ...
  std::string_view summary = {};
  /// Parameters after `optimizer` (or around it, when `optimizer` is not first).
  std::vector<Parameter> parameters = {};
  /// Whether `optimizer` comes first (all of PyTorch's classes but one).
  bool optimizer_first = true;
  bool takes_lambdas = false;
  std::string_view formula = {};      // what step() computes (chainable form where there is one)
  std::string_view closed_form = {};  // what step(epoch) uses; empty when PyTorch has none
  /// A function (transformers, Optax): CPython names it `name()` and counts no `self`; a class
  /// is `Name.__init__()`.
  bool is_function = false;
  /// Where the origin takes the optimizer when not first, among `parameters` (transformers'
  /// `get_scheduler(name, optimizer, ...)` has 1): the spec leaves it out and it is inserted
  /// there. None when the origin takes no optimizer (Optax, Keras) or lists it as a parameter
  /// that can only be None (ChainedScheduler).
  std::optional<std::size_t> optimizer_index = std::nullopt;
  /// `**kwargs`: keywords the parameters do not name are kept, in order
  /// (`BoundArguments::extra_keywords`), instead of being a TypeError.
  bool takes_kwargs = false;
  /// Module prefixes accepted besides the dotted tails of `module`: "timm" for
  /// "timm.scheduler", "keras" for "keras.optimizers.schedules".
  std::vector<std::string_view> module_aliases = {};
};

/// "Name(required, keyword=default, ..., **kwargs)", as Python shows a signature (without the
/// optimizer).
[[nodiscard]] std::string signature_text(const SchedulerSignature& signature);

/// A number or a per-group list of numbers (`max_lr=0.1` or `max_lr=[0.1, 0.2]`).
struct FloatOrList {
  std::vector<double> values;
  bool is_list = false;
};

/// One lambda or a per-group list of lambdas.
struct LambdaOrList {
  std::vector<Lambda> lambdas;
  bool is_list = false;
};

/// A call's arguments matched to a signature, defaults filled in. Getters raise TypeError
/// naming the argument ("Name(): argument 'step_size' must be int, not float").
class BoundArguments {
 public:
  [[nodiscard]] const SchedulerSignature& signature() const { return *signature_; }
  /// The value of parameter `name`; std::out_of_range if the signature has no such parameter.
  [[nodiscard]] const Value& value(std::string_view name) const;
  /// Whether the call passed the argument (rather than taking the default).
  [[nodiscard]] bool was_given(std::string_view name) const;
  /// Offset of the argument's value in the spec (the call's name for defaults).
  [[nodiscard]] std::size_t offset(std::string_view name) const { return value(name).offset; }

  /// isinstance checks as PyTorch writes them; is_int is true for bools, as in Python.
  [[nodiscard]] bool is_none(std::string_view name) const { return value(name).is_none(); }
  [[nodiscard]] bool is_int(std::string_view name) const { return value(name).is_int(); }
  [[nodiscard]] bool is_float(std::string_view name) const { return value(name).is_float(); }

  [[nodiscard]] std::int64_t get_int(std::string_view name) const;
  /// An int or float (ints convert as in Python).
  [[nodiscard]] double get_float(std::string_view name) const;
  /// A bool, or an int taken by truthiness.
  [[nodiscard]] bool get_bool(std::string_view name) const;
  /// A str; a str enum member as its value, which is what the origins compare and concatenate.
  [[nodiscard]] std::string get_string(std::string_view name) const;
  [[nodiscard]] std::optional<std::int64_t> get_optional_int(std::string_view name) const;
  [[nodiscard]] std::optional<double> get_optional_float(std::string_view name) const;
  [[nodiscard]] FloatOrList get_float_or_list(std::string_view name) const;
  /// A list, tuple or range of ints, for an argument its origin reads in order (indexes, bisects,
  /// zips); a set is a TypeError, since Python's order for it is its hash table's.
  [[nodiscard]] std::vector<std::int64_t> get_int_list(std::string_view name) const;
  /// get_int_list, or a set of ints (its items in the order written), for an argument its origin
  /// only counts: MultiStepLR's `Counter(milestones)`.
  [[nodiscard]] std::vector<std::int64_t> get_int_collection(std::string_view name) const;
  [[nodiscard]] LambdaOrList get_lambda_or_list(std::string_view name) const;
  /// None or a lambda (e.g. a custom scale_fn).
  [[nodiscard]] std::optional<Lambda> get_optional_lambda(std::string_view name) const;
  /// A list or tuple of scheduler calls; a non-call item raises PyTorch's TypeError
  /// "<Name> at index 1 should have `optimizer` as its attribute.".
  [[nodiscard]] std::vector<Call> get_schedulers(std::string_view name) const;
  /// A dict (`{...}` or `dict(...)`).
  [[nodiscard]] const Dict& get_dict(std::string_view name) const;
  /// The keywords a `**kwargs` signature collected, in call order.
  [[nodiscard]] const std::vector<KeywordArgument>& extra_keywords() const {
    return extra_keywords_;
  }

 private:
  friend BoundArguments bind_arguments(const Call& call, const SchedulerSignature& signature);

  [[nodiscard]] std::size_t index(std::string_view name) const;
  [[noreturn]] void type_error(std::string_view name, std::string_view expected) const;

  const SchedulerSignature* signature_ = nullptr;
  std::vector<Value> values_;  // one per parameter, in signature order
  std::vector<bool> given_;
  std::vector<KeywordArgument> extra_keywords_;
};

/// CPython's TypeError text for a keyword `signature` does not name ("StepLR.__init__() got an
/// unexpected keyword argument 'gama'. Did you mean 'gamma'?"), saying why where the keyword
/// comes from code for another version or a real call: `optimizer` (the spec leaves it out) and
/// PyTorch 1.x's `verbose` (PyTorch has removed it).
[[nodiscard]] std::string unexpected_keyword_message(const SchedulerSignature& signature,
                                                     std::string_view keyword);

/// Binds `call` to `signature` with Python's rules: positionals first, then keywords; raises
/// TypeError with CPython's text ("Name.__init__() missing 1 required positional argument:
/// 'step_size'", "... got an unexpected keyword argument 'gama'. Did you mean 'gamma'?",
/// "... got multiple values for argument 'gamma'"; too many positionals are counted as the spec
/// writes them: "StepLR() takes from 1 to 3 positional arguments after the optimizer (step_size,
/// gamma, last_epoch) but 4 were given"). An `optimizer` parameter may only be None in a spec.
[[nodiscard]] BoundArguments bind_arguments(const Call& call, const SchedulerSignature& signature);

}  // namespace lrsched::spec
