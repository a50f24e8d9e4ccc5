// Paired comparisons: the Welch interval, pairing by seed, and how much
// pairing narrows the interval when the arms' replicates are correlated (as
// common random numbers make them) - and widens it when they are not.
#include "analysis/comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/random_stream.hpp"

namespace pasante::analysis {
namespace {

// Two arms of n replicates: a shared component of sd `shared` (what common
// random numbers give both arms), plus own noise of sd `own`; the variant is
// shifted by `effect`. `sign` -1 makes the shared part move the arms apart.
struct Synthetic {
  std::vector<double> base, variant;
};
Synthetic synthetic(int n, double shared, double own, double effect, double sign = 1, std::uint64_t seed = 9) {
  Synthetic s;
  for (int i = 0; i < n; ++i) {
    RandomStream r(seed, StreamId::sweep_design, static_cast<std::uint64_t>(i), 99);
    const double z = r.normal(0, shared);
    s.base.push_back(10 + z + r.normal(0, own));
    s.variant.push_back(10 + effect + sign * z + r.normal(0, own));
  }
  return s;
}

ArmReplicates arm(const std::string& name, const std::vector<double>& values, std::int64_t first_seed = 1) {
  ArmReplicates a;
  a.name = name;
  a.metrics = {"m"};
  for (std::size_t i = 0; i < values.size(); ++i) {
    a.seeds.push_back(first_seed + static_cast<std::int64_t>(i));
    a.values.push_back({values[i]});
  }
  return a;
}

TEST(Comparison, WelchIntervalMatchesItsFormula) {
  const std::vector<double> b{1, 2, 3, 4, 5}, v{2, 4, 6, 8, 10};
  const Estimate w = welch_difference(b, v);
  EXPECT_DOUBLE_EQ(w.mean, 3.0);
  // s² = 2.5 and 10: se = sqrt(0.5 + 2) ; Welch-Satterthwaite dof = 6.25 / (0.0625 + 1) = 5.882...
  const double se = std::sqrt(2.5), dof = 6.25 / 1.0625;
  EXPECT_NEAR(w.sd, se, 1e-12);
  const double t = t_quantile_975(dof);
  EXPECT_GT(t, t_quantile_975(6));
  EXPECT_LT(t, t_quantile_975(5));
  EXPECT_NEAR(t, 2.4588, 1e-4);  // the exact quantile for 5.882 dof
  EXPECT_NEAR((w.ci_high - w.ci_low) / 2, t * se, 1e-12);
  EXPECT_TRUE(std::isnan(welch_difference({1}, {2, 3}).ci_low)) << "one replicate: no interval";
}

TEST(Comparison, PairingNarrowsTheIntervalWhenArmsShareRandomness) {
  const Synthetic s = synthetic(10, /*shared=*/1.0, /*own=*/0.1, /*effect=*/-0.5);
  const ArmComparison c = compare_arms(arm("base", s.base), arm("variant", s.variant));
  ASSERT_EQ(c.rows.size(), 1u);
  const MetricComparison& r = c.rows[0];
  EXPECT_EQ(r.n, 10);
  EXPECT_LT(r.ci_high, 0) << "the effect is found with pairing";
  EXPECT_LT(r.paired_half_width, 0.3 * r.unpaired_half_width);
  EXPECT_GT(r.ci_high + (r.unpaired_half_width - r.paired_half_width), 0)
      << "the unpaired interval, as wide as it is, would include zero";
  const Narrowing n = narrowing(c);
  EXPECT_EQ(n.metrics, 1);
  EXPECT_EQ(n.narrower, 1);
  EXPECT_NEAR(n.median_ratio, r.paired_half_width / r.unpaired_half_width, 1e-12);
}

TEST(Comparison, PairingWidensTheIntervalWhenArmsMoveApart) {
  const Synthetic s = synthetic(10, 1.0, 0.1, -0.5, /*sign=*/-1);
  const ArmComparison c = compare_arms(arm("base", s.base), arm("variant", s.variant));
  EXPECT_GT(c.rows[0].paired_half_width, 1.5 * c.rows[0].unpaired_half_width);
  EXPECT_EQ(narrowing(c).narrower, 0);
  EXPECT_LT(c.rows[0].arm_correlation, -0.8) << "the arms move against each other";
  // The printed table says where pairing did not narrow, and why.
  ComparisonOutcome outcome;
  outcome.comparisons.push_back(c);
  const std::string text = format_comparison(outcome);
  EXPECT_NE(text.find("Not narrower for m: the arms' replicates correlate at -0.9"), std::string::npos) << text;
}

// Guards the arms' correlation: Pearson's r of the paired replicates, +1 and
// −1 for exact lines, near the shared share of the variance for synthetic
// arms, NaN when an arm does not vary or there are fewer than two pairs.
TEST(Comparison, ArmCorrelationIsPearsonsROfThePairs) {
  EXPECT_NEAR(correlation({1, 2, 3, 4}, {2, 4, 6, 8.0}), 1.0, 1e-12);
  EXPECT_NEAR(correlation({1, 2, 3, 4}, {8, 6, 4, 2.0}), -1.0, 1e-12);
  EXPECT_NEAR(correlation({1, 2, 3, 4}, {1, 3, 2, 4.0}), 0.8, 1e-12);
  EXPECT_TRUE(std::isnan(correlation({1, 2, 3}, {5, 5, 5})));
  EXPECT_TRUE(std::isnan(correlation({1}, {2})));
  const Synthetic s = synthetic(400, /*shared=*/1.0, /*own=*/1.0, /*effect=*/0);
  const ArmComparison c = compare_arms(arm("base", s.base), arm("variant", s.variant));
  EXPECT_NEAR(c.rows[0].arm_correlation, 0.5, 0.1) << "shared variance 1 of 2";
}

TEST(Comparison, ReplicatesArePairedBySeedNotByPosition) {
  const Synthetic s = synthetic(8, 1.0, 0.1, 0.3);
  const ArmComparison aligned = compare_arms(arm("base", s.base), arm("variant", s.variant));
  // The variant's replicates listed in reverse order, plus two seeds the base does not have.
  ArmReplicates shuffled;
  shuffled.name = "variant";
  shuffled.metrics = {"m"};
  for (int i = 7; i >= 0; --i) {
    shuffled.seeds.push_back(1 + i);
    shuffled.values.push_back({s.variant[static_cast<std::size_t>(i)]});
  }
  shuffled.seeds.push_back(100);
  shuffled.values.push_back({1e9});
  const ArmComparison c = compare_arms(arm("base", s.base), shuffled);
  EXPECT_EQ(c.seeds, aligned.seeds);
  EXPECT_DOUBLE_EQ(c.rows[0].diff, aligned.rows[0].diff);
  EXPECT_DOUBLE_EQ(c.rows[0].ci_low, aligned.rows[0].ci_low);
  EXPECT_DOUBLE_EQ(c.rows[0].unpaired_half_width, aligned.rows[0].unpaired_half_width);
}

TEST(Comparison, IndependentSeedsGiveTheUnpairedWidthInExpectation) {
  const Synthetic s = synthetic(30, 1.0, 0.1, 0.3);
  const Synthetic other = synthetic(30, 1.0, 0.1, 0.3, 1, /*seed=*/77);  // independent draws
  const ArmReplicates independent = arm("variant (independent seeds)", other.variant, 1000);
  const ArmComparison c = compare_arms(arm("base", s.base), arm("variant", s.variant), &independent);
  const MetricComparison& r = c.rows[0];
  EXPECT_LT(r.paired_half_width, 0.3 * r.independent_half_width);
  EXPECT_NEAR(r.independent_half_width / r.unpaired_half_width, 1.0, 0.35);
  EXPECT_EQ(narrowing(c).independent_narrower, 1);
}

TEST(Comparison, SeriesBandsAverageReplicatesDayByDay) {
  std::vector<SeriesValue> v;
  for (int rep = 0; rep < 3; ++rep)
    for (int day : {6, 13}) {
      v.push_back({0, rep, day, "b", static_cast<double>(rep)});
      v.push_back({0, rep, day, "a", 10.0 * day});
    }
  const auto bands = series_bands(v);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_EQ(bands[0].metric, "b") << "metrics in order of first appearance";
  EXPECT_EQ(bands[0].days, (std::vector<int>{6, 13}));
  EXPECT_DOUBLE_EQ(bands[0].mean[1], 1.0);
  EXPECT_LT(bands[0].low[0], 1.0);
  EXPECT_GT(bands[0].high[0], 1.0);
  EXPECT_DOUBLE_EQ(bands[1].low[1], 130.0) << "no spread, no width";
}

}  // namespace
}  // namespace pasante::analysis
