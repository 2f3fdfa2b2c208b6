// A tiny, fully deterministic libtorch training run (MLP in float64, fixed data order, one
// thread) driven by an lrsched scheduler: what the PyTorch parity test (parity.py) runs against
// real torch.optim, and what the resume tests stop, checkpoint and resume at every step.
// This header is torch-free: only tiny_train.cpp includes torch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lrsched_torch_test {

/// Data and initial weights: x is n*in row-major, w1 hidden*in, w2 out*hidden (PyTorch's Linear
/// layout), labels in [0, out).
struct TinyData {
  std::int64_t n = 0, in = 0, hidden = 0, out = 0;
  std::vector<double> x;
  std::vector<std::int64_t> y;
  std::vector<double> w1, b1, w2, b2;
};

/// Reads the file parity.py writes: "LRSTINY1", four little-endian int64 (n, in, hidden, out),
/// then x, y (int64), w1, b1, w2, b2 (float64). Throws std::runtime_error.
TinyData read_tiny_data(const std::string& path);
/// Random data and weights from libtorch's generator (for C++-only tests).
TinyData make_tiny_data(std::int64_t n, std::int64_t in, std::int64_t hidden, std::int64_t out,
                        std::uint64_t seed);

struct TinyOptions {
  std::string optimizer = "sgd";  // sgd | adam | adamw | rmsprop | adagrad
  double lr = 0.1;
  double momentum = 0.0;   // SGD / RMSprop
  std::string spec;        // the scheduler, as a spec string
  bool per_batch = false;  // step the scheduler after every batch, else after every epoch
  std::int64_t epochs = 10;
  std::int64_t batch_size = 64;
  /// Stop after this many optimizer steps (batches) and save a checkpoint into
  /// `checkpoint_dir`; -1 runs to the end.
  std::int64_t stop_at = -1;
  std::string checkpoint_dir;
  /// Resume from this checkpoint folder (built from the same options).
  std::string resume_dir;
};

/// One optimizer step: the lr and momentum it used, and the batch loss.
struct StepRecord {
  std::int64_t step = 0;
  double lr = 0;
  std::optional<double> momentum;
  double loss = 0;
  friend bool operator==(const StepRecord&, const StepRecord&) = default;
};

struct TinyResult {
  std::vector<StepRecord> steps;      // the steps this run took (after the resumed ones)
  std::vector<double> epoch_metrics;  // mean train loss of each epoch finished in this run
  std::vector<double> weights;        // w1, b1, w2, b2 at the end, flattened
  double final_lr = 0;
  std::optional<double> final_momentum;
  std::string scheduler_state;  // lrsched::save_state at the end: every counter, exactly
};

/// Trains per `options`. ReduceLROnPlateau always steps once per epoch on the epoch's mean
/// train loss. Throws std::invalid_argument for options that do not fit together or with the
/// checkpoint resumed (its optimizer, lr, momentum, batch size, stepping and spec), lrsched
/// errors (lrsched::StateError for a checkpoint that cannot be read or written).
TinyResult run_tiny(const TinyData& data, const TinyOptions& options);

}  // namespace lrsched_torch_test
