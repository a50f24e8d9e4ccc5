// Micro-benchmarks of the per-catchment need calendar (sim/agents/need_calendar.hpp):
// the demand phase takes today's bucket and reschedules every entry in it.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "agents/need_calendar.hpp"
#include "agents/population_builder.hpp"
#include "core/random_stream.hpp"

namespace {

using pasante::NeedCalendar;
using pasante::NeedEntry;
using pasante::SimDay;

constexpr double kAcuteRatePerYear = 1.5;  // demand.acute_rate_per_year default
constexpr SimDay kRefillDays = 30;         // demand.chronic_refill_days (order of)
constexpr std::size_t kWaitTable = 4096;   // precomputed waits: the benchmark times the calendar, not the draws

std::vector<SimDay> acute_waits() {
  std::vector<SimDay> waits(kWaitTable);
  pasante::RandomStream rs(7, pasante::StreamId::acute_need, 0, 0);
  for (auto& w : waits) w = pasante::next_acute_wait(rs, kAcuteRatePerYear);
  return waits;
}

// A catchment of N residents (one acute entry each) plus 15% as many chronic
// patients on a monthly cycle, in steady state. One iteration is one day:
// take() the day's bucket and schedule every entry again.
void BM_NeedCalendar_DayCycle(benchmark::State& state) {
  const auto residents = static_cast<std::uint32_t>(state.range(0));
  const auto chronic = residents * 15 / 100;
  const std::vector<SimDay> waits = acute_waits();
  auto calendar = std::make_unique<NeedCalendar>();
  std::size_t k = 0;
  for (std::uint32_t i = 0; i < residents; ++i) calendar->schedule(0, waits[k++ % kWaitTable], NeedEntry::acute(i));
  for (std::uint32_t i = 0; i < chronic; ++i) calendar->schedule(0, 1 + i % kRefillDays, NeedEntry::chronic(i));

  std::vector<NeedEntry> due;
  SimDay day = 0;
  auto one_day = [&] {
    calendar->take(day, due);
    for (const NeedEntry e : due) {
      if (e.is_chronic()) calendar->schedule(day, day + kRefillDays, NeedEntry::chronic(e.index()));
      else calendar->schedule(day, day + waits[k++ % kWaitTable], NeedEntry::acute(e.index()));
    }
    ++day;
    return due.size();
  };
  for (int d = 0; d < 2 * NeedCalendar::kHorizon; ++d) one_day();  // warm up: buckets at their steady capacity

  std::int64_t entries = 0;
  for (auto _ : state) {
    entries += static_cast<std::int64_t>(one_day());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(entries);  // items = entries taken and rescheduled
  state.counters["entries/day"] = benchmark::Counter(static_cast<double>(entries) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_NeedCalendar_DayCycle)->Arg(1000)->Arg(10000)->Arg(100000);

// schedule() alone, into a ring that is emptied between batches.
void BM_NeedCalendar_Schedule(benchmark::State& state) {
  const std::vector<SimDay> waits = acute_waits();
  auto calendar = std::make_unique<NeedCalendar>();
  std::vector<NeedEntry> sink;
  constexpr std::uint32_t kBatch = 10000;
  std::size_t k = 0;
  for (auto _ : state) {
    for (std::uint32_t i = 0; i < kBatch; ++i) calendar->schedule(0, waits[k++ % kWaitTable], NeedEntry::acute(i));
    state.PauseTiming();
    for (SimDay d = 0; d < NeedCalendar::kHorizon; ++d) calendar->take(d, sink);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_NeedCalendar_Schedule);

// defer(): a closed clinic moves the day's bucket to tomorrow.
void BM_NeedCalendar_Defer(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  auto calendar = std::make_unique<NeedCalendar>();
  for (std::uint32_t i = 0; i < n; ++i) calendar->schedule(0, 0, NeedEntry::acute(i));
  SimDay day = 0;
  for (auto _ : state) {
    calendar->defer(day);  // the same n entries hop from day to day + 1
    ++day;
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_NeedCalendar_Defer)->Arg(100)->Arg(3000);

// Memory, not time: heap bytes held per live calendar entry as the ring
// turns. An emptied bucket gives its storage back, so this should stay near
// the 4 bytes of an entry plus vector slack, not grow with the days (when
// buckets kept their capacity it rose from 5.6 to 20.6 bytes by day 730).
// One catchment of 100,000 residents plus 15,000 chronic patients; glibc's
// mallinfo2() measures the heap.
void BM_NeedCalendar_RingMemory(benchmark::State& state) {
  constexpr std::uint32_t kResidents = 100000, kChronic = 15000;
  const std::vector<SimDay> waits = acute_waits();
  for (auto _ : state) {
    const std::size_t heap_before = mallinfo2().uordblks + mallinfo2().hblkhd;
    auto calendar = std::make_unique<NeedCalendar>();
    std::size_t k = 0;
    for (std::uint32_t i = 0; i < kResidents; ++i) calendar->schedule(0, waits[k++ % kWaitTable], NeedEntry::acute(i));
    for (std::uint32_t i = 0; i < kChronic; ++i) calendar->schedule(0, 1 + i % kRefillDays, NeedEntry::chronic(i));
    std::vector<NeedEntry> due;
    auto bytes_per_entry = [&] {
      const std::size_t heap = mallinfo2().uordblks + mallinfo2().hblkhd;
      return static_cast<double>(heap - heap_before) / static_cast<double>(calendar->pending());
    };
    state.counters["B/entry_day0"] = bytes_per_entry();
    for (SimDay day = 0; day < 730; ++day) {
      calendar->take(day, due);
      for (const NeedEntry e : due) {
        if (e.is_chronic()) calendar->schedule(day, day + kRefillDays, NeedEntry::chronic(e.index()));
        else calendar->schedule(day, day + waits[k++ % kWaitTable], NeedEntry::acute(e.index()));
      }
      if (day + 1 == 365) state.counters["B/entry_day365"] = bytes_per_entry();
    }
    state.counters["B/entry_day730"] = bytes_per_entry();
  }
}
BENCHMARK(BM_NeedCalendar_RingMemory)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
