// Builds the world of a scenario from the data files under scenarios/data.
//
// Rules (documented in docs/ODD.md as well):
//
// Localities and municipalities. The scenario lists municipalities by INEGI
// code (world.municipalities; [all] lists every municipality of the file in
// order of first appearance); every locality of those municipalities in the
// localities file is kept, grouped by municipality in the scenario's order and
// in file order within each. A municipality's population is the sum of its
// localities; its seat is the locality coded 0001 (else the most populous).
// Internet and cell-phone shares are the locality's inhabited dwellings with
// the service over all inhabited dwellings; where INEGI suppresses the counts
// (blank) or there are no dwellings, the scenario's default shares are used.
//
// Poverty. Municipal shares come from the poverty file. A locality's share in
// extreme poverty is the municipal share scaled by the locality's dwelling
// deprivation (mean share of dwellings without piped water, electricity,
// internet and cell phone, over the services published) relative to the
// population-weighted mean deprivation of the municipality's localities,
// clipped to [0, 1]. Localities with suppressed counts take the municipal
// share unchanged.
//
// Violence. Recorded crimes against life and bodily integrity in the
// scenario's crime year, annualised when fewer than 12 months were reported;
// blank counts read as zero.
//
// Roads. One vertex per locality (vertex = locality index) and one for the
// state warehouse. Road length is the great-circle distance times the winding
// factor (at least 0.1 km); travel minutes use the paved or unpaved speed.
//  1. Each locality is linked to its k (world.road_neighbours) nearest
//     localities of the same municipality (pairs counted once).
//  2. Any part of a municipality left unconnected to its seat is linked to
//     the seat's part by the closest pair of localities, until the
//     municipality is connected.
//  2b. The trunk: the seat and the municipality's towns (localities with at
//     least world.paved_min_population residents) are joined by the shortest
//     straight-line spanning tree over them.
//  3. Each seat is linked to the seats of the 2 nearest other municipalities
//     of the scenario; any group of municipalities still cut off from the
//     hospital's is linked to it by the closest pair of seats.
//  4. The warehouse is linked to the nearest seat.
// A road is paved when each end is a seat or a town, and for the warehouse
// link. A road
// belongs to the municipality of its `from` end (the lower locality index;
// for a link between seats, the municipality listed first; for the warehouse
// link, the seat's municipality).
//
// Clinics. A clinic stands at every municipal seat and at every locality with
// at least world.clinic_min_population residents. Each locality belongs to
// the clinic with the least travel minutes on open roads (ties: the clinic
// listed first). The jurisdiction hospital is at the seat of
// world.hospital_municipality; a clinic has unpaved access when its shortest
// route to the hospital uses an unpaved road. Categories follow categorise().
// Whether a clinic has a nurse is drawn from the world random stream keyed by
// the clinic's index.
#include <algorithm>
#include <limits>
#include <cmath>
#include <numbers>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "world/csv_table.hpp"
#include "world/world.hpp"
#include "world/world_rules.hpp"

