// Care at the clinic (sim/processes/care.cpp, docs/ODD.md §7.10) on the real
// Doctor Arroyo state, set up as a run sets it up before day 0 (population,
// opening stock), then put by hand into the situation each test needs: who
// is present, what is in stock, whether violence closed the clinic, which
// visits wait in the queue. Checked: the day's capacity; the refusal chain
// closed_violence → no_doctor → capacity → beyond_competence → stockout,
// each visit counted once under the first obstacle it meets; which refusals
// are referred; dispensing (whole courses, earliest lot first, requested
// units recorded either way); trust after treatment and refusal; and when a
// chronic patient is due again.
#include "processes/care.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "agents/population_builder.hpp"
#include "core/text_source.hpp"
#include "processes/administration.hpp"
#include "processes/medicine_stock.hpp"
#include "processes/supply.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"
#include "baseline_jurisdiction.hpp"

namespace pasante {
namespace {

using test::baseline;
using test::baseline_world;

// Trust is stored in 1/255 steps.
constexpr double kTrustStep = 1.0 / 255.0;

int reason(RefusalReason r) { return static_cast<int>(r); }
int medicine(Medicine m) { return static_cast<int>(m); }

// A clinic's shelf as (expires, units) lots per medicine, for comparisons.
std::vector<std::vector<std::pair<SimDay, std::int32_t>>> lots_of(const ClinicState& cs) {
  std::vector<std::vector<std::pair<SimDay, std::int32_t>>> out(kMedicineCount);
  for (int m = 0; m < kMedicineCount; ++m)
    for (const StockLot& lot : cs.stock[m]) out[m].emplace_back(lot.expires, lot.units);
  return out;
}

class CareAtTheClinic : public ::testing::Test {
 protected:
  void SetUp() override {
    // No clinic has a doctor until a test places one.
    s = test::populated_baseline();
    // The clinic with the most residents (so tests can send many distinct
    // patients) away from the hospital (so its referrals carry a journey).
    clinic = test::largest_clinic_away_from_hospital(*s);
    ASSERT_NE(clinic, kNone);
    ASSERT_GT(s->world.clinics[clinic].minutes_to_hospital, 0.0f);
    monday = first(Weekday::Monday);
    sunday = first(Weekday::Sunday);
    stock_every_medicine(1000);
  }

  std::uint32_t catchment_size(ClinicId c) const {
    return s->residents.catchment_begin[c + 1] - s->residents.catchment_begin[c];
  }
  SimDay first(Weekday w) const {
    SimDay d = 0;
    while (s->calendar.weekday(d) != w) ++d;
    return d;
  }
  ClinicState& cs() { return s->clinics[clinic]; }
  std::int64_t units_per_course(Medicine m) const { return s->params.medicines[medicine(m)].units_per_course; }

  // An intern of the given competence serving at the clinic (the partner slot when `partner`).
  void place_intern(double competence, bool partner = false) {
    Intern intern;
    intern.id = static_cast<std::uint32_t>(s->interns.size());
    intern.competence = competence;
    intern.clinic = clinic;
    s->interns.push_back(intern);
    (partner ? cs().partner : cs().intern) = static_cast<std::int32_t>(intern.id);
  }
  void stock_every_medicine(std::int64_t courses) {
    for (int m = 0; m < kMedicineCount; ++m) {
      cs().stock[m].clear();
      receive(cs().stock[m], static_cast<std::int32_t>(courses * s->params.medicines[m].units_per_course), 400);
    }
  }

  ResidentId resident(std::uint32_t k) const { return s->residents.catchment_begin[clinic] + k; }
  Visit acute(std::uint32_t k, AcuteCase what, std::uint8_t severity = 0) const {
    return Visit{.resident = resident(k), .severity = severity, .acute_case = static_cast<std::uint8_t>(what)};
  }
  // The clinic's first chronic patient, given the conditions in `traits`.
  std::uint32_t chronic_patient(std::uint8_t traits) {
    const std::uint32_t k = s->chronic.catchment_begin[clinic];
    EXPECT_LT(k, s->chronic.catchment_begin[clinic + 1]) << "the clinic has no chronic patient";
    const ResidentId r = s->chronic.resident(k);
    s->residents.clear_traits(r, trait::diabetes | trait::insulin | trait::hypertension | trait::stopped_coming);
    s->residents.add_traits(r, traits);
    return k;
  }

