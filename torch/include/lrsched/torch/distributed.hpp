// Data-parallel training with lrsched on libtorch's own distributed engine, c10d (the Gloo
// backend on CPU, as PyTorch's DistributedDataParallel uses): one optimizer and one scheduler per
// rank, and the same learning rate on every rank at every step.
//
// A schedule stepped the same number of times from the same state is the same everywhere; what
// can make ranks drift apart is what differs between them: a plateau scheduler's metric (each
// rank's own validation loss), a rank that skipped or repeated a step, a resume from different
// files. These functions close each of those:
//   reduce_metric      the metric combined over all ranks (the mean by default), for every
//                      rank's plateau step
//   check_same_state   throws naming the ranks and the first field where schedulers differ
//   broadcast_state    rank 0's scheduler state (with the param groups' lr, momentum, keys) on
//                      every rank
//   save_checkpoint    rank 0 writes, every rank waits for the checkpoint to be whole
//   load_checkpoint    every rank loads the same checkpoint
// Each is a collective: every rank of `group` calls it, in the same order. A rank that died
// makes the others throw (lrsched::RuntimeError naming the call) once the group's timeout passes;
// docs/distributed.md has the timeouts and the failure modes.
#pragma once

#include <filesystem>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/torch/checkpoint.hpp"

namespace c10d {
class ProcessGroup;
}  // namespace c10d

namespace lrsched::torch::distributed {

/// How reduce_metric combines the ranks' values.
enum class Reduction { mean, sum, min, max };

/// `value` of every rank combined, the same double on every rank (an all-reduce in float64; the
/// mean is the sum divided by the number of ranks). What a plateau scheduler steps on in
/// data-parallel training: stepped on its own rank's metric, each rank decides on its own and
/// the learning rates drift apart.
[[nodiscard]] double reduce_metric(c10d::ProcessGroup& group, double value,
                                   Reduction how = Reduction::mean);

/// Checks that every rank's scheduler and optimizer groups hold the same state (lrsched's state
/// document, as save_state writes it, compared by a 64-bit digest gathered from all ranks; only
/// when digests differ are the documents gathered). Throws lrsched::StateError naming the ranks
/// and the first differing field, e.g. "scheduler state differs across ranks: rank 1 has
/// last_epoch = 13, rank 0 has 12".
void check_same_state(c10d::ProcessGroup& group, Scheduler& scheduler,
                      const OptimizerView& optimizer);

/// Loads rank 0's scheduler state, and its param groups' lr, momentum and keys, on every rank.
void broadcast_state(c10d::ProcessGroup& group, Scheduler& scheduler, OptimizerView& optimizer);

/// lrsched::torch::save_checkpoint on rank 0 (the ranks hold the same model, optimizer and
/// scheduler), then a barrier: no rank goes on before the checkpoint is whole.
void save_checkpoint(c10d::ProcessGroup& group, const std::filesystem::path& dir,
                     const ::torch::nn::Module& module, const ::torch::optim::Optimizer& optimizer,
                     Scheduler& scheduler, const OptimizerAdapter& adapter,
                     const CheckpointInfo& info = {});

/// lrsched::torch::load_checkpoint on every rank, after a barrier (so that a checkpoint being
/// written by rank 0 is not read half-written), then check_same_state. The checkpoint holds no
/// rank's own data, so a run may resume on another number of ranks.
CheckpointInfo load_checkpoint(c10d::ProcessGroup& group, const std::filesystem::path& dir,
                               ::torch::nn::Module& module, ::torch::optim::Optimizer& optimizer,
                               Scheduler& scheduler, OptimizerAdapter& adapter);

}  // namespace lrsched::torch::distributed
