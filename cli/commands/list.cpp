#include "commands/list.hpp"

#include <cstdio>

#include "lrsched/spec/signature.hpp"

namespace lrsched::cli {

void setup_list(CLI::App& app) {
  CLI::App* sub = app.add_subcommand("list", "List every scheduler with its signature");
  sub->callback([] {
    for (const auto& s : spec::scheduler_signatures()) {
      std::printf("%-80s %.*s\n", spec::signature_text(s).c_str(),
                  static_cast<int>(s.summary.size()), s.summary.data());
    }
  });
}

}  // namespace lrsched::cli
