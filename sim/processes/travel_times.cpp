#include "processes/travel_times.hpp"

#include "processes/catchment_parallel.hpp"

namespace pasante::travel_times {

void refresh(SimulationState& s, SimDay day) {
  const std::uint64_t version = s.world.roads.closure_version(day);
  if (version == s.closure_version && !s.locality_minutes_today.empty()) return;
  s.closure_version = version;
  s.locality_minutes_today.resize(s.world.localities.size());
  for_each_catchment(s, [&](ClinicId c) {
    const Clinic& clinic = s.world.clinics[c];
    // Catchment members never lie beyond a few times their usual distance.
    float cutoff = 60.0f;
    for (LocalityId l : clinic.catchment) cutoff = std::max(cutoff, 4.0f * s.world.localities[l].minutes_to_clinic);
    const std::vector<float> minutes = s.world.roads.minutes_from(clinic.vertex, day, cutoff);
    for (LocalityId l : clinic.catchment) s.locality_minutes_today[l] = minutes[s.world.localities[l].vertex];
  });
}

}  // namespace pasante::travel_times
