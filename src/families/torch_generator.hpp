// PyTorch's CPU random generator, as far as timm's noise uses it: `torch.Generator()` seeded with
// `manual_seed`, then `torch.randn(1, generator=g)` and `torch.rand(1, generator=g)` on float32.
//
// What ATen does for those calls (CPUGeneratorImpl, MT19937RNGEngine.h, TransformationHelper.h,
// DistributionsHelper.h, and the CPU normal/uniform kernels, whose one-element tensors take the
// serial path):
// - the engine is MT19937 seeded by init_genrand with the low 32 bits of the 64-bit seed, and
//   `manual_seed` also forgets the cached normal;
// - `random()` is one 32-bit draw; `random64()` is (first draw << 32) | second draw;
// - `randn(1)` draws `at::normal_distribution<double>(0, 1)` and casts it to float32: Box-Muller
//   on two doubles u = (random64() & (2^53 - 1)) * 2^-53, r = sqrt(-2 * log1p(-u2)),
//   theta = 2 * pi * u1; it returns r * cos(theta) and caches r * sin(theta) in the generator,
//   which the next normal draw returns instead of drawing a new pair;
// - `rand(1)` is (random() & (2^24 - 1)) * 2^-24 in float32.
// PyTorch 1.13 computed r with log(1 - u2), the newest sources with log1p(-u2): the doubles differ
// in the last bit for a few percent of draws, the float32 results of randn(1) practically never
// (none in a million draws). This follows the newest sources.
#pragma once

#include <array>
#include <cstdint>

namespace lrsched::detail {

/// `at::mt19937`: MT19937 with its 624-word state inline (no allocation).
class Mt19937 {
 public:
  static constexpr int kStateSize = 624;

  explicit Mt19937(std::uint64_t seed = 5489) noexcept { seed_with(seed); }

  /// `init_with_uint32(seed & 0xffffffff)`.
  void seed_with(std::uint64_t seed) noexcept;

  /// The next tempered 32-bit output.
  std::uint32_t operator()() noexcept {
    if (--left_ == 0) next_state();
    std::uint32_t y = state_[static_cast<std::size_t>(next_++)];
    y ^= y >> 11U;
    y ^= (y << 7U) & 0x9d2c5680U;
    y ^= (y << 15U) & 0xefc60000U;
    y ^= y >> 18U;
    return y;
  }

 private:
  /// The twist that refills all 624 words.
  void next_state() noexcept;

  std::array<std::uint32_t, kStateSize> state_{};
  int left_ = 1;
  int next_ = 0;
};

/// `at::CPUGeneratorImpl` with the draws `randn(1)` and `rand(1)` make.
class TorchCpuGenerator {
 public:
  /// `torch.Generator().manual_seed(seed)`: a negative Python seed is its 64-bit two's complement.
  explicit TorchCpuGenerator(std::uint64_t seed) noexcept : engine_(seed) {}

  /// `g.manual_seed(seed)`.
  void manual_seed(std::uint64_t seed) noexcept {
    engine_.seed_with(seed);
    has_next_normal_ = false;
  }
  std::uint32_t random() noexcept { return engine_(); }
  std::uint64_t random64() noexcept {
    const std::uint64_t hi = engine_();
    const std::uint64_t lo = engine_();
    return (hi << 32U) | lo;
  }
  /// `at::normal_distribution<double>(0, 1)`, the cached second value first.
  double normal() noexcept;
  /// `torch.randn(1, generator=g).item()` (a float32 value).
  float randn1() noexcept { return static_cast<float>(normal()); }
  /// `torch.rand(1, generator=g).item()`.
  float rand1() noexcept;

 private:
  Mt19937 engine_;
  double next_normal_ = 0.0;
  bool has_next_normal_ = false;
};

/// timm's `Scheduler._calculate_noise(t)` for `seed = noise_seed + t`: with `normal`, the first
/// `randn(1)` whose magnitude is below `noise_pct` (rejection sampling; `noise_pct` must be
/// positive, or no draw ever qualifies); otherwise `2 * (rand(1) - 0.5) * noise_pct`.
[[nodiscard]] double timm_noise(std::uint64_t seed, bool normal, double noise_pct) noexcept;

}  // namespace lrsched::detail
