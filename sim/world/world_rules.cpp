#include "world/world_rules.hpp"

#include "core/input_error.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <unordered_map>

namespace pasante {

void read_poverty_shares(const CsvTable& t, std::size_t row, std::size_t c_pov, std::size_t c_ext, Municipality& m) {
  m.poverty_share = t.to_double(row, c_pov);
  m.extreme_poverty_share = t.to_double(row, c_ext);
  if (m.poverty_share < 0 || m.poverty_share > 1) t.fail(row, c_pov, "a share must lie in [0, 1]");
  if (m.extreme_poverty_share < 0 || m.extreme_poverty_share > 1) t.fail(row, c_ext, "a share must lie in [0, 1]");
}

// ---------------------------------------------------------------------------
// LatitudeIndex

LatitudeIndex::LatitudeIndex(std::vector<Point> points) : points_(std::move(points)) {
  order_.resize(points_.size());
  std::iota(order_.begin(), order_.end(), std::uint32_t{0});
  std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return points_[a].lat != points_[b].lat ? points_[a].lat < points_[b].lat : a < b;
  });
  rank_.resize(points_.size());
  for (std::uint32_t r = 0; r < order_.size(); ++r) rank_[order_[r]] = r;
}

// A lower bound on great_circle_km(i, j): the Earth's radius times the
// difference in latitude, shrunk by a relative margin far above rounding so
// the bound never exceeds the distance great_circle_km computes.
double LatitudeIndex::latitude_bound_km(std::uint32_t i, std::uint32_t j) const {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRadians = std::numbers::pi / 180.0;
  return kEarthRadiusKm * std::abs((points_[j].lat - points_[i].lat) * kRadians) * (1.0 - 1e-9);
}

void LatitudeIndex::offer(std::vector<Neighbour>& out, std::size_t k, Neighbour candidate) {
  if (out.size() == k) {
    if (!(candidate < out.back())) return;
    out.pop_back();
  }
  out.insert(std::upper_bound(out.begin(), out.end(), candidate), candidate);
}

// ---------------------------------------------------------------------------
// RoadBuilder

RoadBuilder::RoadBuilder(const WorldParameters& p, World& world) : p_(p), world_(world) {
  for (const Locality& l : world_.localities) world_.roads.set_position(l.vertex, l.lat, l.lon);
}

double RoadBuilder::km(LocalityId a, LocalityId b) const {
  const Locality &x = world_.localities[a], &y = world_.localities[b];
  return great_circle_km(x.lat, x.lon, y.lat, y.lon);
}

void RoadBuilder::link_localities(LocalityId a, LocalityId b) {
  const Locality &x = world_.localities[std::min(a, b)], &y = world_.localities[std::max(a, b)];
  auto town = [&](const Locality& l) { return l.is_seat || static_cast<std::int64_t>(l.population) >= p_.paved_min_population; };
  const bool paved = town(x) && town(y);
  add(x.vertex, y.vertex, km(a, b), paved, x.municipality);
}

void RoadBuilder::link_point(VertexId from, double lat, double lon, LocalityId to) {
  const Locality& s = world_.localities[to];
  world_.roads.set_position(from, lat, lon);
  add(from, s.vertex, great_circle_km(lat, lon, s.lat, s.lon), true, s.municipality);
}

void RoadBuilder::add(VertexId from, VertexId to, double great_circle, bool paved, MunicipalityId municipality) {
  Road road;
  road.from = from;
  road.to = to;
  const double km = std::max(great_circle * p_.winding_factor, kMinimumRoadKm);
  road.km = static_cast<float>(km);
  road.minutes = static_cast<float>(km / (paved ? p_.paved_speed_kmh : p_.unpaved_speed_kmh) * 60.0);
  road.paved = paved;
  road.municipality = municipality;
  world_.roads.add_road(road);
}

// ---------------------------------------------------------------------------
// Roads

