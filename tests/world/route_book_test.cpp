#include "world/route_book.hpp"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/random_stream.hpp"
#include "world/world.hpp"

namespace pasante {
namespace {

constexpr int kSide = 12;  // villages along each side of the test grids

// Calls link(a, b) for every pair of neighbouring villages on the grid, row by row.
template <class Link>
void link_grid(Link&& link) {
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) {
      const auto v = static_cast<VertexId>(y * kSide + x);
      if (x + 1 < kSide) link(v, v + 1);
      if (y + 1 < kSide) link(v, v + kSide);
    }
}

// A jittered grid of villages 0.05 degrees apart (about 5.5 km) with roads to
// the right and downwards whose minutes follow distance at one of two speeds,
// winding a little: a small stand-in for a municipal network.
RoadNetwork grid_network(std::uint64_t seed) {
  RoadNetwork net(kSide * kSide);
  RandomStream rs(seed, StreamId::violence, 0, 0);
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x)
      net.set_position(static_cast<VertexId>(y * kSide + x), 23.5 + 0.05 * y + rs.uniform(-0.01, 0.01),
                       -100.0 + 0.05 * x + rs.uniform(-0.01, 0.01));
  auto link = [&](VertexId a, VertexId b) {
    const double km = great_circle_km(net.latitude(a), net.longitude(a), net.latitude(b), net.longitude(b)) *
                      rs.uniform(1.1, 1.6);
    Road road;
    road.from = a;
    road.to = b;
    road.km = static_cast<float>(km);
    road.paved = rs.bernoulli(0.5);
    road.minutes = static_cast<float>(km / (road.paved ? 60.0 : 25.0) * 60.0);
    net.add_road(road);
  };
  link_grid(link);
  return net;
}

// The same grid where every road takes exactly 10 minutes and every third
// road has a twin (a second road between the same villages, as long): most
// villages are reached by many routes of the same minutes, so two searches
// agree on the roads only if they take the same steps in the same order.
RoadNetwork tied_grid() {
  RoadNetwork net(kSide * kSide);
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) net.set_position(static_cast<VertexId>(y * kSide + x), 23.5 + 0.05 * y, -100.0 + 0.05 * x);
  int links = 0;
  auto link = [&](VertexId a, VertexId b) {
    for (int copy = 0; copy < (links++ % 3 == 0 ? 2 : 1); ++copy) net.add_road(Road{.from = a, .to = b, .minutes = 10, .km = 8});
  };
  link_grid(link);
  return net;
}

// A few roads closed at random, from day `from` for up to `span` days, and
// now and then a curfew around a village.
void close_some(RoadNetwork& net, RandomStream& rs, SimDay from, double mean, std::uint64_t span) {
  const auto closures = rs.poisson(mean);
  for (std::uint32_t k = 0; k < closures; ++k)
    net.close_road(static_cast<RoadId>(rs.below(net.road_count())), from + static_cast<SimDay>(rs.below(span)));
  if (rs.bernoulli(0.2))
    for (const RoadId r : net.roads_at(static_cast<VertexId>(rs.below(net.vertex_count())))) net.close_road(r, from + 2);
}

// The route's roads are open, join hub to place in order, and add up to its minutes.
void expect_valid_route(const RoadNetwork& net, const Route& route, VertexId hub, VertexId place, SimDay day) {
  VertexId at = hub;
  double minutes = 0;
  for (const RoadId r : route.roads) {
    const Road& road = net.road(r);
    ASSERT_FALSE(net.is_closed(r, day));
    ASSERT_TRUE(road.from == at || road.to == at);
    at = road.from == at ? road.to : road.from;
    minutes += road.minutes;
  }
  EXPECT_EQ(at, place);
  EXPECT_NEAR(minutes, route.minutes, 1e-3);
}

TEST(MinutesLowerBound, NeverExceedsTheShortestRoute) {
  const RoadNetwork net = grid_network(3);
  const MinutesLowerBound bound(net);
  EXPECT_GT(bound.minutes_per_km(), 0.0);
  for (VertexId a = 0; a < net.vertex_count(); a += 7) {
    const std::vector<float> minutes = net.minutes_from(a, 0);
    for (VertexId b = 0; b < net.vertex_count(); ++b) EXPECT_LE(bound(a, b), minutes[b]) << a << " " << b;
  }
}

