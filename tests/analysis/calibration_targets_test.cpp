// The calibration check: each kind of target is judged on the mean over
// replicates, the needs_based arm is the mismatch index's reference, and a
// metric missing from the results is an error, not a pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "analysis/calibration.hpp"
#include "core/input_error.hpp"

namespace pasante::analysis {
namespace {

// An arm of `replicates` runs in which every metric of the targets has the
// given mean (values mean ± 0.001), other metrics 0.
ArmReplicates arm(const std::map<std::string, double>& means, int replicates = 4) {
  ArmReplicates a;
  a.source = "test";
  for (const auto& t : calibration_targets()) {
    a.metrics.push_back(t.metric);
    for (const auto& o : t.others) a.metrics.push_back(o);
  }
  for (int r = 0; r < replicates; ++r) {
    a.seeds.push_back(r + 1);
    std::vector<double> row;
    for (const auto& m : a.metrics) {
      const auto it = means.find(m);
      row.push_back((it == means.end() ? 0.0 : it->second) + (r % 2 ? 0.001 : -0.001));
    }
    a.values.push_back(row);
  }
  return a;
}

const std::map<std::string, double> kOnTarget{
    {"refusal_rate", 0.6},          {"refusal_rate_stockout", 0.3},     {"refusal_rate_capacity", 0.2},
    {"refusal_rate_no_doctor", 0.05}, {"interns_with_refusal_share", 1}, {"intern_security_mean_end", 24},
    {"women_harassed_share", 0.9},  {"report_inflation_ratio", 1.2},    {"medicine_mismatch_index", 0.8},
    {"supervision_visits_per_month_done", 1.5}};

const TargetCheck& check_of(const CalibrationCheck& c, const std::string& metric) {
  for (const auto& t : c.checks)
    if (t.target->metric == metric) return t;
  throw std::runtime_error("no check of " + metric);
}

TEST(CalibrationTargets, AreModelSection7InItsOrder) {
  std::vector<std::string> metrics;
  for (const auto& t : calibration_targets()) metrics.push_back(t.metric);
  EXPECT_EQ(metrics, (std::vector<std::string>{"refusal_rate", "refusal_rate_stockout", "interns_with_refusal_share",
                                               "intern_security_mean_end", "women_harassed_share",
                                               "report_inflation_ratio", "medicine_mismatch_index",
                                               "supervision_visits_per_month_done"}));
}

TEST(CalibrationCheck, OnTargetResultsMeetEveryTarget) {
  const CalibrationCheck c = check_calibration(arm(kOnTarget), arm({{"medicine_mismatch_index", 0.01}}));
  EXPECT_EQ(c.missed(), 0);
  const TargetCheck& largest = check_of(c, "refusal_rate_stockout");
  EXPECT_EQ(largest.reference_name, "refusal_rate_capacity");
  EXPECT_NEAR(largest.reference, 0.2, 1e-12);
  EXPECT_NEAR(check_of(c, "medicine_mismatch_index").reference, 0.01, 1e-12);
  EXPECT_EQ(check_of(c, "refusal_rate").estimate.n, 4);
}

TEST(CalibrationCheck, EachKindOfTargetCanBeMissed) {
  struct Case {
    std::string metric;
    double value;
  };
  for (const Case& k : {Case{"refusal_rate", 0.49}, Case{"refusal_rate", 0.71}, Case{"refusal_rate_stockout", 0.19},
                        Case{"interns_with_refusal_share", 0.94}, Case{"intern_security_mean_end", 30},
                        Case{"women_harassed_share", 0.79}, Case{"report_inflation_ratio", 1.09},
                        Case{"supervision_visits_per_month_done", 0.9}}) {
    auto means = kOnTarget;
    means[k.metric] = k.value;
    const CalibrationCheck c = check_calibration(arm(means), arm({{"medicine_mismatch_index", 0.01}}));
    EXPECT_EQ(c.missed(), 1) << k.metric << " = " << k.value;
    EXPECT_FALSE(check_of(c, k.metric).met) << k.metric << " = " << k.value;
  }
  // The mismatch index must be clearly above needs_based's: by 0.1 and more than twice it.
  for (double needs : {0.75, 0.45}) {
    const CalibrationCheck c = check_calibration(arm(kOnTarget), arm({{"medicine_mismatch_index", needs}}));
    EXPECT_FALSE(check_of(c, "medicine_mismatch_index").met) << needs;
  }
}

TEST(CalibrationCheck, UndefinedValuesAreLeftOutAndAMissingMetricIsAnError) {
  ArmReplicates a = arm(kOnTarget);
  a.values[0][0] = std::nan("");  // refusal_rate undefined in one replicate
  const CalibrationCheck c = check_calibration(a, arm({{"medicine_mismatch_index", 0.01}}));
  EXPECT_EQ(check_of(c, "refusal_rate").estimate.n, 3);
  EXPECT_TRUE(check_of(c, "refusal_rate").met);

  ArmReplicates none = arm(kOnTarget);
  for (auto& row : none.values) row[0] = std::nan("");
  EXPECT_FALSE(check_of(check_calibration(none, arm({{"medicine_mismatch_index", 0.01}})), "refusal_rate").met)
      << "no value at all is a miss";

  ArmReplicates old = arm(kOnTarget);
  old.metrics[3] = "renamed";
  EXPECT_THROW(check_calibration(old, arm({})), InputError);
}

TEST(CalibrationCheck, CsvHasOneRowPerTarget) {
  const std::string csv = calibration_csv(check_calibration(arm(kOnTarget), arm({{"medicine_mismatch_index", 0.01}})));
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "metric,target,mean,sd,ci_low,ci_high,n,reference,met");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + static_cast<long>(calibration_targets().size()));
  EXPECT_NE(csv.find("refusal_rate_stockout,the largest single reason,"), std::string::npos);
  EXPECT_NE(csv.find(",refusal_rate_capacity 0.2"), std::string::npos);
}

}  // namespace
}  // namespace pasante::analysis
