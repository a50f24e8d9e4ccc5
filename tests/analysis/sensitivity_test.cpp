// Partial rank correlation (PRCC): ranks with ties, the partial correlation
// against the textbook formula from the inverse correlation matrix, its
// interval and p-value, and the sweep-level analysis (which keys are inputs,
// which metrics are left out, the CSV).
#include "analysis/sensitivity.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/replicate_statistics.hpp"
#include "core/random_stream.hpp"

namespace pasante::analysis {
namespace {

// n samples of `columns` independent uniforms, Latin-hypercube style (each
// column a random permutation of the n strata, jittered within them).
Eigen::MatrixXd latin_samples(int n, int columns, std::uint64_t seed) {
  Eigen::MatrixXd x(n, columns);
  for (int c = 0; c < columns; ++c) {
    std::vector<int> strata(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) strata[static_cast<std::size_t>(i)] = i;
    for (int i = n - 1; i > 0; --i) {
      RandomStream r(seed, StreamId::sweep_design, static_cast<std::uint64_t>(c), static_cast<std::uint64_t>(i));
      std::swap(strata[static_cast<std::size_t>(i)], strata[r.below(static_cast<std::uint64_t>(i + 1))]);
    }
    for (int i = 0; i < n; ++i) {
      RandomStream r(seed, StreamId::sweep_design, static_cast<std::uint64_t>(c), 1000 + static_cast<std::uint64_t>(i));
      x(i, c) = (strata[static_cast<std::size_t>(i)] + r.uniform()) / n;
    }
  }
  return x;
}

double noise(std::uint64_t seed, int i) {
  RandomStream r(seed, StreamId::sweep_design, 77, static_cast<std::uint64_t>(i));
  return r.normal(0, 1);
}

Eigen::MatrixXd ranked(const Eigen::MatrixXd& m) {
  Eigen::MatrixXd out(m.rows(), m.cols());
  for (Eigen::Index c = 0; c < m.cols(); ++c) {
    const std::vector<double> v(m.col(c).data(), m.col(c).data() + m.rows());
    const std::vector<double> r = average_ranks(v);
    out.col(c) = Eigen::Map<const Eigen::VectorXd>(r.data(), m.rows());
  }
  return out;
}

TEST(AverageRanks, TiesShareTheMeanOfTheirRanks) {
  EXPECT_EQ(average_ranks({3, 1, 4, 1, 5}), (std::vector<double>{3, 1.5, 4, 1.5, 5}));
  EXPECT_EQ(average_ranks({2, 2, 2}), (std::vector<double>{2, 2, 2}));
  EXPECT_EQ(average_ranks({-1, 7, 0.5, 7}), (std::vector<double>{1, 3.5, 2, 3.5}));
  EXPECT_TRUE(average_ranks({}).empty());
}

TEST(PartialCorrelation, EqualsTheInverseCorrelationMatrixFormula) {
  // Correlated inputs, so holding the others fixed matters.
  const int n = 40;
  Eigen::MatrixXd x = latin_samples(n, 3, 5);
  x.col(2) = 0.6 * x.col(0) + 0.4 * x.col(2);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) y(i) = x(i, 0) - 2 * x(i, 1) + 0.5 * x(i, 2) + 0.3 * noise(5, i);

