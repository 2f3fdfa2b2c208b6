// Building a spec call: the registry row it names binds the arguments and builds the scheduler.
#include "lrsched/spec/build.hpp"

#include <memory>
#include <string>

#include "lrsched/schedulers/schedule_lr.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/registry.hpp"
#include "registry/pytorch.hpp"

namespace lrsched::spec {

std::unique_ptr<Scheduler> build_scheduler(const Call& call, OptimizerView& optimizer,
                                           TorchBehavior behavior) {
  const ScheduleEntry& entry = resolve_schedule(call);
  if (behavior == TorchBehavior::v1_13) {
    if (const ScheduleEntry* row = pytorch_v1_13_row(entry)) {
      const BoundArguments arguments = bind_arguments(call, row->signature);
      refuse_verbose(arguments, call);
      return row->build(arguments, optimizer);
    }
  }
  const BoundArguments arguments = bind_arguments(call, entry.signature);
  if (entry.schedule != nullptr) {
    return std::make_unique<ScheduleLR>(
        optimizer, ScheduleLR::Options{.schedule = entry.schedule(arguments),
                                       .mode = ScheduleLR::Mode::absolute,
                                       .name = std::string(entry.signature.name)});
  }
  return entry.build(arguments, optimizer);
}

schedules::Schedule build_schedule(const Call& call) {
  const ScheduleEntry& entry = resolve_schedule(call);
  if (entry.schedule == nullptr) {
    throw TypeError(std::string(entry.signature.name) +
                        " is a scheduler of an optimizer, not a schedule of the step count",
                    call.source ? std::string_view(*call.source) : std::string_view(call.name),
                    call.source ? call.name_offset : 0);
  }
  return entry.schedule(bind_arguments(call, entry.signature));
}

std::unique_ptr<Scheduler> build_scheduler(std::string_view spec, OptimizerView& optimizer,
                                           TorchBehavior behavior) {
  return build_scheduler(parse_spec(spec), optimizer, behavior);
}

}  // namespace lrsched::spec
