// Checkpoints: the second translation unit of the adapter that includes torch (archives only).
#include "lrsched/torch/checkpoint.hpp"

#include <fcntl.h>
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/archive.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "io/json_text.hpp"
#include "lrsched/error.hpp"
#include "lrsched/io/atomic_file.hpp"
#include "lrsched/state_json.hpp"

namespace lrsched::torch {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kManifest = "checkpoint.json";
constexpr const char* kFormat = "lrsched-torch-checkpoint";
// Version 2 writes inf and nan as numbers (NaN, Infinity, -Infinity), as every JSON document of
// lrsched; version 1 spelled them as strings ("inf", "-inf", "nan"), still read.
constexpr int kVersion = 2;

std::string errno_text(int err) { return std::strerror(err); }

// Flushes a file (or folder) to disk, so that the manifest never names data still in the cache.
void sync_path(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StateError("cannot open " + path.string() + ": " + errno_text(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  // Some file systems cannot sync folders (EINVAL); the data files are what matters.
  if (rc != 0 && !(directory && err == EINVAL)) {
    throw StateError("cannot flush " + path.string() + ": " + errno_text(err));
  }
}

double decode(const json& j, const std::string& what, std::int64_t version) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string() && version == 1) {
    const auto& s = j.get_ref<const std::string&>();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
  }
  throw StateError("checkpoint manifest: " + what + " is not a number: " + io::dump_json(j));
}

// The error's text on one line (libtorch's messages span several, with a backtrace).
std::string what_of(const std::exception& e) {
  const auto* c10 = dynamic_cast<const c10::Error*>(&e);
  std::string text = c10 != nullptr ? c10->what_without_backtrace() : e.what();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& ch : text) {
    if (ch == '\n') ch = ' ';
  }
  return text;
}

// "model-12.pt" -> 12 for the given stem and extension; -1 for any other name.
std::int64_t generation_of(const std::string& name, const std::string& stem,
                           const std::string& ext) {
  const std::string prefix = stem + "-";
  if (name.size() <= prefix.size() + ext.size() || name.rfind(prefix, 0) != 0 ||
      name.compare(name.size() - ext.size(), ext.size(), ext) != 0) {
    return -1;
  }
  const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - ext.size());
  if (digits.empty() || digits.size() > 18 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  return std::stoll(digits);
}

// libtorch's Module::load replaces each tensor with the saved one (`set_`), whatever its shape:
// a checkpoint of another architecture would load silently. Check names, shapes and dtypes first.
void check_archive_fits(const ::torch::nn::Module& module,
                        ::torch::serialize::InputArchive& archive, const std::string& prefix) {
  auto check = [&](const std::string& key, const at::Tensor& have, bool is_buffer) {
    at::Tensor saved;
    if (!archive.try_read(key, saved, is_buffer)) {
      throw StateError("the checkpoint has no " +
                       std::string(is_buffer ? "buffer " : "parameter ") + prefix + key);
    }
    if (saved.sizes() != have.sizes() || saved.scalar_type() != have.scalar_type()) {
      std::ostringstream text;
      text << prefix << key << " is " << saved.sizes() << " " << saved.scalar_type()
           << " in the checkpoint, " << have.sizes() << " " << have.scalar_type()
           << " in the model";
      throw StateError(text.str());
    }
  };
  for (const auto& p : module.named_parameters(/*recurse=*/false)) check(p.key(), p.value(), false);
  for (const auto& b : module.named_buffers(/*recurse=*/false)) check(b.key(), b.value(), true);
  for (const auto& child : module.named_children()) {
    ::torch::serialize::InputArchive child_archive;
    if (!archive.try_read(child.key(), child_archive)) {
      throw StateError("the checkpoint has no submodule " + prefix + child.key());
    }
    check_archive_fits(*child.value(), child_archive, prefix + child.key() + ".");
  }
}

