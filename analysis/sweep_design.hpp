// Sweep files: a base scenario, a design over some of its parameters and a
// number of replicates.
//
//   sweep:
//     name: supervision-by-supply
//     base: ../doctor_arroyo.yaml          # relative to the sweep file
//     replicates: 10
//     seed: 7
//     grid:                                 # design: grid (the default)
//       policy.supervision.visits_per_month: [1.5, 4]
//       policy.supply.allocation: [fixed_basket, needs_based]
//
// or `design: lhs` with `samples: N` and `ranges: {key: [low, high]}` (a Latin
// hypercube over numeric parameters). `store_timeseries: true` keeps every
// run's time series in results.sqlite; `description:` is free text.
//
// A grid is the cartesian product of its lists in file order, the first key
// varying slowest. Replicate r of every point runs with seed `seed + r`, so the
// points share common random numbers replicate by replicate.
//
// Everything is checked when the file is loaded, with the scenario loader's
// quality of errors (file:line:column: key: problem, "did you mean"): keys
// against the sweep's own keys and the parameter catalogue, and every value by
// loading the base scenario with it.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenario/scenario.hpp"

namespace pasante::analysis {

struct SweepPoint {
  int id = 0;                                               // 0-based, in design order
  std::string label;                                        // "visits_per_month=4, allocation=needs_based"
  std::vector<std::pair<std::string, std::string>> values;  // varied key -> value as YAML text, in varied-key order
  std::string scenario_sha256;  // SHA-256 of the resolved scenario of replicate 0 (identifies the point)
  std::vector<InputLocation> value_at;  // where each value was written in the sweep file (in `values` order)

  // "key=value" overrides (the form load_scenario and --set take).
  std::vector<std::string> overrides() const;
};

struct SweepDesign {
  std::string file;               // the sweep file as named
  std::string name;
  std::string base;               // the base scenario, resolved against the sweep file
  std::string design = "grid";    // "grid" or "lhs"
  int replicates = 1;
  std::int64_t seed = 1;
  int samples = 0;                // lhs only
  bool store_timeseries = false;
  std::vector<std::string> varied_keys;
  std::vector<SweepPoint> points;
  std::vector<std::string> common_overrides;  // from the command line (--set, --days), for every run

  std::int64_t replicate_seed(int replicate) const { return seed + replicate; }
  // Overrides of one run: the command line's, the point's, then its seed.
  std::vector<std::string> run_overrides(const SweepPoint& point, int replicate) const;
  Scenario scenario(const SweepPoint& point, int replicate) const;
  int total_runs() const { return static_cast<int>(points.size()) * replicates; }

  // What must not change between a sweep and its restart (JSON text): design,
  // seed, whether time series are kept, and every point's overrides and
  // resolved-scenario digest. The number of replicates is kept apart (a
  // restart may add replicates).
  std::string identity_json() const;
};

// Loads and checks a sweep file. `common_overrides` ("key=value") apply to
// every run. Throws InputError (file:line:column: key: problem).
SweepDesign load_sweep(const std::string& path, const std::vector<std::string>& common_overrides = {});

// `samples` points of a Latin hypercube in [0, 1)^dims: for each dimension the
// samples fall one in each of the `samples` equal strata. Point i's jitter is
// drawn from RandomStream(seed, sweep_design, i, 0); dimension d's permutation
// of strata from RandomStream(seed, sweep_design, d, 1).
std::vector<std::vector<double>> latin_hypercube(std::uint64_t seed, int samples, int dims);

// A sampled value as points' labels show it: about four significant digits
// (whole numbers from 10,000 up in full).
std::string short_number(double x);

}  // namespace pasante::analysis
