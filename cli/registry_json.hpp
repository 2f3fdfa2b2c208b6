// The registry as JSON, for `lrsched list --format json` and `lrsched describe NAME --format json`:
// what tools, tests and other front ends read instead of keeping their own lists of schedules.
#pragma once

#include <nlohmann/json.hpp>

#include "lrsched/spec/registry.hpp"

namespace lrsched::cli {

/// Version of the documents below; bumped when a field changes meaning or goes away.
inline constexpr int kRegistryJsonFormat = 1;

/// One row: name, module, summary, signature text, parameters (name, annotation, required,
/// default as Python's repr and as a JSON value, description), formula, closed form, stepping
/// and examples.
[[nodiscard]] nlohmann::ordered_json schedule_json(const spec::ScheduleEntry& entry);

/// `{"format": 1, "schedules": [...]}` with every row in registry order.
[[nodiscard]] nlohmann::ordered_json registry_json();

}  // namespace lrsched::cli
