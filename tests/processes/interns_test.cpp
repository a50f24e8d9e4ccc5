// Chance of leaving medicine after service (MODEL.md §5.6): base + stress +
// insecurity + harassment terms, clamped to [0, 1]; and the interns' daily
// draws on the Doctor Arroyo baseline state (common random numbers).
#include "processes/interns.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "processes/clinic_routes.hpp"
#include "processes/travel_times.hpp"
#include "processes/violence.hpp"
#include "baseline_jurisdiction.hpp"

namespace pasante {
namespace {

InternParameters params() {
  InternParameters p;
  p.leave_profession_base = 0.03;
  p.leave_profession_stress = 0.15;
  p.leave_profession_insecurity = 0.1;
  p.leave_profession_harassment = 0.02;
  return p;
}

Intern intern(double stress, double security, std::int64_t harassment) {
  Intern in;
  in.stress = stress;
  in.security = security;
  in.harassment = harassment;
  return in;
}

TEST(LeaveProfession, BaseForARestedSafeUnharassedIntern) {
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(params(), intern(0, 100, 0)), 0.03);
}

TEST(LeaveProfession, EachTermAddsItsShare) {
  const InternParameters p = params();
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(100, 100, 0)), 0.03 + 0.15);
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(0, 0, 0)), 0.03 + 0.1);
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(0, 100, 3)), 0.03 + 0.06);
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(40, 24, 2)), 0.03 + 0.15 * 0.4 + 0.1 * 0.76 + 0.04);
}

TEST(LeaveProfession, ClampedToProbabilities) {
  const InternParameters p = params();
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(100, 0, 100)), 1.0);
  InternParameters negative = p;
  negative.leave_profession_base = -0.5;
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(negative, intern(0, 100, 0)), 0.0);
}

TEST(LeaveProfession, RisesWithStressInsecurityAndHarassment) {
  const InternParameters p = params();
  const double base = interns::leave_profession_probability(p, intern(30, 60, 1));
  EXPECT_GT(interns::leave_profession_probability(p, intern(50, 60, 1)), base);
  EXPECT_GT(interns::leave_profession_probability(p, intern(30, 40, 1)), base);
  EXPECT_GT(interns::leave_profession_probability(p, intern(30, 60, 2)), base);
}

// The baseline state as a run has it before day 0 (violence, roads, routes),
// one intern serving at each clinic, and a dropout hazard of one half that
// nothing the day brings changes.
std::unique_ptr<SimulationState> one_intern_per_clinic(double trip_rate_per_month) {
  auto s = test::populated_baseline();
  violence::initialise(*s);
  travel_times::initialise(*s);
  clinic_routes::initialise(*s);
  InternParameters& p = s->params.interns;
  p.trip_rate_per_month = trip_rate_per_month;
  p.dropout_hazard_base = 0.5;
  p.dropout_hazard_stress = p.dropout_hazard_insecurity = 0;
  s->params.policy.relocate_below.reset();
  for (ClinicId c = 0; c < s->clinics.size(); ++c) {
    Intern in;
    in.id = static_cast<std::uint32_t>(s->interns.size());
    in.ordinal = c;
    in.clinic = c;
    in.category = s->world.clinics[c].category;
    in.stress = p.stress_initial;
    in.security = p.security_initial;
    in.planned_end_day = 1000;
    s->clinics[c].intern = static_cast<std::int32_t>(in.id);
    s->interns.push_back(in);
  }
  return s;
}

// Guards the fixed places of an intern's daily draws: on a day off, whether
// the intern takes a trip (drawn only on days off, which depend on the
// clinic a policy gives them) does not change whether they drop out. When
// the trip and incident draws were made only when needed, the dropout draw
// was another number on a day with a trip.
TEST(InternsDay, WhetherAnInternTravelsDoesNotChangeTheirDropoutDraw) {
  const auto home = one_intern_per_clinic(0), travelling = one_intern_per_clinic(1000);
  SimDay sunday = 0;
  while (home->calendar.weekday(sunday) != Weekday::Sunday) ++sunday;
  interns::run(*home, sunday);
  interns::run(*travelling, sunday);
  std::int64_t trips = 0, dropouts = 0;
  for (std::size_t i = 0; i < home->interns.size(); ++i) {
    EXPECT_EQ(home->interns[i].trips + home->interns[i].trips_cancelled, 0);
    trips += travelling->interns[i].trips + travelling->interns[i].trips_cancelled;
    dropouts += home->interns[i].status == InternStatus::dropped_out;
    EXPECT_EQ(travelling->interns[i].status == InternStatus::dropped_out,
              home->interns[i].status == InternStatus::dropped_out)
        << "intern " << i;
  }
  EXPECT_EQ(trips, static_cast<std::int64_t>(home->interns.size()));
  EXPECT_GT(dropouts, 0);
  EXPECT_LT(dropouts, static_cast<std::int64_t>(home->interns.size()));
}

}  // namespace
}  // namespace pasante
