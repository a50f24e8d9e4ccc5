// Assignment of interns to clinic slots at a cohort start
// (sim/processes/assignment.cpp, docs/ODD.md §7.4), on the Doctor Arroyo
// baseline world (and Nuevo León where a cohort must span more than one of
// the assignment's chunks of 128 interns, or be large enough for rank
// correlations to mean something): slots and cohort size, the choosing
// order (grades, private universities first, lottery), each intern taking
// the free slot of highest utility, needs_first, violence screening, pairing
// in remote clinics, later cohorts filling only vacancies, and determinism.
#include "processes/assignment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "analysis/replicate_statistics.hpp"
#include "analysis/sensitivity.hpp"
#include "core/random_stream.hpp"
#include "core/text_source.hpp"
#include "processes/violence.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"
#include "baseline_jurisdiction.hpp"

namespace pasante {
namespace {

using test::baseline;
using test::baseline_world;

const Scenario& nuevo_leon() {
  static const Scenario s = load_scenario(std::string(PASANTE_SOURCE_DIR) + "/scenarios/nuevo_leon.yaml");
  return s;
}

const World& nuevo_leon_world() {
  static const World w = build_world_for(nuevo_leon().parameters);
  return w;
}

// A state ready for a cohort start, as a run has it on day 0: clinic states
// (staff physicians drawn as the simulation draws them) and the
// municipalities' violence levels.
std::unique_ptr<SimulationState> fresh_state(const ModelParameters& p, const World& world, int threads = 2) {
  auto s = std::make_unique<SimulationState>(p, world, threads);
  s->clinics.resize(s->world.clinics.size());
  s->locality_curfew_until.assign(s->world.localities.size(), -1);
  for (ClinicId c = 0; c < s->clinics.size(); ++c) {
    const int k = static_cast<int>(s->world.clinics[c].category);
    s->clinics[c].staff_physician = s->stream(StreamId::staffing, c, 0).bernoulli(p.care.staff_physician_probability[k]);
  }
  violence::initialise(*s);
  return s;
}

// The first cohort's assignment on day 0 (the baseline unless told).
std::unique_ptr<SimulationState> assigned(const ModelParameters& p, const World& world = baseline_world(), int threads = 2) {
  auto s = fresh_state(p, world, threads);
  assignment::start_cohort(*s, 0);
  return s;
}

// A scenario's parameters with interns choosing by grade alone (no
// private-university priority, pairing or screening) unless a test says otherwise.
ModelParameters by_grade(ModelParameters p = baseline().parameters) {
  p.policy.assignment_rule = AssignmentRule::gpa_rank;
  p.policy.private_first = false;
  p.policy.pair_remote = false;
  p.policy.max_violence.reset();
  return p;
}

// No taste shocks: every intern ranks the clinics alike (utility, then
// clinic order), so the rank of the clinic an intern got tells when they chose.
ModelParameters common_preferences(ModelParameters p) {
  p.interns.choice_taste_sd = 0;
  return p;
}

bool remote(ServiceCategory k) { return k == ServiceCategory::C || k == ServiceCategory::CC; }

double level_at(const SimulationState& s, ClinicId c) { return s.violence[s.municipality_of_clinic(c)].level; }

// Clinics from best to worst: by `score`, higher first, ties in clinic order.
template <class Score>
std::vector<ClinicId> clinics_ranked_by(const SimulationState& s, Score score) {
  std::vector<ClinicId> order(s.clinics.size());
  std::iota(order.begin(), order.end(), ClinicId{0});
  std::stable_sort(order.begin(), order.end(), [&](ClinicId a, ClinicId b) { return score(a) > score(b); });
  return order;
}

std::vector<ClinicId> clinics_by_utility(const SimulationState& s) {
  return clinics_ranked_by(s, [&](ClinicId c) { return assignment::slot_utility(s, c); });
}

std::vector<ClinicId> clinics_by_need(const SimulationState& s) {
  return clinics_ranked_by(s, [&](ClinicId c) { return assignment::clinic_need(s, c); });
}

// Position of each clinic in a ranking.
std::vector<std::size_t> positions(const std::vector<ClinicId>& ranking) {
  std::vector<std::size_t> at(ranking.size());
  for (std::size_t k = 0; k < ranking.size(); ++k) at[ranking[k]] = k;
  return at;
}

// The choosing order ODD §7.4 gives gpa_rank and needs_first: private
// universities first when `private_first`, then the higher grade, ties in
// cohort order.
std::vector<std::size_t> grade_order(const SimulationState& s, bool private_first) {
  std::vector<std::size_t> order(s.interns.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Intern& x = s.interns[a];
    const Intern& y = s.interns[b];
    if (private_first && x.private_university != y.private_university) return x.private_university;
    return x.gpa > y.gpa;
  });
  return order;
}

// Spearman's rank correlation: Pearson's on the ranks (ties share their mean rank).
double rank_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  return analysis::correlation(analysis::average_ranks(x), analysis::average_ranks(y));
}

std::vector<double> grades(const SimulationState& s) {
  std::vector<double> g;
  for (const Intern& in : s.interns) g.push_back(in.gpa);
  return g;
}

