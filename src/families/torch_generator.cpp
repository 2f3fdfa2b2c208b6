#include "families/torch_generator.hpp"

#include <cmath>
#include <numbers>

namespace lrsched::detail {

namespace {
constexpr int kShift = 397;  // MT19937's m
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpperMask = 0x80000000U;
constexpr std::uint32_t kLowerMask = 0x7fffffffU;

constexpr std::uint32_t twist(std::uint32_t u, std::uint32_t v) noexcept {
  return (((u & kUpperMask) | (v & kLowerMask)) >> 1U) ^ ((v & 1U) != 0 ? kMatrixA : 0U);
}
}  // namespace

void Mt19937::seed_with(std::uint64_t seed) noexcept {
  state_[0] = static_cast<std::uint32_t>(seed & 0xffffffffU);
  for (std::size_t j = 1; j < state_.size(); ++j) {
    const std::uint32_t prev = state_[j - 1];
    state_[j] = 1812433253U * (prev ^ (prev >> 30U)) + static_cast<std::uint32_t>(j);
  }
  left_ = 1;
  next_ = 0;
}

void Mt19937::next_state() noexcept {
  constexpr std::size_t kN = kStateSize;
  constexpr std::size_t kM = kShift;
  std::size_t i = 0;
  for (; i < kN - kM; ++i) state_[i] = state_[i + kM] ^ twist(state_[i], state_[i + 1]);
  for (; i < kN - 1; ++i) state_[i] = state_[i + kM - kN] ^ twist(state_[i], state_[i + 1]);
  state_[kN - 1] = state_[kM - 1] ^ twist(state_[kN - 1], state_[0]);
  left_ = kStateSize;
  next_ = 0;
}

double TorchCpuGenerator::normal() noexcept {
  // transformation::normal(x, kMean, std) is `x * std + kMean`, here with kMean 0 and std 1: the
  // `+ 0.0` turns a -0.0 into 0.0, as ATen's does.
  constexpr double kMean = 0.0;
  constexpr double kStdv = 1.0;
  if (has_next_normal_) {
    has_next_normal_ = false;
    return next_normal_ * kStdv + kMean;
  }
  // uniform_real_distribution<double>(0, 1): 53 bits of random64(); `x * (to - from) + from` is x.
  constexpr std::uint64_t kMask = (std::uint64_t{1} << 53U) - 1;
  constexpr double kDivisor = 1.0 / static_cast<double>(std::uint64_t{1} << 53U);
  const double u1 = static_cast<double>(random64() & kMask) * kDivisor;
  const double u2 = static_cast<double>(random64() & kMask) * kDivisor;
  const double r = std::sqrt(-2.0 * std::log1p(-u2));
  const double theta = 2.0 * std::numbers::pi * u1;
  next_normal_ = r * std::sin(theta);
  has_next_normal_ = true;
  return r * std::cos(theta) * kStdv + kMean;
}

float TorchCpuGenerator::rand1() noexcept {
  // uniform_real_distribution<float>(0, 1): 24 bits of random(), exact in float.
  constexpr std::uint32_t kMask = (std::uint32_t{1} << 24U) - 1;
  constexpr float kDivisor = 1.0F / static_cast<float>(std::uint32_t{1} << 24U);
  return static_cast<float>(random() & kMask) * kDivisor;
}

double timm_noise(std::uint64_t seed, bool normal, double noise_pct) noexcept {
  // 2.5 KiB on the stack, no allocation. Seeding (624 dependent steps) and the first twist are
  // most of the cost: about 2.3 us per noise on the development machine, normal or uniform
  // alike, where a draw from a seeded generator costs about 25 ns.
  TorchCpuGenerator g(seed);
  if (normal) {
    for (;;) {
      const double noise = g.randn1();
      if (std::abs(noise) < noise_pct) return noise;
    }
  }
  return 2 * (static_cast<double>(g.rand1()) - 0.5) * noise_pct;
}

}  // namespace lrsched::detail
