#include "world/road_network.hpp"

#include <boost/graph/detail/d_ary_heap.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/two_bit_color_map.hpp>
#include <boost/range/iterator_range.hpp>
#include <boost/property_map/function_property_map.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>
#include <stdexcept>

namespace pasante {

namespace {

constexpr SimDay kNeverClosed = std::numeric_limits<SimDay>::min();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Thrown by the search visitor to end Dijkstra early (cutoff reached or the
// destination settled); caught in RoadNetwork::search.
struct StopSearch {};

float to_minutes(double d) { return d < kInfinity ? static_cast<float>(d) : kUnreachable; }

}  // namespace

// Closed roads are left out of the graph the searches see.
struct RoadNetwork::OpenOn {
  const RoadNetwork* network = nullptr;
  const Graph* graph = nullptr;
  SimDay day = 0;
  template <class Edge>
  bool operator()(const Edge& e) const {
    return !network->is_closed((*graph)[e].id, day);
  }
};

RoadNetwork::GraphCache& RoadNetwork::GraphCache::operator=(const GraphCache& other) {
  if (this != &other) {
    std::shared_ptr<const Built> b = other.shared();
    const std::lock_guard lock(mutex_);
    built_ = std::move(b);
  }
  return *this;
}

std::shared_ptr<const RoadNetwork::Built> RoadNetwork::GraphCache::shared() const {
  const std::lock_guard lock(mutex_);
  return built_;
}

void RoadNetwork::GraphCache::reset() {
  const std::lock_guard lock(mutex_);
  built_.reset();
}

const RoadNetwork::Built& RoadNetwork::GraphCache::get(const RoadNetwork& network) const {
  const std::lock_guard lock(mutex_);
  if (!built_) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
    std::vector<RoadRef> refs;
    ends.reserve(2 * network.roads_.size());
    refs.reserve(2 * network.roads_.size());
    for (RoadId id = 0; id < network.roads_.size(); ++id) {
      const Road& r = network.roads_[id];
      ends.emplace_back(r.from, r.to);
      refs.push_back({id});
      ends.emplace_back(r.to, r.from);
      refs.push_back({id});
    }
    // The multi-pass construction keeps each vertex's edges in input order.
    auto built = std::make_shared<Built>(Built{
        Graph(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), refs.begin(), network.vertex_count_), {}, {}});
    const Graph& g = built->graph;
    built->arcs_begin.reserve(network.vertex_count_ + 1);
    built->arcs.reserve(ends.size());
    for (VertexId v = 0; v < network.vertex_count_; ++v) {
      built->arcs_begin.push_back(static_cast<std::uint32_t>(built->arcs.size()));
      for (const auto& e : boost::make_iterator_range(boost::out_edges(v, g))) {
        const RoadId id = g[e].id;
        built->arcs.push_back({static_cast<VertexId>(boost::target(e, g)), id, network.roads_[id].minutes});
      }
    }
    built->arcs_begin.push_back(static_cast<std::uint32_t>(built->arcs.size()));
    built_ = std::move(built);
  }
  return *built_;
}

// Result of one single-source search. Distances are summed in double so that
// a→b and b→a agree to well under a thousandth of a minute.
struct RoadNetwork::Search {
  std::vector<double> minutes;
  std::vector<RoadId> last_road;  // empty unless asked for
};

RoadNetwork::RoadNetwork(std::uint32_t vertex_count)
    : vertex_count_(vertex_count), lat_(vertex_count, 0.0), lon_(vertex_count, 0.0), positioned_(vertex_count, 0) {}

void RoadNetwork::set_position(VertexId v, double lat, double lon) {
  if (v >= vertex_count()) throw std::out_of_range("RoadNetwork::set_position: vertex out of range");
  lat_[v] = lat;
  lon_[v] = lon;
  positioned_[v] = 1;
}