  // −P_jy / sqrt(P_jj P_yy), P the inverse of the correlation matrix of [x y].
  Eigen::MatrixXd all(n, 4);
  all << x, y;
  const Eigen::MatrixXd centred = all.rowwise() - all.colwise().mean();
  const Eigen::MatrixXd cov = centred.transpose() * centred;
  const Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  const Eigen::MatrixXd corr = cov.array() / (sd * sd.transpose()).array();
  const Eigen::MatrixXd p = corr.inverse();
  for (int j = 0; j < 3; ++j) {
    const PartialCorrelation c = partial_correlation(x, y, j);
    ASSERT_TRUE(c.defined);
    EXPECT_NEAR(c.r, -p(j, 3) / std::sqrt(p(j, j) * p(3, 3)), 1e-10) << "column " << j;
    EXPECT_EQ(c.dof, n - 2 - 2);
    EXPECT_LT(c.ci_low, c.r);
    EXPECT_GT(c.ci_high, c.r);
  }
}

TEST(PartialCorrelation, IntervalIsFishersZAndPValueIsStudentsT) {
  const int n = 30;
  const Eigen::MatrixXd x = latin_samples(n, 2, 8);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) y(i) = x(i, 0) + noise(8, i);
  const PartialCorrelation c = partial_correlation(x, y, 0);
  ASSERT_TRUE(c.defined);
  const double se = 1 / std::sqrt(n - 3.0 - 1);
  EXPECT_NEAR(std::atanh(c.ci_high) - std::atanh(c.r), 1.959964 * se, 1e-6);
  EXPECT_NEAR(std::atanh(c.r) - std::atanh(c.ci_low), 1.959964 * se, 1e-6);
  const double t = c.r * std::sqrt((n - 3.0) / (1 - c.r * c.r));
  EXPECT_NEAR(c.p_value, t_two_sided_p(t, n - 3.0), 1e-15);
  EXPECT_NEAR(t_two_sided_p(2.0, 10), 0.0733880, 1e-6);  // by numerical integration of the density
  EXPECT_NEAR(t_two_sided_p(-3.0, 5), 0.0300992, 1e-6);
  // The p-value of the t statistic at the 95% quantile is 0.05.
  for (double dof : {1.0, 4.0, 26.0, 5.882})
    EXPECT_NEAR(t_two_sided_p(t_quantile_975(dof), dof), 0.05, 1e-12) << dof;
  EXPECT_NEAR(t_quantile_975(1), 12.7062, 1e-4);
  EXPECT_NEAR(t_quantile_975(9), 2.2622, 1e-4);
  EXPECT_NEAR(t_quantile_975(1e7), 1.95996, 1e-5);
  EXPECT_TRUE(std::isnan(t_quantile_975(0)));
}

TEST(Prcc, FindsAMonotoneNonlinearEffectAndIgnoresAnIdleParameter) {
  const int n = 50;
  const Eigen::MatrixXd x = latin_samples(n, 3, 11);
  Eigen::VectorXd y(n);
  // Strongly convex in x0 (a straight-line fit would miss much of it), mild in x1, nothing from x2.
  for (int i = 0; i < n; ++i) y(i) = std::exp(6 * x(i, 0)) + 20 * x(i, 1) + 5 * noise(11, i);
  const Eigen::MatrixXd rx = ranked(x);
  const std::vector<double> yv(y.data(), y.data() + n);
  const std::vector<double> ry = average_ranks(yv);
  const Eigen::Map<const Eigen::VectorXd> ranks_y(ry.data(), n);
  const PartialCorrelation strong = partial_correlation(rx, ranks_y, 0);
  const PartialCorrelation mild = partial_correlation(rx, ranks_y, 1);
  const PartialCorrelation idle = partial_correlation(rx, ranks_y, 2);
  EXPECT_GT(strong.r, 0.9);
  EXPECT_LT(strong.p_value, 1e-10);
  const PartialCorrelation linear = partial_correlation(x, y, 0);  // on the values, not their ranks
  EXPECT_LT(linear.r, strong.r - 0.05) << "ranks see the monotone effect that a straight line fits less well";
  EXPECT_GT(mild.r, 0.3);
  EXPECT_LT(mild.p_value, 0.05);
  EXPECT_LT(std::abs(idle.r), 0.3);
  EXPECT_GT(idle.p_value, 0.05);
  EXPECT_LT(idle.ci_low, 0);
  EXPECT_GT(idle.ci_high, 0);
}

TEST(Prcc, HoldingTheOthersFixedRevealsAnEffectTheirCorrelationHides) {
  // x1 follows x0 closely; y rises with x0 and falls with x1. On its own, x1
  // correlates positively with y (through x0); held against x0 it is negative.
  const int n = 40;
  Eigen::MatrixXd x = latin_samples(n, 2, 21);
  x.col(1) = x.col(0) + 0.2 * x.col(1);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) y(i) = 2 * x(i, 0) - x(i, 1) + 0.02 * noise(21, i);
  const Eigen::MatrixXd rx = ranked(x);
  const std::vector<double> ry = average_ranks(std::vector<double>(y.data(), y.data() + n));
  const Eigen::Map<const Eigen::VectorXd> ranks_y(ry.data(), n);
  const double simple = (rx.col(1).array() - rx.col(1).mean()).matrix().normalized().dot(
      (ranks_y.array() - ranks_y.mean()).matrix().normalized());
  EXPECT_GT(simple, 0.5);
  const PartialCorrelation held = partial_correlation(rx, ranks_y, 1);
  EXPECT_LT(held.r, -0.5);
  EXPECT_LT(held.ci_high, 0);
}

