// One rank of the 2-rank data-parallel training run that tests/torch/distributed_parity.py runs
// here on libtorch's c10d (ProcessGroupGloo) with lrsched, and in real PyTorch with
// torch.distributed and torch.optim.lr_scheduler, step for step the same ops:
//   - the tiny MLP (float64, one thread) from the file distributed_parity.py writes (tiny_train's
//     format: the first --train samples train, the rest validate), rank 0's parameters broadcast
//     to every rank as one flat buffer (as DistributedDataParallel does at the start);
//   - each global batch of --batch-size samples, in file order, split in halves by rank; the loss
//     on a rank is the summed cross entropy of its samples over the global batch size, so that
//     the all-reduced (SUM) gradient is the global batch's mean; the gradients all-reduced as one
//     flat buffer (parameters in order), copied back, then SGD with momentum;
//   - the scheduler built from --spec by lrsched::spec::build_scheduler, stepped after every
//     batch or every epoch; a plateau scheduler after every epoch on the validation loss: each
//     rank's summed loss over its half of the validation set, summed over ranks
//     (lrsched::torch::distributed::reduce_metric, Reduction::sum), over the validation size.
// Takes the environment torchrun sets (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT). Prints, with
// numbers as Python's repr:
//   step <i> lr <lr> momentum <momentum> loss <this rank's loss>   (per optimizer step)
//   epoch_metric <validation loss>                                   (per epoch)
//   final_lr <lr>
//   final_momentum <momentum>
// and writes the final weights (w1, b1, w2, b2; float64, little-endian) to --weights-out.
#include <torch/torch.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "local_group.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/torch/distributed.hpp"
#include "lrsched/torch/optimizer_adapter.hpp"
#include "tiny_model.hpp"
#include "tiny_train.hpp"

namespace {

std::string repr(double x) { return lrsched::detail::py_float_repr(x); }

/// Waits for a collective, throwing with its name if it fails (a rank gone, the timeout).
void wait(const c10::intrusive_ptr<c10d::Work>& work, const char* what) {
  try {
    work->wait();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(what) + " failed: " + e.what());
  }
}

/// The parameters as one flat buffer, in order.
torch::Tensor flatten(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> flat;
  flat.reserve(tensors.size());
  for (const auto& t : tensors) flat.push_back(t.detach().reshape(-1));
  return torch::cat(flat);
}

