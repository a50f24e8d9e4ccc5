#include "world/corridor_network.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/two_bit_color_map.hpp>

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

namespace pasante {

namespace {

constexpr std::uint32_t kLeftOut = std::numeric_limits<std::uint32_t>::max();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct StopSearch {};

// Which roads lie in a block that some simple path between two places
// crosses: the block-cut tree's leaves without a place, pruned until none is
// left. `block_of` is Boost's block of each road in `open_roads`.
std::vector<std::uint8_t> blocks_on_the_way(std::uint32_t vertices, const std::vector<std::pair<VertexId, VertexId>>& ends,
                                            const std::vector<std::size_t>& block_of, std::size_t blocks,
                                            const std::vector<VertexId>& cut_vertices,
                                            const std::vector<std::uint8_t>& is_place) {
  // Tree nodes: blocks [0, blocks), then one per cut vertex.
  std::vector<std::uint32_t> cut_node(vertices, kLeftOut);
  for (std::size_t k = 0; k < cut_vertices.size(); ++k) cut_node[cut_vertices[k]] = static_cast<std::uint32_t>(blocks + k);
  const std::size_t nodes = blocks + cut_vertices.size();
  std::vector<std::uint8_t> holds_place(nodes, 0);
  for (std::size_t k = 0; k < cut_vertices.size(); ++k) holds_place[blocks + k] = is_place[cut_vertices[k]];
  std::vector<std::pair<std::uint32_t, std::uint32_t>> links;  // (block, cut node)
  for (std::size_t e = 0; e < ends.size(); ++e) {
    for (const VertexId v : {ends[e].first, ends[e].second}) {
      if (cut_node[v] != kLeftOut) links.emplace_back(static_cast<std::uint32_t>(block_of[e]), cut_node[v]);
      else if (is_place[v]) holds_place[block_of[e]] = 1;
    }
  }
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());
  // The tree in compressed rows.
  std::vector<std::uint32_t> begin(nodes + 1, 0);
  for (const auto& [b, c] : links) {
    ++begin[b + 1];
    ++begin[c + 1];
  }
  for (std::size_t x = 0; x < nodes; ++x) begin[x + 1] += begin[x];
  std::vector<std::uint32_t> next(begin.begin(), begin.end() - 1), neighbour(begin.back());
  for (const auto& [b, c] : links) {
    neighbour[next[b]++] = c;
    neighbour[next[c]++] = b;
  }
  std::vector<std::uint32_t> degree(nodes);
  for (std::size_t x = 0; x < nodes; ++x) degree[x] = begin[x + 1] - begin[x];
  std::vector<std::uint8_t> pruned(nodes, 0);
  std::vector<std::uint32_t> leaves;
  for (std::uint32_t x = 0; x < nodes; ++x)
    if (!holds_place[x] && degree[x] <= 1) leaves.push_back(x);
  while (!leaves.empty()) {
    const std::uint32_t x = leaves.back();
    leaves.pop_back();
    if (pruned[x]) continue;
    pruned[x] = 1;
    for (std::uint32_t k = begin[x]; k < begin[x + 1]; ++k) {
      const std::uint32_t y = neighbour[k];
      if (pruned[y]) continue;
      if (--degree[y] <= 1 && !holds_place[y]) leaves.push_back(y);
    }
  }
  pruned.resize(blocks);
  for (std::uint8_t& p : pruned) p = !p;
  return pruned;
}

}  // namespace

CorridorNetwork::CorridorNetwork(const RoadNetwork& roads, const std::vector<VertexId>& places, SimDay day) {
  using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                           boost::property<boost::edge_index_t, std::size_t>>;
  const std::uint32_t n = roads.vertex_count();
  std::vector<std::uint8_t> is_place(n, 0);
  for (const VertexId v : places) is_place[v] = 1;

  // The open roads; a loop is never part of a shortest route.
  std::vector<RoadId> open_roads;
  std::vector<std::pair<VertexId, VertexId>> ends;
  Undirected undirected(n);
  for (RoadId r = 0; r < roads.road_count(); ++r) {
    const Road& road = roads.road(r);
    if (roads.is_closed(r, day) || road.from == road.to) continue;
    boost::add_edge(road.from, road.to, open_roads.size(), undirected);
    open_roads.push_back(r);
    ends.emplace_back(road.from, road.to);
  }
  std::vector<std::size_t> block_of(open_roads.size());
  std::vector<VertexId> cut_vertices;
  const auto index = boost::get(boost::edge_index, undirected);
  const std::size_t blocks =
      boost::biconnected_components(undirected, boost::make_iterator_property_map(block_of.begin(), index),
                                    std::back_inserter(cut_vertices))
          .first;
  undirected = Undirected();  // only the blocks are needed from here
  const std::vector<std::uint8_t> kept_block = blocks_on_the_way(n, ends, block_of, blocks, cut_vertices, is_place);

  // Kept vertices numbered in increasing order of the network's ids.
  std::vector<std::uint32_t> local(n, kLeftOut);
  for (const VertexId v : places) local[v] = 0;
  for (std::size_t e = 0; e < ends.size(); ++e)
    if (kept_block[block_of[e]]) local[ends[e].first] = local[ends[e].second] = 0;
  std::uint32_t kept = 0;
  for (std::uint32_t v = 0; v < n; ++v)
    if (local[v] != kLeftOut) local[v] = kept++;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  std::vector<Minutes> minutes;
  for (std::size_t e = 0; e < ends.size(); ++e) {
    if (!kept_block[block_of[e]]) continue;
    const std::uint32_t a = local[ends[e].first], b = local[ends[e].second];
    const Minutes m{static_cast<double>(roads.road(open_roads[e]).minutes)};
    edges.emplace_back(a, b);
    minutes.push_back(m);
    edges.emplace_back(b, a);
    minutes.push_back(m);
  }
  graph_ = Graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), minutes.begin(), kept);
  place_vertex_.reserve(places.size());
  for (const VertexId v : places) place_vertex_.push_back(local[v]);
}

std::vector<float> CorridorNetwork::minutes_from_place(std::size_t from, float max_minutes) const {
  const std::uint32_t n = vertex_count();
  std::vector<double> distance(n, kInfinity);
  std::vector<std::uint8_t> settled(n, 0);
  const double cutoff = max_minutes;
  // Settles vertices as search_around does: none beyond the cutoff.
  struct Visitor : boost::default_dijkstra_visitor {
    const std::vector<double>* distance;
    std::vector<std::uint8_t>* settled;
    double cutoff;
    void examine_vertex(std::uint32_t u, const Graph&) const {
      if ((*distance)[u] > cutoff) throw StopSearch{};
      (*settled)[u] = 1;
    }
  };
  const auto vertex_index = boost::get(boost::vertex_index, graph_);
  const std::uint32_t source = place_vertex_[from];
  distance[source] = 0.0;
  try {
    boost::dijkstra_shortest_paths_no_init(
        graph_, source, boost::dummy_property_map(), boost::make_iterator_property_map(distance.begin(), vertex_index),
        boost::get(&Minutes::value, graph_), vertex_index, std::less<double>(), boost::closed_plus<double>(kInfinity),
        0.0, Visitor{{}, &distance, &settled, cutoff}, boost::make_two_bit_color_map(n, vertex_index));
  } catch (const StopSearch&) {
  }
  std::vector<float> out(place_vertex_.size(), kUnreachable);
  for (std::size_t p = 0; p < place_vertex_.size(); ++p)
    if (settled[place_vertex_[p]]) out[p] = static_cast<float>(distance[place_vertex_[p]]);
  return out;
}

}  // namespace pasante