  // Serves `visits` on `day` at the clinic, from fresh counters.
  void serve(const std::vector<Visit>& visits, SimDay day) {
    cs().counters = CareCounters{};
    cs().referrals.clear();
    cs().severe_untreated.clear();
    cs().queue = visits;
    care::run(*s, day);
  }
  // The one reason the only visit served was refused for (fails unless exactly one).
  RefusalReason only_refusal() {
    const CareCounters& n = cs().counters;
    EXPECT_EQ(n.sought, 1);
    EXPECT_EQ(n.refused_total(), 1) << "a visit is refused once, under one reason";
    for (int r = 0; r < kRefusalReasonCount; ++r)
      if (n.refused[r] == 1) return static_cast<RefusalReason>(r);
    ADD_FAILURE() << "no refusal";
    return RefusalReason::no_doctor;
  }

  std::unique_ptr<SimulationState> s;
  ClinicId clinic = 0;
  SimDay monday = 0, sunday = 0;
};

// Guards daily_capacity and doctors_present: capacity is doctors × hours of
// the category × consultations per hour × the nurse's bonus; intern, partner
// and staff physician each count as a doctor, except an intern away at the
// jurisdiction on paperwork that day (present again the next).
TEST_F(CareAtTheClinic, DailyCapacityIsDoctorsTimesHoursTimesRateWithTheNursesBonus) {
  const auto& care = s->params.care;
  s->interns.resize(2);
  int nurses = 0, without = 0;
  const SimDay d = monday;
  for (ClinicId c = 0; c < s->world.clinics.size(); ++c) {
    const Clinic& here = s->world.clinics[c];
    (here.has_nurse ? nurses : without) += 1;
    const double one = care.hours_per_day[static_cast<int>(here.category)] * care.consultations_per_hour *
                       (here.has_nurse ? 1.0 + care.nurse_capacity_bonus : 1.0);
    ClinicState& at = s->clinics[c];
    s->interns[0].away_day = s->interns[1].away_day = -1;
    EXPECT_EQ(care::doctors_present(*s, c, d), 0);
    EXPECT_EQ(care::daily_capacity(*s, c, d), 0.0);
    at.intern = 0;
    EXPECT_EQ(care::doctors_present(*s, c, d), 1);
    EXPECT_DOUBLE_EQ(care::daily_capacity(*s, c, d), one) << "clinic " << c;
    at.partner = 1;
    at.staff_physician = true;
    EXPECT_EQ(care::doctors_present(*s, c, d), 3);
    EXPECT_DOUBLE_EQ(care::daily_capacity(*s, c, d), 3 * one) << "clinic " << c;
    s->interns[0].away_day = d;
    EXPECT_EQ(care::doctors_present(*s, c, d), 2) << "the intern is at the jurisdiction";
    EXPECT_DOUBLE_EQ(care::daily_capacity(*s, c, d), 2 * one) << "clinic " << c;
    EXPECT_EQ(care::doctors_present(*s, c, d + 1), 3) << "and back the next day";
    at.intern = -1;
    EXPECT_EQ(care::doctors_present(*s, c, d), 2);
    at.partner = -1;
    at.staff_physician = false;
  }
  // The baseline has clinics of both kinds, so the nurse's bonus was checked.
  EXPECT_GT(nurses, 0);
  EXPECT_GT(without, 0);
}

// Guards paperwork days: a clinic whose only intern is at the jurisdiction
// today has no doctor (a visit is refused for no_doctor, and the intern's
// competence does not count); the next day the intern sees the patient.
TEST_F(CareAtTheClinic, AnInternAwayOnPaperworkLeavesTheClinicWithoutADoctor) {
  place_intern(1.0);
  s->interns[0].away_day = monday;
  serve({acute(0, AcuteCase::pain)}, monday);
  EXPECT_EQ(only_refusal(), RefusalReason::no_doctor);
  serve({acute(0, AcuteCase::pain)}, monday + 1);
  EXPECT_EQ(cs().counters.treated, 1);
}

// Guards the no_doctor check: with nobody present every visit is refused for
// no_doctor, nothing is dispensed, only severe cases are referred (with the
// medicine they need), and the others lose trust.
TEST_F(CareAtTheClinic, AClinicWithNoDoctorRefusesEveryVisitForNoDoctor) {
  s->residents.set_trust(resident(0), 0.5);
  const double before = s->residents.trust_of(resident(0));
  const auto stock = lots_of(cs());
  serve({acute(0, AcuteCase::pain), acute(1, AcuteCase::infection, 1), acute(2, AcuteCase::injury, 2)}, monday);
  const CareCounters& n = cs().counters;
  EXPECT_EQ(n.sought, 3);
  EXPECT_EQ(n.refused[reason(RefusalReason::no_doctor)], 3);
  EXPECT_EQ(n.refused_total(), 3);
  EXPECT_EQ(n.consultations, 0);
  EXPECT_EQ(n.treated, 0);
  EXPECT_EQ(cs().day_refusals, 3);
  EXPECT_EQ(lots_of(cs()), stock);
  ASSERT_EQ(cs().referrals.size(), 1u);
  EXPECT_EQ(cs().referrals[0].resident, resident(2));
  EXPECT_EQ(cs().referrals[0].severity, 2);
  EXPECT_EQ(cs().referrals[0].medicine, Medicine::trauma_kit);
  EXPECT_TRUE(cs().severe_untreated.empty()) << "the referred case is the hospital's to treat or not";
  EXPECT_NEAR(s->residents.trust_of(resident(0)), before - s->params.demand.trust_loss_refused * before, kTrustStep);
}

// Guards the closed_violence check (closed_until >= today): a clinic closed by
// violence turns everyone away for that reason even with a doctor and stock,
// refers the severe, and is open again the day after.
TEST_F(CareAtTheClinic, AClinicClosedByViolenceRefusesForClosedViolence) {
  place_intern(1.0);
  cs().closed_until = monday;
  serve({acute(0, AcuteCase::pain), acute(1, AcuteCase::injury, 2)}, monday);
  EXPECT_EQ(cs().counters.refused[reason(RefusalReason::closed_violence)], 2);
  EXPECT_EQ(cs().counters.refused_total(), 2);
  EXPECT_EQ(cs().counters.consultations, 0);
  ASSERT_EQ(cs().referrals.size(), 1u);
  EXPECT_EQ(cs().referrals[0].resident, resident(1));

  serve({acute(0, AcuteCase::pain)}, monday + 1);  // closed through yesterday only
  EXPECT_EQ(cs().counters.refused_total(), 0);
  EXPECT_EQ(cs().counters.treated, 1);
}

// Guards the curfew half of "closed": a curfew at the clinic's own locality
// closes it for the day as violence does.
TEST_F(CareAtTheClinic, ACurfewAtTheClinicsLocalityClosesIt) {
  place_intern(1.0);
  s->locality_curfew_until[s->world.clinics[clinic].locality] = monday;
  serve({acute(0, AcuteCase::pain)}, monday);
  EXPECT_EQ(only_refusal(), RefusalReason::closed_violence);
}

// Guards the order of the refusal chain (ODD §12 note 8): a visit that meets
// several obstacles is counted once, under the first of closed_violence →
// no_doctor → capacity → beyond_competence → stockout. Each step removes the
// earlier obstacles and keeps the later ones.
TEST_F(CareAtTheClinic, RefusalsTakeTheFirstReasonInTheChain) {
  for (auto& lots : cs().stock) lots.clear();  // stockout throughout
  const Visit mild = acute(0, AcuteCase::pain);

  cs().closed_until = sunday;  // closed, no doctor, no capacity (Sunday)
  serve({mild}, sunday);
  EXPECT_EQ(only_refusal(), RefusalReason::closed_violence);

  cs().closed_until = -1;  // no doctor, no capacity
  serve({mild}, sunday);
  EXPECT_EQ(only_refusal(), RefusalReason::no_doctor);

  place_intern(0.0);  // a doctor beyond whom every case is, no capacity
  serve({mild}, sunday);
  EXPECT_EQ(only_refusal(), RefusalReason::capacity);
  EXPECT_EQ(cs().counters.consultations, 0) << "a capacity refusal is not a consultation";

  serve({mild}, monday);  // capacity, but the case is beyond the intern
  EXPECT_EQ(only_refusal(), RefusalReason::beyond_competence);
  EXPECT_EQ(cs().counters.consultations, 1);

  s->interns[static_cast<std::size_t>(cs().intern)].competence = 1.0;  // able, but nothing to give
  serve({mild}, monday);
  EXPECT_EQ(only_refusal(), RefusalReason::stockout);
  EXPECT_EQ(cs().counters.consultations, 1);
}

// Guards the capacity check: on a working day the clinic sees as many
// visits as its capacity that are neither severe nor after hours and turns the rest away for
// capacity, unreferred; severe and after-hours visits are seen beyond it and
// use none of it; after-hours ones count as on-call cases.
TEST_F(CareAtTheClinic, VisitsBeyondTheDaysCapacityAreRefusedForCapacity) {
  place_intern(1.0);
  s->params.care.nurse_capacity_bonus = 0;  // a whole number of slots: the last one is used too
  const double slots = care::daily_capacity(*s, clinic, monday);
  const int capacity = static_cast<int>(slots);
  ASSERT_GT(capacity, 0);
  ASSERT_EQ(slots, capacity);
  const int extra = 7, severe = 3, after_hours = 2;
  std::vector<Visit> queue;
  std::uint32_t k = 0;
  for (int i = 0; i < capacity + extra; ++i) queue.push_back(acute(k++, AcuteCase::pain, i % 2));
  for (int i = 0; i < severe; ++i) queue.push_back(acute(k++, AcuteCase::injury, 2));
  for (int i = 0; i < after_hours; ++i) {
    queue.push_back(acute(k++, AcuteCase::injury, 2));
    queue.back().after_hours = true;
  }
  serve(queue, monday);
  const CareCounters& n = cs().counters;
  EXPECT_EQ(n.sought, static_cast<std::int64_t>(queue.size()));
  EXPECT_EQ(n.refused[reason(RefusalReason::capacity)], extra);
  EXPECT_EQ(n.refused_total(), extra);
  EXPECT_EQ(n.treated, capacity + severe + after_hours);
  EXPECT_EQ(n.consultations, capacity + severe + after_hours);
  EXPECT_EQ(n.after_hours, after_hours);
  EXPECT_EQ(cs().day_on_call, after_hours);
  EXPECT_EQ(cs().day_consultations, capacity + severe + after_hours);
  EXPECT_EQ(cs().day_refusals, extra);
  EXPECT_TRUE(cs().referrals.empty()) << "capacity refusals are not referred";
}

// Guards the working-day rule of the capacity: on Sunday the clinic has none,
// so a mild visit is refused for capacity while a severe one is still seen.
TEST_F(CareAtTheClinic, OnADayTheClinicDoesNotWorkOnlySevereCasesAreSeen) {
  place_intern(1.0);
  ASSERT_FALSE(s->working_day(clinic, sunday));
  serve({acute(0, AcuteCase::pain), acute(1, AcuteCase::injury, 2)}, sunday);
  EXPECT_EQ(cs().counters.refused[reason(RefusalReason::capacity)], 1);
  EXPECT_EQ(cs().counters.refused_total(), 1);
  EXPECT_EQ(cs().counters.treated, 1);
}

// Guards dispense_courses and the treated branch: one whole course of the
// case's medicine leaves the stock, from the earliest-expiring lot first;
// the units are counted as requested and dispensed; the visit is a true
// consultation of the day and week; the patient's trust rises.
TEST_F(CareAtTheClinic, ATreatedVisitDispensesOneCourseEarliestLotFirst) {
  place_intern(1.0);
  const int analgesic = medicine(Medicine::analgesic);
  const auto course = static_cast<std::int32_t>(units_per_course(Medicine::analgesic));
  ASSERT_GE(course, 2);
  auto& lots = cs().stock[analgesic];
  lots.clear();
  receive(lots, 10 * course, 300);
  receive(lots, course - 1, 100);  // the older lot, one unit short of a course
  cs().requested_total = cs().dispensed_cycle = cs().requested_cycle = MedicineUnits{};
  s->residents.set_trust(resident(0), 0.5);
  const double before = s->residents.trust_of(resident(0));

  serve({acute(0, AcuteCase::pain)}, monday);
  EXPECT_EQ(cs().counters.treated, 1);
  EXPECT_EQ(cs().counters.refused_total(), 0);
  EXPECT_EQ(cs().counters.consultations, 1);
  EXPECT_EQ(cs().day_consultations, 1);
  EXPECT_EQ(cs().week_true, 1);
  // The older lot is used up and the rest of the course comes from the newer one.
  ASSERT_EQ(lots.size(), 1u);
  EXPECT_EQ(lots[0].expires, 300);
  EXPECT_EQ(lots[0].units, 10 * course - 1);
  EXPECT_EQ(cs().dispensed_cycle[analgesic], course);
  EXPECT_EQ(cs().requested_cycle[analgesic], course);
  EXPECT_EQ(cs().requested_total[analgesic], course);
  for (int m = 0; m < kMedicineCount; ++m) {
    if (m != analgesic) {
      EXPECT_EQ(cs().requested_total[m], 0) << kMedicineNames[m];
    }
  }
  EXPECT_NEAR(s->residents.trust_of(resident(0)), before + s->params.demand.trust_gain_treated * (1 - before),
              kTrustStep);
}

// Guards the stockout check: with less than a whole course in stock the visit
// (a consultation already) is refused for stockout, nothing is dispensed, the
// units still count as requested, a mild case is not referred but a severe
// one is, with the medicine it lacked.
TEST_F(CareAtTheClinic, AVisitWhoseMedicineIsOutOfStockIsRefusedForStockout) {
  place_intern(1.0);
  const int analgesic = medicine(Medicine::analgesic);
  const auto course = static_cast<std::int32_t>(units_per_course(Medicine::analgesic));
  auto& lots = cs().stock[analgesic];
  lots.clear();
  receive(lots, course - 1, 100);
  cs().requested_total = cs().dispensed_cycle = MedicineUnits{};

  serve({acute(0, AcuteCase::pain), acute(1, AcuteCase::pain, 2)}, monday);
  EXPECT_EQ(cs().counters.refused[reason(RefusalReason::stockout)], 2);
  EXPECT_EQ(cs().counters.refused_total(), 2);
  EXPECT_EQ(cs().counters.consultations, 2);
  EXPECT_EQ(cs().counters.treated, 0);
  EXPECT_EQ(units_in_stock(lots), course - 1) << "a course is dispensed only whole";
  EXPECT_EQ(cs().dispensed_cycle[analgesic], 0);
  EXPECT_EQ(cs().requested_total[analgesic], 2 * course);
  ASSERT_EQ(cs().referrals.size(), 1u);
  EXPECT_EQ(cs().referrals[0].resident, resident(1));
  EXPECT_EQ(cs().referrals[0].medicine, Medicine::analgesic);
}

// Guards the beyond_competence branch: a case beyond the clinic's best doctor
// is a consultation, always referred (mild ones too), dispenses and requests
// nothing, and leaves the patient's trust to the hospital's outcome.
TEST_F(CareAtTheClinic, ACaseBeyondCompetenceIsAlwaysReferred) {
  place_intern(0.0);
  s->residents.set_trust(resident(0), 0.5);
  const double before = s->residents.trust_of(resident(0));
  const auto stock = lots_of(cs());
  cs().requested_total = MedicineUnits{};
  serve({acute(0, AcuteCase::diarrhoea)}, monday);
  EXPECT_EQ(only_refusal(), RefusalReason::beyond_competence);
  EXPECT_EQ(cs().counters.consultations, 1);
  ASSERT_EQ(cs().referrals.size(), 1u);
  EXPECT_EQ(cs().referrals[0].resident, resident(0));
  EXPECT_EQ(cs().referrals[0].severity, 0);
  EXPECT_EQ(cs().referrals[0].medicine, Medicine::oral_rehydration);
  EXPECT_EQ(lots_of(cs()), stock);
  EXPECT_EQ(cs().requested_total, MedicineUnits{});
  EXPECT_EQ(s->residents.trust_of(resident(0)), before);
}

// Guards the clinic's competence as the highest of its doctors': with one
// able doctor beside one who knows nothing, in either slot, or a staff
// physician as able, no case is beyond the clinic.
TEST_F(CareAtTheClinic, TheClinicsCompetenceIsItsBestDoctors) {
  std::vector<Visit> queue;
  for (std::uint32_t k = 0; k < 10; ++k) queue.push_back(acute(k, AcuteCase::pain, 2));
  const auto no_case_beyond = [&](const char* who) {
    serve(queue, monday);
    EXPECT_EQ(cs().counters.refused[reason(RefusalReason::beyond_competence)], 0) << who;
    EXPECT_EQ(cs().counters.treated, 10) << who;
  };
  place_intern(1.0);
  place_intern(0.0, /*partner=*/true);
  no_case_beyond("able intern, unable partner");
  std::swap(cs().intern, cs().partner);
  no_case_beyond("unable intern, able partner");
  s->interns[static_cast<std::size_t>(cs().partner)].competence = 0.0;
  cs().staff_physician = true;
  s->params.care.staff_physician_competence = 1.0;
  no_case_beyond("unable interns, able staff physician");
  // The check does bite when nobody is able.
  cs().staff_physician = false;
  serve(queue, monday);
  EXPECT_EQ(cs().counters.refused[reason(RefusalReason::beyond_competence)], 10);
}

// Guards the competence draw u × κ > competence: with the clinic's best
// doctor at competence 0.3 (the intern; the partner knows nothing) the share
// beyond competence is 1 − 0.3/κ for each severity's ceiling κ (1/3 mild,
// 0.6 moderate, 0.7 severe at the defaults), over distinct patients.
TEST_F(CareAtTheClinic, TheShareBeyondCompetenceIsOneMinusCompetenceOverTheCeiling) {
  place_intern(0.3);
  place_intern(0.0, /*partner=*/true);
  s->params.care.consultations_per_hour = 1000;  // no capacity refusals
  stock_every_medicine(5000);                    // nor stockouts (a severe one would be referred too)
  const auto& care = s->params.care;
  constexpr std::uint32_t kPerSeverity = 600;
  ASSERT_GE(catchment_size(clinic), 3 * kPerSeverity);
  std::vector<Visit> queue;
  for (std::uint8_t severity = 0; severity < 3; ++severity)
    for (std::uint32_t i = 0; i < kPerSeverity; ++i) queue.push_back(acute(severity * kPerSeverity + i, AcuteCase::pain, severity));
  serve(queue, monday);
  std::array<int, 3> referred{};
  for (const Referral& r : cs().referrals) ++referred[r.severity];
  EXPECT_EQ(cs().counters.refused[reason(RefusalReason::beyond_competence)], referred[0] + referred[1] + referred[2]);
  const std::array<double, 3> ceiling{care.complexity_mild, care.complexity_moderate, care.complexity_severe};
  for (int severity = 0; severity < 3; ++severity) {
    const double expected = std::max(0.0, 1.0 - 0.3 / ceiling[severity]);
    EXPECT_NEAR(referred[severity] / double(kPerSeverity), expected, 0.07) << "severity " << severity;
  }
}

// Guards the conservation of visits: every visit sought ends treated or
// refused under exactly one reason, and the consultations are the visits
// that passed the capacity check (treated, beyond competence, stockout).
TEST_F(CareAtTheClinic, EveryVisitSoughtIsTreatedOrRefusedOnce) {
  place_intern(0.4);
  cs().stock[medicine(Medicine::antibiotic)].clear();
  std::vector<Visit> queue;
  for (std::uint32_t k = 0; k < 120; ++k)
    queue.push_back(acute(k, static_cast<AcuteCase>(k % kAcuteCaseCount), static_cast<std::uint8_t>(k % 3)));
  serve(queue, monday);
  const CareCounters& n = cs().counters;
  EXPECT_EQ(n.sought, 120);
  EXPECT_EQ(n.treated + n.refused_total(), n.sought);
  EXPECT_EQ(cs().day_refusals, n.refused_total());
  EXPECT_EQ(n.consultations, n.treated + n.refused[reason(RefusalReason::beyond_competence)] +
                                 n.refused[reason(RefusalReason::stockout)]);
  // Each reason this mix can meet was met.
  EXPECT_GT(n.treated, 0);
  EXPECT_GT(n.refused[reason(RefusalReason::capacity)], 0);
  EXPECT_GT(n.refused[reason(RefusalReason::beyond_competence)], 0);
  EXPECT_GT(n.refused[reason(RefusalReason::stockout)], 0);
}

// Guards trust_after_treatment's stop-coming rule: a patient who had stopped
// coming is brought back when treatment lifts their trust to the threshold,
// and stays away otherwise.
TEST_F(CareAtTheClinic, TreatmentBringsBackAPatientWhoStoppedComingOnlyAboveTheThreshold) {
  place_intern(1.0);
  s->residents.add_traits(resident(0), trait::stopped_coming);
  s->residents.add_traits(resident(1), trait::stopped_coming);
  s->residents.set_trust(resident(0), 0.5);
  s->residents.set_trust(resident(1), 0.0);
  ASSERT_LT(s->params.demand.trust_gain_treated, s->params.demand.trust_stop_coming);
  serve({acute(0, AcuteCase::pain), acute(1, AcuteCase::pain)}, monday);
  ASSERT_EQ(cs().counters.treated, 2);
  EXPECT_FALSE(s->residents.traits(resident(0)) & trait::stopped_coming);
  EXPECT_TRUE(s->residents.traits(resident(1)) & trait::stopped_coming);
}

// Guards the chronic refill schedule after treatment: both courses (diabetes
// and hypertension) are dispensed, the last refill becomes today and the
// patient is due again after chronic_refill_days, and only then.
TEST_F(CareAtTheClinic, ATreatedChronicPatientIsDueAgainAfterTheRefillCycle) {
  place_intern(1.0);
  const std::uint32_t k = chronic_patient(trait::diabetes | trait::hypertension);
  const std::uint32_t local = k - s->chronic.catchment_begin[clinic];
  cs().calendar = NeedCalendar{};
  cs().dispensed_cycle = MedicineUnits{};
  serve({Visit{.resident = s->chronic.resident(k), .chronic = k}}, monday);
  EXPECT_EQ(cs().counters.treated, 1);
  EXPECT_EQ(cs().dispensed_cycle[medicine(Medicine::metformin)], units_per_course(Medicine::metformin));
  EXPECT_EQ(cs().dispensed_cycle[medicine(Medicine::antihypertensive)], units_per_course(Medicine::antihypertensive));
  EXPECT_EQ(cs().dispensed_cycle[medicine(Medicine::insulin)], 0);
  EXPECT_EQ(s->chronic.records[k].last_treated, monday);
  EXPECT_EQ(cs().calendar.pending(), 1u);
  std::vector<NeedEntry> due;
  cs().calendar.take(monday + static_cast<SimDay>(s->params.demand.chronic_refill_days), due);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].bits, NeedEntry::chronic(local).bits);
}

