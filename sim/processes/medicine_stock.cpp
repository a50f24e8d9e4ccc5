#include "processes/medicine_stock.hpp"

#include <algorithm>
#include <cmath>

namespace pasante {

std::int64_t units_in_stock(const std::vector<StockLot>& lots) {
  std::int64_t n = 0;
  for (const auto& lot : lots) n += lot.units;
  return n;
}

bool dispense(std::vector<StockLot>& lots, std::int32_t units) {
  if (units_in_stock(lots) < units) return false;
  std::size_t emptied = 0;
  for (auto& lot : lots) {
    const std::int32_t take = std::min(lot.units, units);
    lot.units -= take;
    units -= take;
    if (lot.units == 0) ++emptied;
    if (units == 0) break;
  }
  lots.erase(lots.begin(), lots.begin() + static_cast<std::ptrdiff_t>(emptied));
  return true;
}

void receive(std::vector<StockLot>& lots, std::int32_t units, SimDay expires) {
  if (units <= 0) return;
  const auto at = std::upper_bound(lots.begin(), lots.end(), expires,
                                   [](SimDay e, const StockLot& lot) { return e < lot.expires; });
  lots.insert(at, StockLot{expires, units});
}

std::int64_t discard_expired(std::vector<StockLot>& lots, SimDay day) {
  std::int64_t wasted = 0;
  std::size_t n = 0;
  while (n < lots.size() && lots[n].expires < day) wasted += lots[n++].units;
  lots.erase(lots.begin(), lots.begin() + static_cast<std::ptrdiff_t>(n));
  return wasted;
}

std::int64_t lose_share(std::vector<StockLot>& lots, double share) {
  std::int64_t lost = 0;
  for (auto& lot : lots) {
    const auto take = static_cast<std::int32_t>(std::lround(lot.units * share));
    lot.units -= take;
    lost += take;
  }
  std::erase_if(lots, [](const StockLot& lot) { return lot.units <= 0; });
  return lost;
}

Medicine medicine_for(AcuteCase c) {
  switch (c) {
    case AcuteCase::infection: return Medicine::antibiotic;
    case AcuteCase::pain: return Medicine::analgesic;
    case AcuteCase::diarrhoea: return Medicine::oral_rehydration;
    case AcuteCase::injury: return Medicine::trauma_kit;
    case AcuteCase::prenatal: return Medicine::calcium;
  }
  return Medicine::analgesic;
}

}  // namespace pasante
