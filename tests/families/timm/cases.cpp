#include "cases.hpp"

#include <bit>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace timm_test {

namespace {

using lrsched::OptimizerView;
using lrsched::timm::CosineLRScheduler;
using lrsched::timm::MultiStepLRScheduler;
using lrsched::timm::PlateauLRScheduler;
using lrsched::timm::PolyLRScheduler;
using lrsched::timm::StepLRScheduler;
using lrsched::timm::TanhLRScheduler;
using V = std::vector<std::int64_t>;

template <class S>
Construction make(typename S::Options options, std::string assertion = {}) {
  return {[options](OptimizerView& optimizer) -> std::unique_ptr<lrsched::timm::Scheduler> {
            return std::make_unique<S>(optimizer, options);
          },
          std::move(assertion)};
}

std::map<std::string, Construction> build_table() {
  using C = CosineLRScheduler;
  using T = TanhLRScheduler;
  using S = StepLRScheduler;
  using M = MultiStepLRScheduler;
  using P = PlateauLRScheduler;
  using Y = PolyLRScheduler;
  return {
      // CosineLRScheduler
      {"cosine_defaults", make<C>({.t_initial = 100})},
      {"cosine_two_groups_lr_min", make<C>({.t_initial = 20, .lr_min = 1e-3})},
      {"cosine_warmup_overlap", make<C>({.t_initial = 10, .warmup_t = 3})},
      {"cosine_warmup_prefix",
       make<C>({.t_initial = 10, .warmup_t = 3, .warmup_lr_init = 1e-4, .warmup_prefix = true})},
      {"cosine_warmup_lr_init_above_base",
       make<C>({.t_initial = 8, .warmup_t = 4, .warmup_lr_init = 0.3})},
      {"cosine_restarts_decay", make<C>({.t_initial = 10, .cycle_decay = 0.5, .cycle_limit = 3})},
      {"cosine_cycle_mul_2", make<C>({.t_initial = 5,
                                      .lr_min = 1e-4,
                                      .cycle_mul = 2.0,
                                      .cycle_decay = 0.8,
                                      .cycle_limit = 4})},
      {"cosine_cycle_mul_1_5_prefix", make<C>({.t_initial = 4,
                                               .cycle_mul = 1.5,
                                               .cycle_limit = 5,
                                               .warmup_t = 2,
                                               .warmup_prefix = true})},
      {"cosine_cycle_mul_half", make<C>({.t_initial = 10, .cycle_mul = 0.5, .cycle_limit = 10})},
      {"cosine_cycle_mul_half_domain_error",
       make<C>({.t_initial = 10, .cycle_mul = 0.5, .cycle_limit = 10})},
      {"cosine_cycle_limit_0", make<C>({.t_initial = 10, .lr_min = 0.01, .cycle_limit = 0})},
      {"cosine_k_decay_2", make<C>({.t_initial = 30, .k_decay = 2.0})},
      {"cosine_k_decay_half", make<C>({.t_initial = 30, .cycle_limit = 2, .k_decay = 0.5})},
      {"cosine_t_initial_float", make<C>({.t_initial = 7.5, .cycle_limit = 3})},
      {"cosine_t_initial_float_small", make<C>({.t_initial = 0.3, .cycle_limit = 1000})},
      {"cosine_t_initial_1", make<C>({.t_initial = 1, .lr_min = 0.02, .cycle_limit = 5})},
      {"cosine_per_update", make<C>({.t_initial = 50,
                                     .warmup_t = 5,
                                     .warmup_lr_init = 1e-3,
                                     .warmup_prefix = true,
                                     .t_in_epochs = false})},
      {"cosine_metric_ignored", make<C>({.t_initial = 12})},
      {"cosine_noise_from", make<C>({.t_initial = 40, .noise_range_t = 10})},
      {"cosine_noise_pair",
       make<C>({.t_initial = 40, .noise_range_t = {5, 25}, .noise_pct = 0.2, .noise_seed = 7})},
      {"cosine_noise_list_small_pct",
       make<C>({.t_initial = 20, .noise_range_t = {0, 30}, .noise_pct = 0.02, .noise_seed = 3})},
      {"cosine_noise_seed_wraps",
       make<C>({.t_initial = 20, .noise_range_t = 0, .noise_seed = (std::int64_t{1} << 32) - 5})},
      {"cosine_noise_std_unused", make<C>({.t_initial = 20, .noise_range_t = 0, .noise_std = 5.0})},
      {"cosine_noise_per_update", make<C>({.t_initial = 30,
                                           .t_in_epochs = false,
                                           .noise_range_t = {10, 20},
                                           .noise_pct = 0.5,
                                           .noise_seed = 100})},
      {"cosine_t_initial_zero", make<C>({.t_initial = 0}, "t_initial > 0")},
      {"cosine_lr_min_negative", make<C>({.t_initial = 10, .lr_min = -0.1}, "lr_min >= 0")},
      {"cosine_initialize_false", make<C>({.t_initial = 10, .initialize = false})},
      // TanhLRScheduler
      {"tanh_defaults", make<T>({.t_initial = 50})},
      {"tanh_warmup_towards_curve", make<T>({.t_initial = 20, .warmup_t = 5})},
      {"tanh_warmup_prefix",
       make<T>({.t_initial = 20, .warmup_t = 5, .warmup_lr_init = 0.01, .warmup_prefix = true})},
      {"tanh_bounds_lr_min", make<T>({.t_initial = 30, .lb = -3.0, .ub = 5.0, .lr_min = 1e-4})},
      {"tanh_cycles",
       make<T>({.t_initial = 10, .cycle_mul = 1.5, .cycle_decay = 0.7, .cycle_limit = 3})},
      {"tanh_restarts_mul_1", make<T>({.t_initial = 8, .cycle_decay = 0.5, .cycle_limit = 3})},
      {"tanh_cycle_mul_lt1_domain_error",
       make<T>({.t_initial = 6, .cycle_mul = 0.5, .cycle_limit = 50})},
      {"tanh_noise",
       make<T>({.t_initial = 30, .noise_range_t = {0, 20}, .noise_pct = 0.4, .noise_seed = 11})},
      {"tanh_per_update", make<T>({.t_initial = 40, .warmup_t = 4, .t_in_epochs = false})},
      {"tanh_lb_ge_ub", make<T>({.t_initial = 10, .lb = 3.0, .ub = 3.0}, "lb < ub")},
      {"tanh_cycle_limit_negative",
       make<T>({.t_initial = 10, .cycle_limit = -1}, "cycle_limit >= 0")},
      {"tanh_warmup_t_negative", make<T>({.t_initial = 10, .warmup_t = -1}, "warmup_t >= 0")},
      {"tanh_warmup_lr_init_negative",
       make<T>({.t_initial = 10, .warmup_lr_init = -1e-3}, "warmup_lr_init >= 0")},
      {"tanh_t_initial_zero", make<T>({.t_initial = 0}, "t_initial > 0")},
      {"tanh_lr_min_negative", make<T>({.t_initial = 10, .lr_min = -1.0}, "lr_min >= 0")},
      // StepLRScheduler
      {"step_defaults", make<S>({.decay_t = 10})},
      {"step_decay", make<S>({.decay_t = 10, .decay_rate = 0.5})},
      {"step_warmup_prefix_default",
       make<S>({.decay_t = 5, .decay_rate = 0.5, .warmup_t = 3, .warmup_lr_init = 1e-3})},
      {"step_warmup_no_prefix", make<S>({.decay_t = 5,
                                         .decay_rate = 0.5,
                                         .warmup_t = 3,
                                         .warmup_lr_init = 1e-3,
                                         .warmup_prefix = false})},
      {"step_decay_t_float", make<S>({.decay_t = 2.5, .decay_rate = 0.9})},
      {"step_decay_t_float_small", make<S>({.decay_t = 0.1, .decay_rate = 0.99})},
      {"step_decay_t_zero_int", make<S>({.decay_t = 0})},
      {"step_decay_t_zero_float", make<S>({.decay_t = 0.0})},
      {"step_float_warmup_zero_decay", make<S>({.decay_t = 0, .warmup_t = 2.0})},
      {"step_noise_pair", make<S>({.decay_t = 8,
                                   .decay_rate = 0.7,
                                   .noise_range_t = {4, 16},
                                   .noise_pct = 0.3,
                                   .noise_seed = 5})},
      {"step_per_update", make<S>({.decay_t = 30,
                                   .decay_rate = 0.1,
                                   .warmup_t = 10,
                                   .warmup_lr_init = 1e-4,
                                   .t_in_epochs = false})},
      {"step_initialize_false", make<S>({.decay_t = 10, .initialize = false})},
      // MultiStepLRScheduler
      {"multistep_defaults", make<M>({.decay_t = V{5, 10}})},
      {"multistep_early_decay", make<M>({.decay_t = V{5, 10}, .decay_rate = 0.5})},
      {"multistep_warmup_prefix",
       make<M>(
           {.decay_t = V{10, 20, 30}, .decay_rate = 0.1, .warmup_t = 5, .warmup_lr_init = 1e-4})},
      {"multistep_warmup_no_prefix",
       make<M>({.decay_t = V{3, 8}, .decay_rate = 0.5, .warmup_t = 4, .warmup_prefix = false})},
      {"multistep_unsorted", make<M>({.decay_t = V{20, 5, 10}, .decay_rate = 0.5})},
      {"multistep_noise", make<M>({.decay_t = V{6, 12},
                                   .decay_rate = 0.3,
                                   .noise_range_t = 3,
                                   .noise_pct = 0.1,
                                   .noise_seed = 2024})},
      {"multistep_per_update",
       make<M>({.decay_t = V{15, 30}, .decay_rate = 0.2, .t_in_epochs = false})},
      // PlateauLRScheduler
      {"plateau_no_metric", make<P>({})},
      {"plateau_min_constant_metric", make<P>({.decay_rate = 0.5, .patience_t = 3, .mode = "min"})},
      {"plateau_max_improving", make<P>({.patience_t = 2})},
      {"plateau_max_stalls", make<P>({.decay_rate = 0.5, .patience_t = 2})},
      {"plateau_min_falls_then_rises",
       make<P>({.decay_rate = 0.5, .patience_t = 1, .lr_min = 0.02, .mode = "min"})},
      {"plateau_cooldown_threshold",
       make<P>(
           {.decay_rate = 0.3, .patience_t = 1, .threshold = 0.1, .cooldown_t = 3, .mode = "min"})},
      {"plateau_warmup",
       make<P>({.patience_t = 1, .warmup_t = 5, .warmup_lr_init = 0.01, .mode = "min"})},
      {"plateau_noise_normal",
       make<P>({.decay_rate = 0.5, .patience_t = 2, .mode = "min", .noise_range_t = 3})},
      {"plateau_noise_uniform", make<P>({.patience_t = 3,
                                         .mode = "min",
                                         .noise_range_t = {2, 20},
                                         .noise_type = "uniform",
                                         .noise_pct = 0.3})},
      {"plateau_noise_uniform_no_metric", make<P>({.noise_range_t = 2, .noise_type = "uniform"})},
      {"plateau_noise_type_other",
       make<P>({.noise_range_t = 1, .noise_type = "gaussian", .noise_seed = 9})},
      {"plateau_noise_seed_small_pct",
       make<P>({.patience_t = 4, .noise_range_t = {1, 30}, .noise_pct = 0.05, .noise_seed = 123})},
      {"plateau_decay_rate_1", make<P>({.decay_rate = 1.0})},
      {"plateau_mode_unknown", make<P>({.mode = "up"})},
      {"plateau_initialize_false", make<P>({.initialize = false})},
      // PolyLRScheduler
      {"poly_defaults", make<Y>({.t_initial = 100})},
      {"poly_power_2_lr_min", make<Y>({.t_initial = 20, .power = 2.0, .lr_min = 1e-3})},
      {"poly_warmup_overlap", make<Y>({.t_initial = 20, .warmup_t = 4, .warmup_lr_init = 1e-3})},
      {"poly_warmup_prefix", make<Y>({.t_initial = 20, .warmup_t = 4, .warmup_prefix = true})},
      {"poly_restarts",
       make<Y>({.t_initial = 10, .power = 1.0, .cycle_decay = 0.5, .cycle_limit = 3})},
      {"poly_cycle_mul",
       make<Y>({.t_initial = 6, .power = 0.9, .cycle_mul = 1.5, .cycle_limit = 3})},
      {"poly_k_decay", make<Y>({.t_initial = 25, .power = 1.5, .k_decay = 3.0})},
      {"poly_per_update",
       make<Y>({.t_initial = 40, .warmup_t = 5, .warmup_lr_init = 1e-4, .t_in_epochs = false})},
      {"poly_noise",
       make<Y>({.t_initial = 30, .noise_range_t = {10, 25}, .noise_pct = 0.67, .noise_seed = 77})},
      {"poly_cycle_mul_lt1_domain_error",
       make<Y>({.t_initial = 8, .cycle_mul = 0.75, .cycle_limit = 99})},
      {"poly_t_initial_zero", make<Y>({.t_initial = 0}, "t_initial > 0")},
      {"poly_lr_min_negative", make<Y>({.t_initial = 10, .lr_min = -0.5}, "lr_min >= 0")},
  };
}

std::vector<GoldenCase> load_cases() {
  const std::string path = std::string(LRSCHED_FAMILY_GOLDEN_DIR) + "/timm.json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  const nlohmann::json doc = nlohmann::json::parse(in);
  std::vector<GoldenCase> cases;
  for (const auto& j : doc) {
    GoldenCase c;
    c.name = j.at("name").get<std::string>();
    c.spec = j.at("spec").get<std::string>();
    c.lr = j.at("lr").get<std::vector<double>>();
    c.steps = j.at("steps").get<std::int64_t>();
    c.optimizer = j.at("optimizer").get<std::string>();
    c.momentum = j.at("momentum").get<double>();
    if (j.contains("metric")) c.metric = j.at("metric").get<std::string>();
    const auto& expected = j.at("expected");
    if (expected.contains("error")) {
      c.expected_error = expected.at("error").get<std::string>();
    } else {
      c.expected_lr = expected.at("lr").get<std::vector<std::vector<double>>>();
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace

const std::vector<GoldenCase>& golden_cases() {
  static const std::vector<GoldenCase> cases = load_cases();
  return cases;
}

const std::map<std::string, Construction>& constructions() {
  static const std::map<std::string, Construction> table = build_table();
  return table;
}

lrsched::InMemoryOptimizer make_optimizer(const GoldenCase& c) {
  return lrsched::InMemoryOptimizer::like(c.optimizer, c.lr, c.momentum);
}

void run_rows(const GoldenCase& c, lrsched::timm::Scheduler& scheduler,
              lrsched::InMemoryOptimizer& optimizer, std::int64_t first, std::int64_t rows,
              std::vector<std::vector<double>>& out) {
  std::optional<lrsched::spec::Expression> metric;
  if (c.metric) metric = lrsched::spec::Expression::compile(*c.metric, {"step", "lr"});
  const std::size_t groups = optimizer.num_groups();
  out.resize(groups);
  for (std::int64_t k = first; k < first + rows; ++k) {
    for (std::size_t g = 0; g < groups; ++g) out[g].push_back(optimizer.lr(g));
    lrsched::StepInput input;
    if (metric) {
      const lrsched::spec::Number args[] = {lrsched::spec::Number::from_int(k),
                                            lrsched::spec::Number::from_float(optimizer.lr(0))};
      input.metric = metric->evaluate(args).to_double();
    }
    if (scheduler.stepping().count == lrsched::StepCount::epoch) {
      input.epoch = k + 1;
    } else {
      input.num_updates = k + 1;
    }
    scheduler.advance(input);
  }
}

std::string CaseName(const ::testing::TestParamInfo<GoldenCase>& param) { return param.param.name; }

::testing::AssertionResult SameBits(double actual, double expected) {
  if (std::bit_cast<std::uint64_t>(actual) == std::bit_cast<std::uint64_t>(expected)) {
    return ::testing::AssertionSuccess();
  }
  std::ostringstream text;
  text << std::setprecision(17) << "got " << actual << ", expected exactly " << expected;
  return ::testing::AssertionFailure() << text.str();
}

}  // namespace timm_test