// Each intern is where the clinics say: ids are indices, every intern has a
// clinic that names them (as intern or partner, once), with its category and
// the policy's stipend for it; a partner never serves without an intern.
void expect_consistent(const SimulationState& s) {
  std::vector<int> named(s.interns.size(), 0);
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    const ClinicState& cs = s.clinics[c];
    if (cs.partner >= 0) {
      EXPECT_GE(cs.intern, 0) << "clinic " << c << " has a partner but no intern";
    }
    for (const std::int32_t i : {cs.intern, cs.partner}) {
      if (i < 0) continue;
      ASSERT_LT(static_cast<std::size_t>(i), s.interns.size()) << "clinic " << c;
      ++named[static_cast<std::size_t>(i)];
      EXPECT_EQ(s.interns[static_cast<std::size_t>(i)].clinic, c) << "intern " << i;
    }
  }
  for (std::size_t i = 0; i < s.interns.size(); ++i) {
    const Intern& in = s.interns[i];
    EXPECT_EQ(in.id, i);
    EXPECT_EQ(named[i], 1) << "intern " << i << " named by " << named[i] << " clinics";
    ASSERT_NE(in.clinic, kNone) << "intern " << i << " kept without a place";
    EXPECT_EQ(in.category, s.world.clinics[in.clinic].category);
    EXPECT_EQ(in.stipend_mxn, s.params.policy.stipend_mxn[static_cast<int>(in.category)]);
  }
}

std::size_t clinics_with_an_intern(const SimulationState& s) {
  return static_cast<std::size_t>(
      std::count_if(s.clinics.begin(), s.clinics.end(), [](const ClinicState& cs) { return cs.intern >= 0; }));
}

// ---------------------------------------------------------------------------
// Utility and need: the formulas of ODD §7.4.

// Guards slot_utility: urban value 1 / 0.5 / 0 by category, the stipend of
// the category per 10,000 MXN, the municipality's violence level and the
// hours from the warehouse, each with its own weight.
TEST(AssignmentUtility, IsTheWeightedSumOfODD) {
  ModelParameters p = by_grade();
  p.interns.choice_urban = 1.5;
  p.interns.choice_stipend = 0.7;
  p.interns.choice_violence = 0.9;
  p.interns.choice_distance = 0.35;
  const auto s = fresh_state(p, baseline_world());
  const double urban[] = {1.0, 0.5, 0.0, 0.0};
  for (ClinicId c = 0; c < s->clinics.size(); ++c) {
    const Clinic& clinic = s->world.clinics[c];
    const int k = static_cast<int>(clinic.category);
    const double expected = 1.5 * urban[k] + 0.7 * p.policy.stipend_mxn[k] / 10000.0 - 0.9 * level_at(*s, c) -
                            0.35 * clinic.minutes_from_warehouse / 60.0;
    EXPECT_NEAR(assignment::slot_utility(*s, c), expected, 1e-12) << "clinic " << c;
  }
}

// Guards clinic_need: catchment population × (1 + minutes to hospital / 120),
// halved where a staff physician already serves.
TEST(AssignmentNeed, IsPeoplePerDoctorWeightedByDistanceToHospital) {
  const auto s = fresh_state(by_grade(), baseline_world());
  for (ClinicId c = 0; c < s->clinics.size(); ++c) {
    const Clinic& clinic = s->world.clinics[c];
    const double alone = clinic.catchment_population * (1.0 + clinic.minutes_to_hospital / 120.0);
    s->clinics[c].staff_physician = false;
    EXPECT_NEAR(assignment::clinic_need(*s, c), alone, 1e-9 * alone) << "clinic " << c;
    s->clinics[c].staff_physician = true;
    EXPECT_NEAR(assignment::clinic_need(*s, c), alone / 2, 1e-9 * alone) << "clinic " << c;
  }
}

// ---------------------------------------------------------------------------
// Slots and cohort size.

// Guards the slot offer and cohort size: each vacant clinic offers one slot,
// the cohort is floor or ceil of slots × fill share, every intern is placed
// and the clinics left over have no intern (nor partner). With a fill share
// of 0 nobody comes and with 1 every clinic is filled.
TEST(AssignmentCohort, UnfilledSlotsLeaveClinicsWithoutAnIntern) {
  ModelParameters p = by_grade();
  ASSERT_EQ(p.interns.slots_per_clinic, 1);
  ASSERT_LT(p.interns.slot_fill_share, 1);
  const auto s = assigned(p);
  const double expected = static_cast<double>(s->clinics.size()) * p.interns.slot_fill_share;
  EXPECT_GE(static_cast<double>(s->interns.size()), std::floor(expected));
  EXPECT_LE(static_cast<double>(s->interns.size()), std::ceil(expected));
  EXPECT_EQ(clinics_with_an_intern(*s), s->interns.size());
  EXPECT_GT(s->clinics.size(), s->interns.size());  // some clinics stay empty
  for (const ClinicState& cs : s->clinics) EXPECT_LT(cs.partner, 0);
  expect_consistent(*s);
  EXPECT_EQ(s->cohort_count, 1u);

  p.interns.slot_fill_share = 0;
  const auto nobody = assigned(p);
  EXPECT_TRUE(nobody->interns.empty());
  EXPECT_EQ(clinics_with_an_intern(*nobody), 0u);
  EXPECT_EQ(nobody->cohort_count, 1u);

  p.interns.slot_fill_share = 1;
  const auto everyone = assigned(p);
  EXPECT_EQ(everyone->interns.size(), everyone->clinics.size());
  EXPECT_EQ(clinics_with_an_intern(*everyone), everyone->clinics.size());
  expect_consistent(*everyone);
}

