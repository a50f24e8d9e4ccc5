// The roads that can carry a trip between two of a set of places (the
// municipal seats, for violence's spatial kernel), and shortest minutes
// between those places on them.
//
// Why it is exact: a shortest route between two places is a simple path, and
// a simple path between two vertices only crosses the blocks (biconnected
// components) that lie on the way between them in the block-cut tree. A
// block that no such way crosses (a municipality's localities, hanging off
// its seat, say) is left out with everything beyond it: leaves of the
// block-cut tree that hold no place are pruned until every leaf holds one.
// Minutes between places are then those of a search on the whole network,
// to the last bit: the same roads are summed in the same order from the same
// source, and a pruned vertex reaches the network only through a kept one
// and so can never shorten a route to it.
//
// Built with Boost.Graph (biconnected_components, Dijkstra on compressed
// rows); only the pruning of the block-cut tree is written here.
#pragma once
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <vector>

#include "core/calendar.hpp"
#include "world/road_network.hpp"

namespace pasante {

class CorridorNetwork {
 public:
  // The corridors between `places` on the roads open on `day`.
  CorridorNetwork(const RoadNetwork& roads, const std::vector<VertexId>& places, SimDay day);

  // Minutes from places[from] to every place, as RoadNetwork::search_around
  // from that place with cutoff `max_minutes` reports them (kUnreachable
  // beyond the cutoff or where no open road leads). Thread-safe.
  std::vector<float> minutes_from_place(std::size_t from, float max_minutes) const;

  // Vertices and roads kept (for tests and the setup profile).
  std::uint32_t vertex_count() const { return static_cast<std::uint32_t>(boost::num_vertices(graph_)); }
  std::size_t road_count() const { return boost::num_edges(graph_) / 2; }

 private:
  struct Minutes {
    double value = 0;
  };
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, Minutes, boost::no_property,
                                                   std::uint32_t, std::uint32_t>;
  Graph graph_;
  std::vector<std::uint32_t> place_vertex_;  // per place, its vertex in graph_
};

}  // namespace pasante
