// Runs one function on several threads at once and returns each thread's result: the tests of
// what may be shared between threads compare these with a single-threaded run.
#pragma once

#include <thread>
#include <vector>

namespace lrsched_test {

template <class F>
auto run_concurrently(const F& run, int threads) {
  std::vector<decltype(run())> results(static_cast<std::size_t>(threads));
  std::vector<std::thread> workers;
  for (auto& r : results) workers.emplace_back([&r, &run] { r = run(); });
  for (auto& w : workers) w.join();
  return results;
}

}  // namespace lrsched_test