RoadId RoadNetwork::add_road(const Road& road) {
  if (road.from >= vertex_count() || road.to >= vertex_count())
    throw std::out_of_range("RoadNetwork::add_road: vertex out of range");
  const RoadId id = road_count();
  graph_.reset();
  roads_.push_back(road);
  closed_until_.push_back(kNeverClosed);
  is_watched_.push_back(0);
  return id;
}

std::vector<RoadId> RoadNetwork::roads_at(VertexId v) const {
  std::vector<RoadId> out;
  const Graph& g = graph();
  for (const auto& e : boost::make_iterator_range(boost::out_edges(v, g))) out.push_back(g[e].id);
  std::sort(out.begin(), out.end());
  return out;
}

void RoadNetwork::close_road(RoadId id, SimDay until) {
  closed_until_[id] = std::max(closed_until_[id], until);
  if (!is_watched_[id]) {
    is_watched_[id] = 1;
    watched_.push_back(id);
  }
}

bool RoadNetwork::all_open_from(SimDay day) const {
  return std::none_of(watched_.begin(), watched_.end(), [&](RoadId id) { return closed_until_[id] >= day; });
}

// Compares the set of roads closed on `day` with the set seen by the previous
// call. Only roads ever closed are looked at, and a road whose closure ended
// before `day` is dropped from that list (simulation days do not go back).
std::uint64_t RoadNetwork::closure_version(SimDay day) {
  std::vector<RoadId> closed_now;
  std::size_t kept = 0;
  for (const RoadId id : watched_) {
    if (closed_until_[id] < day) {
      is_watched_[id] = 0;
      continue;
    }
    watched_[kept++] = id;
    closed_now.push_back(id);  // closed_until_ >= day
  }
  watched_.resize(kept);
  std::sort(closed_now.begin(), closed_now.end());
  if (closed_now != closed_last_seen_) {
    ++version_;
    last_changes_.clear();
    std::set_symmetric_difference(closed_now.begin(), closed_now.end(), closed_last_seen_.begin(),
                                  closed_last_seen_.end(), std::back_inserter(last_changes_));
    closed_last_seen_ = std::move(closed_now);
  }
  return version_;
}

RoadNetwork::Search RoadNetwork::search(VertexId source, SimDay day, float max_minutes,
                                        const std::vector<VertexId>& stop_after, bool keep_roads) const {
  using Open = boost::filtered_graph<Graph, OpenOn>;
  using Edge = boost::graph_traits<Open>::edge_descriptor;
  const Graph& g = graph();
  const Open open(g, OpenOn{this, &g, day});

  Search result;
  result.minutes.assign(vertex_count(), kInfinity);
  if (keep_roads) result.last_road.assign(vertex_count(), kNoRoad);
  const double cutoff = max_minutes;
  std::size_t targets_left = stop_after.size();

  // Ends the search once the next vertex to settle lies beyond the cutoff or
  // is the last target, and records the road each vertex was last reached by.
  struct Visitor : boost::default_dijkstra_visitor {
    const std::vector<double>* minutes;
    std::vector<RoadId>* last_road;
    const Graph* graph;
    double cutoff;
    const std::vector<VertexId>* stop_after;
    std::size_t* targets_left;
    void examine_vertex(VertexId u, const Open&) const {
      if ((*minutes)[u] > cutoff) throw StopSearch{};
      if (*targets_left > 0 && std::binary_search(stop_after->begin(), stop_after->end(), u) && --*targets_left == 0)
        throw StopSearch{};
    }
    void edge_relaxed(const Edge& e, const Open& g) const {
      if (last_road) (*last_road)[boost::target(e, g)] = (*graph)[e].id;
    }
  };
  const Visitor visitor{{},     &result.minutes, keep_roads ? &result.last_road : nullptr, &g, cutoff, &stop_after,
                        &targets_left};

  const auto weight = boost::make_function_property_map<Edge, double>(
      [this, &g](const Edge& e) { return static_cast<double>(roads_[g[e].id].minutes); });
  const auto index = boost::get(boost::vertex_index, open);
  try {
    boost::dijkstra_shortest_paths(open, source, boost::dummy_property_map(),
                                   boost::make_iterator_property_map(result.minutes.begin(), index), weight, index,
                                   std::less<double>(), boost::closed_plus<double>(kInfinity), kInfinity, 0.0,
                                   visitor);
  } catch (const StopSearch&) {
  }
  // Vertices left in the queue when the search stopped hold tentative
  // distances beyond the cutoff.
  for (double& m : result.minutes)
    if (m > cutoff) m = kInfinity;
  return result;
}

