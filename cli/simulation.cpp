#include "simulation.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "diagnostics.hpp"
#include "exit_status.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/expression.hpp"
#include "lrsched/spec/length.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/state_json.hpp"
#include "metrics_file.hpp"

namespace lrsched::cli {

InMemoryOptimizer make_optimizer(const SimulationConfig& config) {
  if (config.lrs.empty()) throw UsageError("--lr needs at least one value");
  for (const double lr : config.lrs) {
    if (!std::isfinite(lr)) {
      warn("--lr " + detail::py_float_repr(lr) +
           " is not a finite number: PyTorch's optimizers accept it, so lrsched does, but the "
           "lrs computed from it are not finite either");
      break;
    }
  }
  auto optimizer = InMemoryOptimizer::like(config.optimizer, config.lrs, config.momentum,
                                           config.beta1, config.beta2);
  if (!config.initial_lrs.empty()) {
    if (config.initial_lrs.size() != config.lrs.size()) {
      throw UsageError("--initial-lr has " + std::to_string(config.initial_lrs.size()) +
                       " values but --lr has " + std::to_string(config.lrs.size()) + " groups");
    }
    for (std::size_t i = 0; i < config.initial_lrs.size(); ++i) {
      optimizer.set_key(i, GroupKey::initial_lr, config.initial_lrs[i]);
    }
  }
  return optimizer;
}

void run_simulation(const SimulationConfig& config, TraceWriter& writer, OutputFile* state_file) {
  InMemoryOptimizer optimizer = make_optimizer(config);
  run_schedule(config, optimizer, writer, state_file);
}

bool steps_every_batch(const Scheduler& scheduler, const spec::ScheduleEntry& entry) {
  return entry.shape.per_batch || scheduler.stepping().count == StepCount::updates;
}

namespace {

// Rows to run: `--steps`, else `--epochs` epochs, else the schedule's own length (in its own
// steps: epochs for a schedule stepped per epoch), else kDefaultSteps; in batches when an epoch
// has several.
std::int64_t rows_to_run(const SimulationConfig& config, const spec::Call& call, bool per_batch) {
  if (config.steps) return *config.steps;
  const std::int64_t batches = config.steps_per_epoch.value_or(1);
  std::int64_t rows = 0;
  if (config.epochs) {
    if (__builtin_mul_overflow(*config.epochs, batches, &rows)) {
      throw UsageError("--epochs " + std::to_string(*config.epochs) + " x --steps-per-epoch " +
                       std::to_string(batches) + " passes 2^63-1 rows");
    }
    return rows;
  }
  const std::int64_t length = spec::schedule_length(call).value_or(kDefaultSteps);
  if (per_batch || __builtin_mul_overflow(length, batches, &rows)) return length;
  return rows;
}

}  // namespace

void run_schedule(const SimulationConfig& config, InMemoryOptimizer& optimizer, TraceWriter& writer,
                  OutputFile* state_file) {
  const spec::Call call = spec::parse_spec(config.spec);
  const std::unique_ptr<Scheduler> scheduler = spec::build_scheduler(call, optimizer, config.torch);
  const Stepping& stepping = scheduler->stepping();
  const std::string name(scheduler->name());
  const std::int64_t batches = config.steps_per_epoch.value_or(1);
  const bool per_batch =
      batches == 1 || steps_every_batch(*scheduler, spec::resolve_schedule(call));
  const std::int64_t steps = rows_to_run(config, call, per_batch);
  if (batches > 1 && (config.load_state || config.save_state || config.closed_form)) {
    throw UsageError(
        "--steps-per-epoch draws a schedule per batch; it does not combine with "
        "--load-state, --save-state or --closed-form");
  }

  std::optional<spec::Expression> metric;
  std::vector<double> metrics;
  if (config.metric && config.metrics_file) {
    throw UsageError("give --metric or --metrics, not both");
  }
  const bool takes_metric = config.metric || config.metrics_file;
  if (stepping.metric == MetricUse::required && !takes_metric) {
    throw UsageError(name + " steps on a metric: give --metric EXPR or --metrics FILE");
  }
  if (stepping.metric == MetricUse::none && takes_metric) {
    throw UsageError("--metric/--metrics only apply to schedulers stepped on a metric, not " +
                     name);
  }
  if (config.metric) metric = spec::Expression::compile(*config.metric, {"step", "lr"});
  if (config.metrics_file) metrics = read_metrics(*config.metrics_file);
  const std::int64_t scheduler_steps = per_batch ? steps : steps / batches;
  if (config.metrics_file && metrics.size() < static_cast<std::size_t>(scheduler_steps)) {
    throw FileError("metrics file '" + *config.metrics_file + "' has " +
                    std::to_string(metrics.size()) + " values; the run needs " +
                    std::to_string(scheduler_steps) +
                    (per_batch ? " (one per step)" : " (one per epoch)"));
  }
  if (config.closed_form && (stepping.epoch == EpochUse::none || !stepping.plain())) {
    throw UsageError(name +
                     ".step() takes no epoch argument (--closed-form needs a single scheduler "
                     "stepped by epoch, without a metric)");
  }

  std::int64_t first_step = 0;
  if (config.load_state) {
    const StateInfo info = load_state_file(*scheduler, optimizer, *config.load_state);
    first_step = info.steps;
    if (steps > INT64_MAX - first_step) {
      throw UsageError("--steps " + std::to_string(steps) + " after the " +
                       std::to_string(first_step) + " steps of the state file passes 2^63-1");
    }
  }

  const std::size_t groups = optimizer.num_groups();
  const bool with_momentum = scheduler->cycles_momentum();
  std::vector<double> lrs(groups);
  std::vector<double> momenta(with_momentum ? groups : 0);
  // A non-finite --lr has had its warning (make_optimizer).
  bool warned_non_finite = std::any_of(config.lrs.begin(), config.lrs.end(),
                                       [](double lr) { return !std::isfinite(lr); });
  writer.begin(groups, with_momentum);
  writer.reserve_rows(steps);
  for (std::int64_t row = 0; row < steps; ++row) {
    // `step`: the row (a batch with --steps-per-epoch); `count`: the scheduler's own steps.
    const std::int64_t step = first_step + row;
    const std::int64_t count = per_batch ? step : step / batches;
    try {
      for (std::size_t g = 0; g < groups; ++g) lrs[g] = optimizer.lr(g);
      for (std::size_t g = 0; g < momenta.size(); ++g) momenta[g] = optimizer.momentum(g);
      if (!warned_non_finite) {
        for (std::size_t g = 0; g < groups; ++g) {
          if (std::isfinite(lrs[g])) continue;
          warn("the lr of group " + std::to_string(g) + " is " + detail::py_float_repr(lrs[g]) +
               " from step " + std::to_string(step));
          warned_non_finite = true;
          break;
        }
      }
      writer.row(step, lrs, momenta);
      if (!per_batch && (row + 1) % batches != 0) continue;  // mid-epoch: no scheduler step
      std::optional<double> metric_value;
      if (metric) {
        const spec::Number args[] = {spec::Number::from_int(count),
                                     spec::Number::from_float(lrs[0])};
        metric_value = metric->evaluate(args).to_double();
      } else if (takes_metric) {
        metric_value = metrics[static_cast<std::size_t>(count - first_step)];
      }
      if (metric_value) writer.metric(step, *metric_value);
      // As timm's train.py tells its schedulers the count: step(epoch + 1) after an epoch,
      // step_update(num_updates) after an update.
      StepInput input = step_input(stepping, count, metric_value);
      if (config.closed_form) input.epoch = count + 1;
      scheduler->advance(input);
    } catch (Error& e) {
      // Keep the Python exception type; name the step whose lr could not be computed (the
      // metric of a row counts for that row).
      e.add_context("at step " + std::to_string(takes_metric ? step : step + 1) + ": ");
      throw;
    }
  }
  writer.end();
  if (state_file != nullptr) {
    state_file->write(save_state(*scheduler, optimizer,
                                 StateInfo{.spec = config.spec, .steps = first_step + steps}));
  }
}

}  // namespace lrsched::cli
