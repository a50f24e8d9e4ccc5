#include "processes/clinic_routes.hpp"

namespace pasante::clinic_routes {

namespace {

// Pair ids in the book: 2c is clinic c's hospital route, 2c + 1 its warehouse
// route; after the clinics', 2C + h is hospital h's supply route.
RouteBook::PairId hospital_pair(ClinicId c) { return 2 * c; }
RouteBook::PairId warehouse_pair(ClinicId c) { return 2 * c + 1; }
RouteBook::PairId hospital_supply_pair(const SimulationState& s, std::uint32_t h) {
  return static_cast<RouteBook::PairId>(2 * s.world.clinics.size() + h);
}

}  // namespace

void initialise(SimulationState& s) {
  s.clinic_routes = RouteBook();
  for (ClinicId c = 0; c < s.world.clinics.size(); ++c) {
    s.clinic_routes.add(s.hospital_vertex_of(c), s.world.clinics[c].vertex);
    s.clinic_routes.add(s.warehouse_vertex_of(c), s.world.clinics[c].vertex);
  }
  for (const Hospital& h : s.world.hospitals) s.clinic_routes.add(s.world.warehouses[h.warehouse], h.vertex);
  s.arena.execute([&] { s.clinic_routes.initialise(s.world.roads, 0); });
  s.clinic_routes_version = s.closure_version;
}

void refresh(SimulationState& s, SimDay day) {
  if (s.closure_version == s.clinic_routes_version) return;
  s.clinic_routes_version = s.closure_version;
  s.arena.execute([&] {
    s.clinic_routes.closures_changed(s.world.roads, day, s.world.roads.last_changes());
    s.clinic_routes.refresh_stale(s.world.roads, day);
  });
}

bool hospital_reachable(const SimulationState& s, ClinicId c) { return s.clinic_routes.reachable(hospital_pair(c)); }

const Route& hospital_route(SimulationState& s, ClinicId c, SimDay day) {
  return s.clinic_routes.route(s.world.roads, hospital_pair(c), day);
}

const Route& warehouse_route(SimulationState& s, ClinicId c, SimDay day) {
  return s.clinic_routes.route(s.world.roads, warehouse_pair(c), day);
}

const Route& hospital_supply_route(SimulationState& s, std::uint32_t hospital, SimDay day) {
  return s.clinic_routes.route(s.world.roads, hospital_supply_pair(s, hospital), day);
}

}  // namespace pasante::clinic_routes
