// The registry: one row per schedule, and the only list of schedules there is. The spec language
// binds and builds through it; `lrsched list`, `describe` and `gallery`, the state files' class
// check, and the tests, tools, benchmarks and fuzzers all read it. A new schedule is its class
// (or function) plus one row in its family's file under src/spec/registry/.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/schedules.hpp"
#include "lrsched/spec/signature.hpp"
#include "lrsched/spec/value.hpp"

namespace lrsched::spec {

/// One curve of an example figure: a spec, its label (empty: the spec), and whether it continues
/// on the optimizer the previous curve left (as `lrsched plot --then` does).
struct ExampleCurve {
  std::string spec;
  std::string label;
  bool continues_previous = false;
};

/// A figure of a schedule, as the gallery draws it and the docs show it: one or more curves on one
/// simulated optimizer set-up (the `lrsched plot` options of the same name).
struct Example {
  std::string stem;     // file name without extension, unique in the gallery
  std::string caption;  // heading above the figure
  std::string title;    // chart title
  std::vector<ExampleCurve> curves;
  std::string optimizer = "sgd";
  std::vector<double> lrs{0.1};
  std::vector<double> initial_lrs;  // pre-set `initial_lr` when not empty
  double momentum = 0.0;
  std::string metric;  // `--metric`, for schedules stepped on a metric
  bool momentum_panel = false;
};

/// Builds a schedule from arguments bound to its signature, on an optimizer.
using Factory = std::unique_ptr<Scheduler> (*)(const BoundArguments& arguments,
                                               OptimizerView& optimizer);

/// Builds a pure schedule (a function of the step count, such as Optax's and Keras's) from
/// arguments bound to its signature.
using ScheduleFactory = schedules::Schedule (*)(const BoundArguments& arguments);

/// How many steps a call's arguments say its schedule runs, the end value included; nullopt where
/// they give none (see schedule_length in lrsched/spec/length.hpp).
using LengthRule = std::function<std::optional<std::int64_t>(const BoundArguments& arguments)>;

/// Whether a call's schedule only jumps between constant values.
using StaircaseRule = bool (*)(const BoundArguments& arguments);

/// A schedule's course in time, as `lrsched simulate` and `plot` show it by default. None of it
/// changes a value; an entry that leaves it out is drawn as a line, per epoch, for 100 epochs.
struct ScheduleShape {
  /// Its own length (OneCycleLR's `total_steps`, `T_max + 1`, transformers'
  /// `num_training_steps + 1`, ...); empty for schedules without one (StepLR, cycles, plateaus).
  LengthRule length = nullptr;
  /// Stepped after every batch (optimizer step) in its origin's training loops, not every epoch:
  /// CyclicLR, OneCycleLR, and transformers', Optax's and Keras's schedules.
  bool per_batch = false;
  /// True where its lr only jumps, drawn as a staircase (StepLR, plateaus, Keras' and Optax's
  /// `staircase=True`); null: never.
  StaircaseRule staircase = nullptr;
};

/// One schedule: its signature (name, origin module, arguments with types, defaults and docs,
/// formula), what one of its steps consumes, how to build it, the figures that show it, and its
/// shape in time. The first example is the schedule's own gallery figure; further ones (the
/// tutorial's) follow the class figures in the gallery.
struct ScheduleEntry {
  SchedulerSignature signature;
  Stepping stepping;
  Factory build = nullptr;
  std::vector<Example> examples;
  ScheduleShape shape = {};
  /// Set for a pure schedule, instead of `build`: the spec language drives an optimizer with it
  /// as a ScheduleLR in absolute mode named after the row (`stepping` is ScheduleLR's), and
  /// other pure schedules take it as an argument (`optax.join_schedules(schedules=[...])`).
  ScheduleFactory schedule = nullptr;
};

/// Every schedule, in registration order (PyTorch's documentation order first). Addresses are
/// stable while an entry is registered.
[[nodiscard]] const std::list<ScheduleEntry>& registry();

/// Looks a schedule up by name: bare (`Name`), with any dotted tail of its module
/// (`torch.optim.lr_scheduler.Name`, `optim.lr_scheduler.Name`, `lr_scheduler.Name`) or with
/// one of its module aliases (`timm.Name` for `timm.scheduler.Name`). Null if unknown.
[[nodiscard]] const ScheduleEntry* find_schedule(std::string_view name);

/// Like find_schedule, for a parsed call; an unknown name throws NameError with a caret and
/// "Did you mean '<the closest name>'?".
[[nodiscard]] const ScheduleEntry& resolve_schedule(const Call& call);

/// Binds a call to the signature of the schedule it names (resolve_schedule, then
/// bind_arguments).
[[nodiscard]] BoundArguments bind_arguments(const Call& call);

/// Adds a schedule for as long as the returned registration lives (tests and embedding
/// applications with schedules of their own). A name already registered is a ValueError. Not
/// thread-safe: register before schedules are looked up on other threads.
class ScheduleRegistration {
 public:
  explicit ScheduleRegistration(ScheduleEntry entry);
  ~ScheduleRegistration();
  ScheduleRegistration(const ScheduleRegistration&) = delete;
  ScheduleRegistration& operator=(const ScheduleRegistration&) = delete;
  ScheduleRegistration(ScheduleRegistration&&) = delete;
  ScheduleRegistration& operator=(ScheduleRegistration&&) = delete;
  [[nodiscard]] const ScheduleEntry& entry() const noexcept { return *entry_; }

 private:
  const ScheduleEntry* entry_;
};

}  // namespace lrsched::spec