TEST(MinutesLowerBound, IsZeroWhenAVertexHasNoPosition) {
  RoadNetwork net(3);
  net.set_position(0, 25.0, -100.0);
  net.set_position(1, 25.1, -100.0);
  net.add_road(Road{.from = 0, .to = 1, .minutes = 20});
  const MinutesLowerBound bound(net);
  EXPECT_EQ(bound(0, 1), 0.0);
}

TEST(RouteBook, InitialiseNeedsAnOpenNetwork) {
  RoadNetwork net = grid_network(1);
  RouteBook book;
  book.add(0, 5);
  net.close_road(0, 3);
  EXPECT_THROW(book.initialise(net, 0), std::logic_error);
}

TEST(RouteBook, KeepsRoutesWithoutSearchingWhileNothingChanges) {
  RoadNetwork net = grid_network(1);
  RouteBook book;
  const auto id = book.add(0, kSide * kSide - 1);
  book.initialise(net, 0);
  const float minutes = book.route(net, id, 0).minutes;
  EXPECT_FLOAT_EQ(minutes, net.minutes_from(0, 0)[kSide * kSide - 1]);
  for (SimDay d = 1; d < 10; ++d) EXPECT_FLOAT_EQ(book.route(net, id, d).minutes, minutes);
  EXPECT_EQ(book.searches(), 0u);
}

TEST(RouteBook, CutOffPlaceIsUnreachableWithoutASearchAndReconnects) {
  RoadNetwork net = grid_network(2);
  RouteBook book;
  const VertexId place = kSide + 1;  // an inner village with four roads
  const auto id = book.add(kSide * kSide - 1, place);
  book.initialise(net, 0);
  for (const RoadId r : net.roads_at(place)) net.close_road(r, 4);  // a curfew through day 4
  net.closure_version(1);
  book.closures_changed(net, 1, net.last_changes());
  EXPECT_FALSE(book.route(net, id, 1).reachable());
  EXPECT_EQ(book.searches(), 0u);
  net.closure_version(5);
  book.closures_changed(net, 5, net.last_changes());
  EXPECT_TRUE(book.is_stale(id));
  EXPECT_FLOAT_EQ(book.route(net, id, 5).minutes, net.minutes_from(kSide * kSide - 1, 5)[place]);
}

// The property the simulation relies on: under random closures and
// reopenings, every answer is a valid route as short as a fresh search's.
TEST(RouteBook, AlwaysAnswersAShortestRouteUnderRandomClosures) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    RoadNetwork net = grid_network(seed);
    RouteBook book;
    const std::vector<VertexId> hubs = {0, kSide * kSide / 2 + 3};
    std::vector<std::pair<VertexId, VertexId>> pairs;
    for (const VertexId hub : hubs)
      for (VertexId place = 1; place < net.vertex_count(); place += 5) pairs.emplace_back(hub, place);
    for (const auto& [hub, place] : pairs) book.add(hub, place);
    book.initialise(net, 0);
    net.closure_version(0);
    RandomStream rs(seed, StreamId::violence, 1, 0);
    for (SimDay day = 1; day <= 60; ++day) {
      const auto closures = rs.poisson(3.0);
      for (std::uint32_t k = 0; k < closures; ++k)
        net.close_road(static_cast<RoadId>(rs.below(net.road_count())), day + static_cast<SimDay>(rs.below(5)));
      if (rs.bernoulli(0.2))  // now and then a curfew around a village
        for (const RoadId r : net.roads_at(static_cast<VertexId>(rs.below(net.vertex_count())))) net.close_road(r, day + 2);
      net.closure_version(day);
      book.closures_changed(net, day, net.last_changes());
      if (day % 3 == 0) book.refresh_stale(net, day);  // the simulation refreshes eagerly, in parallel
      // Ask for a varying subset each day, as the processes do.
      for (RouteBook::PairId id = 0; id < pairs.size(); ++id) {
        if (!rs.bernoulli(0.5)) continue;
        const auto [hub, place] = pairs[id];
        const Route fresh = net.shortest_route(hub, place, day);
        ASSERT_EQ(book.reachable(id), fresh.reachable()) << "seed " << seed << " day " << day << " pair " << id;
        const Route& route = book.route(net, id, day);
        ASSERT_EQ(route.reachable(), fresh.reachable()) << "seed " << seed << " day " << day << " pair " << id;
        if (!fresh.reachable()) continue;
        EXPECT_NEAR(route.minutes, fresh.minutes, 1e-3) << "seed " << seed << " day " << day << " pair " << id;
        expect_valid_route(net, route, hub, place, day);
      }
    }
    EXPECT_GT(book.searches(), 0u);
  }
}

