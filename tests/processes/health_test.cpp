// Days a chronic condition is out of control between two evaluations, and
// deaths of severe cases left untreated (on the Doctor Arroyo baseline state).
#include "processes/health.hpp"

#include <gtest/gtest.h>

#include "baseline_jurisdiction.hpp"

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

// Guards the death draw's key: a resident left with two severe cases
// untreated on one day (a severe episode and a trauma case) risks death from
// each on its own draw, so with a risk of one half about three in four die.
// Keyed by (resident, day) alone, both cases shared one draw: one half died.
TEST(SevereUntreated, EachCaseLeftUntreatedRisksDeathOnItsOwnDraw) {
  auto s = test::populated_baseline();
  s->params.health.death_severe_untreated = 0.5;
  const ClinicId c = test::largest_clinic_away_from_hospital(*s);
  ASSERT_NE(c, kNone);
  constexpr std::uint32_t kResidents = 400;
  ASSERT_GE(s->residents.catchment_begin[c + 1] - s->residents.catchment_begin[c], kResidents);
  ClinicState& cs = s->clinics[c];
  for (std::uint32_t k = 0; k < kResidents; ++k) {
    const ResidentId r = s->residents.catchment_begin[c] + k;
    s->residents.clear_traits(r, trait::dead);
    cs.severe_untreated.push_back({r, kAcuteCaseSubstream});
    cs.severe_untreated.push_back({r, trauma_case_substream(k)});
  }
  health::run(*s, 3);
  // Binomial(400, 3/4): 300 ± 8.7; one shared draw would give 200 ± 10.
  EXPECT_GT(cs.counters.deaths, 260);
  EXPECT_LT(cs.counters.deaths, 340);
}

}  // namespace
}  // namespace pasante
