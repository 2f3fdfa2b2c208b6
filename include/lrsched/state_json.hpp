// Saving and restoring a scheduler together with its optimizer view, as versioned JSON.
//
// The document holds the scheduler's class name and PyTorch's state_dict fields (children
// nested for SequentialLR/ChainedScheduler), plus every param group's lr, momentum and keys.
// Functions (LambdaLR's lambdas, CyclicLR's scale_fn) are not state, as in PyTorch: build the
// scheduler the same way, then load.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"

namespace lrsched {

/// Format version written by this library; newer files are refused.
inline constexpr int kStateFormatVersion = 1;

/// What a state document records about the run besides the state itself.
struct StateInfo {
  std::string spec;        // how the scheduler was written, when known (informative)
  std::int64_t steps = 0;  // steps taken since construction, for numbering a resumed run
};

/// The state of `scheduler` and `optimizer` as a JSON document.
[[nodiscard]] std::string save_state(Scheduler& scheduler, const OptimizerView& optimizer,
                                     const StateInfo& info = {});

/// Restores a document written by `save_state` into a scheduler of the same class (and the same
/// nesting) on an optimizer with the same number of groups. Throws StateError naming the problem
/// (malformed JSON, foreign document, newer version, class mismatch, missing or mistyped field);
/// on error neither the scheduler nor the optimizer is changed.
/// Returns the document's StateInfo.
StateInfo load_state(Scheduler& scheduler, OptimizerView& optimizer, std::string_view document);

/// `save_state` to a file, written atomically: a temporary file in the same folder, flushed to
/// disk, then renamed over `path`, so a crash leaves either the old file or the new one.
void save_state_file(Scheduler& scheduler, const OptimizerView& optimizer, const std::string& path,
                     const StateInfo& info = {});

/// Reads `path` and calls `load_state`; StateError when the file cannot be read.
StateInfo load_state_file(Scheduler& scheduler, OptimizerView& optimizer, const std::string& path);

}  // namespace lrsched
