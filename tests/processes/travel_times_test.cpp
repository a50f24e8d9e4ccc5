// Closed roads in the world of the real baseline (southern Nuevo León):
// routes go around a closed road or become unreachable while it is closed,
// and today's travel minutes from each locality to its clinic follow the
// closures and recover when the roads reopen.
#include "processes/travel_times.hpp"
#include "processes/demand.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "core/text_source.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace pasante {
namespace {

const Scenario& baseline() {
  static const Scenario s = load_scenario(std::string(kDefaultScenario));
  return s;
}

World baseline_world() {
  const auto& p = baseline().parameters;
  return build_world(p.world, p.violence.crime_year, static_cast<std::uint64_t>(p.scenario.seed));
}

void close_vertex(RoadNetwork& roads, VertexId v, SimDay until) {
  for (RoadId r : roads.roads_at(v)) roads.close_road(r, until);
}

TEST(BaselineRoads, EveryClinicIsReachableFromTheHospitalOnOpenRoads) {
  const World w = baseline_world();
  ASSERT_GT(w.clinics.size(), 5u);
  const std::vector<float> m = w.roads.minutes_from(w.hospital_vertex, 0);
  for (ClinicId c = 0; c < w.clinics.size(); ++c) {
    EXPECT_TRUE(std::isfinite(m[w.clinics[c].vertex])) << "clinic " << c;
    EXPECT_NEAR(m[w.clinics[c].vertex], w.clinics[c].minutes_to_hospital, 1e-3) << "clinic " << c;
  }
}

TEST(BaselineRoads, ClosingEveryRoadAtAClinicCutsItOffUntilTheyReopen) {
  const World w = baseline_world();
  int tested = 0;
  for (ClinicId c = 0; c < w.clinics.size(); ++c) {
    const VertexId v = w.clinics[c].vertex;
    if (v == w.hospital_vertex) continue;
    RoadNetwork roads = w.roads;  // a fresh copy per clinic
    const float open = roads.minutes_from(w.hospital_vertex, 0)[v];
    ASSERT_TRUE(std::isfinite(open));
    ASSERT_FALSE(roads.roads_at(v).empty());
    close_vertex(roads, v, 10);  // closed through day 10
    EXPECT_EQ(roads.minutes_from(w.hospital_vertex, 5)[v], kUnreachable) << "clinic " << c;
    EXPECT_EQ(roads.minutes_from(w.hospital_vertex, 10)[v], kUnreachable) << "clinic " << c;
    EXPECT_FALSE(roads.shortest_route(w.hospital_vertex, v, 5).reachable());
    EXPECT_FALSE(roads.shortest_route(w.warehouse_vertex, v, 5).reachable());
    EXPECT_FLOAT_EQ(roads.minutes_from(w.hospital_vertex, 11)[v], open) << "clinic " << c;
    EXPECT_TRUE(roads.shortest_route(w.warehouse_vertex, v, 11).reachable());
    ++tested;
  }
  EXPECT_GT(tested, 5);
}

TEST(BaselineRoads, ARouteGoesAroundAClosedRoadWhereThereIsAnotherWay) {
  const World w = baseline_world();
  int rerouted = 0, cut = 0;
  for (ClinicId c = 0; c < w.clinics.size(); ++c) {
    const VertexId v = w.clinics[c].vertex;
    const Route open = w.roads.shortest_route(w.hospital_vertex, v, 0);
    ASSERT_TRUE(open.reachable());
    for (RoadId r : open.roads) {
      RoadNetwork roads = w.roads;  // a fresh copy: closures only lengthen
      roads.close_road(r, 3);
      const Route detour = roads.shortest_route(w.hospital_vertex, v, 2);
      if (!detour.reachable()) {
        ++cut;  // a bridge: the only way in
        continue;
      }
      ++rerouted;
      EXPECT_GE(detour.minutes, open.minutes) << "clinic " << c << " road " << r;
      EXPECT_EQ(std::count(detour.roads.begin(), detour.roads.end(), r), 0) << "clinic " << c << " road " << r;
      // The detour's minutes are the sum of its roads, none of them closed.
      float sum = 0;
      for (RoadId d : detour.roads) {
        EXPECT_FALSE(roads.is_closed(d, 2));
        sum += roads.road(d).minutes;
      }
      EXPECT_NEAR(sum, detour.minutes, 1e-2);
      // Reopened on day 4: the original route again.
      EXPECT_FLOAT_EQ(roads.shortest_route(w.hospital_vertex, v, 4).minutes, open.minutes);
    }
  }
  EXPECT_GT(rerouted, 0) << "no road on any hospital-clinic route has an alternative";
  RecordProperty("rerouted", rerouted);
  RecordProperty("cut", cut);
}

// The simulation's own travel-time refresh (run after the violence phase):
// a catchment locality whose roads are all closed is unreachable on those
// days (its needs count as hidden for "road closed") and gets its usual
// minutes back once the roads reopen.
TEST(BaselineTravelTimes, FollowClosuresAndRecoverWhenRoadsReopen) {
  SimulationState s(baseline().parameters, baseline_world(), 1);
  s.clinics.resize(s.world.clinics.size());
  travel_times::initialise(s);
  ASSERT_EQ(s.locality_minutes_today.size(), s.world.localities.size());
  const std::vector<float> usual = s.locality_minutes_today;
  for (const Clinic& clinic : s.world.clinics) {
    EXPECT_EQ(usual[clinic.locality], 0.0f);
    for (LocalityId l : clinic.catchment) {
      EXPECT_TRUE(std::isfinite(usual[l]));
      EXPECT_NEAR(usual[l], s.world.localities[l].minutes_to_clinic, 1e-3);
    }
  }

  // A clinic with at least two localities; cut off its second one through day 3.
  ClinicId c = kNone;
  for (ClinicId k = 0; k < s.world.clinics.size() && c == kNone; ++k)
    if (s.world.clinics[k].catchment.size() >= 2) c = k;
  ASSERT_NE(c, kNone);
  const LocalityId cut = s.world.clinics[c].catchment[1];
  close_vertex(s.world.roads, s.world.localities[cut].vertex, 3);

  travel_times::refresh(s, 1);  // closed from now through day 3
  EXPECT_EQ(s.locality_minutes_today[cut], kUnreachable);
  travel_times::refresh(s, 3);
  EXPECT_EQ(s.locality_minutes_today[cut], kUnreachable);
  EXPECT_EQ(s.locality_minutes_today[s.world.clinics[c].locality], 0.0f);
  travel_times::refresh(s, 4);  // reopened
  EXPECT_EQ(s.locality_minutes_today, usual);
}

// Under a stream of checkpoints and curfews, the refreshed minutes (which
// search again only around roads that changed) always equal a full
// recomputation: every clinic's own search on that day's roads.
TEST(BaselineTravelTimes, IncrementalRefreshEqualsAFullRecomputation) {
  SimulationState s(baseline().parameters, baseline_world(), 2);
  s.clinics.resize(s.world.clinics.size());
  travel_times::initialise(s);
  const std::vector<float> usual = s.locality_minutes_today;
  ASSERT_EQ(s.clinic_route_cutoff.size(), s.world.clinics.size());
  std::mt19937 gen(20220201);  // raw outputs only: the same sequence everywhere
  const std::uint32_t roads = s.world.roads.road_count();
  const auto localities = static_cast<std::uint32_t>(s.world.localities.size());
  std::int64_t changed = 0, unreachable = 0, compared = 0;
  for (SimDay day = 1; day <= 150; ++day) {
    // Zero to three checkpoints a day, one to three days long.
    for (std::uint32_t k = gen() % 4; k > 0; --k) s.world.roads.close_road(gen() % roads, day + static_cast<SimDay>(gen() % 3));
    // Now and then every road at one locality (a curfew-like cut).
    if (day % 9 == 0) close_vertex(s.world.roads, s.world.localities[gen() % localities].vertex, day + static_cast<SimDay>(gen() % 2));
    travel_times::refresh(s, day);
    for (ClinicId c = 0; c < s.world.clinics.size(); ++c) {
      const Clinic& clinic = s.world.clinics[c];
      const std::vector<float> full = s.world.roads.minutes_from(clinic.vertex, day, s.clinic_route_cutoff[c]);
      for (LocalityId l : clinic.catchment) {
        const float expected = full[s.world.localities[l].vertex];
        ASSERT_EQ(s.locality_minutes_today[l], expected) << "day " << day << ", clinic " << c << ", locality " << l;
        ASSERT_EQ(s.locality_access_today[l], demand::travel_access(expected, s.params.demand.travel_scale_minutes));
        ++compared;
        changed += expected != usual[l];
        unreachable += expected == kUnreachable;
      }
    }
  }
  // The closures did change some travel times, and cut some places off.
  EXPECT_GT(changed, 0);
  EXPECT_GT(unreachable, 0);
  RecordProperty("compared", static_cast<int>(compared));
  RecordProperty("changed", static_cast<int>(changed));
}

}  // namespace
}  // namespace pasante