// refresh_stale() (hubs in parallel, those reaching farthest first) and
// route() (one hub's stale routes when one of them is asked for) run the
// same searches, so two books kept the two ways agree road for road, ties
// included, day after day.
TEST(RouteBook, EagerAndLazyRefreshesKeepTheSameRoads) {
  RoadNetwork net = tied_grid();
  RouteBook eager, lazy;
  for (const VertexId hub : {0u, 11u, 66u, 70u, 143u})
    for (VertexId place = 1; place < net.vertex_count(); place += 3) {
      eager.add(hub, place);
      lazy.add(hub, place);
    }
  eager.initialise(net, 0);
  lazy.initialise(net, 0);
  net.closure_version(0);
  RandomStream rs(21, StreamId::violence, 3, 0);
  tbb::task_arena arena(2);
  for (SimDay day = 1; day <= 40; ++day) {
    close_some(net, rs, day, 4.0, 5);
    net.closure_version(day);
    arena.execute([&] {
      eager.closures_changed(net, day, net.last_changes());
      eager.refresh_stale(net, day);
    });
    lazy.closures_changed(net, day, net.last_changes());
    for (RouteBook::PairId id = static_cast<RouteBook::PairId>(eager.size()); id-- > 0;) {
      ASSERT_FALSE(eager.is_stale(id)) << "day " << day << " pair " << id;
      const Route& l = lazy.route(net, id, day);
      const Route& e = eager.route(net, id, day);
      EXPECT_EQ(e.minutes, l.minutes) << "day " << day << " pair " << id;
      EXPECT_EQ(e.roads, l.roads) << "day " << day << " pair " << id;
    }
  }
  EXPECT_GT(eager.searches(), 0u);
  EXPECT_EQ(eager.searches(), lazy.searches());
}

TEST(RouteBook, RefreshStaleLeavesNothingStale) {
  RoadNetwork net = grid_network(9);
  RouteBook book;
  std::vector<RouteBook::PairId> ids;
  for (VertexId place = 1; place < net.vertex_count(); place += 7) ids.push_back(book.add(0, place));
  book.initialise(net, 0);
  std::vector<Route> open;
  for (const auto id : ids) open.push_back(book.route(net, id, 0));
  auto curfew_at_hub = [&](SimDay from, SimDay until) {
    for (const RoadId r : net.roads_at(0)) net.close_road(r, until);
    net.closure_version(from);
    book.closures_changed(net, from, net.last_changes());
    net.closure_version(until + 1);
    book.closures_changed(net, until + 1, net.last_changes());
  };
  // The hub cut off, then reopened: every route takes its open-network route
  // back without a search.
  curfew_at_hub(1, 2);
  book.refresh_stale(net, 3);
  EXPECT_EQ(book.searches(), 0u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_FALSE(book.is_stale(ids[i]));
    EXPECT_EQ(book.route(net, ids[i], 3).roads, open[i].roads);
  }
  // The same while a road of the last route stays closed: one search for the
  // hub's routes that need a detour.
  const RoadId blocked = open.back().roads.back();
  net.close_road(blocked, 20);
  curfew_at_hub(5, 6);
  book.refresh_stale(net, 7);
  EXPECT_EQ(book.searches(), 1u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_FALSE(book.is_stale(ids[i]));
    const auto place = static_cast<VertexId>(1 + 7 * i);
    EXPECT_NEAR(book.route(net, ids[i], 7).minutes, net.shortest_route(0, place, 7).minutes, 1e-3) << place;
  }
  const Route& detour = book.route(net, ids.back(), 7);
  EXPECT_EQ(std::count(detour.roads.begin(), detour.roads.end(), blocked), 0);
  EXPECT_EQ(book.searches(), 1u);
}

TEST(RoadNetwork, RouteTreeToTargetsIsExactForTheTargets) {
  const RoadNetwork net = grid_network(5);
  const RouteTree full = net.route_tree(0, 0);
  const std::vector<VertexId> targets = {kSide + 2, 3 * kSide + 1, 2};
  const RouteTree partial = net.route_tree(0, 0, targets);
  for (const VertexId t : targets) {
    EXPECT_FLOAT_EQ(partial.minutes[t], full.minutes[t]);
    EXPECT_EQ(route_in_tree(net, partial, 0, t).roads, route_in_tree(net, full, 0, t).roads);
  }
}

}  // namespace
}  // namespace pasante

