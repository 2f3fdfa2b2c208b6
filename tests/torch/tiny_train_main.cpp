// torch_tiny_train: runs tiny_train for parity.py. Prints one line per optimizer step,
//   step <i> lr <repr> momentum <repr|None> loss <repr>
// then `epoch_metric <repr>` per finished epoch, `final_lr`, `final_momentum`, with numbers in
// Python's repr so that parity.py compares the lrs as strings, bit for bit. Writes the final
// weights (float64, little-endian) to --weights-out and the scheduler state to --state-out.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "exit_status.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"
#include "lrsched/version.hpp"
#include "tiny_train.hpp"

namespace {

constexpr const char* kProgram = "torch_tiny_train";

std::string repr(std::optional<double> x) {
  return x ? lrsched::detail::py_float_repr(*x) : std::string("None");
}

/// "torch_tiny_train: <kind>: <message>" on one line.
void report(const std::string& kind, std::string message) {
  std::replace(message.begin(), message.end(), '\n', ' ');
  std::fprintf(stderr, "%s: %s: %s\n", kProgram, kind.c_str(), message.c_str());
}

/// Writes `bytes` to `path`, or throws FileError naming the option.
void write_output(const char* option, const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out.flush()) throw lrsched::cli::FileError(std::string(option) + ": cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("tiny deterministic libtorch training run for the PyTorch parity test", kProgram);
  app.set_version_flag("--version",
                       std::string(kProgram) + " (lrsched " + std::string(lrsched::kVersion) + ")");
  std::string data_path, weights_out, state_out, step_per = "epoch";
  lrsched_torch_test::TinyOptions o;
  app.add_option("--data", data_path, "file written by parity.py")->required();
  app.add_option("--optimizer", o.optimizer)
      ->check(CLI::IsMember({"sgd", "adam", "adamw", "rmsprop", "adagrad"}));
  app.add_option("--lr", o.lr);
  const CLI::Option* momentum = app.add_option("--momentum", o.momentum, "SGD/RMSprop only");
  app.add_option("--scheduler", o.spec)->required();
  app.add_option("--step-per", step_per)->check(CLI::IsMember({"batch", "epoch"}));
  app.add_option("--epochs", o.epochs)->check(CLI::PositiveNumber);
  app.add_option("--batch-size", o.batch_size)->check(CLI::PositiveNumber);
  const CLI::Option* stop_at =
      app.add_option("--stop-at", o.stop_at, "stop after this step, saving --checkpoint");
  const CLI::Option* checkpoint = app.add_option("--checkpoint", o.checkpoint_dir);
  app.add_option("--resume", o.resume_dir);
  app.add_option("--weights-out", weights_out);
  app.add_option("--state-out", state_out);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    report("error", std::string(e.what()) + " (see --help)");
    return lrsched::cli::kExitUsageError;
  }
  o.per_batch = step_per == "batch";
  try {
    if (momentum->count() > 0 && o.optimizer != "sgd" && o.optimizer != "rmsprop") {
      throw std::invalid_argument("--momentum applies to sgd and rmsprop, not " + o.optimizer);
    }
    if (checkpoint->count() > 0 && stop_at->count() == 0) {
      throw std::invalid_argument("--checkpoint needs --stop-at: the step after which to save");
    }
    lrsched_torch_test::TinyData data;
    try {
      data = lrsched_torch_test::read_tiny_data(data_path);
    } catch (const std::runtime_error& e) {
      throw lrsched::cli::FileError(e.what());
    }
    const auto r = lrsched_torch_test::run_tiny(data, o);
    std::string out;
    for (const auto& s : r.steps) {
      out += "step " + std::to_string(s.step) + " lr " + repr(s.lr) + " momentum " +
             repr(s.momentum) + " loss " + repr(s.loss) + "\n";
    }
    for (double m : r.epoch_metrics) out += "epoch_metric " + repr(m) + "\n";
    out += "final_lr " + repr(r.final_lr) + "\nfinal_momentum " + repr(r.final_momentum) + "\n";
    std::cout << out;
    if (!weights_out.empty()) {
      write_output("--weights-out", weights_out,
                   std::string(reinterpret_cast<const char*>(r.weights.data()),  // NOLINT: raw
                               r.weights.size() * sizeof(double)));              // float64 dump
    }
    if (!state_out.empty()) write_output("--state-out", state_out, r.scheduler_state);
  } catch (const std::invalid_argument& e) {
    report("error", e.what());
    return lrsched::cli::kExitUsageError;
  } catch (const lrsched::cli::FileError& e) {
    report("error", e.what());
    return lrsched::cli::kExitFileError;
  } catch (const lrsched::StateError& e) {
    report("error", e.what());
    return lrsched::cli::kExitFileError;
  } catch (const lrsched::Error& e) {
    report(std::string(e.type()), e.what());
    return lrsched::cli::kExitScheduleError;
  } catch (const std::exception& e) {
    report("error", e.what());
    return lrsched::cli::kExitScheduleError;
  }
  return lrsched::cli::kExitSuccess;
}
