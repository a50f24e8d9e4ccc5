// Federal administrations (sim/processes/administration.cpp, ODD §7.3): the
// first change is administration.next_change moved forward by whole terms to
// on or after day 0, then one every administration.term_years; a change
// redraws the budget multiplier, may switch the allocation rule to one of the
// other two, scales every stipend by one common factor and pauses shipments
// for administration.disruption_days -- unless the independent authority is
// enabled, which keeps policy as it was and imposes needs_based allocation
// (supply::rule_in_force).
#include "processes/administration.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "agents/population_builder.hpp"
#include "core/text_source.hpp"
#include "processes/clinic_routes.hpp"
#include "processes/supply.hpp"
#include "processes/travel_times.hpp"
#include "processes/violence.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"
#include "baseline_jurisdiction.hpp"

namespace pasante {
namespace {

const ModelParameters& baseline() { return test::baseline().parameters; }
using test::baseline_world;

std::unique_ptr<SimulationState> administered(const ModelParameters& p) {
  auto s = std::make_unique<SimulationState>(p, baseline_world(), 1);
  s->clinics.resize(s->world.clinics.size());
  administration::initialise(*s);
  return s;
}

// The baseline with its first administration change `days` after the start.
ModelParameters change_after(SimDay days) {
  ModelParameters p = baseline();
  p.administration.next_change = p.scenario.start.plus_days(days);
  return p;
}

Date ymd(int year, unsigned month, unsigned day) { return Date::from_ymd(year, month, day); }

// Each dispatch adds the cycle's expected need to every clinic's need total
// (even when, under needs_based, a well-stocked clinic is sent nothing).
double need_dispatched_for(const SimulationState& s) {
  double total = 0;
  for (const ClinicState& cs : s.clinics)
    for (double courses : cs.need_courses_total) total += courses;
  return total;
}

// Guards the first change: the configured date when it falls in the run,
// else moved forward by whole terms until it is on or after day 0.
TEST(Administration, FirstChangeIsTheConfiguredDateMovedForwardByWholeTerms) {
  ModelParameters p = baseline();
  ASSERT_EQ(p.scenario.start, ymd(2022, 2, 1));
  auto s = administered(p);
  EXPECT_EQ(s->administration.next_change, s->calendar.day_of(ymd(2024, 10, 1)));
  EXPECT_EQ(s->administration.changes, 0);
  EXPECT_EQ(s->administration.budget_multiplier, 1.0);
  EXPECT_EQ(s->administration.disruption_until, -1);

  p.administration.term_years = 6;
  p.administration.next_change = ymd(2010, 10, 1);  // 2016 is still before the start; 2022 is not
  EXPECT_EQ(administered(p)->administration.next_change, s->calendar.day_of(ymd(2022, 10, 1)));
  p.administration.next_change = ymd(2016, 2, 1);  // one term later is the start day itself
  EXPECT_EQ(administered(p)->administration.next_change, 0);
  p.administration.term_years = 4;
  p.administration.next_change = ymd(2005, 3, 1);  // 2009, 2013, 2017, 2021 before; 2025 on or after
  EXPECT_EQ(administered(p)->administration.next_change, s->calendar.day_of(ymd(2025, 3, 1)));
}

// Guards the schedule: changes happen on their day and on no other, once a
// term, each scheduling the next one term later.
TEST(Administration, ChangesComeOnceATermOnTheirDate) {
  ModelParameters p = baseline();
  p.administration.next_change = ymd(2022, 10, 1);
  p.administration.term_years = 2;
  auto state = administered(p);
  SimulationState& s = *state;
  std::vector<SimDay> change_days;
  for (SimDay d = 0; d < s.calendar.day_of(ymd(2029, 1, 1)); ++d) {
    const std::int32_t before = s.administration.changes;
    administration::run(s, d);
    if (s.administration.changes == before) continue;
    EXPECT_EQ(s.administration.changes, before + 1);
    change_days.push_back(d);
    const Date on = s.calendar.date_of(d);
    EXPECT_EQ(s.administration.next_change, s.calendar.day_of(ymd(on.year() + 2, on.month(), on.day_of_month())));
  }
  std::vector<SimDay> expected;
  for (int year : {2022, 2024, 2026, 2028}) expected.push_back(s.calendar.day_of(ymd(year, 10, 1)));
  EXPECT_EQ(change_days, expected);
}

// Guards the day of the month: a change configured on 29 February falls on
// the 28th in common years and on the 29th again in leap years (no drift to
// the 28th), and one on the 31st stays on the 31st.
TEST(Administration, ChangesKeepTheConfiguredDayOfTheMonth) {
  ModelParameters p = baseline();
  p.administration.term_years = 1;
  p.administration.next_change = ymd(2024, 2, 29);
  auto state = administered(p);
  SimulationState& s = *state;
  std::vector<Date> dates;
  for (SimDay d = 0; d < s.calendar.day_of(ymd(2029, 1, 1)); ++d) {
    const std::int32_t before = s.administration.changes;
    administration::run(s, d);
    if (s.administration.changes != before) dates.push_back(s.calendar.date_of(d));
  }
  EXPECT_EQ(dates, (std::vector<Date>{ymd(2024, 2, 29), ymd(2025, 2, 28), ymd(2026, 2, 28), ymd(2027, 2, 28),
                                      ymd(2028, 2, 29)}));
  p.administration.next_change = ymd(2021, 12, 31);  // before the start: moved forward a term
  EXPECT_EQ(administered(p)->administration.next_change, s.calendar.day_of(ymd(2022, 12, 31)));
}

// Guards the disruption: shipments due during the pause (from the change
// day for disruption_days days) are not dispatched, those already on the
// road still arrive, and dispatch resumes on the first shipment day after
// it. With the independent authority nothing pauses.
TEST(Administration, AChangePausesShipmentsForTheDisruptionDays) {
  for (const bool authority : {false, true}) {
    SCOPED_TRACE(authority ? "independent authority" : "no authority");
    ModelParameters p = change_after(31);  // the day after a shipment day: trucks are on the road
    p.administration.disruption_days = 90;  // through day 120
    p.policy.supply_interval_days = 30;
    p.policy.independent_authority = authority;
    auto state = administered(p);
    SimulationState& s = *state;
    s.locality_curfew_until.assign(s.world.localities.size(), -1);
    build_population(s);
    violence::initialise(s);
    for (auto& v : s.violence) v.intensity = 0;  // no robbery: every truck arrives
    supply::initialise(s);
    travel_times::initialise(s);
    clinic_routes::initialise(s);
    std::vector<SimDay> dispatch_days;
    std::int64_t arrived_during_the_pause = 0;
    for (SimDay d = 0; d <= 180; ++d) {
      const double need_before = need_dispatched_for(s);
      const std::int64_t delivered_before = s.shipments_delivered;
      administration::run(s, d);
      supply::run(s, d);
      if (need_dispatched_for(s) > need_before) dispatch_days.push_back(d);
      if (d >= 31 && d <= 120) arrived_during_the_pause += s.shipments_delivered - delivered_before;
    }
    EXPECT_EQ(s.administration.changes, 1);
    if (authority) {
      EXPECT_EQ(s.administration.disruption_until, -1);
      EXPECT_EQ(dispatch_days, (std::vector<SimDay>{0, 30, 60, 90, 120, 150, 180}));
    } else {
      EXPECT_EQ(s.administration.disruption_until, 120);
      EXPECT_EQ(dispatch_days, (std::vector<SimDay>{0, 30, 150, 180}));
    }
    EXPECT_EQ(arrived_during_the_pause, static_cast<std::int64_t>(s.world.clinics.size()) * (authority ? 3 : 1));
  }
}

// Guards the authority's guarantee against a control: with every draw set
// to change things (rule change certain, wide budget spread), a change
// without the authority alters the rule, the stipends, the budget and
// pauses shipments; with it the change is counted and scheduled but policy
// carries over untouched.
TEST(Administration, AnIndependentAuthorityKeepsPolicyUnchanged) {
  for (const bool authority : {false, true}) {
    SCOPED_TRACE(authority ? "independent authority" : "no authority");
    ModelParameters p = change_after(10);
    p.administration.rule_change_probability = 1;
    p.administration.budget_multiplier_sd = 1;
    p.policy.independent_authority = authority;
    auto state = administered(p);
    SimulationState& s = *state;
    administration::run(s, 10);
    EXPECT_EQ(s.administration.changes, 1);
    // Day 10 is 11 February 2022; the next change comes one term later.
    EXPECT_EQ(s.administration.next_change,
              s.calendar.day_of(ymd(2022 + static_cast<int>(p.administration.term_years), 2, 11)));
    if (authority) {
      EXPECT_EQ(s.params.policy.allocation, p.policy.allocation);
      EXPECT_EQ(s.params.policy.stipend_mxn, p.policy.stipend_mxn);
      EXPECT_EQ(s.administration.budget_multiplier, 1.0);
      EXPECT_EQ(s.administration.disruption_until, -1);
    } else {
      EXPECT_NE(s.params.policy.allocation, p.policy.allocation);
      EXPECT_NE(s.params.policy.stipend_mxn, p.policy.stipend_mxn);
      EXPECT_NE(s.administration.budget_multiplier, 1.0);
      EXPECT_EQ(s.administration.disruption_until, 10 + p.administration.disruption_days - 1);
    }
  }
}

// Guards supply::rule_in_force: the authority imposes needs_based whatever
// rule the policy names; without it the policy's rule is in force.
TEST(Administration, TheIndependentAuthorityForcesNeedsBasedAllocation) {
  auto state = administered(baseline());
  SimulationState& s = *state;
  for (const AllocationRule rule :
       {AllocationRule::fixed_basket, AllocationRule::reported_consumption, AllocationRule::needs_based}) {
    s.params.policy.allocation = rule;
    s.params.policy.independent_authority = false;
    EXPECT_EQ(supply::rule_in_force(s), rule);
    s.params.policy.independent_authority = true;
    EXPECT_EQ(supply::rule_in_force(s), AllocationRule::needs_based);
  }
}

double mean(const std::vector<double>& x) {
  double sum = 0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

double sample_variance(const std::vector<double>& x) {
  const double m = mean(x);
  double sum = 0;
  for (double v : x) sum += (v - m) * (v - m);
  return sum / static_cast<double>(x.size() - 1);
}

// Guards the new administration's draws, over one change under each of 400
// seeds, against ODD §7.3 with tolerances of four standard errors: the log
// budget multiplier is redrawn as N(0, budget_multiplier_sd), whatever the
// outgoing administration's was; the rule changes with
// rule_change_probability, always to another rule, each of the two with
// probability 1/2; every stipend is multiplied by one factor (to the peso)
// whose log is N(0, 0.15).
TEST(Administration, NewAdministrationsDrawTheirChoicesAsDocumented) {
  constexpr int kSeeds = 400;
  const ModelParameters p = change_after(10);
  const double budget_sd = p.administration.budget_multiplier_sd, rule_p = p.administration.rule_change_probability;
  ASSERT_GT(budget_sd, 0.0);
  ASSERT_GT(rule_p, 0.0);
  ASSERT_LT(rule_p, 1.0);
  auto state = administered(p);
  SimulationState& s = *state;
  const AdministrationState fresh = s.administration;
  const int current = static_cast<int>(p.policy.allocation);
  std::vector<double> log_budget, log_stipend;
  int rule_changes = 0, to_next_rule = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    s.seed = static_cast<std::uint64_t>(seed);
    s.params = p;
    s.administration = fresh;
    s.administration.budget_multiplier = 3.0;  // the outgoing administration's: redrawn, not compounded
    administration::run(s, 10);
    log_budget.push_back(std::log(s.administration.budget_multiplier));
    const int rule = static_cast<int>(s.params.policy.allocation);
    if (rule != current) {
      ++rule_changes;
      to_next_rule += rule == (current + 1) % 3;
    }
    // One factor for every category: the ratios agree to the rounding.
    const auto& before = p.policy.stipend_mxn;
    const auto& after = s.params.policy.stipend_mxn;
    const int largest = static_cast<int>(ServiceCategory::CC);
    ASSERT_GT(before[largest], 0.0);
    for (int k = 0; k < kCategoryCount; ++k) {
      ASSERT_EQ(after[k], std::round(after[k])) << "category " << kCategoryNames[k] << ", seed " << seed;
      ASSERT_NEAR(after[k] / before[k], after[largest] / before[largest], 0.5 / before[k] + 0.5 / before[largest])
          << "category " << kCategoryNames[k] << ", seed " << seed;
    }
    log_stipend.push_back(std::log(after[largest] / before[largest]));
  }
  const double n = kSeeds;
  EXPECT_NEAR(mean(log_budget), 0.0, 4 * budget_sd / std::sqrt(n));
  EXPECT_NEAR(sample_variance(log_budget), budget_sd * budget_sd, 4 * budget_sd * budget_sd * std::sqrt(2 / (n - 1)));
  EXPECT_NEAR(rule_changes / n, rule_p, 4 * std::sqrt(rule_p * (1 - rule_p) / n));
  ASSERT_GT(rule_changes, 0);
  EXPECT_NEAR(static_cast<double>(to_next_rule) / rule_changes, 0.5, 4 * std::sqrt(0.25 / rule_changes));
  constexpr double kStipendSd = 0.15;  // written into the code (ODD §7.3)
  EXPECT_NEAR(mean(log_stipend), 0.0, 4 * kStipendSd / std::sqrt(n));
  EXPECT_NEAR(sample_variance(log_stipend), kStipendSd * kStipendSd, 4 * kStipendSd * kStipendSd * std::sqrt(2 / (n - 1)));
}

}  // namespace
}  // namespace pasante
