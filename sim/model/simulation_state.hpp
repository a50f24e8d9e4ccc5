// Everything that changes during a run, in one place the process modules
// share. Per-clinic state is owned by that clinic's catchment, so the
// parallel phases touch disjoint memory; whatever crosses catchments is
// buffered here and merged in clinic order.
#pragma once
#include <tbb/task_arena.h>

#include <array>
#include <cstdint>
#include <vector>

#include "agents/intern.hpp"
#include "agents/need_calendar.hpp"
#include "agents/resident_store.hpp"
#include "core/calendar.hpp"
#include "core/random_stream.hpp"
#include "model/counters.hpp"
#include "scenario/model_parameters.hpp"
#include "world/route_book.hpp"
#include "world/world.hpp"

namespace pasante {

using MedicineUnits = std::array<double, kMedicineCount>;

struct StockLot {
  SimDay expires = 0;
  std::int32_t units = 0;
};

// Substreams of a resident's draws for one case at the clinic (care seeking,
// consultation, referral trip, death when a severe case is left untreated;
// complications of a chronic condition use the chronic refill's). A resident
// may bring an acute episode, a chronic refill and trauma cases from violence
// on one day: each case draws on its own, so no two share a draw.
inline constexpr std::uint64_t kAcuteCaseSubstream = 0, kChronicCaseSubstream = 1;
// The clinic's k-th trauma case of the day (from 0). Violence, which brings
// them, does not depend on policy, so k names the same case in every arm.
constexpr std::uint64_t trauma_case_substream(std::uint32_t k) { return 2 + std::uint64_t{k}; }

// A visit waiting at a clinic today.
struct Visit {
  ResidentId resident = 0;
  std::uint32_t chronic = kNone;  // chronic patient index, or kNone for an acute episode
  std::uint8_t severity = 0;      // 0 mild, 1 moderate, 2 severe
  std::uint8_t acute_case = 0;    // AcuteCase when acute
  bool after_hours = false;
  bool trauma = false;            // brought by a violent event
  // The clinic's k-th trauma case today, when trauma (16 bits keep a visit in
  // 16 bytes; beyond 65,535 trauma cases at one clinic in one day, which no
  // scenario comes near, cases would share draws).
  std::uint16_t trauma_case = 0;

  std::uint64_t substream() const {
    return trauma ? trauma_case_substream(trauma_case) : chronic == kNone ? kAcuteCaseSubstream : kChronicCaseSubstream;
  }
};
static_assert(sizeof(Visit) == 16, "queues hold many visits: keep one in 16 bytes");

// A patient sent on to the jurisdiction hospital.
struct Referral {
  ResidentId resident = 0;
  std::uint32_t chronic = kNone;
  std::uint8_t severity = 0;
  Medicine medicine = Medicine::analgesic;
  std::uint64_t substream = kAcuteCaseSubstream;  // the case's (Visit::substream())
};

// A severe case left untreated today (the health phase draws whether it kills).
struct UntreatedCase {
  ResidentId resident = 0;
  std::uint64_t substream = kAcuteCaseSubstream;  // the case's (Visit::substream())
};

struct ClinicState {
  NeedCalendar calendar;
  std::array<std::vector<StockLot>, kMedicineCount> stock;  // lots, earliest expiry first
  std::int32_t intern = -1, partner = -1;   // serving interns (partner when paired)
  bool staff_physician = false;
  bool connected = false;                   // a working internet connection (remote supervision needs it)
  SimDay closed_until = -1;                 // closed by violence through this day

  std::vector<Visit> queue;                 // today's visits
  std::int32_t pending_trauma = 0;          // trauma cases brought by today's violence
  struct HealthCheck {
    std::uint32_t chronic;                  // chronic patient whose refill fell due today
    std::int32_t last_treated_before;       // their last refill before today's visit
  };
  std::vector<HealthCheck> health_checks;   // evaluated in the health phase
  std::vector<UntreatedCase> severe_untreated;  // severe cases left untreated today
  std::vector<Referral> referrals;          // today's referrals, merged at the phase boundary
  CareCounters counters;                    // since the last observation
  std::int32_t day_consultations = 0, day_refusals = 0, day_on_call = 0;

  // Supply bookkeeping (units).
  MedicineUnits dispensed_cycle{};          // true units dispensed since the last shipment
  MedicineUnits requested_cycle{};          // true units asked for since the last shipment
  MedicineUnits delivered_total{}, requested_total{}, expired_total{}, robbed_total{};
  double opening_units = 0;                 // the opening stock, all medicines (supplied before day 0)
  MedicineUnits need_courses_total{};       // true expected need, in courses, summed over shipment cycles
  std::int64_t stockout_medicine_days = 0;  // (medicine, working day) pairs with less than a course in stock
  std::int64_t open_days = 0;                // working days seen (for the stockout share)

  // Reporting.
  double inflation_propensity = 0;
  std::int32_t week_true = 0;
  std::int64_t true_consultations = 0, reported_consultations = 0;
  std::int64_t month_inflation = 0;         // units of inflation in the last month (audits find it)
  std::vector<SimDay> supervision_days;     // days of recent supervision visits

