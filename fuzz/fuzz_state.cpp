// State document -> load_state into a fixed scheduler, then a few steps and a save. The first
// byte picks the scheduler; the rest is the document. StateError is the expected failure;
// anything else is a bug, and so are these broken promises (checked with abort()):
//   - a refused document leaves the scheduler and the optimizer exactly as they were;
//   - a state that loaded saves to a document that loads again into a fresh scheduler.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lrsched/error.hpp"
#include "state_setups.hpp"

namespace {

using lrsched_fuzz::Run;
using lrsched_fuzz::Setup;
using lrsched_fuzz::setups;

void check(bool promise_kept) {
  if (!promise_kept) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Setup& setup = setups()[data[0] % setups().size()];
  // libFuzzer hands bytes; the loader takes text.
  const std::string_view document(reinterpret_cast<const char*>(data) + 1, size - 1);

  Run run(setup);
  const std::string before = run.save();
  try {
    (void)lrsched::load_state(*run.scheduler, run.optimizer, document);
  } catch (const lrsched::StateError&) {
    check(run.save() == before);
    return 0;
  }
  {
    Run fresh(setup);
    (void)lrsched::load_state(*fresh.scheduler, fresh.optimizer, run.save());
    check(fresh.save() == run.save());
  }
  // A loaded state must be usable: stepping may raise a Python-level error, never crash.
  try {
    for (int i = 0; i < 10; ++i) {
      run.scheduler->advance(lrsched::step_input(run.scheduler->stepping(), i, 1.0));
    }
    (void)run.save();
  } catch (const lrsched::Error&) {
  }
  return 0;
}
