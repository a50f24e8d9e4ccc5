// Report inflation (MODEL.md §5.7): propensity × sqrt(shortfall) ×
// (1 − damping × recent supervision visits), clamped to [0, 1]; and the
// supervision visits that count as recent.
#include "processes/reporting.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "processes/supervision.hpp"

namespace pasante {
namespace {

TEST(InflationProbability, GrowsWithTheSquareRootOfTheShortfall) {
  EXPECT_DOUBLE_EQ(reporting::inflation_probability(0.9, 0.25, 0, 0.15), 0.45);
  EXPECT_DOUBLE_EQ(reporting::inflation_probability(0.9, 1.0, 0, 0.15), 0.9);
  EXPECT_DOUBLE_EQ(reporting::inflation_probability(0.8, 0.5, 0, 0.15), 0.8 * std::sqrt(0.5));
  EXPECT_LT(reporting::inflation_probability(0.9, 0.1, 0, 0.15), reporting::inflation_probability(0.9, 0.2, 0, 0.15));
}

TEST(InflationProbability, NoShortfallNoInflation) {
  EXPECT_EQ(reporting::inflation_probability(0.9, 0.0, 0, 0.15), 0.0);
  EXPECT_EQ(reporting::inflation_probability(0.9, -0.5, 0, 0.15), 0.0);  // above quota
  EXPECT_EQ(reporting::inflation_probability(0.0, 1.0, 0, 0.15), 0.0);   // no propensity
}

TEST(InflationProbability, ShortfallAboveOneCountsAsOne) {
  EXPECT_DOUBLE_EQ(reporting::inflation_probability(0.7, 3.0, 0, 0.15), 0.7);
}

TEST(InflationProbability, SupervisionDampsItDownToZero) {
  EXPECT_DOUBLE_EQ(reporting::inflation_probability(0.9, 1.0, 1, 0.15), 0.9 * 0.85);
  EXPECT_DOUBLE_EQ(reporting::inflation_probability(0.9, 1.0, 2, 0.15), 0.9 * 0.7);
  EXPECT_DOUBLE_EQ(reporting::inflation_probability(0.9, 1.0, 2, 0.0), 0.9);
  EXPECT_EQ(reporting::inflation_probability(0.9, 1.0, 7, 0.15), 0.0);  // 1 − 1.05 < 0: clamped
}

TEST(InflationProbability, ClampedToOne) {
  EXPECT_EQ(reporting::inflation_probability(1.6, 1.0, 0, 0.15), 1.0);
}

TEST(RecentSupervision, CountsVisitsWithinThirtyDays) {
  ClinicState cs;
  EXPECT_EQ(supervision::recent_visits(cs, 100), 0);
  cs.supervision_days = {60, 70, 71, 99, 100};
  EXPECT_EQ(supervision::recent_visits(cs, 100), 3);  // 71, 99 and 100: day 70 is 30 days back
  cs.supervision_days = {60, 70, 71};
  EXPECT_EQ(supervision::recent_visits(cs, 89), 3);
  EXPECT_EQ(supervision::recent_visits(cs, 90), 2);
  EXPECT_EQ(supervision::recent_visits(cs, 101), 0);
}

}  // namespace
}  // namespace pasante
