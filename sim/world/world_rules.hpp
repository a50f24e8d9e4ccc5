// Rules shared by the two world builders — census_localities
// (world_builder.cpp) and synthetic_national (national_world.cpp): roads
// within municipalities and between seats, clinics and their catchments.
// The rules themselves are documented in world_builder.cpp and docs/ODD.md.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "world/csv_table.hpp"
#include "world/world.hpp"

namespace pasante {

inline constexpr double kMinimumRoadKm = 0.1;  // localities sharing coordinates still get a road of some length
inline constexpr int kSeatNeighbours = 2;      // each seat is linked to this many other seats

// A poverty-file row's shares (columns c_pov and c_ext, each in [0, 1]) into m.
void read_poverty_shares(const CsvTable& t, std::size_t row, std::size_t c_pov, std::size_t c_ext, Municipality& m);

// world.municipalities = [all]: every municipality in the data file.
inline bool lists_every_municipality(const std::vector<std::string>& municipalities) {
  return municipalities.size() == 1 && municipalities.front() == "all";
}

// Union-find over indices, for connecting road networks.
class Components {
 public:
  explicit Components(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), std::size_t{0}); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void join(std::size_t a, std::size_t b) { parent_[find(a)] = find(b); }

 private:
  std::vector<std::size_t> parent_;
};

// Points ordered by latitude, for exact nearest-neighbour searches by
// great-circle distance without comparing all pairs: the distance between two
// points is at least the Earth's radius times their difference in latitude,
// so a search sweeps outwards in latitude order and stops once that bound
// exceeds the k-th best distance found. Results are exactly those of sorting
// every (distance, index) pair: ties go to the lower index.
class LatitudeIndex {
 public:
  struct Point {
    double lat = 0, lon = 0;
  };
  using Neighbour = std::pair<double, std::uint32_t>;  // (km, index)

  explicit LatitudeIndex(std::vector<Point> points);
  std::size_t size() const { return points_.size(); }

  // The k nearest points to point i (i itself excluded) among those for which
  // accept(j) is true, nearest first, into `out`.
  template <class Accept>
  void nearest(std::uint32_t i, std::size_t k, Accept&& accept, std::vector<Neighbour>& out) const;
  void nearest(std::uint32_t i, std::size_t k, std::vector<Neighbour>& out) const {
    nearest(i, k, [](std::uint32_t) { return true; }, out);
  }

 private:
  double latitude_bound_km(std::uint32_t i, std::uint32_t j) const;
  static void offer(std::vector<Neighbour>& out, std::size_t k, Neighbour candidate);

  std::vector<Point> points_;
  std::vector<std::uint32_t> order_;  // indices by (latitude, index)
  std::vector<std::uint32_t> rank_;   // position of each index in order_
};

// Adds roads to the world's network with lengths, speeds and surface.
class RoadBuilder {
 public:
  // Gives every locality's vertex its position in the network.
  RoadBuilder(const WorldParameters& p, World& world);

  double km(LocalityId a, LocalityId b) const;
  // A road between two localities; paved when each is a seat or a town (at
  // least world.paved_min_population residents); it belongs to the
  // municipality of the lower-numbered one.
  void link_localities(LocalityId a, LocalityId b);
  // A paved road from a vertex that is not a locality (a warehouse) standing
  // at (lat, lon) to a locality; it belongs to the locality's municipality.
  void link_point(VertexId from, double lat, double lon, LocalityId to);

 private:
  void add(VertexId from, VertexId to, double great_circle, bool paved, MunicipalityId municipality);

  const WorldParameters& p_;
  World& world_;
};

// Steps 1, 2 and 2b of the road rule for every municipality (localities grouped
// by municipality): planned in parallel, added in municipality order.
void link_municipalities(RoadBuilder& builder, const World& world, std::size_t k, std::int64_t trunk_min_population);

// The roads steps 1, 2 and 2b add within one municipality (localities
// [begin, end)): one pair (lower, higher locality) per road, sorted; towns
// (2b, the paved trunk) have at least trunk_min_population residents.
std::vector<std::pair<LocalityId, LocalityId>> municipality_links(const World& world, std::size_t k, LocalityId begin,
                                                                  LocalityId end, LocalityId seat, std::int64_t trunk_min_population);

// Step 3: each seat linked to its kSeatNeighbours nearest other seats, then
// every group of municipalities still cut off from `hub`'s joined to it by
// the closest pair of seats (groups taken in order of their first
// municipality).
void link_seats(RoadBuilder& builder, const World& world, MunicipalityId hub);

// Clinics at every seat and every locality with at least
// world.clinic_min_population residents; each locality joins the clinic with
// the fewest minutes on day-0 roads (ties: the clinic listed first).
// Fills World::clinics (locality, vertex, catchment, catchment population)
// and each locality's clinic and minutes to it.
void place_clinics_and_catchments(const WorldParameters& p, World& world);

// ---------------------------------------------------------------------------

template <class Accept>
void LatitudeIndex::nearest(std::uint32_t i, std::size_t k, Accept&& accept, std::vector<Neighbour>& out) const {
  out.clear();
  if (k == 0) return;
  const std::size_t at = rank_[i];
  std::size_t down = at, up = at + 1;  // next candidates: order_[down - 1] and order_[up]
  bool down_open = down > 0, up_open = up < order_.size();
  auto kth = [&] { return out.size() < k ? std::numeric_limits<double>::infinity() : out.back().first; };
  while (down_open || up_open) {
    // Take the side whose next point is closer in latitude.
    bool take_down = down_open;
    if (down_open && up_open)
      take_down = latitude_bound_km(i, order_[down - 1]) <= latitude_bound_km(i, order_[up]);
    const std::uint32_t j = take_down ? order_[down - 1] : order_[up];
    if (latitude_bound_km(i, j) > kth()) {
      // Every later point on this side is at least as far in latitude.
      (take_down ? down_open : up_open) = false;
      continue;
    }
    if (take_down) {
      --down;
      down_open = down > 0;
    } else {
      ++up;
      up_open = up < order_.size();
    }
    if (!accept(j)) continue;
    offer(out, k, {great_circle_km(points_[i].lat, points_[i].lon, points_[j].lat, points_[j].lon), j});
  }
}

// A world parameter that cannot be used: InputError naming the key.
[[noreturn]] void parameter_error(const std::string& key, const std::string& problem);
// Checks shared by both world builders (municipalities listed, road rule usable).
void check_road_parameters(const WorldParameters& p);
// Throws a parameter error on world.municipalities when a world would hold
// more residents than a run can number (32-bit resident ids).
void check_resident_count(std::uint64_t residents);

}  // namespace pasante
