#include "lrsched/state_json.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "io/json_text.hpp"
#include "io/read_file.hpp"
#include "lrsched/error.hpp"
#include "lrsched/io/atomic_file.hpp"

namespace lrsched {

using nlohmann::json;

namespace {

constexpr std::string_view kFormatName = "lrsched-state";

// CRC-32 (the polynomial of zlib, PNG and gzip), enough to catch a damaged file; not a defence
// against deliberate edits.
constexpr std::array<std::uint32_t, 256> kCrcTable = [] {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1U) : c >> 1U;
    table[n] = c;
  }
  return table;
}();

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t c = 0xFFFFFFFFU;
  for (const char ch : bytes)
    c = kCrcTable[(c ^ static_cast<unsigned char>(ch)) & 0xFFU] ^ (c >> 8U);
  return c ^ 0xFFFFFFFFU;
}

// JSON text of a document being saved (io::dump_json): inf and nan, which a plateau scheduler's
// `best` and `mode_worse` hold, as Python's json module writes them (Infinity, NaN). Strings given
// through the C++ API (a cyclic scheduler's scale_mode) may hold bytes that are not UTF-8, which
// JSON cannot: they become U+FFFD rather than making the save throw. Only free-form strings can
// hold such bytes, and they are only ever compared with ASCII words, so the loaded scheduler
// behaves the same.
std::string to_text(const json& doc, int indent = -1) { return io::dump_json(doc, indent); }

// The checksum covers the document without its "checksum" entry, in nlohmann's compact form:
// keys sorted, numbers in shortest round-trip form. Whitespace may change; no value may.
std::string checksum_of(const json& doc_without_checksum) {
  char text[16];
  std::snprintf(text, sizeof text, "%08x", crc32(to_text(doc_without_checksum)));
  return "crc32:" + std::string(text);
}

// How a document spells inf and nan: as numbers from version 3 on, as the strings "inf", "-inf"
// and "nan" in versions 1 and 2 (still read).
enum class NonFinite : std::uint8_t { kNumbers, kStrings };

constexpr NonFinite spelling_of(std::int64_t version) {
  return version <= 2 ? NonFinite::kStrings : NonFinite::kNumbers;
}

double decode_double(const json& j, std::string_view key, NonFinite spelling) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string() && spelling == NonFinite::kStrings) {
    const auto& s = j.get_ref<const std::string&>();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
  }
  throw StateError("field '" + std::string(key) + "' should be a number, got " + to_text(j));
}

std::int64_t decode_int(const json& j, std::string_view key) {
  if (j.is_number_integer()) return j.get<std::int64_t>();
  throw StateError("field '" + std::string(key) + "' should be an integer, got " + to_text(j));
}

class Writer final : public StateVisitor {
 public:
  explicit Writer(json& out) : out_(out) {}
  void field(std::string_view k, double& v) override { out_[std::string(k)] = v; }
  void field(std::string_view k, std::int64_t& v) override { out_[std::string(k)] = v; }
  void field(std::string_view k, bool& v) override { out_[std::string(k)] = v; }
  void field(std::string_view k, std::string& v) override { out_[std::string(k)] = v; }
  void field(std::string_view k, std::vector<double>& v) override {
    json a = json::array();
    for (double x : v) a.push_back(x);
    out_[std::string(k)] = std::move(a);
  }
  void field(std::string_view k, std::vector<std::int64_t>& v) override {
    out_[std::string(k)] = v;
  }
  void field(std::string_view k, std::optional<double>& v) override {
    out_[std::string(k)] = v ? json(*v) : json(nullptr);
  }
  void children(std::string_view k, std::span<const std::unique_ptr<Scheduler>> c) override;

 private:
  json& out_;
};

json scheduler_to_json(Scheduler& s) {
  json state = json::object();
  Writer writer(state);
  s.visit_state(writer);
  return json{{"class", std::string(s.name())}, {"state", std::move(state)}};
}

void Writer::children(std::string_view k, std::span<const std::unique_ptr<Scheduler>> c) {
  json a = json::array();
  for (const auto& s : c) a.push_back(scheduler_to_json(*s));
  out_[std::string(k)] = std::move(a);
}

// Reads fields back into a scheduler. It writes as it goes: `load_state` restores the scheduler
// from a snapshot when a later field, or the class's own check of the values, refuses the state.
class Reader final : public StateVisitor {
 public:
  // `groups`: the length every per-group list must have; none when restoring a snapshot.
  Reader(const json& in, std::optional<std::size_t> groups, std::string path, NonFinite spelling)
      : in_(in), groups_(groups), path_(std::move(path)), spelling_(spelling) {}

