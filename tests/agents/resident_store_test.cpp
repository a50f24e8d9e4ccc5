// Residents' trust is stored in one byte: 0..255 for 0..1.
#include "agents/resident_store.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pasante {
namespace {

ResidentStore store_of(std::size_t n) {
  ResidentStore s;
  s.records.assign(n, ResidentStore::Record{});
  s.catchment_begin = {0, static_cast<std::uint32_t>(n)};
  return s;
}

TEST(ResidentTrust, QuantisedToTheNearest255th) {
  ResidentStore s = store_of(1);
  s.set_trust(0, 0.5);
  EXPECT_EQ(s.trust_level(0), 128);  // 127.5 rounds up
  EXPECT_DOUBLE_EQ(s.trust_of(0), 128.0 / 255.0);
  s.set_trust(0, 0.3);
  EXPECT_EQ(s.trust_level(0), 77);  // 76.5 rounds up
  s.set_trust(0, 0.001);
  EXPECT_EQ(s.trust_level(0), 0);
  s.set_trust(0, 0.002);
  EXPECT_EQ(s.trust_level(0), 1);
}

TEST(ResidentTrust, EndsAreExactAndOutOfRangeIsClamped) {
  ResidentStore s = store_of(1);
  s.set_trust(0, 0.0);
  EXPECT_EQ(s.trust_of(0), 0.0);
  s.set_trust(0, 1.0);
  EXPECT_EQ(s.trust_of(0), 1.0);
  s.set_trust(0, -0.7);
  EXPECT_EQ(s.trust_of(0), 0.0);
  s.set_trust(0, 3.0);
  EXPECT_EQ(s.trust_of(0), 1.0);
}

TEST(ResidentTrust, RoundTripErrorIsAtMostHalfAStep) {
  ResidentStore s = store_of(1);
  for (int i = 0; i <= 10000; ++i) {
    const double t = i / 10000.0;
    s.set_trust(0, t);
    ASSERT_LE(std::abs(s.trust_of(0) - t), 0.5 / 255.0 + 1e-12) << t;
  }
  for (int k = 0; k <= 255; ++k) {  // representable values come back exactly
    s.set_trust(0, k / 255.0);
    ASSERT_EQ(s.trust_level(0), k);
  }
}

TEST(ResidentTrust, EachResidentHasItsOwn) {
  ResidentStore s = store_of(3);
  s.set_trust(0, 0.2);
  s.set_trust(2, 0.9);
  EXPECT_NEAR(s.trust_of(0), 0.2, 0.5 / 255.0);
  EXPECT_EQ(s.trust_of(1), 0.0);
  EXPECT_NEAR(s.trust_of(2), 0.9, 0.5 / 255.0);
  EXPECT_EQ(s.size(), 3u);
}

// The trust rules of MODEL.md §5.2 applied through the byte store: repeated
// treatment raises trust to near 1 and repeated refusals lower it to near 0,
// monotonically, without getting stuck far from either end.
TEST(ResidentTrust, RepeatedUpdatesThroughTheStoreReachTheEnds) {
  ResidentStore s = store_of(1);
  s.set_trust(0, 0.5);
  double before = s.trust_of(0);
  for (int i = 0; i < 100; ++i) {
    const double t = s.trust_of(0);
    s.set_trust(0, t + 0.1 * (1.0 - t));
    ASSERT_GE(s.trust_of(0), before);
    before = s.trust_of(0);
  }
  EXPECT_GE(s.trust_of(0), 0.98);
  for (int i = 0; i < 100; ++i) {
    const double t = s.trust_of(0);
    s.set_trust(0, t - 0.3 * t);
    ASSERT_LE(s.trust_of(0), before);
    before = s.trust_of(0);
  }
  EXPECT_LE(s.trust_of(0), 0.005);
}

TEST(ResidentTraits, DeadIsNotAlive) {
  ResidentStore s = store_of(2);
  s.add_traits(1, trait::dead | trait::diabetes);
  EXPECT_TRUE(s.alive(0));
  EXPECT_FALSE(s.alive(1));
}

TEST(ResidentTraits, ClearTraitsLeavesTheOthers) {
  ResidentStore s = store_of(1);
  s.add_traits(0, trait::female | trait::stopped_coming);
  s.clear_traits(0, trait::stopped_coming);
  EXPECT_EQ(s.traits(0), trait::female);
}

TEST(ResidentLocality, RunsGiveEachResidentItsLocality) {
  ResidentStore s = store_of(10);
  s.add_locality_run(7, 0, 3);   // residents 0..2
  s.add_locality_run(2, 3, 0);   // nobody: no run
  s.add_locality_run(4, 3, 1);   // resident 3
  s.add_locality_run(9, 4, 6);   // residents 4..9
  const LocalityId expected[] = {7, 7, 7, 4, 9, 9, 9, 9, 9, 9};
  for (ResidentId r = 0; r < 10; ++r) EXPECT_EQ(s.locality_of(r), expected[r]) << r;
  EXPECT_THROW(s.add_locality_run(1, 12, 2), std::logic_error);  // a gap
}

}  // namespace
}  // namespace pasante
