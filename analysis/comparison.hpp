// Comparing policy arms: a base and one or more variants, each a scenario
// file (run here as paired replicates under common random numbers: replicate
// r of every arm runs with the same seed), a finished run directory (one
// replicate, its seed read from manifest.json), a directory of run
// directories, or a sweep directory (each point an arm; DIR@N names point N).
// Replicates are paired by seed.
//
// For every summary metric: the arms' means, the mean paired difference
// (variant − base) and its 95% interval (Student t on the differences), and
// how much the pairing narrowed that interval. The reference is the
// Welch (unequal-variance) interval for the difference of means computed from
// the same replicates treated as independent samples: what the interval would
// have been, in expectation, had the arms run with independent seeds. With
// `independent` the variants are also run at seeds no base replicate uses, and
// the Welch interval from those runs is reported too.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/replicate_statistics.hpp"
#include "analysis/report.hpp"
#include "analysis/results_store.hpp"

namespace pasante::analysis {

// The replicates of one arm.
struct ArmReplicates {
  std::string name;                         // shown in tables
  std::string source;                       // what the user named
  std::string kind;                         // scenario, run, runs, sweep
  std::vector<std::int64_t> seeds;          // one per replicate
  std::vector<std::string> metrics;         // metric order
  std::vector<std::vector<double>> values;  // [replicate][metric] (NaN when missing)
  std::vector<SeriesBand> series;           // optional bands over replicates
  std::int64_t days = 0;                    // scenario.days of its runs (0: not known)
};

struct MetricComparison {
  std::string metric;
  int n = 0;  // pairs
  double base_mean = 0, variant_mean = 0, diff = 0, ci_low = 0, ci_high = 0;
  double paired_half_width = 0;
  double unpaired_half_width = 0;     // Welch, same replicates treated as independent
  double independent_half_width = 0;  // Welch against runs at independent seeds (NaN when not run)
  double arm_correlation = 0;         // Pearson correlation of the paired replicates (NaN if an arm is constant)
};

struct ArmComparison {
  std::string base, variant;
  std::vector<std::int64_t> seeds;  // the paired seeds
  std::vector<MetricComparison> rows;
};

// How much pairing narrowed the intervals over the metrics whose unpaired
// interval has a width (metrics that vary between replicates).
struct Narrowing {
  int metrics = 0;         // metrics counted
  int narrower = 0;        // paired interval narrower than the unpaired one
  double median_ratio = 0;  // median of paired / unpaired half-width
  int independent_metrics = 0, independent_narrower = 0;
  double independent_median_ratio = 0;  // same against independent seeds (when run)
};

// Welch interval for mean(variant) − mean(base) from independent samples
// (Welch–Satterthwaite degrees of freedom).
Estimate welch_difference(const std::vector<double>& base, const std::vector<double>& variant);

// Pairs `variant`'s replicates with `base`'s by seed and compares every metric
// of `base`. `independent`, if given, holds the variant run at other seeds.
ArmComparison compare_arms(const ArmReplicates& base, const ArmReplicates& variant,
                           const ArmReplicates* independent = nullptr);
Narrowing narrowing(const ArmComparison& comparison);

// Bands (mean and 95% interval over replicates, per day) for each metric of
// a set of replicates' series, metrics in order of first appearance.
std::vector<SeriesBand> series_bands(const std::vector<SeriesValue>& values);

struct CompareOptions {
  int replicates = 10;                 // for scenario arms (unless the base is a stored arm)
  std::optional<std::int64_t> seed;    // first seed (default: the base scenario's seed)
  std::vector<std::string> overrides;  // --set / --days, for scenario arms
  int jobs = 0;                        // runs at a time (0: hardware threads)
  bool independent = false;            // also run scenario variants at independent seeds
  std::function<void(int, int)> on_run_done;  // (runs done, runs in total), serialised
  std::function<void(int)> on_start;          // (runs to do)
};

struct ComparisonOutcome {
  ArmReplicates base;
  std::vector<ArmReplicates> variants;
  std::vector<ArmReplicates> independent;  // per variant (empty arm when not run)
  std::vector<ArmComparison> comparisons;  // per variant
  std::vector<std::string> notes;          // what the reader should know (metrics only one arm has)
};

// One replicate of a scenario file (or embedded scenario) run here, with
// `overrides` and `seed`, on one thread: its summary metrics in the run's
// order, and its time series for municipality "all" (tagged `replicate`).
struct ReplicateRun {
  std::vector<std::string> metrics;
  std::vector<double> values;
  std::vector<SeriesValue> series;
};
ReplicateRun run_replicate(const std::string& scenario_path, std::vector<std::string> overrides, std::int64_t seed,
                           int replicate);

// Resolves the arguments, runs what needs running and compares. Throws
// InputError for arguments that are neither scenarios nor results.
ComparisonOutcome run_comparison(const std::string& base, const std::vector<std::string>& variants,
                                 const CompareOptions& options);

// compare.csv: metric, base_mean, variant_mean, diff, ci_low, ci_high,
// paired_half_width, unpaired_half_width, independent_half_width, n, variant, arm_correlation.
std::string comparison_csv(const ComparisonOutcome& outcome);
// The table and the narrowing lines the command prints.
std::string format_comparison(const ComparisonOutcome& outcome);
// Writes compare.csv, replicates.csv, report.html and manifest.json into
// `out_dir`, atomically (a previous comparison there is replaced).
void write_comparison(const ComparisonOutcome& outcome, const std::filesystem::path& out_dir);

}  // namespace pasante::analysis
