#include "lrsched/torch/distributed.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <vector>

#include "lrsched/error.hpp"
#include "lrsched/state_json.hpp"

namespace lrsched::torch::distributed {
namespace {

std::string rank_text(const c10d::ProcessGroup& group) {
  return "rank " + std::to_string(group.getRank()) + " of " + std::to_string(group.getSize());
}

// Runs one collective and waits for it; a failure (a rank that stopped, a timeout) becomes an
// lrsched::RuntimeError that names the call and this rank, keeping c10d's own message.
template <class Start>
void collective(c10d::ProcessGroup& group, std::string_view call, Start&& start) {
  try {
    start()->wait();
  } catch (const std::exception& e) {
    std::string why = e.what();
    why = why.substr(0, why.find('\n'));  // c10d appends a C++ stack trace
    throw RuntimeError("lrsched::torch::distributed::" + std::string(call) + " failed on " +
                       rank_text(group) +
                       " (another rank stopped, or the process group's timeout passed): " + why);
  }
}

// FNV-1a, 64 bits: a digest for comparing documents, not a defence against tampering.
std::int64_t digest(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  std::int64_t out = 0;
  std::memcpy(&out, &h, sizeof out);
  return out;
}

::torch::Tensor bytes_tensor(std::string_view text, std::int64_t size) {
  ::torch::Tensor t = ::torch::zeros({size}, ::torch::kUInt8);
  std::memcpy(t.data_ptr<std::uint8_t>(), text.data(), text.size());
  return t;
}

// Every rank's `text` (an all-gather of the lengths, then of the texts padded to the longest).
std::vector<std::string> gather_texts(c10d::ProcessGroup& group, const std::string& text,
                                      std::string_view call) {
  const auto size = static_cast<std::size_t>(group.getSize());
  std::vector<::torch::Tensor> length{
      ::torch::tensor({static_cast<std::int64_t>(text.size())}, ::torch::kInt64)};
  std::vector<std::vector<::torch::Tensor>> lengths(1);
  for (std::size_t r = 0; r < size; ++r) lengths[0].push_back(::torch::zeros({1}, ::torch::kInt64));
  collective(group, call, [&] { return group.allgather(lengths, length); });
  std::int64_t longest = 0;
  for (const auto& t : lengths[0]) longest = std::max(longest, t.item<std::int64_t>());
  std::vector<::torch::Tensor> mine{bytes_tensor(text, longest)};
  std::vector<std::vector<::torch::Tensor>> all(1);
  for (std::size_t r = 0; r < size; ++r)
    all[0].push_back(::torch::zeros({longest}, ::torch::kUInt8));
  collective(group, call, [&] { return group.allgather(all, mine); });
  std::vector<std::string> texts;
  for (std::size_t r = 0; r < size; ++r) {
    const auto n = static_cast<std::size_t>(lengths[0][r].item<std::int64_t>());
    texts.emplace_back(reinterpret_cast<const char*>(all[0][r].data_ptr<std::uint8_t>()), n);
  }
  return texts;
}

// The first place where two state documents differ, in document order: "state.last_epoch = 13"
// against "... = 12", as `where`, `a` and `b`.
struct Difference {
  std::string where, a, b;
};

// Fields that differ whenever anything else does: the checksum, and the lrs last computed (the
// consequence of a differing step count, not its cause). Compared only when nothing else differs.
bool derived(const std::string& key) { return key == "checksum" || key == "_last_lr"; }

bool first_difference(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b,
                      const std::string& where, bool skip_derived, Difference& out) {
  if (a.is_object() && b.is_object()) {
    for (const auto& [key, value] : a.items()) {
      if (skip_derived && derived(key)) continue;
      const std::string path = where.empty() ? key : where + "." + key;
      if (!b.contains(key)) {
        out = {path, value.dump(), "(absent)"};
        return true;
      }
      if (first_difference(value, b.at(key), path, skip_derived, out)) return true;
    }
    for (const auto& [key, value] : b.items()) {
      if (!a.contains(key)) {
        out = {where.empty() ? key : where + "." + key, "(absent)", value.dump()};
        return true;
      }
    }
    return false;
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string path = where + "[" + std::to_string(i) + "]";
      if (first_difference(a[i], b[i], path, skip_derived, out)) return true;
    }
    return false;
  }
  if (a == b) return false;
  out = {where, a.dump(), b.dump()};
  return true;
}

// Runs `action` (on the ranks where `here` is true), then tells every rank whether it failed
// anywhere: a rank's failure stops them all, with its own exception there and a StateError naming
// it elsewhere,
// rather than leaving the others waiting in the next collective.
template <class Action>
void on_all_or_none(c10d::ProcessGroup& group, std::string_view call, bool here, Action&& action) {
  std::exception_ptr failure;
  if (here) {
    try {
      action();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  // the lowest failing rank, or the number of ranks when none failed
  c10d::AllreduceOptions lowest;
  lowest.reduceOp = c10d::ReduceOp::MIN;
  const int size = group.getSize();
  std::vector<::torch::Tensor> failed{
      ::torch::tensor({failure ? group.getRank() : size}, ::torch::kInt64)};
  collective(group, call, [&] { return group.allreduce(failed, lowest); });
  if (failure) std::rethrow_exception(failure);
  const auto first = failed[0].item<std::int64_t>();
  if (first != size) {
    throw StateError("lrsched::torch::distributed::" + std::string(call) + ": rank " +
                     std::to_string(first) + " failed (its own error says why)");
  }
}

}  // namespace

double reduce_metric(c10d::ProcessGroup& group, double value, Reduction how) {
  c10d::AllreduceOptions options;
  options.reduceOp = how == Reduction::min   ? c10d::ReduceOp::MIN
                     : how == Reduction::max ? c10d::ReduceOp::MAX
                                             : c10d::ReduceOp::SUM;
  std::vector<::torch::Tensor> tensors{::torch::tensor({value}, ::torch::kFloat64)};
  collective(group, "reduce_metric", [&] { return group.allreduce(tensors, options); });
  const double combined = tensors[0].item<double>();
  return how == Reduction::mean ? combined / group.getSize() : combined;
}

void check_same_state(c10d::ProcessGroup& group, Scheduler& scheduler,
                      const OptimizerView& optimizer) {
  const std::string document = save_state(scheduler, optimizer);
  const int size = group.getSize();
  std::vector<::torch::Tensor> mine{::torch::tensor({digest(document)}, ::torch::kInt64)};
  std::vector<std::vector<::torch::Tensor>> digests(1);
  for (int r = 0; r < size; ++r) digests[0].push_back(::torch::zeros({1}, ::torch::kInt64));
  collective(group, "check_same_state", [&] { return group.allgather(digests, mine); });
  const auto reference = digests[0][0].item<std::int64_t>();
  const bool same = std::all_of(digests[0].begin(), digests[0].end(), [&](const auto& t) {
    return t.template item<std::int64_t>() == reference;
  });
  if (same) return;
  // Every rank takes this branch (the digests are the same everywhere), so the gather matches.
  const std::vector<std::string> documents = gather_texts(group, document, "check_same_state");
  const auto rank0 = nlohmann::ordered_json::parse(documents[0], nullptr, false);
  for (std::size_t r = 1; r < documents.size(); ++r) {
    if (documents[r] == documents[0]) continue;
    const auto other = nlohmann::ordered_json::parse(documents[r], nullptr, false);
    // The scheduler's own fields first (a last_epoch that differs is a cause, an lr that differs
    // its consequence), then the rest.
    Difference d{"the document", "(unreadable)", "(unreadable)"};
    if (!rank0.is_discarded() && !other.is_discarded()) {
      const bool both = rank0.contains("scheduler") && other.contains("scheduler");
      if (!both ||
          !first_difference(other["scheduler"], rank0["scheduler"], "scheduler", true, d)) {
        if (!first_difference(other, rank0, "", true, d))
          first_difference(other, rank0, "", false, d);
      }
    }
    throw StateError("scheduler state differs across ranks: rank " + std::to_string(r) + " has " +
                     d.where + " = " + d.a + ", rank 0 has " + d.b);
  }
}

void broadcast_state(c10d::ProcessGroup& group, Scheduler& scheduler, OptimizerView& optimizer) {
  const std::string document = group.getRank() == 0 ? save_state(scheduler, optimizer) : "";
  std::vector<::torch::Tensor> length{
      ::torch::tensor({static_cast<std::int64_t>(document.size())}, ::torch::kInt64)};
  collective(group, "broadcast_state", [&] { return group.broadcast(length); });
  const std::int64_t n = length[0].item<std::int64_t>();
  std::vector<::torch::Tensor> bytes{bytes_tensor(document, n)};
  collective(group, "broadcast_state", [&] { return group.broadcast(bytes); });
  if (group.getRank() == 0) return;
  load_state(scheduler, optimizer,
             std::string_view(reinterpret_cast<const char*>(bytes[0].data_ptr<std::uint8_t>()),
                              static_cast<std::size_t>(n)));
}

void save_checkpoint(c10d::ProcessGroup& group, const std::filesystem::path& dir,
                     const ::torch::nn::Module& module, const ::torch::optim::Optimizer& optimizer,
                     Scheduler& scheduler, const OptimizerAdapter& adapter,
                     const CheckpointInfo& info) {
  on_all_or_none(group, "save_checkpoint", group.getRank() == 0, [&] {
    lrsched::torch::save_checkpoint(dir, module, optimizer, scheduler, adapter, info);
  });
}

CheckpointInfo load_checkpoint(c10d::ProcessGroup& group, const std::filesystem::path& dir,
                               ::torch::nn::Module& module, ::torch::optim::Optimizer& optimizer,
                               Scheduler& scheduler, OptimizerAdapter& adapter) {
  collective(group, "load_checkpoint", [&] { return group.barrier(); });
  CheckpointInfo info;
  on_all_or_none(group, "load_checkpoint", true, [&] {
    info = lrsched::torch::load_checkpoint(dir, module, optimizer, scheduler, adapter);
  });
  check_same_state(group, scheduler, adapter);
  return info;
}

}  // namespace lrsched::torch::distributed
