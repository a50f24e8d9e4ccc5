// The world: municipalities, localities, clinics with their catchments, the
// jurisdiction hospital, the state warehouse, and the roads between them.
// Built once per run by build_world() from the scenario's data files.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/model_parameters.hpp"
#include "world/road_network.hpp"

namespace pasante {

using LocalityId = std::uint32_t;
using ClinicId = std::uint32_t;
using MunicipalityId = std::uint32_t;
inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

struct Municipality {
  std::string code;   // INEGI cve_mun, e.g. "014"
  std::string name;
  std::uint32_t population = 0;
  LocalityId seat = kNone;            // the cabecera (largest locality where the code is 0001)
  double poverty_share = 0;           // share of people in poverty
  double extreme_poverty_share = 0;   // share in extreme poverty
  double violent_crimes_per_year = 0; // SESNSP "vida e integridad corporal" in the scenario's crime year
};

struct Locality {
  std::string code;       // INEGI cve_loc
  std::string name;
  MunicipalityId municipality = 0;
  double lat = 0, lon = 0;
  std::uint32_t population = 0;
  std::uint32_t dwellings = 0;  // inhabited private dwellings (0 where INEGI suppresses the count)
  float internet_share = 0;     // share of inhabited dwellings with internet
  float cellphone_share = 0;    // share with a cell phone
  float extreme_poverty_share = 0;
  VertexId vertex = 0;
  ClinicId clinic = kNone;      // the clinic whose catchment holds this locality
  float minutes_to_clinic = 0;  // on open roads
  bool is_seat = false;
};

struct Clinic {
  LocalityId locality = 0;      // where it stands
  VertexId vertex = 0;
  ServiceCategory category = ServiceCategory::C;
  bool has_nurse = false;
  std::vector<LocalityId> catchment;   // localities served, the clinic's own first
  std::uint32_t catchment_population = 0;
  float minutes_to_hospital = 0;
  float minutes_from_warehouse = 0;
  bool unpaved_access = false;         // its best route to the hospital uses an unpaved road
  std::uint32_t hospital = 0;          // index into World::hospitals: where it refers patients
  std::uint32_t warehouse = 0;         // index into World::warehouses: where its medicine comes from
};

struct Hospital {
  LocalityId locality = 0;
  VertexId vertex = 0;
  std::uint32_t warehouse = 0;  // index into World::warehouses: where its restocks come from
};

struct World {
  std::vector<Municipality> municipalities;  // in scenario order
  std::vector<Locality> localities;          // grouped by municipality
  std::vector<Clinic> clinics;
  std::vector<Hospital> hospitals;    // jurisdiction hospitals
  std::vector<VertexId> warehouses;   // state medicine warehouses
  // The first hospital and warehouse (the only ones in a single jurisdiction).
  LocalityId hospital_locality = 0;
  VertexId hospital_vertex = 0;
  VertexId warehouse_vertex = 0;
  RoadNetwork roads;

  std::uint64_t population() const;
};

// Great-circle distance in km (haversine).
double great_circle_km(double lat1, double lon1, double lat2, double lon2);

// Service category of a clinic from its catchment population and access (MODEL.md §2).
ServiceCategory categorise(std::uint32_t catchment_population, float minutes_to_hospital, bool unpaved_access,
                           double cc_hospital_minutes);

// Builds the world for a scenario; `crime_year` (violence.crime_year) picks
// the year of the crime counts. Throws InputError (naming file, line, column
// and column name) when a data file is missing or malformed, and InputError
// with a world.* key when a parameter names something not in the data.
World build_world(const WorldParameters& params, std::int64_t crime_year, std::uint64_t seed);

// Builds a national world (world.generator = synthetic_national) from
// world.municipalities_file: every listed municipality's localities are
// generated from its population and seat (sim/world/national_world.cpp).
// `default_crimes_per_100k` (violence.default_crimes_per_100k) stands in
// where the crime file has no count. Errors as build_world's.
World build_national_world(const WorldParameters& params, std::int64_t crime_year, double default_crimes_per_100k,
                           std::uint64_t seed);

// The world of a scenario, by the generator it names (world.generator).
World build_world_for(const ModelParameters& params);

}  // namespace pasante
