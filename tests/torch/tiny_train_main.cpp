// torch_tiny_train: runs tiny_train for parity.py. Prints one line per optimizer step,
//   step <i> lr <repr> momentum <repr|None> loss <repr>
// then `epoch_metric <repr>` per finished epoch, `final_lr`, `final_momentum`, with numbers in
// Python's repr so that parity.py compares the lrs as strings, bit for bit. Writes the final
// weights (float64, little-endian) to --weights-out and the scheduler state to --state-out.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"
#include "tiny_train.hpp"

namespace {

std::string repr(std::optional<double> x) {
  return x ? lrsched::detail::py_float_repr(*x) : std::string("None");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("tiny deterministic libtorch training run for the PyTorch parity test");
  std::string data_path, weights_out, state_out, step_per = "epoch";
  lrsched_torch_test::TinyOptions o;
  app.add_option("--data", data_path, "file written by parity.py")->required();
  app.add_option("--optimizer", o.optimizer);
  app.add_option("--lr", o.lr);
  app.add_option("--momentum", o.momentum);
  app.add_option("--scheduler", o.spec)->required();
  app.add_option("--step-per", step_per)->check(CLI::IsMember({"batch", "epoch"}));
  app.add_option("--epochs", o.epochs);
  app.add_option("--batch-size", o.batch_size);
  app.add_option("--stop-at", o.stop_at);
  app.add_option("--checkpoint", o.checkpoint_dir);
  app.add_option("--resume", o.resume_dir);
  app.add_option("--weights-out", weights_out);
  app.add_option("--state-out", state_out);
  CLI11_PARSE(app, argc, argv);
  o.per_batch = step_per == "batch";
  try {
    const auto data = lrsched_torch_test::read_tiny_data(data_path);
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
      std::ofstream w(weights_out, std::ios::binary);
      w.write(reinterpret_cast<const char*>(r.weights.data()),  // NOLINT: raw float64 dump
              static_cast<std::streamsize>(r.weights.size() * sizeof(double)));
      if (!w) throw std::runtime_error("cannot write " + weights_out);
    }
    if (!state_out.empty()) {
      std::ofstream s(state_out);
      s << r.scheduler_state;
      if (!s) throw std::runtime_error("cannot write " + state_out);
    }
  } catch (const lrsched::Error& e) {
    std::cerr << "torch_tiny_train: " << e.type() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "torch_tiny_train: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
