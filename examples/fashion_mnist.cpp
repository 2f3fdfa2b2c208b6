// fashion_mnist: trains a small MLP on Fashion-MNIST with libtorch, the learning rate driven by
// any lrsched scheduler given as a spec string. See docs/torch.md.
//
//   fashion_mnist --scheduler "OneCycleLR(max_lr=0.1, total_steps={total_steps})"
//                 --step-per batch --epochs 5 --plot run.png
//
// Data-parallel on N processes (c10d/Gloo; docs/distributed.md): --nproc N on one machine, or
// one process per rank under a launcher that sets RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT.
//
// Data: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/*-ubyte.gz).
#include <torch/torch.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "data_parallel.hpp"
#include "exit_status.hpp"
#include "idx_reader.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/io/atomic_file.hpp"
#include "lrsched/lrsched.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/torch/checkpoint.hpp"
#include "lrsched/torch/distributed.hpp"
#include "lrsched/torch/optimizer_adapter.hpp"
#include "lrsched/version.hpp"
#include "progress_bar.hpp"
#ifdef LRSCHED_EXAMPLE_HAS_PLOT
#include "history_plot.hpp"
#endif

namespace {

using lrsched::cli::FileError;
using lrsched::cli::UsageError;
using lrsched_example::IdxArray;

constexpr const char* kProgram = "fashion_mnist";
constexpr const char* kDefaultData = "/usr/share/datasets/fashion-mnist";
constexpr double kPixelMean = 0.2860;  // Fashion-MNIST training set, pixels scaled to [0, 1]
constexpr double kPixelStd = 0.3530;

constexpr const char* kOptimizers[] = {"sgd", "adam", "adamw", "rmsprop"};
// Seeds are kept in the checkpoint as doubles: every seed up to 2^53 exactly.
constexpr std::uint64_t kMaxSeed = std::uint64_t{1} << 53;
constexpr const char* kNeedsPlplot =
    "--plot needs PLplot: install libplplot-dev and plplot-driver-cairo, then configure again";

struct Args {
  std::string spec = "StepLR(step_size=2, gamma=0.5)";
  std::string step_per = "epoch";
  std::string optimizer = "sgd";
  double lr = 0.05;
  std::optional<double> momentum;
  std::int64_t epochs = 5;
  std::int64_t batch_size = 64;
  std::int64_t hidden = 128;
  std::int64_t limit = 0;  // 0: all 60000
  std::uint64_t seed = 0;
  std::string data = kDefaultData;
  std::string checkpoint;
  std::string resume;
  std::string plot;
  bool no_progress = false;
  int nproc = 0;                // 0: this process alone, or the rank the environment names
  double timeout = 120;         // seconds, for every collective of a data-parallel run
  std::set<std::string> given;  // the options on the command line ("--lr"), not defaulted
};

/// "1 epoch", "2 epochs".
std::string count(std::int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

struct Dataset {
  torch::Tensor x;  // n x 784, float32, normalized
  torch::Tensor y;  // n, int64
};

Dataset load(const std::string& folder, const std::string& prefix, std::int64_t limit) {
  const std::string images_path = folder + "/" + prefix + "-images-idx3-ubyte.gz";
  const std::string labels_path = folder + "/" + prefix + "-labels-idx1-ubyte.gz";
  IdxArray images;
  IdxArray labels;
  try {
    images = lrsched_example::read_idx_gz(images_path, 3);
    labels = lrsched_example::read_idx_gz(labels_path, 1);
  } catch (const lrsched_example::MissingFile& e) {
    throw FileError(e.path() +
                    " not found: install Debian's dataset-fashion-mnist package (apt install "
                    "dataset-fashion-mnist) or point --data at a folder with the four "
                    "*-ubyte.gz files");
  } catch (const std::runtime_error& e) {
    throw FileError(e.what());
  }
  if (images.dims[0] != labels.dims[0]) {
    throw FileError(images_path + " and " + labels_path + " hold different counts (" +
                    std::to_string(images.dims[0]) + " images, " + std::to_string(labels.dims[0]) +
                    " labels)");
  }
  if (*std::max_element(labels.data.begin(), labels.data.end()) > 9) {
    throw FileError(labels_path + ": labels must be the classes 0 to 9");
  }
  std::int64_t n = images.dims[0];
  if (limit > 0) n = std::min(n, limit);
  const std::int64_t pixels = images.dims[1] * images.dims[2];
  auto u8 = torch::TensorOptions().dtype(torch::kUInt8);
  torch::Tensor x = torch::from_blob(const_cast<std::uint8_t*>(images.data.data()),  // NOLINT
                                     {images.dims[0], pixels}, u8)
                        .narrow(0, 0, n)
                        .to(torch::kFloat32)
                        .div_(255.0)
                        .sub_(kPixelMean)
                        .div_(kPixelStd);
  torch::Tensor y = torch::from_blob(const_cast<std::uint8_t*>(labels.data.data()),  // NOLINT
                                     {labels.dims[0]}, u8)
                        .narrow(0, 0, n)
                        .to(torch::kInt64);
  return {x, y};
}

/// The optimizer's momentum: --momentum, else 0.9 for SGD and 0 for the others.
double momentum_of(const Args& a) { return a.momentum.value_or(a.optimizer == "sgd" ? 0.9 : 0.0); }

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const Args& a,
                                                        std::vector<torch::Tensor> params) {
  namespace optim = torch::optim;
  const double momentum = momentum_of(a);
  if (a.optimizer == "sgd") {
    return std::make_unique<optim::SGD>(params, optim::SGDOptions(a.lr).momentum(momentum));
  }
  if (a.optimizer == "rmsprop") {
    return std::make_unique<optim::RMSprop>(params, optim::RMSpropOptions(a.lr).momentum(momentum));
  }
  if (a.optimizer == "adam") return std::make_unique<optim::Adam>(params, optim::AdamOptions(a.lr));
  return std::make_unique<optim::AdamW>(params, optim::AdamWOptions(a.lr));
}

/// `{total_steps}`, `{steps_per_epoch}` and `{epochs}` in the spec, replaced by this run's values.
/// Any other `{name}` outside a string literal is refused here, before the spec is parsed, where
/// braces are the language's own.
std::string substitute(const std::string& spec, std::int64_t total_steps,
                       std::int64_t steps_per_epoch, std::int64_t epochs) {
  const std::pair<std::string, std::int64_t> names[] = {
      {"total_steps", total_steps}, {"steps_per_epoch", steps_per_epoch}, {"epochs", epochs}};
  const auto identifier = [](const std::string& text) {
    const auto word = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    };
    return !text.empty() && !std::isdigit(static_cast<unsigned char>(text[0])) &&
           std::all_of(text.begin(), text.end(), word);
  };
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < spec.size(); ++i) {
    const char c = spec[i];
    if (quote != 0) {
      out += c;
      if (c == '\\' && i + 1 < spec.size()) {
        out += spec[++i];
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    const auto close = c == '{' ? spec.find('}', i) : std::string::npos;
    const std::string name = close == std::string::npos ? "" : spec.substr(i + 1, close - i - 1);
    if (!identifier(name)) {
      if (c == '\'' || c == '"') quote = c;
      out += c;
      continue;
    }
    const auto known = std::find_if(std::begin(names), std::end(names),
                                    [&](const auto& n) { return n.first == name; });
    if (known == std::end(names)) {
      throw UsageError("--scheduler \"" + spec + "\": unknown placeholder {" + name +
                       "}; the known ones are {total_steps}, {steps_per_epoch} and {epochs}");
    }
    out += std::to_string(known->second);
    i = close;
  }
  return out;
}

/// What the plot shows, kept in the checkpoint folder (history.csv) so a resumed run plots all.
struct History {
  struct Batch {
    std::int64_t step;
    double loss, accuracy, lr;
  };
  struct Epoch {
    std::int64_t step;  // steps done at the end of the epoch
    double train_loss, test_loss, test_accuracy, lr;
  };
  std::vector<Batch> batches;
  std::vector<Epoch> epochs;

  void save(const std::filesystem::path& path) const {
    std::ostringstream out;
    out.precision(17);
    out << "kind,step,loss,accuracy,lr,test_loss\n";
    for (const auto& b : batches) {
      out << "batch," << b.step << ',' << b.loss << ',' << b.accuracy << ',' << b.lr << ",\n";
    }
    for (const auto& e : epochs) {
      out << "epoch," << e.step << ',' << e.train_loss << ',' << e.test_accuracy << ',' << e.lr
          << ',' << e.test_loss << '\n';
    }
    lrsched::io::write_file_atomically(path.string(), out.str());
  }

  static History load(const std::filesystem::path& path) {
    History h;
    std::ifstream in(path);
    if (!in) throw FileError("cannot read " + path.string());
    std::string line;
    std::getline(in, line);  // header
    for (std::int64_t number = 2; std::getline(in, line); ++number) {
      std::stringstream fields(line);
      std::string kind, step, loss, accuracy, lr, test_loss;
      std::getline(fields, kind, ',');
      std::getline(fields, step, ',');
      std::getline(fields, loss, ',');
      std::getline(fields, accuracy, ',');
      std::getline(fields, lr, ',');
      std::getline(fields, test_loss, ',');
      try {
        if (kind == "batch") {
          h.batches.push_back(
              {std::stoll(step), std::stod(loss), std::stod(accuracy), std::stod(lr)});
          continue;
        }
        if (kind == "epoch") {
          h.epochs.push_back({std::stoll(step), std::stod(loss), std::stod(test_loss),
                              std::stod(accuracy), std::stod(lr)});
          continue;
        }
      } catch (const std::logic_error&) {  // std::stod's invalid_argument and out_of_range
      }
      throw FileError(path.string() + ": line " + std::to_string(number) +
                      " is not a batch or epoch row of kind,step,loss,accuracy,lr,test_loss");
    }
    return h;
  }
};

void plot(const History& h, const std::string& path, const std::string& title) {
#ifdef LRSCHED_EXAMPLE_HAS_PLOT
  using lrsched_example::Curve;
  Curve loss{"train loss (batch)", {}, {}}, accuracy{"train accuracy (batch)", {}, {}},
      lr{"lr", {}, {}}, test_accuracy{"test accuracy (epoch)", {}, {}},
      test_loss{"test loss (epoch)", {}, {}};
  for (const auto& b : h.batches) {
    const auto x = static_cast<double>(b.step);
    loss.x.push_back(x), loss.y.push_back(b.loss);
    accuracy.x.push_back(x), accuracy.y.push_back(b.accuracy);
    lr.x.push_back(x), lr.y.push_back(b.lr);
  }
  for (const auto& e : h.epochs) {
    test_accuracy.x.push_back(static_cast<double>(e.step));
    test_accuracy.y.push_back(e.test_accuracy);
    test_loss.x.push_back(static_cast<double>(e.step));
    test_loss.y.push_back(e.test_loss);
  }
  lrsched_example::plot_panels({{"loss", {loss, test_loss}},
                                {"accuracy (%)", {accuracy, test_accuracy}},
                                {"learning rate", {lr}}},
                               title, path);
#else
  (void)h, (void)path, (void)title;
  throw UsageError(kNeedsPlplot);  // check_options refuses --plot first
#endif
}

/// The summed loss and the number of correct answers over samples [first, last) of a dataset, in
/// chunks.
std::pair<double, double> evaluate(torch::nn::Sequential& model, const Dataset& d,
                                   std::int64_t first, std::int64_t last) {
  torch::NoGradGuard no_grad;
  model->eval();
  double loss_sum = 0;
  std::int64_t correct = 0;
  for (std::int64_t begin = first; begin < last; begin += 1000) {
    const std::int64_t size = std::min<std::int64_t>(1000, last - begin);
    const torch::Tensor out = model->forward(d.x.narrow(0, begin, size));
    const torch::Tensor y = d.y.narrow(0, begin, size);
    loss_sum += torch::nn::functional::cross_entropy(
                    out, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .item<double>();
    correct += out.argmax(1).eq(y).sum().item<std::int64_t>();
  }
  model->train();
  return {loss_sum, static_cast<double>(correct)};
}

/// This rank's share [first, last) of n items: contiguous, the first ranks one longer when n is
/// not a multiple of the ranks (possibly empty for the last ones).
std::pair<std::int64_t, std::int64_t> share_of(std::int64_t n, const lrsched_example::Rank& self) {
  const std::int64_t each = (n + self.world - 1) / self.world;
  const std::int64_t first = std::min(n, each * self.rank);
  return {first, std::min(n, first + each)};
}

/// A permutation of 0..n-1 that depends only on (seed, epoch), so a resumed run sees the same
/// batches. Fisher-Yates with our own draws: std::shuffle's algorithm is unspecified.
torch::Tensor epoch_order(std::int64_t n, std::uint64_t seed, std::int64_t epoch) {
  std::mt19937_64 rng(seed * 1000003U + static_cast<std::uint64_t>(epoch));
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = order.size(); i > 1; --i) {
    const std::size_t j = rng() % i;
    std::swap(order[i - 1], order[j]);
  }
  return torch::tensor(order, torch::TensorOptions().dtype(torch::kInt64));
}

std::string show(double v) { return lrsched::detail::py_float_repr(v); }
std::string show(std::int64_t v) { return std::to_string(v); }
std::string show(std::uint64_t v) { return std::to_string(v); }
std::string show(const std::string& v) { return v; }

/// A value the checkpoint's manifest holds in `extra`.
double held(const lrsched::torch::CheckpointInfo& info, const Args& a, const char* key) {
  const auto it = info.extra.find(key);
  if (it == info.extra.end()) {
    throw FileError("the checkpoint in " + a.resume + " has no \"" + key +
                    "\" entry: it was not written by this version of fashion_mnist; leave out "
                    "--resume to start a new run");
  }
  return it->second;
}

/// An option the checkpoint fixes: the checkpoint's value when the option is left out, refused
/// when it is given with another (the resumed run would silently not be the one checkpointed).
template <class T>
void adopt(Args& a, const std::string& option, T& value, const T& checkpoint_value) {
  if (!a.given.contains(option)) {
    value = checkpoint_value;
  } else if (value != checkpoint_value) {
    throw UsageError(option + " " + show(value) + ": the checkpoint in " + a.resume +
                     " was made with " + option + " " + show(checkpoint_value) + "; leave out " +
                     option + " to resume with it, or leave out --resume to start a new run");
  }
}

/// Reads the manifest of the checkpoint in `a.resume` and takes from it what it fixes: the
/// optimizer and its settings, the data order and size, the model, when the scheduler steps, and
/// how many epochs the run was to train (unless --epochs says otherwise).
lrsched::torch::CheckpointInfo adopt_checkpoint(Args& a) {
  lrsched::torch::CheckpointInfo info;
  try {
    info = lrsched::torch::read_checkpoint_info(a.resume);
  } catch (const lrsched::StateError& e) {
    throw FileError(e.what());
  }
  const double optimizer = held(info, a, "optimizer");
  if (!(optimizer >= 0 && optimizer < static_cast<double>(std::size(kOptimizers)))) {
    throw FileError("the checkpoint in " + a.resume + " names an unknown optimizer (" +
                    show(optimizer) + ")");
  }
  adopt(a, "--optimizer", a.optimizer, std::string(kOptimizers[static_cast<int>(optimizer)]));
  adopt(a, "--lr", a.lr, held(info, a, "lr"));
  if (a.optimizer == "sgd" || a.optimizer == "rmsprop") {
    double momentum = momentum_of(a);
    adopt(a, "--momentum", momentum, held(info, a, "momentum"));
    a.momentum = momentum;
  }
  adopt(a, "--step-per", a.step_per,
        std::string(held(info, a, "per_batch") != 0 ? "batch" : "epoch"));
  adopt(a, "--batch-size", a.batch_size, static_cast<std::int64_t>(held(info, a, "batch_size")));
  adopt(a, "--hidden", a.hidden, static_cast<std::int64_t>(held(info, a, "hidden")));
  adopt(a, "--seed", a.seed, static_cast<std::uint64_t>(held(info, a, "seed")));
  // --limit is compared with the samples the checkpoint was trained on once the data is read.
  if (!a.given.contains("--limit")) {
    a.limit = static_cast<std::int64_t>(held(info, a, "train_samples"));
  }
  const auto done = static_cast<std::int64_t>(held(info, a, "epoch"));
  if (!a.given.contains("--epochs")) a.epochs = static_cast<std::int64_t>(held(info, a, "epochs"));
  if (a.epochs < done) {
    throw UsageError("--epochs " + show(a.epochs) + ": the checkpoint in " + a.resume +
                     " already holds " + count(done, "epoch", "epochs") + "; give --epochs " +
                     show(done + 1) + " or more to train further");
  }
  return info;
}

/// Refuses option combinations that would be ignored, and outputs that cannot be written, before
/// anything is trained.
void check_options(const Args& a) {
  if (a.momentum && (a.optimizer == "adam" || a.optimizer == "adamw")) {
    const bool from_checkpoint = !a.resume.empty() && !a.given.contains("--optimizer");
    throw UsageError("--momentum applies to sgd and rmsprop, not " + a.optimizer +
                     (from_checkpoint ? " (the optimizer of the checkpoint in " + a.resume + ")"
                                      : std::string()));
  }
  if (!a.checkpoint.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(a.checkpoint, ec);
    if (ec) {
      throw FileError("--checkpoint " + a.checkpoint + ": cannot create the folder (" +
                      ec.message() + ")");
    }
    if (!std::filesystem::is_directory(a.checkpoint)) {
      throw FileError("--checkpoint " + a.checkpoint + ": not a folder");
    }
    try {  // a file that is never committed: created and removed
      const lrsched::io::AtomicFile probe(
          (std::filesystem::path(a.checkpoint) / "history.csv").string());
    } catch (const lrsched::RuntimeError& e) {
      throw FileError("--checkpoint " + a.checkpoint + ": " + e.what());
    }
  }
  if (!a.plot.empty()) {
#ifndef LRSCHED_EXAMPLE_HAS_PLOT
    throw UsageError(kNeedsPlplot);
#endif
    const auto ext = std::filesystem::path(a.plot).extension().string();
    if (ext != ".png" && ext != ".svg" && ext != ".pdf") {
      throw UsageError("--plot " + a.plot + ": use a .png, .svg or .pdf file name");
    }
    try {
      const lrsched::io::AtomicFile probe(a.plot, ext);
    } catch (const lrsched::RuntimeError& e) {
      throw FileError(std::string("--plot: ") + e.what());
    }
  }
}

/// The run's place among the ranks (rank 0 of 1 alone), and what it says on the terminal: rank 0
/// prints, the others only report errors.
lrsched_example::Rank g_self;
bool leader() { return g_self.rank == 0; }

int run(Args a) {
  lrsched::torch::CheckpointInfo info;
  if (!a.resume.empty()) info = adopt_checkpoint(a);
  check_options(a);
  namespace distributed = lrsched::torch::distributed;
  c10d::ProcessGroup* group = g_self.group.get();  // null: this process alone

  // Data first: the most likely problem on a fresh machine.
  const Dataset train = load(a.data, "train", a.limit);
  const Dataset test = load(a.data, "t10k", 0);
  if (test.x.size(1) != train.x.size(1)) {
    throw FileError(a.data + ": the test images have " + std::to_string(test.x.size(1)) +
                    " pixels, the training images " + std::to_string(train.x.size(1)));
  }
  const std::int64_t n = train.x.size(0);
  if (!a.resume.empty() && static_cast<double>(n) != held(info, a, "train_samples")) {
    const std::string samples = show(static_cast<std::int64_t>(held(info, a, "train_samples")));
    if (a.given.contains("--limit")) {
      throw UsageError("--limit " + show(a.limit) + ": the checkpoint in " + a.resume +
                       " was trained on the first " + samples +
                       " samples; leave out --limit to resume with them");
    }
    throw FileError("the checkpoint in " + a.resume + " was trained on " + samples +
                    " samples, but --data " + a.data + " holds " + show(n));
  }
  const std::int64_t steps_per_epoch = (n + a.batch_size - 1) / a.batch_size;
  const bool per_batch = a.step_per == "batch";
  std::string spec;
  if (!a.resume.empty() && !a.given.contains("--scheduler")) {
    spec = info.spec;  // placeholders were replaced when the checkpoint's run began
  } else {
    spec = substitute(a.spec, per_batch ? steps_per_epoch * a.epochs : a.epochs, steps_per_epoch,
                      a.epochs);
    if (!a.resume.empty() && spec != info.spec) {
      throw UsageError("--scheduler \"" + spec + "\": the checkpoint in " + a.resume +
                       " was made with --scheduler \"" + info.spec +
                       "\"; leave out --scheduler to resume with it, or leave out --resume to "
                       "start a new run");
    }
  }

  torch::manual_seed(a.seed);
  torch::nn::Sequential model(torch::nn::Linear(train.x.size(1), a.hidden), torch::nn::ReLU(),
                              torch::nn::Linear(a.hidden, 10));
  auto optimizer = make_optimizer(a, model->parameters());
  lrsched::torch::OptimizerAdapter adapter(*optimizer);
  std::unique_ptr<lrsched::Scheduler> scheduler;
  try {
    scheduler = lrsched::spec::build_scheduler(spec, adapter);
  } catch (lrsched::Error& e) {
    e.add_context("--scheduler \"" + spec + "\": ");
    throw;
  }
  // A scheduler stepped on a metric steps once per epoch, on the test loss.
  const bool on_metric = scheduler->stepping().metric != lrsched::MetricUse::none;

  std::int64_t first_epoch = 0;
  std::int64_t step = 0;
  History history;
  if (!a.resume.empty()) {
    try {
      if (group != nullptr) {  // every rank loads, then checks that they agree
        (void)distributed::load_checkpoint(*group, a.resume, *model, *optimizer, *scheduler,
                                           adapter);
      } else {
        (void)lrsched::torch::load_checkpoint(a.resume, *model, *optimizer, *scheduler, adapter);
      }
    } catch (const lrsched::StateError& e) {
      throw FileError(e.what());
    }
    first_epoch = static_cast<std::int64_t>(held(info, a, "epoch"));
    step = info.steps;
    const auto history_path = std::filesystem::path(a.resume) / "history.csv";
    if (leader() && std::filesystem::exists(history_path)) history = History::load(history_path);
    if (leader()) {
      std::printf("resumed from %s after epoch %lld (step %lld), lr %.6g\n", a.resume.c_str(),
                  static_cast<long long>(first_epoch), static_cast<long long>(step), adapter.lr(0));
    }
  }
  // The same starting weights everywhere, whatever each rank's seed or files held.
  if (group != nullptr) lrsched_example::broadcast_weights(*group, *model);
  if (leader()) {
    std::printf(
        "Fashion-MNIST: %s, %lld test; %s of %lld per epoch; %s on %s, scheduler %s "
        "stepped per %s%s\n",
        count(n, "training sample", "training samples").c_str(),
        static_cast<long long>(test.x.size(0)), count(steps_per_epoch, "batch", "batches").c_str(),
        static_cast<long long>(a.batch_size), std::string(scheduler->name()).c_str(),
        std::string(adapter.type_name()).c_str(), spec.c_str(),
        on_metric ? "epoch (on the test loss)" : a.step_per.c_str(),
        group != nullptr ? ("; data-parallel on " + count(g_self.world, "rank", "ranks")).c_str()
                         : "");
    std::fflush(stdout);
  }

  const bool tty = ::isatty(STDERR_FILENO) != 0;
  const auto run_start = std::chrono::steady_clock::now();
  const auto [test_first, test_last] = share_of(test.x.size(0), g_self);
  for (std::int64_t epoch = first_epoch; epoch < a.epochs; ++epoch) {
    const auto epoch_start = std::chrono::steady_clock::now();
    const torch::Tensor order = epoch_order(n, a.seed, epoch);
    lrsched_example::ProgressBar bar(
        "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(a.epochs), steps_per_epoch,
        !a.no_progress && leader(), tty);
    double loss_sum = 0;       // of the batch means (this rank's share of each batch), for the bar
    double sample_losses = 0;  // of this rank's samples' losses
    for (std::int64_t b = 0; b < steps_per_epoch; ++b, ++step) {
      const std::int64_t begin = b * a.batch_size;
      const std::int64_t batch = std::min(a.batch_size, n - begin);
      // Data-parallel: each rank its contiguous share of the global batch, its loss summed and
      // divided by the global batch size, so that the gradients' sum over the ranks is the
      // global batch's mean gradient, whatever the number of ranks.
      const auto [first, last] = share_of(batch, g_self);
      const torch::Tensor idx = order.narrow(0, begin + first, last - first);
      const torch::Tensor x = train.x.index_select(0, idx);
      const torch::Tensor y = train.y.index_select(0, idx);
      optimizer->zero_grad();
      const torch::Tensor out = model->forward(x);
      torch::Tensor loss;
      double batch_loss = 0;
      if (group != nullptr) {
        const torch::Tensor summed = torch::nn::functional::cross_entropy(
            out, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
        loss = summed / static_cast<double>(batch);
        loss.backward();
        lrsched_example::sum_gradients(*group, *model);
        const double mine = summed.item<double>();
        sample_losses += mine;
        batch_loss = last > first ? mine / static_cast<double>(last - first) : 0.0;
      } else {
        loss = torch::nn::functional::cross_entropy(out, y);
        loss.backward();
        batch_loss = loss.item<double>();
        sample_losses += batch_loss * static_cast<double>(batch);
      }
      const double lr = adapter.lr(0);
      optimizer->step();
      const double accuracy = y.size(0) > 0 ? 100.0 * out.argmax(1).eq(y).sum().item<double>() /
                                                  static_cast<double>(y.size(0))
                                            : 0.0;
      history.batches.push_back({step, batch_loss, accuracy, lr});
      loss_sum += batch_loss;
      if (per_batch && !on_metric) scheduler->advance();
      bar.update(b + 1, loss_sum / static_cast<double>(b + 1));
    }
    auto [test_losses, correct] = evaluate(model, test, test_first, test_last);
    if (group != nullptr) {  // over all ranks' samples: the same numbers on every rank
      using distributed::Reduction;
      test_losses = distributed::reduce_metric(*group, test_losses, Reduction::sum);
      correct = distributed::reduce_metric(*group, correct, Reduction::sum);
      sample_losses = distributed::reduce_metric(*group, sample_losses, Reduction::sum);
    }
    const double train_loss = sample_losses / static_cast<double>(n);  // per sample
    const auto test_n = static_cast<double>(test.x.size(0));
    const double test_loss = test_losses / test_n;
    const double test_accuracy = 100.0 * correct / test_n;
    if (on_metric) {
      scheduler->advance({.metric = test_loss});
    } else if (!per_batch) {
      scheduler->advance();
    }
    // No rank goes on with another learning rate than rank 0's (see docs/distributed.md).
    if (group != nullptr) distributed::check_same_state(*group, *scheduler, adapter);
    bar.finish();
    history.epochs.push_back({step, train_loss, test_loss, test_accuracy, adapter.lr(0)});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start).count();
    if (leader()) {
      std::printf(
          "epoch %lld/%lld  train loss %.4f  test loss %.4f  test accuracy %.2f%%  "
          "lr %.6g  %.1fs\n",
          static_cast<long long>(epoch + 1), static_cast<long long>(a.epochs), train_loss,
          test_loss, test_accuracy, adapter.lr(0), seconds);
      std::fflush(stdout);
    }
    if (!a.checkpoint.empty()) {
      const lrsched::torch::CheckpointInfo checkpoint{
          .spec = spec,
          .steps = step,
          .extra = {
              {"epoch", static_cast<double>(epoch + 1)},
              {"epochs", static_cast<double>(a.epochs)},
              {"optimizer", static_cast<double>(std::find(std::begin(kOptimizers),
                                                          std::end(kOptimizers), a.optimizer) -
                                                std::begin(kOptimizers))},
              {"lr", a.lr},
              {"momentum", momentum_of(a)},
              {"batch_size", static_cast<double>(a.batch_size)},
              {"hidden", static_cast<double>(a.hidden)},
              {"train_samples", static_cast<double>(n)},
              {"per_batch", per_batch ? 1.0 : 0.0},
              {"seed", static_cast<double>(a.seed)}}};
      try {
        if (group != nullptr) {  // rank 0 writes, every rank waits until it is whole
          distributed::save_checkpoint(*group, a.checkpoint, *model, *optimizer, *scheduler,
                                       adapter, checkpoint);
        } else {
          lrsched::torch::save_checkpoint(a.checkpoint, *model, *optimizer, *scheduler, adapter,
                                          checkpoint);
        }
        if (leader()) history.save(std::filesystem::path(a.checkpoint) / "history.csv");
      } catch (const lrsched::StateError& e) {
        throw FileError(e.what());
      } catch (const lrsched::RuntimeError& e) {
        throw FileError(e.what());
      }
    }
  }
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
  if (!leader()) return lrsched::cli::kExitSuccess;
  if (!history.epochs.empty()) {
    std::printf("done: test accuracy %.2f%% after %s, %s in this run\n",
                history.epochs.back().test_accuracy, count(a.epochs, "epoch", "epochs").c_str(),
                lrsched_example::format_seconds(total).c_str());
  }
  if (!a.plot.empty()) {
    try {
      plot(history, a.plot, std::string("Fashion-MNIST, ") + spec);
    } catch (const lrsched::RuntimeError& e) {
      throw FileError(e.what());
    }
    std::printf("plot: %s\n", a.plot.c_str());
  }
  return lrsched::cli::kExitSuccess;
}

/// A value above 0 (and finite), with a message that names the bound.
const CLI::Validator kPositive(
    [](std::string& text) {
      double v = 0;
      if (!CLI::detail::lexical_cast(text, v)) return "not a number: " + text;
      if (!(v > 0) || !std::isfinite(v)) return "must be a number above 0, not " + text;
      return std::string();
    },
    "> 0");

/// A value in [0, 1].
const CLI::Validator kUnit(
    [](std::string& text) {
      double v = 0;
      if (!CLI::detail::lexical_cast(text, v)) return "not a number: " + text;
      if (!(v >= 0 && v <= 1)) return "must be between 0 and 1, not " + text;
      return std::string();
    },
    "in [0, 1]");

/// "fashion_mnist: <kind>: <message>" on one line ("fashion_mnist: rank 2 of 4: ..." in a
/// data-parallel run).
void report(const std::string& kind, std::string message) {
  std::replace(message.begin(), message.end(), '\n', ' ');
  const std::string who = g_self.group ? "rank " + std::to_string(g_self.rank) + " of " +
                                             std::to_string(g_self.world) + ": "
                                       : "";
  std::fprintf(stderr, "%s: %s%s: %s\n", kProgram, who.c_str(), kind.c_str(), message.c_str());
}

/// This program's arguments without --nproc and its value: what each local rank is started with.
std::vector<std::string> arguments_for_ranks(int argc, char** argv) {
  std::vector<std::string> out;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--nproc") {
      ++i;  // and its value
    } else if (!word.starts_with("--nproc=")) {
      out.push_back(word);
    }
  }
  return out;
}

