#include "processes/calendar_policy.hpp"

#include "processes/administration.hpp"
#include "processes/assignment.hpp"

namespace pasante::calendar_policy {

void run(SimulationState& s, const std::vector<Intervention>& interventions, SimDay day) {
  for (const Intervention& i : interventions)
    if (i.day == day) apply_settings(s.params, i.changes);
  administration::run(s, day);
  // The run opens with a cohort in place; later cohorts fill the vacant places.
  if (day == 0 || s.calendar.is_cohort_start(day)) assignment::start_cohort(s, day);
  // Interns' stipends follow the policy in force.
  for (Intern& in : s.interns)
    if (in.serving()) in.stipend_mxn = s.params.policy.stipend_mxn[static_cast<int>(in.category)];
}

}  // namespace pasante::calendar_policy
