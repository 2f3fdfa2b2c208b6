// Checkpoints of a libtorch training run: model, optimizer and lrsched scheduler saved together,
// so that a run stopped at any step resumes with exactly the same weights, learning rates,
// momentum and scheduler counters.
//
// A checkpoint is a folder:
//   checkpoint.json        the manifest, written last and atomically: names the three files
//                          below, and holds `spec`, `steps` and the caller's `extra` values
//   model-<G>.pt           torch::save archive of the module (parameters and buffers)
//   optimizer-<G>.pt       torch::save archive of the optimizer (momentum buffers, Adam moments)
//   scheduler-<G>.json     lrsched::save_state_file: scheduler state plus every param group's
//                          lr, momentum/beta1 and keys (initial_lr, max_lr, ...)
// G is a generation number that grows with each save into the same folder; the files of older
// generations are removed once the new manifest is in place, so a crash while saving leaves the
// previous checkpoint intact and loadable.
//
// libtorch 1.13's `Optimizer::load` restores per-parameter state but not the param groups'
// options (lr, momentum, betas): it reads the saved groups only to map that state. The
// scheduler's state file carries them, which is why `load_checkpoint` applies it last. Nor does
// libtorch check shapes when loading a module (it replaces each tensor): `load_checkpoint` checks
// every parameter's and buffer's name, shape and dtype first, and the optimizer's class.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "lrsched/scheduler.hpp"
#include "lrsched/torch/optimizer_adapter.hpp"

namespace torch::nn {
class Module;
}  // namespace torch::nn

namespace lrsched::torch {

/// What a checkpoint records besides the three objects.
struct CheckpointInfo {
  std::string spec;        // how the scheduler was written (informative)
  std::int64_t steps = 0;  // steps (batches) taken so far, for the caller's loop
  /// Anything else the training loop needs to resume (epoch, a running loss sum, ...). Doubles
  /// round-trip exactly (integers exactly up to 2^53); inf and nan are kept.
  std::map<std::string, double> extra;
};

/// Saves `module`, `optimizer` and `scheduler` (attached to `adapter`, a view of `optimizer`) into
/// the folder `dir`, creating it. Throws lrsched::ValueError when the objects do not belong
/// together, lrsched::StateError when a file cannot be written.
void save_checkpoint(const std::filesystem::path& dir, const ::torch::nn::Module& module,
                     const ::torch::optim::Optimizer& optimizer, Scheduler& scheduler,
                     const OptimizerAdapter& adapter, const CheckpointInfo& info = {});

/// Restores a checkpoint written by `save_checkpoint` into objects built exactly as for the
/// original run (same architecture, same optimizer type and param groups, the scheduler built
/// from the same spec): the module, then the optimizer, then the scheduler state with the param
/// groups' lr, momentum and keys. Throws lrsched::StateError naming the problem (no checkpoint,
/// missing or corrupt file, mismatched model or scheduler); the objects may then be partly
/// restored, so build fresh ones before trying anything else.
CheckpointInfo load_checkpoint(const std::filesystem::path& dir, ::torch::nn::Module& module,
                               ::torch::optim::Optimizer& optimizer, Scheduler& scheduler,
                               OptimizerAdapter& adapter);

/// The manifest's spec, steps and extra values alone, without loading anything: to check a
/// checkpoint fits the run (the same spec, batch size, ...) before `load_checkpoint`.
/// Throws lrsched::StateError like `load_checkpoint`.
[[nodiscard]] CheckpointInfo read_checkpoint_info(const std::filesystem::path& dir);

/// True when `dir` holds a checkpoint manifest.
[[nodiscard]] bool has_checkpoint(const std::filesystem::path& dir);

}  // namespace lrsched::torch
