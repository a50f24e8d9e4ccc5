// The municipal road network: vertices are localities (and the state
// warehouse), edges are roads with travel minutes, paved or not, and the
// municipality whose violence level sets their risk. Edges can be closed for
// days (checkpoints, curfews); shortest paths (Boost.Graph's Dijkstra) skip
// closed edges.
#pragma once
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

#include "core/calendar.hpp"

namespace pasante {

using VertexId = std::uint32_t;
using RoadId = std::uint32_t;
inline constexpr float kUnreachable = std::numeric_limits<float>::infinity();
inline constexpr RoadId kNoRoad = 0xFFFFFFFFu;

struct Road {
  VertexId from = 0, to = 0;
  float minutes = 0;
  float km = 0;
  bool paved = false;
  std::uint32_t municipality = 0;  // index into World::municipalities (risk comes from its violence)
};

// A route found by shortest_route(): total minutes and the roads it uses.
struct Route {
  float minutes = kUnreachable;
  std::vector<RoadId> roads;
  bool reachable() const { return minutes < kUnreachable; }
};

// Shortest routes from one source to every vertex: minutes, and the last road
// of the route to each vertex (kNoRoad at the source and where unreachable).
struct RouteTree {
  std::vector<float> minutes;
  std::vector<RoadId> last_road;
};

// For every vertex, the nearest of several sources: minutes and the source's
// position in the list given (kNoSource where none is reachable).
struct NearestSource {
  static constexpr std::uint32_t kNoSource = 0xFFFFFFFFu;
  std::vector<float> minutes;
  std::vector<std::uint32_t> source;
};

class RoadNetwork;

// What a local search (RoadNetwork::search_around) settled, valid only
// inside the callback that receives it.
class SearchView {
 public:
  // Minutes from the source; kUnreachable where the search did not settle
  // the vertex (unreachable, beyond the cutoff, or not needed).
  float minutes(VertexId v) const;
  // The vertices settled, nearest first.
  const std::vector<VertexId>& settled() const { return *settled_; }
  // The route from the source to a settled vertex (unreachable otherwise).
  Route route_to(VertexId to) const;
  // Calls visit(road) for each road of the route to a settled `to`, from
  // `to` back to the source.
  template <class Visit>
  void walk_back(VertexId to, Visit&& visit) const;

 private:
  friend class RoadNetwork;
  const RoadNetwork* network_ = nullptr;
  VertexId source_ = 0;
  const std::vector<double>* minutes_ = nullptr;
  const std::vector<RoadId>* last_road_ = nullptr;
  const std::vector<std::uint8_t>* state_ = nullptr;  // per vertex: SearchWorkspace's states
  bool is_settled(VertexId v) const;
  const std::vector<VertexId>* settled_ = nullptr;
};

class RoadNetwork {
 public:
  RoadNetwork() = default;
  explicit RoadNetwork(std::uint32_t vertex_count);

  RoadId add_road(const Road& road);
  std::uint32_t vertex_count() const { return vertex_count_; }
  std::uint32_t road_count() const { return static_cast<std::uint32_t>(roads_.size()); }
  const Road& road(RoadId id) const { return roads_[id]; }
  const std::vector<Road>& roads() const { return roads_; }
  // Roads incident to a vertex.
  std::vector<RoadId> roads_at(VertexId v) const;

  // Where a vertex lies (degrees). Builders give every vertex a position so
  // that travel times can be bounded from below by distance (MinutesLowerBound).
  void set_position(VertexId v, double lat, double lon);
  bool has_position(VertexId v) const { return v < positioned_.size() && positioned_[v]; }
  double latitude(VertexId v) const { return lat_[v]; }
  double longitude(VertexId v) const { return lon_[v]; }

  // Closures: a closed road is impassable until the end of day `until`.
  void close_road(RoadId id, SimDay until);
  bool is_closed(RoadId id, SimDay day) const { return closed_until_[id] >= day; }
  // Whether no road is closed on `day` or later.
  bool all_open_from(SimDay day) const;
  // A counter that changes whenever the set of roads closed on `day` differs
  // from the set closed when it was last called. Lets callers recompute
  // routes only when a closure starts or ends.
  std::uint64_t closure_version(SimDay day);
  // The roads that opened or closed between the last two closure_version()
  // calls that changed the version (sorted).
  const std::vector<RoadId>& last_changes() const { return last_changes_; }

