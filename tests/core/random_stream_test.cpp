#include "core/random_stream.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

namespace pasante {
namespace {

static_assert(std::uniform_random_bit_generator<RandomStream>);

std::vector<std::uint64_t> first_draws(RandomStream s, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s());
  return out;
}

// Mean and (unbiased) variance of n draws.
template <class Draw>
std::pair<double, double> moments(int n, Draw draw) {
  double sum = 0, sum_sq = 0;
  std::vector<double> xs(n);
  for (int i = 0; i < n; ++i) {
    xs[i] = static_cast<double>(draw());
    sum += xs[i];
  }
  const double mean = sum / n;
  for (double x : xs) sum_sq += (x - mean) * (x - mean);
  return {mean, sum_sq / (n - 1)};
}

constexpr int kDraws = 100000;

TEST(RandomStream, MatchesPhiloxKnownAnswer) {
  // Random123's known-answer vector for Philox4x64-10 with zero key and counter.
  RandomStream s(0, static_cast<StreamId>(0), 0, 0);
  EXPECT_EQ(s(), 0x16554d9eca36314cull);
  EXPECT_EQ(s(), 0xdb20fe9d672d0fdcull);
  EXPECT_EQ(s(), 0xd7e772cee186176bull);
  EXPECT_EQ(s(), 0x7e68b68aec7ba23bull);
}

TEST(RandomStream, KeyIsSeedAndProcessCounterIsEntityDayBlockSubstream) {
  // The layout documented in random_stream.hpp is part of the reproducibility contract.
  const std::uint64_t seed = 20220201, entity = 4711;
  const std::int64_t day = 123;
  r123::Philox4x64 philox;
  const r123::Philox4x64::key_type key{{seed, static_cast<std::uint64_t>(StreamId::consultation)}};
  for (const std::uint64_t substream : {std::uint64_t{0}, std::uint64_t{5}}) {
    RandomStream s(seed, StreamId::consultation, entity, day, substream);
    for (std::uint64_t block = 0; block < 3; ++block) {
      const auto expected =
          philox(r123::Philox4x64::ctr_type{{entity, static_cast<std::uint64_t>(day), block, substream}}, key);
      for (int i = 0; i < 4; ++i)
        EXPECT_EQ(s(), expected.v[i]) << "substream " << substream << " block " << block << " word " << i;
    }
  }
  // Substream 0 is the default.
  EXPECT_EQ(first_draws(RandomStream(seed, StreamId::consultation, entity, day), 8),
            first_draws(RandomStream(seed, StreamId::consultation, entity, day, 0), 8));
}

// Guards the substream's own counter word: it never clashes with an entity
// id, however large (the old second stream was entity + 2^40, which an id at
// or above 2^40 would have met).
TEST(RandomStream, SubstreamsNeverMeetAnotherEntitysStream) {
  constexpr std::uint64_t kBig = std::uint64_t{1} << 40;
  const auto second = first_draws(RandomStream(7, StreamId::consultation, 42, 10, 1), 8);
  EXPECT_NE(second, first_draws(RandomStream(7, StreamId::consultation, 42, 10), 8));
  EXPECT_NE(second, first_draws(RandomStream(7, StreamId::consultation, 42 | kBig, 10), 8));
  EXPECT_NE(first_draws(RandomStream(7, StreamId::consultation, 42, 10, 2), 8), second);
  // Substream and block are distinct coordinates: substream 1 is not block 1 of substream 0.
  auto first_stream = first_draws(RandomStream(7, StreamId::consultation, 42, 10), 8);
  EXPECT_NE(std::vector<std::uint64_t>(first_stream.begin() + 4, first_stream.end()),
            std::vector<std::uint64_t>(second.begin(), second.begin() + 4));
}

TEST(RandomStream, SameKeyGivesSameSequence) {
  const auto a = first_draws(RandomStream(7, StreamId::care_seeking, 42, 10), 37);
  const auto b = first_draws(RandomStream(7, StreamId::care_seeking, 42, 10), 37);
  EXPECT_EQ(a, b);
  // Copies continue identically from where they were copied.
  RandomStream c(7, StreamId::care_seeking, 42, 10);
  for (int i = 0; i < 5; ++i) (void)c();
  RandomStream d = c;
  EXPECT_EQ(first_draws(c, 10), first_draws(d, 10));
}

TEST(RandomStream, DifferentKeysGiveDifferentSequences) {
  const auto base = first_draws(RandomStream(7, StreamId::care_seeking, 42, 10), 8);
  EXPECT_NE(base, first_draws(RandomStream(8, StreamId::care_seeking, 42, 10), 8));   // seed
  EXPECT_NE(base, first_draws(RandomStream(7, StreamId::consultation, 42, 10), 8));  // process
  EXPECT_NE(base, first_draws(RandomStream(7, StreamId::care_seeking, 43, 10), 8));  // entity
  EXPECT_NE(base, first_draws(RandomStream(7, StreamId::care_seeking, 42, 11), 8));  // day
  // Entity and day are distinct coordinates, as are seed and process.
  EXPECT_NE(first_draws(RandomStream(7, StreamId::health, 1, 0), 8),
            first_draws(RandomStream(7, StreamId::health, 0, 1), 8));
  EXPECT_NE(first_draws(RandomStream(1, static_cast<StreamId>(2), 0, 0), 8),
            first_draws(RandomStream(2, static_cast<StreamId>(1), 0, 0), 8));
  // No two of many neighbouring streams share a first draw.
  std::vector<std::uint64_t> firsts;
  for (std::uint64_t e = 0; e < 50; ++e)
    for (std::int64_t day = 0; day < 50; ++day) firsts.push_back(RandomStream(7, StreamId::health, e, day)());
  std::sort(firsts.begin(), firsts.end());
  EXPECT_EQ(std::adjacent_find(firsts.begin(), firsts.end()), firsts.end());
  // Within a stream, later blocks do not repeat the first one.
  const auto long_run = first_draws(RandomStream(7, StreamId::health, 3, 3), 4000);
  std::vector<std::uint64_t> sorted = long_run;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
}

TEST(RandomStream, UniformIsOpenUnitIntervalWithRightMoments) {
  RandomStream s(99, StreamId::population, 1, 0);
  double lo = 1, hi = 0;
  const auto [mean, var] = moments(kDraws, [&] {
    const double u = s.uniform();
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    return u;
  });
  EXPECT_GT(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  const double se_mean = std::sqrt(1.0 / 12.0 / kDraws);
  const double se_var = std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / kDraws);
  EXPECT_NEAR(mean, 0.5, 5 * se_mean);
  EXPECT_NEAR(var, 1.0 / 12.0, 5 * se_var);
}

TEST(RandomStream, UniformRangeAndBernoulli) {
  RandomStream s(5, StreamId::supply, 9, 9);
  const auto [mean, var] = moments(kDraws, [&] { return s.uniform(10.0, 14.0); });
  EXPECT_NEAR(mean, 12.0, 5 * std::sqrt(16.0 / 12.0 / kDraws));
  EXPECT_NEAR(var, 16.0 / 12.0, 0.05);
  int hits = 0;
  for (int i = 0; i < kDraws; ++i) hits += s.bernoulli(0.3) ? 1 : 0;
  EXPECT_NEAR(hits / double(kDraws), 0.3, 5 * std::sqrt(0.3 * 0.7 / kDraws));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(s.bernoulli(0.0));
    EXPECT_TRUE(s.bernoulli(1.0));
  }
}

