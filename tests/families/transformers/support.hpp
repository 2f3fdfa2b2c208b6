// What the transformers tests share: the golden cases, and a run of a scheduler as the oracle
// runs it (row k = every group's lr before the k-th step; N rows, N steps).
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"
#include "lrsched/families/transformers.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"

namespace test {

/// One golden case as the oracle ran it.
struct Case {
  std::string name;
  std::string spec;
  std::vector<double> lr;
  std::int64_t steps = 0;
  std::string optimizer;
  double momentum = 0;
  std::optional<std::string> metric;
  nlohmann::json expected;
};

inline std::vector<Case> load_cases() {
  const std::filesystem::path path =
      std::filesystem::path(LRSCHED_FAMILY_GOLDEN_DIR) / "transformers.json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::vector<Case> cases;
  for (const nlohmann::json& c : nlohmann::json::parse(in)) {
    Case k;
    k.name = c.at("name").get<std::string>();
    k.spec = c.at("spec").get<std::string>();
    k.lr = c.at("lr").get<std::vector<double>>();
    k.steps = c.at("steps").get<std::int64_t>();
    k.optimizer = c.at("optimizer").get<std::string>();
    k.momentum = c.at("momentum").get<double>();
    if (c.contains("metric")) k.metric = c.at("metric").get<std::string>();
    k.expected = c.at("expected");
    cases.push_back(std::move(k));
  }
  return cases;
}

/// The case named `name`.
inline Case golden_case(const std::string& name) {
  for (Case& c : load_cases()) {
    if (c.name == name) return c;
  }
  throw std::runtime_error("no golden case " + name);
}

/// Group `g`'s expected lrs of a case that ran.
inline std::vector<double> expected_lrs(const Case& c, std::size_t g) {
  return c.expected.at("lr").at(g).get<std::vector<double>>();
}

/// `--metric`: the metric of row `step`, whose group-0 lr is `lr`.
using Metric = std::function<double(std::int64_t step, double lr)>;

/// A run: one list of lrs per group, one value per row; or the error that stopped it.
struct Outcome {
  std::vector<std::vector<double>> lr;
  std::optional<std::string> error;  // "Type: message"
};

inline lrsched::Scheduler& scheduler_of(lrsched::Scheduler& s) { return s; }
inline lrsched::Scheduler& scheduler_of(const std::unique_ptr<lrsched::Scheduler>& s) { return *s; }

/// One step as the oracle takes it: with the row's metric for a scheduler that takes one.
inline void step_once(lrsched::Scheduler& scheduler, const lrsched::OptimizerView& optimizer,
                      std::int64_t row, const Metric& metric) {
  if (scheduler.stepping().metric != lrsched::MetricUse::none) {
    scheduler.advance({.metric = metric(row, optimizer.lr(0))});
  } else {
    scheduler.advance();
  }
}

/// Rows `first` to `steps - 1` of a built scheduler, each followed by its step.
inline void take_rows(lrsched::Scheduler& scheduler, const lrsched::OptimizerView& optimizer,
                      std::int64_t first, std::int64_t steps, const Metric& metric, Outcome& out) {
  out.lr.assign(optimizer.num_groups(), {});
  for (std::int64_t k = first; k < steps; ++k) {
    for (std::size_t g = 0; g < optimizer.num_groups(); ++g) out.lr[g].push_back(optimizer.lr(g));
    step_once(scheduler, optimizer, k, metric);
  }
}

/// Builds the scheduler with `build()` (by value or as a unique_ptr) and takes `steps` rows; an
/// error anywhere fails the whole run, as in the oracle.
template <class Build>
Outcome run(const lrsched::OptimizerView& optimizer, std::int64_t steps, const Metric& metric,
            Build build) {
  Outcome out;
  try {
    auto&& built = build();
    take_rows(scheduler_of(built), optimizer, 0, steps, metric, out);
  } catch (const lrsched::Error& e) {
    out = {};
    out.error = std::string(e.type()) + ": " + e.message();
  }
  return out;
}

inline std::string repr(double x) { return lrsched::detail::py_float_repr(x); }

}  // namespace test
