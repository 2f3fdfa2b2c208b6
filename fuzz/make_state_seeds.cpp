// Writes the state seed corpus: for every setup of state_setups.hpp, the saved state after 0, 3
// and 12 steps, and the 3-step state once more as a version 1 document (no checksum), which lets
// the fuzzer change values without having to match a CRC. The corpus also holds seeds this tool
// does not write: a partial and a truncated document, a newer version, and version 2 documents
// (inf spelled as a string) of ReduceLROnPlateau ("-3-v2").
//   make_state_seeds DIR
#include <cstdio>
#include <exception>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "io/json_text.hpp"
#include "state_setups.hpp"

namespace {

void step(lrsched::Scheduler& scheduler, int i) {
  // A metric that improves, then stalls: reductions and cooldown.
  scheduler.advance(lrsched::step_input(scheduler.stepping(), i, static_cast<double>(i % 3)));
}

// The same document in format version 1: no top-level class, no checksum. (Read and written as
// the library does: a plateau's state holds Infinity, which nlohmann alone refuses.)
std::string as_version_1(const std::string& document) {
  auto doc = lrsched::io::parse_json(document);
  doc["version"] = 1;
  doc.erase("checksum");
  doc.erase("class");
  return lrsched::io::dump_json(doc, 1) + "\n";
}

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_state_seeds DIR\n");
    return 2;
  }
  try {
    const std::vector<lrsched_fuzz::Setup>& setups = lrsched_fuzz::setups();
    for (std::size_t index = 0; index < setups.size(); ++index) {
      lrsched_fuzz::Run run(setups[index]);
      const std::string name = std::string(argv[1]) + "/" + std::to_string(index) + "-" +
                               std::string(run.scheduler->name()) + "-";
      for (int i = 0; i <= 12; ++i) {
        if (i == 0 || i == 3 || i == 12) {
          const lrsched::StateInfo info{setups[index].spec, i};
          const std::string document = lrsched::save_state(*run.scheduler, run.optimizer, info);
          // The first byte picks the setup; the document follows.
          const char setup = static_cast<char>(index);
          write(name + std::to_string(i), setup + document);
          if (i == 3) write(name + "3-v1", setup + as_version_1(document));
        }
        step(*run.scheduler, i);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_state_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
