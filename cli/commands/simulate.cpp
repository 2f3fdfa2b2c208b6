#include "commands/simulate.hpp"

#include <memory>
#include <string>
#include <vector>

#include "common_options.hpp"
#include "output_file.hpp"
#include "simulation.hpp"
#include "trace_writer.hpp"

namespace lrsched::cli {

namespace {
struct SimulateOptions {
  SimulationOptions simulation;
  std::string format = "csv";
  std::string output;
};

void run_simulate(const SimulateOptions& options) {
  const SimulationConfig config = options.simulation.to_config();
  OutputFile out(options.output);
  if (options.format == "json") {
    JsonTraceWriter writer(out.stream(), config.spec);
    simulate_checked(config, writer);
  } else {
    CsvTraceWriter writer(out.stream());
    simulate_checked(config, writer);
  }
  out.commit();
}
}  // namespace

void setup_simulate(CLI::App& app) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* sub = app.add_subcommand(
      "simulate", "Print a scheduler's learning rates step by step (CSV or JSON)");
  SimulationOptions& o = options->simulation;
  sub->add_option("spec", o.spec, "Schedule as in Python, without the optimizer (see `lrsched list`)")
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
