// Referrals to the jurisdiction hospital (MODEL.md §5.3): merged from every
// clinic in clinic order at the end of the care phase, then served by the
// hospital, which has its own capacity and stock and can fail them too.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::referrals {

void run(SimulationState& s, SimDay day);

}  // namespace pasante::referrals