std::vector<std::pair<LocalityId, LocalityId>> municipality_links(const World& world, std::size_t k, LocalityId begin,
                                                                  LocalityId end, LocalityId seat, std::int64_t trunk_min_population) {
  auto km = [&](LocalityId a, LocalityId b) {
    const Locality &x = world.localities[a], &y = world.localities[b];
    return great_circle_km(x.lat, x.lon, y.lat, y.lon);
  };
  // 1. k nearest neighbours (pairs counted once, in ascending order).
  std::vector<LatitudeIndex::Point> points;
  points.reserve(end - begin);
  for (LocalityId i = begin; i < end; ++i) points.push_back({world.localities[i].lat, world.localities[i].lon});
  const LatitudeIndex index(std::move(points));
  std::vector<std::pair<LocalityId, LocalityId>> pairs;
  std::vector<LatitudeIndex::Neighbour> near;
  for (LocalityId i = begin; i < end; ++i) {
    index.nearest(i - begin, k, near);
    for (const auto& [d, j] : near) pairs.emplace_back(std::min(i, begin + j), std::max(i, begin + j));
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  Components components(end - begin);
  for (const auto& [a, b] : pairs) components.join(a - begin, b - begin);

  // 2. Each part cut off from the seat is linked to the seat's part by the closest pair.
  auto find = [&](LocalityId i) { return components.find(i - begin); };
  std::vector<std::vector<LocalityId>> parts;
  std::unordered_map<std::size_t, std::size_t> part_of_root;
  for (LocalityId i = begin; i < end; ++i) {
    const std::size_t root = find(i);
    if (root == find(seat)) continue;
    const auto [it, fresh] = part_of_root.emplace(root, parts.size());
    if (fresh) parts.emplace_back();
    parts[it->second].push_back(i);
  }
  for (const auto& part : parts) {
    double best = std::numeric_limits<double>::infinity();
    LocalityId best_a = part.front(), best_b = seat;
    for (LocalityId b = begin; b < end; ++b) {
      if (find(b) != find(seat)) continue;
      for (const LocalityId a : part)
        if (const double d = km(a, b); d < best) {
          best = d;
          best_a = a;
          best_b = b;
        }
    }
    pairs.emplace_back(best_a, best_b);
    components.join(best_a - begin, best_b - begin);
  }

  // 2b. The trunk: the seat and every town are joined by the shortest straight-line
  // tree, so towns reach their seat on paved roads. Prim's algorithm in its
  // dense form, written here: the candidate graph is complete, which Boost's
  // prim_minimum_spanning_tree would need built edge by edge.
  std::vector<LocalityId> towns{seat};
  for (LocalityId i = begin; i < end; ++i)
    if (i != seat && static_cast<std::int64_t>(world.localities[i].population) >= trunk_min_population) towns.push_back(i);
  std::vector<double> best(towns.size(), std::numeric_limits<double>::infinity());
  std::vector<std::size_t> via(towns.size(), 0);
  std::vector<bool> in_tree(towns.size(), false);
  best[0] = 0;
  for (std::size_t step = 0; step < towns.size(); ++step) {
    std::size_t next = towns.size();
    for (std::size_t i = 0; i < towns.size(); ++i)
      if (!in_tree[i] && (next == towns.size() || best[i] < best[next])) next = i;
    in_tree[next] = true;
    if (next != 0) pairs.emplace_back(std::min(towns[next], towns[via[next]]), std::max(towns[next], towns[via[next]]));
    for (std::size_t i = 0; i < towns.size(); ++i)
      if (!in_tree[i])
        if (const double d = km(towns[next], towns[i]); d < best[i]) {
          best[i] = d;
          via[i] = next;
        }
  }
  // A trunk link may repeat a nearest-neighbour one: one road per pair.
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

void link_municipalities(RoadBuilder& builder, const World& world, std::size_t k, std::int64_t trunk_min_population) {
  const std::size_t count = world.municipalities.size();
  std::vector<LocalityId> begin(count + 1, 0);
  const auto locality_count = static_cast<LocalityId>(world.localities.size());
  {
    LocalityId at = 0;
    for (MunicipalityId m = 0; m < count; ++m) {
      begin[m] = at;
      while (at < locality_count && world.localities[at].municipality == m) ++at;
    }
    begin[count] = at;
  }
  std::vector<std::vector<std::pair<LocalityId, LocalityId>>> links(count);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t m = r.begin(); m != r.end(); ++m)
      links[m] = municipality_links(world, k, begin[m], begin[m + 1], world.municipalities[m].seat, trunk_min_population);
  });
  for (const auto& list : links)
    for (const auto& [a, b] : list) builder.link_localities(a, b);
}

