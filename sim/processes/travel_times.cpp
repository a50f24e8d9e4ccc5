#include "processes/travel_times.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "processes/catchment_parallel.hpp"

namespace pasante::travel_times {

namespace {

void search_from(SimulationState& s, ClinicId c, SimDay day) {
  const Clinic& clinic = s.world.clinics[c];
  const std::vector<float> minutes = s.world.roads.minutes_from(clinic.vertex, day, s.clinic_route_cutoff[c]);
  for (LocalityId l : clinic.catchment) s.locality_minutes_today[l] = minutes[s.world.localities[l].vertex];
}

}  // namespace

void initialise(SimulationState& s) {
  const std::size_t n = s.world.clinics.size();
  s.clinic_route_cutoff.assign(n, 0.0f);
  s.locality_minutes_today.assign(s.world.localities.size(), kUnreachable);
  std::vector<std::vector<VertexId>> area(n);
  for_each_catchment(s, [&](ClinicId c) {
    const Clinic& clinic = s.world.clinics[c];
    // Catchment members never lie beyond a few times their usual distance.
    float cutoff = 60.0f;
    for (LocalityId l : clinic.catchment) cutoff = std::max(cutoff, 1.5f * s.world.localities[l].minutes_to_clinic + 30.0f);
    s.clinic_route_cutoff[c] = cutoff;
    const std::vector<float> open = s.world.roads.minutes_from(clinic.vertex, -1, cutoff);
    for (VertexId v = 0; v < open.size(); ++v)
      if (open[v] < kUnreachable) area[c].push_back(v);
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
  // its cutoff: only the clinics whose area holds a changed road are affected.
  std::vector<ClinicId> affected;
  for (RoadId r : s.world.roads.last_changes()) {
    const Road& road = s.world.roads.road(r);
    for (VertexId v : {road.from, road.to})
      for (std::uint32_t k = s.vertex_clinics_begin[v]; k < s.vertex_clinics_begin[v + 1]; ++k)
        affected.push_back(s.vertex_clinics[k]);
  }
  std::sort(affected.begin(), affected.end());
  affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
  s.arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, affected.size()), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i) search_from(s, affected[i], day);
    });
  });
}

}  // namespace pasante::travel_times
