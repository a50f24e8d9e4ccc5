#include "world/road_network.hpp"

#include <gtest/gtest.h>

namespace pasante {
namespace {

// A small hand-made network:
//
//   0 --10-- 1 --10-- 2 --5-- 3 --7-- 4
//    \______25_______/
//
// Road ids: 0 = 0-1, 1 = 1-2, 2 = 0-2, 3 = 2-3, 4 = 3-4. Vertex 5 stands alone.
RoadNetwork small_network() {
  RoadNetwork net(6);
  auto road = [](VertexId a, VertexId b, float minutes, bool paved) {
    Road r;
    r.from = a;
    r.to = b;
    r.minutes = minutes;
    r.km = minutes;
    r.paved = paved;
    return r;
  };
  EXPECT_EQ(net.add_road(road(0, 1, 10, true)), 0u);
  EXPECT_EQ(net.add_road(road(1, 2, 10, true)), 1u);
  EXPECT_EQ(net.add_road(road(0, 2, 25, false)), 2u);
  EXPECT_EQ(net.add_road(road(2, 3, 5, true)), 3u);
  EXPECT_EQ(net.add_road(road(3, 4, 7, false)), 4u);
  return net;
}

TEST(RoadNetwork, CountsVerticesAndRoads) {
  const RoadNetwork net = small_network();
  EXPECT_EQ(net.vertex_count(), 6u);
  EXPECT_EQ(net.road_count(), 5u);
  EXPECT_EQ(net.roads_at(2), (std::vector<RoadId>{1, 2, 3}));
  EXPECT_EQ(net.roads_at(4), (std::vector<RoadId>{4}));
  EXPECT_TRUE(net.roads_at(5).empty());
}

TEST(RoadNetwork, DijkstraFindsShortestMinutes) {
  const RoadNetwork net = small_network();
  const std::vector<float> m = net.minutes_from(0, 0);
  ASSERT_EQ(m.size(), 6u);
  EXPECT_FLOAT_EQ(m[0], 0);
  EXPECT_FLOAT_EQ(m[1], 10);
  EXPECT_FLOAT_EQ(m[2], 20);  // through 1, not the 25-minute road
  EXPECT_FLOAT_EQ(m[3], 25);
  EXPECT_FLOAT_EQ(m[4], 32);
  EXPECT_EQ(m[5], kUnreachable);
  // Undirected: the way back takes as long.
  EXPECT_FLOAT_EQ(net.minutes_from(4, 0)[0], 32);
}

TEST(RoadNetwork, CutoffLeavesFarVerticesUnreachable) {
  const RoadNetwork net = small_network();
  const std::vector<float> m = net.minutes_from(0, 0, 22.0f);
  EXPECT_FLOAT_EQ(m[1], 10);
  EXPECT_FLOAT_EQ(m[2], 20);
  EXPECT_EQ(m[3], kUnreachable);
  EXPECT_EQ(m[4], kUnreachable);
}

TEST(RoadNetwork, ClosureReroutesUntilItExpires) {
  RoadNetwork net = small_network();
  net.close_road(1, 5);  // closed through the end of day 5
  EXPECT_FALSE(net.is_closed(0, 3));
  EXPECT_TRUE(net.is_closed(1, 3));
  EXPECT_TRUE(net.is_closed(1, 5));
  EXPECT_FALSE(net.is_closed(1, 6));
  EXPECT_FLOAT_EQ(net.minutes_from(0, 3)[2], 25);  // detour over the direct road
  EXPECT_FLOAT_EQ(net.minutes_from(0, 3)[4], 37);
  EXPECT_FLOAT_EQ(net.minutes_from(0, 6)[2], 20);  // open again
  // A later end never shortens a closure already in force.
  net.close_road(1, 2);
  EXPECT_TRUE(net.is_closed(1, 5));
}

TEST(RoadNetwork, CutRoadMakesVerticesUnreachable) {
  RoadNetwork net = small_network();
  net.close_road(3, 10);
  const std::vector<float> m = net.minutes_from(0, 4);
  EXPECT_FLOAT_EQ(m[2], 20);
  EXPECT_EQ(m[3], kUnreachable);
  EXPECT_EQ(m[4], kUnreachable);
  const Route r = net.shortest_route(0, 4, 4);
  EXPECT_FALSE(r.reachable());
  EXPECT_TRUE(r.roads.empty());
  EXPECT_TRUE(net.shortest_route(0, 4, 11).reachable());
}

TEST(RoadNetwork, ShortestRouteListsRoadsInOrder) {
  RoadNetwork net = small_network();
  const Route there = net.shortest_route(0, 4, 0);
  ASSERT_TRUE(there.reachable());
  EXPECT_FLOAT_EQ(there.minutes, 32);
  EXPECT_EQ(there.roads, (std::vector<RoadId>{0, 1, 3, 4}));
  const Route back = net.shortest_route(4, 0, 0);
  EXPECT_FLOAT_EQ(back.minutes, 32);
  EXPECT_EQ(back.roads, (std::vector<RoadId>{4, 3, 1, 0}));
  const Route stay = net.shortest_route(2, 2, 0);
  EXPECT_FLOAT_EQ(stay.minutes, 0);
  EXPECT_TRUE(stay.roads.empty());

  net.close_road(0, 1);
  const Route detour = net.shortest_route(0, 4, 1);
  EXPECT_FLOAT_EQ(detour.minutes, 37);
  EXPECT_EQ(detour.roads, (std::vector<RoadId>{2, 3, 4}));
}

TEST(RoadNetwork, RouteTreeGivesLastRoads) {
  const RoadNetwork net = small_network();
  const RouteTree tree = net.route_tree(4, 0);
  EXPECT_FLOAT_EQ(tree.minutes[0], 32);
  EXPECT_EQ(tree.last_road[4], kNoRoad);
  EXPECT_EQ(tree.last_road[0], 0u);
  EXPECT_EQ(tree.last_road[2], 3u);
  EXPECT_EQ(tree.last_road[5], kNoRoad);
  EXPECT_EQ(tree.minutes[5], kUnreachable);
}

TEST(RoadNetwork, NearestSourceBreaksTiesByListOrder) {
  const RoadNetwork net = small_network();
  const NearestSource a = net.nearest_source({4, 0}, 0);
  EXPECT_EQ(a.source[2], 0u);  // 12 minutes from vertex 4, 20 from vertex 0
  EXPECT_FLOAT_EQ(a.minutes[2], 12);
  EXPECT_EQ(a.source[1], 1u);
  EXPECT_EQ(a.source[5], NearestSource::kNoSource);
  EXPECT_EQ(a.minutes[5], kUnreachable);
  // Vertex 1 is 10 minutes from both 0 and 2: the source listed first wins.
  EXPECT_EQ(net.nearest_source({0, 2}, 0).source[1], 0u);
  EXPECT_EQ(net.nearest_source({2, 0}, 0).source[1], 0u);
  EXPECT_FLOAT_EQ(net.nearest_source({2, 0}, 0).minutes[1], 10);
}

TEST(RoadNetwork, ClosureVersionChangesOnlyWithTheClosedSet) {
  RoadNetwork net = small_network();
  const std::uint64_t v0 = net.closure_version(0);
  EXPECT_EQ(net.closure_version(0), v0);
  EXPECT_EQ(net.closure_version(1), v0);  // nothing closed either day

  net.close_road(1, 5);
  const std::uint64_t v1 = net.closure_version(2);
  EXPECT_NE(v1, v0);
  EXPECT_EQ(net.closure_version(3), v1);
  net.close_road(1, 8);  // longer, but the set closed on day 4 is the same
  EXPECT_EQ(net.closure_version(4), v1);

  net.close_road(3, 4);
  const std::uint64_t v2 = net.closure_version(4);  // same day, one more road closed
  EXPECT_NE(v2, v1);
  const std::uint64_t v3 = net.closure_version(5);  // road 3 reopened
  EXPECT_NE(v3, v2);
  EXPECT_EQ(net.closure_version(8), v3);
  const std::uint64_t v4 = net.closure_version(9);  // road 1 reopened: nothing closed
  EXPECT_NE(v4, v3);
  EXPECT_EQ(net.closure_version(20), v4);
}

}  // namespace
}  // namespace pasante