namespace pasante {

// ---------------------------------------------------------------------------
// World-wide helpers declared in world.hpp.

std::uint64_t World::population() const {
  std::uint64_t total = 0;
  for (const auto& m : municipalities) total += m.population;
  return total;
}

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0088;  // mean Earth radius (IUGG)
  constexpr double kRadians = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRadians;
  const double dlon = (lon2 - lon1) * kRadians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

// Over 15,000 people: A (urban); 2,500 to 15,000: B (rural); fewer: C (rural
// dispersed), or CC when the hospital is more than cc_hospital_minutes away or
// the way there is unpaved (MODEL.md §2).
ServiceCategory categorise(std::uint32_t catchment_population, float minutes_to_hospital, bool unpaved_access,
                           double cc_hospital_minutes) {
  if (catchment_population > 15000) return ServiceCategory::A;
  if (catchment_population >= 2500) return ServiceCategory::B;
  if (unpaved_access || minutes_to_hospital > cc_hospital_minutes) return ServiceCategory::CC;
  return ServiceCategory::C;
}

namespace {

// Position of each scenario municipality code.
std::unordered_map<std::string, MunicipalityId> index_municipalities(const WorldParameters& p) {
  std::unordered_map<std::string, MunicipalityId> index;
  for (std::size_t i = 0; i < p.municipalities.size(); ++i)
    if (!index.emplace(p.municipalities[i], static_cast<MunicipalityId>(i)).second)
      parameter_error("world.municipalities", "municipality " + p.municipalities[i] + " is listed twice");
  return index;
}

// A locality's share of dwellings with a service, from a counts column; the
// default where the count is suppressed or there are no dwellings.
float service_share(const CsvTable& t, std::size_t row, std::size_t column, std::uint32_t dwellings, double fallback) {
  const auto count = t.to_optional_int(row, column);
  if (count && *count < 0) t.fail(row, column, "a dwelling count cannot be negative");
  if (!count || dwellings == 0) return static_cast<float>(fallback);
  return static_cast<float>(std::clamp(static_cast<double>(*count) / dwellings, 0.0, 1.0));
}

// Mean share of dwellings without each published service; nullopt when none is published.
std::optional<double> dwelling_deprivation(const CsvTable& t, std::size_t row, std::uint32_t dwellings,
                                           const std::vector<std::size_t>& service_columns) {
  if (dwellings == 0) return std::nullopt;
  double sum = 0;
  int published = 0;
  for (const std::size_t c : service_columns) {
    const auto count = t.to_optional_int(row, c);
    if (!count) continue;
    sum += 1.0 - std::clamp(static_cast<double>(*count) / dwellings, 0.0, 1.0);
    ++published;
  }
  if (published == 0) return std::nullopt;
  return sum / published;
}

// Reads the localities of the scenario's municipalities into `world`;
// returns each locality's dwelling deprivation (for spreading poverty).
std::vector<std::optional<double>> read_localities(const WorldParameters& p,
                                                   const std::unordered_map<std::string, MunicipalityId>& index,
                                                   World& world) {
  const CsvTable t = CsvTable::read(p.localities_file, "world.localities_file");
  const std::size_t c_mun = t.column("cve_mun"), c_mun_name = t.column("municipality"), c_loc = t.column("cve_loc"),
                    c_name = t.column("locality"), c_lat = t.column("lat"), c_lon = t.column("lon"),
                    c_pop = t.column("population_2020"), c_dwell = t.column("dwellings_inhabited"),
                    c_net = t.column("dwellings_internet"), c_cell = t.column("dwellings_cellphone");
  std::vector<std::size_t> service_columns{c_net, c_cell};
  for (const char* optional : {"dwellings_electricity", "dwellings_piped_water"})
    if (const auto c = t.find_column(optional)) service_columns.push_back(*c);

  // Rows of each scenario municipality, in file order.
  std::vector<std::vector<std::size_t>> rows_of(p.municipalities.size());
  for (std::size_t r = 0; r < t.row_count(); ++r)
    if (const auto it = index.find(t.field(r, c_mun)); it != index.end()) rows_of[it->second].push_back(r);

  std::vector<std::optional<double>> deprivation;
  for (MunicipalityId m = 0; m < rows_of.size(); ++m) {
    if (rows_of[m].empty())
      parameter_error("world.municipalities", "municipality " + p.municipalities[m] + " has no localities in " +
                                                  p.localities_file);
    Municipality mun;
    mun.code = p.municipalities[m];
    mun.name = t.field(rows_of[m].front(), c_mun_name);
    std::unordered_map<std::string, int> line_of_locality;  // a locality listed twice would count its people twice
    for (const std::size_t r : rows_of[m]) {
      if (const auto [it, added] = line_of_locality.emplace(t.field(r, c_loc), t.line_of(r)); !added)
        t.fail(r, c_loc, "locality " + it->first + " of municipality " + mun.code + " is listed twice (first at line " +
                             std::to_string(it->second) + ")");
      Locality loc;
      loc.code = t.field(r, c_loc);
      loc.name = t.field(r, c_name);
      loc.municipality = m;
      loc.lat = t.to_double(r, c_lat);
      loc.lon = t.to_double(r, c_lon);
      if (loc.lat < -90 || loc.lat > 90) t.fail(r, c_lat, "latitude outside [-90, 90]");
      if (loc.lon < -180 || loc.lon > 180) t.fail(r, c_lon, "longitude outside [-180, 180]");
      const std::int64_t population = t.to_int(r, c_pop);
      if (population < 0 || population > 100'000'000) t.fail(r, c_pop, "population out of range");
      loc.population = static_cast<std::uint32_t>(population);
      const std::int64_t dwellings = t.to_optional_int(r, c_dwell).value_or(0);
      if (dwellings < 0) t.fail(r, c_dwell, "a dwelling count cannot be negative");
      loc.dwellings = static_cast<std::uint32_t>(dwellings);
      loc.internet_share = service_share(t, r, c_net, loc.dwellings, p.internet_default_share);
      loc.cellphone_share = service_share(t, r, c_cell, loc.dwellings, p.cellphone_default_share);
      loc.vertex = static_cast<VertexId>(world.localities.size());
      deprivation.push_back(dwelling_deprivation(t, r, loc.dwellings, service_columns));

      if (std::uint64_t{mun.population} + loc.population > std::numeric_limits<std::uint32_t>::max())
        t.fail(r, c_pop, "the localities of municipality " + mun.code + " add up to more than 4294967295 residents");
      mun.population += loc.population;
      world.localities.push_back(std::move(loc));
    }
    // The seat: the locality coded 0001, else the most populous (first on ties).
    const auto first = static_cast<LocalityId>(world.localities.size() - rows_of[m].size());
    for (LocalityId i = first; i < world.localities.size(); ++i)
      if (mun.seat == kNone && world.localities[i].code == "0001") mun.seat = i;
    if (mun.seat == kNone)
      for (LocalityId i = first; i < world.localities.size(); ++i)
        if (mun.seat == kNone || world.localities[i].population > world.localities[mun.seat].population) mun.seat = i;
    world.localities[mun.seat].is_seat = true;
    world.municipalities.push_back(std::move(mun));
  }
  return deprivation;
}

void read_poverty(const WorldParameters& p, const std::unordered_map<std::string, MunicipalityId>& index,
                  World& world) {
  const CsvTable t = CsvTable::read(p.poverty_file, "world.poverty_file");
  const std::size_t c_mun = t.column("cve_mun"), c_pov = t.column("poverty_share"),
                    c_ext = t.column("extreme_poverty_share");
  std::vector<bool> seen(world.municipalities.size(), false);
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    const auto it = index.find(t.field(r, c_mun));
    if (it == index.end()) continue;
    if (seen[it->second]) t.fail(r, c_mun, "municipality " + it->first + " appears twice");
    seen[it->second] = true;
    read_poverty_shares(t, r, c_pov, c_ext, world.municipalities[it->second]);
  }
  for (std::size_t m = 0; m < seen.size(); ++m)
    if (!seen[m])
      throw InputError({p.poverty_file, 0, 0, "cve_mun"},
                       "no row for municipality " + world.municipalities[m].code + " (" + world.municipalities[m].name + ")");
}

void read_crime(const WorldParameters& p, std::int64_t crime_year,
                const std::unordered_map<std::string, MunicipalityId>& index, World& world) {
  const CsvTable t = CsvTable::read(p.crime_file, "world.crime_file");
  const std::size_t c_mun = t.column("cve_mun"), c_year = t.column("year"), c_months = t.column("months_reported"),
                    c_violent = t.column("delitos_vida_integridad_corporal");
  std::vector<bool> seen(world.municipalities.size(), false);
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    const auto it = index.find(t.field(r, c_mun));
    if (it == index.end() || t.to_int(r, c_year) != crime_year) continue;
    if (seen[it->second]) t.fail(r, c_year, "municipality " + it->first + " appears twice for this year");
    seen[it->second] = true;
    const std::int64_t months = t.to_int(r, c_months);
    if (months < 1 || months > 12) t.fail(r, c_months, "months reported must lie in 1..12");
    const std::int64_t count = t.to_optional_int(r, c_violent).value_or(0);
    if (count < 0) t.fail(r, c_violent, "a crime count cannot be negative");
    world.municipalities[it->second].violent_crimes_per_year = static_cast<double>(count) * 12.0 / months;
  }
  for (std::size_t m = 0; m < seen.size(); ++m)
    if (!seen[m])
      throw InputError({p.crime_file, 0, 0, "year"}, "no row for municipality " + world.municipalities[m].code + " (" +
                                                         world.municipalities[m].name + ") in " +
                                                         std::to_string(crime_year));
}

