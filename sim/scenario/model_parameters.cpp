// The single declaration of every model parameter (MODEL.md §2–§6).
// Each line gives key, unit, range, default, description and source; the
// loader, validator, `pasante params`, the JSON schema, --set and
// interventions all read these declarations and nothing else.
//
// Sources: "case study" = the Reach Alliance case study (2023) in
// shared/seeds; "MODEL.md" = the model specification's default;
// "assumption" = a modeller's choice documented in docs/ODD.md;
// "calibrated" = tuned so the baseline lands in MODEL.md §7's bands.
#include "scenario/model_parameters.hpp"

#include <memory>
#include <mutex>
#include <string>

namespace pasante {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Keys built at run time (per category, medicine, case type) need storage that
// outlives the declaration: the table below interns them once.
std::string_view stored(std::string text) {
  static std::vector<std::unique_ptr<std::string>> table;
  static std::mutex guard;
  std::lock_guard lock(guard);
  for (const auto& s : table)
    if (*s == text) return *s;
  table.push_back(std::make_unique<std::string>(std::move(text)));
  return *table.back();
}

std::string_view key(std::string_view prefix, std::string_view name, std::string_view suffix = "") {
  std::string k(prefix);
  k += name;
  k += suffix;
  return stored(std::move(k));
}

void describe_scenario(ScenarioIdentity& s, ParameterVisitor& v) {
  v.text(s.name, {.key = "scenario.name", .fallback = std::string_view("doctor-arroyo-baseline"),
                  .description = "Name of the scenario, copied into every output", .fixed_at_start = true});
  v.date(s.start, {.key = "scenario.start", .unit = "date", .fallback = std::string_view("2022-02-01"),
                   .description = "First simulated day (YYYY-MM-DD); cohorts start on 1 February and 1 August",
                   .source = "case study: 2022 conditions", .fixed_at_start = true});
  v.integer(s.days, {.key = "scenario.days", .unit = "days", .min = 1, .max = kMaxScenarioDays, .fallback = std::int64_t{365},
                     .description = "Number of simulated days", .source = "MODEL.md §7: one cohort year",
                     .fixed_at_start = true});
  v.integer(s.seed, {.key = "scenario.seed", .min = 0, .max = 9.0e15, .fallback = std::int64_t{1},
                     .description = "Run seed: keys every random stream", .fixed_at_start = true});
  v.integer(s.output_interval_days, {.key = "scenario.output_interval_days", .unit = "days", .min = 1, .max = 366,
                                     .fallback = std::int64_t{7},
                                     .description = "Days per row of timeseries.csv", .source = "MODEL.md §3 (weekly)",
                                     .fixed_at_start = true});
}

// How the world is generated; the synthetic_national rule is documented in
// sim/world/national_world.cpp and docs/ODD.md.
void describe_world_generation(WorldParameters& w, ParameterVisitor& v) {
  const char* data = "scenarios/data/PROVENANCE.md";
  v.choice(w.generator, {.key = "world.generator", .fallback = std::string_view("census_localities"),
                         .description = "census_localities: the real localities of world.localities_file; "
                                        "synthetic_national: localities generated per municipality of "
                                        "world.municipalities_file from its population and seat",
                         .source = "assumption", .fixed_at_start = true},
           {"census_localities", "synthetic_national"});
  v.file_path(w.municipalities_file, {.key = "world.municipalities_file", .unit = "path",
                                      .fallback = std::string_view("embedded:scenarios/data/mx_municipalities_2020.csv"),
                                      .description = "Every municipality with its 2020 population and seat (locality, "
                                                     "population, coordinates); read by synthetic_national",
                                      .source = data, .fixed_at_start = true});
  v.real(w.synthetic_mean_population, {.key = "world.synthetic.mean_population", .unit = "people", .min = 1, .max = 1e6,
                                       .fallback = 238.0,
                                       .description = "Mean population of generated non-seat localities (synthetic_national)",
                                       .source = "derived: the file's non-seat population, 44,476,307, over the 2020 "
                                                 "census's 189,432 − 2,469 non-seat localities",
                                       .fixed_at_start = true});
  v.real(w.synthetic_size_exponent, {.key = "world.synthetic.size_exponent", .min = 1.05, .max = 10, .fallback = 1.5,
                                     .description = "Pareto tail index of generated localities' sizes (smaller: heavier tail)",
                                     .source = "assumption: Zipf-like locality sizes", .fixed_at_start = true});
  v.real(w.synthetic_spread_km, {.key = "world.synthetic.spread_km", .unit = "km", .min = 0.5, .max = 500, .fallback = 15.0,
                                 .description = "Generated localities lie within this distance of their seat (at most "
                                                "half the way to the nearest other seat)",
                                 .source = "assumption", .fixed_at_start = true});
  v.integer(w.synthetic_seed, {.key = "world.synthetic.seed", .min = 0, .max = 9.0e15, .fallback = std::int64_t{2020},
                               .description = "Keys the generated localities' sizes and places, so runs with different "
                                              "scenario.seed share one map",
                               .source = "assumption", .fixed_at_start = true});
  v.integer(w.hospital_min_seat_population, {.key = "world.hospital_min_seat_population", .unit = "people", .min = 1,
                                             .max = 1e8, .fallback = std::int64_t{50000},
                                             .description = "synthetic_national: a hospital stands at every seat at least "
                                                            "this large, at each state's largest seat and at "
                                                            "world.hospital_municipality's seat",
                                             .source = "assumption: about 215 hospitals, near Mexico's ~230 health jurisdictions",
                                             .fixed_at_start = true});
  v.real(w.default_poverty_share, {.key = "world.default_poverty_share", .unit = "share", .min = 0, .max = 1,
                                   .fallback = 0.439,
                                   .description = "Share in poverty of municipalities missing from the poverty file",
                                   .source = "assumption: CONEVAL 2020 national figure (43.9%)", .fixed_at_start = true});
  v.real(w.default_extreme_poverty_share, {.key = "world.default_extreme_poverty_share", .unit = "share", .min = 0,
                                           .max = 1, .fallback = 0.085,
                                           .description = "Share in extreme poverty of municipalities missing from the "
                                                          "poverty file",
                                           .source = "assumption: CONEVAL 2020 national figure (8.5%)",
                                           .fixed_at_start = true});
}

void describe_world(WorldParameters& w, ParameterVisitor& v) {
  const char* data = "scenarios/data/PROVENANCE.md";
  v.file_path(w.localities_file, {.key = "world.localities_file", .unit = "path",
                                  .fallback = std::string_view("embedded:scenarios/data/nuevo_leon_localities_2020.csv"),
                                  .description = "Localities with population, coordinates and dwelling services (INEGI ITER 2020)",
                                  .source = data, .fixed_at_start = true});
  v.file_path(w.crime_file, {.key = "world.crime_file", .unit = "path",
                             .fallback = std::string_view("embedded:scenarios/data/nl_sesnsp_delitos_municipal_2015_2026.csv"),
                             .description = "Recorded crimes per municipality and year (SESNSP)", .source = data,
                             .fixed_at_start = true});
  v.file_path(w.poverty_file, {.key = "world.poverty_file", .unit = "path",
                               .fallback = std::string_view("embedded:scenarios/data/municipal_poverty.csv"),
                               .description = "Shares in poverty and extreme poverty per municipality", .source = data,
                               .fixed_at_start = true});
  v.text_list(w.municipalities, {.key = "world.municipalities", .unit = "INEGI codes",
                                 .fallback = std::vector<std::string_view>{"014", "017", "036", "007", "024", "030"},
                                 .description = "Municipalities of the simulated jurisdiction: cve_mun codes of the "
                                                "localities file (census_localities) or 5-digit cvegeo codes, state then "
                                                "municipality (synthetic_national); [all] for every municipality in the file",
                                 .source = "case study: southern Nuevo León jurisdiction around Doctor Arroyo",
                                 .fixed_at_start = true});
  v.text(w.hospital_municipality, {.key = "world.hospital_municipality", .fallback = std::string_view("014"),
                                   .description = "The jurisdiction hospital stands at this municipality's seat",
                                   .source = "assumption: Doctor Arroyo's seat hosts the jurisdiction hospital",
                                   .fixed_at_start = true});
  v.real(w.warehouse_lat, {.key = "world.warehouse_lat", .unit = "degrees", .min = -90, .max = 90, .fallback = 25.6866,
                           .description = "Latitude of the state medicine warehouse", .source = "Monterrey",
                           .fixed_at_start = true});
  v.real(w.warehouse_lon, {.key = "world.warehouse_lon", .unit = "degrees", .min = -180, .max = 180, .fallback = -100.3161,
                           .description = "Longitude of the state medicine warehouse", .source = "Monterrey",
                           .fixed_at_start = true});
  v.integer(w.clinic_min_population, {.key = "world.clinic_min_population", .unit = "people", .min = 1, .max = 1e7,
                                      .fallback = std::int64_t{500},
                                      .description = "Localities at least this large get a rural health centre (seats always do)",
                                      .source = "assumption: Table 1's smallest served population (500)",
                                      .fixed_at_start = true});
  v.integer(w.road_neighbours, {.key = "world.road_neighbours", .min = 1, .max = 12, .fallback = std::int64_t{3},
                                .description = "Each locality is linked by road to this many nearest localities",
                                .source = "assumption (no road data available)", .fixed_at_start = true});
  v.real(w.winding_factor, {.key = "world.winding_factor", .unit = "road km / straight km", .min = 1, .max = 3,
                            .fallback = 1.35, .description = "Road length over great-circle distance",
                            .source = "assumption: typical for mountain roads", .fixed_at_start = true});
  v.real(w.paved_speed_kmh, {.key = "world.paved_speed_kmh", .unit = "km/h", .min = 5, .max = 130, .fallback = 70.0,
                             .description = "Average speed on paved roads", .source = "assumption", .fixed_at_start = true});
  v.real(w.unpaved_speed_kmh, {.key = "world.unpaved_speed_kmh", .unit = "km/h", .min = 2, .max = 100, .fallback = 25.0,
                               .description = "Average speed on unpaved roads", .source = "assumption",
                               .fixed_at_start = true});
  v.integer(w.paved_min_population, {.key = "world.paved_min_population", .unit = "people", .min = 0, .max = 1e7,
                                     .fallback = std::int64_t{500},
                                     .description = "Towns: localities at least this large. A municipality's seat and towns are "
                                                    "joined by a paved trunk (the shortest straight-line tree); a road is "
                                                    "paved when both ends are towns or seats",
                                     .source = "assumption: places large enough for a health centre (Table 1's 500) "
                                               "are on paved roads; calibrated to the case study's 30 minutes to over "
                                               "three hours to the hospital",
                                     .fixed_at_start = true});
  v.real(w.cc_hospital_minutes, {.key = "world.cc_hospital_minutes", .unit = "minutes", .min = 0, .max = 1000,
                                 .fallback = 90.0,
                                 .description = "Rural dispersed clinics farther than this from the hospital are category CC",
                                 .source = "case study Table 1 (difficult access); threshold assumed",
                                 .fixed_at_start = true});
  v.real(w.nurse_probability, {.key = "world.nurse_probability", .unit = "share", .min = 0, .max = 1, .fallback = 0.6,
                               .description = "Chance that a clinic has a nurse",
                               .source = "case study: interns are often accompanied by a nurse", .fixed_at_start = true});
  v.real(w.child_share, {.key = "world.child_share", .unit = "share", .min = 0, .max = 1, .fallback = 0.27,
                         .description = "Share of residents aged under 15", .source = "assumption: INEGI 2020 national",
                         .fixed_at_start = true});
  v.real(w.elder_share, {.key = "world.elder_share", .unit = "share", .min = 0, .max = 1, .fallback = 0.10,
                         .description = "Share of residents aged 65 and over",
                         .source = "assumption: rural Nuevo León is older than the national 8%", .fixed_at_start = true});
  v.real(w.internet_default_share, {.key = "world.internet_default_share", .unit = "share", .min = 0, .max = 1,
                                    .fallback = 0.05,
                                    .description = "Internet share where INEGI suppresses small localities' counts",
                                    .source = "assumption", .fixed_at_start = true});
  v.real(w.cellphone_default_share, {.key = "world.cellphone_default_share", .unit = "share", .min = 0, .max = 1,
                                     .fallback = 0.6,
                                     .description = "Cell-phone share where INEGI suppresses small localities' counts",
                                     .source = "assumption", .fixed_at_start = true});
  describe_world_generation(w, v);
}

struct MedicineDefaults {
  double unit_cost;
  std::int64_t units;
  std::int64_t shelf_life;
  double basket_share;
};
// Unit costs are rough public-sector prices (assumption); the basket shares
// encode the case study's "more calcium than metformin" example.
constexpr std::array<MedicineDefaults, kMedicineCount> kMedicineDefaults{{
    {0.5, 60, 730, 0.05},    // metformin: 60 tablets a month
    {250.0, 2, 180, 0.04},   // insulin: two vials a month
    {0.8, 30, 730, 0.08},    // antihypertensive
    {2.0, 21, 540, 0.14},    // antibiotic: one course of amoxicillin
    {0.3, 10, 1095, 0.12},   // analgesic
    {6.0, 4, 730, 0.07},     // oral rehydration salts
    {150.0, 1, 1095, 0.05},  // trauma / suture kit
    {1.0, 30, 730, 0.45},    // calcium supplement
}};

void describe_medicines(std::array<MedicineParameters, kMedicineCount>& meds, ParameterVisitor& v) {
  for (int m = 0; m < kMedicineCount; ++m) {
    const std::string_view name = kMedicineNames[m];
    const auto& d = kMedicineDefaults[m];
    auto& p = meds[m];
    v.real(p.unit_cost_mxn, {.key = key("medicines.", name, ".unit_cost_mxn"), .unit = "MXN/unit", .min = 0,
                             .max = 1e6, .fallback = d.unit_cost, .description = "Unit cost",
                             .source = "assumption: public-sector price order of magnitude"});
    v.integer(p.units_per_course, {.key = key("medicines.", name, ".units_per_course"), .unit = "units", .min = 1,
                                   .max = 10000, .fallback = d.units, .description = "Units one treatment course uses",
                                   .source = "assumption", .fixed_at_start = true});
    v.integer(p.shelf_life_days, {.key = key("medicines.", name, ".shelf_life_days"), .unit = "days", .min = 1,
                                  .max = 3650, .fallback = d.shelf_life, .description = "Days before a delivered lot expires",
                                  .source = "assumption"});
    v.real(p.basket_share, {.key = key("medicines.", name, ".basket_share"), .unit = "share of budget", .min = 0,
                            .max = 1, .fallback = d.basket_share,
                            .description = "Budget share under the fixed_basket allocation rule",
                            .source = "case study: calcium arrives in excess while metformin runs out"});
  }
}

void describe_population(PopulationParameters& p, ParameterVisitor& v) {
  v.real(p.diabetes_prevalence_adult, {.key = "population.diabetes_prevalence_adult", .unit = "share", .min = 0,
                                       .max = 1, .fallback = 0.14, .description = "Diagnosed diabetes among adults",
                                       .source = "MODEL.md §5.2", .fixed_at_start = true});
  v.real(p.hypertension_prevalence_adult, {.key = "population.hypertension_prevalence_adult", .unit = "share",
                                           .min = 0, .max = 1, .fallback = 0.18,
                                           .description = "Diagnosed hypertension among adults",
                                           .source = "MODEL.md §5.2", .fixed_at_start = true});
  v.real(p.elder_prevalence_multiplier, {.key = "population.elder_prevalence_multiplier", .min = 0, .max = 5,
                                         .fallback = 1.8, .description = "Chronic prevalence among over-65s relative to adults",
                                         .source = "assumption", .fixed_at_start = true});
  v.real(p.insulin_share_of_diabetics, {.key = "population.insulin_share_of_diabetics", .unit = "share", .min = 0,
                                        .max = 1, .fallback = 0.12, .description = "Diabetics whose refill is insulin",
                                        .source = "assumption", .fixed_at_start = true});
  v.real(p.trust_initial_mean, {.key = "population.trust_initial_mean", .unit = "0-1", .min = 0, .max = 1,
                                .fallback = 0.7, .description = "Mean initial trust in the public clinic",
                                .source = "calibrated", .fixed_at_start = true});
  v.real(p.trust_initial_sd, {.key = "population.trust_initial_sd", .unit = "0-1", .min = 0, .max = 0.5,
                              .fallback = 0.15, .description = "Spread of initial trust",
                              .source = "assumption", .fixed_at_start = true});
  v.real(p.controlled_initial_share, {.key = "population.controlled_initial_share", .unit = "share", .min = 0,
                                      .max = 1, .fallback = 0.5,
                                      .description = "Chronic patients under control on the first day",
                                      .source = "assumption", .fixed_at_start = true});
}

void describe_demand(DemandParameters& d, ParameterVisitor& v) {
  v.real(d.acute_rate_per_year, {.key = "demand.acute_rate_per_year", .unit = "episodes/person-year", .min = 0,
                                 .max = 50, .fallback = 1.5,
                                 .description = "Acute episodes needing a consultation", .source = "MODEL.md §5.2"});
  v.real(d.severity_mild, {.key = "demand.severity.mild", .unit = "share", .min = 0, .max = 1, .fallback = 0.70,
                           .description = "Share of acute episodes that are mild", .source = "MODEL.md §5.2"});
  v.real(d.severity_moderate, {.key = "demand.severity.moderate", .unit = "share", .min = 0, .max = 1,
                               .fallback = 0.25, .description = "Share that are moderate", .source = "MODEL.md §5.2"});
  v.real(d.severity_severe, {.key = "demand.severity.severe", .unit = "share", .min = 0, .max = 1, .fallback = 0.05,
                             .description = "Share that are severe", .source = "MODEL.md §5.2"});
  constexpr std::array<double, kAcuteCaseCount> case_defaults{0.40, 0.30, 0.15, 0.08, 0.07};
  constexpr std::array<const char*, kAcuteCaseCount> case_medicine{
      "an antibiotic course", "an analgesic course", "oral rehydration salts", "a trauma kit", "calcium supplements"};
  for (int c = 0; c < kAcuteCaseCount; ++c)
    v.real(d.case_share[c], {.key = key("demand.case_mix.", kAcuteCaseNames[c]), .unit = "share", .min = 0, .max = 1,
                             .fallback = case_defaults[c],
                             .description = stored(std::string("Share of acute episodes needing ") + case_medicine[c]),
                             .source = "assumption: rural primary care case mix"});
  v.real(d.travel_scale_minutes, {.key = "demand.travel_scale_minutes", .unit = "minutes", .min = 1, .max = 10000,
                                  .fallback = 120.0, .description = "Distance decay of care seeking",
                                  .source = "MODEL.md §5.2"});
  v.real(d.poverty_barrier, {.key = "demand.poverty_barrier", .unit = "share", .min = 0, .max = 1, .fallback = 0.3,
                             .description = "Lower chance of seeking care in extreme poverty", .source = "MODEL.md §5.2"});
  v.real(d.severity_factor_mild, {.key = "demand.severity_factor.mild", .min = 0, .max = 10, .fallback = 1.0,
                                  .description = "Care-seeking factor for mild episodes", .source = "MODEL.md §5.2"});
  v.real(d.severity_factor_moderate, {.key = "demand.severity_factor.moderate", .min = 0, .max = 10, .fallback = 1.3,
                                      .description = "Care-seeking factor for moderate episodes", .source = "MODEL.md §5.2"});
  v.real(d.severity_factor_severe, {.key = "demand.severity_factor.severe", .min = 0, .max = 10, .fallback = 2.0,
                                    .description = "Care-seeking factor for severe episodes", .source = "MODEL.md §5.2"});
  v.integer(d.chronic_refill_days, {.key = "demand.chronic_refill_days", .unit = "days", .min = 7, .max = 180,
                                    .fallback = std::int64_t{30}, .description = "Chronic consultation and refill cycle",
                                    .source = "MODEL.md §5.2"});
  v.integer(d.chronic_retry_days, {.key = "demand.chronic_retry_days", .unit = "days", .min = 1, .max = 90,
                                   .fallback = std::int64_t{7},
                                   .description = "A chronic patient turned away tries again after this many days",
                                   .source = "assumption"});
  v.real(d.trust_gain_treated, {.key = "demand.trust.gain_treated", .min = 0, .max = 1, .fallback = 0.1,
                                .description = "Trust += gain × (1 − trust) after treatment", .source = "MODEL.md §5.2"});
  v.real(d.trust_loss_refused, {.key = "demand.trust.loss_refused", .min = 0, .max = 1, .fallback = 0.3,
                                .description = "Trust −= loss × trust after being turned away", .source = "MODEL.md §5.2"});
  v.real(d.trust_loss_wasted_trip, {.key = "demand.trust.loss_wasted_trip", .min = 0, .max = 1, .fallback = 0.4,
                                    .description = "Trust −= loss × trust after a wasted trip to the hospital",
                                    .source = "MODEL.md §5.2"});
  v.real(d.trust_stop_coming, {.key = "demand.trust.stop_coming_below", .unit = "0-1", .min = 0, .max = 1,
                               .fallback = 0.2, .description = "Chronic patients below this trust stop coming",
                               .source = "MODEL.md §5.2"});
  v.real(d.trauma_cases_per_event, {.key = "demand.trauma_cases_per_event", .unit = "cases", .min = 0, .max = 20,
                                    .fallback = 1.0, .description = "Mean trauma cases a violent event brings to the clinic",
                                    .source = "assumption"});
}

void describe_care(CareParameters& c, ParameterVisitor& v) {
  v.real(c.consultations_per_hour, {.key = "care.consultations_per_hour", .unit = "visits/hour", .min = 0.1, .max = 20,
                                    .fallback = 3.0, .description = "Consultations a doctor completes per hour (20 minutes each)",
                                    .source = "MODEL.md §5.3"});
  constexpr std::array<double, kCategoryCount> hours{6, 8, 8, 8};
  constexpr std::array<bool, kCategoryCount> saturday{false, true, true, true};
  constexpr std::array<bool, kCategoryCount> on_call{false, false, true, true};
  // Just over 30% of Nuevo León's health centres are staffed only by interns;
  // with the state's mix of clinics (38 A, 68 B, 1 C, 72 CC in
  // scenarios/nuevo_leon.yaml) these shares give about 31% intern-only
  // (about 44% in the remoter southern jurisdiction).
  constexpr std::array<double, kCategoryCount> staff{1.0, 0.85, 0.4, 0.38};
  for (int k = 0; k < kCategoryCount; ++k) {
    const std::string_view cat = kCategoryNames[k];
    v.real(c.hours_per_day[k], {.key = key("care.hours_per_day.", cat), .unit = "hours", .min = 0, .max = 24,
                                .fallback = hours[k], .description = "Consultation hours on a working day",
                                .source = "case study Table 1"});
    v.boolean(c.opens_saturday[k], {.key = key("care.opens_saturday.", cat), .fallback = saturday[k],
                                    .description = "The clinic works Monday to Saturday (else Monday to Friday)",
                                    .source = "case study Table 1"});
    v.boolean(c.on_call[k], {.key = key("care.on_call.", cat), .fallback = on_call[k],
                             .description = "The intern is on call at all hours for severe cases",
                             .source = "case study Table 1 (available 24/7)"});
    v.real(c.staff_physician_probability[k], {.key = key("care.staff_physician_probability.", cat), .unit = "share",
                                              .min = 0, .max = 1, .fallback = staff[k],
                                              .description = "Chance the clinic also has a permanent physician",
                                              .source = "case study: just over 30% of centres are staffed only by interns",
                                              .fixed_at_start = true});
  }
  v.real(c.nurse_capacity_bonus, {.key = "care.nurse_capacity_bonus", .unit = "share", .min = 0, .max = 2,
                                  .fallback = 0.2, .description = "Extra capacity a nurse adds for simple tasks",
                                  .source = "assumption"});
  v.real(c.staff_physician_competence, {.key = "care.staff_physician_competence", .unit = "0-1", .min = 0, .max = 1,
                                        .fallback = 0.85, .description = "Competence of a permanent physician",
                                        .source = "assumption"});
  v.real(c.complexity_mild, {.key = "care.complexity.mild", .unit = "0-1", .min = 0, .max = 1, .fallback = 0.45,
                             .description = "Upper bound of a mild case's complexity (uniform draw)", .source = "assumption"});
  v.real(c.complexity_moderate, {.key = "care.complexity.moderate", .unit = "0-1", .min = 0, .max = 1, .fallback = 0.75,
                                 .description = "Upper bound of a moderate case's complexity", .source = "assumption"});
  v.real(c.complexity_severe, {.key = "care.complexity.severe", .unit = "0-1", .min = 0, .max = 1, .fallback = 1.0,
                               .description = "Upper bound of a severe case's complexity", .source = "assumption"});
  v.real(c.hospital_consultations_per_day, {.key = "care.hospital_consultations_per_day", .unit = "visits/day",
                                            .min = 0, .max = 10000, .fallback = 40.0,
                                            .description = "Referrals the jurisdiction hospital can see per day",
                                            .source = "assumption"});
  v.real(c.hospital_stock_days, {.key = "care.hospital_stock_days", .unit = "days", .min = 0, .max = 3650,
                                 .fallback = 30.0, .description = "Days of expected referrals the hospital's first stock covers",
                                 .source = "assumption"});
  v.real(c.hospital_resupply_share, {.key = "care.hospital_resupply_share", .unit = "share", .min = 0, .max = 5,
                                     .fallback = 0.6,
                                     .description = "Share of the units the hospital's referrals asked for in a shipment cycle that its next restock delivers",
                                     .source = "calibrated: the hospital can also be out of stock"});
}

void describe_health(HealthParameters& h, ParameterVisitor& v) {
  v.real(h.complication_hazard_per_uncontrolled_day,
         {.key = "health.complication_hazard_per_uncontrolled_day", .unit = "1/day", .min = 0, .max = 1,
          .fallback = 0.0004, .description = "Hazard of a complication per day a chronic condition is out of control",
          .source = "assumption"});
  v.real(h.death_given_complication, {.key = "health.death_given_complication", .unit = "probability", .min = 0,
                                      .max = 1, .fallback = 0.08, .description = "Chance a complication is fatal",
                                      .source = "assumption"});
  v.real(h.death_severe_untreated, {.key = "health.death_severe_untreated", .unit = "probability", .min = 0, .max = 1,
                                    .fallback = 0.02, .description = "Chance a severe acute case left untreated is fatal",
                                    .source = "assumption"});
  v.integer(h.control_grace_days, {.key = "health.control_grace_days", .unit = "days", .min = 0, .max = 365,
                                   .fallback = std::int64_t{10},
                                   .description = "Days past a missed refill before a condition goes out of control",
                                   .source = "assumption"});
}

void describe_supply(SupplyParameters& s, ParameterVisitor& v) {
  v.real(s.budget_mxn_per_capita_year, {.key = "supply.budget_mxn_per_capita_year", .unit = "MXN/person-year",
                                        .min = 0, .max = 1e6, .fallback = 55.0,
                                        .description = "Medicine budget for rural clinics per resident and year",
                                        .source = "calibrated: shortages are the main reason for refusals (case study)"});
  v.integer(s.admin_delay_days, {.key = "supply.admin_delay_days", .unit = "days", .min = 0, .max = 365,
                                 .fallback = std::int64_t{12}, .description = "Administrative delay before a shipment leaves",
                                 .source = "assumption"});
  v.real(s.robbery_per_risky_trip, {.key = "supply.robbery_per_risky_trip", .unit = "probability", .min = 0, .max = 1,
                                    .fallback = 0.03,
                                    .description = "Chance a shipment is robbed per unit of route danger",
                                    .source = "assumption"});
  v.real(s.safety_stock_share, {.key = "supply.safety_stock_share", .unit = "share", .min = 0, .max = 5,
                                .fallback = 0.2, .description = "Safety stock added by the needs_based rule",
                                .source = "MODEL.md §5.4"});
  v.real(s.expected_care_seeking, {.key = "supply.expected_care_seeking", .unit = "share", .min = 0, .max = 1,
                                   .fallback = 0.5,
                                   .description = "Share of acute episodes the needs_based rule expects to reach the clinic",
                                   .source = "assumption"});
}

void describe_violence(ViolenceParameters& vp, ParameterVisitor& v) {
  v.integer(vp.crime_year, {.key = "violence.crime_year", .unit = "year", .min = 2015, .max = 2026,
                            .fallback = std::int64_t{2022}, .description = "Year of recorded crime that sets base rates",
                            .source = "SESNSP (scenarios/data)", .fixed_at_start = true});
  v.real(vp.intensity_multiplier, {.key = "violence.intensity_multiplier", .unit = "×", .min = 0, .max = 100,
                                   .fallback = 1.0, .description = "Scales all violence rates",
                                   .source = "MODEL.md §6"});
  v.real(vp.events_per_recorded_crime, {.key = "violence.events_per_recorded_crime", .unit = "events/crime", .min = 0,
                                        .max = 100, .fallback = 0.35,
                                        .description = "Health-relevant violent events per recorded crime against life and bodily integrity",
                                        .source = "calibrated: interns' mean security 24.1 (case study survey)"});
  v.real(vp.alpha, {.key = "violence.alpha", .unit = "events", .min = 0, .max = 0.99, .fallback = 0.3,
                    .description = "Self-excitation: expected follow-on events per event", .source = "MODEL.md §5.5"});
  v.real(vp.beta, {.key = "violence.beta", .unit = "1/day", .min = 0.001, .max = 10, .fallback = 0.1,
                   .description = "Decay rate of excitation", .source = "MODEL.md §5.5"});
  v.real(vp.spatial_share, {.key = "violence.spatial_share", .unit = "share", .min = 0, .max = 1, .fallback = 0.3,
                            .description = "Share of an event's excitation passed to neighbouring municipalities",
                            .source = "assumption"});
  v.real(vp.spatial_scale_minutes, {.key = "violence.spatial_scale_minutes", .unit = "minutes", .min = 1, .max = 10000,
                                    .fallback = 60.0, .description = "Travel-time decay of the spatial kernel",
                                    .source = "assumption"});
  constexpr std::array<double, kViolenceTypeCount> shares{0.25, 0.30, 0.15, 0.10, 0.10, 0.10};
  constexpr std::array<const char*, kViolenceTypeCount> what{
      "gunfire near a clinic", "a road checkpoint", "a threat to an intern", "a clinic robbery", "a curfew",
      "an armed demand for care"};
  for (int t = 0; t < kViolenceTypeCount; ++t)
    v.real(vp.type_share[t], {.key = key("violence.type_share.", kViolenceTypeNames[t]), .unit = "share", .min = 0,
                              .max = 1, .fallback = shares[t],
                              .description = stored(std::string("Share of violent events that are ") + what[t]),
                              .source = "MODEL.md §5.5"});
  v.integer(vp.checkpoint_days_max, {.key = "violence.checkpoint_days_max", .unit = "days", .min = 1, .max = 30,
                                     .fallback = std::int64_t{3}, .description = "A checkpoint closes a road for 1 to this many days",
                                     .source = "MODEL.md §5.5"});
  v.integer(vp.curfew_days_max, {.key = "violence.curfew_days_max", .unit = "days", .min = 1, .max = 30,
                                 .fallback = std::int64_t{2}, .description = "A curfew closes a locality for 1 to this many days",
                                 .source = "MODEL.md §5.5"});
  v.real(vp.harassment_rate_women_per_year, {.key = "violence.harassment_rate_women", .unit = "episodes/year",
                                             .min = 0, .max = 100, .fallback = 2.7,
                                             .description = "Harassment or discrimination episodes per woman intern-year",
                                             .source = "calibrated: 27 of 30 women report at least one (case study)"});
  v.real(vp.harassment_rate_men_per_year, {.key = "violence.harassment_rate_men", .unit = "episodes/year", .min = 0,
                                           .max = 100, .fallback = 0.4,
                                           .description = "Harassment episodes per man intern-year", .source = "assumption"});
  v.real(vp.road_risk_per_level, {.key = "violence.road_risk_per_level", .unit = "danger per event/day", .min = 0,
                                  .max = 100, .fallback = 4.0,
                                  .description = "Road danger per unit of the municipality's daily violence intensity",
                                  .source = "assumption"});
  v.real(vp.default_crimes_per_100k, {.key = "violence.default_crimes_per_100k", .unit = "crimes/100k/year", .min = 0,
                                      .max = 100000, .fallback = 217.0,
                                      .description = "synthetic_national: recorded violent crimes per 100,000 residents "
                                                     "where the crime file has no count (outside Nuevo León)",
                                      .source = "derived: median of Nuevo León's municipalities under 50,000 residents, "
                                                "2022 (SESNSP)",
                                      .fixed_at_start = true});
}

void describe_interns(InternParameters& i, ParameterVisitor& v) {
  auto real = [&](double& f, std::string_view k, std::string_view unit, double lo, double hi, double def,
                  std::string_view desc, std::string_view src = "assumption") {
    v.real(f, {.key = key("interns.", k), .unit = unit, .min = lo, .max = hi, .fallback = def, .description = desc,
               .source = src});
  };
  v.integer(i.service_months, {.key = "interns.service_months", .unit = "months", .min = 6, .max = 12,
                               .fallback = std::int64_t{12}, .description = "Length of a service cohort",
                               .source = "MODEL.md §2", .fixed_at_start = true});
  v.integer(i.slots_per_clinic,
            {.key = "interns.slots_per_clinic", .unit = "interns", .min = 0, .max = 2, .fallback = std::int64_t{1},
             .description = "Intern slots offered per vacant clinic and cohort (a clinic has places for an intern "
                            "and a partner, no more)",
             .source = "assumption"});
  real(i.slot_fill_share, "slot_fill_share", "share", 0, 1, 0.9,
       "Share of offered slots that interns fill (rural units receive only 2-5% of interns)",
       "case study: rural institutions receive only 2-5% of interns");
  real(i.female_share, "female_share", "share", 0, 1, 0.6, "Share of interns who are women",
       "case study survey (30 women surveyed)");
  real(i.private_share, "private_share", "share", 0, 1, 0.4, "Share of interns from private universities");
  real(i.gpa_mean, "gpa_mean", "grade 0-10", 6, 10, 8.6, "Mean grade average");
  real(i.gpa_sd, "gpa_sd", "grade", 0, 2, 0.5, "Spread of grade averages");
  real(i.competence_initial_mean, "competence.initial_mean", "0-1", 0, 1, 0.55, "Mean competence at the start of service");
  real(i.competence_initial_sd, "competence.initial_sd", "0-1", 0, 0.5, 0.1, "Spread of initial competence");
  real(i.competence_gain_per_case, "competence.gain_per_case", "0-1", 0, 0.1, 0.0004,
       "Competence gained per consultation (× (1 − competence))");
  real(i.security_initial, "security.initial", "0-100", 0, 100, 60, "Sense of security on arrival",
       "MODEL.md §5.6: starts near 60");
  real(i.security_recovery_per_day, "security.recovery_per_day", "share/day", 0, 1, 0.01,
       "Daily recovery toward the ceiling set by local violence");
  real(i.security_ceiling_per_level, "security.ceiling_per_level", "points per level", 0, 100, 32,
       "Security ceiling = 100 minus this × the municipality's violence level (and its current excitation)",
       "calibrated: interns' mean security 24.1 (case study survey of 20 interns)");
  real(i.security_loss_gunfire, "security.loss.gunfire", "points", 0, 100, 9, "Security lost to gunfire near the clinic");
  real(i.security_loss_threat, "security.loss.threat", "points", 0, 100, 15, "Security lost to a threat");
  real(i.security_loss_robbery, "security.loss.robbery", "points", 0, 100, 8, "Security lost to a clinic robbery");
  real(i.security_loss_armed_demand, "security.loss.armed_demand", "points", 0, 100, 18,
       "Security lost to an armed demand for care", "news article: treating a gunshot victim at gunpoint");
  real(i.security_loss_harassment, "security.loss.harassment", "points", 0, 100, 6, "Security lost per harassment episode");
  real(i.security_loss_road, "security.loss.road", "points", 0, 100, 5,
       "Security lost on a trip along a dangerous road (followed, stopped at a checkpoint)",
       "case study accounts of being followed on the road");
  real(i.women_harassment_loss_multiplier, "security.women_harassment_multiplier", "×", 0, 10, 1.5,
       "Women's security loss per harassment episode relative to men's", "MODEL.md §5.5");
  real(i.stress_initial, "stress.initial", "0-100", 0, 100, 30, "Stress on arrival");
  real(i.stress_recovery_per_day, "stress.recovery_per_day", "share/day", 0, 1, 0.02, "Daily relaxation of stress toward 0 on rest days");
  real(i.stress_per_refusal, "stress.per_refusal", "points", 0, 10, 0.15, "Stress per patient turned away (moral injury)");
  real(i.stress_per_excess_consult, "stress.per_excess_consultation", "points", 0, 10, 0.1,
       "Stress per consultation above the comfortable load");
  real(i.comfortable_load, "stress.comfortable_load", "visits/day", 0, 100, 16, "Consultations a day that cause no strain");
  real(i.stress_isolation_per_day, "stress.isolation_per_day", "points/day", 0, 10, 0.12,
       "Daily stress from isolation (no nurse, no internet or phone)");
  real(i.stress_on_call_night, "stress.on_call_night", "points", 0, 20, 1.0, "Stress per after-hours severe case");
  real(i.stress_per_exposure, "stress.per_exposure", "points", 0, 50, 5, "Stress per violent exposure");
  real(i.stress_stipend_gap_per_day, "stress.stipend_gap_per_day", "points/day per 1,000 MXN", 0, 10, 0.02,
       "Daily stress per 1,000 MXN a month the stipend falls short of the cost of living");
  real(i.cost_of_living_mxn, "cost_of_living_mxn", "MXN/month", 0, 1e6, 8000, "Monthly cost of living of an intern");
  real(i.dropout_hazard_base, "dropout.base", "1/day", 0, 1, 0.00005, "Baseline daily dropout hazard");
  real(i.dropout_hazard_stress, "dropout.stress", "1/day", 0, 1, 0.0004, "Extra daily hazard at stress 100");
  real(i.dropout_hazard_insecurity, "dropout.insecurity", "1/day", 0, 1, 0.0003, "Extra daily hazard at security 0");
  real(i.leave_profession_base, "career.leave_base", "probability", 0, 1, 0.03, "Chance of leaving medicine after service");
  real(i.leave_profession_stress, "career.leave_stress", "probability", 0, 1, 0.15, "Extra chance at final stress 100");
  real(i.leave_profession_insecurity, "career.leave_insecurity", "probability", 0, 1, 0.1, "Extra chance at final security 0");
  real(i.leave_profession_harassment, "career.leave_harassment", "probability", 0, 1, 0.02,
       "Extra chance per harassment episode experienced");
  real(i.trip_rate_per_month, "trips_per_month", "trips/month", 0, 30, 1.0,
       "Trips to the capital on days off",
       "MODEL.md §5.6 (about monthly); case study: interns travel to Monterrey on days off");
  real(i.paperwork_trips_per_month, "paperwork_trips_per_month", "trips/month", 0, 10, 1.0,
       "Working-day trips to the jurisdiction (the hospital's town) for reports and paperwork; the intern is away "
       "from the clinic that day",
       "MODEL.md §5.6: interns travel to the jurisdiction for paperwork, about monthly");
  real(i.study_hours_base, "study_hours_per_day", "hours/day", 0, 16, 3, "Study hours on a light, calm day");
  const char* choice_source = "assumption: interns prefer urban, well-paid, safe slots near the capital (case study)";
  real(i.choice_urban, "choice.urban", "utility", -10, 10, 1.0, "Utility of an urban (A) slot; half for B", choice_source);
  real(i.choice_stipend, "choice.stipend", "utility per 10,000 MXN", -10, 10, 0.6, "Utility of the stipend", choice_source);
  real(i.choice_violence, "choice.violence", "utility per level", -10, 10, 0.8,
       "Disutility per unit of the municipality's violence level", choice_source);
  real(i.choice_distance, "choice.distance", "utility per hour", -10, 10, 0.3,
       "Disutility per hour of travel from the capital", choice_source);
  real(i.choice_taste_sd, "choice.taste_sd", "utility", 0, 10, 0.4, "Spread of each intern's taste for a slot",
       choice_source);
}

void describe_supervision(SupervisionParameters& s, ParameterVisitor& v) {
  v.real(s.max_road_danger, {.key = "supervision.max_road_danger", .unit = "danger", .min = 0, .max = 100,
                             .fallback = 0.6, .description = "A planned visit is cancelled when its route is more dangerous",
                             .source = "assumption"});
  v.real(s.competence_gain, {.key = "supervision.competence_gain", .unit = "0-1", .min = 0, .max = 1, .fallback = 0.03,
                             .description = "Competence added by a visit", .source = "assumption"});
  v.real(s.stress_relief, {.key = "supervision.stress_relief", .unit = "points", .min = 0, .max = 100, .fallback = 6.0,
                           .description = "Stress removed by a visit", .source = "assumption"});
  v.real(s.inflation_catch, {.key = "supervision.inflation_catch", .unit = "probability", .min = 0, .max = 1,
                             .fallback = 0.3, .description = "Chance a visit notices inflated reports",
                             .source = "assumption"});
  v.real(s.propensity_cut, {.key = "supervision.propensity_cut", .unit = "share", .min = 0, .max = 1, .fallback = 0.15,
                            .description = "Cut in the clinic's propensity to inflate when a supervisor catches it",
                            .source = "assumption"});
  v.real(s.telemedicine_effect, {.key = "supervision.telemedicine_effect", .unit = "share", .min = 0, .max = 1,
                                 .fallback = 0.5, .description = "Effect of a remote visit relative to an in-person one",
                                 .source = "assumption"});
  v.real(s.remote_sessions_per_month, {.key = "supervision.remote_sessions_per_month", .unit = "sessions/month",
                                       .min = 0, .max = 30, .fallback = 4.0,
                                       .description = "Remote sessions planned per clinic when telemedicine is on",
                                       .source = "assumption: weekly calls"});
  v.real(s.cost_per_visit_mxn, {.key = "supervision.cost_per_visit_mxn", .unit = "MXN", .min = 0, .max = 1e6,
                                .fallback = 1500.0, .description = "Cost of an in-person visit (fuel, per diem)",
                                .source = "assumption"});
  v.real(s.cost_per_remote_session_mxn, {.key = "supervision.cost_per_remote_session_mxn", .unit = "MXN", .min = 0,
                                         .max = 1e6, .fallback = 150.0, .description = "Cost of a remote session",
                                         .source = "assumption"});
}

void describe_reporting(ReportingParameters& r, ParameterVisitor& v) {
  v.real(r.inflation_propensity, {.key = "reporting.inflation_propensity", .unit = "probability", .min = 0, .max = 1,
                                  .fallback = 0.9, .description = "Chance an intern short of quota inflates the week's report",
                                  .source = "case study: interns are pressed to 'make the numbers'"});
  v.real(r.inflation_supervision_damping, {.key = "reporting.supervision_damping", .unit = "share", .min = 0, .max = 1,
                                           .fallback = 0.15,
                                           .description = "Propensity cut per supervision visit in the last month",
                                           .source = "assumption"});
  v.real(r.supervisor_inflation, {.key = "reporting.supervisor_inflation", .unit = "share", .min = 0, .max = 1,
                                  .fallback = 0.05, .description = "Extra inflation added on the way up by supervisors",
                                  .source = "MODEL.md §5.7"});
  v.real(r.audit_share_per_month, {.key = "reporting.audit_share_per_month", .unit = "share", .min = 0, .max = 1,
                                   .fallback = 0.25,
                                   .description = "Share of clinics the independent authority audits each month",
                                   .source = "assumption"});
  v.real(r.audit_propensity_cut, {.key = "reporting.audit_propensity_cut", .unit = "share", .min = 0, .max = 1,
                                  .fallback = 0.6, .description = "Lasting cut in a clinic's inflation propensity after a finding",
                                  .source = "assumption"});
}

void describe_administration(AdministrationParameters& a, ParameterVisitor& v) {
  v.date(a.next_change, {.key = "administration.next_change", .unit = "date", .fallback = std::string_view("2024-10-01"),
                         .description = "Date the next federal administration takes office",
                         .source = "Mexico's federal term, changed on 1 October 2024", .fixed_at_start = true});
  v.integer(a.term_years, {.key = "administration.term_years", .unit = "years", .min = 1, .max = 12,
                           .fallback = std::int64_t{6}, .description = "Length of an administration",
                           .source = "MODEL.md §2", .fixed_at_start = true});
  v.real(a.budget_multiplier_sd, {.key = "administration.budget_multiplier_sd", .unit = "log-sd", .min = 0, .max = 2,
                                  .fallback = 0.25, .description = "Spread of a new administration's budget multiplier",
                                  .source = "assumption"});
  v.real(a.rule_change_probability, {.key = "administration.rule_change_probability", .unit = "probability", .min = 0,
                                     .max = 1, .fallback = 0.5,
                                     .description = "Chance a new administration changes the allocation rule",
                                     .source = "case study: each new government alters the system"});
  v.integer(a.disruption_days, {.key = "administration.disruption_days", .unit = "days", .min = 0, .max = 730,
                                .fallback = std::int64_t{90}, .description = "Days shipments pause after a change",
                                .source = "case study: the 2020 Seguro Popular to INSABI transition"});
}

void describe_policy(Policy& p, ParameterVisitor& v) {
  v.real(p.supervision_visits_per_month, {.key = "policy.supervision.visits_per_month", .unit = "visits/month",
                                          .min = 0, .max = 30, .fallback = 1.5,
                                          .description = "Planned supervisor visits per clinic per month",
                                          .source = "case study: supervisors come once or twice a month"});
  v.boolean(p.telemedicine, {.key = "policy.supervision.telemedicine", .fallback = false,
                             .description = "Remote supervision where the locality has internet", .source = "MODEL.md §6"});
  constexpr std::array<double, kCategoryCount> stipends{2500, 5000, 10000, 12000};
  for (int k = 0; k < kCategoryCount; ++k)
    v.real(p.stipend_mxn[k], {.key = key("policy.stipends_mxn.", kCategoryNames[k]), .unit = "MXN/month", .min = 0,
                              .max = 1e6, .fallback = stipends[k], .description = "Monthly stipend for this category",
                              .source = "case study Table 1"});
  v.choice(p.assignment_rule, {.key = "policy.assignment.rule", .fallback = std::string_view("gpa_rank"),
                               .description = "How interns are matched to slots", .source = "case study; news article"},
           {"gpa_rank", "lottery", "needs_first"});
  v.boolean(p.private_first, {.key = "policy.assignment.private_first", .fallback = true,
                              .description = "Private-university interns choose first",
                              .source = "case study interviews"});
  v.optional_real(p.max_violence, {.key = "policy.assignment.max_violence", .unit = "violent crimes/1,000 residents-year", .min = 0, .max = 1000,
                                   .fallback = std::monostate{},
                                   .description = "No slots where the violence level is above this (null: no screening)",
                                   .source = "MODEL.md §6"});
  v.boolean(p.pair_remote, {.key = "policy.assignment.pair_remote", .fallback = false,
                            .description = "No intern alone in C/CC clinics", .source = "MODEL.md §6"});
  v.choice(p.allocation, {.key = "policy.supply.allocation", .fallback = std::string_view("fixed_basket"),
                          .description = "How the warehouse splits the medicine budget", .source = "MODEL.md §5.4"},
           {"fixed_basket", "reported_consumption", "needs_based"});
  v.real(p.budget_multiplier, {.key = "policy.supply.budget_multiplier", .min = 0, .max = 20, .fallback = 1.0,
                               .description = "Scales the medicine budget", .source = "MODEL.md §6"});
  v.integer(p.supply_interval_days, {.key = "policy.supply.interval_days", .unit = "days", .min = 1, .max = 365,
                                     .fallback = std::int64_t{30}, .description = "Days between shipments",
                                     .source = "MODEL.md §5.4"});
  v.real(p.quota_per_week, {.key = "policy.reporting.quota_per_week", .unit = "consultations/week", .min = 0,
                            .max = 1000, .fallback = 90.0, .description = "Consultations an intern must report weekly",
                            .source = "assumption: set above what a rural clinic can truly see"});
  v.boolean(p.independent_authority, {.key = "policy.independent_authority.enabled", .fallback = false,
                                      .description = "An authority that audits data and keeps policy stable",
                                      .source = "case study recommendation"});
  v.optional_real(p.relocate_below, {.key = "policy.security.relocate_below", .unit = "0-100", .min = 0, .max = 100,
                                     .fallback = std::monostate{},
                                     .description = "Relocate an intern whose security falls below this (null: never)",
                                     .source = "MODEL.md §6"});
}

}  // namespace

void describe_parameters(ModelParameters& p, ParameterVisitor& v) {
  describe_scenario(p.scenario, v);
  describe_world(p.world, v);
  describe_population(p.population, v);
  describe_medicines(p.medicines, v);
  describe_demand(p.demand, v);
  describe_care(p.care, v);
  describe_health(p.health, v);
  describe_supply(p.supply, v);
  describe_violence(p.violence, v);
  describe_interns(p.interns, v);
  describe_supervision(p.supervision, v);
  describe_reporting(p.reporting, v);
  describe_administration(p.administration, v);
  describe_policy(p.policy, v);
}

}  // namespace pasante
