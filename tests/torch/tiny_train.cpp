// The only translation unit of the parity/resume runner that includes torch.
#include "tiny_train.hpp"

#include "tiny_model.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <stdexcept>

#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/lrsched.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/state_json.hpp"
#include "lrsched/torch/checkpoint.hpp"
#include "lrsched/torch/optimizer_adapter.hpp"

namespace lrsched_torch_test {

namespace {

template <class T>
void read_into(std::ifstream& in, std::vector<T>& out, std::int64_t count, const char* what) {
  out.resize(static_cast<std::size_t>(count));
  // The file is little-endian, as this machine: read the bytes straight in.
  in.read(
      reinterpret_cast<char*>(out.data()),  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
      static_cast<std::streamsize>(static_cast<std::size_t>(count) * sizeof(T)));
  if (!in) throw std::runtime_error(std::string("tiny data: truncated at ") + what);
}

std::vector<double> to_vector(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kFloat64).contiguous();
  const auto* p = c.data_ptr<double>();
  return {p, p + c.numel()};
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TinyOptions& o,
                                                        std::vector<torch::Tensor> params) {
  namespace optim = torch::optim;
  if (o.optimizer == "sgd") {
    return std::make_unique<optim::SGD>(params, optim::SGDOptions(o.lr).momentum(o.momentum));
  }
  if (o.optimizer == "adam") return std::make_unique<optim::Adam>(params, optim::AdamOptions(o.lr));
  if (o.optimizer == "adamw") {
    return std::make_unique<optim::AdamW>(params, optim::AdamWOptions(o.lr));
  }
  if (o.optimizer == "rmsprop") {
    return std::make_unique<optim::RMSprop>(params,
                                            optim::RMSpropOptions(o.lr).momentum(o.momentum));
  }
  if (o.optimizer == "adagrad") {
    return std::make_unique<optim::Adagrad>(params, optim::AdagradOptions(o.lr));
  }
  throw std::invalid_argument("--optimizer " + o.optimizer +
                              ": use sgd, adam, adamw, rmsprop or adagrad");
}

constexpr const char* kOptimizers[] = {"sgd", "adam", "adamw", "rmsprop", "adagrad"};

/// The options a checkpoint fixes, by option name, as numbers (kept in its `extra`).
std::map<std::string, double> fixed_options(const TinyOptions& o) {
  const auto optimizer = std::find(std::begin(kOptimizers), std::end(kOptimizers), o.optimizer);
  return {{"--optimizer", static_cast<double>(optimizer - std::begin(kOptimizers))},
          {"--lr", o.lr},
          {"--momentum", o.momentum},
          {"--batch-size", static_cast<double>(o.batch_size)},
          {"--step-per", o.per_batch ? 1.0 : 0.0}};
}

/// A fixed option's value as it is written on the command line.
std::string option_text(const std::string& option, double value) {
  if (option == "--optimizer") {
    const auto i = static_cast<std::size_t>(value);
    return value >= 0 && i < std::size(kOptimizers) ? kOptimizers[i] : "?";
  }
  if (option == "--step-per") return value != 0 ? "batch" : "epoch";
  if (option == "--batch-size") return std::to_string(static_cast<std::int64_t>(value));
  return lrsched::detail::py_float_repr(value);
}

/// Refuses a resume whose options differ from the checkpoint's: the run would not continue the
/// one that was checkpointed.
void check_resume(const lrsched::torch::CheckpointInfo& info, const TinyOptions& o) {
  const std::string where = "the checkpoint in " + o.resume_dir + " was made with ";
  if (info.spec != o.spec) {
    throw std::invalid_argument("--scheduler \"" + o.spec + "\": " + where + "--scheduler \"" +
                                info.spec + "\"");
  }
  for (const auto& [option, value] : fixed_options(o)) {
    const auto held = info.extra.find(option);
    if (held == info.extra.end()) {
      throw std::invalid_argument("the checkpoint in " + o.resume_dir + " does not record " +
                                  option + ": it was not written by this runner");
    }
    if (held->second != value) {
      throw std::invalid_argument(option + " " + option_text(option, value) + ": " + where +
                                  option + " " + option_text(option, held->second));
    }
  }
}

}  // namespace

TinyData read_tiny_data(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  if (!in || std::memcmp(magic, "LRSTINY1", sizeof magic) != 0) {
    throw std::runtime_error(path + " is not a tiny data file");
  }
  std::vector<std::int64_t> dims;
  read_into(in, dims, 4, "dims");
  TinyData d;
  d.n = dims[0], d.in = dims[1], d.hidden = dims[2], d.out = dims[3];
  read_into(in, d.x, d.n * d.in, "x");
  read_into(in, d.y, d.n, "y");
  read_into(in, d.w1, d.hidden * d.in, "w1");
  read_into(in, d.b1, d.hidden, "b1");
  read_into(in, d.w2, d.out * d.hidden, "w2");
  read_into(in, d.b2, d.out, "b2");
  return d;
}

