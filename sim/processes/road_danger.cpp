#include "processes/road_danger.hpp"

#include <algorithm>

namespace pasante {

double road_danger(const SimulationState& s, RoadId road) {
  const auto m = s.world.roads.road(road).municipality;
  return s.violence[m].intensity * s.params.violence.road_risk_per_level;
}

double route_danger(const SimulationState& s, const Route& route) {
  double danger = 0;
  for (RoadId r : route.roads) danger = std::max(danger, road_danger(s, r));
  return danger;
}

}  // namespace pasante