// Guards the retry after an unreferred refusal: a diabetic, hypertensive
// patient whose metformin is out of stock is refused for stockout yet given
// the antihypertensive in stock (the missing first course does not stop the
// second), keeps their last refill, and tries again after chronic_retry_days.
TEST_F(CareAtTheClinic, ARefusedChronicPatientTriesAgainAfterTheRetryDays) {
  place_intern(1.0);
  const std::uint32_t k = chronic_patient(trait::diabetes | trait::hypertension);
  const std::uint32_t local = k - s->chronic.catchment_begin[clinic];
  const std::int32_t last = s->chronic.records[k].last_treated;
  cs().stock[medicine(Medicine::metformin)].clear();
  cs().calendar = NeedCalendar{};
  cs().dispensed_cycle = MedicineUnits{};
  serve({Visit{.resident = s->chronic.resident(k), .chronic = k}}, monday);
  EXPECT_EQ(only_refusal(), RefusalReason::stockout);
  EXPECT_TRUE(cs().referrals.empty());
  EXPECT_EQ(cs().dispensed_cycle[medicine(Medicine::metformin)], 0);
  EXPECT_EQ(cs().dispensed_cycle[medicine(Medicine::antihypertensive)], units_per_course(Medicine::antihypertensive));
  EXPECT_EQ(s->chronic.records[k].last_treated, last);
  EXPECT_EQ(cs().calendar.pending(), 1u);
  std::vector<NeedEntry> due;
  cs().calendar.take(monday + static_cast<SimDay>(s->params.demand.chronic_retry_days), due);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].bits, NeedEntry::chronic(local).bits);
}