/// Runs the training, here or on --nproc local ranks, and turns its errors into one line and an
/// exit status.
int run_or_launch(Args& a, int argc, char** argv) {
  const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(a.timeout * 1000));
  if (a.nproc > 0) {
    if (std::getenv("WORLD_SIZE") != nullptr) {
      throw UsageError("--nproc " + show(static_cast<std::int64_t>(a.nproc)) +
                       ": WORLD_SIZE is set, so a launcher already started this rank; leave "
                       "out --nproc");
    }
    // A failed rank makes the others' collectives fail at once, or within --timeout.
    return lrsched_example::launch_local_ranks(a.nproc, arguments_for_ranks(argc, argv),
                                               timeout + std::chrono::seconds(10), kProgram);
  }
  if (auto self = lrsched_example::join_from_environment(timeout)) g_self = std::move(*self);
  return run(a);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "Trains a small MLP on Fashion-MNIST with libtorch; the learning rate follows "
      "an lrsched scheduler.\nIn --scheduler, {total_steps}, {steps_per_epoch} and "
      "{epochs} are replaced by this run's values. --resume takes the optimizer, the "
      "scheduler and the data settings from the checkpoint.",
      kProgram);
  app.set_version_flag("--version",
                       std::string(kProgram) + " (lrsched " + std::string(lrsched::kVersion) + ")");
  Args a;
  app.add_option("--scheduler", a.spec, "scheduler spec, as in Python without the optimizer")
      ->capture_default_str();
  app.add_option("--step-per", a.step_per,
                 "step the scheduler after every batch or every epoch (ReduceLROnPlateau: "
                 "always per epoch, on the test loss)")
      ->check(CLI::IsMember({"batch", "epoch"}))
      ->capture_default_str();
  app.add_option("--optimizer", a.optimizer)
      ->check(CLI::IsMember({"sgd", "adam", "adamw", "rmsprop"}))
      ->capture_default_str();
  app.add_option("--lr", a.lr, "initial learning rate")->check(kPositive)->capture_default_str();
  app.add_option("--momentum", a.momentum,
                 "SGD/RMSprop momentum (default 0.9 for SGD, 0 for RMSprop)")
      ->check(kUnit);
  app.add_option("--epochs", a.epochs,
                 "train until this epoch (on --resume: the checkpoint's plan unless given)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}))
      ->capture_default_str();
  app.add_option("--batch-size", a.batch_size)
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{60000}))
      ->capture_default_str();
  app.add_option("--hidden", a.hidden, "hidden units")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}))
      ->capture_default_str();
  app.add_option("--limit", a.limit, "use the first N training samples (0: all 60000)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{60000}));
  app.add_option("--seed", a.seed, "initial weights and shuffling")
      ->check(CLI::Range(std::uint64_t{0}, kMaxSeed))
      ->capture_default_str();
  app.add_option("--data", a.data, "folder with the *-ubyte.gz files")->capture_default_str();
  app.add_option("--checkpoint", a.checkpoint, "save a checkpoint into DIR after every epoch");
  app.add_option("--resume", a.resume, "resume from the checkpoint in DIR")
      ->check(CLI::ExistingDirectory);
  app.add_option("--plot", a.plot, "write loss, accuracy and lr per step to FILE (.png/.svg/.pdf)");
  app.add_flag("--no-progress", a.no_progress, "no progress bar");
  app.add_option("--nproc", a.nproc,
                 "train data-parallel on N local processes (c10d/Gloo); under a launcher, "
                 "leave it out: RANK and WORLD_SIZE say which rank this is")
      ->check(CLI::Range(1, 256));
  app.add_option("--timeout", a.timeout,
                 "seconds any rank waits for the others (rendezvous, all-reduce, checkpoint) "
                 "before it gives up")
      ->check(kPositive)
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      return app.exit(e);  // --help, --version
    }
    report("error", std::string(e.what()) + " (see --help)");
    return lrsched::cli::kExitUsageError;
  }
  for (const CLI::Option* option : app.get_options()) {
    if (option->count() > 0) a.given.insert(option->get_name());
  }
  try {
    return run_or_launch(a, argc, argv);
  } catch (const UsageError& e) {
    report("error", e.what());
    return lrsched::cli::kExitUsageError;
  } catch (const FileError& e) {
    report("error", e.what());
    return lrsched::cli::kExitFileError;
  } catch (const lrsched::Error& e) {
    report(std::string(e.type()), e.what());
    return lrsched::cli::kExitScheduleError;
  } catch (const c10::Error& e) {
    report("RuntimeError", std::string("libtorch: ") + e.what_without_backtrace());
    return lrsched::cli::kExitScheduleError;
  } catch (const std::bad_alloc&) {
    report("MemoryError", "out of memory");
    return lrsched::cli::kExitScheduleError;
  } catch (const std::exception& e) {
    report("error", e.what());
    return lrsched::cli::kExitScheduleError;
  }
}
