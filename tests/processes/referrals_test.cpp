// Referrals to the jurisdiction hospital (sim/processes/referrals.cpp,
// docs/ODD.md §7.11) on the real Doctor Arroyo state, set up as a run sets it
// up before day 0 (population, opening stock, hospital stock, today's roads
// and clinic routes), with referrals placed by hand in a clinic's list or
// made by the care phase. Checked: a referral is treated only when the
// clinic reaches its hospital on today's roads, the patient makes the trip
// (always when severe, else with probability exp(−minutes / travel scale),
// minutes being today's route, so a detour makes fewer go),
// the hospital has capacity left today (shared in clinic order, reset daily)
// and a course in stock; otherwise it fails with its consequences (trust lost
// for a refusal or a wasted trip, a severe case left untreated, a chronic
// patient's retry); and the units the hospital was asked for are tracked.
#include "processes/referrals.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "agents/population_builder.hpp"
#include "core/text_source.hpp"
#include "processes/administration.hpp"
#include "processes/care.hpp"
#include "processes/clinic_routes.hpp"
#include "processes/medicine_stock.hpp"
#include "processes/supply.hpp"
#include "processes/travel_times.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"
#include "baseline_jurisdiction.hpp"

namespace pasante {
namespace {

using test::baseline;
using test::baseline_world;

// Trust is stored in 1/255 steps.
constexpr double kTrustStep = 1.0 / 255.0;

int medicine(Medicine m) { return static_cast<int>(m); }

class ReferralsToTheHospital : public ::testing::Test {
 protected:
  void SetUp() override {
    // No staff-physician draw: care is not run here but once.
    s = test::populated_baseline();
    travel_times::initialise(*s);
    clinic_routes::initialise(*s);
    // The clinic with the most residents away from the hospital's own vertex
    // (so closing the roads at it cuts it off).
    clinic = test::largest_clinic_away_from_hospital(*s);
    ASSERT_NE(clinic, kNone);
    day = 3;
    for (int m = 0; m < kMedicineCount; ++m) {
      hospital().stock[m].clear();
      receive(hospital().stock[m], static_cast<std::int32_t>(1000 * s->params.medicines[m].units_per_course), 400);
    }
  }

  std::uint32_t catchment_size(ClinicId c) const {
    return s->residents.catchment_begin[c + 1] - s->residents.catchment_begin[c];
  }
  ClinicState& cs(ClinicId c) { return s->clinics[c]; }
  ClinicState& cs() { return s->clinics[clinic]; }
  HospitalState& hospital() { return s->hospitals[s->world.clinics[clinic].hospital]; }
  std::int64_t course(Medicine m) const { return s->params.medicines[medicine(m)].units_per_course; }
  double trust_after_loss(double t, double loss) const { return t - loss * t; }

  ResidentId resident(std::uint32_t k, ClinicId c) const { return s->residents.catchment_begin[c] + k; }
  ResidentId resident(std::uint32_t k) const { return resident(k, clinic); }
  // Refers resident k of clinic `c` (severe trauma unless told otherwise).
  void refer_from(ClinicId c, std::uint32_t k, std::uint8_t severity = 2, Medicine m = Medicine::trauma_kit) {
    cs(c).referrals.push_back(Referral{resident(k, c), kNone, severity, m});
  }
  void refer(std::uint32_t k, std::uint8_t severity = 2, Medicine m = Medicine::trauma_kit) {
    refer_from(clinic, k, severity, m);
  }
  // Minutes of the clinic's route to its hospital on today's roads.
  double trip_minutes() { return clinic_routes::hospital_route(*s, clinic, day).minutes; }
  // Share of `patients` non-severe analgesic referrals that made the trip on day `d`.
  double share_making_the_trip(std::uint32_t patients, SimDay d) {
    for (std::uint32_t k = 0; k < patients; ++k) refer(k, 1, Medicine::analgesic);
    run_referrals(d);
    EXPECT_EQ(cs().counters.referrals, patients);
    return static_cast<double>(cs().counters.referrals_treated) / patients;
  }
  // The clinic's first chronic patient, a diabetic.
  std::uint32_t chronic_patient(std::uint32_t nth = 0) {
    const std::uint32_t k = s->chronic.catchment_begin[clinic] + nth;
    EXPECT_LT(k, s->chronic.catchment_begin[clinic + 1]) << "too few chronic patients";
    return k;
  }
  // Closes every road at the clinic through `until` and brings today's routes up to date.
  void cut_off_clinic(SimDay until) {
    for (RoadId r : s->world.roads.roads_at(s->world.clinics[clinic].vertex)) s->world.roads.close_road(r, until);
    roads_of(day);
  }
  void roads_of(SimDay d) {
    travel_times::refresh(*s, d);
    clinic_routes::refresh(*s, d);
  }
  void run_referrals(SimDay d) {
    for (ClinicState& each : s->clinics) each.counters = CareCounters{};
    referrals::run(*s, d);
  }

