// Medicine lots: earliest expiry first, all-or-nothing dispensing, expiry and
// robbery losses (sim/processes/medicine_stock.hpp).
#include "processes/medicine_stock.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pasante {
namespace {

using Lots = std::vector<StockLot>;

// The lots as (expires, units) pairs, for readable comparisons.
std::vector<std::pair<SimDay, std::int32_t>> view(const Lots& lots) {
  std::vector<std::pair<SimDay, std::int32_t>> out;
  for (const StockLot& l : lots) out.emplace_back(l.expires, l.units);
  return out;
}

using Pairs = std::vector<std::pair<SimDay, std::int32_t>>;

TEST(MedicineStock, ReceiveKeepsLotsOrderedByExpiry) {
  Lots lots;
  receive(lots, 10, 50);
  receive(lots, 20, 30);
  receive(lots, 5, 40);
  receive(lots, 7, 60);
  EXPECT_EQ(view(lots), (Pairs{{30, 20}, {40, 5}, {50, 10}, {60, 7}}));
  EXPECT_EQ(units_in_stock(lots), 42);
}

TEST(MedicineStock, ReceiveWithEqualExpiryGoesAfterOlderLots) {
  Lots lots;
  receive(lots, 1, 30);
  receive(lots, 2, 30);
  receive(lots, 3, 20);
  receive(lots, 4, 30);
  // Same expiry: first in, first out.
  EXPECT_EQ(view(lots), (Pairs{{20, 3}, {30, 1}, {30, 2}, {30, 4}}));
}

TEST(MedicineStock, ReceiveIgnoresEmptyOrNegativeDeliveries) {
  Lots lots;
  receive(lots, 0, 10);
  receive(lots, -5, 10);
  EXPECT_TRUE(lots.empty());
  EXPECT_EQ(units_in_stock(lots), 0);
}

TEST(MedicineStock, DispenseTakesFromTheEarliestExpiringLotsFirst) {
  Lots lots;
  receive(lots, 10, 50);
  receive(lots, 4, 20);
  receive(lots, 6, 35);
  ASSERT_TRUE(dispense(lots, 7));  // empties the day-20 lot, takes 3 from the day-35 lot
  EXPECT_EQ(view(lots), (Pairs{{35, 3}, {50, 10}}));
  ASSERT_TRUE(dispense(lots, 3));  // exactly empties the next lot
  EXPECT_EQ(view(lots), (Pairs{{50, 10}}));
  ASSERT_TRUE(dispense(lots, 10));
  EXPECT_TRUE(lots.empty());
}

TEST(MedicineStock, DispenseIsAllOrNothing) {
  Lots lots;
  receive(lots, 3, 10);
  receive(lots, 2, 20);
  EXPECT_FALSE(dispense(lots, 6));  // one short: nothing taken
  EXPECT_EQ(view(lots), (Pairs{{10, 3}, {20, 2}}));
  EXPECT_TRUE(dispense(lots, 5));
  EXPECT_TRUE(lots.empty());
}

TEST(MedicineStock, DispenseFromZeroStock) {
  Lots lots;
  EXPECT_FALSE(dispense(lots, 1));
  EXPECT_TRUE(lots.empty());
  EXPECT_TRUE(dispense(lots, 0));  // nothing asked, nothing needed
  receive(lots, 4, 9);
  EXPECT_TRUE(dispense(lots, 0));
  EXPECT_EQ(view(lots), (Pairs{{9, 4}}));
}

TEST(MedicineStock, DiscardExpiredRemovesOnlyLotsPastTheirDay) {
  Lots lots;
  receive(lots, 5, 10);
  receive(lots, 6, 11);
  receive(lots, 7, 12);
  // A lot expiring on day 11 is still usable on day 11.
  EXPECT_EQ(discard_expired(lots, 11), 5);
  EXPECT_EQ(view(lots), (Pairs{{11, 6}, {12, 7}}));
  EXPECT_EQ(discard_expired(lots, 11), 0);
  EXPECT_EQ(discard_expired(lots, 100), 13);
  EXPECT_TRUE(lots.empty());
  EXPECT_EQ(discard_expired(lots, 200), 0);
}

TEST(MedicineStock, ExpiryFollowsEarliestFirstAfterPartialDispensing) {
  Lots lots;
  receive(lots, 10, 100);
  receive(lots, 10, 40);
  ASSERT_TRUE(dispense(lots, 4));  // from the day-40 lot
  EXPECT_EQ(discard_expired(lots, 41), 6);  // what is left of it expires
  EXPECT_EQ(view(lots), (Pairs{{100, 10}}));
}

TEST(MedicineStock, LoseShareRoundsPerLotAndDropsEmptiedLots) {
  Lots lots;
  receive(lots, 10, 10);
  receive(lots, 3, 20);
  receive(lots, 1, 30);
  // 10 × 0.5 = 5; 3 × 0.5 = 1.5 → 2; 1 × 0.5 = 0.5 → 1 (rounded half away from zero).
  EXPECT_EQ(lose_share(lots, 0.5), 8);
  EXPECT_EQ(view(lots), (Pairs{{10, 5}, {20, 1}}));
  EXPECT_EQ(lose_share(lots, 0.0), 0);
  EXPECT_EQ(view(lots), (Pairs{{10, 5}, {20, 1}}));
  EXPECT_EQ(lose_share(lots, 1.0), 6);
  EXPECT_TRUE(lots.empty());
  EXPECT_EQ(lose_share(lots, 0.7), 0);
}

TEST(MedicineStock, EachAcuteCaseNeedsItsMedicine) {
  EXPECT_EQ(medicine_for(AcuteCase::infection), Medicine::antibiotic);
  EXPECT_EQ(medicine_for(AcuteCase::pain), Medicine::analgesic);
  EXPECT_EQ(medicine_for(AcuteCase::diarrhoea), Medicine::oral_rehydration);
  EXPECT_EQ(medicine_for(AcuteCase::injury), Medicine::trauma_kit);
  EXPECT_EQ(medicine_for(AcuteCase::prenatal), Medicine::calcium);
}

}  // namespace
}  // namespace pasante
