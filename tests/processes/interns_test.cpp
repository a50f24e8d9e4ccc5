// Chance of leaving medicine after service (MODEL.md §5.6): base + stress +
// insecurity + harassment terms, clamped to [0, 1].
#include "processes/interns.hpp"

#include <gtest/gtest.h>

namespace pasante {
namespace {

InternParameters params() {
  InternParameters p;
  p.leave_profession_base = 0.03;
  p.leave_profession_stress = 0.15;
  p.leave_profession_insecurity = 0.1;
  p.leave_profession_harassment = 0.02;
  return p;
}

Intern intern(double stress, double security, std::int64_t harassment) {
  Intern in;
  in.stress = stress;
  in.security = security;
  in.harassment = harassment;
  return in;
}

TEST(LeaveProfession, BaseForARestedSafeUnharassedIntern) {
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(params(), intern(0, 100, 0)), 0.03);
}

TEST(LeaveProfession, EachTermAddsItsShare) {
  const InternParameters p = params();
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(100, 100, 0)), 0.03 + 0.15);
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(0, 0, 0)), 0.03 + 0.1);
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(0, 100, 3)), 0.03 + 0.06);
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(40, 24, 2)), 0.03 + 0.15 * 0.4 + 0.1 * 0.76 + 0.04);
}

TEST(LeaveProfession, ClampedToProbabilities) {
  const InternParameters p = params();
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(p, intern(100, 0, 100)), 1.0);
  InternParameters negative = p;
  negative.leave_profession_base = -0.5;
  EXPECT_DOUBLE_EQ(interns::leave_profession_probability(negative, intern(0, 100, 0)), 0.0);
}

TEST(LeaveProfession, RisesWithStressInsecurityAndHarassment) {
  const InternParameters p = params();
  const double base = interns::leave_profession_probability(p, intern(30, 60, 1));
  EXPECT_GT(interns::leave_profession_probability(p, intern(50, 60, 1)), base);
  EXPECT_GT(interns::leave_profession_probability(p, intern(30, 40, 1)), base);
  EXPECT_GT(interns::leave_profession_probability(p, intern(30, 60, 2)), base);
}

}  // namespace
}  // namespace pasante
