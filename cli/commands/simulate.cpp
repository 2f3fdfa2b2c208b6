#include "commands/simulate.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common_options.hpp"
#include "lrsched/error.hpp"
#include "output_file.hpp"
#include "simulation.hpp"
#include "trace_writer.hpp"

namespace lrsched::cli {

namespace {

// Rows held back on stdout before streaming: a schedule that fails within them (about 40,000
// rows of one group) prints nothing; the first row of a longer run still appears at once.
constexpr std::size_t kHoldBackBytes = std::size_t{1} << 20;

struct SimulateOptions {
  SimulationOptions simulation;
  std::string format = "csv";
  std::string output;
};

void run_simulate(const SimulateOptions& options) {
  const SimulationConfig config = options.simulation.to_config();
  // Both files are created before anything runs, so that a path in a missing folder is refused
  // before a row is printed; they appear only when complete.
  OutputFile out(options.output);
  std::optional<OutputFile> state;
  if (config.save_state) state.emplace(*config.save_state);
  OutputFile* state_file = state ? &*state : nullptr;
  if (options.format == "json") {
    JsonTraceWriter writer(out.stream(), config.spec, config.steps_per_epoch.value_or(0));
    run_simulation(config, writer, state_file);
  } else {
    CsvTraceWriter writer(out.stream(), out.is_stdout() ? kHoldBackBytes : 0,
                          config.steps_per_epoch.value_or(0));
    try {
      run_simulation(config, writer, state_file);
    } catch (Error& e) {
      if (writer.released()) {
        writer.end();  // the rows up to the failing step, as a streaming run has them
        e.add_note(" (the rows before it were printed)");
      }
      throw;
    }
  }
  out.commit();
  if (state) state->commit();
}

}  // namespace

void setup_simulate(CLI::App& app) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* sub = app.add_subcommand(
      "simulate", "Print a scheduler's learning rates step by step (CSV or JSON)");
  SimulationOptions& o = options->simulation;
  sub->add_option("spec", o.spec,
                  "Schedule as in Python, without the optimizer (see `lrsched list`)")
      ->required();
  add_simulation_options(*sub, o);
  sub->add_option("--load-state", o.load_state, "Restore scheduler+optimizer state before row 0");
  sub->add_option("--save-state", o.save_state,
                  "Save scheduler+optimizer state after the last step");
  sub->add_flag("--closed-form", o.closed_form,
                "Step with PyTorch's step(epoch): the closed form where the class has one");
  sub->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  sub->add_option("-o,--output", options->output, "Write to FILE instead of stdout");
  sub->callback([options] { run_simulate(*options); });
}

}  // namespace lrsched::cli
