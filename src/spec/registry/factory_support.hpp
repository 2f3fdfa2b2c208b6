// What the registry's factories share: reading bound arguments into a class's Options the way
// PyTorch reads its arguments (internal header).
//
// A factory starts from the class's own `Options{}` and overwrites only the arguments the call
// gave, so the C++ defaults are the defaults; the registry row shows the same values, and a test
// proves that every row's defaults build the same scheduler as leaving them out.
//
// The row files' own helpers have names unique across the registry: the command line's release
// build compiles each library as one unit (CMAKE_UNITY_BUILD), where file-local names meet.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/schedulers/composite.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/spec/signature.hpp"

namespace lrsched::spec::factory {

// Defaults of a signature's parameters, as Python values.
[[nodiscard]] Value none();
[[nodiscard]] Value integer(std::int64_t v);
[[nodiscard]] Value real(double v);
[[nodiscard]] Value text(const char* v);
[[nodiscard]] Value boolean(bool v);

/// `last_epoch`, as PyTorch's schedulers and transformers' functions take it.
[[nodiscard]] Parameter last_epoch();

/// A row's own gallery figure: one curve of `spec` at lr 0.1 over the default steps, headed
/// `caption` (`name` when empty).
[[nodiscard]] Example figure(std::string name, std::string spec, std::string caption = {});

/// An int parameter. Python would also accept a float where PyTorch only does arithmetic with it
/// (`step_size=30.0`); an integral float gives the same numbers, so it is accepted too.
[[nodiscard]] std::int64_t int_arg(const BoundArguments& args, std::string_view name);

/// A scalar or per-group list of floats.
[[nodiscard]] PerGroup per_group(const BoundArguments& args, std::string_view name);

/// A spec lambda as a C++ function of one int; the compiled body is shared, not copied.
[[nodiscard]] std::function<double(std::int64_t)> to_function(const Lambda& lambda);

/// The nested schedulers of a composite, built on `optimizer` left to right with `behavior`.
[[nodiscard]] SchedulerList children(const BoundArguments& args, OptimizerView& optimizer,
                                     TorchBehavior behavior);

/// PyTorch's `isinstance(x, int)` checks whose failure is a ValueError quoting the value.
void require_int(const BoundArguments& args, std::string_view name, const std::string& message);

// `field = argument` when the call gave the argument; the field keeps its C++ default otherwise.
void set(const BoundArguments& args, std::string_view name, double& field);
void set(const BoundArguments& args, std::string_view name, std::int64_t& field);
void set(const BoundArguments& args, std::string_view name, bool& field);
void set(const BoundArguments& args, std::string_view name, std::string& field);
void set(const BoundArguments& args, std::string_view name, PerGroup& field);
void set(const BoundArguments& args, std::string_view name, std::optional<std::int64_t>& field);
void set(const BoundArguments& args, std::string_view name, std::optional<double>& field);

}  // namespace lrsched::spec::factory
