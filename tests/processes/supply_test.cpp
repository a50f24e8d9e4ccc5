// Mismatch index (1 − cosine similarity of delivered and needed mixes), the
// reported-to-true ratio that distorts consumption-based allocation, and the
// robbery draw's key (common random numbers between policy arms).
#include "processes/supply.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "processes/clinic_routes.hpp"
#include "processes/medicine_stock.hpp"
#include "processes/road_danger.hpp"
#include "processes/travel_times.hpp"
#include "processes/violence.hpp"
#include "baseline_jurisdiction.hpp"

namespace pasante {
namespace {

MedicineUnits mix(std::initializer_list<double> values) {
  MedicineUnits u{};
  int i = 0;
  for (double v : values) u[i++] = v;
  return u;
}

TEST(MismatchIndex, ZeroForTheSameMixAtAnyScale) {
  const MedicineUnits need = mix({10, 2, 30, 40, 25, 8, 3, 5});
  EXPECT_NEAR(supply::mismatch_index(need, need), 0.0, 1e-12);
  MedicineUnits triple = need;
  for (double& x : triple) x *= 3;
  EXPECT_NEAR(supply::mismatch_index(triple, need), 0.0, 1e-12);
}

TEST(MismatchIndex, OneForDisjointMixes) {
  EXPECT_DOUBLE_EQ(supply::mismatch_index(mix({5, 0, 0}), mix({0, 7, 0})), 1.0);
  // Only calcium delivered, only metformin needed (the case study's example).
  MedicineUnits calcium{}, metformin{};
  calcium[static_cast<int>(Medicine::calcium)] = 100;
  metformin[static_cast<int>(Medicine::metformin)] = 50;
  EXPECT_DOUBLE_EQ(supply::mismatch_index(calcium, metformin), 1.0);
}

TEST(MismatchIndex, KnownAngles) {
  EXPECT_NEAR(supply::mismatch_index(mix({1, 0}), mix({1, 1})), 1.0 - 1.0 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(supply::mismatch_index(mix({3, 4}), mix({4, 3})), 1.0 - 24.0 / 25.0, 1e-12);
  // Symmetric.
  EXPECT_DOUBLE_EQ(supply::mismatch_index(mix({1, 2, 3}), mix({3, 1, 0})),
                   supply::mismatch_index(mix({3, 1, 0}), mix({1, 2, 3})));
}

TEST(MismatchIndex, ZeroWhenEitherMixIsEmpty) {
  EXPECT_EQ(supply::mismatch_index(MedicineUnits{}, mix({1, 2})), 0.0);
  EXPECT_EQ(supply::mismatch_index(mix({1, 2}), MedicineUnits{}), 0.0);
  EXPECT_EQ(supply::mismatch_index(MedicineUnits{}, MedicineUnits{}), 0.0);
}

TEST(ReportRatio, ReportedOverTrueNeverBelowOne) {
  ClinicState cs;
  EXPECT_DOUBLE_EQ(supply::report_ratio(cs), 1.0);  // nothing known yet
  cs.reported_consultations = 40;
  EXPECT_DOUBLE_EQ(supply::report_ratio(cs), 1.0);  // still no true count
  cs.true_consultations = 100;
  cs.reported_consultations = 150;
  EXPECT_DOUBLE_EQ(supply::report_ratio(cs), 1.5);
  cs.reported_consultations = 80;  // corrected below the truth by audits
  EXPECT_DOUBLE_EQ(supply::report_ratio(cs), 1.0);
}

// Guards the stockout count: a medicine counts as out of stock on a working
// day when less than one course is left, since nobody can be given it (a
// leftover of 35 metformin units, under a 60-unit course, used to count as
// in stock and the share of stockout days came out at less than half).
TEST(StockoutDays, LessThanACourseLeftIsAStockout) {
  auto s = test::populated_baseline();
  s->administration.disruption_until = 1'000'000;  // no dispatch
  s->shipments.clear();
  const ClinicId c = 0;
  SimDay day = 1;
  while (!s->working_day(c, day)) ++day;
  ClinicState& cs = s->clinics[c];
  for (auto& lots : cs.stock) lots.clear();
  const auto course = [&](Medicine m) {
    return static_cast<std::int32_t>(s->params.medicines[static_cast<int>(m)].units_per_course);
  };
  ASSERT_GT(course(Medicine::metformin), 1);
  receive(cs.stock[static_cast<int>(Medicine::metformin)], course(Medicine::metformin) - 1, day + 100);
  receive(cs.stock[static_cast<int>(Medicine::insulin)], course(Medicine::insulin), day + 100);
  const std::int64_t before = cs.stockout_medicine_days;
  supply::run(*s, day);
  EXPECT_EQ(cs.stockout_medicine_days - before, kMedicineCount - 1) << "all but insulin, which has a whole course";
}

// The baseline state with violence and routes as a run sets them up, every
// municipality equally violent, and robbery likely enough that about half the
// shipments on a dangerous road are robbed. An administration's pause holds
// every dispatch, so only the shipments a test places travel.
class ShipmentsInTransit : public ::testing::Test {
 protected:
  void SetUp() override {
    s = test::populated_baseline();
    violence::initialise(*s);
    for (MunicipalityViolence& mv : s->violence) mv.intensity = 0.2;
    travel_times::initialise(*s);
    clinic_routes::initialise(*s);
    s->administration.disruption_until = 1'000'000;
    double danger = 0;
    for (ClinicId c = 0; c < s->clinics.size(); ++c) {
      const double d = route_danger(*s, clinic_routes::warehouse_route(*s, c, 0));
      if (d > 0) risky.push_back(c);
      danger = std::max(danger, d);
    }
    ASSERT_GT(danger, 0.0);
    s->params.supply.robbery_per_risky_trip = 0.5 / danger;  // every risky route has the same danger
  }

  static Shipment to_clinic(ClinicId c, SimDay departure, SimDay arrival) {
    Shipment sh{.destination = c, .departure = departure, .arrival = arrival};
    sh.units[0] = 1;
    return sh;
  }
  // Delivers `shipments` on `day`; which of the risky clinics were robbed.
  std::vector<bool> robbed(std::vector<Shipment> shipments, SimDay day) {
    for (ClinicState& cs : s->clinics) cs.robbed_total = MedicineUnits{};
    s->shipments = std::move(shipments);
    supply::run(*s, day);
    std::vector<bool> out;
    for (ClinicId c : risky) out.push_back(s->clinics[c].robbed_total[0] > 0);
    return out;
  }

  std::unique_ptr<SimulationState> s;
  std::vector<ClinicId> risky;  // clinics whose warehouse road is dangerous
};

// Guards the robbery draw's key (common random numbers): a clinic's shipment
// that left on a given day is robbed or not whatever else is in transit —
// hospital restocks (which exist only when a hospital asked for units),
// other clinics' shipments still on the road, a different order in the list.
// Keyed by the shipment's position in the transit list, one arm's extra
// shipment changed every later shipment's luck.
TEST_F(ShipmentsInTransit, AClinicsShipmentMeetsTheSameRobberyWhateverElseIsInTransit) {
  int robberies = 0, deliveries = 0;
  for (SimDay day = 5; day < 12; ++day) {
    const SimDay departure = day - 2;
    std::vector<Shipment> alone, crowded;
    for (ClinicId c : risky) alone.push_back(to_clinic(c, departure, day));
    for (std::uint32_t h = 0; h < s->hospitals.size(); ++h)
      crowded.push_back(Shipment{.destination = kNone, .hospital = h, .departure = departure, .arrival = day});
    for (ClinicId c : risky) crowded.push_back(to_clinic(c, departure - 1, day + 3));  // an earlier shipment, still travelling
    for (auto it = alone.rbegin(); it != alone.rend(); ++it) crowded.push_back(*it);
    const std::vector<bool> by_itself = robbed(alone, day);
    EXPECT_EQ(robbed(crowded, day), by_itself) << "day " << day;
    for (bool lost : by_itself) (lost ? robberies : deliveries) += 1;
  }
  // Both outcomes occur, so agreement is not the trivial kind.
  EXPECT_GT(robberies, 10);
  EXPECT_GT(deliveries, 10);
}

// Guards hospital restocks on the roads: a restock due while every road at
// the hospital is closed waits a day at a time (nothing received); on open
// roads it meets its warehouse road's robbery risk like a clinic's shipment:
// over many restocks some are robbed (counted, nothing received) and the rest
// arrive whole.
TEST_F(ShipmentsInTransit, AHospitalRestockTravelsItsWarehouseRoad) {
  const std::uint32_t h = 0;
  const VertexId hospital = s->world.hospitals[h].vertex;
  const double danger = route_danger(*s, clinic_routes::hospital_supply_route(*s, h, 0));
  ASSERT_GT(danger, 0.0) << "the hospital's road from the warehouse is safe";
  s->params.supply.robbery_per_risky_trip = 0.5 / danger;
  auto stock = [&] { return units_in_stock(s->hospitals[h].stock[0]); };
  auto restock = [&](SimDay departure, SimDay arrival) {
    Shipment sh{.destination = kNone, .hospital = h, .departure = departure, .arrival = arrival};
    sh.units[0] = 100;
    return sh;
  };

  SimDay day = 5;
  for (RoadId r : s->world.roads.roads_at(hospital)) s->world.roads.close_road(r, day + 1);
  travel_times::refresh(*s, day);
  clinic_routes::refresh(*s, day);
  const std::int64_t before = stock();
  s->shipments = {restock(day - 2, day)};
  supply::run(*s, day);
  EXPECT_EQ(stock(), before) << "delivered through closed roads";
  ASSERT_EQ(s->shipments.size(), 1u);
  EXPECT_EQ(s->shipments[0].arrival, day + 1) << "the truck waits a day";

  int robbed = 0, arrived = 0;
  for (day = 10; day < 70; ++day) {
    travel_times::refresh(*s, day);
    clinic_routes::refresh(*s, day);
    const std::int64_t held = stock();
    const std::int64_t robberies = s->shipments_robbed;
    s->shipments = {restock(day - 2, day)};
    supply::run(*s, day);
    EXPECT_TRUE(s->shipments.empty()) << "day " << day;
    if (s->shipments_robbed > robberies) {
      ++robbed;
      EXPECT_EQ(stock(), held) << "day " << day;
    } else {
      ++arrived;
      EXPECT_EQ(stock(), held + 100) << "day " << day;
    }
  }
  EXPECT_GT(robbed, 10);
  EXPECT_GT(arrived, 10);
}

}  // namespace
}  // namespace pasante
