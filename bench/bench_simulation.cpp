// Macro benchmark: a short run of the Doctor Arroyo baseline through the
// public Simulation API (one whole day is not exposed on its own). Setup
// (world, residents, interns) is timed separately from the days.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/text_source.hpp"
#include "model/simulation.hpp"
#include "scenario/scenario.hpp"

namespace {

using namespace pasante;

constexpr int kDays = 30;

const Scenario& baseline_30_days() {
  static const Scenario scenario = load_scenario(std::string(kDefaultScenario), {"scenario.days=" + std::to_string(kDays)});
  return scenario;
}

// Constructing a Simulation: world, population, initial state.
void BM_Simulation_Setup(benchmark::State& state) {
  const Scenario& sc = baseline_30_days();
  std::uint64_t residents = 0;
  for (auto _ : state) {
    Simulation sim(sc, SimulationOptions{.threads = static_cast<int>(state.range(0))});
    residents = sim.resident_count();
    benchmark::DoNotOptimize(residents);
  }
  state.counters["residents"] = static_cast<double>(residents);
}
BENCHMARK(BM_Simulation_Setup)->ArgName("threads")->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// run() for 30 days, setup excluded (paused).
void BM_Simulation_Run30Days(benchmark::State& state) {
  const Scenario& sc = baseline_30_days();
  std::uint64_t residents = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto sim = std::make_unique<Simulation>(sc, SimulationOptions{.threads = static_cast<int>(state.range(0))});
    residents = sim->resident_count();
    state.ResumeTiming();
    sim->run();
    state.PauseTiming();
    sim.reset();
    state.ResumeTiming();
  }
  state.counters["residents"] = static_cast<double>(residents);
  state.counters["days/s"] = benchmark::Counter(kDays, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["person_days/s"] = benchmark::Counter(static_cast<double>(residents) * kDays,
                                                       benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Simulation_Run30Days)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Setup plus 30 days plus results(): what a 30-day `pasante run` does before writing files.
void BM_Simulation_Whole30Days(benchmark::State& state) {
  const Scenario& sc = baseline_30_days();
  for (auto _ : state) {
    Simulation sim(sc, SimulationOptions{.threads = static_cast<int>(state.range(0))});
    sim.run();
    auto results = sim.results();
    benchmark::DoNotOptimize(results.summary.data());
  }
}
BENCHMARK(BM_Simulation_Whole30Days)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
