// Care seeking (MODEL.md §5.2): trust × exp(-minutes / scale) ×
// (1 − poverty_barrier × extreme_poor) × severity_factor, capped at 1.
#include "processes/demand.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace pasante {
namespace {

DemandParameters params() {
  DemandParameters p;
  p.travel_scale_minutes = 120;
  p.poverty_barrier = 0.3;
  return p;
}

TEST(SeekProbability, FromAccessIsTheSameNumber) {
  const DemandParameters p = params();
  for (const double minutes : {0.0, 17.5, 120.0, 900.0})
    EXPECT_EQ(demand::seek_probability_from_access(0.7, demand::travel_access(minutes, p.travel_scale_minutes), true, 1.3, p),
              demand::seek_probability(0.7, minutes, true, 1.3, p));
}

TEST(SeekProbability, TrustAloneNextToTheClinic) {
  const DemandParameters p = params();
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.8, 0, false, 1.0, p), 0.8);
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.0, 0, false, 1.0, p), 0.0);
  EXPECT_DOUBLE_EQ(demand::seek_probability(1.0, 0, false, 1.0, p), 1.0);
}

TEST(SeekProbability, DistanceDecaysExponentially) {
  const DemandParameters p = params();
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.5, 120, false, 1.0, p), 0.5 * std::exp(-1.0));
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.5, 60, false, 1.0, p), 0.5 * std::exp(-0.5));
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.5, std::numeric_limits<double>::infinity(), false, 1.0, p), 0.0);
  DemandParameters wider = p;
  wider.travel_scale_minutes = 240;
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.5, 120, false, 1.0, wider), 0.5 * std::exp(-0.5));
}

TEST(SeekProbability, ExtremePovertyIsABarrier) {
  const DemandParameters p = params();
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.6, 0, true, 1.0, p), 0.6 * 0.7);
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.6, 30, true, 1.0, p), 0.6 * std::exp(-0.25) * 0.7);
  DemandParameters none = p;
  none.poverty_barrier = 0;
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.6, 30, true, 1.0, none), demand::seek_probability(0.6, 30, false, 1.0, none));
}

TEST(SeekProbability, SeverityRaisesItAndItIsCappedAtOne) {
  const DemandParameters p = params();
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.4, 0, false, 1.3, p), 0.4 * 1.3);
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.4, 0, false, 2.0, p), 0.8);
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.9, 0, false, 2.0, p), 1.0);  // 1.8 capped
  EXPECT_DOUBLE_EQ(demand::seek_probability(0.9, 120, true, 2.0, p), 0.9 * std::exp(-1.0) * 0.7 * 2.0);
}

}  // namespace
}  // namespace pasante