  std::unique_ptr<SimulationState> s;
  ClinicId clinic = 0;
  SimDay day = 0;
};

// Guards the treated path: a severe referral on open roads uses one unit of
// the hospital's capacity and one course of its stock, counts as requested
// and treated, raises the patient's trust, and empties the clinic's list.
TEST_F(ReferralsToTheHospital, ASevereReferralOnOpenRoadsIsTreatedFromTheHospitalsStock) {
  ASSERT_TRUE(clinic_routes::hospital_reachable(*s, clinic));
  const int kit = medicine(Medicine::trauma_kit);
  const std::int64_t stock = units_in_stock(hospital().stock[kit]);
  hospital().requested_cycle = MedicineUnits{};
  s->residents.set_trust(resident(0), 0.5);
  const double before = s->residents.trust_of(resident(0));
  refer(0);
  run_referrals(day);
  const CareCounters& n = cs().counters;
  EXPECT_EQ(n.referrals, 1);
  EXPECT_EQ(n.referrals_treated, 1);
  EXPECT_EQ(n.referrals_failed, 0);
  EXPECT_EQ(units_in_stock(hospital().stock[kit]), stock - course(Medicine::trauma_kit));
  EXPECT_EQ(hospital().requested_cycle[kit], course(Medicine::trauma_kit));
  EXPECT_DOUBLE_EQ(hospital().capacity_left, s->params.care.hospital_consultations_per_day - 1);
  EXPECT_NEAR(s->residents.trust_of(resident(0)), before + s->params.demand.trust_gain_treated * (1 - before),
              kTrustStep);
  EXPECT_TRUE(cs().severe_untreated.empty());
  EXPECT_TRUE(cs().referrals.empty());
}

// Guards the road check: while every road at the clinic is closed its
// referral fails without a trip (trust lost as for a refusal, nothing asked
// of the hospital, a severe case left untreated); once the roads reopen the
// same referral is treated.
TEST_F(ReferralsToTheHospital, AReferralFromAClinicCutOffFromItsHospitalFails) {
  cut_off_clinic(day);
  ASSERT_FALSE(clinic_routes::hospital_reachable(*s, clinic));
  const int kit = medicine(Medicine::trauma_kit);
  const std::int64_t stock = units_in_stock(hospital().stock[kit]);
  hospital().requested_cycle = MedicineUnits{};
  s->residents.set_trust(resident(0), 0.5);
  const double before = s->residents.trust_of(resident(0));
  refer(0);
  run_referrals(day);
  EXPECT_EQ(cs().counters.referrals, 1);
  EXPECT_EQ(cs().counters.referrals_failed, 1);
  EXPECT_EQ(cs().counters.referrals_treated, 0);
  EXPECT_NEAR(s->residents.trust_of(resident(0)), trust_after_loss(before, s->params.demand.trust_loss_refused),
              kTrustStep);
  ASSERT_EQ(cs().severe_untreated.size(), 1u);
  EXPECT_EQ(cs().severe_untreated[0].resident, resident(0));
  EXPECT_EQ(units_in_stock(hospital().stock[kit]), stock);
  EXPECT_EQ(hospital().requested_cycle, MedicineUnits{});
  EXPECT_DOUBLE_EQ(hospital().capacity_left, s->params.care.hospital_consultations_per_day);

  roads_of(day + 1);  // closed through `day` only
  ASSERT_TRUE(clinic_routes::hospital_reachable(*s, clinic));
  refer(0);
  run_referrals(day + 1);
  EXPECT_EQ(cs().counters.referrals_treated, 1);
}

// Guards the hospital's stock check: a severe patient who travelled to a
// hospital without the medicine fails with a wasted trip (the larger trust
// loss), is left untreated, and still used a consultation and counts as
// units requested, which is what the hospital's resupply follows.
TEST_F(ReferralsToTheHospital, AHospitalOutOfTheMedicineWastesTheTrip) {
  const int kit = medicine(Medicine::trauma_kit);
  hospital().stock[kit].clear();
  hospital().requested_cycle = MedicineUnits{};
  s->residents.set_trust(resident(0), 0.5);
  const double before = s->residents.trust_of(resident(0));
  refer(0);
  run_referrals(day);
  EXPECT_EQ(cs().counters.referrals_failed, 1);
  EXPECT_NEAR(s->residents.trust_of(resident(0)), trust_after_loss(before, s->params.demand.trust_loss_wasted_trip),
              kTrustStep);
  ASSERT_EQ(cs().severe_untreated.size(), 1u);
  EXPECT_DOUBLE_EQ(hospital().capacity_left, s->params.care.hospital_consultations_per_day - 1);
  EXPECT_EQ(hospital().requested_cycle[kit], course(Medicine::trauma_kit));
}

// Guards the hospital's daily capacity: with room for one referral a day, the
// clinic first in clinic order gets it and the other's patient makes a wasted
// trip (not counted as requested); the next day the capacity is back.
TEST_F(ReferralsToTheHospital, TheHospitalsCapacityIsSharedInClinicOrderAndResetDaily) {
  s->params.care.hospital_consultations_per_day = 1;
  ClinicId first = clinic, second = clinic;
  for (ClinicId c = 0; c < s->world.clinics.size() && first == clinic; ++c)
    if (c != clinic && s->world.clinics[c].hospital == s->world.clinics[clinic].hospital) first = c;
  ASSERT_NE(first, clinic) << "no other clinic refers to the same hospital";
  if (first > clinic) std::swap(first, second);
  hospital().requested_cycle = MedicineUnits{};
  s->residents.set_trust(resident(0, second), 0.5);
  const double before = s->residents.trust_of(resident(0, second));
  refer_from(second, 0);  // placed first, served second: clinic order decides
  refer_from(first, 0);
  run_referrals(day);
  EXPECT_EQ(cs(first).counters.referrals_treated, 1);
  EXPECT_EQ(cs(second).counters.referrals_failed, 1);
  EXPECT_NEAR(s->residents.trust_of(resident(0, second)),
              trust_after_loss(before, s->params.demand.trust_loss_wasted_trip), kTrustStep);
  EXPECT_EQ(hospital().requested_cycle[medicine(Medicine::trauma_kit)], course(Medicine::trauma_kit));

  refer_from(second, 1);
  run_referrals(day + 1);
  EXPECT_EQ(cs(second).counters.referrals_treated, 1);
}

// Guards the trip decision of non-severe referrals, exp(−minutes / travel
// scale) with today's route minutes: nobody makes a trip a thousand scales
// long (a failure without a wasted trip and without a severe case left
// untreated), everyone makes one when the scale is vast, and at a scale of
// minutes / ln 2 about half do.
TEST_F(ReferralsToTheHospital, ANonSevereReferralMakesTheTripWithProbabilityExpMinusMinutesOverScale) {
  s->params.care.hospital_consultations_per_day = 10000;
  const int analgesic = medicine(Medicine::analgesic);
  receive(hospital().stock[analgesic], static_cast<std::int32_t>(2000 * course(Medicine::analgesic)), 400);
  const double minutes = trip_minutes();
  ASSERT_GT(minutes, 0.0);
  s->params.demand.travel_scale_minutes = minutes / 1000;
  s->residents.set_trust(resident(0), 0.5);
  const double before = s->residents.trust_of(resident(0));
  refer(0, 1, Medicine::analgesic);
  run_referrals(day);
  EXPECT_EQ(cs().counters.referrals_failed, 1);
  EXPECT_NEAR(s->residents.trust_of(resident(0)), trust_after_loss(before, s->params.demand.trust_loss_refused),
              kTrustStep);
  EXPECT_TRUE(cs().severe_untreated.empty());
  EXPECT_DOUBLE_EQ(hospital().capacity_left, 10000) << "no trip, no consultation";

  constexpr std::uint32_t kPatients = 1000;
  ASSERT_GE(catchment_size(clinic), kPatients);
  s->params.demand.travel_scale_minutes = 1e12;
  EXPECT_EQ(share_making_the_trip(kPatients, day), 1.0);

  s->params.demand.travel_scale_minutes = minutes / std::log(2.0);
  EXPECT_NEAR(share_making_the_trip(kPatients, day + 1), 0.5, 0.06);
  EXPECT_EQ(cs().counters.referrals_treated + cs().counters.referrals_failed, kPatients);
  EXPECT_DOUBLE_EQ(hospital().capacity_left, 10000 - cs().counters.referrals_treated)
      << "every trip made was seen (the stock is ample)";
}

// Guards today's roads in the trip decision: closing the road whose detour
// lengthens a clinic's hospital route most (the clinic still reaches its
// hospital) makes the trip longer, and the share of non-severe patients who
// make it falls from exp(−M / scale) to exp(−M' / scale). With the day-0
// distance the two shares would be the same.
TEST_F(ReferralsToTheHospital, ADetourOnTodaysRoadsMakesFewerMakeTheTrip) {
  // The clinic (of 1,000 residents or more) and road on its hospital route
  // whose closure lengthens the trip most while leaving the hospital in reach.
  constexpr std::uint32_t kPatients = 1000;
  RoadId worst = 0;
  double open = 0, longest = 0;
  for (ClinicId c = 0; c < s->world.clinics.size(); ++c) {
    if (catchment_size(c) < kPatients || s->world.clinics[c].vertex == s->hospital_vertex_of(c)) continue;
    const Route route = clinic_routes::hospital_route(*s, c, day);
    for (RoadId r : route.roads) {
      RoadNetwork roads = s->world.roads;  // a copy: only this road closed
      roads.close_road(r, day + 1);
      const Route detour = roads.shortest_route(s->hospital_vertex_of(c), s->world.clinics[c].vertex, day + 1);
      if (detour.reachable() && (longest == 0 || detour.minutes / route.minutes > longest / open))
        clinic = c, worst = r, open = route.minutes, longest = detour.minutes;
    }
  }
  ASSERT_GT(longest, 1.2 * open) << "no road has a long enough detour";
  // The scale at which the two shares differ most: a = ln(ratio) / (ratio − 1).
  const double ratio = longest / open;
  const double scale = open / (std::log(ratio) / (ratio - 1));
  s->params.demand.travel_scale_minutes = scale;
  s->params.care.hospital_consultations_per_day = 10000;
  receive(hospital().stock[medicine(Medicine::analgesic)], static_cast<std::int32_t>(20000 * course(Medicine::analgesic)), 400);
  constexpr int kDays = 4;  // fresh draws each day
  double on_open_roads = 0, on_the_detour = 0;
  for (int d = 0; d < kDays; ++d) on_open_roads += share_making_the_trip(kPatients, day + d) / kDays;
  const SimDay closed = day + kDays;
  s->world.roads.close_road(worst, closed + kDays);
  roads_of(closed);
  ASSERT_TRUE(clinic_routes::hospital_reachable(*s, clinic));
  EXPECT_NEAR(clinic_routes::hospital_route(*s, clinic, closed).minutes, longest, 1e-3);
  for (int d = 0; d < kDays; ++d) on_the_detour += share_making_the_trip(kPatients, closed + d) / kDays;
  // Binomial spread of a share of 4,000 trips: at most 0.008.
  EXPECT_NEAR(on_open_roads, std::exp(-open / scale), 0.035);
  EXPECT_NEAR(on_the_detour, std::exp(-longest / scale), 0.035);
  EXPECT_LT(on_the_detour, on_open_roads - 0.04) << "ratio " << ratio;
}

// Guards the chronic patient's next due date after a referral: treated at the
// hospital, the last refill becomes today and the next is a refill cycle
// away; failed (no insulin at the hospital), a retry after chronic_retry_days.
TEST_F(ReferralsToTheHospital, ChronicReferralsScheduleTheNextRefillOrARetry) {
  const std::uint32_t treated = chronic_patient(0), failed = chronic_patient(1);
  const std::int32_t failed_last = s->chronic.records[failed].last_treated;
  hospital().stock[medicine(Medicine::insulin)].clear();
  cs().calendar = NeedCalendar{};
  s->params.demand.travel_scale_minutes = 1e12;  // every trip is worth making
  cs().referrals.push_back(Referral{s->chronic.resident(treated), treated, 0, Medicine::metformin, kChronicCaseSubstream});
  cs().referrals.push_back(Referral{s->chronic.resident(failed), failed, 0, Medicine::insulin, kChronicCaseSubstream});
  run_referrals(day);
  EXPECT_EQ(cs().counters.referrals_treated, 1);
  EXPECT_EQ(cs().counters.referrals_failed, 1);
  EXPECT_EQ(s->chronic.records[treated].last_treated, day);
  EXPECT_EQ(s->chronic.records[failed].last_treated, failed_last);
  EXPECT_EQ(cs().calendar.pending(), 2u);
  const std::uint32_t first = s->chronic.catchment_begin[clinic];
  std::vector<NeedEntry> due;
  cs().calendar.take(day + static_cast<SimDay>(s->params.demand.chronic_refill_days), due);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].bits, NeedEntry::chronic(treated - first).bits);
  cs().calendar.take(day + static_cast<SimDay>(s->params.demand.chronic_retry_days), due);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].bits, NeedEntry::chronic(failed - first).bits);
}

