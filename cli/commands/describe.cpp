#include "commands/describe.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "lrsched/error.hpp"
#include "lrsched/spec/signature.hpp"

namespace lrsched::cli {

namespace {
void print(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void describe(const std::string& name) {
  const spec::SchedulerSignature* s = spec::find_signature(name);
  if (s == nullptr) {
    std::vector<std::string_view> names;
    for (const auto& sig : spec::scheduler_signatures()) names.push_back(sig.name);
    const auto guess = spec::closest_name(name, names);
    throw ValueError("unknown scheduler '" + name + "'" +
                     (guess ? ". Did you mean '" + *guess + "'?" : std::string()) +
                     " (lrsched list shows them all)");
  }
  std::string out;
  out += std::string(s->module) + "." + spec::signature_text(*s) + "\n\n";
  out += std::string(s->summary) + "\n\nArguments:\n";
  for (const auto& p : s->parameters) {
    std::string head = "  " + std::string(p.name) + " (" + std::string(p.annotation) + ")";
    head += p.default_value ? ", default " + spec::repr(*p.default_value) : ", required";
    out += head + "\n      " + std::string(p.description) + "\n";
  }
  out += "\nstep():       " + std::string(s->formula) + "\n";
  if (!s->closed_form.empty()) out += "step(epoch):  " + std::string(s->closed_form) + "\n";
  print(out);
}
}  // namespace

void setup_describe(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  CLI::App* sub =
      app.add_subcommand("describe", "Show a scheduler's arguments, defaults and formula");
  sub->add_option("name", *name, "Scheduler class, e.g. OneCycleLR")->required();
  sub->callback([name] { describe(*name); });
}

}  // namespace lrsched::cli
