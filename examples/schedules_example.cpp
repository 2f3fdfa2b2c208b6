// A schedule built from pure schedules (a warmup, then a cosine), applied to an optimizer with
// ScheduleLR, saved after 40 steps and resumed in a fresh scheduler, as docs/schedules.md shows.
// Prints every tenth step; exits 1 if the resumed run differs from the uninterrupted one.
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include "lrsched/lrsched.hpp"
#include "lrsched/state_json.hpp"
#include "no_options.hpp"  // --help, --version

int main(int argc, char** argv) {
  if (auto status = lrsched::examples::no_options(argc, argv, "schedules_example",
                                                  "A warmup-cosine schedule, saved and resumed."))
    return *status;
  namespace sch = lrsched::schedules;
  // Factors of each group's initial lr: 0 to 1 over 10 steps, then a cosine to 0.01 in 90 more.
  const sch::Schedule schedule = sch::warmup_then(10, 0.0, sch::cosine(1.0, 0.01, 90));

  auto optimizer = lrsched::InMemoryOptimizer::like("sgd", {0.1, 0.01});  // or your OptimizerView
  lrsched::ScheduleLR scheduler(optimizer, {.schedule = schedule});  // lr = initial_lr * factor
  std::string checkpoint;
  std::vector<double> lrs;  // group 0's lr after each step
  for (int step = 0; step < 100; ++step) {
    if (step == 40) checkpoint = lrsched::save_state(scheduler, optimizer);
    // ... train one step with optimizer.lr(0) and optimizer.lr(1) ...
    scheduler.step();
    lrs.push_back(optimizer.lr(0));
    if (step % 10 == 9)
      std::printf("step %3d  lr %.6f  %.6f\n", step + 1, lrs.back(), optimizer.lr(1));
  }

  // Later, in another process: the same schedule, then the saved state.
  auto restarted = lrsched::InMemoryOptimizer::like("sgd", {0.1, 0.01});
  lrsched::ScheduleLR resumed(restarted, {.schedule = schedule});
  lrsched::load_state(resumed, restarted, checkpoint);
  for (std::size_t step = 40; step < 100; ++step) {
    resumed.step();
    if (restarted.lr(0) != lrs[step]) {
      std::fprintf(stderr, "resumed run differs at step %zu\n", step + 1);
      return 1;
    }
  }
  std::printf("resumed from step 40: the same %zu lrs, bit for bit\n", lrs.size() - 40);
  return 0;
}
