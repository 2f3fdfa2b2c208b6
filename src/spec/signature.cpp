// Scheduler catalog and Python-style argument binding.
#include "lrsched/spec/signature.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace lrsched::spec {
namespace {

Value none() { return Value{NoneType{}, 0}; }
Value integer(std::int64_t v) { return Value{v, 0}; }
Value real(double v) { return Value{v, 0}; }
Value text(const char* v) { return Value{std::string(v), 0}; }
Value boolean(bool v) { return Value{v, 0}; }

constexpr std::string_view kLrScheduler = "torch.optim.lr_scheduler";
constexpr std::string_view kSwaUtils = "torch.optim.swa_utils";

Parameter last_epoch() {
  return {"last_epoch", integer(-1), "int",
          "index of the last epoch; -1 starts fresh, >= 0 resumes (needs initial_lr)"};
}

std::vector<SchedulerSignature> build_catalog() {
  std::vector<SchedulerSignature> all;
  const auto lambda_text = "Callable[[int], float] | list[Callable[[int], float]]";

  all.push_back({"LambdaLR",
                 kLrScheduler,
                 "Sets each group's lr to its initial lr times a function of the epoch.",
                 {{"lr_lambda", std::nullopt, lambda_text,
                   "function of the epoch giving the factor, or one per param group"},
                  last_epoch()},
                 true,
                 true,
                 "η_t = η₀ · λ(t)",
                 ""});
  all.push_back({"MultiplicativeLR",
                 kLrScheduler,
                 "Multiplies the lr by a function of the epoch at every step.",
                 {{"lr_lambda", std::nullopt, lambda_text,
                   "function of the epoch giving the step's factor, or one per param group"},
                  last_epoch()},
                 true,
                 true,
                 "η_t = η_{t−1} · λ(t) for t ≥ 1; η_0 = η₀",
                 ""});
  all.push_back({"StepLR",
                 kLrScheduler,
                 "Decays the lr by gamma every step_size epochs.",
                 {{"step_size", std::nullopt, "int", "period of the decay, in epochs"},
                  {"gamma", real(0.1), "float", "multiplicative factor of the decay"},
                  last_epoch()},
                 true,
                 false,
                 "η_t = η_{t−1} · γ if t > 0 and t mod step_size = 0, else η_{t−1}",
                 "η_t = η₀ · γ^⌊t / step_size⌋"});
  all.push_back({"MultiStepLR",
                 kLrScheduler,
                 "Decays the lr by gamma at each milestone.",
                 {{"milestones", std::nullopt, "Iterable[int]",
                   "epochs at which to decay (a repeated milestone decays repeatedly)"},
                  {"gamma", real(0.1), "float", "multiplicative factor of the decay"},
                  last_epoch()},
                 true,
                 false,
                 "η_t = η_{t−1} · γ^(number of times t appears in milestones)",
                 "η_t = η₀ · γ^bisect_right(sorted(milestones), t)"});
  all.push_back({"ConstantLR",
                 kLrScheduler,
                 "Multiplies the lr by a constant factor until total_iters, then restores it.",
                 {{"factor", real(1.0 / 3), "float", "factor applied until total_iters"},
                  {"total_iters", integer(5), "int", "number of epochs the factor lasts"},
                  last_epoch()},
                 true,
                 false,
                 "η_0 = η₀ · factor; η_t = η_{t−1} / factor at t = total_iters; else η_{t−1}",
                 "η_t = η₀ · (factor + [t ≥ total_iters] · (1 − factor))"});
  all.push_back({"LinearLR",
                 kLrScheduler,
                 "Changes the lr factor linearly from start_factor to end_factor over total_iters.",
                 {{"start_factor", real(1.0 / 3), "float", "factor in the first epoch"},
                  {"end_factor", real(1.0), "float", "factor from total_iters on"},
                  {"total_iters", integer(5), "int", "number of epochs of the ramp"},
                  last_epoch()},
                 true,
                 false,
                 "η_0 = η₀ · s; η_t = η_{t−1} · (1 + (e − s) / (T · s + (t − 1) · (e − s))) for "
                 "1 ≤ t ≤ T; else η_{t−1}",
                 "η_t = η₀ · (s + (e − s) · min(T, t) / T)"});
  all.push_back(
      {"ExponentialLR",
       kLrScheduler,
       "Decays the lr by gamma every epoch.",
       {{"gamma", std::nullopt, "float", "multiplicative factor of the decay"}, last_epoch()},
       true,
       false,
       "η_t = η_{t−1} · γ",
       "η_t = η₀ · γ^t"});
  all.push_back(
      {"SequentialLR",
       kLrScheduler,
       "Runs schedulers one after another, switching at the milestones.",
       {{"schedulers", std::nullopt, "list[LRScheduler]", "the schedulers, in order"},
        {"milestones", std::nullopt, "list[int]",
         "epochs at which the next scheduler takes over (one fewer than schedulers)"},
        last_epoch()},
       true,
       false,
       "at epoch t, i = bisect_right(milestones, t): schedulers[i] restarts from its epoch 0 "
       "when t = milestones[i − 1], and otherwise steps",
       ""});
  all.push_back({"PolynomialLR",
                 kLrScheduler,
                 "Decays the lr polynomially to zero over total_iters.",
                 {{"total_iters", integer(5), "int", "number of epochs of the decay"},
                  {"power", real(1.0), "float", "power of the polynomial"},
                  last_epoch()},
                 true,
                 false,
                 "η_t = η_{t−1} · ((1 − t/T) / (1 − (t − 1)/T))^p for 1 ≤ t ≤ T; else η_{t−1}",
                 "η_t = η₀ · (1 − min(T, t)/T)^p"});
  all.push_back(
      {"CosineAnnealingLR",
       kLrScheduler,
       "Anneals the lr along a cosine from its initial value to eta_min over T_max epochs "
       "(and back up after, periodically).",
       {{"T_max", std::nullopt, "int", "half period of the cosine, in epochs"},
        {"eta_min", real(0.0), "float", "minimum lr"},
        last_epoch()},
       true,
       false,
       "η_t = η_min + (η_{t−1} − η_min) · (1 + cos(π t / T_max)) / (1 + cos(π (t − 1) / "
       "T_max)); when (t − 1 − T_max) mod 2·T_max = 0: η_t = η_{t−1} + (η₀ − η_min) · "
       "(1 − cos(π / T_max)) / 2",
       "η_t = η_min + (η₀ − η_min) · (1 + cos(π t / T_max)) / 2"});
  all.push_back({"ChainedScheduler",
                 kLrScheduler,
                 "Steps several schedulers of one optimizer in order at every step.",
                 {{"schedulers", std::nullopt, "Sequence[LRScheduler]", "the schedulers, in order"},
                  {"optimizer", none(), "Optional[Optimizer]",
                   "the optimizer (only None in a spec: it comes from the command line)"}},
                 false,
                 false,
                 "every step: for s in schedulers: s.step() (their changes compose)",
                 ""});
  all.push_back(
      {"ReduceLROnPlateau",
       kLrScheduler,
       "Reduces the lr by factor when a metric has stopped improving for patience epochs.",
       {{"mode", text("min"), "Literal['min', 'max']",
         "whether the metric should decrease ('min') or increase ('max')"},
        {"factor", real(0.1), "float", "multiplier of the lr on a reduction (< 1)"},
        {"patience", integer(10), "int", "bad epochs tolerated before reducing"},
        {"threshold", real(1e-4), "float", "minimum change that counts as an improvement"},
        {"threshold_mode", text("rel"), "Literal['rel', 'abs']",
         "whether threshold is relative to the best value or absolute"},
        {"cooldown", integer(0), "int", "epochs to wait after a reduction"},
        {"min_lr", integer(0), "float | list[float]", "lower bound of the lr, or one per group"},
        {"eps", real(1e-8), "float", "reductions smaller than this are skipped"}},
       true,
       false,
       "on step(metric): better if metric < best·(1 − threshold) (min, rel), > best·(1 + "
       "threshold) (max, rel), < best − threshold (min, abs), > best + threshold (max, abs); "
       "after more than patience bad epochs outside cooldown: η ← max(η · factor, min_lr) "
       "when η − that > eps",
       ""});
  all.push_back(
      {"CyclicLR",
       kLrScheduler,
       "Cycles the lr (and momentum, inversely) between base_lr and max_lr.",
       {{"base_lr", std::nullopt, "float | list[float]", "lower lr bound of the cycle"},
        {"max_lr", std::nullopt, "float | list[float]", "upper lr bound of the cycle"},
        {"step_size_up", integer(2000), "int", "steps in the increasing half of a cycle"},
        {"step_size_down", none(), "Optional[int]",
         "steps in the decreasing half (default: step_size_up)"},
        {"mode", text("triangular"), "Literal['triangular', 'triangular2', 'exp_range']",
         "amplitude policy (ignored when scale_fn is given)"},
        {"gamma", real(1.0), "float", "base of the 'exp_range' scaling gamma**iterations"},
        {"scale_fn", none(), "Optional[Callable[[float], float]]",
         "custom amplitude scaling of the cycle number or iteration"},
        {"scale_mode", text("cycle"), "Literal['cycle', 'iterations']",
         "argument of scale_fn: the cycle number or the iteration"},
        {"cycle_momentum", boolean(true), "bool", "also cycle momentum / beta1"},
        {"base_momentum", real(0.8), "float | list[float]", "momentum at the lr peak"},
        {"max_momentum", real(0.9), "float | list[float]", "momentum at the lr trough"},
        last_epoch()},
       true,
       true,
       "total = up + down, r = up / total, cycle = ⌊1 + t / total⌋, x = 1 + t / total − "
       "cycle, s = x / r if x ≤ r else (x − 1) / (r − 1); η_t = base_lr + (max_lr − base_lr) "
       "· s · scale_fn(cycle or t); momentum_t = max_m − (max_m − base_m) · s · scale_fn(·)",
       ""});
  all.push_back(
      {"CosineAnnealingWarmRestarts",
       kLrScheduler,
       "Cosine annealing that restarts every T_i epochs, T_i growing by T_mult.",
       {{"T_0", std::nullopt, "int", "epochs until the first restart"},
        {"T_mult", integer(1), "int", "growth factor of the period after each restart"},
        {"eta_min", real(0.0), "float", "minimum lr"},
        last_epoch()},
       true,
       false,
       "η_t = η_min + (η₀ − η_min) · (1 + cos(π T_cur / T_i)) / 2; T_cur += 1 per step; when "
       "T_cur ≥ T_i: T_cur = T_cur mod T_i, T_i = T_i · T_mult",
       "step(epoch): T_mult = 1: T_cur = epoch mod T_0; else n = int(log(epoch / T_0 · "
       "(T_mult − 1) + 1, T_mult)), T_cur = epoch − T_0 · (T_mult^n − 1) / (T_mult − 1), "
       "T_i = T_0 · T_mult^n"});
  all.push_back(
      {"OneCycleLR",
       kLrScheduler,
       "The 1cycle policy: warm up to max_lr, then anneal far below the initial lr.",
       {{"max_lr", std::nullopt, "float | list[float]", "peak lr"},
        {"total_steps", none(), "Optional[int]",
         "length of the cycle (or give epochs and steps_per_epoch)"},
        {"epochs", none(), "Optional[int]", "epochs, with steps_per_epoch"},
        {"steps_per_epoch", none(), "Optional[int]", "steps per epoch, with epochs"},
        {"pct_start", real(0.3), "float", "fraction of the cycle spent increasing the lr"},
        {"anneal_strategy", text("cos"), "Literal['cos', 'linear']", "annealing shape"},
        {"cycle_momentum", boolean(true), "bool", "also cycle momentum / beta1"},
        {"base_momentum", real(0.85), "float | list[float]", "momentum at the lr peak"},
        {"max_momentum", real(0.95), "float | list[float]", "momentum at the start and end"},
        {"div_factor", real(25.0), "float", "initial_lr = max_lr / div_factor"},
        {"final_div_factor", real(1e4), "float", "min_lr = initial_lr / final_div_factor"},
        {"three_phase", boolean(false), "bool", "go back to initial_lr before annealing to min_lr"},
        last_epoch()},
       true,
       false,
       "phases initial_lr → max_lr (ends at step pct_start·total − 1) → min_lr (ends at "
       "total − 1); in a phase pct = (t − start) / (end − start); cos: η = end + (start − "
       "end) / 2 · (cos(π · pct) + 1); linear: η = (end − start) · pct + start; momentum "
       "moves the opposite way between max_momentum and base_momentum",
       ""});
  all.push_back(
      {"SWALR",
       kSwaUtils,
       "Anneals each group's lr to a fixed swa_lr over anneal_epochs.",
       {{"swa_lr", std::nullopt, "float | list[float]", "the lr to anneal to, or one per group"},
        {"anneal_epochs", integer(10), "int", "epochs of the annealing"},
        {"anneal_strategy", text("cos"), "Literal['cos', 'linear']", "annealing shape"},
        last_epoch()},
       true,
       false,
       "t = clamp(step / max(1, anneal_epochs), 0, 1); α = (1 − cos(π t)) / 2 (cos) or t "
       "(linear); η = swa_lr · α + η_start · (1 − α), η_start recovered from the previous lr",
       ""});
  return all;
}

std::string function_name(const SchedulerSignature& signature) {
  return std::string(signature.name) + ".__init__()";
}

// "'a'", "'a' and 'b'", "'a', 'b', and 'c'" as CPython lists missing arguments.
std::string quoted_list(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += names.size() == 2 ? " and " : i + 1 == names.size() ? ", and " : ", ";
    out += "'" + std::string(names[i]) + "'";
  }
  return out;
}

}  // namespace

