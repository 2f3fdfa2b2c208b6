#include "common_options.hpp"

namespace lrsched::cli {

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
