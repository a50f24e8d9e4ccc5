// The first phase of the day (sim/processes/calendar_policy.cpp, ODD §7.2):
// the scenario's interventions for the day take effect (before the
// administration runs), an administration may change, a cohort of interns
// is assigned on day 0 and on every 1 February and 1 August, and every
// serving intern's stipend follows the policy in force for their category.
// Scenarios are written as the user would, extending the embedded baseline.
#include "processes/calendar_policy.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "core/text_source.hpp"
#include "processes/administration.hpp"
#include "processes/interns.hpp"
#include "processes/supply.hpp"
#include "processes/violence.hpp"
#include "world/world.hpp"
#include "baseline_jurisdiction.hpp"

namespace pasante {
namespace {

using test::baseline_world;

// The embedded baseline extended by `yaml` (a scenario file's remaining keys).
Scenario baseline_with(const std::string& yaml) {
  static int files = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("pasante_calendar_policy_" + std::to_string(::getpid()) + "_" + std::to_string(files++));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "scenario.yaml").string();
  std::ofstream(file) << "extends: " << kDefaultScenario << "\n" << yaml;
  const Scenario scenario = load_scenario(file);
  std::filesystem::remove_all(dir);
  return scenario;
}

// The state before day 0's phases: clinics, violence levels (assignment
// screens on them) and the first administration change scheduled.
std::unique_ptr<SimulationState> before_day_zero(const Scenario& scenario) {
  auto s = std::make_unique<SimulationState>(scenario.parameters, baseline_world(), 1);
  s->clinics.resize(s->world.clinics.size());
  s->locality_curfew_until.assign(s->world.localities.size(), -1);
  violence::initialise(*s);
  administration::initialise(*s);
  return s;
}

Date ymd(int year, unsigned month, unsigned day) { return Date::from_ymd(year, month, day); }

// Every slot filled, so each clinic has an intern after a cohort start.
constexpr const char* kEverySlotFilled = "interns: {slot_fill_share: 1}\n";

// Guards the intervention's day: a scheduled change of the allocation rule
// and of one category's stipend is in force from the start of its day (so
// that day's phases see it) and not a day earlier; serving interns' stipends
// follow it the same day.
TEST(CalendarPolicy, AnInterventionTakesEffectOnItsDayAndNotBefore) {
  const Scenario scenario = baseline_with(std::string(kEverySlotFilled) +
                                          "interventions:\n"
                                          "  - day: 45\n"
                                          "    set: {policy.supply.allocation: needs_based, policy.stipends_mxn.C: 15000}\n");
  ASSERT_EQ(scenario.interventions.size(), 1u);
  auto state = before_day_zero(scenario);
  SimulationState& s = *state;
  ASSERT_EQ(s.params.policy.allocation, AllocationRule::fixed_basket);
  const double stipend_b = s.params.policy.stipend_mxn[static_cast<int>(ServiceCategory::B)];
  ASSERT_EQ(s.params.policy.stipend_mxn[static_cast<int>(ServiceCategory::C)], 10000.0);
  for (SimDay d = 0; d <= 60; ++d) {
    calendar_policy::run(s, scenario.interventions, d);
    const bool in_force = d >= 45;
    ASSERT_EQ(s.params.policy.allocation, in_force ? AllocationRule::needs_based : AllocationRule::fixed_basket) << "day " << d;
    ASSERT_EQ(supply::rule_in_force(s), s.params.policy.allocation) << "day " << d;
    int in_c = 0, in_b = 0;
    for (const Intern& in : s.interns) {
      if (in.category == ServiceCategory::C) {
        ASSERT_EQ(in.stipend_mxn, in_force ? 15000.0 : 10000.0) << "day " << d;
        ++in_c;
      } else if (in.category == ServiceCategory::B) {
        ASSERT_EQ(in.stipend_mxn, stipend_b) << "day " << d;
        ++in_b;
      }
    }
    ASSERT_GT(in_c, 0);
    ASSERT_GT(in_b, 0);
  }
}

// The shipped example of interventions (scenarios/policies/austerity_midyear.yaml):
// the budget is cut on day 120 and shipments spaced out on day 181.
TEST(CalendarPolicy, TheShippedAusterityInterventionsTakeEffectOnTheirDays) {
  const Scenario scenario = load_scenario(std::string(PASANTE_SOURCE_DIR) + "/scenarios/policies/austerity_midyear.yaml");
  ASSERT_EQ(scenario.interventions.size(), 2u);
  auto state = before_day_zero(scenario);
  SimulationState& s = *state;
  for (SimDay d = 0; d <= 200; ++d) {
    calendar_policy::run(s, scenario.interventions, d);
    ASSERT_EQ(s.params.policy.budget_multiplier, d < 120 ? 1.0 : 0.67) << "day " << d;
    ASSERT_EQ(s.params.policy.supply_interval_days, d < 181 ? 30 : 45) << "day " << d;
  }
}

// Guards the order within the phase: an intervention that enables the
// independent authority on the day an administration changes protects
// policy from that change (interventions first). The control, the same
// intervention a day late, shows the change would otherwise disrupt.
TEST(CalendarPolicy, InterventionsApplyBeforeTheAdministrationChange) {
  for (const SimDay intervention_day : {28, 29}) {
    SCOPED_TRACE(intervention_day);
    const Scenario scenario = baseline_with(
        "administration: {next_change: 2022-03-01, rule_change_probability: 1}\n"
        "interventions:\n"
        "  - {day: " + std::to_string(intervention_day) + ", set: {policy.independent_authority.enabled: true}}\n");
    auto state = before_day_zero(scenario);
    SimulationState& s = *state;
    ASSERT_EQ(s.administration.next_change, 28);
    for (SimDay d = 0; d <= 28; ++d) calendar_policy::run(s, scenario.interventions, d);
    EXPECT_EQ(s.administration.changes, 1);
    if (intervention_day == 28) {
      EXPECT_EQ(s.administration.disruption_until, -1);
      EXPECT_EQ(s.params.policy.allocation, scenario.parameters.policy.allocation);
      EXPECT_EQ(s.params.policy.stipend_mxn, scenario.parameters.policy.stipend_mxn);
    } else {
      EXPECT_EQ(s.administration.disruption_until, 28 + scenario.parameters.administration.disruption_days - 1);
      EXPECT_NE(s.params.policy.allocation, scenario.parameters.policy.allocation);
    }
  }
}

// Guards the cohort calendar: a cohort is placed on day 0, nobody is
// assigned between cohort starts (a vacancy stays open), and on 1 August
// the next cohort fills exactly the places that fell vacant.
TEST(CalendarPolicy, ACohortIsAssignedOnDayZeroAndOnEachCohortStart) {
  const Scenario scenario = baseline_with(kEverySlotFilled);
  auto state = before_day_zero(scenario);
  SimulationState& s = *state;
  const std::size_t clinics = s.world.clinics.size();
  ASSERT_TRUE(s.interns.empty());

  calendar_policy::run(s, scenario.interventions, 0);
  EXPECT_EQ(s.cohort_count, 1u);
  ASSERT_EQ(s.interns.size(), clinics);
  for (ClinicId c = 0; c < clinics; ++c) {
    ASSERT_GE(s.clinics[c].intern, 0) << "clinic " << c;
    const Intern& in = s.interns[static_cast<std::size_t>(s.clinics[c].intern)];
    EXPECT_EQ(in.clinic, c);
    EXPECT_EQ(in.start_day, 0);
    EXPECT_EQ(in.cohort, 0u);
    EXPECT_EQ(in.category, s.world.clinics[c].category);
  }

  const SimDay august = s.calendar.day_of(ymd(2022, 8, 1));
  ASSERT_TRUE(s.calendar.is_cohort_start(august));
  constexpr SimDay kLeaving = 100;
  std::set<ClinicId> vacated;
  for (SimDay d = 1; d < august; ++d) {
    if (d == kLeaving)
      for (ClinicId c : {ClinicId{2}, ClinicId{7}, static_cast<ClinicId>(clinics - 1)}) {
        vacated.insert(c);
        interns::leave_clinic(s, s.clinics[c].intern, InternStatus::dropped_out, d);
      }
    calendar_policy::run(s, scenario.interventions, d);
    ASSERT_EQ(s.cohort_count, 1u) << "day " << d;
    ASSERT_EQ(s.interns.size(), clinics) << "day " << d;
  }
  for (ClinicId c : vacated) EXPECT_LT(s.clinics[c].intern, 0) << "clinic " << c;

  calendar_policy::run(s, scenario.interventions, august);
  EXPECT_EQ(s.cohort_count, 2u);
  ASSERT_EQ(s.interns.size(), clinics + vacated.size());
  std::set<ClinicId> filled;
  for (std::size_t i = clinics; i < s.interns.size(); ++i) {
    EXPECT_EQ(s.interns[i].start_day, august);
    EXPECT_EQ(s.interns[i].cohort, 1u);
    filled.insert(s.interns[i].clinic);
  }
  EXPECT_EQ(filled, vacated);
  for (std::size_t i = 0; i < clinics; ++i) {
    if (s.interns[i].serving()) {
      EXPECT_EQ(s.clinics[s.interns[i].clinic].intern, static_cast<std::int32_t>(i));
    }
  }
}

// A run that starts between cohort dates still opens with a cohort in
// place, and the next one comes on the following 1 August.
TEST(CalendarPolicy, ARunStartingBetweenCohortsOpensWithOne) {
  const Scenario scenario = baseline_with("scenario: {start: 2022-03-15}\n");
  auto state = before_day_zero(scenario);
  SimulationState& s = *state;
  ASSERT_FALSE(s.calendar.is_cohort_start(0));
  calendar_policy::run(s, scenario.interventions, 0);
  EXPECT_EQ(s.cohort_count, 1u);
  EXPECT_FALSE(s.interns.empty());
  const SimDay august = s.calendar.day_of(ymd(2022, 8, 1));
  for (SimDay d = 1; d < august; ++d) calendar_policy::run(s, scenario.interventions, d);
  EXPECT_EQ(s.cohort_count, 1u);
  calendar_policy::run(s, scenario.interventions, august);
  EXPECT_EQ(s.cohort_count, 2u);
}

// Guards the daily stipend update: serving interns are paid their
// category's stipend as the policy has it today, including after an
// administration rescales the stipends; an intern who has left keeps the
// last stipend they were paid.
TEST(CalendarPolicy, ServingInternsStipendsFollowThePolicyInForce) {
  const Scenario scenario = baseline_with(std::string(kEverySlotFilled) + "administration: {next_change: 2022-03-01}\n");
  auto state = before_day_zero(scenario);
  SimulationState& s = *state;
  const auto& policy = s.params.policy;
  const auto before = policy.stipend_mxn;
  auto expect_paid_as_policy = [&](SimDay d) {
    for (const Intern& in : s.interns) {
      if (in.serving()) {
        ASSERT_EQ(in.stipend_mxn, policy.stipend_mxn[static_cast<int>(in.category)]) << "day " << d;
      }
    }
  };
  for (SimDay d = 0; d < 28; ++d) {
    calendar_policy::run(s, scenario.interventions, d);
    expect_paid_as_policy(d);
  }
  const std::int32_t leaver = s.clinics[0].intern;
  const double leavers_stipend = s.interns[static_cast<std::size_t>(leaver)].stipend_mxn;
  interns::leave_clinic(s, leaver, InternStatus::dropped_out, 27);

  calendar_policy::run(s, scenario.interventions, 28);  // the administration changes the stipends
  ASSERT_EQ(s.administration.changes, 1);
  ASSERT_NE(policy.stipend_mxn, before);
  expect_paid_as_policy(28);
  EXPECT_EQ(s.interns[static_cast<std::size_t>(leaver)].stipend_mxn, leavers_stipend);
  for (const Intern& in : s.interns) {
    if (in.serving()) {
      EXPECT_NE(in.stipend_mxn, before[static_cast<int>(in.category)]);
    }
  }
}

}  // namespace
}  // namespace pasante
