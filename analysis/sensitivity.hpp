// Global sensitivity of a sweep's metrics to the parameters it varies:
// partial rank correlation coefficients (PRCC; Marino, Hogue, Ray and
// Kirschner 2008, J. Theor. Biol. 254:178), the usual screen for which inputs
// of a stochastic model matter when they are sampled by a Latin hypercube.
//
// For a metric y and a varied parameter x_j, over the design points (each
// point's mean over its replicates): rank every column (ties get their
// average rank), take the residuals of rank(x_j) and of rank(y) after a
// least-squares fit on the other parameters' ranks (with an intercept), and
// correlate the two residuals. The result, in [-1, 1], is the monotone
// association of x_j with y once the other varied parameters are held fixed:
// how consistently y follows x_j, not how much it moves (a metric that barely
// varies can still follow a parameter closely), so each index also carries
// the change across the parameter's range from a linear fit.
// Its 95% interval comes from Fisher's z (standard error 1/sqrt(n − 3 − k)),
// its p-value from Student's t with n − 2 − k degrees of freedom, where n is
// the number of points and k = (parameters − 1) the number held fixed.
#pragma once
#include <string>
#include <vector>

#include <Eigen/Core>

#include "analysis/report.hpp"

namespace pasante::analysis {

// Ranks 1..n of `values`; tied values share the average of their ranks.
std::vector<double> average_ranks(const std::vector<double>& values);

struct PartialCorrelation {
  double r = 0, ci_low = 0, ci_high = 0, p_value = 1;
  int dof = 0;  // n − 2 − k
  bool defined = false;  // false: too few rows, or x_j or y is constant once the others are held fixed
};

// Partial correlation of y with column j of x (rows: samples), holding the
// other columns fixed (a least-squares fit with an intercept). Applied to
// ranks, it is the PRCC. Not defined when rows < columns + 3.
PartialCorrelation partial_correlation(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Eigen::Index j);

struct SensitivityIndex {
  std::string parameter, metric;
  int points = 0;  // design points with a value of the metric
  PartialCorrelation prcc;
  // Holm's adjustment of prcc.p_value over every defined index of the
  // analysis (so many intervals are looked at that some exclude zero by chance).
  double p_holm = 1;
  // The size of the effect, which PRCC is not: the slope of a linear fit of
  // the metric on every parameter's value, times the parameter's range, in
  // the metric's units (NaN when the fit is not defined).
  double change_across_range = 0;
};

struct SensitivityAnalysis {
  // Varied keys taken as inputs: numeric, with at least two distinct values.
  std::vector<std::string> parameters;
  // Varied keys left out, each with the reason ("not numeric", "one value").
  std::vector<std::pair<std::string, std::string>> left_out;
  // One per (metric, parameter), metrics in the sweep's order, parameters in
  // design order; metrics that take one value over the points are left out.
  std::vector<SensitivityIndex> indices;
  // Points needed for an interval: parameters + 3.
  int points_needed = 0;
  int points = 0;
};

// PRCC of every metric of `sweep` on its numeric varied parameters, over the
// points' means. Empty `indices` when there are too few points.
SensitivityAnalysis sensitivity_analysis(const SweepReportInput& sweep);

// sensitivity.csv: parameter,metric,points,prcc,ci_low,ci_high,p_value,p_holm,
// change_across_range (a row whose prcc is not defined has those cells empty).
std::string sensitivity_csv(const SensitivityAnalysis& analysis);

}  // namespace pasante::analysis