// Guards partial refills: the antihypertensive taken home on a stockout lasts
// the refill cycle, so retries within it ask for (and dispense) only the
// missing metformin; once the cycle has passed both courses are due again.
TEST_F(CareAtTheClinic, ARetryAsksOnlyForTheCourseStillMissing) {
  place_intern(1.0);
  const std::uint32_t k = chronic_patient(trait::diabetes | trait::hypertension);
  const Visit refill{.resident = s->chronic.resident(k), .chronic = k};
  const int metformin = medicine(Medicine::metformin), pressure = medicine(Medicine::antihypertensive);
  const auto cycle = static_cast<SimDay>(s->params.demand.chronic_refill_days);
  cs().stock[metformin].clear();
  cs().requested_cycle = cs().dispensed_cycle = MedicineUnits{};
  serve({refill}, monday);
  ASSERT_EQ(only_refusal(), RefusalReason::stockout);
  EXPECT_EQ(cs().dispensed_cycle[pressure], units_per_course(Medicine::antihypertensive));

  // A week later metformin is still missing: only metformin is asked for.
  serve({refill}, monday + 7);
  ASSERT_EQ(only_refusal(), RefusalReason::stockout);
  EXPECT_EQ(cs().dispensed_cycle[pressure], units_per_course(Medicine::antihypertensive)) << "given twice";
  EXPECT_EQ(cs().requested_cycle[pressure], units_per_course(Medicine::antihypertensive));
  EXPECT_EQ(cs().requested_cycle[metformin], 2 * units_per_course(Medicine::metformin));

  // Metformin arrives: the refill is completed with it alone.
  receive(cs().stock[metformin], static_cast<std::int32_t>(10 * units_per_course(Medicine::metformin)), 400);
  serve({refill}, monday + 14);
  EXPECT_EQ(cs().counters.treated, 1);
  EXPECT_EQ(s->chronic.records[k].last_treated, monday + 14);
  EXPECT_EQ(cs().dispensed_cycle[metformin], units_per_course(Medicine::metformin));
  EXPECT_EQ(cs().dispensed_cycle[pressure], units_per_course(Medicine::antihypertensive));

  // The next cycle needs both again; a partial course older than a cycle is used up.
  cs().stock[metformin].clear();
  serve({refill}, monday + 14 + cycle);
  ASSERT_EQ(only_refusal(), RefusalReason::stockout);
  serve({refill}, monday + 14 + 2 * cycle);
  EXPECT_EQ(cs().dispensed_cycle[pressure], 3 * units_per_course(Medicine::antihypertensive));
}

