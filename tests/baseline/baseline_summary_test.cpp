// Drift guard: the embedded baseline (seed 1, 365 days) must reproduce the
// checked-in scenarios/baseline_summary.csv, metric by metric. Runs are
// deterministic, so any difference beyond rounding means the model's
// behaviour changed. When the change is intended, regenerate the file with
// tests/update_baseline.sh and commit it with the change.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/text_source.hpp"
#include "model/simulation.hpp"
#include "scenario/scenario.hpp"

namespace pasante {
namespace {

constexpr double kRelativeTolerance = 1e-9;
const std::string kCheckedIn = std::string(PASANTE_SOURCE_DIR) + "/scenarios/baseline_summary.csv";
const char* const kHowToUpdate =
    "\nIf the change is intended, run tests/update_baseline.sh (it rebuilds, reruns the default baseline with "
    "seed 1 and rewrites scenarios/baseline_summary.csv, showing the diff) and commit the new file.";

std::vector<std::pair<std::string, double>> read_checked_in() {
  std::ifstream in(kCheckedIn);
  EXPECT_TRUE(in) << "cannot read " << kCheckedIn << kHowToUpdate;
  std::vector<std::pair<std::string, double>> out;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header) {
      EXPECT_EQ(line, "metric,value") << kCheckedIn << " does not start with the summary.csv header" << kHowToUpdate;
      header = false;
      continue;
    }
    const auto comma = line.rfind(',');
    EXPECT_NE(comma, std::string::npos) << "malformed line in " << kCheckedIn << ": " << line;
    if (comma == std::string::npos) continue;
    out.emplace_back(line.substr(0, comma), std::stod(line.substr(comma + 1)));
  }
  return out;
}

bool close_enough(double expected, double actual) {
  if (expected == actual) return true;
  if (!std::isfinite(expected) || !std::isfinite(actual)) return false;
  return std::abs(expected - actual) <= kRelativeTolerance * std::max(std::abs(expected), std::abs(actual));
}

TEST(BaselineSummary, MatchesTheCheckedInFile) {
  const auto expected = read_checked_in();
  ASSERT_FALSE(expected.empty()) << kCheckedIn << " holds no metrics" << kHowToUpdate;

  const Scenario scenario = load_scenario(std::string(kDefaultScenario), {"scenario.seed=1"});
  ASSERT_EQ(scenario.parameters.scenario.days, 365);
  Simulation sim(scenario, SimulationOptions{.threads = 2});
  sim.run();
  const std::vector<SummaryMetric> actual = sim.results().summary;

  std::vector<std::string> expected_names, actual_names;
  for (const auto& [name, value] : expected) expected_names.push_back(name);
  for (const SummaryMetric& m : actual) actual_names.push_back(m.name);
  EXPECT_EQ(actual_names, expected_names) << "the summary's metrics (or their order) changed" << kHowToUpdate;

  int differing = 0;
  std::ostringstream report;
  for (const SummaryMetric& m : actual) {
    const auto it = std::find_if(expected.begin(), expected.end(), [&](const auto& e) { return e.first == m.name; });
    if (it == expected.end()) continue;  // reported above
    if (!close_enough(it->second, m.value)) {
      ++differing;
      report.precision(17);
      report << "\n  " << m.name << ": checked in " << it->second << ", now " << m.value;
    }
  }
  EXPECT_EQ(differing, 0) << differing << " metric(s) of the baseline drifted from " << kCheckedIn << ":"
                          << report.str() << kHowToUpdate;
}

}  // namespace
}  // namespace pasante
