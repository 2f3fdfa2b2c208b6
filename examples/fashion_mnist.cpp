// fashion_mnist: trains a small MLP on Fashion-MNIST with libtorch, the learning rate driven by
// any lrsched scheduler given as a spec string. See docs/torch.md.
//
//   fashion_mnist --scheduler "OneCycleLR(max_lr=0.1, total_steps={total_steps})"
//                 --step-per batch --epochs 5 --plot run.png
//
// Data: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/*-ubyte.gz).
#include <unistd.h>

#include <torch/torch.h>

#include <CLI/CLI.hpp>
#include <algorithm>
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
#include <sstream>
#include <string>
#include <vector>

#include "idx_reader.hpp"
#include "lrsched/io/atomic_file.hpp"
#include "lrsched/lrsched.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/torch/checkpoint.hpp"
#include "lrsched/torch/optimizer_adapter.hpp"
#include "progress_bar.hpp"
#ifdef LRSCHED_EXAMPLE_HAS_PLOT
#include "history_plot.hpp"
#endif

namespace {

using lrsched_example::IdxArray;

constexpr const char* kProgram = "fashion_mnist";
constexpr const char* kDefaultData = "/usr/share/datasets/fashion-mnist";
constexpr double kPixelMean = 0.2860;  // Fashion-MNIST training set, pixels scaled to [0, 1]
constexpr double kPixelStd = 0.3530;

/// A one-line error for the user, exit status 2 (bad arguments) or 1 (anything else).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

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
};

struct Dataset {
  torch::Tensor x;  // n x 784, float32, normalized
  torch::Tensor y;  // n, int64
};

