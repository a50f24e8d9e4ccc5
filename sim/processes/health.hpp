// Health consequences of untreated need (MODEL.md §5.3): chronic conditions
// out of control raise the hazard of complications and death; severe acute
// cases left untreated carry a death risk. Event-driven: evaluated for the
// patients whose needs fell due today, over the days since they were last
// evaluated.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::health {

void run(SimulationState& s, SimDay day);

// Days in [from, to) a chronic condition was out of control, given its last refill.
std::int64_t uncontrolled_days(SimDay from, SimDay to, SimDay last_treated, SimDay controlled_for);

}  // namespace pasante::health
