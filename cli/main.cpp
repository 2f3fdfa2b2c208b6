// lrsched: see a learning-rate schedule before training with it.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <span>
#include <string>

#include "commands/describe.hpp"
#include "commands/gallery.hpp"
#include "commands/list.hpp"
#include "commands/plot.hpp"
#include "commands/simulate.hpp"
#include "completion.hpp"
#include "diagnostics.hpp"
#include "exit_status.hpp"
#include "lrsched/error.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/version.hpp"
#include "manpage.hpp"
#include "usage.hpp"

namespace {

using lrsched::cli::ExitStatus;

int fail(ExitStatus status, std::string_view message) {
  std::fprintf(stderr, "lrsched: error: %.*s\n", static_cast<int>(message.size()), message.data());
  return status;
}

// One line "lrsched: <Type>: <message>", plus the caret lines when the error has a position (a
// malformed spec or expression). A state file that cannot be loaded is a file error.
int report(const lrsched::Error& e) {
  const std::string message = lrsched::cli::one_line(e.what());
  std::fprintf(stderr, "lrsched: %.*s: %s\n", static_cast<int>(e.type().size()), e.type().data(),
               message.c_str());
  if (e.position()) std::fprintf(stderr, "%s\n", e.caret().c_str());
  return e.type() == "StateError" ? lrsched::cli::kExitFileError : lrsched::cli::kExitScheduleError;
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
    lrsched::set_warning_handler(&lrsched::cli::print_library_warning);
    try {
      lrsched::cli::check_command_line(
          app, std::span<const char* const>(argv + 1, static_cast<std::size_t>(argc - 1)));
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      return fail(lrsched::cli::kExitUsageError, lrsched::cli::usage_message(e));
    }
  } catch (const lrsched::cli::UsageError& e) {
    return fail(lrsched::cli::kExitUsageError, e.what());
  } catch (const lrsched::cli::FileError& e) {
    return fail(lrsched::cli::kExitFileError, e.what());
  } catch (const lrsched::Error& e) {
    return report(e);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "lrsched: MemoryError: out of memory\n");
    return lrsched::cli::kExitScheduleError;
  } catch (const std::exception& e) {
    return fail(lrsched::cli::kExitScheduleError, e.what());
  } catch (...) {
    return fail(lrsched::cli::kExitScheduleError, "unknown exception");
  }
  return lrsched::cli::kExitSuccess;
}
