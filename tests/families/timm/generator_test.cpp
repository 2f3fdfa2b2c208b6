// PyTorch's CPU generator as timm's noise draws from it, against real torch's draws
// (tests/golden/families/torch_generator.json, written by tools/gen_torch_generator_golden.py).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "cases.hpp"
#include "families/torch_generator.hpp"

namespace timm_test {
namespace {

using lrsched::detail::Mt19937;
using lrsched::detail::TorchCpuGenerator;

nlohmann::json load_generator_golden() {
  const std::string path = std::string(LRSCHED_FAMILY_GOLDEN_DIR) + "/torch_generator.json";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return nlohmann::json::parse(in);
}

// A Python int seed as torch's manual_seed takes it: a negative one as its two's complement.
std::uint64_t seed_of(const nlohmann::json& seed) {
  if (seed.is_number_unsigned()) return seed.get<std::uint64_t>();
  return static_cast<std::uint64_t>(seed.get<std::int64_t>());
}

TEST(TorchGenerator, EveryDrawEqualsTorchBitForBit) {
  const nlohmann::json doc = load_generator_golden();
  std::size_t draws = 0;
  std::size_t normals = 0;
  for (const auto& c : doc.at("cases")) {
    const std::string kinds = c.at("draws").get<std::string>();
    const auto values = c.at("values").get<std::vector<double>>();
    ASSERT_EQ(kinds.size(), values.size());
    TorchCpuGenerator g(seed_of(c.at("seed")));
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      const double got =
          kinds[i] == 'n' ? static_cast<double>(g.randn1()) : static_cast<double>(g.rand1());
      ASSERT_TRUE(SameBits(got, values[i]))
          << "seed " << c.at("seed").dump() << ", draw " << i << " (" << kinds[i] << ")";
      ++draws;
      if (kinds[i] == 'n') ++normals;
    }
  }
  EXPECT_GE(draws, 2500U);
  EXPECT_GE(normals, 1000U);
}

// at::mt19937 is the standard MT19937 (init_genrand seeding): the C++ standard pins
// std::mt19937's 10000th output for the default seed, and its whole sequence for any seed.
TEST(TorchGenerator, EngineIsTheStandardMersenneTwister) {
  Mt19937 engine;
  std::uint32_t last = 0;
  for (int i = 0; i < 10000; ++i) last = engine();
  EXPECT_EQ(last, 4123659995U);
  for (const std::uint32_t seed : {0U, 1U, 42U, 0xffffffffU}) {
    Mt19937 ours(seed);
    std::mt19937 standard(seed);
    for (int i = 0; i < 2000; ++i) ASSERT_EQ(ours(), standard()) << "seed " << seed << ", " << i;
  }
  // Only the low 32 bits of the seed count.
  Mt19937 wide((std::uint64_t{7} << 32U) | 5U);
  Mt19937 narrow(5);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(wide(), narrow());
}

TEST(TorchGenerator, ManualSeedForgetsTheCachedNormal) {
  TorchCpuGenerator a(3);
  const float first = a.randn1();  // caches the pair's second value
  a.manual_seed(3);
  EXPECT_EQ(a.randn1(), first);
  TorchCpuGenerator b(3);
  (void)b.randn1();
  (void)b.rand1();  // a uniform draw leaves the cached normal in place
  TorchCpuGenerator c(3);
  (void)c.randn1();
  EXPECT_EQ(b.randn1(), c.randn1());
}

TEST(TorchGenerator, TimmNoiseRejectsUntilSmallEnough) {
  // noise_pct 0.02 needs many draws; the result is the first small enough, below the bound.
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const double noise = lrsched::detail::timm_noise(seed, true, 0.02);
    EXPECT_LT(std::abs(noise), 0.02);
    TorchCpuGenerator g(seed);
    double expected = 1.0;
    do {
      expected = g.randn1();
    } while (!(std::abs(expected) < 0.02));
    EXPECT_TRUE(SameBits(noise, expected)) << "seed " << seed;
    TorchCpuGenerator u(seed);
    const double uniform = 2 * (static_cast<double>(u.rand1()) - 0.5) * 0.3;
    EXPECT_TRUE(SameBits(lrsched::detail::timm_noise(seed, false, 0.3), uniform));
  }
}

}  // namespace
}  // namespace timm_test
