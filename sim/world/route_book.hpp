// Routes between fixed pairs of places (each clinic and its hospital, each
// clinic and its warehouse), kept from one day to the next for as long as
// they are still shortest, so the daily processes that travel them
// (deliveries, referrals, supervision, interns' trips) do not search the
// network every time.
//
// Exactness: a route found on some day stays a shortest route while (a) none
// of its roads is closed and (b) no road that reopened since could shorten
// it. Closing roads only removes alternatives, so (a) suffices for closures.
// For (b): a route as short as on the fully open network (found by
// initialise()) cannot be beaten; for a detour, any route through a reopened
// road (a, b) of w minutes takes at least bound(hub, a) + w + bound(b, place)
// minutes (MinutesLowerBound, either orientation), and only when that is not
// above the detour's minutes is the route searched again. Whether a pair is
// connected at all is answered from the components of today's open network,
// relabelled when closures change, so a place cut off by a curfew costs no
// search; and a stale route whose fully-open-network route is open again
// (a curfew or checkpoint on it has ended) takes that route back without a
// search, since nothing can be shorter. The answer is always a shortest route on today's open roads; where
// two routes tie exactly, the one kept may differ from the one a fresh search
// would pick.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/calendar.hpp"
#include "world/road_network.hpp"

namespace pasante {

class RouteBook {
 public:
  using PairId = std::uint32_t;

  // Registers the pair (hub, place); routes run from the hub to the place.
  PairId add(VertexId hub, VertexId place);
  std::size_t size() const { return entries_.size(); }

  // Finds every pair's route on `day`, when no road is closed: one search
  // per hub, stopped once its places are settled, the hubs searched in
  // parallel (TBB; call inside the run's arena). Throws std::logic_error if
  // a road is closed.
  void initialise(const RoadNetwork& roads, SimDay day);

  // The roads in `changes` (RoadNetwork::last_changes()) closed or reopened
  // on `day`: marks stale the routes that use a road now closed and the
  // routes a reopened road could shorten or reconnect. The routes are looked
  // at in parallel (TBB; call inside the run's arena).
  void closures_changed(const RoadNetwork& roads, SimDay day, const std::vector<RoadId>& changes);

  // Searches again, on `day`, every stale route: one search per hub with
  // stale routes, the hubs in parallel (TBB; call inside the run's arena),
  // those whose routes reach farthest first.
  void refresh_stale(const RoadNetwork& roads, SimDay day);

  // Today's shortest route from the pair's hub to its place. A stale route
  // is searched again together with every other stale route from the same
  // hub (one search that stops once all of them are settled). Not
  // thread-safe: call from serial phases.
  const Route& route(const RoadNetwork& roads, PairId id, SimDay day);

  // Whether the pair's place can be reached from its hub today, answered
  // from the open network's components without a search.
  bool reachable(PairId id) const { return connected(entries_[id]); }

  // Searches done since initialise() (after routes went stale).
  std::uint64_t searches() const { return searches_; }
  bool is_stale(PairId id) const { return entries_[id].stale; }

 private:
  struct Entry {
    VertexId hub = 0, place = 0;
    Route route;
    float open_minutes = kUnreachable;  // on the fully open network: no route is ever shorter
    std::vector<RoadId> open_roads;     // that route's roads: whenever all are open, it is today's route
    std::uint32_t hub_group = 0;        // index into group_begin_
    bool stale = true;
  };
  bool could_shorten(const Entry& e, const Road& reopened) const;
  // Settles the stale routes of hub group g that need no search (cut off,
  // or their open-network route open again) and returns the others.
  std::vector<PairId> settle_without_search(const RoadNetwork& roads, std::size_t g, SimDay day);
  // Searches the pending routes of one hub: one search, stopped once all
  // their places are settled.
  void search_pending(const RoadNetwork& roads, const std::vector<PairId>& pending, SimDay day);
  bool connected(const Entry& e) const { return component_[e.hub] == component_[e.place]; }
  void label_components(const RoadNetwork& roads, SimDay day);

  std::vector<Entry> entries_;
  std::vector<PairId> by_hub_;            // pair ids grouped by hub, hubs in increasing order
  std::vector<std::size_t> group_begin_;  // where each hub's pairs start in by_hub_ (one past the end last)
  std::optional<MinutesLowerBound> bound_;
  std::vector<std::uint8_t> closed_mark_;  // per road, scratch for closures_changed()
  std::vector<std::uint32_t> component_;   // per vertex: its component in today's open network
  std::uint64_t searches_ = 0;
};

}  // namespace pasante
