// Statistics over replicate runs: mean, standard deviation and a 95%
// confidence interval per metric, and paired differences between two arms
// run under common random numbers.
#pragma once
#include <string>
#include <vector>

namespace pasante::analysis {

struct Estimate {
  double mean = 0, sd = 0, ci_low = 0, ci_high = 0;
  int n = 0;
};

// Student-t 95% interval for the mean of `values`.
Estimate estimate(const std::vector<double>& values);
// Paired differences variant[i] − base[i] (same seeds): mean and 95% CI.
Estimate paired_difference(const std::vector<double>& base, const std::vector<double>& variant);
// Pearson correlation of paired values base[i], variant[i]: how much of the
// arms' noise common random numbers share (pairing narrows the interval of
// the difference by about sqrt(1 − 2ρ σb σv / (σb² + σv²))). NaN with fewer
// than two pairs or when either arm does not vary.
double correlation(const std::vector<double>& base, const std::vector<double>& variant);
// The 97.5% quantile of Student's t with `dof` (> 0, possibly fractional)
// degrees of freedom: the half-width of a 95% interval in standard errors.
// NaN when dof ≤ 0. (Boost.Math.)
double t_quantile_975(double dof);
// Two-sided p-value of a t statistic with `dof` degrees of freedom.
double t_two_sided_p(double t, double dof);

}  // namespace pasante::analysis
