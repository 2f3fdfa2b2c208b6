#include "common_options.hpp"

#include "exit_status.hpp"
#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "usage.hpp"

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

void add_simulation_options(CLI::App& sub, SimulationOptions& o) {
  // One word per occurrence: `--lr 0.1 "StepLR(3)"` leaves the spec to the positional argument.
  sub.add_option("--lr", o.lrs, "Initial lr of each param group (their count is the group count)")
      ->type_name("LR[,LR...]")
      ->allow_extra_args(false)
      ->capture_default_str();
  sub.add_option("--steps", o.steps,
                 "Number of rows (steps) to simulate (default: the schedule's own length where its "
                 "arguments give one, else 100)")
      ->type_name("N");
  sub.add_option("--optimizer", o.optimizer,
                 "Optimizer modelled: sgd, rmsprop (momentum), adam, adamw, adamax, nadam, radam "
                 "(betas), adagrad, adadelta, rprop, asgd, lbfgs")
      ->capture_default_str();
  sub.add_option("--momentum", o.momentum, "SGD/RMSprop momentum (default 0)")->type_name("M");
  sub.add_option("--betas", o.betas, "Adam-style betas (default 0.9,0.999)")
      ->type_name("B1,B2")
      ->allow_extra_args(false);
  sub.add_option("--initial-lr", o.initial_lrs,
                 "Pre-set each group's initial_lr (needed by last_epoch >= 0)")
      ->type_name("X[,X...]")
      ->allow_extra_args(false);
  sub.add_option("--steps-per-epoch", o.steps_per_epoch,
                 "Batches per epoch: rows are batches, a schedule stepped per epoch steps every K "
                 "rows, one stepped per batch (CyclicLR, OneCycleLR, transformers, Optax, Keras) "
                 "every row")
      ->type_name("K");
  sub.add_option("--epochs", o.epochs, "With --steps-per-epoch: run E epochs (E x K rows)")
      ->type_name("E");
  auto* metric = sub.add_option("--metric", o.metric,
                                "Metric of a schedule stepped on one: expression of step and lr");
  auto* metrics = sub.add_option(
      "--metrics", o.metrics_file,
      "Metrics of a schedule stepped on one: FILE (or - for stdin) with one number per line, or "
      "a CSV with a header: FILE:COLUMN");
  metric->excludes(metrics);
  sub.add_option("--torch-compat", o.torch_compat,
                 "PyTorch release whose behaviour PyTorch's schedulers follow where releases "
                 "differ: newest or 1.13 (docs/differences-from-pytorch.md)")
      ->check(CLI::IsMember({"newest", "1.13"}))
      ->capture_default_str();
}

}  // namespace lrsched::cli