const std::vector<SchedulerSignature>& scheduler_signatures() {
  static const std::vector<SchedulerSignature> catalog = build_catalog();
  return catalog;
}

const SchedulerSignature* find_signature(std::string_view name) {
  std::string_view module;
  for (std::string_view prefix :
       {"torch.optim.lr_scheduler.", "lr_scheduler.", "torch.optim.swa_utils.", "swa_utils."}) {
    if (name.starts_with(prefix)) {
      module = prefix.find("swa") == std::string_view::npos ? kLrScheduler : kSwaUtils;
      name.remove_prefix(prefix.size());
      break;
    }
  }
  for (const SchedulerSignature& signature : scheduler_signatures()) {
    if (signature.name == name && (module.empty() || module == signature.module)) {
      return &signature;
    }
  }
  return nullptr;
}

const SchedulerSignature& resolve_signature(const Call& call) {
  if (const SchedulerSignature* signature = find_signature(call.name)) return *signature;
  std::vector<std::string_view> names;
  for (const SchedulerSignature& signature : scheduler_signatures()) {
    names.push_back(signature.name);
  }
  const std::size_t dot = call.name.rfind('.');
  const std::string_view bare = dot == std::string::npos
                                    ? std::string_view(call.name)
                                    : std::string_view(call.name).substr(dot + 1);
  std::string message = "unknown scheduler '" + call.name + "'";
  if (auto match = closest_name(bare, names)) {
    message += ". Did you mean '" + *match + "'?";
  } else if (find_signature(bare) != nullptr) {
    message += ". Did you mean '" + std::string(bare) + "'?";  // right class, wrong module
  } else {
    message += " (see `lrsched list`)";
  }
  throw SpecError(message, call.source ? std::string_view(*call.source) : call.name,
                  call.source ? call.name_offset : 0, "NameError");
}

