// Writers for a simulated schedule: CSV streamed row by row, or JSON.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <utility>
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
  /// Called after begin() with the number of rows to come (before any fails): writers that keep
  /// the rows can allocate them at once.
  virtual void reserve_rows(std::int64_t /*rows*/) {}
};

/// Discards everything (the validation pass).
class NullTraceWriter final : public TraceWriter {
 public:
  void begin(std::size_t, bool) override {}
  void row(std::int64_t, std::span<const double>, std::span<const double>) override {}
  void end() override {}
};

/// Keeps the rows as columns: the steps, every group's lr and momentum, and the metric a
/// plateau schedule was stepped on (what the charts draw and the web page returns). Past
/// `max_rows` rows, throws UsageError(`too_many`).
class ColumnTraceWriter final : public TraceWriter {
 public:
  explicit ColumnTraceWriter(std::size_t max_rows = SIZE_MAX, std::string too_many = {})
      : max_rows_(max_rows), too_many_(std::move(too_many)) {}
  void begin(std::size_t groups, bool with_momentum) override;
  void row(std::int64_t step, std::span<const double> lrs,
           std::span<const double> momenta) override;
  void end() override {}
  void metric(std::int64_t step, double value) override;
  void reserve_rows(std::int64_t rows) override;

  std::vector<double> steps;
  std::vector<std::vector<double>> lrs;      // per group
  std::vector<std::vector<double>> momenta;  // per group, or none
  std::vector<double> metric_steps;
  std::vector<double> metric_values;

 private:
  std::size_t max_rows_;
  std::string too_many_;
};

/// `step,lr_0,...,lr_{G-1}[,momentum_0,...]`, numbers as Python's repr. Buffers a few KiB and
/// writes through `out`, so memory does not grow with the number of steps.
///
/// `hold_back_bytes` keeps the first rows (up to that size) back until `end()`, so that a
/// schedule failing within them prints nothing; past it, rows stream.
class CsvTraceWriter final : public TraceWriter {
 public:
  /// `steps_per_epoch` > 0 adds an `epoch` column after `step`: step / steps_per_epoch.
  explicit CsvTraceWriter(std::FILE* out, std::size_t hold_back_bytes = 0,
                          std::int64_t steps_per_epoch = 0)
      : out_(out),
        flush_at_(std::max(kFlushBytes, hold_back_bytes)),
        steps_per_epoch_(steps_per_epoch) {}
  void begin(std::size_t groups, bool with_momentum) override;
  void row(std::int64_t step, std::span<const double> lrs,
           std::span<const double> momenta) override;
  void end() override;
  /// Whether rows have been written to `out` (the held-back part was full).
  [[nodiscard]] bool released() const noexcept { return released_; }

 private:
  static constexpr std::size_t kFlushBytes = 1 << 16;
  void flush_if_full();
  std::FILE* out_;
  std::size_t flush_at_;
  std::int64_t steps_per_epoch_;
  bool released_ = false;
  std::string buffer_;
};

/// `{"spec": ..., "steps": [...], "lr": [[...], ...], "momentum": [[...], ...]}`: per-group
/// columns, so the rows are kept until `end()`, at most kMaxValues numbers (UsageError past it:
/// CSV streams any length).
class JsonTraceWriter final : public TraceWriter {
 public:
  /// `steps_per_epoch` > 0 adds `"epoch": [...]` after `"steps"`.
  JsonTraceWriter(std::FILE* out, std::string spec, std::int64_t steps_per_epoch = 0)
      : out_(out), spec_(std::move(spec)), steps_per_epoch_(steps_per_epoch) {}
  void begin(std::size_t groups, bool with_momentum) override;
  void row(std::int64_t step, std::span<const double> lrs,
           std::span<const double> momenta) override;
  void end() override;
  static constexpr std::size_t kMaxValues = 10'000'000;

 private:
  std::FILE* out_;
  std::string spec_;
  std::int64_t steps_per_epoch_;
  bool with_momentum_ = false;
  std::vector<std::int64_t> steps_;
  std::vector<std::vector<double>> lrs_;
  std::vector<std::vector<double>> momenta_;
};

}  // namespace lrsched::cli
