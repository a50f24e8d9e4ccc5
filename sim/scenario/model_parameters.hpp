// Every parameter of the model, grouped as the scenario file groups them.
// The values live here; their declarations (unit, range, default,
// description, source) live in model_parameters.cpp, once each.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "scenario/parameter_spec.hpp"

namespace pasante {

enum class ServiceCategory : std::uint8_t { A = 0, B = 1, C = 2, CC = 3 };
inline constexpr int kCategoryCount = 4;
inline constexpr std::array<const char*, kCategoryCount> kCategoryNames{"A", "B", "C", "CC"};

enum class AssignmentRule : std::uint8_t { gpa_rank = 0, lottery = 1, needs_first = 2 };
enum class AllocationRule : std::uint8_t { fixed_basket = 0, reported_consumption = 1, needs_based = 2 };
// How the world is made: from the census localities file, or generated for
// every municipality of the national file (sim/world/national_world.cpp).
enum class WorldGenerator : std::uint8_t { census_localities = 0, synthetic_national = 1 };

// The medicines the model tracks (MODEL.md §2). Fixed list; each has its own
// declared parameters under medicines.<name>.
enum class Medicine : std::uint8_t {
  metformin = 0, insulin, antihypertensive, antibiotic, analgesic, oral_rehydration, trauma_kit, calcium
};
inline constexpr int kMedicineCount = 8;
inline constexpr std::array<const char*, kMedicineCount> kMedicineNames{
    "metformin", "insulin", "antihypertensive", "antibiotic", "analgesic", "oral_rehydration", "trauma_kit", "calcium"};

// Acute case types: what an acute episode needs.
enum class AcuteCase : std::uint8_t { infection = 0, pain, diarrhoea, injury, prenatal };
inline constexpr int kAcuteCaseCount = 5;
inline constexpr std::array<const char*, kAcuteCaseCount> kAcuteCaseNames{"infection", "pain", "diarrhoea", "injury", "prenatal"};

enum class ViolenceType : std::uint8_t { gunfire = 0, checkpoint, threat, robbery, curfew, armed_demand };
inline constexpr int kViolenceTypeCount = 6;
inline constexpr std::array<const char*, kViolenceTypeCount> kViolenceTypeNames{
    "gunfire", "checkpoint", "threat", "robbery", "curfew", "armed_demand"};

struct ScenarioIdentity {
  std::string name;
  Date start;
  std::int64_t days = 0;
  std::int64_t seed = 0;
  std::int64_t output_interval_days = 0;
};

struct WorldParameters {
  std::string localities_file;     // INEGI ITER 2020 localities (scenarios/data)
  std::string crime_file;          // SESNSP municipal crime counts
  std::string poverty_file;        // municipal poverty shares (assumptions documented)
  std::vector<std::string> municipalities;  // cve_mun codes in the jurisdiction
  std::string hospital_municipality;        // the jurisdiction hospital sits at this seat
  double warehouse_lat = 0, warehouse_lon = 0;  // state warehouse (Monterrey)
  std::int64_t clinic_min_population = 0;   // localities at least this large get a clinic (seats always do)
  std::int64_t road_neighbours = 0;         // each locality is linked to its k nearest neighbours
  double winding_factor = 0;                // road km per great-circle km
  double paved_speed_kmh = 0, unpaved_speed_kmh = 0;
  std::int64_t paved_min_population = 0;    // towns: on the paved trunk; roads between towns or seats are paved
  double cc_hospital_minutes = 0;           // category CC beyond this travel time to the hospital
  double nurse_probability = 0;             // chance a clinic has a nurse
  double child_share = 0, elder_share = 0;  // age structure of residents
  double internet_default_share = 0, cellphone_default_share = 0;  // where INEGI suppresses counts
  // World generation (describe_world_generation; the synthetic_national rule is in national_world.cpp).
  WorldGenerator generator = WorldGenerator::census_localities;
  std::string municipalities_file;           // every municipality with its seat (INEGI 2020)
  double synthetic_mean_population = 0;      // mean population of generated non-seat localities
  double synthetic_size_exponent = 0;        // Pareto tail index of their sizes
  double synthetic_spread_km = 0;            // farthest a generated locality lies from its seat
  std::int64_t synthetic_seed = 0;           // keys the generated geography (not scenario.seed)
  std::int64_t hospital_min_seat_population = 0;  // hospitals at seats at least this large (and each state's largest)
  double default_poverty_share = 0, default_extreme_poverty_share = 0;  // municipalities missing from the poverty file
};

struct MedicineParameters {
  double unit_cost_mxn = 0;
  std::int64_t units_per_course = 0;
  std::int64_t shelf_life_days = 0;
  double basket_share = 0;  // share of the fixed basket's budget
};

struct PopulationParameters {
  double diabetes_prevalence_adult = 0, hypertension_prevalence_adult = 0;
  double elder_prevalence_multiplier = 0;
  double insulin_share_of_diabetics = 0;
  double trust_initial_mean = 0, trust_initial_sd = 0;
  double controlled_initial_share = 0;
};

struct DemandParameters {
  double acute_rate_per_year = 0;
  double severity_mild = 0, severity_moderate = 0, severity_severe = 0;
  std::array<double, kAcuteCaseCount> case_share{};  // mix of acute case types
  double travel_scale_minutes = 0;
  double poverty_barrier = 0;
  double severity_factor_mild = 0, severity_factor_moderate = 0, severity_factor_severe = 0;
  std::int64_t chronic_refill_days = 0, chronic_retry_days = 0;
  double trust_gain_treated = 0, trust_loss_refused = 0, trust_loss_wasted_trip = 0;
  double trust_stop_coming = 0;
  double trauma_cases_per_event = 0;
};

struct CareParameters {
  double consultations_per_hour = 0;
  std::array<double, kCategoryCount> hours_per_day{};
  std::array<bool, kCategoryCount> opens_saturday{};
  std::array<bool, kCategoryCount> on_call{};
  std::array<double, kCategoryCount> staff_physician_probability{};  // a permanent physician beside the intern
  double nurse_capacity_bonus = 0;
  double staff_physician_competence = 0;
  double complexity_mild = 0, complexity_moderate = 0, complexity_severe = 0;
  double hospital_consultations_per_day = 0;
  double hospital_stock_days = 0;          // hospital stock covers this many days of expected referrals
  double hospital_resupply_share = 0;      // share of hospital need that arrives with each shipment
};

struct HealthParameters {
  double complication_hazard_per_uncontrolled_day = 0;
  double death_given_complication = 0;
  double death_severe_untreated = 0;
  std::int64_t control_grace_days = 0;
};

struct SupplyParameters {
  double budget_mxn_per_capita_year = 0;
  std::int64_t admin_delay_days = 0;
  double robbery_per_risky_trip = 0;
  double safety_stock_share = 0;
  double expected_care_seeking = 0;  // share of acute episodes the needs_based rule expects at the clinic
};

struct ViolenceParameters {
  std::int64_t crime_year = 0;
  double intensity_multiplier = 1.0;     // scales all violence rates (MODEL.md §6)
  double events_per_recorded_crime = 0;  // health-relevant events per recorded violent crime
  double alpha = 0, beta = 0;
  double spatial_share = 0, spatial_scale_minutes = 0;
  std::array<double, kViolenceTypeCount> type_share{};
  std::int64_t checkpoint_days_max = 0, curfew_days_max = 0;
  double harassment_rate_women_per_year = 0, harassment_rate_men_per_year = 0;
  double road_risk_per_level = 0;
  double default_crimes_per_100k = 0;    // recorded violent crimes where the crime file has no row (synthetic_national)
};

struct InternParameters {
  std::int64_t service_months = 0;
  std::int64_t slots_per_clinic = 0;
  double slot_fill_share = 0;
  double female_share = 0, private_share = 0;
  double gpa_mean = 0, gpa_sd = 0;
  double competence_initial_mean = 0, competence_initial_sd = 0, competence_gain_per_case = 0;
  double security_initial = 0, security_recovery_per_day = 0, security_ceiling_per_level = 0;
  double security_loss_gunfire = 0, security_loss_threat = 0, security_loss_robbery = 0;
  double security_loss_armed_demand = 0, security_loss_harassment = 0, security_loss_road = 0;
  double women_harassment_loss_multiplier = 0;
  double stress_initial = 0, stress_recovery_per_day = 0;
  double stress_per_refusal = 0, stress_per_excess_consult = 0, comfortable_load = 0;
  double stress_isolation_per_day = 0, stress_on_call_night = 0, stress_per_exposure = 0;
  double stress_stipend_gap_per_day = 0;   // per 1,000 MXN/month below the cost of living
  double cost_of_living_mxn = 0;
  double dropout_hazard_base = 0, dropout_hazard_stress = 0, dropout_hazard_insecurity = 0;
  double leave_profession_base = 0, leave_profession_stress = 0, leave_profession_insecurity = 0,
         leave_profession_harassment = 0;
  double trip_rate_per_month = 0;
  double paperwork_trips_per_month = 0;  // working-day trips to the jurisdiction
  double study_hours_base = 0;
  // Utility of a slot when interns choose (MODEL.md §5.1).
  double choice_urban = 0, choice_stipend = 0, choice_violence = 0, choice_distance = 0, choice_taste_sd = 0;
};

struct Policy {
  double supervision_visits_per_month = 0;
  bool telemedicine = false;
  std::array<double, kCategoryCount> stipend_mxn{};
  AssignmentRule assignment_rule = AssignmentRule::gpa_rank;
  bool private_first = false;
  std::optional<double> max_violence;
  bool pair_remote = false;
  AllocationRule allocation = AllocationRule::fixed_basket;
  double budget_multiplier = 0;
  std::int64_t supply_interval_days = 0;
  double quota_per_week = 0;
  bool independent_authority = false;
  std::optional<double> relocate_below;
};

struct SupervisionParameters {
  double max_road_danger = 0;
  double competence_gain = 0, stress_relief = 0, inflation_catch = 0, propensity_cut = 0;
  double telemedicine_effect = 0;
  double remote_sessions_per_month = 0;
  double cost_per_visit_mxn = 0, cost_per_remote_session_mxn = 0;
};

struct ReportingParameters {
  double inflation_propensity = 0;    // base chance of inflating a short week
  double inflation_supervision_damping = 0;
  double supervisor_inflation = 0;    // extra inflation on the way up
  double audit_share_per_month = 0;
  double audit_propensity_cut = 0;
};

struct AdministrationParameters {
  Date next_change;
  std::int64_t term_years = 0;
  double budget_multiplier_sd = 0;
  double rule_change_probability = 0;
  std::int64_t disruption_days = 0;
};

struct ModelParameters {
  ScenarioIdentity scenario;
  WorldParameters world;
  PopulationParameters population;
  std::array<MedicineParameters, kMedicineCount> medicines{};
  DemandParameters demand;
  CareParameters care;
  HealthParameters health;
  SupplyParameters supply;
  ViolenceParameters violence;
  InternParameters interns;
  SupervisionParameters supervision;
  ReportingParameters reporting;
  AdministrationParameters administration;
  Policy policy;
};

// The single declaration of every parameter: one visitor call each.
void describe_parameters(ModelParameters& p, ParameterVisitor& visitor);

// A parameter set holding every declared default.
ModelParameters default_parameters();

}  // namespace pasante