// Guards the new interns' traits and service dates: grades within [6, 10],
// initial competence within [0.05, 0.95], stress and security as the
// parameters say, the cohort's number, and service ending on the first of the
// month service_months after the start.
TEST(AssignmentCohort, NewInternsStartTodayForTheirServiceMonths) {
  const auto s = assigned(by_grade());
  ASSERT_FALSE(s->interns.empty());
  const SimDay end = s->calendar.day_of(Date::from_ymd(2023, 2, 1));  // the baseline starts 1 February 2022
  ASSERT_EQ(s->calendar.start(), Date::from_ymd(2022, 2, 1));
  ASSERT_EQ(s->params.interns.service_months, 12);
  for (const Intern& in : s->interns) {
    EXPECT_GE(in.gpa, 6.0);
    EXPECT_LE(in.gpa, 10.0);
    EXPECT_GE(in.competence, 0.05);
    EXPECT_LE(in.competence, 0.95);
    EXPECT_EQ(in.stress, s->params.interns.stress_initial);
    EXPECT_EQ(in.security, s->params.interns.security_initial);
    EXPECT_EQ(in.cohort, 0u);
    EXPECT_EQ(in.start_day, 0);
    EXPECT_EQ(in.planned_end_day, end);
    EXPECT_TRUE(in.serving());
  }
}

// Guards the hand-over: service ends on the cohort start that brings the
// replacement, also when the run opens off the cohort calendar (a day-0
// cohort on 15 March used to serve until 1 March, a month after the February
// cohort had found every clinic taken).
TEST(AssignmentCohort, ServiceEndsOnTheCohortStartThatBringsTheReplacement) {
  struct Case {
    Date start;
    std::int64_t months;
    Date end;
  };
  for (const Case& c : {Case{Date::from_ymd(2022, 2, 1), 12, Date::from_ymd(2023, 2, 1)},
                        Case{Date::from_ymd(2022, 3, 15), 12, Date::from_ymd(2023, 2, 1)},
                        Case{Date::from_ymd(2022, 9, 30), 12, Date::from_ymd(2023, 8, 1)},
                        Case{Date::from_ymd(2022, 1, 15), 12, Date::from_ymd(2022, 8, 1)},
                        Case{Date::from_ymd(2022, 8, 1), 6, Date::from_ymd(2023, 2, 1)},
                        Case{Date::from_ymd(2022, 10, 20), 6, Date::from_ymd(2023, 2, 1)}}) {
    ModelParameters p = by_grade();
    p.scenario.start = c.start;
    p.interns.service_months = c.months;
    const auto s = assigned(p);
    ASSERT_FALSE(s->interns.empty());
    for (const Intern& in : s->interns)
      EXPECT_EQ(s->calendar.date_of(in.planned_end_day).iso(), c.end.iso())
          << "start " << c.start.iso() << ", " << c.months << " months";
    EXPECT_TRUE(s->calendar.is_cohort_start(s->interns.front().planned_end_day));
  }
}

// Guards "clinics whose intern is still serving offer nothing": the August
// cohort lands only in vacancies, the February interns keep their clinics and
// indices, and the newcomers carry cohort 1 and the August start.
TEST(AssignmentCohort, ALaterCohortFillsOnlyVacancies) {
  ModelParameters p = by_grade();
  auto s = assigned(p);
  const std::vector<Intern> february = s->interns;
  std::vector<std::int32_t> before(s->clinics.size());
  for (ClinicId c = 0; c < s->clinics.size(); ++c) before[c] = s->clinics[c].intern;
  const std::size_t vacancies = s->clinics.size() - february.size();
  ASSERT_GT(vacancies, 0u);

  const SimDay august = s->calendar.day_of(Date::from_ymd(2022, 8, 1));
  ASSERT_TRUE(s->calendar.is_cohort_start(august));
  s->params.interns.slot_fill_share = 1;  // every vacancy offered is taken
  assignment::start_cohort(*s, august);

  ASSERT_EQ(s->interns.size(), february.size() + vacancies);
  EXPECT_EQ(clinics_with_an_intern(*s), s->clinics.size());
  for (ClinicId c = 0; c < s->clinics.size(); ++c) {
    if (before[c] >= 0) {
      EXPECT_EQ(s->clinics[c].intern, before[c]) << "clinic " << c << " lost its February intern";
    }
    EXPECT_LT(s->clinics[c].partner, 0) << "clinic " << c << " got a second intern";
  }
  for (std::size_t i = 0; i < february.size(); ++i) EXPECT_EQ(s->interns[i].clinic, february[i].clinic);
  for (std::size_t i = february.size(); i < s->interns.size(); ++i) {
    EXPECT_EQ(s->interns[i].cohort, 1u);
    EXPECT_EQ(s->interns[i].start_day, august);
  }
  expect_consistent(*s);
  EXPECT_EQ(s->cohort_count, 2u);
}

