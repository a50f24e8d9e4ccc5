// Administrations (MODEL.md §5.9): every term a new federal administration
// redraws the medicine budget, may change the allocation rule and stipends,
// and pauses shipments during the transition, unless an independent health
// authority holds policy steady.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::administration {

void initialise(SimulationState& s);
void run(SimulationState& s, SimDay day);

}  // namespace pasante::administration
