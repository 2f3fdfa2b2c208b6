#include "simulation.hpp"

#include <cmath>
#include <string>

#include "lrsched/error.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/expression.hpp"
#include "lrsched/state_json.hpp"
#include "metrics_file.hpp"

namespace lrsched::cli {

InMemoryOptimizer make_optimizer(const SimulationConfig& config) {
  if (config.lrs.empty()) throw ValueError("--lr needs at least one value");
  auto optimizer = InMemoryOptimizer::like(config.optimizer, config.lrs, config.momentum,
                                           config.beta1, config.beta2);
  if (!config.initial_lrs.empty()) {
    if (config.initial_lrs.size() != config.lrs.size()) {
      throw ValueError("--initial-lr has " + std::to_string(config.initial_lrs.size()) +
                       " values but --lr has " + std::to_string(config.lrs.size()) + " groups");
    }
    for (std::size_t i = 0; i < config.initial_lrs.size(); ++i) {
      optimizer.set_key(i, GroupKey::initial_lr, config.initial_lrs[i]);
    }
  }
  return optimizer;
}

void run_simulation(const SimulationConfig& config, TraceWriter& writer, bool write_state) {
  InMemoryOptimizer optimizer = make_optimizer(config);
  run_schedule(config, optimizer, writer, write_state);
}

void run_schedule(const SimulationConfig& config, InMemoryOptimizer& optimizer, TraceWriter& writer,
                  bool write_state) {
  if (config.steps < 0) {
    throw ValueError("--steps must be >= 0, got " + std::to_string(config.steps));
  }
  const std::unique_ptr<Scheduler> scheduler =
      spec::build_scheduler(config.spec, optimizer, config.torch);
  const Stepping& stepping = scheduler->stepping();
  const std::string name(scheduler->name());

  std::optional<spec::Expression> metric;
  std::vector<double> metrics;
  if (config.metric && config.metrics_file)
    throw ValueError("give --metric or --metrics, not both");
  if (config.metric) metric = spec::Expression::compile(*config.metric, {"step", "lr"});
  if (config.metrics_file) metrics = read_metrics(*config.metrics_file);
  const bool takes_metric = metric || config.metrics_file;
  if (stepping.metric == MetricUse::required && !takes_metric) {
    throw TypeError(name + " steps on a metric: give --metric EXPR or --metrics FILE");
  }
  if (stepping.metric == MetricUse::none && takes_metric) {
    throw ValueError("--metric/--metrics only apply to schedulers stepped on a metric, not " +
                     name);
  }
  if (config.metrics_file && metrics.size() < static_cast<std::size_t>(config.steps)) {
    throw ValueError("metrics file '" + *config.metrics_file + "' has " +
                     std::to_string(metrics.size()) + " values, --steps needs " +
                     std::to_string(config.steps));
  }
  if (config.closed_form && (stepping.epoch == EpochUse::none || !stepping.plain())) {
    throw TypeError(name +
                    ".step() takes no epoch argument (--closed-form needs a single scheduler "
                    "stepped by epoch, without a metric)");
  }

  std::int64_t first_step = 0;
  if (config.load_state) {
    const StateInfo info = load_state_file(*scheduler, optimizer, *config.load_state);
    first_step = info.steps;
  }

  const std::size_t groups = optimizer.num_groups();
  const bool with_momentum = scheduler->cycles_momentum();
  std::vector<double> lrs(groups);
  std::vector<double> momenta(with_momentum ? groups : 0);
  writer.begin(groups, with_momentum);
  for (std::int64_t row = 0; row < config.steps; ++row) {
    const std::int64_t step = first_step + row;
    try {
      for (std::size_t g = 0; g < groups; ++g) lrs[g] = optimizer.lr(g);
      for (std::size_t g = 0; g < momenta.size(); ++g) momenta[g] = optimizer.momentum(g);
      writer.row(step, lrs, momenta);
      std::optional<double> metric_value;
      if (metric) {
        const spec::Number args[] = {spec::Number::from_int(step),
                                     spec::Number::from_float(lrs[0])};
        metric_value = metric->evaluate(args).to_double();
      } else if (takes_metric) {
        metric_value = metrics[static_cast<std::size_t>(row)];
      }
      if (metric_value) writer.metric(step, *metric_value);
      // As timm's train.py tells its schedulers the count: step(epoch + 1) after an epoch,
      // step_update(num_updates) after an update.
      StepInput input = step_input(stepping, step, metric_value);
      if (config.closed_form) input.epoch = step + 1;
      scheduler->advance(input);
    } catch (Error& e) {
      // Keep the Python exception type; name the step whose lr could not be computed (the
      // metric of a row counts for that row).
      e.add_context("at step " + std::to_string(takes_metric ? step : step + 1) + ": ");
      throw;
    }
  }
  writer.end();
  if (config.save_state && write_state) {
    save_state_file(*scheduler, optimizer, *config.save_state,
                    StateInfo{.spec = config.spec, .steps = first_step + config.steps});
  }
}

void simulate_checked(const SimulationConfig& config, TraceWriter& writer) {
  NullTraceWriter validation;
  run_simulation(config, validation, false);
  run_simulation(config, writer, true);
}

}  // namespace lrsched::cli
