// Danger on the roads: a route is as dangerous as the most violent
// municipality it crosses today (MODEL.md §5.5: supplies, supervisors and
// interns travel along roads whose danger they are exposed to).
#pragma once
#include "model/simulation_state.hpp"

namespace pasante {

double road_danger(const SimulationState& s, RoadId road);
double route_danger(const SimulationState& s, const Route& route);

}  // namespace pasante
