// The calibration targets of MODEL.md §7, declared once, and the check that a
// scenario meets them over replicates. `pasante calibrate` prints the check,
// tests/model/calibration_test.cpp requires the shipped baseline to pass it,
// and docs/ODD.md §10 explains which parameters were tuned for which target.
//
// A target is judged on the mean over replicates (MODEL.md: "mean over at
// least 10 replicates"); the 95% interval of that mean is reported beside it
// so a reader can see how firmly a target is met.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/replicate_statistics.hpp"

namespace pasante::analysis {

enum class TargetKind {
  band,         // low <= mean <= high
  at_least,     // mean >= low
  above,        // mean > low
  largest_of,   // mean > the mean of every metric in `others`
  above_needs,  // mean is clearly above the needs_based arm's: by `low` at least, and more than `high` times it
};

struct CalibrationTarget {
  std::string metric;
  TargetKind kind = TargetKind::band;
  double low = 0, high = 0;
  std::vector<std::string> others;  // largest_of: the metrics it must exceed
  std::string wanted;               // the target as MODEL.md states it
  std::string source;               // where the figure comes from
};

// MODEL.md §7, in its order.
const std::vector<CalibrationTarget>& calibration_targets();

struct TargetCheck {
  const CalibrationTarget* target = nullptr;
  Estimate estimate;        // over the scenario's replicates
  double reference = 0;     // largest_of: the largest other mean; above_needs: the needs_based arm's mean
  std::string reference_name;
  bool met = false;
};

struct CalibrationCheck {
  ArmReplicates scenario;     // the scenario as given
  ArmReplicates needs_based;  // the same with policy.supply.allocation=needs_based, same seeds
  std::vector<TargetCheck> checks;
  std::int64_t days = 0;  // days each run simulated (the targets are for one cohort year, 365)
  std::vector<std::string> overrides;  // --set and --days, as given
  int missed() const;
};

// Judges every target on the two arms' replicates (metrics missing from an
// arm are an error: the results come from another version).
CalibrationCheck check_calibration(ArmReplicates scenario, ArmReplicates needs_based);

struct CalibrationOptions {
  int replicates = 10;
  std::optional<std::int64_t> seed;    // first seed (default: the scenario's own)
  std::vector<std::string> overrides;  // --set / --days
  int jobs = 0;                        // runs at a time (0: hardware threads)
  std::function<void(int, int)> on_run_done;  // (runs done, runs in total), serialised
};

// Runs `scenario_path` (a file or the embedded baseline) and its needs_based
// twin for `replicates` seeds each, and checks them.
CalibrationCheck run_calibration(const std::string& scenario_path, const CalibrationOptions& options);

// calibration.csv: metric,target,mean,sd,ci_low,ci_high,n,reference,met
std::string calibration_csv(const CalibrationCheck& check);
// The table `pasante calibrate` prints.
std::string format_calibration(const CalibrationCheck& check);
// Writes calibration.csv and manifest.json into `out_dir`, atomically (a
// previous check there is replaced).
void write_calibration(const CalibrationCheck& check, const std::filesystem::path& out_dir);

}  // namespace pasante::analysis
