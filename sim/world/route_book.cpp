#include "world/route_book.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
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
  // Each entry is judged on its own: the entries are split among the threads.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, entries_.size(), 256), [&](const tbb::blocked_range<std::size_t>& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      // The routes' roads lie scattered on the heap: ask for a later one's early.
      if (i + 8 < range.end()) __builtin_prefetch(entries_[i + 8].route.roads.data());
      Entry& e = entries_[i];
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
  });
  for (const RoadId r : changes) closed_mark_[r] = 0;
}

std::vector<RouteBook::PairId> RouteBook::settle_without_search(const RoadNetwork& roads, std::size_t g, SimDay day) {
  std::vector<PairId> pending;
  for (std::size_t k = group_begin_[g]; k < group_begin_[g + 1]; ++k) {
    Entry& e = entries_[by_hub_[k]];
    if (!e.stale) continue;
    if (!connected(e)) {
      e.route = Route{};
      e.stale = false;
      continue;
    }
    if (e.open_minutes < kUnreachable &&
        std::none_of(e.open_roads.begin(), e.open_roads.end(), [&](RoadId r) { return roads.is_closed(r, day); })) {
      e.route.minutes = e.open_minutes;  // as short as any route can be
      e.route.roads = e.open_roads;
      e.stale = false;
      continue;
    }
    pending.push_back(by_hub_[k]);
  }
  return pending;
}

void RouteBook::search_pending(const RoadNetwork& roads, const std::vector<PairId>& pending, SimDay day) {
  std::vector<VertexId> targets;
  targets.reserve(pending.size());
  for (const PairId p : pending) targets.push_back(entries_[p].place);
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  roads.search_around(entries_[pending.front()].hub, day, kUnreachable, targets, [&](const SearchView& view) {
    for (const PairId p : pending) {
      entries_[p].route = view.route_to(entries_[p].place);
      entries_[p].stale = false;
    }
  });
}

void RouteBook::refresh_stale(const RoadNetwork& roads, SimDay day) {
  struct Group {
    std::size_t g = 0;
    std::vector<PairId> pending;  // stale routes that need the search
    float reach = 0;              // the farthest of them on open roads: how far the search will spread
  };
  std::vector<Group> groups;
  for (std::size_t g = 0; g + 1 < group_begin_.size(); ++g)
    for (std::size_t k = group_begin_[g]; k < group_begin_[g + 1]; ++k)
      if (entries_[by_hub_[k]].stale) {
        groups.push_back({g, {}, 0});
        break;
      }
  // Each group's entries belong to it alone: no two tasks write the same entry.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, groups.size()), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      Group& group = groups[i];
      group.pending = settle_without_search(roads, group.g, day);
      for (const PairId p : group.pending) group.reach = std::max(group.reach, entries_[p].open_minutes);
    }
  });
  std::erase_if(groups, [](const Group& group) { return group.pending.empty(); });
  searches_ += groups.size();
  // The searches, farthest-reaching first, each thread taking the next one
  // left: a warehouse's search across its state does not start last and run
  // alone. The order changes only which thread does what, not the routes.
  std::sort(groups.begin(), groups.end(),
            [](const Group& a, const Group& b) { return a.reach != b.reach ? a.reach > b.reach : a.g < b.g; });
  std::atomic<std::size_t> next{0};
  const int threads = tbb::this_task_arena::max_concurrency();
  tbb::parallel_for(0, threads, [&](int) {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < groups.size();)
      search_pending(roads, groups[i].pending, day);
  });
}

const Route& RouteBook::route(const RoadNetwork& roads, PairId id, SimDay day) {
  Entry& e = entries_[id];
  if (e.stale) {
    const std::vector<PairId> pending = settle_without_search(roads, e.hub_group, day);
    if (!pending.empty()) {
      search_pending(roads, pending, day);
      ++searches_;
    }
  }
  return e.route;
}

}  // namespace pasante
