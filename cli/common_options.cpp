#include "common_options.hpp"

#include "lrsched/error.hpp"

namespace lrsched::cli {

SimulationConfig SimulationOptions::to_config() const {
  SimulationConfig config;
  config.spec = spec;
  config.lrs = lrs;
  config.steps = steps;
  config.optimizer = optimizer;
  config.momentum = momentum;
  if (betas.size() != 2) throw ValueError("--betas takes two values: B1,B2");
  config.beta1 = betas[0];
  config.beta2 = betas[1];
  config.initial_lrs = initial_lrs;
  if (!metric.empty()) config.metric = metric;
  if (!metrics_file.empty()) config.metrics_file = metrics_file;
  if (!load_state.empty()) config.load_state = load_state;
  if (!save_state.empty()) config.save_state = save_state;
  config.closed_form = closed_form;
  const auto torch = parse_torch_behavior(torch_compat);
  if (!torch) throw ValueError("--torch-compat takes newest or 1.13, not '" + torch_compat + "'");
  config.torch = *torch;
  return config;
}

void add_simulation_options(CLI::App& sub, SimulationOptions& o) {
  sub.add_option("--lr", o.lrs, "Initial lr of each param group (their count is the group count)")
      ->delimiter(',')
      ->capture_default_str();
  sub.add_option("--steps", o.steps, "Number of rows (steps) to simulate")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  sub.add_option("--optimizer", o.optimizer,
                 "Optimizer modelled: sgd, rmsprop (momentum), adam, adamw, adamax, nadam, radam "
                 "(betas), adagrad, adadelta, rprop, asgd, lbfgs")
      ->capture_default_str();
  sub.add_option("--momentum", o.momentum, "SGD/RMSprop momentum")->capture_default_str();
  sub.add_option("--betas", o.betas, "Adam-style betas B1,B2")->delimiter(',');
  sub.add_option("--initial-lr", o.initial_lrs,
                 "Pre-set each group's initial_lr (needed by last_epoch >= 0)")
      ->delimiter(',');
  auto* metric =
      sub.add_option("--metric", o.metric, "Metric of a schedule stepped on one: expression of step and lr");
  auto* metrics = sub.add_option("--metrics", o.metrics_file,
                                 "Metrics of a schedule stepped on one: FILE with one number per line");
  metric->excludes(metrics);
  sub.add_option("--torch-compat", o.torch_compat,
                 "PyTorch release whose behaviour PyTorch's schedulers follow where releases "
                 "differ: newest or 1.13 (docs/differences-from-pytorch.md)")
      ->check(CLI::IsMember({"newest", "1.13"}))
      ->capture_default_str();
}

}  // namespace lrsched::cli
