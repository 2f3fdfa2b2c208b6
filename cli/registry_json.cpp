#include "registry_json.hpp"

#include <string>
#include <variant>

namespace lrsched::cli {

namespace {

using nlohmann::ordered_json;

std::string_view metric_use_name(MetricUse use) {
  switch (use) {
    case MetricUse::none:
      return "none";
    case MetricUse::optional:
      return "optional";
    case MetricUse::required:
      return "required";
  }
  return "none";
}

std::string_view step_count_name(StepCount count) {
  switch (count) {
    case StepCount::internal:
      return "internal";
    case StepCount::epoch:
      return "epoch";
    case StepCount::updates:
      return "updates";
  }
  return "internal";
}

std::string_view epoch_use_name(EpochUse use) {
  switch (use) {
    case EpochUse::none:
      return "none";
    case EpochUse::integer:
      return "integer";
    case EpochUse::fractional:
      return "fractional";
  }
  return "none";
}

// A default value as JSON: defaults are literals (None, bools, numbers, strings, lists of them).
// Non-finite floats are numbers, written Infinity, -Infinity and NaN as in lrsched's other JSON
// (io::dump_json).
ordered_json value_json(const spec::Value& value) {
  return std::visit(
      [&](const auto& v) -> ordered_json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, spec::NoneType>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> ||
                             std::is_same_v<T, double> || std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, spec::List> || std::is_same_v<T, spec::Tuple>) {
          ordered_json items = ordered_json::array();
          for (const spec::Value& item : value.items()) items.push_back(value_json(item));
          return items;
        } else {
          return spec::repr(value);  // a call or a lambda: its source text
        }
      },
      value.data);
}

ordered_json example_json(const spec::Example& example) {
  ordered_json curves = ordered_json::array();
  for (const spec::ExampleCurve& c : example.curves) {
    curves.push_back(ordered_json{{"spec", c.spec},
                                  {"label", c.label.empty() ? c.spec : c.label},
                                  {"continues_previous", c.continues_previous}});
  }
  return ordered_json{
      {"stem", example.stem},
      {"caption", example.caption},
      {"title", example.title},
      {"curves", std::move(curves)},
      {"optimizer", example.optimizer},
      {"lr", example.lrs},
      {"initial_lr", example.initial_lrs},
      {"momentum", example.momentum},
      {"metric", example.metric.empty() ? ordered_json(nullptr) : ordered_json(example.metric)},
      {"momentum_panel", example.momentum_panel}};
}

}  // namespace

ordered_json schedule_json(const spec::ScheduleEntry& entry) {
  const spec::SchedulerSignature& s = entry.signature;
  ordered_json parameters = ordered_json::array();
  for (const spec::Parameter& p : s.parameters) {
    ordered_json parameter{
        {"name", p.name}, {"annotation", p.annotation}, {"required", !p.default_value.has_value()}};
    parameter["default"] = p.default_value ? ordered_json(spec::repr(*p.default_value)) : nullptr;
    parameter["default_value"] = p.default_value ? value_json(*p.default_value) : nullptr;
    parameter["description"] = p.description;
    parameters.push_back(std::move(parameter));
  }
  ordered_json examples = ordered_json::array();
  for (const spec::Example& e : entry.examples) examples.push_back(example_json(e));
  return ordered_json{
      {"name", s.name},
      {"module", s.module},
      {"summary", s.summary},
      {"signature", spec::signature_text(s)},
      {"parameters", std::move(parameters)},
      {"kind", entry.schedule != nullptr ? "schedule" : "scheduler"},
      {"is_function", s.is_function},
      {"module_aliases", s.module_aliases},
      {"optimizer_first", s.optimizer_first},
      {"optimizer_index",
       s.optimizer_index ? ordered_json(*s.optimizer_index) : ordered_json(nullptr)},
      {"takes_kwargs", s.takes_kwargs},
      {"takes_lambdas", s.takes_lambdas},
      {"formula", s.formula},
      {"closed_form", s.closed_form.empty() ? ordered_json(nullptr) : ordered_json(s.closed_form)},
      {"stepping", ordered_json{{"metric", metric_use_name(entry.stepping.metric)},
                                {"epoch", epoch_use_name(entry.stepping.epoch)},
                                {"update_count", entry.stepping.update_count},
                                {"count", step_count_name(entry.stepping.count)}}},
      {"examples", std::move(examples)}};
}

ordered_json registry_json() {
  ordered_json schedules = ordered_json::array();
  for (const spec::ScheduleEntry& entry : spec::registry()) {
    schedules.push_back(schedule_json(entry));
  }
  return ordered_json{{"format", kRegistryJsonFormat}, {"schedules", std::move(schedules)}};
}

}  // namespace lrsched::cli
