#include "processes/supply.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "processes/catchment_parallel.hpp"
#include "processes/clinic_routes.hpp"
#include "processes/medicine_stock.hpp"
#include "processes/road_danger.hpp"

namespace pasante::supply {

namespace {

constexpr double kDrivingMinutesPerDay = 8 * 60;
constexpr double kOpeningStockDays = 30;

double budget_for(const SimulationState& s, ClinicId c, double days) {
  const auto& p = s.params;
  return p.supply.budget_mxn_per_capita_year * s.world.clinics[c].catchment_population * p.policy.budget_multiplier *
         s.administration.budget_multiplier * days / 365.0;
}

double reported_value(const SimulationState& s, ClinicId c) {
  const ClinicState& cs = s.clinics[c];
  double v = 0;
  for (int m = 0; m < kMedicineCount; ++m) v += cs.dispensed_cycle[m] * report_ratio(cs) * s.params.medicines[m].unit_cost_mxn;
  return v;
}

MedicineUnits fixed_basket(const ModelParameters& p, double budget) {
  MedicineUnits units{};
  for (int m = 0; m < kMedicineCount; ++m) units[m] = budget * p.medicines[m].basket_share / p.medicines[m].unit_cost_mxn;
  return units;
}

void dispatch(SimulationState& s, SimDay day) {
  const auto& p = s.params;
  const double days = static_cast<double>(p.policy.supply_interval_days);
  double total_budget = 0, total_reported = 0;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    total_budget += budget_for(s, c, days);
    total_reported += reported_value(s, c);
  }
  const double hours_per_day = kDrivingMinutesPerDay;
  // Plan every clinic's shipment. Rules that follow need or consumption share
  // the whole budget among clinics; the fixed basket splits it per capita.
  const AllocationRule rule = rule_in_force(s);
  // Each clinic's plan and true expected need depend on its own state only
  // (catchments in parallel); totals are summed in clinic order.
  std::vector<MedicineUnits> planned(s.clinics.size()), needs(s.clinics.size());
  for_each_catchment(s, [&](ClinicId c) {
    const double budget = rule == AllocationRule::needs_based ? std::numeric_limits<double>::infinity()
                          : rule == AllocationRule::reported_consumption && total_reported > 0 ? total_budget
                                                                                               : budget_for(s, c, days);
    planned[c] = allocation(s, c, budget, total_reported);
    needs[c] = expected_need_courses(s, c, days);
  });
  double planned_cost = 0;
  for (ClinicId c = 0; c < s.clinics.size(); ++c)
    for (int m = 0; m < kMedicineCount; ++m) planned_cost += planned[c][m] * p.medicines[m].unit_cost_mxn;
  if (rule == AllocationRule::needs_based && planned_cost > total_budget)
    for (auto& units : planned)
      for (double& u : units) u *= total_budget / planned_cost;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    ClinicState& cs = s.clinics[c];
    Shipment shipment{.destination = c, .departure = day + static_cast<SimDay>(p.supply.admin_delay_days)};
    shipment.units = planned[c];
    shipment.arrival = shipment.departure + static_cast<SimDay>(std::ceil(s.world.clinics[c].minutes_from_warehouse / hours_per_day));
    const MedicineUnits& need = needs[c];
    for (int m = 0; m < kMedicineCount; ++m) {
      shipment.units[m] = std::floor(shipment.units[m]);
      s.cost_medicines_mxn += shipment.units[m] * p.medicines[m].unit_cost_mxn;
      cs.need_courses_total[m] += need[m];
      cs.dispensed_cycle[m] = cs.requested_cycle[m] = 0;
    }
    s.shipments.push_back(shipment);
  }
  // Hospitals are restocked for the referrals they saw, by truck from their
  // warehouse like the clinics (the trip's length on today's roads).
  for (std::uint32_t h = 0; h < s.hospitals.size(); ++h) {
    HospitalState& hospital = s.hospitals[h];
    Shipment to_hospital{.destination = kNone, .hospital = h,
                         .departure = day + static_cast<SimDay>(p.supply.admin_delay_days)};
    double asked = 0;
    for (double u : hospital.requested_cycle) asked += u;
    for (int m = 0; m < kMedicineCount; ++m) {
      to_hospital.units[m] = std::floor(hospital.requested_cycle[m] * p.care.hospital_resupply_share);
      s.cost_medicines_mxn += to_hospital.units[m] * p.medicines[m].unit_cost_mxn;
      hospital.requested_cycle[m] = 0;
    }
    if (asked <= 0) continue;
    const Route& route = clinic_routes::hospital_supply_route(s, h, day);
    to_hospital.arrival =
        to_hospital.departure + static_cast<SimDay>(route.reachable() ? std::ceil(route.minutes / hours_per_day) : 0.0);
    s.shipments.push_back(to_hospital);
  }
}

