// Self-contained HTML reports (inline SVG and CSS, no network): for one run,
// for a sweep and for a comparison of policy arms. The statistics they show
// are computed in analysis/; these functions only draw.
#pragma once
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "analysis/replicate_statistics.hpp"
#include "outputs/run_results.hpp"
#include "scenario/scenario.hpp"

namespace pasante::analysis {

// A metric's band over replicates along the run (timeseries, municipality "all").
struct SeriesBand {
  std::string metric;
  std::vector<int> days;
  std::vector<double> mean, low, high;  // low/high: 95% interval of the mean (equal to mean for one replicate)
};

struct MetricEstimate {
  std::string metric;
  Estimate estimate;
};

// One design point of a sweep, summarised over its replicates.
struct SweepPointSummary {
  std::string label;                                        // e.g. "visits_per_month=4, allocation=needs_based"
  std::vector<std::pair<std::string, std::string>> parameters;  // varied key -> value (as text)
  std::vector<MetricEstimate> metrics;                      // every summary metric
  std::vector<SeriesBand> series;                           // optional
};

struct SweepReportInput {
  std::string name;
  std::string design;                       // "grid" or "lhs"
  int replicates = 0;
  std::vector<std::string> varied_keys;
  std::vector<SweepPointSummary> points;
};

// One row of compare.csv.
struct ComparisonRow {
  std::string metric;
  double base_mean = 0, variant_mean = 0, diff = 0, ci_low = 0, ci_high = 0;
  double unpaired_half_width = 0;  // half-width the interval would have with independent seeds
  double arm_correlation = std::numeric_limits<double>::quiet_NaN();  // of the paired replicates
};

struct ComparisonArm {
  std::string name;
  std::vector<ComparisonRow> rows;
  std::vector<SeriesBand> series;  // optional: the variant's bands
};

struct ComparisonReportInput {
  std::string base_name;
  int replicates = 0;
  std::vector<SeriesBand> base_series;  // optional
  std::vector<ComparisonArm> variants;
};

std::string run_report_html(const Scenario& scenario, const RunResults& results);
std::string sweep_report_html(const SweepReportInput& input);
std::string comparison_report_html(const ComparisonReportInput& input);

}  // namespace pasante::analysis
