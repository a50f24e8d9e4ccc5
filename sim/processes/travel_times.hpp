// Today's travel minutes from each locality to its clinic. A clinic's search
// reaches a fixed area (its cutoff on open roads); when roads open or close,
// a clinic is searched again (Dijkstra, in parallel) only when a changed road
// lies in its area and either one of the roads its catchment's routes use
// closed, or a road reopened while one of those routes is a detour. Anything
// else leaves its minutes as a full recomputation would find them.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::travel_times {

// Computes every clinic's search area and today's minutes.
void initialise(SimulationState& s);
void refresh(SimulationState& s, SimDay day);

}  // namespace pasante::travel_times
