#include "commands/list.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include "io/json_text.hpp"
#include "lrsched/spec/registry.hpp"
#include "registry_json.hpp"

namespace lrsched::cli {

void list_schedules(const std::string& format) {
  if (format == "json") {
    std::printf("%s\n", io::dump_json(registry_json(), 2).c_str());
    return;
  }
  for (const spec::ScheduleEntry& entry : spec::registry()) {
    const std::string_view summary = entry.signature.summary;
    std::printf("%-80s %.*s\n", spec::signature_text(entry.signature).c_str(),
                static_cast<int>(summary.size()), summary.data());
  }
}

void setup_list(CLI::App& app) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* sub = app.add_subcommand("list", "List every schedule with its signature");
  sub->add_option("--format", *format, "text, or json: the whole registry")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->callback([format] { list_schedules(*format); });
}

}  // namespace lrsched::cli
