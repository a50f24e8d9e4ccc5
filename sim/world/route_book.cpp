#include "world/route_book.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace pasante {

RouteBook::PairId RouteBook::add(VertexId hub, VertexId place) {
  Entry e;
  e.hub = hub;
  e.place = place;
  entries_.push_back(std::move(e));
  return static_cast<PairId>(entries_.size() - 1);
}

void RouteBook::initialise(const RoadNetwork& roads, SimDay day) {
  if (!roads.all_open_from(day)) throw std::logic_error("RouteBook::initialise: roads are already closed");
  bound_.emplace(roads);
  closed_mark_.assign(roads.road_count(), 0);
  label_components(roads, day);
  searches_ = 0;
  // Pairs grouped by hub, hubs in increasing order.
  by_hub_.resize(entries_.size());
  std::iota(by_hub_.begin(), by_hub_.end(), PairId{0});
  std::stable_sort(by_hub_.begin(), by_hub_.end(), [&](PairId a, PairId b) { return entries_[a].hub < entries_[b].hub; });
  group_begin_.clear();
  for (std::size_t k = 0; k < by_hub_.size(); ++k) {
    if (k == 0 || entries_[by_hub_[k]].hub != entries_[by_hub_[k - 1]].hub) group_begin_.push_back(k);
    entries_[by_hub_[k]].hub_group = static_cast<std::uint32_t>(group_begin_.size() - 1);
  }
  group_begin_.push_back(by_hub_.size());
  // Each hub's search fills only its own pairs' entries: no two tasks write the same entry.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, group_begin_.size() - 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t g = r.begin(); g != r.end(); ++g) {
      // One search from the hub, stopped once all its places are settled.
      std::vector<VertexId> places;
      for (std::size_t k = group_begin_[g]; k < group_begin_[g + 1]; ++k) places.push_back(entries_[by_hub_[k]].place);
      std::sort(places.begin(), places.end());
      places.erase(std::unique(places.begin(), places.end()), places.end());
      roads.search_around(entries_[by_hub_[group_begin_[g]]].hub, day, kUnreachable, places, [&](const SearchView& view) {
        for (std::size_t k = group_begin_[g]; k < group_begin_[g + 1]; ++k) {
          Entry& e = entries_[by_hub_[k]];
          e.route = view.route_to(e.place);
          e.open_minutes = e.route.minutes;
          e.open_roads = e.route.roads;
          e.stale = false;
        }
      });
    }
  });
}

// Union-find over the roads open on `day`; each vertex labelled by its root.
void RouteBook::label_components(const RoadNetwork& roads, SimDay day) {
  const std::uint32_t n = roads.vertex_count();
  component_.resize(n);
  std::iota(component_.begin(), component_.end(), std::uint32_t{0});
  auto find = [&](std::uint32_t x) {
    while (component_[x] != x) x = component_[x] = component_[component_[x]];
    return x;
  };
  for (RoadId r = 0; r < roads.road_count(); ++r) {
    if (roads.is_closed(r, day)) continue;
    const std::uint32_t a = find(roads.road(r).from), b = find(roads.road(r).to);
    if (a != b) component_[std::max(a, b)] = std::min(a, b);
  }
  for (std::uint32_t v = 0; v < n; ++v) component_[v] = find(v);
}

bool RouteBook::could_shorten(const Entry& e, const Road& reopened) const {
  const MinutesLowerBound& bound = *bound_;
  const double through = std::min(bound(e.hub, reopened.from) + bound(reopened.to, e.place),
                                  bound(e.hub, reopened.to) + bound(reopened.from, e.place)) +
                         static_cast<double>(reopened.minutes);
  // Cached minutes are rounded to float: a relative margin keeps the test conservative.
  return through <= static_cast<double>(e.route.minutes) * (1.0 + 1e-6);
}

void RouteBook::closures_changed(const RoadNetwork& roads, SimDay day, const std::vector<RoadId>& changes) {
  if (changes.empty()) return;
  std::vector<RoadId> reopened;
  bool any_closed = false;
  for (const RoadId r : changes) {
    if (roads.is_closed(r, day)) {
      closed_mark_[r] = 1;
      any_closed = true;
    } else {
      reopened.push_back(r);
    }
  }
  label_components(roads, day);
  for (Entry& e : entries_) {
    if (e.stale) continue;
    if (!e.route.reachable()) {
      e.stale = connected(e);  // a reopening joined it to its hub again
      continue;
    }
    if (any_closed && std::any_of(e.route.roads.begin(), e.route.roads.end(), [&](RoadId r) { return closed_mark_[r] != 0; })) {
      e.stale = true;
      continue;
    }
    if (e.route.minutes <= e.open_minutes) continue;  // as short as it can ever be
    for (const RoadId r : reopened)
      if (could_shorten(e, roads.road(r))) {
        e.stale = true;
        break;
      }
  }
  for (const RoadId r : changes) closed_mark_[r] = 0;
}

bool RouteBook::refresh_group(const RoadNetwork& roads, std::size_t g, SimDay day) {
  // Those cut off need no search; the rest share one.
  std::vector<PairId> pending;
  std::vector<VertexId> targets;
  for (std::size_t k = group_begin_[g]; k < group_begin_[g + 1]; ++k) {
    Entry& other = entries_[by_hub_[k]];
    if (!other.stale) continue;
    if (!connected(other)) {
      other.route = Route{};
      other.stale = false;
      continue;
    }
    if (other.open_minutes < kUnreachable &&
        std::none_of(other.open_roads.begin(), other.open_roads.end(), [&](RoadId r) { return roads.is_closed(r, day); })) {
      other.route.minutes = other.open_minutes;  // as short as any route can be
      other.route.roads = other.open_roads;
      other.stale = false;
      continue;
    }
    pending.push_back(by_hub_[k]);
    targets.push_back(other.place);
  }
  if (pending.empty()) return false;
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  roads.search_around(entries_[pending.front()].hub, day, kUnreachable, targets, [&](const SearchView& view) {
    for (const PairId p : pending) {
      entries_[p].route = view.route_to(entries_[p].place);
      entries_[p].stale = false;
    }
  });
  return true;
}

void RouteBook::refresh_stale(const RoadNetwork& roads, SimDay day) {
  std::vector<std::size_t> groups;
  for (std::size_t g = 0; g + 1 < group_begin_.size(); ++g)
    for (std::size_t k = group_begin_[g]; k < group_begin_[g + 1]; ++k)
      if (entries_[by_hub_[k]].stale) {
        groups.push_back(g);
        break;
      }
  // Each group's entries belong to it alone: no two tasks write the same entry.
  std::vector<std::uint8_t> searched(groups.size(), 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, groups.size()), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) searched[i] = refresh_group(roads, groups[i], day);
  });
  for (const std::uint8_t x : searched) searches_ += x;
}

const Route& RouteBook::route(const RoadNetwork& roads, PairId id, SimDay day) {
  Entry& e = entries_[id];
  if (e.stale) searches_ += refresh_group(roads, e.hub_group, day);
  return e.route;
}

}  // namespace pasante