Dataset load(const std::string& folder, const std::string& prefix, std::int64_t limit) {
  const std::string images_path = folder + "/" + prefix + "-images-idx3-ubyte.gz";
  const std::string labels_path = folder + "/" + prefix + "-labels-idx1-ubyte.gz";
  const IdxArray images = lrsched_example::read_idx_gz(images_path, 3);
  const IdxArray labels = lrsched_example::read_idx_gz(labels_path, 1);
  if (images.dims[0] != labels.dims[0]) {
    throw std::runtime_error(images_path + " and " + labels_path + " hold different counts");
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

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const Args& a,
                                                        std::vector<torch::Tensor> params) {
  namespace optim = torch::optim;
  const double momentum = a.momentum.value_or(a.optimizer == "sgd" ? 0.9 : 0.0);
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
std::string substitute(std::string spec, std::int64_t total_steps, std::int64_t steps_per_epoch,
                       std::int64_t epochs) {
  const std::pair<std::string, std::int64_t> names[] = {
      {"{total_steps}", total_steps}, {"{steps_per_epoch}", steps_per_epoch}, {"{epochs}", epochs}};
  for (const auto& [name, value] : names) {
    for (auto at = spec.find(name); at != std::string::npos; at = spec.find(name)) {
      spec.replace(at, name.size(), std::to_string(value));
    }
  }
  return spec;
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
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::stringstream fields(line);
      std::string kind, step, loss, accuracy, lr, test_loss;
      std::getline(fields, kind, ',');
      std::getline(fields, step, ',');
      std::getline(fields, loss, ',');
      std::getline(fields, accuracy, ',');
      std::getline(fields, lr, ',');
      std::getline(fields, test_loss, ',');
      if (kind == "batch") {
        h.batches.push_back({std::stoll(step), std::stod(loss), std::stod(accuracy), std::stod(lr)});
      } else if (kind == "epoch") {
        h.epochs.push_back({std::stoll(step), std::stod(loss), std::stod(test_loss),
                            std::stod(accuracy), std::stod(lr)});
      }
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
  throw UsageError("--plot needs PLplot: install libplplot-dev and plplot-driver-cairo, then "
                   "configure again");
#endif
}

/// Mean loss and accuracy (in %) over a dataset, in chunks.
std::pair<double, double> evaluate(torch::nn::Sequential& model, const Dataset& d) {
  torch::NoGradGuard no_grad;
  model->eval();
  double loss_sum = 0;
  std::int64_t correct = 0;
  const std::int64_t n = d.x.size(0);
  for (std::int64_t begin = 0; begin < n; begin += 1000) {
    const std::int64_t size = std::min<std::int64_t>(1000, n - begin);
    const torch::Tensor out = model->forward(d.x.narrow(0, begin, size));
    const torch::Tensor y = d.y.narrow(0, begin, size);
    loss_sum += torch::nn::functional::cross_entropy(
                    out, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .item<double>();
    correct += out.argmax(1).eq(y).sum().item<std::int64_t>();
  }
  model->train();
  return {loss_sum / static_cast<double>(n),
          100.0 * static_cast<double>(correct) / static_cast<double>(n)};
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

void check_matches(const lrsched::torch::CheckpointInfo& info, const char* key, double value,
                   const std::string& option) {
  const auto it = info.extra.find(key);
  if (it != info.extra.end() && it->second != value) {
    std::ostringstream text;
    text << "the checkpoint was made with " << option << " " << it->second << ", not " << value;
    throw UsageError(text.str());
  }
}

int run(const Args& a) {
  // Data first: the most likely problem on a fresh machine.
  Dataset train;
  Dataset test;
  try {
    train = load(a.data, "train", a.limit);
    test = load(a.data, "t10k", 0);
  } catch (const lrsched_example::MissingFile& e) {
    throw std::runtime_error(e.path() +
                             " not found: install Debian's dataset-fashion-mnist package "
                             "(apt install dataset-fashion-mnist) or point --data at a folder "
                             "with the four *-ubyte.gz files");
  }
  const std::int64_t n = train.x.size(0);
  const std::int64_t steps_per_epoch = (n + a.batch_size - 1) / a.batch_size;
  const bool per_batch = a.step_per == "batch";
  const std::string spec = substitute(a.spec, per_batch ? steps_per_epoch * a.epochs : a.epochs,
                                      steps_per_epoch, a.epochs);

  torch::manual_seed(a.seed);
  torch::nn::Sequential model(torch::nn::Linear(train.x.size(1), a.hidden), torch::nn::ReLU(),
                              torch::nn::Linear(a.hidden, 10));
  auto optimizer = make_optimizer(a, model->parameters());
  lrsched::torch::OptimizerAdapter adapter(*optimizer);
  std::unique_ptr<lrsched::Scheduler> scheduler;
  try {
    scheduler = lrsched::spec::build_scheduler(spec, adapter);
  } catch (const lrsched::Error& e) {
    throw UsageError("--scheduler \"" + spec + "\": " + std::string(e.type()) + ": " + e.what());
  }
  // A scheduler stepped on a metric steps once per epoch, on the test loss.
  const bool on_metric = scheduler->stepping().metric != lrsched::MetricUse::none;

  std::int64_t first_epoch = 0;
  std::int64_t step = 0;
  History history;
  if (!a.resume.empty()) {
    // Check the checkpoint fits this run before loading anything.
    const auto info = lrsched::torch::read_checkpoint_info(a.resume);
    if (info.spec != spec) {
      throw UsageError("the checkpoint in " + a.resume + " was made with --scheduler \"" +
                       info.spec + "\", not \"" + spec + "\"");
    }
    check_matches(info, "batch_size", static_cast<double>(a.batch_size), "--batch-size");
    check_matches(info, "train_samples", static_cast<double>(n), "--limit");
    check_matches(info, "per_batch", per_batch ? 1 : 0, "--step-per (1: batch, 0: epoch)");
    check_matches(info, "seed", static_cast<double>(a.seed), "--seed");
    (void)lrsched::torch::load_checkpoint(a.resume, *model, *optimizer, *scheduler, adapter);
    first_epoch = static_cast<std::int64_t>(info.extra.at("epoch"));
    step = info.steps;
    const auto history_path = std::filesystem::path(a.resume) / "history.csv";
    if (std::filesystem::exists(history_path)) history = History::load(history_path);
    std::printf("resumed from %s after epoch %lld (step %lld), lr %.6g\n", a.resume.c_str(),
                static_cast<long long>(first_epoch), static_cast<long long>(step),
                adapter.lr(0));
  }
  std::printf("Fashion-MNIST: %lld training samples, %lld test; %lld batches of %lld per epoch; "
              "%s on %s, scheduler %s stepped per %s\n",
              static_cast<long long>(n), static_cast<long long>(test.x.size(0)),
              static_cast<long long>(steps_per_epoch), static_cast<long long>(a.batch_size),
              std::string(scheduler->name()).c_str(), std::string(adapter.type_name()).c_str(),
              spec.c_str(), on_metric ? "epoch (on the test loss)" : a.step_per.c_str());
  std::fflush(stdout);

  const bool tty = ::isatty(STDERR_FILENO) != 0;
  const auto run_start = std::chrono::steady_clock::now();
  for (std::int64_t epoch = first_epoch; epoch < a.epochs; ++epoch) {
    const auto epoch_start = std::chrono::steady_clock::now();
    const torch::Tensor order = epoch_order(n, a.seed, epoch);
    lrsched_example::ProgressBar bar(
        "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(a.epochs), steps_per_epoch,
        !a.no_progress, tty);
    double loss_sum = 0;
    for (std::int64_t b = 0; b < steps_per_epoch; ++b, ++step) {
      const std::int64_t begin = b * a.batch_size;
      const torch::Tensor idx = order.narrow(0, begin, std::min(a.batch_size, n - begin));
      const torch::Tensor x = train.x.index_select(0, idx);
      const torch::Tensor y = train.y.index_select(0, idx);
      optimizer->zero_grad();
      const torch::Tensor out = model->forward(x);
      const torch::Tensor loss = torch::nn::functional::cross_entropy(out, y);
      loss.backward();
      const double lr = adapter.lr(0);
      optimizer->step();
      const double batch_loss = loss.item<double>();
      const double accuracy =
          100.0 * out.argmax(1).eq(y).sum().item<double>() / static_cast<double>(y.size(0));
      history.batches.push_back({step, batch_loss, accuracy, lr});
      loss_sum += batch_loss;
      if (per_batch && !on_metric) scheduler->advance();
      bar.update(b + 1, loss_sum / static_cast<double>(b + 1));
    }
    const auto [test_loss, test_accuracy] = evaluate(model, test);
    if (on_metric) {
      scheduler->advance({.metric = test_loss});
    } else if (!per_batch) {
      scheduler->advance();
    }
    bar.finish();
    const double train_loss = loss_sum / static_cast<double>(steps_per_epoch);
    history.epochs.push_back({step, train_loss, test_loss, test_accuracy, adapter.lr(0)});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start).count();
    std::printf("epoch %lld/%lld  train loss %.4f  test loss %.4f  test accuracy %.2f%%  "
                "lr %.6g  %.1fs\n",
                static_cast<long long>(epoch + 1), static_cast<long long>(a.epochs), train_loss,
                test_loss, test_accuracy, adapter.lr(0), seconds);
    std::fflush(stdout);
    if (!a.checkpoint.empty()) {
      lrsched::torch::save_checkpoint(
          a.checkpoint, *model, *optimizer, *scheduler, adapter,
          {.spec = spec,
           .steps = step,
           .extra = {{"epoch", static_cast<double>(epoch + 1)},
                     {"batch_size", static_cast<double>(a.batch_size)},
                     {"train_samples", static_cast<double>(n)},
                     {"per_batch", per_batch ? 1.0 : 0.0},
                     {"seed", static_cast<double>(a.seed)}}});
      history.save(std::filesystem::path(a.checkpoint) / "history.csv");
    }
  }
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
  if (!history.epochs.empty()) {
    std::printf("done: test accuracy %.2f%% after %lld epochs, %s in this run\n",
                history.epochs.back().test_accuracy, static_cast<long long>(a.epochs),
                lrsched_example::format_seconds(total).c_str());
  }
  if (!a.plot.empty()) {
    plot(history, a.plot, std::string("Fashion-MNIST, ") + spec);
    std::printf("plot: %s\n", a.plot.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Trains a small MLP on Fashion-MNIST with libtorch; the learning rate follows "
               "an lrsched scheduler.\nIn --scheduler, {total_steps}, {steps_per_epoch} and "
               "{epochs} are replaced by this run's values.",
               kProgram);
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
  app.add_option("--lr", a.lr, "initial learning rate")->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--momentum", a.momentum, "SGD/RMSprop momentum (default 0.9 for SGD, 0 for RMSprop)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--epochs", a.epochs)->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}))
      ->capture_default_str();
  app.add_option("--batch-size", a.batch_size)
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{60000}))
      ->capture_default_str();
  app.add_option("--hidden", a.hidden, "hidden units")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}))
      ->capture_default_str();
  app.add_option("--limit", a.limit, "use the first N training samples (0: all 60000)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{60000}));
  app.add_option("--seed", a.seed, "initial weights and shuffling")->capture_default_str();
  app.add_option("--data", a.data, "folder with the *-ubyte.gz files")->capture_default_str();
  app.add_option("--checkpoint", a.checkpoint, "save a checkpoint into DIR after every epoch");
  app.add_option("--resume", a.resume, "resume from the checkpoint in DIR")
      ->check(CLI::ExistingDirectory);
  app.add_option("--plot", a.plot, "write loss, accuracy and lr per step to FILE (.png/.svg/.pdf)");
  app.add_flag("--no-progress", a.no_progress, "no progress bar");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s: %s (see --help)\n", kProgram, e.what());
    return 2;
  }
  if (a.momentum && (a.optimizer == "adam" || a.optimizer == "adamw")) {
    std::fprintf(stderr, "%s: --momentum applies to sgd and rmsprop, not %s\n", kProgram,
                 a.optimizer.c_str());
    return 2;
  }
  if (!a.plot.empty()) {
    const auto ext = std::filesystem::path(a.plot).extension().string();
    if (ext != ".png" && ext != ".svg" && ext != ".pdf") {
      std::fprintf(stderr, "%s: --plot %s: use a .png, .svg or .pdf file name\n", kProgram,
                   a.plot.c_str());
      return 2;
    }
  }
  try {
    return run(a);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "%s: %s\n", kProgram, e.what());
    return 2;
  } catch (const lrsched::Error& e) {
    std::fprintf(stderr, "%s: %s: %s\n", kProgram, std::string(e.type()).c_str(), e.what());
    return 1;
  } catch (const c10::Error& e) {
    std::string text = e.what_without_backtrace();
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::fprintf(stderr, "%s: libtorch: %s\n", kProgram, text.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", kProgram, e.what());
    return 1;
  }
}
