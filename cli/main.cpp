// lrsched: see a learning-rate schedule before training with it.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "commands/describe.hpp"
#include "commands/gallery.hpp"
#include "commands/list.hpp"
#include "commands/plot.hpp"
#include "commands/simulate.hpp"
#include "completion.hpp"
#include "lrsched/error.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/version.hpp"
#include "manpage.hpp"

namespace {

void print_warning(std::string_view message) {
  std::fprintf(stderr, "lrsched: UserWarning: %.*s\n", static_cast<int>(message.size()),
               message.data());
}

// One line "lrsched: <Type>: <message>", plus the caret lines when the error has a position (a
// malformed spec or expression).
int report(const lrsched::Error& e) {
  std::string message = e.what();
  for (auto& c : message) {
    if (c == '\n') c = ' ';  // one line, even for PyTorch's multi-line KeyError
  }
  std::fprintf(stderr, "lrsched: %.*s: %s\n", static_cast<int>(e.type().size()), e.type().data(),
               message.c_str());
  if (e.position()) std::fprintf(stderr, "%s\n", e.caret().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    CLI::App app{"lrsched: PyTorch's learning-rate schedulers in C++, bit for bit"};
    app.name("lrsched");
    app.set_version_flag("--version", std::string(lrsched::kVersion));
    app.require_subcommand(1);
    lrsched::cli::setup_simulate(app);
    lrsched::cli::setup_gallery(app);
    lrsched::cli::setup_list(app);
    lrsched::cli::setup_plot(app);
    lrsched::cli::setup_describe(app);
    lrsched::cli::setup_completion(app);  // hidden: completion scripts and the man page
    lrsched::cli::setup_manpage(app);
    lrsched::set_warning_handler(&print_warning);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      return app.exit(e);
    }
  } catch (const lrsched::Error& e) {
    return report(e);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "lrsched: MemoryError: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lrsched: error: %s\n", e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "lrsched: error: unknown exception\n");
    return 1;
  }
  return 0;
}
