// Runs a function over every clinic's catchment in parallel (TBB), inside the
// run's task arena. Each call touches only its own clinic's state and draws
// from streams keyed by entity and day, so results do not depend on the
// number of threads or on scheduling; anything that crosses catchments is
// buffered in the clinic's state and merged in clinic order afterwards.
#pragma once
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "model/simulation_state.hpp"

namespace pasante {

template <class Fn>
void for_each_catchment(SimulationState& s, Fn&& fn) {
  const auto n = static_cast<ClinicId>(s.clinics.size());
  s.arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<ClinicId>(0, n, 4), [&](const tbb::blocked_range<ClinicId>& range) {
      for (ClinicId c = range.begin(); c != range.end(); ++c) fn(c);
    });
  });
}

}  // namespace pasante