  void field(std::string_view k, double& v) override { v = decode_double(at(k), k, spelling_); }
  void field(std::string_view k, std::int64_t& v) override { v = decode_int(at(k), k); }
  void field(std::string_view k, bool& v) override {
    const json& j = at(k);
    if (!j.is_boolean()) fail(k, "a boolean", j);
    v = j.get<bool>();
  }
  void field(std::string_view k, std::string& v) override {
    const json& j = at(k);
    if (!j.is_string()) fail(k, "a string", j);
    v = j.get<std::string>();
  }
  void field(std::string_view k, std::vector<double>& v) override {
    const json& j = array_at(k);
    std::vector<double> out;
    out.reserve(j.size());
    for (const auto& x : j) out.push_back(decode_double(x, k, spelling_));
    v = std::move(out);
  }
  void field(std::string_view k, std::vector<std::int64_t>& v) override {
    const json& j = array_at(k);
    std::vector<std::int64_t> out;
    out.reserve(j.size());
    for (const auto& x : j) out.push_back(decode_int(x, k));
    v = std::move(out);
  }
  void group_field(std::string_view k, std::vector<double>& v) override {
    const json& j = array_at(k);
    if (groups_ && j.size() != *groups_) {
      throw StateError("field '" + path_ + std::string(k) + "' holds " + std::to_string(j.size()) +
                       " values, the optimizer has " + std::to_string(*groups_) + " param groups");
    }
    field(k, v);
  }
  void field(std::string_view k, std::optional<double>& v) override {
    const json& j = at(k);
    v = j.is_null() ? std::optional<double>()
                    : std::optional<double>(decode_double(j, k, spelling_));
  }
  void children(std::string_view k, std::span<const std::unique_ptr<Scheduler>> c) override {
    const json& j = array_at(k);
    if (j.size() != c.size()) {
      throw StateError(path_ + std::string(k) + " holds " + std::to_string(j.size()) +
                       " schedulers, this scheduler has " + std::to_string(c.size()));
    }
    for (std::size_t i = 0; i < c.size(); ++i) {
      read_scheduler(*c[i], j[i], groups_, path_ + std::string(k) + "[" + std::to_string(i) + "].",
                     spelling_);
    }
  }

  static void read_scheduler(Scheduler& s, const json& doc, std::optional<std::size_t> groups,
                             const std::string& path, NonFinite spelling) {
    if (!doc.is_object() || !doc.contains("class") || !doc["class"].is_string() ||
        !doc.contains("state") || !doc["state"].is_object()) {
      throw StateError(path + "scheduler entry needs a \"class\" string and a \"state\" object");
    }
    const auto& cls = doc["class"].get_ref<const std::string&>();
    if (cls != s.name()) {
      throw StateError("state is for " + cls + " but the scheduler" +
                       (path.empty() ? "" : " at " + path.substr(0, path.size() - 1)) + " is " +
                       std::string(s.name()));
    }
    Reader reader(doc["state"], groups, path, spelling);
    s.visit_state(reader);
  }

 private:
  const json& at(std::string_view k) const {
    const auto it = in_.find(std::string(k));
    if (it == in_.end()) throw StateError("missing field '" + path_ + std::string(k) + "'");
    return *it;
  }
  const json& array_at(std::string_view k) const {
    const json& j = at(k);
    if (!j.is_array()) fail(k, "a list", j);
    return j;
  }
  [[noreturn]] void fail(std::string_view k, std::string_view what, const json& j) const {
    throw StateError("field '" + path_ + std::string(k) + "' should be " + std::string(what) +
                     ", got " + to_text(j));
  }

  const json& in_;
  std::optional<std::size_t> groups_;
  std::string path_;
  NonFinite spelling_;
};

json optimizer_to_json(const OptimizerView& opt) {
  json groups = json::array();
  for (std::size_t i = 0; i < opt.num_groups(); ++i) {
    json g = json::object();
    g["lr"] = opt.lr(i);
    if (opt.momentum_kind() != MomentumKind::none) g["momentum"] = opt.momentum(i);
    for (std::size_t k = 0; k < kGroupKeyCount; ++k) {
      const auto key = static_cast<GroupKey>(k);
      if (auto v = opt.key(i, key)) g[std::string(to_string(key))] = *v;
    }
    groups.push_back(std::move(g));
  }
  return json{{"type", std::string(opt.type_name())}, {"groups", std::move(groups)}};
}

// Checks the optimizer part; writes it only when `apply`.
void read_optimizer(OptimizerView& opt, const json& doc, bool apply, NonFinite spelling) {
  if (!doc.is_object() || !doc.contains("groups") || !doc["groups"].is_array()) {
    throw StateError("optimizer entry needs a \"groups\" list");
  }
  const json& groups = doc["groups"];
  if (groups.size() != opt.num_groups()) {
    throw StateError("state has " + std::to_string(groups.size()) +
                     " param groups, the optimizer has " + std::to_string(opt.num_groups()));
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const json& g = groups[i];
    if (!g.is_object() || !g.contains("lr")) {
      throw StateError("param group " + std::to_string(i) + " has no lr");
    }
    const double lr = decode_double(g["lr"], "lr", spelling);
    std::optional<double> momentum;
    if (opt.momentum_kind() != MomentumKind::none && g.contains("momentum")) {
      momentum = decode_double(g["momentum"], "momentum", spelling);
    }
    std::array<std::optional<double>, kGroupKeyCount> keys{};
    for (std::size_t k = 0; k < kGroupKeyCount; ++k) {
      const std::string name(to_string(static_cast<GroupKey>(k)));
      if (g.contains(name)) keys[k] = decode_double(g[name], name, spelling);
    }
    if (!apply) continue;
    opt.set_lr(i, lr);
    if (momentum) opt.set_momentum(i, *momentum);
    for (std::size_t k = 0; k < kGroupKeyCount; ++k) {
      if (keys[k]) opt.set_key(i, static_cast<GroupKey>(k), *keys[k]);
    }
  }
}

}  // namespace

