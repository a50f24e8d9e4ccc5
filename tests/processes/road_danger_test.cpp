// Danger on the roads (sim/processes/road_danger.cpp, ODD §7.5 "Road
// danger"): a road's danger today is its municipality's violence intensity
// times violence.road_risk_per_level, and a route is as dangerous as the most
// dangerous road it uses, i.e. the most violent municipality it crosses.
// Checked on the baseline world's roads and on every clinic's route from the
// hospital (the routes supervisors, referred patients and interns travel).
#include "processes/road_danger.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <set>
#include <string>

#include "core/text_source.hpp"
#include "processes/clinic_routes.hpp"
#include "processes/violence.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"
#include "baseline_jurisdiction.hpp"

namespace pasante {
namespace {

using test::baseline;
using test::baseline_world;

// The baseline jurisdiction with the violence process initialised (one
// intensity per municipality) and every clinic's hospital route found.
std::unique_ptr<SimulationState> jurisdiction(ModelParameters p = baseline().parameters) {
  auto s = std::make_unique<SimulationState>(std::move(p), baseline_world(), 1);
  s->clinics.resize(s->world.clinics.size());
  s->locality_curfew_until.assign(s->world.localities.size(), -1);
  violence::initialise(*s);
  clinic_routes::initialise(*s);
  return s;
}

// Distinct intensities, 0.01 apart, so a sum, a mean or the wrong
// municipality's value cannot pass for the right one.
void set_distinct_intensities(SimulationState& s) {
  for (MunicipalityId m = 0; m < s.violence.size(); ++m) s.violence[m].intensity = 0.05 + 0.01 * m;
}

std::set<MunicipalityId> municipalities_crossed(const SimulationState& s, const Route& route) {
  std::set<MunicipalityId> crossed;
  for (RoadId r : route.roads) crossed.insert(s.world.roads.road(r).municipality);
  return crossed;
}

// The first clinic whose hospital route crosses at least two municipalities.
ClinicId clinic_crossing_two_municipalities(SimulationState& s) {
  for (ClinicId c = 0; c < s.world.clinics.size(); ++c)
    if (municipalities_crossed(s, clinic_routes::hospital_route(s, c, 0)).size() >= 2) return c;
  return kNone;
}

// Guards the road formula: intensity of the road's own municipality (not
// another one's, not its level) times the risk per level.
TEST(RoadDanger, IsItsMunicipalitysIntensityTimesTheRiskPerLevel) {
  const auto state = jurisdiction();
  SimulationState& s = *state;
  set_distinct_intensities(s);
  const double risk = s.params.violence.road_risk_per_level;
  ASSERT_GT(risk, 0.0);
  ASSERT_GT(s.world.roads.road_count(), 0u);
  for (RoadId r = 0; r < s.world.roads.road_count(); ++r) {
    const MunicipalityId m = s.world.roads.road(r).municipality;
    ASSERT_DOUBLE_EQ(road_danger(s, r), s.violence[m].intensity * risk) << "road " << r;
  }
  // The risk per level scales every road's danger.
  s.params.violence.road_risk_per_level = 2 * risk;
  for (RoadId r = 0; r < s.world.roads.road_count(); ++r) {
    const MunicipalityId m = s.world.roads.road(r).municipality;
    ASSERT_DOUBLE_EQ(road_danger(s, r), s.violence[m].intensity * 2 * risk) << "road " << r;
  }
}

// Guards the route formula: the largest danger among the municipalities the
// route crosses (not a sum over roads, not the clinic's own municipality).
TEST(RoadDanger, ARouteIsAsDangerousAsTheMostViolentMunicipalityItCrosses) {
  const auto state = jurisdiction();
  SimulationState& s = *state;
  set_distinct_intensities(s);
  const double risk = s.params.violence.road_risk_per_level;
  int checked = 0;
  for (ClinicId c = 0; c < s.world.clinics.size(); ++c) {
    const Route& route = clinic_routes::hospital_route(s, c, 0);
    ASSERT_TRUE(route.reachable()) << "clinic " << c;
    double most_violent = 0;
    for (MunicipalityId m : municipalities_crossed(s, route)) most_violent = std::max(most_violent, s.violence[m].intensity);
    EXPECT_DOUBLE_EQ(route_danger(s, route), most_violent * risk) << "clinic " << c;
    checked += !route.roads.empty();
  }
  EXPECT_GT(checked, 10);
}

// Danger grows with the violence of a municipality the route crosses, only
// once that municipality is the route's most violent one; violence in a
// municipality it does not cross changes nothing.
TEST(RoadDanger, GrowsWithTheViolenceOfTheMunicipalitiesCrossedOnly) {
  const auto state = jurisdiction();
  SimulationState& s = *state;
  const ClinicId c = clinic_crossing_two_municipalities(s);
  ASSERT_NE(c, kNone) << "no hospital route crosses two municipalities";
  const Route route = clinic_routes::hospital_route(s, c, 0);
  const std::set<MunicipalityId> crossed = municipalities_crossed(s, route);
  const double risk = s.params.violence.road_risk_per_level;
  for (auto& v : s.violence) v.intensity = 0.1;
  EXPECT_DOUBLE_EQ(route_danger(s, route), 0.1 * risk);

  const MunicipalityId raised = *crossed.begin();
  double before = route_danger(s, route);
  for (double intensity : {0.05, 0.1, 0.2, 0.4, 0.8}) {
    s.violence[raised].intensity = intensity;
    const double danger = route_danger(s, route);
    EXPECT_GE(danger, before) << "intensity " << intensity;
    EXPECT_DOUBLE_EQ(danger, std::max(intensity, 0.1) * risk) << "intensity " << intensity;
    before = danger;
  }
  // A second crossed municipality below the most violent one adds nothing.
  s.violence[*std::next(crossed.begin())].intensity = 0.5;
  EXPECT_DOUBLE_EQ(route_danger(s, route), 0.8 * risk);

  int elsewhere = 0;
  for (MunicipalityId m = 0; m < s.violence.size(); ++m) {
    if (crossed.contains(m)) continue;
    s.violence[m].intensity = 50;
    ++elsewhere;
  }
  ASSERT_GT(elsewhere, 0) << "the route crosses every municipality";
  EXPECT_DOUBLE_EQ(route_danger(s, route), 0.8 * risk);
}

// Guards the zero point: with no violence every road and route is safe, and
// a clinic next to the hospital (an empty route) is safe whatever happens
// elsewhere.
TEST(RoadDanger, ZeroOnRoutesWithNoViolence) {
  const auto state = jurisdiction();
  SimulationState& s = *state;
  for (auto& v : s.violence) v.intensity = 0;
  for (RoadId r = 0; r < s.world.roads.road_count(); ++r) ASSERT_EQ(road_danger(s, r), 0.0) << "road " << r;
  for (ClinicId c = 0; c < s.world.clinics.size(); ++c)
    EXPECT_EQ(route_danger(s, clinic_routes::hospital_route(s, c, 0)), 0.0) << "clinic " << c;
  for (auto& v : s.violence) v.intensity = 3;
  EXPECT_EQ(route_danger(s, Route{.minutes = 0, .roads = {}}), 0.0);
}

// With the violence process's own intensities (base rates from the recorded
// crime), doubling violence.intensity_multiplier doubles every route's
// danger, and the baseline's violence makes some routes dangerous.
TEST(RoadDanger, FollowsTheModelsViolenceIntensity) {
  const auto calm_state = jurisdiction();
  SimulationState& calm = *calm_state;
  ModelParameters doubled = baseline().parameters;
  doubled.violence.intensity_multiplier *= 2;
  const auto violent_state = jurisdiction(doubled);
  SimulationState& violent = *violent_state;
  int dangerous = 0;
  for (ClinicId c = 0; c < calm.world.clinics.size(); ++c) {
    const double danger = route_danger(calm, clinic_routes::hospital_route(calm, c, 0));
    EXPECT_DOUBLE_EQ(route_danger(violent, clinic_routes::hospital_route(violent, c, 0)), 2 * danger) << "clinic " << c;
    dangerous += danger > 0;
  }
  EXPECT_GT(dangerous, 0);
}

}  // namespace
}  // namespace pasante
