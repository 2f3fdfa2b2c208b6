// The registry's storage and lookups. Families add their rows in registry/<family>.cpp.
#include "lrsched/spec/registry.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "registry/keras.hpp"
#include "registry/optax.hpp"
#include "registry/pytorch.hpp"
#include "registry/timm.hpp"
#include "registry/transformers.hpp"

namespace lrsched::spec {

namespace {

std::list<ScheduleEntry>& mutable_registry() {
  static std::list<ScheduleEntry> rows = [] {
    std::list<ScheduleEntry> all;
    for (ScheduleEntry& row : pytorch_schedules()) all.push_back(std::move(row));
    for (ScheduleEntry& row : transformers_schedules()) all.push_back(std::move(row));
    for (ScheduleEntry& row : timm_schedules()) all.push_back(std::move(row));
    for (ScheduleEntry& row : optax_schedules()) all.push_back(std::move(row));
    for (ScheduleEntry& row : keras_schedules()) all.push_back(std::move(row));
    return all;
  }();
  return rows;
}

// Whether `prefix` (without its final dot) is the whole module or a dotted tail of it:
// "torch.optim.lr_scheduler", "optim.lr_scheduler" and "lr_scheduler" for that module.
bool is_module_tail(std::string_view module, std::string_view prefix) {
  if (!module.ends_with(prefix)) return false;
  return module.size() == prefix.size() || module[module.size() - prefix.size() - 1] == '.';
}

}  // namespace

const std::list<ScheduleEntry>& registry() { return mutable_registry(); }

const ScheduleEntry* find_schedule(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  const std::string_view bare = dot == std::string_view::npos ? name : name.substr(dot + 1);
  const std::string_view prefix = dot == std::string_view::npos ? "" : name.substr(0, dot);
  for (const ScheduleEntry& entry : registry()) {
    const auto& aliases = entry.signature.module_aliases;
    if (entry.signature.name == bare &&
        (prefix.empty() || is_module_tail(entry.signature.module, prefix) ||
         std::find(aliases.begin(), aliases.end(), prefix) != aliases.end())) {
      return &entry;
    }
  }
  return nullptr;
}

const ScheduleEntry& resolve_schedule(const Call& call) {
  if (const ScheduleEntry* entry = find_schedule(call.name)) return *entry;
  std::vector<std::string_view> names;
  for (const ScheduleEntry& entry : registry()) names.push_back(entry.signature.name);
  const std::size_t dot = call.name.rfind('.');
  const std::string_view bare = dot == std::string::npos
                                    ? std::string_view(call.name)
                                    : std::string_view(call.name).substr(dot + 1);
  std::string message = "unknown scheduler '" + call.name + "'";
  if (auto match = closest_name(bare, names)) {
    message += ". Did you mean '" + *match + "'?";
  } else if (find_schedule(bare) != nullptr) {
    message += ". Did you mean '" + std::string(bare) + "'?";  // right class, wrong module
  } else {
    message += " (see `lrsched list`)";
  }
  throw NameError(message, call.source ? std::string_view(*call.source) : call.name,
                  call.source ? call.name_offset : 0);
}

BoundArguments bind_arguments(const Call& call) {
  return bind_arguments(call, resolve_schedule(call).signature);
}

ScheduleRegistration::ScheduleRegistration(ScheduleEntry entry) {
  if ((entry.build == nullptr) == (entry.schedule == nullptr)) {
    throw ValueError("schedule '" + std::string(entry.signature.name) +
                     "' needs one factory: a scheduler's or a pure schedule's");
  }
  for (const ScheduleEntry& row : registry()) {
    if (row.signature.name == entry.signature.name) {
      throw ValueError("a schedule named '" + std::string(entry.signature.name) +
                       "' is already registered");
    }
  }
  entry_ = &mutable_registry().emplace_back(std::move(entry));
}

ScheduleRegistration::~ScheduleRegistration() {
  mutable_registry().remove_if([this](const ScheduleEntry& row) { return &row == entry_; });
}

}  // namespace lrsched::spec
