// Interns (sim/processes/interns.cpp, docs/ODD.md §7.15): the chance of
// leaving medicine after service (base + stress + insecurity + harassment
// terms, clamped to [0, 1]); the interns' daily draws on the Doctor Arroyo
// baseline state (common random numbers); and paperwork trips to the
// jurisdiction on working days.
#include "processes/interns.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "processes/care.hpp"
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

// ---------------------------------------------------------------------------
// Paperwork trips to the jurisdiction.

// The baseline as a run sets it up, with one intern serving at every clinic
// and no violence (so roads close only when a test closes them).
std::unique_ptr<SimulationState> staffed_jurisdiction(double paperwork_per_month) {
  auto s = test::populated_baseline();
  s->params.interns.paperwork_trips_per_month = paperwork_per_month;
  violence::initialise(*s);
  for (auto& v : s->violence) v.intensity = 0;
  travel_times::initialise(*s);
  clinic_routes::initialise(*s);
  for (ClinicId c = 0; c < s->world.clinics.size(); ++c) {
    Intern in;
    in.id = static_cast<std::uint32_t>(s->interns.size());
    in.ordinal = c;
    in.clinic = c;
    in.category = s->world.clinics[c].category;
    in.competence = 0.5;
    in.stress = 20;
    in.security = 60;
    in.planned_end_day = 10000;
    s->clinics[c].intern = static_cast<std::int32_t>(in.id);
    s->interns.push_back(in);
  }
  return s;
}

// Guards the rate: over two years, each intern sets off on a working day of
// the clinic with probability paperwork_trips_per_month / working days a
// month (26 or 21.7), and never on a rest day; the total matches within four
// standard deviations, and is about two a month at a rate of two.
TEST(Paperwork, InternsSetOffOnWorkingDaysAtTheMonthlyRate) {
  constexpr double kPerMonth = 2.0;
  auto s = staffed_jurisdiction(kPerMonth);
  double mean = 0, variance = 0;
  std::int64_t away_on_rest_days = 0;
  constexpr SimDay kDays = 730;
  for (SimDay d = 0; d < kDays; ++d) {
    interns::set_off_for_paperwork(*s, d);
    for (const Intern& in : s->interns) {
      if (!s->working_day(in.clinic, d)) {
        away_on_rest_days += in.away_day == d;
        continue;
      }
      const double p = kPerMonth / s->working_days_per_month(in.clinic);
      mean += p;
      variance += p * (1 - p);
    }
  }
  std::int64_t trips = 0;
  for (const Intern& in : s->interns) {
    trips += in.paperwork_trips;
    EXPECT_EQ(in.paperwork_cancelled, 0) << "every road is open";
  }
  EXPECT_EQ(away_on_rest_days, 0);
  EXPECT_NEAR(static_cast<double>(trips), mean, 4 * std::sqrt(variance));
  const double months = kDays / (365.2425 / 12);
  EXPECT_NEAR(static_cast<double>(trips) / (months * static_cast<double>(s->interns.size())), kPerMonth, 0.1);

  auto none = staffed_jurisdiction(0.0);
  for (SimDay d = 0; d < 60; ++d) interns::set_off_for_paperwork(*none, d);
  for (const Intern& in : none->interns) EXPECT_EQ(in.paperwork_trips, 0);
}

// Guards the road check: an intern whose clinic is cut off from the hospital
// does not set off (the trip is called off and counted, and the intern stays
// at the clinic); interns whose clinics reach it set off.
TEST(Paperwork, ATripOnClosedRoadsIsCalledOffAndTheInternStays) {
  auto s = staffed_jurisdiction(1000.0);  // every working day
  const ClinicId c = test::largest_clinic_away_from_hospital(*s);
  ASSERT_NE(c, kNone);
  SimDay d = 0;
  while (!s->working_day(c, d)) ++d;
  for (RoadId r : s->world.roads.roads_at(s->world.clinics[c].vertex)) s->world.roads.close_road(r, d);
  travel_times::refresh(*s, d);
  clinic_routes::refresh(*s, d);
  ASSERT_FALSE(clinic_routes::hospital_reachable(*s, c));
  interns::set_off_for_paperwork(*s, d);
  const Intern& stuck = s->interns[static_cast<std::size_t>(s->clinics[c].intern)];
  EXPECT_EQ(stuck.paperwork_cancelled, 1);
  EXPECT_EQ(stuck.paperwork_trips, 0);
  EXPECT_TRUE(stuck.present(d));
  EXPECT_EQ(care::doctors_present(*s, c, d), 1 + (s->clinics[c].staff_physician ? 1 : 0));
  // At a rate this high every intern on a working day set off if their
  // clinic reaches its hospital (some beyond the closed roads do not).
  std::int64_t away = 0;
  for (const Intern& in : s->interns) {
    if (!s->working_day(in.clinic, d)) continue;
    const bool reachable = clinic_routes::hospital_reachable(*s, in.clinic);
    EXPECT_EQ(in.present(d), !reachable) << "clinic " << in.clinic;
    EXPECT_EQ(in.paperwork_cancelled, reachable ? 0 : 1) << "clinic " << in.clinic;
    away += !in.present(d);
  }
  EXPECT_GT(away, 0);
}

// Guards the day away: an intern at the jurisdiction sees none of the day's
// consultations and is not charged the clinic's refusals (a partner who
// stayed has them all), and comes back the next day.
TEST(Paperwork, AnInternAwayHasNoneOfTheDaysConsultationsOrRefusals) {
  auto s = staffed_jurisdiction(0.0);
  const ClinicId c = test::largest_clinic_away_from_hospital(*s);
  ClinicState& cs = s->clinics[c];
  cs.staff_physician = false;
  Intern partner = s->interns[static_cast<std::size_t>(cs.intern)];
  partner.id = static_cast<std::uint32_t>(s->interns.size());
  partner.ordinal = partner.id;
  cs.partner = static_cast<std::int32_t>(partner.id);
  s->interns.push_back(partner);
  SimDay d = 0;
  while (!s->working_day(c, d)) ++d;
  Intern& away = s->interns[static_cast<std::size_t>(cs.intern)];
  away.away_day = d;
  for (ClinicState& each : s->clinics) each.day_consultations = each.day_refusals = 0;
  cs.day_consultations = 30;
  cs.day_refusals = 5;
  interns::run(*s, d);
  const Intern& gone = s->interns[static_cast<std::size_t>(cs.intern)];
  const Intern& stayed = s->interns[static_cast<std::size_t>(cs.partner)];
  EXPECT_EQ(gone.consultations_true, 0);
  EXPECT_EQ(gone.refusals, 0);
  EXPECT_EQ(stayed.consultations_true, 30);
  EXPECT_EQ(stayed.refusals, 5);
  interns::run(*s, d + 1);
  EXPECT_EQ(s->interns[static_cast<std::size_t>(cs.intern)].consultations_true, 15) << "back, sharing the day";
}

}  // namespace
}  // namespace pasante
