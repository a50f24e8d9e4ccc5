// Micro-benchmarks of the road network's shortest paths (sim/world/road_network.hpp)
// on the real worlds: the Doctor Arroyo jurisdiction (the embedded default
// scenario) and, for scale, all of Nuevo León. Worlds are built once per
// process, on first use.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/text_source.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace {

using namespace pasante;

World build(const std::string& scenario_path) {
  const Scenario sc = load_scenario(scenario_path);
  const auto& p = sc.parameters;
  return build_world(p.world, p.violence.crime_year, static_cast<std::uint64_t>(p.scenario.seed));
}

const World& doctor_arroyo() {
  static const World world = build(std::string(kDefaultScenario));
  return world;
}
const World& nuevo_leon() {
  static const World world = build(std::string(kEmbeddedPrefix) + "scenarios/nuevo_leon.yaml");
  return world;
}

using WorldFn = const World& (*)();

void describe(benchmark::State& state, const World& w) {
  state.counters["vertices"] = w.roads.vertex_count();
  state.counters["roads"] = w.roads.road_count();
  state.counters["clinics"] = static_cast<double>(w.clinics.size());
}

// The cutoff travel_times::refresh uses for a clinic's catchment.
float catchment_cutoff(const World& w, const Clinic& clinic) {
  float cutoff = 60.0f;
  for (LocalityId l : clinic.catchment) cutoff = std::max(cutoff, 4.0f * w.localities[l].minutes_to_clinic);
  return cutoff;
}

// Building the world from the scenario's data files (once per run).
void BM_BuildWorld(benchmark::State& state, const char* scenario) {
  std::size_t vertices = 0;
  for (auto _ : state) {
    const World w = build(scenario);
    vertices = w.roads.vertex_count();
    benchmark::DoNotOptimize(vertices);
  }
  state.counters["vertices"] = static_cast<double>(vertices);
}
BENCHMARK_CAPTURE(BM_BuildWorld, doctor_arroyo, "embedded:scenarios/doctor_arroyo.yaml")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BuildWorld, nuevo_leon, "embedded:scenarios/nuevo_leon.yaml")->Unit(benchmark::kMillisecond)->Iterations(3);

// Full single-source Dijkstra from each clinic in turn, no cutoff.
void BM_Dijkstra_MinutesFrom(benchmark::State& state, WorldFn world) {
  const World& w = world();
  std::size_t c = 0;
  for (auto _ : state) {
    auto minutes = w.roads.minutes_from(w.clinics[c].vertex, 0);
    benchmark::DoNotOptimize(minutes.data());
    c = (c + 1) % w.clinics.size();
  }
  state.SetItemsProcessed(state.iterations());
  describe(state, w);
}
BENCHMARK_CAPTURE(BM_Dijkstra_MinutesFrom, doctor_arroyo, doctor_arroyo)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Dijkstra_MinutesFrom, nuevo_leon, nuevo_leon)->Unit(benchmark::kMicrosecond);

// Dijkstra with the catchment cutoff, from each clinic in turn (one clinic's
// share of travel_times::refresh).
void BM_Dijkstra_MinutesFromCutoff(benchmark::State& state, WorldFn world) {
  const World& w = world();
  std::vector<float> cutoffs;
  for (const Clinic& clinic : w.clinics) cutoffs.push_back(catchment_cutoff(w, clinic));
  std::size_t c = 0;
  for (auto _ : state) {
    auto minutes = w.roads.minutes_from(w.clinics[c].vertex, 0, cutoffs[c]);
    benchmark::DoNotOptimize(minutes.data());
    c = (c + 1) % w.clinics.size();
  }
  state.SetItemsProcessed(state.iterations());
  describe(state, w);
}
BENCHMARK_CAPTURE(BM_Dijkstra_MinutesFromCutoff, doctor_arroyo, doctor_arroyo)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Dijkstra_MinutesFromCutoff, nuevo_leon, nuevo_leon)->Unit(benchmark::kMicrosecond);

// The fixed cost of one search, whatever the cutoff: a cutoff of zero settles
// only the source, so this is the O(vertices) set-up (distance and colour
// arrays, the result vectors) plus ending the search early.
void BM_Dijkstra_MinutesFromZeroCutoff(benchmark::State& state, WorldFn world) {
  const World& w = world();
  std::size_t c = 0;
  for (auto _ : state) {
    auto minutes = w.roads.minutes_from(w.clinics[c].vertex, 0, 0.0f);
    benchmark::DoNotOptimize(minutes.data());
    c = (c + 1) % w.clinics.size();
  }
  state.SetItemsProcessed(state.iterations());
  describe(state, w);
}
BENCHMARK_CAPTURE(BM_Dijkstra_MinutesFromZeroCutoff, doctor_arroyo, doctor_arroyo)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Dijkstra_MinutesFromZeroCutoff, nuevo_leon, nuevo_leon)->Unit(benchmark::kMicrosecond);

// What the violence phase pays on every day the set of closed roads changes:
// a cutoff search from every clinic (serial here; the simulator runs it per
// catchment in parallel).
void BM_TravelTimesRefreshAllClinics(benchmark::State& state, WorldFn world) {
  const World& w = world();
  std::vector<float> cutoffs;
  for (const Clinic& clinic : w.clinics) cutoffs.push_back(catchment_cutoff(w, clinic));
  std::vector<float> today(w.localities.size());
  for (auto _ : state) {
    for (std::size_t c = 0; c < w.clinics.size(); ++c) {
      const auto minutes = w.roads.minutes_from(w.clinics[c].vertex, 0, cutoffs[c]);
      for (LocalityId l : w.clinics[c].catchment) today[l] = minutes[w.localities[l].vertex];
    }
    benchmark::DoNotOptimize(today.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(w.clinics.size()));
  describe(state, w);
}
BENCHMARK_CAPTURE(BM_TravelTimesRefreshAllClinics, doctor_arroyo, doctor_arroyo)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TravelTimesRefreshAllClinics, nuevo_leon, nuevo_leon)->Unit(benchmark::kMillisecond);

// Point-to-point route with its roads (shipments, supervision, referrals).
void BM_ShortestRoute_HospitalToClinic(benchmark::State& state, WorldFn world) {
  const World& w = world();
  std::size_t c = 0;
  for (auto _ : state) {
    auto route = w.roads.shortest_route(w.hospital_vertex, w.clinics[c].vertex, 0);
    benchmark::DoNotOptimize(route.roads.data());
    c = (c + 1) % w.clinics.size();
  }
  state.SetItemsProcessed(state.iterations());
  describe(state, w);
}
BENCHMARK_CAPTURE(BM_ShortestRoute_HospitalToClinic, doctor_arroyo, doctor_arroyo)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ShortestRoute_HospitalToClinic, nuevo_leon, nuevo_leon)->Unit(benchmark::kMicrosecond);

// Multi-source search: every locality's nearest clinic.
void BM_NearestClinic(benchmark::State& state, WorldFn world) {
  const World& w = world();
  std::vector<VertexId> sources;
  for (const Clinic& clinic : w.clinics) sources.push_back(clinic.vertex);
  for (auto _ : state) {
    auto nearest = w.roads.nearest_source(sources, 0);
    benchmark::DoNotOptimize(nearest.source.data());
  }
  describe(state, w);
}
BENCHMARK_CAPTURE(BM_NearestClinic, doctor_arroyo, doctor_arroyo)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_NearestClinic, nuevo_leon, nuevo_leon)->Unit(benchmark::kMicrosecond);

}  // namespace