// Guards determinism: the same seed gives the same interns in the same
// clinics, whatever the number of threads drawing the taste shocks; another
// seed gives another assignment (so the comparison can fail).
TEST(AssignmentCohort, TheSameSeedGivesTheSameAssignment) {
  ModelParameters p = baseline().parameters;
  const auto one = assigned(p, baseline_world(), 1);
  const auto two = assigned(p, baseline_world(), 2);
  ASSERT_EQ(one->interns.size(), two->interns.size());
  for (std::size_t i = 0; i < one->interns.size(); ++i) {
    EXPECT_EQ(one->interns[i].clinic, two->interns[i].clinic) << "intern " << i;
    EXPECT_EQ(one->interns[i].gpa, two->interns[i].gpa) << "intern " << i;
  }
  for (ClinicId c = 0; c < one->clinics.size(); ++c) EXPECT_EQ(one->clinics[c].intern, two->clinics[c].intern);

  p.scenario.seed += 1;
  const auto other = assigned(p);
  bool differs = other->interns.size() != one->interns.size();
  for (std::size_t i = 0; !differs && i < one->interns.size(); ++i) differs = other->interns[i].clinic != one->interns[i].clinic;
  EXPECT_TRUE(differs) << "another seed gave the very same assignment";
}

// ---------------------------------------------------------------------------
// gpa_rank: interns choose in grade order, each taking the best free slot.

// Guards the choosing order and "takes the free slot of highest utility":
// with common preferences and private_first, the k-th intern in the order of
// ODD §7.4 gets the k-th best clinic, and the worst clinics stay empty.
TEST(AssignmentGpaRank, TheKthToChooseGetsTheKthBestClinic) {
  ModelParameters p = common_preferences(by_grade());
  p.policy.private_first = true;
  const auto s = assigned(p);
  const std::vector<ClinicId> best = clinics_by_utility(*s);
  const std::vector<std::size_t> order = grade_order(*s, true);
  ASSERT_FALSE(order.empty());
  for (std::size_t k = 0; k < order.size(); ++k)
    EXPECT_EQ(s->interns[order[k]].clinic, best[k]) << "chooser " << k << " (intern " << order[k] << ")";
  for (std::size_t k = order.size(); k < best.size(); ++k) EXPECT_LT(s->clinics[best[k]].intern, 0);
}

// Guards the taste shocks and the chunked search for the best free slot:
// replays the serial choice (each intern in grade order takes the free clinic
// maximising slot_utility + a N(0, taste_sd) draw per clinic, in clinic order,
// from the intern's own stream) on Nuevo León, whose cohort spans more than
// one chunk of 128 interns. Without taste shocks, and with every slot
// filled, every intern of a chunk has the same shortlist, so the last of a
// full chunk must skip all 127 clinics filled before them in it (and no intern
// may be lost for want of a free clinic on their shortlist).
TEST(AssignmentGpaRank, EachInternTakesTheFreeSlotOfHighestUtilityWithTheirTasteShock) {
  struct Case {
    double taste_sd, fill_share;
  };
  const double taste_sd = nuevo_leon().parameters.interns.choice_taste_sd;
  for (const Case& run : {Case{taste_sd, nuevo_leon().parameters.interns.slot_fill_share}, Case{0.0, 1.0}}) {
    ModelParameters p = by_grade(nuevo_leon().parameters);
    p.policy.private_first = true;
    p.interns.choice_taste_sd = run.taste_sd;
    p.interns.slot_fill_share = run.fill_share;
    ASSERT_EQ(p.interns.slots_per_clinic, 1);
    const auto state = assigned(p, nuevo_leon_world());
    const SimulationState& s = *state;
    const double expected = static_cast<double>(s.clinics.size()) * run.fill_share;
    ASSERT_GE(static_cast<double>(s.interns.size()), std::floor(expected)) << "interns lost";
    ASSERT_LE(static_cast<double>(s.interns.size()), std::ceil(expected));
    ASSERT_GT(s.interns.size(), 128u);
    std::vector<bool> taken(s.clinics.size(), false);
    std::size_t k = 0;
    for (const std::size_t i : grade_order(s, true)) {
      RandomStream taste = s.stream(StreamId::assignment, s.interns[i].stream_key(), 0, assignment::kTasteSubstream);
      ClinicId best = kNone;
      double best_utility = 0;
      for (ClinicId c = 0; c < s.clinics.size(); ++c) {
        const double u = assignment::slot_utility(s, c) + taste.normal(0.0, run.taste_sd);
        if (!taken[c] && (best == kNone || u > best_utility)) {
          best = c;
          best_utility = u;
        }
      }
      ASSERT_NE(best, kNone);
      ASSERT_EQ(s.interns[i].clinic, best) << "taste sd " << run.taste_sd << ", chooser " << k << " (intern " << i << ")";
      taken[best] = true;
      ++k;
    }
  }
}

// Mean violence level where the better and the worse half of the class serve.
std::pair<double, double> levels_of_top_and_bottom_halves(const SimulationState& s) {
  const std::vector<std::size_t> order = grade_order(s, false);
  const std::size_t half = order.size() / 2;
  double top = 0, bottom = 0;
  for (std::size_t k = 0; k < half; ++k) top += level_at(s, s.interns[order[k]].clinic);
  for (std::size_t k = order.size() - half; k < order.size(); ++k) bottom += level_at(s, s.interns[order[k]].clinic);
  return {top / static_cast<double>(half), bottom / static_cast<double>(half)};
}

