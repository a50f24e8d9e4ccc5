// The synthetic national world (sim/world/national_world.cpp), built on a few
// states of the national municipalities file to stay fast.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "core/input_error.hpp"
#include "world/csv_table.hpp"
#include "world/world.hpp"

namespace pasante {
namespace {

const std::string kData = std::string(PASANTE_SOURCE_DIR) + "/scenarios/data/";
const std::string kMunicipalities = kData + "mx_municipalities_2020.csv";
constexpr std::int64_t kCrimeYear = 2022;
constexpr double kDefaultCrimes = 217;

// cvegeo -> 2020 population, for the rows of the file with a population.
std::map<std::string, std::uint64_t> file_populations() {
  const CsvTable t = CsvTable::read(kMunicipalities);
  std::map<std::string, std::uint64_t> out;
  for (std::size_t r = 0; r < t.row_count(); ++r)
    if (!t.blank(r, t.column("population_2020")))
      out[t.field(r, t.column("cvegeo"))] = static_cast<std::uint64_t>(t.to_int(r, t.column("population_2020")));
  return out;
}

// Every municipality of the given states, in file order.
std::vector<std::string> municipalities_of(const std::set<std::string>& states) {
  std::vector<std::string> out;
  for (const auto& [code, population] : file_populations())
    if (states.count(code.substr(0, 2))) out.push_back(code);
  return out;
}

// Baja California Sur (a peninsula cut off from the rest of this selection),
// Nuevo León and Tlaxcala (many small municipalities).
WorldParameters three_states() {
  WorldParameters p = default_parameters().world;
  p.generator = WorldGenerator::synthetic_national;
  p.municipalities_file = kMunicipalities;
  p.crime_file = kData + "nl_sesnsp_delitos_municipal_2015_2026.csv";
  p.poverty_file = kData + "municipal_poverty.csv";
  p.localities_file = kData + "nuevo_leon_localities_2020.csv";
  p.municipalities = municipalities_of({"03", "19", "29"});
  p.hospital_municipality = "19014";
  return p;
}

World build(const WorldParameters& p, std::uint64_t seed = 1) {
  return build_national_world(p, kCrimeYear, kDefaultCrimes, seed);
}

std::string state_of(const World& w, LocalityId l) { return w.municipalities[w.localities[l].municipality].code.substr(0, 2); }

TEST(NationalWorld, PopulationIsTheFilesForTheChosenMunicipalities) {
  const WorldParameters p = three_states();
  const World w = build(p);
  const auto populations = file_populations();
  ASSERT_EQ(w.municipalities.size(), p.municipalities.size());
  std::uint64_t expected = 0;
  std::vector<std::uint64_t> from_localities(w.municipalities.size(), 0);
  for (const Locality& l : w.localities) from_localities[l.municipality] += l.population;
  for (MunicipalityId m = 0; m < w.municipalities.size(); ++m) {
    const Municipality& mun = w.municipalities[m];
    EXPECT_EQ(mun.code, p.municipalities[m]);
    EXPECT_EQ(mun.population, populations.at(mun.code)) << mun.code;
    EXPECT_EQ(from_localities[m], mun.population) << mun.code;
    EXPECT_TRUE(w.localities[mun.seat].is_seat);
    EXPECT_EQ(w.localities[mun.seat].municipality, m);
    expected += populations.at(mun.code);
  }
  EXPECT_EQ(w.population(), expected);
  std::uint64_t in_catchments = 0;
  for (const Clinic& c : w.clinics) in_catchments += c.catchment_population;
  EXPECT_EQ(in_catchments, expected);
  // Localities are grouped by municipality, the seat first, and only seats
  // and generated localities exist.
  for (LocalityId l = 1; l < w.localities.size(); ++l)
    EXPECT_LE(w.localities[l - 1].municipality, w.localities[l].municipality);
  for (LocalityId l = 0; l < w.localities.size(); ++l)
    EXPECT_EQ(w.localities[l].is_seat, w.municipalities[w.localities[l].municipality].seat == l);
  // Doctor Arroyo keeps its recorded crime; Tlaxcala's municipalities take the default rate.
  const auto da = std::find_if(w.municipalities.begin(), w.municipalities.end(),
                               [](const Municipality& m) { return m.code == "19014"; });
  ASSERT_NE(da, w.municipalities.end());
  EXPECT_GT(da->violent_crimes_per_year, 0);
  EXPECT_DOUBLE_EQ(da->poverty_share, 0.45);
  const Municipality& tlaxcala = w.municipalities.back();
  EXPECT_EQ(tlaxcala.code.substr(0, 2), "29");
  EXPECT_DOUBLE_EQ(tlaxcala.violent_crimes_per_year, kDefaultCrimes * tlaxcala.population / 1e5);
  EXPECT_DOUBLE_EQ(tlaxcala.poverty_share, p.default_poverty_share);
}

TEST(NationalWorld, DeterministicForASeedAndStableAcrossSelections) {
  WorldParameters p = three_states();
  const World a = build(p, 7), b = build(p, 7), other_run_seed = build(p, 8);
  ASSERT_EQ(a.localities.size(), b.localities.size());
  ASSERT_EQ(a.roads.road_count(), b.roads.road_count());
  ASSERT_EQ(a.clinics.size(), b.clinics.size());
  for (LocalityId l = 0; l < a.localities.size(); ++l) {
    EXPECT_EQ(a.localities[l].population, b.localities[l].population);
    EXPECT_EQ(a.localities[l].lat, b.localities[l].lat);
    EXPECT_EQ(a.localities[l].lon, b.localities[l].lon);
    EXPECT_EQ(a.localities[l].clinic, b.localities[l].clinic);
  }
  for (RoadId r = 0; r < a.roads.road_count(); ++r) {
    EXPECT_EQ(a.roads.road(r).from, b.roads.road(r).from);
    EXPECT_EQ(a.roads.road(r).to, b.roads.road(r).to);
    EXPECT_EQ(a.roads.road(r).minutes, b.roads.road(r).minutes);
  }
  for (ClinicId c = 0; c < a.clinics.size(); ++c) EXPECT_EQ(a.clinics[c].has_nurse, b.clinics[c].has_nurse);
  // The run seed does not move the geography (world.synthetic.seed does).
  ASSERT_EQ(other_run_seed.localities.size(), a.localities.size());
  for (LocalityId l = 0; l < a.localities.size(); ++l) EXPECT_EQ(other_run_seed.localities[l].lat, a.localities[l].lat);
  p.synthetic_seed += 1;
  const World moved = build(p, 7);
  std::size_t differ = 0;
  for (LocalityId l = 0; l < std::min(a.localities.size(), moved.localities.size()); ++l)
    differ += a.localities[l].lat != moved.localities[l].lat;
  EXPECT_GT(differ, a.localities.size() / 2);

  // A municipality has the same localities alone as among others.
  WorldParameters alone = three_states();
  alone.municipalities = {"19014"};
  const World single = build(alone);
  const auto da = static_cast<MunicipalityId>(
      std::find(p.municipalities.begin(), p.municipalities.end(), "19014") - p.municipalities.begin());
  std::vector<const Locality*> in_a;
  for (const Locality& l : a.localities)
    if (l.municipality == da) in_a.push_back(&l);
  ASSERT_EQ(in_a.size(), single.localities.size());
  for (std::size_t i = 0; i < in_a.size(); ++i) {
    EXPECT_EQ(in_a[i]->population, single.localities[i].population);
    EXPECT_EQ(in_a[i]->lat, single.localities[i].lat);
  }
  EXPECT_EQ(single.hospitals.size(), 1u);
  EXPECT_EQ(single.warehouses.size(), 1u);
}

TEST(NationalWorld, ClinicsReachTheirHospitalAndWarehouse) {
  const World w = build(three_states());
  ASSERT_FALSE(w.hospitals.empty());
  EXPECT_EQ(w.hospital_locality, w.hospitals.front().locality);
  EXPECT_EQ(w.hospital_vertex, w.hospitals.front().vertex);
  EXPECT_EQ(w.warehouse_vertex, w.warehouses.front());
  EXPECT_EQ(w.roads.vertex_count(), w.localities.size() + w.warehouses.size());

  std::vector<VertexId> hospital_vertices;
  for (const Hospital& h : w.hospitals) hospital_vertices.push_back(h.vertex);
  const NearestSource nearest = w.roads.nearest_source(hospital_vertices, 0);
  std::vector<std::vector<float>> from_warehouse;
  for (const VertexId v : w.warehouses) from_warehouse.push_back(w.roads.minutes_from(v, 0));
  for (ClinicId c = 0; c < w.clinics.size(); ++c) {
    const Clinic& clinic = w.clinics[c];
    ASSERT_LT(clinic.hospital, w.hospitals.size());
    ASSERT_LT(clinic.warehouse, w.warehouses.size());
    EXPECT_LT(clinic.minutes_to_hospital, kUnreachable);
    EXPECT_NEAR(clinic.minutes_to_hospital, nearest.minutes[clinic.vertex], 1e-3) << "clinic " << c;
    EXPECT_LT(w.roads.minutes_from(w.hospitals[clinic.hospital].vertex, 0)[clinic.vertex], kUnreachable);
    EXPECT_GT(clinic.minutes_from_warehouse, 0);
    EXPECT_NEAR(clinic.minutes_from_warehouse, from_warehouse[clinic.warehouse][clinic.vertex], 1e-3) << "clinic " << c;
    // Supplied by its own state's warehouse.
    const Road& link = w.roads.road(w.roads.roads_at(w.warehouses[clinic.warehouse]).front());
    EXPECT_EQ(state_of(w, link.to), state_of(w, clinic.locality));
    ASSERT_FALSE(clinic.catchment.empty());
    EXPECT_EQ(clinic.catchment.front(), clinic.locality);
  }
  for (const Locality& l : w.localities) ASSERT_NE(l.clinic, kNone);
}

TEST(NationalWorld, EachStateHasAWarehouseAtItsLargestSeatAndAHospital) {
  const WorldParameters p = three_states();
  const World w = build(p);
  ASSERT_EQ(w.warehouses.size(), 3u);
  std::set<std::string> states_with_hospital;
  for (const Hospital& h : w.hospitals) {
    EXPECT_TRUE(w.localities[h.locality].is_seat);
    states_with_hospital.insert(state_of(w, h.locality));
  }
  EXPECT_EQ(states_with_hospital, (std::set<std::string>{"03", "19", "29"}));
  for (const VertexId v : w.warehouses) {
    const auto roads = w.roads.roads_at(v);
    ASSERT_EQ(roads.size(), 1u);
    const LocalityId seat = w.roads.road(roads.front()).to;
    EXPECT_TRUE(w.localities[seat].is_seat);
    for (const Municipality& m : w.municipalities)
      if (state_of(w, m.seat) == state_of(w, seat)) {
        EXPECT_LE(w.localities[m.seat].population, w.localities[seat].population);
      }
  }
  // Seats at least world.hospital_min_seat_population large have a hospital, and so does Doctor Arroyo's.
  std::set<LocalityId> hospitals;
  for (const Hospital& h : w.hospitals) hospitals.insert(h.locality);
  for (const Municipality& m : w.municipalities) {
    if (static_cast<std::int64_t>(w.localities[m.seat].population) >= p.hospital_min_seat_population) {
      EXPECT_TRUE(hospitals.count(m.seat)) << m.code;
    }
    if (m.code == "19014") {
      EXPECT_TRUE(hospitals.count(m.seat));
    }
  }
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(NationalWorld, BadInputIsReportedWithItsPlace) {
  WorldParameters p = three_states();
  p.municipalities = {"19014", "99999"};
  try {
    (void)build(p);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "world.municipalities");
  }
  p.municipalities = {"02007"};  // created after 2020: no population
  p.hospital_municipality = "";
  EXPECT_THROW((void)build(p), InputError);

  p.municipalities = {"all"};
  p.municipalities_file = write_temp(
      "pasante_bad_municipalities_test.csv",
      "cvegeo,cve_ent,nom_ent,cve_mun,nom_mun,population_2020,cve_cab,nom_cab,coord_locality,"
      "coord_locality_pop_2020,lat,lon,coord_source\n"
      "01001,01,Aguascalientes,001,Aguascalientes,948990,0001,Aguascalientes,Aguascalientes,863893,21.87,-102.29,seat\n"
      "01002,01,Aguascalientes,002,Asientos,51536,0001,Asientos,Asientos,5248,north,-102.08,seat\n");
  try {
    (void)build(p);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.where().column, 11);
    EXPECT_EQ(e.where().key, "lat");
    EXPECT_NE(std::string(e.what()).find("pasante_bad_municipalities_test.csv"), std::string::npos) << e.what();
  }
  std::filesystem::remove(p.municipalities_file);
}

TEST(NationalWorld, AllMeansEveryMunicipalityForTheCensusBuilderToo) {
  WorldParameters p = default_parameters().world;
  p.localities_file = kData + "nuevo_leon_localities_2020.csv";
  p.crime_file = kData + "nl_sesnsp_delitos_municipal_2015_2026.csv";
  p.poverty_file = kData + "municipal_poverty.csv";
  p.municipalities = {"all"};
  const World w = build_world_for([&] {
    ModelParameters m = default_parameters();
    m.world = p;
    return m;
  }());
  EXPECT_EQ(w.municipalities.size(), 51u);
  EXPECT_EQ(w.population(), 5'784'442u);
  EXPECT_EQ(w.municipalities.front().code, "001");
}

}  // namespace
}  // namespace pasante
