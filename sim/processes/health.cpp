#include "processes/health.hpp"

#include <algorithm>
#include <cmath>

#include "processes/catchment_parallel.hpp"

namespace pasante::health {

std::int64_t uncontrolled_days(SimDay from, SimDay to, SimDay last_treated, SimDay controlled_for) {
  const SimDay lapse = last_treated + controlled_for;  // control lasts this long after a refill
  return std::max<std::int64_t>(0, to - std::max(from, lapse));
}

void run(SimulationState& s, SimDay day) {
  const auto& h = s.params.health;
  const auto controlled_for = static_cast<SimDay>(s.params.demand.chronic_refill_days + h.control_grace_days);
  for_each_catchment(s, [&](ClinicId c) {
    ClinicState& cs = s.clinics[c];
    // Checks come in no particular patient order: fetch rows a few checks ahead.
    const auto& checks = cs.health_checks;
    for (std::size_t i = 0; i < checks.size(); ++i) {
      if (i + 16 < checks.size()) __builtin_prefetch(&s.chronic.records[checks[i + 16].chronic], 1);
      if (i + 8 < checks.size()) __builtin_prefetch(&s.residents.records[s.chronic.resident(checks[i + 8].chronic)]);
      const auto& check = checks[i];
      const ResidentId r = s.chronic.resident(check.chronic);
      const auto days = uncontrolled_days(s.chronic.records[check.chronic].last_checked, day, check.last_treated_before, controlled_for);
      s.chronic.records[check.chronic].last_checked = day;
      if (days == 0 || !s.residents.alive(r)) continue;
      RandomStream rs = s.stream(StreamId::health, r, day, kChronicCaseSubstream);
      const double p_complication = 1.0 - std::exp(-h.complication_hazard_per_uncontrolled_day * static_cast<double>(days));
      if (!rs.bernoulli(p_complication)) continue;
      ++cs.counters.complications;
      if (rs.bernoulli(h.death_given_complication)) {
        s.residents.add_traits(r, trait::dead);
        ++cs.counters.deaths;
      }
    }
    // Each severe case left untreated risks death on its own draw (a chronic
    // refill is never severe, so none meets the complications' substream).
    for (const UntreatedCase& untreated : cs.severe_untreated) {
      const ResidentId r = untreated.resident;
      if (!s.residents.alive(r)) continue;
      RandomStream rs = s.stream(StreamId::health, r, day, untreated.substream);
      if (rs.bernoulli(h.death_severe_untreated)) {
        s.residents.add_traits(r, trait::dead);
        ++cs.counters.deaths;
      }
    }
  });
}

}  // namespace pasante::health