json read_manifest(const fs::path& dir) {
  const fs::path path = dir / kManifest;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw StateError("no checkpoint in " + dir.string() + " (" + path.string() + ": " +
                     errno_text(errno) + ")");
  }
  std::ostringstream text;
  text << in.rdbuf();
  json doc;
  try {
    doc = io::parse_json(text.str());
  } catch (const json::exception& e) {
    throw StateError(path.string() + " is not valid JSON (" + e.what() + ")");
  }
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kFormat) {
    throw StateError(path.string() + " is not an lrsched checkpoint manifest");
  }
  if (!doc.contains("version") || !doc["version"].is_number_integer() ||
      doc["version"].get<std::int64_t>() < 1 || doc["version"].get<std::int64_t>() > kVersion) {
    throw StateError(path.string() + ": unsupported checkpoint version (this lrsched reads " +
                     std::to_string(kVersion) + ")");
  }
  for (const char* key : {"model", "optimizer", "scheduler"}) {
    if (!doc.contains(key) || !doc[key].is_string() ||
        doc[key].get<std::string>().find('/') != std::string::npos) {
      throw StateError(path.string() + ": no file name for \"" + key + "\"");
    }
  }
  return doc;
}

CheckpointInfo info_of(const json& manifest) {
  CheckpointInfo info;
  try {
    if (manifest.contains("spec") && manifest["spec"].is_string()) {
      info.spec = manifest["spec"].get<std::string>();
    }
    if (manifest.contains("steps")) info.steps = manifest["steps"].get<std::int64_t>();
    if (manifest.contains("extra") && manifest["extra"].is_object()) {
      for (const auto& [key, value] : manifest["extra"].items()) {
        info.extra[key] = decode(value, "extra." + key, manifest["version"].get<std::int64_t>());
      }
    }
  } catch (const json::exception& e) {
    throw StateError("checkpoint manifest: " + std::string(e.what()));
  }
  return info;
}

}  // namespace

bool has_checkpoint(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kManifest, ec);
}

void save_checkpoint(const fs::path& dir, const ::torch::nn::Module& module,
                     const ::torch::optim::Optimizer& optimizer, Scheduler& scheduler,
                     const OptimizerAdapter& adapter, const CheckpointInfo& info) {
  if (&adapter.optimizer() != &optimizer) {
    throw ValueError("save_checkpoint: the adapter is not a view of this optimizer");
  }
  if (&scheduler.optimizer() != &adapter) {
    throw ValueError("save_checkpoint: the scheduler is not attached to this adapter");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw StateError("cannot create " + dir.string() + ": " + ec.message());

  // The next generation: one past every generation present, whatever the manifest says.
  std::int64_t generation = 0;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    for (const auto& [stem, ext] : {std::pair{"model", ".pt"}, std::pair{"optimizer", ".pt"},
                                    std::pair{"scheduler", ".json"}}) {
      generation = std::max(generation, generation_of(name, stem, ext) + 1);
    }
  }
  const std::string g = std::to_string(generation);
  const std::string model_name = "model-" + g + ".pt";
  const std::string optimizer_name = "optimizer-" + g + ".pt";
  const std::string scheduler_name = "scheduler-" + g + ".json";

  try {
    ::torch::serialize::OutputArchive model_archive;
    module.save(model_archive);
    model_archive.save_to((dir / model_name).string());
    ::torch::serialize::OutputArchive optimizer_archive;
    optimizer.save(optimizer_archive);
    optimizer_archive.save_to((dir / optimizer_name).string());
  } catch (const c10::Error& e) {
    throw StateError("cannot save checkpoint into " + dir.string() + ": " + what_of(e));
  }
  sync_path(dir / model_name, false);
  sync_path(dir / optimizer_name, false);
  save_state_file(scheduler, adapter, (dir / scheduler_name).string(),
                  StateInfo{.spec = info.spec, .steps = info.steps});

  json extra = json::object();
  for (const auto& [key, value] : info.extra) extra[key] = value;
  const json manifest = {
      {"format", kFormat},           {"version", kVersion},
      {"generation", generation},    {"model", model_name},
      {"optimizer", optimizer_name}, {"optimizer_type", std::string(adapter.type_name())},
      {"scheduler", scheduler_name}, {"scheduler_type", std::string(scheduler.name())},
      {"spec", info.spec},           {"steps", info.steps},
      {"extra", std::move(extra)}};
  // Names and spec come from the caller: bytes that are not UTF-8 become U+FFFD, not an exception.
  try {
    io::write_file_atomically((dir / kManifest).string(), io::dump_json(manifest, 1) + "\n");
  } catch (const RuntimeError& e) {
    throw StateError(e.what());
  }
  sync_path(dir, true);

  // The new checkpoint is in place: older generations can go.
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    for (const auto& [stem, ext] : {std::pair{"model", ".pt"}, std::pair{"optimizer", ".pt"},
                                    std::pair{"scheduler", ".json"}}) {
      const std::int64_t gen = generation_of(name, stem, ext);
      if (gen >= 0 && gen != generation) fs::remove(entry.path(), ec);
    }
  }
}

