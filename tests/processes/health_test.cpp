// Days a chronic condition is out of control between two evaluations.
#include "processes/health.hpp"

#include <gtest/gtest.h>

namespace pasante {
namespace {

constexpr SimDay kControl = 37;  // refill cycle 30 + grace 7

TEST(UncontrolledDays, NoneWhileTheLastRefillStillControlsIt) {
  EXPECT_EQ(health::uncontrolled_days(0, 30, 0, kControl), 0);
  EXPECT_EQ(health::uncontrolled_days(0, 37, 0, kControl), 0);  // control lasts through day 36
  EXPECT_EQ(health::uncontrolled_days(10, 20, 5, kControl), 0);
}

TEST(UncontrolledDays, CountsFromTheLapseOrTheLastEvaluation) {
  EXPECT_EQ(health::uncontrolled_days(0, 38, 0, kControl), 1);
  EXPECT_EQ(health::uncontrolled_days(0, 50, 0, kControl), 13);   // from the lapse on day 37
  EXPECT_EQ(health::uncontrolled_days(45, 50, 0, kControl), 5);   // already counted up to day 45
  EXPECT_EQ(health::uncontrolled_days(30, 100, 40, kControl), 23); // refilled on day 40: lapse on 77
}

TEST(UncontrolledDays, RefillBeforeTheRunStarted) {
  EXPECT_EQ(health::uncontrolled_days(0, 30, -10, kControl), 3);   // lapse on day 27
  EXPECT_EQ(health::uncontrolled_days(0, 30, -100, kControl), 30); // out of control all along
}

TEST(UncontrolledDays, EmptyOrReversedIntervalGivesZero) {
  EXPECT_EQ(health::uncontrolled_days(50, 50, -100, kControl), 0);
  EXPECT_EQ(health::uncontrolled_days(60, 50, -100, kControl), 0);
}

}  // namespace
}  // namespace pasante
