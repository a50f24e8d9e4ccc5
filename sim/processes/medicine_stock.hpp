// Medicine stock held as lots (earliest expiry first), at clinics and at the
// hospital: dispensing, receiving, expiry and loss.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "model/simulation_state.hpp"

namespace pasante {

using StockShelf = std::array<std::vector<StockLot>, kMedicineCount>;

std::int64_t units_in_stock(const std::vector<StockLot>& lots);
// Takes `units` from the earliest-expiring lots if there are that many; returns false (and takes nothing) otherwise.
bool dispense(std::vector<StockLot>& lots, std::int32_t units);
void receive(std::vector<StockLot>& lots, std::int32_t units, SimDay expires);
// Removes lots that expired before `day`; returns the units wasted.
std::int64_t discard_expired(std::vector<StockLot>& lots, SimDay day);
// Removes a share of every lot (robbery); returns the units lost.
std::int64_t lose_share(std::vector<StockLot>& lots, double share);

// The medicine an acute case needs.
Medicine medicine_for(AcuteCase c);

}  // namespace pasante
