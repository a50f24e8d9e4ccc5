// Per-catchment calendar of care needs falling due. Each resident has its next
// acute episode scheduled ahead (exponential waiting time) and each chronic
// patient its next refill, so a day costs in proportion to the needs that
// fall due, not to the population.
//
// An entry packs a local index (resident or chronic patient within the
// catchment) with two flags. Waits beyond the horizon are parked at its far
// end with the `redraw` flag: exponential waits are memoryless, so a fresh
// wait drawn on that day is statistically the same as the original one.
//
// Two levels: the days of the open block of kBlockDays days have a bucket
// each; later entries wait in one bucket per block, tagged with their day in
// it, and are spread over the day buckets, in the order they came, when their
// block opens. A day's entries therefore come out in the order they were
// scheduled, exactly as from one bucket per day, but a catchment's pushes go
// to a few dozen buckets instead of hundreds: their ends stay in cache, and
// prefetch() can fetch them all when the catchment's turn comes.
#pragma once
#include <array>
#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/calendar.hpp"

namespace pasante {

struct NeedEntry {
  static constexpr std::uint32_t chronic_flag = 1u << 31;
  static constexpr std::uint32_t redraw_flag = 1u << 30;
  static constexpr unsigned index_bits = 26;  // bits 26-29 are the calendar's (an entry's day in its block)
  static constexpr std::uint32_t index_mask = (1u << index_bits) - 1;
  // The most residents (or chronic patients) one catchment may hold.
  static constexpr std::uint64_t max_entities = std::uint64_t{index_mask} + 1;

  std::uint32_t bits = 0;
  static NeedEntry acute(std::uint32_t resident_local) { return {resident_local}; }
  static NeedEntry chronic(std::uint32_t patient_local) { return {patient_local | chronic_flag}; }
  bool is_chronic() const { return bits & chronic_flag; }
  bool needs_redraw() const { return bits & redraw_flag; }
  std::uint32_t index() const { return bits & index_mask; }
};

class NeedCalendar {
 public:
  static constexpr SimDay kHorizon = 512;   // days ahead the calendar holds
  static constexpr SimDay kBlockDays = 16;  // days of a block (power of two)
  static constexpr SimDay kBlocks = kHorizon / kBlockDays;

