// Spec text -> parse, build, step, save and load into a second scheduler; and the same text as an
// expression of (step, lr). Every lrsched::Error before the save is an expected outcome; anything
// else (crash, sanitizer report, other exception, hang, a state that does not load back) is a
// bug.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/expression.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/state_json.hpp"

namespace {

constexpr int kSteps = 50;

void fuzz_scheduler(std::string_view text) {
  std::optional<lrsched::spec::Call> call;
  auto optimizer = lrsched::InMemoryOptimizer::like("sgd", {0.1, 0.2}, 0.9);
  std::unique_ptr<lrsched::Scheduler> scheduler;
  try {
    call = lrsched::spec::parse_spec(text);
    scheduler = lrsched::spec::build_scheduler(*call, optimizer);
  } catch (const lrsched::Error&) {
    return;
  }
  try {
    for (int i = 0; i < kSteps; ++i) {
      // A metric that improves, stalls and goes NaN, to reach every branch; the count for the
      // schedulers told it (timm's).
      const double metric =
          i % 7 == 6 ? std::numeric_limits<double>::quiet_NaN() : 1.0 / (1 + i % 5);
      scheduler->advance(lrsched::step_input(scheduler->stepping(), i, metric));
    }
  } catch (const lrsched::Error&) {
  }
  // Whatever the language can build, and wherever its steps stopped, its saved state loads into
  // a new scheduler of the same spec and saves back to the same document. An exception from
  // here on is a bug.
  const std::string saved = lrsched::save_state(*scheduler, optimizer);
  auto fresh_optimizer = lrsched::InMemoryOptimizer::like("sgd", {0.1, 0.2}, 0.9);
  const auto fresh = lrsched::spec::build_scheduler(*call, fresh_optimizer);
  (void)lrsched::load_state(*fresh, fresh_optimizer, saved);
  if (lrsched::save_state(*fresh, fresh_optimizer) != saved) std::abort();
}

void fuzz_expression(std::string_view text) {
  try {
    const auto expression = lrsched::spec::Expression::compile(text, {"step", "lr"});
    using lrsched::spec::Number;
    constexpr std::array<std::array<Number, 2>, 5> kArgs{{
        {Number::from_int(0), Number::from_float(0.1)},
        {Number::from_int(1), Number::from_float(-2.5)},
        {Number::from_int(-7), Number::from_float(0.0)},
        {Number::from_int(INT64_MAX), Number::from_float(1e308)},
        {Number::from_int(INT64_MIN), Number::from_float(-1e-320)},
    }};
    for (const auto& args : kArgs) {
      try {
        (void)expression.evaluate(args);
      } catch (const lrsched::Error&) {
      }
    }
  } catch (const lrsched::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // libFuzzer hands bytes; the parsers take text.
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz_scheduler(text);
  fuzz_expression(text);
  return 0;
}
