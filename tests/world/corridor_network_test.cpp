#include "world/corridor_network.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <random>

namespace pasante {
namespace {

Road road(VertexId a, VertexId b, float minutes) { return Road{.from = a, .to = b, .minutes = minutes, .km = minutes, .paved = true}; }

// What a search on the whole network reports for every place.
std::vector<float> minutes_on_whole_network(const RoadNetwork& net, const std::vector<VertexId>& places, std::size_t from,
                                            float max_minutes, SimDay day) {
  std::vector<float> out;
  net.search_around(places[from], day, max_minutes, {}, [&](const SearchView& view) {
    for (const VertexId v : places) out.push_back(view.minutes(v));
  });
  return out;
}

// Seats 0, 1, 2 in a triangle; seat 0 has a cluster of localities (3, 4, 5,
// a cycle) hanging off it, and seat 2 a chain (6 - 7). Vertex 8 stands alone.
//
//        3 --- 4
//         \   /
//           0 --10-- 1
//            \      /
//             30   10
//               \ /
//                2 -- 6 -- 7
RoadNetwork seats_with_localities() {
  RoadNetwork net(9);
  net.add_road(road(0, 1, 10));
  net.add_road(road(1, 2, 10));
  net.add_road(road(0, 2, 30));
  net.add_road(road(0, 3, 2));
  net.add_road(road(3, 4, 2));
  net.add_road(road(4, 0, 2));
  net.add_road(road(4, 5, 1));
  net.add_road(road(2, 6, 3));
  net.add_road(road(6, 7, 3));
  return net;
}

TEST(CorridorNetwork, LeavesOutLocalitiesNoTripBetweenSeatsCrosses) {
  const RoadNetwork net = seats_with_localities();
  const CorridorNetwork corridors(net, {0, 1, 2}, 0);
  EXPECT_EQ(corridors.vertex_count(), 3u);  // the seats only
  EXPECT_EQ(corridors.road_count(), 3u);
  EXPECT_EQ(corridors.minutes_from_place(0, kUnreachable), (std::vector<float>{0, 10, 20}));
  EXPECT_EQ(corridors.minutes_from_place(2, 15), (std::vector<float>{kUnreachable, 10, 0}));
}

TEST(CorridorNetwork, KeepsALocalityThatIsAPlaceAndTheWayToIt) {
  const RoadNetwork net = seats_with_localities();
  const CorridorNetwork corridors(net, {0, 1, 7, 8}, 0);
  // The cluster at 0 goes; 2 and 6 stay, on the way to 7; 8 stays, alone.
  EXPECT_EQ(corridors.vertex_count(), 6u);
  EXPECT_EQ(corridors.minutes_from_place(2, kUnreachable), (std::vector<float>{26, 16, 0, kUnreachable}));
  EXPECT_EQ(corridors.minutes_from_place(3, kUnreachable), (std::vector<float>{kUnreachable, kUnreachable, kUnreachable, 0}));
}

TEST(CorridorNetwork, LeavesOutClosedRoads) {
  RoadNetwork net = seats_with_localities();
  net.close_road(1, 5);  // 1 - 2 closed until day 5
  EXPECT_EQ(CorridorNetwork(net, {0, 1, 2}, 3).minutes_from_place(1, kUnreachable), (std::vector<float>{10, 0, 40}));
  EXPECT_EQ(CorridorNetwork(net, {0, 1, 2}, 6).minutes_from_place(1, kUnreachable), (std::vector<float>{10, 0, 10}));
}

// Random municipalities: seats joined to their nearest seats, each seat with
// localities joined among themselves and to it (cycles, so blocks are more
// than single roads), some localities joined across municipalities, a few
// roads closed. Minutes between seats must match a search on the whole
// network to the last bit, whatever the cutoff.
TEST(CorridorNetwork, MinutesBetweenPlacesEqualAWholeNetworkSearchBitForBit) {
  std::mt19937_64 rng(20261122);
  for (int trial = 0; trial < 20; ++trial) {
    const std::uint32_t seats = 3 + static_cast<std::uint32_t>(rng() % 12);
    const std::uint32_t per_seat = static_cast<std::uint32_t>(rng() % 8);
    const std::uint32_t n = seats * (1 + per_seat);
    RoadNetwork net(n);
    std::uniform_real_distribution<float> minutes(0.1f, 90.0f);
    for (std::uint32_t a = 0; a < seats; ++a)
      for (int k = 0; k < 2; ++k) net.add_road(road(a, static_cast<VertexId>(rng() % seats), minutes(rng)));
    for (std::uint32_t a = 0; a < seats; ++a) {
      const VertexId first = seats + a * per_seat;
      for (std::uint32_t k = 0; k < per_seat; ++k) {
        net.add_road(road(first + k, k == 0 ? a : first + static_cast<VertexId>(rng() % k), minutes(rng)));
        if (rng() % 3 == 0) net.add_road(road(first + k, a, minutes(rng)));
        if (rng() % 10 == 0) net.add_road(road(first + k, static_cast<VertexId>(seats + rng() % (n - seats)), minutes(rng)));
      }
    }
    for (RoadId r = 0; r < net.road_count(); ++r)
      if (rng() % 12 == 0) net.close_road(r, 4);
    std::vector<VertexId> places(seats);
    for (std::uint32_t a = 0; a < seats; ++a) places[a] = a;
    for (const SimDay day : {0, 5}) {
      const CorridorNetwork corridors(net, places, day);
      EXPECT_LE(corridors.vertex_count(), n);
      for (std::size_t from = 0; from < places.size(); ++from)
        for (const float cutoff : {kUnreachable, 60.0f, 150.0f}) {
          const std::vector<float> got = corridors.minutes_from_place(from, cutoff);
          const std::vector<float> want = minutes_on_whole_network(net, places, from, cutoff, day);
          ASSERT_EQ(got.size(), want.size());
          for (std::size_t j = 0; j < got.size(); ++j)
            EXPECT_EQ(std::bit_cast<std::uint32_t>(got[j]), std::bit_cast<std::uint32_t>(want[j]))
                << "trial " << trial << " day " << day << " from " << from << " to " << j << " cutoff " << cutoff;
        }
    }
  }
}

}  // namespace
}  // namespace pasante