TEST(RandomStream, ExponentialMean) {
  RandomStream s(3, StreamId::acute_need, 77, 5);
  const double rate = 2.0;
  const auto [mean, var] = moments(kDraws, [&] {
    const double x = s.exponential(rate);
    EXPECT_GT(x, 0.0);
    return x;
  });
  const double sd = 1.0 / rate;
  EXPECT_NEAR(mean, 1.0 / rate, 5 * sd / std::sqrt(kDraws));
  // Var of the sample variance of an exponential: (mu4 - sigma^4) / n = 8 sd^4 / n.
  EXPECT_NEAR(var, sd * sd, 5 * std::sqrt(8.0 / kDraws) * sd * sd);
}

TEST(RandomStream, NormalMoments) {
  RandomStream s(3, StreamId::population, 1, 1);
  const auto [mean, var] = moments(kDraws, [&] { return s.normal(10.0, 2.0); });
  EXPECT_NEAR(mean, 10.0, 5 * 2.0 / std::sqrt(kDraws));
  EXPECT_NEAR(var, 4.0, 5 * std::sqrt(2.0 / kDraws) * 4.0);
}

void check_poisson(double lambda, std::uint64_t seed) {
  RandomStream s(seed, StreamId::violence, 12, 34);
  const auto [mean, var] = moments(kDraws, [&] { return s.poisson(lambda); });
  // mu4 - sigma^4 for a Poisson: lambda (1 + 3 lambda) - lambda^2.
  const double se_mean = std::sqrt(lambda / kDraws);
  const double se_var = std::sqrt((lambda * (1 + 3 * lambda) - lambda * lambda) / kDraws);
  EXPECT_NEAR(mean, lambda, 5 * se_mean) << "lambda " << lambda;
  EXPECT_NEAR(var, lambda, 5 * se_var) << "lambda " << lambda;
}

TEST(RandomStream, PoissonSmallMean) { check_poisson(3.0, 11); }
TEST(RandomStream, PoissonLargeMean) { check_poisson(200.0, 12); }

