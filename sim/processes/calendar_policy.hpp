// Phase 1 of the day (MODEL.md §3): scheduled interventions take effect, an
// administration may change, and a service cohort may start.
#pragma once
#include <vector>

#include "model/simulation_state.hpp"
#include "scenario/scenario.hpp"

namespace pasante::calendar_policy {

void run(SimulationState& s, const std::vector<Intervention>& interventions, SimDay day);

}  // namespace pasante::calendar_policy
