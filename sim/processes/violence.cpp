#include "processes/violence.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "processes/medicine_stock.hpp"
#include "world/corridor_network.hpp"

namespace pasante::violence {

float spatial_cutoff_minutes(double spatial_scale_minutes) {
  return static_cast<float>(spatial_scale_minutes * std::log(1e6));
}

void initialise(SimulationState& s) {
  const auto& v = s.params.violence;
  const auto& w = s.world;
  const std::size_t n = w.municipalities.size();
  s.violence.assign(n, {});
  s.municipality_localities.assign(n, {});
  s.municipality_cumulative_population.assign(n, {});
  for (LocalityId l = 0; l < w.localities.size(); ++l) {
    const auto m = w.localities[l].municipality;
    const std::uint64_t before =
        s.municipality_cumulative_population[m].empty() ? 0 : s.municipality_cumulative_population[m].back();
    s.municipality_localities[m].push_back(l);
    s.municipality_cumulative_population[m].push_back(before + w.localities[l].population);
  }
  for (std::size_t m = 0; m < n; ++m) {
    const auto& muni = w.municipalities[m];
    s.violence[m].base_rate = muni.violent_crimes_per_year * v.events_per_recorded_crime / 365.0;
    s.violence[m].level = muni.population > 0 ? muni.violent_crimes_per_year * 1000.0 / muni.population : 0.0;
    s.violence[m].intensity = s.violence[m].base_rate * v.intensity_multiplier;
  }
  // Spatial kernel: weight exp(-minutes/scale) between seats, normalised per
  // source, in compressed rows with columns in increasing order. Seats beyond
  // the cutoff, where the weight would fall below 1e-6, get none, and the
  // search from each seat stops there. The searches run on the corridors
  // between seats (CorridorNetwork: the same minutes as on the whole
  // network, without the localities no trip between seats passes). Each row
  // needs only its own search, so rows are computed in parallel, each summed
  // in column order.
  const float cutoff = spatial_cutoff_minutes(v.spatial_scale_minutes);
  std::vector<VertexId> seat_vertex(n);
  for (std::size_t m = 0; m < n; ++m) seat_vertex[m] = w.localities[w.municipalities[m].seat].vertex;
  const CorridorNetwork corridors(w.roads, seat_vertex, 0);
  std::vector<std::vector<MunicipalityId>> neighbours(n);
  std::vector<std::vector<double>> weights(n);
  s.arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t m = r.begin(); m != r.end(); ++m) {
        const std::vector<float> minutes = corridors.minutes_from_place(m, cutoff);
        double total = 0;
        for (std::size_t j = 0; j < n; ++j) {
          if (j == m) continue;
          const double t = minutes[j];
          if (!std::isfinite(t)) continue;  // unreachable, or beyond the cutoff
          const double weight = std::exp(-t / v.spatial_scale_minutes);
          neighbours[m].push_back(static_cast<MunicipalityId>(j));
          weights[m].push_back(weight);
          total += weight;
        }
        for (double& weight : weights[m]) weight /= total;  // a row with no neighbour stays empty
      }
    });
  });
  s.spatial_row_begin.assign(n + 1, 0);
  for (std::size_t m = 0; m < n; ++m) s.spatial_row_begin[m + 1] = s.spatial_row_begin[m] + neighbours[m].size();
  s.spatial_neighbour.clear();
  s.spatial_weight.clear();
  s.spatial_neighbour.reserve(s.spatial_row_begin.back());
  s.spatial_weight.reserve(s.spatial_row_begin.back());
  for (std::size_t m = 0; m < n; ++m) {
    s.spatial_neighbour.insert(s.spatial_neighbour.end(), neighbours[m].begin(), neighbours[m].end());
    s.spatial_weight.insert(s.spatial_weight.end(), weights[m].begin(), weights[m].end());
  }
}

void expose_intern(SimulationState& s, std::int32_t i, double security_loss, double severity) {
  if (i < 0) return;
  Intern& intern = s.interns[static_cast<std::size_t>(i)];
  if (!intern.serving()) return;
  intern.security = std::max(0.0, intern.security - security_loss * severity);
  intern.stress = std::min(100.0, intern.stress + s.params.interns.stress_per_exposure * severity);
  ++intern.violence_exposures;
}