TEST(RandomStream, PoissonOfZeroOrNegativeMeanIsZero) {
  RandomStream s(1, StreamId::violence, 0, 0);
  EXPECT_EQ(s.poisson(0.0), 0u);
  EXPECT_EQ(s.poisson(-1.0), 0u);
  // Tiny means give mostly zeros but still work.
  int nonzero = 0;
  for (int i = 0; i < 10000; ++i) nonzero += s.poisson(1e-3) > 0 ? 1 : 0;
  EXPECT_LT(nonzero, 40);
}

TEST(RandomStream, BelowCoversRangeUniformly) {
  for (std::uint64_t n : {2ull, 7ull, 10ull, 37ull}) {
    RandomStream s(21, StreamId::clinic_queue, n, 0);
    std::vector<int> counts(n, 0);
    for (int i = 0; i < kDraws; ++i) {
      const std::uint64_t k = s.below(n);
      ASSERT_LT(k, n);
      ++counts[k];
    }
    const double expected = double(kDraws) / double(n);
    double chi2 = 0;
    for (int c : counts) {
      EXPECT_GT(c, 0);
      chi2 += (c - expected) * (c - expected) / expected;
    }
    // df = n - 1; mean df, sd sqrt(2 df). Allow mean + 6 sd (p far below 1e-6).
    const double df = double(n - 1);
    EXPECT_LT(chi2, df + 6 * std::sqrt(2 * df)) << "n = " << n;
  }
  RandomStream one(1, StreamId::assignment, 0, 0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(one.below(1), 0u);
}

// The first `n` raw draws, then `n` uniforms, of the stream an entity uses for `day`.
std::vector<double> entity_draws(std::uint64_t seed, std::uint64_t entity, std::int64_t day, int n) {
  RandomStream s(seed, StreamId::consultation, entity, day);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t raw = s();
    out.push_back(static_cast<double>(raw >> 32));
    out.push_back(static_cast<double>(raw & 0xffffffffu));
  }
  for (int i = 0; i < n; ++i) out.push_back(s.uniform());
  return out;
}

TEST(RandomStream, CommonRandomNumbersAcrossArms) {
  // Arm A: entity 5's stream for day 3 is the first thing created.
  const auto arm_a = entity_draws(2022, 5, 3, 16);

  // Arm B: a different policy makes extra streams (other processes, other
  // entities, the same entity on other days, and even the same key) and
  // consumes draws from them before entity 5 draws on day 3.
  double sink = 0;
  for (std::uint64_t e = 0; e < 20; ++e) {
    RandomStream extra(2022, StreamId::supervision, e, 3);
    for (int i = 0; i < 13; ++i) sink += extra.uniform();
    RandomStream same_process(2022, StreamId::consultation, e + 100, 3);
    sink += same_process.normal();
  }
  RandomStream same_key(2022, StreamId::consultation, 5, 3);
  for (int i = 0; i < 9; ++i) sink += same_key.uniform();
  for (std::int64_t day = 0; day < 3; ++day) sink += entity_draws(2022, 5, day, 3)[0];
  const auto arm_b = entity_draws(2022, 5, 3, 16);

  EXPECT_EQ(arm_a, arm_b);
  EXPECT_NE(sink, 0.0);
  // And a different seed is a different world.
  EXPECT_NE(arm_a, entity_draws(2023, 5, 3, 16));
}

TEST(RandomStream, DrawsDoNotDependOnThreads) {
  constexpr std::uint64_t kEntities = 4000;
  constexpr int kPerEntity = 7;  // crosses a Philox block boundary
  auto fill = [](std::vector<double>& out, std::uint64_t e) {
    RandomStream s(77, StreamId::interns, e, 200);
    std::uint64_t bits = s();
    double acc = 0;
    for (int i = 0; i < kPerEntity; ++i) acc = acc * 0.5 + s.uniform();
    bits ^= s();
    // Low and high halves of the raw bits are kept exactly (each fits a double).
    out[e] = acc + static_cast<double>(s.poisson(4.0)) + s.normal() + static_cast<double>(bits & 0xffff) * 1e3;
  };
  std::vector<double> serial(kEntities);
  for (std::uint64_t e = 0; e < kEntities; ++e) fill(serial, e);

  for (unsigned workers : {2u, 3u, 8u}) {
    std::vector<double> parallel(kEntities, -1.0);
    std::vector<std::thread> pool;
    // Interleaved, reversed assignment: each worker takes every workers-th
    // entity from the top down, so the order differs from the serial one.
    for (unsigned w = 0; w < workers; ++w)
      pool.emplace_back([&, w] {
        for (std::uint64_t k = w; k < kEntities; k += workers) fill(parallel, kEntities - 1 - k);
      });
    for (auto& t : pool) t.join();
    EXPECT_EQ(parallel, serial) << workers << " workers";
  }
}

}  // namespace
}  // namespace pasante