TEST(PartialCorrelation, IsUndefinedWithTooFewRowsOrNothingLeftToVary) {
  const Eigen::MatrixXd x = latin_samples(4, 2, 3);  // needs 2 + 3 = 5 rows
  const Eigen::VectorXd y = x.col(0);
  EXPECT_FALSE(partial_correlation(x, y, 0).defined);
  const Eigen::MatrixXd x5 = latin_samples(5, 2, 3);
  EXPECT_TRUE(partial_correlation(x5, x5.col(0) + x5.col(1), 0).defined);
  EXPECT_FALSE(partial_correlation(x5, Eigen::VectorXd::Constant(5, 2.0), 0).defined) << "y constant";
  Eigen::MatrixXd twin = x5;
  twin.col(1) = (3 * x5.col(0)).array() + 1;  // x0 is fixed once x1 is
  EXPECT_FALSE(partial_correlation(twin, x5.col(0), 0).defined);
}

SweepReportInput lhs_sweep(int points) {
  SweepReportInput in;
  in.design = "lhs";
  in.replicates = 2;
  in.varied_keys = {"policy.supply.budget_multiplier", "policy.supply.allocation", "policy.supervision.telemedicine",
                    "policy.supervision.visits_per_month"};
  const Eigen::MatrixXd x = latin_samples(points, 2, 31);
  for (int i = 0; i < points; ++i) {
    SweepPointSummary p;
    p.parameters = {{in.varied_keys[0], std::to_string(0.5 + x(i, 0))},
                    {in.varied_keys[1], i % 2 ? "needs_based" : "fixed_basket"},
                    {in.varied_keys[2], "1"},
                    {in.varied_keys[3], std::to_string(4 * x(i, 1))}};
    const double refusal = 0.9 - 0.5 * x(i, 0) + 0.05 * noise(31, i);
    p.metrics.push_back({"refusal_rate", {refusal, 0.01, refusal - 0.01, refusal + 0.01, 2}});
    p.metrics.push_back({"deaths", {3, 0, 3, 3, 2}});  // the same at every point
    if (i != 0) {
      const double visits = 0.8 * x(i, 1);
      p.metrics.push_back({"supervision_visits_per_month_done", {visits, 0, visits, visits, 2}});
    }
    in.points.push_back(std::move(p));
  }
  return in;
}

TEST(SensitivityAnalysis, TakesNumericVariedKeysAndEveryVaryingMetric) {
  const SensitivityAnalysis sa = sensitivity_analysis(lhs_sweep(12));
  EXPECT_EQ(sa.parameters,
            (std::vector<std::string>{"policy.supply.budget_multiplier", "policy.supervision.visits_per_month"}));
  EXPECT_EQ(sa.left_out, (std::vector<std::pair<std::string, std::string>>{
                             {"policy.supply.allocation", "not numeric"},
                             {"policy.supervision.telemedicine", "one value"}}));
  EXPECT_EQ(sa.points_needed, 5);
  ASSERT_EQ(sa.indices.size(), 4u) << "deaths does not vary and is left out";
  EXPECT_EQ(sa.indices[0].metric, "refusal_rate");
  EXPECT_EQ(sa.indices[0].parameter, "policy.supply.budget_multiplier");
  EXPECT_EQ(sa.indices[0].points, 12);
  EXPECT_LT(sa.indices[0].prcc.r, -0.8);
  EXPECT_LT(sa.indices[0].prcc.ci_high, 0);
  EXPECT_EQ(sa.indices[1].parameter, "policy.supervision.visits_per_month");
  EXPECT_GT(sa.indices[1].prcc.p_value, 0.01);
  // A metric missing at one point is ranked over the points that have it.
  EXPECT_EQ(sa.indices[3].metric, "supervision_visits_per_month_done");
  EXPECT_EQ(sa.indices[3].points, 11);
  EXPECT_NEAR(sa.indices[3].prcc.r, 1.0, 1e-12);
  EXPECT_EQ(sa.indices[3].prcc.p_value, 0);

  // The size of the effect: refusal falls by 0.5 per unit of the multiplier, over the range sampled.
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& point : lhs_sweep(12).points) {
    const double v = std::stod(point.parameters[0].second);
    lo = std::min(lo, v), hi = std::max(hi, v);
  }
  EXPECT_NEAR(sa.indices[0].change_across_range, -0.5 * (hi - lo), 0.05);

  const std::string csv = sensitivity_csv(sa);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "parameter,metric,points,prcc,ci_low,ci_high,p_value,p_holm,change_across_range");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  EXPECT_EQ(csv, sensitivity_csv(sensitivity_analysis(lhs_sweep(12)))) << "deterministic";
}

