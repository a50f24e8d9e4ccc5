// Each clinic's road to its hospital and to its warehouse, and each
// hospital's road from its warehouse, on today's open roads. Supply trucks,
// referred patients, supervisors and interns all travel these (MODEL.md
// §5.3–5.7); the routes are kept in a
// RouteBook and searched again only when a closure or reopening could change
// them (sim/world/route_book.hpp explains why that is exact).
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::clinic_routes {

// Registers every clinic's two routes and finds them on day 0.
void initialise(SimulationState& s);
// Marks stale the routes today's closures and reopenings could change and
// searches them again (hubs in parallel), so the serial phases that travel
// them find them ready. Runs after travel_times::refresh(), which reads the
// network's closure version.
void refresh(SimulationState& s, SimDay day);

// Whether the clinic's hospital can be reached on today's roads (no search).
bool hospital_reachable(const SimulationState& s, ClinicId c);

// Routes run from the hospital (or warehouse) to the clinic; roads are undirected.
const Route& hospital_route(SimulationState& s, ClinicId c, SimDay day);
const Route& warehouse_route(SimulationState& s, ClinicId c, SimDay day);

// A hospital's supply route from its warehouse, which its restocks travel.
const Route& hospital_supply_route(SimulationState& s, std::uint32_t hospital, SimDay day);

}  // namespace pasante::clinic_routes
