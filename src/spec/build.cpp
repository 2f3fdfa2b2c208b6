// Building a spec call: the registry row it names binds the arguments and builds the scheduler.
#include "lrsched/spec/build.hpp"

#include <memory>

#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/registry.hpp"

namespace lrsched::spec {


std::unique_ptr<Scheduler> build_scheduler(const Call& call, OptimizerView& optimizer) {
  const ScheduleEntry& entry = resolve_schedule(call);
  return entry.build(bind_arguments(call, entry.signature), optimizer);
}

std::unique_ptr<Scheduler> build_scheduler(std::string_view spec, OptimizerView& optimizer) {
  return build_scheduler(parse_spec(spec), optimizer);
}

}  // namespace lrsched::spec