std::string signature_text(const SchedulerSignature& signature) {
  std::string out = std::string(signature.name) + "(";
  for (std::size_t i = 0; i < signature.parameters.size(); ++i) {
    const Parameter& parameter = signature.parameters[i];
    if (i > 0) out += ", ";
    out += parameter.name;
    if (parameter.default_value) {
      out += '=';  // not "=" + repr(): GCC 12's -Wrestrict misfires on that at -O2
      out += repr(*parameter.default_value);
    }
  }
  return out + ")";
}

BoundArguments bind_arguments(const Call& call, const SchedulerSignature& signature) {
  const std::vector<Parameter>& parameters = signature.parameters;
  const std::string function = function_name(signature);
  std::vector<std::optional<Value>> slots(parameters.size());
  for (std::size_t i = 0; i < std::min(call.args.size(), parameters.size()); ++i) {
    slots[i] = call.args[i];
  }
  // CPython checks keywords first, then the positional count, then missing arguments.
  for (const KeywordArgument& keyword : call.keywords) {
    const auto found = std::find_if(parameters.begin(), parameters.end(),
                                    [&](const Parameter& p) { return p.name == keyword.name; });
    if (found == parameters.end()) {
      std::string message = function + " got an unexpected keyword argument '" + keyword.name + "'";
      std::vector<std::string_view> names;
      names.reserve(parameters.size());
      for (const Parameter& p : parameters) names.push_back(p.name);
      if (auto match = closest_name(keyword.name, names)) {
        message += ". Did you mean '" + *match + "'?";
      } else if (keyword.name == "optimizer") {
        message += " (leave the optimizer out of the spec)";
      }
      throw TypeError(message);
    }
    auto& slot = slots[static_cast<std::size_t>(found - parameters.begin())];
    if (slot) {
      throw TypeError(function + " got multiple values for argument '" + keyword.name + "'");
    }
    slot = keyword.value;
  }
  const std::size_t implicit = signature.optimizer_first ? 2 : 1;  // self (and optimizer)
  if (call.args.size() > parameters.size()) {
    const auto required = static_cast<std::size_t>(std::count_if(
        parameters.begin(), parameters.end(), [](const Parameter& p) { return !p.default_value; }));
    const std::size_t most = implicit + parameters.size();
    const std::size_t least = implicit + required;
    throw TypeError(
        function + " takes " +
        (least == most ? std::to_string(most)
                       : "from " + std::to_string(least) + " to " + std::to_string(most)) +
        " positional arguments but " + std::to_string(implicit + call.args.size()) + " were given");
  }
  std::vector<std::string_view> missing;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (!slots[i] && !parameters[i].default_value) missing.push_back(parameters[i].name);
  }
  if (!missing.empty()) {
    throw TypeError(function + " missing " + std::to_string(missing.size()) +
                    " required positional argument" + (missing.size() == 1 ? "" : "s") + ": " +
                    quoted_list(missing));
  }
  BoundArguments bound;
  bound.signature_ = &signature;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    bound.given_.push_back(slots[i].has_value());
    if (slots[i]) {
      bound.values_.push_back(std::move(*slots[i]));
    } else {
      Value value = *parameters[i].default_value;
      value.offset = call.name_offset;
      bound.values_.push_back(std::move(value));
    }
  }
  if (!signature.optimizer_first && !bound.is_none("optimizer")) {
    throw TypeError(function +
                    ": argument 'optimizer' can only be None in a spec; the "
                    "optimizer comes from the command line");
  }
  return bound;
}