// Guards the hand-over of a referred chronic patient: the clinic schedules
// nothing (the hospital's outcome decides refill or retry) and the referral
// carries the diabetes medicine, insulin for an insulin user.
TEST_F(CareAtTheClinic, AReferredChronicPatientIsLeftToTheHospitalToReschedule) {
  place_intern(0.0);
  const std::uint32_t k = chronic_patient(trait::diabetes | trait::insulin | trait::hypertension);
  cs().calendar = NeedCalendar{};
  serve({Visit{.resident = s->chronic.resident(k), .chronic = k}}, monday);
  EXPECT_EQ(only_refusal(), RefusalReason::beyond_competence);
  ASSERT_EQ(cs().referrals.size(), 1u);
  EXPECT_EQ(cs().referrals[0].chronic, k);
  EXPECT_EQ(cs().referrals[0].medicine, Medicine::insulin);
  EXPECT_EQ(cs().calendar.pending(), 0u);

  chronic_patient(trait::hypertension);
  serve({Visit{.resident = s->chronic.resident(k), .chronic = k}}, monday + 1);
  ASSERT_EQ(cs().referrals.size(), 1u);
  EXPECT_EQ(cs().referrals[0].medicine, Medicine::antihypertensive);
}

// Guards the consultation draw's key: a resident's cases on one day draw
// apart. Two trauma cases of one resident (the clinic's k-th and k+1-th
// today), or a severe acute episode and a trauma case, each meet the
// competence check on their own draw. Keyed by (resident, day) alone both
// cases of a resident shared one draw: both referred or neither.
TEST_F(CareAtTheClinic, EachOfAResidentsCasesTodayMeetsTheCompetenceCheckOnItsOwnDraw) {
  place_intern(0.5 * s->params.care.complexity_severe);  // beyond competence half the time
  std::vector<Visit> visits;
  constexpr std::uint32_t kResidents = 40;
  std::uint32_t trauma_cases = 0;
  auto trauma = [&](std::uint32_t k) {
    Visit v = acute(k, AcuteCase::injury, 2);
    v.trauma = true;
    v.trauma_case = trauma_cases++;
    return v;
  };
  for (std::uint32_t k = 0; k < kResidents; ++k) {
    visits.push_back(k % 2 == 0 ? trauma(k) : acute(k, AcuteCase::injury, 2));
    visits.push_back(trauma(k));
  }
  serve(visits, monday);
  std::vector<int> referred(kResidents, 0);
  for (const Referral& ref : cs().referrals) ++referred[ref.resident - resident(0)];
  int split[2] = {0, 0};  // residents with one case referred and one treated: two trauma cases, acute and trauma
  for (std::uint32_t k = 0; k < kResidents; ++k) split[k % 2] += referred[k] == 1;
  EXPECT_GT(split[0], 0) << "two trauma cases of one resident shared their draw";
  EXPECT_GT(split[1], 0) << "an acute episode and a trauma case of one resident shared their draw";
}

