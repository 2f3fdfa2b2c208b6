// Counting global operator new for the benchmark binaries (alloc_counter.cpp replaces it).
#pragma once

#include <cstdint>

namespace lrsched_bench {

/// Allocations (every form of operator new) made by this thread while counting was on.
[[nodiscard]] std::uint64_t allocations() noexcept;

/// Turns counting off for its lifetime: set-up that is not part of what is measured.
class NotCounted {
 public:
  NotCounted() noexcept;
  ~NotCounted();
  NotCounted(const NotCounted&) = delete;
  NotCounted& operator=(const NotCounted&) = delete;

 private:
  bool previous_;
};

}  // namespace lrsched_bench