BoundArguments bind_arguments(const Call& call) {
  return bind_arguments(call, resolve_signature(call));
}

// BoundArguments ---------------------------------------------------------------------------------

std::size_t BoundArguments::index(std::string_view name) const {
  const auto& parameters = signature_->parameters;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (parameters[i].name == name) return i;
  }
  throw std::out_of_range(std::string(signature_->name) + " has no parameter '" +
                          std::string(name) + "'");
}

const Value& BoundArguments::value(std::string_view name) const { return values_[index(name)]; }

bool BoundArguments::was_given(std::string_view name) const { return given_[index(name)]; }

void BoundArguments::type_error(std::string_view name, std::string_view expected) const {
  throw TypeError(std::string(signature_->name) + "(): argument '" + std::string(name) +
                  "' must be " + std::string(expected) + ", not " + type_name(value(name)));
}

std::int64_t BoundArguments::get_int(std::string_view name) const {
  const Value& v = value(name);
  if (!v.is_int()) type_error(name, "int");
  return v.as_int();
}

double BoundArguments::get_float(std::string_view name) const {
  const Value& v = value(name);
  if (!v.is_number()) type_error(name, "float");
  return v.as_double();
}

bool BoundArguments::get_bool(std::string_view name) const {
  const Value& v = value(name);
  if (!v.is_int()) type_error(name, "bool");
  return v.as_int() != 0;
}