// Guards the referral trip's key: an acute and a chronic referral of one
// resident on one day decide their trips on their own draws. Keyed by
// (resident, day) alone, both shared one draw: both trips made or neither.
TEST_F(ReferralsToTheHospital, AnAcuteAndAChronicReferralOfOneResidentMakeTheirTripsApart) {
  s->params.demand.travel_scale_minutes = trip_minutes() / std::log(2.0);  // the trip is made half the time
  const int analgesic = medicine(Medicine::analgesic), metformin = medicine(Medicine::metformin);
  int apart = 0, trips = 0;
  constexpr std::uint32_t kPatients = 30;
  for (std::uint32_t n = 0; n < kPatients; ++n) {
    const std::uint32_t k = chronic_patient(n);
    const ResidentId r = s->chronic.resident(k);
    hospital().requested_cycle = MedicineUnits{};
    cs().referrals.push_back(Referral{r, kNone, 0, Medicine::analgesic});
    cs().referrals.push_back(Referral{r, k, 0, Medicine::metformin, kChronicCaseSubstream});
    run_referrals(day);
    const bool acute_trip = hospital().requested_cycle[analgesic] > 0, chronic_trip = hospital().requested_cycle[metformin] > 0;
    apart += acute_trip != chronic_trip;
    trips += acute_trip + chronic_trip;
  }
  EXPECT_GT(apart, 0) << "the two referrals shared one draw";
  EXPECT_GT(trips, 0);
}

