// The shipped baseline lands in the calibration bands of MODEL.md §7: the
// embedded Doctor Arroyo scenario over its full cohort year (365 days), mean
// of 10 replicates (seeds 1..10), checked against the targets as declared
// once in analysis/calibration (what `pasante calibrate` prints).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "analysis/calibration.hpp"
#include "core/text_source.hpp"

namespace pasante::analysis {
namespace {

TEST(Calibration, BaselineLandsInTheBandsOfModelSection7) {
  CalibrationOptions options;
  options.replicates = 10;
  options.seed = 1;
  options.jobs = 2;
  const CalibrationCheck check = run_calibration(std::string(kDefaultScenario), options);
  EXPECT_EQ(check.days, 365) << "the baseline is one cohort year";
  std::printf("%s", format_calibration(check).c_str());
  ASSERT_EQ(check.checks.size(), calibration_targets().size());
  for (const TargetCheck& c : check.checks)
    EXPECT_TRUE(c.met) << c.target->metric << ": mean " << c.estimate.mean << " (sd " << c.estimate.sd
                       << ") misses its target " << c.target->wanted
                       << (c.reference_name.empty() ? std::string()
                                                    : " (" + c.reference_name + " " + std::to_string(c.reference) + ")")
                       << " (MODEL.md §7)";
}

}  // namespace
}  // namespace pasante::analysis