TinyData make_tiny_data(std::int64_t n, std::int64_t in, std::int64_t hidden, std::int64_t out,
                        std::uint64_t seed) {
  torch::manual_seed(seed);
  const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
  const torch::Tensor x = torch::randn({n, in}, f64);
  const torch::Tensor teacher = torch::randn({in, out}, f64);
  const torch::Tensor y = x.matmul(teacher).argmax(1);
  TinyData d;
  d.n = n, d.in = in, d.hidden = hidden, d.out = out;
  d.x = to_vector(x);
  const torch::Tensor yc = y.to(torch::kInt64).contiguous();
  d.y.assign(yc.data_ptr<std::int64_t>(), yc.data_ptr<std::int64_t>() + n);
  d.w1 = to_vector(torch::randn({hidden, in}, f64) * 0.05);
  d.b1 = to_vector(torch::randn({hidden}, f64) * 0.05);
  d.w2 = to_vector(torch::randn({out, hidden}, f64) * 0.2);
  d.b2 = to_vector(torch::randn({out}, f64) * 0.2);
  return d;
}

TinyResult run_tiny(const TinyData& data, const TinyOptions& options) {
  torch::set_num_threads(1);  // as parity.py: one thread, so every reduction runs in one order
  auto [fc1, fc2, model] = make_tiny_model(data);
  const torch::Tensor x = to_tensor(data.x, {data.n, data.in});
  const torch::Tensor y = labels(data);

  auto optimizer = make_optimizer(options, model->parameters());
  lrsched::torch::OptimizerAdapter adapter(*optimizer);
  auto scheduler = lrsched::spec::build_scheduler(options.spec, adapter);
  const bool on_metric = scheduler->stepping().metric != lrsched::MetricUse::none;

  const std::int64_t per_epoch = (data.n + options.batch_size - 1) / options.batch_size;
  const std::int64_t total = per_epoch * options.epochs;
  std::int64_t start = 0;
  double epoch_loss_sum = 0;
  if (!options.resume_dir.empty()) {
    check_resume(lrsched::torch::read_checkpoint_info(options.resume_dir), options);
    const auto info = lrsched::torch::load_checkpoint(options.resume_dir, *model, *optimizer,
                                                      *scheduler, adapter);
    start = info.steps;
    epoch_loss_sum = info.extra.at("epoch_loss_sum");
    if (start > total) {
      throw std::invalid_argument("--epochs " + std::to_string(options.epochs) +
                                  ": the checkpoint in " + options.resume_dir + " is at step " +
                                  std::to_string(start) + ", past the " + std::to_string(total) +
                                  " steps of that many epochs");
    }
  }
  if (options.stop_at != -1 && (options.stop_at <= start || options.stop_at > total)) {
    throw std::invalid_argument("--stop-at " + std::to_string(options.stop_at) +
                                ": this run takes steps " + std::to_string(start + 1) + " to " +
                                std::to_string(total));
  }
  if (options.stop_at != -1 && options.checkpoint_dir.empty()) {
    throw std::invalid_argument("--stop-at needs --checkpoint: the folder to save into");
  }
  TinyResult result;
  for (std::int64_t step = start; step < total; ++step) {
    const std::int64_t batch = step % per_epoch;
    if (batch == 0) epoch_loss_sum = 0;
    const std::int64_t begin = batch * options.batch_size;
    const std::int64_t size = std::min(options.batch_size, data.n - begin);
    model->zero_grad(/*set_to_none=*/true);
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        model->forward(x.narrow(0, begin, size)), y.narrow(0, begin, size));
    loss.backward();
    StepRecord record;
    record.step = step;
    record.lr = adapter.lr(0);
    record.loss = loss.item<double>();
    if (adapter.momentum_kind() != lrsched::MomentumKind::none)
      record.momentum = adapter.momentum(0);
    result.steps.push_back(record);
    optimizer->step();
    epoch_loss_sum += record.loss;
    if (options.per_batch && !on_metric) scheduler->advance();
    if (batch == per_epoch - 1) {
      const double metric = epoch_loss_sum / static_cast<double>(per_epoch);
      result.epoch_metrics.push_back(metric);
      if (on_metric) {
        scheduler->advance({.metric = metric});
      } else if (!options.per_batch) {
        scheduler->advance();
      }
    }
    if (options.stop_at == step + 1) {
      auto extra = fixed_options(options);
      extra["epoch_loss_sum"] = epoch_loss_sum;
      lrsched::torch::save_checkpoint(options.checkpoint_dir, *model, *optimizer, *scheduler,
                                      adapter,
                                      {.spec = options.spec, .steps = step + 1, .extra = extra});
      break;
    }
  }
  for (const auto& t : {fc1->weight, fc1->bias, fc2->weight, fc2->bias}) {
    const auto v = to_vector(t);
    result.weights.insert(result.weights.end(), v.begin(), v.end());
  }
  result.final_lr = adapter.lr(0);
  if (adapter.momentum_kind() != lrsched::MomentumKind::none) {
    result.final_momentum = adapter.momentum(0);
  }
  result.scheduler_state = lrsched::save_state(*scheduler, adapter);
  return result;
}

}  // namespace lrsched_torch_test
