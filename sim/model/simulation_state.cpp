#include "model/simulation_state.hpp"

namespace pasante {

bool SimulationState::working_day(ClinicId c, SimDay day) const {
  const Weekday wd = calendar.weekday(day);
  if (wd == Weekday::Sunday) return false;
  if (wd == Weekday::Saturday) return params.care.opens_saturday[static_cast<int>(world.clinics[c].category)];
  return true;
}

double SimulationState::working_days_per_month(ClinicId c) const {
  return params.care.opens_saturday[static_cast<int>(world.clinics[c].category)] ? 26.0 : 21.7;
}

}  // namespace pasante
