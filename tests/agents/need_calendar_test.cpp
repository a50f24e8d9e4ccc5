// The per-catchment ring of day buckets of care needs (sim/agents/need_calendar.hpp).
#include "agents/need_calendar.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
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

TEST(NeedCalendar, EntriesWaitingInALaterBlockComeOutInSchedulingOrder) {
  NeedCalendar cal;
  constexpr SimDay b = NeedCalendar::kBlockDays;
  // Scheduled while their block is still ahead, then once it is open.
  cal.schedule(0, b + 3, NeedEntry::acute(1));
  cal.schedule(0, b + 2, NeedEntry::acute(2));
  cal.schedule(1, b + 3, NeedEntry::chronic(3));
  std::vector<NeedEntry> due;
  for (SimDay day = 0; day <= b + 1; ++day) {
    cal.take(day, due);
    EXPECT_TRUE(due.empty()) << "day " << day;
  }
  cal.schedule(b + 1, b + 3, NeedEntry::acute(4));  // the block is open now
  cal.take(b + 2, due);
  EXPECT_EQ(bits(due), (std::vector<std::uint32_t>{2}));
  cal.take(b + 3, due);
  EXPECT_EQ(bits(due), (std::vector<std::uint32_t>{1, 3 | NeedEntry::chronic_flag, 4}));
  EXPECT_EQ(cal.pending(), 0u);
}

TEST(NeedCalendar, DeferOnABlocksLastDayJoinsTheNextBlockAfterItsEntries) {
  NeedCalendar cal;
  constexpr SimDay last = NeedCalendar::kBlockDays - 1;
  cal.schedule(0, last + 1, NeedEntry::acute(1));
  cal.schedule(0, last, NeedEntry::acute(2));
  cal.schedule(0, last + 2, NeedEntry::acute(3));
  std::vector<NeedEntry> due;
  for (SimDay day = 0; day < last; ++day) cal.take(day, due);
  cal.defer(last);
  cal.schedule(last, last + 1, NeedEntry::acute(4));  // after the deferral
  cal.take(last + 1, due);
  EXPECT_EQ(bits(due), (std::vector<std::uint32_t>{1, 2, 4}));
  cal.take(last + 2, due);
  EXPECT_EQ(bits(due), (std::vector<std::uint32_t>{3}));
}

TEST(NeedCalendar, KeepsTheIndexWholeThroughALaterBlock) {
  NeedCalendar cal;
  const SimDay far = NeedCalendar::kHorizon - 1;  // the far end, in the last block the calendar holds
  cal.schedule(0, far, NeedEntry::chronic(NeedEntry::index_mask));
  cal.schedule(0, far, NeedEntry::acute(NeedEntry::index_mask));
  std::vector<NeedEntry> due;
  for (SimDay day = 0; day < far; ++day) cal.take(day, due);
  cal.take(far, due);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].bits, NeedEntry::index_mask | NeedEntry::chronic_flag);
  EXPECT_EQ(due[1].bits, NeedEntry::index_mask);
}

// Against the plainest calendar there is, a map from day to a list in
// scheduling order: three laps of the horizon of random schedules (beyond
// the horizon too), closed days and drains. Every day must give the same
// entries in the same order.
TEST(NeedCalendar, GivesEachDayWhatAListPerDayGives) {
  NeedCalendar cal;
  std::map<SimDay, std::vector<std::uint32_t>> reference;
  auto reference_schedule = [&](SimDay today, SimDay due, NeedEntry e) {
    if (due - today >= NeedCalendar::kHorizon) {
      due = today + NeedCalendar::kHorizon - 1;
      e.bits |= NeedEntry::redraw_flag;
    }
    reference[due].push_back(e.bits);
  };
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::uint32_t> index(0, NeedEntry::index_mask);
  std::uniform_int_distribution<SimDay> wait(1, NeedCalendar::kHorizon + 40);
  auto random_entry = [&] { return rng() % 3 == 0 ? NeedEntry::chronic(index(rng)) : NeedEntry::acute(index(rng)); };
  for (int i = 0; i < 2000; ++i) {
    const NeedEntry e = random_entry();
    const SimDay due = wait(rng) - 1;
    cal.schedule(0, due, e);
    reference_schedule(0, due, e);
  }
  std::vector<NeedEntry> due;
  std::size_t entries_seen = 0;
  for (SimDay day = 0; day < 3 * NeedCalendar::kHorizon; ++day) {
    if (rng() % 7 == 0) {  // a closed day
      cal.defer(day);
      auto& next = reference[day + 1];
      next.insert(next.end(), reference[day].begin(), reference[day].end());
      reference.erase(day);
    } else {
      std::vector<std::uint32_t> got;
      cal.drain(day, [&](NeedEntry e) {
        got.push_back(e.bits);
        const NeedEntry again = random_entry();  // what handling an entry schedules
        const SimDay later = day + wait(rng);
        cal.schedule(day, later, again);
        reference_schedule(day, later, again);
      });
      ASSERT_EQ(got, reference[day]) << "day " << day;
      entries_seen += got.size();
      reference.erase(day);
    }
    std::size_t waiting = 0;
    for (const auto& [d, list] : reference) waiting += list.size();
    ASSERT_EQ(cal.pending(), waiting) << "day " << day;
  }
  EXPECT_GT(entries_seen, 2000u);
}

}  // namespace
}  // namespace pasante
