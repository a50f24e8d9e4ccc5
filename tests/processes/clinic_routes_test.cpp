// Clinic routes kept across days (sim/processes/clinic_routes.cpp) under the
// model's own violence: days of Hawkes events on the Nuevo León network, with
// their checkpoints and curfews, and after each day's refresh every clinic's
// hospital and warehouse route is what a fresh search on that day's roads
// finds (same minutes; open roads joining hub to clinic).
#include "processes/clinic_routes.hpp"

#include <gtest/gtest.h>

#include <string>

#include "processes/travel_times.hpp"
#include "processes/violence.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace pasante {
namespace {

void expect_same_as_a_fresh_search(const RoadNetwork& roads, const Route& kept, VertexId hub, VertexId clinic, SimDay day,
                                   const char* what) {
  const Route fresh = roads.shortest_route(hub, clinic, day);
  ASSERT_EQ(kept.reachable(), fresh.reachable()) << what << " route, day " << day;
  if (!fresh.reachable()) return;
  ASSERT_NEAR(kept.minutes, fresh.minutes, 1e-3) << what << " route, day " << day;
  VertexId at = hub;
  for (const RoadId r : kept.roads) {
    ASSERT_FALSE(roads.is_closed(r, day)) << what << " route uses a closed road, day " << day;
    at = roads.road(r).from == at ? roads.road(r).to : roads.road(r).from;
  }
  ASSERT_EQ(at, clinic) << what << " route, day " << day;
}

TEST(ClinicRoutes, EqualFreshSearchesUnderTheModelsViolence) {
  const Scenario scenario = load_scenario(std::string(PASANTE_SOURCE_DIR) + "/scenarios/nuevo_leon.yaml");
  ModelParameters p = scenario.parameters;
  p.violence.intensity_multiplier = 3;  // more closures, more to get wrong
  SimulationState s(p, build_world_for(p), 2);
  s.clinics.resize(s.world.clinics.size());
  s.locality_curfew_until.assign(s.world.localities.size(), -1);
  violence::initialise(s);
  travel_times::initialise(s);
  clinic_routes::initialise(s);
  std::int64_t cut_off = 0, searched_days = 0;
  for (SimDay day = 0; day < 90; ++day) {
    violence::run(s, day);
    travel_times::refresh(s, day);
    const auto before = s.clinic_routes.searches();
    clinic_routes::refresh(s, day);
    searched_days += s.clinic_routes.searches() > before;
    for (ClinicId c = 0; c < s.world.clinics.size(); ++c) {
      const VertexId clinic = s.world.clinics[c].vertex;
      const Route& hospital = clinic_routes::hospital_route(s, c, day);
      ASSERT_EQ(clinic_routes::hospital_reachable(s, c), hospital.reachable());
      expect_same_as_a_fresh_search(s.world.roads, hospital, s.hospital_vertex_of(c), clinic, day, "hospital");
      expect_same_as_a_fresh_search(s.world.roads, clinic_routes::warehouse_route(s, c, day), s.warehouse_vertex_of(c),
                                    clinic, day, "warehouse");
      cut_off += !hospital.reachable();
    }
  }
  // The violence did cut clinics off and did make routes search again.
  EXPECT_GT(cut_off, 0);
  EXPECT_GT(searched_days, 0);
}

}  // namespace
}  // namespace pasante