std::string BoundArguments::get_string(std::string_view name) const {
  const Value& v = value(name);
  if (!v.is_string()) type_error(name, "str");
  return std::get<std::string>(v.data);
}

std::optional<std::int64_t> BoundArguments::get_optional_int(std::string_view name) const {
  const Value& v = value(name);
  if (v.is_none()) return std::nullopt;
  if (!v.is_int()) type_error(name, "int or None");
  return v.as_int();
}

std::optional<double> BoundArguments::get_optional_float(std::string_view name) const {
  const Value& v = value(name);
  if (v.is_none()) return std::nullopt;
  if (!v.is_number()) type_error(name, "float or None");
  return v.as_double();
}

FloatOrList BoundArguments::get_float_or_list(std::string_view name) const {
  const Value& v = value(name);
  FloatOrList out;
  if (v.is_number()) {
    out.values.push_back(v.as_double());
    return out;
  }
  if (!v.is_sequence()) type_error(name, "float or a list of floats");
  out.is_list = true;
  for (const Value& item : v.items()) {
    if (!item.is_number()) type_error(name, "float or a list of floats");
    out.values.push_back(item.as_double());
  }
  return out;
}

std::vector<std::int64_t> BoundArguments::get_int_list(std::string_view name) const {
  const Value& v = value(name);
  if (!v.is_sequence()) type_error(name, "a list of int");
  std::vector<std::int64_t> out;
  for (const Value& item : v.items()) {
    if (!item.is_int()) {
      throw TypeError(std::string(signature_->name) + "(): argument '" + std::string(name) +
                      "' must be a list of int, but item " + std::to_string(out.size()) + " is " +
                      type_name(item));
    }
    out.push_back(item.as_int());
  }
  return out;
}

