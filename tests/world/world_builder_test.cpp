#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/input_error.hpp"
#include "core/text_source.hpp"
#include "scenario/scenario.hpp"
#include "world/world_rules.hpp"
#include "world/world.hpp"

namespace pasante {
namespace {

const std::string kData = std::string(PASANTE_SOURCE_DIR) + "/scenarios/data/";
constexpr std::int64_t kCrimeYear = 2022;

WorldParameters doctor_arroyo() {
  WorldParameters p;
  p.localities_file = kData + "nuevo_leon_localities_2020.csv";
  p.crime_file = kData + "nl_sesnsp_delitos_municipal_2015_2026.csv";
  p.poverty_file = kData + "municipal_poverty.csv";
  p.municipalities = {"014"};
  p.hospital_municipality = "014";
  p.warehouse_lat = 25.6866;  // Monterrey
  p.warehouse_lon = -100.3161;
  p.clinic_min_population = 500;
  p.road_neighbours = 3;
  p.winding_factor = 1.3;
  p.paved_speed_kmh = 70;
  p.unpaved_speed_kmh = 30;
  p.paved_min_population = 1000;
  p.cc_hospital_minutes = 90;
  p.nurse_probability = 0.6;
  p.child_share = 0.3;
  p.elder_share = 0.1;
  p.internet_default_share = 0.1;
  p.cellphone_default_share = 0.6;
  return p;
}

// The southern jurisdiction: Doctor Arroyo, Galeana, Mier y Noriega,
// Aramberri, General Zaragoza and Iturbide.
WorldParameters southern_jurisdiction() {
  WorldParameters p = doctor_arroyo();
  p.municipalities = {"014", "017", "036", "007", "024", "030"};
  return p;
}

// Checks shared by every world built here.
void expect_consistent(const World& w) {
  std::vector<int> seen(w.localities.size(), 0);
  std::uint64_t catchment_total = 0;
  for (ClinicId c = 0; c < w.clinics.size(); ++c) {
    const Clinic& clinic = w.clinics[c];
    ASSERT_FALSE(clinic.catchment.empty());
    EXPECT_EQ(clinic.catchment.front(), clinic.locality);
    std::uint32_t population = 0;
    for (const LocalityId l : clinic.catchment) {
      ++seen[l];
      EXPECT_EQ(w.localities[l].clinic, c);
      population += w.localities[l].population;
    }
    EXPECT_TRUE(std::is_sorted(clinic.catchment.begin() + 1, clinic.catchment.end()));
    EXPECT_EQ(population, clinic.catchment_population);
    catchment_total += population;
    EXPECT_LT(clinic.minutes_to_hospital, kUnreachable) << "clinic " << c << " cannot reach the hospital";
    EXPECT_GT(clinic.minutes_from_warehouse, 0);
    EXPECT_LT(clinic.minutes_from_warehouse, kUnreachable);
  }
  for (std::size_t l = 0; l < seen.size(); ++l) EXPECT_EQ(seen[l], 1) << "locality " << l;
  EXPECT_EQ(catchment_total, w.population());
  EXPECT_EQ(w.roads.vertex_count(), w.localities.size() + 1);
  EXPECT_EQ(w.warehouse_vertex, w.localities.size());
  EXPECT_EQ(w.hospital_vertex, w.localities[w.hospital_locality].vertex);
}

TEST(WorldBuilder, DoctorArroyoFromTheCensus) {
  const World w = build_world(doctor_arroyo(), kCrimeYear, 20220201);
  ASSERT_EQ(w.municipalities.size(), 1u);
  const Municipality& m = w.municipalities[0];
  EXPECT_EQ(m.code, "014");
  EXPECT_EQ(m.name, "Doctor Arroyo");
  EXPECT_EQ(w.localities.size(), 250u);
  EXPECT_EQ(m.population, 36088u);
  EXPECT_EQ(w.population(), 36088u);
  EXPECT_DOUBLE_EQ(m.poverty_share, 0.45);
  EXPECT_DOUBLE_EQ(m.extreme_poverty_share, 0.126);
  EXPECT_DOUBLE_EQ(m.violent_crimes_per_year, 73);

  const Locality& seat = w.localities[m.seat];
  EXPECT_TRUE(seat.is_seat);
  EXPECT_EQ(seat.code, "0001");
  EXPECT_EQ(seat.population, 11822u);
  EXPECT_EQ(w.hospital_locality, m.seat);

  // Dwelling-weighted shares match the case study: 16% internet, 75% cell phone.
  double dwellings = 0, internet = 0, cell = 0, extreme = 0;
  for (const Locality& l : w.localities) {
    dwellings += l.dwellings;
    internet += l.internet_share * l.dwellings;
    cell += l.cellphone_share * l.dwellings;
    extreme += l.extreme_poverty_share * l.population;
    EXPECT_GE(l.extreme_poverty_share, 0);
    EXPECT_LE(l.extreme_poverty_share, 1);
  }
  EXPECT_NEAR(internet / dwellings, 0.16, 0.005);
  EXPECT_NEAR(cell / dwellings, 0.75, 0.005);
  EXPECT_NEAR(extreme / w.population(), 0.126, 0.03);  // spreading keeps the municipal level roughly

  expect_consistent(w);
  // Clinics: the seat and every locality of 500 or more.
  std::size_t expected_clinics = 0;
  for (const Locality& l : w.localities) expected_clinics += (l.is_seat || l.population >= 500) ? 1 : 0;
  EXPECT_EQ(w.clinics.size(), expected_clinics);
  const Clinic& seat_clinic = w.clinics[w.localities[m.seat].clinic];
  EXPECT_EQ(seat_clinic.locality, m.seat);
  EXPECT_TRUE(seat_clinic.category == ServiceCategory::A || seat_clinic.category == ServiceCategory::B);
  EXPECT_FLOAT_EQ(seat_clinic.minutes_to_hospital, 0);
  EXPECT_FALSE(seat_clinic.unpaved_access);
}

TEST(WorldBuilder, TravelTimesArePositiveFiniteAndSymmetric) {
  const World w = build_world(doctor_arroyo(), kCrimeYear, 1);
  std::vector<std::vector<float>> from;
  for (const Clinic& c : w.clinics) from.push_back(w.roads.minutes_from(c.vertex, 0));
  for (std::size_t a = 0; a < w.clinics.size(); ++a) {
    for (VertexId v = 0; v < w.roads.vertex_count(); ++v) {
      if (v == w.clinics[a].vertex) {
        EXPECT_EQ(from[a][v], 0);
      } else {
        EXPECT_GT(from[a][v], 0);
        EXPECT_LT(from[a][v], kUnreachable);
      }
    }
    for (std::size_t b = 0; b < w.clinics.size(); ++b)
      EXPECT_NEAR(from[a][w.clinics[b].vertex], from[b][w.clinics[a].vertex], 1e-3);
  }
  // Each locality's clinic is its nearest and the recorded minutes agree.
  for (const Locality& l : w.localities) {
    EXPECT_NEAR(l.minutes_to_clinic, from[l.clinic][l.vertex], 1e-3);
    for (std::size_t c = 0; c < w.clinics.size(); ++c) EXPECT_LE(l.minutes_to_clinic, from[c][l.vertex] + 1e-3);
  }
  // Symmetry for ordinary localities too.
  const std::vector<float> a = w.roads.minutes_from(17, 0), b = w.roads.minutes_from(201, 0);
  EXPECT_NEAR(a[201], b[17], 1e-3);
}

TEST(WorldBuilder, SameSeedSameWorld) {
  const World a = build_world(doctor_arroyo(), kCrimeYear, 7);
  const World b = build_world(doctor_arroyo(), kCrimeYear, 7);
  ASSERT_EQ(a.clinics.size(), b.clinics.size());
  ASSERT_EQ(a.roads.road_count(), b.roads.road_count());
  for (std::size_t c = 0; c < a.clinics.size(); ++c) EXPECT_EQ(a.clinics[c].has_nurse, b.clinics[c].has_nurse);
  for (RoadId r = 0; r < a.roads.road_count(); ++r) EXPECT_EQ(a.roads.road(r).minutes, b.roads.road(r).minutes);
}

TEST(WorldBuilder, CrimeOfAPartialYearIsAnnualised) {
  // 2026 reports 8 months: 32 crimes against life and bodily integrity.
  const World w = build_world(doctor_arroyo(), 2026, 1);
  EXPECT_DOUBLE_EQ(w.municipalities[0].violent_crimes_per_year, 48);
  EXPECT_THROW(build_world(doctor_arroyo(), 1999, 1), InputError);
}

TEST(WorldBuilder, SouthernJurisdictionIsConnected) {
  const World w = build_world(southern_jurisdiction(), kCrimeYear, 20220201);
  ASSERT_EQ(w.municipalities.size(), 6u);
  const std::vector<std::string> names{"Doctor Arroyo", "Galeana", "Mier y Noriega", "Aramberri", "General Zaragoza",
                                       "Iturbide"};
  for (std::size_t m = 0; m < names.size(); ++m) EXPECT_EQ(w.municipalities[m].name, names[m]);
  EXPECT_EQ(w.population(), 109215u);
  EXPECT_EQ(w.localities[w.hospital_locality].name, "Doctor Arroyo");
  expect_consistent(w);
  // Every vertex reaches every other: the hospital reaches all of them.
  for (const float m : w.roads.minutes_from(w.hospital_vertex, 0)) EXPECT_LT(m, kUnreachable);
  // Localities are grouped by municipality in scenario order.
  for (std::size_t l = 1; l < w.localities.size(); ++l)
    EXPECT_LE(w.localities[l - 1].municipality, w.localities[l].municipality);
}

// Step 2b of the road rule: every town (at least world.paved_min_population
// residents) reaches its seat over paved roads alone, and no paved road has a
// hamlet at either end.
TEST(WorldBuilder, TownsReachTheirSeatOnThePavedTrunk) {
  const WorldParameters p = southern_jurisdiction();
  const World w = build_world(p, kCrimeYear, 20220201);
  auto town = [&](LocalityId l) {
    return w.localities[l].is_seat || static_cast<std::int64_t>(w.localities[l].population) >= p.paved_min_population;
  };
  Components paved(w.roads.vertex_count());
  for (const Road& road : w.roads.roads()) {
    if (!road.paved) continue;
    paved.join(road.from, road.to);
    for (const VertexId v : {road.from, road.to}) {
      if (v < w.localities.size()) {
        EXPECT_TRUE(town(v)) << w.localities[v].name << " is on a paved road";
      }
    }
  }
  std::size_t towns = 0;
  for (LocalityId l = 0; l < w.localities.size(); ++l) {
    if (!town(l)) continue;
    ++towns;
    const LocalityId seat = w.municipalities[w.localities[l].municipality].seat;
    EXPECT_EQ(paved.find(w.localities[l].vertex), paved.find(w.localities[seat].vertex))
        << w.localities[l].name << " is cut off from its seat on paved roads";
  }
  EXPECT_GT(towns, w.municipalities.size());
}

// The scenario's own world parameters put the jurisdiction's clinics between
// a short drive and "over a three-hour trip" from the hospital (the case
// study), not a whole day away.
TEST(WorldBuilder, BaselineClinicsAreMinutesToOverThreeHoursFromTheHospital) {
  const World w = build_world_for(load_scenario(std::string(kDefaultScenario)).parameters);
  float farthest = 0;
  int within_hour = 0;
  for (const Clinic& c : w.clinics) {
    farthest = std::max(farthest, c.minutes_to_hospital);
    within_hour += c.minutes_to_hospital <= 60;
  }
  EXPECT_GT(farthest, 180.0F) << "the farthest clinic is over three hours away";
  EXPECT_LT(farthest, 300.0F) << "but not five";
  EXPECT_GT(within_hour, 0);
}

// Writes a small localities file for the error tests.
std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(WorldBuilder, MissingFileNamesTheFile) {
  WorldParameters p = doctor_arroyo();
  p.poverty_file = kData + "no_such_poverty_file.csv";
  try {
    (void)build_world(p, kCrimeYear, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_poverty_file.csv"), std::string::npos) << e.what();
  }
}

TEST(WorldBuilder, BadNumberNamesFileLineAndColumn) {
  WorldParameters p = doctor_arroyo();
  p.localities_file = write_temp(
      "pasante_bad_localities_test.csv",
      "cve_mun,municipality,cve_loc,locality,lat,lon,altitude_m,population_2020,dwellings_inhabited,"
      "dwellings_internet,dwellings_cellphone\n"
      "014,Doctor Arroyo,0001,Doctor Arroyo,23.674692,-100.182256,1760,11822,3300,800,2900\n"
      "014,Doctor Arroyo,0002,\"Acuña, El\",23.7,-100.2,1700,12x,4,,\n");
  try {
    (void)build_world(p, kCrimeYear, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("pasante_bad_localities_test.csv:3:8"), std::string::npos) << what;
    EXPECT_NE(what.find("population_2020"), std::string::npos) << what;
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.where().column, 8);
    EXPECT_EQ(e.where().key, "population_2020");
  }
  std::filesystem::remove(p.localities_file);
}

TEST(WorldBuilder, MissingColumnNamesIt) {
  WorldParameters p = doctor_arroyo();
  p.localities_file = write_temp("pasante_no_lat_test.csv", "cve_mun,municipality,cve_loc,locality\n014,A,0001,A\n");
  try {
    (void)build_world(p, kCrimeYear, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "lat");
    EXPECT_NE(std::string(e.what()).find("pasante_no_lat_test.csv"), std::string::npos) << e.what();
  }
  std::filesystem::remove(p.localities_file);
}

TEST(WorldBuilder, UnknownMunicipalitiesAreParameterErrors) {
  WorldParameters p = doctor_arroyo();
  p.municipalities = {"014", "999"};
  try {
    (void)build_world(p, kCrimeYear, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "world.municipalities");
  }
  p = doctor_arroyo();
  p.hospital_municipality = "017";
  try {
    (void)build_world(p, kCrimeYear, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "world.hospital_municipality");
  }
}

TEST(WorldBuilder, AWorldWithNoResidentsIsAParameterError) {
  // Every rate would be 0 / 0; the run used to finish and report zeros.
  ModelParameters params = load_scenario(std::string(kDefaultScenario)).parameters;
  params.world.municipalities = {"014"};
  params.world.hospital_municipality = "014";
  params.world.localities_file = write_temp(
      "pasante_empty_localities_test.csv",
      "cve_mun,municipality,cve_loc,locality,lat,lon,altitude_m,population_2020,dwellings_inhabited,"
      "dwellings_internet,dwellings_cellphone\n"
      "014,Doctor Arroyo,0001,Doctor Arroyo,23.674692,-100.182256,1760,0,0,,\n"
      "014,Doctor Arroyo,0002,El Llano,23.7,-100.2,1700,0,0,,\n");
  try {
    (void)build_world_for(params);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "world.municipalities");
    EXPECT_NE(std::string(e.what()).find("no residents"), std::string::npos) << e.what();
  }
  std::filesystem::remove(params.world.localities_file);
}

TEST(WorldBuilder, MoreResidentsThanARunCanNumberIsAnInputError) {
  // Municipal totals are 32-bit: 50 localities of 100 million wrapped around and the run crashed (SIGSEGV).
  WorldParameters p = doctor_arroyo();
  std::string csv = "cve_mun,municipality,cve_loc,locality,lat,lon,altitude_m,population_2020,dwellings_inhabited,"
                    "dwellings_internet,dwellings_cellphone\n";
  for (int i = 1; i <= 50; ++i)
    csv += "014,Doctor Arroyo," + std::to_string(1000 + i) + ",L,23.6,-100.1,1700,100000000,0,,\n";
  p.localities_file = write_temp("pasante_huge_localities_test.csv", csv);
  try {
    (void)build_world(p, kCrimeYear, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "population_2020");
    EXPECT_EQ(e.where().line, 44) << e.what();  // the 43rd locality passes 2^32 - 1
    EXPECT_NE(std::string(e.what()).find("more than 4294967295 residents"), std::string::npos) << e.what();
  }
  std::filesystem::remove(p.localities_file);
  EXPECT_THROW(check_resident_count(std::uint64_t{1} << 32), InputError);
  EXPECT_NO_THROW(check_resident_count((std::uint64_t{1} << 32) - 1));
}

TEST(WorldBuilder, ALocalityListedTwiceIsAnInputError) {
  // Its residents were counted twice.
  WorldParameters p = doctor_arroyo();
  p.localities_file = write_temp(
      "pasante_twice_localities_test.csv",
      "cve_mun,municipality,cve_loc,locality,lat,lon,altitude_m,population_2020,dwellings_inhabited,"
      "dwellings_internet,dwellings_cellphone\n"
      "014,Doctor Arroyo,0001,Doctor Arroyo,23.674692,-100.182256,1760,11822,3300,800,2900\n"
      "014,Doctor Arroyo,0002,El Llano,23.7,-100.2,1700,120,30,,\n"
      "014,Doctor Arroyo,0001,Doctor Arroyo,23.674692,-100.182256,1760,11822,3300,800,2900\n");
  try {
    (void)build_world(p, kCrimeYear, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), p.localities_file +
                                         ":4:3: cve_loc: locality 0001 of municipality 014 is listed twice (first at "
                                         "line 2)");
  }
  std::filesystem::remove(p.localities_file);
}

TEST(WorldBuilder, Categories) {
  EXPECT_EQ(categorise(15001, 10, false, 90), ServiceCategory::A);
  EXPECT_EQ(categorise(15000, 10, false, 90), ServiceCategory::B);
  EXPECT_EQ(categorise(2500, 200, true, 90), ServiceCategory::B);
  EXPECT_EQ(categorise(2499, 10, false, 90), ServiceCategory::C);
  EXPECT_EQ(categorise(2499, 91, false, 90), ServiceCategory::CC);
  EXPECT_EQ(categorise(800, 10, true, 90), ServiceCategory::CC);
  EXPECT_EQ(categorise(300, 10, false, 90), ServiceCategory::C);
}

TEST(WorldBuilder, GreatCircle) {
  EXPECT_DOUBLE_EQ(great_circle_km(25, -100, 25, -100), 0);
  // One degree of latitude is about 111.2 km.
  EXPECT_NEAR(great_circle_km(23, -100, 24, -100), 111.19, 0.01);
  // Doctor Arroyo to Monterrey, about 230 km as the crow flies.
  EXPECT_NEAR(great_circle_km(23.674692, -100.182256, 25.6866, -100.3161), 224, 5);
}

}  // namespace
}  // namespace pasante