namespace pasante {
namespace {

TEST(RoadNetwork, SearchAroundSettlesWhatAFullSearchFindsWithinTheCutoff) {
  RoadNetwork net = grid_network(6);
  net.close_road(3, 10);
  for (const float cutoff : {20.0f, 60.0f, kUnreachable}) {
    const std::vector<float> full = net.minutes_from(7, 2, cutoff);
    for (int repeat = 0; repeat < 2; ++repeat)  // the per-thread arrays are clean again afterwards
      net.search_around(7, 2, cutoff, {}, [&](const SearchView& view) {
        std::size_t reached = 0;
        for (VertexId v = 0; v < net.vertex_count(); ++v) {
          EXPECT_EQ(view.minutes(v), full[v]) << "cutoff " << cutoff << " vertex " << v;
          reached += full[v] < kUnreachable;
        }
        EXPECT_EQ(view.settled().size(), reached);
        EXPECT_EQ(view.settled().front(), 7u);
      });
  }
}

// search_around() takes Boost's Dijkstra's steps (route_tree() runs Boost's
// own): the same minutes and, where routes tie, the same roads, whether the
// search runs to the end, stops at targets or at a cutoff.
TEST(RoadNetwork, SearchAroundPicksTheRoadsBoostPicksAtTies) {
  RoadNetwork net = tied_grid();
  RandomStream rs(13, StreamId::violence, 4, 0);
  close_some(net, rs, 3, 25.0, 6);
  const std::vector<VertexId> targets = {5, 40, 77, 130};
  for (const SimDay day : {0, 4, 8})
    for (const VertexId source : {0u, 17u, 78u, 143u}) {
      const RouteTree tree = net.route_tree(source, day);
      for (const float cutoff : {kUnreachable, 45.0f})
        for (const bool stop : {false, true})
          net.search_around(source, day, cutoff, stop ? targets : std::vector<VertexId>{}, [&](const SearchView& view) {
            float last = 0;
            for (const VertexId v : view.settled()) {
              EXPECT_GE(view.minutes(v), last);  // nearest first
              last = view.minutes(v);
            }
            for (VertexId v = 0; v < net.vertex_count(); ++v) {
              if (view.minutes(v) == kUnreachable) {
                // Not settled: beyond the cutoff, unreachable, or past the last target.
                EXPECT_TRUE(tree.minutes[v] > cutoff || tree.minutes[v] == kUnreachable || stop) << v;
                continue;
              }
              EXPECT_EQ(view.minutes(v), tree.minutes[v]) << "day " << day << " from " << source << " to " << v;
              EXPECT_EQ(view.route_to(v).roads, route_in_tree(net, tree, source, v).roads)
                  << "day " << day << " from " << source << " to " << v;
            }
            if (!stop) return;
            for (const VertexId t : targets) {  // every target within reach is settled
              if (tree.minutes[t] <= cutoff) {
                EXPECT_LT(view.minutes(t), kUnreachable) << t;
              }
            }
          });
    }
}

TEST(RoadNetwork, SearchAroundStopsOnceTheTargetsAreSettled) {
  const RoadNetwork net = grid_network(7);
  const RouteTree full = net.route_tree(0, 0);
  const std::vector<VertexId> targets = {1, kSide};  // both next to the source
  net.search_around(0, 0, kUnreachable, targets, [&](const SearchView& view) {
    EXPECT_LT(view.settled().size(), 10u);
    for (const VertexId t : targets) {
      EXPECT_FLOAT_EQ(view.minutes(t), full.minutes[t]);
      EXPECT_EQ(view.route_to(t).roads, route_in_tree(net, full, 0, t).roads);
    }
    EXPECT_EQ(view.minutes(kSide * kSide - 1), kUnreachable);  // far away: never settled
  });
}

TEST(RoadNetwork, SearchAroundRefusesASearchInsideAnother) {
  const RoadNetwork net = grid_network(8);
  net.search_around(0, 0, 30.0f, {}, [&](const SearchView&) {
    EXPECT_THROW(net.shortest_route(0, 5, 0), std::logic_error);
  });
  EXPECT_TRUE(net.shortest_route(0, 5, 0).reachable());  // and works again afterwards
}

}  // namespace
}  // namespace pasante