// A shipment's draws are keyed by what it is: its destination and the day it
// left, so two policy arms share the robbery luck of the same clinic's
// shipment whatever else is in transit (its position in the transit list
// shifts with other shipments, hospital restocks among them) and whichever
// day a closed road made it arrive. A clinic receives one shipment per
// dispatch; hospital restocks have a substream of their own.
RandomStream shipment_stream(const SimulationState& s, const Shipment& sh) {
  constexpr std::uint64_t kClinicShipment = 0, kHospitalShipment = 1;
  return sh.destination == kNone ? s.stream(StreamId::supply, sh.hospital, sh.departure, kHospitalShipment)
                                 : s.stream(StreamId::supply, sh.destination, sh.departure, kClinicShipment);
}

void deliver(SimulationState& s, SimDay day) {
  const auto& p = s.params;
  for (Shipment& sh : s.shipments) {
    if (sh.status != Shipment::Status::in_transit || sh.arrival != day) continue;
    const bool to_hospital = sh.destination == kNone;
    const Route& route = to_hospital ? clinic_routes::hospital_supply_route(s, sh.hospital, day)
                                     : clinic_routes::warehouse_route(s, sh.destination, day);
    if (!route.reachable()) {
      ++sh.arrival;  // a road is closed: the truck waits a day
      continue;
    }
    RandomStream rs = shipment_stream(s, sh);
    if (rs.bernoulli(std::min(1.0, p.supply.robbery_per_risky_trip * route_danger(s, route)))) {
      sh.status = Shipment::Status::lost;
      ++s.shipments_robbed;
      if (!to_hospital)
        for (int m = 0; m < kMedicineCount; ++m) s.clinics[sh.destination].robbed_total[m] += sh.units[m];
      continue;
    }
    if (to_hospital) {
      for (int m = 0; m < kMedicineCount; ++m)
        receive(s.hospitals[sh.hospital].stock[m], static_cast<std::int32_t>(sh.units[m]),
                day + static_cast<SimDay>(p.medicines[m].shelf_life_days));
      sh.status = Shipment::Status::delivered;
      continue;
    }
    ClinicState& cs = s.clinics[sh.destination];
    for (int m = 0; m < kMedicineCount; ++m) {
      receive(cs.stock[m], static_cast<std::int32_t>(sh.units[m]), day + static_cast<SimDay>(p.medicines[m].shelf_life_days));
      cs.delivered_total[m] += sh.units[m];
    }
    sh.status = Shipment::Status::delivered;
    ++s.shipments_delivered;
  }
  std::erase_if(s.shipments, [](const Shipment& sh) { return sh.status != Shipment::Status::in_transit; });
}

}  // namespace

AllocationRule rule_in_force(const SimulationState& s) {
  return s.params.policy.independent_authority ? AllocationRule::needs_based : s.params.policy.allocation;
}

double report_ratio(const ClinicState& cs) {
  return cs.true_consultations > 0 ? std::max(1.0, static_cast<double>(cs.reported_consultations) / cs.true_consultations)
                                   : 1.0;
}

MedicineUnits expected_need_courses(const SimulationState& s, ClinicId c, double days) {
  const auto& p = s.params;
  MedicineUnits courses{};
  const double cycles = days / static_cast<double>(p.demand.chronic_refill_days);
  for (std::uint32_t k = s.chronic.catchment_begin[c]; k < s.chronic.catchment_begin[c + 1]; ++k) {
    const auto traits = s.residents.traits(s.chronic.resident(k));
    if (traits & trait::dead) continue;
    if (traits & trait::diabetes) courses[static_cast<int>((traits & trait::insulin) ? Medicine::insulin : Medicine::metformin)] += cycles;
    if (traits & trait::hypertension) courses[static_cast<int>(Medicine::antihypertensive)] += cycles;
  }
  const double episodes = s.world.clinics[c].catchment_population * p.demand.acute_rate_per_year * days / 365.0 *
                          p.supply.expected_care_seeking;
  for (int k = 0; k < kAcuteCaseCount; ++k)
    courses[static_cast<int>(medicine_for(static_cast<AcuteCase>(k)))] += episodes * p.demand.case_share[k];
  return courses;
}