std::vector<double> levels_where_interns_serve(const SimulationState& s) {
  std::vector<double> level;
  for (const Intern& in : s.interns) level.push_back(level_at(s, in.clinic));
  return level;
}

// Guards MODEL.md's "the lowest averages land in the most dangerous places"
// as a consequence of the grade order: with violence the only preference
// besides taste, grades and the violence level of the intern's municipality
// are negatively rank-correlated (about -0.8 here), and the better half of
// the class serves in calmer municipalities than the worse half. Choosing in
// an order unrelated to grades leaves no such association.
TEST(AssignmentGpaRank, LowerGradesLandInMoreViolentPlaces) {
  ModelParameters p = by_grade();
  p.interns.choice_urban = p.interns.choice_stipend = p.interns.choice_distance = 0;
  const auto s = assigned(p);
  EXPECT_LT(rank_correlation(grades(*s), levels_where_interns_serve(*s)), -0.5);
  const auto [top, bottom] = levels_of_top_and_bottom_halves(*s);
  EXPECT_LT(top, bottom);
}

// Guards the same claim under a scenario's own preferences (urban, stipend,
// violence, distance and taste), on Nuevo León where 161 interns choose among
// 179 clinics in 51 municipalities: the rank correlation of grade and violence
// level is about -0.65, and better grades get clinics of higher utility.
TEST(AssignmentGpaRank, LowerGradesLandInMoreViolentPlacesUnderTheScenariosPreferences) {
  const auto s = assigned(by_grade(nuevo_leon().parameters), nuevo_leon_world());
  EXPECT_LT(rank_correlation(grades(*s), levels_where_interns_serve(*s)), -0.4);
  const auto [top, bottom] = levels_of_top_and_bottom_halves(*s);
  EXPECT_LT(top, bottom);
  std::vector<double> utility;
  for (const Intern& in : s->interns) utility.push_back(assignment::slot_utility(*s, in.clinic));
  EXPECT_GT(rank_correlation(grades(*s), utility), 0.8);
}

// Guards private_first: with it, every private-university intern chooses
// before every public one, so a private intern with a lower grade gets a
// better clinic than a public one with a higher grade; without it, the same
// two interns (the cohort does not depend on the rule) choose by grade.
TEST(AssignmentGpaRank, PrivateFirstLetsPrivateUniversitiesChooseFirst) {
  ModelParameters p = common_preferences(by_grade());
  p.policy.private_first = true;
  const auto first = assigned(p);
  p.policy.private_first = false;
  const auto by_grade_only = assigned(p);
  ASSERT_EQ(first->interns.size(), by_grade_only->interns.size());
  const std::vector<std::size_t> rank = positions(clinics_by_utility(*first));

  // With private_first, the worst private clinic beats the best public one.
  std::size_t worst_private = 0, best_public = first->clinics.size();
  for (const Intern& in : first->interns) {
    if (in.private_university) worst_private = std::max(worst_private, rank[in.clinic]);
    else best_public = std::min(best_public, rank[in.clinic]);
  }
  ASSERT_LT(best_public, first->clinics.size()) << "no public-university intern";
  EXPECT_LT(worst_private, best_public);

  // A private intern with a lower grade than a public one: private_first puts
  // them ahead, grades alone behind.
  std::size_t pairs = 0;
  for (std::size_t a = 0; a < first->interns.size(); ++a)
    for (std::size_t b = 0; b < first->interns.size(); ++b) {
      const Intern& priv = first->interns[a];
      const Intern& pub = first->interns[b];
      if (!priv.private_university || pub.private_university || priv.gpa >= pub.gpa) continue;
      ++pairs;
      EXPECT_LT(rank[priv.clinic], rank[pub.clinic]) << "private " << a << " after public " << b;
      EXPECT_GT(rank[by_grade_only->interns[a].clinic], rank[by_grade_only->interns[b].clinic])
          << "grades alone: private " << a << " before public " << b;
    }
  EXPECT_GT(pairs, 0u);
}

// ---------------------------------------------------------------------------
// lottery: a random choosing order, then the same choice of the best slot.