namespace {

// Per-thread working arrays of search_around(), kept at "nothing reached"
// between searches by resetting only the vertices a search touched. The
// heap positions need no reset: the heap reads a vertex's position only
// while the vertex is in the heap, and pushing it writes the position.
struct SearchWorkspace {
  enum : std::uint8_t { kWhite = 0, kGray = 1, kSettled = 2 };  // unreached, in the heap, settled
  std::vector<double> minutes;
  std::vector<RoadId> last_road;
  std::vector<std::uint8_t> state;
  std::vector<std::uint8_t> is_target;
  std::vector<std::size_t> heap_position;
  std::vector<VertexId> touched, settled;
  bool busy = false;

  void fit(std::uint32_t vertices) {
    if (minutes.size() == vertices) return;
    minutes.assign(vertices, kInfinity);
    last_road.assign(vertices, kNoRoad);
    state.assign(vertices, kWhite);
    is_target.assign(vertices, 0);
    heap_position.assign(vertices, 0);
  }
  void reset(const std::vector<VertexId>& targets) {
    for (const VertexId v : touched) {
      minutes[v] = kInfinity;
      last_road[v] = kNoRoad;
      state[v] = kWhite;
    }
    for (const VertexId v : targets) is_target[v] = 0;
    touched.clear();
    settled.clear();
    busy = false;
  }
};

thread_local SearchWorkspace search_workspace;

}  // namespace

bool SearchView::is_settled(VertexId v) const { return (*state_)[v] == SearchWorkspace::kSettled; }

float SearchView::minutes(VertexId v) const { return is_settled(v) ? static_cast<float>((*minutes_)[v]) : kUnreachable; }

Route SearchView::route_to(VertexId to) const {
  Route route;
  if (!is_settled(to)) return route;
  route.minutes = static_cast<float>((*minutes_)[to]);
  walk_back(to, [&](RoadId id) { route.roads.push_back(id); });
  std::reverse(route.roads.begin(), route.roads.end());
  return route;
}

