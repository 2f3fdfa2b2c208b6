// Saving and restoring a scheduler together with its optimizer view, as versioned JSON.
//
// The document holds a format name and version, the scheduler's class name, PyTorch's state_dict
// fields (a composite's children nested), every param group's lr, momentum and
// keys, and a CRC-32 checksum of all of it, so that a damaged file is refused rather than
// resumed from.
// Functions (lr lambdas, a custom scale_fn) are not state, as in PyTorch: build the
// scheduler the same way, then load.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"

namespace lrsched {

/// Format version written by this library; newer files are refused. Version 3 writes inf and nan
/// as Python's json module does (`Infinity`, `-Infinity`, `NaN`), as every JSON document of
/// lrsched; versions 1 and 2 spelled them as strings ("inf", "-inf", "nan") and are still read.
/// Version 2 added the top-level "class" and "checksum"; version 1 files (without them) are still
/// read.
inline constexpr int kStateFormatVersion = 3;

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
/// (empty, truncated or malformed JSON, foreign document, newer version, checksum mismatch, class
/// mismatch, missing or mistyped field); on error neither the scheduler nor the optimizer is
/// changed.
/// Returns the document's StateInfo.
StateInfo load_state(Scheduler& scheduler, OptimizerView& optimizer, std::string_view document);

/// `save_state` to a file, written atomically (lrsched::io::AtomicFile): a temporary file in the
/// same folder, flushed to disk (fsync), renamed over `path`, and the folder flushed, so that a
/// crash or a kill at any moment leaves either the old file or the new one, whole. A writer
/// killed mid-save may leave its temporary file (`<path>.tmp.<pid>.<n>`) behind; `path` itself is
/// never partial. StateError ("cannot write '<path>': ...") when the file cannot be written.
void save_state_file(Scheduler& scheduler, const OptimizerView& optimizer, const std::string& path,
                     const StateInfo& info = {});

/// Reads `path` and calls `load_state`; StateError when the file cannot be read.
StateInfo load_state_file(Scheduler& scheduler, OptimizerView& optimizer, const std::string& path);

}  // namespace lrsched
