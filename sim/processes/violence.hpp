// Violence (MODEL.md §5.5): a self-exciting (Hawkes) process per
// municipality, spilling over to neighbours along the roads, with six event
// types and their immediate effects. Harassment of interns is in interns.cpp.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::violence {

void initialise(SimulationState& s);
void run(SimulationState& s, SimDay day);

// An intern living through a violent event: security falls, stress rises.
void expose_intern(SimulationState& s, std::int32_t intern, double security_loss, double severity);

}  // namespace pasante::violence