// Locality extreme poverty: the municipal share scaled by relative deprivation.
void spread_extreme_poverty(const std::vector<std::optional<double>>& deprivation, World& world) {
  std::vector<double> weighted(world.municipalities.size(), 0), weight(world.municipalities.size(), 0);
  for (std::size_t i = 0; i < world.localities.size(); ++i)
    if (deprivation[i]) {
      weighted[world.localities[i].municipality] += *deprivation[i] * world.localities[i].population;
      weight[world.localities[i].municipality] += world.localities[i].population;
    }
  for (std::size_t i = 0; i < world.localities.size(); ++i) {
    Locality& loc = world.localities[i];
    const double share = world.municipalities[loc.municipality].extreme_poverty_share;
    const double mean = weight[loc.municipality] > 0 ? weighted[loc.municipality] / weight[loc.municipality] : 0;
    const double factor = deprivation[i] && mean > 0 ? *deprivation[i] / mean : 1.0;
    loc.extreme_poverty_share = static_cast<float>(std::clamp(share * factor, 0.0, 1.0));
  }
}

void build_roads(const WorldParameters& p, MunicipalityId hospital_municipality, World& world) {
  const auto locality_count = static_cast<std::uint32_t>(world.localities.size());
  world.warehouse_vertex = locality_count;
  world.roads = RoadNetwork(locality_count + 1);
  RoadBuilder builder(p, world);
  link_municipalities(builder, world, static_cast<std::size_t>(p.road_neighbours), p.paved_min_population);
  link_seats(builder, world, hospital_municipality);

  // 4. The warehouse road goes to the nearest seat.
  LocalityId nearest = world.municipalities.front().seat;
  double best = std::numeric_limits<double>::infinity();
  for (const auto& m : world.municipalities) {
    const Locality& s = world.localities[m.seat];
    if (const double d = great_circle_km(p.warehouse_lat, p.warehouse_lon, s.lat, s.lon); d < best) {
      best = d;
      nearest = m.seat;
    }
  }
  builder.link_point(world.warehouse_vertex, p.warehouse_lat, p.warehouse_lon, nearest);
}

