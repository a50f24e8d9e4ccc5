#include "agents/population_builder.hpp"

#include <algorithm>
#include <cmath>

namespace pasante {

SimDay next_acute_wait(RandomStream& rs, double rate_per_year) {
  if (rate_per_year <= 0) return NeedCalendar::kHorizon * 4;  // parked, redrawn later
  const double wait = rs.exponential(rate_per_year / 365.0);
  return static_cast<SimDay>(std::min(std::ceil(wait), 1e6));
}

void build_population(SimulationState& s) {
  const auto& p = s.params;
  const World& world = s.world;
  ResidentStore& residents = s.residents;
  ChronicPatients& chronic = s.chronic;

  const std::uint64_t total = world.population();
  residents.locality.reserve(total);
  residents.traits.reserve(total);
  residents.trust.reserve(total);
  residents.catchment_begin.assign(world.clinics.size() + 1, 0);
  chronic.catchment_begin.assign(world.clinics.size() + 1, 0);

  const double child = p.world.child_share, elder = p.world.elder_share;
  const auto refill = static_cast<SimDay>(p.demand.chronic_refill_days);
  const auto grace = static_cast<SimDay>(p.health.control_grace_days);

  for (ClinicId c = 0; c < world.clinics.size(); ++c) {
    residents.catchment_begin[c] = static_cast<std::uint32_t>(residents.size());
    chronic.catchment_begin[c] = static_cast<std::uint32_t>(chronic.size());
    NeedCalendar& calendar = s.clinics[c].calendar;
    for (LocalityId l : world.clinics[c].catchment) {
      for (std::uint32_t i = 0; i < world.localities[l].population; ++i) {
        const auto r = static_cast<ResidentId>(residents.size());
        const std::uint32_t local = r - residents.catchment_begin[c];
        RandomStream rs = s.stream(StreamId::population, r, 0);
        std::uint8_t traits = rs.bernoulli(0.5) ? trait::female : 0;
        const double age = rs.uniform();
        double chronic_multiplier = 1.0;
        if (age < child) {
          traits |= trait::child;
          chronic_multiplier = 0.0;
        } else if (age < child + elder) {
          traits |= trait::elder;
          chronic_multiplier = p.population.elder_prevalence_multiplier;
        }
        if (rs.bernoulli(p.population.diabetes_prevalence_adult * chronic_multiplier)) {
          traits |= trait::diabetes;
          if (rs.bernoulli(p.population.insulin_share_of_diabetics)) traits |= trait::insulin;
        }
        if (rs.bernoulli(p.population.hypertension_prevalence_adult * chronic_multiplier)) traits |= trait::hypertension;
        residents.locality.push_back(l);
        residents.traits.push_back(traits);
        residents.trust.push_back(0);
        residents.set_trust(r, std::clamp(rs.normal(p.population.trust_initial_mean, p.population.trust_initial_sd), 0.02, 1.0));

        calendar.schedule(0, next_acute_wait(rs, p.demand.acute_rate_per_year), NeedEntry::acute(local));

        if (traits & (trait::diabetes | trait::hypertension)) {
          const auto k = static_cast<std::uint32_t>(chronic.size());
          const auto due = static_cast<SimDay>(rs.below(static_cast<std::uint64_t>(refill)));
          const bool controlled = rs.bernoulli(p.population.controlled_initial_share);
          chronic.resident.push_back(r);
          // Controlled patients were treated one cycle ago; the others have been
          // out of control for up to two months already.
          chronic.last_treated.push_back(controlled ? due - refill
                                                    : due - refill - grace - static_cast<SimDay>(rs.below(60)));
          chronic.last_checked.push_back(0);
          calendar.schedule(0, due, NeedEntry::chronic(k - chronic.catchment_begin[c]));
        }
      }
    }
  }
  residents.catchment_begin.back() = static_cast<std::uint32_t>(residents.size());
  chronic.catchment_begin.back() = static_cast<std::uint32_t>(chronic.size());
}

}  // namespace pasante