// Guards the serving order's key (common random numbers): two visits are
// served in the same order whatever else waits in the queue. With room for
// one mild visit today, the one of two mild visits served first is treated
// and the other refused for capacity, alone or among severe cases (seen
// beyond capacity) placed anywhere in the queue. A Fisher–Yates shuffle of
// the queue gave the two another order when the queue's length changed.
TEST_F(CareAtTheClinic, TwoVisitsAreServedInTheSameOrderWhateverElseWaits) {
  place_intern(1.0);
  s->params.care.nurse_capacity_bonus = 0;
  const auto category = static_cast<int>(s->world.clinics[clinic].category);
  s->params.care.consultations_per_hour = 1.5 / s->params.care.hours_per_day[category];  // one and a half slots
  // Which of residents a and b is treated (true: a) when they wait with `others` severe cases.
  auto a_first = [&](std::uint32_t a, std::uint32_t b, std::uint32_t others, SimDay day) {
    std::vector<Visit> visits;
    for (std::uint32_t k = 0; k < others; ++k) visits.push_back(acute(100 + k, AcuteCase::injury, 2));
    visits.insert(visits.begin() + others / 3, acute(a, AcuteCase::pain));
    visits.insert(visits.begin() + 2 * others / 3, acute(b, AcuteCase::pain));
    s->residents.set_trust(resident(a), 0.5);
    s->residents.set_trust(resident(b), 0.5);
    serve(visits, day);
    EXPECT_EQ(cs().counters.treated, static_cast<std::int64_t>(others) + 1);
    EXPECT_EQ(cs().counters.refused[reason(RefusalReason::capacity)], 1);
    return s->residents.trust_of(resident(a)) > s->residents.trust_of(resident(b));
  };
  int a_before_b = 0;
  constexpr std::uint32_t kPairs = 24;
  for (std::uint32_t pair = 0; pair < kPairs; ++pair) {
    const std::uint32_t a = 2 * pair, b = 2 * pair + 1;
    const SimDay day = monday + 7 * static_cast<SimDay>(pair % 4);
    const bool alone = a_first(a, b, 0, day);
    a_before_b += alone;
    for (std::uint32_t others : {1u, 4u, 9u})
      EXPECT_EQ(a_first(a, b, others, day), alone) << "pair " << pair << " among " << others << " severe cases";
  }
  // Either may come first, so agreement is not the trivial kind.
  EXPECT_GT(a_before_b, 0);
  EXPECT_LT(a_before_b, static_cast<int>(kPairs));
}

}  // namespace
}  // namespace pasante