void place_clinics(const WorldParameters& p, std::uint64_t seed, World& world) {
  place_clinics_and_catchments(p, world);

  // Access to the hospital (shortest-route tree rooted there) and from the warehouse.
  const RouteTree to_hospital = world.roads.route_tree(world.hospital_vertex, 0);
  const std::vector<float> from_warehouse = world.roads.minutes_from(world.warehouse_vertex, 0);
  for (ClinicId c = 0; c < world.clinics.size(); ++c) {
    Clinic& clinic = world.clinics[c];
    clinic.minutes_to_hospital = to_hospital.minutes[clinic.vertex];
    clinic.minutes_from_warehouse = from_warehouse[clinic.vertex];
    if (!(clinic.minutes_to_hospital < kUnreachable) || !(clinic.minutes_from_warehouse < kUnreachable))
      throw std::logic_error("build_world: a clinic cannot reach the hospital or the warehouse");
    for (VertexId v = clinic.vertex; v != world.hospital_vertex;) {
      const Road& road = world.roads.road(to_hospital.last_road[v]);
      clinic.unpaved_access = clinic.unpaved_access || !road.paved;
      v = road.from == v ? road.to : road.from;
    }
    clinic.category = categorise(clinic.catchment_population, clinic.minutes_to_hospital, clinic.unpaved_access,
                                 p.cc_hospital_minutes);
    clinic.has_nurse = RandomStream(seed, StreamId::world, c, 0).bernoulli(p.nurse_probability);
  }
}

// world.municipalities = [all]: every municipality of the localities file,
// in order of first appearance.
WorldParameters with_listed_municipalities(const WorldParameters& given) {
  WorldParameters p = given;
  if (!lists_every_municipality(given.municipalities)) return p;
  const CsvTable t = CsvTable::read(p.localities_file, "world.localities_file");
  const std::size_t c_mun = t.column("cve_mun");
  p.municipalities.clear();
  std::unordered_map<std::string, bool> seen;
  for (std::size_t r = 0; r < t.row_count(); ++r)
    if (seen.emplace(t.field(r, c_mun), true).second) p.municipalities.push_back(t.field(r, c_mun));
  if (p.municipalities.empty()) throw InputError({p.localities_file, 0, 0, "cve_mun"}, "the file lists no locality");
  return p;
}

}  // namespace

World build_world(const WorldParameters& given, std::int64_t crime_year, std::uint64_t seed) {
  check_road_parameters(given);
  const WorldParameters params = with_listed_municipalities(given);
  const auto index = index_municipalities(params);
  const auto hospital = index.find(params.hospital_municipality);
  if (hospital == index.end())
    parameter_error("world.hospital_municipality",
                    "municipality " + params.hospital_municipality + " is not among world.municipalities");

  World world;
  const auto deprivation = read_localities(params, index, world);
  read_poverty(params, index, world);
  read_crime(params, crime_year, index, world);
  spread_extreme_poverty(deprivation, world);

  world.hospital_locality = world.municipalities[hospital->second].seat;
  world.hospital_vertex = world.localities[world.hospital_locality].vertex;
  build_roads(params, hospital->second, world);
  world.hospitals = {Hospital{world.hospital_locality, world.hospital_vertex}};
  world.warehouses = {world.warehouse_vertex};
  place_clinics(params, seed, world);
  return world;
}

}  // namespace pasante
