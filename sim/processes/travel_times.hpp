// Today's travel minutes from each locality to its clinic. A clinic's search
// reaches a fixed area (its cutoff on open roads); when roads open or close,
// only the clinics whose area holds a changed road are searched again
// (Dijkstra, in parallel), which gives exactly what a full recomputation would.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::travel_times {

// Computes every clinic's search area and today's minutes.
void initialise(SimulationState& s);
void refresh(SimulationState& s, SimDay day);

}  // namespace pasante::travel_times
