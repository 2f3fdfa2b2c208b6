// The WebAssembly module's entry points, wrapped by web/lrsched-api.js: a simulation exactly as
// `lrsched simulate` runs it (the same engine and option parsing), returned as columns of
// doubles, or the error as the command line reports it; and the registry as JSON.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "exit_status.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/length.hpp"
#include "lrsched/spec/parser.hpp"
#include "registry_json.hpp"
#include "simulation.hpp"
#include "simulation_options.hpp"
#include "trace_writer.hpp"

namespace {

using emscripten::val;
using lrsched::cli::SimulationOptions;

// The last call's columns. Its results hold views of them (typed_memory_view), which
// lrsched-api.js copies out at once, into fresh arrays or the caller's: they stay valid until the
// next call, which frees them, or until the module's memory grows, so that no view is made before
// every curve has run.
std::vector<lrsched::cli::ColumnTraceWriter> last_columns;

val view_of(const std::vector<double>& values) {
  return val(emscripten::typed_memory_view(values.size(), values.data()));
}

val views_of(const std::vector<std::vector<double>>& columns) {
  val out = val::array();
  for (const auto& column : columns) out.call<void>("push", view_of(column));
  return out;
}

// The UTF-16 index (a JavaScript string's) of the byte `offset` in the UTF-8 `text`.
std::size_t utf16_index(std::string_view text, std::size_t offset) {
  std::size_t index = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    index += byte >= 0xF0 ? 2 : 1;        // four-byte sequences are surrogate pairs
  }
  return index;
}

// `{error: {type, message, column, caret}}`: the line the command line prints after
// "lrsched: <type>: ", and where in the spec it points (column: null when not in the spec).
val error_result(std::string_view type, const std::string& message, const std::string& spec,
                 const lrsched::Error* located) {
  val error = val::object();
  error.set("type", std::string(type));
  error.set("message", message);
  error.set("column", val::null());
  error.set("caret", std::string());
  if (located != nullptr && located->position()) {
    const lrsched::SourcePosition& position = *located->position();
    if (position.source == spec) error.set("column", utf16_index(spec, position.offset));
    error.set("caret", located->caret());
  }
  val result = val::object();
  result.set("error", error);
  return result;
}

// `options` as the page's fields and `lrsched simulate`'s options hold them: text, read by the
// same SimulationOptions::to_config (web/lrsched-api.js turns numbers into their shortest text,
// which reads back as the same double).
SimulationOptions simulation_options(const std::string& spec, const val& options) {
  SimulationOptions o;
  o.spec = spec;
  const auto text = [&options](const char* name, std::string& field) {
    const val value = options[name];
    if (!value.isUndefined() && !value.isNull()) field = value.as<std::string>();
  };
  text("lr", o.lrs);
  text("steps", o.steps);
  text("optimizer", o.optimizer);
  text("momentum", o.momentum);
  text("betas", o.betas);
  text("initialLr", o.initial_lrs);
  text("metric", o.metric);
  text("stepsPerEpoch", o.steps_per_epoch);
  text("epochs", o.epochs);
  text("torchCompat", o.torch_compat);
  return o;
}

// `{firstStep, rows, lr: [per group], momentum: [per group, or none], metric: {steps, values},
// staircase}` of one curve, its columns as views (lrsched-api.js copies them). Makes no
// allocation in the module's memory, which could move it.
val columns_result(const lrsched::cli::ColumnTraceWriter& columns, bool staircase) {
  val result = val::object();
  // The steps are consecutive: their first and their count (lrsched-api.js makes `steps` from
  // them when read), rather than another array to allocate.
  result.set("firstStep", columns.steps.empty() ? 0.0 : columns.steps.front());
  result.set("rows", columns.steps.size());
  result.set("lr", views_of(columns.lrs));
  result.set("momentum", views_of(columns.momenta));
  val metric = val::object();
  metric.set("steps", view_of(columns.metric_steps));
  metric.set("values", view_of(columns.metric_values));
  result.set("metric", metric);
  result.set("staircase", staircase);
  return result;
}

// `{curves: [one result per spec]}`, each spec after the first run on the optimizer the previous
// one left (as `lrsched plot A --then B`), or `{error: ..., index}` for the first that fails.
val simulate_specs(const std::vector<std::string>& specs, const val& options) {
  std::size_t index = 0;
  const auto failed = [&index](val error) {
    error.set("index", index);
    return error;
  };
  last_columns.clear();
  last_columns.reserve(specs.size());  // never moved: a move could copy the columns
  try {
    std::vector<bool> staircase;
    std::optional<lrsched::InMemoryOptimizer> optimizer;
    for (; index < specs.size(); ++index) {
      const lrsched::cli::SimulationConfig config =
          simulation_options(specs[index], options).to_config();
      if (!optimizer) optimizer.emplace(lrsched::cli::make_optimizer(config));
      lrsched::cli::run_schedule(config, *optimizer, last_columns.emplace_back());
      // Drawn as steps where the command line's plot draws it so (StepLR, plateaus, ...).
      staircase.push_back(lrsched::spec::is_staircase(lrsched::spec::parse_spec(specs[index])));
    }
    val curves = val::array();
    for (std::size_t i = 0; i < specs.size(); ++i) {
      curves.call<void>("push", columns_result(last_columns[i], staircase[i]));
    }
    val result = val::object();
    result.set("curves", curves);
    return result;
  } catch (const lrsched::Error& e) {
    return failed(error_result(e.type(), lrsched::cli::one_line(e.what()), specs[index], &e));
  } catch (const lrsched::cli::UsageError& e) {
    return failed(
        error_result("UsageError", lrsched::cli::one_line(e.what()), specs[index], nullptr));
  } catch (const std::bad_alloc&) {
    last_columns.clear();
    return failed(error_result("MemoryError", "out of memory", specs[index], nullptr));
  } catch (const std::exception& e) {
    return failed(error_result("Error", e.what(), specs[index], nullptr));
  }
}

// `specs`, a JavaScript array of strings.
val simulate_chain(const val& specs, const val& options) {
  return simulate_specs(emscripten::vecFromJSArray<std::string>(specs), options);
}

// One spec on a fresh optimizer: simulate_specs's only curve, or its error.
val simulate(const std::string& spec, const val& options) {
  val result = simulate_specs({spec}, options);
  return result["error"].isUndefined() ? result["curves"][0] : result;
}

// `lrsched list --format json`.
std::string registry() { return lrsched::cli::registry_json().dump(); }

}  // namespace

EMSCRIPTEN_BINDINGS(lrsched) {
  emscripten::function("simulate", &simulate);
  emscripten::function("simulateChain", &simulate_chain);
  emscripten::function("registry", &registry);
}