MedicineUnits allocation(const SimulationState& s, ClinicId c, double budget, double total_reported_value) {
  const auto& p = s.params;
  const ClinicState& cs = s.clinics[c];
  switch (rule_in_force(s)) {
    case AllocationRule::fixed_basket:
      return fixed_basket(p, budget);
    case AllocationRule::reported_consumption: {
      if (total_reported_value <= 0) return fixed_basket(p, budget);  // no history yet
      MedicineUnits units{};
      for (int m = 0; m < kMedicineCount; ++m)
        units[m] = budget * (cs.dispensed_cycle[m] * report_ratio(cs) * p.medicines[m].unit_cost_mxn / total_reported_value) /
                   p.medicines[m].unit_cost_mxn;
      return units;
    }
    case AllocationRule::needs_based: {
      // Data are only as honest as the audits make them.
      const double distortion = p.policy.independent_authority ? 1.0 : report_ratio(cs);
      const MedicineUnits need = expected_need_courses(s, c, static_cast<double>(p.policy.supply_interval_days));
      MedicineUnits units{};
      double cost = 0;
      for (int m = 0; m < kMedicineCount; ++m) {
        const double target = need[m] * static_cast<double>(p.medicines[m].units_per_course) *
                              (1.0 + p.supply.safety_stock_share) * distortion;
        units[m] = std::max(0.0, target - static_cast<double>(cs.stock_units(static_cast<Medicine>(m))));
        cost += units[m] * p.medicines[m].unit_cost_mxn;
      }
      if (cost > budget)
        for (double& u : units) u *= budget / cost;
      return units;
    }
  }
  return {};
}

double mismatch_index(const MedicineUnits& a, const MedicineUnits& b) {
  double dot = 0, na = 0, nb = 0;
  for (int m = 0; m < kMedicineCount; ++m) {
    dot += a[m] * b[m];
    na += a[m] * a[m];
    nb += b[m] * b[m];
  }
  if (na <= 0 || nb <= 0) return 0;
  return 1.0 - dot / std::sqrt(na * nb);
}

void initialise(SimulationState& s) {
  const auto& p = s.params;
  const double days = kOpeningStockDays;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    // Opening stock: a month's budget under the rule in force, as if delivered
    // last month (whatever the shipment interval).
    const MedicineUnits units = allocation(s, c, budget_for(s, c, days), 0.0);
    for (int m = 0; m < kMedicineCount; ++m) {
      const auto received = static_cast<std::int32_t>(units[m]);
      receive(s.clinics[c].stock[m], received, static_cast<SimDay>(p.medicines[m].shelf_life_days));
      s.clinics[c].opening_units += received;
    }
  }
  // Hospitals start with the stock for their expected referrals.
  s.hospitals.assign(s.world.hospitals.size(), HospitalState{});
  const double courses = p.care.hospital_consultations_per_day * p.care.hospital_stock_days;
  for (HospitalState& hospital : s.hospitals) {
    for (int k = 0; k < kAcuteCaseCount; ++k) {
      const int m = static_cast<int>(medicine_for(static_cast<AcuteCase>(k)));
      receive(hospital.stock[m], static_cast<std::int32_t>(courses * p.demand.case_share[k] * p.medicines[m].units_per_course),
              static_cast<SimDay>(p.medicines[m].shelf_life_days));
    }
    for (Medicine m : {Medicine::metformin, Medicine::antihypertensive, Medicine::insulin}) {
      const int i = static_cast<int>(m);
      receive(hospital.stock[i], static_cast<std::int32_t>(courses * 0.1 * p.medicines[i].units_per_course),
              static_cast<SimDay>(p.medicines[i].shelf_life_days));
    }
  }
}

void run(SimulationState& s, SimDay day) {
  const auto interval = static_cast<SimDay>(s.params.policy.supply_interval_days);
  if (day % interval == 0 && s.administration.disruption_until < day) dispatch(s, day);
  deliver(s, day);
  for (HospitalState& hospital : s.hospitals)
    for (auto& lots : hospital.stock) discard_expired(lots, day);
  for_each_catchment(s, [&](ClinicId c) {
    ClinicState& cs = s.clinics[c];
    const bool open = s.working_day(c, day);
    cs.open_days += open;
    for (int m = 0; m < kMedicineCount; ++m) {
      cs.expired_total[m] += static_cast<double>(discard_expired(cs.stock[m], day));
      // Out of stock: less than one course left, so nobody can be given it.
      if (open && cs.stock_units(static_cast<Medicine>(m)) < s.params.medicines[m].units_per_course)
        ++cs.stockout_medicine_days;
    }
  });
}

}  // namespace pasante::supply