// Guards the lottery: with common preferences the same clinics are filled as
// under gpa_rank (each still takes the best free slot), but the order in which
// interns chose bears no relation to their grades (nor to the order they
// were created in), where under gpa_rank it is exactly the grade order.
TEST(AssignmentLottery, ChoosingOrderIgnoresGrades) {
  ModelParameters p = common_preferences(by_grade(nuevo_leon().parameters));  // 161 interns
  const auto ranked = assigned(p, nuevo_leon_world());
  p.policy.assignment_rule = AssignmentRule::lottery;
  const auto drawn = assigned(p, nuevo_leon_world());
  ASSERT_EQ(drawn->interns.size(), ranked->interns.size());
  ASSERT_GT(drawn->interns.size(), 100u);
  for (ClinicId c = 0; c < drawn->clinics.size(); ++c)
    EXPECT_EQ(drawn->clinics[c].intern >= 0, ranked->clinics[c].intern >= 0) << "clinic " << c;
  expect_consistent(*drawn);

  const std::vector<std::size_t> rank = positions(clinics_by_utility(*drawn));
  std::vector<double> ranked_turn, drawn_turn;
  for (std::size_t i = 0; i < drawn->interns.size(); ++i) {
    ranked_turn.push_back(static_cast<double>(rank[ranked->interns[i].clinic]));
    drawn_turn.push_back(static_cast<double>(rank[drawn->interns[i].clinic]));
  }
  EXPECT_NEAR(rank_correlation(grades(*ranked), ranked_turn), -1.0, 1e-12);
  EXPECT_LT(std::abs(rank_correlation(grades(*drawn), drawn_turn)), 0.3);
  // A permutation drawn afresh, not the order the interns were created in.
  std::vector<double> created(drawn->interns.size());
  std::iota(created.begin(), created.end(), 0.0);
  EXPECT_LT(std::abs(rank_correlation(created, drawn_turn)), 0.3);
  // Nor does the lottery let private universities choose first.
  std::size_t worst_private = 0, best_public = drawn->clinics.size();
  for (const Intern& in : drawn->interns) {
    if (in.private_university) worst_private = std::max(worst_private, rank[in.clinic]);
    else best_public = std::min(best_public, rank[in.clinic]);
  }
  EXPECT_GT(worst_private, best_public);
}

// ---------------------------------------------------------------------------
// needs_first: the neediest clinics first, whatever the intern prefers.

// Guards needs_first: the k-th intern in grade order gets the k-th neediest
// clinic, the least needy stay empty, and the filled clinics are not those
// the interns would have chosen (so the rule is not utility in disguise).
TEST(AssignmentNeedsFirst, TheNeediestClinicsAreFilledFirst) {
  ModelParameters p = by_grade();
  p.policy.assignment_rule = AssignmentRule::needs_first;
  p.policy.private_first = true;
  const auto s = assigned(p);
  const std::vector<ClinicId> neediest = clinics_by_need(*s);
  const std::vector<std::size_t> order = grade_order(*s, true);
  ASSERT_FALSE(order.empty());
  for (std::size_t k = 0; k < order.size(); ++k)
    EXPECT_EQ(s->interns[order[k]].clinic, neediest[k]) << "chooser " << k << " (intern " << order[k] << ")";
  for (std::size_t k = order.size(); k < neediest.size(); ++k) EXPECT_LT(s->clinics[neediest[k]].intern, 0);
  expect_consistent(*s);

  const std::vector<ClinicId> best = clinics_by_utility(*s);
  std::size_t differ = 0;
  for (std::size_t k = order.size(); k < best.size(); ++k) differ += s->clinics[best[k]].intern >= 0;
  EXPECT_GT(differ, 0u) << "needs_first filled the very clinics utility would";
}

// ---------------------------------------------------------------------------
// Violence screening.

// Guards policy.assignment.max_violence: clinics in municipalities whose
// violence level is above the threshold offer no slot and stay without an
// intern; those at or below it (the threshold itself included) offer theirs,
// and with every slot filled all of them get one.
TEST(AssignmentScreening, NoInternWhereViolenceExceedsTheThreshold) {
  ModelParameters p = by_grade();
  p.interns.slot_fill_share = 1;
  const auto unscreened = fresh_state(p, baseline_world());
  std::vector<double> levels;
  for (ClinicId c = 0; c < unscreened->clinics.size(); ++c) levels.push_back(level_at(*unscreened, c));
  std::vector<double> distinct = levels;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  ASSERT_GE(distinct.size(), 3u);
  p.policy.max_violence = distinct[distinct.size() / 2];  // a level some clinics have

  const auto s = assigned(p);
  std::size_t screened = 0, at_threshold = 0;
  for (ClinicId c = 0; c < s->clinics.size(); ++c) {
    if (levels[c] > *p.policy.max_violence) {
      ++screened;
      EXPECT_LT(s->clinics[c].intern, 0) << "clinic " << c << " at level " << levels[c];
      EXPECT_LT(s->clinics[c].partner, 0) << "clinic " << c;
    } else {
      at_threshold += levels[c] == *p.policy.max_violence;
      EXPECT_GE(s->clinics[c].intern, 0) << "clinic " << c << " at level " << levels[c] << " offered no slot";
    }
  }
  EXPECT_GT(screened, 0u);
  EXPECT_GT(at_threshold, 0u);
  EXPECT_EQ(s->interns.size(), s->clinics.size() - screened);
  for (const Intern& in : s->interns) EXPECT_LE(level_at(*s, in.clinic), *p.policy.max_violence);
  expect_consistent(*s);
}

// ---------------------------------------------------------------------------
// Pairing in remote clinics.

