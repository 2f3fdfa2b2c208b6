#include "commands/describe.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "io/json_text.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/registry.hpp"
#include "registry_json.hpp"

namespace lrsched::cli {

namespace {
void print(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

// How a step is called, from what the schedule declares.
std::string stepping_text(const Stepping& stepping) {
  if (stepping.count != StepCount::internal) {
    // timm's: no step count of its own, the caller tells it.
    const bool optional = stepping.metric == MetricUse::optional;
    std::string out = optional ? "step(epoch, metric=None)" : "step(epoch)";
    if (stepping.update_count) {
      out += optional ? ", step_update(num_updates, metric=None)" : ", step_update(num_updates)";
    }
    return out + (stepping.count == StepCount::epoch
                      ? "; the caller passes the epoch, step(epoch + 1); simulate row k is epoch k"
                      : "; the caller passes the update count, step_update(num_updates); "
                        "simulate row k is update k");
  }
  std::string out = stepping.metric == MetricUse::required   ? "step(metric)"
                    : stepping.metric == MetricUse::optional ? "step() or step(metric)"
                                                             : "step()";
  if (stepping.epoch == EpochUse::integer) out += "; step(epoch) (deprecated: the closed form)";
  if (stepping.epoch == EpochUse::fractional) out += "; step(epoch) with fractional epochs";
  if (stepping.update_count) out += "; step_update(num_updates)";
  return out;
}
}  // namespace

void describe_schedule(const std::string& name, const std::string& format) {
  const spec::ScheduleEntry* entry = spec::find_schedule(name);
  if (entry == nullptr) {
    std::vector<std::string_view> names;
    for (const auto& row : spec::registry()) names.push_back(row.signature.name);
    const auto guess = spec::closest_name(name, names);
    throw ValueError("unknown scheduler '" + name + "'" +
                     (guess ? ". Did you mean '" + *guess + "'?" : std::string()) +
                     " (lrsched list shows them all)");
  }
  if (format == "json") {
    print(io::dump_json(schedule_json(*entry), 2) + "\n");
    return;
  }
  const spec::SchedulerSignature& s = entry->signature;
  std::string out;
  out += std::string(s.module) + "." + spec::signature_text(s) + "\n\n";
  out += std::string(s.summary) + "\n\nArguments:\n";
  for (const auto& p : s.parameters) {
    std::string head = "  " + std::string(p.name) + " (" + std::string(p.annotation) + ")";
    head += p.default_value ? ", default " + spec::repr(*p.default_value) : ", required";
    out += head + "\n      " + std::string(p.description) + "\n";
  }
  if (entry->schedule != nullptr) {
    out += "\nvalue(step):  " + std::string(s.formula) + "\n";
    out +=
        "stepping:     a pure function of the step count: in simulate and plot, every group's "
        "lr at row k is the value at k (--lr does not scale it)\n";
  } else {
    // A count-driven schedule's formula is its lr at the count it is told (timm's).
    out +=
        (entry->stepping.count == StepCount::internal ? "\nstep():       " : "\nlr(t):        ") +
        std::string(s.formula) + "\n";
    if (!s.closed_form.empty()) out += "step(epoch):  " + std::string(s.closed_form) + "\n";
    out += "stepping:     " + stepping_text(entry->stepping) + "\n";
  }
  print(out);
}

void setup_describe(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  CLI::App* sub =
      app.add_subcommand("describe", "Show a schedule's arguments, defaults and formula");
  sub->add_option("name", *name, "Schedule name, as `lrsched list` shows it")->required();
  sub->add_option("--format", *format, "text, or json: the registry row")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->callback([name, format] { describe_schedule(*name, *format); });
}

}  // namespace lrsched::cli
