// Creates the residents of every catchment (traits, chronic conditions,
// trust) and schedules each one's first care needs.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante {

void build_population(SimulationState& state);

// Days until a resident's next acute episode (exponential, at least one day).
SimDay next_acute_wait(RandomStream& rs, double rate_per_year);

}  // namespace pasante
