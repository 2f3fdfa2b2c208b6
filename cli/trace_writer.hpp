// Writers for a simulated schedule: CSV streamed row by row, or JSON.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace lrsched::cli {

/// Receives one row per step: every group's lr, and momentum/beta1 when the scheduler cycles it.
class TraceWriter {
 public:
  virtual ~TraceWriter() = default;
  virtual void begin(std::size_t groups, bool with_momentum) = 0;
  virtual void row(std::int64_t step, std::span<const double> lrs,
                   std::span<const double> momenta) = 0;
  virtual void end() = 0;
  /// The metric a scheduler stepped on a metric was given after the row of `step` (plateau
  /// schedules); not called for other schedulers. Writers that do not show it ignore it.
  virtual void metric(std::int64_t /*step*/, double /*value*/) {}
};

/// Discards everything (the validation pass).
class NullTraceWriter final : public TraceWriter {
 public:
  void begin(std::size_t, bool) override {}
  void row(std::int64_t, std::span<const double>, std::span<const double>) override {}
  void end() override {}
};

/// `step,lr_0,...,lr_{G-1}[,momentum_0,...]`, numbers as Python's repr. Buffers a few KiB and
/// writes through `out`, so memory does not grow with the number of steps.
class CsvTraceWriter final : public TraceWriter {
 public:
  explicit CsvTraceWriter(std::FILE* out) : out_(out) {}
  void begin(std::size_t groups, bool with_momentum) override;
  void row(std::int64_t step, std::span<const double> lrs,
           std::span<const double> momenta) override;
  void end() override;

 private:
  void flush_if_full();
  std::FILE* out_;
  std::string buffer_;
};

/// `{"spec": ..., "steps": [...], "lr": [[...], ...], "momentum": [[...], ...]}`: per-group
/// columns, so the rows are kept until `end()`.
class JsonTraceWriter final : public TraceWriter {
 public:
  JsonTraceWriter(std::FILE* out, std::string spec) : out_(out), spec_(std::move(spec)) {}
  void begin(std::size_t groups, bool with_momentum) override;
  void row(std::int64_t step, std::span<const double> lrs,
           std::span<const double> momenta) override;
  void end() override;

 private:
  std::FILE* out_;
  std::string spec_;
  bool with_momentum_ = false;
  std::vector<std::int64_t> steps_;
  std::vector<std::vector<double>> lrs_;
  std::vector<std::vector<double>> momenta_;
};

}  // namespace lrsched::cli