void link_seats(RoadBuilder& builder, const World& world, MunicipalityId hub) {
  const std::size_t count = world.municipalities.size();
  auto seat = [&](std::size_t m) { return world.municipalities[m].seat; };
  std::vector<LatitudeIndex::Point> points;
  points.reserve(count);
  for (std::size_t m = 0; m < count; ++m) points.push_back({world.localities[seat(m)].lat, world.localities[seat(m)].lon});
  const LatitudeIndex index(std::move(points));

  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::vector<LatitudeIndex::Neighbour> near;
  for (std::uint32_t i = 0; i < count; ++i) {
    index.nearest(i, kSeatNeighbours, near);
    for (const auto& [d, j] : near) pairs.emplace_back(std::min<std::size_t>(i, j), std::max<std::size_t>(i, j));
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  Components groups(count);
  for (const auto& [a, b] : pairs) {
    builder.link_localities(seat(a), seat(b));
    groups.join(a, b);
  }
  // The groups cut off from the hub's, in order of their first municipality.
  // A group's members do not change until it is joined to the hub's.
  std::vector<std::vector<std::uint32_t>> cut_off;
  {
    std::unordered_map<std::size_t, std::size_t> group_of_root;
    const std::size_t hub_root = groups.find(hub);
    for (std::uint32_t m = 0; m < count; ++m) {
      const std::size_t root = groups.find(m);
      if (root == hub_root) continue;
      const auto [it, fresh] = group_of_root.emplace(root, cut_off.size());
      if (fresh) cut_off.emplace_back();
      cut_off[it->second].push_back(m);
    }
  }
  for (const auto& group : cut_off) {
    double best = std::numeric_limits<double>::infinity();
    std::size_t best_a = group.front(), best_b = hub;
    const std::size_t hub_root = groups.find(hub);
    for (const std::uint32_t a : group) {
      index.nearest(a, 1, [&](std::uint32_t b) { return groups.find(b) == hub_root; }, near);
      if (!near.empty() && near.front().first < best) {
        best = near.front().first;
        best_a = a;
        best_b = near.front().second;
      }
    }
    builder.link_localities(seat(std::min(best_a, best_b)), seat(std::max(best_a, best_b)));
    groups.join(best_a, best_b);
  }
}

// ---------------------------------------------------------------------------
// Clinics

void place_clinics_and_catchments(const WorldParameters& p, World& world) {
  for (LocalityId i = 0; i < world.localities.size(); ++i) {
    const Locality& loc = world.localities[i];
    if (loc.is_seat || static_cast<std::int64_t>(loc.population) >= p.clinic_min_population) {
      Clinic clinic;
      clinic.locality = i;
      clinic.vertex = loc.vertex;
      world.clinics.push_back(clinic);
    }
  }

  // Catchments: the nearest clinic by travel time on the roads open on day 0.
  std::vector<VertexId> sources;
  for (const auto& c : world.clinics) sources.push_back(c.vertex);
  const NearestSource nearest = world.roads.nearest_source(sources, 0);
  for (LocalityId i = 0; i < world.localities.size(); ++i) {
    Locality& loc = world.localities[i];
    const std::uint32_t c = nearest.source[loc.vertex];
    if (c == NearestSource::kNoSource) throw std::logic_error("build_world: a locality cannot reach any clinic");
    loc.clinic = c;
    loc.minutes_to_clinic = nearest.minutes[loc.vertex];
  }
  for (ClinicId c = 0; c < world.clinics.size(); ++c) world.clinics[c].catchment.push_back(world.clinics[c].locality);
  for (LocalityId i = 0; i < world.localities.size(); ++i) {
    Clinic& clinic = world.clinics[world.localities[i].clinic];
    if (i != clinic.locality) clinic.catchment.push_back(i);
    clinic.catchment_population += world.localities[i].population;
  }
}

void parameter_error(const std::string& key, const std::string& problem) {
  throw InputError({"", 0, 0, key}, problem);
}

void check_resident_count(std::uint64_t residents) {
  if (residents > std::numeric_limits<std::uint32_t>::max())
    parameter_error("world.municipalities", "the municipalities listed have " + std::to_string(residents) +
                                                " residents; a run holds at most 4294967295");
}

void check_road_parameters(const WorldParameters& p) {
  if (p.municipalities.empty()) parameter_error("world.municipalities", "lists no municipality");
  if (p.road_neighbours < 1) parameter_error("world.road_neighbours", "must be at least 1");
  if (!(p.winding_factor > 0)) parameter_error("world.winding_factor", "must be positive");
  if (!(p.paved_speed_kmh > 0)) parameter_error("world.paved_speed_kmh", "must be positive");
  if (!(p.unpaved_speed_kmh > 0)) parameter_error("world.unpaved_speed_kmh", "must be positive");
}

}  // namespace pasante
