// Mismatch index (1 − cosine similarity of delivered and needed mixes) and the
// reported-to-true ratio that distorts consumption-based allocation.
#include "processes/supply.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pasante {
namespace {

MedicineUnits mix(std::initializer_list<double> values) {
  MedicineUnits u{};
  int i = 0;
  for (double v : values) u[i++] = v;
  return u;
}

TEST(MismatchIndex, ZeroForTheSameMixAtAnyScale) {
  const MedicineUnits need = mix({10, 2, 30, 40, 25, 8, 3, 5});
  EXPECT_NEAR(supply::mismatch_index(need, need), 0.0, 1e-12);
  MedicineUnits triple = need;
  for (double& x : triple) x *= 3;
  EXPECT_NEAR(supply::mismatch_index(triple, need), 0.0, 1e-12);
}

TEST(MismatchIndex, OneForDisjointMixes) {
  EXPECT_DOUBLE_EQ(supply::mismatch_index(mix({5, 0, 0}), mix({0, 7, 0})), 1.0);
  // Only calcium delivered, only metformin needed (the case study's example).
  MedicineUnits calcium{}, metformin{};
  calcium[static_cast<int>(Medicine::calcium)] = 100;
  metformin[static_cast<int>(Medicine::metformin)] = 50;
  EXPECT_DOUBLE_EQ(supply::mismatch_index(calcium, metformin), 1.0);
}

TEST(MismatchIndex, KnownAngles) {
  EXPECT_NEAR(supply::mismatch_index(mix({1, 0}), mix({1, 1})), 1.0 - 1.0 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(supply::mismatch_index(mix({3, 4}), mix({4, 3})), 1.0 - 24.0 / 25.0, 1e-12);
  // Symmetric.
  EXPECT_DOUBLE_EQ(supply::mismatch_index(mix({1, 2, 3}), mix({3, 1, 0})),
                   supply::mismatch_index(mix({3, 1, 0}), mix({1, 2, 3})));
}

TEST(MismatchIndex, ZeroWhenEitherMixIsEmpty) {
  EXPECT_EQ(supply::mismatch_index(MedicineUnits{}, mix({1, 2})), 0.0);
  EXPECT_EQ(supply::mismatch_index(mix({1, 2}), MedicineUnits{}), 0.0);
  EXPECT_EQ(supply::mismatch_index(MedicineUnits{}, MedicineUnits{}), 0.0);
}

TEST(ReportRatio, ReportedOverTrueNeverBelowOne) {
  ClinicState cs;
  EXPECT_DOUBLE_EQ(supply::report_ratio(cs), 1.0);  // nothing known yet
  cs.reported_consultations = 40;
  EXPECT_DOUBLE_EQ(supply::report_ratio(cs), 1.0);  // still no true count
  cs.true_consultations = 100;
  cs.reported_consultations = 150;
  EXPECT_DOUBLE_EQ(supply::report_ratio(cs), 1.5);
  cs.reported_consultations = 80;  // corrected below the truth by audits
  EXPECT_DOUBLE_EQ(supply::report_ratio(cs), 1.0);
}

}  // namespace
}  // namespace pasante