  // Minutes from `source` to every vertex on `day` (closed roads skipped).
  std::vector<float> minutes_from(VertexId source, SimDay day) const;
  // Same with a cutoff: vertices beyond `max_minutes` are left at kUnreachable.
  std::vector<float> minutes_from(VertexId source, SimDay day, float max_minutes) const;
  Route shortest_route(VertexId from, VertexId to, SimDay day) const;
  // Shortest routes from `source` to every vertex, with the roads they use.
  RouteTree route_tree(VertexId source, SimDay day) const;
  // The same, searching only until every vertex in `targets` is settled, or
  // up to `max_minutes`: exact for the targets and the vertices on their
  // routes, not for others. Targets beyond the cutoff are unreachable.
  RouteTree route_tree(VertexId source, SimDay day, std::vector<VertexId> targets,
                       float max_minutes = kUnreachable) const;
  // A search that costs in proportion to what it reaches, not to the whole
  // network: from `source` on `day`, up to `max_minutes`, stopping early
  // once every vertex in `stop_after` is settled (none: empty). `use` sees
  // the result; the working arrays are per thread and reused, so `use` must
  // not start another search on this thread. It takes Boost's Dijkstra's
  // steps in Boost's order, so its minutes and roads are those of
  // minutes_from() and route_tree(), ties included.
  void search_around(VertexId source, SimDay day, float max_minutes, const std::vector<VertexId>& stop_after,
                     const std::function<void(const SearchView&)>& use) const;
  // Multi-source search: each vertex's nearest source on `day`, ties going
  // to the source listed first.
  NearestSource nearest_source(const std::vector<VertexId>& sources, SimDay day) const;
  // The roads of the route from a tree's source to `to`, in travel order
  // (the last road to each vertex, walked back from `to`).
  std::vector<RoadId> roads_back(const std::vector<RoadId>& last_road, VertexId source, VertexId to) const;

 private:
  // The searches' view of the roads: compressed rows (Boost's CSR graph),
  // each road stored in both directions, a vertex's roads in RoadId order.
  struct RoadRef {
    RoadId id = 0;
  };
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, RoadRef, boost::no_property,
                                                   std::uint32_t, std::uint32_t>;
  // The same rows flattened for search_around(): each vertex's roads in the
  // graph's order, with the far end and minutes at hand.
  struct Arc {
    VertexId to = 0;
    RoadId id = 0;
    float minutes = 0;
  };
  struct Built {
    Graph graph;
    std::vector<std::uint32_t> arcs_begin;  // per vertex, one past the end last
    std::vector<Arc> arcs;
  };
  // Built from the roads on first use (thread-safe) and dropped when a road
  // is added; copies share the built graph, which never changes.
  class GraphCache {
   public:
    GraphCache() = default;
    GraphCache(const GraphCache& other) : built_(other.shared()) {}
    GraphCache& operator=(const GraphCache& other);
    const Built& get(const RoadNetwork& network) const;
    void reset();

   private:
    std::shared_ptr<const Built> shared() const;
    mutable std::mutex mutex_;
    mutable std::shared_ptr<const Built> built_;
  };
  const Graph& graph() const { return graph_.get(*this).graph; }

  std::uint32_t vertex_count_ = 0;
  GraphCache graph_;
  std::vector<Road> roads_;
  std::vector<double> lat_, lon_;            // per vertex, where set_position() was called
  std::vector<std::uint8_t> positioned_;
  std::vector<SimDay> closed_until_;         // last day closed; far past when never closed
  std::vector<RoadId> watched_;              // roads closed now or later (closure_version() drops expired ones)
  std::vector<std::uint8_t> is_watched_;     // per road: listed in watched_
  std::vector<RoadId> closed_last_seen_;     // roads closed on the day of the last closure_version() call
  std::vector<RoadId> last_changes_;         // symmetric difference at the last version change
  std::uint64_t version_ = 0;

  struct OpenOn;  // edge filter: roads open on a day
  struct Search;  // one run of Dijkstra
  // Stops once the next vertex lies beyond max_minutes, or once every vertex
  // in `stop_after` (sorted, unique; empty: none) has been settled.
  Search search(VertexId source, SimDay day, float max_minutes, const std::vector<VertexId>& stop_after,
                bool keep_roads) const;
};

template <class Visit>
void SearchView::walk_back(VertexId to, Visit&& visit) const {
  for (VertexId v = to; v != source_;) {
    const RoadId id = (*last_road_)[v];
    visit(id);
    const Road& road = network_->road(id);
    v = road.from == v ? road.to : road.from;
  }
}

// The route from a tree's source to `to` (unreachable when the tree does not reach it).
Route route_in_tree(const RoadNetwork& network, const RouteTree& tree, VertexId source, VertexId to);

// A lower bound on the minutes of any route between two vertices, valid on
// every day whatever is closed: the straight-line (chord) distance between
// them times the fewest minutes per straight-line km of any road. Every road
// takes at least that long per km of chord, and chords obey the triangle
// inequality, so no route can be faster. When some vertex has no position the
// bound is zero everywhere (still a bound, just useless).
class MinutesLowerBound {
 public:
  explicit MinutesLowerBound(const RoadNetwork& network);
  double operator()(VertexId a, VertexId b) const;
  double minutes_per_km() const { return minutes_per_km_; }

 private:
  double chord_km(VertexId a, VertexId b) const;
  std::vector<std::array<double, 3>> xyz_;  // km from the Earth's centre
  double minutes_per_km_ = 0;
};

}  // namespace pasante