CheckpointInfo load_checkpoint(const fs::path& dir, ::torch::nn::Module& module,
                               ::torch::optim::Optimizer& optimizer, Scheduler& scheduler,
                               OptimizerAdapter& adapter) {
  if (&adapter.optimizer() != &optimizer) {
    throw ValueError("load_checkpoint: the adapter is not a view of this optimizer");
  }
  if (&scheduler.optimizer() != &adapter) {
    throw ValueError("load_checkpoint: the scheduler is not attached to this adapter");
  }
  const json manifest = read_manifest(dir);
  CheckpointInfo info = info_of(manifest);
  // Mismatches libtorch would report as internal assertions, or not at all.
  const auto type_of = [&manifest](const char* key) {
    return manifest.contains(key) && manifest[key].is_string() ? manifest[key].get<std::string>()
                                                               : std::string();
  };
  if (const std::string type = type_of("optimizer_type");
      !type.empty() && type != adapter.type_name()) {
    throw StateError("the checkpoint in " + dir.string() + " is for a " + type +
                     " optimizer, not " + std::string(adapter.type_name()));
  }
  if (const std::string type = type_of("scheduler_type");
      !type.empty() && type != scheduler.name()) {
    throw StateError("the checkpoint in " + dir.string() + " is for a " + type +
                     " scheduler, not " + std::string(scheduler.name()));
  }

  const fs::path model_path = dir / manifest["model"].get<std::string>();
  const fs::path optimizer_path = dir / manifest["optimizer"].get<std::string>();
  const fs::path scheduler_path = dir / manifest["scheduler"].get<std::string>();
  for (const auto& path : {model_path, optimizer_path, scheduler_path}) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
      throw StateError("checkpoint file missing: " + path.string());
  }
  try {
    ::torch::serialize::InputArchive model_archive;
    model_archive.load_from(model_path.string());
    check_archive_fits(module, model_archive, "");
    module.load(model_archive);
  } catch (const StateError& e) {
    throw StateError("cannot load " + model_path.string() + ": " + e.what());
  } catch (const std::exception& e) {
    throw StateError("cannot load " + model_path.string() + ": " + what_of(e));
  }
  try {
    ::torch::serialize::InputArchive optimizer_archive;
    optimizer_archive.load_from(optimizer_path.string());
    optimizer.load(optimizer_archive);
  } catch (const std::exception& e) {
    throw StateError("cannot load " + optimizer_path.string() + ": " + what_of(e));
  }
  // Last: the param groups' lr, momentum and keys come from here (see the header).
  (void)load_state_file(scheduler, adapter, scheduler_path.string());
  return info;
}

CheckpointInfo read_checkpoint_info(const fs::path& dir) { return info_of(read_manifest(dir)); }

}  // namespace lrsched::torch
