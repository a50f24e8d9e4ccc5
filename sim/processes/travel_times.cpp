#include "processes/travel_times.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "processes/catchment_parallel.hpp"
#include "processes/demand.hpp"

namespace pasante::travel_times {

namespace {

// Today's minutes from clinic c to each locality of its catchment, the roads
// those routes use, and whether every one is as short as on open roads.
void search_from(SimulationState& s, ClinicId c, SimDay day) {
  const Clinic& clinic = s.world.clinics[c];
  std::vector<VertexId> targets;
  targets.reserve(clinic.catchment.size());
  for (LocalityId l : clinic.catchment) targets.push_back(s.world.localities[l].vertex);
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  std::vector<RoadId>& used = s.clinic_catchment_roads[c];
  used.clear();
  bool at_open = true;
  s.world.roads.search_around(clinic.vertex, day, s.clinic_route_cutoff[c], targets, [&](const SearchView& view) {
    for (LocalityId l : clinic.catchment) {
      const VertexId v = s.world.localities[l].vertex;
      const float minutes = view.minutes(v);
      s.locality_minutes_today[l] = minutes;
      s.locality_access_today[l] = demand::travel_access(minutes, s.params.demand.travel_scale_minutes);
      at_open = at_open && minutes <= s.locality_minutes_open[l];
      if (minutes < kUnreachable) view.walk_back(v, [&](RoadId r) { used.push_back(r); });
    }
  });
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  s.clinic_at_open_minutes[c] = at_open;
}

// Whether today's changes can alter clinic c's minutes: a road its routes use
// closed, or a road reopened while some route is longer than on open roads
// (when all are as short as they can be, a reopening cannot shorten them).
bool changes_reach(const SimulationState& s, ClinicId c, const std::vector<RoadId>& closed, bool any_reopened) {
  if (any_reopened && !s.clinic_at_open_minutes[c]) return true;
  const std::vector<RoadId>& used = s.clinic_catchment_roads[c];
  return std::any_of(closed.begin(), closed.end(), [&](RoadId r) { return std::binary_search(used.begin(), used.end(), r); });
}

}  // namespace

void initialise(SimulationState& s) {
  const std::size_t n = s.world.clinics.size();
  s.clinic_route_cutoff.assign(n, 0.0f);
  s.clinic_catchment_roads.assign(n, {});
  s.clinic_at_open_minutes.assign(n, 1);
  s.locality_minutes_today.assign(s.world.localities.size(), kUnreachable);
  s.locality_access_today.assign(s.world.localities.size(), 0.0);
  s.access_scale = s.params.demand.travel_scale_minutes;
  s.locality_minutes_open.assign(s.world.localities.size(), kUnreachable);
  std::vector<std::vector<VertexId>> area(n);
  for_each_catchment(s, [&](ClinicId c) {
    const Clinic& clinic = s.world.clinics[c];
    // Catchment members never lie beyond a few times their usual distance.
    float cutoff = 60.0f;
    for (LocalityId l : clinic.catchment) cutoff = std::max(cutoff, 1.5f * s.world.localities[l].minutes_to_clinic + 30.0f);
    s.clinic_route_cutoff[c] = cutoff;
    s.world.roads.search_around(clinic.vertex, -1, cutoff, {}, [&](const SearchView& view) {
      area[c] = view.settled();
      std::sort(area[c].begin(), area[c].end());
      for (LocalityId l : clinic.catchment) s.locality_minutes_open[l] = view.minutes(s.world.localities[l].vertex);
    });
  });
  // Vertex -> clinics whose area holds it (compressed rows).
  const std::uint32_t vertices = s.world.roads.vertex_count();
  s.vertex_clinics_begin.assign(vertices + 1, 0);
  for (const auto& a : area)
    for (VertexId v : a) ++s.vertex_clinics_begin[v + 1];
  for (std::uint32_t v = 0; v < vertices; ++v) s.vertex_clinics_begin[v + 1] += s.vertex_clinics_begin[v];
  s.vertex_clinics.resize(s.vertex_clinics_begin.back());
  std::vector<std::uint32_t> fill(s.vertex_clinics_begin.begin(), s.vertex_clinics_begin.end() - 1);
  for (ClinicId c = 0; c < n; ++c)
    for (VertexId v : area[c]) s.vertex_clinics[fill[v]++] = c;
  s.closure_version = s.world.roads.closure_version(0);
  for_each_catchment(s, [&](ClinicId c) { search_from(s, c, 0); });
}

void refresh(SimulationState& s, SimDay day) {
  const std::uint64_t version = s.world.roads.closure_version(day);
  if (version == s.closure_version) return;
  s.closure_version = version;
  // A road outside a clinic's area cannot shorten or lengthen a route within
  // its cutoff: only the clinics whose area holds a changed road may be
  // affected, and of those only the ones changes_reach() lets through.
  const std::vector<RoadId>& changes = s.world.roads.last_changes();
  std::vector<RoadId> closed;
  bool any_reopened = false;
  for (RoadId r : changes) {
    if (s.world.roads.is_closed(r, day)) closed.push_back(r);
    else any_reopened = true;
  }
  std::vector<ClinicId> affected;
  for (RoadId r : changes) {
    const Road& road = s.world.roads.road(r);
    for (VertexId v : {road.from, road.to})
      for (std::uint32_t k = s.vertex_clinics_begin[v]; k < s.vertex_clinics_begin[v + 1]; ++k)
        affected.push_back(s.vertex_clinics[k]);
  }
  std::sort(affected.begin(), affected.end());
  affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
  std::erase_if(affected, [&](ClinicId c) { return !changes_reach(s, c, closed, any_reopened); });
  s.arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, affected.size()), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i) search_from(s, affected[i], day);
    });
  });
}

}  // namespace pasante::travel_times