/// Copies the flat buffer back into `tensors`, in order.
void unflatten(const torch::Tensor& flat, const std::vector<torch::Tensor>& tensors) {
  torch::NoGradGuard no_grad;
  std::int64_t offset = 0;
  for (const auto& t : tensors) {
    t.copy_(flat.narrow(0, offset, t.numel()).view_as(t));
    offset += t.numel();
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"one rank of the data-parallel training run of distributed_parity.py"};
  std::string data_path, spec, step_per = "batch", weights_out;
  std::int64_t train = 0, epochs = 0, batch_size = 0;
  double lr = 0.1, momentum = 0.0;
  int timeout_ms = 30000;
  app.add_option("--data", data_path, "file written by distributed_parity.py")->required();
  app.add_option("--train", train, "the first this many samples train, the rest validate")
      ->required()
      ->check(CLI::PositiveNumber);
  app.add_option("--spec", spec)->required();
  app.add_option("--step-per", step_per)->check(CLI::IsMember({"batch", "epoch"}));
  app.add_option("--lr", lr);
  app.add_option("--momentum", momentum);
  app.add_option("--epochs", epochs)->required()->check(CLI::PositiveNumber);
  app.add_option("--batch-size", batch_size, "global: split in halves by rank")
      ->required()
      ->check(CLI::PositiveNumber);
  app.add_option("--weights-out", weights_out)->required();
  app.add_option("--timeout-ms", timeout_ms);
  CLI11_PARSE(app, argc, argv);

  try {
    torch::set_num_threads(1);
    const int rank = lrsched_torch_test::env_int("RANK");
    const int world = lrsched_torch_test::env_int("WORLD_SIZE");
    const auto data = lrsched_torch_test::read_tiny_data(data_path);
    const std::int64_t val = data.n - train;
    if (val <= 0 || train % batch_size != 0 || batch_size % world != 0 || val % world != 0) {
      throw std::invalid_argument(
          "--train and --batch-size must leave a validation set and split evenly by rank");
    }

    const auto timeout = std::chrono::milliseconds(timeout_ms);
    const auto joined = lrsched_torch_test::join_local_group(timeout);
    c10d::ProcessGroup& group = *joined;

    auto [fc1, fc2, model] = lrsched_torch_test::make_tiny_model(data);
    const std::vector<torch::Tensor> params{fc1->weight, fc1->bias, fc2->weight, fc2->bias};
    {
      std::vector<torch::Tensor> flat{flatten(params)};
      c10d::BroadcastOptions broadcast;
      broadcast.rootRank = 0;
      wait(group.broadcast(flat, broadcast), "broadcast of the parameters");
      unflatten(flat[0], params);
    }
    const torch::Tensor x = lrsched_torch_test::to_tensor(data.x, {data.n, data.in});
    const torch::Tensor y = lrsched_torch_test::labels(data);

    torch::optim::SGD optimizer(params, torch::optim::SGDOptions(lr).momentum(momentum));
    lrsched::torch::OptimizerAdapter adapter(optimizer);
    auto scheduler = lrsched::spec::build_scheduler(spec, adapter);
    const bool plateau = scheduler->stepping().metric != lrsched::MetricUse::none;
    const bool per_batch = step_per == "batch";

    const auto sum = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum);
    const std::int64_t half = batch_size / world;
    const std::int64_t per_epoch = train / batch_size;
    const std::int64_t val_half = val / world;
    std::string out;
    for (std::int64_t step = 0; step < per_epoch * epochs; ++step) {
      const std::int64_t batch = step % per_epoch;
      const std::int64_t begin = batch * batch_size + rank * half;
      model->zero_grad(/*set_to_none=*/true);
      const torch::Tensor loss =
          torch::nn::functional::cross_entropy(model->forward(x.narrow(0, begin, half)),
                                               y.narrow(0, begin, half), sum) /
          static_cast<double>(batch_size);
      loss.backward();
      std::vector<torch::Tensor> grads{
          flatten({fc1->weight.grad(), fc1->bias.grad(), fc2->weight.grad(), fc2->bias.grad()})};
      c10d::AllreduceOptions allreduce;
      allreduce.reduceOp = c10d::ReduceOp::SUM;
      wait(group.allreduce(grads, allreduce), "all-reduce of the gradients");
      unflatten(grads[0],
                {fc1->weight.grad(), fc1->bias.grad(), fc2->weight.grad(), fc2->bias.grad()});
      out += "step " + std::to_string(step) + " lr " + repr(adapter.lr(0)) + " momentum " +
             repr(adapter.momentum(0)) + " loss " + repr(loss.item<double>()) + "\n";
      optimizer.step();
      if (per_batch && !plateau) scheduler->advance();
      if (batch == per_epoch - 1) {
        double own = 0;
        {
          torch::NoGradGuard no_grad;
          const std::int64_t vbegin = train + rank * val_half;
          own = torch::nn::functional::cross_entropy(model->forward(x.narrow(0, vbegin, val_half)),
                                                     y.narrow(0, vbegin, val_half), sum)
                    .item<double>();
        }
        const double metric = lrsched::torch::distributed::reduce_metric(
                                  group, own, lrsched::torch::distributed::Reduction::sum) /
                              static_cast<double>(val);
        out += "epoch_metric " + repr(metric) + "\n";
        if (plateau) {
          scheduler->advance({.metric = metric});
        } else if (!per_batch) {
          scheduler->advance();
        }
      }
    }
    out +=
        "final_lr " + repr(adapter.lr(0)) + "\nfinal_momentum " + repr(adapter.momentum(0)) + "\n";

    const torch::Tensor weights = flatten(params).contiguous();
    std::ofstream file(weights_out, std::ios::binary);
    file.write(
        reinterpret_cast<const char*>(weights.data_ptr<double>()),  // NOLINT: raw float64
        static_cast<std::streamsize>(static_cast<std::size_t>(weights.numel()) * sizeof(double)));
    if (!file.flush()) throw std::runtime_error("cannot write " + weights_out);
    std::fputs(out.c_str(), stdout);
    return 0;
  } catch (const lrsched::Error& e) {
    std::fprintf(stderr, "distributed_parity_worker: %s: %s\n", std::string(e.type()).c_str(),
                 e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "distributed_parity_worker: %s\n", e.what());
  }
  return 1;
}
