// The per-catchment ring of day buckets of care needs (sim/agents/need_calendar.hpp).
#include "agents/need_calendar.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pasante {
namespace {

std::vector<std::uint32_t> bits(const std::vector<NeedEntry>& entries) {
  std::vector<std::uint32_t> out;
  for (NeedEntry e : entries) out.push_back(e.bits);
  return out;
}

TEST(NeedEntry, PacksIndexAndFlags) {
  const NeedEntry a = NeedEntry::acute(12345);
  EXPECT_FALSE(a.is_chronic());
  EXPECT_FALSE(a.needs_redraw());
  EXPECT_EQ(a.index(), 12345u);
  const NeedEntry c = NeedEntry::chronic(777);
  EXPECT_TRUE(c.is_chronic());
  EXPECT_FALSE(c.needs_redraw());
  EXPECT_EQ(c.index(), 777u);
  const NeedEntry big = NeedEntry::chronic(NeedEntry::index_mask);
  EXPECT_EQ(big.index(), NeedEntry::index_mask);
  EXPECT_TRUE(big.is_chronic());
  EXPECT_FALSE(big.needs_redraw());
}

TEST(NeedCalendar, TakeReturnsTheDaysEntriesInSchedulingOrder) {
  NeedCalendar cal;
  cal.schedule(0, 5, NeedEntry::acute(1));
  cal.schedule(0, 6, NeedEntry::acute(2));
  cal.schedule(2, 5, NeedEntry::chronic(3));
  cal.schedule(0, 5, NeedEntry::acute(4));
  EXPECT_EQ(cal.pending(), 4u);
  std::vector<NeedEntry> due;
  cal.take(4, due);
  EXPECT_TRUE(due.empty());
  cal.take(5, due);
  EXPECT_EQ(bits(due), (std::vector<std::uint32_t>{1, 3 | NeedEntry::chronic_flag, 4}));
  EXPECT_EQ(cal.pending(), 1u);
  cal.take(5, due);  // the bucket was emptied
  EXPECT_TRUE(due.empty());
  cal.take(6, due);
  EXPECT_EQ(bits(due), (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(cal.pending(), 0u);
}

TEST(NeedCalendar, TakeReplacesWhateverTheOutputHeld) {
  NeedCalendar cal;
  cal.schedule(0, 1, NeedEntry::acute(9));
  std::vector<NeedEntry> due{NeedEntry::acute(100), NeedEntry::acute(101)};
  cal.take(1, due);
  EXPECT_EQ(bits(due), (std::vector<std::uint32_t>{9}));
  // Nor do stale entries leak back into the bucket for the next lap of the ring.
  cal.take(1 + NeedCalendar::kHorizon, due);
  EXPECT_TRUE(due.empty());
  EXPECT_EQ(cal.pending(), 0u);
}

TEST(NeedCalendar, TheRingIsReusedLapAfterLap) {
  NeedCalendar cal;
  std::vector<NeedEntry> due;
  for (SimDay day = 0; day < 3 * NeedCalendar::kHorizon; day += 97) {
    cal.schedule(day, day + 300, NeedEntry::acute(static_cast<std::uint32_t>(day)));
    cal.take(day + 300, due);
    ASSERT_EQ(due.size(), 1u) << "day " << day;
    EXPECT_EQ(due[0].index(), static_cast<std::uint32_t>(day));
  }
}

TEST(NeedCalendar, WaitsWithinTheHorizonKeepTheirDay) {
  NeedCalendar cal;
  const SimDay today = 1000;
  cal.schedule(today, today + NeedCalendar::kHorizon - 1, NeedEntry::acute(7));
  std::vector<NeedEntry> due;
  cal.take(today + NeedCalendar::kHorizon - 1, due);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_FALSE(due[0].needs_redraw());
  EXPECT_EQ(due[0].index(), 7u);
}

TEST(NeedCalendar, LongerWaitsAreParkedAtTheFarEndForARedraw) {
  NeedCalendar cal;
  const SimDay today = 1000;
  cal.schedule(today, today + NeedCalendar::kHorizon, NeedEntry::acute(7));
  cal.schedule(today, today + 10 * NeedCalendar::kHorizon + 3, NeedEntry::acute(8));
  std::vector<NeedEntry> due;
  // Not on the day it was asked for (which shares the slot of today) ...
  cal.take(today, due);
  EXPECT_TRUE(due.empty());
  // ... but on the last day the ring covers, flagged.
  cal.take(today + NeedCalendar::kHorizon - 1, due);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_TRUE(due[0].needs_redraw());
  EXPECT_TRUE(due[1].needs_redraw());
  EXPECT_EQ(due[0].index(), 7u);
  EXPECT_EQ(due[1].index(), 8u);
  EXPECT_FALSE(due[0].is_chronic());
}

TEST(NeedCalendar, DeferMovesTheDayToTheNextAfterItsOwnEntries) {
  NeedCalendar cal;
  cal.schedule(0, 3, NeedEntry::acute(1));
  cal.schedule(0, 3, NeedEntry::chronic(2));
  cal.schedule(0, 4, NeedEntry::acute(3));
  cal.defer(3);
  EXPECT_EQ(cal.pending(), 3u);
  std::vector<NeedEntry> due;
  cal.take(3, due);
  EXPECT_TRUE(due.empty());
  cal.take(4, due);
  EXPECT_EQ(bits(due), (std::vector<std::uint32_t>{3, 1, 2 | NeedEntry::chronic_flag}));
}

TEST(NeedCalendar, DeferAcrossSeveralClosedDaysAndTheRingsEnd) {
  NeedCalendar cal;
  const SimDay last = NeedCalendar::kHorizon - 1;  // the slot before the ring wraps
  cal.schedule(last - 1, last, NeedEntry::acute(5));
  cal.defer(last);      // into slot 0
  cal.defer(last + 1);  // a second closed day
  std::vector<NeedEntry> due;
  cal.take(last + 1, due);
  EXPECT_TRUE(due.empty());
  cal.take(last + 2, due);
  EXPECT_EQ(bits(due), (std::vector<std::uint32_t>{5}));
  cal.defer(last + 3);  // deferring an empty day changes nothing
  EXPECT_EQ(cal.pending(), 0u);
}

}  // namespace
}  // namespace pasante