TEST(SensitivityAnalysis, HolmAdjustsEveryPValueForHowManyWereLookedAt) {
  const SensitivityAnalysis sa = sensitivity_analysis(lhs_sweep(30));
  std::vector<const SensitivityIndex*> defined;
  for (const auto& i : sa.indices)
    if (i.prcc.defined) defined.push_back(&i);
  ASSERT_GE(defined.size(), 3u);
  std::sort(defined.begin(), defined.end(), [](auto* a, auto* b) { return a->prcc.p_value < b->prcc.p_value; });
  const double m = static_cast<double>(defined.size());
  // The smallest p is multiplied by the number of tests, the next by one fewer, and the adjusted values never fall.
  EXPECT_DOUBLE_EQ(defined[0]->p_holm, std::min(1.0, m * defined[0]->prcc.p_value));
  EXPECT_DOUBLE_EQ(defined[1]->p_holm,
                   std::max(defined[0]->p_holm, std::min(1.0, (m - 1) * defined[1]->prcc.p_value)));
  for (std::size_t k = 0; k < defined.size(); ++k) {
    EXPECT_GE(defined[k]->p_holm, defined[k]->prcc.p_value);
    EXPECT_LE(defined[k]->p_holm, 1.0);
    if (k > 0) {
      EXPECT_GE(defined[k]->p_holm, defined[k - 1]->p_holm);
    }
  }
  // A tiny but consistent effect: PRCC near 1 though the metric barely moves.
  EXPECT_NEAR(sa.indices[3].prcc.r, 1.0, 1e-12);
  // The metric is 0.8 × x1, and x1 spans most of [0, 1]: it changes by a little under 0.8 × 4 / 4 = 0.8.
  EXPECT_GT(sa.indices[3].change_across_range, 0.6);
  EXPECT_LT(sa.indices[3].change_across_range, 0.8);
}

TEST(SensitivityAnalysis, ReadsHexadecimalValuesAsScenariosDo) {
  SweepReportInput in = lhs_sweep(12);
  for (auto& point : in.points) {
    const double v = std::stod(point.parameters[3].second);
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", static_cast<unsigned>(std::lround(10 * v)));
    point.parameters[3].second = buf;
  }
  const SensitivityAnalysis sa = sensitivity_analysis(in);
  EXPECT_EQ(sa.parameters.size(), 2u) << "0x.. values are numbers";
  EXPECT_GT(sa.indices[3].prcc.r, 0.9);
}

TEST(SensitivityAnalysis, TooFewPointsGiveNoIndices) {
  const SensitivityAnalysis sa = sensitivity_analysis(lhs_sweep(4));
  EXPECT_EQ(sa.points, 4);
  EXPECT_EQ(sa.points_needed, 5);
  EXPECT_TRUE(sa.indices.empty());
  EXPECT_EQ(sensitivity_csv(sa), "parameter,metric,points,prcc,ci_low,ci_high,p_value,p_holm,change_across_range\n");
  EXPECT_TRUE(sensitivity_analysis(SweepReportInput{}).indices.empty());
}

}  // namespace
}  // namespace pasante::analysis