// Guards pair_remote: a C or CC clinic has two new interns or none (never one
// alone), A and B clinics keep one at most, and no intern is kept without a
// place. Without pair_remote the same cohort leaves interns alone in remote
// clinics (so the check can fail).
TEST(AssignmentPairing, RemoteClinicsGetTwoInternsOrNone) {
  ModelParameters p = by_grade();
  const auto alone = assigned(p);
  std::size_t lone_remote = 0;
  for (ClinicId c = 0; c < alone->clinics.size(); ++c)
    lone_remote += remote(alone->world.clinics[c].category) && alone->clinics[c].intern >= 0;
  ASSERT_GT(lone_remote, 0u) << "no intern in a remote clinic to pair";

  for (const bool private_first : {false, true}) {
    p.policy.pair_remote = true;
    p.policy.private_first = private_first;
    const auto s = assigned(p);
    std::size_t pairs = 0;
    for (ClinicId c = 0; c < s->clinics.size(); ++c) {
      const ClinicState& cs = s->clinics[c];
      if (remote(s->world.clinics[c].category)) {
        EXPECT_EQ(cs.intern >= 0, cs.partner >= 0) << "clinic " << c << " has an intern alone";
        pairs += cs.partner >= 0;
      } else {
        EXPECT_LT(cs.partner, 0) << "clinic " << c << " of category A/B with two interns";
      }
    }
    EXPECT_GT(pairs, 0u);
    expect_consistent(*s);
  }
}

// Guards who keeps their clinic when lone remote interns are paired: the
// later chooser joins the earlier one, so in every remote clinic the intern
// (who chose first) has the better grade under gpa_rank. Pairing by clinic
// order instead would move interns against the choosing order.
TEST(AssignmentPairing, TheLaterChooserJoinsTheEarlierChoosersClinic) {
  ModelParameters p = by_grade();
  p.policy.pair_remote = true;
  std::size_t checked = 0;
  for (std::int64_t seed = 1; seed <= 5; ++seed) {
    p.scenario.seed = seed;
    const auto s = assigned(p);
    for (ClinicId c = 0; c < s->clinics.size(); ++c) {
      const ClinicState& cs = s->clinics[c];
      if (!remote(s->world.clinics[c].category) || cs.partner < 0) continue;
      EXPECT_GE(s->interns[static_cast<std::size_t>(cs.intern)].gpa, s->interns[static_cast<std::size_t>(cs.partner)].gpa)
          << "seed " << seed << ", clinic " << c << ": the host chose after the intern who joined";
      ++checked;
    }
  }
  EXPECT_GT(checked, 10u);
}

// Guards the odd one out of pairing: when an odd number of new interns are
// alone in remote clinics, the last is not dropped while a place outside
// remote clinics is free; they take the one they like best. Two slots per
// clinic give remote clinics the same two seats with or without pairing, so
// the unpaired run shows how many were alone and which places stayed free.
TEST(AssignmentPairing, TheOddOneOutTakesTheBestFreePlaceElsewhere) {
  ModelParameters p = by_grade();
  p.interns.slots_per_clinic = 2;
  p.interns.slot_fill_share = 0.5;
  std::size_t odd_cases = 0;
  for (std::int64_t seed = 1; seed <= 20; ++seed) {
    p.scenario.seed = seed;
    p.policy.pair_remote = false;
    const auto alone = assigned(p);
    std::size_t lone = 0;
    bool free_elsewhere = false;
    for (ClinicId c = 0; c < alone->clinics.size(); ++c) {
      const ClinicState& cs = alone->clinics[c];
      if (remote(alone->world.clinics[c].category)) lone += cs.intern >= 0 && cs.partner < 0;
      else free_elsewhere |= cs.partner < 0;
    }
    p.policy.pair_remote = true;
    const auto paired = assigned(p);
    expect_consistent(*paired);
    if (lone % 2 == 0 || !free_elsewhere) continue;
    ++odd_cases;
    EXPECT_EQ(paired->interns.size(), alone->interns.size()) << "seed " << seed << ": the odd intern out was dropped";
    // The moved intern sits outside remote clinics, where the unpaired run
    // had them in a remote one.
    std::size_t moved_out = 0;
    for (std::size_t i = 0; i < paired->interns.size(); ++i)
      moved_out += remote(alone->interns[i].category) && !remote(paired->interns[i].category);
    EXPECT_EQ(moved_out, 1u) << "seed " << seed;
  }
  EXPECT_GT(odd_cases, 0u) << "no seed left an odd number of lone remote interns";
}

// Guards the two places a clinic has (its intern and a partner): with two
// slots per clinic and every slot filled, each clinic gets exactly two
// interns, paired or not, and every intern is named by their clinic (a
// third would be placed where no clinic lists them).
TEST(AssignmentPlaces, TwoSlotsFillTheInternAndPartnerPlacesAndNoMore) {
  for (const bool pair_remote : {false, true}) {
    ModelParameters p = by_grade();
    p.interns.slots_per_clinic = 2;
    p.interns.slot_fill_share = 1;
    p.policy.pair_remote = pair_remote;
    const auto s = assigned(p);
    EXPECT_EQ(s->interns.size(), 2 * s->clinics.size());
    for (ClinicId c = 0; c < s->clinics.size(); ++c) {
      EXPECT_GE(s->clinics[c].intern, 0) << "clinic " << c;
      EXPECT_GE(s->clinics[c].partner, 0) << "clinic " << c;
    }
    expect_consistent(*s);
  }
}