// Boost's Dijkstra (dijkstra_shortest_paths_no_init over the open roads, as
// search() runs it) written out on the flattened rows: the same heap class
// (4-ary, keyed by minutes), the same pushes, decrease-keys and pops in the
// same order, the same sums. So it settles the same vertices in the same
// order and keeps the same last road to each (at a tie, the first road that
// reached the vertex) as the Boost searches, without the per-search index
// array Boost allocates and fills for the whole network, the filtered
// graph's iterators or the look-ups of each road's minutes.
void RoadNetwork::search_around(VertexId source, SimDay day, float max_minutes, const std::vector<VertexId>& stop_after,
                                const std::function<void(const SearchView&)>& use) const {
  const Built& built = graph_.get(*this);
  SearchWorkspace& ws = search_workspace;
  if (ws.busy) throw std::logic_error("RoadNetwork::search_around: a search is already running on this thread");
  ws.fit(vertex_count());
  ws.busy = true;
  struct Reset {
    SearchWorkspace& ws;
    const std::vector<VertexId>& targets;
    ~Reset() { ws.reset(targets); }
  } reset{ws, stop_after};
  for (const VertexId v : stop_after) ws.is_target[v] = 1;

  const double cutoff = max_minutes;
  std::size_t targets_left = stop_after.size();
  using Heap = boost::d_ary_heap_indirect<VertexId, 4, boost::iterator_property_map<std::size_t*, boost::identity_property_map>,
                                          boost::iterator_property_map<double*, boost::identity_property_map>, std::less<double>>;
  Heap queue(boost::make_iterator_property_map(ws.minutes.data(), boost::identity_property_map()),
             boost::make_iterator_property_map(ws.heap_position.data(), boost::identity_property_map()));
  ws.minutes[source] = 0.0;
  ws.touched.push_back(source);
  ws.state[source] = SearchWorkspace::kGray;
  queue.push(source);
  const std::uint32_t* begin = built.arcs_begin.data();
  const Arc* arcs = built.arcs.data();
  const SimDay* closed_until = closed_until_.data();
  while (!queue.empty()) {
    const VertexId u = queue.top();
    queue.pop();
    if (!queue.empty()) __builtin_prefetch(arcs + begin[queue.top()]);  // the next vertex's roads, while this one's are relaxed
    const double at = ws.minutes[u];
    if (at > cutoff) break;
    ws.state[u] = SearchWorkspace::kSettled;
    ws.settled.push_back(u);
    if (targets_left > 0 && ws.is_target[u] && --targets_left == 0) break;
    for (const Arc* a = arcs + begin[u]; a != arcs + begin[u + 1]; ++a) {
      if (closed_until[a->id] >= day) continue;  // closed today
      const VertexId v = a->to;
      const std::uint8_t state = ws.state[v];
      if (state == SearchWorkspace::kSettled) continue;  // never shortened: minutes are not negative
      const double through = at + static_cast<double>(a->minutes);
      if (state == SearchWorkspace::kWhite) {
        ws.minutes[v] = through;
        ws.last_road[v] = a->id;
        ws.state[v] = SearchWorkspace::kGray;
        ws.touched.push_back(v);
        queue.push(v);
      } else if (through < ws.minutes[v]) {
        ws.minutes[v] = through;
        ws.last_road[v] = a->id;
        queue.update(v);
      }
    }
  }
  SearchView view;
  view.network_ = this;
  view.source_ = source;
  view.minutes_ = &ws.minutes;
  view.last_road_ = &ws.last_road;
  view.state_ = &ws.state;
  view.settled_ = &ws.settled;
  use(view);
}

std::vector<float> RoadNetwork::minutes_from(VertexId source, SimDay day) const {
  return minutes_from(source, day, kUnreachable);
}

std::vector<float> RoadNetwork::minutes_from(VertexId source, SimDay day, float max_minutes) const {
  const Search s = search(source, day, max_minutes, {}, false);
  std::vector<float> out(s.minutes.size());
  std::transform(s.minutes.begin(), s.minutes.end(), out.begin(), to_minutes);
  return out;
}

RouteTree RoadNetwork::route_tree(VertexId source, SimDay day) const { return route_tree(source, day, {}); }

RouteTree RoadNetwork::route_tree(VertexId source, SimDay day, std::vector<VertexId> targets, float max_minutes) const {
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  Search s = search(source, day, max_minutes, targets, true);
  RouteTree tree;
  tree.minutes.resize(s.minutes.size());
  std::transform(s.minutes.begin(), s.minutes.end(), tree.minutes.begin(), to_minutes);
  tree.last_road = std::move(s.last_road);
  return tree;
}

Route RoadNetwork::shortest_route(VertexId from, VertexId to, SimDay day) const {
  Route route;
  search_around(from, day, kUnreachable, {to}, [&](const SearchView& view) { route = view.route_to(to); });
  return route;
}