std::string save_state(Scheduler& scheduler, const OptimizerView& optimizer,
                       const StateInfo& info) {
  json doc = {{"format", kFormatName},
              {"version", kStateFormatVersion},
              {"class", std::string(scheduler.name())},
              {"spec", info.spec},
              {"steps", info.steps},
              {"scheduler", scheduler_to_json(scheduler)},
              {"optimizer", optimizer_to_json(optimizer)}};
  doc["checksum"] = checksum_of(doc);
  return to_text(doc, 1) + "\n";
}

StateInfo load_state(Scheduler& scheduler, OptimizerView& optimizer, std::string_view document) {
  if (document.empty()) throw StateError("state file is empty");
  json doc;
  try {
    doc = io::parse_json(document);
  } catch (const json::parse_error& e) {
    if (e.byte >= document.size()) {
      throw StateError("state file is truncated: the document ends unfinished after " +
                       std::to_string(document.size()) + " bytes");
    }
    throw StateError(std::string("not valid JSON (") + e.what() + ")");
  } catch (const json::exception& e) {
    throw StateError(std::string("not valid JSON (") + e.what() + ")");
  }
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kFormatName) {
    throw StateError("not an lrsched state file (no \"format\": \"lrsched-state\")");
  }
  if (!doc.contains("version") || !doc["version"].is_number_integer()) {
    throw StateError("state file has no integer \"version\"");
  }
  const auto version = doc["version"].get<std::int64_t>();
  if (version > kStateFormatVersion || version < 1) {
    throw StateError("state file version " + std::to_string(version) +
                     " is not supported (this lrsched reads version " +
                     std::to_string(kStateFormatVersion) + ")");
  }
  if (version >= 2) {
    const auto it = doc.find("checksum");
    if (it == doc.end() || !it->is_string()) throw StateError("state file has no \"checksum\"");
    const std::string recorded = it->get<std::string>();
    doc.erase("checksum");
    const std::string actual = checksum_of(doc);
    if (recorded != actual) {
      throw StateError("state file is corrupt: its checksum " + recorded +
                       " does not match its contents (" + actual + ")");
    }
    if (!doc.contains("class") || !doc["class"].is_string()) {
      throw StateError("state file has no \"class\" string");
    }
    const auto& cls = doc["class"].get_ref<const std::string&>();
    if (cls != scheduler.name()) {
      throw StateError("state file is for " + cls + ", not " + std::string(scheduler.name()));
    }
  }
  if (!doc.contains("scheduler") || !doc.contains("optimizer")) {
    throw StateError("state file needs \"scheduler\" and \"optimizer\" entries");
  }
  StateInfo info;
  if (doc.contains("spec") && doc["spec"].is_string()) info.spec = doc["spec"].get<std::string>();
  if (doc.contains("steps")) info.steps = decode_int(doc["steps"], "steps");
  // A refused document changes nothing: the optimizer part is checked before it is written, and
  // the scheduler, whose classes check their values as they read them, goes back to a snapshot.
  const std::size_t groups = optimizer.num_groups();
  const json snapshot = scheduler_to_json(scheduler);
  try {
    const NonFinite spelling = spelling_of(version);
    read_optimizer(optimizer, doc["optimizer"], false, spelling);
    try {
      Reader::read_scheduler(scheduler, doc["scheduler"], groups, "", spelling);
    } catch (...) {
      Reader::read_scheduler(scheduler, snapshot, std::nullopt, "", NonFinite::kNumbers);
      throw;
    }
    read_optimizer(optimizer, doc["optimizer"], true, spelling);
  } catch (const StateError&) {
    throw;
  } catch (const Error& e) {
    throw StateError(std::string("state rejected: ") + std::string(e.type()) + ": " + e.what());
  } catch (const json::exception& e) {
    throw StateError(std::string("malformed state: ") + e.what());
  }
  return info;
}

void save_state_file(Scheduler& scheduler, const OptimizerView& optimizer, const std::string& path,
                     const StateInfo& info) {
  const std::string text = save_state(scheduler, optimizer, info);
  try {
    io::write_file_atomically(path, text);
  } catch (const RuntimeError& e) {
    throw StateError(e.what());
  }
}

StateInfo load_state_file(Scheduler& scheduler, OptimizerView& optimizer, const std::string& path) {
  std::string text;
  try {
    text = io::read_file(path);
  } catch (const RuntimeError& e) {
    throw StateError(e.what());
  }
  return load_state(scheduler, optimizer, text);
}

}  // namespace lrsched
