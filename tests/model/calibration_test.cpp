// The shipped baseline lands in the calibration bands of MODEL.md §7: the
// embedded Doctor Arroyo scenario over its full cohort year (365 days), mean
// of 10 replicates (seeds 1..10).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/text_source.hpp"
#include "model/simulation.hpp"
#include "scenario/scenario.hpp"

namespace pasante {
namespace {

constexpr int kReplicates = 10;
constexpr int kNeedsBasedReplicates = 3;

using Summary = std::map<std::string, double>;

Summary run_year(int seed, std::vector<std::string> overrides = {}) {
  overrides.push_back("scenario.seed=" + std::to_string(seed));
  const Scenario scenario = load_scenario(std::string(kDefaultScenario), overrides);
  EXPECT_EQ(scenario.parameters.scenario.days, 365) << "the baseline is one cohort year";
  Simulation sim(scenario, SimulationOptions{.threads = 2});
  sim.run();
  Summary out;
  for (const SummaryMetric& m : sim.results().summary) out[m.name] = m.value;
  return out;
}

struct Stats {
  double mean = 0, sd = 0;
};

Stats stats(const std::vector<Summary>& runs, const std::string& metric) {
  std::vector<double> x;
  for (const Summary& s : runs) {
    const auto it = s.find(metric);
    if (it == s.end()) {
      ADD_FAILURE() << "summary.csv has no metric " << metric;
      return {std::nan(""), 0};
    }
    x.push_back(it->second);
  }
  Stats st;
  for (double v : x) st.mean += v;
  st.mean /= static_cast<double>(x.size());
  for (double v : x) st.sd += (v - st.mean) * (v - st.mean);
  st.sd = x.size() > 1 ? std::sqrt(st.sd / static_cast<double>(x.size() - 1)) : 0.0;
  std::printf("[ calibration ] %-36s %.4g ± %.3g\n", metric.c_str(), st.mean, st.sd);
  return st;
}

void expect_in_band(const std::vector<Summary>& runs, const std::string& metric, double low, double high) {
  const Stats st = stats(runs, metric);
  EXPECT_GE(st.mean, low) << metric << " mean " << st.mean << " (sd " << st.sd << ") is below its band [" << low
                          << ", " << high << "] (MODEL.md §7)";
  EXPECT_LE(st.mean, high) << metric << " mean " << st.mean << " (sd " << st.sd << ") is above its band [" << low
                           << ", " << high << "] (MODEL.md §7)";
}

TEST(Calibration, BaselineLandsInTheBandsOfModelSection7) {
  std::vector<Summary> runs;
  for (int seed = 1; seed <= kReplicates; ++seed) runs.push_back(run_year(seed));

  expect_in_band(runs, "refusal_rate", 0.50, 0.70);

  // Lack of medicine or supplies is the largest single reason for turning patients away.
  const double stockout = stats(runs, "refusal_rate_stockout").mean;
  for (const char* reason : {"no_doctor", "closed_violence", "capacity", "beyond_competence"}) {
    const std::string metric = std::string("refusal_rate_") + reason;
    EXPECT_GT(stockout, stats(runs, metric).mean) << "refusal_rate_stockout is not the largest reason: " << metric;
  }

  const Stats with_refusal = stats(runs, "interns_with_refusal_share");
  EXPECT_GE(with_refusal.mean, 0.95) << "interns_with_refusal_share (MODEL.md §7: >= 0.95)";

  expect_in_band(runs, "intern_security_mean_end", 19, 29);
  expect_in_band(runs, "women_harassed_share", 0.80, 0.97);

  const Stats inflation = stats(runs, "report_inflation_ratio");
  EXPECT_GT(inflation.mean, 1.1) << "report_inflation_ratio (MODEL.md §7: > 1.1 under baseline quota pressure)";

  expect_in_band(runs, "supervision_visits_per_month_done", 1, 2);

  // The fixed basket's mix is clearly further from need than the needs_based rule's.
  std::vector<Summary> needs;
  for (int seed = 1; seed <= kNeedsBasedReplicates; ++seed)
    needs.push_back(run_year(seed, {"policy.supply.allocation=needs_based"}));
  const Stats mismatch = stats(runs, "medicine_mismatch_index");
  std::printf("[ calibration ] needs_based arm (%d replicates):\n", kNeedsBasedReplicates);
  const Stats needs_mismatch = stats(needs, "medicine_mismatch_index");
  EXPECT_GT(mismatch.mean - needs_mismatch.mean, 0.1)
      << "baseline mismatch " << mismatch.mean << " is not clearly above needs_based's " << needs_mismatch.mean;
  EXPECT_GT(mismatch.mean, 2.0 * needs_mismatch.mean)
      << "baseline mismatch " << mismatch.mean << " is not clearly above needs_based's " << needs_mismatch.mean;
}

}  // namespace
}  // namespace pasante
