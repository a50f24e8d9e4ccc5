#include "agents/resident_store.hpp"

#include <algorithm>
#include <stdexcept>

namespace pasante {

void ResidentStore::add_locality_run(LocalityId l, ResidentId first, std::uint32_t count) {
  if (count == 0) return;
  if (!run_begin.empty() && run_begin.back() != first)
    throw std::logic_error("ResidentStore::add_locality_run: runs must follow one another");
  if (run_begin.empty()) run_begin.push_back(first);
  run_begin.push_back(first + count);
  run_locality.push_back(l);
}

LocalityId ResidentStore::locality_of(ResidentId r) const {
  // run_begin holds each run's first resident and, last, the end of the final run.
  const auto after = std::upper_bound(run_begin.begin(), run_begin.end() - 1, r);
  return run_locality[static_cast<std::size_t>(after - run_begin.begin()) - 1];
}

}  // namespace pasante