namespace {

LocalityId draw_locality(const SimulationState& s, MunicipalityId m, RandomStream& rs) {
  const auto& cumulative = s.municipality_cumulative_population[m];
  if (cumulative.empty() || cumulative.back() == 0) return s.world.municipalities[m].seat;
  const std::uint64_t x = rs.below(cumulative.back());
  const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin();
  return s.municipality_localities[m][static_cast<std::size_t>(at)];
}

ViolenceType draw_type(const ViolenceParameters& v, RandomStream& rs) {
  double u = rs.uniform();
  for (int t = 0; t < kViolenceTypeCount - 1; ++t) {
    if (u < v.type_share[t]) return static_cast<ViolenceType>(t);
    u -= v.type_share[t];
  }
  return static_cast<ViolenceType>(kViolenceTypeCount - 1);
}

void close_locality_roads(SimulationState& s, LocalityId l, SimDay until) {
  for (RoadId r : s.world.roads.roads_at(s.world.localities[l].vertex)) s.world.roads.close_road(r, until);
}

void apply(SimulationState& s, ViolenceEvent& e, RandomStream& rs) {
  const auto& v = s.params.violence;
  const auto& in = s.params.interns;
  const ClinicId c = s.world.localities[e.locality].clinic;
  ClinicState* cs = c == kNone ? nullptr : &s.clinics[c];
  const std::int32_t interns[2] = {cs ? cs->intern : -1, cs ? cs->partner : -1};
  auto expose_all = [&](double loss) {
    e.intern = interns[0];  // recorded only for events that touch an intern
    for (std::int32_t i : interns) expose_intern(s, i, loss, e.severity);
  };
  switch (e.type) {
    case ViolenceType::gunfire:
      if (cs) {
        cs->closed_until = std::max(cs->closed_until, e.day);
        cs->pending_trauma += static_cast<std::int32_t>(rs.poisson(s.params.demand.trauma_cases_per_event));
      }
      expose_all(in.security_loss_gunfire);
      break;
    case ViolenceType::checkpoint: {
      const auto roads = s.world.roads.roads_at(s.world.localities[e.locality].vertex);
      if (!roads.empty()) {
        const auto days = 1 + static_cast<SimDay>(rs.below(static_cast<std::uint64_t>(v.checkpoint_days_max)));
        s.world.roads.close_road(roads[rs.below(roads.size())], e.day + days - 1);
      }
      break;
    }
    case ViolenceType::threat:
      expose_all(in.security_loss_threat);
      break;
    case ViolenceType::robbery:
      if (cs) {
        const double share = rs.uniform(0.5, 1.0);
        for (int m = 0; m < kMedicineCount; ++m) cs->robbed_total[m] += static_cast<double>(lose_share(cs->stock[m], share));
      }
      expose_all(in.security_loss_robbery);
      break;
    case ViolenceType::curfew: {
      const auto days = 1 + static_cast<SimDay>(rs.below(static_cast<std::uint64_t>(v.curfew_days_max)));
      s.locality_curfew_until[e.locality] = std::max(s.locality_curfew_until[e.locality], e.day + days - 1);
      close_locality_roads(s, e.locality, e.day + days - 1);
      break;
    }
    case ViolenceType::armed_demand:
      if (cs) ++cs->pending_trauma;
      expose_all(in.security_loss_armed_demand);
      break;
  }
}

}  // namespace

void run(SimulationState& s, SimDay day) {
  const auto& v = s.params.violence;
  const std::size_t n = s.violence.size();
  const double decay = std::exp(-v.beta);
  const double jump = v.alpha * (1.0 - decay);  // each event adds alpha expected follow-ons in all
  std::vector<double> next(n);
  for (std::size_t m = 0; m < n; ++m) {
    auto& mv = s.violence[m];
    mv.intensity = mv.base_rate * v.intensity_multiplier + mv.excitation;
    next[m] += mv.excitation * decay;
  }
  for (std::size_t m = 0; m < n; ++m) {
    auto& mv = s.violence[m];
    RandomStream rs = s.stream(StreamId::violence, m, day);
    const std::uint32_t events = rs.poisson(mv.intensity);
    if (events == 0) continue;
    mv.events += events;
    double spilled = 0;
    for (std::size_t k = s.spatial_row_begin[m]; k < s.spatial_row_begin[m + 1]; ++k) {
      const double share = s.spatial_weight[k] * v.spatial_share;
      next[s.spatial_neighbour[k]] += jump * events * share;
      spilled += share;
    }
    next[m] += jump * events * (1.0 - spilled);
    for (std::uint32_t k = 0; k < events; ++k) {
      ViolenceEvent e{.day = day, .type = draw_type(v, rs), .locality = draw_locality(s, static_cast<MunicipalityId>(m), rs),
                      .severity = rs.uniform(0.5, 1.5)};
      apply(s, e, rs);
      s.violence_events.push_back(e);
    }
  }
  for (std::size_t m = 0; m < n; ++m) s.violence[m].excitation = next[m];
}

}  // namespace pasante::violence
