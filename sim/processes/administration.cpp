#include "processes/administration.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace pasante::administration {

namespace {

// The same month `years` later, on the configured change's day of the month
// (the month's last day when it is shorter: 29 February in a common year).
SimDay add_years(const SimulationState& s, SimDay day, std::int64_t years) {
  const Date d = s.calendar.date_of(day);
  const int year = d.year() + static_cast<int>(years);
  const unsigned last = static_cast<unsigned>(
      std::chrono::year_month_day_last(std::chrono::year(year) / std::chrono::month(d.month()) / std::chrono::last).day());
  const unsigned wanted = s.params.administration.next_change.day_of_month();
  return s.calendar.day_of(Date::from_ymd(year, d.month(), std::min(wanted, last)));
}

}  // namespace

void initialise(SimulationState& s) {
  SimDay next = s.calendar.day_of(s.params.administration.next_change);
  while (next < 0) next = add_years(s, next, s.params.administration.term_years);
  s.administration = AdministrationState{.budget_multiplier = 1.0, .next_change = next};
}

void run(SimulationState& s, SimDay day) {
  auto& a = s.administration;
  if (day != a.next_change) return;
  const auto& p = s.params.administration;
  a.next_change = add_years(s, day, p.term_years);
  ++a.changes;
  if (s.params.policy.independent_authority) return;  // policy carries over unchanged
  RandomStream rs = s.stream(StreamId::administration, static_cast<std::uint64_t>(a.changes), day);
  // Each administration redraws the multiplier (MODEL.md §5.9): its own
  // budget, not a change compounding over the ones before.
  a.budget_multiplier = std::exp(rs.normal(0.0, p.budget_multiplier_sd));
  if (rs.bernoulli(p.rule_change_probability)) {
    const auto current = static_cast<int>(s.params.policy.allocation);
    s.params.policy.allocation = static_cast<AllocationRule>((current + 1 + static_cast<int>(rs.below(2))) % 3);
  }
  const double stipend_change = std::exp(rs.normal(0.0, 0.15));
  for (double& stipend : s.params.policy.stipend_mxn) stipend = std::round(stipend * stipend_change);
  a.disruption_until = day + static_cast<SimDay>(p.disruption_days) - 1;
}

}  // namespace pasante::administration