LambdaOrList BoundArguments::get_lambda_or_list(std::string_view name) const {
  const Value& v = value(name);
  LambdaOrList out;
  if (const auto* lambda = std::get_if<Lambda>(&v.data)) {
    out.lambdas.push_back(*lambda);
    return out;
  }
  if (!v.is_sequence()) type_error(name, "a lambda or a list of lambdas");
  out.is_list = true;
  for (const Value& item : v.items()) {
    const auto* lambda = std::get_if<Lambda>(&item.data);
    if (lambda == nullptr) {
      throw TypeError(std::string(signature_->name) + "(): argument '" + std::string(name) +
                      "' must be a lambda or a list of lambdas, but item " +
                      std::to_string(out.lambdas.size()) + " is " + type_name(item));
    }
    out.lambdas.push_back(*lambda);
  }
  return out;
}

std::optional<Lambda> BoundArguments::get_optional_lambda(std::string_view name) const {
  const Value& v = value(name);
  if (v.is_none()) return std::nullopt;
  const auto* lambda = std::get_if<Lambda>(&v.data);
  if (lambda == nullptr) type_error(name, "a lambda or None");
  return *lambda;
}

std::vector<Call> BoundArguments::get_schedulers(std::string_view name) const {
  const Value& v = value(name);
  if (!v.is_sequence()) type_error(name, "a list of schedulers");
  std::vector<Call> out;
  for (const Value& item : v.items()) {
    const auto* call = std::get_if<Call>(&item.data);
    if (call == nullptr) {
      throw TypeError(std::string(signature_->name) + " at index " + std::to_string(out.size()) +
                      " should have `optimizer` as its attribute.");
    }
    out.push_back(*call);
  }
  return out;
}

}  // namespace lrsched::spec