  std::int64_t stock_units(Medicine m) const {
    std::int64_t n = 0;
    for (const auto& lot : stock[static_cast<int>(m)]) n += lot.units;
    return n;
  }
};

struct HospitalState {
  std::array<std::vector<StockLot>, kMedicineCount> stock;
  double capacity_left = 0;  // today
  MedicineUnits requested_cycle{};  // units referrals asked for since the last shipment
};

struct Shipment {
  ClinicId destination = 0;  // a clinic, or kNone for a hospital
  std::uint32_t hospital = 0;  // which hospital, when destination is kNone
  SimDay departure = 0, arrival = 0;
  MedicineUnits units{};
  enum class Status : std::uint8_t { in_transit, delivered, lost } status = Status::in_transit;
};

struct ViolenceEvent {
  SimDay day = 0;
  ViolenceType type = ViolenceType::gunfire;
  LocalityId locality = 0;
  double severity = 1;
  std::int32_t intern = -1;   // intern it touched, if any
};

struct MunicipalityViolence {
  double base_rate = 0;       // mu: events/day
  double excitation = 0;      // Hawkes excitation carried to the next day
  double intensity = 0;       // today's intensity
  double level = 0;           // recorded violent crimes per 1,000 residents per year (screening, ceilings)
  std::int64_t events = 0;
};

struct AdministrationState {
  double budget_multiplier = 1.0;
  SimDay next_change = 0;
  SimDay disruption_until = -1;  // shipments paused through this day
  std::int32_t changes = 0;
};

struct SimulationState {
  ModelParameters params;          // mutable: interventions and administrations change it
  SimulationCalendar calendar;
  std::uint64_t seed = 0;
  World world;
  ResidentStore residents;
  ChronicPatients chronic;
  std::vector<ClinicState> clinics;
  std::vector<HospitalState> hospitals;  // one per World::hospitals
  std::vector<Intern> interns;
  std::vector<Shipment> shipments;
  std::vector<MunicipalityViolence> violence;
  std::vector<ViolenceEvent> violence_events;
  std::vector<SimDay> locality_curfew_until;     // per locality
  std::vector<float> locality_minutes_today;     // per locality: minutes to its clinic on today's roads
  std::vector<double> locality_access_today;     // per locality: exp(-minutes today / demand.travel_scale_minutes)
  double access_scale = 0;                       // the travel scale locality_access_today was computed with
  std::vector<float> locality_minutes_open;      // per locality: minutes to its clinic with every road open
  std::vector<float> clinic_route_cutoff;        // per clinic: how far its catchment search goes
  std::vector<std::vector<RoadId>> clinic_catchment_roads;  // per clinic: roads its catchment routes use today (sorted)
  std::vector<std::uint8_t> clinic_at_open_minutes;         // per clinic: every catchment route as short as on open roads
  std::vector<std::uint32_t> vertex_clinics_begin;  // CSR: clinics whose search area holds each vertex
  std::vector<ClinicId> vertex_clinics;
  // Spatial kernel, in compressed rows: municipality m spills to
  // spatial_neighbour[k] (increasing) a share spatial_weight[k] of its spilled
  // excitation, for k in [spatial_row_begin[m], spatial_row_begin[m + 1]).
  std::vector<std::size_t> spatial_row_begin;
  std::vector<MunicipalityId> spatial_neighbour;
  std::vector<double> spatial_weight;
  std::vector<std::vector<LocalityId>> municipality_localities;
  std::vector<std::vector<std::uint64_t>> municipality_cumulative_population;  // for population-weighted draws
  std::uint64_t closure_version = ~std::uint64_t{0};
  RouteBook clinic_routes;                        // each clinic's hospital and warehouse routes (clinic_routes.hpp)
  std::uint64_t clinic_routes_version = ~std::uint64_t{0};  // closure_version the book was last updated to
  AdministrationState administration;
  std::uint32_t cohort_count = 0;
  std::int64_t shipments_robbed = 0, shipments_delivered = 0, supervision_planned = 0, supervision_done = 0,
               supervision_cancelled = 0, supervision_remote = 0, audits = 0, audit_findings = 0,
               clinic_days_with_intern = 0;
  double cost_medicines_mxn = 0, cost_stipends_mxn = 0, cost_supervision_mxn = 0;
  tbb::task_arena arena;

  SimulationState(ModelParameters p, World w, int threads)
      : params(std::move(p)),
        calendar(params.scenario.start, static_cast<SimDay>(params.scenario.days)),
        seed(static_cast<std::uint64_t>(params.scenario.seed)),
        world(std::move(w)),
        arena(threads) {}

  RandomStream stream(StreamId process, std::uint64_t entity, SimDay day, std::uint64_t substream = 0) const {
    return RandomStream(seed, process, entity, day, substream);
  }
  VertexId hospital_vertex_of(ClinicId c) const { return world.hospitals[world.clinics[c].hospital].vertex; }
  VertexId warehouse_vertex_of(ClinicId c) const { return world.warehouses[world.clinics[c].warehouse]; }
  MunicipalityId municipality_of_clinic(ClinicId c) const {
    return world.localities[world.clinics[c].locality].municipality;
  }
  bool working_day(ClinicId c, SimDay day) const;
  // A clinic's working days in an average month: 26 if it opens on Saturdays, else 21.7.
  double working_days_per_month(ClinicId c) const;
};

}  // namespace pasante
