#include "processes/administration.hpp"

#include <cmath>

namespace pasante::administration {

namespace {

SimDay add_years(const SimulationCalendar& cal, SimDay day, std::int64_t years) {
  const Date d = cal.date_of(day);
  return cal.day_of(Date::from_ymd(d.year() + static_cast<int>(years), d.month(), std::min(d.day_of_month(), 28u)));
}

}  // namespace

void initialise(SimulationState& s) {
  SimDay next = s.calendar.day_of(s.params.administration.next_change);
  while (next < 0) next = add_years(s.calendar, next, s.params.administration.term_years);
  s.administration = AdministrationState{.budget_multiplier = 1.0, .next_change = next};
}

void run(SimulationState& s, SimDay day) {
  auto& a = s.administration;
  if (day != a.next_change) return;
  const auto& p = s.params.administration;
  a.next_change = add_years(s.calendar, day, p.term_years);
  ++a.changes;
  if (s.params.policy.independent_authority) return;  // policy carries over unchanged
  RandomStream rs = s.stream(StreamId::administration, static_cast<std::uint64_t>(a.changes), day);
  a.budget_multiplier *= std::exp(rs.normal(0.0, p.budget_multiplier_sd));
  if (rs.bernoulli(p.rule_change_probability)) {
    const auto current = static_cast<int>(s.params.policy.allocation);
    s.params.policy.allocation = static_cast<AllocationRule>((current + 1 + static_cast<int>(rs.below(2))) % 3);
  }
  const double stipend_change = std::exp(rs.normal(0.0, 0.15));
  for (double& stipend : s.params.policy.stipend_mxn) stipend = std::round(stipend * stipend_change);
  a.disruption_until = day + static_cast<SimDay>(p.disruption_days) - 1;
}

}  // namespace pasante::administration
