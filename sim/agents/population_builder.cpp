#include "agents/population_builder.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "core/input_error.hpp"
#include "processes/catchment_parallel.hpp"

namespace pasante {

SimDay next_acute_wait(RandomStream& rs, double rate_per_year) {
  if (rate_per_year <= 0) return NeedCalendar::kHorizon * 4;  // parked, redrawn later
  const double wait = rs.exponential(rate_per_year / 365.0);
  return static_cast<SimDay>(std::min(std::ceil(wait), 1e6));
}

// Residents are numbered catchment by catchment (clinic order), so the
// residents of clinic c are [catchment_begin[c], catchment_begin[c+1]) and
// the first index of each catchment is known from the catchment populations
// beforehand: catchments are filled in parallel, each resident drawing from
// its own stream keyed by its index. Chronic patients are numbered the same
// way, from each catchment's count once all are done.
void build_population(SimulationState& s) {
  const auto& p = s.params;
  const World& world = s.world;
  ResidentStore& residents = s.residents;
  ChronicPatients& chronic = s.chronic;
  const std::size_t clinics = world.clinics.size();

  residents.catchment_begin.assign(clinics + 1, 0);
  for (ClinicId c = 0; c < clinics; ++c) {
    // A catchment's residents are numbered in its need calendar's entries.
    if (world.clinics[c].catchment_population >= NeedEntry::max_entities)
      throw InputError({}, "clinic " + std::to_string(c) + " serves " + std::to_string(world.clinics[c].catchment_population) +
                               " residents; one clinic can serve at most " + std::to_string(NeedEntry::max_entities - 1));
    residents.catchment_begin[c + 1] = residents.catchment_begin[c] + world.clinics[c].catchment_population;
  }
  const std::uint64_t total = residents.catchment_begin.back();
  residents.records.assign(total, ResidentStore::Record{});
  residents.run_begin.clear();
  residents.run_locality.clear();
  residents.catchment_first_run.assign(clinics + 1, 0);
  for (ClinicId c = 0; c < clinics; ++c) {
    residents.catchment_first_run[c] = static_cast<std::uint32_t>(residents.run_locality.size());
    auto first = static_cast<ResidentId>(residents.catchment_begin[c]);
    for (LocalityId l : world.clinics[c].catchment) {
      residents.add_locality_run(l, first, world.localities[l].population);
      first += world.localities[l].population;
    }
  }
  residents.catchment_first_run[clinics] = static_cast<std::uint32_t>(residents.run_locality.size());

  const double child = p.world.child_share, elder = p.world.elder_share;
  const auto refill = static_cast<SimDay>(p.demand.chronic_refill_days);
  const auto grace = static_cast<SimDay>(p.health.control_grace_days);

  struct NewChronic {
    ResidentId resident;
    std::int32_t last_treated;
  };
  // What a resident's stream gives for the calendar, drawn first: residents'
  // draws are independent, so a large catchment's are taken in parallel
  // chunks; the calendar then schedules them in resident order.
  struct StartingNeeds {
    SimDay acute_wait = 0;
    SimDay refill_due = -1;  // -1: not a chronic patient
    SimDay last_treated = 0;
  };
  constexpr std::uint32_t kResidentsPerChunk = 1 << 14;
  std::vector<std::vector<NewChronic>> new_chronic(clinics);
  for_each_catchment(s, [&](ClinicId c) {
    const auto first = static_cast<ResidentId>(residents.catchment_begin[c]);
    const std::uint32_t count = residents.catchment_begin[c + 1] - first;
    std::vector<StartingNeeds> needs(count);
    auto draw = [&](std::uint32_t begin, std::uint32_t end) {
      for (std::uint32_t local = begin; local < end; ++local) {
        const ResidentId r = first + local;
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
        residents.records[r].traits = traits;
        residents.set_trust(r, std::clamp(rs.normal(p.population.trust_initial_mean, p.population.trust_initial_sd), 0.02, 1.0));
        StartingNeeds& need = needs[local];
        need.acute_wait = next_acute_wait(rs, p.demand.acute_rate_per_year);
        if (traits & (trait::diabetes | trait::hypertension)) {
          need.refill_due = static_cast<SimDay>(rs.below(static_cast<std::uint64_t>(refill)));
          const bool controlled = rs.bernoulli(p.population.controlled_initial_share);
          // Controlled patients were treated one cycle ago; the others have been
          // out of control for up to two months already.
          need.last_treated = controlled ? need.refill_due - refill
                                         : need.refill_due - refill - grace - static_cast<SimDay>(rs.below(60));
        }
      }
    };
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, count, kResidentsPerChunk),
                      [&](const tbb::blocked_range<std::uint32_t>& chunk) { draw(chunk.begin(), chunk.end()); });
    NeedCalendar& calendar = s.clinics[c].calendar;
    std::vector<NewChronic>& patients = new_chronic[c];
    for (std::uint32_t local = 0; local < count; ++local) {
      const StartingNeeds& need = needs[local];
      calendar.schedule(0, need.acute_wait, NeedEntry::acute(local));
      if (need.refill_due < 0) continue;
      calendar.schedule(0, need.refill_due, NeedEntry::chronic(static_cast<std::uint32_t>(patients.size())));
      patients.push_back({first + local, need.last_treated});
    }
  });

  chronic.catchment_begin.assign(clinics + 1, 0);
  for (ClinicId c = 0; c < clinics; ++c)
    chronic.catchment_begin[c + 1] = chronic.catchment_begin[c] + static_cast<std::uint32_t>(new_chronic[c].size());
  const std::size_t patients = chronic.catchment_begin.back();
  chronic.records.assign(patients, ChronicPatients::Record{});
  for_each_catchment(s, [&](ClinicId c) {
    std::uint32_t k = chronic.catchment_begin[c];
    for (const NewChronic& patient : new_chronic[c]) {
      chronic.records[k].resident = patient.resident;
      chronic.records[k].last_treated = patient.last_treated;
      ++k;
    }
    std::vector<NewChronic>().swap(new_chronic[c]);
  });
}

}  // namespace pasante