// Guards "new interns left alone": pairing moves only the new cohort's
// interns; a February intern serving alone in a remote clinic stays there,
// alone, when the August cohort is paired.
TEST(AssignmentPairing, EarlierInternsAreNotMoved) {
  ModelParameters p = by_grade();
  auto s = assigned(p);
  const std::vector<Intern> february = s->interns;
  s->params.policy.pair_remote = true;
  s->params.interns.slot_fill_share = 1;
  assignment::start_cohort(*s, s->calendar.day_of(Date::from_ymd(2022, 8, 1)));
  std::size_t lone_february = 0;
  for (std::size_t i = 0; i < february.size(); ++i) {
    EXPECT_EQ(s->interns[i].clinic, february[i].clinic) << "February intern " << i << " moved";
    lone_february += remote(february[i].category) && s->clinics[february[i].clinic].partner < 0;
  }
  EXPECT_GT(lone_february, 0u);
  for (std::size_t i = february.size(); i < s->interns.size(); ++i) {
    const ClinicState& cs = s->clinics[s->interns[i].clinic];
    if (remote(s->interns[i].category)) {
      EXPECT_TRUE(cs.intern >= 0 && cs.partner >= 0) << "August intern " << i << " alone in a remote clinic";
    }
  }
  expect_consistent(*s);
}

// ---------------------------------------------------------------------------
// Common random numbers: draws keyed by who an intern is, not where they sit
// in the interns list.

// A policy arm whose violence screening (at the median clinic's level)
// offers fewer slots than the unscreened baseline.
ModelParameters screened_at_median(ModelParameters p) {
  const auto s = fresh_state(p, baseline_world());
  std::vector<double> levels;
  for (ClinicId c = 0; c < s->clinics.size(); ++c) levels.push_back(level_at(*s, c));
  std::sort(levels.begin(), levels.end());
  p.policy.max_violence = levels[levels.size() / 2];
  return p;
}

// Guards the interns' stream key: the k-th intern of the August cohort has
// the same traits in two policy arms whatever the February cohort's size
// (here shrunk by violence screening in one arm, lifted by August). Keyed by
// the index in the interns list, every August intern drew the traits of
// another.
TEST(AssignmentCommonRandomNumbers, AnInternsTraitsDoNotDependOnEarlierCohorts) {
  const ModelParameters open = by_grade();
  auto a = assigned(open);
  auto b = assigned(screened_at_median(open));
  ASSERT_LT(b->interns.size(), a->interns.size());
  const SimDay august = a->calendar.day_of(Date::from_ymd(2022, 8, 1));
  for (SimulationState* s : {a.get(), b.get()}) {
    s->params.policy.max_violence.reset();
    s->params.interns.slot_fill_share = 1;
    assignment::start_cohort(*s, august);
  }
  std::size_t common = 0;
  for (const Intern& x : a->interns) {
    if (x.cohort != 1) continue;
    for (const Intern& y : b->interns) {
      if (y.cohort != 1 || y.ordinal != x.ordinal) continue;
      ++common;
      EXPECT_EQ(x.stream_key(), y.stream_key());
      EXPECT_EQ(x.female, y.female) << "August intern " << x.ordinal;
      EXPECT_EQ(x.private_university, y.private_university) << "August intern " << x.ordinal;
      EXPECT_EQ(x.gpa, y.gpa) << "August intern " << x.ordinal;
      EXPECT_EQ(x.competence, y.competence) << "August intern " << x.ordinal;
    }
  }
  EXPECT_GE(common, 3u);
}

// Guards the lottery's key: two interns of a cohort choose in the same order
// whatever the cohort's size (here every clinic offering a slot, or only
// those that violence screening leaves). With common preferences an
// intern's turn shows in the rank of the clinic they got. A shuffle of the
// whole cohort put the interns both arms share in unrelated orders.
TEST(AssignmentCommonRandomNumbers, TheLotteryKeepsTwoInternsOrderWhateverTheCohortsSize) {
  ModelParameters p = common_preferences(by_grade());
  p.policy.assignment_rule = AssignmentRule::lottery;
  p.interns.slot_fill_share = 1;
  const auto all = assigned(p);
  const auto screened = assigned(screened_at_median(p));
  ASSERT_LT(screened->interns.size(), all->interns.size());
  const std::vector<std::size_t> rank = positions(clinics_by_utility(*all));
  auto turn_of = [&](const SimulationState& s) {  // by ordinal: the utility rank of the clinic taken
    std::vector<std::size_t> turn(all->interns.size(), kNone);
    for (const Intern& in : s.interns) turn[in.ordinal] = rank[in.clinic];
    return turn;
  };
  const std::vector<std::size_t> wide = turn_of(*all), narrow = turn_of(*screened);
  std::size_t pairs = 0, first_before_second = 0;
  for (std::uint32_t x = 0; x < wide.size(); ++x)
    for (std::uint32_t y = x + 1; y < wide.size(); ++y) {
      if (narrow[x] == kNone || narrow[y] == kNone) continue;
      ++pairs;
      first_before_second += wide[x] < wide[y];
      EXPECT_EQ(wide[x] < wide[y], narrow[x] < narrow[y]) << "interns " << x << " and " << y;
    }
  EXPECT_GE(pairs, 20u);
  EXPECT_GT(first_before_second, 0u);  // a drawn order, not the order of creation
  EXPECT_LT(first_before_second, pairs);
}

}  // namespace
}  // namespace pasante
