#include "processes/clinic_routes.hpp"

namespace pasante::clinic_routes {

namespace {

// Pair ids in the book: 2c is clinic c's hospital route, 2c + 1 its warehouse route.
RouteBook::PairId hospital_pair(ClinicId c) { return 2 * c; }
RouteBook::PairId warehouse_pair(ClinicId c) { return 2 * c + 1; }

}  // namespace

void initialise(SimulationState& s) {
  s.clinic_routes = RouteBook();
  for (ClinicId c = 0; c < s.world.clinics.size(); ++c) {
    s.clinic_routes.add(s.hospital_vertex_of(c), s.world.clinics[c].vertex);
    s.clinic_routes.add(s.warehouse_vertex_of(c), s.world.clinics[c].vertex);
  }
  s.arena.execute([&] { s.clinic_routes.initialise(s.world.roads, 0); });
  s.clinic_routes_version = s.closure_version;
}

void refresh(SimulationState& s, SimDay day) {
  if (s.closure_version == s.clinic_routes_version) return;
  s.clinic_routes_version = s.closure_version;
  s.clinic_routes.closures_changed(s.world.roads, day, s.world.roads.last_changes());
  s.arena.execute([&] { s.clinic_routes.refresh_stale(s.world.roads, day); });
}

bool hospital_reachable(const SimulationState& s, ClinicId c) { return s.clinic_routes.reachable(hospital_pair(c)); }

const Route& hospital_route(SimulationState& s, ClinicId c, SimDay day) {
  return s.clinic_routes.route(s.world.roads, hospital_pair(c), day);
}

const Route& warehouse_route(SimulationState& s, ClinicId c, SimDay day) {
  return s.clinic_routes.route(s.world.roads, warehouse_pair(c), day);
}

}  // namespace pasante::clinic_routes
