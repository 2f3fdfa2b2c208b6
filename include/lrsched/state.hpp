// Scheduler state as named fields, the C++ counterpart of PyTorch's `state_dict()`.
//
// A scheduler exposes its state by calling one `StateVisitor` method per field, under PyTorch's
// key names. One visitor writes the fields somewhere (saving), another reads them back (loading),
// so each class lists its state exactly once. Serialization formats live outside the core
// (`lrsched/state_json.hpp`).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lrsched {

class Scheduler;

class StateVisitor {
 public:
  virtual ~StateVisitor() = default;
  virtual void field(std::string_view key, double& value) = 0;
  virtual void field(std::string_view key, std::int64_t& value) = 0;
  virtual void field(std::string_view key, bool& value) = 0;
  virtual void field(std::string_view key, std::string& value) = 0;
  virtual void field(std::string_view key, std::vector<double>& value) = 0;
  virtual void field(std::string_view key, std::vector<std::int64_t>& value) = 0;
  /// A list with one value per param group (`base_lrs`, `max_lrs`, ...): a loader refuses one
  /// whose length is not the optimizer's number of groups.
  virtual void group_field(std::string_view key, std::vector<double>& values) {
    field(key, values);
  }
  /// A value that PyTorch may hold as None (e.g. a plateau scheduler's `default_min_lr`).
  virtual void field(std::string_view key, std::optional<double>& value) = 0;
  /// The wrapped schedulers of a composite, in order.
  virtual void children(std::string_view key,
                        std::span<const std::unique_ptr<Scheduler>> children) = 0;
};

}  // namespace lrsched
