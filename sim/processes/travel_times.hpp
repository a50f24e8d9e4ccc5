// Today's travel minutes from each locality to its clinic, recomputed
// (Dijkstra per clinic, in parallel) only on days when the set of closed
// roads changes.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::travel_times {

void refresh(SimulationState& s, SimDay day);

}  // namespace pasante::travel_times