  // Schedules `entry` on `due` (>= today >= 0). Acute waits beyond the horizon
  // are parked with the redraw flag; chronic entries are never that far ahead.
  void schedule(SimDay today, SimDay due, NeedEntry entry) {
    if (due - today >= kHorizon) {
      due = today + kHorizon - 1;
      entry.bits |= NeedEntry::redraw_flag;
    }
    open(today);
    put(due, entry);
  }
  // Moves out the entries due on `day` (the bucket is left empty).
  void take(SimDay day, std::vector<NeedEntry>& out) {
    open(day);
    auto& bucket = days_[day_slot(day)];
    out.assign(bucket.begin(), bucket.end());
    release(bucket);
  }
  // Calls `handle(entry)` for each entry due on `day`, then empties the bucket
  // and returns its storage. `handle` may schedule new entries: they are
  // never due on `day` itself.
  template <class Handle>
  void drain(SimDay day, Handle&& handle) {
    constexpr auto nothing = [](NeedEntry) -> const void* { return nullptr; };
    drain_prefetching(day, nothing, nothing, std::forward<Handle>(handle));
  }
  // As drain(), also prefetching what the entries ahead will read: the
  // address `far(entry)` for the entry 16 places ahead of the one being
  // handled and `near(entry)` for the one 8 ahead (either may return nullptr).
  // Entries fall due in no particular order, so each read of a resident would
  // otherwise wait on memory. The prefetch instructions are issued here, not in
  // the callers' lambdas: GCC 12 judged a lambda that only prefetches free of
  // effects and dropped its calls.
  template <class Far, class Near, class Handle>
  void drain_prefetching(SimDay day, Far&& far, Near&& near, Handle&& handle) {
    constexpr std::size_t kFar = 16, kNear = 8;
    open(day);
    auto& bucket = days_[day_slot(day)];
    const std::size_t n = bucket.size();
    const auto fetch = [](const void* address) {
      if (address != nullptr) __builtin_prefetch(address);
    };
    for (std::size_t i = 0; i < n && i < kFar; ++i) fetch(far(bucket[i]));
    for (std::size_t i = 0; i < n && i < kNear; ++i) fetch(near(bucket[i]));
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kFar < n) fetch(far(bucket[i + kFar]));
      if (i + kNear < n) fetch(near(bucket[i + kNear]));
      handle(bucket[i]);
    }
    release(bucket);
  }
  // Moves everything due on `day` to `day + 1` (a clinic closed that day),
  // after what was already due then.
  void defer(SimDay day) {
    open(day);
    auto& from = days_[day_slot(day)];
    for (NeedEntry e : from) put(day + 1, e);
    release(from);
  }
  // Fetches the ends of every bucket that schedule() may write to, so that a
  // catchment's day of pushes does not wait on memory once per bucket.
  void prefetch() const {
    for (const auto& bucket : blocks_) __builtin_prefetch(bucket.data() + bucket.size());
    for (const auto& bucket : days_) __builtin_prefetch(bucket.data() + bucket.size());
  }
  std::size_t pending() const {
    std::size_t n = 0;
    for (const auto& b : days_) n += b.size();
    for (const auto& b : blocks_) n += b.size();
    return n;
  }

 private:
  static constexpr unsigned kDayShift = NeedEntry::index_bits;
  static constexpr std::uint32_t kDayMask = static_cast<std::uint32_t>(kBlockDays - 1) << kDayShift;
  static_assert((kBlockDays & (kBlockDays - 1)) == 0 && kBlockDays <= 16, "a day in its block takes 4 bits");
  static_assert(kHorizon % kBlockDays == 0);

  static SimDay block_of(SimDay day) { return day / kBlockDays; }
  static std::size_t day_slot(SimDay day) { return static_cast<std::size_t>(day % kBlockDays); }

  void put(SimDay due, NeedEntry entry) {
    const SimDay block = block_of(due);
    if (block == open_block_) {
      days_[day_slot(due)].push_back(entry);
    } else {
      assert(block > open_block_ && block - open_block_ <= kBlocks);
      blocks_[static_cast<std::size_t>(block % kBlocks)].push_back(
          NeedEntry{entry.bits | static_cast<std::uint32_t>(day_slot(due)) << kDayShift});
    }
  }
  // Opens the blocks up to `day`'s: each one's entries go to their days, in
  // the order they were scheduled. A run takes, drains or defers every day;
  // a day skipped keeps its entries in its bucket, ahead of those of the same
  // place in the next block (as the day's bucket of a plain ring would keep
  // them for its next lap).
  void open(SimDay day) {
    const SimDay block = block_of(day);
    while (open_block_ < block) {
      ++open_block_;
      auto& waiting = blocks_[static_cast<std::size_t>(open_block_ % kBlocks)];
      std::array<std::uint32_t, kBlockDays> count{};
      for (NeedEntry e : waiting) ++count[(e.bits & kDayMask) >> kDayShift];
      for (std::size_t d = 0; d < days_.size(); ++d) days_[d].reserve(count[d]);
      for (NeedEntry e : waiting) days_[(e.bits & kDayMask) >> kDayShift].push_back(NeedEntry{e.bits & ~kDayMask});
      release(waiting);
    }
  }
  // An emptied bucket gives its storage back: it refills only as entries are
  // scheduled, and keeping every bucket's largest-ever capacity held several
  // times the live entries.
  static void release(std::vector<NeedEntry>& bucket) { std::vector<NeedEntry>().swap(bucket); }

  std::array<std::vector<NeedEntry>, kBlockDays> days_;  // the open block's days
  std::array<std::vector<NeedEntry>, kBlocks> blocks_;   // later blocks, by block number modulo kBlocks
  SimDay open_block_ = 0;
};

}  // namespace pasante