std::vector<RoadId> RoadNetwork::roads_back(const std::vector<RoadId>& last_road, VertexId source, VertexId to) const {
  std::vector<RoadId> out;
  for (VertexId v = to; v != source;) {
    const RoadId id = last_road[v];
    out.push_back(id);
    v = roads_[id].from == v ? roads_[id].to : roads_[id].from;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Route route_in_tree(const RoadNetwork& network, const RouteTree& tree, VertexId source, VertexId to) {
  Route route;
  if (!(tree.minutes[to] < kUnreachable)) return route;
  route.minutes = tree.minutes[to];
  route.roads = network.roads_back(tree.last_road, source, to);
  return route;
}

NearestSource RoadNetwork::nearest_source(const std::vector<VertexId>& sources, SimDay day) const {
  using Open = boost::filtered_graph<Graph, OpenOn>;
  using Edge = boost::graph_traits<Open>::edge_descriptor;
  const Graph& g = graph();
  const Open open(g, OpenOn{this, &g, day});

  // Distances are (minutes, source position) compared in that order, so a tie
  // in minutes goes to the source listed first. Unreached vertices have
  // infinite minutes and never compare below one another.
  struct Reach {
    double minutes;
    std::uint32_t source;
  };
  struct Less {
    bool operator()(const Reach& a, const Reach& b) const {
      if (a.minutes != b.minutes) return a.minutes < b.minutes;
      return a.minutes < kInfinity && a.source < b.source;
    }
  };
  struct Plus {
    Reach operator()(const Reach& a, double w) const { return {a.minutes + w, a.source}; }
  };

  std::vector<Reach> reach(vertex_count(), Reach{kInfinity, NearestSource::kNoSource});
  std::vector<VertexId> starts;
  for (std::uint32_t i = 0; i < sources.size(); ++i) {
    Reach& r = reach[sources[i]];
    if (r.source != NearestSource::kNoSource) continue;  // the same vertex listed twice: first one wins
    r = Reach{0.0, i};
    starts.push_back(sources[i]);
  }

  const auto index = boost::get(boost::vertex_index, open);
  const auto weight = boost::make_function_property_map<Edge, double>(
      [this, &g](const Edge& e) { return static_cast<double>(roads_[g[e].id].minutes); });
  boost::two_bit_color_map<decltype(index)> colour(vertex_count(), index);
  boost::dijkstra_shortest_paths_no_init(open, starts.begin(), starts.end(), boost::dummy_property_map(),
                                         boost::make_iterator_property_map(reach.begin(), index), weight, index,
                                         Less(), Plus(), Reach{0.0, 0}, boost::default_dijkstra_visitor(), colour);

  NearestSource out;
  out.minutes.resize(reach.size());
  out.source.resize(reach.size());
  for (std::size_t v = 0; v < reach.size(); ++v) {
    const bool reached = reach[v].minutes < kInfinity;
    out.minutes[v] = reached ? static_cast<float>(reach[v].minutes) : kUnreachable;
    out.source[v] = reached ? reach[v].source : NearestSource::kNoSource;
  }
  return out;
}

// ---------------------------------------------------------------------------
// MinutesLowerBound

MinutesLowerBound::MinutesLowerBound(const RoadNetwork& network) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRadians = std::numbers::pi / 180.0;
  const std::uint32_t n = network.vertex_count();
  xyz_.assign(n, {0.0, 0.0, 0.0});
  for (VertexId v = 0; v < n; ++v) {
    if (!network.has_position(v)) return;  // minutes_per_km_ stays 0: the bound is 0
    const double lat = network.latitude(v) * kRadians, lon = network.longitude(v) * kRadians;
    xyz_[v] = {kEarthRadiusKm * std::cos(lat) * std::cos(lon), kEarthRadiusKm * std::cos(lat) * std::sin(lon),
               kEarthRadiusKm * std::sin(lat)};
  }
  double least = std::numeric_limits<double>::infinity();
  for (const Road& road : network.roads()) {
    const double chord = chord_km(road.from, road.to);
    if (chord > 0) least = std::min(least, static_cast<double>(road.minutes) / chord);
  }
  // A margin far above rounding keeps the bound below every route's minutes.
  minutes_per_km_ = std::isfinite(least) ? least * (1.0 - 1e-9) : 0.0;
}

double MinutesLowerBound::chord_km(VertexId a, VertexId b) const {
  const auto& x = xyz_[a];
  const auto& y = xyz_[b];
  const double dx = x[0] - y[0], dy = x[1] - y[1], dz = x[2] - y[2];
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

double MinutesLowerBound::operator()(VertexId a, VertexId b) const { return minutes_per_km_ * chord_km(a, b); }

}  // namespace pasante
