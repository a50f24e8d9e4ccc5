// Micro-benchmarks of the keyed Philox streams (sim/core/random_stream.hpp):
// a stream is built per (process, entity, day) almost everywhere in the daily
// loop, so both the construction + first block and the per-draw cost matter.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "agents/population_builder.hpp"
#include "core/random_stream.hpp"

namespace {

using pasante::RandomStream;
using pasante::StreamId;

constexpr std::uint64_t kSeed = 20240801;

// The common pattern: a fresh stream per entity and one uniform from it
// (construction is cheap; the first draw computes one Philox4x64-10 block).
void BM_RandomStream_ConstructAndFirstUniform(benchmark::State& state) {
  std::uint64_t entity = 0;
  for (auto _ : state) {
    RandomStream rs(kSeed, StreamId::care_seeking, entity++, 17);
    benchmark::DoNotOptimize(rs.uniform());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_ConstructAndFirstUniform);

// Construction plus four draws: exactly one Philox block per stream.
void BM_RandomStream_ConstructAndFourUniforms(benchmark::State& state) {
  std::uint64_t entity = 0;
  for (auto _ : state) {
    RandomStream rs(kSeed, StreamId::acute_need, entity++, 17);
    double sum = rs.uniform() + rs.uniform() + rs.uniform() + rs.uniform();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_ConstructAndFourUniforms);

// Raw 64-bit words from a long-lived stream (amortised Philox block cost / 4).
void BM_RandomStream_Bits(benchmark::State& state) {
  RandomStream rs(kSeed, StreamId::world, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(rs());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_Bits);

void BM_RandomStream_Uniform(benchmark::State& state) {
  RandomStream rs(kSeed, StreamId::world, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(rs.uniform());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_Uniform);

void BM_RandomStream_Below(benchmark::State& state) {
  RandomStream rs(kSeed, StreamId::world, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(rs.below(109215));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_Below);

void BM_RandomStream_Exponential(benchmark::State& state) {
  RandomStream rs(kSeed, StreamId::world, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(rs.exponential(1.5 / 365.0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_Exponential);

void BM_RandomStream_Normal(benchmark::State& state) {
  RandomStream rs(kSeed, StreamId::world, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(rs.normal(0.5, 0.15));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_Normal);

// Poisson draws from a long-lived stream. Boost uses inversion below a mean
// of 10 and PTRD (transformed rejection) above; the violence phase draws
// small means (events per municipality-day), trauma cases a mean of a few.
void BM_RandomStream_Poisson(benchmark::State& state, double mean) {
  RandomStream rs(kSeed, StreamId::violence, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(rs.poisson(mean));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_RandomStream_Poisson, small_0_05, 0.05);
BENCHMARK_CAPTURE(BM_RandomStream_Poisson, small_0_5, 0.5);
BENCHMARK_CAPTURE(BM_RandomStream_Poisson, small_5, 5.0);
BENCHMARK_CAPTURE(BM_RandomStream_Poisson, large_50, 50.0);
BENCHMARK_CAPTURE(BM_RandomStream_Poisson, large_5000, 5000.0);

// As used in the daily loop: a fresh stream per municipality-day and one
// Poisson draw (the violence phase's pattern).
void BM_RandomStream_ConstructAndPoisson(benchmark::State& state, double mean) {
  std::uint64_t entity = 0;
  for (auto _ : state) {
    RandomStream rs(kSeed, StreamId::violence, entity++, 17);
    benchmark::DoNotOptimize(rs.poisson(mean));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_RandomStream_ConstructAndPoisson, small_0_5, 0.5);
BENCHMARK_CAPTURE(BM_RandomStream_ConstructAndPoisson, large_50, 50.0);

// The acute-need wait (exponential, ceiled to days) drawn at every episode.
void BM_NextAcuteWait(benchmark::State& state) {
  std::uint64_t entity = 0;
  for (auto _ : state) {
    RandomStream rs(kSeed, StreamId::acute_need, entity++, 17);
    benchmark::DoNotOptimize(pasante::next_acute_wait(rs, 1.5));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NextAcuteWait);

}  // namespace
