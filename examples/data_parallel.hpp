// Data-parallel training on libtorch's c10d with the Gloo backend, for the training example: the
// process group from the environment PyTorch's launchers set, the model's weights from rank 0,
// gradients summed over all ranks, and a local launcher (`--nproc N`) that starts N ranks of this
// program on 127.0.0.1. The schedule side (metric reduction, state check, checkpoints) is the
// library's, lrsched::torch::distributed; docs/distributed.md shows how the two fit.
#pragma once

#include <torch/torch.h>

#include <chrono>
#include <optional>
#include <string>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <vector>

namespace lrsched_example {

/// This process's place in a data-parallel run.
struct Rank {
  int rank = 0;
  int world = 1;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

/// Joins the run that RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT describe (torchrun's
/// variables; LOCAL_RANK is not needed on CPU), or nullopt when WORLD_SIZE is not set. Every
/// collective of the group, and the rendezvous itself, gives up after `timeout`. Throws
/// std::runtime_error naming the variable that is missing or malformed.
std::optional<Rank> join_from_environment(std::chrono::milliseconds timeout);

/// Rank 0's parameters and buffers on every rank (as DistributedDataParallel does at its start).
void broadcast_weights(c10d::ProcessGroup& group, torch::nn::Module& module);

/// Every parameter's gradient replaced by its sum over all ranks, in one all-reduce of a flat
/// buffer. With each rank's loss summed over its samples and divided by the global batch size,
/// the sum is the gradient of the global batch's mean loss.
void sum_gradients(c10d::ProcessGroup& group, torch::nn::Module& module);

/// Starts `nproc` ranks of this program (`/proc/self/exe` with `arguments`) on 127.0.0.1 with
/// torchrun's variables, and waits for them. When one fails, the others get `grace` to stop on
/// their own (they do once their collectives fail) before they are killed. Returns the first
/// failing rank's exit status, 0 when all succeed; prints one line per failing rank to stderr.
int launch_local_ranks(int nproc, const std::vector<std::string>& arguments,
                       std::chrono::milliseconds grace, const std::string& program);

}  // namespace lrsched_example