// Guards the hand-over from the care phase: a severe case at a clinic closed
// by violence is refused there for closed_violence and treated at the
// hospital the same day, from the hospital's trauma kits.
TEST_F(ReferralsToTheHospital, ASevereCaseAtAClinicClosedByViolenceIsTreatedAtTheHospital) {
  cs().closed_until = day;
  cs().queue = {Visit{.resident = resident(0), .severity = 2, .acute_case = static_cast<std::uint8_t>(AcuteCase::injury),
                      .trauma = true}};
  const int kit = medicine(Medicine::trauma_kit);
  const std::int64_t stock = units_in_stock(hospital().stock[kit]);
  care::run(*s, day);
  EXPECT_EQ(cs().counters.refused[static_cast<int>(RefusalReason::closed_violence)], 1);
  ASSERT_EQ(cs().referrals.size(), 1u);
  const CareCounters at_clinic = cs().counters;
  referrals::run(*s, day);
  EXPECT_EQ(cs().counters.referrals - at_clinic.referrals, 1);
  EXPECT_EQ(cs().counters.referrals_treated - at_clinic.referrals_treated, 1);
  EXPECT_EQ(units_in_stock(hospital().stock[kit]), stock - course(Medicine::trauma_kit));
  EXPECT_TRUE(cs().referrals.empty());
}

}  // namespace
}  // namespace pasante
