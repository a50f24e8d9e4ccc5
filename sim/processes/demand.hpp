// Care needs and care seeking (MODEL.md §5.2): the needs that fall due today
// in each catchment's calendar become visits at the clinic, or hidden unmet
// need with its reason.
#pragma once
#include <cmath>

#include "model/simulation_state.hpp"

namespace pasante::demand {

void run(SimulationState& s, SimDay day);

// Probability that a resident with a need goes to the clinic.
double seek_probability(double trust, double minutes, bool extreme_poor, double severity_factor,
                        const DemandParameters& p);
// The same from the trip's access factor exp(-minutes / travel_scale_minutes)
// (travel_access(), kept per locality in SimulationState::locality_access_today).
double seek_probability_from_access(double trust, double access, bool extreme_poor, double severity_factor,
                                    const DemandParameters& p);
inline double travel_access(double minutes, double travel_scale_minutes) { return std::exp(-minutes / travel_scale_minutes); }

}  // namespace pasante::demand
