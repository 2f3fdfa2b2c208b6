// Python-style argument binding of a call to a schedule's signature.
#include "lrsched/spec/signature.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace lrsched::spec {
namespace {

std::string function_name(const SchedulerSignature& signature) {
  return std::string(signature.name) + (signature.is_function ? "()" : ".__init__()");
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

// "StepLR() takes from 1 to 3 positional arguments after the optimizer (step_size, gamma,
// last_epoch) but 4 were given": CPython's words, with the counts of what a spec can write
// (CPython's would count `self` and the optimizer, which the spec never shows).
std::string too_many_positionals(const SchedulerSignature& signature, const Call& call) {
  const std::vector<Parameter>& parameters = signature.parameters;
  const auto required = static_cast<std::size_t>(std::count_if(
      parameters.begin(), parameters.end(), [](const Parameter& p) { return !p.default_value; }));
  const std::size_t most = parameters.size();
  const std::size_t given = call.args.size();
  std::string names;
  for (const Parameter& p : parameters) names += (names.empty() ? "" : ", ") + std::string(p.name);
  const char* where = signature.optimizer_first   ? " after the optimizer"
                      : signature.optimizer_index ? " besides the optimizer"
                                                  : "";
  return std::string(signature.name) + "() takes " +
         (required == most ? std::to_string(most)
                           : "from " + std::to_string(required) + " to " + std::to_string(most)) +
         (most == 1 ? " positional argument" : " positional arguments") + where +
         (names.empty() ? "" : " (" + names + ")") + " but " + std::to_string(given) +
         (given == 1 ? " was given" : " were given");
}

// Why PyTorch 1.x code's `verbose=` is refused: PyTorch itself removed it (2.2 deprecated it, 2.7
// removed it) and the spec language follows the newest PyTorch.
std::string removed_verbose_hint() {
  return " (PyTorch 2.7 removed `verbose` from its schedulers, and lrsched follows the newest "
         "PyTorch: drop the argument)";
}

}  // namespace

std::string unexpected_keyword_message(const SchedulerSignature& signature,
                                       std::string_view keyword) {
  std::string message = function_name(signature) + " got an unexpected keyword argument '" +
                        std::string(keyword) + "'";
  std::vector<std::string_view> names;
  names.reserve(signature.parameters.size());
  for (const Parameter& p : signature.parameters) names.push_back(p.name);
  if (auto match = closest_name(keyword, names))
    return message + ". Did you mean '" + *match + "'?";
  if (keyword == "optimizer") return message + " (leave the optimizer out of the spec)";
  if (keyword == "verbose" && signature.module.starts_with("torch.")) {
    return message + removed_verbose_hint();
  }
  return message;
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
  if (signature.takes_kwargs) out += signature.parameters.empty() ? "**kwargs" : ", **kwargs";
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
  std::vector<KeywordArgument> extra_keywords;
  for (const KeywordArgument& keyword : call.keywords) {
    const auto found = std::find_if(parameters.begin(), parameters.end(),
                                    [&](const Parameter& p) { return p.name == keyword.name; });
    if (found == parameters.end() && signature.takes_kwargs && keyword.name != "optimizer") {
      extra_keywords.push_back(keyword);
      continue;
    }
    if (found == parameters.end())
      throw TypeError(unexpected_keyword_message(signature, keyword.name));
    auto& slot = slots[static_cast<std::size_t>(found - parameters.begin())];
    if (slot) {
      throw TypeError(function + " got multiple values for argument '" + keyword.name + "'");
    }
    slot = keyword.value;
  }
  if (call.args.size() > parameters.size()) throw TypeError(too_many_positionals(signature, call));
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
  bound.extra_keywords_ = std::move(extra_keywords);
  const bool lists_optimizer =
      std::any_of(parameters.begin(), parameters.end(),
                  [](const Parameter& p) { return p.name == "optimizer"; });
  if (lists_optimizer && !bound.is_none("optimizer")) {
    throw TypeError(function +
                    ": argument 'optimizer' can only be None in a spec; the "
                    "optimizer comes from the command line");
  }
  return bound;
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
  return v.as_string();
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
  if (value(name).is_set()) {
    throw TypeError(std::string(signature_->name) + "(): argument '" + std::string(name) +
                    "' must be a list of int, not set: its items are read in order, and Python "
                    "iterates a set in hash order; write a list such as sorted(...)");
  }
  return get_int_collection(name);
}

std::vector<std::int64_t> BoundArguments::get_int_collection(std::string_view name) const {
  const Value& v = value(name);
  if (!v.is_sequence() && !v.is_range() && !v.is_set()) type_error(name, "a list of int");
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

const Dict& BoundArguments::get_dict(std::string_view name) const {
  const Value& v = value(name);
  const auto* dict = std::get_if<Dict>(&v.data);
  if (dict == nullptr) type_error(name, "dict");
  return *dict;
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
