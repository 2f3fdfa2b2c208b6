#include "simulation_options.hpp"

#include <vector>

#include "exit_status.hpp"
#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "option_values.hpp"

namespace lrsched::cli {

SimulationConfig SimulationOptions::to_config() const {
  SimulationConfig config;
  config.spec = spec;
  config.lrs = parse_numbers("--lr", lrs);
  if (!steps.empty()) config.steps = parse_count("--steps", steps);
  config.optimizer = optimizer;
  // Which of momentum and betas the optimizer has, as PyTorch's defaults say (ValueError for an
  // unknown name, with the list of known ones).
  MomentumKind kind = MomentumKind::none;
  try {
    kind = InMemoryOptimizer::like(optimizer, {0.1}).momentum_kind();
  } catch (const ValueError& e) {
    throw UsageError("--optimizer: " + std::string(e.what()));
  }
  if (!momentum.empty()) {
    if (kind != MomentumKind::momentum) {
      throw UsageError("--momentum: " + optimizer + " has no momentum" +
                       (kind == MomentumKind::betas ? " (it has betas: use --betas B1,B2)"
                                                    : " (only sgd and rmsprop have one)"));
    }
    config.momentum = parse_number("--momentum", momentum);
  }
  if (!betas.empty()) {
    if (kind != MomentumKind::betas) {
      throw UsageError("--betas: " + optimizer + " has no betas" +
                       (kind == MomentumKind::momentum ? " (it has momentum: use --momentum M)"
                                                       : " (only Adam-like optimizers have them)"));
    }
    const std::vector<double> values = parse_numbers("--betas", betas);
    if (values.size() != 2) throw UsageError("--betas takes two values: B1,B2");
    config.beta1 = values[0];
    config.beta2 = values[1];
  }
  if (!initial_lrs.empty()) config.initial_lrs = parse_numbers("--initial-lr", initial_lrs);
  if (!metric.empty()) config.metric = metric;
  if (!metrics_file.empty()) config.metrics_file = metrics_file;
  if (!load_state.empty()) config.load_state = load_state;
  if (!save_state.empty()) config.save_state = save_state;
  config.closed_form = closed_form;
  if (!steps_per_epoch.empty()) {
    config.steps_per_epoch = parse_count("--steps-per-epoch", steps_per_epoch, 1);
  }
  if (!epochs.empty()) {
    if (!config.steps_per_epoch) throw UsageError("--epochs needs --steps-per-epoch K");
    if (config.steps) throw UsageError("give --steps (rows) or --epochs, not both");
    config.epochs = parse_count("--epochs", epochs);
  }
  const auto torch = parse_torch_behavior(torch_compat);
  if (!torch) throw UsageError("--torch-compat takes newest or 1.13, not '" + torch_compat + "'");
  config.torch = *torch;
  return config;
}

}  // namespace lrsched::cli
